"""Helpers for driving the app with Pilot."""

from __future__ import annotations

from textual.pilot import Pilot

from game.tui.app import TalentWarApp


async def settle(pilot: Pilot, times: int = 2) -> None:
    for _ in range(times):
        await pilot.pause()


async def wait_for(pilot: Pilot, predicate, tries: int = 200) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition not reached")


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
        await pilot.press("e", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    await wait_for(pilot, lambda: isinstance(app.screen, GameOverScreen))
