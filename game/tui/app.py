"""The Talent War app: holds the game session, switches screens, ends quarters.

Attributes down, messages up: the app owns the `Session` (content, state, draft orders); screens
read it in `sync()` and change the draft through the app's methods; the app validates with the
core and pushes the new state down. Heavy imports (the core, pydantic, charts) happen lazily so
the first screen appears at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import random
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from game.tui.screens.base import GameScreen, SplashScreen

if TYPE_CHECKING:
    import argparse

    from game.core.config import Content
    from game.core.models import GameState, QuarterReport
    from game.datafiles import ScenarioSummary
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


def data_steps(mods: Sequence[str | Path] = ()) -> Generator[None, None, Content | str]:
    """The game's data read in steps (see `TalentWarApp._load_in_steps`): first the modules it
    needs, one import a step (pydantic and the game's models: most of the time), then the
    files (`game.content.content_steps`). Returns the content, or a bad file's one-line message."""
    for module in ("pydantic_core", "pydantic.main", "game.core.models", "game.core.config"):
        importlib.import_module(module)
        yield
    from game.content import ContentError, content_steps  # (and with it game.rules)

    try:
        return (yield from content_steps(mods))
    except ContentError as e:
        return str(e)


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
    BINDINGS = [  # noqa: RUF012
        Binding("d", "goto('dashboard')", "Dash", id="goto-dashboard", show=False),
        Binding("r", "goto('roster')", "Roster", id="goto-roster", show=False),
        Binding("m", "goto('market')", "Market", id="goto-market", show=False),
        Binding("l", "goto('labs')", "Labs", id="goto-labs", show=False),
        Binding("o", "goto('open')", "Open", id="goto-open", show=False),
        Binding("e", "end_quarter", "End Q", id="end-quarter"),
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

    LOAD_STEP_GAP: ClassVar[float] = 0.002
    LOAD_STEP_WAIT: ClassVar[float] = 0.1
    """Between two steps of reading the game's data (see `_load_in_steps`): the pause, and the
    longest wait for the screen to catch up, in seconds."""

    FREEZE_GC_AFTER_START: ClassVar[bool] = True
    """Move what start-up allocated out of the cyclic collector's sight once the game is shown.

    Textual, pydantic, the content and the first state are ~150,000 long-lived objects; without
    this, each full (generation 2) collection walks them all, 30-60 ms that land on a key press
    every quarter or so. Frozen objects are still freed by reference counting; the app unfreezes
    them when it ends (see `gc.freeze`)."""

    view_version: reactive[int] = reactive(0, init=False)
    """Goes up whenever the session changes; the game screens redraw from it (see GameScreen)."""

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
    ) -> None:
        """`load` opens a save at start (a name in the saves folder, a path, or a loaded
        `SaveFile`); a save that cannot be read ends the app with its one-line error."""
        super().__init__()
        self.content: Content | None = content
        self.session: Session | None = None
        self.mods = list(mods)
        self.start_args = (scenario, seed, difficulty)
        self.saves_dir_arg = saves_dir
        self.start_load = load
        # True when the game has progress no save holds (a new game, a quarter, new orders).
        self.unsaved = False
        # Autosaves are written off the event loop, one at a time and in order (see _autosave).
        self._saver: ThreadPoolExecutor | None = None
        self._last_save: Future[Path] | None = None
        self._autosaves_due: list[tuple[GameState, Content]] = []
        self.gc_frozen = False
        # a new game chosen on the New game screen before the data finished loading
        self._pending_start: tuple[str, int, str] | None = None

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
        if self._ready_to_play or self._new_game_first:
            # The first game screen is pushed in on_mount, before anything is painted: a splash
            # would be composed and laid out for nothing. A bare screen sits under the game.
            return Screen()
        return SplashScreen()

    @property
    def _ready_to_play(self) -> bool:
        """True when the game can start at once (its data read, no save to open)."""
        return self.content is not None and self.start_load is None and self._direct

    @property
    def _direct(self) -> bool:
        """True when the command line chose the game (no New game screen)."""
        return any(arg is not None for arg in self.start_args)

    @property
    def _new_game_first(self) -> bool:
        """True when the first screen is New game (no game chosen on the command line)."""
        return self.start_load is None and not self._direct

    def on_mount(self) -> None:
        if self._ready_to_play:
            # Everything the game needs is here: its dashboard is the first screen painted.
            self._content_ready()
            return
        if self._new_game_first:
            # New game is the first screen painted. Its scenario list comes from the loaded
            # data, or else from a quick read of the scenario files (`peek_scenario_summaries`), so
            # the player can choose while the rest of the data loads, after that first paint.
            from game.tui.screens.newgame import NewGameScreen

            self.push_screen(NewGameScreen(scenarios=self._scenario_list()))
            self.call_after_refresh(self._after_first_paint)
            return
        # Something to wait for: the splash paints first (as cheap as a minimal app).
        self.call_after_refresh(self._after_first_paint)

    def _scenario_list(self) -> list[ScenarioSummary] | None:
        if self.content is not None:
            from game.content import scenario_summaries

            return scenario_summaries(self.content)
        if self.mods:
            return None  # (mods may add or replace scenarios: wait for the full load)
        from game.datafiles import peek_scenario_summaries

        return peek_scenario_summaries()

    def _after_first_paint(self) -> None:
        if self.start_load is not None:
            self.call_after_refresh(self._open_start_save)
            return
        if self.content is not None:
            self.call_after_refresh(self._content_ready)
        else:
            # Read the game's data off the event loop.
            self.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        self.run_worker(self._load_in_steps(), name="content", exclusive=True, exit_on_error=False)

    async def _load_in_steps(self) -> Content | str:
        """Read the game's data on the event loop, one step at a time (`data_steps`). Between
        steps the screen catches up: the keys typed during a step are handled and what they
        changed is painted (`wait_for_refresh`) before the next step starts. The longest steps
        (importing pydantic, and the game's models, which builds their validators) take
        ~30-40 ms, the whole load ~150 ms; `python bench/run.py --only startup` measures how
        soon New game answers a key meanwhile. Not a thread: what a thread allocates goes to
        a second malloc arena, ~0.5 MB more at the game's peak."""
        steps = data_steps(self.mods)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                result: Content | str = done.value
                return result
            # (keys typed during the step: Textual's input thread reads them once the step
            # lets go of the interpreter; this gives them time to reach the app's queue)
            await asyncio.sleep(self.LOAD_STEP_GAP)
            screen = self.screen
            if screen.is_running:  # (not a screen being closed or not yet started)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(screen.wait_for_refresh(), self.LOAD_STEP_WAIT)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "autosave":
            self._autosave_state_changed(event)
            return
        if event.worker.name != "content":
            return
        if event.state == WorkerState.SUCCESS:
            result = event.worker.result
            if isinstance(result, str):
                self.exit(return_code=1, message=f"talent-war: error: {result}")
                return
            if self.content is None:  # (a save opened meanwhile brings its own)
                self.content = result
            self._content_ready()
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            self.exit(return_code=1, message=f"talent-war: error: {error}")

    def _content_ready(self) -> None:
        assert self.content is not None
        scenario, seed, difficulty = self.start_args
        if self._direct:
            scenario = scenario or default_scenario(self.content)
            if scenario not in self.content.scenarios:
                known = ", ".join(sorted(self.content.scenarios))
                self.exit(
                    return_code=1,
                    message=f"talent-war: error: unknown scenario {scenario!r} ({known})",
                )
                return
            self.start_game(
                scenario,
                random.randrange(1_000_000) if seed is None else seed,
                difficulty or "normal",
            )
            return
        if self._pending_start is not None:
            self.start_game(*self._pending_start)
            return
        from game.content import scenario_summaries
        from game.tui.screens.newgame import NewGameScreen

        screen = self.screen
        if isinstance(screen, NewGameScreen):
            screen.set_scenarios(scenario_summaries(self.content))

    # -- the game ---------------------------------------------------------------------------
    def start_game(self, scenario: str, seed: int, difficulty: str) -> None:
        """Start a new game; chosen before the game's data has loaded, it starts when it has."""
        from game.tui.session import Session

        if self.content is None:
            self._pending_start = (scenario, seed, difficulty)
            from game.tui.screens.newgame import NewGameScreen

            if isinstance(self.screen, NewGameScreen):
                self.screen.starting()
            return
        self._pending_start = None
        if scenario not in self.content.scenarios:
            self.notify(f"There is no scenario {scenario!r}.", severity="error")
            return
        from game.content import scenario_summary

        session = Session.new(self.content, scenario, seed, difficulty)
        self._show_game(session, unsaved=True)
        lab = session.state.player_lab
        summary = scenario_summary(self.content, scenario)
        self.notify(
            f"You run {lab.name}. Seed {seed}, {difficulty}.",
            title=summary.title if summary else scenario,
        )

    def load_state(self, state: Any) -> None:
        """Continue a game from a state (e.g. a loaded save)."""
        from game.tui.session import Session

        assert self.content is not None
        session = Session(self.content, state)
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
        terminal. Before the first game, what the screens leave behind (the New game screen:
        widgets hold cycles, which only the cyclic collector frees) is collected before the
        dashboard is built, so its memory is reused rather than added to (most of it: a
        closed screen's last timer callbacks may still hold it for a moment)."""
        with self.batch_update():
            popped = len(self.screen_stack) > 1
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            if popped and self.FREEZE_GC_AFTER_START and not self.gc_frozen:
                await asyncio.sleep(0)  # (the closed screens' cancelled timers finish)
                gc.collect()
            await self.push_screen("dashboard")
        if then is not None:
            then()
        self.call_after_refresh(self._freeze_startup_heap)

    def _freeze_startup_heap(self) -> None:
        """Once, after the first game screen is painted (see FREEZE_GC_AFTER_START). Garbage
        is collected first: a frozen object is never looked at by the collector again, so
        garbage frozen with the heap (a screen just closed) would stay for the whole game."""
        if self.FREEZE_GC_AFTER_START and not self.gc_frozen:
            gc.collect()
            gc.freeze()
            self.gc_frozen = True

    def refresh_view(self) -> None:
        """The session changed: the game screen on top redraws now, the others when shown."""
        self.view_version += 1
        self.refresh_bindings()

    def draft_changed(self, message: str | None = None) -> None:
        self.unsaved = True
        if message:
            self.notify(message, timeout=3)
        self.refresh_view()

    # -- editing the draft (screens call these; the core validates) ---------------------
    def _playing(self) -> Session | None:
        s = self.session
        if s is None:
            return None
        if s.over:
            self.notify("The game is over: no more orders.", severity="warning")
            return None
        return s

    def _covered(self, lever: str) -> str:
        s = self.session
        assert s is not None
        before = getattr(s.draft.split, lever)
        if s.cover(lever):
            after = getattr(s.draft.split, lever)
            if after > before + 1e-9:
                from game.tui.fmt import money

                name = {"gpus": "GPU", "offers": "offers"}[lever]
                return f" The {name} budget grew to {money(after)}."
            return ""
        return " It does not fit the budget yet: change the split before ending the quarter."

    def open_offer(self, rid: str) -> None:
        from game.tui.screens.dialogs import OfferDialog

        s = self._playing()
        if s is None:
            return
        r = s.state.researchers.get(rid)
        if r is None or rid not in s.legal.offerable:
            self.notify("You cannot make this researcher an offer.", severity="warning")
            return

        def done(terms: Any) -> None:
            if terms is None:
                return
            s.put_offer(rid, terms)
            self.draft_changed(f"Offer to {r.name} drafted.{self._covered('offers')}")

        self.push_screen(OfferDialog(s, rid), done)

    def open_counter(self, approach_id: str) -> None:
        from game.tui.screens.dialogs import OfferDialog

        s = self._playing()
        if s is None:
            return
        a = next((x for x in s.approaches_to_me() if x.id == approach_id), None)
        if a is None:
            self.notify("That approach is no longer open.", severity="warning")
            return
        r = s.state.researchers[a.researcher]

        def done(terms: Any) -> None:
            if terms is None:
                return
            s.put_counter(a.id, terms)
            self.draft_changed(f"Counter-offer to keep {r.name} drafted.{self._covered('offers')}")

        self.push_screen(OfferDialog(s, a.researcher, approach=a), done)

    def pick_counter(self) -> None:
        from game.tui.screens.dialogs import ApproachPicker

        s = self._playing()
        if s is None:
            return
        if not s.approaches_to_me():
            self.notify("No rival is approaching your people right now.")
            return

        def done(aid: str | None) -> None:
            if aid:
                self.open_counter(aid)

        self.push_screen(ApproachPicker(s), done)

    def open_raise(self, rid: str) -> None:
        from game.tui.screens.dialogs import RaiseDialog

        s = self._playing()
        if s is None or rid not in s.legal.own:
            return
        r = s.state.researchers[rid]

        def done(salary: float | None) -> None:
            if salary is None:
                return
            s.put_raise(rid, salary)
            self.draft_changed(f"Raise for {r.name} drafted.{self._covered('offers')}")

        self.push_screen(RaiseDialog(s, rid), done)

    def open_grant(self, rid: str) -> None:
        from game.tui.screens.dialogs import GrantDialog

        s = self._playing()
        if s is None or rid not in s.legal.own:
            return
        r = s.state.researchers[rid]

        def done(equity: float | None) -> None:
            if equity is None:
                return
            s.put_grant(rid, equity)
            self.draft_changed(f"Retention grant for {r.name} drafted.")

        self.push_screen(GrantDialog(s, rid), done)

    def toggle_outreach(self, rid: str) -> None:
        s = self._playing()
        if s is None or rid not in s.legal.own:
            return
        r = s.state.researchers[rid]
        on = s.toggle_outreach(rid)
        if on and s.outreach_left() < 0:
            s.toggle_outreach(rid)
            self.notify(
                f"No personal outreach points left this quarter ({s.legal.outreach_points}).",
                severity="warning",
            )
            return
        self.draft_changed(
            f"You will talk to {r.name} personally." if on else f"No personal talk with {r.name}."
        )

    def withdraw(self, rid: str) -> None:
        s = self._playing()
        if s is None:
            return
        r = s.state.researchers.get(rid)
        if r is not None and s.drop_all_for(rid):
            self.draft_changed(f"Orders for {r.name} withdrawn.")

    def open_split(self) -> None:
        from game.tui.screens.dialogs import SplitDialog

        s = self._playing()
        if s is None:
            return

        def done(values: dict[str, float] | None) -> None:
            if values is None:
                return
            s.set_split(**values)
            self.draft_changed("Budget split set.")

        self.push_screen(SplitDialog(s), done)

    def adjust_split(self, lever: str, amount: float) -> None:
        s = self._playing()
        if s is None:
            return
        s.set_split(**{lever: amount})
        self.draft_changed()

    def fit_split(self) -> None:
        s = self._playing()
        if s is None:
            return
        s.fit_split()
        self.draft_changed("GPUs and offers budgets now match your orders.")

    def open_compute(self) -> None:
        from game.tui.screens.dialogs import ComputeDialog

        s = self._playing()
        if s is None:
            return

        def done(values: tuple[int, int] | None) -> None:
            if values is None:
                return
            s.set_compute(buy=values[0], rent=values[1])
            self.draft_changed(
                f"Compute: buy {values[0]}k, rent {values[1]}k H100.{self._covered('gpus')}"
            )

        self.push_screen(ComputeDialog(s), done)

    def set_release(self, choice: str) -> None:
        s = self._playing()
        if s is None:
            return
        if choice not in s.legal.releases:
            self.notify("There is no newer model to release that way.", severity="warning")
            self.refresh_view()
            return
        s.set_release(choice)
        words = {
            "keep": "Your weights stay closed.",
            "current": "You will open-source your current model this quarter.",
            "previous": "You will open-source your previous model this quarter.",
        }
        self.draft_changed(words[choice])

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
        if action in ("goto", "end_quarter"):
            if self.session is None:
                return False
            if isinstance(self.screen, ModalScreen):
                return False
            if not isinstance(self.screen, GameScreen) and not getattr(
                self.screen, "ALLOW_NAV", False
            ):
                return False
            if action == "end_quarter" and self.session.over:
                return None
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
            self.quit_when_saved()

    def action_new_game(self) -> None:
        from game.tui.screens.newgame import NewGameScreen

        if isinstance(self.screen, NewGameScreen):
            return
        if isinstance(self.screen, ModalScreen):
            self.pop_screen()
        self.push_screen(NewGameScreen(scenarios=self._scenario_list()))

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
            self.end_quarter()

    def end_quarter(self) -> QuarterReport | None:
        """Resolve the quarter with the draft orders; show the report (or the reasons)."""
        from game.core.legal import OrderError

        s = self.session
        if s is None or s.over:
            return None
        quarter = s.label
        try:
            report = s.end_quarter()
        except OrderError as e:
            self.notify(
                "\n".join(f"• {r}" for r in e.reasons),
                title="The quarter cannot end with these orders",
                severity="error",
                timeout=8,
            )
            return None
        self.unsaved = True
        self._autosave()
        self._toast_report(quarter, report)
        # The report covers the screens: they redraw when it closes, not behind it.
        self.show_report(report, self._report_closed)
        self.refresh_view()
        return report

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

    def _toast_report(self, quarter: str, report: QuarterReport) -> None:
        s = self.session
        assert s is not None
        joined = [m.name for m in report.moves if m.kind == "joined"]
        left = [m.name for m in report.moves if m.kind == "left"]
        parts = []
        if joined:
            parts.append(f"{len(joined)} joined")
        if left:
            parts.append(f"{len(left)} left")
        delta = report.cash_after - report.cash_before
        from game.tui.fmt import money, signed_money

        parts.append(f"cash {money(report.cash_after)} ({signed_money(delta)})")
        self.notify(", ".join(parts), title=f"{quarter} resolved", timeout=4)
        for aid in report.new_approaches:
            a = next((x for x in s.state.approaches if x.id == aid), None)
            if a is None:
                continue
            r = s.state.researchers[a.researcher]
            self.notify(
                f"{s.lab_name(a.lab)} made {r.name} an offer. Counter it before the quarter ends.",
                title="Approach",
                severity="warning",
                timeout=6,
            )

    def _report_closed(self, _: object = None) -> None:
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

    def _autosave(self) -> None:
        """Autosave at the end of a quarter (the last three are kept); a failure only warns.

        The save (encoding, checking, an atomic write with fsync) runs on one dedicated thread,
        so the quarter report does not wait for the disk and autosaves land in the order the
        quarters ended. It starts once the report is painted (`call_after_refresh`): encoding
        holds the GIL for a few milliseconds at a time, which would otherwise slow the report's
        layout and render. A worker awaits each one to report a failure on the event loop.
        Quitting waits for the saves due or in flight (`wait_for_autosaves`).
        """
        s = self.session
        if s is None:
            return
        # the state is never changed in place (the core returns a new one each quarter)
        self._autosaves_due.append((s.state, s.content))
        self.call_after_refresh(self._start_autosaves)

    def _start_autosaves(self, *, workers: bool = True) -> None:
        """Hand the autosaves due to the saver thread, in order."""
        if not self._autosaves_due:
            return
        from game.saves import autosave

        while self._autosaves_due:
            state, content = self._autosaves_due.pop(0)
            if self._saver is None:
                self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
            future = self._saver.submit(autosave, state, self.saves_dir, keep=3, content=content)
            self._last_save = future
            if workers:
                self.run_worker(
                    asyncio.wrap_future(future),
                    name="autosave",
                    group="autosave",
                    exit_on_error=False,
                )

    def _autosave_state_changed(self, event: Worker.StateChanged) -> None:
        from game.saves import SaveError

        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if not isinstance(error, (SaveError, OSError)):
            raise error  # a bug, not a disk problem: fail loudly as anywhere else
        self.notify(f"Autosave failed: {error}", severity="warning", timeout=6)

    async def wait_for_autosaves(self) -> None:
        """Return when every autosave due so far is on disk (or has failed)."""
        self._start_autosaves()
        last = self._last_save  # one thread, in order: the last one done means all are
        if last is not None and not last.done():
            await asyncio.wait([asyncio.wrap_future(last)])

    @work(group="quit", exclusive=True)
    async def quit_when_saved(self) -> None:
        """Leave once the autosaves in flight are on disk (a worker: the app stays live)."""
        self._start_autosaves()
        last = self._last_save
        if last is not None and not last.done():
            self.notify("Finishing the autosave…", timeout=3)
        await self.wait_for_autosaves()
        self.exit(0)

    def on_unmount(self) -> None:
        # however the app ends, an autosave due or in flight is finished, never cut short
        self._start_autosaves(workers=False)
        if self._saver is not None:
            self._saver.shutdown(wait=True)
        if self.gc_frozen:
            gc.unfreeze()
            self.gc_frozen = False

    def action_save(self) -> None:
        from game.tui.screens.saves import SaveNameDialog, default_save_name

        s = self.session
        if s is None:
            self.notify("There is no game to save yet.", severity="warning")
            return
        if isinstance(self.screen, ModalScreen):
            return
        self.push_screen(SaveNameDialog(default_save_name(s), self.saves_dir), self.save_as)

    def save_as(self, name: str | None) -> Path | None:
        """Write the game as `name` in the saves folder; errors become a message."""
        from game.saves import SaveError, save_game

        s = self.session
        if not name or s is None:
            return None
        try:
            path = save_game(s.state, name, self.saves_dir, content=s.content)
        except (SaveError, OSError) as e:
            self.notify(str(e), title="The game was not saved", severity="error", timeout=8)
            return None
        self.unsaved = False
        self.notify(f"Saved as {name!r} ({s.label}).", title="Game saved", timeout=4)
        return path

    def action_load_game(self) -> None:
        from game.tui.screens.saves import LoadScreen

        if isinstance(self.screen, ModalScreen):
            return
        self.push_screen(LoadScreen(self.saves_dir), self._load_picked)

    def _load_picked(self, path: Path | None) -> None:
        if path is None:
            return
        if self.session is not None and self.unsaved and not self.session.over:
            from game.tui.screens.dialogs import ConfirmDialog

            def answer(yes: bool | None) -> None:
                if yes:
                    self.open_save(path)

            self.push_screen(
                ConfirmDialog(
                    f"Load {path.stem}?",
                    "Unsaved progress in this game will be lost (ctrl+s saves it first).",
                    yes="Load",
                    purpose="load",
                ),
                answer,
            )
            return
        self.open_save(path)

    def read_save(self, what: str | Path | SaveFile) -> tuple[SaveFile, Content]:
        """A save and the content it was played with. Raises SaveError; never writes."""
        from game.saves import SaveFile, content_for, load_save

        save = what if isinstance(what, SaveFile) else load_save(what, self.saves_dir)
        content = self.content
        if content is None or [str(m) for m in content.sources[1:]] != list(save.meta.mods):
            content = content_for(save)
        return save, content

    def open_save(self, what: str | Path | SaveFile) -> bool:
        """Continue the game in a save; a bad one is a message and changes nothing."""
        from game.saves import SaveError

        try:
            save, content = self.read_save(what)
        except (SaveError, OSError) as e:
            self.notify(str(e), title="Cannot load", severity="error", timeout=10)
            return False
        self.content = content
        self.mods = list(save.meta.mods)
        self.load_state(save.state)
        s = self.session
        assert s is not None
        self.notify(f"{s.state.player_lab.name}, {s.label}.", title="Game loaded")
        return True

    def _open_start_save(self) -> None:
        """`--load NAME`: open the save, or end with its error."""
        from game.saves import SaveError

        what = self.start_load
        assert what is not None
        try:
            save, content = self.read_save(what)
        except (SaveError, OSError) as e:
            self.exit(return_code=1, message=f"talent-war: error: {e}")
            return
        self.content = content
        self.mods = list(save.meta.mods)
        self.load_state(save.state)

    # -- command palette ------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        def cmd(title: str, help: str, callback: Callable[[], Any]) -> SystemCommand:
            return SystemCommand(title, help, callback)

        if self.session is not None and not isinstance(screen, ModalScreen):
            for name in MAIN_SCREENS:
                yield cmd(
                    f"Go to {SCREEN_TITLES[name]}",
                    f"Show the {SCREEN_TITLES[name].lower()} screen",
                    lambda name=name: self.action_goto(name),
                )
            if not self.session.over:
                yield cmd(
                    "End the quarter",
                    "Review your orders and resolve the quarter",
                    self.action_end_quarter,
                )
            yield cmd(
                "Last quarter report", "Show the last quarter's report", self.action_show_report
            )
            yield cmd("Save game", "Save this game under a name (ctrl+s)", self.action_save)
        if not isinstance(screen, ModalScreen):
            yield cmd(
                "Load game", "Continue a saved game from the saves folder", self.action_load_game
            )
        extra = getattr(screen, "palette_commands", None)
        if callable(extra):
            for title, help, callback in extra():
                yield cmd(title, help, callback)
        yield cmd("New game", "Start a new game (this one is lost)", self.action_new_game)
        yield cmd("Help", "What each screen does, the keys, and how to win", self.action_help)
        yield cmd("Quit", "Leave Talent War (asks first)", self.action_quit)
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit",):
                yield command


def default_scenario(content: Content) -> str:
    from game.datafiles import default_scenario as choose

    chosen = choose(content.scenarios)
    assert chosen is not None, "the game's data has no scenario"
    return chosen


def run_app(args: argparse.Namespace) -> int:
    """Run the game (called by `talent-war` with no subcommand). Returns the exit code.

    With no scenario, seed or difficulty the New game screen opens at once and the game's data
    loads behind it. With any of them (or with mods) the data is read first, so a bad mods folder
    or an unknown scenario is a one-line error before the screen is taken over.
    """
    import sys

    scenario = getattr(args, "scenario", None)
    seed = getattr(args, "seed", None)
    difficulty = getattr(args, "difficulty", None)
    mods = getattr(args, "mods", None) or []
    saves_dir = getattr(args, "saves_dir", None)
    load = getattr(args, "load", None)
    content = None
    if load is not None:
        # The save brings its scenario, seed, difficulty and mods; a bad one is one line.
        from game.saves import SaveError, content_for, load_save

        try:
            save = load_save(load, saves_dir)
            content = content_for(save)
        except (SaveError, OSError) as e:
            print(f"talent-war: error: {e}", file=sys.stderr)
            return 1
        app = TalentWarApp(content=content, mods=save.meta.mods, saves_dir=saves_dir, load=save)
        return _run(app)
    direct = scenario is not None or seed is not None or difficulty is not None
    if direct or mods:
        from game.content import ContentError, load_content

        try:
            content = load_content(mods)
        except ContentError as e:
            print(f"talent-war: error: {e}", file=sys.stderr)
            return 1
    if direct:
        assert content is not None
        scenario = scenario or default_scenario(content)
        if scenario not in content.scenarios:
            known = ", ".join(sorted(content.scenarios))
            print(
                f"talent-war: error: unknown scenario {scenario!r} (known: {known})",
                file=sys.stderr,
            )
            return 2
    app = TalentWarApp(
        content=content,
        scenario=scenario,
        seed=seed,
        difficulty=difficulty,
        mods=mods,
        saves_dir=saves_dir,
    )
    return _run(app)


def _run(app: TalentWarApp) -> int:
    _end_with_the_terminal()
    result = app.run()
    if app.return_code is not None:
        return app.return_code
    return int(result or 0)


def _end_with_the_terminal() -> None:
    """A closed terminal ends the game, even where hangups are ignored (`nohup`, some launchers).

    Without a terminal the game can neither show nor read anything, and Textual's input thread,
    reading a terminal that is gone, spins at full speed until the process is killed. Hangups are
    given back their default action (end the process) when they were ignored. Saves are never
    cut short into a damaged file: they are written to a temporary file and renamed."""
    import signal

    hangup = getattr(signal, "SIGHUP", None)
    if hangup is not None and signal.getsignal(hangup) is signal.SIG_IGN:
        signal.signal(hangup, signal.SIG_DFL)
