"""Hypothesis: random legal play never breaks an invariant, and is deterministic."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.costs import costs
from game.core.engine import advance, new_game, state_hash
from game.core.legal import OrderError, legal, validate
from game.core.models import (
    CounterOrder,
    GameState,
    GrantOrder,
    OfferOrder,
    OfferTerms,
    Orders,
    RaiseOrder,
    Split,
)


@st.composite
def quarter_orders(draw, state: GameState, content) -> Orders:
    """Any legal orders for this state, built from the core's own list of legal actions."""
    lg = legal(state, content)
    money = lg.budget.discretionary
    orders = Orders()
    points = lg.outreach_points
    equity_left = lg.equity_pool
    if lg.offerable and draw(st.booleans()):
        picks = draw(st.lists(st.sampled_from(lg.offerable), max_size=3, unique=True))
        for rid in picks:
            r = state.researchers[rid]
            outreach = points > 0 and draw(st.booleans())
            points -= outreach
            equity = min(equity_left, draw(st.sampled_from([0.0, 0.0005, 0.002])))
            equity_left -= equity
            terms = OfferTerms(
                salary=lg.min_salary[r.tier] + draw(st.floats(0, 20)),
                bonus=draw(st.floats(0, 100)),
                equity=equity,
                outreach=outreach,
            )
            orders.offers.append(OfferOrder(researcher=rid, terms=terms))
    for aid in lg.approaches:
        if draw(st.booleans()):
            approach = next(a for a in state.approaches if a.id == aid)
            r = state.researchers[approach.researcher]
            outreach = points > 0 and draw(st.booleans())
            points -= outreach
            orders.counters.append(
                CounterOrder(
                    approach=aid,
                    terms=OfferTerms(
                        salary=r.salary * draw(st.floats(1, 2)),
                        bonus=draw(st.floats(0, 50)),
                        outreach=outreach,
                    ),
                )
            )
    if lg.own and draw(st.booleans()):
        rid = draw(st.sampled_from(lg.own))
        orders.raises.append(
            RaiseOrder(researcher=rid, salary=state.researchers[rid].salary * 1.2 + 0.01)
        )
    if lg.own and equity_left > 0.001 and draw(st.booleans()):
        orders.grants.append(GrantOrder(researcher=draw(st.sampled_from(lg.own)), equity=0.001))
    if lg.own and points > 0 and draw(st.booleans()):
        orders.outreach = draw(st.lists(st.sampled_from(lg.own), max_size=points, unique=True))
    orders.buy = draw(st.integers(0, min(lg.max_buy, 40)))
    orders.rent = draw(st.integers(0, min(lg.max_rent, 20)))
    orders.release = draw(st.sampled_from(lg.releases))
    c = costs(state, orders)
    open_spend = draw(st.floats(0, 1)) * max(0.0, money - c.gpus - c.offers) * 0.2
    orders.split = Split(gpus=c.gpus, offers=c.offers, open=open_spend)
    if validate(state, orders, content):  # too dear for this budget: keep the cheap parts
        orders.offers, orders.counters, orders.raises = [], [], []
        orders.buy = orders.rent = 0
        orders.split = Split()
    return orders


def _floats(obj, path="state"):
    if isinstance(obj, float):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _floats(v, f"{path}.{k}")
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            yield from _floats(v, f"{path}[{i}]")


def check_invariants(before: GameState, after: GameState, report) -> None:
    # every researcher in at most one lab, and that lab exists
    for rid, r in after.researchers.items():
        assert r.id == rid
        assert r.lab is None or r.lab in after.labs
        assert r.salary >= 0 and all(g.share >= 0 for g in r.grants)
        assert 0 <= r.loyalty <= 1 and 0 <= r.morale <= 1
    for lab in after.labs.values():
        assert lab.compute_owned >= 0 and lab.compute_on_order >= 0 and lab.compute_rented >= 0
        assert lab.headcount >= 0 and lab.equity_pool >= -1e-12 and lab.ecosystem >= 0
    for a in after.approaches:
        assert a.researcher in after.researchers and a.lab in after.labs
    # no NaN or infinity anywhere
    for path, x in _floats(after.model_dump()):
        assert math.isfinite(x), path
    # cash accounted for, quarter by quarter
    m = report.money
    cash_before = before.labs[before.player].cash
    cash_after = after.labs[after.player].cash
    assert report.cash_before == pytest.approx(cash_before)
    assert cash_after - cash_before == pytest.approx(m.income - m.spending, abs=1e-6)
    assert after.quarter == before.quarter + 1


@given(
    data=st.data(),
    seed=st.integers(0, 10**6),
    difficulty=st.sampled_from(["easy", "normal", "hard"]),
)
def test_random_legal_games_keep_every_invariant(content, data, seed, difficulty):
    state = new_game(content, "summer-2025", seed, difficulty)
    while state.outcome is None:
        orders = data.draw(quarter_orders(state, content))
        assert validate(state, orders, content) == []
        frozen = state.model_dump_json()
        new, report = advance(state, orders, content)
        assert state.model_dump_json() == frozen, "advance changed the state it was given"
        check_invariants(state, new, report)
        state = new


@given(data=st.data(), seed=st.integers(0, 10**6))
def test_same_seed_and_orders_give_the_same_game(content, data, seed):
    state = new_game(content, "garage-2025", seed, "normal")
    log = []
    for _ in range(6):
        if state.outcome is not None:
            break
        orders = data.draw(quarter_orders(state, content))
        log.append(orders)
        state, _ = advance(state, orders, content)
    replay = new_game(content, "garage-2025", seed, "normal")
    for i, orders in enumerate(log):
        replay, _ = advance(replay, orders, content)
        assert replay.log[-1].state_hash == state.log[i].state_hash
    assert state_hash(replay) == state_hash(state)
    assert replay.model_dump_json() == state.model_dump_json()


@given(seed=st.integers(0, 10**6), extra=st.floats(1, 1e6), which=st.integers(0, 3))
def test_illegal_orders_change_nothing(content, seed, extra, which):
    state = new_game(content, "summer-2025", seed, "normal")
    lg = legal(state, content)
    before = state.model_dump_json()
    if which == 0:
        orders = Orders(split=Split(gpus=lg.budget.discretionary + extra))
    elif which == 1:
        orders = Orders(
            buy=lg.max_buy + 1 + int(extra) % 50, split=Split(gpus=lg.budget.discretionary)
        )
    elif which == 2:
        orders = Orders(
            offers=[OfferOrder(researcher=lg.own[0], terms=OfferTerms(salary=extra))],
            split=Split(offers=min(extra * 2, lg.budget.discretionary)),
        )
    else:
        orders = Orders(outreach=lg.own[: lg.outreach_points + 1])
    with pytest.raises(OrderError):
        advance(state, orders, content)
    assert state.model_dump_json() == before
