"""Read-only views of the state that rule expressions see as `me`, `target` and `world`.

Each view carries exactly the fields documented in `game.rules.fields.FIELDS`; a test checks
that the two agree. Views are built once per quarter, so a rule costs an attribute lookup.
"""

from __future__ import annotations

from game.core.config import Content
from game.core.costs import fixed_costs, payrolls
from game.core.market import Appeal
from game.core.models import TIER_RANK, GameState, Lab, Researcher
from game.core.numbers import add_up, count


class LabView:
    __slots__ = (
        "aggression",
        "api_share",
        "budget",
        "capability",
        "capability_rank",
        "cash",
        "compute",
        "compute_on_order",
        "compute_owned",
        "compute_per_researcher",
        "ecosystem",
        "ecosystem_share",
        "headcount",
        "id",
        "is_player",
        "moat",
        "open_release",
        "openness",
        "outside_funding",
        "payroll",
        "playbook",
        "reputation",
        "researchers",
        "revenue",
        "runway",
        "stars",
        "superstars",
        "valuation",
    )

    def __init__(self, **values: object) -> None:
        for key, value in values.items():
            setattr(self, key, value)


class ResearcherView:
    __slots__ = (
        "best_offer_value",
        "concern",
        "drive_compute",
        "drive_mission",
        "drive_money",
        "drive_openness",
        "drive_prestige",
        "free_agent",
        "has_offer",
        "lab",
        "lab_capability",
        "lab_is_player",
        "lab_playbook",
        "loyalty",
        "morale",
        "noncompete",
        "salary",
        "skill",
        "specialty",
        "tenure",
        "tier",
        "tier_rank",
        "unvested",
    )


class WorldView:
    __slots__ = (
        "best_capability",
        "demand",
        "free_agents",
        "gpu_price",
        "labs",
        "open_frontier",
        "player_capability",
        "player_researchers",
        "quarter",
        "rent_price",
        "superintelligence",
        "year",
    )

    def __init__(self, **values: object) -> None:
        for key, value in values.items():
            setattr(self, key, value)


def lab_view(
    state: GameState,
    lab: Lab,
    appeal: Appeal,
    *,
    aggression: float,
    budget: float,
    payroll: float,
    burn: float,
    counts: tuple[int, int, int],
    ecosystem_share: float,
    api_share: float,
) -> LabView:
    compute = lab.compute_owned + lab.compute_rented
    return LabView(
        aggression=aggression,
        api_share=api_share,
        budget=budget,
        capability=lab.capability,
        capability_rank=appeal.rank,
        cash=lab.cash,
        compute=compute,
        compute_on_order=lab.compute_on_order,
        compute_owned=lab.compute_owned,
        compute_per_researcher=appeal.compute_per_researcher,
        ecosystem=lab.ecosystem,
        ecosystem_share=ecosystem_share,
        headcount=lab.headcount,
        id=lab.id,
        is_player=lab.player,
        moat=lab.capability - state.open_frontier,
        open_release=lab.open_release,
        openness=appeal.openness,
        outside_funding=lab.outside_funding,
        payroll=payroll,
        playbook=lab.playbook or "player",
        reputation=lab.reputation,
        researchers=counts[0],
        revenue=lab.revenue,
        runway=99.0 if burn <= 0 else min(99.0, max(0.0, lab.cash) / burn),
        stars=counts[2],
        superstars=counts[1],
        valuation=lab.valuation,
    )


def researcher_view(state: GameState, r: Researcher, valuation: float) -> ResearcherView:
    """One researcher as rules see it (built for every researcher each quarter: the slots are
    filled directly, with no keyword constructor)."""
    lab = state.labs.get(r.lab) if r.lab else None
    d = r.drives
    v = ResearcherView()
    v.best_offer_value = 0.0
    v.concern = 0
    v.drive_compute = d.compute
    v.drive_mission = d.mission
    v.drive_money = d.money
    v.drive_openness = d.openness
    v.drive_prestige = d.prestige
    v.free_agent = lab is None
    v.has_offer = False
    v.lab = r.lab or ""
    v.lab_capability = lab.capability if lab else 0.0
    v.lab_is_player = bool(lab and lab.player)
    # (a seat keeps its lab's kind: the open giant still raids a closed leader the player runs)
    v.lab_playbook = (lab.playbook or ("player" if lab.player else "")) if lab else ""
    v.loyalty = r.loyalty
    v.morale = r.morale
    v.noncompete = r.noncompete
    v.salary = r.salary
    v.skill = r.skill
    v.specialty = r.specialty
    v.tenure = r.tenure
    v.tier = r.tier
    v.tier_rank = TIER_RANK[r.tier]
    v.unvested = r.unvested_share * valuation
    return v


def world_view(state: GameState, content: Content, free_agents: int) -> WorldView:
    bal = content.balance
    player = state.labs[state.player]
    live = [lab for lab in state.labs.values() if not lab.bankrupt]
    return WorldView(
        best_capability=max((lab.capability for lab in live), default=0.0),
        demand=state.demand,
        free_agents=free_agents,
        gpu_price=state.gpu_price,
        labs=len(live),
        open_frontier=state.open_frontier,
        player_capability=player.capability,
        player_researchers=count(1 for r in state.researchers.values() if r.lab == state.player),
        quarter=state.quarter,
        rent_price=state.rent_price,
        superintelligence=bal.victory.superintelligence,
        year=bal.start_year + (bal.start_quarter - 1 + state.quarter) // 4,
    )


class RuleViews:
    """Views of one quarter, shared by every rival's rules and the events: `labs` (each live
    lab as `me`), `targets` (each researcher as `target`) and `world`."""

    def __init__(self, state: GameState, content: Content, appeal: dict[str, Appeal]) -> None:
        s = state
        bal = content.balance
        free = count(1 for r in s.researchers.values() if r.lab is None)
        self.world = world_view(s, content, free)
        counts: dict[str, list[int]] = {lab: [0, 0, 0] for lab in s.labs}
        for r in s.researchers.values():
            if r.lab is not None:
                c = counts[r.lab]
                c[0] += 1
                if r.tier == "superstar":
                    c[1] += 1
                elif r.tier == "star":
                    c[2] += 1
        live = [lab for _, lab in sorted(s.labs.items()) if not lab.bankrupt]
        eco_total = add_up(lab.ecosystem for lab in live) or 1.0
        rev_total = add_up(lab.revenue for lab in live) or 1.0
        aggression = bal.difficulty[s.difficulty].rival_aggression
        self.labs: dict[str, LabView] = {}
        pay = payrolls(s)
        for lab in live:
            fixed = fixed_costs(s, lab, content, pay[lab.id])
            burn = fixed - lab.revenue - lab.outside_funding
            self.labs[lab.id] = lab_view(
                s,
                lab,
                appeal[lab.id],
                aggression=1.0 if lab.player else aggression,
                budget=max(0.0, lab.cash - fixed),
                payroll=pay[lab.id],
                burn=burn,
                counts=(counts[lab.id][0], counts[lab.id][1], counts[lab.id][2]),
                ecosystem_share=lab.ecosystem / eco_total,
                api_share=lab.revenue / rev_total,
            )
        self.targets: dict[str, ResearcherView] = {
            rid: researcher_view(s, r, s.labs[r.lab].valuation if r.lab else 0.0)
            for rid, r in s.researchers.items()
        }
