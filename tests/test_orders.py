"""Illegal orders are refused with typed refusals (a stable code, the lever, the text), and
nothing changes."""

from __future__ import annotations

import pytest

from game.core.costs import costs
from game.core.engine import advance, new_game, state_hash
from game.core.legal import BUDGET_CODES, OrderError, Refusal, legal, validate
from game.core.models import (
    CounterOrder,
    GrantOrder,
    OfferOrder,
    OfferTerms,
    Orders,
    RaiseOrder,
    Split,
)


@pytest.fixture
def state(content):
    return new_game(content, "summer-2025", 7, "normal")


def _refused(state, content, orders, code, lever, needle):
    before = state_hash(state)
    refusals = validate(state, orders, content)
    assert all(isinstance(r, Refusal) for r in refusals)
    found = [r for r in refusals if r.code == code]
    assert found, refusals
    assert found[0].lever == lever and needle in found[0].text and str(found[0]) == found[0].text
    with pytest.raises(OrderError) as err:
        advance(state, orders, content)
    assert err.value.refusals == refusals
    assert err.value.reasons == [r.text for r in refusals]
    assert state_hash(state) == before


def test_overspending_the_budget(state, content):
    lg = legal(state, content)
    _refused(
        state,
        content,
        Orders(split=Split(open=lg.budget.discretionary + 1)),
        "split_over_budget",
        "split",
        "available",
    )


def test_gpus_beyond_their_envelope(state, content):
    _refused(
        state,
        content,
        Orders(split=Split(gpus=10), buy=5),
        "gpus_over_budget",
        "gpus",
        "GPU budget",
    )


def test_offer_to_own_staff(state, content):
    own = legal(state, content).own[0]
    terms = OfferTerms(salary=50)
    orders = Orders(split=Split(offers=60), offers=[OfferOrder(researcher=own, terms=terms)])
    _refused(state, content, orders, "offer_to_own_staff", "offers", "already works for you")


def test_unknown_ids(state, content):
    terms = OfferTerms(salary=5)
    orders = Orders(split=Split(offers=10), offers=[OfferOrder(researcher="nobody", terms=terms)])
    _refused(state, content, orders, "unknown_researcher", "offers", "no researcher")
    _refused(
        state,
        content,
        Orders(raises=[RaiseOrder(researcher="nobody", salary=9)]),
        "not_own_staff",
        "offers",
        "not on your staff",
    )
    counter = CounterOrder(approach="a999", terms=OfferTerms(salary=1))
    _refused(
        state, content, Orders(counters=[counter]), "unknown_approach", "offers", "no open approach"
    )


def test_outreach_points_over_the_limit(state, content):
    lg = legal(state, content)
    own = lg.own[: lg.outreach_points + 1]
    _refused(
        state, content, Orders(outreach=own), "outreach_over_points", "outreach", "outreach points"
    )


def test_outreach_to_someone_elses_staff(state, content):
    other = legal(state, content).offerable[0]
    _refused(
        state,
        content,
        Orders(outreach=[other]),
        "outreach_not_own_staff",
        "outreach",
        "your own staff",
    )


def test_equity_beyond_the_pool(state, content):
    own = legal(state, content).own
    grants = [GrantOrder(researcher=rid, equity=0.02) for rid in own[:5]]
    _refused(state, content, Orders(grants=grants), "equity_over_pool", "offers", "equity pool")


def test_offer_below_the_tier_floor(state, content):
    lg = legal(state, content)
    rid = next(r for r in lg.offerable if state.researchers[r].tier == "superstar")
    orders = Orders(
        split=Split(offers=1), offers=[OfferOrder(researcher=rid, terms=OfferTerms(salary=0.5))]
    )
    _refused(state, content, orders, "salary_below_minimum", "offers", "will not consider")


def test_legal_orders_pass_and_costs_add_up(state, content):
    lg = legal(state, content)
    rid = lg.offerable[0]
    terms = OfferTerms(salary=lg.min_salary[state.researchers[rid].tier] + 1, bonus=3)
    orders = Orders(buy=2, rent=1, offers=[OfferOrder(researcher=rid, terms=terms)])
    c = costs(state, orders)
    orders.split = Split(gpus=c.gpus, offers=c.offers, open=4)
    assert validate(state, orders, content) == []
    assert c.gpus == pytest.approx(2 * state.gpu_price + state.rent_price)
    assert c.offers == pytest.approx(terms.salary + terms.bonus)


def test_nothing_is_legal_after_the_game_ends(state, content):
    from game.core.models import Outcome

    state.outcome = Outcome(
        result="lost", road=None, cause="bankruptcy", winner=None, quarter=1, text="over"
    )
    assert validate(state, Orders(), content) == [Refusal("game_over", "game", "the game is over")]


def test_budget_refusals_are_the_ones_a_bigger_budget_lifts(state, content):
    """The screens treat these as warnings: raising the lever's budget lifts them."""
    lg = legal(state, content)
    rid = lg.offerable[0]
    terms = OfferTerms(salary=lg.min_salary[state.researchers[rid].tier] + 1)
    orders = Orders(buy=2, offers=[OfferOrder(researcher=rid, terms=terms)])
    refused = validate(state, orders, content)
    assert {r.code for r in refused} == {"gpus_over_budget", "offers_over_budget"}
    assert all(r.budget for r in refused)
    c = costs(state, orders)
    orders.split = Split(gpus=c.gpus, offers=c.offers)
    assert validate(state, orders, content) == []
    assert set(BUDGET_CODES) == {"split_over_budget", "gpus_over_budget", "offers_over_budget"}
    assert not Refusal("duplicate_offer", "offers", "x").budget
