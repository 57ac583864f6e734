"""The palette finds commands by the obvious words from any screen (issue 16): "release" from
the dashboard leads to the Open-source screen, "hire" to the talent market."""

from __future__ import annotations

from test_palette import game_app, palette_hits
from tui_helpers import settle, wait_for

from game.tui.screens.dashboard import DashboardScreen


async def test_obvious_words_find_the_screen_that_does_it(content) -> None:  # type: ignore[no-untyped-def]
    app = game_app(content)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        for words, first in (
            ("release", "Go to Open-source"),
            ("hire", "Go to Talent market"),
            ("grant", "Go to Roster"),
        ):
            hits = await palette_hits(pilot, words)
            assert hits and hits[0] == first, (words, hits)
            await pilot.press("escape")
            await settle(pilot)
        hits = await palette_hits(pilot, "release")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "OpenSourceScreen")
