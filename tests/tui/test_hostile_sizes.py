"""No terminal size breaks the game; below 80x24 it asks for a larger terminal and waits."""

from __future__ import annotations

from pathlib import Path

from test_hostile_keys import burst
from tui_helpers import settle, wait_for

import game.tui.app
from game.tui.app import TalentWarApp
from game.tui.screens.base import GameScreen
from game.tui.screens.dashboard import DashboardScreen

# every screen's keys: the main screens, help, the palette, a dialog, the quarter's summary
KEYS = ("d", "r", "m", "l", "o", "question_mark", "escape", "ctrl+p", "escape", "e", "escape")
KEYS += ("s", "enter", "escape", "tab", "pageup", "pagedown", "c", "f", "escape")


def shown(app: TalentWarApp) -> str:
    import html
    import re

    svg = app.export_screenshot()
    text = html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))
    return " ".join(text.replace("\xa0", " ").split())


class Unguarded(TalentWarApp):
    """The game with no smallest size: every screen is laid out however small the terminal."""

    CSS_PATH = str(Path(game.tui.app.__file__).parent / "styles" / "app.tcss")
    MIN_SIZE = (0, 0)


async def test_d_at_40x30(content) -> None:  # type: ignore[no-untyped-def]
    """The example of the issue: `d` at 40x30 raised inside an option list of no width."""
    app = TalentWarApp(content=content, scenario="summer-2025", seed=2)
    async with app.run_test(size=(40, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await settle(pilot)
        await pilot.press("d", "r", "d")
        await settle(pilot)
        assert app.return_code is None
        assert "Make the terminal larger" in shown(app)
        await pilot.resize_terminal(100, 30)
        await settle(pilot, 3)
        assert isinstance(app.screen, DashboardScreen)
        text = shown(app)
        assert "larger" not in text and "Dashboard" in text


async def test_every_screen_laid_out_at_any_size(content) -> None:  # type: ignore[no-untyped-def]
    """With the smallest size taken away, every screen still lays out at any size."""
    app = Unguarded(content=content, scenario="summer-2025", seed=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        app.animation_level = "none"
        for size in ((44, 30), (20, 10), (1, 1), (200, 3)):
            await pilot.resize_terminal(*size)
            for start in range(0, len(KEYS), 4):  # a few keys at a time, each batch handled
                burst(app, *KEYS[start : start + 4])
                await settle(pilot, 3)
                assert app.return_code is None, f"after {KEYS[: start + 4]} at {size}"


async def test_below_the_smallest_size_the_game_waits(content) -> None:  # type: ignore[no-untyped-def]
    """Shrunk on any screen, the game shows one message and ignores keys; grown again, the
    screen is back as it was."""
    app = TalentWarApp(content=content, scenario="summer-2025", seed=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen))
        app.animation_level = "none"
        for size, opener in (
            ((40, 30), "r"),
            ((10, 5), "ctrl+p"),
            ((79, 24), "e"),
            ((80, 23), "m"),
        ):
            await pilot.press(opener)
            await settle(pilot)
            before = app.screen
            await pilot.resize_terminal(*size)
            await settle(pilot)
            burst(app, *KEYS)
            await settle(pilot, 3)
            assert app.return_code is None
            assert app.screen is before, "keys acted while the terminal was too small"
            assert "Make the terminal larger" in shown(app)
            await pilot.resize_terminal(100, 30)
            await settle(pilot, 3)
            assert "larger" not in shown(app)
            assert app.screen is before
            for _ in range(3):
                if isinstance(app.screen, GameScreen):
                    break
                await pilot.press("escape")
                await settle(pilot)
    assert app.session is not None and not app.session.state.reports  # no quarter was ended


async def test_ctrl_q_quits_while_too_small(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=2)
    async with app.run_test(size=(30, 10)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0


async def test_new_game_hides_its_rows_while_too_small(content, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The New game screen's daily (and continue) rows are shown once the data loads; below
    the smallest size they are hidden with the rest, not drawn over the message."""
    app = TalentWarApp(content=content, saves_dir=tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_for(pilot, lambda: "ng-daily-row" in {w.id for w in app.screen.query("*")})
        await settle(pilot, 3)
        text = shown(app)
        assert "Make the terminal larger" in text
        assert "Daily" not in text
        await pilot.resize_terminal(100, 30)
        await settle(pilot, 3)
        assert "Daily" in shown(app)


async def test_toasts_wait_while_too_small(content) -> None:  # type: ignore[no-untyped-def]
    """The opening toast does not show beside the "make the terminal larger" message, and
    shows once the terminal is large enough (if it has not timed out)."""
    app = TalentWarApp(content=content, scenario="summer-2025", seed=3)
    async with app.run_test(size=(50, 16), notifications=True) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await settle(pilot)
        text = shown(app)
        assert "Make the terminal larger" in text
        assert "Summer of the Superteams" not in text and "You run" not in text
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: "You run Halcyon Research" in shown(app))
