"""World relations the balance rests on: research luck, funding, the moat of an opened model,
ecosystem spend that needs a good open model, and what leaving really costs."""

from __future__ import annotations

import statistics
from dataclasses import replace

import pytest

from game.core.config import Content
from game.core.engine import advance, new_game
from game.core.market import appeals, offer_option, stay_option
from game.core.models import EquityGrant, OfferTerms, Orders, Split
from tests.helpers import tuned


@pytest.fixture
def quiet(content: Content) -> Content:
    """No rival playbooks and no events: only the world's own relations move the state."""
    return replace(content, playbooks={}, events={})


def _gains(content: Content, seed: int) -> dict[str, float]:
    state = new_game(content, "summer-2025", seed, "normal")
    after, _ = advance(state, Orders(), content)
    return {lab: after.labs[lab].capability - state.labs[lab].capability for lab in state.labs}


def test_research_luck_is_seeded_per_lab_and_averages_out(quiet):
    steady = tuned(quiet, research={"luck": 0.0})
    assert _gains(steady, 1) == _gains(steady, 2)  # no luck: the seed changes nothing

    lucky = tuned(quiet, research={"luck": 0.3})
    assert _gains(lucky, 1) == _gains(lucky, 1)  # same seed, same breakthroughs
    assert _gains(lucky, 1) != _gains(lucky, 2)

    base = _gains(steady, 1)["meridian"]
    draws = [_gains(lucky, seed)["meridian"] for seed in range(300)]
    assert statistics.mean(draws) == pytest.approx(base, rel=0.05)  # luck has mean one
    assert statistics.pstdev(draws) > 0.15 * base


def test_a_lab_that_spends_to_grow_raises_a_round(quiet):
    state = new_game(quiet, "summer-2025", 3, "normal")
    lab = state.player_lab
    lab.cash = 2000.0  # far below what one round (a share of the valuation) would bring
    after, report = advance(state, Orders(split=Split(open=1500.0)), quiet)
    round_size = quiet.balance.economy.funding_round_share
    assert report.money.funding > 0
    assert report.money.funding == pytest.approx(round_size * after.player_lab.valuation, rel=0.5)

    rich = new_game(quiet, "summer-2025", 3, "normal")
    rich.player_lab.cash = rich.player_lab.valuation  # a year of runway many times over
    _, report = advance(rich, Orders(), quiet)
    assert report.money.funding == 0


def test_opening_the_current_model_gives_up_its_api_revenue(quiet):
    state = new_game(quiet, "summer-2025", 3, "normal")
    lab = state.player_lab
    lab.capability = state.open_frontier + 30  # a real moat
    kept, _ = advance(state, Orders(), quiet)
    opened, report = advance(state, Orders(release="current"), quiet)
    assert report.released == "current"
    assert opened.player_lab.revenue < 0.5 * kept.player_lab.revenue
    assert opened.player_lab.ecosystem > kept.player_lab.ecosystem


def test_ecosystem_spend_needs_a_good_open_model(quiet):
    def gain_from_spend(open_release: float) -> float:
        state = new_game(quiet, "summer-2025", 3, "normal")
        state.player_lab.open_release = open_release
        state.player_lab.releases = [0] if open_release else []
        spent, _ = advance(state, Orders(split=Split(open=1000.0)), quiet)
        idle, _ = advance(state, Orders(), quiet)
        return spent.player_lab.ecosystem - idle.player_lab.ecosystem

    frontier = new_game(quiet, "summer-2025", 3, "normal").open_frontier
    nothing_open = gain_from_spend(0.0)
    at_frontier = gain_from_spend(frontier)
    assert 0 < nothing_open < at_frontier  # grants amplify a good model, never replace it
    assert at_frontier == pytest.approx(1000.0 * quiet.balance.open.ecosystem_per_spend)


def test_leaving_forfeits_unvested_equity_once(quiet):
    """Unvested equity is in staying's pay; the offer is not charged for it a second time."""
    state = new_game(quiet, "summer-2025", 1, "normal")
    bal = quiet.balance
    r = next(x for x in state.researchers.values() if x.lab == "meridian" and x.tier == "star")
    terms = OfferTerms(salary=r.salary * 2, bonus=20.0)
    app = appeals(state, quiet)
    r.grants = []
    offer_free = offer_option(r, app[state.player], terms, bal)
    stay_free = stay_option(r, app[r.lab], bal)
    r.grants = [EquityGrant(share=0.002, quarters_left=12)]
    offer_tied = offer_option(r, app[state.player], terms, bal)
    stay_tied = stay_option(r, app[r.lab], bal)
    assert offer_tied.parts["money"] == offer_free.parts["money"]
    assert stay_tied.parts["money"] > stay_free.parts["money"]


def test_grant_reach_grows_with_the_open_model(content):
    from game.core.openweights import grant_reach

    op = content.balance.open
    frontier = 120.0
    levels = [0.0, frontier - 2 * op.pull_window, frontier - op.pull_window, frontier - 3, frontier]
    reach = [grant_reach(level, frontier, op) for level in levels]
    assert reach[0] == reach[1] == reach[2] == pytest.approx(op.spend_floor)
    assert reach[2] < reach[3] < reach[4] == pytest.approx(1.0)
