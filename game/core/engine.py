"""The one entry point that advances the game, and the start of a new game.

`advance(state, orders, content)` validates the player's orders, resolves the quarter in
GAME.md's order and returns a new state plus the quarter's report. Nothing else mutates a state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from game.core import quarter as quarter_mod
from game.core.calendar import quarter_label
from game.core.config import Content, Scenario
from game.core.legal import OrderError, validate
from game.core.market import named_counts
from game.core.models import (
    EquityGrant,
    GameState,
    Lab,
    LabSnapshot,
    OrderRecord,
    Orders,
    QuarterReport,
    Researcher,
)
from game.core.numbers import count
from game.core.phases import (
    bounds,
    economy,
    events,
    markets,
    outcome,
    people,
    player,
    releases,
    research,
    rivals,
    talent,
)
from game.core.quarter import Quarter

Phase = Callable[[GameState, Quarter], None]

# GAME.md's quarter, in order, then the bounds every number of it is kept in. The calendar turns
# between these and the outcome phase.
PHASES: tuple[Phase, ...] = (
    player.player_orders,
    rivals.rival_orders,
    talent.decide,
    economy.compute_and_costs,
    research.research,
    releases.releases,
    markets.markets,
    events.events,
    people.people,
    bounds.bounds,
)


def state_hash(state: GameState) -> str:
    """A fingerprint of the whole game except its order log and its daily label (which
    changes no play): the SHA-256 of `state.model_dump_json(exclude={"log", "daily"})`."""
    data = state.model_dump_json(exclude={"log", "daily"}).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def label(state: GameState, content: Content) -> str:
    bal = content.balance
    return quarter_label(state.quarter, bal.start_year, bal.start_quarter)


class SeatError(ValueError):
    """A lab the player cannot run in this scenario; the message is one line naming the seats."""


def check_seat(sc: Scenario, lab: str | None) -> str:
    """The seat a new game of `sc` gives the player: `lab`, or the scenario's default."""
    seats = sc.seats()
    seat = sc.player if lab is None else lab
    if seat not in seats:
        shown = repr(seat) if len(seat) <= 40 else f"a {len(seat)}-character id"
        raise SeatError(f"unknown lab {shown} in {sc.id} (seats: {', '.join(seats)})")
    return seat


def new_game(
    content: Content, scenario_id: str, seed: int, difficulty: str, lab: str | None = None
) -> GameState:
    """The scenario's opening position for the player running `lab` (default: the scenario's
    own player lab), adjusted for difficulty. The seat's `[labs.seat]` numbers replace its
    lab's; the lab the player left is run by its playbook. An unknown seat is a SeatError."""
    if scenario_id not in content.scenarios:
        raise KeyError(f"unknown scenario {scenario_id!r}")
    sc = content.scenarios[scenario_id]
    seat = check_seat(sc, lab)
    bal = content.balance
    diff = bal.difficulty[difficulty]  # type: ignore[index]
    labs: dict[str, Lab] = {}
    for sl in sc.labs:
        data = sl.model_dump(exclude={"description", "seat", "rival_playbook"})
        data["player"] = sl.id == seat
        if sl.id == seat:
            data.update(sl.seat.overrides())
        elif sl.id == sc.player:  # the lab the player left
            data["playbook"] = sl.rival_playbook
        lab_ = Lab(**data, progress=data["capability"])
        if lab_.player:
            lab_.cash *= diff.player_cash
            lab_.efficiency *= diff.player_efficiency
        labs[lab_.id] = lab_
    seat_loyalty = next(sl.seat.loyalty for sl in sc.labs if sl.id == seat)
    researchers: dict[str, Researcher] = {}
    for sr in sc.researchers:
        grants = (
            [EquityGrant(share=sr.unvested, quarters_left=max(1, sr.vest_quarters))]
            if sr.unvested > 0
            else []
        )
        loyalty = sr.loyalty
        if sr.lab == seat:
            loyalty = min(1.0, max(0.0, loyalty + seat_loyalty + diff.player_loyalty))
        researchers[sr.id] = Researcher(
            id=sr.id,
            name=sr.name,
            tier=sr.tier,
            specialty=sr.specialty,
            skill=sr.skill,
            drives=sr.drives,
            lab=sr.lab,
            loyalty=loyalty,
            morale=sr.morale,
            tenure=sr.tenure,
            salary=sr.salary,
            grants=grants,
            clawback=sr.clawback,
            clawback_quarters=sr.clawback_quarters,
            noncompete=sr.noncompete,
            notable=sr.notable,
            concern=dict(sr.concern),
            insight=(1 + sr.tenure // 4) if sr.lab == seat else 0,
        )
    state = GameState(
        scenario=sc.id,
        seed=seed,
        difficulty=difficulty,  # type: ignore[arg-type]
        last_quarter=sc.last_quarter,
        player=seat,
        labs=labs,
        researchers=researchers,
        open_frontier=max([sc.open_frontier, *(lab.open_release for lab in labs.values())]),
        demand=sc.demand,
        gpu_price=sc.gpu_price,
        rent_price=sc.rent_price,
    )
    for lab in labs.values():
        state.history[lab.id] = [snapshot(state, lab)]
    return state


def snapshot(state: GameState, lab: Lab, researchers: int | None = None) -> LabSnapshot:
    """The lab's line of history. Pass `researchers` (from `named_counts`) when snapshotting
    every lab."""
    if researchers is None:
        researchers = count(1 for r in state.researchers.values() if r.lab == lab.id)
    return LabSnapshot(
        quarter=state.quarter,
        cash=lab.cash,
        capability=lab.capability,
        compute=lab.compute_owned + lab.compute_rented,
        researchers=researchers,
        revenue=lab.revenue,
        ecosystem=lab.ecosystem,
        valuation=lab.valuation,
        open_release=lab.open_release,
    )


def advance(state: GameState, orders: Orders, content: Content) -> tuple[GameState, QuarterReport]:
    """Resolve one quarter: the only way to a new state. Illegal orders raise OrderError and
    change nothing; `state` is left untouched and the new state is a copy."""
    reasons = validate(state, orders, content)
    if reasons:
        raise OrderError(reasons)
    new = copy_state(state)
    kept = orders.model_copy(deep=True)  # the phases only read it; the log keeps it
    ctx = quarter_mod.start(new, kept, content)
    for phase in PHASES:
        phase(new, ctx)
    new.quarter += 1
    outcome.outcome(new, ctx)
    report = _close(new, ctx)
    new.reports.append(report)
    new.log.append(OrderRecord(quarter=report.quarter, orders=kept, state_hash=""))
    new.log[-1].state_hash = state_hash(new)
    return new, report


def _close(state: GameState, ctx: Quarter) -> QuarterReport:
    """The quarter's line of history for every lab, and its finished report."""
    report = ctx.report
    counts = named_counts(state)
    for lab in state.labs.values():
        state.history.setdefault(lab.id, []).append(snapshot(state, lab, counts[lab.id]))
        report.capability[lab.id] = (ctx.capability_before.get(lab.id, 0.0), lab.capability)
    report.cash_after = state.player_lab.cash
    report.headlines = ctx.headlines
    state.news = list(ctx.headlines)
    return report


def copy_state(state: GameState) -> GameState:
    """A copy of everything a quarter changes. Drives, equity grants, approaches, terms and
    records are never changed in place (they are replaced), so they are shared; lists a quarter
    appends to are new lists."""
    return state.model_copy(
        update={
            "labs": {
                k: v.model_copy(update={"releases": list(v.releases)})
                for k, v in state.labs.items()
            },
            "researchers": {
                k: v.model_copy(update={"grants": list(v.grants), "concern": dict(v.concern)})
                for k, v in state.researchers.items()
            },
            "approaches": list(state.approaches),
            "news": list(state.news),
            "history": {k: list(v) for k, v in state.history.items()},
            "reports": list(state.reports),
            "log": list(state.log),
            "event_last": dict(state.event_last),
        }
    )


__all__ = ["OrderError", "SeatError", "advance", "check_seat", "label", "new_game", "state_hash"]
