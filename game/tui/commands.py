"""The command palette's game commands (ctrl+p): those of the screen it was opened over.

A Textual `Provider`: `discover` lists the commands when nothing is typed, `search` finds
them by their words with Textual's fuzzy matcher ("release", "save", "end quarter", "offer").
The app's commands (screens, end the quarter, saves, new game, help, quit) come first, then
the screen's own (`palette_commands()` on a screen: title, help, callback). A command that
gives orders (its callback an `action_…` method, or a `functools.partial` of one, named in
`ORDER_ACTIONS`) is offered only while the game goes on, as its key is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import ModalScreen

if TYPE_CHECKING:
    from game.tui.app import TalentWarApp

Command = tuple[str, str, Callable[[], Any]]
"""A palette command: its title and help line (the words it is found by), what it does."""

# what each screen is for, in the words a player would type ("release" finds the Open-source
# screen from anywhere, and its release commands on it)
SCREEN_WORDS = {
    "dashboard": "Budget split, GPUs, alerts, roads to victory, news",
    "roster": "Your people: raise, grant equity, outreach, counter, flight risk",
    "market": "Hire: offers to rivals' researchers and free agents",
    "labs": "Rivals side by side: cash, revenue, stance, history charts",
    "open": "Release weights (open-source), ecosystem spend, developers",
}
HELP_WEIGHT = 0.8  # a hit on the help line ranks below one on the title


def action_of(callback: Callable[[], Any]) -> str | None:
    """The action a palette command runs ("split" for `screen.action_split`, "release" for
    `partial(screen.action_release, "keep")`); None for any other callback."""
    while isinstance(callback, functools.partial):
        callback = callback.func
    name = getattr(callback, "__name__", "")
    return name.removeprefix("action_") if name.startswith("action_") else None


class GameCommands(Provider):
    """The game's commands for the current screen."""

    @property
    def game(self) -> TalentWarApp:
        return cast("TalentWarApp", self.screen.app)

    def commands(self) -> list[Command]:
        """Every command the palette offers over its screen, in the order listed."""
        from game.tui.app import MAIN_SCREENS, SCREEN_TITLES
        from game.tui.screens.base import order_action_allowed

        app = self.game
        screen = self.screen
        modal = isinstance(screen, ModalScreen)
        out: list[Command] = []
        if app.session is not None and not modal:
            for name in MAIN_SCREENS:
                title = SCREEN_TITLES[name]
                out.append(
                    (
                        f"Go to {title}",
                        SCREEN_WORDS.get(name, f"Show the {title.lower()} screen"),
                        lambda name=name: app.action_goto(name),
                    )
                )
            if not app.session.over:
                out.append(
                    (
                        "End the quarter",
                        "Review your orders and resolve the quarter",
                        app.action_end_quarter,
                    )
                )
            out.append(
                ("Last quarter report", "Show the last quarter's report", app.action_show_report)
            )
            out.append(("Save game", "Save this game under a name (ctrl+s)", app.action_save))
        if not modal:
            out.append(
                ("Load game", "Continue a saved game from the saves folder", app.action_load_game)
            )
        extra = getattr(screen, "palette_commands", None)
        if callable(extra):
            out.extend(
                command
                for command in extra()
                if order_action_allowed(app, action_of(command[2]) or "")
            )
        out.append(("New game", "Start a new game (this one is lost)", app.action_new_game))
        out.append(("Help", "What each screen does, the keys, and how to win", app.action_help))
        out.append(("Quit", "Leave Talent War (asks first)", app.action_quit))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
            elif (score := matcher.match(help_text) * HELP_WEIGHT) > 0:
                yield Hit(score, Content(title), callback, text=title, help=help_text)


class GamePalette(CommandPalette):
    """Textual's command palette, with keys that move in its list waiting for the list.

    Textual's list of commands moves a page (PageUp/PageDown) by the lines it has laid out;
    a key that comes right after ctrl+p, before the list is shown and laid out, found none and
    raised. Until then those keys do nothing."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_list":
            commands = self.query(CommandList)
            if not commands or not commands.first().scrollable_content_region:
                return False
        return super().check_action(action, parameters)
