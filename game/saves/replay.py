"""Replay as a determinism check: rebuild a game from its seed and order log, and compare
every quarter's state hash with the one recorded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.core.models import GameState, OrderRecord
from game.saves.format import SaveError, SaveFile
from game.saves.store import check_mods, load_save

if TYPE_CHECKING:
    from game.core.config import Content


@dataclass(frozen=True)
class ReplayResult:
    """The outcome of replaying a game from its seed and order log.

    `quarters_checked` counts the quarters compared, including the first that differs.
    `first_mismatch` is that quarter's number (0 = the scenario's first quarter); `expected`
    is the hash in the log and `got` the hash the replay produced (or why it could not).
    """

    ok: bool
    quarters_checked: int
    first_mismatch: int | None = None
    expected: str | None = None
    got: str | None = None


def replay(
    state_or_save: GameState | SaveFile | str | Path,
    dir: str | Path | None = None,
    *,
    content: Content | None = None,
    mods: Sequence[str | Path] | None = None,
) -> ReplayResult:
    """Rebuild a game from its seed and order log and check every quarter's state hash.

    Accepts a state, a loaded save, or a save name/path (loaded with `load_save`). The content
    is, in order: `content`, the content of `mods`, the save's mods (refused when they are gone
    or changed since the save), the base game. A file that cannot be read or content that
    cannot start the game raises SaveError; a quarter whose orders the core refuses counts as
    that quarter differing.
    """
    from game.core.engine import new_game, state_hash

    if isinstance(state_or_save, GameState):
        state, save = state_or_save, None
    else:
        save = (
            state_or_save if isinstance(state_or_save, SaveFile) else load_save(state_or_save, dir)
        )
        state = save.state
    if content is None:
        from game.content import ContentError, load_content

        if mods is None and save is not None:
            check_mods(save.meta, "cannot replay")
            mods = save.meta.mods
        try:
            content = load_content([*(mods or [])])
        except ContentError as e:
            raise SaveError(f"cannot load the mods this game was played with: {e}") from None

    if state.scenario not in content.scenarios:
        raise SaveError(
            f"cannot replay: scenario {state.scenario!r} is not in the game's content "
            "(was it played with a mod?)"
        )
    try:
        current = new_game(content, state.scenario, state.seed, state.difficulty, state.player)
    except Exception as e:  # content that cannot start this game
        raise SaveError(f"cannot replay: cannot start the game: {_short(e)}") from None
    result, current = replay_records(current, state.log, content)
    if not result.ok:
        return result
    checked = result.quarters_checked
    final_expected, final_got = state_hash(state), state_hash(current)
    if final_expected != final_got:
        # the log replays, but the saved state is not where it leads
        return ReplayResult(False, checked, state.quarter, final_expected, final_got)
    return ReplayResult(True, checked)


def replay_records(
    start: GameState, records: Sequence[OrderRecord], content: Content
) -> tuple[ReplayResult, GameState]:
    """Play `records` (each quarter's orders and the state hash after it) from `start`; stop at
    the first quarter whose hash differs. Returns the result and the state reached."""
    from game.core.engine import advance, state_hash

    current = start
    checked = 0
    for record in records:
        checked += 1
        if record.quarter != current.quarter:
            skip = f"the log skips from quarter {current.quarter} to {record.quarter}"
            return ReplayResult(False, checked, record.quarter, record.state_hash, skip), current
        try:
            current, _ = advance(current, record.orders, content)
        except Exception as e:  # refused orders (OrderError) or a core failure on them
            why = f"orders refused: {_short(e)}"
            return ReplayResult(False, checked, record.quarter, record.state_hash, why), current
        got = state_hash(current)
        if got != record.state_hash:
            return ReplayResult(False, checked, record.quarter, record.state_hash, got), current
    return ReplayResult(True, checked), current


def _short(e: BaseException, limit: int = 160) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
