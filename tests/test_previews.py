"""Previews before commitment (issue 16): ecosystem spend, GPU arrival and the funding
schedule, each checked against what the quarter then does."""

from __future__ import annotations

from game.core import advice
from game.core.engine import advance, new_game
from game.core.models import Orders, Split


def _start(content):
    return new_game(content, "summer-2025", 2025, "normal")


def test_ecosystem_preview_is_what_the_spend_brings(content) -> None:
    """The same quarter with and without the spend: the difference is inside the preview's
    range (rivals released this quarter, so it is below the expected figure)."""
    state = _start(content)
    for which in ("keep", "current"):
        p = advice.ecosystem_preview(state, content, 1000.0, which)
        assert p.low <= p.expected
        spent, _ = advance(state, Orders(split=Split(open=1000.0), release=which), content)
        saved, _ = advance(state, Orders(release=which), content)
        gained = spent.player_lab.ecosystem - saved.player_lab.ecosystem
        assert p.low - 1e-6 <= gained <= p.expected + 1e-6, (which, p, gained)
        if which == "keep":
            assert abs(gained - p.expected) < 1e-6  # closed: the floor, whatever rivals do


def test_the_same_billion_brings_more_for_an_open_model_near_the_frontier(content) -> None:
    """Why $1B gave +146k once and +43k another time: how near the open model is."""
    state = _start(content)
    closed = advice.ecosystem_preview(state, content, 1000.0, "keep")
    opened = advice.ecosystem_preview(state, content, 1000.0, "current")
    assert closed.closed and closed.reach == content.balance.open.spend_floor
    assert opened.reach > 3 * closed.reach and opened.expected > 3 * closed.expected
    assert opened.behind < content.balance.open.pull_window


def test_gpus_arrive_as_the_quarter_resolves(content) -> None:
    state = _start(content)
    g = advice.gpu_arrival(state, 10)
    assert g.quarter == state.quarter
    after, report = advance(state, Orders(buy=10, split=Split(gpus=10 * state.gpu_price)), content)
    assert after.player_lab.compute_owned == g.owned_after
    assert report.compute.delivered == 10


def test_funding_round_comes_when_the_outlook_says(content) -> None:
    state = _start(content)
    lab = state.player_lab
    assert not advice.funding_outlook(state, content, Orders()).due  # $6B is a long runway
    lab.cash = 300.0  # under what a round brings
    f = advice.funding_outlook(state, content, Orders())
    assert f.due and f.earliest == state.quarter
    after, report = advance(state, Orders(), content)
    assert report.money.funding > 0
    # the next can come only after the cooldown, and the outlook says so
    after.player_lab.cash = 300.0
    f2 = advice.funding_outlook(after, content, Orders())
    assert not f2.due
    assert f2.earliest == state.quarter + content.balance.economy.funding_round_cooldown
    after2, report2 = advance(after, Orders(), content)
    assert report2.money.funding == 0.0 or after2.player_lab.emergency_rounds > 0


def test_open_model_prices_follow_each_labs_nearness(content) -> None:
    """Rival revenues were once all the same figure: with every lab at or below the open
    frontier, each still earns by how near its model is to the frontier."""
    state = _start(content)
    state.open_frontier = max(lab.capability for lab in state.labs.values()) + 1.0
    after, _ = advance(state, Orders(), content)
    revenues = {round(lab.revenue, 3) for lab in after.labs.values() if not lab.bankrupt}
    assert len(revenues) > 2


def _ended(content, quarters: int = 6):
    from game.bots import POLICIES, play

    state = _start(content)
    for _ in range(quarters):
        state, _ = advance(state, play(state, content, POLICIES["idle"]), content)
    return state


def test_costliest_departures_weigh_tier_and_skill(content) -> None:
    from game.core.models import Move

    state = _ended(content, 2)
    mine = [r for r in state.researchers.values() if r.lab == state.player]
    rep = state.reports[-1]
    for r in mine[:4]:
        rep.moves.append(
            Move(
                researcher=r.id,
                name=r.name,
                tier=r.tier,
                kind="left",
                from_lab=state.player,
                to_lab=None,
                reason="money",
                quarter=rep.quarter,
            )
        )
    gone = advice.costliest_departures(state, content)
    assert len(gone) == 3
    tiers = content.balance.tiers
    cost = sorted((tiers[r.tier].weight * r.skill / 100 for r in mine[:4]), reverse=True)
    assert [round(d.cost, 9) for d in gone] == [round(c, 9) for c in cost[:3]]
    assert all(d.move.reason == "money" for d in gone)


def test_turning_point_is_the_biggest_swing_the_way_the_game_went(content) -> None:
    from game.core.models import Outcome

    state = _ended(content, 5)
    assert advice.turning_point(state, content) is None  # not over yet
    rival = "meridian"
    state.outcome = Outcome(
        result="lost", road="superintelligence", winner=rival, quarter=5, text="x"
    )
    tp = advice.turning_point(state, content)
    assert tp is not None and tp.rival == rival and tp.road == "superintelligence"
    me, them = state.history[state.player], state.history[rival]
    leads = [a.capability - b.capability for a, b in zip(me, them, strict=False)]
    drops = [leads[i] - leads[i - 1] for i in range(1, len(leads))]
    worst = drops.index(min(drops))
    assert tp.quarter == me[worst].quarter
    assert tp.after - tp.before == min(drops)
