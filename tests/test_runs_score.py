"""The score and its verdict, the daily marker in saves, and verifying runs in process."""

from __future__ import annotations

import functools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from game import saves
from game.bots import POLICIES, play_quarter
from game.content import load_content
from game.core.engine import new_game, state_hash
from game.core.models import GameState
from game.core.score import ScoreTable, score, verdict_for
from game.runs import RunError
from game.runs.daily import challenge, new_daily
from game.runs.runfile import Mismatch, RunFile, Verified, export_run, read_run, verify
from game.runs.scores import entry_for, read_table, record
from game.runs.verdicts import load_table, score_of

DAY = "2026-12-02"


@functools.cache
def content():  # type: ignore[no-untyped-def]
    return load_content()


@functools.cache
def finished(scenario: str, seed: int, policy: str, difficulty: str = "normal") -> GameState:
    c = content()
    state = new_game(c, scenario, seed, difficulty)
    while state.outcome is None:
        state, _ = play_quarter(state, c, POLICIES[policy])
    return state


@given(a=st.integers(0, 5000), b=st.integers(0, 5000))
def test_a_higher_score_never_earns_a_lower_verdict(a, b):
    table = load_table()
    low, high = sorted((a, b))
    assert verdict_for(low, table)[0] <= verdict_for(high, table)[0]
    rank, v = verdict_for(high, table)
    assert v.min <= high and (rank + 1 == len(table.verdict) or table.verdict[rank + 1].min > high)


@given(
    scenario=st.sampled_from(["summer-2025", "garage-2025"]),
    seed=st.integers(0, 3),
    policy=st.sampled_from(["idle", "adaptive", "open"]),
)
def test_the_score_is_deterministic_and_depends_on_the_final_state_alone(scenario, seed, policy):
    state = finished(scenario, seed, policy)
    again = GameState.model_validate_json(state.model_dump_json())  # as a save brings it back
    a, b = score_of(state, content()), score_of(again, content())
    assert a == b and a.points >= 0
    assert a.verdict == verdict_for(a.points, load_table())[1]


def test_a_win_outscores_the_loss_of_the_same_lab_and_difficulty_multiplies():
    # the first seed the adaptive bot wins (which one changes whenever games change)
    won = next(
        g
        for g in (finished("summer-2025", seed, "adaptive") for seed in range(20))
        if g.outcome is not None and g.outcome.result == "won"
    )
    lost = finished("summer-2025", 0, "idle")
    assert won.outcome.result == "won" and lost.outcome.result == "lost"
    assert score_of(won, content()).points > score_of(lost, content()).points
    table = load_table()
    hard = table.model_copy(deep=True)
    hard.score.difficulty["normal"] = 2.0
    assert score(won, content(), hard).points > score(won, content(), table).points


def test_the_verdicts_table_is_checked():
    raw = load_table().model_dump()
    raw["verdict"][2]["min"] = raw["verdict"][1]["min"]
    with pytest.raises(ValidationError, match="higher than the one before"):
        ScoreTable.model_validate(raw)
    raw = load_table().model_dump()
    del raw["score"]["difficulty"]["hard"]
    with pytest.raises(ValidationError, match="no multiplier for 'hard'"):
        ScoreTable.model_validate(raw)


def test_a_daily_game_keeps_its_date_through_a_save_and_plays_as_its_seed(tmp_path):
    c = content()
    state = new_daily(c, DAY)
    scenario, seed = challenge(DAY, c.scenarios)
    plain = new_game(c, scenario, seed, "normal")
    assert state.daily == DAY and plain.daily is None
    assert state_hash(state) == state_hash(plain)  # the label changes no play
    state, _ = play_quarter(state, c, POLICIES["balanced"])
    saves.save_game(state, "daily", tmp_path, content=c)
    loaded = saves.load_game("daily", tmp_path)
    assert loaded.daily == DAY and saves.replay(loaded, content=c).ok


def test_a_version_1_save_is_upgraded_and_is_not_a_daily_one(tmp_path):
    c = content()
    state, _ = play_quarter(new_game(c, "summer-2025", 1, "normal"), c, POLICIES["balanced"])
    path = saves.save_game(state, "old", tmp_path, content=c)
    doc = json.loads(path.read_text())
    doc["version"] = 1
    del doc["checksum"]
    doc["checksum"] = saves.checksum(doc)
    path.write_text(json.dumps(doc))
    loaded = saves.load_save("old", tmp_path)
    assert loaded.version == saves.CURRENT_VERSION and loaded.state.daily is None
    assert state_hash(loaded.state) == state_hash(state)


def test_verify_in_process_accepts_the_run_and_refuses_a_forged_daily(tmp_path):
    c = content()
    state = new_daily(c, DAY)
    while state.outcome is None:
        state, _ = play_quarter(state, c, POLICIES["adaptive"])
    doc = export_run(state, c)
    good = verify(RunFile.model_validate(doc), c)
    assert isinstance(good, Verified) and good.points == score_of(state, c).points
    # a game of another seed relabelled as the daily one
    other = finished("summer-2025", 1, "adaptive")
    forged = export_run(other.model_copy(update={"daily": DAY}), c)
    with pytest.raises(RunError, match="claims to be the daily run"):
        verify(RunFile.model_validate(forged), c)
    # orders of quarter 0 changed: quarter 0 named
    doc["quarters"][0]["orders"]["rent"] = 3
    bad = verify(RunFile.model_validate(doc), c)
    assert isinstance(bad, Mismatch) and bad.quarter == 0
    # a run that stops before the game ends is not verified
    short = export_run(state, c)
    short["quarters"] = short["quarters"][:-1]
    cut = verify(RunFile.model_validate(short), c)
    assert isinstance(cut, Mismatch) and "not over" in cut.got


def test_a_run_file_with_an_extra_field_or_too_many_quarters_is_refused(tmp_path):
    c = content()
    doc = export_run(finished("summer-2025", 1, "adaptive"), c)
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**doc, "code": "__import__('os').system('x')"}))
    with pytest.raises(RunError, match="not a valid run file"):
        read_run(path)
    doc["quarters"] = doc["quarters"] * 4
    path.write_text(json.dumps(doc))
    with pytest.raises(RunError, match="more than summer-2025 lasts"):
        verify(read_run(path), c)


def test_export_refuses_an_unfinished_game():
    c = content()
    with pytest.raises(RunError, match="not finished"):
        export_run(new_game(c, "summer-2025", 1, "normal"), c)


def test_the_table_keeps_the_best_ten_of_each_kind_and_each_game_once(tmp_path):
    c = content()
    state = finished("summer-2025", 1, "adaptive")
    s = score_of(state, c)
    base = entry_for(state, c, s, when=DAY)
    for i in range(14):
        entries, note = record(base.model_copy(update={"points": i, "run": f"{i:016x}"}), tmp_path)
    assert note is None and [e.points for e in entries] == list(range(13, 3, -1))
    entries, _ = record(base.model_copy(update={"points": 13, "run": f"{13:016x}"}), tmp_path)
    assert len(entries) == 10 and [e.points for e in entries].count(13) == 1
    daily = base.model_copy(update={"daily": DAY, "points": 1, "run": "f" * 16})
    entries, _ = record(daily, tmp_path)  # daily runs apart
    assert [e.points for e in entries] == [1]
    table = read_table(tmp_path / "scores" / "high-scores.json")
    assert len(table.kinds()) == 2 and len(table.entries) == 11
