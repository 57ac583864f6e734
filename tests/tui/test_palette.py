"""The command palette (ctrl+p) finds the current screen's game commands by their words."""

from __future__ import annotations

from conftest import SEED
from textual.command import CommandList, CommandPalette
from textual.events import Key
from textual.widgets import Input
from tui_helpers import settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.commands import GameCommands
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.dialogs import EndQuarterDialog
from game.tui.screens.opensource import OpenSourceScreen
from game.tui.screens.saves import SaveNameDialog


async def palette_hits(pilot, words: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the palette, type `words`, and return the hits' titles, best first."""
    app = pilot.app
    if not isinstance(app.screen, CommandPalette):
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    palette = app.screen
    # each key as typed, without a wait for idle after each: the words are in once the input
    # holds them
    for c in words:
        app.post_message(Key("space" if c == " " else c, c))
    await wait_for(pilot, lambda: palette.query_one(Input).value.endswith(words))
    results = palette.query_one(CommandList)
    seen: list[str] = []
    for _ in range(100):  # (the palette searches its providers in the background)
        await pilot.pause(0.02)
        now = [str(option.hit.text) for option in results.options]
        if now and now == seen:
            break
        seen = now
    return seen


def game_app(content) -> TalentWarApp:  # type: ignore[no-untyped-def]
    return TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")


async def test_the_palette_is_a_provider_of_the_screens_commands(content) -> None:  # type: ignore[no-untyped-def]
    app = game_app(content)
    assert GameCommands in app.COMMANDS
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        titles = [title for title, _, _ in GameCommands(app.screen).commands()]
        assert "Set the budget split" in titles and "End the quarter" in titles
        assert not any(t.startswith("Release") for t in titles)  # the Open-source screen's
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenSourceScreen))
        titles = [title for title, _, _ in GameCommands(app.screen).commands()]
        assert sum(t.startswith("Release") for t in titles) == 3
        # Textual's own Quit (which neither asks nor waits for an autosave) is not offered
        assert [c.title for c in app.get_system_commands(app.screen)].count("Quit") == 0


async def test_words_find_the_commands(content) -> None:  # type: ignore[no-untyped-def]
    app = game_app(content)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        hits = await palette_hits(pilot, "end quarter")
        assert hits[0] == "End the quarter"
        await pilot.press("escape")
        await settle(pilot)
        hits = await palette_hits(pilot, "save")
        assert hits[0] == "Save game"
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenSourceScreen))
        hits = await palette_hits(pilot, "release")
        assert {h for h in hits[:3]} == {
            "Release nothing: keep the weights closed",
            "Release the current model (open weights)",
            "Release the previous model (open weights)",
        }
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "MarketScreen")
        hits = await palette_hits(pilot, "offer")
        assert "Make an offer to the selected researcher" in hits[:3]


async def test_a_hit_runs_its_command(content, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(
        content=content, scenario="summer-2025", seed=SEED, difficulty="normal", saves_dir=tmp_path
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await palette_hits(pilot, "end quarter")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EndQuarterDialog))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await palette_hits(pilot, "save game")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveNameDialog))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))

        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenSourceScreen))
        assert app.session is not None and app.session.draft.release == "keep"
        hits = await palette_hits(pilot, "release current")
        assert hits[0] == "Release the current model (open weights)"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.session.draft.release == "current")
