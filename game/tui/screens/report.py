"""The quarter report: who moved and why, money in and out, the race, the headlines."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, NamedTuple

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header, Static

from game.tui.fmt import compute, money, printable, signed_money
from game.tui.screens.base import Backdrop, GameFooter

if TYPE_CHECKING:
    from game.core.models import OfferResult, QuarterReport
    from game.tui.session import Session

MOVE_WORDS = {
    "joined": ("joined you", "bold green"),
    "left": ("left", "bold red"),
    "declined": ("said no", "yellow"),
    "retired": ("retired", "dim"),
    "entered": ("entered the market", "cyan"),
}

MONEY_NAMES = {
    "revenue": "API revenue",
    "funding": "funding rounds",
    "outside": "parent funding",
    "clawbacks": "bonus clawbacks",
    "payroll": "payroll",
    "bonuses": "signing bonuses",
    "buyouts": "clawback buyouts",
    "counters": "counter bonuses",
    "staff": "rank-and-file staff",
    "power": "power",
    "gpus": "GPUs bought",
    "rent": "GPUs rented",
    "ecosystem": "ecosystem",
    "events": "events",
    "other": "other",
}


class ReportParts(NamedTuple):
    """What a quarter report shows, top to bottom (one widget each on the report screen)."""

    people: Text
    money: Text  # the cash line
    money_table: Table
    race: Text
    headlines: Text


def report_text(session: Session, report: QuarterReport) -> ReportParts:
    s = session
    st = s.state

    # people
    people = Text()
    people.append("People\n", style="bold underline")
    settled = {o.researcher for o in report.offers}  # told below, with the offer
    moves = [
        m
        for m in report.moves
        if m.kind != "entered" and not (m.researcher in settled and m.to_lab is not None)
    ]
    if not moves and not report.offers:
        people.append("  Nobody came or went.\n", style="dim")
    for m in moves:
        word, style = MOVE_WORDS.get(m.kind, (m.kind, ""))
        people.append(f"  {printable(m.name)} ({m.tier}) ")
        people.append(word, style=style)
        if m.kind == "left":
            people.append(f" for {s.lab_name(m.to_lab)}")
        elif m.kind == "joined":
            people.append(f" from {s.lab_name(m.from_lab)}")
        elif m.kind == "declined":
            target = "you" if m.to_lab == st.player else s.lab_name(m.to_lab)
            people.append(f" to {target}")
        people.append(f" — {printable(m.reason)}\n", style="italic")
    for o in report.offers:
        offer_line(people, s, o)
    entered = [m for m in report.moves if m.kind == "entered"]
    if entered:
        names = ", ".join(printable(m.name) for m in entered)
        people.append(f"  New on the market: {names}\n", style="cyan")
    for lab_id, rid in report.rumours:
        r = st.researchers.get(rid)
        if r is not None:
            people.append(
                f"  Rumour: {s.lab_name(lab_id)} is interested in {printable(r.name)}\n",
                style="yellow",
            )
    for aid in report.new_approaches:
        a = next((x for x in st.approaches if x.id == aid), None)
        if a is not None:
            r = st.researchers[a.researcher]
            people.append(
                f"  ⚠ {s.lab_name(a.lab)} made {printable(r.name)} an offer: counter by the end of "
                f"{s.quarter_label(a.deadline)}\n",
                style="bold yellow",
            )

    # money
    m = report.money
    table = Table(title=None, show_header=True, header_style="bold", box=None, padding=(0, 1))
    table.add_column("Money in", min_width=16)
    table.add_column("", justify="right")
    table.add_column("Money out", min_width=16)
    table.add_column("", justify="right")
    ins = [(MONEY_NAMES[k], getattr(m, k)) for k in m.MONEY_IN if getattr(m, k)]
    outs = [(MONEY_NAMES[k], getattr(m, k)) for k in m.MONEY_OUT if getattr(m, k)]
    for k in m.EITHER_WAY:
        v = getattr(m, k)
        if v > 0:
            ins.append((MONEY_NAMES[k], v))
        elif v < 0:
            outs.append((MONEY_NAMES[k], -v))
    for i in range(max(len(ins), len(outs), 1)):
        a = ins[i] if i < len(ins) else ("", None)
        b = outs[i] if i < len(outs) else ("", None)
        table.add_row(
            a[0],
            money(a[1]) if a[1] is not None else "",
            b[0],
            money(b[1]) if b[1] is not None else "",
        )
    table.add_row(
        Text("total", style="bold"),
        Text(money(m.income), style="bold green"),
        Text("total", style="bold"),
        Text(money(m.spending), style="bold red"),
    )
    head = Text()
    head.append("Money", style="bold underline")
    head.append(
        f"   cash {money(report.cash_before)} → {money(report.cash_after)} "
        f"({signed_money(report.cash_after - report.cash_before)})"
    )
    if report.deliveries:
        head.append(f"   {compute(report.deliveries)} H100 delivered", style="cyan")
    head.append(f"\n{ledger_line(report)}", style="dim")

    # race
    race = Text()
    race.append("\nCapability\n", style="bold underline")
    rows = sorted(report.capability.items(), key=lambda kv: -kv[1][1])
    for lab_id, (before, after) in rows:
        lab = st.labs.get(lab_id)
        name = printable(lab.name if lab else lab_id)
        style = "bold green" if lab_id == st.player else ""
        delta = after - before
        race.append(f"  {name:<18}", style=style)
        race.append(f"{before:6.1f} → {after:6.1f} ")
        race.append(f"{delta:+.1f}\n", style="green" if delta > 0 else "dim")
    g = report.gains
    race.append(
        f"  Your gain: research {g.research:+.1f}, open-frontier catch-up {g.spillover:+.1f}, "
        f"luck {g.luck:+.1f}" + (f", events {g.events:+.1f}" if g.events else "") + "\n",
        style="dim",
    )
    if report.released:
        race.append(f"  You released your {report.released} model's weights.\n", style="cyan")

    # headlines
    news = Text()
    news.append("Headlines\n", style="bold underline")
    if not report.headlines:
        news.append("  A quiet quarter.\n", style="dim")
    for h in report.headlines:
        news.append(f"  • {printable(h.text)}\n", style="bold" if h.lab == st.player else "")
    return ReportParts(people=people, money=head, money_table=table, race=race, headlines=news)


def ledger_line(report: QuarterReport) -> str:
    """Money in less money out is the change in cash; compute's change the same way."""
    m, c = report.money, report.compute
    line = (
        f"In {money(m.income)} − out {money(m.spending)} = {signed_money(m.net)} cash.  "
        f"Compute {compute(c.before)}"
    )
    for word, v in (("delivered", c.delivered), ("rented", c.rented), ("events", c.events)):
        if v:
            line += f" + {compute(v)} {word}" if v > 0 else f" − {compute(-v)} {word}"
    if c.expired:
        line += f" − {compute(c.expired)} rental ended"
    return line + f" = {compute(c.before + c.change)} H100"


def offer_line(out: Text, s: Session, o: OfferResult) -> None:
    """One of the player's offers: accepted, or declined and who won them."""
    out.append(f"  {printable(o.name)} ({o.tier}) ")
    if o.kind == "offer" and o.accepted:
        out.append("accepted your offer", style="bold green")
        out.append(f", joins you from {s.lab_name(o.from_lab)}")
    elif o.kind == "offer":
        out.append("declined your offer", style="yellow")
        if o.winner == o.from_lab:
            out.append(
                ", stays on the open market"
                if o.winner is None
                else f", stays at {s.lab_name(o.winner)}"
            )
        else:
            out.append(f", went to {s.lab_name(o.winner)}")
    elif o.accepted:
        out.append("accepted your counter-offer", style="bold green")
        out.append(" and stays")
    else:
        out.append("turned down your counter-offer", style="bold red")
        out.append(f", left for {s.lab_name(o.winner)}")
    out.append(f" — {printable(o.reason)}\n", style="italic")


class ReportScreen(Backdrop, Screen[None]):
    """The quarter report. Enter, Space or Escape to carry on.

    One screen for the whole game (the app installs it): each quarter sets `report` and the
    parts are refilled in place, so showing a report mounts nothing.
    """

    ALLOW_NAV = False
    BINDINGS = [  # noqa: RUF012
        Binding("enter,space,escape", "close", "Continue", id="report-continue"),
    ]
    report: reactive[QuarterReport | None] = reactive(None, always_update=True, init=False)
    """The report shown (set it to show another)."""

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with VerticalScroll(id="report"):
            for _ in ReportParts._fields:
                yield Static(classes="report-part")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#report").focus()
        self._fill(self.report)

    def watch_report(self, report: QuarterReport | None) -> None:
        if self.is_mounted:
            self._fill(report)

    def _fill(self, report: QuarterReport | None) -> None:
        session: Session | None = getattr(self.app, "session", None)
        if report is None or session is None:
            return
        self.sub_title = f"Quarter report · {session.quarter_label(report.quarter)}"
        parts = report_text(session, report)
        for static, part in zip(self.query(".report-part").results(Static), parts, strict=True):
            static.update(part)
        self.query_one("#report", VerticalScroll).scroll_home(animate=False)
        # A quarter allocates a whole new state, so the collector's full pass falls due every
        # few quarters: run it once the report is painted, while the player reads, rather than
        # while a key waits.
        self.call_after_refresh(gc.collect)

    def action_close(self) -> None:
        self.dismiss(None)
        self.app.call_after_refresh(gc.collect)  # (the dashboard is painted; the old report goes)
