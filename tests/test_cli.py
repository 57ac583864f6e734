"""The command line end to end, as a player or a script runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_sim_json_has_the_promised_fields(tmp_path):
    out = run(
        "sim",
        "--scenario",
        "summer-2025",
        "--seed",
        "3",
        "--policy",
        "balanced",
        "--difficulty",
        "normal",
        "--quarters",
        "4",
        "--json",
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in (
        "scenario",
        "seed",
        "policy",
        "difficulty",
        "quarters_played",
        "outcome",
        "road",
        "winner",
        "player",
        "state_hash",
    ):
        assert key in data
    assert data["scenario"] == "summer-2025" and data["seed"] == 3
    assert data["quarters_played"] <= 4
    assert data["outcome"] in ("won", "lost", "unfinished")
    assert set(data["player"]) >= {"lab", "cash", "compute", "capability", "researchers"}


def test_sim_is_deterministic_and_seed_sensitive(tmp_path):
    args = ["sim", "--policy", "random", "--quarters", "6", "--json"]
    a = json.loads(run(*args, "--seed", "11", cwd=tmp_path).stdout)
    b = json.loads(run(*args, "--seed", "11", cwd=tmp_path).stdout)
    c = json.loads(run(*args, "--seed", "12", cwd=tmp_path).stdout)
    assert a == b
    assert a["state_hash"] != c["state_hash"]


def test_a_whole_game_ends(tmp_path):
    out = run("sim", "--seed", "5", "--policy", "idle", "--json", cwd=tmp_path)
    data = json.loads(out.stdout)
    assert data["outcome"] in ("won", "lost")
    assert data["quarters_played"] >= 1


def test_sim_readable_summary(tmp_path):
    out = run("sim", "--seed", "2", "--quarters", "2", cwd=tmp_path)
    assert out.returncode == 0
    assert "capability" in out.stdout and "Traceback" not in out.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["sim", "--scenario", "nowhere"], "unknown scenario"),
        (["sim", "--policy", "magic"], "unknown policy"),
        (["sim", "--seed", "-4"], "whole number from 0 to"),
        (["sim", "--seed", "9223372036854775808"], "whole number from 0 to 9223372036854775807"),
        (["sim", "--seed", "9" * 5000], "5000-character value"),
        (["sim", "--save", ""], "save name cannot be empty"),
        (["sim", "--save", "   "], "save name cannot be empty"),
        (["sim", "--load", ""], "save name cannot be empty"),
        (["--load", " "], "save name cannot be empty"),
        (["replay", ""], "save name cannot be empty"),
        (["saves", "--saves-dir", ""], "folder cannot be empty"),
        (["balance", "--games", "0"], "1 or more"),
        (["balance", "--jobs", "0"], "1 or more"),
        (["balance", "--scenario", "nowhere", "--games", "1"], "unknown scenario"),
        (["scenarios", "--mods", "/no/such/folder"], "mods folder not found"),
        (["sim", "--quarters", "-1"], "0 or more"),
        (["sim", "--seed", "abc"], "whole number"),
        (["sim", "--difficulty", "insane"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
        (["sim", "--mods", "/no/such/folder"], "not found"),
    ],
)
def test_bad_arguments_give_one_line(tmp_path, args, needle):
    """Every bad argument: one line in one format, exit code 2, and a long value not echoed."""
    out = run(*args, cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("talent-war: error: ")
    assert needle in lines[0]
    assert len(lines[0]) < 300
    assert "Traceback" not in out.stderr


def test_scenarios_lists_both(tmp_path):
    out = run("scenarios", cwd=tmp_path)
    assert out.returncode == 0
    assert "summer-2025" in out.stdout and "garage-2025" in out.stdout


def test_check_rules_accepts_the_shipped_files(tmp_path):
    out = run(
        "check-rules", str(ROOT / "assets" / "rules"), str(ROOT / "assets" / "events"), cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr


def test_check_rules_names_file_line_and_rule(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'playbook = "bad"\nname = "Bad"\ndescription = "x"\n\n'
        '[[rule]]\nid = "fine"\npriority = 1\nwhen = "me.cash > 0"\naction = "buy_gpus"\n'
        '[rule.params]\nunits = "1"\n\n'
        '[[rule]]\nid = "broken"\npriority = 1\nwhen = "me.cahs > 0"\naction = "buy_gpus"\n'
        '[rule.params]\nunits = "1"\n'
    )
    out = run("check-rules", str(bad), cwd=tmp_path)
    assert out.returncode != 0
    assert "bad.toml:13" in out.stderr and "broken" in out.stderr
    assert "Traceback" not in out.stderr


def test_check_rules_missing_path(tmp_path):
    out = run("check-rules", "nope.toml", cwd=tmp_path)
    assert out.returncode != 0 and "no such file" in out.stderr


def test_mods_add_a_scenario(tmp_path):
    mod = tmp_path / "mod" / "scenarios"
    mod.mkdir(parents=True)
    text = (ROOT / "assets" / "scenarios" / "garage-2025.toml").read_text()
    (mod / "short.toml").write_text(text.replace('id = "garage-2025"', 'id = "short-garage"', 1))
    out = run("scenarios", "--mods", str(tmp_path / "mod"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "short-garage" in out.stdout


def test_sim_save_then_load_continues_the_same_game(tmp_path):
    saves = str(tmp_path / "s")
    whole = json.loads(run("sim", "--seed", "9", "--quarters", "5", "--json", cwd=tmp_path).stdout)
    first = run(
        "sim",
        "--seed",
        "9",
        "--quarters",
        "2",
        "--save",
        "half",
        "--saves-dir",
        saves,
        "--json",
        cwd=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    rest = run(
        "sim", "--load", "half", "--quarters", "3", "--saves-dir", saves, "--json", cwd=tmp_path
    )
    assert rest.returncode == 0, rest.stderr
    assert json.loads(rest.stdout)["state_hash"] == whole["state_hash"]
    listing = run("saves", "--saves-dir", saves, cwd=tmp_path)
    assert listing.returncode == 0 and "half" in listing.stdout
    replay = run("replay", "half", "--saves-dir", saves, cwd=tmp_path)
    assert replay.returncode == 0 and "match" in replay.stdout


def test_saves_dir_from_environment(tmp_path):
    env_dir = tmp_path / "env-saves"
    out = subprocess.run(
        [sys.executable, "-m", "game", "sim", "--quarters", "1", "--save", "x"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**__import__("os").environ, "TALENT_WAR_SAVES": str(env_dir)},
    )
    assert out.returncode == 0, out.stderr
    assert (env_dir / "x.json").is_file()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["sim", "--load", "missing"], "no such save"),
        (["sim", "--quarters", "1", "--save", "../escape"], "save"),
        (["replay", "missing"], "no such save"),
    ],
)
def test_save_errors_are_one_line(tmp_path, args, needle):
    out = run(*args, "--saves-dir", str(tmp_path / "s"), cwd=tmp_path)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], out.stderr


def test_replay_reports_a_broken_file(tmp_path):
    saves = tmp_path / "s"
    saves.mkdir()
    (saves / "bad.json").write_text("{not json")
    before = (saves / "bad.json").read_bytes()
    out = run("replay", "bad", "--saves-dir", str(saves), cwd=tmp_path)
    assert out.returncode != 0 and "bad.json" in out.stderr
    assert (saves / "bad.json").read_bytes() == before


def test_balance_report_json(tmp_path):
    out = run(
        "balance",
        "--games",
        "2",
        "--policies",
        "idle,random",
        "--jobs",
        "2",
        "--json",
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["games"] == 2 and data["difficulty"] == "normal"
    assert data["scenario"] == "summer-2025"
    for name in ("idle", "random"):
        p = data["policies"][name]
        assert 0 <= p["win_rate"] <= 1
        assert p["median_quarters"] >= 1
        keys = {"win_rate", "player_roads", "rival_roads", "rival_wins", "median_quarters"}
        assert set(p) >= keys
        assert sum(p["player_roads"].values()) == pytest.approx(p["win_rate"])
        assert sum(p["player_roads"].values()) + sum(p["rival_roads"].values()) <= 1.0 + 1e-9
    assert set(data["story"]) >= {"open_giant_poach_4q", "loyal_decline_rate"}
    assert out.stderr == ""  # stderr is not a terminal: no progress bar


def test_balance_progress_is_off_when_stderr_is_not_a_terminal(tmp_path):
    out = run("balance", "--games", "1", "--policies", "idle", "--jobs", "1", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""


def test_balance_progress_bar_on_a_terminal_is_rich():
    import io

    from game.balance import run_games

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    results = run_games(1, "normal", ["idle"], "summer-2025", 1, progress=err)
    assert len(results) == 1
    assert "1/1" in err.getvalue()  # rich's MofN column


def test_balance_jobs_are_capped_at_the_core_count(tmp_path):
    import os

    cores = len(os.sched_getaffinity(0))
    out = run(
        "balance", "--games", "1", "--policies", "idle", "--jobs", "1000", "--json", cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip() == (
        f"talent-war: note: --jobs 1000 capped at {cores}, the number of cores"
    )


def test_a_relative_mods_folder_is_saved_resolved_and_continues_from_elsewhere(tmp_path):
    mod = tmp_path / "mod" / "scenarios"
    mod.mkdir(parents=True)
    text = (ROOT / "assets" / "scenarios" / "garage-2025.toml").read_text()
    (mod / "short.toml").write_text(text.replace('id = "garage-2025"', 'id = "short-garage"', 1))
    saves = str(tmp_path / "s")
    first = run(
        "sim", "--mods", "mod", "--scenario", "short-garage", "--quarters", "1",
        "--save", "modded", "--saves-dir", saves, cwd=tmp_path,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    meta = json.loads((tmp_path / "s" / "modded.json").read_text())["meta"]
    assert meta["mods"] == [str((tmp_path / "mod").resolve())]
    assert len(meta["mods_hash"]) == 64
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    rest = run("sim", "--load", "modded", "--quarters", "1", "--saves-dir", saves, cwd=elsewhere)
    assert rest.returncode == 0, rest.stderr
    ok = run("replay", "modded", "--saves-dir", saves, cwd=elsewhere)
    assert ok.returncode == 0 and "match" in ok.stdout, ok.stderr
    # the mod changes: continuing and replaying are refused in one line
    (mod / "short.toml").write_text((mod / "short.toml").read_text() + "\n# edited\n")
    for args in (["sim", "--load", "modded", "--quarters", "1"], ["replay", "modded"]):
        out = run(*args, "--saves-dir", saves, cwd=elsewhere)
        lines = out.stderr.strip().splitlines()
        assert out.returncode == 1 and len(lines) == 1, out.stderr
        assert "have changed since it was saved" in lines[0]
    # the mod is gone
    (mod / "short.toml").unlink()
    mod.rmdir()
    (tmp_path / "mod").rmdir()
    out = run("sim", "--load", "modded", "--saves-dir", saves, cwd=elsewhere)
    assert out.returncode == 1 and "not found" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_control_characters_in_a_save_are_not_printed(tmp_path):
    from game.content import load_content
    from game.core.engine import new_game
    from game.saves import save_game

    content = load_content()
    state = new_game(content, "summer-2025", 1, "normal")
    evil = "\x1b[2J\x1b]0;pwned\x07Evil\rLab"
    lab = state.labs[state.player].model_copy(update={"name": evil})
    state = state.model_copy(update={"labs": {**state.labs, state.player: lab}})
    saves = tmp_path / "s"
    save_game(state, "evil", saves, content=content)
    for args in (["saves"], ["sim", "--load", "evil", "--quarters", "0"]):
        out = run(*args, "--saves-dir", str(saves), cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert "\x1b" not in out.stdout and "\x07" not in out.stdout and "\r" not in out.stdout
        assert "Evil" in out.stdout


def test_balance_rejects_bad_policy(tmp_path):
    out = run("balance", "--games", "1", "--policies", "idle,nope", cwd=tmp_path)
    assert out.returncode == 2 and "unknown policy" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_closed_terminal_ends_the_game_even_with_hangups_ignored(tmp_path):
    """Under `nohup` a closed terminal sends no signal that ends the game; the game ends anyway
    (Textual's input thread would otherwise spin on the dead terminal)."""
    import fcntl
    import os
    import pty
    import select
    import signal
    import struct
    import termios
    import time

    env = dict(os.environ, TERM="xterm-256color", TALENT_WAR_SAVES=str(tmp_path / "saves"))
    pid, fd = pty.fork()
    if pid == 0:  # the game, started as `nohup` starts it
        # a terminal of a real size (a fresh pty is 0x0, and COLUMNS/LINES may be unset)
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.chdir(tmp_path)
        args = [sys.executable, "-m", "game", "--scenario", "summer-2025", "--seed", "1"]
        os.execve(sys.executable, args, env)
    try:
        seen, deadline = b"", time.monotonic() + 60
        while b"Runway" not in seen[-4096:] and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.5)[0]:
                seen += os.read(fd, 65536)
        assert b"Runway" in seen, "the dashboard did not show"
        os.close(fd)  # the terminal goes away
        deadline = time.monotonic() + 20
        ended = 0
        while not ended and time.monotonic() < deadline:
            ended, _ = os.waitpid(pid, os.WNOHANG)
            time.sleep(0.1)
        assert ended == pid, "the game outlived its terminal"
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
