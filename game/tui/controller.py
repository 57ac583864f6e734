"""The order-editing controller: the draft orders of the quarter, changed on request.

Screens post `OrderRequest`s (game/tui/messages.py); the app hands them to `handle`, which
opens the dialog asked for or changes the session's draft (the core validates), then pushes the
new state down (`TalentWarApp.refresh_view`). Ending the quarter resolves the draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.core.numbers import to_k
from game.tui import messages as msg

if TYPE_CHECKING:
    from game.core.models import QuarterReport
    from game.tui.app import TalentWarApp
    from game.tui.session import Session


class OrderController:
    """Edits the draft orders of the app's session through dialogs and the core."""

    def __init__(self, app: TalentWarApp) -> None:
        self.app = app

    def handle(self, request: msg.OrderRequest) -> None:
        """Do what a screen asked for."""
        match request:
            case msg.OfferRequested(rid=rid):
                self.open_offer(rid)
            case msg.CounterRequested(approach_id=aid):
                self.open_counter(aid)
            case msg.CounterPickRequested():
                self.pick_counter()
            case msg.RaiseRequested(rid=rid):
                self.open_raise(rid)
            case msg.GrantRequested(rid=rid):
                self.open_grant(rid)
            case msg.OutreachToggled(rid=rid):
                self.toggle_outreach(rid)
            case msg.WithdrawRequested(rid=rid):
                self.withdraw(rid)
            case msg.SplitRequested():
                self.open_split()
            case msg.SplitAdjusted(lever=lever, amount=amount):
                self.adjust_split(lever, amount)
            case msg.SplitFitRequested():
                self.fit_split()
            case msg.ComputeRequested():
                self.open_compute()
            case msg.ReleaseChosen(choice=choice):
                self.set_release(choice)
            case _:
                raise TypeError(f"no handler for {type(request).__name__}")

    def draft_changed(self, message: str | None = None) -> None:
        """The draft changed: it is unsaved progress; say what changed, redraw."""
        self.app.unsaved = True
        if message:
            self.app.notify(message, timeout=3)
        self.app.refresh_view()

    def _playing(self) -> Session | None:
        s = self.app.session
        if s is None:
            return None
        if s.over:
            self.app.notify("The game is over: no more orders.", severity="warning")
            return None
        return s

    def _covered(self, lever: str) -> str:
        s = self.app.session
        assert s is not None
        before = getattr(s.draft.split, lever)
        if s.cover(lever):
            after = getattr(s.draft.split, lever)
            if to_k(after) > to_k(before):
                from game.tui.fmt import money

                name = {"gpus": "GPU", "offers": "offers"}[lever]
                return f" The {name} budget grew to {money(after)}."
            return ""
        return " It does not fit the budget yet: change the split before ending the quarter."

    def open_offer(self, rid: str) -> None:
        from game.tui.screens.offers import OfferDialog

        s = self._playing()
        if s is None:
            return
        r = s.state.researchers.get(rid)
        if r is None or rid not in s.legal.offerable:
            self.app.notify("You cannot make this researcher an offer.", severity="warning")
            return

        def done(terms: Any) -> None:
            if terms is None:
                return
            s.put_offer(rid, terms)
            self.draft_changed(f"Offer to {r.name} drafted.{self._covered('offers')}")

        self.app.push_screen(OfferDialog(s, rid), done)

    def open_counter(self, approach_id: str) -> None:
        from game.tui.screens.offers import OfferDialog

        s = self._playing()
        if s is None:
            return
        a = next((x for x in s.approaches_to_me() if x.id == approach_id), None)
        if a is None:
            self.app.notify("That approach is no longer open.", severity="warning")
            return
        r = s.state.researchers[a.researcher]

        def done(terms: Any) -> None:
            if terms is None:
                return
            s.put_counter(a.id, terms)
            self.draft_changed(f"Counter-offer to keep {r.name} drafted.{self._covered('offers')}")

        self.app.push_screen(OfferDialog(s, a.researcher, approach=a), done)

    def pick_counter(self) -> None:
        from game.tui.screens.offers import ApproachPicker

        s = self._playing()
        if s is None:
            return
        if not s.approaches_to_me():
            self.app.notify("No rival is approaching your people right now.")
            return

        def done(aid: str | None) -> None:
            if aid:
                self.open_counter(aid)

        self.app.push_screen(ApproachPicker(s), done)

    def open_raise(self, rid: str) -> None:
        from game.tui.screens.offers import RaiseDialog

        s = self._playing()
        if s is None or rid not in s.legal.own:
            return
        r = s.state.researchers[rid]

        def done(salary: float | None) -> None:
            if salary is None:
                return
            s.put_raise(rid, salary)
            self.draft_changed(f"Raise for {r.name} drafted.{self._covered('offers')}")

        self.app.push_screen(RaiseDialog(s, rid), done)

    def open_grant(self, rid: str) -> None:
        from game.tui.screens.offers import GrantDialog

        s = self._playing()
        if s is None or rid not in s.legal.own:
            return
        r = s.state.researchers[rid]

        def done(equity: float | None) -> None:
            if equity is None:
                return
            s.put_grant(rid, equity)
            self.draft_changed(f"Retention grant for {r.name} drafted.")

        self.app.push_screen(GrantDialog(s, rid), done)

    def toggle_outreach(self, rid: str) -> None:
        s = self._playing()
        if s is None or rid not in s.legal.own:
            return
        r = s.state.researchers[rid]
        on = s.toggle_outreach(rid)
        if on and s.outreach_left() < 0:
            s.toggle_outreach(rid)
            self.app.notify(
                f"No personal outreach points left this quarter ({s.legal.outreach_points}).",
                severity="warning",
            )
            return
        self.draft_changed(
            f"You will talk to {r.name} personally." if on else f"No personal talk with {r.name}."
        )

    def withdraw(self, rid: str) -> None:
        s = self._playing()
        if s is None:
            return
        r = s.state.researchers.get(rid)
        if r is not None and s.drop_all_for(rid):
            self.draft_changed(f"Orders for {r.name} withdrawn.")

    def open_split(self) -> None:
        from game.tui.screens.budget import SplitDialog

        s = self._playing()
        if s is None:
            return

        def done(values: dict[str, float] | None) -> None:
            if values is None:
                return
            s.set_split(**values)
            self.draft_changed("Budget split set.")

        self.app.push_screen(SplitDialog(s), done)

    def adjust_split(self, lever: str, amount: float) -> None:
        s = self._playing()
        if s is None:
            return
        s.adjust_split(lever, amount)
        self.draft_changed()

    def fit_split(self) -> None:
        from game.tui.fmt import money

        s = self._playing()
        if s is None:
            return
        fit = s.fit_split()
        if fit.short > 0:
            self.app.notify(
                f"Your orders cost {money(fit.short)} more than the whole budget: buy fewer "
                "GPUs or drop an offer. The split now funds what it can.",
                severity="warning",
                timeout=6,
            )
            self.draft_changed()
            return
        cut = f" Open-sourcing gave up {money(fit.open_cut)} to make room." if fit.open_cut else ""
        self.draft_changed(f"GPUs and offers budgets now match your orders.{cut}")

    def open_compute(self) -> None:
        from game.tui.screens.budget import ComputeDialog

        s = self._playing()
        if s is None:
            return

        def done(values: tuple[int, int] | None) -> None:
            if values is None:
                return
            s.set_compute(buy=values[0], rent=values[1])
            self.draft_changed(
                f"Compute: buy {values[0]}k, rent {values[1]}k H100.{self._covered('gpus')}"
            )

        self.app.push_screen(ComputeDialog(s), done)

    def set_release(self, choice: str) -> None:
        s = self._playing()
        if s is None:
            return
        if choice not in s.legal.releases:
            self.app.notify("There is no newer model to release that way.", severity="warning")
            self.app.refresh_view()
            return
        s.set_release(choice)
        words = {
            "keep": "Your weights stay closed.",
            "current": "You will open-source your current model this quarter.",
            "previous": "You will open-source your previous model this quarter.",
        }
        self.draft_changed(words[choice])

    def ask_end_quarter(self) -> None:
        """Ask before the quarter ends (the dialog sums up the orders), then end it."""
        from game.tui.screens.dialogs import EndQuarterDialog

        s = self.app.session
        if s is None:
            return
        if s.over:
            self.app.notify("The game is over. Press n for a new game.", severity="warning")
            return
        self.app.push_screen(EndQuarterDialog(s), self._end_quarter_answer)

    def _end_quarter_answer(self, yes: bool | None) -> None:
        if yes:
            self.end_quarter()

    def end_quarter(self) -> QuarterReport | None:
        """Resolve the quarter with the draft orders; show the report (or the reasons)."""
        from game.core.legal import OrderError

        s = self.app.session
        if s is None or s.over:
            return None
        quarter = s.label
        try:
            report = s.end_quarter()
        except OrderError as e:
            self.app.notify(
                "\n".join(f"• {r}" for r in e.reasons),
                title="The quarter cannot end with these orders",
                severity="error",
                timeout=8,
            )
            return None
        self.app.unsaved = True
        self.app.autosaves.due(s.state, s.content, s.session_block())
        # The report covers the screens: they redraw when it closes, not behind it. It says
        # all the toasts would, so they wait until it closes (at 80x24 they would cover it).
        self.app.nav.show_report(report, lambda _: self._after_report(quarter, report))
        self.app.refresh_view()
        return report

    def _after_report(self, quarter: str, report: QuarterReport) -> None:
        self.app.nav.after_report()
        self._toast_report(quarter, report)

    def _toast_report(self, quarter: str, report: QuarterReport) -> None:
        """What the quarter brought, for the screen the player goes back to (not at the end)."""
        s = self.app.session
        if s is None or s.over:
            return
        joined = [m.name for m in report.moves if m.kind == "joined"]
        left = [m.name for m in report.moves if m.kind == "left"]
        parts = []
        if joined:
            parts.append(f"{len(joined)} joined")
        if left:
            parts.append(f"{len(left)} left")
        delta = report.cash_after - report.cash_before
        from game.tui.fmt import money, signed_money

        parts.append(f"cash {money(report.cash_after)} ({signed_money(delta)})")
        self.app.notify(", ".join(parts), title=f"{quarter} resolved", timeout=4)
        for aid in report.new_approaches:
            a = next((x for x in s.state.approaches if x.id == aid), None)
            if a is None:
                continue
            r = s.state.researchers[a.researcher]
            self.app.notify(
                f"{s.lab_name(a.lab)} made {r.name} an offer. Counter it before the quarter ends.",
                title="Approach",
                severity="warning",
                timeout=6,
            )
