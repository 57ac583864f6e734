"""Modal dialogs: confirmations, the offer dialog (offers and counter-offers), raises, grants,
the exact split and compute purchases. Each previews the core's verdict before you commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.core.advice import counter_terms, gpu_arrival, grant_share, raise_salary, vest_quarters
from game.core.legal import BUDGET_CODES
from game.core.numbers import at_k, from_k, to_k, total_k
from game.tui.fmt import (
    band,
    money,
    parse_number,
    pct,
    plain,
    printable,
    risk_word,
    signed_money,
)

if TYPE_CHECKING:
    from game.core.legal import Refusal
    from game.core.models import Approach, OfferTerms, Orders
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


def amount_text(amount: float) -> str:
    """$M for an input field, exact to the $k the core compares in: 1730.4, 250."""
    return f"{at_k(amount):.3f}".rstrip("0").rstrip(".")


class FormCheckbox(Checkbox, inherit_bindings=False):
    """A form's checkbox: `Space` ticks it, `Enter` confirms the dialog (as in its inputs)."""

    BINDINGS = [  # noqa: RUF012
        Binding("space", "toggle_button", "Toggle", show=False),
        Binding("enter", "screen.submit", "OK", show=False),
    ]


class FormDialog(ModalScreen[Any]):
    """A small form: number inputs (and a checkbox) with a live preview from the core.

    `evaluate` returns the preview and the problem that stops the form (None: it can be
    confirmed), which the preview leaves out: the form shows it once, at the end of the preview
    (`✗ …`) or, once the player has tried to confirm, on the warning line instead. Confirming a
    form with a problem keeps the dialog open and says why on that line (`#form-error`); the
    line clears as soon as the input is valid.
    """

    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+o", "submit", "OK", id="form-ok"),
    ]
    title_text = ""
    submit_label = "OK"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.ok = False
        self.problem: str | None = None
        self.preview = Text()

    def fields(self) -> list[tuple[str, str, str]]:
        """(id, label, initial text) for each number input."""
        return []

    def checkbox(self) -> tuple[str, bool] | None:
        return None

    def intro(self) -> Text | str:
        return ""

    def evaluate(self, values: dict[str, float | None], flag: bool) -> tuple[Text, str | None]:
        raise NotImplementedError

    def result(self, values: dict[str, float | None], flag: bool) -> Any:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(plain(self.title_text), classes="dialog-title")
            intro = self.intro()
            if intro:
                yield Static(
                    plain(intro) if isinstance(intro, str) else intro, classes="form-intro"
                )
            for fid, label, initial in self.fields():
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(
                        initial,
                        id=f"f-{fid}",
                        restrict=r"[0-9.,]*",
                        classes="form-input",
                        compact=True,
                    )
            box = self.checkbox()
            if box is not None:
                yield FormCheckbox(box[0], value=box[1], id="f-flag", compact=True)
            yield Static("", id="form-preview")
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.submit_label} ⏎", id="ok", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._update()
        self.call_after_refresh(self.keep_toasts_off_the_warning)
        inputs = self.query(Input)
        if inputs:
            first = inputs.first()
            first.focus()
            first.select_all()

    def values(self) -> tuple[dict[str, float | None], bool]:
        values = {
            fid: parse_number(self.query_one(f"#f-{fid}", Input).value)
            for fid, _, _ in self.fields()
        }
        flag = False
        boxes = self.query("#f-flag")
        if boxes:
            flag = bool(self.query_one("#f-flag", Checkbox).value)
        return values, flag

    def _update(self) -> None:
        values, flag = self.values()
        if any(v is None for v in values.values()):
            text, problem = Text(), NUMBERS
        else:
            text, problem = self.evaluate(values, flag)
        self.ok = problem is None
        self.problem = problem
        self.preview = text
        self.query_one("#ok", Button).disabled = not self.ok
        error = self.query_one("#form-error", Static)
        if problem is None:
            self._show_error("")  # valid now: the line goes
        elif error.display:
            self._show_error(problem)  # still wrong: the line says what is wrong now
        else:
            self._draw_preview()

    def _draw_preview(self) -> None:
        """The preview, and the problem at its end unless the warning line shows it."""
        text = self.preview.copy()
        if self.problem and not self.query_one("#form-error", Static).display:
            if text.plain:
                text.append("\n")
            text.append(f"✗ {printable(self.problem)}", style="red")
        self.query_one("#form-preview", Static).update(text)

    def _show_error(self, problem: str) -> None:
        error = self.query_one("#form-error", Static)
        line = " ".join(printable(problem).split())
        error.update(Text(f"✗ {line}") if line else "")
        if error.display != bool(line):
            error.display = bool(line)
            self.call_after_refresh(self.keep_toasts_off_the_warning)
        self._draw_preview()

    def on_resize(self) -> None:
        self.call_after_refresh(self.keep_toasts_off_the_warning)

    def keep_toasts_off_the_warning(self) -> None:
        """Toasts (docked at the top here, see game.tcss) end above the warning line, or above
        where it appears (right under the preview; the centred form grows a row each way)."""
        racks = self.query("#textual-toastrack")
        if not racks or not self.is_mounted:
            return
        error = self.query_one("#form-error", Static)
        preview = self.query_one("#form-preview", Static)
        shown = error.display and error.region
        limit = error.region.y if shown else preview.region.bottom - 1
        racks.first().styles.max_height = max(0, min(limit, self.size.height // 2))

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self._update()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        self._update()
        if not self.ok:
            self._show_error(self.problem or NUMBERS)
            self.app.bell()
            return
        values, flag = self.values()
        self.dismiss(self.result(values, flag))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    # helpers for subclasses
    def trial(self, change: Callable[[Orders], None]) -> tuple[list[Refusal], Any]:
        """The core's verdict and costs on the draft with one change applied (draft untouched)."""
        from game.core.costs import costs
        from game.core.legal import validate

        draft = self.session.draft.model_copy(deep=True)
        change(draft)
        return validate(self.session.state, draft, self.session.content), costs(
            self.session.state, draft
        )


NUMBERS = "Type a number in every field."


def reasons_text(out: Text, reasons: list[Refusal], ignore: tuple[str, ...] = ()) -> str | None:
    """Append the core's reasons: first those about budget levers (fixable later), as warnings,
    then those that stop the order. Returns the first of these (None: nothing stops it), which
    is left out: the form shows it last, or on its warning line (see `FormDialog`)."""
    stops = [r for r in reasons if r.code not in ignore]
    for r in reasons:
        if r.code in ignore:
            out.append(f"\n⚠ {printable(r)}", style="yellow")
    for r in stops[1:]:
        out.append(f"\n✗ {printable(r)}", style="red")
    return str(stops[0]) if stops else None


class OfferDialog(FormDialog):
    """An offer to another lab's researcher or a free agent, or a counter-offer to an approach."""

    submit_label = "Make offer"

    def __init__(self, session: Session, rid: str, approach: Approach | None = None) -> None:
        super().__init__(session)
        self.rid = rid
        self.approach = approach
        self.r = session.state.researchers[rid]
        if approach is not None:
            self.title_text = f"Counter-offer to keep {self.r.name}"
            self.submit_label = "Counter"
        else:
            self.title_text = f"Offer to {self.r.name}"

    def initial_terms(self) -> OfferTerms:

        s = self.session
        if self.approach is not None:
            existing = s.counter_for(self.approach.id)
            if existing:
                return existing.terms
            return counter_terms(s.state, s.content, self.approach)
        existing_offer = s.offer_for(self.rid)
        if existing_offer:
            return existing_offer.terms
        return s.estimator.default_offer(self.r)

    def fields(self) -> list[tuple[str, str, str]]:
        t = self.initial_terms()
        return [
            ("salary", "Salary $M / quarter", f"{t.salary:g}"),
            ("bonus", "Signing bonus $M", f"{t.bonus:g}"),
            ("equity", "Equity % of the lab", f"{t.equity * 100:g}"),
        ]

    def checkbox(self) -> tuple[str, bool]:
        return ("Personal outreach from the CEO", self.initial_terms().outreach)

    def intro(self) -> Text:
        s, r = self.session, self.r
        est = s.estimator
        seen = est.perceived(r)
        drives = sorted(seen.drives.as_dict().items(), key=lambda kv: -kv[1])[:2]
        out = Text()
        out.append(f"{r.tier} · {r.specialty} · skill {r.skill:.0f} · {s.lab_name(r.lab)}\n")
        out.append(f"Paid {money(r.salary)}/q", style="dim")
        if r.lab:
            lab = s.state.labs[r.lab]
            out.append(f", unvested {money(r.unvested_share * lab.valuation)}", style="dim")
        if r.noncompete:
            out.append(f", non-compete {r.noncompete}q", style="dim")
        out.append("\n")
        out.append(
            "Seems to care most about "
            + " and ".join(d for d, _ in drives)
            + f"; biggest concern: {est.biggest_concern(r.id)}",
            style="italic",
        )
        if self.approach is not None:
            a = self.approach
            out.append(
                f"\n{s.lab_name(a.lab)} offers {money(a.terms.salary)}/q, bonus "
                f"{money(a.terms.bonus)}, equity {pct(a.terms.equity, 2)}"
                f"{' + CEO outreach' if a.terms.outreach else ''}; decided at the end of "
                f"{s.quarter_label(a.deadline)}.",
                style="yellow",
            )
        return out

    def terms(self, values: dict[str, float | None], flag: bool) -> OfferTerms:
        from game.core.models import OfferTerms

        return OfferTerms(
            salary=float(values["salary"] or 0.0),
            bonus=float(values["bonus"] or 0.0),
            equity=float(values["equity"] or 0.0) / 100,
            outreach=flag,
        )

    def apply(self, draft: Orders, terms: OfferTerms) -> None:
        from game.core.models import CounterOrder, OfferOrder

        if self.approach is not None:
            aid = self.approach.id
            draft.counters = [c for c in draft.counters if c.approach != aid]
            draft.counters.append(CounterOrder(approach=aid, terms=terms))
        else:
            draft.offers = [o for o in draft.offers if o.researcher != self.rid]
            draft.offers.append(OfferOrder(researcher=self.rid, terms=terms))

    def evaluate(self, values: dict[str, float | None], flag: bool) -> tuple[Text, str | None]:
        s = self.session
        terms = self.terms(values, flag)
        reasons, after = self.trial(lambda d: self.apply(d, terms))
        _, before = self.trial(lambda d: self._remove(d))
        this = after.offers - before.offers
        budget = s.draft.split.offers
        left = budget - after.offers
        out = Text()
        out.append("Costs now ", style="bold")
        out.append(f"{money(this)}")
        out.append(f"  · offers budget {money(budget)}, other offers {money(before.offers)}, left ")
        out.append(money(left), style="bold red" if to_k(left) < 0 else "bold green")
        grows = to_k(left) < 0 and to_k(s.unallocated()) >= -to_k(left)
        if grows:
            out.append(
                f"\n  The offers budget will grow by {money(-left)} from what is left.",
                style="yellow",
            )
        if terms.equity > 0:
            lab = s.state.player_lab
            out.append(
                f"\nEquity worth {money(terms.equity * lab.valuation)} today "
                f"(pool {pct(lab.equity_pool, 2)})",
                style="dim",
            )
        points = s.outreach_left() - (1 if flag else 0) + self._own_outreach()
        out.append(f"\nOutreach points left: {points}", style="dim")
        out.append("\n")
        if self.approach is None:
            odds = s.estimator.offer_odds(self.rid, terms)
            out.append("Estimated odds they accept: ", style="bold")
            out.append(band(odds), style="bold cyan")
        else:
            risk = s.estimator.flight_risk(self.rid)
            out.append("Without a counter they leave: ", style="bold")
            out.append(f"{band(risk)} ({risk_word(risk)})", style="bold cyan")
        if grows:
            reasons = [r for r in reasons if r.code != "offers_over_budget"]
        # Budget shortfalls are warnings: the split can still change before the quarter ends.
        return out, reasons_text(out, reasons, ignore=BUDGET_CODES)

    def _own_outreach(self) -> int:
        s = self.session
        if self.approach is not None:
            c = s.counter_for(self.approach.id)
            return 1 if c and c.terms.outreach else 0
        o = s.offer_for(self.rid)
        return 1 if o and o.terms.outreach else 0

    def _remove(self, draft: Orders) -> None:
        if self.approach is not None:
            draft.counters = [c for c in draft.counters if c.approach != self.approach.id]
        else:
            draft.offers = [o for o in draft.offers if o.researcher != self.rid]

    def result(self, values: dict[str, float | None], flag: bool) -> OfferTerms:
        return self.terms(values, flag)


class RaiseDialog(FormDialog):
    submit_label = "Raise"

    def __init__(self, session: Session, rid: str) -> None:
        super().__init__(session)
        self.rid = rid
        self.r = session.state.researchers[rid]
        self.title_text = f"Raise for {self.r.name}"

    def fields(self) -> list[tuple[str, str, str]]:
        existing = self.session.raise_for(self.rid)
        new = existing.salary if existing else raise_salary(self.session.content, self.r)
        return [("salary", "New salary $M / quarter", f"{new:g}")]

    def intro(self) -> Text:
        ref = self.session.content.balance.tiers[self.r.tier].reference_pay / 4
        risk = self.session.estimator.flight_risk(self.rid)
        return Text(
            f"{self.r.tier}, paid {money(self.r.salary)}/q; the market pays a {self.r.tier} about "
            f"{money(ref)}/q.\nFlight risk now {band(risk)}; concern: "
            f"{self.session.estimator.biggest_concern(self.rid)}"
        )

    def evaluate(self, values: dict[str, float | None], flag: bool) -> tuple[Text, str | None]:
        from game.core.models import RaiseOrder

        salary = float(values["salary"] or 0.0)

        def change(d: Orders) -> None:
            d.raises = [x for x in d.raises if x.researcher != self.rid]
            d.raises.append(RaiseOrder(researcher=self.rid, salary=salary))

        reasons, after = self.trial(change)
        left = self.session.draft.split.offers - after.offers
        out = Text(
            f"Costs {money(max(0.0, salary - self.r.salary))} this quarter from the offers "
            f"budget (then every quarter in payroll); offers budget left "
        )
        out.append(money(left), style="bold red" if to_k(left) < 0 else "bold green")
        return out, reasons_text(out, reasons, ignore=BUDGET_CODES)

    def result(self, values: dict[str, float | None], flag: bool) -> float:
        return float(values["salary"] or 0.0)


class GrantDialog(FormDialog):
    submit_label = "Grant"

    def __init__(self, session: Session, rid: str) -> None:
        super().__init__(session)
        self.rid = rid
        self.r = session.state.researchers[rid]
        self.title_text = f"Retention grant for {self.r.name}"

    def fields(self) -> list[tuple[str, str, str]]:
        existing = self.session.grant_for(self.rid)
        default = grant_share(self.session.content, self.r.tier) * 100
        value = existing.equity * 100 if existing else default
        return [("equity", "Equity % of the lab", f"{value:g}")]

    def intro(self) -> Text:
        lab = self.session.state.player_lab
        unvested = money(self.r.unvested_share * lab.valuation)
        return Text(
            f"Vests over {vest_quarters(self.session.content)} quarters. Unvested now: {unvested}. "
            f"Equity pool: {pct(lab.equity_pool, 2)} of a {money(lab.valuation)} lab."
        )

    def evaluate(self, values: dict[str, float | None], flag: bool) -> tuple[Text, str | None]:
        from game.core.models import GrantOrder

        equity = float(values["equity"] or 0.0) / 100
        if equity <= 0:
            return Text(), "A grant must be more than 0%."

        def change(d: Orders) -> None:
            d.grants = [g for g in d.grants if g.researcher != self.rid]
            d.grants.append(GrantOrder(researcher=self.rid, equity=equity))

        reasons, _ = self.trial(change)
        lab = self.session.state.player_lab
        out = Text(f"Worth {money(equity * lab.valuation)} at today's valuation; costs no cash.")
        return out, reasons_text(out, reasons, ignore=BUDGET_CODES)

    def result(self, values: dict[str, float | None], flag: bool) -> float:
        return float(values["equity"] or 0.0) / 100


class SplitDialog(FormDialog):
    title_text = "Budget split"
    submit_label = "Set split"

    def fields(self) -> list[tuple[str, str, str]]:
        sp = self.session.draft.split
        return [
            ("gpus", "GPUs $M", amount_text(sp.gpus)),
            ("offers", "Offers $M", amount_text(sp.offers)),
            ("open", "Open-sourcing $M", amount_text(sp.open)),
        ]

    def intro(self) -> Text:
        b = self.session.legal.budget
        c = self.session.costs()
        return Text(
            f"Cash {money(b.cash)} − fixed costs {money(b.fixed_costs)} = {money(b.discretionary)} "
            f"to split.\nYour orders use {money(c.gpus)} of GPUs and {money(c.offers)} of offers."
        )

    def evaluate(self, values: dict[str, float | None], flag: bool) -> tuple[Text, str | None]:
        from game.core.models import Split

        split = Split(**{k: at_k(float(v or 0.0)) for k, v in values.items()})

        def change(d: Orders) -> None:
            d.split = split

        reasons, _ = self.trial(change)
        left = from_k(
            to_k(self.session.legal.budget.discretionary)
            - total_k((split.gpus, split.offers, split.open))
        )
        out = Text("Left unallocated: ")
        out.append(money(left), style="bold red" if to_k(left) < 0 else "bold green")
        blocking = [r for r in reasons if r.code == "split_over_budget"]
        for r in reasons:
            if blocking and r is blocking[0]:
                continue  # (the form shows it)
            out.append(
                f"\n{'✗' if r in blocking else '⚠'} {printable(r)}",
                style="red" if r in blocking else "yellow",
            )
        return out, str(blocking[0]) if blocking else None

    def result(self, values: dict[str, float | None], flag: bool) -> dict[str, float]:
        return {k: at_k(float(v or 0.0)) for k, v in values.items()}


class ComputeDialog(FormDialog):
    title_text = "Compute: buy and rent"
    submit_label = "Order"

    def fields(self) -> list[tuple[str, str, str]]:
        d = self.session.draft
        return [
            ("buy", "Buy (k H100)", str(d.buy)),
            ("rent", "Rent (k H100, this quarter)", str(d.rent)),
        ]

    def intro(self) -> Text:
        lg = self.session.legal
        lab = self.session.state.player_lab
        return Text(
            f"1 unit = 1,000 H100s: buy {money(lg.gpu_price)} (up to {lg.max_buy}), rent "
            f"{money(lg.rent_price)} a quarter (up to {lg.max_rent}).\nYou own "
            f"{lab.compute_owned:,.0f}k, {lab.compute_on_order:,.0f}k on order. GPU budget "
            f"{money(self.session.draft.split.gpus)}."
        )

    def evaluate(self, values: dict[str, float | None], flag: bool) -> tuple[Text, str | None]:
        buy, rent = int(values["buy"] or 0), int(values["rent"] or 0)

        def change(d: Orders) -> None:
            d.buy, d.rent = buy, rent

        reasons, after = self.trial(change)
        left = self.session.draft.split.gpus - after.gpus
        out = Text(f"Costs {money(after.gpus)}; GPU budget left ")
        out.append(money(left), style="bold red" if to_k(left) < 0 else "bold green")
        if 0 < buy <= self.session.legal.max_buy:  # when they arrive (advice.gpu_arrival)
            g = gpu_arrival(self.session.state, buy)
            out.append(
                f"\nThey arrive as {self.session.quarter_label(g.quarter)} resolves, before its "
                f"research: you will own {g.owned_after:,.0f}k."
            )
        stops = any(r.code not in BUDGET_CODES for r in reasons)
        if to_k(left) < 0 and to_k(self.session.unallocated()) >= -to_k(left):
            reasons = [r for r in reasons if r.code != "gpus_over_budget"]
            if not stops:  # (nothing grows for an order that can't be made)
                out.append(
                    f"\nThe GPU budget will grow by {money(-left)} from what is left.",
                    style="yellow",
                )
        return out, reasons_text(out, reasons, ignore=BUDGET_CODES)

    def result(self, values: dict[str, float | None], flag: bool) -> tuple[int, int]:
        return int(values["buy"] or 0), int(values["rent"] or 0)


class ApproachPicker(ModalScreen[str | None]):
    """Pick one of the open approaches to your people, to counter it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]  # noqa: RUF012

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        with Vertical(classes="dialog"):
            yield Label("Rival approaches to your people", classes="dialog-title")
            options = []
            for a in s.approaches_to_me():
                r = s.state.researchers[a.researcher]
                mark = " (countered)" if s.counter_for(a.id) else ""
                options.append(
                    Option(
                        plain(
                            f"{r.name} ({r.tier}) ← {s.lab_name(a.lab)}: "
                            f"{money(a.terms.salary)}/q + {money(a.terms.bonus)}{mark}"
                        ),
                        id=a.id,
                    )
                )
            yield OptionList(*options, id="approach-list")
            yield Static("Enter: counter · Esc: close", classes="dim")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = [
    "ApproachPicker",
    "ComputeDialog",
    "ConfirmDialog",
    "EndQuarterDialog",
    "GrantDialog",
    "OfferDialog",
    "RaiseDialog",
    "SplitDialog",
    "signed_money",
]
