"""What the player's screens may know: estimates, never the true numbers.

The core keeps true drives, loyalty and odds. The player sees a band of odds and a "biggest
concern", computed from a blurred picture of each researcher that sharpens with insight
(personal outreach, tenure at the player's lab).
"""

from __future__ import annotations

from game.core.config import Content
from game.core.market import (
    Appeal,
    Option,
    accept_probability,
    appeals,
    free_agent_floor,
    offer_option,
    stay_option,
)
from game.core.models import DRIVES, Drives, GameState, OfferTerms, Researcher
from game.core.rng import stream

BLUR = 0.35  # how far a stranger's drives and loyalty may be misread (shrinks with insight)


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

    def perceived(self, r: Researcher) -> Researcher:
        """The researcher as the player's lab reads them."""
        cached = self._seen.get(r.id)
        if cached is not None and cached[0] is r:
            return cached[1]
        seen = self._perceive(r)
        self._seen[r.id] = (r, seen)
        return seen

    def _perceive(self, r: Researcher) -> Researcher:
        blur = BLUR * max(0.0, 1.0 - 0.2 * r.insight)
        if blur <= 0:
            return r
        rng = stream(self.state.seed, 0, f"perception:{r.id}")
        raw = {d: max(0.01, getattr(r.drives, d) * (1 + rng.uniform(-blur, blur))) for d in DRIVES}
        total = sum(raw.values())
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
        half = max(0.05, 0.25 - 0.04 * insight)
        return round(max(0.0, p - half), 2), round(min(1.0, p + half), 2)

    def offer_odds(
        self, rid: str, terms: OfferTerms, lab: str | None = None
    ) -> tuple[float, float]:
        """The band of odds that `rid` accepts these terms from `lab` (the player's by default)."""
        s = self.state
        r = self.perceived(s.researchers[rid])
        lab_id = lab or s.player
        stay = self._staying(r)
        offer = offer_option(r, self.appeal[lab_id], terms, self.bal)
        p = accept_probability(r, stay, offer, self.bal)
        return self._band(p, s.researchers[rid].insight)

    def market_offer(self, r: Researcher) -> OfferTerms:
        """What a keen rival would typically put on the table."""
        ref = self.bal.tiers[r.tier].reference_pay
        return OfferTerms(salary=max(r.salary * 1.5, ref / 4), bonus=ref * 0.75)

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
        """Band of odds that a researcher leaves if the keenest rival makes a market offer."""
        s = self.state
        true_r = s.researchers[rid]
        r = self.perceived(true_r)
        if r.lab is None:
            return (0.0, 0.0)
        approach = next((a for a in s.approaches if a.researcher == rid), None)
        rival = approach.lab if approach else self.best_rival(r)
        if rival is None:
            return (0.0, 0.0)
        terms = approach.terms if approach else self.market_offer(r)
        stay = self._staying(r)
        offer = offer_option(r, self.appeal[rival], terms, self.bal)
        return self._band(accept_probability(r, stay, offer, self.bal), true_r.insight)

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
