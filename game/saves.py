"""Saving, loading, autosaving and replaying games: the only code that writes game files.

A save is one JSON file, `<saves dir>/<name>.json`:

    {"format": "talent-war-save", "version": 1, "checksum": "<sha256>",
     "saved_at": "<ISO time>", "meta": {...}, "state": {...GameState...}}

The checksum is the SHA-256 of the canonical JSON (sorted keys, no spaces) of every other field,
so a truncated, corrupted or hand-edited file is refused instead of played. Writing is atomic
(temporary file in the same folder, flush, fsync, rename, fsync the folder) and the previous
version of a save is kept as `<name>.json.bak`. Loading never writes anything.

Every problem a player can cause (a bad name, a bad file) raises `SaveError`: one line, naming
the file and what is wrong. Older formats are upgraded on load through `MIGRATIONS`; a file from
a newer version of the game is refused.

This module is a pure library: no Textual, no Rich, no printing (see `game.save_commands`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import to_json

from game.core.calendar import quarter_label
from game.core.models import Difficulty, GameState

if TYPE_CHECKING:
    from game.core.config import Content

FORMAT = "talent-war-save"
CURRENT_VERSION = 1
SUFFIX = ".json"
BACKUP_SUFFIX = ".json.bak"
AUTOSAVE_PREFIX = "autosave-"
MAX_NAME = 64
MAX_BYTES = 256 * 1024 * 1024  # a save bigger than this is not one of ours
STALE_TEMP_SECONDS = 60.0  # leftovers of a killed save older than this are cleaned up
ENV_VAR = "TALENT_WAR_SAVES"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "save.schema.json"


class SaveError(ValueError):
    """A save that cannot be written or read; the message is one line and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


# --- the file format -------------------------------------------------------------------


class SaveMeta(BaseModel):
    """What the load screen shows without looking inside the state; derived from it."""

    model_config = ConfigDict(extra="forbid")

    quarter: int = Field(ge=0, description="quarters played (0 = the scenario's start)")
    quarter_label: str = Field(description="the quarter as the player sees it, e.g. 2026-Q1")
    lab: str = Field(description="the player's lab name")
    cash: float = Field(description="the player's cash, $M")
    scenario: str
    difficulty: Difficulty
    seed: int
    mods: list[str] = Field(
        default_factory=list, description="mod folders the game was played with, in order"
    )
    outcome: Literal["won", "lost"] | None = None
    game_version: str = ""


class SaveFile(BaseModel):
    """One save file, as written to disk."""

    model_config = ConfigDict(extra="forbid", title="Talent War save file")

    format: Literal["talent-war-save"]
    version: Literal[1]
    checksum: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the canonical JSON (sorted keys, no spaces) of the other fields",
    )
    saved_at: str = Field(description="when it was saved, ISO 8601 (metadata only)")
    meta: SaveMeta
    state: GameState

    @field_validator("saved_at")
    @classmethod
    def _iso_time(cls, value: str) -> str:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not an ISO 8601 time: {value!r}") from None
        return value


@dataclass(frozen=True)
class SaveInfo:
    """One entry of the saves folder, for listings; a broken file has `error` set."""

    name: str
    path: Path
    quarter: str | None = None  # the quarter label, e.g. 2026-Q1
    lab: str | None = None
    cash: float | None = None
    saved_at: str | None = None
    error: str | None = None
    scenario: str | None = None
    difficulty: str | None = None
    outcome: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def autosave(self) -> bool:
        return self.name.startswith(AUTOSAVE_PREFIX)


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


def canonical_json(data: Any) -> bytes:
    """The canonical bytes the checksum is computed over."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def checksum(doc: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of every field except the checksum itself."""
    payload = {k: v for k, v in doc.items() if k != "checksum"}
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def save_schema() -> dict[str, Any]:
    """The JSON Schema of a save file (committed as schema/save.schema.json)."""
    schema = SaveFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://talent-war.invalid/schema/save.schema.json"
    return schema


def schema_text() -> str:
    return json.dumps(save_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: str | Path = SCHEMA_PATH) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


# --- migrations ------------------------------------------------------------------------


def _v0_to_v1(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (the first prototype's format) to version 1.

    Version 0 had no checksum and no meta block: `{"format", "version": 0, "saved": ISO time,
    "label": quarter label, "mods": [...], "game": GameState}`, and each order-log entry kept its
    state hash as `hash`. Version 1 renames `game` to `state`, `saved` to `saved_at` and the log's
    `hash` to `state_hash`, and adds the meta block and the checksum (added by `migrate`).
    """
    game = doc["game"]
    if not isinstance(game, dict):
        raise TypeError("'game' is not an object")
    log = game.get("log", [])
    if not isinstance(log, list):
        raise TypeError("'game.log' is not a list")
    new_log = []
    for entry in log:
        if not isinstance(entry, dict):
            raise TypeError("an entry of 'game.log' is not an object")
        entry = dict(entry)
        if "hash" in entry:
            entry["state_hash"] = entry.pop("hash")
        new_log.append(entry)
    state = {**game, "log": new_log}
    player = state["player"]
    lab = state["labs"][player]
    outcome = state.get("outcome")
    meta = {
        "quarter": state.get("quarter", 0),
        "quarter_label": doc.get("label") or quarter_label(state.get("quarter", 0)),
        "lab": lab["name"],
        "cash": lab["cash"],
        "scenario": state["scenario"],
        "difficulty": state["difficulty"],
        "seed": state["seed"],
        "mods": list(doc.get("mods", [])),
        "outcome": outcome.get("result") if isinstance(outcome, dict) else None,
        "game_version": "",
    }
    return {
        "format": doc["format"],
        "version": 1,
        "saved_at": doc.get("saved") or "1970-01-01T00:00:00+00:00",
        "meta": meta,
        "state": state,
    }


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}
"""Each entry upgrades a raw save dict from version v to v + 1."""

CHECKSUM_SINCE = 1  # the first version whose files carry a checksum


def migrate(doc: dict[str, Any], where: str = "save") -> dict[str, Any]:
    """Upgrade a raw save dict to CURRENT_VERSION (and give it a checksum); never touches disk."""
    version = doc["version"]
    if version == CURRENT_VERSION:
        return doc
    while version < CURRENT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveError(f"{where}: cannot upgrade a version {version} save (no migration)")
        try:
            doc = step(doc)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
            what = f"missing {e}" if isinstance(e, KeyError) else str(e)
            raise SaveError(
                f"{where}: cannot upgrade this version {version} save: {what}"
            ) from None
        version += 1
        doc["version"] = version
    doc = {k: v for k, v in doc.items() if k != "checksum"}
    try:
        doc["checksum"] = checksum(doc)
    except ValueError as e:
        raise SaveError(f"{where}: cannot upgrade this save: {e}") from None
    return doc


# --- names and folders -----------------------------------------------------------------

_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def saves_dir(explicit: str | Path | None = None) -> Path:
    """The saves folder: an explicit one, else $TALENT_WAR_SAVES, else ./saves."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path.cwd() / "saves"


def validate_name(name: str) -> str:
    """A save name is a plain file name: letters, digits, spaces, `-`, `_` and `.`.

    Returns the name unchanged; raises SaveError saying what is wrong.
    """
    if not isinstance(name, str):
        raise SaveError(f"a save name must be text, not {type(name).__name__}")
    shown = repr(name) if len(name) <= MAX_NAME + 10 else repr(name[: MAX_NAME + 10] + "…")
    if name.strip() == "":
        raise SaveError("a save name cannot be empty")
    if len(name) > MAX_NAME:
        raise SaveError(
            f"save name {shown} is too long ({len(name)} characters; at most {MAX_NAME})"
        )
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise SaveError(f"save name {shown} contains a control character")
    if "/" in name or "\\" in name or os.sep in name or (os.altsep and os.altsep in name):
        raise SaveError(f"save name {shown} contains a path separator; use a plain name")
    if ".." in name:
        raise SaveError(f"save name {shown} contains '..'; use a plain name")
    if Path(name).is_absolute() or re.match(r"^[A-Za-z]:", name):
        raise SaveError(f"save name {shown} is a path; use a plain name")
    if name.startswith("."):
        raise SaveError(f"save name {shown} cannot start with a dot")
    if name != name.strip():
        raise SaveError(f"save name {shown} cannot start or end with a space")
    if name.endswith("."):
        raise SaveError(f"save name {shown} cannot end with a dot")
    bad = [c for c in name if not (c.isalnum() or c in " -_.")]
    if bad:
        raise SaveError(
            f"save name {shown} contains {bad[0]!r}; use letters, digits, spaces, - _ and ."
        )
    if name.lower().endswith(SUFFIX):
        raise SaveError(f"save name {shown} should not end in {SUFFIX} (it is added)")
    if _RESERVED.match(name):
        raise SaveError(f"save name {shown} is reserved on some systems; choose another")
    return name


def save_path(name: str, dir: str | Path | None = None) -> Path:
    """Where the save called `name` lives (the name is checked)."""
    return saves_dir(dir) / f"{validate_name(name)}{SUFFIX}"


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def resolve(name_or_path: str | Path, dir: str | Path | None = None) -> Path:
    """A save name (looked up in the saves folder) or a path to a save file."""
    if isinstance(name_or_path, Path):
        return name_or_path
    text = str(name_or_path)
    looks_like_path = (
        "/" in text
        or "\\" in text
        or text.lower().endswith(SUFFIX)
        or text.lower().endswith(BACKUP_SUFFIX)
    )
    if looks_like_path:
        path = Path(text)
        if not path.is_absolute() and not path.exists():
            in_dir = saves_dir(dir) / path
            if in_dir.exists():
                return in_dir
        return path
    return save_path(text, dir)


def exists(name: str, dir: str | Path | None = None) -> bool:
    """Whether a save called `name` exists (to ask before overwriting it)."""
    return save_path(name, dir).exists()


# --- writing ---------------------------------------------------------------------------


@functools.cache
def _game_version() -> str:
    try:
        from importlib.metadata import version

        return version("talent-war")
    except Exception:
        return ""


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(saved_at: datetime | str | None) -> str:
    if saved_at is None:
        saved_at = _now()
    if isinstance(saved_at, datetime):
        if saved_at.tzinfo is None:
            saved_at = saved_at.replace(tzinfo=UTC)
        return saved_at.isoformat(timespec="seconds")
    datetime.fromisoformat(saved_at)  # raises ValueError when it is not a time
    return saved_at


def _label(state: GameState, content: Content | None) -> str:
    if content is not None:
        bal = content.balance
        return quarter_label(state.quarter, bal.start_year, bal.start_quarter)
    return quarter_label(state.quarter)


def _mods(content: Content | None, mods: Sequence[str | Path] | None) -> list[str]:
    if mods is not None:
        return [str(m) for m in mods]
    if content is not None:
        return [str(m) for m in content.sources[1:]]
    return []


def make_meta(
    state: GameState,
    *,
    content: Content | None = None,
    mods: Sequence[str | Path] | None = None,
) -> SaveMeta:
    lab = state.labs[state.player]
    return SaveMeta(
        quarter=state.quarter,
        quarter_label=_label(state, content),
        lab=lab.name,
        cash=lab.cash,
        scenario=state.scenario,
        difficulty=state.difficulty,
        seed=state.seed,
        mods=_mods(content, mods),
        outcome=state.outcome.result if state.outcome is not None else None,
        game_version=_game_version(),
    )


def encode(
    state: GameState,
    *,
    saved_at: datetime | str | None = None,
    content: Content | None = None,
    mods: Sequence[str | Path] | None = None,
    pretty: bool = True,
) -> bytes:
    """The bytes of a save file for `state` (JSON with its checksum).

    `pretty` indents the JSON for people who open the file; autosaves, written at every
    quarter's end, are compact. Both load the same: the checksum is over the canonical JSON,
    whatever the layout of the file.
    """
    if not isinstance(state, GameState):
        raise SaveError(f"cannot save a {type(state).__name__}; expected a GameState")
    if state.player not in state.labs:
        raise SaveError(f"cannot save: the player's lab {state.player!r} is not in the game")
    try:
        when = _iso(saved_at)
    except ValueError:
        raise SaveError(f"cannot save: saved_at {saved_at!r} is not an ISO 8601 time") from None
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": CURRENT_VERSION,
        "checksum": "",
        "saved_at": when,
        "meta": make_meta(state, content=content, mods=mods).model_dump(mode="json"),
        "state": state.model_dump(mode="json"),
    }
    try:
        doc["checksum"] = checksum(doc)  # (refuses NaN and infinity, as JSON does)
        if pretty:
            # pydantic-core's encoder indents as fast as `json` writes compact JSON; its floats
            # are the shortest that read back exactly, like Python's own
            text = to_json(doc, indent=1).decode("utf-8")
        else:
            text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError as e:  # NaN or infinity somewhere in the state
        raise SaveError(
            f"cannot save: the game state holds a number JSON cannot store ({e})"
        ) from None
    # never write a file that would not load: a state the core left invalid is refused here
    try:
        _validate(text, "the game state")
    except SaveError as e:
        raise SaveError(f"cannot save: {e}") from None
    return (text + "\n").encode("utf-8")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_temp(folder: Path, prefix: str, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _is_good_save(path: Path) -> bool:
    try:
        _read(path)
    except SaveError:
        return False
    return True


def _keep_previous(path: Path, prefix: str) -> None:
    """Before `path` is replaced: keep it as `<name>.json.bak` if it is a good save.

    A broken file is never overwritten and never replaces a good backup: it is moved aside to
    `<name>.json.broken` (or `.broken-2`, ...). The current file stays in place until the new one
    replaces it, so there is no moment without a `<name>.json`.
    """
    if not path.is_file():
        return
    folder = path.parent
    if _is_good_save(path):
        bak = backup_path(path)
        link_tmp = folder / f"{prefix}bak.{os.getpid()}.{time.monotonic_ns()}.tmp"
        try:
            os.link(path, link_tmp)  # a second name for the same bytes: atomic, no copy
        except OSError:
            link_tmp = _write_temp(folder, prefix, path.read_bytes())
        try:
            os.replace(link_tmp, bak)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(link_tmp)
            raise
        return
    aside = path.with_name(path.name + ".broken")
    n = 2
    while aside.exists():
        aside = path.with_name(f"{path.name}.broken-{n}")
        n += 1
    os.replace(path, aside)


def _clean_stale_temps(folder: Path, prefix: str) -> None:
    cutoff = time.time() - STALE_TEMP_SECONDS
    for leftover in folder.glob(f"{glob_escape(prefix)}*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def glob_escape(text: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", text)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` so that a crash at any moment leaves either the old or the new file.

    The previous good version is kept as `<path>.bak`.
    """
    folder = path.parent
    prefix = f".{path.name}."
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise SaveError(f"{path}: cannot save: a folder has that name")
        tmp = _write_temp(folder, prefix, data)
        try:
            _keep_previous(path, prefix)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(folder)
        _clean_stale_temps(folder, prefix)
    except OSError as e:
        raise SaveError(f"{path}: cannot save: {e.strerror or e}") from None
    return path


def save_game(
    state: GameState,
    name: str,
    dir: str | Path | None = None,
    *,
    saved_at: datetime | str | None = None,
    content: Content | None = None,
    mods: Sequence[str | Path] | None = None,
    pretty: bool = True,
) -> Path:
    """Save `state` as `<saves dir>/<name>.json`, atomically; returns the path written.

    `content` (or `mods`) records the mod folders the game uses, so that continuing and
    replaying load the same rules; `content` also gives the quarter's label its calendar.
    `pretty` indents the JSON (see `encode`).
    """
    path = save_path(name, dir)
    data = encode(state, saved_at=saved_at, content=content, mods=mods, pretty=pretty)
    return write_atomic(path, data)


def autosave(
    state: GameState,
    dir: str | Path | None = None,
    keep: int = 3,
    saved_at: datetime | str | None = None,
    *,
    content: Content | None = None,
    mods: Sequence[str | Path] | None = None,
) -> Path:
    """Save as `autosave-<quarter label>` and delete all but the `keep` newest autosaves.

    Autosaves are compact JSON (not indented): they are written at every quarter's end."""
    name = f"{AUTOSAVE_PREFIX}{_label(state, content)}"
    try:
        validate_name(name)
    except SaveError:
        name = f"{AUTOSAVE_PREFIX}{state.quarter}"
    path = save_game(state, name, dir, saved_at=saved_at, content=content, mods=mods, pretty=False)
    prune_autosaves(path.parent, keep=keep, protect=path)
    return path


def prune_autosaves(
    dir: str | Path | None = None, keep: int = 3, protect: Path | None = None
) -> list[Path]:
    """Delete autosaves (and their backups) beyond the `keep` most recently written."""
    folder = saves_dir(dir)
    found = []
    for path in folder.glob(f"{AUTOSAVE_PREFIX}*{SUFFIX}"):
        try:
            found.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:
            continue
    found.sort(reverse=True)
    survivors = {p for _, _, p in found[: max(0, keep)]}
    if protect is not None:
        survivors.add(protect)
    removed = []
    for _, _, path in found:
        if path in survivors:
            continue
        for victim in (path, backup_path(path)):
            with contextlib.suppress(FileNotFoundError):
                victim.unlink()
        removed.append(path)
    return removed


# --- reading ---------------------------------------------------------------------------


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json_problem(e: json.JSONDecodeError, text: str) -> str:
    if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):
        return f"the file is truncated (the JSON ends early at line {e.lineno})"
    return f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}"


def _pydantic_problem(e: ValidationError) -> str:
    errors = e.errors(include_url=False)
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "file"
    msg = first["msg"]
    if first["type"] not in ("missing", "extra_forbidden") and "input" in first:
        shown = repr(first["input"])
        if len(shown) <= 40:
            msg = f"{msg} (found {shown})"
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where}: {msg}{more}"


def _check_references(state: GameState) -> str | None:
    """Cross-references pydantic cannot see; a hand-edited save must not crash the core."""
    if state.player not in state.labs:
        return f"state.player: no lab {state.player!r}"
    if not state.labs[state.player].player:
        return f"state.labs.{state.player}.player: the player's lab is not marked as the player's"
    for key, lab in state.labs.items():
        if lab.id != key:
            return f"state.labs.{key}.id: is {lab.id!r}, should be {key!r}"
    for key, r in state.researchers.items():
        if r.id != key:
            return f"state.researchers.{key}.id: is {r.id!r}, should be {key!r}"
        if r.lab is not None and r.lab not in state.labs:
            return f"state.researchers.{key}.lab: no lab {r.lab!r}"
    for i, a in enumerate(state.approaches):
        if a.lab not in state.labs:
            return f"state.approaches.{i}.lab: no lab {a.lab!r}"
        if a.researcher not in state.researchers:
            return f"state.approaches.{i}.researcher: no researcher {a.researcher!r}"
    return None


def _check_meta(save: SaveFile) -> str | None:
    m, s = save.meta, save.state
    for field in ("quarter", "scenario", "difficulty", "seed"):
        said, is_ = getattr(m, field), getattr(s, field)
        if said != is_:
            return f"meta.{field}: {said!r} does not match the game ({is_!r})"
    return None


def _read(path: Path) -> SaveFile:
    """Read and check one save file; never writes. Raises SaveError."""
    where = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise SaveError(f"{where}: is a folder, not a save file")
        if size > MAX_BYTES:
            raise SaveError(f"{where}: too large to be a save ({size} bytes)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{where}: no such save") from None
    except IsADirectoryError:
        raise SaveError(f"{where}: is a folder, not a save file") from None
    except OSError as e:
        raise SaveError(f"{where}: cannot read: {e.strerror or e}") from None
    if not raw.strip():
        raise SaveError(f"{where}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SaveError(f"{where}: not a save (not UTF-8 text at byte {e.start})") from None
    try:
        doc = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as e:
        raise SaveError(f"{where}: {_json_problem(e, text)}") from None
    except ValueError as e:
        raise SaveError(f"{where}: not valid JSON: {e}") from None
    except RecursionError:
        raise SaveError(f"{where}: not a save (nested too deeply)") from None
    if not isinstance(doc, dict):
        raise SaveError(f"{where}: not a Talent War save (the top level is not an object)")
    if doc.get("format") != FORMAT:
        found = doc.get("format")
        if found is None:
            raise SaveError(f"{where}: not a Talent War save (no 'format' field)")
        raise SaveError(f"{where}: not a Talent War save (format is {str(found)[:40]!r})")
    version = doc.get("version")
    if type(version) is not int or version < 0:
        raise SaveError(f"{where}: version: expected a whole number, found {str(version)[:20]!r}")
    if version > CURRENT_VERSION:
        raise SaveError(
            f"{where}: saved by a newer version of Talent War (version {version}; "
            f"this game reads up to {CURRENT_VERSION})"
        )
    if version >= CHECKSUM_SINCE:
        stored = doc.get("checksum")
        if not isinstance(stored, str):
            raise SaveError(f"{where}: no checksum; the file was edited or damaged")
        try:
            actual = checksum(doc)
        except ValueError as e:
            raise SaveError(f"{where}: not valid JSON: {e}") from None
        if stored != actual:
            raise SaveError(f"{where}: checksum mismatch: the file was tampered with or corrupted")
    doc = migrate(doc, where)
    try:
        text = json.dumps(doc, allow_nan=False)
    except (ValueError, RecursionError) as e:
        raise SaveError(f"{where}: not a save ({e})") from None
    return _validate(text, where)


def _validate(text: str | bytes, where: str) -> SaveFile:
    """The checks every save passes, on its JSON text: the models (strictly) and references."""
    try:
        save = SaveFile.model_validate_json(text, strict=True)
    except ValidationError as e:
        raise SaveError(f"{where}: {_pydantic_problem(e)}") from None
    except (ValueError, RecursionError) as e:
        raise SaveError(f"{where}: not a save ({e})") from None
    problem = _check_meta(save) or _check_references(save.state)
    if problem:
        raise SaveError(f"{where}: {problem}")
    return save


def load_save(name_or_path: str | Path, dir: str | Path | None = None) -> SaveFile:
    """The whole save file (meta and state), checked and migrated. Raises SaveError."""
    path = resolve(name_or_path, dir)
    try:
        return _read(path)
    except SaveError as e:
        bak = backup_path(path)
        if path.name.endswith(SUFFIX) and bak.is_file():
            raise SaveError(f"{e} (the previous version is in {bak})") from None
        raise


def load_game(name_or_path: str | Path, dir: str | Path | None = None) -> GameState:
    """The game state in a save (a name in the saves folder, or a path). Raises SaveError."""
    return load_save(name_or_path, dir).state


def content_for(save: SaveFile) -> Content:
    """The content (base assets plus the save's mods) a saved game was played with."""
    from game.content import ContentError, load_content

    try:
        return load_content(save.meta.mods)
    except ContentError as e:
        raise SaveError(f"cannot load the mods this game was saved with: {e}") from None


def list_saves(dir: str | Path | None = None) -> list[SaveInfo]:
    """Every `*.json` in the saves folder, most recently written first; broken ones too."""
    folder = saves_dir(dir)
    if not folder.is_dir():
        return []
    entries = []
    for path in folder.glob(f"*{SUFFIX}"):
        if path.name.startswith(".") or not path.is_file():
            continue
        name = path.name[: -len(SUFFIX)]
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = 0
        try:
            save = _read(path)
        except SaveError as e:
            info = SaveInfo(name=name, path=path, error=str(e))
        else:
            m = save.meta
            info = SaveInfo(
                name=name,
                path=path,
                quarter=m.quarter_label,
                lab=m.lab,
                cash=m.cash,
                saved_at=save.saved_at,
                scenario=m.scenario,
                difficulty=m.difficulty,
                outcome=m.outcome,
            )
        entries.append((mtime, name, info))
    entries.sort(key=lambda e: (-e[0], e[1]))
    return [info for _, _, info in entries]


# --- replay ----------------------------------------------------------------------------


def replay(
    state_or_save: GameState | SaveFile | str | Path,
    dir: str | Path | None = None,
    *,
    content: Content | None = None,
    mods: Sequence[str | Path] | None = None,
) -> ReplayResult:
    """Rebuild a game from its seed and order log and check every quarter's state hash.

    Accepts a state, a loaded save, or a save name/path (loaded with `load_save`). The content
    is, in order: `content`, the content of `mods`, the save's mods, the base game. A file that
    cannot be read or content that cannot start the game raises SaveError; a quarter whose
    orders the core refuses counts as that quarter differing.
    """
    from game.core.engine import advance, new_game, state_hash

    if isinstance(state_or_save, GameState):
        state, save_mods = state_or_save, None
    else:
        save = (
            state_or_save if isinstance(state_or_save, SaveFile) else load_save(state_or_save, dir)
        )
        state, save_mods = save.state, save.meta.mods
    if content is None:
        from game.content import ContentError, load_content

        try:
            content = load_content([*(mods if mods is not None else save_mods or [])])
        except ContentError as e:
            raise SaveError(f"cannot load the mods this game was played with: {e}") from None

    if state.scenario not in content.scenarios:
        raise SaveError(
            f"cannot replay: scenario {state.scenario!r} is not in the game's content "
            "(was it played with a mod?)"
        )
    try:
        current = new_game(content, state.scenario, state.seed, state.difficulty)
    except Exception as e:  # content that cannot start this game
        raise SaveError(f"cannot replay: cannot start the game: {_short(e)}") from None
    checked = 0
    for record in state.log:
        checked += 1
        if record.quarter != current.quarter:
            return ReplayResult(
                False,
                checked,
                record.quarter,
                record.state_hash,
                f"the log skips from quarter {current.quarter} to {record.quarter}",
            )
        try:
            current, _ = advance(current, record.orders, content)
        except Exception as e:  # refused orders (OrderError) or a core failure on them
            return ReplayResult(
                False, checked, record.quarter, record.state_hash, f"orders refused: {_short(e)}"
            )
        got = state_hash(current)
        if got != record.state_hash:
            return ReplayResult(False, checked, record.quarter, record.state_hash, got)
    final_expected, final_got = state_hash(state), state_hash(current)
    if final_expected != final_got:
        # the log replays, but the saved state is not where it leads
        return ReplayResult(False, checked, state.quarter, final_expected, final_got)
    return ReplayResult(True, checked)


def _short(e: BaseException, limit: int = 160) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = [
    "CURRENT_VERSION",
    "FORMAT",
    "MIGRATIONS",
    "ReplayResult",
    "SaveError",
    "SaveFile",
    "SaveInfo",
    "SaveMeta",
    "autosave",
    "backup_path",
    "checksum",
    "content_for",
    "encode",
    "exists",
    "list_saves",
    "load_game",
    "load_save",
    "migrate",
    "prune_autosaves",
    "replay",
    "resolve",
    "save_game",
    "save_path",
    "save_schema",
    "saves_dir",
    "validate_name",
    "write_schema",
]


if __name__ == "__main__":  # python -m game.saves schema
    import sys

    if sys.argv[1:] == ["schema"]:
        print(write_schema())
    else:
        print("usage: python -m game.saves schema   (rewrites schema/save.schema.json)")
        sys.exit(2)
