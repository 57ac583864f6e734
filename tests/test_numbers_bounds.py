"""Numbers that are not numbers: a data file cannot give NaN, infinity or 1e308, and whatever an
event or a playbook makes of a quarter, the game keeps playing and can be saved and loaded."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from game.bots import POLICIES, play_quarter
from game.content import ContentError, assets_dir, load_content
from game.core import quarter
from game.core.engine import PHASES, advance, copy_state, new_game
from game.core.models import GameState, Orders
from game.saves import load_game, save_game

ROOT = Path(__file__).resolve().parent.parent
EVENT = """[[event]]
id = "hostile"
scope = "{scope}"
chance = 1
cooldown = 0
headline = "Something odd happens"
[event.effects]
{effects}
"""
PLAYBOOK = """playbook = "closed-leader"
name = "Hostile"

[[rule]]
id = "raise"
priority = 1
action = "raise_all"
params = {{ pct = {pct} }}
"""


def _floats(value: object, where: str = "state") -> Iterator[tuple[str, float]]:
    """Every float in a model, with where it is."""
    if isinstance(value, float):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _floats(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _floats(v, f"{where}[{k!r}]")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _floats(v, f"{where}[{i}]")


def _mod(root: Path, kind: str, text: str) -> Path:
    folder = root / "mod" / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.toml").write_text(text)
    return root / "mod"


def _all_labs(field: str, value: float) -> Callable[[GameState], None]:
    def prepare(state: GameState) -> None:
        for lab in state.labs.values():
            setattr(lab, field, value)

    return prepare


def _salaries(state: GameState) -> None:
    for r in state.researchers.values():
        r.salary = 1e300


# (mod folder kind, file, how the state stands when the mod starts to bite)
HOSTILE = {
    "demand": ("events", EVENT.format(scope="world", effects="demand_pct = 1e12"), None),
    "valuation": (
        "events",
        EVENT.format(scope="lab", effects="valuation_pct = 1e12"),
        _all_labs("valuation", 1e300),
    ),
    "cash": (
        "events",
        EVENT.format(scope="lab", effects='cash = "me.cash * 1e12"'),
        _all_labs("cash", 1e300),
    ),
    "cash-doubles": (
        "events",
        EVENT.format(scope="lab", effects='cash = "me.cash"'),
        _all_labs("cash", 1.5e308),
    ),
    "ecosystem": (
        "events",
        EVENT.format(scope="lab", effects="ecosystem_pct = 1e12"),
        _all_labs("ecosystem", 1e300),
    ),
    "raise-all": ("rules", PLAYBOOK.format(pct="1e12"), _salaries),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_event_or_playbook_leaves_a_game_that_can_be_saved(tmp_path, case) -> None:  # type: ignore[no-untyped-def]
    kind, text, prepare = HOSTILE[case]
    mod = _mod(tmp_path, kind, text)
    content = load_content([mod])
    state = new_game(content, "summer-2025", 1, "normal")
    if prepare is not None:
        prepare(state)
    else:
        state.demand = 1e300
    for _ in range(4):
        if state.over:
            break
        state, _ = play_quarter(state, content, POLICIES["adaptive"])
        # (the log keeps the player's orders as given: within the budget of the quarter before)
        bad = [(w, v) for w, v in _floats(state) if not abs(v) <= 1e300 and ".log[" not in w]
        assert not bad, bad[:5]
        path = save_game(state, "hostile", tmp_path / "saves", content=content, mods=[mod])
        loaded = load_game(path)
        assert loaded.model_dump_json() == state.model_dump_json()
        state = loaded


def test_the_bounds_phase_leaves_every_float_finite_and_within_its_field() -> None:
    """Whatever the phases before it made of the numbers, the last phase bounds them all."""
    from game.core.phases import bounds

    content = load_content()
    state, _ = advance(new_game(content, "summer-2025", 2, "normal"), Orders(), content)
    shared = next(r for r in state.researchers.values() if r.grants).grants[0]
    shared.share = math.inf  # a part the copy shares with the state it came from
    new = copy_state(state)
    ctx = quarter.start(new, Orders(), content)
    ctx.report.money.events, ctx.report.cash_after = math.nan, -math.inf
    spoiled = [math.nan, math.inf, -math.inf, 1e308, -1e308]
    for i, lab in enumerate(new.labs.values()):
        for j, (name, info) in enumerate(type(lab).model_fields.items()):
            if info.annotation is float:
                setattr(lab, name, spoiled[(i + j) % len(spoiled)])
    for r in new.researchers.values():
        r.skill, r.loyalty, r.morale, r.salary = math.nan, math.inf, -math.inf, 1e308
    new.approaches = [
        a.model_copy(update={"terms": a.terms.model_copy(update={"salary": math.nan})})
        for a in new.approaches
    ]
    new.demand, new.gpu_price, new.rent_price, new.open_frontier = math.inf, math.nan, -1.0, 1e308
    assert PHASES[-1] is bounds.bounds
    bounds.bounds(new, ctx)
    limit = content.balance.bounds.number
    bad = [(where, v) for where, v in _floats(new) if not abs(v) <= limit]
    bad += [(where, v) for where, v in _floats(ctx.report, "report") if not abs(v) <= limit]
    assert not bad, bad[:5]
    # the state is valid as it stands: it loads again (field limits kept: shares in 0..1 ...)
    again = GameState.model_validate_json(new.model_dump_json())
    assert again.model_dump_json() == new.model_dump_json()
    assert all(lab.efficiency > 0 for lab in new.labs.values())
    # the state it was copied from is unchanged: shared parts were replaced, not changed
    assert shared.share == math.inf
    assert not any(g is shared for r in new.researchers.values() for g in r.grants)


@pytest.mark.parametrize("policy", list(POLICIES))
def test_the_bots_cap_what_they_buy_when_money_is_not_a_number(policy: str) -> None:
    content = load_content()
    state = new_game(content, "summer-2025", 1, "normal")
    for cash in (math.inf, 1e308, math.nan):
        state.player_lab.cash = cash
        orders = POLICIES[policy](state, content)
        assert 0 <= orders.buy <= content.balance.economy.max_buy_per_quarter


# -- data files ---------------------------------------------------------------------------------
def _scenario_mod(root: Path, old: str, new: str) -> Path:
    text = (assets_dir() / "scenarios" / "summer-2025.toml").read_text()
    text = text.replace('id = "summer-2025"', 'id = "odd-2025"', 1)
    assert old in text
    folder = root / "mod" / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "odd-2025.toml"
    path.write_text(text.replace(old, new, 1))
    return path


def _first(key: str) -> str:
    """The first line of the shipped scenario that sets `key`."""
    text = (assets_dir() / "scenarios" / "summer-2025.toml").read_text()
    return next(line for line in text.splitlines() if line.startswith(f"{key} = "))


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "-1e308", "1e13"])
@pytest.mark.parametrize("key", ["cash", "demand", "gpu_price", "salary", "compute_owned"])
def test_a_scenario_number_that_is_not_a_bounded_number_is_refused_by_name(
    tmp_path: Path, key: str, value: str
) -> None:
    path = _scenario_mod(tmp_path, _first(key), f"{key} = {value}")
    with pytest.raises(ContentError) as err:
        load_content([tmp_path / "mod"])
    msg = str(err.value)
    assert path.name in msg and key in msg and "\n" not in msg, msg


@pytest.mark.parametrize("value", ["nan", "inf", "1e308"])
def test_a_researchers_drives_are_bounded(tmp_path: Path, value: str) -> None:
    line = _first("drives")
    money = line.split(",")[0]  # drives = { money = 0.16
    path = _scenario_mod(tmp_path, line, line.replace(money, f"drives = {{ money = {value}", 1))
    with pytest.raises(ContentError) as err:
        load_content([tmp_path / "mod"])
    msg = str(err.value)
    assert path.name in msg and "drives" in msg and "money" in msg and "\n" not in msg, msg


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("demand_growth = 0.05", "demand_growth = inf"),
        ("gpu_price_drift = -0.03", "gpu_price_drift = -1.0"),
        ("power_cost = 0.35", "power_cost = 1e308"),
        ("max_buy_per_quarter = 44", "max_buy_per_quarter = 10_000_000_000_000"),
        ("number = 1e15", "number = inf"),
        ("number = 1e15", "number = 1e6"),
    ],
)
def test_balance_numbers_are_bounded(tmp_path: Path, old: str, new: str) -> None:
    text = (assets_dir() / "balance.toml").read_text()
    assert old in text
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "balance.toml").write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError) as err:
        load_content([tmp_path / "mod"])
    assert "balance.toml" in str(err.value) and "\n" not in str(err.value)


def test_the_scenarios_command_refuses_a_nan_scenario_in_one_line(tmp_path: Path) -> None:
    path = _scenario_mod(tmp_path, _first("cash"), "cash = nan")
    proc = subprocess.run(
        [sys.executable, "-m", "game", "scenarios", "--mods", str(tmp_path / "mod")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and path.name in lines[0] and "finite" in lines[0], proc.stderr
