"""Every offer the player made gets a line in the quarter report."""

from __future__ import annotations

from game.bots import POLICIES
from game.core.engine import advance, new_game
from game.core.legal import validate
from game.core.models import OfferOrder, OfferTerms, Orders, Split
from game.tui.screens.report import report_text
from game.tui.session import Session


def test_every_offer_and_counter_is_in_the_report(content):
    seen_declined = seen_counter = 0
    for seed, policy in (
        (1, "offers"),
        (2, "adaptive"),
        (4, "balanced"),
        *((s, "moat") for s in range(3, 11)),
    ):
        state = new_game(content, "summer-2025", seed, "normal")
        for _ in range(10):
            if state.outcome is not None:
                break
            orders = POLICIES[policy](state, content)
            if validate(state, orders, content):
                orders = Orders()
            due = {a.id for a in state.approaches if a.deadline <= state.quarter}
            countered = {
                a.researcher
                for c in orders.counters
                for a in state.approaches
                if a.id == c.approach and a.id in due
            }
            state, report = advance(state, orders, content)
            offered = sorted(o.researcher for o in orders.offers)
            lines = sorted(o.researcher for o in report.offers if o.kind == "offer")
            assert lines == offered
            assert {o.researcher for o in report.offers if o.kind == "counter"} == countered
            for o in report.offers:
                now = state.researchers[o.researcher].lab
                assert now in (o.winner, None)  # None: quit for morale after staying
                assert o.accepted == (o.winner == state.player)
            seen_declined += sum(not o.accepted for o in report.offers)
            seen_counter += len(countered)
    assert seen_declined > 0
    assert seen_counter > 0


def test_a_losing_offer_says_who_kept_them(content):
    state = new_game(content, "summer-2025", 1, "normal")
    lab = next(x for x in state.labs.values() if not x.player)
    star = max((r for r in state.researchers.values() if r.lab == lab.id), key=lambda r: r.salary)
    low = content.balance.tiers[star.tier].min_salary
    orders = Orders(
        offers=[OfferOrder(researcher=star.id, terms=OfferTerms(salary=low))],
        split=Split(offers=low),
    )
    new, report = advance(state, orders, content)
    (line,) = report.offers
    assert (line.accepted, line.winner, line.from_lab) == (False, lab.id, lab.id)
    text = report_text(Session(content, new), report).people.plain
    assert f"{star.name} ({star.tier}) declined your offer, stays at {lab.name} — " in text
