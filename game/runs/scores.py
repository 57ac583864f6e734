"""The local high-score table: `<saves folder>/scores/high-scores.json`.

One list of entries, shown as one table per kind of game (scenario, lab, difficulty, and the
date for daily runs, each day's challenge apart), the best `KEEP` of each kind kept. A game is
recorded once: an entry is known by its final state's hash, and recording it again changes
nothing. The file is read with the save reader's limits; a damaged one is moved aside to
`high-scores.json.broken` (never overwritten) and a new table started.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.datafiles import first_problem
from game.runs import RunError

if TYPE_CHECKING:
    from game.core.config import Content
    from game.core.models import GameState
    from game.core.score import Score

FOLDER = "scores"
FILE = "high-scores.json"
FORMAT = "talent-war-scores"
KEEP = 10  # entries kept per kind of game
MAX_BYTES = 4 * 1024 * 1024
MAX_ENTRIES = 5000

Kind = tuple[str, str, str, str | None]  # scenario, lab, difficulty, daily date


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(max_length=200)
    lab: str = Field(max_length=200)
    lab_name: str = Field(max_length=200)
    difficulty: Literal["easy", "normal", "hard"]
    daily: str | None = Field(default=None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    seed: int = Field(ge=0)
    points: int = Field(ge=0)
    grade: str = Field(max_length=40)
    title: str = Field(max_length=40)
    result: Literal["won", "lost"]
    road: str | None = Field(default=None, max_length=40)
    quarter: str = Field(max_length=20)  # the last quarter played, e.g. 2029-Q1
    by: str = Field(max_length=40)  # "you", or the bot that played it
    run: str = Field(pattern=r"^[0-9a-f]{16}$")  # the final state's hash
    when: str = Field(max_length=20)  # the date it was recorded

    @property
    def kind(self) -> Kind:
        return (self.scenario, self.lab, self.difficulty, self.daily)


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["talent-war-scores"] = FORMAT
    version: Literal[1] = 1
    entries: list[Entry] = Field(default_factory=list, max_length=MAX_ENTRIES)

    def of_kind(self, kind: Kind) -> list[Entry]:
        return ranked([e for e in self.entries if e.kind == kind])

    def kinds(self) -> list[Kind]:
        seen: dict[Kind, None] = {}
        for e in self.entries:
            seen.setdefault(e.kind, None)
        return sorted(seen, key=lambda k: (k[3] is not None, k[3] or "", k[0], k[1], k[2]))


def ranked(entries: list[Entry]) -> list[Entry]:
    """Best first; among equal scores the one recorded first."""
    return sorted(entries, key=lambda e: -e.points)


def table_path(saves: str | Path | None = None) -> Path:
    from game.saves import saves_dir

    return saves_dir(saves) / FOLDER / FILE


def read_table(path: Path) -> Table:
    """The table in `path` (an empty one when there is no file); RunError when it is damaged."""
    from game.saves import SaveError, read_bytes

    if not path.exists() and not path.is_symlink():
        return Table()
    try:
        raw = read_bytes(path, MAX_BYTES)
    except SaveError as e:
        raise RunError(str(e).replace("to be a save", "to be a score table")) from None
    try:
        return Table.model_validate_json(raw, strict=True)
    except ValidationError as e:
        raise RunError(f"{path}: not a score table ({first_problem(e)})") from None


def kind_of(state: GameState) -> Kind:
    return (state.scenario, state.player, state.difficulty, state.daily)


def entry_for(
    state: GameState, content: Content, score: Score, *, by: str = "you", when: str = ""
) -> Entry:
    from game.core.calendar import quarter_label
    from game.core.engine import state_hash

    o = state.outcome
    bal = content.balance
    last = o.quarter if o is not None else state.quarter
    return Entry(
        scenario=state.scenario,
        lab=state.player,
        lab_name=state.player_lab.name[:200],
        difficulty=state.difficulty,
        daily=state.daily,
        seed=state.seed,
        points=score.points,
        grade=score.verdict.grade,
        title=score.verdict.title,
        result=o.result if o is not None else "lost",
        road=o.road if o is not None else None,
        quarter=quarter_label(last, bal.start_year, bal.start_quarter),
        by=by,
        run=state_hash(state),
        when=when,
    )


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time (two browser tabs finishing at once), where the system allows."""
    try:
        import fcntl
    except ImportError:  # (not POSIX: the last writer wins)
        yield
        return
    with open(folder / ".lock", "a+b") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _write(path: Path, table: Table) -> None:
    from game.saves import replace_file

    data = json.dumps(table.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"
    replace_file(path, data.encode("utf-8"))


def record(entry: Entry, saves: str | Path | None = None) -> tuple[list[Entry], str | None]:
    """Add `entry` to the table (once: a game already in it is not added again) and keep the
    best `KEEP` of its kind. Returns the table of its kind and a note for the player (a
    damaged table moved aside), or raises RunError when the folder cannot be written."""
    from game.saves import move_aside

    path = table_path(saves)
    note = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path.parent):
            try:
                table = read_table(path)
            except RunError as e:
                aside = move_aside(path)
                note = f"{e}; it was moved to {aside.name} and a new table started"
                table = Table()
            if not any(e.run == entry.run and e.kind == entry.kind for e in table.entries):
                table.entries.append(entry)
                keep = {id(e) for e in table.of_kind(entry.kind)[:KEEP]}
                table.entries = [e for e in table.entries if e.kind != entry.kind or id(e) in keep]
                table.entries = table.entries[-MAX_ENTRIES:]
                _write(path, table)
    except OSError as e:
        raise RunError(f"{path}: cannot record the score: {e.strerror or e}") from None
    return table.of_kind(entry.kind), note


def record_game(
    state: GameState,
    content: Content,
    saves: str | Path | None = None,
    *,
    by: str = "you",
) -> tuple[Score, Entry, list[Entry], str | None]:
    """Score a finished game and record it: its score, its entry, its kind's table and a note."""
    from game.runs.daily import today
    from game.runs.verdicts import score_of

    score = score_of(state, content)
    entry = entry_for(state, content, score, by=by, when=today())
    entries, note = record(entry, saves)
    return score, entry, entries, note


def kind_title(kind: Kind, lab_name: str | None = None) -> str:
    scenario, lab, difficulty, daily = kind
    head = f"Daily {daily} · " if daily else ""
    return f"{head}{scenario} · {lab_name or lab} · {difficulty}"


__all__ = [
    "KEEP",
    "Entry",
    "Table",
    "entry_for",
    "kind_of",
    "kind_title",
    "read_table",
    "record",
    "record_game",
    "table_path",
]
