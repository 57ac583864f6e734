"""Keys that race a screen opening or closing are ignored or queued, never fatal."""

from __future__ import annotations

from textual import events
from textual.command import CommandPalette
from tui_helpers import settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.screens.base import GameScreen
from game.tui.screens.newgame import NewGameScreen

CHARS = {"question_mark": "?", "space": " ", "plus": "+", "minus": "-"}


def burst(app: TalentWarApp, *keys: str) -> None:
    """Keys as a fast typist sends them: all queued at once, none waiting for the one before
    to be handled (Pilot.press waits after every key)."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        char = CHARS.get(key, key if len(key) == 1 else None)
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


async def test_ctrl_p_then_page_up_at_once(content) -> None:  # type: ignore[no-untyped-def]
    """Textual's palette raised when PageUp came before its list was laid out."""
    app = TalentWarApp(content=content, scenario="summer-2025", seed=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen))
        for keys in (("ctrl+p", "pageup"), ("ctrl+p", "pagedown"), ("ctrl+p", "end", "home")):
            burst(app, *keys)
            await settle(pilot, 4)
            assert app.return_code is None
            assert isinstance(app.screen, CommandPalette)
            await pilot.press("escape")
            await settle(pilot)
        # the list moves once it is shown
        await pilot.press("ctrl+p")
        await settle(pilot, 4)
        await pilot.press("pagedown")
        await settle(pilot)
        assert app.return_code is None and isinstance(app.screen, CommandPalette)


async def test_q_then_question_mark_on_the_new_game_screen(content) -> None:  # type: ignore[no-untyped-def]
    """`?` right after `q` opened the help as the app closed, and the app ended on an error."""
    app = TalentWarApp(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, NewGameScreen))
        await settle(pilot)
        burst(app, "q", "question_mark", "question_mark", "d")
        await settle(pilot, 6)
    assert app.return_code == 0


async def test_keys_right_after_a_screen_opens_or_closes(content) -> None:  # type: ignore[no-untyped-def]
    """Each key that opens or closes a screen, followed at once by others."""
    openers = ("e", "question_mark", "ctrl+p", "ctrl+s", "m", "enter")
    followers = ("pageup", "question_mark", "escape", "e")
    app = TalentWarApp(content=content, scenario="summer-2025", seed=5)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen))
        app.animation_level = "none"
        for opener in openers:
            for follower in followers:
                burst(app, opener, follower, follower)
                await settle(pilot)
                assert app.return_code is None, f"{opener} then {follower}"
                for _ in range(4):  # back to a game screen
                    if isinstance(app.screen, GameScreen):
                        break
                    await pilot.press("escape")
                    await settle(pilot)
        assert app.return_code is None
