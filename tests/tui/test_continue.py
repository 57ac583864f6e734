"""New game offers to continue the last autosave (C), in the terminal as in a browser tab."""

from __future__ import annotations

from conftest import SEED
from textual.widgets import Static
from tui_helpers import settle, wait_for

from game.core.engine import advance, label, new_game
from game.core.models import Orders
from game.saves import autosave, saves_dir
from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.newgame import NewGameScreen


def _played(content, quarters: int):  # type: ignore[no-untyped-def]
    state = new_game(content, "summer-2025", SEED, "normal")
    for _ in range(quarters):
        state, _ = advance(state, Orders(), content)
    return state


async def _new_game_ready(pilot) -> NewGameScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    await wait_for(pilot, lambda: app.content is not None and isinstance(app.screen, NewGameScreen))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, NewGameScreen)
    return screen


async def test_c_continues_the_newest_autosave(content) -> None:  # type: ignore[no-untyped-def]
    older = _played(content, 1)
    newer = _played(content, 2)
    autosave(older, saves_dir(), content=content)
    autosave(newer, saves_dir(), content=content)
    async with TalentWarApp().run_test(size=(100, 32)) as pilot:
        screen = await _new_game_ready(pilot)
        assert screen.autosave is not None
        shown = str(screen.query_one("#ng-continue", Static).render())
        assert label(newer, content) in shown and newer.player_lab.name in shown
        assert screen.query_one("#ng-continue-row").display
        await pilot.press("C")
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert app.session is not None
        assert app.session.state.quarter == newer.quarter
        assert app.session.state.reports[-1].quarter == newer.reports[-1].quarter


async def test_no_autosave_no_offer(content) -> None:  # type: ignore[no-untyped-def]
    async with TalentWarApp().run_test(size=(100, 32)) as pilot:
        screen = await _new_game_ready(pilot)
        assert screen.autosave is None
        assert not screen.query_one("#ng-continue-row").display
        assert screen.check_action("continue_game", ()) is False
        await pilot.press("C")
        await settle(pilot)
        assert pilot.app.session is None and pilot.app.screen is screen


async def test_a_finished_game_is_not_offered(short_content) -> None:  # type: ignore[no-untyped-def]
    state = new_game(short_content, "short-2025", SEED, "normal")
    while state.outcome is None:
        state, _ = advance(state, Orders(), short_content)
    autosave(state, saves_dir(), content=short_content)
    async with TalentWarApp().run_test(size=(100, 32)) as pilot:
        screen = await _new_game_ready(pilot)
        assert screen.autosave is None


async def test_at_80x24_the_daily_and_continue_rows_are_in_view(content) -> None:  # type: ignore[no-untyped-def]
    """The smallest supported terminal shows every row of New game without scrolling."""
    autosave(_played(content, 1), saves_dir(), content=content)
    async with TalentWarApp().run_test(size=(80, 24)) as pilot:
        screen = await _new_game_ready(pilot)
        assert screen.autosave is not None
        for row in ("#ng-daily-row", "#ng-continue-row"):
            region = screen.query_one(row).region
            assert region.height >= 1, row
            assert region.bottom <= 23, row  # above the footer, not below the fold
        assert screen.query_one("#ng-top").region.y >= 1
