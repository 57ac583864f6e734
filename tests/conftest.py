from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

from game.content import CACHE_ENV, load_content
from game.core.config import Content

_CACHE_DIR: str | None = None

# The slowest tests and modules, slowest first. They run first (with `--dist loadgroup`, one test
# or group at a time to whichever worker is free), so none of them is left for last on one
# worker while the others have finished. A name missing here only runs later, never not at all.
SLOW_FIRST = (
    "tests/test_scenario_workaround.py",
    "tests/tui/test_monkey.py",
    "tests/test_balance_bands.py",
    "tests/tui/test_hostile_names.py::test_fuzzed_names_on_every_screen",
    "tests/test_bench.py::test_the_benchmark_reports_every_figure",
    "tests/tui/test_trust_dialogs.py::test_the_palette_hides_order_commands_once_the_game_is_over",
    "tests/test_runs_cli.py",
    "tests/test_state_machine.py",
    "tests/test_saves_props.py",
    "tests/test_web.py",
    "tests/test_saves.py::test_killing_the_process_during_a_save_leaves_a_loadable_save",
    "tests/test_seats.py",
    "tests/test_runs_score.py::test_the_score_is_deterministic_and_depends_on_the_final_state",
    "tests/test_world_mechanics.py::test_research_luck_is_seeded_per_lab_and_averages_out",
    "tests/tui/test_play.py",
    "tests/tui/test_hostile_keys.py",
    "tests/tui/test_quarter_garbage.py",
)

# Modules whose tests share a module-scoped fixture: one xdist group each, so the fixture is
# built once, on one worker.
SHARED_FIXTURES = (
    "tests/test_balance_bands.py",
    "tests/test_scenario_workaround.py",
    "tests/test_runs_cli.py",
    "tests/test_saves_hostile.py",
    "tests/test_events.py",
)


def _slow_rank(item: pytest.Item) -> int:
    for i, prefix in enumerate(SLOW_FIRST):
        if item.nodeid.startswith(prefix):
            return i
    return len(SLOW_FIRST)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.partition("::")[0]
        if module in SHARED_FIXTURES:
            item.add_marker(pytest.mark.xdist_group(module))
    items.sort(key=_slow_rank)  # stable: the rest keep their order


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
