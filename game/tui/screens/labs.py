"""Labs: the rivals side by side, and how the race has gone."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from game.core.advice import one_quarter_short
from game.tui.charts import METRICS, chart_game, make_plot
from game.tui.fmt import PLAYBOOK_LOOK, compute, money, plain
from game.tui.screens.base import GameScreen, PaletteCommand
from game.tui.screens.tables import PlainTable


def rough(amount: float) -> str:
    """A rival's cash as the player can guess it: two significant figures."""
    if amount <= 0:
        return "~$0"
    digits = len(str(int(abs(amount)))) - 2
    return "~" + money(round(amount, -max(0, digits)))


def openness_word(share: float) -> str:
    if share >= 0.5:
        return "open"
    if share > 0:
        return "partly open"
    return "closed"


def _share(share: float, streak: int, need: int) -> Text:
    """A share and, once it is held, the streak toward the road's quarters."""
    out = Text(f"{share:.0%}")
    if streak:
        near = one_quarter_short(streak, need)
        out.append(
            f" {streak}/{need}q" + ("!" if near else ""), style="bold red" if near else "yellow"
        )
    return out


class LabsScreen(GameScreen):
    SCREEN_NAME = "labs"
    TITLE_TEXT = "Labs"
    BINDINGS = [  # noqa: RUF012
        Binding("c", "cycle_chart(1)", "Chart", id="labs-chart"),
        Binding("C", "cycle_chart(-1)", "Prev chart", show=False, id="labs-chart-back"),
    ]

    metric_index = 0

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield PlainTable(id="labs-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="labs-chart-title")
        yield make_plot("labs-chart")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        t = self.query_one("#labs-table", DataTable)
        # the essential columns first: they fit 80 columns
        t.add_columns(
            "Lab",
            "Stance",
            "Cash",
            "Revenue",
            "Ecosystem",
            "API share",
            "Cap.",
            "Looks like",
            "Compute",
            "Named",
            "Staff",
        )
        t.focus()

    def render_game(self) -> None:
        from game.core.advice import (
            ecosystem_shares,
            lab_openness,
            named_researchers,
            revenue_shares,
        )

        s = self.session
        st = s.state
        named = named_researchers(st)
        eco, api = ecosystem_shares(st), revenue_shares(st)
        need = s.content.balance.victory.streak_quarters
        t = self.query_one("#labs-table", DataTable)
        t.clear()
        for lab in sorted(st.labs.values(), key=lambda x: -x.capability):
            mine = lab.player
            style = "bold green" if mine else ("dim strike" if lab.bankrupt else "")
            look = "you" if mine else PLAYBOOK_LOOK.get(lab.playbook or "", lab.playbook or "?")
            if lab.bankrupt:
                look = "bankrupt"
            t.add_row(
                plain(lab.name, style),
                openness_word(lab_openness(st, s.content, lab)),
                money(lab.cash) if mine else rough(lab.cash),
                money(lab.revenue),
                _share(eco.get(lab.id, 0.0), lab.eco_streak, need),
                _share(api.get(lab.id, 0.0), lab.market_streak, need),
                f"{lab.capability:.1f}",
                look,
                compute(lab.compute_owned + lab.compute_rented),
                str(named.get(lab.id, 0)),
                f"{lab.headcount:,}",
                key=lab.id,
            )
        self._chart()

    def _chart(self) -> None:
        chart = self.query_one("#labs-chart")
        title = self.query_one("#labs-chart-title", Static)
        chart_game(chart, title, self.session, self.metric_index, "History: ")

    def action_cycle_chart(self, step: int) -> None:
        self.metric_index = (self.metric_index + step) % len(METRICS)
        if self.game.session is not None:
            self._chart()

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (f"Chart: {label}", "Show this history chart", lambda i=i: self._show_metric(i))
            for i, label in enumerate(METRICS.values())
        ]

    def _show_metric(self, i: int) -> None:
        self.metric_index = i
        if self.game.session is not None:
            self._chart()
