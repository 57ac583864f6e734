"""Helpers for driving the app with Pilot."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.pilot import Pilot

from game.tui.app import TalentWarApp
from game.tui.session import Session

if TYPE_CHECKING:
    from game.tui.screens.offers import OfferDialog


async def settle(pilot: Pilot, times: int = 2) -> None:
    for _ in range(times):
        await pilot.pause()


async def wait_for(pilot: Pilot, predicate, tries: int = 200) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition not reached")


async def on_dashboard(pilot: Pilot) -> Session:
    """Wait for a started game's dashboard; the game's session."""
    from game.tui.screens.dashboard import DashboardScreen

    app = game(pilot)
    await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
    assert app.session is not None
    return app.session


async def press_until(pilot: Pilot, key: str, done: Callable[[], object]) -> None:
    """Press `key` and wait until `done()` holds: for what the key leads to, rather than for
    the app to be idle (each wait for idle lasts a 20 ms step at least, often several)."""
    game(pilot).simulate_key(key)
    await wait_for(pilot, done)


async def end_quarter(pilot: Pilot) -> None:
    """End the quarter (confirming it), close its report, and wait for the screen after it
    (the game over screen after the last quarter)."""
    from game.tui.screens.dialogs import EndQuarterDialog
    from game.tui.screens.gameover import GameOverScreen
    from game.tui.screens.report import ReportScreen

    app = game(pilot)
    s = app.session
    assert s is not None
    reports = len(s.state.reports)
    await press_until(
        pilot, "e", lambda: isinstance(app.screen, EndQuarterDialog) and app.screen.is_mounted
    )
    # (the autosave due starts once the report is painted)
    await press_until(
        pilot,
        "enter",
        lambda: (
            isinstance(app.screen, ReportScreen)
            and len(s.state.reports) == reports + 1
            and not app.autosaves.pending
        ),
    )
    report = app.screen
    await press_until(
        pilot,
        "enter",
        lambda: (
            app.screen is not report
            and app.screen.is_mounted
            and (isinstance(app.screen, GameOverScreen) or not s.over)
        ),
    )


async def open_offer(pilot: Pilot) -> OfferDialog:
    """From the dashboard: the Market, then the offer dialog for its first row."""
    from game.tui.screens.market import MarketScreen
    from game.tui.screens.offers import OfferDialog

    app = game(pilot)
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(app.screen, MarketScreen))
    await settle(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, OfferDialog))
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, OfferDialog)
    return dialog


def game(pilot: Pilot) -> TalentWarApp:
    app = pilot.app
    assert isinstance(app, TalentWarApp)
    return app


async def play_to_game_over(pilot: Pilot, quarters: int = 8) -> None:
    """End quarters (closing each report) until the game over screen shows."""
    from game.tui.screens.gameover import GameOverScreen

    app = game(pilot)
    for _ in range(quarters):
        if app.session is not None and app.session.over:
            break
        await end_quarter(pilot)
    await wait_for(pilot, lambda: isinstance(app.screen, GameOverScreen) and app.screen.is_mounted)
