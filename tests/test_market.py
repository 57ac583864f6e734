"""The talent market's relations: margins, loyalty, drives, equity, outreach."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.config import Content
from game.core.engine import advance, new_game
from game.core.market import appeals, offer_option, stay_option
from game.core.models import OfferOrder, OfferTerms, Orders, Split
from tests.helpers import tuned


@pytest.fixture
def quiet(content: Content) -> Content:
    """No rival moves, no events and no noise: only the player's offer is on the table."""
    return replace(tuned(content, talent={"noise": 0.0}), playbooks={}, events={})


def _gap(state, content, rid, terms):
    bal = content.balance
    app = appeals(state, content)
    r = state.researchers[rid]
    stay = stay_option(r, app[r.lab], bal)
    offer = offer_option(r, app[state.player], terms, bal)
    return offer.utility - stay.utility


def _threshold_bonus(state, content, rid, salary):
    """The signing bonus at which the offer exactly beats staying by the switch margin."""
    margin = content.balance.talent.switch_margin
    lo, hi = 0.0, 1.0
    while _gap(state, content, rid, OfferTerms(salary=salary, bonus=hi)) < margin:
        hi *= 2
        assert hi < 1e7
    for _ in range(60):
        mid = (lo + hi) / 2
        if _gap(state, content, rid, OfferTerms(salary=salary, bonus=mid)) < margin:
            lo = mid
        else:
            hi = mid
    return hi


def _offer(state, content, rid, terms):
    cash = state.player_lab.cash
    orders = Orders(
        split=Split(offers=terms.bonus + terms.salary),
        offers=[OfferOrder(researcher=rid, terms=terms)],
    )
    if terms.bonus + terms.salary > cash - 500:
        state.player_lab.cash = terms.bonus + terms.salary + 5000
    new, report = advance(state, orders, content)
    return new, report


def _a_rival_star(state):
    return next(
        r.id
        for r in sorted(state.researchers.values(), key=lambda r: r.id)
        if r.lab == "meridian" and r.tier == "star"
    )


def test_offer_above_margin_is_taken_and_below_is_not(quiet):
    state = new_game(quiet, "summer-2025", 1, "normal")
    rid = _a_rival_star(state)
    salary = state.researchers[rid].salary
    bonus = _threshold_bonus(state, quiet, rid, salary)
    above, _ = _offer(state, quiet, rid, OfferTerms(salary=salary, bonus=bonus * 1.05 + 1))
    below, report = _offer(state, quiet, rid, OfferTerms(salary=salary, bonus=bonus * 0.95))
    assert above.researchers[rid].lab == state.player
    assert below.researchers[rid].lab == "meridian"
    declined = [m for m in report.moves if m.researcher == rid]
    assert declined and declined[0].kind == "declined"


def test_loyalty_raises_the_price_of_a_move(quiet):
    state = new_game(quiet, "summer-2025", 1, "normal")
    rid = _a_rival_star(state)
    salary = state.researchers[rid].salary
    state.researchers[rid].loyalty = 0.3
    cheap = _threshold_bonus(state, quiet, rid, salary)
    state.researchers[rid].loyalty = 0.6
    dear = _threshold_bonus(state, quiet, rid, salary)
    assert dear > cheap


def test_unvested_equity_must_be_bought_out(quiet):
    state = new_game(quiet, "summer-2025", 1, "normal")
    rid = _a_rival_star(state)
    salary = state.researchers[rid].salary
    state.researchers[rid].grants = []
    free = _threshold_bonus(state, quiet, rid, salary)
    from game.core.models import EquityGrant

    state.researchers[rid].grants = [EquityGrant(share=0.001, quarters_left=8)]
    tied = _threshold_bonus(state, quiet, rid, salary)
    assert tied > free


def test_personal_outreach_changes_the_odds(quiet):
    state = new_game(quiet, "summer-2025", 1, "normal")
    rid = _a_rival_star(state)
    salary = state.researchers[rid].salary
    plain = _gap(state, quiet, rid, OfferTerms(salary=salary, bonus=10))
    personal = _gap(state, quiet, rid, OfferTerms(salary=salary, bonus=10, outreach=True))
    assert personal > plain


def test_compute_draws_talent(quiet):
    state = new_game(quiet, "summer-2025", 1, "normal")
    rid = _a_rival_star(state)
    state.researchers[rid].drives = state.researchers[rid].drives.model_copy(
        update={"compute": 0.6, "money": 0.1}
    )
    terms = OfferTerms(salary=1.0, bonus=5)
    before = _gap(state, quiet, rid, terms)
    state.player_lab.compute_owned *= 10
    after = _gap(state, quiet, rid, terms)
    assert after > before


def test_a_move_records_the_deciding_drive(quiet):
    state = new_game(quiet, "summer-2025", 1, "normal")
    rid = _a_rival_star(state)
    r = state.researchers[rid]
    r.drives = r.drives.model_copy(
        update={
            "money": 0.9,
            "compute": 0.025,
            "mission": 0.025,
            "openness": 0.025,
            "prestige": 0.025,
        }
    )
    r.loyalty = 0.3
    new, report = _offer(state, quiet, rid, OfferTerms(salary=r.salary * 3, bonus=800))
    assert new.researchers[rid].lab == state.player
    move = next(m for m in report.moves if m.researcher == rid)
    assert move.kind == "joined" and move.reason == "money"
    assert new.researchers[rid].last_reason == "money"


def test_loyal_mission_driven_people_say_no(quiet):
    """GAME.md: 'our best people are saying no' must be something that happens."""
    state = new_game(quiet, "summer-2025", 1, "normal")
    loyal = [
        r
        for r in state.researchers.values()
        if r.lab is not None
        and r.lab != state.player
        and r.loyalty >= 0.8
        and r.drives.mission > r.drives.money
    ]
    assert loyal
    bal = quiet.balance
    app = appeals(state, quiet)
    declines = 0
    for r in loyal:
        terms = OfferTerms(salary=r.salary * 1.5, bonus=bal.tiers[r.tier].reference_pay)
        stay = stay_option(r, app[r.lab], bal)
        offer = offer_option(r, app[state.player], terms, bal)
        declines += offer.utility <= stay.utility + bal.talent.switch_margin
    assert declines / len(loyal) >= 0.7
