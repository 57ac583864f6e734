"""The Open-source screen says what each release choice does to the player's API share."""

from __future__ import annotations

from conftest import SEED
from textual.widgets import Static
from tui_helpers import settle, wait_for

from game.core.advice import release_preview
from game.tui.app import TalentWarApp
from game.tui.fmt import pct
from game.tui.screens.opensource import OpenSourceScreen


async def test_the_release_choice_shows_its_api_share(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenSourceScreen))
        await settle(pilot)
        s = app.session
        for choice in ("keep", "previous"):
            s.draft.release = choice
            app.screen.render_game()
            await settle(pilot)
            text = str(app.screen.query_one("#open-explain", Static).render())
            share = release_preview(s.state, content, choice).api_share
            assert f"API share with this choice, if the rivals stood still: {pct(share)}" in text
