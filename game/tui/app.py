"""The Talent War app: its wiring. It holds the game session and switches screens.

Attributes down, messages up: the app owns the `Session` (content, state, draft orders);
screens read it in `sync()` and post typed messages (game/tui/messages.py) that the app hands
to its parts: start-up and loading (loading.py), starting and continuing a game (games.py),
moving between screens and quitting (navigation.py), the order-editing controller
(controller.py), autosaves (autosave.py) and the command palette's provider (commands.py).
Heavy imports (the core, pydantic, charts) happen lazily so the first screen appears at once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, RenderResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from game.text import printable
from game.tui import autosave, loading, messages
from game.tui.autosave import Autosaver
from game.tui.commands import GameCommands
from game.tui.controller import OrderController
from game.tui.games import Games
from game.tui.loading import StartUp
from game.tui.navigation import Navigator
from game.tui.saving import SaveFlow
from game.tui.screens.base import GameScreen, order_action_allowed

if TYPE_CHECKING:
    import argparse

    from game.core.config import Content
    from game.saves import SaveFile
    from game.tui.session import Session

MAIN_SCREENS = ("dashboard", "roster", "market", "labs", "open")
SCREEN_TITLES = {
    "dashboard": "Dashboard",
    "roster": "Roster",
    "market": "Talent market",
    "labs": "Labs",
    "open": "Open-source",
}


def _screen(module: str, name: str) -> Callable[[], Screen]:
    """A factory for `SCREENS`: the screen's module is imported when it is first shown."""

    def make() -> Screen:
        screen: Screen = getattr(importlib.import_module(f"game.tui.screens.{module}"), name)()
        return screen

    return make


class TalentWarApp(App[int]):
    """Talent War in a terminal."""

    TITLE = "Talent War"
    CSS_PATH = "styles/app.tcss"
    GAME_CSS_PATH: ClassVar[Path] = Path(__file__).resolve().parent / "styles" / "game.tcss"
    """The styles of the game's screens and dialogs, read when the first of them is shown:
    parsing them before the New game screen would be a sixth of its start-up."""
    COMMANDS = App.COMMANDS | {GameCommands}
    BINDINGS = [  # noqa: RUF012
        Binding("d", "goto('dashboard')", "Dash", id="goto-dashboard", show=False),
        Binding("r", "goto('roster')", "Roster", id="goto-roster", show=False),
        Binding("m", "goto('market')", "Market", id="goto-market", show=False),
        Binding("l", "goto('labs')", "Labs", id="goto-labs", show=False),
        Binding("o", "goto('open')", "Open", id="goto-open", show=False),
        Binding("e", "end_quarter", "End Q", id="end-quarter"),
        Binding("n", "new_game", "New game", id="new-game"),  # (once the game is over)
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+s", "save", "Save", id="save-game"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit-now"),
    ]

    # The main screens, made (and their modules imported) the first time each is shown.
    SCREENS = {  # noqa: RUF012
        "dashboard": _screen("dashboard", "DashboardScreen"),
        "roster": _screen("roster", "RosterScreen"),
        "market": _screen("market", "MarketScreen"),
        "labs": _screen("labs", "LabsScreen"),
        "open": _screen("opensource", "OpenSourceScreen"),
        "report": _screen("report", "ReportScreen"),
    }

    view_version: reactive[int] = reactive(0, init=False)
    """Goes up whenever the session changes; the game screens redraw from it (see GameScreen)."""

    MIN_SIZE: ClassVar[tuple[int, int]] = (80, 24)
    """The smallest terminal the game is laid out for (columns, lines). Below it every screen
    gives way to a "make the terminal larger" message, and keys wait (see `too_small`)."""

    too_small: reactive[bool] = reactive(False, init=False)
    """True while the terminal is smaller than `MIN_SIZE`."""

    def __init__(
        self,
        *,
        content: Content | None = None,
        scenario: str | None = None,
        seed: int | None = None,
        difficulty: str | None = None,
        mods: Iterable[str] = (),
        saves_dir: str | Path | None = None,
        load: str | Path | SaveFile | None = None,
        daily: str | None = None,
        lab: str | None = None,
    ) -> None:
        """`lab` is the seat of a game started from the command line (None: the scenario's
        own player lab). `daily` (a date) starts that day's challenge. `load` opens a save at
        start (a name in the saves folder, a path, or a loaded `SaveFile`); a save that cannot
        be read ends the app with its one-line error."""
        super().__init__()
        self.content: Content | None = content
        self.session: Session | None = None
        self.mods = list(mods)
        self.saves_dir_arg = saves_dir
        # True when the game has progress no save holds (a new game, a quarter, new orders).
        self.unsaved = False
        self.startup = StartUp(self, scenario, seed, difficulty, load, daily, lab)
        self.games = Games(self)
        self.start_game = self.games.start
        """Start a new game (see `Games.start`)."""
        self.nav = Navigator(self)
        self.orders = OrderController(self)
        self.autosaves = Autosaver(self)
        self.saving = SaveFlow(self)
        self.leaving = False
        """True once the app has begun to exit: keys are ignored from then on."""

    # -- start-up -------------------------------------------------------------------------
    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        self._use_game_styles(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        self._use_game_styles(screen)
        return super().switch_screen(screen)

    def _use_game_styles(self, screen: object) -> None:
        """Add game.tcss before the first screen that uses it shows (New game and the splash
        do not: they set `USES_GAME_STYLES = False`)."""
        if not getattr(screen, "USES_GAME_STYLES", True):
            return
        path = str(self.GAME_CSS_PATH)
        if not self.stylesheet.has_source(path):
            self.stylesheet.read(path)  # parsed with the next styling, the others from cache

    def get_default_screen(self) -> Screen:
        return self.startup.default_screen()

    def on_mount(self) -> None:
        self._check_size()
        self.startup.mount()

    # -- the terminal's size, keys, and text from data -------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        # (runs as the app hears of the new size, before its screens are laid out again)
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        w, h = self.size if width is None or height is None else (width, height)
        small = w < self.MIN_SIZE[0] or h < self.MIN_SIZE[1]
        self.set_class(small, "-too-small")  # app.tcss hides every screen's widgets
        self.too_small = small

    def watch_too_small(self) -> None:
        for screen in self.screen_stack:
            screen.refresh(layout=True)

    def render(self) -> RenderResult:
        """The background under every screen; while the terminal is too small, the screens
        are transparent and this is all there is."""
        if not self.too_small:
            return super().render()
        w, h = self.MIN_SIZE
        return Text.assemble(
            ("Make the terminal larger\n", "bold"),
            f"Talent War needs at least {w}×{h}; this one is {self.size.width}×"
            f"{self.size.height}. The game waits (ctrl+q quits without saving).",
            justify="center",
        )

    async def on_event(self, event: events.Event) -> None:
        """Keys wait while the terminal is too small (nothing of the game shows), and are
        ignored once the app is leaving (a screen opened then would never be composed)."""
        if isinstance(event, events.Key):
            if self.leaving:
                event.stop()
                return
            if self.too_small:
                event.stop()
                if event.key == "ctrl+q":
                    self.leaving = True
                    self.exit(0)
                return
        await super().on_event(event)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.leaving = True
        super().exit(*args, **kwargs)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications are plain text: the game's own hold names from data (a lab called
        "[b]x" is shown as typed), so none is read as markup."""
        super().notify(
            printable(message, newlines=True),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        return super().format_title(printable(title), printable(sub_title))

    def action_command_palette(self) -> None:
        from game.tui.commands import GamePalette

        if self.use_command_palette and not GamePalette.is_open(self):
            self.push_screen(GamePalette(id="--command-palette"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == autosave.WORKER_NAME:
            self.autosaves.worker_state_changed(event)
        elif event.worker.name == loading.WORKER_NAME:
            self.startup.worker_state_changed(event)

    def on_unmount(self) -> None:
        self.autosaves.close()

    # -- messages from the screens -----------------------------------------------------------
    @on(messages.OrderRequest)
    def _order_requested(self, request: messages.OrderRequest) -> None:
        self.orders.handle(request)

    def on_end_quarter_requested(self, _: messages.EndQuarterRequested) -> None:
        self.action_end_quarter()

    def on_screen_requested(self, request: messages.ScreenRequested) -> None:
        self.action_goto(request.name)

    def on_rumour_requested(self, request: messages.RumourRequested) -> None:
        self.nav.rumour(request.rid, request.lab_id)

    def on_new_game_requested(self, _: messages.NewGameRequested) -> None:
        self.action_new_game()

    def on_start_game_requested(self, request: messages.StartGameRequested) -> None:
        self.games.start(request.choice)

    def on_load_game_requested(self, _: messages.LoadGameRequested) -> None:
        self.action_load_game()

    # -- the game ---------------------------------------------------------------------------
    def refresh_view(self) -> None:
        """The session changed: the game screen on top redraws now, the others when shown."""
        self.view_version += 1
        self.refresh_bindings()

    # -- actions ------------------------------------------------------------------------
    def get_key_display(self, binding: Binding) -> str:
        """How a key is shown (footers, Help): Textual's way, without its Unicode name lookup
        for a one-character key.

        Textual looks every key up in the Unicode name database, to show e.g. "?" for
        "question_mark"; a one-character key (s, S, 0, ctrl+p) is shown as itself anyway, and
        each lookup pages in ~0.5 MB of that database for the life of the game."""
        modifiers, key = binding.parse_key()
        if binding.key_display or len(key) != 1:
            return super().get_key_display(binding)
        if "ctrl" in modifiers:
            modifiers.remove("ctrl")
            key = f"^{key}"
        return "+".join([*modifiers, key])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return (
                self.session is not None
                and not isinstance(self.screen, ModalScreen)
                and getattr(self.screen, "ALLOW_SAVE", True)
            )
        if action == "load_game":
            return not isinstance(self.screen, ModalScreen)
        if action == "new_game":
            # the key is for looking around a finished game (the palette has New game always)
            return (
                self.session is not None
                and self.session.over
                and (isinstance(self.screen, GameScreen))
            )
        if action in ("goto", "end_quarter"):
            if self.session is None:
                return False
            if isinstance(self.screen, ModalScreen):
                return False
            if not isinstance(self.screen, GameScreen) and not getattr(
                self.screen, "ALLOW_NAV", False
            ):
                return False
            if not order_action_allowed(self, action):
                return False
        return not (action == "help" and isinstance(self.screen, ModalScreen))

    def action_goto(self, name: str) -> None:
        self.nav.goto(name)

    def action_help(self) -> None:
        self.nav.help()

    async def action_quit(self) -> None:
        self.nav.quit()

    def action_new_game(self) -> None:
        self.nav.new_game()

    def action_end_quarter(self) -> None:
        self.orders.ask_end_quarter()

    def push_game_over(self) -> None:
        self.nav.game_over()

    def action_show_report(self) -> None:
        self.nav.last_report()

    # -- saves -----------------------------------------------------------------------------
    @property
    def saves_dir(self) -> Path:
        from game.saves import saves_dir

        return saves_dir(self.saves_dir_arg)

    def action_save(self) -> None:
        self.saving.save()

    def action_load_game(self) -> None:
        self.saving.load()

    async def wait_for_autosaves(self) -> None:
        """Return when every autosave due so far is on disk (or has failed)."""
        await self.autosaves.wait()

    @work(group="quit", exclusive=True)
    async def quit_when_saved(self) -> None:
        """Leave once the autosaves in flight are on disk (a worker: the app stays live).
        Keys that follow are ignored (`?` right after `q` would open a screen as the app
        closes)."""
        await self.autosaves.quit_when_saved()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands (the game's come from `GameCommands`), without its
        Quit, which would not ask first nor wait for an autosave."""
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command


def run_app(args: argparse.Namespace) -> int:
    """Run the game (`talent-war` with no subcommand); see `game.tui.launch`."""
    from game.tui.launch import run_app as run

    return run(args)
