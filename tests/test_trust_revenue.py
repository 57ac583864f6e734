"""Labs at or below the open frontier do not all earn the same: a better model earns more."""

from __future__ import annotations

from game.core.engine import advance, new_game
from game.core.models import Orders


def test_labs_below_the_open_frontier_earn_by_how_good_their_model_is(content):
    state = new_game(content, "summer-2025", 3, "normal")
    labs = sorted(state.labs.values(), key=lambda lab: lab.id)
    for i, lab in enumerate(labs):
        lab.capability = 132.0 - 1.5 * i
    state.open_frontier = 140.0  # an open model better than anyone's, within the pull window
    after, _ = advance(state, Orders(), content)
    behind = [lab for lab in after.labs.values() if lab.capability < after.open_frontier]
    assert len(behind) >= 4
    ranked = sorted(behind, key=lambda lab: lab.capability)
    revenues = [lab.revenue for lab in ranked]
    assert len({round(r, 6) for r in revenues}) == len(ranked)  # not one "$975M (17%)" for all
    assert revenues == sorted(revenues)
