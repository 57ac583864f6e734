"""Saves: the file format, atomic writes, clean errors, migration, autosave and replays."""

from __future__ import annotations

import functools
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game import saves
from game.bots import POLICIES, play
from game.content import load_content
from game.core.engine import advance, new_game, state_hash
from game.core.models import GameState, Headline
from game.save_commands import cmd_replay, cmd_saves
from game.saves import (
    CURRENT_VERSION,
    SaveError,
    autosave,
    checksum,
    list_saves,
    load_game,
    load_save,
    replay,
    save_game,
    saves_dir,
    validate_name,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCENARIO = "summer-2025"
WHEN = datetime(2025, 11, 29, 12, 30, tzinfo=UTC)


@functools.cache
def _content():
    return load_content()


@functools.cache
def played(seed: int, quarters: int, policy: str = "balanced") -> tuple[GameState, ...]:
    """The states of a bot game, quarter by quarter (shared: never mutate them)."""
    content = _content()
    state = new_game(content, SCENARIO, seed, "normal")
    states = [state]
    for _ in range(quarters):
        assert state.outcome is None, f"seed {seed}: the game ended before quarter {quarters}"
        state, _ = advance(state, play(state, content, POLICIES[policy]), content)
        states.append(state)
    return tuple(states)


def rewrite(path: Path, edit, *, fix_checksum: bool = True) -> None:
    """Edit a save's JSON in place (as a player with a text editor would)."""
    doc = json.loads(path.read_text())
    edit(doc)
    if fix_checksum:
        doc["checksum"] = checksum(doc)
    path.write_text(json.dumps(doc, indent=1))


def assert_clean_error(path: Path, *fragments: str) -> SaveError:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(SaveError) as info:
        load_game(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    if before is not None:
        assert path.read_bytes() == before, "loading changed the file"
    return info.value


# --- folders and names -----------------------------------------------------------------


def test_saves_dir_explicit_then_env_then_cwd(tmp_path, monkeypatch):
    assert saves_dir(tmp_path / "x") == tmp_path / "x"
    assert saves_dir(str(tmp_path / "y")) == tmp_path / "y"
    monkeypatch.setenv("TALENT_WAR_SAVES", str(tmp_path / "env"))
    assert saves_dir() == tmp_path / "env"
    monkeypatch.delenv("TALENT_WAR_SAVES")
    assert saves_dir() == Path.cwd() / "saves"


@pytest.mark.parametrize(
    "name",
    ["game", "My Game 2", "run_3-final", "v1.2", "Ünïcode lab", "a" * 64, "autosave-2026-Q1"],
)
def test_plain_names_are_accepted(name):
    assert validate_name(name) == name


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("a" * 65, "too long"),
        ("a/b", "separator"),
        ("a\\b", "separator"),
        ("../escape", "separator"),
        ("..", ".."),
        ("a..b", ".."),
        ("/etc/passwd", "separator"),
        ("C:evil", "path"),
        (".hidden", "dot"),
        ("tab\there", "control"),
        ("nul\x00byte", "control"),
        ("new\nline", "control"),
        ("bell\x07", "control"),
        ("star*", "'*'"),
        ("semi;colon", "';'"),
        ("game.json", ".json"),
        (" padded", "space"),
        ("padded ", "space"),
        ("trailing.", "dot"),
        ("CON", "reserved"),
        ("nul.txt", "reserved"),
    ],
)
def test_unsafe_names_are_refused(tmp_path, name, why):
    with pytest.raises(SaveError) as info:
        validate_name(name)
    assert why in str(info.value)
    assert "\n" not in str(info.value)
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(SaveError):
        save_game(played(1, 0)[0], name, tmp_path / "saves")
    assert sorted(p for p in tmp_path.rglob("*")) == before, "a refused name wrote something"


# --- the file --------------------------------------------------------------------------


def test_save_writes_the_documented_format(tmp_path):
    state = played(2, 3)[-1]
    path = save_game(state, "first", tmp_path, saved_at=WHEN)
    assert path == tmp_path / "first.json"
    doc = json.loads(path.read_text())
    assert list(doc) == ["format", "version", "checksum", "saved_at", "meta", "state"]
    assert doc["format"] == "talent-war-save" and doc["version"] == CURRENT_VERSION
    assert doc["checksum"] == checksum(doc)
    assert doc["saved_at"] == "2025-11-29T12:30:00+00:00"
    lab = state.labs[state.player]
    assert doc["meta"]["lab"] == lab.name and doc["meta"]["cash"] == lab.cash
    assert doc["meta"]["quarter"] == state.quarter == 3
    assert doc["meta"]["quarter_label"] == "2026-Q2"
    assert (doc["meta"]["scenario"], doc["meta"]["seed"], doc["meta"]["difficulty"]) == (
        SCENARIO,
        2,
        "normal",
    )
    assert doc["meta"]["mods"] == []
    assert len(doc["state"]["log"]) == 3
    loaded = load_game(path)
    assert loaded == state and state_hash(loaded) == state_hash(state)
    assert [p.name for p in tmp_path.iterdir()] == ["first.json"], "no temp files left over"


def test_save_records_the_mods_of_the_content(tmp_path, content):
    mod = tmp_path / "mymod"
    mod.mkdir()
    modded = load_content([mod])
    save_game(played(2, 1)[-1], "modded", tmp_path, content=modded)
    assert load_save("modded", tmp_path).meta.mods == [str(mod)]
    assert replay("modded", tmp_path).ok


def test_load_by_name_uses_the_env_folder_and_by_path_anywhere(tmp_path):
    state = played(3, 2)[-1]
    path = save_game(state, "env game")  # conftest points TALENT_WAR_SAVES at tmp_path/saves
    assert path == tmp_path / "saves" / "env game.json"
    assert load_game("env game") == state
    assert load_game(str(path)) == state
    assert load_game(path) == state


def test_saving_again_keeps_the_previous_version_as_backup(tmp_path):
    one, two, three = played(4, 2)
    save_game(one, "g", tmp_path)
    save_game(two, "g", tmp_path)
    assert load_game(tmp_path / "g.json") == two
    assert load_game(tmp_path / "g.json.bak") == one
    save_game(three, "g", tmp_path)
    assert load_game(tmp_path / "g.json") == three
    assert load_game(tmp_path / "g.json.bak") == two
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json", "g.json.bak"]


def test_a_broken_file_is_never_overwritten(tmp_path):
    one, two = played(4, 1)
    save_game(one, "g", tmp_path)
    save_game(one, "g", tmp_path)  # g.json.bak is a good save of `one`
    garbage = b'{"format": "talent-war-save", "version": 1, "chec'
    (tmp_path / "g.json").write_bytes(garbage)
    save_game(two, "g", tmp_path)
    assert load_game(tmp_path / "g.json") == two
    assert (tmp_path / "g.json.broken").read_bytes() == garbage, "the broken file is kept aside"
    assert load_game(tmp_path / "g.json.bak") == one, "a broken file never replaces the backup"
    (tmp_path / "g.json").write_bytes(b"again")
    save_game(one, "g", tmp_path)
    assert (tmp_path / "g.json.broken-2").read_bytes() == b"again"


def test_a_failed_write_leaves_the_old_save(tmp_path, monkeypatch):
    one, two = played(4, 1)
    save_game(one, "g", tmp_path)
    before = (tmp_path / "g.json").read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saves.store.os, "replace", boom)
    with pytest.raises(SaveError, match="No space left on device"):
        save_game(two, "g", tmp_path)
    monkeypatch.undo()
    assert (tmp_path / "g.json").read_bytes() == before
    assert not list(tmp_path.glob("*.tmp")), "the temp file is cleaned up"


def test_saving_into_an_unwritable_place_is_a_clean_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(SaveError, match="cannot save"):
        save_game(played(1, 0)[0], "g", blocker / "saves")


# --- bad files: one line, naming the file, the file unchanged -------------------------


def _negative_compute(doc):
    lab = next(iter(doc["state"]["labs"].values()))
    lab["compute_owned"] = -5.0


def _unknown_field(doc):
    doc["state"]["labs"][doc["state"]["player"]]["cheat_mode"] = True


def _unknown_top_field(doc):
    doc["extra"] = 1


def _wrong_type(doc):
    doc["state"]["quarter"] = "three"


def _bool_for_int(doc):
    doc["state"]["labs"][doc["state"]["player"]]["headcount"] = True


def _string_number(doc):
    doc["state"]["seed"] = "2"


def _bad_reference(doc):
    rid = next(iter(doc["state"]["researchers"]))
    doc["state"]["researchers"][rid]["lab"] = "nowhere"


def _meta_mismatch(doc):
    doc["meta"]["seed"] = 999


def _missing_state(doc):
    del doc["state"]


def _bad_time(doc):
    doc["saved_at"] = "yesterday"


EDITS = {
    "negative count": (_negative_compute, "compute_owned: Input should be greater than or equal"),
    "unknown field": (_unknown_field, "cheat_mode: Extra inputs are not permitted"),
    "unknown top field": (_unknown_top_field, "extra: Extra inputs are not permitted"),
    "wrong type": (_wrong_type, "state.quarter: Input should be a valid integer"),
    "bool for int": (_bool_for_int, "headcount: Input should be a valid integer"),
    "string for int": (_string_number, "state.seed: Input should be a valid integer"),
    "bad reference": (_bad_reference, "no lab 'nowhere'"),
    "meta mismatch": (_meta_mismatch, "meta.seed"),
    "missing state": (_missing_state, "state: Field required"),
    "bad time": (_bad_time, "saved_at"),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_hand_edited_invalid_saves_are_refused(tmp_path, kind):
    edit, fragment = EDITS[kind]
    path = save_game(played(5, 2)[-1], "edited", tmp_path)
    rewrite(path, edit)
    assert_clean_error(path, fragment)


def test_an_edit_without_the_checksum_is_called_tampering(tmp_path):
    path = save_game(played(5, 2)[-1], "edited", tmp_path)
    rewrite(path, lambda d: d["meta"].update(cash=1e9), fix_checksum=False)
    assert_clean_error(path, "checksum mismatch", "tampered with or corrupted")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"hello", "not valid JSON"),
        (b"[1, 2]", "top level is not an object"),
        (b'{"format": "something-else", "version": 1}', "format is 'something-else'"),
        (b'{"version": 1}', "no 'format'"),
        (b'{"format": "talent-war-save", "version": "1"}', "version"),
        (b'{"format": "talent-war-save", "version": -1}', "version"),
        (b'{"format": "talent-war-save", "version": 1}', "no checksum"),
        (b'{"format": "talent-war-save", "version": 1, "x": NaN}', "NaN"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b'{"format": "talent-war-save", "version": 1, "state": {"a": [1, 2', "truncated"),
    ],
)
def test_files_that_are_not_saves_are_refused(tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert_clean_error(path, fragment)


def test_truncated_save_is_refused(tmp_path):
    path = save_game(played(5, 2)[-1], "cut", tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_clean_error(path, "truncated")


def test_missing_file_and_folder(tmp_path):
    assert_clean_error(tmp_path / "nope.json", "no such save")
    with pytest.raises(SaveError, match="no such save"):
        load_game("nope", tmp_path)
    (tmp_path / "dir.json").mkdir()
    assert_clean_error(tmp_path / "dir.json", "folder")


def test_future_version_is_refused(tmp_path):
    path = save_game(played(5, 1)[-1], "future", tmp_path)
    rewrite(path, lambda d: d.update(version=CURRENT_VERSION + 1))
    assert_clean_error(
        path,
        f"saved by a newer version of Talent War (version {CURRENT_VERSION + 1}; "
        f"this game reads up to {CURRENT_VERSION})",
    )


# --- migration -------------------------------------------------------------------------


def test_a_version_0_save_has_no_checksum_and_is_refused():
    """Version 0 (the prototype's format) carried no checksum: it cannot be checked, so it is
    refused in one line instead of played unchecked."""
    path = FIXTURES / "save-v0.json"
    old = json.loads(path.read_bytes())
    assert old["version"] == 0 and "checksum" not in old
    assert_clean_error(path, "version 0 save has no checksum", "does not load it")


def test_a_version_0_save_is_not_listed_as_playable(tmp_path):
    (tmp_path / "old.json").write_bytes((FIXTURES / "save-v0.json").read_bytes())
    (info,) = list_saves(tmp_path)
    assert not info.ok and "no checksum" in (info.error or "")


def test_migrations_chain_from_the_first_checked_version():
    assert sorted(saves.MIGRATIONS) == list(range(saves.CHECKSUM_SINCE, CURRENT_VERSION))


def test_schema_file_is_current():
    committed = ROOT / "schema" / "save.schema.json"
    current = saves.schema_text()
    stale = not committed.is_file() or committed.read_text(encoding="utf-8") != current
    assert not stale, (
        "schema/save.schema.json is stale (the save models changed); update it with:\n"
        "    .venv/bin/python -m game.saves schema\n"
        "and if the change breaks old files, bump CURRENT_VERSION and add a migration."
    )


# --- the saves folder ------------------------------------------------------------------


def test_list_saves_shows_every_file_and_marks_broken_ones(tmp_path):
    a, b = played(6, 1)
    save_game(a, "alpha", tmp_path, saved_at=WHEN)
    save_game(b, "beta", tmp_path, saved_at="2025-12-01T08:00:00+00:00")
    (tmp_path / "broken.json").write_text("{oops")
    (tmp_path / "notes.txt").write_text("not a save")
    infos = {i.name: i for i in list_saves(tmp_path)}
    assert set(infos) == {"alpha", "beta", "broken"}
    assert infos["alpha"].error is None and infos["alpha"].quarter == "2025-Q3"
    assert infos["beta"].quarter == "2025-Q4"
    assert infos["beta"].lab == b.labs[b.player].name
    assert infos["beta"].cash == b.labs[b.player].cash
    assert infos["beta"].saved_at == "2025-12-01T08:00:00+00:00"
    assert "not valid JSON" in infos["broken"].error and not infos["broken"].ok

    out = io.StringIO()
    assert cmd_saves(tmp_path, out=out) == 0
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0].split() == ["NAME", "QUARTER", "LAB", "CASH", "SAVED", "AT"]
    assert any(line.startswith("alpha") and "2025-11-29 12:30 UTC" in line for line in lines)
    assert any(line.startswith("broken") and "BROKEN" in line for line in lines)
    assert "3 saves" in lines[-1] and "1 broken" in lines[-1]


def test_listing_an_empty_or_missing_folder(tmp_path):
    assert list_saves(tmp_path / "none") == []
    out = io.StringIO()
    assert cmd_saves(tmp_path / "none", out=out) == 0
    assert "no saves" in out.getvalue()


def test_autosave_keeps_the_last_three(tmp_path):
    states = played(7, 5)
    gid = saves.game_id_of(states[0])  # (no session given: the id derived from the game)
    written = []
    for s in states:
        written.append(autosave(s, tmp_path, saved_at=WHEN))
        time.sleep(0.01)  # distinct modification times
    assert written[0].name == f"autosave-{gid}-2025-Q3.json"
    assert written[-1].name == f"autosave-{gid}-2026-Q4.json"
    left = sorted(p.name for p in tmp_path.glob("autosave-*.json"))
    assert left == sorted(p.name for p in written[-3:])
    assert not list(tmp_path.glob(f"autosave-{gid}-2025-Q3*")), "backups of dropped ones go too"
    for p, s in zip(written[-3:], states[-3:], strict=True):
        assert load_game(p) == s
    save_game(states[0], "mine", tmp_path)
    autosave(states[-1], tmp_path, keep=1)
    assert (tmp_path / "mine.json").exists(), "autosave never deletes a player's save"
    assert [p.name for p in tmp_path.glob("autosave-*.json")] == [f"autosave-{gid}-2026-Q4.json"]


def test_autosaves_are_compact_and_load_like_pretty_saves(tmp_path):
    state = played(3, 2)[-1]
    auto = autosave(state, tmp_path, saved_at=WHEN)
    named = save_game(state, "mine", tmp_path, saved_at=WHEN)
    assert b"\n " not in auto.read_bytes(), "an autosave is not indented"
    assert b"\n " in named.read_bytes(), "a player's save stays readable"
    a, b = load_save(auto), load_save(named)
    assert a.checksum == b.checksum, "the checksum does not depend on the layout"
    assert a.state == b.state == state


def test_a_compact_save_that_would_not_load_is_never_written(tmp_path):
    state = played(4, 1)[-1].model_copy(deep=True)
    state.labs[state.player].compute_owned = -1.0
    with pytest.raises(SaveError, match=r"cannot save: .*compute_owned"):
        autosave(state, tmp_path)
    assert not list(tmp_path.glob("*.json"))


# --- replay ----------------------------------------------------------------------------


def test_replay_of_a_real_game_matches(tmp_path):
    state = played(8, 6)[-1]
    n = len(state.log)
    assert n == state.quarter > 3
    result = replay(state)
    assert result.ok and result.quarters_checked == n and result.first_mismatch is None
    save_game(state, "good", tmp_path)
    assert replay("good", tmp_path).ok
    out, err = io.StringIO(), io.StringIO()
    assert cmd_replay("good", tmp_path, out=out, err=err) == 0
    assert out.getvalue().strip() == f"all {n} quarters match"
    assert err.getvalue() == ""


@pytest.mark.parametrize("quarter", [0, 2, 3])
def test_replay_reports_the_quarter_whose_orders_were_edited(tmp_path, quarter):
    state = played(8, 6)[-1]
    path = save_game(state, "edited", tmp_path)

    def more_gpus(doc):
        doc["state"]["log"][quarter]["orders"]["buy"] += 1

    rewrite(path, more_gpus)
    before = path.read_bytes()
    result = replay("edited", tmp_path)
    assert not result.ok
    assert result.first_mismatch == quarter
    assert result.quarters_checked == quarter + 1
    assert result.expected == state.log[quarter].state_hash
    assert result.got != result.expected
    out, err = io.StringIO(), io.StringIO()
    assert cmd_replay("edited", tmp_path, out=out, err=err) == 1
    assert out.getvalue().strip() == (
        f"quarter {quarter} differs: expected {result.expected}, got {result.got}"
    )
    assert path.read_bytes() == before


def test_replay_counts_refused_orders_as_a_mismatch():
    state = played(8, 4)[-1].model_copy(deep=True)
    state.log[1].orders.buy = 10**9  # far more than the lab can pay for
    result = replay(state)
    assert not result.ok and result.first_mismatch == 1
    assert result.got is not None and result.got.startswith("orders refused")


def test_replay_notices_a_state_that_the_log_does_not_lead_to():
    state = played(8, 4)[-1].model_copy(deep=True)
    state.labs[state.player].cash += 100
    result = replay(state)
    assert not result.ok and result.first_mismatch == state.quarter
    assert result.quarters_checked == 4


def test_cmd_replay_on_a_bad_file_is_one_line_on_stderr(tmp_path):
    (tmp_path / "bad.json").write_text("{")
    out, err = io.StringIO(), io.StringIO()
    assert cmd_replay("bad", tmp_path, out=out, err=err) == 1
    assert out.getvalue() == ""
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and "bad.json" in lines[0] and "truncated" in lines[0]
    err = io.StringIO()
    assert cmd_replay("missing", tmp_path, out=out, err=err) == 1
    assert "no such save" in err.getvalue()


# --- a real kill during a save --------------------------------------------------------

CHILD = r"""
import sys
from pathlib import Path
from game.core.models import GameState
from game.saves import save_game
folder, start = Path(sys.argv[1]), int(sys.argv[2])
states = [GameState.model_validate_json(p.read_bytes()) for p in sorted(folder.glob("s-*.json"))]
i = start
save_game(states[i % len(states)], "victim", folder / "saves")
print("saved", flush=True)
while True:
    i += 1
    save_game(states[i % len(states)], "victim", folder / "saves")
"""


def _big(state: GameState, n: int) -> GameState:
    """A copy of `state` made large (several MB) so that a kill lands mid-write."""
    big = state.model_copy(deep=True)
    big.news = [
        Headline(quarter=state.quarter, text=f"{i}: " + "the talent war goes on " * 8)
        for i in range(n)
    ]
    return big


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killing_the_process_during_a_save_leaves_a_loadable_save(tmp_path):
    states = [_big(s, 6000 + 500 * i) for i, s in enumerate(played(9, 3))]
    expected = {s.model_dump_json() for s in states}
    for i, s in enumerate(states):
        (tmp_path / f"s-{i}.json").write_text(s.model_dump_json())
    rng = random.Random(4)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    folder = tmp_path / "saves"
    kills = mid_write = 0
    while kills < 5 or (mid_write == 0 and kills < 15):
        temps_before = set(folder.glob(".victim.json.*.tmp"))
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path), str(kills)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        try:
            line = child.stdout.readline()
            assert line == b"saved\n", child.stderr.read().decode()
            time.sleep(rng.uniform(0.0, 0.4))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            child.stdout.close()
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        kills += 1
        mid_write += bool(set(folder.glob(".victim.json.*.tmp")) - temps_before)
        loaded = load_game(folder / "victim.json")
        assert loaded.model_dump_json() in expected
        bak = folder / "victim.json.bak"
        if bak.exists():
            assert load_game(bak).model_dump_json() in expected
    assert mid_write, "no kill landed while a save was being written"


def test_replay_of_a_scenario_the_content_lacks_is_a_clean_error(tmp_path):
    path = save_game(played(8, 1)[-1], "modscenario", tmp_path)

    def elsewhere(doc):
        doc["state"]["scenario"] = doc["meta"]["scenario"] = "from-a-mod"

    rewrite(path, elsewhere)
    with pytest.raises(SaveError, match="scenario 'from-a-mod'"):
        replay(path)
    err = io.StringIO()
    assert cmd_replay(path, out=io.StringIO(), err=err) == 1
    assert "from-a-mod" in err.getvalue() and len(err.getvalue().splitlines()) == 1


def test_a_broken_save_points_at_its_backup(tmp_path):
    one, two = played(4, 1)
    save_game(one, "g", tmp_path)
    path = save_game(two, "g", tmp_path)
    path.write_bytes(path.read_bytes()[:-40])
    error = assert_clean_error(path, "truncated", "g.json.bak")
    assert str(error).count("\n") == 0
    assert load_game(tmp_path / "g.json.bak") == one


def test_a_state_that_would_not_load_is_never_written(tmp_path):
    state = played(4, 1)[-1].model_copy(deep=True)
    state.labs[state.player].compute_owned = -1.0  # models do not validate assignment
    with pytest.raises(SaveError, match=r"cannot save: .*compute_owned"):
        save_game(state, "bad", tmp_path)
    assert not list(tmp_path.iterdir())
