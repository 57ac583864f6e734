"""The game state: every entity of GAME.md as a pydantic model.

Units: money in $M, compute in units of 1,000 H100-equivalents, shares in 0..1.
One `GameState` holds the whole game and serialises to JSON and back without loss.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, NonNegativeInt

from game.core.numbers import add_up

Tier = Literal["superstar", "star", "senior"]
Specialty = Literal["pretraining", "reasoning", "infrastructure", "multimodal", "alignment"]
Difficulty = Literal["easy", "normal", "hard"]
Drive = Literal["money", "compute", "mission", "openness", "prestige", "loyalty"]
Road = Literal["superintelligence", "ecosystem", "market", "score"]
DefeatCause = Literal["bankruptcy", "rival_victory", "talent_collapse"]
ReleaseChoice = Literal["keep", "current", "previous"]

TIERS: tuple[Tier, ...] = ("superstar", "star", "senior")
SPECIALTIES: tuple[Specialty, ...] = (
    "pretraining",
    "reasoning",
    "infrastructure",
    "multimodal",
    "alignment",
)
DRIVES: tuple[str, ...] = ("money", "compute", "mission", "openness", "prestige")
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "normal", "hard")
TIER_RANK: dict[str, int] = {"superstar": 3, "star": 2, "senior": 1}


class Model(BaseModel):
    """Base for every state model: strict about unknown fields, mutable in the core."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Drives(Model):
    """What a researcher weighs when choosing a lab; weights in 0..1."""

    money: NonNegativeFloat
    compute: NonNegativeFloat
    mission: NonNegativeFloat
    openness: NonNegativeFloat
    prestige: NonNegativeFloat

    def as_dict(self) -> dict[str, float]:
        return {d: getattr(self, d) for d in DRIVES}


class EquityGrant(Model):
    """Unvested equity: a share of the lab that vests evenly over `quarters_left`."""

    share: NonNegativeFloat
    quarters_left: NonNegativeInt


class OfferTerms(Model):
    """What a lab puts on the table: salary per quarter, one-off signing bonus, equity share."""

    salary: NonNegativeFloat
    bonus: NonNegativeFloat = 0.0
    equity: NonNegativeFloat = 0.0
    outreach: bool = False
    role: str | None = None


class Researcher(Model):
    id: str
    name: str
    tier: Tier
    specialty: Specialty
    skill: float = Field(ge=0, le=100)
    drives: Drives
    lab: str | None = None  # None: a free agent
    loyalty: float = Field(ge=0, le=1)
    morale: float = Field(ge=0, le=1)
    tenure: NonNegativeInt = 0
    salary: NonNegativeFloat = 0.0
    grants: list[EquityGrant] = Field(default_factory=list)
    clawback: NonNegativeFloat = 0.0  # signing bonus repayable on leaving
    clawback_quarters: NonNegativeInt = 0
    noncompete: NonNegativeInt = 0  # quarters sat out when leaving for a rival
    benched: NonNegativeInt = 0  # quarters left before contributing at the current lab
    notable: str = ""
    concern: dict[str, int] = Field(default_factory=dict)  # lab id -> 1 rumour, 2 approach
    insight: NonNegativeInt = 0  # how well the player's CEO knows them (outreach, tenure)
    last_reason: str | None = None
    quarters_unhappy: NonNegativeInt = 0

    @property
    def unvested_share(self) -> float:
        return add_up(g.share for g in self.grants)


class Lab(Model):
    id: str
    name: str
    playbook: str | None = None  # run for a rival; the player's seat keeps its kind, not run
    player: bool = False
    cash: float
    compute_owned: NonNegativeFloat
    compute_on_order: NonNegativeFloat = 0.0
    compute_rented: NonNegativeFloat = 0.0
    capability: NonNegativeFloat
    previous_model: NonNegativeFloat = 0.0
    open_release: NonNegativeFloat = 0.0  # best open-weights capability released
    releases: list[int] = Field(default_factory=list)  # quarters with an open release
    ecosystem: NonNegativeFloat = 0.0  # developers building on its open models (thousands)
    reputation: float = Field(ge=0, le=100)
    revenue: NonNegativeFloat = 0.0  # API revenue last quarter
    valuation: NonNegativeFloat
    outside_funding: NonNegativeFloat = 0.0  # per quarter, from a parent company
    headcount: NonNegativeInt = 0  # rank-and-file staff
    mission: float = Field(default=0.5, ge=0, le=1)  # how mission-driven the lab reads
    efficiency: float = Field(default=1.0, gt=0)  # research output per unit of talent x compute
    pay_scale: float = Field(default=1.0, gt=0)  # the lab's usual pay level vs the market
    equity_pool: NonNegativeFloat = 0.0  # share of the lab still free to grant
    progress: NonNegativeFloat = 0.0  # research progress toward the next capability gain
    emergency_rounds: NonNegativeInt = 0
    market_streak: NonNegativeInt = 0
    eco_streak: NonNegativeInt = 0
    bankrupt: bool = False


class Approach(Model):
    """A rival's offer to one of the player's researchers, decided at `deadline`."""

    id: str
    lab: str
    researcher: str
    terms: OfferTerms
    deadline: NonNegativeInt  # the quarter whose resolution decides it


class Headline(Model):
    quarter: NonNegativeInt
    text: str
    kind: str = "news"  # news, move, release, event, funding, milestone
    lab: str | None = None


class Move(Model):
    """A researcher changing labs (or leaving the field, or declining an offer)."""

    researcher: str
    name: str
    tier: Tier
    kind: Literal["joined", "left", "declined", "retired", "entered"]
    from_lab: str | None
    to_lab: str | None
    reason: str  # the deciding drive
    quarter: NonNegativeInt


class LabSnapshot(Model):
    quarter: NonNegativeInt
    cash: float
    capability: float
    compute: float
    researchers: NonNegativeInt
    revenue: float
    ecosystem: float
    valuation: float
    open_release: float


class Money(Model):
    """The player's money in and out over one quarter ($M): every change of cash, so the items
    add up to the change (`net`)."""

    revenue: float = 0.0
    funding: float = 0.0  # funding rounds (emergency rounds too)
    outside: float = 0.0  # a parent company's funding
    payroll: float = 0.0
    bonuses: float = 0.0  # signing bonuses of new hires
    buyouts: float = 0.0  # clawbacks bought out for new hires
    counters: float = 0.0  # bonuses of accepted counter-offers
    staff: float = 0.0
    power: float = 0.0
    gpus: float = 0.0
    rent: float = 0.0
    ecosystem: float = 0.0
    clawbacks: float = 0.0
    events: float = 0.0  # either sign
    other: float = 0.0  # anything else (a number kept in bounds), either sign

    # the items that only bring money in, those that only take it out; `events` and `other`
    # go either way
    MONEY_IN: ClassVar[tuple[str, ...]] = ("revenue", "funding", "outside", "clawbacks")
    MONEY_OUT: ClassVar[tuple[str, ...]] = (
        "payroll",
        "bonuses",
        "buyouts",
        "counters",
        "staff",
        "power",
        "gpus",
        "rent",
        "ecosystem",
    )
    EITHER_WAY: ClassVar[tuple[str, ...]] = ("events", "other")

    @property
    def income(self) -> float:
        items = [getattr(self, k) for k in self.MONEY_IN]
        return add_up([*items, *(max(0.0, getattr(self, k)) for k in self.EITHER_WAY)])

    @property
    def spending(self) -> float:
        items = [getattr(self, k) for k in self.MONEY_OUT]
        return add_up([*items, *(max(0.0, -getattr(self, k)) for k in self.EITHER_WAY)])

    @property
    def net(self) -> float:
        """The change in cash these items make."""
        return self.income - self.spending


class Compute(Model):
    """The player's compute (owned + rented, thousands of H100s) over one quarter."""

    before: float = 0.0  # owned, plus last quarter's rental
    delivered: float = 0.0  # GPUs bought, delivered
    rented: float = 0.0  # this quarter only
    expired: float = 0.0  # last quarter's rental, ended
    events: float = 0.0

    @property
    def change(self) -> float:
        return self.delivered + self.rented - self.expired + self.events


class Capability(Model):
    """Where the player's capability gain came from over one quarter (points)."""

    research: float = 0.0  # talent and compute
    spillover: float = 0.0  # catching up toward the open frontier
    luck: float = 0.0  # the quarter's breakthroughs or stalls, either sign
    events: float = 0.0

    @property
    def change(self) -> float:
        return self.research + self.spillover + self.luck + self.events


class OfferResult(Model):
    """What became of one of the player's offers or counter-offers this quarter."""

    researcher: str
    name: str
    tier: Tier
    kind: Literal["offer", "counter"]
    accepted: bool
    reason: str  # the drive that decided it
    from_lab: str | None  # where they were (None: a free agent)
    winner: str | None  # where they are now (None: still on the open market)


class QuarterReport(Model):
    quarter: NonNegativeInt  # the quarter that was resolved
    moves: list[Move] = Field(default_factory=list)
    money: Money = Field(default_factory=Money)
    compute: Compute = Field(default_factory=Compute)
    gains: Capability = Field(default_factory=Capability)
    cash_before: float = 0.0
    cash_after: float = 0.0
    capability: dict[str, tuple[float, float]] = Field(default_factory=dict)
    headlines: list[Headline] = Field(default_factory=list)
    new_approaches: list[str] = Field(default_factory=list)
    rumours: list[tuple[str, str]] = Field(default_factory=list)  # (lab, researcher)
    deliveries: float = 0.0
    released: str | None = None
    decided: dict[str, bool] = Field(default_factory=dict)  # every decision: researcher -> moved
    offers: list[OfferResult] = Field(default_factory=list)  # the player's offers and counters


class Outcome(Model):
    result: Literal["won", "lost"]
    road: Road | None  # the road that ended the game, whoever took it
    cause: DefeatCause | None = None  # why the player lost
    winner: str | None
    quarter: NonNegativeInt  # the last quarter played
    text: str


class OrderRecord(Model):
    quarter: NonNegativeInt
    orders: Orders
    state_hash: str  # hash of the state after this quarter resolved


class GameState(Model):
    scenario: str
    seed: int
    difficulty: Difficulty
    quarter: NonNegativeInt = 0  # 0 = 2025-Q3
    last_quarter: NonNegativeInt
    player: str
    labs: dict[str, Lab]
    researchers: dict[str, Researcher]
    approaches: list[Approach] = Field(default_factory=list)
    open_frontier: NonNegativeFloat = 0.0
    demand: NonNegativeFloat  # API market per quarter, $M, at full moat
    gpu_price: NonNegativeFloat
    rent_price: NonNegativeFloat
    news: list[Headline] = Field(default_factory=list)  # last quarter's headlines
    history: dict[str, list[LabSnapshot]] = Field(default_factory=dict)
    reports: list[QuarterReport] = Field(default_factory=list)
    log: list[OrderRecord] = Field(default_factory=list)
    outcome: Outcome | None = None
    low_talent_quarters: NonNegativeInt = 0
    event_last: dict[str, int] = Field(default_factory=dict)  # event id -> last quarter fired
    next_id: NonNegativeInt = 0
    daily: str | None = Field(
        default=None,
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        description="the UTC date of the daily challenge this game is (None: not one)",
    )

    @property
    def player_lab(self) -> Lab:
        return self.labs[self.player]

    @property
    def over(self) -> bool:
        return self.outcome is not None


# --- the player's orders --------------------------------------------------------------


class Split(Model):
    """The discretionary budget split between the three levers ($M)."""

    gpus: NonNegativeFloat = 0.0
    offers: NonNegativeFloat = 0.0
    open: NonNegativeFloat = 0.0  # all of it goes to the developer ecosystem

    @property
    def total(self) -> float:
        return self.gpus + self.offers + self.open


class OfferOrder(Model):
    researcher: str
    terms: OfferTerms


class CounterOrder(Model):
    approach: str
    terms: OfferTerms


class RaiseOrder(Model):
    researcher: str
    salary: NonNegativeFloat  # the new salary per quarter


class GrantOrder(Model):
    researcher: str
    equity: float = Field(gt=0)  # a retention grant: share of the lab, vests over 16 quarters


class Orders(Model):
    split: Split = Field(default_factory=Split)
    buy: NonNegativeInt = 0  # compute units, delivered next quarter
    rent: NonNegativeInt = 0  # compute units, this quarter only
    offers: list[OfferOrder] = Field(default_factory=list)
    counters: list[CounterOrder] = Field(default_factory=list)
    raises: list[RaiseOrder] = Field(default_factory=list)
    grants: list[GrantOrder] = Field(default_factory=list)
    outreach: list[str] = Field(default_factory=list)  # own researchers the CEO talks to
    release: ReleaseChoice = "keep"


OrderRecord.model_rebuild()
GameState.model_rebuild()
