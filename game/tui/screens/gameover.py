"""Game over: the outcome, the road that ended it, and the whole game in charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from game.core.advice import named_researchers
from game.tui.charts import METRICS, draw_history, make_plot
from game.tui.fmt import money, printable
from game.tui.messages import NewGameRequested
from game.tui.screens.base import Backdrop

if TYPE_CHECKING:
    from game.tui.session import Session

ROADS = {
    "superintelligence": "Superintelligence — the first to the capability threshold",
    "ecosystem": "Ecosystem — most of the world's developers build on their open models",
    "market": "Market — most of the API revenue, quarter after quarter",
    "score": "Standing — the highest score when time ran out",
    None: "—",
}
CAUSES = {
    "bankruptcy": "You ran out of money twice.",
    "rival_victory": "A rival got there first.",
    "talent_collapse": "Too few researchers were left to build anything.",
    None: "",
}


class GameOverScreen(Backdrop, Screen[None]):
    ALLOW_NAV = True
    BINDINGS = [  # noqa: RUF012
        Binding("n", "new_game", "New game", id="over-new"),
        Binding("c", "cycle_chart", "Chart", id="over-chart"),
        Binding("escape", "close", "Look around", id="over-close"),
    ]
    metric_index = 0

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static(self.summary(), id="over-summary")
        yield Static("", id="over-chart-title")
        yield make_plot("over-chart")
        yield Footer(compact=True)

    def summary(self) -> Text:
        s = self.session
        st = s.state
        o = st.outcome
        out = Text()
        if o is None:
            return out
        won = o.result == "won"
        out.append(
            " YOU WON " if won else " GAME OVER ",
            style="bold reverse green" if won else "bold reverse red",
        )
        out.append(f"  {printable(o.text)}\n", style="bold")
        out.append("Road: ", style="dim")
        out.append(ROADS.get(o.road, str(o.road)))
        if o.winner:
            out.append(f" · winner {s.lab_name(o.winner)}", style="dim")
        if not won and CAUSES.get(o.cause):
            out.append(f"\n{CAUSES[o.cause]}", style="red")
        lab = st.player_lab
        named = named_researchers(st)[st.player]
        out.append(
            f"\n{s.quarter_label(o.quarter)} · {len(st.reports)} quarters played · "
            f"{printable(lab.name)}: "
            f"capability {lab.capability:.1f}, cash {money(lab.cash)}, {named} researchers",
            style="dim",
        )
        return out

    def on_mount(self) -> None:
        self.sub_title = "Game over"
        self._chart()

    def _chart(self) -> None:
        s = self.session
        metric = list(METRICS)[self.metric_index % len(METRICS)]
        labels = [s.quarter_label(q) for q in range(s.state.quarter + 1)]
        names = {k: printable(v.name) for k, v in s.state.labs.items()}
        self.query_one("#over-chart-title", Static).update(
            Text.assemble(
                ("The whole game: ", "bold"), METRICS[metric], ("   c: next chart", "dim")
            )
        )
        draw_history(self.query_one("#over-chart"), s.state, metric, labels, names)

    def action_cycle_chart(self) -> None:
        self.metric_index = (self.metric_index + 1) % len(METRICS)
        self._chart()

    def action_new_game(self) -> None:
        self.post_message(NewGameRequested())

    def action_close(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[tuple[str, str, object]]:
        return [("Next chart", "Show another history chart", self.action_cycle_chart)]
