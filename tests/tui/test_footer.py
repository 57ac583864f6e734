"""The footer is Textual's `Footer`: at 80x24 it shows every key of the screen, and only the
keys that work now (the app's and screens' `check_action`)."""

from __future__ import annotations

import importlib
import pkgutil

from conftest import SEED
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from tui_helpers import settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.dialogs import EndQuarterDialog
from game.tui.screens.newgame import NewGameScreen


def footer_keys(screen) -> dict[str, FooterKey]:  # type: ignore[no-untyped-def]
    return {k.key: k for k in screen.query_one(Footer).query(FooterKey)}


def shown_bindings(app: TalentWarApp) -> set[str]:
    """The first key of each shown binding active on the app's screen (as the footer lists)."""
    keys: set[str] = set()
    actions: set[str] = set()
    for key, (_node, binding, _enabled, _tooltip) in app.screen.active_bindings.items():
        if binding.show and binding.action not in actions:
            actions.add(binding.action)
            keys.add(key)
    return keys


async def test_every_dashboard_key_is_visible_at_80_by_24(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        keys = footer_keys(app.screen)
        expected = shown_bindings(app)
        assert {"s", "b", "f", "c", "e", "question_mark", "q", "ctrl+s"} <= expected
        assert set(keys) == expected | {app.COMMAND_PALETTE_BINDING}
        palette = keys.pop(app.COMMAND_PALETTE_BINDING).region
        assert palette.right <= 80
        for key, widget in keys.items():  # on the line, not under the palette's key
            region = widget.region
            assert region.width > len(widget.description), key
            assert region.right <= palette.x, key
        line = app.screen._compositor.render_strips()[-1].text
        for description in ("Split", "GPUs", "Fit split", "Counter", "End Q", "Help", "Save"):
            assert description in line


async def test_the_footer_shows_only_the_keys_that_work(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, NewGameScreen) and app.screen.descriptions
        )
        await settle(pilot)
        keys = footer_keys(app.screen)
        # no game to go back to, nothing to save or end: those keys are not shown
        assert "escape" not in keys and "e" not in keys
        assert "ctrl+s" in keys  # (New game's own: start)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        assert "e" in footer_keys(app.screen)
        await pilot.press("ctrl+p")  # the palette: New game
        await settle(pilot)
        await pilot.press(*"new game", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NewGameScreen))
        await settle(pilot)
        assert "escape" in footer_keys(app.screen)  # back to the game now


async def test_clicking_a_footer_key_presses_it(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        end = footer_keys(app.screen)["e"]
        await pilot.click(end)
        await wait_for(pilot, lambda: isinstance(app.screen, EndQuarterDialog))


def test_keys_are_shown_as_textual_shows_them() -> None:
    """The game's key display (which skips Textual's Unicode name lookup for one-character
    keys) shows every key of the game, and every letter, digit and sign, as Textual does."""
    import string

    from textual.app import App as TextualApp

    from game.tui import screens
    from game.tui.app import TalentWarApp

    app = TalentWarApp()
    bindings = [*TalentWarApp.BINDINGS, *TextualApp.BINDINGS]
    for module in pkgutil.iter_modules(screens.__path__):
        mod = importlib.import_module(f"game.tui.screens.{module.name}")
        for value in vars(mod).values():
            if isinstance(value, type) and "BINDINGS" in vars(value):
                bindings += value.BINDINGS
    bindings = [b for b in bindings if isinstance(b, Binding)]
    assert len(bindings) > 30
    for char in string.ascii_letters + string.digits + "?+-=/":
        bindings += [
            Binding(char, "a"),
            Binding(f"ctrl+{char}", "a"),
            Binding(f"shift+{char}", "a"),
        ]
    bindings.append(Binding("question_mark", "a", key_display="?"))
    for binding in bindings:
        for key in binding.key.split(","):
            one = Binding(key, binding.action, key_display=binding.key_display)
            assert app.get_key_display(one) == TextualApp.get_key_display(app, one), key


async def test_a_footer_is_rebuilt_only_when_its_keys_change_and_only_while_seen(
    content, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Textual refreshes a screen's bindings whenever it is suspended or resumed; the footer
    keeps its key widgets while the keys are the same, and a covered screen's footer is not
    rebuilt until it shows again. The keys shown stay those that work."""
    from game.tui.screens.report import ReportScreen

    rebuilt: list[str] = []
    recompose = Footer.recompose

    async def counted(self: Footer) -> None:
        rebuilt.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        seen: list[dict[str, FooterKey]] = []
        for _ in range(2):
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, EndQuarterDialog))
            await settle(pilot)
            assert "e" not in footer_keys(app.screen_stack[-2])  # (the dashboard, seen below)
            rebuilt.clear()
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
            await settle(pilot)
            keys = footer_keys(app.screen)
            assert set(keys) == shown_bindings(app) | {app.COMMAND_PALETTE_BINDING}
            assert "e" not in keys and "enter" in keys
            seen.append(keys)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
            await settle(pilot)
            # the report's footer is built when it first shows, then kept; the dashboard's is
            # rebuilt once, shown again (its `e` is back), not while the report covered it
            assert rebuilt.count("DashboardScreen") == 1
            assert (rebuilt.count("ReportScreen") > 0) == (len(seen) == 1)
            keys = footer_keys(app.screen)
            assert set(keys) == shown_bindings(app) | {app.COMMAND_PALETTE_BINDING}
            assert "e" in keys
        first, second = seen
        assert all(first[k] is second[k] for k in first)  # the same widgets
