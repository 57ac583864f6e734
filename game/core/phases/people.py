"""Morale, loyalty and attrition: morale drifts toward how the lab compares with the field,
equity vests, concerns fade, unhappy people quit, and new free agents enter each year."""

from __future__ import annotations

import math

from game.core.config import Balance
from game.core.market import Appeal, appeals
from game.core.models import Drives, EquityGrant, GameState, Lab, Move, Researcher
from game.core.numbers import add_up
from game.core.quarter import Quarter, live_labs, new_id
from game.core.rng import stream


def people(state: GameState, ctx: Quarter) -> None:
    """Morale, loyalty, vesting, attrition; free agents come and go."""
    s = state
    t = ctx.bal.talent
    live = {lab.id for lab in live_labs(state)}
    app = appeals(s, ctx.content)
    rng = stream(s.seed, ctx.q, "people")
    bal = ctx.bal
    new_year = (bal.start_quarter - 1 + ctx.q + 1) % 4 == 0  # the next quarter is a Q1
    figures = appeal_figures(app)
    courted = {(a.lab, a.researcher) for a in s.approaches}  # no approach changes below
    for rid in sorted(s.researchers):
        r = s.researchers[rid]
        draw = rng.random()
        if r.lab is None:
            if draw < t.free_agent_leave_chance:
                del s.researchers[rid]
            continue
        if r.lab not in live:
            continue
        lab = s.labs[r.lab]
        target = morale_target(r, app, bal, figures)
        target -= t.morale_departure_hit * ctx.departures.get(r.lab, 0)
        r.morale = min(1.0, max(0.0, r.morale + t.morale_drift * (target - r.morale)))
        drift = (
            t.loyalty_per_quarter
            if r.morale >= t.content_morale
            else -t.loyalty_unhappy_factor * t.loyalty_per_quarter
        )
        drift += t.loyalty_mission * r.drives.mission * lab.mission
        r.loyalty = min(1.0, max(0.0, r.loyalty + drift))
        # (fields are written only when they change: a state model's write is not free)
        if r.morale < t.unhappy_morale:
            r.quarters_unhappy += 1
        elif r.quarters_unhappy:
            r.quarters_unhappy = 0
        r.tenure += 1
        if lab.player and r.tenure % 4 == 0:
            r.insight += t.insight_per_year
        if r.benched > 0:
            r.benched -= 1
        if r.clawback_quarters > 0:
            r.clawback_quarters -= 1
            if r.clawback_quarters == 0:
                r.clawback = 0.0
        vest(r)
        for other in list(r.concern):
            if (other, r.id) not in courted and not _targeted_now(state, ctx, other, r.id):
                r.concern[other] -= 1
                if r.concern[other] <= 0:
                    del r.concern[other]
        chance = t.attrition_base + (
            t.attrition_unhappy if r.quarters_unhappy >= t.unhappy_quarters else 0.0
        )
        if draw < chance and not ctx.report.decided.get(rid):  # no one quits the quarter they join
            leave(state, ctx, r, lab)
    if new_year:
        for lab in live_labs(state):
            lab.equity_pool += t.equity_pool_refill
        new_free_agents(state, ctx)


Figures = list[tuple[float, float, float, float]]
LOG_2 = math.log(2.0)


def appeal_figures(app: dict[str, Appeal]) -> Figures:
    """Every lab's (compute, mission, openness, prestige) terms, read once per quarter."""
    return [(a.compute, a.mission, a.openness, a.prestige) for a in app.values()]


def morale_target(
    r: Researcher, app: dict[str, Appeal], bal: Balance, figures: Figures | None = None
) -> float:
    """Morale drifts toward how this lab compares with the field, and pay with the market.

    `figures` is `appeal_figures(app)`, passed in when the caller weighs many researchers."""
    d = r.drives
    dc, dm, do, dp = d.compute, d.mission, d.openness, d.prestige
    if figures is None:
        figures = appeal_figures(app)
    a = app.get(r.lab) if r.lab is not None else None
    if a is not None:
        here = dc * a.compute + dm * a.mission + do * a.openness + dp * a.prestige
        yearly = 4 * r.salary + r.unvested_share * a.valuation / 4
    else:
        here = yearly = 0.0
    field = add_up([dc * c + dm * m + do * o + dp * p for c, m, o, p in figures]) / max(1, len(app))
    pay = (
        d.money
        * bal.talent.money_scale
        * (math.log1p(yearly / bal.tiers[r.tier].reference_pay) - LOG_2)
    )
    t = bal.talent
    return min(
        t.morale_max, max(t.morale_min, t.morale_base + t.morale_field * (here - field) + pay)
    )


def _targeted_now(state: GameState, ctx: Quarter, lab: str, rid: str) -> bool:
    return (lab, rid) in ctx.interest


def vest(r: Researcher) -> None:
    """One quarter of vesting. Grants are values, replaced rather than changed in place, so a
    copied state can share them with the state it came from."""
    if r.grants:
        r.grants = [
            EquityGrant(
                share=g.share - g.share / g.quarters_left, quarters_left=g.quarters_left - 1
            )
            for g in r.grants
            if g.quarters_left > 1
        ]


def leave(state: GameState, ctx: Quarter, r: Researcher, lab: Lab) -> None:
    """A researcher quits for the open market (a startup, a sabbatical)."""
    lab.equity_pool += r.unvested_share
    r.lab = None
    r.grants = []
    r.concern = {}
    r.clawback = 0.0
    r.clawback_quarters = 0
    ctx.departures[lab.id] = ctx.departures.get(lab.id, 0) + 1
    if lab.player:
        ctx.report.moves.append(
            Move(
                researcher=r.id,
                name=r.name,
                tier=r.tier,
                kind="left",
                from_lab=lab.id,
                to_lab=None,
                reason="morale",
                quarter=ctx.q,
            )
        )
    if r.tier != "senior":
        ctx.news("retire", "move", lab.id, name=r.name, **{"from": lab.name})


def new_free_agents(state: GameState, ctx: Quarter) -> None:
    s = state
    t = ctx.bal.talent
    names = ctx.content.names
    rng = stream(s.seed, ctx.q, "free_agents")
    taken = {r.name for r in s.researchers.values()}
    for _ in range(t.free_agents_per_year):
        tier = "star" if rng.random() < t.free_agent_star_chance else "senior"
        for _attempt in range(20):
            name = f"{rng.choice(names.first)} {rng.choice(names.last)}"
            if name not in taken:
                break
        taken.add(name)
        specialty = rng.choice(sorted(names.notable))
        raw = [rng.random() + 0.1 for _ in range(5)]
        total = add_up(raw)
        drives = Drives(
            **{
                d: round(v / total, 3)
                for d, v in zip(
                    ("money", "compute", "mission", "openness", "prestige"), raw, strict=True
                )
            }
        )
        tn = ctx.bal.tiers[tier]
        skill = rng.uniform(*tn.free_agent_skill)
        rid = new_id(state, "n")
        s.researchers[rid] = Researcher(
            id=rid,
            name=name,
            tier=tier,
            specialty=specialty,
            skill=round(skill, 1),
            drives=drives,
            lab=None,
            loyalty=round(rng.uniform(*t.free_agent_loyalty), 2),
            morale=round(rng.uniform(*t.free_agent_morale), 2),
            salary=round(tn.reference_pay / 4 * t.free_agent_pay, 3),
            notable=rng.choice(names.notable[specialty]),
        )
        ctx.report.moves.append(
            Move(
                researcher=rid,
                name=name,
                tier=tier,
                kind="entered",
                from_lab=None,
                to_lab=None,
                reason="new",
                quarter=ctx.q,
            )
        )
    ctx.news("free_agents", "news", None, count=str(t.free_agents_per_year))
