"""Shared screen bases: the splash, and the game screens that redraw from the app's session."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from game.tui.widgets import KeysFooter

if TYPE_CHECKING:
    from game.tui.app import TalentWarApp
    from game.tui.session import Session

PaletteCommand = tuple[str, str, Callable[[], Any]]


class SplashScreen(Screen):
    """Shown for a moment while the game's data loads."""

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                "[b]TALENT WAR[/b]\n\nrun an AI lab through the 2025 talent war\n\nloading…",
                id="splash",
            )


class GameScreen(Screen):
    """A main screen of a game in progress: redraws from the session when shown or changed."""

    stale = True

    @property
    def game(self) -> TalentWarApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        session = self.game.session
        assert session is not None
        return session

    SCREEN_NAME = ""

    def compose_header(self) -> ComposeResult:
        from game.tui.widgets import NavBar

        yield NavBar(self.SCREEN_NAME)

    def compose_footer(self) -> ComposeResult:
        yield KeysFooter()

    def on_screen_resume(self) -> None:
        if self.game.session is not None:
            self.sync()

    def sync(self) -> None:
        """Redraw from the session (override `render_game`)."""
        if self.game.session is None or not self.is_mounted:
            return
        self.stale = False
        self.sub_title = self.subtitle()
        from game.tui.widgets import NavBar

        s = self.session
        for bar in self.query(NavBar):
            bar.set_right(f"{s.label} ")
        self.render_game()

    def subtitle(self) -> str:
        s = self.session
        lab = s.state.player_lab
        return f"{self.TITLE_TEXT} · {s.label} · {lab.name}"

    TITLE_TEXT = ""

    def render_game(self) -> None:  # pragma: no cover - overridden
        pass

    def palette_commands(self) -> list[PaletteCommand]:
        return []
