"""Dashboard: the quarter at a glance and the budget split that must add up."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from game.content import scenario_summary
from game.core.advice import (
    at_risk,
    ecosystem_preview,
    funding_outlook,
    gpu_arrival,
    moat_reading,
    road_standings,
)
from game.tui.fmt import compute, money, nice_step, plain, printable
from game.tui.messages import (
    ComputeRequested,
    CounterPickRequested,
    CounterRequested,
    OfferRequested,
    RumourRequested,
    ScreenRequested,
    SplitFitRequested,
    SplitRequested,
)
from game.tui.screens.base import GameScreen, PaletteCommand
from game.tui.widgets import RaceView, RoadsView, SplitEditor, SplitView


class DashboardScreen(GameScreen):
    SCREEN_NAME = "dashboard"
    TITLE_TEXT = "Dashboard"
    AUTO_FOCUS = "#split"  # the budget split's arrows work at once
    BINDINGS = [  # noqa: RUF012
        Binding("s", "split", "Split…", id="dash-split"),
        Binding("b", "compute", "GPUs", id="dash-compute"),
        Binding("f", "fit", "Fit split", id="dash-fit"),
        Binding("c", "counter", "Counter", id="dash-counter"),
        Binding("g", "guide", "Guide", show=False, id="dash-guide"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dash-top"):
            yield from self.compose_header()
            yield Static("", id="status")
        with Vertical(id="dash-left"):
            yield Label("[b]Budget split[/b] [dim]↑↓ lever  ←→ ±step  a all  0 zero[/]")
            yield SplitEditor(id="split")
            yield Label("[b]Capability race[/b] [dim]to superintelligence[/]", id="race-title")
            yield RaceView(id="race")
            yield Label("[b]Roads[/b] [dim]you (▲ lead) · rival (! near)[/]", id="roads-title")
            yield RoadsView(id="roads")
        with Vertical(id="dash-right"):
            yield Label("[b]Alerts[/b] [dim]Enter to act[/]")
            yield OptionList(id="alerts", markup=False)
            yield Label("[b]News[/b]", id="news-title")
            with VerticalScroll(id="news-box"):
                yield Static("", id="guide")
                yield Static("", id="news")
        yield from self.compose_footer()

    def render_game(self) -> None:
        s = self.session
        st = s.state
        lab = st.player_lab
        lg = s.legal
        runway = s.runway()
        status = Text()
        status.append(f"{s.label} ", style="bold")
        status.append(f"{printable(lab.name)}  ")
        status.append("Cash ", style="dim")
        short = lab.cash < lg.budget.fixed_costs  # a mark as well as a colour (NO_COLOR)
        cash = money(lab.cash) + ("⚠" if short else "")
        status.append(cash, style="bold red" if short else "bold")
        status.append("  Runway ", style="dim")
        low = runway is not None and runway < 3
        status.append(
            ("∞" if runway is None else f"{runway:.1f}q") + ("⚠" if low else ""),
            style="bold red" if low else "bold",
        )
        status.append("  Compute ", style="dim")
        # what you own, as the buy dialog says: last quarter's rental has ended
        status.append(f"{compute(lab.compute_owned)} H100 owned", style="bold")
        if lab.compute_on_order:
            status.append(f" (+{compute(lab.compute_on_order)} due)", style="dim")
        status.append("\nRevenue ", style="dim")
        status.append(f"{money(lab.revenue)}/q")
        status.append("  Fixed costs ", style="dim")
        status.append(f"{money(lg.budget.fixed_costs)}/q")
        status.append("  Researchers ", style="dim")
        status.append(str(len(lg.own)))
        status.append("  Ends ", style="dim")
        status.append(s.quarter_label(st.last_quarter))
        if st.outcome is not None:
            status.append(f"   GAME OVER: {printable(st.outcome.text)}", style="bold reverse")
        else:
            status.append("\n")
            v = s.content.balance.victory
            if len(lg.own) < v.min_researchers:
                status.append(
                    f"⚠ Talent collapse: under {v.min_researchers} researchers for "
                    f"{v.collapse_quarters}q loses the game. ",
                    style="bold red",
                )
            status.append_text(self._funding())
        self.query_one("#status", Static).update(status)

        c = s.costs()
        d = s.draft
        self.query_one(SplitEditor).show(
            SplitView(
                discretionary=lg.budget.discretionary,
                gpus=d.split.gpus,
                offers=d.split.offers,
                open=d.split.open,
                uses_gpus=c.gpus,
                uses_offers=c.offers,
                step=nice_step(lg.budget.discretionary),
            )
        )
        rows = sorted(
            ((x.name, x.capability, x.player) for x in st.labs.values() if not x.bankrupt),
            key=lambda r: -r[1],
        )
        self.query_one(RaceView).show(
            rows, s.content.balance.victory.superintelligence, moat_reading(st)
        )
        self.query_one(RoadsView).show(
            road_standings(st, s.content), {k: x.name for k, x in st.labs.items()}
        )
        self._alerts()
        self._news()
        self._guide()

    def _funding(self) -> Text:
        """The funding schedule: when the next round can come and what it waits for."""
        s = self.session
        f = funding_outlook(s.state, s.content, s.draft)
        share = s.content.balance.economy.funding_round_share
        out = Text("Next round", style="dim")
        if f.earliest > s.state.quarter:
            out.append(f" from {s.quarter_label(f.earliest)}", style="bold")
        out.append(": ", style="dim")
        # (under 78 characters, for the status line at 80 columns)
        out.append(f"≈{money(f.amount)} ({share:.0%} of value)", style="bold")
        if f.due:
            out.append(", likely as this quarter ends")
        else:
            out.append(f", if runway < {f.runway_under:.0f}q or cash < it", style="dim")
        return out

    def _alerts(self) -> None:
        s = self.session
        st = s.state
        alerts = self.query_one("#alerts", OptionList)
        keep = alerts.highlighted
        alerts.clear_options()
        items: list[Option] = []
        for a in s.approaches_to_me():
            r = st.researchers[a.researcher]
            done = " ✓ countered" if s.counter_for(a.id) else ""
            items.append(
                Option(
                    Text.assemble(
                        ("⚠ ", "bold yellow"),
                        f"{s.lab_name(a.lab)} wants {printable(r.name)} ({r.tier}): "
                        f"{money(a.terms.salary)}/q + {money(a.terms.bonus)}, decide by "
                        f"{s.quarter_label(a.deadline)}",
                        (done, "green"),
                    ),
                    id=f"a:{a.id}",
                )
            )
        last = st.reports[-1] if st.reports else None
        if last is not None:
            for lab_id, rid in last.rumours:
                r = st.researchers.get(rid)
                if r is not None and r.lab == st.player:
                    items.append(
                        Option(
                            plain(f"◦ Rumour: {s.lab_name(lab_id)} is courting {r.name}"),
                            id=f"r:{lab_id}:{rid}",
                        )
                    )
        lab = st.player_lab
        if lab.compute_on_order:
            items.append(
                Option(f"▣ {compute(lab.compute_on_order)} H100 arrive next quarter", id="d:next")
            )
        if s.draft.buy:
            g = gpu_arrival(st, s.draft.buy)
            items.append(
                Option(
                    f"▣ {compute(g.units)} H100 bought arrive as {s.quarter_label(g.quarter)} "
                    f"resolves, before its research: {compute(g.owned_after)} owned",
                    id="d:buy",
                )
            )
        if last is not None and last.deliveries:
            items.append(Option(f"▣ {compute(last.deliveries)} H100 delivered", id="d:last"))
        if last is not None:
            for m in last.moves:
                if (
                    m.kind == "entered"
                    and st.researchers.get(m.researcher) is not None
                    and st.researchers[m.researcher].lab is None
                ):
                    items.append(
                        Option(
                            plain(f"✉ Applicant: {m.name} ({m.tier}) is on the market"),
                            id=f"n:{m.researcher}",
                        )
                    )
        if s.draft.release != "keep":
            items.append(Option(f"◈ You will release your {s.draft.release} model", id="o:release"))
        if not items:
            items.append(Option(Text("Nothing needs you this quarter.", style="dim"), id="none"))
        alerts.add_options(items)
        if keep is not None and keep < len(items):
            alerts.highlighted = keep

    def _news(self) -> None:
        s = self.session
        out = Text()
        reports = list(reversed(s.state.reports[-3:]))
        shown = 0
        for rep in reports:
            out.append(f"{s.quarter_label(rep.quarter)}\n", style="bold dim")
            for h in rep.headlines:
                style = "bold" if h.lab == s.state.player else ""
                out.append(f"• {printable(h.text)}\n", style=style)
                shown += 1
        if not reports:
            sc = scenario_summary(s.content, s.state.scenario)
            out.append(
                printable(sc.description) if sc else "The talent war begins.", style="italic"
            )
        self.query_one("#news", Static).update(out)

    # -- the first quarter's guide --------------------------------------------------------
    def guide_on(self) -> bool:
        """The guide shows in the first quarter of a first game, or when `g` turned it on."""
        from game.tui.settings import guide_setting

        setting = guide_setting(self._saves())
        return setting is None or setting

    def _saves(self) -> Path:
        from game.tui.settings import folder

        return folder(self.app.saves_dir_arg)  # type: ignore[attr-defined]

    def _guide(self) -> None:
        s = self.session
        st = s.state
        first = st.quarter == 0 and st.outcome is None
        if not first:
            from game.tui.settings import guide_setting, store_guide

            if guide_setting(self._saves()) is None:
                store_guide(self._saves(), False)
        shown = first and self.guide_on()
        box = self.query_one("#guide", Static)
        box.display = shown
        self.query_one("#news-title", Label).update(
            "[b]Guide[/b] [dim]g hides it[/]" if shown else "[b]News[/b]"
        )
        self.query_one("#news", Static).display = not shown
        if shown:
            box.update(self.guide_text())

    def guide_text(self) -> Text:
        """What matters now: who is at risk and why, what the budget can do, what each road
        needs."""
        s = self.session
        st = s.state
        lg = s.legal
        out = Text()
        out.append("Who may leave this quarter\n", style="bold")
        for a in at_risk(st, s.content, 2):
            r = st.researchers[a.researcher]
            low, high = a.risk
            out.append(f"• {printable(r.name)} ({r.tier}) {low:.0%}–{high:.0%}")
            why = f"{s.lab_name(a.approached_by)} courts them" if a.approached_by else ""
            why = why or f"concern: {a.concern}"
            out.append(f", {why}\n", style="dim")
        out.append("  r Roster: raise, grant or talk (t)\n", style="dim")
        eco = ecosystem_preview(st, s.content, 1000.0, s.draft.release)
        out.append("Budget ", style="bold")
        out.append(
            f"{money(lg.budget.discretionary)}; each $1.0B buys "
            f"{1000.0 / lg.gpu_price:,.0f}k H100 (they work this quarter), rents "
            f"{1000.0 / lg.rent_price:,.0f}k, or brings +{eco.expected:,.0f}k developers\n"
        )
        out.append("Roads ", style="bold")
        roads = {row.road: row for row in road_standings(st, s.content)}
        race, market, ecosystem = roads["superintelligence"], roads["market"], roads["ecosystem"]
        out.append(
            f"Race to {race.goal:.0f} (you {race.mine:.1f}); Market, Ecosystem: over "
            f"{market.goal:.0%} of API revenue, of developers for {market.streak_needed}q "
            f"(you {market.mine:.0%}, {ecosystem.mine:.0%})"
        )
        return out

    def action_guide(self) -> None:
        from game.tui.settings import store_guide

        on = not self.guide_on()
        problem = store_guide(self._saves(), on)
        if problem:
            self.notify(problem, severity="warning")
        elif self.session.state.quarter > 0:
            when = "will show" if on else "will not show"
            self.notify(f"The guide {when} in your next game's first quarter.")
        self._guide()

    @on(OptionList.OptionSelected, "#alerts")
    def _alert(self, event: OptionList.OptionSelected) -> None:
        kind, _, ref = (event.option.id or "").partition(":")
        if kind == "a":
            self.post_message(CounterRequested(ref))
        elif kind == "n":
            self.post_message(OfferRequested(ref))
        elif kind == "r":
            lab_id, _, rid = ref.partition(":")
            self.post_message(RumourRequested(rid, lab_id))
        elif kind == "d":  # a delivery: what you own, what is on order, and buying more
            self.post_message(ComputeRequested())
        elif kind == "o":
            self.post_message(ScreenRequested("open"))

    def action_split(self) -> None:
        self.post_message(SplitRequested())

    def action_compute(self) -> None:
        self.post_message(ComputeRequested())

    def action_fit(self) -> None:
        self.post_message(SplitFitRequested())

    def action_counter(self) -> None:
        self.post_message(CounterPickRequested())

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                "Set the budget split",
                "Type exact amounts for GPUs, offers and open",
                self.action_split,
            ),
            (
                "Buy or rent compute",
                "Buy GPUs (they arrive as the quarter resolves) or rent for this one",
                self.action_compute,
            ),
            (
                "Fit the split to my orders",
                "GPU and offers budgets = what your orders use",
                self.action_fit,
            ),
            (
                "Counter an approach",
                "Answer a rival's offer to one of your people",
                self.action_counter,
            ),
        ]
