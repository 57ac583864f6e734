"""The one-line keys footer: which keys it shows, clicks, hover, and a narrow terminal."""

from __future__ import annotations

import importlib
import pkgutil

from textual.app import App, ComposeResult
from textual.binding import Binding
from tui_helpers import settle

from game.tui.widgets import KeysFooter


class KeysApp(App[None]):
    BINDINGS = [  # noqa: RUF012
        Binding("a", "record('a')", "Alpha", tooltip="The first letter"),
        Binding("b", "record('b')", "Beta"),
        Binding("x", "record('x')", "Hidden", show=False),
        Binding("c", "record('c')", "See"),
        Binding("d", "record('c')", "Same action"),  # one key per action is shown
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []
        self.bells = 0
        self.b_works = False

    def compose(self) -> ComposeResult:
        yield KeysFooter()

    def action_record(self, what: str) -> None:
        self.pressed.append(what)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "record" and parameters == ("b",) and not self.b_works:
            return None  # shown, but cannot be used now
        return True

    def bell(self) -> None:
        self.bells += 1


def span_of(footer: KeysFooter, key: str) -> tuple[int, int]:
    return next((a, b) for a, b, item in footer._spans if item.key == key)


async def test_shows_the_bindings_like_textuals_footer() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeysFooter)
        assert [(k.key, k.description, k.enabled) for k in footer.keys] == [
            ("a", "Alpha", True),
            ("b", "Beta", False),
            ("c", "See", True),
        ]
        assert footer.palette is not None and footer.palette.key == app.COMMAND_PALETTE_BINDING
        line = footer.render().plain
        assert line.startswith("a Alpha b Beta c See ")
        assert line.rstrip().endswith("▏^p palette") and len(line) == 80
        for a, b, item in footer._spans:  # every span covers its key as drawn
            assert line[a:b] == f"{item.display} {item.description}"


async def test_clicking_a_key_presses_it_and_a_disabled_one_rings() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeysFooter)
        a, _ = span_of(footer, "a")
        await pilot.click(KeysFooter, offset=(a + 2, 0))
        assert app.pressed == ["a"]
        b, _ = span_of(footer, "b")
        await pilot.click(KeysFooter, offset=(b, 0))
        assert app.pressed == ["a"] and app.bells == 1
        gap = span_of(footer, "c")[0] - 1  # the space between two keys presses nothing
        await pilot.click(KeysFooter, offset=(gap, 0))
        assert app.pressed == ["a"] and app.bells == 1


async def test_the_footer_follows_the_bindings_and_hover_lights_a_key() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeysFooter)
        app.b_works = True
        app.refresh_bindings()
        await settle(pilot)
        assert next(k for k in footer.keys if k.key == "b").enabled
        a, _ = span_of(footer, "a")

        def style_of_a() -> object:
            return footer.render().get_style_at_offset(app.console, a)

        unlit = style_of_a()
        await pilot.hover(KeysFooter, offset=(a, 0))
        await settle(pilot)
        assert footer._hover is not None and footer._hover.key == "a"
        assert footer.tooltip == "The first letter"
        assert style_of_a() != unlit
        c, _ = span_of(footer, "c")
        await pilot.hover(KeysFooter, offset=(c, 0))
        await settle(pilot)
        assert footer._hover is not None and footer._hover.key == "c" and footer.tooltip is None
        assert style_of_a() == unlit


async def test_a_narrow_footer_keeps_the_palette_and_crops_the_keys() -> None:
    app = KeysApp()
    async with app.run_test(size=(24, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeysFooter)
        line = footer.render().plain
        assert len(line) == 24 and line.rstrip().endswith("▏^p palette")
        shown = {item.key for _, _, item in footer._spans}
        assert "a" in shown and "c" not in shown  # cropped keys cannot be clicked
        assert app.COMMAND_PALETTE_BINDING in shown


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
