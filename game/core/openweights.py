"""The open-weights rules shared by the quarter's phases and the advice: what a release opens,
how near an open model is to the open frontier, and how much ecosystem spend it carries."""

from __future__ import annotations

from game.core.config import EconomyNumbers, OpenNumbers
from game.core.models import GameState, Lab
from game.core.quarter import Quarter


def release_level(lab: Lab, which: str) -> float:
    """The capability a release opens: the current model's, or the previous one's."""
    return lab.capability if which == "current" else lab.previous_model


def opened_after(lab: Lab, which: str) -> float:
    """The lab's open model once this quarter's release choice ("keep", "current" or
    "previous") is made."""
    if which == "keep":
        return lab.open_release
    return max(lab.open_release, release_level(lab, which))


def open_nearness(open_release: float, frontier: float, op: OpenNumbers) -> float:
    """How far an open model reaches into the pull window below the open frontier: 0 for one a
    whole window (or more) behind, `pull_window` for one at the frontier."""
    return max(0.0, open_release - (frontier - op.pull_window))


def reach(near: float, op: OpenNumbers) -> float:
    """The share of ecosystem spend that works (0..1) for an open model `near` into the window."""
    return op.spend_floor + (1 - op.spend_floor) * min(1.0, near / op.pull_window)


def spend_gain(spend: float, open_release: float, frontier: float, op: OpenNumbers) -> float:
    """Developers (thousands) a quarter's ecosystem spend brings, for an open model
    `open_release` and the open frontier the market meets."""
    return op.ecosystem_per_spend * reach(open_nearness(open_release, frontier, op), op) * spend


def grant_reach(open_release: float, frontier: float, op: OpenNumbers) -> float:
    """How much of its full effect ecosystem spend has (0..1): developers come for a good open
    model, so grants and devrel work in full for one at the open frontier, down to
    `spend_floor` for one a whole pull window (or more) behind it, or none at all."""
    return reach(open_nearness(open_release, frontier, op), op)


def grant_reach_after(lab: Lab, which: str, frontier: float, op: OpenNumbers) -> float:
    """`grant_reach` of this quarter's ecosystem spend once the release choice `which` is made:
    releases move the open frontier before the market does, so a release at the frontier
    meets a frontier at its own level."""
    opened = opened_after(lab, which)
    return grant_reach(opened, max(frontier, opened), op)


def ecosystem_after(
    ecosystem: float, open_release: float, frontier: float, spend: float, op: OpenNumbers
) -> float:
    """A lab's developers (thousands) after a quarter's markets: last quarter's, decayed (less
    for an open model near the frontier), plus its spend's gain and its open model's pull."""
    behind = frontier - open_release
    near_frontier = open_release > 0 and behind < op.decay_near_gap
    decay = op.ecosystem_decay * (op.decay_near if near_frontier else 1.0)
    pull = op.ecosystem_pull * open_nearness(open_release, frontier, op)
    gain = spend_gain(spend, open_release, frontier, op)
    return max(0.0, ecosystem * (1 - decay) + gain + pull)


def moat(lab: Lab, frontier: float) -> float:
    """How far the lab's closed model is ahead of every open one (its own and the frontier):
    the gap its API revenue comes from. Negative when it is behind."""
    return lab.capability - max(frontier, lab.open_release)


def api_weight(
    lab: Lab, frontier: float, econ: EconomyNumbers, op: OpenNumbers, serves_open: bool = False
) -> float:
    """The lab's pull on API demand: its moat to the power `moat_power`, weighed by the trust
    its reputation earns; or, for a model at or below the open frontier (or one it just opened
    itself), open-model prices for a model as good as it is near the open frontier."""
    gap = moat(lab, frontier)
    if gap > 0 and not serves_open:
        return gap**econ.moat_power * (lab.reputation / 100) ** econ.reputation_power
    return econ.moat_floor * reach(open_nearness(lab.capability, frontier, op), op)


def release(state: GameState, ctx: Quarter, lab: Lab, which: str) -> None:
    """Open the weights of the current or previous model (if it is newer than the last one)."""
    level = release_level(lab, which)
    if level <= lab.open_release + 1e-9:
        return
    op = ctx.bal.open
    floor = max(lab.open_release, state.open_frontier - op.pull_window)
    gain = op.ecosystem_per_release * max(1.0, level - floor)
    lab.open_release = level
    lab.releases.append(ctx.q)
    if which == "current":
        ctx.opened_current.add(lab.id)
    lab.ecosystem += gain
    lab.reputation = min(100.0, lab.reputation + op.release_reputation)
    if lab.player:
        ctx.report.released = which
    key = "release" if which == "current" else "release_previous"
    ctx.news(key, "release", lab.id, lab=lab.name, capability=f"{level:.0f}")
