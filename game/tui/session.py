"""The game the TUI is playing: content, the current state and the draft orders of the quarter.

A thin holder around the core. It edits the draft (one offer per researcher, one raise …) and
asks the core everything else: what is legal, what orders cost, whether they are valid, and
what happens next. It never decides a rule itself. The app owns one `Session`; screens read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from game.core.config import Content
from game.core.costs import Costs, costs, outreach_used
from game.core.engine import advance, label, new_game
from game.core.legal import Legal, Refusal, legal, validate
from game.core.models import (
    Approach,
    CounterOrder,
    GameState,
    GrantOrder,
    OfferOrder,
    OfferTerms,
    Orders,
    QuarterReport,
    RaiseOrder,
    ReleaseChoice,
    Researcher,
    Split,
)
from game.core.numbers import add_up, at_k, count, from_k, to_k, total_k
from game.ids import new_game_id
from game.text import printable

if TYPE_CHECKING:
    from game.core.advice import Estimator  # imported when first used (not at start-up)
    from game.saves.format import SaveSession


@dataclass(frozen=True)
class Fit:
    """What `f` (fit the split) could not do: orders over the whole budget by `short`, and how
    much the open-sourcing lever gave up to make room ($M)."""

    short: float = 0.0
    open_cut: float = 0.0


def carried_split(old: Split, room: float) -> Split:
    """Last quarter's split for a new budget: kept, or scaled down (whole $k, rounded down)
    until it fits."""
    levers = [to_k(old.gpus), to_k(old.offers), to_k(old.open)]
    total, budget_k = count(levers), max(0, to_k(room))
    if total > budget_k:
        levers = [x * budget_k // total for x in levers]
    gpus, offers, open_ = (from_k(x) for x in levers)
    return Split(gpus=gpus, offers=offers, open=open_)


OrderList = Literal["offers", "counters", "raises", "grants"]
ORDER_KEYS: dict[OrderList, str] = {
    "offers": "researcher",
    "counters": "approach",
    "raises": "researcher",
    "grants": "researcher",
}
"""What names an order in each list of a draft: one order per researcher (per approach for
counter-offers)."""


def drop_order(draft: Orders, kind: OrderList, key: str) -> bool:
    """Remove the `kind` order for `key` from the draft; True if there was one."""
    attr = ORDER_KEYS[kind]
    orders = getattr(draft, kind)
    kept = [o for o in orders if getattr(o, attr) != key]
    setattr(draft, kind, kept)
    return len(kept) != len(orders)


def put_order(
    draft: Orders, kind: OrderList, order: OfferOrder | CounterOrder | RaiseOrder | GrantOrder
) -> None:
    """Put `order` in the draft's `kind` list, in place of the one for the same key."""
    drop_order(draft, kind, getattr(order, ORDER_KEYS[kind]))
    getattr(draft, kind).append(order)


@dataclass
class Session:
    content: Content
    state: GameState
    draft: Orders = field(default_factory=Orders)
    game_id: str = field(default_factory=new_game_id)
    """Which game this is (kept in its saves; its autosaves are named by it)."""
    release: ReleaseChoice = "keep"
    """The standing release choice: each quarter's draft starts with it (when it is open)."""
    _legal: Legal | None = field(default=None, repr=False)
    _estimator: Estimator | None = field(default=None, repr=False)

    @classmethod
    def new(
        cls, content: Content, scenario: str, seed: int, difficulty: str, lab: str | None = None
    ) -> Session:
        """A new game in the seat `lab` (None: the scenario's own player lab)."""
        return cls(content, new_game(content, scenario, seed, difficulty, lab))

    # -- what the core says about the current state -----------------------------------
    @property
    def legal(self) -> Legal:
        if self._legal is None:
            self._legal = legal(self.state, self.content)
        return self._legal

    @property
    def estimator(self) -> Estimator:
        if self._estimator is None:
            from game.core.advice import Estimator

            self._estimator = Estimator(self.state, self.content)
        return self._estimator

    @property
    def label(self) -> str:
        return label(self.state, self.content)

    def quarter_label(self, quarter: int) -> str:
        from game.core.calendar import quarter_label

        bal = self.content.balance
        return quarter_label(quarter, bal.start_year, bal.start_quarter)

    @property
    def over(self) -> bool:
        return self.state.outcome is not None

    def costs(self) -> Costs:
        return costs(self.state, self.draft)

    def reasons(self) -> list[Refusal]:
        return validate(self.state, self.draft, self.content)

    def outreach_left(self) -> int:
        return self.legal.outreach_points - outreach_used(self.draft)

    def unallocated(self) -> float:
        """What the split leaves of the budget ($M, whole $k: as the core compares it)."""
        sp = self.draft.split
        return from_k(
            to_k(self.legal.budget.discretionary) - total_k((sp.gpus, sp.offers, sp.open))
        )

    def equity_committed(self) -> float:
        d = self.draft
        return (
            add_up(o.terms.equity for o in d.offers)
            + add_up(c.terms.equity for c in d.counters)
            + add_up(g.equity for g in d.grants)
        )

    def lab_name(self, lab_id: str | None) -> str:
        """A lab's name as the screens show it (plain, no control characters)."""
        if lab_id is None:
            return "free agent"
        return printable(self.state.labs[lab_id].name)

    def own(self) -> list[Researcher]:
        return [self.state.researchers[rid] for rid in self.legal.own]

    def approaches_to_me(self) -> list[Approach]:
        ids = set(self.legal.approaches)
        return [a for a in self.state.approaches if a.id in ids]

    def approach_for(self, rid: str) -> Approach | None:
        return next((a for a in self.approaches_to_me() if a.researcher == rid), None)

    def runway(self) -> float | None:
        """Quarters of cash at the current burn (fixed costs less last quarter's income)."""
        from game.core.advice import runway

        return runway(self.state, self.content)

    # -- editing the draft ------------------------------------------------------------
    def set_split(
        self, gpus: float | None = None, offers: float | None = None, open: float | None = None
    ) -> None:
        """Set levers (the others stay); amounts are kept in whole $k, never below 0."""
        s = self.draft.split
        self.draft.split = Split(
            gpus=max(0.0, at_k(s.gpus if gpus is None else gpus)),
            offers=max(0.0, at_k(s.offers if offers is None else offers)),
            open=max(0.0, at_k(s.open if open is None else open)),
        )

    def adjust_split(self, lever: str, amount: float) -> None:
        """Move one lever to `amount`, but never past what the budget has left."""
        have = getattr(self.draft.split, lever)
        if to_k(amount) > to_k(have):
            amount = min(amount, from_k(to_k(have) + max(0, to_k(self.unallocated()))))
        self.set_split(**{lever: amount})

    def fit_split(self) -> Fit:
        """Allocate to GPUs and offers what the draft's orders commit, within the budget: the
        open-sourcing lever gives way first; orders costing more than the whole budget get
        what there is (and stay refused until they shrink)."""
        c = self.costs()
        room = to_k(self.legal.budget.discretionary)
        gpus, offers = to_k(c.gpus), to_k(c.offers)
        short = max(0, gpus + offers - room)
        gpus = min(gpus, room)
        offers = min(offers, room - gpus)
        open_before = to_k(self.draft.split.open)
        open_ = min(open_before, room - gpus - offers)
        self.set_split(gpus=from_k(gpus), offers=from_k(offers), open=from_k(open_))
        return Fit(short=from_k(short), open_cut=from_k(open_before - open_))

    def cover(self, lever: str) -> bool:
        """Raise one lever's allocation to cover its commitments, if the budget allows.
        True when the lever is (now) covered."""
        need = to_k(getattr(self.costs(), lever))
        have = to_k(getattr(self.draft.split, lever))
        if need <= have:
            return True
        if need - have > to_k(self.unallocated()):
            return False
        self.set_split(**{lever: from_k(need)})
        return True

    def set_compute(self, buy: int | None = None, rent: int | None = None) -> None:
        if buy is not None:
            self.draft.buy = max(0, int(buy))
        if rent is not None:
            self.draft.rent = max(0, int(rent))

    def offer_for(self, rid: str) -> OfferOrder | None:
        return next((o for o in self.draft.offers if o.researcher == rid), None)

    def put_offer(self, rid: str, terms: OfferTerms) -> None:
        put_order(self.draft, "offers", OfferOrder(researcher=rid, terms=terms))

    def drop_offer(self, rid: str) -> bool:
        return drop_order(self.draft, "offers", rid)

    def counter_for(self, approach_id: str) -> CounterOrder | None:
        return next((c for c in self.draft.counters if c.approach == approach_id), None)

    def put_counter(self, approach_id: str, terms: OfferTerms) -> None:
        put_order(self.draft, "counters", CounterOrder(approach=approach_id, terms=terms))

    def drop_counter(self, approach_id: str) -> bool:
        return drop_order(self.draft, "counters", approach_id)

    def raise_for(self, rid: str) -> RaiseOrder | None:
        return next((r for r in self.draft.raises if r.researcher == rid), None)

    def put_raise(self, rid: str, salary: float) -> None:
        put_order(self.draft, "raises", RaiseOrder(researcher=rid, salary=salary))

    def drop_raise(self, rid: str) -> bool:
        return drop_order(self.draft, "raises", rid)

    def grant_for(self, rid: str) -> GrantOrder | None:
        return next((g for g in self.draft.grants if g.researcher == rid), None)

    def put_grant(self, rid: str, equity: float) -> None:
        put_order(self.draft, "grants", GrantOrder(researcher=rid, equity=equity))

    def drop_grant(self, rid: str) -> bool:
        return drop_order(self.draft, "grants", rid)

    def toggle_outreach(self, rid: str) -> bool:
        """Add or remove personal outreach to one of your researchers; True if now on."""
        if rid in self.draft.outreach:
            self.draft.outreach = [x for x in self.draft.outreach if x != rid]
            return False
        self.draft.outreach = [*self.draft.outreach, rid]
        return True

    def drop_all_for(self, rid: str) -> bool:
        changed = self.drop_offer(rid) | self.drop_raise(rid) | self.drop_grant(rid)
        if rid in self.draft.outreach:
            self.toggle_outreach(rid)
            changed = True
        a = self.approach_for(rid)
        if a is not None:
            changed |= self.drop_counter(a.id)
        return changed

    def set_release(self, choice: str) -> None:
        """This quarter's release, and the standing choice for the quarters after it."""
        if choice not in get_args(ReleaseChoice):
            raise ValueError(f"no release choice {choice!r}")
        self.draft.release = choice  # type: ignore[assignment]
        self.release = choice  # type: ignore[assignment]

    # -- the session in a save ----------------------------------------------------------
    def session_block(self) -> SaveSession:
        """What a save keeps of this session besides the state: the game id, the draft orders
        and the standing release choice."""
        from game.saves.format import SaveSession

        return SaveSession(
            game_id=self.game_id, draft=self.draft.model_copy(deep=True), release=self.release
        )

    @classmethod
    def from_save(cls, content: Content, state: GameState, block: SaveSession | None) -> Session:
        """The session of a loaded save: its game id (derived from the state for a save from
        before sessions were saved) and its drafts, less any the game no longer allows."""
        from game.saves.format import game_id_of

        if block is None:
            return cls(content, state, game_id=game_id_of(state))
        session = cls(content, state, game_id=block.game_id, release=block.release)
        if not session.over:
            session.draft = session._still_legal(block.draft)
        return session

    def _still_legal(self, draft: Orders) -> Orders:
        """`draft` without the orders about people or approaches this state does not offer
        (a save's drafts are data: none may name a researcher who is not there)."""
        lg = self.legal
        offerable, own, approaches = set(lg.offerable), set(lg.own), set(lg.approaches)
        kept = draft.model_copy(deep=True)
        kept.offers = [o for o in kept.offers if o.researcher in offerable]
        kept.counters = [c for c in kept.counters if c.approach in approaches]
        kept.raises = [r for r in kept.raises if r.researcher in own]
        kept.grants = [g for g in kept.grants if g.researcher in own]
        kept.outreach = [rid for rid in dict.fromkeys(kept.outreach) if rid in own]
        if kept.release not in lg.releases:
            kept.release = "keep"
        return kept

    def pending_marks(self, rid: str) -> str:
        """Short marks for the draft orders that concern one researcher."""
        marks = []
        if self.offer_for(rid):
            marks.append("offer")
        if self.raise_for(rid):
            marks.append("raise")
        if self.grant_for(rid):
            marks.append("grant")
        if rid in self.draft.outreach:
            marks.append("talk")
        a = self.approach_for(rid)
        if a is not None:
            marks.append("countered" if self.counter_for(a.id) else "APPROACHED")
        return " ".join(marks)

    # -- the quarter --------------------------------------------------------------------
    def end_quarter(self) -> QuarterReport:
        """Resolve the quarter; raises OrderError (and changes nothing) if the core refuses."""
        new_state, report = advance(self.state, self.draft, self.content)
        old_split = self.draft.split
        self.state = new_state
        self._legal = None
        self._estimator = None
        # The split is a standing allocation: keep it, scaled down to what the new budget allows.
        self.draft = Orders()
        if not self.over:
            if old_split.total > 0:
                self.draft.split = carried_split(old_split, self.legal.budget.discretionary)
            if self.release in self.legal.releases:  # the release choice carries over
                self.draft.release = self.release
        return report

    def replace_state(self, state: GameState) -> None:
        """Continue from another state (a loaded save); the draft starts empty."""
        self.state = state
        self.draft = Orders()
        self._legal = None
        self._estimator = None
