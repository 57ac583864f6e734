"""The per-quarter context the phases share.

`advance` builds one `Quarter` for the quarter it resolves and hands it, with the new state, to
every phase in turn. It holds what the phases tell each other in the course of one quarter
(the bids on the table, the counter-offers, who left, what was rented or spent on ecosystems),
the report being written, and the headlines. Nothing in it outlives the quarter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from random import Random

from game.core.config import Balance, Content
from game.core.market import Appeal, Bid, appeals
from game.core.models import GameState, Headline, Lab, OfferTerms, Orders, QuarterReport
from game.core.numbers import article
from game.core.rng import stream
from game.core.views import RuleViews


@dataclass
class Quarter:
    orders: Orders  # the player's (validated) orders
    content: Content
    seed: int
    q: int  # the quarter being resolved
    report: QuarterReport
    appeal: dict[str, Appeal]  # each lab's appeal at the start of the quarter
    capability_before: dict[str, float]
    cash_start: dict[str, float]  # every lab's cash at the start of the quarter
    headlines: list[Headline] = field(default_factory=list)
    bids: defaultdict[str, list[Bid]] = field(default_factory=lambda: defaultdict(list))
    counters: dict[str, OfferTerms] = field(default_factory=dict)  # researcher -> counter terms
    departures: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    rented: dict[str, float] = field(default_factory=dict)  # lab -> units rented this quarter
    eco_spend: dict[str, float] = field(default_factory=dict)  # lab -> ecosystem spend
    opened_current: set[str] = field(default_factory=set)  # labs that opened their current model
    interest: set[tuple[str, str]] = field(default_factory=set)  # (lab, researcher) courted
    views: RuleViews | None = None  # what the rules saw when the rivals decided

    @property
    def bal(self) -> Balance:
        return self.content.balance

    def rng(self, name: str) -> Random:
        return stream(self.seed, self.q, name)

    def news(self, key: str, kind: str, about: str | None = None, **values: object) -> None:
        """A headline from the news templates (`key`), filled with `values`."""
        options = self.content.news.templates.get(key)
        if not options:
            return
        pick = stream(self.seed, self.q, f"news:{key}:{len(self.headlines)}")
        values.update({f"a_{k}": f"{article(str(v))} {v}" for k, v in list(values.items())})
        text = pick.choice(options).format_map(_Default(values))
        self.headlines.append(Headline(quarter=self.q, text=text, kind=kind, lab=about))


def start(state: GameState, orders: Orders, content: Content) -> Quarter:
    """The context of the quarter `state` is about to resolve."""
    return Quarter(
        orders=orders,
        content=content,
        seed=state.seed,
        q=state.quarter,
        report=QuarterReport(quarter=state.quarter, cash_before=state.player_lab.cash),
        appeal=appeals(state, content),
        capability_before={lab.id: lab.capability for lab in state.labs.values()},
        cash_start={lab_id: lab.cash for lab_id, lab in state.labs.items()},
        eco_spend={state.player: orders.split.open},
    )


def lab_name(state: GameState, lab_id: str | None) -> str:
    if lab_id is None:
        return "the open market"
    return state.labs[lab_id].name


def live_labs(state: GameState) -> list[Lab]:
    """The labs still in the game, by id."""
    return [lab for _, lab in sorted(state.labs.items()) if not lab.bankrupt]


def new_id(state: GameState, prefix: str) -> str:
    state.next_id += 1
    return f"{prefix}{state.next_id}"


class _Default(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
