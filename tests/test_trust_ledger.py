"""The quarter's ledger: where money, compute and capability came from and went, adding up to
the change, over many bot games."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.bots import POLICIES, play_quarter
from game.content import load_content
from game.core.engine import new_game
from game.core.models import Money

HALF_A_CENT = 0.5e-8  # $M
CONTENT = load_content()


def compute_of(state) -> float:  # type: ignore[no-untyped-def]
    lab = state.player_lab
    return lab.compute_owned + lab.compute_rented


@settings(max_examples=20)
@given(
    seed=st.integers(0, 10**6),
    policy=st.sampled_from(sorted(POLICIES)),
    scenario=st.sampled_from(["summer-2025", "garage-2025"]),
    difficulty=st.sampled_from(["easy", "normal", "hard"]),
)
def test_the_ledger_adds_up_to_every_change(seed, policy, scenario, difficulty):
    state = new_game(CONTENT, scenario, seed, difficulty)
    for _ in range(14):
        if state.outcome is not None:
            break
        before = state
        state, report = play_quarter(state, CONTENT, POLICIES[policy])
        cash_change = state.player_lab.cash - before.player_lab.cash
        assert abs(report.money.net - cash_change) < HALF_A_CENT, report.money
        flow = report.compute
        assert flow.before == compute_of(before)
        assert abs(flow.before + flow.change - compute_of(state)) < 1e-9, flow
        assert flow.delivered == report.deliveries
        cap_before, cap_after = report.capability[state.player]
        assert cap_before == before.player_lab.capability
        assert abs(report.gains.change - (cap_after - cap_before)) < 1e-9, report.gains


def test_every_money_field_is_in_the_net():
    """A new item must be counted: each field moves `net` by its own amount."""
    for name in Money.model_fields:
        sign = -1 if name in SPENDING else 1
        assert Money(**{name: 7.0}).net == sign * 7.0, name
        if name in ("events", "other"):
            assert Money(**{name: -7.0}).net == -7.0


SPENDING = {
    "payroll",
    "bonuses",
    "buyouts",
    "counters",
    "staff",
    "power",
    "gpus",
    "rent",
    "ecosystem",
}


def test_sim_json_has_the_last_quarters_ledger(capsys):
    import json

    from game.cli import main

    assert main(["sim", "--seed", "4", "--policy", "balanced", "--quarters", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    led = out["ledger"]
    assert led["quarter"] == 2
    money = led["money"]
    items = sum(v for k, v in money.items() if k != "net" and k not in SPENDING)
    items -= sum(money[k] for k in SPENDING)
    assert abs(items - (led["cash_after"] - led["cash_before"])) < HALF_A_CENT
    assert abs(money["net"] - items) < HALF_A_CENT
    assert set(led["compute"]) >= {"before", "delivered", "rented", "expired", "change"}
    assert set(led["capability"]) >= {"research", "spillover", "luck", "change"}


def test_the_report_screen_shows_the_ledger():
    from game.tui.fmt import signed_money
    from game.tui.screens.report import report_text
    from game.tui.session import Session

    state = new_game(CONTENT, "summer-2025", 6, "normal")
    for _ in range(2):
        state, report = play_quarter(state, CONTENT, POLICIES["gpus"])
    parts = report_text(Session(CONTENT, state), report)
    money = parts.money.plain
    assert f"= {signed_money(report.money.net)} cash" in money
    assert "delivered" in money and money.endswith(" H100")
    assert "Your gain: research +" in parts.race.plain
    assert "luck" in parts.race.plain
