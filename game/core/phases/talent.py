"""Talent decisions: approaches due this quarter join the offers, rivals with a counter rule
answer offers to their own staff, and every researcher with an offer picks the best option,
staying included (switching needs a margin over loyalty, forfeited equity and non-compete)."""

from __future__ import annotations

from game.core.market import (
    Bid,
    Option,
    choose,
    deciding_drive,
    free_agent_floor,
    offer_option,
    stay_option,
    yearly_value,
)
from game.core.models import EquityGrant, GameState, Move, OfferResult, OfferTerms, Researcher
from game.core.numbers import finite, money
from game.core.quarter import Quarter, lab_name


def decide(state: GameState, ctx: Quarter) -> None:
    s = state
    due = [a for a in s.approaches if a.deadline <= ctx.q]
    s.approaches = [a for a in s.approaches if a.deadline > ctx.q]
    for a in due:
        r = s.researchers.get(a.researcher)
        if r is None or r.lab is None or s.labs[a.lab].bankrupt:
            continue
        ctx.bids[a.researcher].append(Bid(a.lab, a.terms, "approach", a.id))
    rival_counters(s, ctx)

    noise_rng = ctx.rng("decide")
    bal = ctx.bal
    t = bal.talent
    for rid in sorted(ctx.bids):
        r = s.researchers.get(rid)
        if r is None:
            continue
        bids = [b for b in ctx.bids[rid] if b.lab != r.lab and not s.labs[b.lab].bankrupt]
        if not bids:
            continue
        noise = [noise_rng.gauss(0.0, t.noise) for _ in range(len(bids) + 1)]
        if r.lab is None:
            stay = free_agent_floor(r, bal)
        else:
            stay = stay_option(r, ctx.appeal[r.lab], bal, ctx.counters.get(rid))
        options: list[Option] = [
            offer_option(r, ctx.appeal[b.lab], b.terms, bal, b.kind) for b in bids
        ]
        margin = t.switch_margin if r.lab is not None else 0.0
        chosen, other = choose(r, stay, options, margin, noise)
        ctx.report.decided[rid] = chosen is not stay
        _report_offers(s, ctx, r, stay, bids, options, chosen, other)
        if chosen is stay:
            best = bids[options.index(other)] if other in options else None
            _stays(s, ctx, r, stay, other, best)
        else:
            _moves(s, ctx, r, bids[options.index(chosen)], deciding_drive(r, chosen, other))
        for b in bids:
            if b.kind == "approach":
                r.concern.pop(b.lab, None)


def _report_offers(
    state: GameState,
    ctx: Quarter,
    r: Researcher,
    stay: Option,
    bids: list[Bid],
    options: list[Option],
    chosen: Option,
    other: Option,
) -> None:
    """A line in the report for each of the player's offers and counters this decision
    settled: accepted or not, the drive that decided it and where the researcher went."""
    player = state.player
    winner = bids[options.index(chosen)].lab if chosen is not stay else r.lab
    lines: list[tuple[str, Option]] = [
        ("offer", o) for b, o in zip(bids, options, strict=True) if b.lab == player
    ]
    if r.lab == player and stay.terms is not None:
        lines.append(("counter", stay))
    for kind, mine in lines:
        accepted = chosen is mine
        reason = deciding_drive(r, mine, other) if accepted else deciding_drive(r, chosen, mine)
        ctx.report.offers.append(
            OfferResult(
                researcher=r.id,
                name=r.name,
                tier=r.tier,
                kind=kind,  # type: ignore[arg-type]
                accepted=accepted,
                reason=reason,
                from_lab=r.lab,
                winner=winner,
            )
        )


def rival_counters(state: GameState, ctx: Quarter) -> None:
    """Rivals with a counter rule answer offers to their own staff."""
    s = state
    views = ctx.views
    if views is None:
        return
    world = views.world
    for rid in sorted(ctx.bids):
        r = s.researchers.get(rid)
        if r is None or r.lab is None or r.lab == s.player:
            continue
        lab = s.labs[r.lab]
        book = ctx.content.playbooks.get(lab.playbook or "")
        if book is None or lab.bankrupt:
            continue
        me = views.labs[lab.id]
        tv = views.targets[rid]
        tv.has_offer = True
        tv.best_offer_value = max(
            yearly_value(b.terms, s.labs[b.lab].valuation, ctx.bal) for b in ctx.bids[rid]
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
                    ctx.bal.talent.max_equity_offer,
                    lab.equity_pool,
                ),
                outreach=bool(p["outreach"].fn(me, tv, world)) if "outreach" in p else False,
            )
            ctx.counters[rid] = terms
            break


def _stays(
    state: GameState, ctx: Quarter, r: Researcher, stay: Option, other: Option, bid: Bid | None
) -> None:
    s = state
    t = ctx.bal.talent
    reason = deciding_drive(r, stay, other)
    if stay.terms is not None and r.lab is not None:  # a counter-offer was accepted
        lab = s.labs[r.lab]
        terms = stay.terms
        r.salary = max(r.salary, terms.salary)
        lab.cash -= terms.bonus
        if lab.player:
            ctx.report.money.counters += terms.bonus
        if terms.equity > 0:
            r.grants.append(EquityGrant(share=terms.equity, quarters_left=int(t.vest_quarters)))
            lab.equity_pool = max(0.0, lab.equity_pool - terms.equity)
        if terms.bonus > 0:
            r.clawback += terms.bonus
            r.clawback_quarters = t.clawback_quarters
        if bid is not None:
            ctx.news(
                "counter",
                "move",
                r.lab,
                **{"from": lab.name},
                name=r.name,
                to=lab_name(s, bid.lab),
            )
    if bid is None:
        return
    if bid.lab == s.player or r.lab == s.player:
        ctx.report.moves.append(
            Move(
                researcher=r.id,
                name=r.name,
                tier=r.tier,
                kind="declined",
                from_lab=r.lab,
                to_lab=bid.lab,
                reason=reason,
                quarter=ctx.q,
            )
        )
        if r.tier != "senior":
            ctx.news(
                "declined",
                "move",
                bid.lab,
                name=r.name,
                to=lab_name(s, bid.lab),
                **{"from": lab_name(s, r.lab)},
            )


def _moves(state: GameState, ctx: Quarter, r: Researcher, bid: Bid, reason: str) -> None:
    s = state
    t = ctx.bal.talent
    old = s.labs[r.lab] if r.lab else None
    new = s.labs[bid.lab]
    terms = bid.terms
    cost = terms.bonus
    if old is not None:
        if r.clawback_quarters > 0 and r.clawback > 0:
            cost += r.clawback  # the new lab buys out the clawback
            old.cash += r.clawback
            if old.player:
                ctx.report.money.clawbacks += r.clawback
        old.equity_pool += r.unvested_share
        ctx.departures[old.id] += 1
    new.cash -= cost
    if new.player:
        ctx.report.money.bonuses += terms.bonus
        ctx.report.money.buyouts += cost - terms.bonus
    new.equity_pool = max(0.0, new.equity_pool - terms.equity)
    from_lab = r.lab
    r.lab = new.id
    r.salary = terms.salary
    r.grants = (
        [EquityGrant(share=terms.equity, quarters_left=int(t.vest_quarters))]
        if terms.equity > 0
        else []
    )
    r.clawback = terms.bonus
    r.clawback_quarters = t.clawback_quarters if terms.bonus > 0 else 0
    r.benched = r.noncompete if from_lab is not None else 0
    r.tenure = 0
    r.loyalty = t.join_loyalty + t.join_loyalty_mission * r.drives.mission * new.mission
    r.morale = t.join_morale
    r.concern = {}
    r.quarters_unhappy = 0
    r.insight = 1 + (t.insight_per_outreach if terms.outreach else 0) if new.player else 0
    r.last_reason = reason
    if new.player or (old is not None and old.player):
        ctx.report.moves.append(
            Move(
                researcher=r.id,
                name=r.name,
                tier=r.tier,
                kind="joined" if new.player else "left",
                from_lab=from_lab,
                to_lab=new.id,
                reason=reason,
                quarter=ctx.q,
            )
        )
    package = money(yearly_value(terms, new.valuation, ctx.bal) * 4)
    if r.tier != "senior" or new.player or (old is not None and old.player):
        if old is None:
            ctx.news("hire", "move", new.id, to=new.name, name=r.name, package=package)
        else:
            ctx.news(
                "poach",
                "move",
                new.id,
                to=new.name,
                name=r.name,
                package=package,
                **{"from": old.name},
            )
