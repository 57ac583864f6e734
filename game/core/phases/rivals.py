"""Rivals' orders: rival labs decide only through their playbooks' rules (game.rules).

Lab-wide actions (buy, rent, release, ecosystem, raises) fire once each: the first rule of that
action, by priority, whose condition holds. Target actions (poach, hire, retain) rank the
researchers their condition admits by `score` and take the best `max_targets`; a poach first
shows as a rumour, then as an approach with a deadline. Counter rules answer once the quarter's
offers are known (the talent phase).
"""

from __future__ import annotations

import heapq
from typing import Any

from game.core.market import Bid
from game.core.models import Approach, EquityGrant, GameState, Lab, OfferTerms, Researcher
from game.core.numbers import finite
from game.core.openweights import release
from game.core.quarter import Quarter, lab_name, live_labs, new_id
from game.core.views import LabView, ResearcherView, RuleViews

LAB_ACTIONS = (
    "buy_gpus",
    "rent_gpus",
    "ecosystem",
    "release_current",
    "release_previous",
    "raise_all",
)


def _terms(
    state: GameState,
    ctx: Quarter,
    lab: Lab,
    r: Researcher,
    rule: Any,
    me: LabView,
    tv: ResearcherView,
    world: Any,
) -> OfferTerms:
    p = rule.params
    bal = ctx.bal
    salary = max(bal.tiers[r.tier].min_salary, finite(p["salary"].fn(me, tv, world)))
    equity = min(
        max(0.0, finite(p["equity"].fn(me, tv, world))) if "equity" in p else 0.0,
        bal.talent.max_equity_offer,
        lab.equity_pool,
    )
    return OfferTerms(
        salary=salary,
        bonus=max(0.0, finite(p["bonus"].fn(me, tv, world))) if "bonus" in p else 0.0,
        equity=equity,
        outreach=bool(p["outreach"].fn(me, tv, world)) if "outreach" in p else False,
    )


Pair = tuple[Researcher, ResearcherView]


def _pick(
    rule: Any,
    me: LabView,
    world: Any,
    groups: list[list[Pair]],
    limit_scale: float,
    targeted: set[str],
) -> list[Pair]:
    """The best `max_targets` (x `limit_scale`) researchers of `groups` (in order) that the rule
    admits, by score, leaving out the ones already `targeted` by this lab this quarter."""
    score = rule.params["score"].fn
    chosen = []
    for group in groups:
        for r, tv in rule.when.filter(me, group, world):
            if r.id not in targeted:
                chosen.append((finite(score(me, tv, world)), r.id, r, tv))
    if not chosen:
        return []
    limit = round(finite(rule.params["max_targets"].fn(me, None, world)) * limit_scale)
    # the `limit` best by score, then id (a total order: the same as sorting all of them)
    best = heapq.nsmallest(max(0, limit), chosen, key=lambda x: (-x[0], x[1]))
    return [(r, tv) for _, _, r, tv in best]


def _set_concern(
    concerned: dict[str, Pair], pool: set[str | None], lab: Lab, targeted: set[str]
) -> None:
    """Set `target.concern` (the poaching stage toward `lab`) on the views this pick reads: the
    researchers working at a lab in `pool` (None: the free agents).

    Every view starts the quarter at 0 and a researcher's concerns only grow while rivals
    decide, so only the researchers with some concern (`concerned`) can need another value.
    Views outside this pick's pool keep the value of the last pick that read them."""
    for r, tv in concerned.values():
        if r.lab in pool and r.id not in targeted:
            tv.concern = r.concern.get(lab.id, 0)


def rival_orders(state: GameState, ctx: Quarter) -> None:
    s = state
    views = RuleViews(s, ctx.content, ctx.appeal)
    ctx.views = views
    world = views.world
    # each lab's staff (None: the free agents), by id
    staff: dict[str | None, list[Pair]] = {None: []}
    concerned: dict[str, Pair] = {}
    for rid in sorted(s.researchers):
        r = s.researchers[rid]
        pair = (r, views.targets[rid])
        staff.setdefault(r.lab, []).append(pair)
        if r.concern:
            concerned[rid] = pair
    live = sorted(k for k in staff if k is not None and not s.labs[k].bankrupt)  # (with staff)
    bal = ctx.bal
    for lab in live_labs(s):
        if lab.player or lab.playbook is None:
            continue
        book = ctx.content.playbooks.get(lab.playbook)
        if book is None:
            continue
        me = views.labs[lab.id]
        done: set[str] = set()
        targeted: set[str] = set()
        for rule in book.rules:
            action = rule.action
            if action in LAB_ACTIONS:
                if action in done or not rule.when.fn(me, None, world):
                    continue
                done.add(action)
                _lab_action(s, ctx, lab, me, rule, world)
                continue
            if action == "counter":
                continue  # decided once the quarter's offers are known
            # the labs whose staff the rule picks from: poach, every other live lab (in lab
            # order); hire, the free agents; retain, its own
            pool: list[str | None]
            if action == "poach":
                pool, scale = [other for other in live if other != lab.id], me.aggression
            elif action == "hire":
                pool, scale = [None], 1.0
            else:  # retain
                pool, scale = [lab.id], 1.0
            _set_concern(concerned, set(pool), lab, targeted)
            groups = [staff.get(k, []) for k in pool]
            for r, tv in _pick(rule, me, world, groups, scale, targeted):
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
                    r.morale = min(1.0, r.morale + bal.talent.raise_morale)
                    continue
                terms = _terms(s, ctx, lab, r, rule, me, tv, world)
                if action == "hire":
                    ctx.bids[r.id].append(Bid(lab.id, terms, "hire"))
                else:
                    rumour(s, ctx, lab, r, terms)
                    concerned[r.id] = (r, tv)


def _lab_action(
    state: GameState, ctx: Quarter, lab: Lab, me: LabView, rule: Any, world: Any
) -> None:
    s = state
    econ = ctx.bal.economy
    action = rule.action
    p = rule.params
    budget = max(0.0, me.budget)
    if action in ("buy_gpus", "rent_gpus"):
        buying = action == "buy_gpus"
        cap = econ.max_buy_per_quarter if buying else econ.max_rent_per_quarter
        price = s.gpu_price if buying else s.rent_price
        wanted = finite(p["units"].fn(me, None, world))
        units = int(max(0.0, min(wanted, cap, budget / price)))
        if not buying:
            ctx.rented[lab.id] = float(units)
        elif units:
            lab.cash -= units * price
            lab.compute_on_order += units
    elif action == "ecosystem":
        spend = max(0.0, min(finite(p["spend"].fn(me, None, world)), budget))
        ctx.eco_spend[lab.id] = spend
    elif action == "release_current":
        release(s, ctx, lab, "current")
    elif action == "release_previous":
        release(s, ctx, lab, "previous")
    elif action == "raise_all":
        pct = max(0.0, finite(p["pct"].fn(me, None, world))) / 100.0
        for r in s.researchers.values():
            if r.lab == lab.id:
                r.salary *= 1 + pct


def rumour(state: GameState, ctx: Quarter, lab: Lab, r: Researcher, terms: OfferTerms) -> None:
    """A rival's interest climbs one step: rumour, then an approach with a deadline."""
    ctx.interest.add((lab.id, r.id))
    stage = r.concern.get(lab.id, 0)
    if any(a.lab == lab.id and a.researcher == r.id for a in state.approaches):
        return
    if stage <= 0:
        r.concern[lab.id] = 1
        if r.lab == state.player:
            ctx.report.rumours.append((lab.id, r.id))
            ctx.news(
                "rumour",
                "move",
                lab.id,
                to=lab.name,
                name=r.name,
                **{"from": lab_name(state, r.lab)},
            )
    else:
        r.concern[lab.id] = 2
        approach = Approach(
            id=new_id(state, "a"),
            lab=lab.id,
            researcher=r.id,
            terms=terms,
            deadline=ctx.q + 1,
        )
        state.approaches.append(approach)
        if r.lab == state.player:
            ctx.report.new_approaches.append(approach.id)
