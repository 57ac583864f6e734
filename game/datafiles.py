"""Reading the game's TOML data files quickly, without pydantic.

Parsing TOML is pure Python and slow (the default scenario alone is ~14 ms), so the parsed data of
each file is kept in a user cache (`cache_dir()`), keyed by a hash of the file's bytes. This
module imports nothing heavy: the New game screen reads the scenario list through it
(`peek_scenario_summaries`) before the rest of the game has loaded. `game.content` validates what it
reads into models; `game.rules` reads playbooks and events through `parse_toml` too.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
import os
import sys
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

CACHE_ENV = "TALENT_WAR_CACHE"
DEFAULT_SCENARIO = "summer-2025"  # what a game starts with when the player names none
# what makes a cached entry valid besides the data it was made from: this format and the
# marshal version (marshal's format may change between Python versions)
CACHE_SALT = f"talent-war cache 2 py{sys.version_info[0]}.{sys.version_info[1]}".encode()


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


def cache_entry(name: str, suffix: str) -> Path | None:
    """The cache file for `name` (e.g. a data file's path): one entry per name, replaced when
    what it was made from changes, so the cache cannot grow. None when caching is off."""
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.{suffix}"


def read_cached(entry: Path | None, digest: bytes) -> Any:
    """The value stored under `digest` in `entry`, or None (missing, stale or damaged)."""
    if entry is None:
        return None
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    if blob[: len(digest)] != digest:
        return None  # written for other data
    try:
        return marshal.loads(blob[len(digest) :])
    except (EOFError, ValueError, TypeError):
        return None  # damaged: made again and rewritten


def write_cached(entry: Path | None, digest: bytes, value: Any) -> None:
    """Best effort and atomic: a cache that cannot be written only costs the next load time."""
    if entry is None:
        return
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(digest + marshal.dumps(value))
        os.replace(tmp, entry)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def parse_toml(path: Path, raw: bytes) -> dict[str, Any]:
    """`raw` (the bytes of `path`) parsed, from the cache when it holds them.

    Raises `tomllib.TOMLDecodeError` (a ValueError, never cached) for bad TOML and
    `UnicodeDecodeError` for bytes that are not UTF-8."""
    digest = hashlib.sha256(CACHE_SALT + raw).digest()
    entry = cache_entry(str(path.resolve()), "toml.marshal")
    cached = read_cached(entry, digest)
    if isinstance(cached, dict):
        return cached
    import tomllib  # (only when the cache misses: importing it is a cost at start-up)

    data = tomllib.load(io.BytesIO(raw))
    write_cached(entry, digest, data)
    return data


def default_scenario(ids: Iterable[str]) -> str | None:
    """The scenario chosen when none is named: the default one if present, else the first."""
    ids = list(ids)
    if DEFAULT_SCENARIO in ids:
        return DEFAULT_SCENARIO
    return ids[0] if ids else None


@dataclass(frozen=True)
class ScenarioSummary:
    """What the New game screen shows of a scenario."""

    id: str
    title: str
    description: str
    player_name: str
    player_description: str


def peek_scenario_summaries(folder: Path | None = None) -> list[ScenarioSummary] | None:
    """The scenarios in `folder` (default: the assets' scenarios) in file order, read without
    validating them; None if any file cannot be read this way (the full load says why).

    Kept in the cache as one small entry for the folder's files, so the New game screen does
    not read the whole scenarios (their people) to show their titles."""
    folder = folder or assets_dir() / "scenarios"
    try:
        files = [(path, path.read_bytes()) for path in sorted(folder.glob("*.toml"))]
    except OSError:
        return None
    digest = hashlib.sha256(CACHE_SALT)
    for path, raw in files:
        digest.update(hashlib.sha256(str(path).encode() + b"\0" + raw).digest())
    entry = cache_entry(f"scenario summaries {folder.resolve()}", "summaries.marshal")
    cached = read_cached(entry, digest.digest())
    if isinstance(cached, list) and all(isinstance(t, tuple) and len(t) == 5 for t in cached):
        return [ScenarioSummary(*t) for t in cached]
    out = []
    try:
        for path, raw in files:
            out.append(_summary(parse_toml(path, raw)))
    except (ValueError, KeyError, TypeError, StopIteration):
        return None
    write_cached(entry, digest.digest(), [astuple(sc) for sc in out])
    return out


def summaries_of(scenarios: Iterable[Any]) -> list[ScenarioSummary]:
    """The summaries of loaded scenarios (`game.core.config.Scenario`)."""
    out = []
    for sc in scenarios:
        player = next((lab for lab in sc.labs if lab.player), None)
        out.append(
            ScenarioSummary(
                id=sc.id,
                title=sc.title,
                description=sc.description,
                player_name=player.name if player else "",
                player_description=player.description if player else "",
            )
        )
    return out


def _summary(data: dict[str, Any]) -> ScenarioSummary:
    player = next(lab for lab in data["labs"] if lab["id"] == data["player"])
    fields = (
        data["id"],
        data["title"],
        data["description"],
        player["name"],
        player.get("description", ""),
    )
    if not all(isinstance(f, str) for f in fields):
        raise TypeError("a scenario's names and descriptions are text")
    return ScenarioSummary(*fields)
