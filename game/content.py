"""Loading the game's data from assets/ (and mods): balance, scenarios, playbooks, events, names.

Everything is validated on load; a bad file is refused with a one-line `ContentError` naming it.
Parsing TOML is the slow part of loading (the default scenario alone is ~14 ms of pure-Python
parsing), so the parsed data of each file is kept in a user cache (`cache_dir()`), keyed by a
hash of the file's bytes; the models are still validated on every load.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
import os
import sys
import tomllib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from game.core.config import Balance, Content, NamePool, NewsTemplates, Scenario
from game.rules import RuleError, load_rule_dir

M = TypeVar("M", bound=BaseModel)


class ContentError(ValueError):
    """A data file that cannot be used; the message is one line and names the file."""


def assets_dir() -> Path:
    """The assets folder: inside an installed wheel, or at the top of a source checkout."""
    packaged = Path(str(resources.files("game"))) / "assets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "assets"


CACHE_ENV = "TALENT_WAR_CACHE"
# what makes a cached parse valid besides the file's bytes: this format and the marshal version
_CACHE_SALT = f"talent-war toml 1 py{sys.version_info[0]}.{sys.version_info[1]}".encode()


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


def _cache_file(folder: Path, path: Path) -> Path:
    # one entry per data file (replaced when the file changes), so the cache cannot grow
    name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]
    return folder / f"{name}.toml.marshal"


def _read_cached(entry: Path, digest: bytes) -> dict[str, Any] | None:
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    if blob[: len(digest)] != digest:
        return None  # written for another version of the file
    try:
        data = marshal.loads(blob[len(digest) :])
    except (EOFError, ValueError, TypeError):
        return None  # damaged: parsed again and rewritten
    return data if isinstance(data, dict) else None


def _write_cached(entry: Path, digest: bytes, data: dict[str, Any]) -> None:
    """Best effort and atomic: a cache that cannot be written only costs the next load time."""
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(digest + marshal.dumps(data))
        os.replace(tmp, entry)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ContentError(f"{path}: cannot read: {e.strerror or e}") from None
    folder = cache_dir()
    digest = hashlib.sha256(_CACHE_SALT + raw).digest()
    entry = _cache_file(folder, path) if folder is not None else None
    if entry is not None:
        cached = _read_cached(entry, digest)
        if cached is not None:
            return cached
    try:
        data = tomllib.load(io.BytesIO(raw))
    except tomllib.TOMLDecodeError as e:
        raise ContentError(f"{path}: not valid TOML: {e}") from None
    if entry is not None:
        _write_cached(entry, digest, data)
    return data


def _model(cls: type[M], path: Path) -> M:
    try:
        return cls.model_validate(_toml(path))
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ContentError(f"{path}: {where}: {err['msg']}") from None


def load_scenario(path: Path) -> Scenario:
    sc = _model(Scenario, path)
    labs = {lab.id for lab in sc.labs}
    if len(labs) != len(sc.labs):
        raise ContentError(f"{path}: two labs share an id")
    players = [lab.id for lab in sc.labs if lab.player]
    if players != [sc.player]:
        raise ContentError(f"{path}: exactly one lab, {sc.player!r}, must have player = true")
    ids = set()
    for r in sc.researchers:
        if r.id in ids:
            raise ContentError(f"{path}: researcher id {r.id!r} is used twice")
        ids.add(r.id)
        if r.lab is not None and r.lab not in labs:
            raise ContentError(f"{path}: researcher {r.id} works at unknown lab {r.lab!r}")
        for other in r.concern:
            if other not in labs:
                raise ContentError(f"{path}: researcher {r.id} concern names unknown lab {other!r}")
    return sc


def _mod_files(mods: Sequence[Path], sub: str) -> list[Path]:
    out: list[Path] = []
    for mod in mods:
        folder = mod / sub
        if folder.is_dir():
            out.append(folder)
    return out


def load_content(mods: Sequence[Path | str] = ()) -> Content:
    """Read assets/ and then each mod folder; a mod's files add to or replace the base ones."""
    base = assets_dir()
    mod_paths = [Path(m) for m in mods]
    for mod in mod_paths:
        if not mod.is_dir():
            raise ContentError(f"{mod}: mods folder not found")
    balance = _model(Balance, base / "balance.toml")
    for mod in mod_paths:
        if (mod / "balance.toml").is_file():
            balance = _model(Balance, mod / "balance.toml")
    scenarios: dict[str, Scenario] = {}
    for folder in [base / "scenarios", *_mod_files(mod_paths, "scenarios")]:
        for path in sorted(folder.glob("*.toml")):
            sc = load_scenario(path)
            scenarios[sc.id] = sc
    try:
        playbooks, events = load_rule_dir(
            [
                base / "rules",
                base / "events",
                *_mod_files(mod_paths, "rules"),
                *_mod_files(mod_paths, "events"),
            ]
        )
    except RuleError as e:
        raise ContentError(str(e)) from None
    for sc in scenarios.values():
        for lab in sc.labs:
            if lab.playbook is not None and lab.playbook not in playbooks:
                raise ContentError(
                    f"scenario {sc.id}: lab {lab.id} follows unknown playbook {lab.playbook!r}"
                )
    names = _model(NamePool, base / "names.toml")
    news = _model(NewsTemplates, base / "news.toml")
    return Content(
        balance=balance,
        scenarios=scenarios,
        playbooks=playbooks,
        events=events,
        names=names,
        news=news,
        sources=(str(base), *(str(m) for m in mod_paths)),
    )
