"""The daily challenge, the high scores, and run files exported in one process and verified in
another, as a player runs them."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

DAY = "2026-12-02"
SCENARIO_DIR = Path(__file__).resolve().parents[1] / "assets" / "scenarios"


def run(*args: str, cwd: Path, today: str = DAY) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TALENT_WAR_TODAY": today, "TALENT_WAR_SAVES": str(cwd / "saves")}
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def one_line_error(out: subprocess.CompletedProcess[str], *words: str) -> None:
    assert out.returncode != 0
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr, out.stderr
    for w in words:
        assert w in out.stderr, out.stderr


def test_daily_is_the_same_game_for_a_date_and_derived_as_documented(tmp_path):
    first = run("sim", "--daily", "--quarters", "0", "--json", cwd=tmp_path)
    again = run("sim", "--daily", "--quarters", "0", "--json", cwd=tmp_path)
    other = run("sim", "--daily", "--quarters", "0", "--json", cwd=tmp_path, today="2026-12-03")
    assert first.returncode == 0, first.stderr
    a, b, c = (json.loads(o.stdout) for o in (first, again, other))
    assert a == b and a["daily"] == DAY and c["daily"] == "2026-12-03"
    h = hashlib.sha256(f"talent-war-daily-{DAY}".encode()).digest()
    # the game's scenario ids, read from the shipped files
    ids = sorted(tomllib.loads(f.read_text())["id"] for f in SCENARIO_DIR.glob("*.toml"))
    assert len(ids) >= 3
    assert a["seed"] == int.from_bytes(h[:8], "big") % 10**9
    assert a["scenario"] == ids[int.from_bytes(h[8:16], "big") % len(ids)]
    assert a["difficulty"] == "normal" and c["seed"] != a["seed"]


def test_daily_refuses_a_bad_date_or_a_chosen_game(tmp_path):
    one_line_error(run("sim", "--daily", cwd=tmp_path, today="2026-13-01"), "not a date")
    one_line_error(run("sim", "--daily", cwd=tmp_path, today="tomorrow"), "YYYY-MM-DD")
    one_line_error(run("sim", "--daily", "--seed", "3", cwd=tmp_path), "leave out --seed")
    one_line_error(run("--daily", "--scenario", "garage-2025", cwd=tmp_path), "--scenario")


@pytest.fixture(scope="module")
def daily_game(tmp_path_factory):
    """A finished daily game saved, exported to a run file by another process."""
    folder = tmp_path_factory.mktemp("daily")
    out = run("sim", "--daily", "--policy", "adaptive", "--save", "d", "--json", cwd=folder)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    exported = run("export", "d", str(folder / "d.run.json"), cwd=folder)
    assert exported.returncode == 0, exported.stderr
    assert f"{summary['score']['points']} points" in exported.stdout
    return folder, summary


def test_a_run_exported_in_one_process_verifies_in_another(daily_game):
    folder, summary = daily_game
    doc = json.loads((folder / "d.run.json").read_text())
    assert doc["daily"] == DAY and doc["seed"] == summary["seed"]
    assert len(doc["quarters"]) == summary["quarters_played"]
    assert doc["final"]["points"] == summary["score"]["points"]
    assert set(doc) >= {"game_version", "data_hash", "engine_hash", "scenario", "lab"}
    out = run("verify", str(folder / "d.run.json"), cwd=folder, today="2031-01-01")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"verified: {summary['score']['points']} points")
    assert f"daily {DAY}" in out.stdout


def tamper(folder: Path, name: str, change) -> Path:  # type: ignore[no-untyped-def]
    doc = json.loads((folder / "d.run.json").read_text())
    change(doc)
    path = folder / name
    path.write_text(json.dumps(doc))
    return path


def test_a_tampered_run_names_its_first_wrong_quarter(daily_game):
    folder, _ = daily_game

    def orders(doc):  # type: ignore[no-untyped-def]
        doc["quarters"][3]["orders"]["split"]["gpus"] += 50.0
        doc["quarters"][3]["orders"]["buy"] = 1

    def hashes(doc):  # type: ignore[no-untyped-def]
        doc["quarters"][5]["state_hash"] = "0" * 16
        doc["quarters"][7]["state_hash"] = "0" * 16

    def points(doc):  # type: ignore[no-untyped-def]
        doc["final"]["points"] += 100

    for name, change, quarter in (("o", orders, 3), ("h", hashes, 5)):
        out = run("verify", str(tamper(folder, f"{name}.json", change)), cwd=folder)
        assert out.returncode == 1, out.stdout + out.stderr
        assert out.stdout.startswith(f"NOT verified: quarter {quarter} ("), out.stdout
    out = run("verify", str(tamper(folder, "p.json", points)), cwd=folder)
    assert out.returncode == 1 and "points" in out.stdout and "NOT verified" in out.stdout


def test_a_run_of_another_version_data_or_day_is_refused(daily_game, tmp_path):
    folder, _ = daily_game
    cases = [
        (lambda d: d.update(game_version="9.9.9"), "made by Talent War 9.9.9"),
        (lambda d: d.update(data_hash="a" * 64), "other game data"),
        (lambda d: d.update(engine_hash="b" * 64), "another build"),
        (lambda d: d.update(daily="2026-12-01"), "claims to be the daily run of 2026-12-01"),
        (lambda d: d.update(version=2), "format version 2"),
    ]
    for i, (change, words) in enumerate(cases):
        one_line_error(run("verify", str(tamper(folder, f"v{i}.json", change)), cwd=folder), words)
    # the same run with a mod loaded: other data, refused
    mod = tmp_path / "mod"
    (mod / "events").mkdir(parents=True)
    (mod / "notes.txt").write_text("a harmless extra file\n")
    out = run("verify", str(folder / "d.run.json"), "--mods", str(mod), cwd=folder)
    one_line_error(out, "other game data")


def test_a_huge_or_hostile_run_file_is_refused_in_one_line(tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.write(b'{"format": "talent-war-run", "pad": "')
        f.write(b"x" * (5 * 1024 * 1024))
        f.write(b'"}')
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    one_line_error(run("verify", str(huge), cwd=tmp_path), "too large")
    one_line_error(run("verify", str(deep), cwd=tmp_path), "nested too deeply")
    one_line_error(run("verify", str(tmp_path / "none.json"), cwd=tmp_path), "no such file")
    one_line_error(run("verify", str(tmp_path), cwd=tmp_path), "folder")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.json")
        one_line_error(run("verify", str(tmp_path / "pipe.json"), cwd=tmp_path), "not a regular")


def test_scores_are_recorded_once_per_game_and_printed_as_plain_text(tmp_path):
    out = run("scores", cwd=tmp_path)
    assert out.returncode == 0 and "no scores yet" in out.stdout
    for _ in range(2):  # the same game twice: one entry
        done = run("sim", "--seed", "2", "--policy", "adaptive", "--record", cwd=tmp_path)
        assert done.returncode == 0 and "(recorded)" in done.stdout, done.stderr
    assert run("sim", "--seed", "4", "--policy", "idle", cwd=tmp_path).returncode == 0
    out = run("scores", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "summer-2025 · Halcyon Research · normal" in out.stdout
    assert "1 score in" in out.stdout and "adaptive" in out.stdout  # (idle was not recorded)
    # a lab name with escape sequences (a hand-edited table) prints without them
    path = tmp_path / "saves" / "scores" / "high-scores.json"
    table = json.loads(path.read_text())
    table["entries"][0]["lab_name"] = "Evil\x1b[31m\x1b]0;pwned\x07Lab\r\n"
    path.write_text(json.dumps(table))
    out = run("scores", cwd=tmp_path)
    shown = out.stdout.replace("[31m", "").replace("]0;pwned", "")
    assert out.returncode == 0 and "EvilLab" in shown
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout and "\r" not in out.stdout


def test_a_damaged_score_table_is_reported_and_set_aside_not_overwritten(tmp_path):
    path = tmp_path / "saves" / "scores" / "high-scores.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    one_line_error(run("scores", cwd=tmp_path), "not a score table")
    done = run("sim", "--seed", "2", "--policy", "idle", "--record", cwd=tmp_path)
    assert done.returncode == 0 and "moved to high-scores.json.broken" in done.stderr
    assert (path.parent / "high-scores.json.broken").read_text() == "{not json"
    assert run("scores", cwd=tmp_path).returncode == 0


def test_export_refuses_an_unfinished_game_in_one_line(tmp_path):
    assert run("sim", "--quarters", "2", "--save", "half", cwd=tmp_path).returncode == 0
    one_line_error(run("export", "half", str(tmp_path / "x.json"), cwd=tmp_path), "not finished")
    one_line_error(run("export", "nothing", str(tmp_path / "x.json"), cwd=tmp_path), "no such")
