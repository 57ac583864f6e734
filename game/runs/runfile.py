"""Run files: a finished game as data anyone can check, and the check.

A run file is JSON: the game's version, SHA-256 hashes of its data (every file of the content's
sources: assets/ and mods) and of its engine (the Python of game/core, game/rules and the data
loaders), the scenario, lab, difficulty, seed and daily date, each quarter's orders and state
hash, and the final score. Verifying refuses a run of another version, data or engine with one
line; otherwise it replays the orders through the core from the seed and compares every
quarter's hash, then the score. Nothing in the file is run: it is read with the save reader's
limits (a regular file, at most `MAX_BYTES` counted while reading, nesting limited by the JSON
parser) and validated strictly before any quarter is played.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.core.models import Difficulty, Orders
from game.datafiles import first_problem
from game.runs import RunError

if TYPE_CHECKING:
    from game.core.config import Content
    from game.core.models import GameState

FORMAT = "talent-war-run"
VERSION = 1
MAX_BYTES = 4 * 1024 * 1024  # a run of the longest game is a few hundred KB
MAX_QUARTERS = 200
ENGINE_FILES = ("core", "rules", "content.py", "datafiles.py")  # under game/
HASH = r"^[0-9a-f]{64}$"


class RunQuarter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quarter: int = Field(ge=0, le=MAX_QUARTERS)
    orders: Orders
    state_hash: str = Field(pattern=r"^[0-9a-f]{16}$")


class RunFinal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quarter: int = Field(ge=0, le=MAX_QUARTERS + 1)
    state_hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    result: Literal["won", "lost"]
    road: str | None = Field(default=None, max_length=40)
    points: int = Field(ge=0)
    grade: str = Field(max_length=40)


class RunFile(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Talent War run file")

    format: Literal["talent-war-run"]
    version: Literal[1]
    game_version: str = Field(max_length=40)
    data_hash: str = Field(pattern=HASH)
    engine_hash: str = Field(pattern=HASH)
    mods: int = Field(ge=0, le=100, description="how many mod folders the data came from")
    scenario: str = Field(max_length=200)
    lab: str = Field(max_length=200)
    difficulty: Difficulty
    seed: int = Field(ge=0, le=2**63 - 1)
    daily: str | None = Field(default=None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    quarters: list[RunQuarter] = Field(max_length=MAX_QUARTERS)
    final: RunFinal


# --- what the run was played with --------------------------------------------------------


def _files_hash(folders: Sequence[Path], pattern: str) -> str:
    """SHA-256 of the files matching `pattern` in the folders, in order: their relative paths
    and bytes, with CRLF line ends read as LF (a checkout on Windows hashes the same)."""
    digest = hashlib.sha256()
    for i, folder in enumerate(folders):
        digest.update(f"folder {i}\0".encode())
        files = [folder] if folder.is_file() else sorted(folder.rglob(pattern))
        for path in files:
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            name = path.name if path == folder else path.relative_to(folder).as_posix()
            data = path.read_bytes().replace(b"\r\n", b"\n")
            digest.update(name.encode("utf-8") + b"\0" + f"{len(data)}\0".encode() + data)
    return digest.hexdigest()


def data_hash(content: Content) -> str:
    """The hash of the game's data: every file of the content's sources (assets/ and mods)."""
    try:
        return _files_hash([Path(s) for s in content.sources], "*")
    except OSError as e:
        raise RunError(f"cannot read the game's data: {e.strerror or e}") from None


def engine_hash() -> str:
    """The hash of the game's rules as code: the core, the rule language and the data loaders."""
    root = Path(__file__).resolve().parent.parent
    return _files_hash([root / f for f in ENGINE_FILES], "*.py")


def game_version() -> str:
    from game.saves.format import game_version as version

    return version() or "unknown"


# --- export ------------------------------------------------------------------------------


def export_run(state: GameState, content: Content) -> dict[str, Any]:
    """The run file of a finished game (refused for one still being played)."""
    from game.core.engine import state_hash
    from game.runs.verdicts import score_of

    o = state.outcome
    if o is None:
        raise RunError(
            f"the game is not finished (quarter {state.quarter}); only a finished game has a run"
        )
    score = score_of(state, content)
    run = RunFile(
        format=FORMAT,
        version=VERSION,
        game_version=game_version(),
        data_hash=data_hash(content),
        engine_hash=engine_hash(),
        mods=len(content.sources[1:]),
        scenario=state.scenario,
        lab=state.player,
        difficulty=state.difficulty,
        seed=state.seed,
        daily=state.daily,
        quarters=[
            RunQuarter(quarter=r.quarter, orders=r.orders, state_hash=r.state_hash)
            for r in state.log
        ],
        final=RunFinal(
            quarter=state.quarter,
            state_hash=state_hash(state),
            result=o.result,
            road=o.road,
            points=score.points,
            grade=score.verdict.grade,
        ),
    )
    return run.model_dump(mode="json")


def write_run(doc: dict[str, Any], path: Path) -> Path:
    """Write a run file atomically (a temporary file renamed over `path`)."""
    from game.saves import replace_file

    text = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    try:
        if path.is_dir():
            raise RunError(f"{path}: is a folder; name the run file to write")
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, text.encode("utf-8"), mode=0o644)  # a run is for sharing
    except OSError as e:
        raise RunError(f"{path}: cannot write the run: {e.strerror or e}") from None
    return path


def run_name(state: GameState) -> str:
    """A file name for the run of `state`."""
    head = f"daily-{state.daily}" if state.daily else "run"
    return f"{head}-{state.scenario}-{state.player}-{state.difficulty}-{state.seed}.json"


# --- reading and verifying ---------------------------------------------------------------


def read_run(path: Path) -> RunFile:
    """A run file, read with the limits of a save and validated; raises RunError."""
    from game.saves import SaveError, read_bytes

    where = str(path)
    try:
        raw = read_bytes(path, MAX_BYTES)
    except SaveError as e:
        raise RunError(
            str(e).replace("no such save", "no such file").replace("a save", "a run file")
        ) from None
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError as e:
        raise RunError(f"{where}: not a run file (not UTF-8 text at byte {e.start})") from None
    except RecursionError:
        raise RunError(f"{where}: not a run file (nested too deeply)") from None
    except ValueError as e:
        raise RunError(f"{where}: not a run file (not valid JSON: {e})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RunError(f"{where}: not a Talent War run file")
    if doc.get("version") != VERSION:
        found = str(doc.get("version"))[:20]
        raise RunError(f"{where}: a run file of format version {found}; this game reads {VERSION}")
    version = doc.get("game_version")
    if version != game_version():
        shown = str(version)[:40]
        raise RunError(
            f"{where}: made by Talent War {shown}, this is {game_version()}: "
            "only the same version can verify it"
        )
    try:
        return RunFile.model_validate_json(raw, strict=True)
    except ValidationError as e:
        raise RunError(f"{where}: not a valid run file ({first_problem(e)})") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


@dataclass(frozen=True)
class Verified:
    """A run that replays: the state it reaches and its score."""

    state: GameState
    points: int
    title: str
    quarters: int


@dataclass(frozen=True)
class Mismatch:
    """A run that does not: the first quarter whose state differs, and how."""

    quarter: int
    expected: str
    got: str


def verify(run: RunFile, content: Content, where: str = "the run") -> Verified | Mismatch:
    """Replay a run against this game's content: RunError when it cannot be checked here
    (other data or engine, an unknown scenario or seat, a daily date that does not match)."""
    from game.core.engine import new_game, state_hash
    from game.core.models import OrderRecord
    from game.runs.daily import DIFFICULTY, challenge
    from game.runs.verdicts import score_of
    from game.saves.replay import replay_records

    if run.engine_hash != engine_hash():
        raise RunError(f"{where}: made with another build of the game's engine; cannot verify")
    if run.data_hash != data_hash(content):
        hint = f" (it was played with {run.mods} mod folder(s): give them with --mods)"
        raise RunError(
            f"{where}: made with other game data (rules, scenarios or numbers differ); "
            f"cannot verify{hint if run.mods else ''}"
        )
    if run.scenario not in content.scenarios:
        raise RunError(f"{where}: scenario {run.scenario[:60]!r} is not in this game")
    if run.daily is not None:
        scenario, seed = challenge(run.daily, content.scenarios)
        if (run.scenario, run.seed, run.difficulty) != (scenario, seed, DIFFICULTY):
            raise RunError(
                f"{where}: claims to be the daily run of {run.daily}, whose challenge is "
                f"{scenario} seed {seed} on {DIFFICULTY}, not {run.scenario[:60]} seed {run.seed} "
                f"on {run.difficulty}"
            )
    sc = content.scenarios[run.scenario]
    if len(run.quarters) > sc.last_quarter + 1:
        raise RunError(
            f"{where}: {len(run.quarters)} quarters, more than {run.scenario} lasts "
            f"({sc.last_quarter + 1})"
        )
    from game.core.engine import SeatError

    if run.daily is not None and run.lab != sc.player:
        raise RunError(
            f"{where}: claims to be the daily run of {run.daily}, played in the seat "
            f"{sc.player}, not {run.lab[:60]}"
        )
    try:
        start = new_game(content, run.scenario, run.seed, run.difficulty, run.lab)
    except SeatError as e:
        raise RunError(f"{where}: {e}") from None
    records = [
        OrderRecord(quarter=q.quarter, orders=q.orders, state_hash=q.state_hash)
        for q in run.quarters
    ]
    result, state = replay_records(start, records, content)
    if not result.ok:
        assert result.first_mismatch is not None
        return Mismatch(result.first_mismatch, result.expected or "", result.got or "")
    got = state_hash(state)
    if state.outcome is None:
        return Mismatch(state.quarter, run.final.state_hash, "the game is not over there")
    if got != run.final.state_hash or state.quarter != run.final.quarter:
        return Mismatch(state.quarter, run.final.state_hash, got)
    state.daily = run.daily
    score = score_of(state, content)
    if score.points != run.final.points or score.verdict.grade != run.final.grade:
        return Mismatch(
            state.quarter,
            f"{run.final.points} points ({run.final.grade[:40]})",
            f"{score.points} points ({score.verdict.grade})",
        )
    return Verified(state, score.points, score.verdict.title, len(records))


__all__ = [
    "MAX_BYTES",
    "Mismatch",
    "RunFile",
    "Verified",
    "data_hash",
    "engine_hash",
    "export_run",
    "read_run",
    "run_name",
    "verify",
    "write_run",
]
