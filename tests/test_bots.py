"""The player-side bots: pure, legal, and the adaptive one reads its situation."""

from __future__ import annotations

import pytest

from game.bots import POLICIES, adaptive, pick_road, play
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


def test_adaptive_plays_the_road_its_position_favours(content):
    far = new_game(content, "summer-2025", 5, "normal")
    best = max(lab.capability for lab in far.labs.values() if not lab.player)
    far.player_lab.capability = best - 20  # far behind: open the model, the battering ram
    far.open_frontier = min(far.open_frontier, best - 25)
    assert pick_road(far, content) == "ram"
    assert adaptive(far, content).release == "current"

    front = new_game(content, "summer-2025", 5, "normal")
    front.player_lab.capability = best + 10  # at the front: the moat
    assert pick_road(front, content) == "moat"
    orders = adaptive(front, content)
    assert orders.release != "current" and orders.split.open == 0 and orders.buy > 0

    close = new_game(content, "summer-2025", 5, "normal")
    close.player_lab.capability = best - 6  # close behind: race for the threshold
    assert pick_road(close, content) == "race"
    assert adaptive(close, content).release == "keep"

    # a road under way is kept: an ecosystem streak holds the ram even from the front
    front.player_lab.eco_streak = 2
    assert pick_road(front, content) == "ram"
