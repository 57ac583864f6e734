"""The player's orders: money leaves for GPUs and raises now; offers wait for the researchers'
decisions (the talent phase)."""

from __future__ import annotations

from game.core.market import Bid
from game.core.models import EquityGrant, GameState
from game.core.openweights import release
from game.core.quarter import Quarter


def player_orders(state: GameState, ctx: Quarter) -> None:
    s, o = state, ctx.orders
    lab = s.player_lab
    t = ctx.bal.talent
    if o.buy:
        cost = o.buy * s.gpu_price
        lab.cash -= cost
        lab.compute_on_order += o.buy
        ctx.report.money.gpus += cost
    ctx.rented[lab.id] = float(o.rent)
    for raise_ in o.raises:
        r = s.researchers[raise_.researcher]
        r.salary = raise_.salary
        r.morale = min(1.0, r.morale + t.raise_morale)
    for g in o.grants:
        r = s.researchers[g.researcher]
        r.grants.append(EquityGrant(share=g.equity, quarters_left=int(t.vest_quarters)))
        lab.equity_pool -= g.equity
        r.morale = min(1.0, r.morale + t.grant_morale)
        r.loyalty = min(1.0, r.loyalty + t.grant_loyalty)
    for rid in o.outreach:
        r = s.researchers[rid]
        r.morale = min(1.0, r.morale + t.morale_outreach)
        r.loyalty = min(1.0, r.loyalty + t.loyalty_outreach)
        r.insight += t.insight_per_outreach
    for offer in o.offers:
        ctx.bids[offer.researcher].append(Bid(lab.id, offer.terms, "offer"))
    for c in o.counters:
        approach = next(a for a in s.approaches if a.id == c.approach)
        ctx.counters[approach.researcher] = c.terms
    if o.release != "keep":
        release(s, ctx, lab, o.release)
