"""Helpers for driving the app with Pilot."""

from __future__ import annotations

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


async def end_quarter(pilot: Pilot) -> None:
    """End the quarter (confirming it) and close its report."""
    await pilot.press("e", "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


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
    await wait_for(pilot, lambda: isinstance(app.screen, GameOverScreen))
