"""The Talent War app: its wiring. It holds the game session and switches screens.

Attributes down, messages up: the app owns the `Session` (content, state, draft orders);
screens read it in `sync()` and post typed messages (game/tui/messages.py) that the app hands
to its parts: start-up and loading (loading.py), the order-editing controller (controller.py),
autosaves (autosave.py) and the command palette's provider (commands.py). Heavy imports (the
core, pydantic, charts) happen lazily so the first screen appears at once.
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
from game.tui.loading import StartUp, scenario_list
from game.tui.saving import SaveFlow
from game.tui.screens.base import GameScreen, order_action_allowed

if TYPE_CHECKING:
    import argparse

    from game.core.config import Content
    from game.core.models import QuarterReport
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
        """A rumour's alert: the Roster, on the person courted, with the keys that keep them."""
        s = self.session
        if s is None:
            return
        r = s.state.researchers.get(request.rid)
        if r is None or r.lab != s.state.player:
            self.notify("That researcher is no longer with you.", severity="warning")
            return
        from game.tui.screens.roster import RosterScreen

        self.get_screen("roster", RosterScreen).show_person(request.rid)
        self.action_goto("roster")
        if not s.over:
            self.notify(
                f"{s.lab_name(request.lab_id)} is rumoured to court {r.name}: "
                "p raise · g grant · t talk to them yourself.",
                timeout=5,
            )

    def on_new_game_requested(self, _: messages.NewGameRequested) -> None:
        self.action_new_game()

    def on_start_game_requested(self, request: messages.StartGameRequested) -> None:
        self.start_game(
            request.scenario, request.seed, request.difficulty, request.daily, request.lab
        )

    def on_load_game_requested(self, _: messages.LoadGameRequested) -> None:
        self.action_load_game()

    # -- the game ---------------------------------------------------------------------------
    def start_game(
        self,
        scenario: str,
        seed: int,
        difficulty: str,
        daily: str | None = None,
        lab: str | None = None,
    ) -> None:
        """Start a new game in the seat `lab` (None: the scenario's own player lab; `daily`:
        that date's challenge, whose scenario and seed the date chooses, in the scenario's own
        seat); chosen before the game's data has loaded, it starts when it has."""
        from game.core.engine import SeatError
        from game.tui.session import Session

        if self.content is None:
            self.startup.start_when_loaded(scenario, seed, difficulty, daily, lab)
            return
        self.startup.pending = None
        if scenario not in self.content.scenarios:
            self.notify(f"There is no scenario {scenario!r}.", severity="error")
            return
        from game.content import scenario_summary

        if daily is not None:
            from game.runs.daily import new_daily

            session = Session(self.content, new_daily(self.content, daily))
            scenario, seed, difficulty = session.state.scenario, session.state.seed, "normal"
        else:
            try:
                session = Session.new(self.content, scenario, seed, difficulty, lab)
            except SeatError as e:
                self.notify(str(e), severity="error", markup=False)
                return
        self._show_game(session, unsaved=True)
        lab = session.state.player_lab
        summary = scenario_summary(self.content, scenario)
        title = summary.title if summary else scenario
        self.notify(
            f"You run {lab.name}. Seed {seed}, {difficulty}.",
            title=f"Daily challenge {daily}: {title}" if daily else title,
        )

    def load_state(self, state: Any, session_block: Any = None) -> None:
        """Continue a game from a state (e.g. a loaded save), with the save's session block
        (its game id and drafts) when it has one."""
        from game.tui.session import Session

        assert self.content is not None
        session = Session.from_save(self.content, state, session_block)
        self._show_game(session, unsaved=False, then=self.push_game_over if session.over else None)

    def _show_game(
        self, session: Session, *, unsaved: bool, then: Callable[[], object] | None = None
    ) -> None:
        """Make `session` the game played, on the dashboard (then call `then`, if given).
        `unsaved`: no save holds it."""
        self.session = session
        self.unsaved = unsaved
        self.view_version += 1
        # (from the app's own queue: a worker keeps the context it starts in, and one started
        # while a screen handles a key would keep that screen, the one being closed, alive)
        self.call_later(self._show_dashboard, then)

    @work(group="show-game", exclusive=True)
    async def _show_dashboard(self, then: Callable[[], object] | None) -> None:
        """The screens above the base go, then the dashboard comes, in one update of the
        terminal."""
        with self.batch_update():
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            await self.push_screen("dashboard")
        if then is not None:
            then()

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
        if self.session is None or name not in MAIN_SCREENS:
            return
        while not isinstance(self.screen, GameScreen) and len(self.screen_stack) > 2:
            self.pop_screen()
        target = self.get_screen(name)
        if self.screen is not target:
            self.switch_screen(name)

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        from game.tui.screens.dialogs import ConfirmDialog

        if isinstance(self.screen, ConfirmDialog) and self.screen.purpose == "quit":
            return
        if self.session is None or not self.unsaved:
            self.leaving = True  # (now: the keys already typed come before the worker runs)
            self.quit_when_saved()
            return
        self.push_screen(
            ConfirmDialog(
                "Quit Talent War?",
                "Unsaved progress in this game will be lost (ctrl+s saves it).",
                yes="Quit",
                purpose="quit",
            ),
            self._quit_answer,
        )

    def _quit_answer(self, yes: bool | None) -> None:
        if yes:
            self.leaving = True
            self.quit_when_saved()

    def action_new_game(self) -> None:
        from game.tui.screens.newgame import NewGameScreen

        if isinstance(self.screen, NewGameScreen):
            return
        if isinstance(self.screen, ModalScreen):
            self.pop_screen()
        self.push_screen(NewGameScreen(scenarios=scenario_list(self.content, self.mods)))

    def action_end_quarter(self) -> None:
        from game.tui.screens.dialogs import EndQuarterDialog

        s = self.session
        if s is None:
            return
        if s.over:
            self.notify("The game is over. Press n for a new game.", severity="warning")
            return
        self.push_screen(EndQuarterDialog(s), self._end_quarter_answer)

    def _end_quarter_answer(self, yes: bool | None) -> None:
        if yes:
            self.orders.end_quarter()

    def show_report(
        self, report: QuarterReport, callback: Callable[[None], None] | None = None
    ) -> None:
        """Show a quarter report on the (one, installed) report screen."""
        from game.tui.screens.report import ReportScreen

        screen = self.get_screen("report", ReportScreen)
        if screen in self.screen_stack:  # (asked for from the palette, over the report)
            return
        screen.report = report
        self.push_screen(screen, callback)

    def after_report(self, _: object = None) -> None:
        """A quarter report closed: the game over screen follows the last one."""
        # (the screen below redraws itself as it is shown again)
        if self.session is not None and self.session.over:
            self.push_game_over()

    def push_game_over(self) -> None:
        from game.tui.screens.gameover import GameOverScreen

        assert self.session is not None
        self.push_screen(GameOverScreen(self.session))

    def action_show_report(self) -> None:
        if self.session is None or not self.session.state.reports:
            self.notify("No quarter has been played yet.")
            return
        self.show_report(self.session.state.reports[-1])

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
