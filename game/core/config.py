"""The shapes of the game's data files: balance numbers and scenarios.

The values live in `assets/`; `game.content` reads them. Nothing here has a tunable default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from pydantic import ConfigDict, Field, field_validator

from game.core.models import Difficulty, Drives, Model, Specialty, Tier
from game.core.numbers import MAX_DATA

if TYPE_CHECKING:
    from game.core.score import ScoreTable
    from game.rules import Event, Playbook

# Every number a data file gives is finite and at most MAX_DATA either way.
Number = Annotated[float, Field(ge=-MAX_DATA, le=MAX_DATA)]
NonNegative = Annotated[float, Field(ge=0, le=MAX_DATA)]
Positive = Annotated[float, Field(gt=0, le=MAX_DATA)]
Whole = Annotated[int, Field(ge=-int(MAX_DATA), le=int(MAX_DATA))]
Count = Annotated[int, Field(ge=0, le=int(MAX_DATA))]
PositiveCount = Annotated[int, Field(gt=0, le=int(MAX_DATA))]


class DataModel(Model):
    """Base of the data files' models: no NaN or infinity anywhere."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class TierNumbers(DataModel):
    weight: Positive  # research weight of one researcher of this tier
    reference_pay: Positive  # yearly pay ($M) the market considers normal for the tier
    min_salary: NonNegative  # lowest salary per quarter an offer may carry
    default_grant: NonNegative  # a retention grant's usual size (share of the lab)
    free_agent_skill: tuple[Number, Number]  # range of a new free agent's skill


class EconomyNumbers(DataModel):
    power_cost: NonNegative  # per owned compute unit per quarter
    staff_cost: NonNegative  # per rank-and-file employee per quarter
    demand_growth: float = Field(gt=-1, le=MAX_DATA)  # per quarter
    gpu_price_drift: float = Field(gt=-1, le=MAX_DATA)  # per quarter (negative: cheaper GPUs)
    rent_price_drift: float = Field(gt=-1, le=MAX_DATA)
    moat_floor: NonNegative  # API share weight of a lab at or below the open frontier
    moat_reference: NonNegative  # demand left to open models / in-house use
    moat_power: Positive
    reputation_power: NonNegative
    valuation_revenue_multiple: Positive  # valuation = multiple x yearly revenue + ...
    valuation_capability_value: NonNegative  # $M of valuation per capability point over 50
    valuation_ecosystem_value: NonNegative  # $M per thousand developers
    valuation_smoothing: float = Field(ge=0, le=1)
    funding_round_quarters: Positive  # raise when runway falls under this
    funding_round_share: Positive  # share of valuation sold in a normal round
    emergency_discount: float = Field(gt=0, le=1)  # valuation multiplier of an emergency round
    emergency_share: Positive
    max_buy_per_quarter: Count
    max_rent_per_quarter: Count
    valuation_capability_base: NonNegative  # capability worth nothing to investors
    emergency_cover: Positive  # an emergency round brings this x the shortfall (at least)
    funding_round_cooldown: Count  # quarters between two rounds of one lab


class ResearchNumbers(DataModel):
    talent_exponent: Positive
    compute_exponent: Positive
    scale: Positive
    frontier_reference: Positive  # diminishing returns: gain x (reference / capability)^power
    frontier_power: NonNegative
    spillover: NonNegative  # share of the gap to the open frontier closed per quarter
    headcount_weight: NonNegative
    morale_floor: float = Field(ge=0, le=1)  # output of a researcher at zero morale
    specialty_mix_bonus: NonNegative  # bonus for covering every specialty
    generation_step: Positive  # capability gain that makes a new model generation
    luck: NonNegative = 0.0  # spread of a quarter's research (breakthroughs and stalls)


class OpenNumbers(DataModel):
    ecosystem_per_release: NonNegative  # thousands of developers per point of open capability
    ecosystem_per_spend: NonNegative  # thousands of developers per $M of ecosystem spend
    ecosystem_decay: float = Field(ge=0, le=1)
    release_reputation: NonNegative
    ecosystem_pull: NonNegative  # developers drawn a quarter per point of open model...
    pull_window: Positive  # ...within this many points of the open frontier
    openness_window: Positive  # quarters of release history that count for openness
    # ecosystem spend works in full for an open model at the frontier, down to this share
    # for one a whole pull window (or more) behind it, or no open model at all
    spend_floor: float = Field(default=1.0, ge=0, le=1)
    decay_near: NonNegative  # an open model this near the frontier...
    decay_near_gap: NonNegative  # ...(within this many points) slows ecosystem decay x this
    openness_per_release: NonNegative  # quarters of openness one release counts for


class TalentNumbers(DataModel):
    money_scale: Positive
    compute_scale: Positive
    compute_reference: Positive  # compute per researcher that counts as "plenty"
    mission_scale: Positive
    openness_scale: Positive
    prestige_scale: Positive
    loyalty_weight: NonNegative
    tenure_weight: NonNegative
    morale_weight: NonNegative
    switch_margin: NonNegative
    noncompete_weight: NonNegative
    outreach_bonus: NonNegative
    counter_bonus: NonNegative  # goodwill of being asked to stay
    noise: NonNegative
    bonus_years: Positive  # a signing bonus counts as bonus / bonus_years per year
    equity_years: Positive  # equity counts as value / equity_years per year
    vest_quarters: Positive
    clawback_quarters: Count
    max_equity_offer: Positive
    equity_pool_refill: NonNegative  # share of the lab added to the pool each year
    morale_drift: float = Field(ge=0, le=1)
    loyalty_per_quarter: Number
    loyalty_outreach: NonNegative
    morale_outreach: NonNegative
    morale_departure_hit: NonNegative
    attrition_base: NonNegative
    attrition_unhappy: NonNegative
    free_agents_per_year: Count
    free_agent_leave_chance: float = Field(ge=0, le=1)
    insight_per_outreach: Count
    insight_per_year: Count
    rumour_decay: Count  # quarters without interest before concern falls one step
    raise_morale: NonNegative  # morale a raise (or a rival's retention raise) adds
    grant_morale: NonNegative  # morale and loyalty a retention grant adds
    grant_loyalty: NonNegative
    join_loyalty: float = Field(ge=0, le=1)  # loyalty on joining a lab...
    join_loyalty_mission: NonNegative  # ...plus this x mission drive x the lab's mission
    join_morale: float = Field(ge=0, le=1)
    content_morale: float = Field(ge=0, le=1)  # loyalty grows at or above this morale...
    loyalty_unhappy_factor: NonNegative  # ...and falls this x as fast below it
    loyalty_mission: NonNegative  # loyalty a quarter from mission drive x lab mission
    unhappy_morale: float = Field(ge=0, le=1)  # below this morale a quarter counts as unhappy
    unhappy_quarters: Count  # unhappy quarters in a row before attrition rises
    morale_base: Number  # morale target: base + field x (this lab's appeal - the field's)...
    morale_field: NonNegative
    morale_min: float = Field(ge=0, le=1)  # ...kept within these bounds
    morale_max: float = Field(ge=0, le=1)
    tenure_cap: PositiveCount  # tenure counts for staying up to this many quarters
    prestige_reputation: float = Field(ge=0, le=1)  # prestige: reputation's share (rank the rest)
    free_agent_reservation: NonNegative  # a free agent's "keep looking", as yearly pay / ref
    free_agent_star_chance: float = Field(ge=0, le=1)  # a new free agent is a star (else senior)
    free_agent_loyalty: tuple[Number, Number]  # ranges of a new free agent's loyalty and morale
    free_agent_morale: tuple[Number, Number]
    free_agent_pay: Positive  # a new free agent's salary: this x the tier's quarterly pay


class VictoryNumbers(DataModel):
    superintelligence: Positive
    ecosystem_share: float = Field(gt=0, le=1)
    market_share: float = Field(gt=0, le=1)
    streak_quarters: Count
    min_researchers: Count  # talent collapse below this many named researchers
    collapse_quarters: Count
    score_capability: NonNegative
    score_ecosystem: NonNegative
    score_market: NonNegative
    score_valuation: NonNegative
    milestone_share: float = Field(gt=0, le=1)  # news when a lab passes this share of the goal


class AdviceNumbers(DataModel):
    """What the player's lab reads and suggests (game.core.advice): never a rule of the game."""

    blur: NonNegative  # how far a stranger's drives and loyalty may be misread
    blur_insight: NonNegative  # each point of insight takes this share off the blur
    band_width: NonNegative  # half-width of an odds band with no insight...
    band_insight: NonNegative  # ...narrowed by this per point of insight...
    band_min: NonNegative  # ...down to this
    market_salary: Positive  # a keen rival's salary: this x current pay (or the tier's)
    market_bonus: NonNegative  # ... and a bonus of this x the tier's reference pay
    rival_counter: NonNegative = 0.0  # a lab that counters is read to match this x the offer
    counter_raise: Positive  # a counter-offer: at least this x current salary...
    counter_match: NonNegative  # ...or this x the rival's salary...
    counter_bonus: NonNegative  # ...and this share of the rival's bonus
    raise_step: Positive  # a suggested raise: this x current salary...
    raise_max: Positive  # ...toward market pay, at most this x current salary


class DifficultyNumbers(DataModel):
    player_cash: Positive  # multiplier of the scenario's starting cash
    player_loyalty: Number  # added to the player's researchers' starting loyalty
    player_efficiency: Positive = 1.0  # multiplier of the player's research efficiency
    rival_aggression: Positive  # multiplier in rules (me.aggression) and rival offers
    outreach_points: Count


class BoundsNumbers(DataModel):
    """What a quarter may produce (game.core.phases.bounds): at least what a data file may give."""

    number: float = Field(ge=MAX_DATA, le=1e300)  # largest number of a game, either sign


class Balance(DataModel):
    start_year: Whole
    start_quarter: int = Field(ge=1, le=4)
    economy: EconomyNumbers
    research: ResearchNumbers
    open: OpenNumbers
    talent: TalentNumbers
    victory: VictoryNumbers
    advice: AdviceNumbers
    tiers: dict[Tier, TierNumbers]
    difficulty: dict[Difficulty, DifficultyNumbers]
    bounds: BoundsNumbers


class Seat(DataModel):
    """`[labs.seat]`: what playing this lab means. `description` says what is hard about it;
    the numbers, each optional, replace the lab's own only when the player takes this seat."""

    description: str = ""
    cash: Number | None = None
    compute_owned: NonNegative | None = None
    capability: NonNegative | None = None
    ecosystem: NonNegative | None = None
    revenue: NonNegative | None = None
    valuation: NonNegative | None = None
    reputation: float | None = Field(default=None, ge=0, le=100)
    mission: float | None = Field(default=None, ge=0, le=1)
    outside_funding: NonNegative | None = None
    efficiency: Positive | None = None
    pay_scale: Positive | None = None
    equity_pool: NonNegative | None = None
    loyalty: Number = 0.0  # added to the lab's researchers' starting loyalty (clamped 0..1)
    score: float = Field(default=1.0, gt=0, le=10)  # the score's multiplier in this seat

    def overrides(self) -> dict[str, float]:
        """The lab's numbers this seat replaces."""
        return self.model_dump(exclude={"description", "loyalty", "score"}, exclude_none=True)


class ScenarioLab(DataModel):
    id: str
    name: str
    # the playbook a rival runs this lab by; the player's seat keeps it as the lab's kind (what
    # rules read as `me.playbook`, `target.lab_playbook`) but never runs it
    playbook: str | None = None
    # the scenario's own player lab has no kind of its own: this playbook runs it when the player
    # takes another seat (without one, the default lab is the only seat)
    rival_playbook: str | None = None
    player: bool = False  # the scenario's default seat (`Scenario.player`)
    description: str = ""
    seat: Seat = Field(default_factory=Seat)
    cash: Number
    compute_owned: NonNegative
    compute_on_order: NonNegative = 0.0
    capability: NonNegative
    previous_model: NonNegative
    open_release: NonNegative = 0.0
    releases: list[Whole] = Field(default_factory=list)
    ecosystem: NonNegative = 0.0
    reputation: float = Field(ge=0, le=100)
    revenue: NonNegative = 0.0
    valuation: NonNegative
    outside_funding: NonNegative = 0.0
    headcount: Count
    mission: float = Field(ge=0, le=1)
    efficiency: Positive = 1.0
    pay_scale: Positive = 1.0
    equity_pool: NonNegative


class ScenarioResearcher(DataModel):
    id: str
    name: str
    tier: Tier
    specialty: Specialty
    skill: float = Field(ge=0, le=100)
    drives: Drives
    lab: str | None = None
    loyalty: float = Field(ge=0, le=1)
    morale: float = Field(ge=0, le=1)
    tenure: Count = 0
    salary: NonNegative
    unvested: NonNegative = 0.0  # share of the lab, vesting over vest_quarters
    vest_quarters: Count = 0
    clawback: NonNegative = 0.0
    clawback_quarters: Count = 0
    noncompete: Count = 0
    notable: str = ""
    concern: dict[str, Count] = Field(default_factory=dict)

    @field_validator("drives")
    @classmethod
    def _bounded_drives(cls, drives: Drives) -> Drives:
        for name, value in drives.as_dict().items():
            if not value <= MAX_DATA:  # (NaN too)
                raise ValueError(f"{name} must be a finite number from 0 to {MAX_DATA:g}")
        return drives


class Scenario(DataModel):
    id: str
    title: str
    description: str
    player: str  # the default seat: the player's lab unless another seat is chosen
    open_frontier: NonNegative
    demand: NonNegative
    gpu_price: Positive
    rent_price: Positive
    last_quarter: Count
    labs: list[ScenarioLab]
    researchers: list[ScenarioResearcher]

    def seats(self) -> list[str]:
        """The labs the player may run, the default first: every lab when the default lab has
        a playbook for a rival to run it by, else the default alone."""
        default = next(lab for lab in self.labs if lab.id == self.player)
        if default.rival_playbook is None:
            return [default.id]
        return [default.id, *(lab.id for lab in self.labs if lab.id != default.id)]


class NamePool(Model):
    """Fictional names and flavour for free agents who enter the market each year."""

    first: list[str] = Field(min_length=1)
    last: list[str] = Field(min_length=1)
    notable: dict[Specialty, list[str]]


class NewsTemplates(Model):
    """Headline templates for what the core itself reports (moves, releases, rounds, wins)."""

    templates: dict[str, list[str]]


@dataclass(frozen=True)
class Content:
    """Everything loaded from assets/ (and mods), handed to the core."""

    balance: Balance
    # by id; `game.content` gives a mapping that validates a scenario when it is looked up
    scenarios: Mapping[str, Scenario]
    playbooks: dict[str, Playbook]
    events: dict[str, Event]
    names: NamePool
    news: NewsTemplates
    sources: tuple[str, ...] = field(default_factory=tuple)
    verdicts: ScoreTable | None = None  # assets/verdicts.toml: the score and its verdicts
