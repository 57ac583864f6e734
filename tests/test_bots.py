"""The player-side bots: pure, legal, and the adaptive one reads its situation."""

from __future__ import annotations

import pytest

from game.bots import POLICIES, adaptive, play
from game.core.advice import Estimator
from game.core.engine import new_game, state_hash
from game.core.legal import validate
from game.core.models import Approach, OfferTerms


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_bots_are_pure_and_legal(content, policy):
    state = new_game(content, "summer-2025", 5, "normal")
    before = state_hash(state)
    first = POLICIES[policy](state, content)
    assert state_hash(state) == before  # reading the state never changes it
    assert POLICIES[policy](state, content) == first  # same state, same orders
    assert validate(state, first, content) == []
    assert play(state, content, POLICIES[policy]) == first


def _player_star(state):
    return next(
        r
        for r in sorted(state.researchers.values(), key=lambda r: r.id)
        if r.lab == state.player and r.tier == "star"
    )


def test_adaptive_answers_an_approach_to_its_people(content):
    state = new_game(content, "summer-2025", 5, "normal")
    star = _player_star(state)
    state.approaches.append(
        Approach(
            id="a-test",
            lab="hyperion",
            researcher=star.id,
            terms=OfferTerms(salary=star.salary * 2, bonus=20.0),
            deadline=state.quarter,
        )
    )
    orders = adaptive(state, content)
    assert [c.approach for c in orders.counters] == ["a-test"]
    assert orders.counters[0].terms.salary > star.salary


def test_adaptive_sizes_its_offers_on_the_odds_the_player_sees(content):
    state = new_game(content, "summer-2025", 5, "normal")
    orders = adaptive(state, content)
    assert orders.offers  # a lab with money hires
    est = Estimator(state, content)
    for offer in orders.offers:
        low, high = est.offer_odds(offer.researcher, offer.terms)
        assert (low + high) / 2 >= 0.55


def test_adaptive_opens_a_trailing_model_and_guards_a_leading_one(content):
    behind = new_game(content, "summer-2025", 5, "normal")
    behind.player_lab.capability = behind.open_frontier - 1
    orders = adaptive(behind, content)
    assert orders.release in ("current", "previous")

    ahead = new_game(content, "summer-2025", 5, "normal")
    best = max(lab.capability for lab in ahead.labs.values())
    ahead.player_lab.capability = best + 10
    for lab in ahead.labs.values():
        lab.revenue = 100.0  # nobody is running away with the API market
    orders = adaptive(ahead, content)
    assert orders.release == "keep"
    assert orders.split.open == 0
    assert orders.buy > 0

    # the same lead while a closed rival takes most of the API market: open up to break it
    ahead.labs["meridian"].revenue = 1000.0
    assert adaptive(ahead, content).release == "current"
