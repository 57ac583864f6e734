"""The core's fast paths agree with the plain ones they replace."""

from __future__ import annotations

import pytest

from bench.scale import with_scale
from game.bots import POLICIES, play
from game.core import quarter
from game.core.costs import fixed_costs, payrolls
from game.core.engine import advance, copy_state, new_game
from game.core.market import Bid, appeals
from game.core.models import EquityGrant, Orders
from game.core.numbers import finite
from game.core.phases import rivals
from game.core.phases.people import appeal_figures, morale_target
from game.core.views import RuleViews


def _some_state(content):
    state = new_game(content, "summer-2025", 4, "normal")
    for _ in range(3):
        state, _ = advance(state, Orders(), content)
    return state


def test_copy_state_is_independent(content) -> None:
    state = _some_state(content)
    before = state.model_dump_json()
    new = copy_state(state)
    assert new.model_dump_json() == before
    for rid, r in new.researchers.items():
        r.morale = 0.5
        r.concern["x"] = 1
        assert all(a is b for a, b in zip(r.grants, state.researchers[rid].grants, strict=True))
        r.grants.append(EquityGrant(share=0.001, quarters_left=4))  # grants are shared values
    for lab in new.labs.values():
        lab.releases.append(99)
    assert state.model_dump_json() == before


def test_payrolls_match_fixed_costs(content) -> None:
    state = _some_state(content)
    pay = payrolls(state)
    for lab in state.labs.values():
        assert fixed_costs(state, lab, content, pay[lab.id]) == fixed_costs(state, lab, content)


def test_morale_target_with_figures(content) -> None:
    state = _some_state(content)
    app = appeals(state, content)
    figures = appeal_figures(app)
    for r in state.researchers.values():
        if r.lab is not None:
            bal = content.balance
            assert morale_target(r, app, bal, figures) == morale_target(r, app, bal)


# -- rivals: the filtered pick against the plain per-target loop it replaced --------------------
def _reference_pick(rule, me, world, pool, lab, limit_scale):
    when = rule.when
    chosen = []
    for r, tv in pool:
        tv.concern = r.concern.get(lab.id, 0)
        if when(me, tv, world):
            chosen.append((finite(rule.params["score"].fn(me, tv, world)), r.id, r, tv))
    if not chosen:
        return []
    limit = round(finite(rule.params["max_targets"].fn(me, None, world)) * limit_scale)
    chosen.sort(key=lambda x: (-x[0], x[1]))
    return [(r, tv) for _, _, r, tv in chosen[: max(0, limit)]]


def _reference_rival_orders(s, res) -> None:
    """rivals.rival_orders as it was: every target rule sets concern on and calls its
    condition for every researcher of its pool."""
    ctx = RuleViews(s, res.content, res.appeal)
    res.views = ctx
    world = ctx.world
    by_lab: dict = {}
    free = []
    for rid in sorted(s.researchers):
        r = s.researchers[rid]
        pair = (r, ctx.targets[rid])
        if r.lab is None:
            free.append(pair)
        else:
            by_lab.setdefault(r.lab, []).append(pair)
    bal = res.bal
    for lab in quarter.live_labs(s):
        if lab.player or lab.playbook is None:
            continue
        book = res.content.playbooks.get(lab.playbook)
        if book is None:
            continue
        me = ctx.labs[lab.id]
        done: set[str] = set()
        targeted: set[str] = set()
        others = None
        for rule in book.rules:
            action = rule.action
            if action in rivals.LAB_ACTIONS:
                if action in done or not rule.when.fn(me, None, world):
                    continue
                done.add(action)
                rivals._lab_action(s, res, lab, me, rule, world)
                continue
            if action == "counter":
                continue
            if action == "poach":
                if others is None:
                    others = [
                        pair
                        for other, pairs in sorted(by_lab.items())
                        if other != lab.id and not s.labs[other].bankrupt
                        for pair in pairs
                    ]
                pool, scale = others, me.aggression
            elif action == "hire":
                pool, scale = free, 1.0
            else:
                pool, scale = by_lab.get(lab.id, []), 1.0
            if targeted:
                pool = [pair for pair in pool if pair[0].id not in targeted]
            for r, tv in _reference_pick(rule, me, world, pool, lab, scale):
                targeted.add(r.id)
                if action == "retain":
                    raise_ = max(0.0, finite(rule.params["salary_raise"].fn(me, tv, world)))
                    equity = min(
                        max(0.0, finite(rule.params["equity"].fn(me, tv, world))),
                        bal.talent.max_equity_offer,
                        lab.equity_pool,
                    )
                    r.salary += raise_
                    if equity > 0:
                        r.grants.append(
                            EquityGrant(share=equity, quarters_left=int(bal.talent.vest_quarters))
                        )
                        lab.equity_pool -= equity
                    r.morale = min(1.0, r.morale + 0.05)
                    continue
                terms = rivals._terms(s, res, lab, r, rule, me, tv, world)
                if action == "hire":
                    res.bids[r.id].append(Bid(lab.id, terms, "hire"))
                else:
                    rivals.rumour(s, res, lab, r, terms)


def _rivals_outcome(state, content, impl):
    st = copy_state(state)
    res = quarter.start(st, Orders(), content)
    impl(st, res)
    assert res.views is not None
    return (
        st.model_dump_json(),
        {rid: tv.concern for rid, tv in res.views.targets.items()},
        {rid: [(b.lab, b.terms, b.kind) for b in bids] for rid, bids in res.bids.items()},
        sorted(res.interest),
    )


@pytest.mark.parametrize("scale", [False, True])
def test_rival_orders_match_the_plain_loop(content, scale: bool) -> None:
    """Same orders, same state and the same `target.concern` left on every view (counter rules
    read the views later), quarter after quarter of games with rumours and approaches."""
    if scale:
        content, sid = with_scale(content, labs=12, researchers=600)
    else:
        sid = "summer-2025"
    concerned = 0
    for seed in (1, 2):
        state = new_game(content, sid, seed, "hard")
        for _ in range(8):
            if state.outcome is not None:
                break
            ours = _rivals_outcome(state, content, rivals.rival_orders)
            assert ours == _rivals_outcome(state, content, _reference_rival_orders)
            concerned += sum(1 for c in ours[1].values() if c)
            state, _ = advance(state, play(state, content, POLICIES["balanced"]), content)
    assert concerned > 0  # the comparison did see views with a concern


def test_state_hash_is_the_hash_of_model_dump_json(content) -> None:
    import hashlib

    from game.core.engine import state_hash

    state = new_game(content, "garage-2025", 3, "hard")
    for _ in range(6):
        data = state.model_dump_json(exclude={"log", "daily"}).encode()
        assert state_hash(state) == hashlib.sha256(data).hexdigest()[:16]
        if state.outcome is not None:
            break
        state, _ = advance(state, play(state, content, POLICIES["offers"]), content)
