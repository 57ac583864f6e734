"""Shared screen bases: the splash, and the game screens that redraw from the app's session."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

if TYPE_CHECKING:
    from game.tui.app import TalentWarApp
    from game.tui.session import Session

PaletteCommand = tuple[str, str, Callable[[], Any]]

ORDER_ACTIONS: frozenset[str] = frozenset(
    {
        "end_quarter",  # the app's
        "split",  # dashboard, open-source
        "compute",
        "fit",
        "counter",  # dashboard, roster, market
        "raise",  # roster
        "grant",
        "talk",
        "withdraw",  # roster, market
        "offer",  # market
        "release",  # open-source
        "spend",
        "nudge",  # the dashboard's split editor
        "all",
        "zero",
    }
)
"""The actions that give orders. Once the game is over they are hidden from the footer and
do nothing (`check_action` of the app, the game screens and the split editor)."""


def order_action_allowed(app: Any, action: str) -> bool:
    """False for an order action when the game is over (no session counts as over)."""
    if action not in ORDER_ACTIONS:
        return True
    session = getattr(app, "session", None)
    return session is not None and not session.over


class GameFooter(Footer):
    """Textual's compact `Footer`, rebuilt only when the keys it shows change, and only while
    its screen is seen.

    `Footer` recomposes (new `FooterKey` widgets) whenever its screen's bindings are refreshed,
    and Textual refreshes them each time a screen is suspended or resumed: each quarter's
    dialog, report and dashboard rebuilt every footer on the stack, hidden ones too. Here a
    footer keeps its keys while the screen's active bindings give the same ones, and a hidden
    screen's footer waits until the screen is shown again (it is compared then)."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._shown: tuple[tuple[Binding, bool, str], ...] | None = None
        """The keys of the last compose (None: none shown yet)."""

    def _keys(self) -> tuple[tuple[Binding, bool, str], ...]:
        return tuple(
            (binding, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        keys = self._keys()
        self._shown = None
        for widget in super().compose():
            self._shown = keys
            yield widget

    def _seen(self) -> bool:
        """True when the footer's screen is on top or shows through the screens above it.
        (Textual's `Screen.is_current` also counts the screen right below an opaque one.)"""
        screen = self.screen
        for above in reversed(self.app.screen_stack):
            if above is screen:
                return True
            if above.styles.background.a >= 1:
                return False
        return False

    def bindings_changed(self, screen: Screen) -> None:
        if not self._seen() or (self._shown is not None and self._keys() == self._shown):
            return
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        if self._seen():  # (asked for while seen, it may run once the screen is covered)
            await super().recompose()
            # The old keys watched `compact` (`data_bind`); Textual drops a removed watcher
            # only when the watched value is set, so without this each rebuild keeps the
            # old keys and their render caches alive (Textual #6666).
            self.mutate_reactive(Footer.compact)


class Backdrop:
    """For the game's full screens: while the terminal is too small (see
    `TalentWarApp.MIN_SIZE`) their widgets are hidden and their background is the app's "make
    the terminal larger" message; dialogs over them show it through."""

    def render(self) -> RenderResult:
        app = self.app  # type: ignore[attr-defined]
        if getattr(app, "too_small", False):
            return app.render()  # type: ignore[no-any-return]
        return super().render()  # type: ignore[misc,no-any-return]


class SplashScreen(Backdrop, Screen):
    """Shown for a moment while the game's data loads."""

    USES_GAME_STYLES = False  # (styled by app.tcss alone: see TalentWarApp.GAME_CSS_PATH)

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                "[b]TALENT WAR[/b]\n\nrun an AI lab through the 2025 talent war\n\nloading…",
                id="splash",
            )


class GameScreen(Backdrop, Screen):
    """A main screen of a game in progress: redraws from the session when shown or changed.

    The app's `view_version` goes up whenever the session changes. The screen on top redraws
    at once; the others are stale and redraw when they are shown again, so a change costs one
    redraw, of the screen the player sees.
    """

    SCREEN_NAME = ""
    TITLE_TEXT = ""

    def __init__(self) -> None:
        super().__init__()
        self._drawn_version: int | None = None

    @property
    def game(self) -> TalentWarApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        session = self.game.session
        assert session is not None
        return session

    @property
    def stale(self) -> bool:
        """True when the session changed since this screen last drew it."""
        return self._drawn_version != self.game.view_version

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Order keys go once the game is over (see `ORDER_ACTIONS`)."""
        return order_action_allowed(self.app, action)

    def compose_header(self) -> ComposeResult:
        from game.tui.widgets import NavBar

        yield NavBar(self.SCREEN_NAME)

    def compose_footer(self) -> ComposeResult:
        yield GameFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "view_version", self._session_changed, init=False)

    @property
    def on_top(self) -> bool:
        """True when this is the screen the player is looking at (`is_current` also counts
        the screen right below the top one)."""
        return self.app.screen is self

    def _session_changed(self) -> None:
        if self.on_top:
            self.sync()

    def on_screen_resume(self) -> None:
        if self.on_top and self.stale:
            self.sync()

    def sync(self) -> None:
        """Redraw from the session (override `render_game`). Not while the app shuts down: its
        screens' widgets are being removed (a screen shown as the app exits would find some
        of them gone)."""
        if self.game.session is None or not self.is_mounted or not self.app.is_running:
            return
        self._drawn_version = self.game.view_version
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

    def render_game(self) -> None:  # pragma: no cover - overridden
        pass

    def palette_commands(self) -> list[PaletteCommand]:
        return []
