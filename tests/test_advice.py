"""The core's advice: what screens and bots ask of the game, one definition each."""

from __future__ import annotations

from game.bots import POLICIES, play
from game.core import advice
from game.core.costs import fixed_costs
from game.core.engine import advance, new_game
from game.core.models import Approach, OfferTerms


def _later(content, quarters: int = 4):
    state = new_game(content, "summer-2025", 2, "normal")
    for _ in range(quarters):
        state, _ = advance(state, play(state, content, POLICIES["open"]), content)
    return state


def test_moat_is_the_gap_to_every_open_model(content) -> None:
    state = _later(content)
    for lab in state.labs.values():
        expected = lab.capability - max(state.open_frontier, lab.open_release)
        assert advice.moat(state, lab.id) == expected
    lab = state.player_lab
    state.open_frontier = 0.0
    lab.open_release = lab.capability  # its own open model takes its moat, frontier or not
    assert advice.moat(state) == 0.0


def test_shares_add_up_over_live_labs(content) -> None:
    state = _later(content)
    for shares in (advice.ecosystem_shares(state), advice.revenue_shares(state)):
        assert set(shares) == {k for k, v in state.labs.items() if not v.bankrupt}
        assert abs(sum(shares.values()) - 1.0) < 1e-9 or sum(shares.values()) == 0


def test_runway_and_named_counts(content) -> None:
    state = new_game(content, "summer-2025", 2, "normal")
    lab = state.player_lab
    burn = fixed_costs(state, lab, content) - lab.revenue - lab.outside_funding
    expected = None if burn <= 0 else max(0.0, lab.cash) / burn
    assert advice.runway(state, content) == expected
    counts = advice.named_researchers(state)
    assert counts[state.player] == sum(1 for r in state.researchers.values() if r.lab == lab.id)


def test_default_terms_come_from_the_balance(content) -> None:
    state = new_game(content, "summer-2025", 2, "normal")
    adv = content.balance.advice
    rid = next(r for r, x in state.researchers.items() if x.lab == state.player)
    r = state.researchers[rid]
    approach = Approach(
        id="a1",
        lab="x",
        researcher=rid,
        terms=OfferTerms(salary=r.salary * 3, bonus=10),
        deadline=1,
    )
    terms = advice.counter_terms(state, content, approach)
    assert terms.salary == round(
        max(r.salary * adv.counter_raise, r.salary * 3 * adv.counter_match), 3
    )
    assert terms.bonus == round(10 * adv.counter_bonus, 2)
    assert advice.raise_salary(content, r) > r.salary
    assert (
        advice.grant_share(content, "superstar") == content.balance.tiers["superstar"].default_grant
    )
    assert advice.vest_quarters(content) == int(content.balance.talent.vest_quarters)
    est = advice.Estimator(state, content)
    offer = est.default_offer(r)
    assert offer.salary >= content.balance.tiers[r.tier].min_salary


def test_release_preview(content) -> None:
    state = new_game(content, "summer-2025", 2, "normal")
    lab = state.player_lab
    keep = advice.release_preview(state, content, "keep")
    assert keep.level == lab.open_release and keep.frontier == state.open_frontier
    current = advice.release_preview(state, content, "current")
    assert current.level == lab.capability
    assert current.raises_frontier == (lab.capability > state.open_frontier)
    assert current.frontier == max(state.open_frontier, lab.capability)
    assert 0.0 <= current.grant_reach <= 1.0
