"""What the player may do, and checking orders.

`legal()` is the one source of truth for what the player may do; the screens, the bots and the
tests all use it. `validate()` refuses an order that breaks a rule with one `Refusal` per
problem: a stable `code` to decide by, the `lever` it concerns, and the `text` for a player.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
from game.core.numbers import exceeds, money_pair, to_k, total_k

Lever = Literal["game", "split", "gpus", "offers", "outreach", "open"]

# refusals the budget split can still fix before the quarter ends: a lever's budget is short
BUDGET_CODES = ("split_over_budget", "gpus_over_budget", "offers_over_budget")


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why the core refuses an order: `code` is stable (decide by it), `text` is for a player."""

    code: str
    lever: Lever
    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def budget(self) -> bool:
        """Whether a bigger budget for the lever would lift this refusal."""
        return self.code in BUDGET_CODES


class OrderError(ValueError):
    """Orders the core refuses; nothing changes. `refusals` says why, `reasons` in words."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("; ".join(r.text for r in refusals))
        self.refusals = refusals
        self.reasons = [r.text for r in refusals]


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


def validate(state: GameState, orders: Orders, content: Content) -> list[Refusal]:
    """Every reason these orders cannot be carried out; empty when they are legal."""
    if state.outcome is not None:
        return [Refusal("game_over", "game", "the game is over")]
    lg = legal(state, content)
    own, offerable = set(lg.own), set(lg.offerable)
    reasons: list[Refusal] = []

    def refuse(code: str, lever: Lever, text: str) -> None:
        reasons.append(Refusal(code, lever, text))

    bal = content.balance

    def name(rid: str) -> str:
        r = state.researchers.get(rid)
        return r.name if r else rid

    split = orders.split
    room = lg.budget.discretionary
    if total_k((split.gpus, split.offers, split.open)) > to_k(room):
        total, available = money_pair(split.total, room)
        refuse(
            "split_over_budget",
            "split",
            f"the split adds up to {total} but only {available} is available after fixed costs",
        )
    if orders.buy > lg.max_buy:
        refuse(
            "buy_over_limit", "gpus", f"at most {lg.max_buy} compute units can be bought a quarter"
        )
    if orders.rent > lg.max_rent:
        refuse(
            "rent_over_limit",
            "gpus",
            f"at most {lg.max_rent} compute units can be rented a quarter",
        )
    spent = costs(state, orders)
    if exceeds(spent.gpus, split.gpus):
        cost, have = money_pair(spent.gpus, split.gpus)
        refuse("gpus_over_budget", "gpus", f"GPUs cost {cost} but the GPU budget is {have}")
    if exceeds(spent.offers, split.offers):
        cost, have = money_pair(spent.offers, split.offers)
        refuse(
            "offers_over_budget",
            "offers",
            f"offers commit {cost} but the offers budget is {have}",
        )

    def capped_equity(share: float) -> float:
        """`share`, refused when it is over the cap of one grant."""
        if share > lg.max_equity_offer:
            refuse(
                "equity_over_cap",
                "offers",
                f"an equity grant is capped at {lg.max_equity_offer:.1%} of the lab",
            )
        return share

    seen: set[str] = set()
    equity = 0.0
    for o in orders.offers:
        rid = o.researcher
        if rid not in state.researchers:
            refuse("unknown_researcher", "offers", f"no researcher with id {rid!r}")
            continue
        if rid in own:
            refuse(
                "offer_to_own_staff",
                "offers",
                f"{name(rid)} already works for you: use a raise or a retention grant",
            )
        elif rid not in offerable:
            refuse("not_offerable", "offers", f"{name(rid)} cannot be offered a job")
        if rid in seen:
            refuse("duplicate_offer", "offers", f"two offers to {name(rid)}")
        seen.add(rid)
        r = state.researchers[rid]
        if o.terms.salary < bal.tiers[r.tier].min_salary:
            refuse(
                "salary_below_minimum",
                "offers",
                f"a {r.tier} will not consider less than "
                f"${bal.tiers[r.tier].min_salary:g}M a quarter",
            )
        equity += capped_equity(o.terms.equity)

    countered: set[str] = set()
    for c in orders.counters:
        approach = next((a for a in state.approaches if a.id == c.approach), None)
        if approach is None or approach.researcher not in own:
            refuse(
                "unknown_approach",
                "offers",
                f"no open approach {c.approach!r} to one of your researchers",
            )
            continue
        if c.approach in countered:
            refuse("duplicate_counter", "offers", f"two counter-offers to approach {c.approach}")
        countered.add(c.approach)
        r = state.researchers[approach.researcher]
        if c.terms.salary < r.salary:
            refuse("counter_cuts_salary", "offers", f"a counter-offer cannot cut {r.name}'s salary")
        equity += capped_equity(c.terms.equity)

    raised: set[str] = set()
    for raise_ in orders.raises:
        rid = raise_.researcher
        if rid not in own:
            refuse("not_own_staff", "offers", f"{name(rid)} is not on your staff")
            continue
        if rid in raised:
            refuse("duplicate_raise", "offers", f"two raises for {name(rid)}")
        raised.add(rid)
        if raise_.salary <= state.researchers[rid].salary:
            refuse(
                "raise_not_above_salary",
                "offers",
                f"a raise for {name(rid)} must be above the current salary",
            )

    for g in orders.grants:
        if g.researcher not in own:
            refuse("not_own_staff", "offers", f"{name(g.researcher)} is not on your staff")
        equity += capped_equity(g.equity)
    if equity > lg.equity_pool + 1e-12:
        refuse(
            "equity_over_pool",
            "offers",
            f"these grants use {equity:.2%} of the lab; the equity pool has {lg.equity_pool:.2%}",
        )

    for rid in orders.outreach:
        if rid not in own:
            refuse(
                "outreach_not_own_staff",
                "outreach",
                f"personal outreach is for your own staff ({name(rid)} is not)",
            )
    if len(set(orders.outreach)) != len(orders.outreach):
        refuse("duplicate_outreach", "outreach", "personal outreach to the same person twice")
    used = outreach_used(orders)
    if used > lg.outreach_points:
        refuse(
            "outreach_over_points",
            "outreach",
            f"{used} personal outreach points used; you have {lg.outreach_points}",
        )

    if orders.release not in lg.releases:
        refuse(
            "release_unavailable",
            "open",
            "there is no previous model newer than your open release"
            if orders.release == "previous"
            else "your current model is already open",
        )
    return reasons
