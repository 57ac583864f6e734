"""A researcher who joined this quarter cannot quit for morale the same quarter."""

from __future__ import annotations

from game.core.engine import advance, new_game
from game.core.models import OfferOrder, OfferTerms, Orders, Split
from tests.helpers import tuned


def test_a_new_hire_does_not_quit_the_quarter_they_join(content):
    quitting = tuned(content, talent={"attrition_base": 1.0})  # everyone else quits
    state = new_game(quitting, "summer-2025", 1, "normal")
    free = next(r for r in state.researchers.values() if r.lab is None)
    terms = OfferTerms(salary=free.salary * 5 + 10, bonus=200.0)
    orders = Orders(
        offers=[OfferOrder(researcher=free.id, terms=terms)],
        split=Split(offers=terms.salary + terms.bonus),
    )
    new, report = advance(state, orders, quitting)
    kinds = [(m.kind, m.reason) for m in report.moves if m.researcher == free.id]
    assert kinds[0][0] == "joined"
    assert ("left", "morale") not in kinds
    assert new.researchers[free.id].lab == state.player
    # the rest of the staff did quit: the rule is about joining, not about the tuned chance
    assert any(m.kind == "left" and m.reason == "morale" for m in report.moves)
