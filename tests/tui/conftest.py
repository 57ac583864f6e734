"""Fixtures for the TUI tests: the game's content, and a short scenario (last quarter 3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.content import assets_dir, load_content
from game.core.config import Content

SEED = 2025


def make_short_mod(root: Path) -> Path:
    """A mods folder whose scenario `short-2025` is the default one ending at quarter 3."""
    mod = root / "short-mod"
    (mod / "scenarios").mkdir(parents=True, exist_ok=True)
    text = (assets_dir() / "scenarios" / "summer-2025.toml").read_text()
    text = re.sub(r'(?m)^id = "summer-2025"', 'id = "short-2025"', text, count=1)
    text = re.sub(r'(?m)^title = ".*"', 'title = "Short Summer"', text, count=1)
    text = re.sub(r"(?m)^last_quarter = \d+", "last_quarter = 3", text, count=1)
    (mod / "scenarios" / "short-2025.toml").write_text(text)
    return mod


@pytest.fixture(scope="session")
def short_content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    mod = make_short_mod(tmp_path_factory.mktemp("mods"))
    content = load_content([mod])
    assert content.scenarios["short-2025"].last_quarter == 3
    return content
