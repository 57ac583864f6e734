"""Consume-mode advance and play_quarter give the same game, byte for byte, as the pure path."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.bots import POLICIES, play, play_quarter
from game.core.engine import advance, new_game, state_hash
from game.core.models import GameState, OfferOrder, OfferTerms, Orders
from game.core.orders import OrderError


def _pure(content, scenario: str, seed: int, difficulty: str, policy: str) -> GameState:
    state = new_game(content, scenario, seed, difficulty)
    while state.outcome is None and state.quarter < state.last_quarter + 10:
        state, _ = advance(state, play(state, content, POLICIES[policy]), content)
    return state


def _consumed(content, scenario: str, seed: int, difficulty: str, policy: str) -> GameState:
    state = new_game(content, scenario, seed, difficulty)
    while state.outcome is None and state.quarter < state.last_quarter + 10:
        state, _ = play_quarter(state, content, POLICIES[policy], consume=True)
    return state


def _same(a: GameState, b: GameState) -> None:
    assert state_hash(a) == state_hash(b)
    assert [r.state_hash for r in a.log] == [r.state_hash for r in b.log]
    assert a.model_dump_json() == b.model_dump_json()


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_play_quarter_consume_is_the_pure_game(content, policy: str) -> None:
    for scenario in ("summer-2025", "garage-2025"):
        _same(
            _pure(content, scenario, 5, "normal", policy),
            _consumed(content, scenario, 5, "normal", policy),
        )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    difficulty=st.sampled_from(["easy", "normal", "hard"]),
    policy=st.sampled_from(sorted(POLICIES)),
    consume=st.booleans(),
)
def test_any_game_is_the_same_either_way(
    content, seed: int, difficulty: str, policy: str, consume: bool
) -> None:
    pure = _pure(content, "summer-2025", seed, difficulty, policy)
    state = new_game(content, "summer-2025", seed, difficulty)
    while state.outcome is None and state.quarter < state.last_quarter + 10:
        orders = play(state, content, POLICIES[policy])
        state, _ = advance(state, orders, content, consume=consume)
    _same(pure, state)


def test_pure_advance_leaves_the_state_untouched(content) -> None:
    state = new_game(content, "summer-2025", 3, "normal")
    before = state.model_dump_json()
    advance(state, play(state, content, POLICIES["balanced"]), content)
    assert state.model_dump_json() == before


def test_consume_resolves_in_place(content) -> None:
    state = new_game(content, "summer-2025", 3, "normal")
    quarter = state.quarter
    new, _ = advance(state, Orders(), content, consume=True)
    assert new is state
    assert state.quarter == quarter + 1


def test_illegal_orders_are_refused_in_either_mode(content) -> None:
    state = new_game(content, "summer-2025", 3, "normal")
    before = state.model_dump_json()
    rid = next(rid for rid, r in state.researchers.items() if r.lab == state.player)
    bad = Orders(offers=[OfferOrder(researcher=rid, terms=OfferTerms(salary=1.0))])
    for consume in (False, True):
        with pytest.raises(OrderError):
            advance(state, bad, content, consume=consume)
    assert state.model_dump_json() == before


def test_play_quarter_replaces_illegal_policy_orders(content) -> None:
    state = new_game(content, "summer-2025", 3, "normal")
    rid = next(rid for rid, r in state.researchers.items() if r.lab == state.player)

    def cheat(_state, _content) -> Orders:
        return Orders(offers=[OfferOrder(researcher=rid, terms=OfferTerms(salary=1.0))])

    new, _ = play_quarter(state, content, cheat)
    assert new.log[-1].orders == Orders()
    ref, _ = advance(state, Orders(), content)
    assert state_hash(new) == state_hash(ref)
