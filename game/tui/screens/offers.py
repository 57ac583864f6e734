"""The forms about one researcher: an offer or a counter-offer, a raise, a retention grant;
and the list of rival approaches to pick one to counter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from game.core.advice import counter_terms, grant_share, raise_salary, vest_quarters
from game.core.legal import BUDGET_CODES
from game.core.numbers import to_k
from game.tui.fmt import band, money, pct, plain, risk_word
from game.tui.screens.forms import FormDialog, reasons_text
from game.tui.session import drop_order, put_order

if TYPE_CHECKING:
    from game.core.models import Approach, OfferTerms, Orders
    from game.tui.session import Session


class ResearcherForm(FormDialog):
    """A form about one researcher (`self.r`), titled `title_format` with their name in it."""

    title_format = "{name}"

    def __init__(self, session: Session, rid: str) -> None:
        super().__init__(session)
        self.rid = rid
        self.r = session.state.researchers[rid]
        self.title_text = self.title_format.format(name=self.r.name)


class OfferDialog(ResearcherForm):
    """An offer to another lab's researcher or a free agent, or a counter-offer to an approach."""

    submit_label = "Make offer"
    title_format = "Offer to {name}"

    def __init__(self, session: Session, rid: str, approach: Approach | None = None) -> None:
        super().__init__(session, rid)
        self.approach = approach
        if approach is not None:
            self.title_text = f"Counter-offer to keep {self.r.name}"
            self.submit_label = "Counter"

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
            put_order(draft, "counters", CounterOrder(approach=self.approach.id, terms=terms))
        else:
            put_order(draft, "offers", OfferOrder(researcher=self.rid, terms=terms))

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
            drop_order(draft, "counters", self.approach.id)
        else:
            drop_order(draft, "offers", self.rid)

    def result(self, values: dict[str, float | None], flag: bool) -> OfferTerms:
        return self.terms(values, flag)


class RaiseDialog(ResearcherForm):
    """A new salary for one of the player's researchers."""

    submit_label = "Raise"
    title_format = "Raise for {name}"

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

        order = RaiseOrder(researcher=self.rid, salary=salary)
        reasons, after = self.trial(lambda d: put_order(d, "raises", order))
        left = self.session.draft.split.offers - after.offers
        out = Text(
            f"Costs {money(max(0.0, salary - self.r.salary))} this quarter from the offers "
            f"budget (then every quarter in payroll); offers budget left "
        )
        out.append(money(left), style="bold red" if to_k(left) < 0 else "bold green")
        return out, reasons_text(out, reasons, ignore=BUDGET_CODES)

    def result(self, values: dict[str, float | None], flag: bool) -> float:
        return float(values["salary"] or 0.0)


class GrantDialog(ResearcherForm):
    """A retention grant of equity to one of the player's researchers."""

    submit_label = "Grant"
    title_format = "Retention grant for {name}"

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

        order = GrantOrder(researcher=self.rid, equity=equity)
        reasons, _ = self.trial(lambda d: put_order(d, "grants", order))
        lab = self.session.state.player_lab
        out = Text(f"Worth {money(equity * lab.valuation)} at today's valuation; costs no cash.")
        return out, reasons_text(out, reasons, ignore=BUDGET_CODES)

    def result(self, values: dict[str, float | None], flag: bool) -> float:
        return float(values["equity"] or 0.0) / 100


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
