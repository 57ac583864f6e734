"""What the player may do, and checking orders.

`legal()` is the one source of truth for what the player may do; the screens, the bots and the
tests all use it. `validate()` refuses an order that breaks a rule, with a reason per problem.
"""

from __future__ import annotations

from pydantic import Field

from game.core.config import Content
from game.core.costs import Budget, budget, costs, outreach_used
from game.core.models import (
    GameState,
    Lab,
    Model,
    Orders,
    ReleaseChoice,
    Tier,
)


class OrderError(ValueError):
    """Orders the core refuses; nothing changes."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class Legal(Model):
    quarter: int
    budget: Budget
    gpu_price: float
    rent_price: float
    max_buy: int
    max_rent: int
    outreach_points: int
    offerable: list[str] = Field(default_factory=list)  # other labs' researchers, free agents
    own: list[str] = Field(default_factory=list)
    approaches: list[str] = Field(default_factory=list)
    releases: list[ReleaseChoice] = Field(default_factory=list)
    equity_pool: float
    max_equity_offer: float
    min_salary: dict[Tier, float] = Field(default_factory=dict)


def releases(lab: Lab) -> list[ReleaseChoice]:
    choices: list[ReleaseChoice] = ["keep"]
    if lab.capability > lab.open_release + 1e-9:
        choices.append("current")
    if lab.previous_model > lab.open_release + 1e-9:
        choices.append("previous")
    return choices


def legal(state: GameState, content: Content) -> Legal:
    bal = content.balance
    lab = state.player_lab
    own, offerable = [], []
    for rid, r in sorted(state.researchers.items()):
        if r.lab == state.player:
            own.append(rid)
        elif r.lab is None or not state.labs[r.lab].bankrupt:
            offerable.append(rid)
    own_set = set(own)
    return Legal(
        quarter=state.quarter,
        budget=budget(state, content),
        gpu_price=state.gpu_price,
        rent_price=state.rent_price,
        max_buy=bal.economy.max_buy_per_quarter,
        max_rent=bal.economy.max_rent_per_quarter,
        outreach_points=bal.difficulty[state.difficulty].outreach_points,
        offerable=offerable,
        own=own,
        approaches=[a.id for a in state.approaches if a.researcher in own_set],
        releases=releases(lab),
        equity_pool=lab.equity_pool,
        max_equity_offer=bal.talent.max_equity_offer,
        min_salary={tier: n.min_salary for tier, n in bal.tiers.items()},
    )


def validate(state: GameState, orders: Orders, content: Content) -> list[str]:
    """Every reason these orders cannot be carried out; empty when they are legal."""
    if state.outcome is not None:
        return ["the game is over"]
    lg = legal(state, content)
    own, offerable = set(lg.own), set(lg.offerable)
    reasons: list[str] = []
    bal = content.balance

    def name(rid: str) -> str:
        r = state.researchers.get(rid)
        return r.name if r else rid

    split = orders.split
    if split.total > lg.budget.discretionary + 1e-6:
        reasons.append(
            f"the split adds up to ${split.total:,.0f}M but only "
            f"${lg.budget.discretionary:,.0f}M is available after fixed costs"
        )
    if orders.buy > lg.max_buy:
        reasons.append(f"at most {lg.max_buy} compute units can be bought a quarter")
    if orders.rent > lg.max_rent:
        reasons.append(f"at most {lg.max_rent} compute units can be rented a quarter")
    spent = costs(state, orders)
    if spent.gpus > split.gpus + 1e-6:
        reasons.append(f"GPUs cost ${spent.gpus:,.0f}M but the GPU budget is ${split.gpus:,.0f}M")
    if spent.offers > split.offers + 1e-6:
        reasons.append(
            f"offers commit ${spent.offers:,.0f}M but the offers budget is ${split.offers:,.0f}M"
        )

    seen: set[str] = set()
    equity = 0.0
    for o in orders.offers:
        rid = o.researcher
        if rid not in state.researchers:
            reasons.append(f"no researcher with id {rid!r}")
            continue
        if rid in own:
            reasons.append(f"{name(rid)} already works for you: use a raise or a retention grant")
        elif rid not in offerable:
            reasons.append(f"{name(rid)} cannot be offered a job")
        if rid in seen:
            reasons.append(f"two offers to {name(rid)}")
        seen.add(rid)
        r = state.researchers[rid]
        if o.terms.salary < bal.tiers[r.tier].min_salary:
            reasons.append(
                f"a {r.tier} will not consider less than "
                f"${bal.tiers[r.tier].min_salary:g}M a quarter"
            )
        if o.terms.equity > lg.max_equity_offer:
            reasons.append(f"an equity grant is capped at {lg.max_equity_offer:.1%} of the lab")
        equity += o.terms.equity

    countered: set[str] = set()
    for c in orders.counters:
        approach = next((a for a in state.approaches if a.id == c.approach), None)
        if approach is None or approach.researcher not in own:
            reasons.append(f"no open approach {c.approach!r} to one of your researchers")
            continue
        if c.approach in countered:
            reasons.append(f"two counter-offers to approach {c.approach}")
        countered.add(c.approach)
        r = state.researchers[approach.researcher]
        if c.terms.salary < r.salary:
            reasons.append(f"a counter-offer cannot cut {r.name}'s salary")
        if c.terms.equity > lg.max_equity_offer:
            reasons.append(f"an equity grant is capped at {lg.max_equity_offer:.1%} of the lab")
        equity += c.terms.equity

    raised: set[str] = set()
    for raise_ in orders.raises:
        rid = raise_.researcher
        if rid not in own:
            reasons.append(f"{name(rid)} is not on your staff")
            continue
        if rid in raised:
            reasons.append(f"two raises for {name(rid)}")
        raised.add(rid)
        if raise_.salary <= state.researchers[rid].salary:
            reasons.append(f"a raise for {name(rid)} must be above the current salary")

    for g in orders.grants:
        if g.researcher not in own:
            reasons.append(f"{name(g.researcher)} is not on your staff")
        if g.equity > lg.max_equity_offer:
            reasons.append(f"an equity grant is capped at {lg.max_equity_offer:.1%} of the lab")
        equity += g.equity
    if equity > lg.equity_pool + 1e-12:
        reasons.append(
            f"these grants use {equity:.2%} of the lab; the equity pool has {lg.equity_pool:.2%}"
        )

    for rid in orders.outreach:
        if rid not in own:
            reasons.append(f"personal outreach is for your own staff ({name(rid)} is not)")
    if len(set(orders.outreach)) != len(orders.outreach):
        reasons.append("personal outreach to the same person twice")
    used = outreach_used(orders)
    if used > lg.outreach_points:
        reasons.append(f"{used} personal outreach points used; you have {lg.outreach_points}")

    if orders.release not in lg.releases:
        reasons.append(
            "there is no previous model newer than your open release"
            if orders.release == "previous"
            else "your current model is already open"
        )
    return reasons
