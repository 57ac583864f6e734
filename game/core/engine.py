"""The one entry point that advances the game, and the start of a new game.

`advance(state, orders, content)` validates the player's orders, resolves the quarter in
GAME.md's order and returns a new state plus the quarter's report. Nothing else mutates a state.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from game.core import rivals as rivals_mod
from game.core import world as world_mod
from game.core.calendar import quarter_label
from game.core.config import Content
from game.core.market import (
    Bid,
    Option,
    appeals,
    choose,
    deciding_drive,
    free_agent_floor,
    named_counts,
    offer_option,
    stay_option,
    yearly_value,
)
from game.core.models import (
    Approach,
    EquityGrant,
    GameState,
    Headline,
    Lab,
    LabSnapshot,
    Move,
    OfferTerms,
    OrderRecord,
    Orders,
    QuarterReport,
    Researcher,
)
from game.core.numbers import money
from game.core.orders import OrderError, validate
from game.core.rng import stream


def state_hash(state: GameState) -> str:
    """A fingerprint of the whole game except its own order log: the SHA-256 of
    `state.model_dump_json(exclude={"log"})`."""
    data = state.model_dump_json(exclude={"log"}).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def label(state: GameState, content: Content) -> str:
    bal = content.balance
    return quarter_label(state.quarter, bal.start_year, bal.start_quarter)


def new_game(content: Content, scenario_id: str, seed: int, difficulty: str) -> GameState:
    """The scenario's opening position, adjusted for difficulty."""
    if scenario_id not in content.scenarios:
        raise KeyError(f"unknown scenario {scenario_id!r}")
    sc = content.scenarios[scenario_id]
    bal = content.balance
    diff = bal.difficulty[difficulty]  # type: ignore[index]
    labs: dict[str, Lab] = {}
    for sl in sc.labs:
        data = sl.model_dump(exclude={"description"})
        lab = Lab(**data, progress=sl.capability)
        if lab.player:
            lab.cash *= diff.player_cash
            lab.efficiency *= diff.player_efficiency
        labs[lab.id] = lab
    researchers: dict[str, Researcher] = {}
    for sr in sc.researchers:
        grants = (
            [EquityGrant(share=sr.unvested, quarters_left=max(1, sr.vest_quarters))]
            if sr.unvested > 0
            else []
        )
        loyalty = sr.loyalty
        if sr.lab == sc.player:
            loyalty = min(1.0, max(0.0, loyalty + diff.player_loyalty))
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
            insight=(1 + sr.tenure // 4) if sr.lab == sc.player else 0,
        )
    state = GameState(
        scenario=sc.id,
        seed=seed,
        difficulty=difficulty,  # type: ignore[arg-type]
        last_quarter=sc.last_quarter,
        player=sc.player,
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
        researchers = sum(1 for r in state.researchers.values() if r.lab == lab.id)
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
    kept = orders.model_copy(deep=True)  # the resolver only reads it; the log keeps it
    report = Resolver(new, kept, content).run()
    new.reports.append(report)
    new.log.append(OrderRecord(quarter=report.quarter, orders=kept, state_hash=""))
    new.log[-1].state_hash = state_hash(new)
    return new, report


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


class Resolver:
    """Resolves one quarter on a state it owns (a fresh copy)."""

    def __init__(self, state: GameState, orders: Orders, content: Content) -> None:
        self.s = state
        self.orders = orders
        self.c = content
        self.bal = content.balance
        self.q = state.quarter
        self.report = QuarterReport(quarter=self.q)
        self.headlines: list[Headline] = []
        self.bids: dict[str, list[Bid]] = defaultdict(list)
        self.counters: dict[str, OfferTerms] = {}  # researcher -> counter terms
        self.departures: dict[str, int] = defaultdict(int)
        self.rented: dict[str, float] = {}
        self.eco_spend: dict[str, float] = {state.player: orders.split.open}
        self.cash_start = {lab_id: lab.cash for lab_id, lab in state.labs.items()}
        self.opened_current: set[str] = set()  # labs that opened their current model
        self.interest: set[tuple[str, str]] = set()
        self.rule_ctx: rivals_mod.RuleContext | None = (
            None  # the rules' views this quarter  # (lab, researcher) courted this quarter
        )

    # -- helpers ---------------------------------------------------------------------
    def rng(self, name: str):
        return stream(self.s.seed, self.q, name)

    def news(self, key: str, kind: str, about: str | None = None, **values: object) -> None:
        options = self.c.news.templates.get(key)
        if not options:
            return
        pick = stream(self.s.seed, self.q, f"news:{key}:{len(self.headlines)}")
        text = pick.choice(options).format_map(_Default(values))
        self.headlines.append(Headline(quarter=self.q, text=text, kind=kind, lab=about))

    def name(self, lab_id: str | None) -> str:
        if lab_id is None:
            return "the open market"
        return self.s.labs[lab_id].name

    def live_labs(self) -> list[Lab]:
        return [lab for _, lab in sorted(self.s.labs.items()) if not lab.bankrupt]

    def new_id(self, prefix: str) -> str:
        self.s.next_id += 1
        return f"{prefix}{self.s.next_id}"

    # -- the quarter -----------------------------------------------------------------
    def run(self) -> QuarterReport:
        s = self.s
        player = s.player_lab
        self.report.cash_before = player.cash
        before = {lab.id: lab.capability for lab in s.labs.values()}

        self.appeal = appeals(s, self.c)
        self.player_orders()
        rivals_mod.rival_orders(self)
        self.decide()
        world_mod.compute_and_costs(self)
        world_mod.research(self)
        world_mod.releases(self)
        world_mod.markets(self)
        world_mod.events(self)
        world_mod.people(self)
        s.quarter += 1
        world_mod.outcome(self)

        counts = named_counts(s)
        for lab in s.labs.values():
            s.history.setdefault(lab.id, []).append(snapshot(s, lab, counts[lab.id]))
            self.report.capability[lab.id] = (before.get(lab.id, 0.0), lab.capability)
        self.report.cash_after = player.cash
        self.report.headlines = self.headlines
        s.news = list(self.headlines)
        return self.report

    def player_orders(self) -> None:
        """Money leaves for GPUs and raises now; offers wait for the researchers' decisions."""
        s, o = self.s, self.orders
        lab = s.player_lab
        if o.buy:
            cost = o.buy * s.gpu_price
            lab.cash -= cost
            lab.compute_on_order += o.buy
            self.report.money.gpus += cost
        self.rented[lab.id] = float(o.rent)
        for raise_ in o.raises:
            s.researchers[raise_.researcher].salary = raise_.salary
            s.researchers[raise_.researcher].morale = min(
                1.0, s.researchers[raise_.researcher].morale + 0.05
            )
        for g in o.grants:
            r = s.researchers[g.researcher]
            r.grants.append(
                EquityGrant(share=g.equity, quarters_left=int(self.bal.talent.vest_quarters))
            )
            lab.equity_pool -= g.equity
            r.morale = min(1.0, r.morale + 0.05)
            r.loyalty = min(1.0, r.loyalty + 0.03)
        t = self.bal.talent
        for rid in o.outreach:
            r = s.researchers[rid]
            r.morale = min(1.0, r.morale + t.morale_outreach)
            r.loyalty = min(1.0, r.loyalty + t.loyalty_outreach)
            r.insight += t.insight_per_outreach
        for offer in o.offers:
            self.bids[offer.researcher].append(Bid(lab.id, offer.terms, "offer"))
        for c in o.counters:
            approach = next(a for a in s.approaches if a.id == c.approach)
            self.counters[approach.researcher] = c.terms
        if o.release != "keep":
            world_mod.release(self, lab, o.release)

    def decide(self) -> None:
        """Approaches due this quarter join the offers; every researcher with one decides."""
        s = self.s
        due = [a for a in s.approaches if a.deadline <= self.q]
        s.approaches = [a for a in s.approaches if a.deadline > self.q]
        for a in due:
            r = s.researchers.get(a.researcher)
            if r is None or r.lab is None or s.labs[a.lab].bankrupt:
                continue
            self.bids[a.researcher].append(Bid(a.lab, a.terms, "approach", a.id))
        rivals_mod.rival_counters(self)

        noise_rng = self.rng("decide")
        t = self.bal.talent
        for rid in sorted(self.bids):
            r = s.researchers.get(rid)
            if r is None:
                continue
            bids = [b for b in self.bids[rid] if b.lab != r.lab and not s.labs[b.lab].bankrupt]
            if not bids:
                continue
            noise = [noise_rng.gauss(0.0, t.noise) for _ in range(len(bids) + 1)]
            if r.lab is None:
                stay = free_agent_floor(r, self.bal)
            else:
                stay = stay_option(r, self.appeal[r.lab], self.bal, self.counters.get(rid))
            options: list[Option] = [
                offer_option(r, self.appeal[b.lab], b.terms, self.bal, b.kind) for b in bids
            ]
            margin = t.switch_margin if r.lab is not None else 0.0
            chosen, other = choose(r, stay, options, margin, noise)
            self.report.decided[rid] = chosen is not stay
            if chosen is stay:
                best = bids[options.index(other)] if other in options else None
                self.stays(r, stay, other, best)
            else:
                self.moves(r, bids[options.index(chosen)], deciding_drive(r, chosen, other))
            for b in bids:
                if b.kind == "approach":
                    r.concern.pop(b.lab, None)

    def stays(self, r: Researcher, stay: Option, other: Option, bid: Bid | None) -> None:
        s = self.s
        reason = deciding_drive(r, stay, other)
        if stay.terms is not None and r.lab is not None:  # a counter-offer was accepted
            lab = s.labs[r.lab]
            terms = stay.terms
            r.salary = max(r.salary, terms.salary)
            lab.cash -= terms.bonus
            if lab.player:
                self.report.money.bonuses += terms.bonus
            if terms.equity > 0:
                r.grants.append(
                    EquityGrant(
                        share=terms.equity, quarters_left=int(self.bal.talent.vest_quarters)
                    )
                )
                lab.equity_pool = max(0.0, lab.equity_pool - terms.equity)
            if terms.bonus > 0:
                r.clawback += terms.bonus
                r.clawback_quarters = self.bal.talent.clawback_quarters
            if bid is not None:
                self.news(
                    "counter",
                    "move",
                    r.lab,
                    **{"from": lab.name},
                    name=r.name,
                    to=self.name(bid.lab),
                )
        if bid is None:
            return
        involves_player = bid.lab == s.player or r.lab == s.player
        if involves_player:
            self.report.moves.append(
                Move(
                    researcher=r.id,
                    name=r.name,
                    tier=r.tier,
                    kind="declined",
                    from_lab=r.lab,
                    to_lab=bid.lab,
                    reason=reason,
                    quarter=self.q,
                )
            )
            if r.tier != "senior":
                self.news(
                    "declined",
                    "move",
                    bid.lab,
                    name=r.name,
                    to=self.name(bid.lab),
                    **{"from": self.name(r.lab)},
                )

    def moves(self, r: Researcher, bid: Bid, reason: str) -> None:
        s = self.s
        t = self.bal.talent
        old = s.labs[r.lab] if r.lab else None
        new = s.labs[bid.lab]
        terms = bid.terms
        cost = terms.bonus
        if old is not None:
            if r.clawback_quarters > 0 and r.clawback > 0:
                cost += r.clawback  # the new lab buys out the clawback
                old.cash += r.clawback
                if old.player:
                    self.report.money.clawbacks += r.clawback
            old.equity_pool += r.unvested_share
            self.departures[old.id] += 1
        new.cash -= cost
        if new.player:
            self.report.money.bonuses += cost
        new.equity_pool = max(0.0, new.equity_pool - terms.equity)
        from_lab = r.lab
        r.lab = new.id
        r.salary = terms.salary
        r.grants = (
            [EquityGrant(share=terms.equity, quarters_left=int(t.vest_quarters))]
            if terms.equity > 0
            else []
        )
        r.clawback = terms.bonus
        r.clawback_quarters = t.clawback_quarters if terms.bonus > 0 else 0
        r.benched = r.noncompete if from_lab is not None else 0
        r.tenure = 0
        r.loyalty = 0.45 + 0.2 * r.drives.mission * new.mission
        r.morale = 0.8
        r.concern = {}
        r.quarters_unhappy = 0
        r.insight = 1 + (t.insight_per_outreach if terms.outreach else 0) if new.player else 0
        r.last_reason = reason
        if new.player or (old is not None and old.player):
            self.report.moves.append(
                Move(
                    researcher=r.id,
                    name=r.name,
                    tier=r.tier,
                    kind="joined" if new.player else "left",
                    from_lab=from_lab,
                    to_lab=new.id,
                    reason=reason,
                    quarter=self.q,
                )
            )
        package = money(yearly_value(terms, new.valuation, self.bal) * 4)
        if r.tier != "senior" or new.player or (old is not None and old.player):
            if old is None:
                self.news("hire", "move", new.id, to=new.name, name=r.name, package=package)
            else:
                self.news(
                    "poach",
                    "move",
                    new.id,
                    to=new.name,
                    name=r.name,
                    package=package,
                    **{"from": old.name},
                )

    def rumour(self, lab: Lab, r: Researcher, terms: OfferTerms) -> None:
        """A rival's interest climbs one step: rumour, then an approach with a deadline."""
        self.interest.add((lab.id, r.id))
        stage = r.concern.get(lab.id, 0)
        if any(a.lab == lab.id and a.researcher == r.id for a in self.s.approaches):
            return
        if stage <= 0:
            r.concern[lab.id] = 1
            if r.lab == self.s.player:
                self.report.rumours.append((lab.id, r.id))
                self.news(
                    "rumour", "move", lab.id, to=lab.name, name=r.name, **{"from": self.name(r.lab)}
                )
        else:
            r.concern[lab.id] = 2
            approach = Approach(
                id=self.new_id("a"),
                lab=lab.id,
                researcher=r.id,
                terms=terms,
                deadline=self.q + 1,
            )
            self.s.approaches.append(approach)
            if r.lab == self.s.player:
                self.report.new_approaches.append(approach.id)


class _Default(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


__all__ = ["OrderError", "advance", "label", "new_game", "state_hash"]
