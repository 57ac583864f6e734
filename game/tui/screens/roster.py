"""Roster: your researchers, what they may be thinking, and how to keep them."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from game.tui.fmt import (
    SPEC_SHORT,
    TIER_RANK,
    TIER_SHORT,
    band,
    money,
    pct,
    plain,
    printable,
    risk_word,
)
from game.tui.messages import (
    CounterPickRequested,
    CounterRequested,
    GrantRequested,
    OutreachToggled,
    RaiseRequested,
    WithdrawRequested,
)
from game.tui.screens.base import GameScreen, PaletteCommand
from game.tui.screens.tables import Column, SortTable

RISK_STYLE = {"HIGH": "bold red", "med": "yellow", "low": "green"}

COLUMNS = [
    Column("name", "Name", lambda r: r["name"]),
    Column("tier", "Tier", lambda r: r["tier_rank"], reverse_first=True),
    # the essential columns first: they fit 80 columns
    Column("risk", "Flight risk", lambda r: r["risk"], reverse_first=True),
    Column("concern", "Concern", lambda r: r["concern"]),
    Column("orders", "Orders", lambda r: r["orders"], reverse_first=True),
    Column("spec", "Specialty", lambda r: r["spec"]),
    Column("skill", "Skill", lambda r: r["skill"], reverse_first=True),
    Column("pay", "Pay/q", lambda r: r["pay"], reverse_first=True),
    Column("unvested", "Unvested", lambda r: r["unvested"], reverse_first=True),
    Column("loyalty", "Loyalty~", lambda r: r["loyalty"]),
]


class RosterScreen(GameScreen):
    SCREEN_NAME = "roster"
    TITLE_TEXT = "Roster"
    BINDINGS = [  # noqa: RUF012
        Binding("p", "raise", "Raise", id="roster-raise"),
        Binding("g", "grant", "Grant", id="roster-grant"),
        Binding("t", "talk", "Talk", id="roster-talk"),
        Binding("c", "counter", "Counter", id="roster-counter"),
        Binding("x", "withdraw", "Drop", id="roster-withdraw"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._show_next: str | None = None  # the person to select when next shown

    def show_person(self, rid: str) -> None:
        """Select researcher `rid` (now, or when the screen is next shown)."""
        self._show_next = rid
        if self.is_mounted and self.on_top and self.table.select(rid):
            self._show_next = None

    def on_screen_resume(self) -> None:
        # (before GameScreen's handler: a stale screen redraws there, selecting the person)
        if self._show_next is not None and not self.stale and self.table.select(self._show_next):
            self._show_next = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="roster-summary")
        yield SortTable(COLUMNS, id="roster-table", sort="risk")
        yield Static("", id="roster-detail")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.query_one(SortTable).focus()

    @property
    def table(self) -> SortTable:
        return self.query_one(SortTable)

    def render_game(self) -> None:
        s = self.session
        est = s.estimator
        lab = s.state.player_lab
        rows: list[dict[str, Any]] = []
        for r in s.own():
            seen = est.perceived(r)
            risk = est.flight_risk(r.id)
            word = risk_word(risk)
            unvested = r.unvested_share * lab.valuation
            marks = s.pending_marks(r.id)
            concern = est.biggest_concern(r.id)
            rows.append(
                {
                    "id": r.id,
                    "name": r.name,
                    "tier_rank": TIER_RANK[r.tier],
                    "spec": r.specialty,
                    "skill": r.skill,
                    "pay": r.salary,
                    "unvested": unvested,
                    "loyalty": seen.loyalty,
                    "risk": (risk[0] + risk[1]) / 2,
                    "concern": concern,
                    "orders": marks,
                    "cells": [
                        plain(r.name),
                        TIER_SHORT[r.tier],
                        Text(f"{word} {band(risk)}", style=RISK_STYLE[word]),
                        concern,
                        Text(marks, style="bold yellow" if "APPROACHED" in marks else "cyan"),
                        SPEC_SHORT[r.specialty],
                        f"{r.skill:.0f}",
                        money(r.salary),
                        money(unvested),
                        f"~{seen.loyalty * 100:.0f}%",
                    ],
                }
            )
        self.table.show(rows, keep=self._show_next)
        self._show_next = None
        approached = len(s.approaches_to_me())
        summary = Text()
        summary.append(f"{len(rows)} researchers", style="bold")
        summary.append(f" · payroll {money(sum(r.salary for r in s.own()))}/q")
        summary.append(f" · outreach points {s.outreach_left()}/{s.legal.outreach_points}")
        summary.append(f" · equity pool {pct(s.legal.equity_pool, 2)}")
        if approached:
            summary.append(f" · {approached} approached!", style="bold yellow")
        self.query_one("#roster-summary", Static).update(summary)
        self._detail()

    def _detail(self) -> None:
        s = self.session
        rid = self.table.current_id()
        out = Text()
        if rid is None or rid not in s.state.researchers:
            out.append("You have no named researchers left.", style="bold red")
        else:
            r = s.state.researchers[rid]
            seen = s.estimator.perceived(r)
            top = sorted(seen.drives.as_dict().items(), key=lambda kv: -kv[1])[:3]
            out.append(printable(r.name), style="bold")
            out.append(f" · {r.tier} {r.specialty} · tenure {r.tenure}q · morale ")
            out.append(f"{r.morale * 100:.0f}%", style="green" if r.morale >= 0.5 else "red")
            out.append(" · cares about " + ", ".join(f"{d} {v:.0%}" for d, v in top))
            if r.notable:
                out.append(f"\n{printable(r.notable)}", style="italic dim")
            a = s.approach_for(rid)
            if a is not None:
                out.append(
                    f"\n⚠ {s.lab_name(a.lab)} offers {money(a.terms.salary)}/q + "
                    f"{money(a.terms.bonus)} bonus; decided at the end of "
                    f"{s.quarter_label(a.deadline)}. Press c to counter.",
                    style="bold yellow",
                )
            elif r.concern:
                labs = ", ".join(s.lab_name(x) for x in r.concern)
                out.append(f"\n◦ Rumoured interest from {labs}", style="yellow")
        self.query_one("#roster-detail", Static).update(out)

    @on(DataTable.RowHighlighted, "#roster-table")
    def _highlighted(self) -> None:
        if self.game.session is not None:
            self._detail()

    @on(DataTable.RowSelected, "#roster-table")
    def _selected(self) -> None:
        rid = self.table.current_id()
        if rid is None:
            return
        a = self.session.approach_for(rid)
        if a is not None:
            self.post_message(CounterRequested(a.id))
        else:
            self.post_message(RaiseRequested(rid))

    def _rid(self) -> str | None:
        rid = self.table.current_id()
        if rid is None:
            self.notify("No researcher selected.", severity="warning")
        return rid

    def action_raise(self) -> None:
        if rid := self._rid():
            self.post_message(RaiseRequested(rid))

    def action_grant(self) -> None:
        if rid := self._rid():
            self.post_message(GrantRequested(rid))

    def action_talk(self) -> None:
        if rid := self._rid():
            self.post_message(OutreachToggled(rid))

    def action_counter(self) -> None:
        rid = self._rid()
        if rid is None:
            return
        a = self.session.approach_for(rid)
        if a is None:
            self.post_message(CounterPickRequested())
        else:
            self.post_message(CounterRequested(a.id))

    def action_withdraw(self) -> None:
        if rid := self._rid():
            self.post_message(WithdrawRequested(rid))

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            ("Raise for the selected researcher", "Pay more each quarter", self.action_raise),
            ("Retention grant", "Equity that vests over 16 quarters", self.action_grant),
            ("Personal outreach", "Talk to the selected researcher yourself", self.action_talk),
            ("Counter-offer", "Answer a rival's approach", self.action_counter),
            (
                "Withdraw orders",
                "Cancel this quarter's orders for the selected researcher",
                self.action_withdraw,
            ),
            ("Sort the roster", "Cycle the sort column", self.table.action_cycle_sort),
        ]
