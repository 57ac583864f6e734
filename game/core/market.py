"""How researchers value labs and offers, and how they choose.

A researcher weighs each option by their drives: pay (log of yearly value), compute per
researcher, mission, openness and prestige. Staying adds loyalty, tenure and morale; leaving
forfeits unvested equity and the signing-bonus clawback and may mean sitting out a non-compete.
A switch needs a margin over staying. The core keeps the true numbers; the screens get bands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.core.config import Balance, Content
from game.core.models import DRIVES, GameState, Lab, OfferTerms, Researcher


@dataclass(frozen=True, slots=True)
class Appeal:
    """What a lab offers anyone, before pay: computed once per quarter per lab."""

    lab: str
    compute_per_researcher: float
    compute: float  # the compute drive's term
    mission: float
    openness: float
    prestige: float
    valuation: float
    rank: int


@dataclass(frozen=True, slots=True)
class Option:
    lab: str
    terms: OfferTerms | None  # None: stay on current pay
    utility: float
    parts: dict[str, float]
    kind: str  # "stay", "offer", "approach", "hire"


class Bid:
    """An offer on the table this quarter: the player's, a rival's approach, or a hire."""

    __slots__ = ("kind", "lab", "ref", "terms")

    def __init__(self, lab: str, terms: OfferTerms, kind: str, ref: str | None = None) -> None:
        self.lab = lab
        self.terms = terms
        self.kind = kind  # "offer" (the player's), "approach", "hire"
        self.ref = ref


def openness(lab: Lab, quarter: int, window: float, per_release: float) -> float:
    """How open the lab reads (0..1): each open release in the recent window counts
    `per_release` quarters of it."""
    recent = [q for q in lab.releases if quarter - q < window]
    if not recent:
        return 0.0
    return min(1.0, len(recent) * per_release / window) if lab.open_release > 0 else 0.0


def named_counts(state: GameState) -> dict[str, int]:
    counts = dict.fromkeys(state.labs, 0)
    for r in state.researchers.values():
        if r.lab is not None:
            counts[r.lab] += 1
    return counts


def appeals(state: GameState, content: Content) -> dict[str, Appeal]:
    bal = content.balance
    t = bal.talent
    counts = named_counts(state)
    live = sorted(
        (lab for lab in state.labs.values() if not lab.bankrupt),
        key=lambda lab: (-lab.capability, lab.id),
    )
    n = max(1, len(live) - 1)
    rep = t.prestige_reputation
    out: dict[str, Appeal] = {}
    for rank, lab in enumerate(live, start=1):
        cpr = (lab.compute_owned + lab.compute_rented) / (counts[lab.id] + 1)
        rank_score = 1.0 - (rank - 1) / n
        out[lab.id] = Appeal(
            lab=lab.id,
            compute_per_researcher=cpr,
            compute=t.compute_scale * math.log1p(cpr / t.compute_reference),
            mission=t.mission_scale * lab.mission,
            openness=t.openness_scale
            * openness(lab, state.quarter, bal.open.openness_window, bal.open.openness_per_release),
            prestige=t.prestige_scale * (rep * lab.reputation / 100 + (1 - rep) * rank_score),
            valuation=lab.valuation,
            rank=rank,
        )
    return out


def yearly_value(terms: OfferTerms, valuation: float, bal: Balance) -> float:
    t = bal.talent
    return (
        4 * terms.salary + terms.bonus / t.bonus_years + terms.equity * valuation / t.equity_years
    )


def clawback_due(r: Researcher) -> float:
    """The signing bonus a researcher must pay back if they leave now."""
    return r.clawback if r.clawback_quarters > 0 else 0.0


def _parts(r: Researcher, appeal: Appeal, yearly: float, bal: Balance) -> dict[str, float]:
    ref = bal.tiers[r.tier].reference_pay
    return {
        "money": bal.talent.money_scale * math.log1p(max(0.0, yearly) / ref),
        "compute": appeal.compute,
        "mission": appeal.mission,
        "openness": appeal.openness,
        "prestige": appeal.prestige,
    }


def _weigh(r: Researcher, parts: dict[str, float]) -> float:
    d = r.drives
    return (
        d.money * parts["money"]
        + d.compute * parts["compute"]
        + d.mission * parts["mission"]
        + d.openness * parts["openness"]
        + d.prestige * parts["prestige"]
    )


def stay_option(
    r: Researcher,
    appeal: Appeal,
    bal: Balance,
    counter: OfferTerms | None = None,
) -> Option:
    t = bal.talent
    base = OfferTerms(salary=r.salary)
    yearly = yearly_value(base, appeal.valuation, bal) + r.unvested_share * appeal.valuation / 4
    kind = "stay"
    terms = None
    if counter is not None:
        yearly += (
            4 * max(0.0, counter.salary - r.salary)
            + counter.bonus / t.bonus_years
            + counter.equity * appeal.valuation / t.equity_years
        )
        kind = "counter"
        terms = counter
    parts = _parts(r, appeal, yearly, bal)
    parts["loyalty"] = (
        t.loyalty_weight * (r.loyalty - 0.5)
        + t.tenure_weight * min(r.tenure, t.tenure_cap) / t.tenure_cap
        + t.morale_weight * (r.morale - 0.5)
        + (t.counter_bonus if counter is not None else 0.0)
        + (t.outreach_bonus if counter is not None and counter.outreach else 0.0)
    )
    return Option(r.lab or "", terms, _weigh(r, parts) + parts["loyalty"], parts, kind)


def offer_option(
    r: Researcher,
    appeal: Appeal,
    terms: OfferTerms,
    bal: Balance,
    kind: str = "offer",
) -> Option:
    t = bal.talent
    # The unvested equity left behind is already in staying's pay (it vests only for those
    # who stay), so the offer itself only pays back the clawback, spread like a bonus.
    yearly = yearly_value(terms, appeal.valuation, bal)
    if r.lab is not None:
        yearly -= clawback_due(r) / t.bonus_years
    parts = _parts(r, appeal, yearly, bal)
    parts["loyalty"] = -(t.noncompete_weight * r.noncompete if r.lab is not None else 0.0) + (
        t.outreach_bonus if terms.outreach else 0.0
    )
    return Option(appeal.lab, terms, _weigh(r, parts) + parts["loyalty"], parts, kind)


def free_agent_floor(r: Researcher, bal: Balance) -> Option:
    """A free agent's 'stay': keep looking, worth a modest reservation value."""
    parts = dict.fromkeys(DRIVES, 0.0)
    parts["money"] = bal.talent.money_scale * math.log1p(bal.talent.free_agent_reservation)
    parts["loyalty"] = 0.0
    return Option("", None, _weigh(r, parts), parts, "stay")


def deciding_drive(r: Researcher, chosen: Option, other: Option) -> str:
    """The drive that did most to make `chosen` beat `other`."""
    weights = r.drives.as_dict()
    weights["loyalty"] = 1.0
    best, best_gain = "money", -math.inf
    for drive in (*DRIVES, "loyalty"):
        gain = weights[drive] * (chosen.parts.get(drive, 0.0) - other.parts.get(drive, 0.0))
        if gain > best_gain:
            best, best_gain = drive, gain
    return best


def choose(
    r: Researcher,
    stay: Option,
    offers: list[Option],
    margin: float,
    noise: list[float],
) -> tuple[Option, Option]:
    """Return (chosen, runner-up). `noise` has one draw per offer and one for staying."""
    stay_score = stay.utility + noise[0] + margin
    scored = sorted(
        ((o.utility + noise[i + 1], i, o) for i, o in enumerate(offers)),
        key=lambda x: (-x[0], x[1]),
    )
    if not scored:
        return stay, stay
    best_score, _, best = scored[0]
    if best_score > stay_score:
        return best, stay
    return stay, best


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def accept_probability(
    r: Researcher,
    stay: Option,
    offer: Option,
    bal: Balance,
) -> float:
    """True probability (over the seeded noise) that `offer` beats staying."""
    sd = bal.talent.noise * math.sqrt(2.0)
    margin = bal.talent.switch_margin if r.lab is not None else 0.0
    gap = offer.utility - stay.utility - margin
    if sd <= 0:
        return 1.0 if gap > 0 else 0.0
    return _phi(gap / sd)
