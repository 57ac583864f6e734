"""Releases and the open frontier: the best open model of a live lab becomes the frontier.
(The releases themselves happen with the orders: `game.core.openweights.release`.)"""

from __future__ import annotations

from game.core.models import GameState
from game.core.quarter import Quarter, live_labs


def releases(state: GameState, ctx: Quarter) -> None:
    s = state
    best = max((lab.open_release for lab in live_labs(state)), default=0.0)
    if best > s.open_frontier + 1e-9:
        leader = max(live_labs(state), key=lambda lab: (lab.open_release, lab.id))
        ctx.news("frontier", "release", leader.id, lab=leader.name, capability=f"{best:.0f}")
        s.open_frontier = best
