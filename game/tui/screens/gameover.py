"""Game over: the outcome, the road that ended it, the score and its verdict, the high scores
of this kind of game, and the whole game in charts; `x` exports the run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from game.core.advice import (
    costliest_departures,
    named_researchers,
    road_standings,
    turning_point,
)
from game.tui.charts import METRICS, chart_game, make_plot
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
ROAD_SHORT = {"superintelligence": "Race", "market": "Market", "ecosystem": "Ecosystem"}
CAUSES = {
    "bankruptcy": "You ran out of money twice.",
    "rival_victory": "A rival got there first.",
    "talent_collapse": "Talent collapse: too few researchers were left to build anything.",
    None: "",
}


class GameOverScreen(Backdrop, Screen[None]):
    ALLOW_NAV = True
    BINDINGS = [  # noqa: RUF012
        Binding("n", "new_game", "New game", id="over-new"),
        Binding("c", "cycle_chart", "Chart", id="over-chart"),
        Binding("x", "export_run", "Export run", id="over-export"),
        Binding("escape", "close", "Look around", id="over-close"),
    ]
    DEFAULT_CSS = "#over-scores { height: auto; max-height: 9; padding: 0 1; }"
    SCORES_SHOWN = 3  # rows of the high-score table (and this game's, when lower)
    metric_index = 0

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static(self.summary(), id="over-summary")
        yield Static("", id="over-scores")
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
        if o.road == "score":
            from game.tui.screens.help import standing_text

            out.append(f"\nStanding score: {standing_text(s.content)}.", style="dim")
        if not won and CAUSES.get(o.cause):
            out.append(f"\n{CAUSES[o.cause]}", style="red")
            if o.cause == "talent_collapse":
                from game.tui.screens.help import collapse_text

                out.append(f" ({collapse_text(s.content)})", style="dim")
        lab = st.player_lab
        named = named_researchers(st)[st.player]
        out.append(
            f"\n{s.quarter_label(o.quarter)} · {len(st.reports)} quarters played · "
            f"{printable(lab.name)}: "
            f"capability {lab.capability:.1f}, cash {money(lab.cash)}, {named} researchers",
            style="dim",
        )
        out.append_text(self.roads())
        out.append_text(self.turn())
        out.append_text(self.departures())
        return out

    def roads(self) -> Text:
        """Each road: how far the player got, and who won it (or came nearest)."""
        s = self.session
        o = s.state.outcome
        out = Text()
        for row in road_standings(s.state, s.content):
            out.append(f"\n{ROAD_SHORT.get(row.road, row.road):<10}", style="bold")
            if row.streak_needed:
                mine = f"you {row.mine:.0%} ({row.my_streak}/{row.streak_needed}q over "
                mine += f"{row.goal:.0%})"
                theirs = f"{row.rival_value:.0%}"
                if row.rival_streak:
                    theirs += f" ({row.rival_streak}/{row.streak_needed}q)"
            else:
                mine = f"you {row.mine:.1f} of {row.goal:.0f}"
                theirs = f"{row.rival_value:.1f}"
            out.append(f"{mine:<26}")
            if o is not None and o.road == row.road and o.winner:
                out.append(f"won by {s.lab_name(o.winner)}", style="bold")
            elif row.rival is not None:
                out.append(f"not won · best {s.lab_name(row.rival)} {theirs}", style="dim")
        return out

    def turn(self) -> Text:
        """The quarter where the game turned."""
        s = self.session
        tp = turning_point(s.state, s.content)
        if tp is None:
            return Text()
        if tp.road == "superintelligence":
            what = "capability lead"
            before, after = f"{tp.before:+.1f}", f"{tp.after:+.1f}"
        else:
            what = "market-share lead" if tp.road == "market" else "ecosystem-share lead"
            before, after = f"{tp.before * 100:+.0f}", f"{tp.after * 100:+.0f} points"
        out = Text("\nThe game turned in ", style="dim")
        out.append(s.quarter_label(tp.quarter), style="bold")
        out.append(f": your {what} over {s.lab_name(tp.rival)} went {before} → {after}")
        rep = next((r for r in s.state.reports if r.quarter == tp.quarter), None)
        lost = [m for m in rep.moves if m.kind == "left"] if rep else []
        if lost:
            out.append(f" ({len(lost)} left you that quarter)", style="dim")
        return out

    def departures(self) -> Text:
        """The player's three most costly departures, with their reasons."""
        s = self.session
        gone = costliest_departures(s.state, s.content)
        out = Text("\nCostliest departures: ", style="dim")
        if not gone:
            out.append("nobody left you.")
            return out
        for i, d in enumerate(gone):
            m = d.move
            where = s.lab_name(m.to_lab) if m.to_lab else "the open market"
            out.append("; " if i else "")
            out.append(f"{printable(m.name)} ({m.tier})", style="bold")
            out.append(f" to {where}, {s.quarter_label(m.quarter)} — {printable(m.reason)}")
        return out

    def on_mount(self) -> None:
        self.sub_title = "Game over"
        self._scores()
        self._chart()

    def _scores(self) -> None:
        """Score the game, record it in the high scores (once a game) and show its kind's."""
        from rich.console import Group

        from game.runs import RunError
        from game.runs.commands import scores_table
        from game.runs.scores import kind_of, record_game

        s = self.session
        try:
            saves = self.app.saves_dir  # type: ignore[attr-defined]
            score, entry, entries, note = record_game(s.state, s.content, saves)
        except RunError as e:
            self.notify(f"The score was not recorded: {e}", severity="warning", timeout=8)
            return
        if note:
            self.notify(note, severity="warning", timeout=8)
        v = score.verdict
        seat = (
            f"(×{score.seat_factor:g} in the {printable(score.lab_name)} seat) "
            if score.seat_factor != 1.0
            else ""
        )
        line = Text.assemble(
            ("Score ", "dim"),
            (f"{score.points} — {printable(v.title)}. ", "bold"),
            (seat, "dim"),
            printable(v.text),
        )
        table = scores_table(kind_of(s.state), entries, entry.run, self.SCORES_SHOWN)
        self.query_one("#over-scores", Static).update(Group(line, table))

    def action_export_run(self) -> None:
        from game.runs import RunError
        from game.runs.runfile import export_run, run_name, write_run

        s = self.session
        folder = self.app.saves_dir / "runs"  # type: ignore[attr-defined]
        try:
            path = write_run(export_run(s.state, s.content), folder / run_name(s.state))
        except RunError as e:
            self.notify(str(e), severity="error", timeout=8)
            return
        self.notify(f"python -m game verify {path} checks it.", title="Run written", timeout=8)

    def _chart(self) -> None:
        chart = self.query_one("#over-chart")
        title = self.query_one("#over-chart-title", Static)
        chart_game(chart, title, self.session, self.metric_index, "The whole game: ")

    def action_cycle_chart(self) -> None:
        self.metric_index = (self.metric_index + 1) % len(METRICS)
        self._chart()

    def action_new_game(self) -> None:
        self.post_message(NewGameRequested())

    def action_close(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Next chart", "Show another history chart", self.action_cycle_chart),
            ("Export the run", "Write a run file anyone can verify", self.action_export_run),
        ]
