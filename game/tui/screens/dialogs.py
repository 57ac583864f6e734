"""Modal dialogs: a yes/no question and the quarter's review before it ends.

The order forms are elsewhere: `forms.py` (their base), `offers.py` (offers, counter-offers,
raises, grants, the approach to counter) and `budget.py` (the exact split, compute purchases).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from game.tui.fmt import money, plain, printable

if TYPE_CHECKING:
    from game.core.legal import Refusal
    from game.tui.session import Session


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question. Enter accepts, Escape declines."""

    BINDINGS = [  # noqa: RUF012
        Binding("enter", "answer(True)", "Yes", priority=True, id="confirm-yes"),
        Binding("escape,n", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(
        self,
        question: str,
        detail: str | Text = "",
        *,
        yes: str = "Yes",
        no: str = "Cancel",
        purpose: str = "",
        can_accept: bool = True,
    ) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no
        self.purpose = purpose
        self.can_accept = can_accept

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.question), classes="dialog-title")
            if self.detail:
                with VerticalScroll(classes="dialog-body"):
                    detail = self.detail
                    yield Static(
                        Text(printable(detail, newlines=True))
                        if isinstance(detail, str)
                        else detail
                    )
            with Horizontal(classes="dialog-buttons"):
                if self.can_accept:
                    yield Button(f"{self.yes} ⏎", id="yes", variant="primary", compact=True)
                yield Button(f"{self.no} (Esc)", id="no", compact=True)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(bool(yes) and self.can_accept)


class EndQuarterDialog(ConfirmDialog):
    """Review the quarter's orders; Enter ends the quarter (if the core accepts them)."""

    def __init__(self, session: Session) -> None:
        reasons = session.reasons()
        super().__init__(
            f"End {session.label}?",
            order_summary(session, reasons),
            yes="End the quarter",
            no="Back to orders",
            purpose="end",
            can_accept=not reasons,
        )


def order_summary(session: Session, reasons: list[Refusal]) -> Text:
    s, d = session, session.draft
    c = s.costs()
    lg = s.legal
    out = Text()
    out.append("Budget split ", style="bold")
    out.append(
        f"({money(lg.budget.discretionary)} after fixed costs of {money(lg.budget.fixed_costs)})\n"
    )
    out.append(
        f"  GPUs    {money(d.split.gpus):>8}  buy {d.buy}k, rent {d.rent}k H100 → {money(c.gpus)}\n"
    )
    out.append(
        f"  Offers  {money(d.split.offers):>8}  {len(d.offers)} offers, "
        f"{len(d.counters)} counters, {len(d.raises)} raises, {len(d.grants)} grants "
        f"→ {money(c.offers)}\n"
    )
    out.append(f"  Open    {money(d.split.open):>8}  developer ecosystem\n")
    out.append(f"  Left    {money(s.unallocated()):>8}  stays in the bank\n")
    release = {
        "keep": "keep the weights closed",
        "current": "open-source the current model",
        "previous": "open-source the previous model",
    }[d.release]
    out.append(f"Release: {release}\n")
    out.append(
        f"Personal outreach: {lg.outreach_points - s.outreach_left()} of {lg.outreach_points}\n"
    )
    open_approaches = [a for a in s.approaches_to_me() if s.counter_for(a.id) is None]
    due = [a for a in open_approaches if a.deadline <= s.state.quarter]
    if due:
        names = ", ".join(printable(s.state.researchers[a.researcher].name) for a in due)
        out.append(f"Not countered, decided this quarter: {names}\n", style="yellow")
    if reasons:
        out.append("\nThese orders can't be carried out:\n", style="bold red")
        for r in reasons:
            out.append(f"  • {printable(r)}\n", style="red")
        out.append("Go back and fix them (Esc).", style="red")
    return out
