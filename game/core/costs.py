"""What things cost: payrolls, fixed costs, the player's budget and what a set of orders
commits from each lever."""

from __future__ import annotations

from game.core.config import Content, EconomyNumbers
from game.core.models import GameState, Lab, Model, Orders
from game.core.numbers import add_up, count


class Budget(Model):
    cash: float
    fixed_costs: float  # payroll, staff and power this quarter
    discretionary: float  # what the split may use


class Costs(Model):
    """What a set of orders commits from each lever ($M)."""

    gpus: float = 0.0
    offers: float = 0.0
    open: float = 0.0

    @property
    def total(self) -> float:
        return self.gpus + self.offers + self.open


def payrolls(state: GameState) -> dict[str, float]:
    """Every lab's payroll, grouping the researchers in one pass. Each lab's salaries are then
    added up (`add_up`) in the same order as in `fixed_costs`, so the figures are identical."""
    salaries: dict[str, list[float]] = {lab: [] for lab in state.labs}
    for r in state.researchers.values():
        if r.lab is not None:
            salaries[r.lab].append(r.salary)
    return {lab: add_up(pay) for lab, pay in salaries.items()}


def fixed_costs(
    state: GameState, lab: Lab, content: Content, payroll: float | None = None
) -> float:
    """Payroll, staff and power. Pass `payroll` (from `payrolls`) when costing every lab."""
    econ = content.balance.economy
    if payroll is None:
        payroll = add_up(r.salary for r in state.researchers.values() if r.lab == lab.id)
    return payroll + lab.headcount * econ.staff_cost + lab.compute_owned * econ.power_cost


def budget(state: GameState, content: Content, lab_id: str | None = None) -> Budget:
    lab = state.labs[lab_id or state.player]
    fixed = fixed_costs(state, lab, content)
    return Budget(cash=lab.cash, fixed_costs=fixed, discretionary=max(0.0, lab.cash - fixed))


def costs(state: GameState, orders: Orders) -> Costs:
    """Money each lever commits. Offers count the bonus and the first quarter's salary."""
    offers = add_up(o.terms.bonus + o.terms.salary for o in orders.offers)
    for c in orders.counters:
        approach = next((a for a in state.approaches if a.id == c.approach), None)
        current = state.researchers[approach.researcher].salary if approach else 0.0
        offers += c.terms.bonus + max(0.0, c.terms.salary - current)
    for raise_ in orders.raises:
        r = state.researchers.get(raise_.researcher)
        offers += max(0.0, raise_.salary - (r.salary if r else 0.0))
    return Costs(
        gpus=orders.buy * state.gpu_price + orders.rent * state.rent_price,
        offers=offers,
        open=orders.split.open,
    )


def outreach_used(orders: Orders) -> int:
    return (
        len(orders.outreach)
        + count(1 for o in orders.offers if o.terms.outreach)
        + count(1 for c in orders.counters if c.terms.outreach)
    )


# -- funding rounds (the markets phase) --------------------------------------------------------
def valuation_target(
    revenue: float, capability: float, ecosystem: float, cash: float, econ: EconomyNumbers
) -> float:
    """What investors think a lab is worth after a quarter: its yearly revenue at a multiple,
    its model above `valuation_capability_base`, its developers and its cash."""
    return (
        econ.valuation_revenue_multiple * 4 * revenue
        + econ.valuation_capability_value * max(0.0, capability - econ.valuation_capability_base)
        + econ.valuation_ecosystem_value * ecosystem
        + max(0.0, cash)
    )


def next_valuation(valuation: float, target: float, econ: EconomyNumbers) -> float:
    """A quarter's valuation: part of the way from the last one to the target."""
    sm = econ.valuation_smoothing
    return max(1.0, sm * valuation + (1 - sm) * target)


def round_size(valuation: float, econ: EconomyNumbers) -> float:
    """What a funding round brings: a share of the lab's valuation."""
    return valuation * econ.funding_round_share


def round_wanted(cash: float, burn: float, valuation: float, econ: EconomyNumbers) -> bool:
    """Investors fund a lab short of runway (under `funding_round_quarters` of `burn`), or one
    whose cash is below what a round would bring."""
    short = burn > 0 and cash / burn < econ.funding_round_quarters
    return short or cash < round_size(valuation, econ)


def next_round(last: int, econ: EconomyNumbers) -> int:
    """The first quarter a lab whose last round came in quarter `last` may raise again."""
    return last + econ.funding_round_cooldown
