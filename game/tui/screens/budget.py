"""The budget forms: the exact split of the quarter's budget, and compute to buy and rent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from game.core.advice import gpu_arrival
from game.core.legal import BUDGET_CODES
from game.core.numbers import at_k, from_k, to_k, total_k
from game.tui.fmt import money, printable
from game.tui.screens.forms import FormDialog, amount_text, reasons_text

if TYPE_CHECKING:
    from game.core.models import Orders


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
