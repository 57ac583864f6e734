"""Honest odds: the balance report's calibration table, and odds that count what the
researcher will also hear (a free agent's other offers, a rival's counter)."""

from __future__ import annotations

import io

from game.balance import GameResult, calibration, play_one, print_report, summarise
from game.core.advice import Estimator
from game.core.engine import new_game
from game.core.market import accept_probability, free_agent_floor, offer_option
from game.core.models import Approach, OfferTerms


def test_the_report_has_a_calibration_table(content):
    results = [play_one(content, "summer-2025", "normal", p, 1) for p in ("offers", "adaptive")]
    report = summarise(results, 1, "normal", "summer-2025", content)
    cal = report["calibration"]
    assert sum(row["n"] for row in cal["offers"]) == sum(
        int(v[0]) for r in results for v in r.offer_bins.values()
    )
    assert {row["key"] for row in cal["flight_risk"]} <= {"low", "med", "HIGH"}
    for row in cal["offers"] + cal["flight_risk"]:
        assert 0 <= row["rate"] <= 1 and row["band"][0] <= row["band"][1]
    out = io.StringIO()
    print_report(report, out)
    assert "calibration: offers by the middle of the odds band shown" in out.getvalue()


def test_a_band_is_met_inside_it_or_within_ten_points_when_narrow():
    def result(bins):  # type: ignore[no-untyped-def]
        return GameResult("x", 0, "lost", None, None, 1, offer_bins=bins)

    # 100 offers in the 60-70% tenth, band 40-90%, 30% accepted: not met
    cal = calibration([result({6: [100.0, 30.0, 40.0, 90.0]})])
    assert cal["offers"][0]["met"] is False
    # a narrow band (55-65%) met within 10 points: 50% accepted
    cal = calibration([result({6: [100.0, 50.0, 55.0, 65.0]})])
    assert cal["offers"][0]["met"] is True
    cal = calibration([result({6: [10.0, 5.0, 5.5, 6.5]})])
    assert cal["offers"][0]["met"] is None  # too few to tell


def test_flight_risk_without_an_approach_is_the_chance_of_quitting(content):
    state = new_game(content, "summer-2025", 1, "normal")
    est = Estimator(state, content)
    t = content.balance.talent
    for rid in (r.id for r in state.researchers.values() if r.lab == state.player):
        lo, hi = est.flight_risk(rid)
        assert lo <= est.quit_chance(state.researchers[rid]) <= hi
        assert (lo + hi) / 2 < 0.25  # "low": no rival can take them this quarter
    assert est.quit_chance(state.researchers[rid]) >= t.attrition_base


def test_flight_risk_with_a_generous_approach_is_high(content):
    state = new_game(content, "summer-2025", 1, "normal")
    r = next(r for r in state.researchers.values() if r.lab == state.player)
    rival = next(lab for lab in state.labs.values() if not lab.player)
    rich = OfferTerms(salary=r.salary * 10 + 20, bonus=300.0)
    state.approaches.append(
        Approach(id="a1", lab=rival.id, researcher=r.id, terms=rich, deadline=state.quarter)
    )
    lo, hi = Estimator(state, content).flight_risk(r.id)
    assert (lo + hi) / 2 >= 0.5


def test_a_free_agents_odds_count_a_rivals_offer(content):
    state = new_game(content, "summer-2025", 1, "normal")
    est = Estimator(state, content)
    free = next(r for r in state.researchers.values() if r.lab is None)
    terms = est.default_offer(free)
    seen = est.perceived(free)
    alone = accept_probability(
        seen,
        free_agent_floor(seen, content.balance),
        offer_option(seen, est.appeal[state.player], terms, content.balance),
        content.balance,
    )
    lo, hi = est.offer_odds(free.id, terms)
    assert (lo + hi) / 2 < alone - 0.05  # not "75-100%" while rivals bid too
