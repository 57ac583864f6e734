"""Illegal orders are refused with a reason, and nothing changes."""

from __future__ import annotations

import pytest

from game.core.costs import costs
from game.core.engine import advance, new_game, state_hash
from game.core.legal import OrderError, legal, validate
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


def _refused(state, content, orders, needle):
    before = state_hash(state)
    reasons = validate(state, orders, content)
    assert any(needle in r for r in reasons), reasons
    with pytest.raises(OrderError) as err:
        advance(state, orders, content)
    assert any(needle in r for r in err.value.reasons)
    assert state_hash(state) == before


def test_overspending_the_budget(state, content):
    lg = legal(state, content)
    _refused(state, content, Orders(split=Split(open=lg.budget.discretionary + 1)), "available")


def test_gpus_beyond_their_envelope(state, content):
    _refused(state, content, Orders(split=Split(gpus=10), buy=5), "GPU budget")


def test_offer_to_own_staff(state, content):
    own = legal(state, content).own[0]
    terms = OfferTerms(salary=50)
    orders = Orders(split=Split(offers=60), offers=[OfferOrder(researcher=own, terms=terms)])
    _refused(state, content, orders, "already works for you")


def test_unknown_ids(state, content):
    terms = OfferTerms(salary=5)
    orders = Orders(split=Split(offers=10), offers=[OfferOrder(researcher="nobody", terms=terms)])
    _refused(state, content, orders, "no researcher")
    _refused(
        state,
        content,
        Orders(raises=[RaiseOrder(researcher="nobody", salary=9)]),
        "not on your staff",
    )
    counter = CounterOrder(approach="a999", terms=OfferTerms(salary=1))
    _refused(state, content, Orders(counters=[counter]), "no open approach")


def test_outreach_points_over_the_limit(state, content):
    lg = legal(state, content)
    own = lg.own[: lg.outreach_points + 1]
    _refused(state, content, Orders(outreach=own), "outreach points")


def test_outreach_to_someone_elses_staff(state, content):
    other = legal(state, content).offerable[0]
    _refused(state, content, Orders(outreach=[other]), "your own staff")


def test_equity_beyond_the_pool(state, content):
    own = legal(state, content).own
    grants = [GrantOrder(researcher=rid, equity=0.02) for rid in own[:5]]
    _refused(state, content, Orders(grants=grants), "equity pool")


def test_offer_below_the_tier_floor(state, content):
    lg = legal(state, content)
    rid = next(r for r in lg.offerable if state.researchers[r].tier == "superstar")
    orders = Orders(
        split=Split(offers=1), offers=[OfferOrder(researcher=rid, terms=OfferTerms(salary=0.5))]
    )
    _refused(state, content, orders, "will not consider")


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
    assert validate(state, Orders(), content) == ["the game is over"]
