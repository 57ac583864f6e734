"""The dashboard's "Next round ≈$X" is what the next round brings (issue 16): advice projects
the valuation to the round's quarter, as the markets phase moves it within the quarter."""

from __future__ import annotations

import statistics

from game.bots import POLICIES, play
from game.content import load_content
from game.core.advice import funding_outlook, projected_valuation
from game.core.engine import advance, new_game

# In the round's own quarter (what the dashboard shows when the round is due) the estimate is
# within TOLERANCE of the round, most rounds (MOST) within CLOSE, and the typical miss is under
# TYPICAL. (A rival's release or a quarter's luck moves revenue and capability; 48 games by
# 8 bots on this tree: median miss 2.5%, 90% of rounds within 15%, the worst 31%; these five
# games: 14 of 19 within 15%.)
TOLERANCE = 0.35
CLOSE, MOST = 0.15, 0.7
TYPICAL = 0.08
GAMES = [("adaptive", 1), ("adaptive", 2), ("balanced", 3), ("open", 1), ("gpus", 2)]


def estimates_and_rounds() -> list[tuple[int, float, float]]:
    """(quarter, estimate made that quarter, round) for each ordinary funding round."""
    content = load_content()
    out = []
    for policy, seed in GAMES:
        state = new_game(content, "summer-2025", seed, "normal")
        while state.outcome is None:
            orders = play(state, content, POLICIES[policy])
            outlook = funding_outlook(state, content, orders)
            emergencies = state.player_lab.emergency_rounds
            new, report = advance(state, orders, content)
            if report.money.funding > 0 and new.player_lab.emergency_rounds == emergencies:
                assert outlook.earliest == state.quarter  # (the cooldown is as shown)
                out.append((state.quarter, outlook.amount, report.money.funding))
            state = new
    return out


def test_the_next_round_estimate_is_what_the_round_brings() -> None:
    rounds = estimates_and_rounds()
    assert len(rounds) >= 10
    misses = [abs(estimate / actual - 1) for _, estimate, actual in rounds]
    assert max(misses) <= TOLERANCE, max(misses)
    assert sum(m <= CLOSE for m in misses) >= MOST * len(misses), sorted(misses)
    assert statistics.median(misses) <= TYPICAL
    # the first quarter's round: the valuation more than doubles toward what investors think
    # the lab is worth (shown ≈$2.4B before, for a round of $5-7B)
    first = [(e, a) for q, e, a in rounds if q == 0]
    assert first and all(abs(e / a - 1) <= TOLERANCE for e, a in first)


# Shown two or three quarters before the round, the estimate projects the quarters between
# (research at today's pace, revenue growing with demand, fixed costs paid, no ecosystem spend).
# Its typical miss there is under FAR_TYPICAL over FAR_GAMES. (48 games by 8 bots: median miss
# 6.5%, was 10.2% when the later quarters stood still; these 16 games: 6.3%, was 10.2%.)
FAR_TYPICAL = 0.085
FAR_BOTS = ("gpus", "offers", "open", "balanced", "moat", "ram", "race", "adaptive")
FAR_GAMES = [(bot, seed) for bot in FAR_BOTS for seed in (1, 2)]


def far_misses() -> list[float]:
    """How far off each ordinary round was from the estimate shown 2-3 quarters before it."""
    content = load_content()
    share = content.balance.economy.funding_round_share
    out = []
    for policy, seed in FAR_GAMES:
        state = new_game(content, "summer-2025", seed, "normal")
        shown: dict[int, float] = {}  # the round's quarter -> the estimate shown for it
        while state.outcome is None:
            orders = play(state, content, POLICIES[policy])
            outlook = funding_outlook(state, content, orders)
            if outlook.earliest - state.quarter in (2, 3):
                shown[outlook.earliest] = outlook.amount
                assert outlook.amount == share * projected_valuation(
                    state, content, orders, outlook.earliest - state.quarter + 1
                )
            emergencies = state.player_lab.emergency_rounds
            new, report = advance(state, orders, content)
            ordinary = new.player_lab.emergency_rounds == emergencies
            if report.money.funding > 0 and ordinary and state.quarter in shown:
                out.append(abs(shown.pop(state.quarter) / report.money.funding - 1))
            state = new
    return out


def test_the_estimate_two_or_three_quarters_ahead() -> None:
    misses = far_misses()
    assert len(misses) >= 20
    assert statistics.median(misses) <= FAR_TYPICAL, sorted(misses)


def test_the_estimate_changes_no_game() -> None:
    content = load_content()
    state = new_game(content, "summer-2025", 3, "normal")
    orders = play(state, content, POLICIES["balanced"])
    before = state.model_dump_json()
    funding_outlook(state, content, orders)
    assert state.model_dump_json() == before
