"""The core's fast paths agree with the plain ones they replace."""

from __future__ import annotations

from game.core.engine import advance, copy_state, new_game, shallow_copy
from game.core.market import appeals
from game.core.models import Orders
from game.core.orders import fixed_costs, payrolls
from game.core.world import appeal_figures, morale_target


def _some_state(content):
    state = new_game(content, "summer-2025", 4, "normal")
    for _ in range(3):
        state, _ = advance(state, Orders(), content)
    return state


def test_shallow_copy_is_model_copy(content) -> None:
    state = _some_state(content)
    for r in state.researchers.values():
        update = {"grants": list(r.grants), "concern": dict(r.concern)}
        ours, theirs = shallow_copy(r, **update), r.model_copy(update=update)
        assert ours == theirs
        assert ours.__dict__ == theirs.__dict__
        assert ours.model_fields_set == theirs.model_fields_set
        assert ours.__dict__ is not r.__dict__
        assert ours.model_fields_set is not r.model_fields_set
        assert ours.model_dump_json() == theirs.model_dump_json()
    lab = state.player_lab
    assert shallow_copy(lab) == lab.model_copy()


def test_copy_state_is_independent(content) -> None:
    state = _some_state(content)
    before = state.model_dump_json()
    new = copy_state(state)
    assert new.model_dump_json() == before
    for r in new.researchers.values():
        r.morale = 0.5
        r.concern["x"] = 1
        for g in r.grants:
            g.quarters_left += 1
    for lab in new.labs.values():
        lab.releases.append(99)
    assert state.model_dump_json() == before


def test_payrolls_match_fixed_costs(content) -> None:
    state = _some_state(content)
    pay = payrolls(state)
    for lab in state.labs.values():
        assert fixed_costs(state, lab, content, pay[lab.id]) == fixed_costs(state, lab, content)


def test_morale_target_with_figures(content) -> None:
    state = _some_state(content)
    app = appeals(state, content)
    figures = appeal_figures(app)
    for r in state.researchers.values():
        if r.lab is not None:
            bal = content.balance
            assert morale_target(r, app, bal, figures) == morale_target(r, app, bal)
