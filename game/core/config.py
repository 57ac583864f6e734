"""The shapes of the game's data files: balance numbers and scenarios.

The values live in `assets/`; `game.content` reads them. Nothing here has a tunable default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import Field, NonNegativeFloat, NonNegativeInt, PositiveFloat, PositiveInt

from game.core.models import Difficulty, Drives, Model, Specialty, Tier

if TYPE_CHECKING:
    from game.rules import Event, Playbook


class TierNumbers(Model):
    weight: PositiveFloat  # research weight of one researcher of this tier
    reference_pay: PositiveFloat  # yearly pay ($M) the market considers normal for the tier
    min_salary: NonNegativeFloat  # lowest salary per quarter an offer may carry
    default_grant: NonNegativeFloat  # a retention grant's usual size (share of the lab)
    free_agent_skill: tuple[float, float]  # range of a new free agent's skill


class EconomyNumbers(Model):
    power_cost: NonNegativeFloat  # per owned compute unit per quarter
    staff_cost: NonNegativeFloat  # per rank-and-file employee per quarter
    demand_growth: float  # per quarter
    gpu_price_drift: float  # per quarter (negative: GPUs get cheaper)
    rent_price_drift: float
    moat_floor: NonNegativeFloat  # API share weight of a lab at or below the open frontier
    moat_reference: NonNegativeFloat  # demand left to open models / in-house use
    moat_power: PositiveFloat
    valuation_revenue_multiple: PositiveFloat  # valuation = multiple x yearly revenue + ...
    valuation_capability_value: NonNegativeFloat  # $M of valuation per capability point over 50
    valuation_ecosystem_value: NonNegativeFloat  # $M per thousand developers
    valuation_smoothing: float = Field(ge=0, le=1)
    funding_round_quarters: PositiveFloat  # raise when runway falls under this
    funding_round_share: PositiveFloat  # share of valuation sold in a normal round
    emergency_discount: float = Field(gt=0, le=1)  # valuation multiplier of an emergency round
    emergency_share: PositiveFloat
    max_buy_per_quarter: NonNegativeInt
    max_rent_per_quarter: NonNegativeInt
    valuation_capability_base: NonNegativeFloat  # capability worth nothing to investors
    emergency_cover: PositiveFloat  # an emergency round brings this x the shortfall (at least)
    funding_round_cooldown: NonNegativeInt  # quarters between two rounds of one lab


class ResearchNumbers(Model):
    talent_exponent: PositiveFloat
    compute_exponent: PositiveFloat
    scale: PositiveFloat
    frontier_reference: PositiveFloat  # diminishing returns: gain x (reference / capability)^power
    frontier_power: NonNegativeFloat
    spillover: NonNegativeFloat  # share of the gap to the open frontier closed per quarter
    headcount_weight: NonNegativeFloat
    morale_floor: float = Field(ge=0, le=1)  # output of a researcher at zero morale
    specialty_mix_bonus: NonNegativeFloat  # bonus for covering every specialty
    generation_step: PositiveFloat  # capability gain that makes a new model generation
    luck: NonNegativeFloat = 0.0  # spread of a quarter's research (breakthroughs and stalls)


class OpenNumbers(Model):
    ecosystem_per_release: NonNegativeFloat  # thousands of developers per point of open capability
    ecosystem_per_spend: NonNegativeFloat  # thousands of developers per $M of ecosystem spend
    ecosystem_decay: float = Field(ge=0, le=1)
    release_reputation: NonNegativeFloat
    ecosystem_pull: NonNegativeFloat  # developers drawn a quarter per point of open model...
    pull_window: PositiveFloat  # ...within this many points of the open frontier
    openness_window: PositiveFloat  # quarters of release history that count for openness
    # ecosystem spend works in full for an open model at the frontier, down to this share
    # for one a whole pull window (or more) behind it, or no open model at all
    spend_floor: float = Field(default=1.0, ge=0, le=1)
    decay_near: NonNegativeFloat  # an open model this near the frontier...
    decay_near_gap: NonNegativeFloat  # ...(within this many points) slows ecosystem decay x this
    openness_per_release: NonNegativeFloat  # quarters of openness one release counts for


class TalentNumbers(Model):
    money_scale: PositiveFloat
    compute_scale: PositiveFloat
    compute_reference: PositiveFloat  # compute per researcher that counts as "plenty"
    mission_scale: PositiveFloat
    openness_scale: PositiveFloat
    prestige_scale: PositiveFloat
    loyalty_weight: NonNegativeFloat
    tenure_weight: NonNegativeFloat
    morale_weight: NonNegativeFloat
    switch_margin: NonNegativeFloat
    noncompete_weight: NonNegativeFloat
    outreach_bonus: NonNegativeFloat
    counter_bonus: NonNegativeFloat  # goodwill of being asked to stay
    noise: NonNegativeFloat
    bonus_years: PositiveFloat  # a signing bonus counts as bonus / bonus_years per year
    equity_years: PositiveFloat  # equity counts as value / equity_years per year
    vest_quarters: PositiveFloat
    clawback_quarters: NonNegativeInt
    max_equity_offer: PositiveFloat
    equity_pool_refill: NonNegativeFloat  # share of the lab added to the pool each year
    morale_drift: float = Field(ge=0, le=1)
    loyalty_per_quarter: float
    loyalty_outreach: NonNegativeFloat
    morale_outreach: NonNegativeFloat
    morale_departure_hit: NonNegativeFloat
    attrition_base: NonNegativeFloat
    attrition_unhappy: NonNegativeFloat
    free_agents_per_year: NonNegativeInt
    free_agent_leave_chance: float = Field(ge=0, le=1)
    insight_per_outreach: NonNegativeInt
    insight_per_year: NonNegativeInt
    rumour_decay: NonNegativeInt  # quarters without interest before concern falls one step
    raise_morale: NonNegativeFloat  # morale a raise (or a rival's retention raise) adds
    grant_morale: NonNegativeFloat  # morale and loyalty a retention grant adds
    grant_loyalty: NonNegativeFloat
    join_loyalty: float = Field(ge=0, le=1)  # loyalty on joining a lab...
    join_loyalty_mission: NonNegativeFloat  # ...plus this x mission drive x the lab's mission
    join_morale: float = Field(ge=0, le=1)
    content_morale: float = Field(ge=0, le=1)  # loyalty grows at or above this morale...
    loyalty_unhappy_factor: NonNegativeFloat  # ...and falls this x as fast below it
    loyalty_mission: NonNegativeFloat  # loyalty a quarter from mission drive x lab mission
    unhappy_morale: float = Field(ge=0, le=1)  # below this morale a quarter counts as unhappy
    unhappy_quarters: NonNegativeInt  # unhappy quarters in a row before attrition rises
    morale_base: float  # morale target: base + field x (this lab's appeal - the field's)...
    morale_field: NonNegativeFloat
    morale_min: float = Field(ge=0, le=1)  # ...kept within these bounds
    morale_max: float = Field(ge=0, le=1)
    tenure_cap: PositiveInt  # tenure counts for staying up to this many quarters
    prestige_reputation: float = Field(ge=0, le=1)  # prestige: reputation's share (rank the rest)
    free_agent_reservation: NonNegativeFloat  # a free agent's "keep looking", as yearly pay / ref
    free_agent_star_chance: float = Field(ge=0, le=1)  # a new free agent is a star (else senior)
    free_agent_loyalty: tuple[float, float]  # ranges of a new free agent's loyalty and morale
    free_agent_morale: tuple[float, float]
    free_agent_pay: PositiveFloat  # a new free agent's salary: this x the tier's quarterly pay


class VictoryNumbers(Model):
    superintelligence: PositiveFloat
    ecosystem_share: float = Field(gt=0, le=1)
    market_share: float = Field(gt=0, le=1)
    streak_quarters: NonNegativeInt
    min_researchers: NonNegativeInt  # talent collapse below this many named researchers
    collapse_quarters: NonNegativeInt
    score_capability: NonNegativeFloat
    score_ecosystem: NonNegativeFloat
    score_market: NonNegativeFloat
    score_valuation: NonNegativeFloat
    milestone_share: float = Field(gt=0, le=1)  # news when a lab passes this share of the goal


class AdviceNumbers(Model):
    """What the player's lab reads and suggests (game.core.advice): never a rule of the game."""

    blur: NonNegativeFloat  # how far a stranger's drives and loyalty may be misread
    blur_insight: NonNegativeFloat  # each point of insight takes this share off the blur
    band_width: NonNegativeFloat  # half-width of an odds band with no insight...
    band_insight: NonNegativeFloat  # ...narrowed by this per point of insight...
    band_min: NonNegativeFloat  # ...down to this
    market_salary: PositiveFloat  # a keen rival's salary: this x current pay (or the tier's)
    market_bonus: NonNegativeFloat  # ... and a bonus of this x the tier's reference pay
    counter_raise: PositiveFloat  # a counter-offer: at least this x current salary...
    counter_match: NonNegativeFloat  # ...or this x the rival's salary...
    counter_bonus: NonNegativeFloat  # ...and this share of the rival's bonus
    raise_step: PositiveFloat  # a suggested raise: this x current salary...
    raise_max: PositiveFloat  # ...toward market pay, at most this x current salary


class DifficultyNumbers(Model):
    player_cash: PositiveFloat  # multiplier of the scenario's starting cash
    player_loyalty: float  # added to the player's researchers' starting loyalty
    player_efficiency: PositiveFloat = 1.0  # multiplier of the player's research efficiency
    rival_aggression: PositiveFloat  # multiplier in rules (me.aggression) and rival offers
    outreach_points: NonNegativeInt


class Balance(Model):
    start_year: int
    start_quarter: int = Field(ge=1, le=4)
    economy: EconomyNumbers
    research: ResearchNumbers
    open: OpenNumbers
    talent: TalentNumbers
    victory: VictoryNumbers
    advice: AdviceNumbers
    tiers: dict[Tier, TierNumbers]
    difficulty: dict[Difficulty, DifficultyNumbers]


class ScenarioLab(Model):
    id: str
    name: str
    playbook: str | None = None
    player: bool = False
    description: str = ""
    cash: float
    compute_owned: NonNegativeFloat
    compute_on_order: NonNegativeFloat = 0.0
    capability: NonNegativeFloat
    previous_model: NonNegativeFloat
    open_release: NonNegativeFloat = 0.0
    releases: list[int] = Field(default_factory=list)
    ecosystem: NonNegativeFloat = 0.0
    reputation: float = Field(ge=0, le=100)
    revenue: NonNegativeFloat = 0.0
    valuation: NonNegativeFloat
    outside_funding: NonNegativeFloat = 0.0
    headcount: NonNegativeInt
    mission: float = Field(ge=0, le=1)
    efficiency: PositiveFloat = 1.0
    pay_scale: PositiveFloat = 1.0
    equity_pool: NonNegativeFloat


class ScenarioResearcher(Model):
    id: str
    name: str
    tier: Tier
    specialty: Specialty
    skill: float = Field(ge=0, le=100)
    drives: Drives
    lab: str | None = None
    loyalty: float = Field(ge=0, le=1)
    morale: float = Field(ge=0, le=1)
    tenure: NonNegativeInt = 0
    salary: NonNegativeFloat
    unvested: NonNegativeFloat = 0.0  # share of the lab, vesting over vest_quarters
    vest_quarters: NonNegativeInt = 0
    clawback: NonNegativeFloat = 0.0
    clawback_quarters: NonNegativeInt = 0
    noncompete: NonNegativeInt = 0
    notable: str = ""
    concern: dict[str, int] = Field(default_factory=dict)


class Scenario(Model):
    id: str
    title: str
    description: str
    player: str  # the player's lab id
    open_frontier: NonNegativeFloat
    demand: NonNegativeFloat
    gpu_price: PositiveFloat
    rent_price: PositiveFloat
    last_quarter: NonNegativeInt
    labs: list[ScenarioLab]
    researchers: list[ScenarioResearcher]


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
