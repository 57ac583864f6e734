"""Rule folders: the playbooks (`game.rules.playbooks`) and event files
(`game.rules.events`) of files and folders, loaded together, later paths replacing earlier ones
(mods); or checked, every error listed.

A bad file is refused with a one-line `RuleError`: `path:line: rule 'id': message`, where line is
the line of the offending `[[rule]]` / `[[event]]` header (or of a TOML syntax error).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from game.rules.events import Event, parse_events
from game.rules.playbooks import Playbook, parse_playbook
from game.rules.reading import RuleError, TomlParser, parse_bytes

_PLAYBOOK_KEY = re.compile(r"^\s*playbook\s*=", re.MULTILINE)
_EVENT_HEADER = re.compile(r"^\s*\[\[\s*event\s*\]\]", re.MULTILINE)

# -- folders ------------------------------------------------------------------------------------


def _files(paths: Iterable[Path], errors: list[RuleError] | None) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(p.glob("*.toml")))
        elif p.is_file():
            out.append(p)
        elif errors is not None:
            errors.append(RuleError(p, 1, "-", "no such file or folder"))
    return out


def file_kind(path: Path) -> str | None:
    """'playbook', 'events' or None, judged from the raw text (works on broken TOML too)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if _PLAYBOOK_KEY.search(text):
        return "playbook"
    if _EVENT_HEADER.search(text):
        return "events"
    return None


def _load_all(
    files: list[Path], errors: list[RuleError], parse: TomlParser = parse_bytes
) -> tuple[dict[str, Playbook], dict[str, Event]]:
    playbooks: dict[str, Playbook] = {}
    events: dict[str, Event] = {}
    for f in files:
        kind = file_kind(f)
        if kind == "playbook":
            book = parse_playbook(f, errors, parse)
            if book is not None:
                playbooks[book.id] = book
        elif kind == "events":
            evs = parse_events(f, errors, parse)
            for ev in evs or ():
                events[ev.id] = ev
        else:
            errors.append(
                RuleError(
                    f,
                    1,
                    "-",
                    "neither a playbook (no 'playbook = ...') nor an event file (no [[event]])",
                )
            )
    return playbooks, events


def load_rule_dir(
    paths: list[Path], parse: TomlParser = parse_bytes
) -> tuple[dict[str, Playbook], dict[str, Event]]:
    """Load playbooks and events from files and folders (a folder: its *.toml files).

    Later paths replace earlier ones with the same id: that is how mods work. Missing paths are
    skipped. Raises the first RuleError.
    """
    errors: list[RuleError] = []
    result = _load_all(_files(paths, None), errors, parse)
    if errors:
        raise errors[0]
    return result


def check_paths(paths: list[Path]) -> list[RuleError]:
    """Every error in the given files and folders (empty when all is well)."""
    errors: list[RuleError] = []
    files = _files(paths, errors)
    _load_all(files, errors)
    return errors
