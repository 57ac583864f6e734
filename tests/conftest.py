from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

from game.content import CACHE_ENV, load_content
from game.core.config import Content

_CACHE_DIR: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """The parsed-content cache goes to a temporary folder, never the user's cache."""
    global _CACHE_DIR
    _CACHE_DIR = tempfile.mkdtemp(prefix="talent-war-cache-")
    os.environ[CACHE_ENV] = _CACHE_DIR


def pytest_unconfigure(config: pytest.Config) -> None:
    if _CACHE_DIR is not None:
        shutil.rmtree(_CACHE_DIR, ignore_errors=True)


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
    """Tests never touch the real saves/ folder, nor read the calendar (the daily challenge)."""
    monkeypatch.setenv("TALENT_WAR_SAVES", str(tmp_path / "saves"))
    monkeypatch.setenv("TALENT_WAR_TODAY", "2026-01-15")
    monkeypatch.chdir(tmp_path)
