"""Compute and costs: GPUs on order arrive, rentals run, payroll, staff, power and ecosystem
spend are paid, outside funding comes in."""

from __future__ import annotations

from game.core.costs import payrolls
from game.core.models import GameState
from game.core.quarter import Quarter, live_labs


def compute_and_costs(state: GameState, ctx: Quarter) -> None:
    s = state
    econ = ctx.bal.economy
    pay = payrolls(s)
    for lab in live_labs(state):
        money = ctx.report.money if lab.player else None
        if money is not None:
            flow = ctx.report.compute
            flow.before = lab.compute_owned + lab.compute_rented
            flow.delivered = lab.compute_on_order
            flow.expired = lab.compute_rented
            flow.rented = ctx.rented.get(lab.id, 0.0)
        if lab.compute_on_order:
            if money is not None:
                ctx.report.deliveries = lab.compute_on_order
            lab.compute_owned += lab.compute_on_order
            lab.compute_on_order = 0.0
        lab.compute_rented = ctx.rented.get(lab.id, 0.0)
        rent = lab.compute_rented * s.rent_price
        payroll = pay[lab.id]
        staff = lab.headcount * econ.staff_cost
        power = lab.compute_owned * econ.power_cost
        eco = ctx.eco_spend.get(lab.id, 0.0)
        lab.cash -= rent + payroll + staff + power + eco
        lab.cash += lab.outside_funding
        if money is not None:
            money.rent += rent
            money.payroll += payroll
            money.staff += staff
            money.power += power
            money.ecosystem += eco
            money.outside += lab.outside_funding
