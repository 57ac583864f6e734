from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from game.content import load_content
from game.core.config import Content

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=25
)
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=25,
    derandomize=True,
)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(autouse=True)
def _no_real_saves(tmp_path, monkeypatch):
    """Tests never touch the real saves/ folder."""
    monkeypatch.setenv("TALENT_WAR_SAVES", str(tmp_path / "saves"))
    monkeypatch.chdir(tmp_path)
