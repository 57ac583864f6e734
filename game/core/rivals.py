"""Rival labs decide only through their playbooks' rules (game.rules).

Lab-wide actions (buy, rent, release, ecosystem, raises) fire once each: the first rule of that
action, by priority, whose condition holds. Target actions (poach, hire, retain, counter) rank
the researchers their condition admits by `score` and take the best `max_targets`.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

from game.core.market import Bid, yearly_value
from game.core.models import EquityGrant, Lab, OfferTerms, Researcher
from game.core.numbers import finite
from game.core.orders import fixed_costs, payrolls
from game.core.views import LabView, ResearcherView, lab_view, researcher_view, world_view
from game.core.world import release

if TYPE_CHECKING:
    from game.core.engine import Resolver

LAB_ACTIONS = (
    "buy_gpus",
    "rent_gpus",
    "ecosystem",
    "release_current",
    "release_previous",
    "raise_all",
)


class RuleContext:
    """Views of one quarter, shared by every rival's rules."""

    def __init__(self, res: Resolver) -> None:
        s = res.s
        self.res = res
        free = sum(1 for r in s.researchers.values() if r.lab is None)
        self.world = world_view(s, res.c, free)
        counts: dict[str, list[int]] = {lab: [0, 0, 0] for lab in s.labs}
        for r in s.researchers.values():
            if r.lab is not None:
                c = counts[r.lab]
                c[0] += 1
                if r.tier == "superstar":
                    c[1] += 1
                elif r.tier == "star":
                    c[2] += 1
        live = res.live_labs()
        eco_total = sum(lab.ecosystem for lab in live) or 1.0
        rev_total = sum(lab.revenue for lab in live) or 1.0
        aggression = res.bal.difficulty[s.difficulty].rival_aggression
        self.labs: dict[str, LabView] = {}
        pay = payrolls(s)
        for lab in live:
            fixed = fixed_costs(s, lab, res.c, pay[lab.id])
            burn = fixed - lab.revenue - lab.outside_funding
            self.labs[lab.id] = lab_view(
                s,
                lab,
                res.appeal[lab.id],
                aggression=1.0 if lab.player else aggression,
                budget=max(0.0, lab.cash - fixed),
                payroll=pay[lab.id],
                burn=burn,
                counts=(counts[lab.id][0], counts[lab.id][1], counts[lab.id][2]),
                ecosystem_share=lab.ecosystem / eco_total,
                api_share=lab.revenue / rev_total,
            )
        self.targets: dict[str, ResearcherView] = {
            rid: researcher_view(s, r, s.labs[r.lab].valuation if r.lab else 0.0)
            for rid, r in s.researchers.items()
        }


def _terms(
    res: Resolver, lab: Lab, r: Researcher, rule: Any, me: LabView, tv: ResearcherView, world: Any
) -> OfferTerms:
    p = rule.params
    bal = res.bal
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


def rival_orders(res: Resolver) -> None:
    s = res.s
    ctx = RuleContext(res)
    res.rule_ctx = ctx
    world = ctx.world
    # each lab's staff (None: the free agents), by id
    staff: dict[str | None, list[Pair]] = {None: []}
    concerned: dict[str, Pair] = {}
    for rid in sorted(s.researchers):
        r = s.researchers[rid]
        pair = (r, ctx.targets[rid])
        staff.setdefault(r.lab, []).append(pair)
        if r.concern:
            concerned[rid] = pair
    live = sorted(k for k in staff if k is not None and not s.labs[k].bankrupt)  # (with staff)
    bal = res.bal
    for lab in res.live_labs():
        if lab.player or lab.playbook is None:
            continue
        book = res.c.playbooks.get(lab.playbook)
        if book is None:
            continue
        me = ctx.labs[lab.id]
        done: set[str] = set()
        targeted: set[str] = set()
        for rule in book.rules:
            action = rule.action
            if action in LAB_ACTIONS:
                if action in done or not rule.when.fn(me, None, world):
                    continue
                done.add(action)
                _lab_action(res, lab, me, rule, world)
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
                    r.morale = min(1.0, r.morale + 0.05)
                    continue
                terms = _terms(res, lab, r, rule, me, tv, world)
                if action == "hire":
                    res.bids[r.id].append(Bid(lab.id, terms, "hire"))
                else:
                    res.rumour(lab, r, terms)
                    concerned[r.id] = (r, tv)


def _lab_action(res: Resolver, lab: Lab, me: LabView, rule: Any, world: Any) -> None:
    s = res.s
    econ = res.bal.economy
    action = rule.action
    p = rule.params
    budget = max(0.0, me.budget)
    if action == "buy_gpus":
        units = int(
            max(
                0.0,
                min(
                    finite(p["units"].fn(me, None, world)),
                    econ.max_buy_per_quarter,
                    budget / s.gpu_price,
                ),
            )
        )
        if units:
            lab.cash -= units * s.gpu_price
            lab.compute_on_order += units
    elif action == "rent_gpus":
        units = int(
            max(
                0.0,
                min(
                    finite(p["units"].fn(me, None, world)),
                    econ.max_rent_per_quarter,
                    budget / s.rent_price,
                ),
            )
        )
        res.rented[lab.id] = float(units)
    elif action == "ecosystem":
        spend = max(0.0, min(finite(p["spend"].fn(me, None, world)), budget))
        res.eco_spend[lab.id] = spend
    elif action == "release_current":
        release(res, lab, "current")
    elif action == "release_previous":
        release(res, lab, "previous")
    elif action == "raise_all":
        pct = max(0.0, finite(p["pct"].fn(me, None, world))) / 100.0
        for r in s.researchers.values():
            if r.lab == lab.id:
                r.salary *= 1 + pct


def rival_counters(res: Resolver) -> None:
    """Rivals with a counter rule answer offers to their own staff."""
    s = res.s
    ctx = res.rule_ctx
    if ctx is None:
        return
    world = ctx.world
    for rid in sorted(res.bids):
        r = s.researchers.get(rid)
        if r is None or r.lab is None or r.lab == s.player:
            continue
        lab = s.labs[r.lab]
        book = res.c.playbooks.get(lab.playbook or "")
        if book is None or lab.bankrupt:
            continue
        me = ctx.labs[lab.id]
        tv = ctx.targets[rid]
        tv.has_offer = True
        tv.best_offer_value = max(
            yearly_value(b.terms, s.labs[b.lab].valuation, res.bal) for b in res.bids[rid]
        )
        for rule in book.rules:
            if rule.action != "counter" or not rule.when.fn(me, tv, world):
                continue
            p = rule.params
            terms = OfferTerms(
                salary=max(r.salary, finite(p["salary"].fn(me, tv, world))),
                bonus=max(0.0, finite(p["bonus"].fn(me, tv, world))) if "bonus" in p else 0.0,
                equity=min(
                    max(0.0, finite(p["equity"].fn(me, tv, world))) if "equity" in p else 0.0,
                    res.bal.talent.max_equity_offer,
                    lab.equity_pool,
                ),
                outreach=bool(p["outreach"].fn(me, tv, world)) if "outreach" in p else False,
            )
            res.counters[rid] = terms
            break
