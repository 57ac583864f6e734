"""New game: pick a scenario (with its description), a difficulty and a seed."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Header,
    Input,
    Label,
    LoadingIndicator,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option

from game.tui.widgets import KeysFooter

if TYPE_CHECKING:
    from game.core.config import Content

DIFFICULTIES = ("easy", "normal", "hard")
DIFFICULTY_HELP = {
    "easy": "more cash, more loyal staff, calmer rivals, more CEO outreach",
    "normal": "the talent war as it is",
    "hard": "less cash, restless staff, aggressive rivals",
}


class NewGameScreen(Screen):
    """The first screen: choose what to play. Enter moves on; Enter in the seed field starts."""

    TITLE = "New game"
    ALLOW_SAVE = False  # (the game being chosen is not the one that would be saved)
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+s", "start", "Start", id="start-game", priority=True),
        # The seed field takes digits only, so a capital L is free to mean "load".
        Binding("L", "load_game", "Load", id="load-game", priority=True),
        Binding("escape", "back", "Back to game", id="back-to-game"),
    ]

    def __init__(self, seed: int | None = None) -> None:
        super().__init__()
        self.seed = random.randrange(1_000_000) if seed is None else seed
        self.descriptions: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with VerticalScroll(id="newgame"):
            yield Static(
                "[b]TALENT WAR[/b] — run an AI lab through the 2025 talent war", id="ng-title"
            )
            with Horizontal(id="ng-top"):
                with Vertical(id="ng-left"):
                    yield Label("Scenario", classes="ng-label")
                    yield LoadingIndicator(id="ng-loading")
                    yield OptionList(id="scenarios")
                yield Static("", id="ng-description")
            with Horizontal(classes="ng-row"):
                yield Label("Difficulty", classes="ng-label")
                with RadioSet(id="difficulty", compact=True):
                    for d in DIFFICULTIES:
                        yield RadioButton(
                            d.capitalize(), value=d == "normal", id=f"diff-{d}", compact=True
                        )
            yield Static(DIFFICULTY_HELP["normal"], id="ng-diff-help")
            with Horizontal(classes="ng-row"):
                yield Label("Seed", classes="ng-label")
                yield Input(
                    str(self.seed), id="seed", restrict=r"[0-9]*", max_length=9, compact=True
                )
                yield Button("Random", id="reseed", compact=True)
            with Horizontal(classes="ng-row"):
                yield Button("Start the game", id="start", variant="primary", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#scenarios", OptionList).display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            s = getattr(self.app, "session", None)
            return s is not None and not s.over
        if action == "start":
            return bool(self.descriptions)
        return True

    def set_scenarios(self, content: Content) -> None:
        """Fill the scenario list once the game's data has loaded."""
        if not self.is_mounted:
            return
        options = self.query_one("#scenarios", OptionList)
        options.clear_options()
        self.descriptions = {}
        for sc in content.scenarios.values():
            player = next((lab for lab in sc.labs if lab.player), None)
            you = f"\n\n[b]You run {player.name}.[/b] {player.description}" if player else ""
            self.descriptions[sc.id] = f"[b]{sc.title}[/b]\n\n{sc.description}{you}"
            options.add_option(Option(sc.title, id=sc.id))
        ids = list(self.descriptions)
        start = ids.index("summer-2025") if "summer-2025" in ids else 0
        options.highlighted = start
        self.query_one("#ng-loading").display = False
        options.display = True
        options.focus()
        self._describe(ids[start] if ids else None)
        self.refresh_bindings()

    def _describe(self, scenario: str | None) -> None:
        text = self.descriptions.get(scenario or "", "")
        self.query_one("#ng-description", Static).update(text)

    @property
    def scenario(self) -> str | None:
        options = self.query_one("#scenarios", OptionList)
        if options.highlighted is None or not self.descriptions:
            return None
        return options.get_option_at_index(options.highlighted).id

    @property
    def difficulty(self) -> str:
        radio = self.query_one("#difficulty", RadioSet)
        pressed = radio.pressed_button
        if pressed is None or pressed.id is None:
            return "normal"
        return pressed.id.removeprefix("diff-")

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option.id)

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#difficulty", RadioSet).focus()

    @on(RadioSet.Changed, "#difficulty")
    def _difficulty(self, event: RadioSet.Changed) -> None:
        self.query_one("#ng-diff-help", Static).update(DIFFICULTY_HELP[self.difficulty])

    @on(Button.Pressed, "#reseed")
    def _reseed(self) -> None:
        self.query_one("#seed", Input).value = str(random.randrange(1_000_000))

    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#seed")
    def action_start(self) -> None:
        scenario = self.scenario
        if scenario is None:
            self.notify("The scenarios are still loading.", severity="warning")
            return
        text = self.query_one("#seed", Input).value.strip()
        if not text:
            self.query_one("#seed", Input).value = text = str(random.randrange(1_000_000))
        self.app.start_game(scenario, int(text), self.difficulty)  # type: ignore[attr-defined]

    def action_load_game(self) -> None:
        self.app.action_load_game()  # type: ignore[attr-defined]

    def action_back(self) -> None:
        s = getattr(self.app, "session", None)
        if s is not None and not s.over:
            self.app.pop_screen()
