"""New game: pick a scenario (with its description), the lab to run (with what is hard about
it), a difficulty and a seed, play today's daily challenge (D), or continue the last autosave
(C)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from game.datafiles import ScenarioSummary, SeatSummary, default_scenario
from game.tui.fmt import plain, printable
from game.tui.games import GameChoice
from game.tui.messages import LoadGameRequested, StartGameRequested
from game.tui.screens.base import Backdrop

if TYPE_CHECKING:
    from game.saves import SaveInfo

START_HINT = "[b]^s[/b] or [b]Enter[/b] here: start  [dim]·[/]  [b]R[/b]: random seed"
DIFFICULTY_HELP = {
    "easy": "more cash, loyal staff, calmer rivals, more CEO outreach",
    "normal": "the talent war as it is",
    "hard": "less cash, restless staff, aggressive rivals",
}


class NewGameScreen(Backdrop, Screen):
    """The first screen: choose what to play. Enter moves on; Enter in the seed field starts."""

    TITLE = "New game"
    USES_GAME_STYLES = False  # (styled by app.tcss alone: see TalentWarApp.GAME_CSS_PATH)
    ALLOW_SAVE = False  # (the game being chosen is not the one that would be saved)
    # below 30 lines the rows close up, so at 80x24 the daily and continue rows fit
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-roomy")]  # noqa: RUF012
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+s", "start", "Start", id="start-game", priority=True),
        # The seed field takes digits only, so capital letters are free: L loads, R reseeds.
        Binding("R", "reseed", "Random seed", id="reseed", priority=True),
        Binding("L", "load_game", "Load", id="load-game", priority=True),
        Binding("C", "continue_game", "Continue", id="continue-game", priority=True),
        Binding("D", "daily", "Daily challenge", id="daily-game", priority=True),
        Binding("escape", "back", "Back to game", id="back-to-game"),
    ]

    def __init__(
        self, seed: int | None = None, scenarios: list[ScenarioSummary] | None = None
    ) -> None:
        """`scenarios` fills the list at once; without it a loading indicator shows until the
        app calls `set_scenarios`."""
        super().__init__()
        self.seed = random.randrange(1_000_000) if seed is None else seed
        self.descriptions: dict[str, Text] = {}
        self.summaries: list[ScenarioSummary] = []
        self.seats: dict[str, tuple[SeatSummary, ...]] = {}
        """Each scenario's seats, the default first."""
        self._seats_of: str | None = None  # the scenario whose seats the lab list shows
        self._initial = scenarios
        self.autosave: SaveInfo | None = None
        """The last autosave, offered to continue (found once the game's data is read)."""
        self.daily = _today()
        """Today's UTC date (read once, when the screen is made), for the daily challenge."""

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("[b]TALENT WAR[/b] — run an AI lab through the 2025 talent war", id="ng-title")
        with Horizontal(id="ng-top"):
            with Vertical(id="ng-left"):
                yield Label("Scenario", classes="ng-label")
                yield Static("Loading the scenarios…", id="ng-loading")
                yield OptionList(id="scenarios")
                yield Label("Lab", classes="ng-label")
                yield OptionList(id="labs")
            yield Static("", id="ng-description")
        with Horizontal(classes="ng-row"):
            yield Label("Difficulty", classes="ng-label")
            yield OptionList(
                *(
                    Option(Text.assemble((f"{d.capitalize():8}", "bold"), (help_, "dim")), id=d)
                    for d, help_ in DIFFICULTY_HELP.items()
                ),
                id="difficulty",
            )
        with Horizontal(classes="ng-row"):
            yield Label("Seed", classes="ng-label")
            yield Input(str(self.seed), id="seed", restrict=r"[0-9]*", max_length=9, compact=True)
            yield Static(START_HINT, id="ng-start")
        # (shown by a class, not `display`: an inline style would beat the too-small rule)
        with Horizontal(classes="ng-row -unset", id="ng-daily-row"):
            yield Label("Daily", classes="ng-label")
            yield Static("", id="ng-daily")
        with Horizontal(classes="ng-row -unset", id="ng-continue-row"):
            yield Label("Continue", classes="ng-label")
            yield Static("", id="ng-continue")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        difficulty = self.query_one("#difficulty", OptionList)
        difficulty.highlighted = list(DIFFICULTY_HELP).index("normal")
        if self._initial:
            self._fill(self._initial)
        else:
            self.query_one("#scenarios", OptionList).display = False
        if getattr(self.app, "content", None) is not None:
            self.offer_autosave()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self._game_to_go_back_to
        if action == "continue_game":
            return self.autosave is not None
        if action == "daily":
            return self.daily is not None and bool(self.descriptions)
        if action == "start":
            return bool(self.descriptions)
        return True

    def set_scenarios(self, scenarios: list[ScenarioSummary]) -> None:
        """Fill the scenario list (again only if it changed), keeping the highlighted one; the
        game's data is read, so look for an autosave to offer."""
        if self.is_mounted and scenarios != self.summaries:
            self._fill(scenarios)
        if self.is_mounted:
            self.offer_autosave()

    def offer_autosave(self) -> None:
        """Offer the most recent autosave of an unfinished game, when no game is being played.
        (Called once the game's data is read: reading a save needs the models.)"""
        from game.saves import AUTOSAVE_PREFIX, read_info, save_files

        app = self.app
        s = getattr(app, "session", None)
        folder = getattr(app, "saves_dir", None)
        if (s is not None and not s.over) or folder is None:
            return
        autosaves = [p for p in save_files(folder) if p.name.startswith(AUTOSAVE_PREFIX)]
        info = read_info(autosaves[0]) if autosaves else None
        if info is None or not info.ok or info.outcome is not None:
            return
        self.autosave = info
        self._show_key_row(
            "continue",
            ("C", "bold"),
            ": continue ",
            (f"{info.lab or 'your lab'}, {info.quarter or '?'}", "bold"),
            f"  (autosave {info.name})",
        )
        self.refresh_bindings()

    def _show_key_row(self, row: str, *parts: str | tuple[str, str]) -> None:
        """Show the row `#ng-{row}-row`, its line made of `parts`, the key first (a narrow
        terminal cuts the end)."""
        self.query_one(f"#ng-{row}", Static).update(Text.assemble(*parts))
        self.query_one(f"#ng-{row}-row").remove_class("-unset")

    def _fill(self, scenarios: list[ScenarioSummary]) -> None:
        options = self.query_one("#scenarios", OptionList)
        first = not self.summaries
        chosen = self.scenario
        options.clear_options()
        self.summaries = list(scenarios)
        self.descriptions = {}
        self.seats = {}
        self._seats_of = None
        for sc in scenarios:
            self.descriptions[sc.id] = Text.assemble(
                (printable(sc.title), "bold"),
                f"\n\n{printable(sc.description)}\n\n",
                (f"You run {printable(sc.player_name)}.", "bold"),
                f" {printable(sc.player_description)}",
            )
            self.seats[sc.id] = sc.seats or (
                SeatSummary(sc.player_name, sc.player_name, sc.player_description, ""),
            )
            options.add_option(Option(plain(sc.title), id=sc.id))
        ids = list(self.descriptions)
        if chosen not in ids:
            chosen = default_scenario(ids)
        options.highlighted = ids.index(chosen) if chosen is not None else None
        self.query_one("#ng-loading").display = False
        self._show_daily()
        if first:  # the list starts with the focus
            options.display = True
            options.focus()
        self._describe(chosen)
        self.refresh_bindings()

    def _show_daily(self) -> None:
        if self.daily is None:
            return
        from game.runs.daily import DIFFICULTY, challenge

        scenario, seed = challenge(self.daily, self.descriptions)
        title = printable(next((sc.title for sc in self.summaries if sc.id == scenario), scenario))
        self._show_key_row(
            "daily",
            ("D", "bold"),
            ": play it  ",
            (f"{self.daily} (UTC)", "bold"),
            f": {title}, seed {seed}, {DIFFICULTY}",
        )

    def action_daily(self) -> None:
        if self.daily is None or not self.descriptions:
            return
        from game.runs.daily import DIFFICULTY, challenge

        scenario, seed = challenge(self.daily, self.descriptions)
        self.post_message(
            StartGameRequested(GameChoice(scenario, seed, DIFFICULTY, daily=self.daily))
        )

    def _show_seats(self, scenario: str | None) -> None:
        """Fill the lab list with `scenario`'s seats, keeping the chosen lab when it has one."""
        if scenario is None or scenario == self._seats_of:
            return
        labs = self.query_one("#labs", OptionList)
        chosen = self.lab
        seats = self.seats.get(scenario, ())
        labs.clear_options()
        labs.add_options([Option(plain(seat.name), id=seat.id) for seat in seats])
        ids = [seat.id for seat in seats]
        labs.highlighted = ids.index(chosen) if chosen in ids else (0 if ids else None)
        self._seats_of = scenario

    def _seat(self) -> SeatSummary | None:
        lab = self.lab
        return next((s for s in self.seats.get(self._seats_of or "", ()) if s.id == lab), None)

    def _describe(self, scenario: str | None) -> None:
        """The scenario's description, or, while the lab list has the focus, the lab's: what it
        is and what is hard about playing it."""
        self._show_seats(scenario)
        text = self.descriptions.get(scenario or "", Text())
        seat = self._seat()
        summary = next((sc for sc in self.summaries if sc.id == scenario), None)
        if seat is not None and summary is not None and seat.id != self.seats[summary.id][0].id:
            text = Text.assemble(  # the scenario, with the lab chosen in place of its own
                (printable(summary.title), "bold"),
                f"\n\n{printable(summary.description)}\n\n",
                (f"You run {printable(seat.name)}.", "bold"),
                f" {printable(seat.description)}",
            )
        if seat is not None and self.query_one("#labs", OptionList).has_focus:
            text = Text.assemble(
                (f"You run {printable(seat.name)}.", "bold"),
                f" {printable(seat.description)}",
            )
            if seat.hard:
                text.append_text(
                    Text.assemble(("\n\nWhat is hard: ", "bold"), printable(seat.hard))
                )
        self.query_one("#ng-description", Static).update(text)

    def starting(self) -> None:
        """The player chose to start before the game's data finished loading."""
        self.query_one("#ng-loading").display = True
        self.query_one("#ng-start", Static).update("[b]Starting…[/b] (reading the game's data)")

    @property
    def scenario(self) -> str | None:
        options = self.query_one("#scenarios", OptionList)
        if options.highlighted is None or not self.descriptions:
            return None
        return options.get_option_at_index(options.highlighted).id

    @property
    def lab(self) -> str | None:
        """The lab chosen to run (None before the scenarios are in)."""
        options = self.query_one("#labs", OptionList)
        if options.highlighted is None or not self.descriptions:
            return None
        return options.get_option_at_index(options.highlighted).id

    @property
    def difficulty(self) -> str:
        options = self.query_one("#difficulty", OptionList)
        if options.highlighted is None:
            return "normal"
        return options.get_option_at_index(options.highlighted).id or "normal"

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option.id)

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#labs", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#labs")
    def _lab_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(self.scenario)

    @on(OptionList.OptionSelected, "#labs")
    def _lab_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#difficulty", OptionList).focus()

    def on_descendant_focus(self) -> None:
        self._describe(self.scenario)

    def on_descendant_blur(self) -> None:
        self._describe(self.scenario)

    @on(OptionList.OptionSelected, "#difficulty")
    def _difficulty_chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#seed", Input).focus()

    def action_reseed(self) -> None:
        self.query_one("#seed", Input).value = str(random.randrange(1_000_000))

    @on(Input.Submitted, "#seed")
    def action_start(self) -> None:
        scenario = self.scenario
        if scenario is None:
            self.notify("The scenarios are still loading.", severity="warning")
            return
        text = self.query_one("#seed", Input).value.strip()
        if not text:
            self.query_one("#seed", Input).value = text = str(random.randrange(1_000_000))
        self.post_message(
            StartGameRequested(GameChoice(scenario, int(text), self.difficulty, lab=self.lab))
        )

    def action_load_game(self) -> None:
        self.post_message(LoadGameRequested())

    def action_continue_game(self) -> None:
        if self.autosave is not None:
            self.app.saving.open_save(self.autosave.path)  # type: ignore[attr-defined]

    @property
    def _game_to_go_back_to(self) -> bool:
        """True when a game is being played under this screen (opened from it)."""
        s = getattr(self.app, "session", None)
        return s is not None and not s.over

    def action_back(self) -> None:
        if self._game_to_go_back_to:
            self.app.pop_screen()


def _today() -> str | None:
    """Today's UTC date, or None when $TALENT_WAR_TODAY is not a date (no daily offered)."""
    from game.runs import RunError
    from game.runs.daily import today

    try:
        return today()
    except RunError:
        return None
