"""The player's small settings file in the saves folder (settings/tui.json, out of the saves
list): whether the first-quarter guide is shown. A missing or unreadable file means a first
game."""

from __future__ import annotations

import json
from pathlib import Path

from game.folders import saves_dir as folder  # noqa: F401 (the saves folder)

FILE = Path("settings") / "tui.json"


def guide_setting(saves: Path) -> bool | None:
    """The guide setting, or None when none was stored yet (a first game)."""
    try:
        data = json.loads((saves / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("guide") if isinstance(data, dict) else None
    return value if isinstance(value, bool) else None


def store_guide(saves: Path, on: bool) -> str | None:
    """Remember the guide setting; a one-line problem when it cannot be written."""
    from game.saves.store import replace_file  # (not at start: the first frame needs no saves)

    path = saves / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data["guide"] = on
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, (json.dumps(data, indent=1) + "\n").encode())
    except OSError as e:
        return f"The guide setting was not saved: {e.strerror or e}"
    return None
