"""The three roads: the bots that play each, the API market's answer to an older model opened,
and the standings the dashboard shows (who is nearest to winning each road)."""

from __future__ import annotations

import math

import pytest

from game.bots import POLICIES, ROADS, pick_road, play_quarter
from game.core import advice
from game.core.engine import new_game
from game.core.legal import validate
from game.core.models import GameState
from game.core.openweights import api_weight


def _lead(state: GameState, by: float) -> None:
    """Put the player's closed model `by` points above every rival, a generation past its
    previous one, with the open frontier closing in on the rivals (as it does in play) and the
    trust a few releases earn."""
    lab = state.player_lab
    top = max(o.capability for o in state.labs.values() if not o.player)
    lab.capability = top + by
    lab.previous_model = top + by - 4.0
    lab.open_release = 0.0
    lab.reputation = 85.0
    state.open_frontier = top - 2.0


def test_opening_an_older_model_while_ahead_takes_api_share_from_the_closed_rivals(content):
    state = new_game(content, "summer-2025", 1, "normal")
    _lead(state, 6.0)
    keep = advice.release_preview(state, content, "keep").api_share
    previous = advice.release_preview(state, content, "previous").api_share
    current = advice.release_preview(state, content, "current").api_share
    assert previous > keep > current
    assert previous > content.balance.victory.market_share  # the moat's move wins the market


def test_a_release_preview_share_is_what_the_market_then_pays(content):
    """With the rivals held still (no research, no rival orders), the share the preview promises
    is the share of revenue the quarter pays."""
    state = new_game(content, "summer-2025", 1, "normal")
    _lead(state, 6.0)
    promised = advice.release_preview(state, content, "previous").api_share
    lab = state.player_lab
    opened = lab.model_copy(update={"open_release": lab.previous_model})

    econ = content.balance.economy
    frontier = max(state.open_frontier, lab.previous_model)
    weights = [
        api_weight(o, frontier, econ, content.balance.open)
        for o in state.labs.values()
        if not o.player
    ]
    mine = api_weight(opened, frontier, econ, content.balance.open)
    assert promised == pytest.approx(mine / (mine + math.fsum(weights)))


def _orders(content, policy: str, seed: int, quarters: int = 8):
    state = new_game(content, "summer-2025", seed, "normal")
    out = []
    for _ in range(quarters):
        if state.outcome is not None:
            break
        orders = POLICIES[policy](state, content)
        assert validate(state, orders, content) == []
        out.append((state, orders))
        state, _ = play_quarter(state, content, POLICIES[policy])
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_each_road_bot_plays_its_road(content, seed):
    for _state, orders in _orders(content, "moat", seed):
        assert orders.release != "current"  # the frontier model stays closed
        assert orders.split.open == 0
    for state, orders in _orders(content, "race", seed):
        assert orders.release == "keep" and orders.split.open == 0
        assert all(state.researchers[o.researcher].tier != "senior" for o in orders.offers)
    opened = [orders.release for _, orders in _orders(content, "ram", seed)]
    assert "current" in opened
    assert all(orders.split.open > 0 for _, orders in _orders(content, "ram", seed))


def test_adaptive_picks_each_road_somewhere(content):
    c = content
    picked = set()
    for seed in range(12):
        state = new_game(c, "summer-2025", seed, "normal")
        while state.outcome is None and state.quarter < 16:
            road = pick_road(state, c)
            picked.add(road)
            state, _ = play_quarter(state, c, ROADS[road])
    assert picked == {"moat", "ram", "race"}


def test_standings_name_the_rival_about_to_win_a_streak_road(content):
    """Whenever a rival wins by a streak, the quarter before the standings named it as the
    nearest rival on that road, one quarter short."""
    c = content
    need = c.balance.victory.streak_quarters
    seen = 0
    for seed in range(10):
        state = new_game(c, "summer-2025", seed, "normal")
        while state.outcome is None:
            before = advice.road_standings(state, c)
            state, _ = play_quarter(state, c, POLICIES["idle"])
        o = state.outcome
        if o.road in ("market", "ecosystem") and o.winner != state.player:
            row = next(r for r in before if r.road == o.road)
            assert row.rival == o.winner
            assert row.rival_streak == need - 1
            seen += 1
    assert seen >= 2


def test_standings_follow_the_outcomes_counts(content):
    state = new_game(content, "summer-2025", 3, "normal")
    for _ in range(3):
        state, _ = play_quarter(state, content, POLICIES["moat"])
    rows = {r.road: r for r in advice.road_standings(state, content)}
    lab = state.player_lab
    assert rows["superintelligence"].mine == lab.capability
    assert rows["superintelligence"].goal == content.balance.victory.superintelligence
    assert rows["market"].my_streak == lab.market_streak
    assert rows["ecosystem"].my_streak == lab.eco_streak
    assert rows["market"].mine == pytest.approx(advice.revenue_shares(state)[lab.id])
    rivals = [o for o in state.labs.values() if not o.player and not o.bankrupt]
    assert rows["superintelligence"].rival_value == max(o.capability for o in rivals)
