"""Start-up: the first screen, then the game's data read without blocking the keys.

With nothing chosen on the command line, New game is the first screen painted: its scenario
list comes from the loaded data, or else from a quick read of the scenario files
(`peek_scenario_summaries`), so the player can choose while the rest of the data loads. With
a game chosen (and its data read) the dashboard is the first screen; with a save to open, a
splash shows for a moment. The data loads on the event loop in steps (`data_steps`), the keys
typed meanwhile answered between two steps.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import random
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from game.tui.games import GameChoice
from game.tui.screens.base import SplashScreen

if TYPE_CHECKING:
    from game.core.config import Content
    from game.datafiles import ScenarioSummary
    from game.saves import SaveFile
    from game.tui.app import TalentWarApp

WORKER_NAME = "content"


def data_steps(mods: Sequence[str | Path] = ()) -> Generator[None, None, Content | str]:
    """The game's data read in steps (see `StartUp.load_in_steps`): first the modules it
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


def scenario_list(content: Content | None, mods: Sequence[str]) -> list[ScenarioSummary] | None:
    """The scenarios New game lists: from the content, or a quick read of the shipped files
    (None with mods, which may add or replace scenarios: the full load brings them)."""
    if content is not None:
        from game.content import scenario_summaries

        return scenario_summaries(content)
    if mods:
        return None
    from game.datafiles import peek_scenario_summaries

    return peek_scenario_summaries()


def default_scenario(content: Content) -> str:
    from game.datafiles import default_scenario as choose

    chosen = choose(content.scenarios)
    assert chosen is not None, "the game's data has no scenario"
    return chosen


class StartUp:
    """What the app does from its start until a game (or New game) is on screen."""

    STEP_GAP: float = 0.002
    STEP_WAIT: float = 0.1
    """Between two steps of reading the game's data: the pause, and the longest wait for the
    screen to catch up, in seconds."""

    def __init__(
        self,
        app: TalentWarApp,
        scenario: str | None,
        seed: int | None,
        difficulty: str | None,
        load: str | Path | SaveFile | None,
        daily: str | None = None,
        lab: str | None = None,
    ) -> None:
        self.app = app
        self.args = (scenario, seed, difficulty)
        self.load = load
        self.daily = daily
        self.lab = lab
        # a new game chosen on the New game screen before the data finished loading
        self.pending: GameChoice | None = None

    @property
    def direct(self) -> bool:
        """True when the command line chose the game (no New game screen)."""
        return (
            any(arg is not None for arg in self.args)
            or self.daily is not None
            or self.lab is not None
        )

    @property
    def ready_to_play(self) -> bool:
        """True when the game can start at once (its data read, no save to open)."""
        return self.app.content is not None and self.load is None and self.direct

    @property
    def new_game_first(self) -> bool:
        """True when the first screen is New game (no game chosen on the command line)."""
        return self.load is None and not self.direct

    def default_screen(self) -> Screen:
        if self.ready_to_play or self.new_game_first:
            # The first game screen is pushed on mount, before anything is painted: a splash
            # would be composed and laid out for nothing. A bare screen sits under the game.
            return Screen()
        return SplashScreen()

    def mount(self) -> None:
        """The app is mounted: show the first screen, then read what is still missing."""
        app = self.app
        if self.ready_to_play:
            # Everything the game needs is here: its dashboard is the first screen painted.
            self.content_ready()
            return
        if self.new_game_first:
            from game.tui.screens.newgame import NewGameScreen

            app.push_screen(NewGameScreen(scenarios=scenario_list(app.content, app.mods)))
        # (otherwise the splash paints first, as cheap as a minimal app)
        app.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        app = self.app
        if self.load is not None:
            app.call_after_refresh(self._open_start_save)
        elif app.content is not None:
            app.call_after_refresh(self.content_ready)
        else:
            app.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        self.app.run_worker(
            self.load_in_steps(), name=WORKER_NAME, exclusive=True, exit_on_error=False
        )

    async def load_in_steps(self) -> Content | str:
        """Read the game's data on the event loop, one step at a time (`data_steps`). Between
        steps the screen catches up: the keys typed during a step are handled and what they
        changed is painted (`wait_for_refresh`) before the next step starts. The longest steps
        are importing pydantic and the game's models (which builds their validators);
        `python bench/run.py --only startup` measures how soon New game answers a key
        meanwhile. Not a thread: what a thread allocates goes to a second malloc arena."""
        steps = data_steps(self.app.mods)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                result: Content | str = done.value
                return result
            # (keys typed during the step: Textual's input thread reads them once the step
            # lets go of the interpreter; this gives them time to reach the app's queue)
            await asyncio.sleep(self.STEP_GAP)
            screen = self.app.screen
            if screen.is_running:  # (not a screen being closed or not yet started)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(screen.wait_for_refresh(), self.STEP_WAIT)

    def worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The data finished loading (or failed: the app ends with its one-line error)."""
        app = self.app
        if event.state == WorkerState.SUCCESS:
            result = event.worker.result
            if isinstance(result, str):
                app.exit(return_code=1, message=f"talent-war: error: {result}")
                return
            if app.content is None:  # (a save opened meanwhile brings its own)
                app.content = result
            self.content_ready()
        elif event.state == WorkerState.ERROR:
            app.exit(return_code=1, message=f"talent-war: error: {event.worker.error}")

    def start_when_loaded(self, choice: GameChoice) -> None:
        """A game chosen before the data is in: it starts as soon as it is."""
        from game.tui.screens.newgame import NewGameScreen

        self.pending = choice
        if isinstance(self.app.screen, NewGameScreen):
            self.app.screen.starting()

    def content_ready(self) -> None:
        """The game's data is in: start the game chosen, or fill New game's list."""
        app = self.app
        assert app.content is not None
        scenario, seed, difficulty = self.args
        if self.direct:
            scenario = scenario or default_scenario(app.content)
            if scenario not in app.content.scenarios:
                known = ", ".join(sorted(app.content.scenarios))
                app.exit(
                    return_code=1,
                    message=f"talent-war: error: unknown scenario {scenario!r} ({known})",
                )
                return
            if self.lab is not None:
                from game.core.engine import SeatError, check_seat

                try:
                    check_seat(app.content.scenarios[scenario], self.lab)
                except SeatError as e:
                    app.exit(return_code=2, message=f"talent-war: error: {e}")
                    return
            app.games.start(
                GameChoice(
                    scenario,
                    random.randrange(1_000_000) if seed is None else seed,
                    difficulty or "normal",
                    self.daily,
                    self.lab,
                )
            )
            return
        if self.pending is not None:
            pending, self.pending = self.pending, None
            app.games.start(pending)
            return
        from game.content import scenario_summaries
        from game.tui.screens.newgame import NewGameScreen

        screen = app.screen
        if isinstance(screen, NewGameScreen):
            screen.set_scenarios(scenario_summaries(app.content))

    def _open_start_save(self) -> None:
        """`--load NAME`: open the save, or end with its error."""
        from game.saves import SaveError

        app = self.app
        assert self.load is not None
        try:
            save, content = app.saving.read_save(self.load)
        except (SaveError, OSError) as e:
            app.exit(return_code=1, message=f"talent-war: error: {e}")
            return
        app.content = content
        app.mods = list(save.meta.mods)
        app.games.load_state(save.state, save.session)
