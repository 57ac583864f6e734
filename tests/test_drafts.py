"""A draft holds one order per researcher (per approach, for counter-offers): putting one
replaces the one before it, dropping it says whether there was one."""

from __future__ import annotations

from game.core.models import CounterOrder, GrantOrder, OfferTerms, Orders, RaiseOrder
from game.tui.session import drop_order, put_order


def test_putting_an_order_replaces_the_one_for_the_same_key() -> None:
    draft = Orders()
    put_order(draft, "raises", RaiseOrder(researcher="r1", salary=1.0))
    put_order(draft, "raises", RaiseOrder(researcher="r2", salary=2.0))
    put_order(draft, "raises", RaiseOrder(researcher="r1", salary=3.0))
    assert [(r.researcher, r.salary) for r in draft.raises] == [("r2", 2.0), ("r1", 3.0)]
    assert draft.grants == [] and draft.offers == []


def test_counter_offers_are_one_per_approach() -> None:
    draft = Orders()
    terms = OfferTerms(salary=1.0, bonus=0.0, equity=0.0, outreach=False)
    put_order(draft, "counters", CounterOrder(approach="a1", terms=terms))
    put_order(draft, "counters", CounterOrder(approach="a2", terms=terms))
    put_order(draft, "counters", CounterOrder(approach="a1", terms=terms))
    assert [c.approach for c in draft.counters] == ["a2", "a1"]


def test_dropping_says_whether_there_was_an_order() -> None:
    draft = Orders()
    put_order(draft, "grants", GrantOrder(researcher="r1", equity=0.01))
    assert drop_order(draft, "grants", "r2") is False
    assert len(draft.grants) == 1
    assert drop_order(draft, "grants", "r1") is True
    assert draft.grants == []
    assert drop_order(draft, "grants", "r1") is False
