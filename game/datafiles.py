"""Reading the game's TOML data files, without pydantic.

`read_toml` parses a file's bytes and refuses data nested deeper than `MAX_NESTING` (a deeply
nested file would otherwise exhaust Python's recursion limit somewhere later). `parse_toml` does
the same through a user cache (`cache_dir()`) of plain data: each entry is the parsed file as
JSON, stored under the hash of the file's bytes and with a checksum of its own text, and is used
only when both match; anything else in the cache is ignored and the file parsed again. This
module imports nothing heavy: the New game screen reads the scenario list through it
(`peek_scenario_summaries`) before the rest of the game has loaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

CACHE_ENV = "TALENT_WAR_CACHE"
DEFAULT_SCENARIO = "summer-2025"  # what a game starts with when the player names none
CACHE_FORMAT = b"talent-war cache 3\n"  # what makes an entry valid besides the file's bytes
MAX_NESTING = 20  # levels of tables and arrays a data file may nest
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a cache entry larger than this is never read


if TYPE_CHECKING:
    from pydantic import ValidationError


class DataFileError(ValueError):
    """A data file that cannot be parsed into usable data (the message does not name it)."""


def first_problem(e: ValidationError) -> str:
    """The first problem pydantic found, as `where: what` (`file` when it is the whole file)."""
    err = e.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"]) or "file"
    return f"{where}: {err['msg']}"


def assets_dir() -> Path:
    """The assets folder: inside the installed package (a wheel), or at the top of a source
    checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "assets"
    if packaged.is_dir():
        return packaged
    return here.parent / "assets"


def cache_dir() -> Path | None:
    """Where parsed data files are cached: $TALENT_WAR_CACHE ("off" for no cache), else
    $XDG_CACHE_HOME/talent-war or ~/.cache/talent-war. Never inside the game's folders."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return None if chosen == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder
            return None
    return Path(base) / "talent-war"


def _check_nesting(data: Any) -> None:
    """DataFileError if `data` nests tables and arrays deeper than `MAX_NESTING` (iterative)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            raise DataFileError(f"nested too deeply (more than {MAX_NESTING} levels)")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def read_toml(raw: bytes) -> dict[str, Any]:
    """`raw` parsed as TOML.

    Raises `UnicodeDecodeError` for bytes that are not UTF-8, `tomllib.TOMLDecodeError` (a
    ValueError) for bad TOML and `DataFileError` (a ValueError) for data nested too deeply."""
    import tomllib  # (only when the cache misses: importing it is a cost at start-up)

    text = raw.decode("utf-8")
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise DataFileError(f"nested too deeply (more than {MAX_NESTING} levels)") from None
    _check_nesting(data)
    return data


# -- the cache ----------------------------------------------------------------------------------
def cache_entry(path: Path) -> Path | None:
    """The cache file for the data file `path`: one entry per file, replaced when the file
    changes, so the cache cannot grow with edits. None when caching is off."""
    folder = cache_dir()
    if folder is None:
        return None
    name = str(path.resolve())
    return folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.json"


def _read_entry(entry: Path) -> bytes | None:
    """The bytes of `entry` if it is a regular file of at most `MAX_ENTRY_BYTES`, else None
    (never blocks on a FIFO or reads a device)."""
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            blob = f.read(MAX_ENTRY_BYTES + 1)
        return blob if len(blob) <= MAX_ENTRY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _header(source_digest: bytes, payload: bytes) -> bytes:
    """An entry's first line: the hash of the file it was made from, then a checksum of both."""
    check = hashlib.sha256(CACHE_FORMAT + source_digest + payload).hexdigest()
    return f"{source_digest.hex()} {check}\n".encode()


def read_cached(entry: Path | None, source_digest: bytes) -> Any:
    """The value stored in `entry` for the file whose bytes hash to `source_digest`, or None
    when the entry is missing, made from other bytes, or damaged in any way."""
    if entry is None:
        return None
    blob = _read_entry(entry)
    if blob is None:
        return None
    head, sep, payload = blob.partition(b"\n")
    if not sep or head + b"\n" != _header(source_digest, payload):
        return None
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None


def write_cached(entry: Path | None, source_digest: bytes, value: Any) -> None:
    """Best effort and atomic: a cache that cannot be written only costs the next load time.
    A value JSON cannot hold exactly (a TOML date, say) is not cached."""
    if entry is None:
        return
    try:
        payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    except (TypeError, ValueError, RecursionError):
        return
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(_header(source_digest, payload) + payload)
        os.replace(tmp, entry)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def parse_toml(path: Path, raw: bytes) -> dict[str, Any]:
    """`raw` (the bytes of `path`) parsed as `read_toml` does, from the cache when it holds an
    intact entry for exactly these bytes. Errors are never cached."""
    digest = hashlib.sha256(CACHE_FORMAT + raw).digest()
    entry = cache_entry(path)
    cached = read_cached(entry, digest)
    if isinstance(cached, dict):
        with contextlib.suppress(DataFileError):
            _check_nesting(cached)
            return cached
    data = read_toml(raw)
    write_cached(entry, digest, data)
    return data


# -- scenarios ----------------------------------------------------------------------------------
def default_scenario(ids: Iterable[str]) -> str | None:
    """The scenario chosen when none is named: the default one if present, else the first."""
    ids = list(ids)
    if DEFAULT_SCENARIO in ids:
        return DEFAULT_SCENARIO
    return ids[0] if ids else None


@dataclass(frozen=True)
class SeatSummary:
    """What the New game screen shows of one lab the player may run."""

    id: str
    name: str
    description: str  # the lab
    hard: str  # what is hard about playing it (`[labs.seat] description`)


@dataclass(frozen=True)
class ScenarioSummary:
    """What the New game screen shows of a scenario."""

    id: str
    title: str
    description: str
    player_name: str
    player_description: str
    seats: tuple[SeatSummary, ...] = ()  # the default seat first (`Scenario.seats`)

    @staticmethod
    def of(data: Mapping[str, Any]) -> ScenarioSummary:
        """The summary of a scenario's data (a scenario file's parsed TOML): the one definition.

        Raises KeyError, TypeError or StopIteration when the data is not shaped like a
        scenario (the full load then says why)."""
        labs = data["labs"]
        player = next(lab for lab in labs if lab["id"] == data["player"])
        fields = (
            data["id"],
            data["title"],
            data["description"],
            player["name"],
            player.get("description", ""),
        )
        # the seats as `Scenario.seats` gives them: every lab when the default has a rival
        # playbook, the default first
        others = [lab for lab in labs if lab is not player]
        chosen = [player, *others] if player.get("rival_playbook") is not None else [player]
        seats = tuple(
            SeatSummary(
                lab["id"],
                lab["name"],
                lab.get("description", ""),
                lab.get("seat", {}).get("description", ""),
            )
            for lab in chosen
        )
        texts = [*fields, *(x for s in seats for x in (s.id, s.name, s.description, s.hard))]
        if not all(isinstance(f, str) for f in texts):
            raise TypeError("a scenario's names and descriptions are text")
        return ScenarioSummary(*fields, seats=seats)


def peek_scenario_summaries(folder: Path | None = None) -> list[ScenarioSummary] | None:
    """The summaries of the scenarios in `folder` (default: the assets' scenarios) in file
    order, read without validating them; None if any file cannot be read this way (the full
    load says why)."""
    folder = folder or assets_dir() / "scenarios"
    out = []
    try:
        for path in sorted(folder.glob("*.toml")):
            out.append(ScenarioSummary.of(parse_toml(path, path.read_bytes())))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, StopIteration):
        return None
    return out
