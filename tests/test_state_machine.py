"""A hypothesis state machine plays whole games through `legal()` and `advance()` with random
legal orders, and checks the invariants after every quarter: the player's money is accounted
for by the report's ledger, every researcher is in at most one (live) lab, no count is
negative, no number is NaN or infinite, and replaying the recorded orders from the seed gives
the same state hash."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from game.content import load_content
from game.core.engine import advance, new_game, state_hash
from game.core.legal import validate
from game.core.models import GameState, Orders, QuarterReport
from tests.test_properties import quarter_orders

CONTENT = load_content()


def _numbers(obj: object, path: str = "state"):
    if isinstance(obj, bool):
        return
    if isinstance(obj, int | float):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _numbers(v, f"{path}.{k}")
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            yield from _numbers(v, f"{path}[{i}]")


class WholeGames(RuleBasedStateMachine):
    state: GameState
    report: QuarterReport | None

    @initialize(
        scenario=st.sampled_from(sorted(CONTENT.scenarios)),
        seed=st.integers(0, 2**31),
        difficulty=st.sampled_from(["easy", "normal", "hard"]),
    )
    def start(self, scenario: str, seed: int, difficulty: str) -> None:
        self.state = new_game(CONTENT, scenario, seed, difficulty)
        self.report = None

    @precondition(lambda self: self.state.outcome is None)
    @rule(data=st.data())
    def play_a_quarter(self, data: st.DataObject) -> None:
        orders = data.draw(quarter_orders(self.state, CONTENT))
        assert validate(self.state, orders, CONTENT) == []
        before = state_hash(self.state)
        self.state, self.report = advance(self.state, orders, CONTENT)
        assert self.state.log[-1].state_hash == state_hash(self.state)
        assert before != self.state.log[-1].state_hash

    @precondition(lambda self: self.state.outcome is None)
    @rule()
    def play_an_empty_quarter(self) -> None:
        self.state, self.report = advance(self.state, Orders(), CONTENT)

    @invariant()
    def money_is_accounted_for(self) -> None:
        r = self.report
        if r is None:
            return
        m = r.money
        assert math.isclose(r.cash_after - r.cash_before, m.net, rel_tol=1e-9, abs_tol=1e-6)
        assert r.cash_after == self.state.player_lab.cash

    @invariant()
    def one_lab_per_researcher(self) -> None:
        s = self.state
        for r in s.researchers.values():
            assert r.lab is None or (r.lab in s.labs and not s.labs[r.lab].bankrupt), r.id
        for a in s.approaches:
            assert a.researcher in s.researchers and a.lab in s.labs

    @invariant()
    def no_negative_counts(self) -> None:
        s = self.state
        for lab in s.labs.values():
            for name in ("compute_owned", "compute_on_order", "compute_rented", "headcount"):
                assert getattr(lab, name) >= 0, (lab.id, name)
            assert lab.equity_pool >= -1e-12 and lab.ecosystem >= 0 and lab.valuation >= 0
        for r in s.researchers.values():
            assert min(r.tenure, r.benched, r.noncompete, r.insight, r.clawback_quarters) >= 0
            assert all(g.quarters_left > 0 and g.share >= 0 for g in r.grants)
            assert 0 <= r.morale <= 1 and 0 <= r.loyalty <= 1

    @invariant()
    def every_number_is_finite(self) -> None:
        for path, x in _numbers(self.state.model_dump()):
            assert math.isfinite(x), path

    @precondition(lambda self: self.state.outcome is not None)
    @rule(seed=st.integers(0, 2**31))
    def replay_and_start_again(self, seed: int) -> None:
        """A finished game replays; then the next game (the same scenario) begins."""
        self._replay()
        s = self.state
        self.state = new_game(CONTENT, s.scenario, seed, s.difficulty)
        self.report = None

    def teardown(self) -> None:
        self._replay()

    def _replay(self) -> None:
        """The game replays from its seed and recorded orders to the same hash, quarter by
        quarter."""
        s = getattr(self, "state", None)
        if s is None or not s.log:
            return
        replay = new_game(CONTENT, s.scenario, s.seed, s.difficulty)
        for record in s.log:
            replay, _ = advance(replay, record.orders, CONTENT)
            assert state_hash(replay) == record.state_hash
        assert state_hash(replay) == state_hash(s)


WholeGames.TestCase.settings = settings(
    max_examples=6,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # (shrinking whole games is slow)
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_whole_games = WholeGames.TestCase
