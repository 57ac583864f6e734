"""Moving about the app: the main screens, Help, New game, a rumour's researcher, the quarter
report and game over, and quitting (which asks first when the game has unsaved progress).

The app's actions and messages call these; the screens themselves are in `game.tui.screens`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import ModalScreen

from game.tui.screens.base import GameScreen

if TYPE_CHECKING:
    from game.core.models import QuarterReport
    from game.tui.app import TalentWarApp


class Navigator:
    """Which screen the app shows next."""

    def __init__(self, app: TalentWarApp) -> None:
        self.app = app

    def goto(self, name: str) -> None:
        """One of the main screens (`MAIN_SCREENS`), from whatever is above them."""
        from game.tui.app import MAIN_SCREENS

        app = self.app
        if app.session is None or name not in MAIN_SCREENS:
            return
        while not isinstance(app.screen, GameScreen) and len(app.screen_stack) > 2:
            app.pop_screen()
        target = app.get_screen(name)
        if app.screen is not target:
            app.switch_screen(name)

    def help(self) -> None:
        """Help, or back from it."""
        from game.tui.screens.help import HelpScreen

        app = self.app
        if isinstance(app.screen, HelpScreen):
            app.pop_screen()
            return
        app.push_screen(HelpScreen())

    def new_game(self) -> None:
        from game.tui.loading import scenario_list
        from game.tui.screens.newgame import NewGameScreen

        app = self.app
        if isinstance(app.screen, NewGameScreen):
            return
        if isinstance(app.screen, ModalScreen):
            app.pop_screen()
        app.push_screen(NewGameScreen(scenarios=scenario_list(app.content, app.mods)))

    def rumour(self, rid: str, lab_id: str) -> None:
        """A rumour's alert: the Roster, on the person courted, with the keys that keep them."""
        app = self.app
        s = app.session
        if s is None:
            return
        r = s.state.researchers.get(rid)
        if r is None or r.lab != s.state.player:
            app.notify("That researcher is no longer with you.", severity="warning")
            return
        from game.tui.screens.roster import RosterScreen

        app.get_screen("roster", RosterScreen).show_person(rid)
        self.goto("roster")
        if not s.over:
            app.notify(
                f"{s.lab_name(lab_id)} is rumoured to court {r.name}: "
                "p raise · g grant · t talk to them yourself.",
                timeout=5,
            )

    def show_report(
        self, report: QuarterReport, callback: Callable[[None], None] | None = None
    ) -> None:
        """Show a quarter report on the (one, installed) report screen."""
        from game.tui.screens.report import ReportScreen

        app = self.app
        screen = app.get_screen("report", ReportScreen)
        if screen in app.screen_stack:  # (asked for from the palette, over the report)
            return
        screen.report = report
        app.push_screen(screen, callback)

    def last_report(self) -> None:
        app = self.app
        if app.session is None or not app.session.state.reports:
            app.notify("No quarter has been played yet.")
            return
        self.show_report(app.session.state.reports[-1])

    def after_report(self, _: object = None) -> None:
        """A quarter report closed: the game over screen follows the last one."""
        # (the screen below redraws itself as it is shown again)
        app = self.app
        if app.session is not None and app.session.over:
            self.game_over()

    def game_over(self) -> None:
        from game.tui.screens.gameover import GameOverScreen

        app = self.app
        assert app.session is not None
        app.push_screen(GameOverScreen(app.session))

    def quit(self) -> None:
        """Leave, once the autosaves are written; with unsaved progress, ask first."""
        from game.tui.screens.dialogs import ConfirmDialog

        app = self.app
        if isinstance(app.screen, ConfirmDialog) and app.screen.purpose == "quit":
            return
        if app.session is None or not app.unsaved:
            app.leaving = True  # (now: the keys already typed come before the worker runs)
            app.quit_when_saved()
            return
        app.push_screen(
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
            self.app.leaving = True
            self.app.quit_when_saved()
