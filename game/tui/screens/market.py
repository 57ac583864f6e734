"""Talent market: everyone who is not yours. Filter, sort, and make offers."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static

from game.core.models import SPECIALTIES, TIERS
from game.tui.fmt import SPEC_SHORT, TIER_RANK, TIER_SHORT, band, money, plain, printable
from game.tui.messages import CounterPickRequested, OfferRequested, WithdrawRequested
from game.tui.screens.base import GameScreen, PaletteCommand
from game.tui.screens.tables import Column, SortTable

COLUMNS = [
    Column("name", "Name", lambda r: r["name"]),
    Column("lab", "Lab", lambda r: r["lab"]),
    Column("tier", "Tier", lambda r: r["tier_rank"], reverse_first=True),
    Column("spec", "Specialty", lambda r: r["spec"]),
    Column("skill", "Skill", lambda r: r["skill"], reverse_first=True),
    Column("pay", "Pay/q", lambda r: r["pay"], reverse_first=True),
    Column("odds", "Odds*", lambda r: r["odds"], reverse_first=True),
    Column("concern", "Concern", lambda r: r["concern"]),
    Column("offer", "Your offer", lambda r: r["offer"], reverse_first=True),
]

ALL = "all"


class MarketScreen(GameScreen):
    SCREEN_NAME = "market"
    TITLE_TEXT = "Talent market"
    BINDINGS = [  # noqa: RUF012
        Binding("enter", "offer", "Offer", show=True, id="market-offer"),
        Binding("x", "withdraw", "Drop", id="market-withdraw"),
        Binding("c", "counter", "Counter", id="market-counter"),
        Binding("f", "filters", "Filter", id="market-filter"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="market-filters"):
            yield Select(
                [("All tiers", ALL), *((t, t) for t in TIERS)],
                id="f-tier",
                allow_blank=False,
                value=ALL,
            )
            yield Select(
                [("All specialties", ALL), *((s, s) for s in SPECIALTIES)],
                id="f-spec",
                allow_blank=False,
                value=ALL,
            )
            yield Select([("All labs", ALL)], id="f-lab", allow_blank=False, value=ALL)
        yield SortTable(COLUMNS, id="market-table", sort="skill")
        yield Static("", id="market-detail")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self._labs_key: tuple[str, ...] = ()
        self.query_one(SortTable).focus()

    def _estimates(self, rid: str) -> tuple[tuple[float, float], str]:
        """The odds band of a typical offer and the biggest concern; they depend only on the
        state, so they are kept until the quarter changes."""
        s = self.session
        if getattr(self, "_cache_state", None) is not s.state:
            self._cache_state = s.state
            self._cache: dict[str, tuple[tuple[float, float], str]] = {}
        hit = self._cache.get(rid)
        if hit is None:
            est = s.estimator
            r = s.state.researchers[rid]
            hit = (est.offer_odds(rid, est.market_offer(r)), est.biggest_concern(rid))
            self._cache[rid] = hit
        return hit

    @property
    def table(self) -> SortTable:
        return self.query_one(SortTable)

    def _lab_options(self) -> None:
        s = self.session
        labs = tuple(lab.id for lab in s.state.labs.values() if not lab.player and not lab.bankrupt)
        if labs == self._labs_key:
            return
        self._labs_key = labs
        sel = self.query_one("#f-lab", Select)
        value = sel.value
        sel.set_options(
            [("All labs", ALL), ("Free agents", "free"), *((plain(s.lab_name(x)), x) for x in labs)]
        )
        sel.value = value if value in (ALL, "free", *labs) else ALL

    def render_game(self) -> None:
        s = self.session
        st = s.state
        self._lab_options()
        tier = self.query_one("#f-tier", Select).value
        spec = self.query_one("#f-spec", Select).value
        lab_f = self.query_one("#f-lab", Select).value
        rows: list[dict[str, Any]] = []
        for rid in s.legal.offerable:
            r = st.researchers[rid]
            if tier != ALL and r.tier != tier:
                continue
            if spec != ALL and r.specialty != spec:
                continue
            if lab_f == "free" and r.lab is not None:
                continue
            if lab_f not in (ALL, "free") and r.lab != lab_f:
                continue
            odds, concern = self._estimates(rid)
            offer = s.offer_for(rid)
            lab_name = s.lab_name(r.lab) if r.lab else "— free —"
            rows.append(
                {
                    "id": rid,
                    "name": r.name,
                    "lab": lab_name,
                    "tier_rank": TIER_RANK[r.tier],
                    "spec": r.specialty,
                    "skill": r.skill,
                    "pay": r.salary,
                    "odds": (odds[0] + odds[1]) / 2,
                    "concern": concern,
                    "offer": offer.terms.bonus + offer.terms.salary if offer else 0.0,
                    "cells": [
                        plain(r.name),
                        Text(lab_name[:14], style="italic" if r.lab is None else ""),
                        TIER_SHORT[r.tier],
                        SPEC_SHORT[r.specialty],
                        f"{r.skill:.0f}",
                        money(r.salary),
                        band(odds),
                        concern,
                        Text(
                            f"{money(offer.terms.salary)}/q+{money(offer.terms.bonus)}"
                            if offer
                            else "",
                            style="bold cyan",
                        ),
                    ],
                }
            )
        self.table.show(rows)
        self._detail(len(rows))

    def _detail(self, count: int | None = None) -> None:
        s = self.session
        d = s.draft
        c = s.costs()
        out = Text()
        if count is not None:
            self._count = count
        out.append(f"{getattr(self, '_count', 0)} shown · ", style="dim")
        out.append(f"{len(d.offers)} offers drafted, using {money(c.offers)} of the ")
        out.append(f"{money(d.split.offers)} offers budget", style="bold")
        out.append(f" · outreach left {s.outreach_left()}")
        out.append("\n*odds of a typical market offer from you", style="dim")
        rid = self.table.current_id()
        if rid is not None and rid in s.state.researchers:
            r = s.state.researchers[rid]
            out.append(f"\n{printable(r.name)}: ", style="bold")
            out.append(printable(r.notable or r.specialty), style="italic")
        self.query_one("#market-detail", Static).update(out)

    @on(Select.Changed)
    def _filter(self) -> None:
        if self.game.session is not None and self.is_mounted:
            self.render_game()

    @on(DataTable.RowHighlighted, "#market-table")
    def _highlighted(self) -> None:
        if self.game.session is not None:
            self._detail()

    @on(DataTable.RowSelected, "#market-table")
    def _selected(self) -> None:
        self.action_offer()

    def action_offer(self) -> None:
        rid = self.table.current_id()
        if rid is None:
            self.notify("Nobody matches these filters.", severity="warning")
            return
        self.post_message(OfferRequested(rid))

    def action_withdraw(self) -> None:
        rid = self.table.current_id()
        if rid is not None:
            self.post_message(WithdrawRequested(rid))

    def action_counter(self) -> None:
        self.post_message(CounterPickRequested())

    def action_filters(self) -> None:
        self.query_one("#f-tier", Select).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "offer":
            # Enter belongs to the filters while one of them has focus.
            return isinstance(self.focused, SortTable) or self.focused is None
        return True

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                "Make an offer to the selected researcher",
                "Open the offer dialog",
                self.action_offer,
            ),
            (
                "Withdraw my offer",
                "Cancel the offer to the selected researcher",
                self.action_withdraw,
            ),
            (
                "Counter an approach",
                "Answer a rival's offer to one of your people",
                self.action_counter,
            ),
            ("Filter the market", "Tier, specialty and lab filters", self.action_filters),
            ("Sort the market", "Cycle the sort column", self.table.action_cycle_sort),
        ]
