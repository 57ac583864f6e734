"""The saves folder: names, atomic writes, autosave pruning, listing and safe reading.

Writing is atomic (temporary file in the same folder, flush, fsync, rename, fsync the folder)
and the previous version of a save is kept as `<name>.json.bak`. Loading never writes.

Reading trusts nothing about the file: only a regular file is read (a FIFO, a device or a
symlink to one is refused at once), at most `MAX_BYTES` are read whatever the file claims to
be, and the size, the density of JSON values and the checksum are checked before the models
see anything. Every problem raises `SaveError`: one line, naming the file and what is wrong.

One file on purpose: writing and reading are two halves of the same folder's rules (names,
temporary files, backups, the size limit), and each half checks what the other relies on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.core.models import GameState
from game.folders import ENV_VAR, saves_dir  # noqa: F401 (re-exported)
from game.saves.format import (
    CHECKSUM_SINCE,
    CURRENT_VERSION,
    FORMAT,
    GAME_ID,
    SaveError,
    SaveFile,
    SaveMeta,
    SaveSession,
    checksum,
    encode_doc,
    game_id_of,
    iso_time,
    label,
    make_meta,
    meta_problem,
    validate,
)
from game.saves.migrations import migrate

if TYPE_CHECKING:
    from game.core.config import Content

SUFFIX = ".json"
BACKUP_SUFFIX = ".json.bak"
AUTOSAVE_PREFIX = "autosave-"
MAX_NAME = 64
MAX_BYTES = 32 * 1024 * 1024  # a save bigger than this is not one of ours
MAX_VALUE_DENSITY = 3  # a save holds at most one JSON value per this many bytes
STALE_TEMP_SECONDS = 60.0  # leftovers of a killed save older than this are cleaned up
_CHUNK = 1024 * 1024


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


# --- names and folders -----------------------------------------------------------------

_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


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
    if text.strip() == "":
        raise SaveError("a save name cannot be empty")
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


# --- the mods a game is played with -----------------------------------------------------


def resolved_mods(mods: Sequence[str | Path]) -> list[str]:
    """The mod folders as absolute paths (a relative one is resolved against the current
    folder once, when the game starts, so the save names the same folder from anywhere)."""
    return [str(Path(m).expanduser().resolve()) for m in mods]


def mods_hash(mods: Sequence[str | Path]) -> str:
    """SHA-256 of the files in the mod folders, in order (their relative paths and bytes);
    "" for no mods."""
    if not mods:
        return ""
    digest = hashlib.sha256()
    for i, mod in enumerate(mods):
        folder = Path(mod)
        digest.update(f"mod {i}\0".encode())
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        for path in files:
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            data = path.read_bytes()
            digest.update(f"{len(data)}\0".encode() + data)
    return digest.hexdigest()


def check_mods(meta: SaveMeta, where: str = "this game") -> None:
    """Refuse to continue or replay a game with other mods than it was saved with."""
    for mod in meta.mods:
        if not Path(mod).is_dir():
            raise SaveError(f"{where}: was played with the mods in {mod}, which is not found")
    if meta.mods_hash:
        try:
            now = mods_hash(meta.mods)
        except OSError as e:
            raise SaveError(f"{where}: cannot read its mods: {e.strerror or e}") from None
        if now != meta.mods_hash:
            folders = ", ".join(meta.mods)
            raise SaveError(
                f"{where}: the mods it was played with ({folders}) have changed since it was saved"
            )


def content_for(save: SaveFile) -> Content:
    """The content (base assets plus the save's mods) a saved game was played with; refused
    when those mods are gone or changed."""
    from game.content import ContentError, load_content

    check_mods(save.meta)
    try:
        return load_content(save.meta.mods)
    except ContentError as e:
        raise SaveError(f"cannot load the mods this game was saved with: {e}") from None


# --- writing ---------------------------------------------------------------------------


def encode(
    state: GameState,
    *,
    saved_at: datetime | str | None = None,
    content: Content | None = None,
    mods: Sequence[str | Path] | None = None,
    pretty: bool = True,
    session: SaveSession | None = None,
) -> bytes:
    """The bytes of a save file for `state` (and the player's `session`, when given). The mods
    recorded are `mods`, else the content's; they are stored resolved, with a hash of their
    files."""
    if not isinstance(state, GameState):
        raise SaveError(f"cannot save a {type(state).__name__}; expected a GameState")
    if state.player not in state.labs:
        raise SaveError(f"cannot save: the player's lab {state.player!r} is not in the game")
    try:
        when = iso_time(saved_at)
    except ValueError:
        raise SaveError(f"cannot save: saved_at {saved_at!r} is not an ISO 8601 time") from None
    if mods is None:
        mods = list(content.sources[1:]) if content is not None else []
    folders = resolved_mods(mods)
    try:
        digest = mods_hash(folders)
    except OSError as e:
        raise SaveError(f"cannot save: cannot read the mods: {e.strerror or e}") from None
    meta = make_meta(state, quarter_label=label(state, content), mods=folders, mods_hash=digest)
    if session is not None and not isinstance(session, SaveSession):
        raise SaveError(f"cannot save a {type(session).__name__} as the session")
    return encode_doc(state, meta, when, pretty=pretty, session=session)


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
        read(path)
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
    move_aside(path)


def move_aside(path: Path) -> Path:
    """Move a damaged file out of the way, to `<name>.broken` (or `.broken-2`, ...)."""
    aside = path.with_name(path.name + ".broken")
    n = 2
    while aside.exists():
        aside = path.with_name(f"{path.name}.broken-{n}")
        n += 1
    os.replace(path, aside)
    return aside


def replace_file(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path` and rename it over `path` (no backup);
    `mode` sets the new file's permissions (a temporary file starts private)."""
    tmp = _write_temp(path.parent, f".{path.name}.", data)
    try:
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
    session: SaveSession | None = None,
) -> Path:
    """Save `state` as `<saves dir>/<name>.json`, atomically; returns the path written.

    `content` (or `mods`) records the mod folders the game uses, so that continuing and
    replaying load the same rules; `content` also gives the quarter's label its calendar.
    `pretty` indents the JSON (see `encode`); `session` is the player's (game id, drafts).
    """
    path = save_path(name, dir)
    data = encode(
        state, saved_at=saved_at, content=content, mods=mods, pretty=pretty, session=session
    )
    return write_atomic(path, data)


def autosave(
    state: GameState,
    dir: str | Path | None = None,
    keep: int = 3,
    saved_at: datetime | str | None = None,
    *,
    content: Content | None = None,
    mods: Sequence[str | Path] | None = None,
    session: SaveSession | None = None,
) -> Path:
    """Save as `autosave-<game id>-<quarter label>` and delete all but the `keep` newest
    autosaves of this game; other games' autosaves and the player's saves stay.

    The game id is the `session`'s, else the one derived from the state (`game_id_of`).
    Autosaves are compact JSON (not indented): they are written at every quarter's end."""
    game_id = session.game_id if session is not None else game_id_of(state)
    name = f"{autosave_prefix(game_id)}{label(state, content)}"
    try:
        validate_name(name)
    except SaveError:
        name = f"{autosave_prefix(game_id)}{state.quarter}"
    path = save_game(
        state,
        name,
        dir,
        saved_at=saved_at,
        content=content,
        mods=mods,
        pretty=False,
        session=session,
    )
    prune_autosaves(path.parent, keep=keep, protect=path, game_id=game_id)
    return path


def autosave_prefix(game_id: str) -> str:
    """How the names of one game's autosaves begin (a game id has no `-`: see `GAME_ID`)."""
    if not re.fullmatch(GAME_ID, game_id):
        raise SaveError(f"not a game id: {game_id[:40]!r}")
    return f"{AUTOSAVE_PREFIX}{game_id}-"


def prune_autosaves(
    dir: str | Path | None = None,
    keep: int = 3,
    protect: Path | None = None,
    *,
    game_id: str,
) -> list[Path]:
    """Delete the autosaves (and their backups) of the game `game_id` beyond the `keep` most
    recently written. Other games' autosaves are never touched."""
    folder = saves_dir(dir)
    found = []
    for path in folder.glob(f"{glob_escape(autosave_prefix(game_id))}*{SUFFIX}"):
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


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` (`MAX_BYTES`) bytes; else a SaveError.

    Opened without blocking (a FIFO does not wait for a writer) and checked with fstat on the
    open file; the limit is counted while reading, not taken from the file's stated size."""
    where = str(path)
    limit = MAX_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SaveError(f"{where}: no such save") from None
    except IsADirectoryError:
        raise SaveError(f"{where}: is a folder, not a save file") from None
    except OSError as e:
        raise SaveError(f"{where}: cannot read: {e.strerror or e}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise SaveError(f"{where}: is a folder, not a save file")
        if not stat.S_ISREG(mode):
            raise SaveError(f"{where}: not a regular file (a device, pipe or socket)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise SaveError(f"{where}: too large to be a save (over {limit} bytes)")
    except OSError as e:
        raise SaveError(f"{where}: cannot read: {e.strerror or e}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json_problem(e: json.JSONDecodeError, text: str) -> str:
    if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):
        return f"the file is truncated (the JSON ends early at line {e.lineno})"
    return f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}"


def parse(raw: bytes, where: str) -> dict[str, Any]:
    """The checked raw document of a save's bytes: JSON, format, version and checksum, and
    upgraded to the current version. Raises SaveError."""
    if not raw.strip():
        raise SaveError(f"{where}: the file is empty")
    values = raw.count(b",") + raw.count(b"[") + raw.count(b"{")
    if len(raw) > _CHUNK and values * MAX_VALUE_DENSITY > len(raw):
        raise SaveError(f"{where}: not a save (far more JSON values than a save holds)")
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
        except (ValueError, RecursionError) as e:
            raise SaveError(f"{where}: not valid JSON: {e}") from None
        if stored != actual:
            raise SaveError(f"{where}: checksum mismatch: the file was tampered with or corrupted")
    return migrate(doc, where)


def read(path: Path) -> SaveFile:
    """Read and check one save file; never writes. Raises SaveError."""
    where = str(path)
    doc = parse(read_bytes(path), where)
    try:
        text = json.dumps(doc, allow_nan=False)
    except (ValueError, RecursionError) as e:
        raise SaveError(f"{where}: not a save ({e})") from None
    return validate(text, where)


def read_info(path: Path) -> SaveInfo:
    """What the saves listing shows of one file: its checked header (format, checksum, and the
    metadata against the state), without validating the whole state. Never raises."""
    name = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.name
    try:
        doc = parse(read_bytes(path), str(path))
        try:
            meta = SaveMeta.model_validate(doc.get("meta"), strict=True)
        except ValueError as e:
            raise SaveError(f"{path}: meta: not valid ({str(e).splitlines()[0]})") from None
        problem = meta_problem(doc.get("meta"), doc.get("state"))
        if problem:
            raise SaveError(f"{path}: {problem}")
        saved_at = doc.get("saved_at")
    except SaveError as e:
        return SaveInfo(name=name, path=path, error=str(e))
    return SaveInfo(
        name=name,
        path=path,
        quarter=meta.quarter_label,
        lab=meta.lab,
        cash=meta.cash,
        saved_at=saved_at if isinstance(saved_at, str) else None,
        scenario=meta.scenario,
        difficulty=meta.difficulty,
        outcome=meta.outcome,
    )


def load_save(name_or_path: str | Path, dir: str | Path | None = None) -> SaveFile:
    """The whole save file (meta and state), checked and migrated. Raises SaveError."""
    path = resolve(name_or_path, dir)
    try:
        return read(path)
    except SaveError as e:
        bak = backup_path(path)
        if path.name.endswith(SUFFIX) and bak.is_file():
            raise SaveError(f"{e} (the previous version is in {bak})") from None
        raise


def load_game(name_or_path: str | Path, dir: str | Path | None = None) -> GameState:
    """The game state in a save (a name in the saves folder, or a path). Raises SaveError."""
    return load_save(name_or_path, dir).state


def save_files(dir: str | Path | None = None) -> list[Path]:
    """The `*.json` entries of the saves folder, most recently written first (not read)."""
    folder = saves_dir(dir)
    if not folder.is_dir():
        return []
    entries = []
    for path in folder.glob(f"*{SUFFIX}"):
        if path.name.startswith("."):
            continue
        try:
            st = path.lstat()
            mtime = path.stat().st_mtime_ns
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            continue
        entries.append((mtime, path.name, path))
    entries.sort(key=lambda e: (-e[0], e[1]))
    return [path for _, _, path in entries]


def list_saves(dir: str | Path | None = None) -> list[SaveInfo]:
    """Every `*.json` in the saves folder, most recently written first; broken ones too."""
    return [read_info(path) for path in save_files(dir)]
