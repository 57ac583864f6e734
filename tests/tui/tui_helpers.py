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
