"""Research progress: talent and compute drive capability, with diminishing returns near the
frontier, catch-up toward the open frontier, and a quarter's luck."""

from __future__ import annotations

import math

from game.core.config import Balance
from game.core.models import GameState, Lab, Researcher
from game.core.quarter import Quarter, live_labs
from game.core.rng import stream


def effective_talent(bal: Balance, lab: Lab, members: list[Researcher]) -> float:
    rs = bal.research
    tiers = bal.tiers
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


def research_parts(
    state: GameState, bal: Balance, lab: Lab, talent: float, compute: float | None = None
) -> tuple[float, float]:
    """A quarter's expected gain before luck: (talent and compute, catch-up toward the open
    frontier). `compute` defaults to what the lab owns and rents now (as research runs)."""
    rs = bal.research
    if compute is None:
        compute = lab.compute_owned + lab.compute_rented
    base = rs.scale * lab.efficiency * talent**rs.talent_exponent * compute**rs.compute_exponent
    damp = (rs.frontier_reference / max(lab.capability, 1.0)) ** rs.frontier_power
    catch_up = rs.spillover * max(0.0, state.open_frontier - lab.capability)
    return base * damp, catch_up


def research(state: GameState, ctx: Quarter) -> None:
    s = state
    members: dict[str, list[Researcher]] = {lab: [] for lab in s.labs}
    for rid in sorted(s.researchers):
        r = s.researchers[rid]
        if r.lab is not None:
            members[r.lab].append(r)
    rs = ctx.bal.research
    step = rs.generation_step
    for lab in live_labs(state):
        # a quarter's luck: breakthroughs and stalls, mean 1, each lab its own stream
        draw = stream(s.seed, ctx.q, f"research:{lab.id}").gauss(0.0, rs.luck) if rs.luck else 0.0
        luck = math.exp(draw - rs.luck**2 / 2)
        base, catch_up = research_parts(
            state, ctx.bal, lab, effective_talent(ctx.bal, lab, members[lab.id])
        )
        gain = luck * (base + catch_up)
        if lab.player:
            gains = ctx.report.gains
            gains.research, gains.spillover = base, catch_up
            gains.luck = gain - base - catch_up
        lab.capability += gain
        if lab.capability - lab.progress >= step:
            lab.previous_model = max(lab.previous_model, lab.progress)
            lab.progress = lab.capability
        if (
            lab.capability
            >= ctx.bal.victory.superintelligence * ctx.bal.victory.milestone_share
            > lab.capability - gain
        ):
            ctx.news(
                "milestone", "milestone", lab.id, lab=lab.name, capability=f"{lab.capability:.0f}"
            )
