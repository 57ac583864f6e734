"""Revenue, ecosystem, valuation and funding: the API market shares out demand by moat, open
models draw developers, valuations follow, and labs short of runway raise money."""

from __future__ import annotations

from game.core.costs import (
    fixed_costs,
    next_round,
    next_valuation,
    payrolls,
    round_size,
    round_wanted,
    valuation_target,
)
from game.core.models import GameState
from game.core.numbers import add_up, money
from game.core.openweights import api_weight, ecosystem_after
from game.core.quarter import Quarter, live_labs


def markets(state: GameState, ctx: Quarter) -> None:
    s = state
    econ = ctx.bal.economy
    op = ctx.bal.open
    live = live_labs(state)
    frontier = s.open_frontier
    # a lab that opened its current model this quarter serves it at open-model prices
    weights = {
        lab.id: api_weight(lab, frontier, econ, op, lab.id in ctx.opened_current) for lab in live
    }
    total = add_up(weights.values()) + econ.moat_reference
    for lab in live:
        lab.revenue = s.demand * weights[lab.id] / total
        lab.cash += lab.revenue
        if lab.player:
            ctx.report.money.revenue += lab.revenue
        spend = ctx.eco_spend.get(lab.id, 0.0)
        lab.ecosystem = ecosystem_after(lab.ecosystem, lab.open_release, frontier, spend, op)
        target = valuation_target(lab.revenue, lab.capability, lab.ecosystem, lab.cash, econ)
        lab.valuation = next_valuation(lab.valuation, target, econ)
    s.demand *= 1 + econ.demand_growth
    s.gpu_price *= 1 + econ.gpu_price_drift
    s.rent_price *= 1 + econ.rent_price_drift
    funding(state, ctx)


def funding(state: GameState, ctx: Quarter) -> None:
    """Rounds when runway runs short; an emergency round when cash is below zero.

    Investors judge runway by the larger of two burns: the fixed costs net of income, and
    everything the lab spent this quarter (payroll, GPUs, offers, ecosystem). A lab whose
    cash is below what one round would bring raises too: investors fund growth.
    """
    s = state
    econ = ctx.bal.economy
    pay = payrolls(s)  # a bankruptcy below only frees its own lab's staff
    for lab in live_labs(state):
        income = lab.revenue + lab.outside_funding
        spent = ctx.cash_start.get(lab.id, lab.cash) - lab.cash + income
        burn = max(fixed_costs(s, lab, ctx.content, pay[lab.id]) - income, spent)
        key = f"round:{lab.id}"
        if lab.cash < 0:
            if lab.emergency_rounds >= 1:
                lab.bankrupt = True
                ctx.news("bankrupt", "funding", lab.id, lab=lab.name)
                for r in s.researchers.values():
                    if r.lab == lab.id:
                        r.lab = None
                        r.grants = []
                        r.concern = {}
                continue
            lab.valuation *= econ.emergency_discount
            amount = max(-lab.cash * econ.emergency_cover, lab.valuation * econ.emergency_share)
            lab.cash += amount
            lab.emergency_rounds += 1
            s.event_last[key] = ctx.q
            if lab.player:
                ctx.report.money.funding += amount
            ctx.news("emergency", "funding", lab.id, lab=lab.name, amount=money(amount))
        elif round_wanted(lab.cash, burn, lab.valuation, econ):
            if ctx.q < next_round(s.event_last.get(key, -99), econ):
                continue
            amount = round_size(lab.valuation, econ)
            lab.cash += amount
            s.event_last[key] = ctx.q
            if lab.player:
                ctx.report.money.funding += amount
            ctx.news("round", "funding", lab.id, lab=lab.name, amount=money(amount))
