"""The quarter's world steps after the talent market: compute and costs, research, releases
and the open frontier, revenue and money, events, people, and the end of the game."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from game.core.calendar import quarter_label
from game.core.config import Balance, OpenNumbers
from game.core.market import Appeal, appeals
from game.core.models import Drives, EquityGrant, Headline, Lab, Move, Outcome, Researcher
from game.core.numbers import finite, money
from game.core.orders import fixed_costs, payrolls
from game.core.rng import stream
from game.core.views import world_view
from game.rules import render_headline

if TYPE_CHECKING:
    from game.core.engine import Resolver


# -- compute and costs ---------------------------------------------------------------------
def compute_and_costs(res: Resolver) -> None:
    s = res.s
    econ = res.bal.economy
    pay = payrolls(s)
    for lab in res.live_labs():
        money = res.report.money if lab.player else None
        if lab.compute_on_order:
            if money is not None:
                res.report.deliveries = lab.compute_on_order
            lab.compute_owned += lab.compute_on_order
            lab.compute_on_order = 0.0
        lab.compute_rented = res.rented.get(lab.id, 0.0)
        rent = lab.compute_rented * s.rent_price
        payroll = pay[lab.id]
        staff = lab.headcount * econ.staff_cost
        power = lab.compute_owned * econ.power_cost
        eco = res.eco_spend.get(lab.id, 0.0)
        lab.cash -= rent + payroll + staff + power + eco
        lab.cash += lab.outside_funding
        if money is not None:
            money.rent += rent
            money.payroll += payroll
            money.staff += staff
            money.power += power
            money.ecosystem += eco
            money.funding += lab.outside_funding


# -- research --------------------------------------------------------------------------------
def effective_talent(res: Resolver, lab: Lab, members: list[Researcher]) -> float:
    rs = res.bal.research
    tiers = res.bal.tiers
    talent = 0.0
    specialties = set()
    for r in members:
        if r.benched:
            continue
        morale = rs.morale_floor + (1 - rs.morale_floor) * r.morale
        talent += tiers[r.tier].weight * r.skill / 100 * morale
        specialties.add(r.specialty)
    mix = 1 + rs.specialty_mix_bonus * max(0, len(specialties) - 1) / 4
    return talent * mix + lab.headcount * rs.headcount_weight


def research_gain(res: Resolver, lab: Lab, talent: float) -> float:
    rs = res.bal.research
    compute = lab.compute_owned + lab.compute_rented
    base = rs.scale * lab.efficiency * talent**rs.talent_exponent * compute**rs.compute_exponent
    damp = (rs.frontier_reference / max(lab.capability, 1.0)) ** rs.frontier_power
    catch_up = rs.spillover * max(0.0, res.s.open_frontier - lab.capability)
    return base * damp + catch_up


def research(res: Resolver) -> None:
    s = res.s
    members: dict[str, list[Researcher]] = {lab: [] for lab in s.labs}
    for rid in sorted(s.researchers):
        r = s.researchers[rid]
        if r.lab is not None:
            members[r.lab].append(r)
    rs = res.bal.research
    step = rs.generation_step
    for lab in res.live_labs():
        # a quarter's luck: breakthroughs and stalls, mean 1, each lab its own stream
        draw = stream(s.seed, res.q, f"research:{lab.id}").gauss(0.0, rs.luck) if rs.luck else 0.0
        luck = math.exp(draw - rs.luck**2 / 2)
        gain = luck * research_gain(res, lab, effective_talent(res, lab, members[lab.id]))
        lab.capability += gain
        if lab.capability - lab.progress >= step:
            lab.previous_model = max(lab.previous_model, lab.progress)
            lab.progress = lab.capability
        if lab.capability >= res.bal.victory.superintelligence * 0.9 > lab.capability - gain:
            res.news(
                "milestone", "milestone", lab.id, lab=lab.name, capability=f"{lab.capability:.0f}"
            )


# -- releases and the open frontier ---------------------------------------------------------------
def release_level(lab: Lab, which: str) -> float:
    """The capability a release opens: the current model's, or the previous one's."""
    return lab.capability if which == "current" else lab.previous_model


def opened_after(lab: Lab, which: str) -> float:
    """The lab's open model once this quarter's release choice ("keep", "current" or
    "previous") is made."""
    if which == "keep":
        return lab.open_release
    return max(lab.open_release, release_level(lab, which))


def release(res: Resolver, lab: Lab, which: str) -> None:
    """Open the weights of the current or previous model (if it is newer than the last one)."""
    level = release_level(lab, which)
    if level <= lab.open_release + 1e-9:
        return
    op = res.bal.open
    floor = max(lab.open_release, res.s.open_frontier - op.pull_window)
    gain = op.ecosystem_per_release * max(1.0, level - floor)
    lab.open_release = level
    lab.releases.append(res.q)
    if which == "current":
        res.opened_current.add(lab.id)
    lab.ecosystem += gain
    lab.reputation = min(100.0, lab.reputation + op.release_reputation)
    if lab.player:
        res.report.released = which
    key = "release" if which == "current" else "release_previous"
    res.news(key, "release", lab.id, lab=lab.name, capability=f"{level:.0f}")


def releases(res: Resolver) -> None:
    s = res.s
    best = max((lab.open_release for lab in res.live_labs()), default=0.0)
    if best > s.open_frontier + 1e-9:
        leader = max(res.live_labs(), key=lambda lab: (lab.open_release, lab.id))
        res.news("frontier", "release", leader.id, lab=leader.name, capability=f"{best:.0f}")
        s.open_frontier = best


# -- revenue, ecosystem, valuation, funding ---------------------------------------------------
def open_nearness(open_release: float, frontier: float, op: OpenNumbers) -> float:
    """How far an open model reaches into the pull window below the open frontier: 0 for one a
    whole window (or more) behind, `pull_window` for one at the frontier."""
    return max(0.0, open_release - (frontier - op.pull_window))


def grant_reach(open_release: float, frontier: float, op: OpenNumbers) -> float:
    """How much of its full effect ecosystem spend has (0..1): developers come for a good open
    model, so grants and devrel work in full for one at the open frontier, down to
    `spend_floor` for one a whole pull window (or more) behind it, or none at all."""
    return _reach(open_nearness(open_release, frontier, op), op)


def grant_reach_after(lab: Lab, which: str, frontier: float, op: OpenNumbers) -> float:
    """`grant_reach` of this quarter's ecosystem spend once the release choice `which` is made:
    releases move the open frontier before the market does, so a release at the frontier
    meets a frontier at its own level."""
    opened = opened_after(lab, which)
    return grant_reach(opened, max(frontier, opened), op)


def _reach(near: float, op: OpenNumbers) -> float:
    return op.spend_floor + (1 - op.spend_floor) * min(1.0, near / op.pull_window)


def markets(res: Resolver) -> None:
    s = res.s
    econ = res.bal.economy
    op = res.bal.open
    live = res.live_labs()
    frontier = s.open_frontier
    weights = {}
    for lab in live:
        # a lab that opened its current model this quarter serves it at open-model prices
        moat = lab.capability - max(frontier, lab.open_release)
        if moat > 0 and lab.id not in res.opened_current:
            weights[lab.id] = moat**econ.moat_power
        else:
            weights[lab.id] = econ.moat_floor
    total = sum(weights.values()) + econ.moat_reference
    for lab in live:
        lab.revenue = s.demand * weights[lab.id] / total
        lab.cash += lab.revenue
        if lab.player:
            res.report.money.revenue += lab.revenue
        spend = res.eco_spend.get(lab.id, 0.0)
        behind = frontier - lab.open_release
        decay = op.ecosystem_decay * (0.3 if lab.open_release > 0 and behind < 5 else 1.0)
        near = open_nearness(lab.open_release, frontier, op)
        pull = op.ecosystem_pull * near
        quality = _reach(near, op)
        lab.ecosystem = max(
            0.0, lab.ecosystem * (1 - decay) + op.ecosystem_per_spend * quality * spend + pull
        )
        target = (
            econ.valuation_revenue_multiple * 4 * lab.revenue
            + econ.valuation_capability_value * max(0.0, lab.capability - 50)
            + econ.valuation_ecosystem_value * lab.ecosystem
            + max(0.0, lab.cash)
        )
        sm = econ.valuation_smoothing
        lab.valuation = max(1.0, sm * lab.valuation + (1 - sm) * target)
    s.demand *= 1 + econ.demand_growth
    s.gpu_price *= 1 + econ.gpu_price_drift
    s.rent_price *= 1 + econ.rent_price_drift
    funding(res)


def funding(res: Resolver) -> None:
    """Rounds when runway runs short; an emergency round when cash is below zero.

    Investors judge runway by the larger of two burns: the fixed costs net of income, and
    everything the lab spent this quarter (payroll, GPUs, offers, ecosystem). A lab whose
    cash is below what one round would bring raises too: investors fund growth.
    """
    s = res.s
    econ = res.bal.economy
    pay = payrolls(s)  # a bankruptcy below only frees its own lab's staff
    for lab in res.live_labs():
        income = lab.revenue + lab.outside_funding
        spent = res.cash_start.get(lab.id, lab.cash) - lab.cash + income
        burn = max(fixed_costs(s, lab, res.c, pay[lab.id]) - income, spent)
        key = f"round:{lab.id}"
        if lab.cash < 0:
            if lab.emergency_rounds >= 1:
                lab.bankrupt = True
                res.news("bankrupt", "funding", lab.id, lab=lab.name)
                for r in s.researchers.values():
                    if r.lab == lab.id:
                        r.lab = None
                        r.grants = []
                        r.concern = {}
                continue
            lab.valuation *= econ.emergency_discount
            amount = max(-lab.cash * 1.5, lab.valuation * econ.emergency_share)
            lab.cash += amount
            lab.emergency_rounds += 1
            s.event_last[key] = res.q
            if lab.player:
                res.report.money.funding += amount
            res.news("emergency", "funding", lab.id, lab=lab.name, amount=money(amount))
        elif (burn > 0 and lab.cash / burn < econ.funding_round_quarters) or (
            lab.cash < lab.valuation * econ.funding_round_share  # a round would double its cash
        ):
            if res.q - s.event_last.get(key, -99) < 4:
                continue
            amount = lab.valuation * econ.funding_round_share
            lab.cash += amount
            s.event_last[key] = res.q
            if lab.player:
                res.report.money.funding += amount
            res.news("round", "funding", lab.id, lab=lab.name, amount=money(amount))


# -- events --------------------------------------------------------------------------------------
def events(res: Resolver) -> None:
    s = res.s
    ctx = res.rule_ctx
    if ctx is None:
        return
    world = world_view(s, res.c, sum(1 for r in s.researchers.values() if r.lab is None))
    for eid in sorted(res.c.events):
        ev = res.c.events[eid]
        last = s.event_last.get(f"event:{eid}")
        if last is not None and (ev.once or res.q - last < ev.cooldown):
            continue
        rng = stream(s.seed, res.q, f"event:{eid}")
        if ev.scope == "world":
            candidates: list[Lab | None] = [None]
        else:
            candidates = [lab for lab in res.live_labs()]
        for lab in candidates:
            me = ctx.labs.get(lab.id) if lab is not None else None
            draw = rng.random()
            if lab is not None and me is None:
                continue
            try:
                if not ev.when.fn(me, None, world):
                    continue
                chance = ev.chance
                for cond, factor in ev.modifiers:
                    if cond.fn(me, None, world):
                        chance *= factor
            except (ArithmeticError, ValueError, TypeError):
                continue
            if draw >= chance:
                continue
            values: dict[str, Any] = {"quarter_label": _label(res)}
            if lab is not None:
                values["lab"] = lab.name
            for name, expr in ev.vars.items():
                values[name] = _fmt(expr.fn(me, None, world))
            amounts = {k: finite(e.fn(me, None, world)) for k, e in ev.effects.items()}
            apply_effects(res, lab, amounts)
            res.headlines.append(
                Headline(
                    quarter=res.q,
                    text=render_headline(ev.headline, values),
                    kind="event",
                    lab=lab.id if lab else None,
                )
            )
            s.event_last[f"event:{eid}"] = res.q
            break


def _label(res: Resolver) -> str:
    return quarter_label(res.q, res.bal.start_year, res.bal.start_quarter)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)


def apply_effects(res: Resolver, lab: Lab | None, amounts: dict[str, float]) -> None:
    s = res.s
    for key, v in amounts.items():
        if lab is None:
            if key == "demand_pct":
                s.demand = max(0.0, s.demand * (1 + v / 100))
            elif key == "gpu_price_pct":
                s.gpu_price = max(1.0, s.gpu_price * (1 + v / 100))
            elif key == "rent_price_pct":
                s.rent_price = max(0.1, s.rent_price * (1 + v / 100))
            elif key == "open_frontier":
                s.open_frontier = max(0.0, s.open_frontier + v)
            continue
        if key == "cash":
            lab.cash += v
            if lab.player:
                res.report.money.events += v
        elif key == "valuation_pct":
            lab.valuation = max(1.0, lab.valuation * (1 + v / 100))
        elif key == "reputation":
            lab.reputation = min(100.0, max(0.0, lab.reputation + v))
        elif key in ("morale", "loyalty"):
            for r in s.researchers.values():
                if r.lab == lab.id:
                    setattr(r, key, min(1.0, max(0.0, getattr(r, key) + v)))
        elif key == "capability":
            lab.capability = max(0.0, lab.capability + v)
        elif key == "compute":
            lab.compute_owned = max(0.0, lab.compute_owned + v)
        elif key == "ecosystem_pct":
            lab.ecosystem = max(0.0, lab.ecosystem * (1 + v / 100))
        elif key == "revenue_pct":
            delta = lab.revenue * v / 100
            lab.cash += delta
            if lab.player:
                res.report.money.events += delta
        elif key == "outside_funding_pct":
            lab.outside_funding = max(0.0, lab.outside_funding * (1 + v / 100))


# -- people ---------------------------------------------------------------------------------
def people(res: Resolver) -> None:
    """Morale, loyalty, vesting, attrition; free agents come and go."""
    s = res.s
    t = res.bal.talent
    live = {lab.id for lab in res.live_labs()}
    app = appeals(s, res.c)
    rng = stream(s.seed, res.q, "people")
    bal = res.bal
    new_year = (bal.start_quarter - 1 + res.q + 1) % 4 == 0  # the next quarter is a Q1
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
        target -= t.morale_departure_hit * res.departures.get(r.lab, 0)
        r.morale = min(1.0, max(0.0, r.morale + t.morale_drift * (target - r.morale)))
        drift = t.loyalty_per_quarter if r.morale >= 0.5 else -2 * t.loyalty_per_quarter
        drift += 0.01 * r.drives.mission * lab.mission
        r.loyalty = min(1.0, max(0.0, r.loyalty + drift))
        # (fields are written only when they change: a state model's write is not free)
        if r.morale < 0.35:
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
            if (other, r.id) not in courted and not _targeted_now(res, other, r.id):
                r.concern[other] -= 1
                if r.concern[other] <= 0:
                    del r.concern[other]
        chance = t.attrition_base + (t.attrition_unhappy if r.quarters_unhappy >= 2 else 0.0)
        if draw < chance:
            leave(res, r, lab)
    if new_year:
        for lab in res.live_labs():
            lab.equity_pool += t.equity_pool_refill
        new_free_agents(res)


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
    field = sum([dc * c + dm * m + do * o + dp * p for c, m, o, p in figures]) / max(1, len(app))
    pay = (
        d.money
        * bal.talent.money_scale
        * (math.log1p(yearly / bal.tiers[r.tier].reference_pay) - LOG_2)
    )
    return min(0.95, max(0.1, 0.6 + 1.2 * (here - field) + pay))


def _targeted_now(res: Resolver, lab: str, rid: str) -> bool:
    return (lab, rid) in res.interest


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


def leave(res: Resolver, r: Researcher, lab: Lab) -> None:
    """A researcher quits for the open market (a startup, a sabbatical)."""
    lab.equity_pool += r.unvested_share
    r.lab = None
    r.grants = []
    r.concern = {}
    r.clawback = 0.0
    r.clawback_quarters = 0
    res.departures[lab.id] = res.departures.get(lab.id, 0) + 1
    if lab.player:
        res.report.moves.append(
            Move(
                researcher=r.id,
                name=r.name,
                tier=r.tier,
                kind="left",
                from_lab=lab.id,
                to_lab=None,
                reason="morale",
                quarter=res.q,
            )
        )
    if r.tier != "senior":
        res.news("retire", "move", lab.id, name=r.name, **{"from": lab.name})


def new_free_agents(res: Resolver) -> None:
    s = res.s
    t = res.bal.talent
    names = res.c.names
    rng = stream(s.seed, res.q, "free_agents")
    taken = {r.name for r in s.researchers.values()}
    for _ in range(t.free_agents_per_year):
        tier = "star" if rng.random() < 0.2 else "senior"
        for _attempt in range(20):
            name = f"{rng.choice(names.first)} {rng.choice(names.last)}"
            if name not in taken:
                break
        taken.add(name)
        specialty = rng.choice(sorted(names.notable))
        raw = [rng.random() + 0.1 for _ in range(5)]
        total = sum(raw)
        drives = Drives(
            **{
                d: round(v / total, 3)
                for d, v in zip(
                    ("money", "compute", "mission", "openness", "prestige"), raw, strict=True
                )
            }
        )
        tn = res.bal.tiers[tier]
        skill = rng.uniform(72, 90) if tier == "star" else rng.uniform(55, 80)
        rid = res.new_id("n")
        s.researchers[rid] = Researcher(
            id=rid,
            name=name,
            tier=tier,
            specialty=specialty,
            skill=round(skill, 1),
            drives=drives,
            lab=None,
            loyalty=round(rng.uniform(0.2, 0.4), 2),
            morale=round(rng.uniform(0.6, 0.9), 2),
            salary=round(tn.reference_pay / 4 * 0.8, 3),
            notable=rng.choice(names.notable[specialty]),
        )
        res.report.moves.append(
            Move(
                researcher=rid,
                name=name,
                tier=tier,
                kind="entered",
                from_lab=None,
                to_lab=None,
                reason="new",
                quarter=res.q,
            )
        )
    res.news("free_agents", "news", None, count=str(t.free_agents_per_year))


# -- victory and defeat ------------------------------------------------------------------------
def outcome(res: Resolver) -> None:
    s = res.s
    v = res.bal.victory
    live = res.live_labs()
    player = s.player_lab
    if player.bankrupt:
        _end(res, "lost", None, "bankruptcy", None, f"{player.name} ran out of money twice.")
        return
    eco_total = sum(lab.ecosystem for lab in live) or 1.0
    rev_total = sum(lab.revenue for lab in live) or 1.0
    for lab in live:
        lab.eco_streak = lab.eco_streak + 1 if lab.ecosystem / eco_total > v.ecosystem_share else 0
        lab.market_streak = lab.market_streak + 1 if lab.revenue / rev_total > v.market_share else 0
    named = sum(1 for r in s.researchers.values() if r.lab == s.player)
    s.low_talent_quarters = s.low_talent_quarters + 1 if named < v.min_researchers else 0

    winner: tuple[Lab, str] | None = None
    supers = [lab for lab in live if lab.capability >= v.superintelligence]
    if supers:
        best = max(supers, key=lambda lab: (lab.capability, lab.player, lab.id))
        winner = (best, "superintelligence")
    else:
        for road, attr in (("market", "market_streak"), ("ecosystem", "eco_streak")):
            done = [lab for lab in live if getattr(lab, attr) >= v.streak_quarters]
            if done:
                winner = (max(done, key=lambda lab: (lab.player, lab.id)), road)
                break
    if winner is not None:
        lab, road = winner
        res.news("victory", "milestone", lab.id, lab=lab.name, road=road)
        if lab.player:
            _end(res, "won", road, None, lab.id, f"{lab.name} wins by {road}.")
        else:
            _end(res, "lost", road, "rival_victory", lab.id, f"{lab.name} wins by {road}.")
        return
    if s.low_talent_quarters >= v.collapse_quarters:
        res.news("collapse", "milestone", player.id, lab=player.name)
        _end(
            res,
            "lost",
            None,
            "talent_collapse",
            None,
            f"{player.name} has too few researchers left to build anything.",
        )
        return
    if s.quarter > s.last_quarter:
        scores = {lab.id: score(res, lab, eco_total, rev_total) for lab in live}
        best = max(live, key=lambda lab: (scores[lab.id], lab.id))
        res.news("victory", "milestone", best.id, lab=best.name, road="score")
        if best.player:
            _end(res, "won", "score", None, best.id, f"{best.name} leads the field at the end.")
        else:
            _end(
                res,
                "lost",
                "score",
                "rival_victory",
                best.id,
                f"{best.name} leads the field at the end.",
            )


def score(res: Resolver, lab: Lab, eco_total: float, rev_total: float) -> float:
    v = res.bal.victory
    return (
        v.score_capability * lab.capability
        + v.score_ecosystem * lab.ecosystem / eco_total
        + v.score_market * lab.revenue / rev_total
        + v.score_valuation * lab.valuation
    )


def _end(
    res: Resolver, result: str, road: str | None, cause: str | None, winner: str | None, text: str
) -> None:
    res.s.outcome = Outcome(
        result=result,  # type: ignore[arg-type]
        road=road,  # type: ignore[arg-type]
        cause=cause,  # type: ignore[arg-type]
        winner=winner,
        quarter=res.q,
        text=text,
    )
