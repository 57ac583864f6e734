"""Everything a screen or a bot asks of the game: the moat, market shares, runway, named
researcher counts, default terms for counter-offers, raises and grants, release previews, and
the odds the player's lab reads.

What the player's screens may know: estimates, never the true numbers. The core keeps true
drives, loyalty and odds; the player sees a band of odds and a "biggest concern", computed from
a blurred picture of each researcher that sharpens with insight (personal outreach, tenure at
the player's lab).

One module on purpose (issue 13, "Advice lives in the core"): the dialogs, the screens and the
bots all ask here, so each answer has one definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.config import Content
from game.core.costs import (
    costs,
    fixed_costs,
    next_round,
    next_valuation,
    round_size,
    round_wanted,
    valuation_target,
)
from game.core.market import (
    Appeal,
    Option,
    accept_probability,
    appeals,
    free_agent_floor,
    named_counts,
    offer_option,
    openness,
    stay_option,
)
from game.core.models import (
    DRIVES,
    Approach,
    Drives,
    GameState,
    Lab,
    Move,
    OfferTerms,
    Orders,
    ReleaseChoice,
    Researcher,
    Tier,
)
from game.core.numbers import add_up
from game.core.openweights import (
    api_weight,
    ecosystem_after,
    grant_reach,
    grant_reach_after,
    opened_after,
    release_level,
    spend_gain,
)
from game.core.openweights import moat as lab_moat
from game.core.phases.research import effective_talent, research_parts
from game.core.rng import stream


# -- the race and the money ------------------------------------------------------------------
def moat(state: GameState, lab_id: str | None = None) -> float:
    """How far the lab's (the player's by default) closed model is ahead of every open one: the
    gap its API revenue comes from (the same definition the market uses)."""
    return lab_moat(state.labs[lab_id or state.player], state.open_frontier)


@dataclass(frozen=True, slots=True)
class MoatReading:
    """The player's model against the open frontier, as the dashboard explains it."""

    frontier: float  # the open frontier: the best model released as open weights
    moat: float  # how far the player's model leads it (negative: how far it trails)


def moat_reading(state: GameState) -> MoatReading:
    return MoatReading(state.open_frontier, moat(state))


def live_labs(state: GameState) -> list[Lab]:
    return [lab for _, lab in sorted(state.labs.items()) if not lab.bankrupt]


def ecosystem_shares(state: GameState) -> dict[str, float]:
    """Each live lab's share of the developer ecosystem (as the ecosystem road counts it)."""
    live = live_labs(state)
    total = add_up(lab.ecosystem for lab in live) or 1.0
    return {lab.id: lab.ecosystem / total for lab in live}


def revenue_shares(state: GameState) -> dict[str, float]:
    """Each live lab's share of API revenue (as the market road counts it)."""
    live = live_labs(state)
    total = add_up(lab.revenue for lab in live) or 1.0
    return {lab.id: lab.revenue / total for lab in live}


def runway(state: GameState, content: Content, lab_id: str | None = None) -> float | None:
    """Quarters of cash at the current burn (fixed costs less last quarter's income); None when
    the lab earns more than its fixed costs."""
    lab = state.labs[lab_id or state.player]
    burn = fixed_costs(state, lab, content) - lab.revenue - lab.outside_funding
    if burn <= 0:
        return None
    return max(0.0, lab.cash) / burn


def named_researchers(state: GameState) -> dict[str, int]:
    """Every lab's count of named researchers."""
    return named_counts(state)


def lab_openness(state: GameState, content: Content, lab: Lab) -> float:
    """The lab's openness stance (0..1), from its recent releases."""
    op = content.balance.open
    return openness(lab, state.quarter, op.openness_window, op.openness_per_release)


# -- default terms ---------------------------------------------------------------------------
def counter_terms(state: GameState, content: Content, approach: Approach) -> OfferTerms:
    """A counter-offer that answers a rival's approach: a raise that nearly matches its salary,
    and part of its signing bonus."""
    adv = content.balance.advice
    r = state.researchers[approach.researcher]
    rival = approach.terms
    return OfferTerms(
        salary=round(max(r.salary * adv.counter_raise, rival.salary * adv.counter_match), 3),
        bonus=round(rival.bonus * adv.counter_bonus, 2),
    )


def raise_salary(content: Content, r: Researcher) -> float:
    """A raise worth offering: a step up, toward the tier's market pay (past it only by a
    step)."""
    adv = content.balance.advice
    ref = content.balance.tiers[r.tier].reference_pay / 4
    return round(max(r.salary * adv.raise_step, min(ref, r.salary * adv.raise_max)), 3)


def grant_share(content: Content, tier: Tier) -> float:
    """A retention grant's usual size for the tier (a share of the lab)."""
    return content.balance.tiers[tier].default_grant


def vest_quarters(content: Content) -> int:
    """How many quarters an equity grant vests over."""
    return int(content.balance.talent.vest_quarters)


# -- release previews ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReleasePreview:
    which: ReleaseChoice
    level: float  # the capability the release opens (the open model for "keep")
    frontier: float  # the open frontier after it
    raises_frontier: bool
    grant_reach: float  # how much of its full effect this quarter's ecosystem spend has
    api_share: float  # the player's share of API revenue after it, if the rivals stood still


def release_preview(state: GameState, content: Content, which: ReleaseChoice) -> ReleasePreview:
    lab = state.player_lab
    level = lab.open_release if which == "keep" else release_level(lab, which)
    frontier = max(state.open_frontier, level)
    return ReleasePreview(
        which=which,
        level=level,
        frontier=frontier,
        raises_frontier=level > state.open_frontier,
        grant_reach=grant_reach_after(lab, which, state.open_frontier, content.balance.open),
        api_share=_api_share_after(state, content, which, frontier),
    )


def _api_share_after(
    state: GameState, content: Content, which: ReleaseChoice, frontier: float
) -> float:
    econ, op = content.balance.economy, content.balance.open
    lab = state.player_lab
    opened = lab.model_copy(update={"open_release": opened_after(lab, which)})
    others = [api_weight(o, frontier, econ, op) for o in live_labs(state) if not o.player]
    mine = api_weight(opened, frontier, econ, op, which == "current")
    return mine / (mine + add_up(others))


# -- previews of spending ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EcosystemPreview:
    """What a quarter's ecosystem spend brings (thousands of developers), before decay and the
    open model's own pull."""

    spend: float
    expected: float  # if no rival opens a model this quarter
    low: float  # if the best rival model is opened this quarter
    reach: float  # the share of the spend that works (0..1), as expected
    low_reach: float
    behind: float  # points the player's open model trails the open frontier (after releases)
    closed: bool  # the player has no open model


def ecosystem_preview(
    state: GameState, content: Content, spend: float, which: ReleaseChoice = "keep"
) -> EcosystemPreview:
    """Spend works in full for an open model at the open frontier, down to `spend_floor` for
    one a pull window behind or none: the same $1B brings very different numbers of
    developers. The range is a rival's release this quarter moving the frontier."""
    op = content.balance.open
    lab = state.player_lab
    mine = opened_after(lab, which)
    frontier = max(state.open_frontier, mine)
    worst = max([frontier, *(o.capability for o in live_labs(state) if not o.player)])
    return EcosystemPreview(
        spend=spend,
        expected=spend_gain(spend, mine, frontier, op),
        low=spend_gain(spend, mine, worst, op),
        reach=grant_reach(mine, frontier, op),
        low_reach=grant_reach(mine, worst, op),
        behind=frontier - mine,
        closed=mine <= 0,
    )


@dataclass(frozen=True, slots=True)
class GpuArrival:
    units: float  # compute bought with these orders (thousands of H100)
    quarter: int  # the quarter whose resolution delivers them
    owned_after: float  # compute owned once they arrive


def gpu_arrival(state: GameState, buy: float) -> GpuArrival:
    """GPUs bought now arrive as this quarter resolves, after the talent market and before
    research (the economy phase delivers everything on order), so they count this quarter."""
    lab = state.player_lab
    return GpuArrival(buy, state.quarter, lab.compute_owned + lab.compute_on_order + buy)


def expected_capability(state: GameState, content: Content, orders: Orders) -> float:
    """The player's capability after this quarter's research, without luck: today's people
    and the compute they will have with these orders' GPUs."""
    lab = state.player_lab
    compute = lab.compute_owned + lab.compute_on_order + orders.buy + orders.rent
    talent = _player_talent(state, content)
    base, catch_up = research_parts(state, content.balance, lab, talent, compute)
    return lab.capability + base + catch_up


def _player_talent(state: GameState, content: Content) -> float:
    """The player's researchers' effective talent, as the research phase counts it."""
    lab = state.player_lab
    members = [state.researchers[rid] for rid in sorted(state.researchers)]
    return effective_talent(content.balance, lab, [r for r in members if r.lab == lab.id])


def projected_valuation(
    state: GameState, content: Content, orders: Orders, quarters: int = 1
) -> float:
    """The player's valuation after `quarters` quarters' markets (the first with these orders),
    as the markets phase moves it: part of the way each quarter toward what investors think
    the lab is worth. This quarter's target is as expected: the model after research without
    luck, last quarter's API revenue (a rival's release can move it either way), the
    developers the ecosystem spend brings, the cash left. Later quarters go on as if with no
    new orders: research at the same people and compute (rentals end), revenue growing with
    demand, the fixed costs paid, the ecosystem without spend; the rivals stand still."""
    bal = content.balance
    econ, op = bal.economy, bal.open
    lab = state.player_lab
    capability = expected_capability(state, content, orders)
    opened = opened_after(lab, orders.release)
    frontier = max(state.open_frontier, opened)
    revenue = lab.revenue
    fixed = fixed_costs(state, lab, content)
    cash = lab.cash - fixed - costs(state, orders).total + lab.outside_funding + revenue
    ecosystem = ecosystem_after(lab.ecosystem, opened, frontier, orders.split.open, op)
    valuation = next_valuation(
        lab.valuation, valuation_target(revenue, capability, ecosystem, cash, econ), econ
    )
    if quarters <= 1:
        return valuation
    talent = _player_talent(state, content)
    compute = lab.compute_owned + lab.compute_on_order + orders.buy
    for _ in range(quarters - 1):
        model = lab.model_copy(update={"capability": capability})
        base, catch_up = research_parts(state, bal, model, talent, compute)
        capability += base + catch_up
        revenue *= 1 + econ.demand_growth
        cash += revenue + lab.outside_funding - fixed
        ecosystem = ecosystem_after(ecosystem, opened, frontier, 0.0, op)
        target = valuation_target(revenue, capability, ecosystem, cash, econ)
        valuation = next_valuation(valuation, target, econ)
    return valuation


@dataclass(frozen=True, slots=True)
class FundingOutlook:
    earliest: int  # the first quarter a round may come (a round per cooldown)
    amount: float  # what a round would bring then (the valuation projected to that quarter)
    runway_under: float  # a round comes when runway falls under this many quarters...
    cash_under: float  # ... or cash under this
    cash_after: float  # cash at this quarter's end with these orders (before revenue)
    burn: float  # the burn investors judge runway by, with these orders
    due: bool  # a round would come at this quarter's end with these orders


def funding_outlook(state: GameState, content: Content, orders: Orders) -> FundingOutlook:
    """When the player's next funding round can come, what it would bring then and what it waits
    for, as the markets phase decides it (last quarter's revenue standing in for this one's in
    the runway; the valuation projected to the round's quarter, see `projected_valuation`)."""
    econ = content.balance.economy
    lab = state.player_lab
    income = lab.revenue + lab.outside_funding
    fixed = fixed_costs(state, lab, content)
    spent = fixed + costs(state, orders).total
    burn = max(fixed - income, spent)
    cash_after = lab.cash - spent + income
    earliest = max(state.quarter, next_round(state.event_last.get(f"round:{lab.id}", -99), econ))
    valuation = projected_valuation(state, content, orders, earliest - state.quarter + 1)
    due = (
        earliest == state.quarter
        and cash_after >= 0
        and round_wanted(cash_after, burn, valuation, econ)
    )
    return FundingOutlook(
        earliest=earliest,
        amount=round_size(valuation, econ),
        runway_under=econ.funding_round_quarters,
        cash_under=round_size(valuation, econ),
        cash_after=cash_after,
        burn=burn,
        due=due,
    )


# -- odds ------------------------------------------------------------------------------------
class Estimator:
    """Estimates for one state; build a new one when the state changes (each screen refresh).

    What the player's lab reads into each researcher and what staying is worth to them are
    worked out once per researcher, so pricing many offers (a market screen, a bot trying a
    ladder of packages) costs one offer valuation each.
    """

    def __init__(self, state: GameState, content: Content) -> None:
        self.state = state
        self.content = content
        self.bal = content.balance
        self.appeal: dict[str, Appeal] = appeals(state, content)
        self._seen: dict[str, tuple[Researcher, Researcher]] = {}  # id -> (as given, as read)
        self._stay: dict[str, Option] = {}
        self._actions: dict[str, set[str]] = {}  # lab -> its playbook's rule actions

    def perceived(self, r: Researcher) -> Researcher:
        """The researcher as the player's lab reads them."""
        cached = self._seen.get(r.id)
        if cached is not None and cached[0] is r:
            return cached[1]
        seen = self._perceive(r)
        self._seen[r.id] = (r, seen)
        return seen

    def _perceive(self, r: Researcher) -> Researcher:
        adv = self.bal.advice
        blur = adv.blur * max(0.0, 1.0 - adv.blur_insight * r.insight)
        if blur <= 0:
            return r
        rng = stream(self.state.seed, 0, f"perception:{r.id}")
        raw = {d: max(0.01, getattr(r.drives, d) * (1 + rng.uniform(-blur, blur))) for d in DRIVES}
        total = add_up(raw.values())
        loyalty = min(1.0, max(0.0, r.loyalty + rng.uniform(-blur, blur) * 0.5))
        return r.model_copy(
            update={"drives": Drives(**{d: v / total for d, v in raw.items()}), "loyalty": loyalty}
        )

    def _staying(self, r: Researcher) -> Option:
        """Staying (or, for a free agent, keeping looking) as the player reads `r`, where `r`
        is what perceived() returned for a researcher of this state."""
        stay = self._stay.get(r.id)
        if stay is None or self._seen[r.id][1] is not r:
            if r.lab is None:
                stay = free_agent_floor(r, self.bal)
            else:
                stay = stay_option(r, self.appeal[r.lab], self.bal)
            self._stay[r.id] = stay
        return stay

    def _band(self, p: float, insight: int) -> tuple[float, float]:
        adv = self.bal.advice
        half = max(adv.band_min, adv.band_width - adv.band_insight * insight)
        return round(max(0.0, p - half), 2), round(min(1.0, p + half), 2)

    def offer_odds(
        self, rid: str, terms: OfferTerms, lab: str | None = None
    ) -> tuple[float, float]:
        """The band of odds that `rid` accepts these terms from `lab` (the player's by default)."""
        s = self.state
        r = self.perceived(s.researchers[rid])
        lab_id = lab or s.player
        stay = self._staying(r)
        adv = self.bal.advice
        if r.lab is not None and adv.rival_counter > 0 and self._counters(r.lab):
            match = OfferTerms(  # their lab answers: most of the offer's pay, to stay
                salary=max(r.salary, terms.salary * adv.rival_counter),
                bonus=terms.bonus * adv.rival_counter,
            )
            stay = stay_option(r, self.appeal[r.lab], self.bal, match)
        offer = offer_option(r, self.appeal[lab_id], terms, self.bal)
        p = accept_probability(r, stay, offer, self.bal)
        if r.lab is None:  # a free agent hears other offers too: every hiring lab's keen bid
            keen = self.market_offer(r)
            for rival in self._hiring(exclude=lab_id):
                theirs = offer_option(r, self.appeal[rival], keen, self.bal)
                p *= accept_probability(r, theirs, offer, self.bal)
        return self._band(p, s.researchers[rid].insight)

    def _hiring(self, exclude: str) -> list[str]:
        """The live labs (but `exclude`) whose playbooks hire free agents."""
        return [
            lab.id
            for lab in self.state.labs.values()
            if lab.id != exclude and not lab.bankrupt and self._acts(lab.id, "hire")
        ]

    def _counters(self, lab_id: str) -> bool:
        return self._acts(lab_id, "counter")

    def _acts(self, lab_id: str, action: str) -> bool:
        """Whether a lab's playbook has a rule of this action."""
        actions = self._actions.get(lab_id)
        if actions is None:
            book = self.content.playbooks.get(self.state.labs[lab_id].playbook or "")
            actions = self._actions[lab_id] = (
                {rule.action for rule in book.rules} if book else set()
            )
        return action in actions

    def market_offer(self, r: Researcher) -> OfferTerms:
        """What a keen rival would typically put on the table."""
        ref = self.bal.tiers[r.tier].reference_pay
        adv = self.bal.advice
        return OfferTerms(
            salary=max(r.salary * adv.market_salary, ref / 4), bonus=ref * adv.market_bonus
        )

    def default_offer(self, r: Researcher) -> OfferTerms:
        """The offer a dialog starts from: a keen rival's terms, at least the tier's minimum."""
        terms = self.market_offer(r)
        floor = self.bal.tiers[r.tier].min_salary
        return terms.model_copy(
            update={"salary": round(max(terms.salary, floor), 3), "bonus": round(terms.bonus, 2)}
        )

    def best_rival(self, r: Researcher) -> str | None:
        rivals = [a for lab, a in self.appeal.items() if lab != r.lab]
        if not rivals:
            return None
        d = r.drives
        best = max(
            rivals,
            key=lambda a: (
                d.compute * a.compute
                + d.mission * a.mission
                + d.openness * a.openness
                + d.prestige * a.prestige,
                a.lab,
            ),
        )
        return best.lab

    def flight_risk(self, rid: str) -> tuple[float, float]:
        """Band of odds that a researcher leaves this quarter if you do nothing: a rival's open
        approach (decided this quarter) taken, or quitting for morale. Without an approach no
        rival can take them this quarter (an approach comes first), so only morale counts."""
        s = self.state
        true_r = s.researchers[rid]
        if true_r.lab is None:
            return (0.0, 0.0)
        quits = self.quit_chance(true_r)
        approach = next((a for a in s.approaches if a.researcher == rid), None)
        if approach is None:
            return self._band(quits, true_r.insight)
        r = self.perceived(true_r)
        stay = self._staying(r)
        offer = offer_option(r, self.appeal[approach.lab], approach.terms, self.bal)
        taken = accept_probability(r, stay, offer, self.bal)
        return self._band(taken + (1 - taken) * quits, true_r.insight)

    def quit_chance(self, r: Researcher) -> float:
        """The chance `r` quits for morale at the end of this quarter (the people phase)."""
        t = self.bal.talent
        unhappy = r.quarters_unhappy + (1 if r.morale < t.unhappy_morale else 0)
        return t.attrition_base + (t.attrition_unhappy if unhappy >= t.unhappy_quarters else 0.0)

    def biggest_concern(self, rid: str) -> str:
        """The drive on which the researcher's lab lags the field the most, as they'd weigh it."""
        s = self.state
        r = self.perceived(s.researchers[rid])
        if r.lab is None or r.lab not in self.appeal:
            return "a job"
        here = self.appeal[r.lab]
        others = [a for lab, a in self.appeal.items() if lab != r.lab]
        if not others:
            return "nothing"
        gaps: dict[str, float] = {}
        for drive in ("compute", "mission", "openness", "prestige"):
            best = max(getattr(a, drive) for a in others)
            gaps[drive] = getattr(r.drives, drive) * (best - getattr(here, drive))
        ref = self.bal.tiers[r.tier].reference_pay
        yearly = 4 * r.salary + r.unvested_share * here.valuation / 4
        gaps["money"] = r.drives.money * max(0.0, 1.0 - yearly / ref)
        if r.morale < 0.4:
            gaps["morale"] = 0.5 - r.morale
        drive, gap = max(gaps.items(), key=lambda kv: (kv[1], kv[0]))
        return drive if gap > 0.02 else "nothing"


# -- the roads to victory --------------------------------------------------------------------
@dataclass(frozen=True)
class RoadStanding:
    """Where the player stands on one road to victory, and the rival nearest to winning it."""

    road: str  # "superintelligence", "ecosystem" or "market", as the outcome names it
    mine: float  # capability, or share of the ecosystem or of API revenue (0..1)
    my_streak: int  # quarters in a row above the share (0 for superintelligence)
    rival: str | None  # the rival nearest to winning this road (None when none is left)
    rival_value: float
    rival_streak: int
    goal: float  # the capability threshold, or the share to hold
    streak_needed: int  # quarters the share must be held (0 for superintelligence)
    leading: bool  # the player is ahead of that rival on this road
    rival_near: bool  # that rival is close to winning it


def one_quarter_short(streak: int, needed: int) -> bool:
    """A streak that wins its road if it holds one more quarter."""
    return streak + 1 >= needed


def road_standings(state: GameState, content: Content) -> list[RoadStanding]:
    """The three roads in the order the outcome checks them, as the outcome counts them."""
    v = content.balance.victory
    me = state.player_lab
    rivals = [lab for lab in live_labs(state) if not lab.player]
    first = max(rivals, key=lambda o: (o.capability, o.id), default=None)
    top = first.capability if first else 0.0
    rows = [
        RoadStanding(
            "superintelligence",
            me.capability,
            0,
            first.id if first else None,
            top,
            0,
            v.superintelligence,
            0,
            leading=me.capability > top,
            rival_near=top >= v.superintelligence * v.milestone_share,
        )
    ]
    for road, shares, streak, goal in (
        ("market", revenue_shares(state), "market_streak", v.market_share),
        ("ecosystem", ecosystem_shares(state), "eco_streak", v.ecosystem_share),
    ):
        by = max(rivals, key=lambda o: (getattr(o, streak), shares[o.id], o.id), default=None)
        theirs = shares[by.id] if by else 0.0
        their_streak = getattr(by, streak) if by else 0
        rows.append(
            RoadStanding(
                road,
                shares.get(me.id, 0.0),
                getattr(me, streak),
                by.id if by else None,
                theirs,
                their_streak,
                goal,
                v.streak_quarters,
                leading=shares.get(me.id, 0.0) > theirs,
                rival_near=theirs > goal and one_quarter_short(their_streak, v.streak_quarters),
            )
        )
    return rows


# -- the end ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Departure:
    move: Move
    cost: float  # research talent lost: the tier's weight times skill (as research counts it)


def costliest_departures(state: GameState, content: Content, n: int = 3) -> list[Departure]:
    """The player's departures that took the most research talent, with their reasons."""
    tiers = content.balance.tiers
    out: list[Departure] = []
    for rep in state.reports:
        for m in rep.moves:
            if m.kind != "left" or m.from_lab != state.player:
                continue
            r = state.researchers.get(m.researcher)
            skill = r.skill if r is not None else 50.0
            out.append(Departure(m, tiers[m.tier].weight * skill / 100))
    out.sort(key=lambda d: (-d.cost, d.move.quarter, d.move.researcher))
    return out[:n]


@dataclass(frozen=True, slots=True)
class TurningPoint:
    quarter: int  # the quarter whose resolution moved the player's standing the most
    road: str  # the road it is measured on
    rival: str | None  # the lab the player is measured against
    before: float  # the player's lead over that rival before the quarter (negative: behind)
    after: float


def turning_point(state: GameState, content: Content) -> TurningPoint | None:
    """The quarter where the game turned: the biggest one-quarter swing, in the direction the
    game ended, of the player's lead over the lab that ended it (or the strongest rival) on the
    road that ended it (capability when time ran out)."""
    o = state.outcome
    hist = state.history
    me = state.player
    if o is None or len(hist.get(me, [])) < 2:
        return None
    road = o.road if o.road in ("market", "ecosystem") else "superintelligence"
    rivals = [k for k in hist if k != me]
    rival = o.winner if o.winner and o.winner != me else None
    if rival is None and rivals:
        rival = max(rivals, key=lambda k: (hist[k][-1].capability, k))
    if rival is None:
        return None

    def lead(i: int) -> float:
        snaps = {k: v[i] for k, v in hist.items() if i < len(v)}
        if road == "superintelligence":
            return snaps[me].capability - snaps[rival].capability if rival in snaps else 0.0
        attr = "revenue" if road == "market" else "ecosystem"
        total = add_up(getattr(x, attr) for x in snaps.values()) or 1.0
        theirs = getattr(snaps[rival], attr) if rival in snaps else 0.0
        return (getattr(snaps[me], attr) - theirs) / total

    sign = 1.0 if o.result == "won" else -1.0
    mine = hist[me]
    best = max(
        range(1, len(mine)), key=lambda i: (sign * (lead(i) - lead(i - 1)), -i), default=None
    )
    if best is None:
        return None
    # snapshot i is the state after quarter i - 1 resolved
    return TurningPoint(mine[best - 1].quarter, road, rival, lead(best - 1), lead(best))


# -- the first quarter's guide ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AtRisk:
    researcher: str
    risk: tuple[float, float]  # the flight-risk band, as the roster shows it
    concern: str  # the biggest concern (Estimator.biggest_concern)
    approached_by: str | None  # a rival's open approach, if any


def at_risk(state: GameState, content: Content, n: int = 3) -> list[AtRisk]:
    """The player's researchers most likely to leave this quarter, and why."""
    est = Estimator(state, content)
    courted = {a.researcher: a.lab for a in state.approaches}
    rows = [
        AtRisk(r.id, est.flight_risk(r.id), est.biggest_concern(r.id), courted.get(r.id))
        for r in state.researchers.values()
        if r.lab == state.player
    ]
    rows.sort(key=lambda a: (-a.risk[1], -a.risk[0], a.researcher))
    return rows[:n]
