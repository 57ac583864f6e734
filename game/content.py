"""Loading the game's data from assets/ (and mods): balance, scenarios, playbooks, events, names.

Everything is validated on load; a bad file is refused with a one-line `ContentError` naming it.
The parsed data of each file comes from the user cache when it holds it (`game.datafiles`); the
models are still validated, and the rules' expressions compiled (in memory), on every load.
"""

from __future__ import annotations

import zlib
from collections.abc import Generator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from game.core.config import Balance, Content, NamePool, NewsTemplates, Scenario
from game.datafiles import (
    CACHE_ENV,
    DataFileError,
    ScenarioSummary,
    assets_dir,
    cache_dir,
    parse_toml,
)
from game.rules import RuleError, check_paths, load_rule_dir

__all__ = [
    "CACHE_ENV",
    "ContentError",
    "ScenarioFiles",
    "assets_dir",
    "cache_dir",
    "check_files",
    "content_steps",
    "load_content",
    "load_news",
    "scenario_summaries",
    "scenario_summary",
]

M = TypeVar("M", bound=BaseModel)


class ContentError(ValueError):
    """A data file that cannot be used; the message is one line and names the file."""


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise ContentError(f"{path}: cannot read: {e.strerror or e}") from None


def _toml(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        return parse_toml(path, raw)
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not valid TOML: not UTF-8 text") from None
    except DataFileError as e:
        raise ContentError(f"{path}: {e}") from None
    except ValueError as e:  # tomllib.TOMLDecodeError (tomllib is imported only to parse)
        raise ContentError(f"{path}: not valid TOML: {e}") from None


def _model(cls: type[M], path: Path, raw: bytes | None = None) -> M:
    return _validate(cls, path, _toml(path, _read(path) if raw is None else raw))


def _validate(cls: type[M], path: Path, data: dict[str, Any]) -> M:
    try:
        return cls.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ContentError(f"{path}: {where}: {err['msg']}") from None


def load_scenario(path: Path, raw: bytes | None = None) -> Scenario:
    """The scenario in `path` (whose bytes are `raw`, when already read), validated."""
    return _check_scenario(path, _model(Scenario, path, raw))


def _check_scenario(path: Path, sc: Scenario) -> Scenario:
    labs = {lab.id for lab in sc.labs}
    if len(labs) != len(sc.labs):
        raise ContentError(f"{path}: two labs share an id")
    players = [lab.id for lab in sc.labs if lab.player]
    if players != [sc.player]:
        raise ContentError(f"{path}: exactly one lab, {sc.player!r}, must have player = true")
    for lab in sc.labs:
        if lab.rival_playbook is not None and lab.id != sc.player:
            raise ContentError(
                f"{path}: lab {lab.id}: only the player's lab has a rival_playbook "
                "(the other labs' playbook is `playbook`)"
            )
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


class ScenarioFiles(Mapping[str, Scenario]):
    """The scenarios by id; each lookup validates the scenario again and returns a new one.

    A scenario (its labs and ~170 researchers, ~0.5 MB as models) is only needed to start a
    game, so the content keeps each one as the bytes of its file (zlib-compressed: ~13 KB),
    checked once when the content loads, and what the screens show of it (`summaries`). A
    lookup validates those bytes again (their parsed data comes from the cache: ~3 ms) into a
    `Scenario` for the caller to use and let go. The files are read once: editing them later
    changes nothing until the next load."""

    def __init__(self, playbooks: Mapping[str, Any]) -> None:
        self._files: dict[str, tuple[Path, bytes]] = {}
        self._playbooks = playbooks
        self.summaries: dict[str, ScenarioSummary] = {}

    def add(self, path: Path) -> None:
        """Check the scenario in `path` and add it (replacing one with the same id)."""
        raw = _read(path)
        data = _toml(path, raw)
        sc = _check_scenario(path, _validate(Scenario, path, data))
        for lab in sc.labs:
            for book in (lab.playbook, lab.rival_playbook):
                if book is not None and book not in self._playbooks:
                    raise ContentError(
                        f"scenario {sc.id}: lab {lab.id} follows unknown playbook {book!r}"
                    )
        self._files[sc.id] = (path, zlib.compress(raw))
        self.summaries[sc.id] = ScenarioSummary.of(data)

    def __getitem__(self, scenario_id: str) -> Scenario:
        path, packed = self._files[scenario_id]
        return load_scenario(path, zlib.decompress(packed))

    def __contains__(self, scenario_id: object) -> bool:
        return scenario_id in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def scenario_summaries(content: Content) -> list[ScenarioSummary]:
    """What the screens show of the content's scenarios (title, description, the player's lab),
    in order, without reading the scenarios again."""
    if isinstance(content.scenarios, ScenarioFiles):
        return list(content.scenarios.summaries.values())
    return [ScenarioSummary.of(sc.model_dump()) for sc in content.scenarios.values()]


def scenario_summary(content: Content, scenario_id: str) -> ScenarioSummary | None:
    """What the screens show of one scenario, None if the content has no such scenario."""
    return next((sc for sc in scenario_summaries(content) if sc.id == scenario_id), None)


# The values the core fills in each kind of headline (see the comment at the top of news.toml).
NEWS_PLACEHOLDERS: dict[str, frozenset[str]] = {
    key: frozenset(names.split())
    for key, names in {
        "poach": "to from name package",
        "hire": "to name package",
        "declined": "to from name",
        "counter": "to from name",
        "retire": "from name",
        "rumour": "to from name",
        "release": "lab capability",
        "release_previous": "lab capability",
        "frontier": "lab capability",
        "milestone": "lab capability",
        "round": "lab amount",
        "emergency": "lab amount",
        "bankrupt": "lab",
        "collapse": "lab",
        "victory": "lab road",
        "free_agents": "count",
    }.items()
}


def load_news(path: Path) -> NewsTemplates:
    """The headline templates in `path`, each kind known and each placeholder one the core
    fills for that kind (a plain `{name}`: no format spec, conversion, attribute or index)."""
    import string

    news = _model(NewsTemplates, path)
    for key, templates in news.templates.items():
        known = NEWS_PLACEHOLDERS.get(key)
        if known is None:
            raise ContentError(
                f"{path}: templates.{key}: unknown kind of headline "
                f"(known: {', '.join(sorted(NEWS_PLACEHOLDERS))})"
            )
        known = known | {f"a_{name}" for name in known}  # {a_x}: x after "a" or "an"
        for i, template in enumerate(templates, 1):
            where = f"{path}: templates.{key}[{i}]"
            try:
                parts = list(string.Formatter().parse(template))
            except ValueError as e:
                raise ContentError(f"{where}: {e} (write {{{{ and }}}} for braces)") from None
            for _literal, name, spec, conv in parts:
                if name is None:
                    continue
                if name not in known:
                    raise ContentError(
                        f"{where}: unknown placeholder {{{name}}} "
                        f"(known here: {', '.join(sorted(known))})"
                    )
                if spec or conv:
                    raise ContentError(f"{where}: placeholder {{{name}}} takes no format spec")
    return news


def check_files(paths: Sequence[Path]) -> list[str]:
    """Every problem in the given data files and folders (a folder: its *.toml files, in
    subfolders too), one line each; empty when all is well. Each file is checked as what it
    is: the balance, the names, the news templates, the verdicts, a scenario (in a `scenarios`
    folder), or a playbook or event file."""
    problems: list[str] = []
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.rglob("*.toml")))
        elif p.is_file():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    models: dict[str, type[BaseModel]] = {"balance.toml": Balance, "names.toml": NamePool}
    rule_files: list[Path] = []
    for path in files:
        try:
            if path.name in models:
                _model(models[path.name], path)
            elif path.name == "news.toml":
                load_news(path)
            elif path.name == "verdicts.toml":
                from game.core.score import ScoreTable

                _model(ScoreTable, path)
            elif path.parent.name == "scenarios":
                load_scenario(path)
            else:
                rule_files.append(path)
        except ContentError as e:
            problems.append(str(e))
    problems.extend(str(e) for e in check_paths(rule_files))
    return problems


def _mod_files(mods: Sequence[Path], sub: str) -> list[Path]:
    out: list[Path] = []
    for mod in mods:
        folder = mod / sub
        if folder.is_dir():
            out.append(folder)
    return out


def load_content(mods: Sequence[Path | str] = ()) -> Content:
    """Read assets/ and then each mod folder; a mod's files add to or replace the base ones."""
    steps = content_steps(mods)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def content_steps(mods: Sequence[Path | str] = ()) -> Generator[None, None, Content]:
    """`load_content` one step at a time: the generator pauses after each part (the balance,
    the rules, each scenario, the names and headlines; a few ms each) and returns the content.
    The game's screens read the data this way on their event loop, answering keys in between."""
    base = assets_dir()
    mod_paths = [Path(m) for m in mods]
    for mod in mod_paths:
        if not mod.is_dir():
            raise ContentError(f"{mod}: mods folder not found")
    balance = _model(Balance, base / "balance.toml")
    for mod in mod_paths:
        if (mod / "balance.toml").is_file():
            balance = _model(Balance, mod / "balance.toml")
    yield
    try:
        playbooks, events = load_rule_dir(
            [
                base / "rules",
                base / "events",
                *_mod_files(mod_paths, "rules"),
                *_mod_files(mod_paths, "events"),
            ],
            parse_toml,
        )
    except RuleError as e:
        raise ContentError(str(e)) from None
    yield
    scenarios = ScenarioFiles(playbooks)
    for folder in [base / "scenarios", *_mod_files(mod_paths, "scenarios")]:
        for path in sorted(folder.glob("*.toml")):
            scenarios.add(path)
            yield
    names = _model(NamePool, base / "names.toml")
    news = load_news(base / "news.toml")
    from game.core.score import ScoreTable

    verdicts = _model(ScoreTable, base / "verdicts.toml")
    for mod in mod_paths:
        if (mod / "verdicts.toml").is_file():
            verdicts = _model(ScoreTable, mod / "verdicts.toml")
    return Content(
        balance=balance,
        scenarios=scenarios,
        playbooks=playbooks,
        events=events,
        names=names,
        news=news,
        sources=(str(base), *(str(m) for m in mod_paths)),
        verdicts=verdicts,
    )
