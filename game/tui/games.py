"""The game played: a new one started, a saved one continued, then shown on the dashboard.

The app keeps the `Session` (`TalentWarApp.session`); this is how a session comes to be there.
A game chosen before the data has loaded waits for it (`StartUp.start_when_loaded`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.tui.app import TalentWarApp
    from game.tui.session import Session


@dataclass(frozen=True)
class GameChoice:
    """A new game as the player chose it: the scenario, seed and difficulty, and `daily` (that
    date's challenge, whose scenario and seed the date chooses, in the scenario's own seat) or
    `lab` (the seat; None: the scenario's own player lab)."""

    scenario: str
    seed: int
    difficulty: str
    daily: str | None = None
    lab: str | None = None


class Games:
    """Starts and continues the app's games."""

    def __init__(self, app: TalentWarApp) -> None:
        self.app = app

    def start(self, choice: GameChoice) -> None:
        """Start the game chosen; chosen before the game's data has loaded, it starts when it
        has."""
        from game.core.engine import SeatError
        from game.tui.session import Session

        app = self.app
        if app.content is None:
            app.startup.start_when_loaded(choice)
            return
        app.startup.pending = None
        if choice.scenario not in app.content.scenarios:
            app.notify(f"There is no scenario {choice.scenario!r}.", severity="error")
            return
        from game.content import scenario_summary

        if choice.daily is not None:
            from game.runs.daily import new_daily

            session = Session(app.content, new_daily(app.content, choice.daily))
        else:
            try:
                session = Session.new(
                    app.content, choice.scenario, choice.seed, choice.difficulty, choice.lab
                )
            except SeatError as e:
                app.notify(str(e), severity="error", markup=False)
                return
        self.show(session, unsaved=True)
        state = session.state
        summary = scenario_summary(app.content, state.scenario)
        title = summary.title if summary else state.scenario
        app.notify(
            f"You run {state.player_lab.name}. Seed {state.seed}, {state.difficulty}.",
            title=f"Daily challenge {choice.daily}: {title}" if choice.daily else title,
        )

    def load_state(self, state: Any, session_block: Any = None) -> None:
        """Continue a game from a state (e.g. a loaded save), with the save's session block
        (its game id and drafts) when it has one."""
        from game.tui.session import Session

        app = self.app
        assert app.content is not None
        session = Session.from_save(app.content, state, session_block)
        self.show(session, unsaved=False, then=app.nav.game_over if session.over else None)

    def show(
        self, session: Session, *, unsaved: bool, then: Callable[[], object] | None = None
    ) -> None:
        """Make `session` the game played, on the dashboard (then call `then`, if given).
        `unsaved`: no save holds it."""
        app = self.app
        app.session = session
        app.unsaved = unsaved
        app.view_version += 1
        # (from the app's own queue: a worker keeps the context it starts in, and one started
        # while a screen handles a key would keep that screen, the one being closed, alive)
        app.call_later(self._show_dashboard, then)

    def _show_dashboard(self, then: Callable[[], object] | None) -> None:
        self.app.run_worker(
            partial(self._dashboard, then),
            name="_show_dashboard",
            group="show-game",
            exclusive=True,
        )

    async def _dashboard(self, then: Callable[[], object] | None) -> None:
        """The screens above the base go, then the dashboard comes, in one update of the
        terminal."""
        app = self.app
        with app.batch_update():
            while len(app.screen_stack) > 1:
                await app.pop_screen()
            await app.push_screen("dashboard")
        if then is not None:
            then()
