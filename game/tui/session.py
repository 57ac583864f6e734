"""The game the TUI is playing: content, the current state and the draft orders of the quarter.

A thin holder around the core. It edits the draft (one offer per researcher, one raise …) and
asks the core everything else: what is legal, what orders cost, whether they are valid, and
what happens next. It never decides a rule itself. The app owns one `Session`; screens read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
    Researcher,
    Split,
)
from game.core.numbers import add_up
from game.text import printable

if TYPE_CHECKING:
    from game.core.advice import Estimator  # imported when first used (not at start-up)


@dataclass
class Session:
    content: Content
    state: GameState
    draft: Orders = field(default_factory=Orders)
    _legal: Legal | None = field(default=None, repr=False)
    _estimator: Estimator | None = field(default=None, repr=False)

    @classmethod
    def new(cls, content: Content, scenario: str, seed: int, difficulty: str) -> Session:
        return cls(content, new_game(content, scenario, seed, difficulty))

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
        return self.legal.budget.discretionary - self.draft.split.total

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
        s = self.draft.split
        self.draft.split = Split(
            gpus=max(0.0, s.gpus if gpus is None else gpus),
            offers=max(0.0, s.offers if offers is None else offers),
            open=max(0.0, s.open if open is None else open),
        )

    def fit_split(self) -> None:
        """Allocate to GPUs and offers exactly what the draft's orders commit."""
        c = self.costs()
        self.set_split(gpus=c.gpus, offers=c.offers)

    def cover(self, lever: str) -> bool:
        """Raise one lever's allocation to cover its commitments, if the budget allows.
        True when the lever is (now) covered."""
        c = self.costs()
        need = getattr(c, lever)
        have = getattr(self.draft.split, lever)
        if need <= have + 1e-9:
            return True
        if need - have > self.unallocated() + 1e-9:
            return False
        self.set_split(**{lever: need})
        return True

    def set_compute(self, buy: int | None = None, rent: int | None = None) -> None:
        if buy is not None:
            self.draft.buy = max(0, int(buy))
        if rent is not None:
            self.draft.rent = max(0, int(rent))

    def offer_for(self, rid: str) -> OfferOrder | None:
        return next((o for o in self.draft.offers if o.researcher == rid), None)

    def put_offer(self, rid: str, terms: OfferTerms) -> None:
        self.drop_offer(rid)
        self.draft.offers.append(OfferOrder(researcher=rid, terms=terms))

    def drop_offer(self, rid: str) -> bool:
        before = len(self.draft.offers)
        self.draft.offers = [o for o in self.draft.offers if o.researcher != rid]
        return len(self.draft.offers) != before

    def counter_for(self, approach_id: str) -> CounterOrder | None:
        return next((c for c in self.draft.counters if c.approach == approach_id), None)

    def put_counter(self, approach_id: str, terms: OfferTerms) -> None:
        self.drop_counter(approach_id)
        self.draft.counters.append(CounterOrder(approach=approach_id, terms=terms))

    def drop_counter(self, approach_id: str) -> bool:
        before = len(self.draft.counters)
        self.draft.counters = [c for c in self.draft.counters if c.approach != approach_id]
        return len(self.draft.counters) != before

    def raise_for(self, rid: str) -> RaiseOrder | None:
        return next((r for r in self.draft.raises if r.researcher == rid), None)

    def put_raise(self, rid: str, salary: float) -> None:
        self.drop_raise(rid)
        self.draft.raises.append(RaiseOrder(researcher=rid, salary=salary))

    def drop_raise(self, rid: str) -> bool:
        before = len(self.draft.raises)
        self.draft.raises = [r for r in self.draft.raises if r.researcher != rid]
        return len(self.draft.raises) != before

    def grant_for(self, rid: str) -> GrantOrder | None:
        return next((g for g in self.draft.grants if g.researcher == rid), None)

    def put_grant(self, rid: str, equity: float) -> None:
        self.drop_grant(rid)
        self.draft.grants.append(GrantOrder(researcher=rid, equity=equity))

    def drop_grant(self, rid: str) -> bool:
        before = len(self.draft.grants)
        self.draft.grants = [g for g in self.draft.grants if g.researcher != rid]
        return len(self.draft.grants) != before

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
        self.draft.release = choice  # type: ignore[assignment]

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
        room = self.legal.budget.discretionary
        if old_split.total > 0 and not self.over:
            scale = min(1.0, room / old_split.total * (1 - 1e-9))
            self.set_split(
                gpus=old_split.gpus * scale,
                offers=old_split.offers * scale,
                open=old_split.open * scale,
            )
        return report

    def replace_state(self, state: GameState) -> None:
        """Continue from another state (a loaded save); the draft starts empty."""
        self.state = state
        self.draft = Orders()
        self._legal = None
        self._estimator = None
