"""Policies that play the player's side headless (sim, balance, benchmarks, tests).

A policy is a pure function of (state, content): it keeps no state of its own and draws its
randomness only from the game's seeded streams, so a game it plays can be saved, loaded and
continued with the same result.
"""

from __future__ import annotations

from collections.abc import Callable

from game.core.advice import (
    Estimator,
    counter_terms,
    ecosystem_shares,
    revenue_shares,
)
from game.core.config import Content
from game.core.costs import costs
from game.core.engine import advance
from game.core.legal import Legal, OrderError, legal, validate
from game.core.models import (
    TIER_RANK,
    CounterOrder,
    GameState,
    OfferOrder,
    OfferTerms,
    Orders,
    QuarterReport,
    ReleaseChoice,
    Researcher,
    Split,
)
from game.core.numbers import add_up, clamp, whole
from game.core.rng import stream

Policy = Callable[[GameState, Content], Orders]

RESERVE_QUARTERS = 3.0  # bots keep this many quarters of fixed costs in the bank
OFFER_LADDER = (1.2, 1.5, 2.0, 2.5, 3.0)  # pay multiples the adaptive bot tries, cheapest first
OPEN_NEWEST: tuple[ReleaseChoice, ...] = ("current", "previous")  # open the newest model there is
ADAPTIVE_KEEP = 0.35  # a share of the ecosystem or the API market worth staying on the road for
ADAPTIVE_FRONT = 3.0  # capability points behind the leader from which the moat can be held
ADAPTIVE_BEHIND = 8.0  # capability points behind the leader that the race can still close


def _spendable(lg: Legal, content: Content) -> float:
    """Money the bot may spend, finite (whatever the state holds) and at most the bounds."""
    spare = lg.budget.discretionary - RESERVE_QUARTERS * lg.budget.fixed_costs
    return clamp(spare, 0.0, content.balance.bounds.number)


def idle(state: GameState, content: Content) -> Orders:
    return Orders()


def _offer_pay(r: Researcher, content: Content, rich: float) -> tuple[float, float]:
    """A generous offer's (salary, bonus): a raise on current pay and a signing bonus."""
    bal = content.balance
    ref = bal.tiers[r.tier].reference_pay
    salary = max(bal.tiers[r.tier].min_salary, r.salary * (1.25 + 0.25 * rich), ref / 4)
    bonus = ref * (0.5 + rich)
    return round(salary, 3), round(bonus, 2)


def _sized_offer(
    est: Estimator, r: Researcher, content: Content, outreach: bool, want: float, budget: float
) -> OfferTerms | None:
    """The cheapest package on a ladder whose estimated odds (the middle of the band the
    market screen shows) reach `want`; None when even the richest falls short, or when the
    one that would do costs more than `budget`."""
    tier = content.balance.tiers[r.tier]
    base = max(tier.min_salary, r.salary, tier.reference_pay / 5)
    ladder = [
        OfferTerms(
            salary=round(base * step, 3),
            bonus=round(tier.reference_pay * (step - 1), 2),
            outreach=outreach,
        )
        for step in OFFER_LADDER
    ]

    def enough(terms: OfferTerms) -> bool:
        low, high = est.offer_odds(r.id, terms)
        return (low + high) / 2 >= want

    # cheap refusals first: unaffordable even at the bottom, or out of reach even at the top
    if ladder[0].salary + ladder[0].bonus > budget or not enough(ladder[-1]):
        return None
    terms = next(t for t in ladder if enough(t))
    return terms if terms.salary + terms.bonus <= budget else None


def _targets(state: GameState, lg: Legal) -> list[Researcher]:
    pool = [state.researchers[rid] for rid in lg.offerable]
    return sorted(
        pool,
        key=lambda r: (
            -(r.skill * TIER_RANK[r.tier]) / (1 + r.salary),
            r.id,
        ),
    )


def _build(
    state: GameState,
    content: Content,
    gpu_share: float,
    offer_share: float,
    open_share: float,
    opens: tuple[ReleaseChoice, ...] = (),
    rich: float = 0.5,
    max_offers: int = 3,
    counter: bool = True,
    sized: bool = False,
    retain: bool = False,
    stars_only: bool = False,
    rent_share: float = 0.0,
) -> Orders:
    lg = legal(state, content)
    money = _spendable(lg, content)
    orders = Orders()
    # offers: counters to approaches first, then the best value targets
    offer_budget = money * offer_share
    points = lg.outreach_points
    used = 0.0
    equity_left = lg.equity_pool
    countered: set[str] = set()
    if counter:
        for aid in lg.approaches:
            approach = next(a for a in state.approaches if a.id == aid)
            r = state.researchers[approach.researcher]
            suggested = counter_terms(state, content, approach)
            salary, bonus = suggested.salary, suggested.bonus
            cost = bonus + salary - r.salary
            if used + cost > offer_budget:
                continue
            equity = min(approach.terms.equity, equity_left, lg.max_equity_offer)
            equity_left -= equity
            outreach = points > 0 and r.tier != "senior"
            points -= int(outreach)
            orders.counters.append(
                CounterOrder(
                    approach=aid,
                    terms=suggested.model_copy(update={"equity": equity, "outreach": outreach}),
                )
            )
            countered.add(r.id)
            used += cost
    est = Estimator(state, content) if sized else None
    for r in _targets(state, lg):
        if len(orders.offers) >= max_offers:
            break
        if stars_only and r.tier == "senior":
            continue
        outreach = points > 0 and r.tier != "senior"
        if est is not None:
            priced = _sized_offer(est, r, content, outreach, 0.55, offer_budget - used)
            if priced is None:
                continue
            salary, bonus = priced.salary, priced.bonus
        else:
            salary, bonus = _offer_pay(r, content, rich)
        cost = bonus + salary
        if used + cost > offer_budget:
            continue  # priced before the terms are built: most targets are out of reach
        terms = OfferTerms(salary=salary, bonus=bonus, outreach=outreach)
        if terms.outreach:
            points -= 1
        orders.offers.append(OfferOrder(researcher=r.id, terms=terms))
        used += cost
    if retain:  # the CEO's leftover outreach goes to the own people most at risk
        own = sorted(
            (state.researchers[rid] for rid in lg.own),
            key=lambda r: (r.loyalty - TIER_RANK[r.tier] / 10, r.id),
        )
        for r in own:
            if points <= 0:
                break
            if r.id not in countered:
                orders.outreach.append(r.id)
                points -= 1
    gpu_money = money * gpu_share
    orders.buy = whole(gpu_money / lg.gpu_price, lg.max_buy)
    if rent_share > 0:
        orders.rent = whole(money * rent_share / lg.rent_price, lg.max_rent)
    eco = round(money * open_share, 2)
    c = costs(state, orders)
    orders.split = Split(gpus=c.gpus, offers=c.offers, open=eco)
    # the first model of `opens` (in order of preference) that can be opened now
    orders.release = next((which for which in opens if which in lg.releases), "keep")
    return orders


def gpus(state: GameState, content: Content) -> Orders:
    return _build(state, content, 0.6, 0.0, 0.0, counter=False)


def offers(state: GameState, content: Content) -> Orders:
    return _build(state, content, 0.0, 0.6, 0.0, rich=1.0, max_offers=4)


def open_(state: GameState, content: Content) -> Orders:
    return _build(state, content, 0.0, 0.0, 0.4, OPEN_NEWEST, counter=False)


def balanced(state: GameState, content: Content) -> Orders:
    return _build(state, content, 0.25, 0.25, 0.1, OPEN_NEWEST if state.quarter % 4 == 3 else ())


def moat_policy(state: GameState, content: Content) -> Orders:
    """The moat: steady GPUs; every approach countered and the CEO's time spent keeping
    people. The frontier model stays closed; each older one is opened, which undercuts the
    closed rivals' models below it and leaves the API market to the lead."""
    return _build(
        state,
        content,
        gpu_share=0.45,
        offer_share=0.35,
        open_share=0.0,
        opens=("previous",),
        max_offers=3,
        sized=True,
        retain=True,
    )


def ram(state: GameState, content: Content) -> Orders:
    """The battering ram: every model opened, grants to developers, enough compute and
    people to keep the open model near the frontier."""
    return _build(state, content, 0.3, 0.2, 0.4, OPEN_NEWEST, max_offers=3, sized=True)


def race(state: GameState, content: Content) -> Orders:
    """The race: GPUs and stars, nothing opened, everything into capability."""
    return _build(
        state,
        content,
        gpu_share=0.45,
        offer_share=0.35,
        open_share=0.0,
        max_offers=4,
        sized=True,
        stars_only=True,
        rent_share=0.15,
    )


def random_policy(state: GameState, content: Content) -> Orders:
    """Random but legal orders, from the game's own seeded stream."""
    rng = stream(state.seed, state.quarter, "bot:random")
    shares = [rng.random() for _ in range(3)]
    total = add_up(shares) + rng.random()
    orders = _build(
        state,
        content,
        shares[0] / total,
        shares[1] / total,
        shares[2] / total,
        OPEN_NEWEST if rng.random() < 0.3 else (),
        rich=rng.random(),
        max_offers=rng.randint(0, 4),
        counter=rng.random() < 0.5,
    )
    return orders


def pick_road(state: GameState, content: Content) -> str:
    """The road the position favours: "moat", "ram" or "race".

    A road already under way (a streak, or a share near the majority) is kept. Otherwise: at
    the front, the moat pays; close behind the leader, the race can still be won; far behind
    with a model that would lead the open frontier, opening it is the battering ram.
    """
    lab = state.player_lab
    eco = ecosystem_shares(state)[lab.id]
    api = revenue_shares(state)[lab.id]
    if lab.market_streak > 0 or api >= ADAPTIVE_KEEP:
        return "moat"
    if lab.eco_streak > 0 or eco >= ADAPTIVE_KEEP or lab.open_release >= lab.capability - 1e-9:
        return "ram"
    rivals = [o for o in state.labs.values() if not o.player and not o.bankrupt]
    best = max((o.capability for o in rivals), default=0.0)
    if lab.capability >= best - ADAPTIVE_FRONT:
        return "moat"
    if lab.capability >= best - ADAPTIVE_BEHIND or lab.capability < state.open_frontier:
        return "race"
    return "ram"


def adaptive(state: GameState, content: Content) -> Orders:
    """Reads the race and plays the road the position favours (`pick_road`)."""
    return ROADS[pick_road(state, content)](state, content)


ROADS: dict[str, Policy] = {"moat": moat_policy, "ram": ram, "race": race}

POLICIES: dict[str, Policy] = {
    "idle": idle,
    "random": random_policy,
    "gpus": gpus,
    "offers": offers,
    "open": open_,
    "balanced": balanced,
    "moat": moat_policy,
    "ram": ram,
    "race": race,
    "adaptive": adaptive,
}


def play(state: GameState, content: Content, policy: Policy) -> Orders:
    """The policy's orders, trimmed to legal if a corner case slipped through."""
    orders = policy(state, content)
    if validate(state, orders, content):
        return Orders()
    return orders


def play_quarter(
    state: GameState, content: Content, policy: Policy
) -> tuple[GameState, QuarterReport]:
    """`advance(state, play(state, content, policy), content)`: the policy's orders, or none if
    a corner case made them illegal."""
    try:
        return advance(state, policy(state, content), content)
    except OrderError:
        return advance(state, Orders(), content)
