"""SVG snapshots of the main screens at 80x24 and 120x40 with a fixed seed.

Plain `def` tests: the snapshot plugin runs its own event loop. Update with
`pytest tests/tui/test_snapshots.py --snapshot-update` after checking the report.
"""

from __future__ import annotations

import pytest
from conftest import SEED
from textual.widgets import Input
from tui_helpers import play_to_game_over

from game.tui.app import TalentWarApp
from game.tui.screens.newgame import NewGameScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _ready(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app = pilot.app
    for _ in range(100):
        if app.session is not None:
            break
        await pilot.pause(0.01)
    await pilot.pause()
    app.clear_notifications()
    if keys:
        await pilot.press(*keys)
    await pilot.pause()
    app.clear_notifications()
    _still_cursors(app)
    await pilot.pause()


def _still_cursors(app) -> None:  # type: ignore[no-untyped-def]
    """A blinking cursor is drawn or not by the clock: hold every input's cursor still."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


def _app(content, scenario: str = "summer-2025") -> TalentWarApp:  # type: ignore[no-untyped-def]
    return TalentWarApp(content=content, scenario=scenario, seed=SEED, difficulty="normal")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["d", "r", "m", "l", "o", "question_mark"])
def test_main_screens(snap_compare, content, size, key) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot, key)

    assert snap_compare(_app(content), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_new_game_screen(snap_compare, content, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        app = pilot.app
        for _ in range(100):
            if isinstance(app.screen, NewGameScreen) and app.screen.descriptions:
                break
            await pilot.pause(0.01)
        app.screen.query_one("#seed", Input).value = str(SEED)
        _still_cursors(app)
        await pilot.pause()

    assert snap_compare(TalentWarApp(content=content), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_offer_dialog(snap_compare, content, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot, "m", "enter")

    assert snap_compare(_app(content), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_quarter_report(snap_compare, content, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot, "e", "enter")

    assert snap_compare(_app(content), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_game_over(snap_compare, short_content, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        app = pilot.app
        await play_to_game_over(pilot)
        assert app.session.over
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(
        _app(short_content, "short-2025"), terminal_size=size, run_before=run_before
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["e", "b", "s"])
def test_dialogs(snap_compare, content, size, key) -> None:  # type: ignore[no-untyped-def]
    """The end-quarter summary, the compute dialog and the budget split dialog."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot, key)

    assert snap_compare(_app(content), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("key", ["d", "r", "l"])
def test_no_color(snap_compare, content, monkeypatch, key) -> None:  # type: ignore[no-untyped-def]
    """NO_COLOR=1 at 80x24: the marks (▲ ! ⚠, low/med/HIGH) carry what colour would."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot, key)

    assert snap_compare(_app(content), terminal_size=(80, 24), run_before=run_before)
