"""The command line against closed pipes, hostile names and its own bugs: one line, never a
traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import game.__main__ as entry
from game.content import assets_dir
from game.text import printable

EVIL = "[b]Evil[/b]\x1b[2J\x1b]0;pwned\x07\r\n\t\u202e\u2028Lab"


def closed_pipe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m game ARGS` with its output read by nobody: the reader has gone, as
    `... | head -1` leaves once it has its line."""
    env = {**os.environ, "TALENT_WAR_SAVES": str(cwd / "saves")}
    p = subprocess.Popen(
        [sys.executable, "-m", "game", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=env,
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()
    err = p.stderr.read()
    p.stderr.close()
    return subprocess.CompletedProcess(p.args, p.wait(timeout=300), "", err)


@pytest.mark.parametrize(
    "args",
    [
        ("sim", "--seed", "1", "--quarters", "2"),
        ("sim", "--seed", "1", "--quarters", "2", "--json"),
        ("scenarios",),
        ("balance", "--games", "1", "--policies", "idle", "--json"),
    ],
    ids=["sim", "sim-json", "scenarios", "balance-json"],
)
def test_a_closed_pipe_is_no_traceback(tmp_path, args) -> None:  # type: ignore[no-untyped-def]
    out = closed_pipe(*args, cwd=tmp_path)
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr, out.stderr
    assert out.returncode == 141


def test_head_takes_the_first_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cmd = f"{sys.executable} -m game sim --seed 1 --quarters 3 | head -1"
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.count("\n") == 1
    assert "Traceback" not in out.stderr


def hostile_mod(root: Path) -> Path:
    mod = root / "mod" / "scenarios"
    mod.mkdir(parents=True)
    text = (assets_dir() / "scenarios" / "summer-2025.toml").read_text()
    text = re.sub(r'(?m)^id = "summer-2025"', 'id = "evil-2025"', text, count=1)
    name = json.dumps(EVIL, ensure_ascii=False)
    text = re.sub(r"(?m)^title = .*$", lambda _: f"title = {name}", text, count=1)
    text = re.sub(r'(?m)^name = "Halcyon Research"$', lambda _: f"name = {name}", text)
    (mod / "evil-2025.toml").write_text(text)
    return mod.parent


def test_names_from_a_mod_are_printed_without_control_characters(tmp_path) -> None:  # type: ignore[no-untyped-def]
    mod = hostile_mod(tmp_path)
    for args in (
        ["scenarios", "--mods", str(mod)],
        ["sim", "--mods", str(mod), "--scenario", "evil-2025", "--quarters", "1"],
    ):
        out = subprocess.run(
            [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=tmp_path
        )
        assert out.returncode == 0, out.stderr
        assert printable(EVIL) in out.stdout  # whole, brackets and all
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u202e]", out.stdout)


def test_an_unexpected_error_is_one_line_and_a_log(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TALENT_WAR_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(entry.DEBUG_ENV, raising=False)

    def broken(argv: object = None) -> int:
        raise KeyError("\x1b[2Jbug")

    monkeypatch.setattr("game.cli.main", broken)
    with pytest.raises(SystemExit) as ended:
        entry.main()
    assert ended.value.code == entry.INTERNAL_ERROR
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "\x1b" not in err
    log = tmp_path / "cache" / "crash.log"
    assert "internal error: KeyError" in err and str(log) in err
    assert "Traceback" in log.read_text() and "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(entry.DEBUG_ENV, "1")

    def broken(argv: object = None) -> int:
        raise KeyError("bug")

    monkeypatch.setattr("game.cli.main", broken)
    with pytest.raises(KeyError):
        entry.main()


def test_an_error_inside_the_game_is_one_line_and_a_log(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Textual prints its own report of an error in the app; the player sees one line."""
    import game.tui.app
    from game.tui.app import TalentWarApp
    from game.tui.launch import _run

    monkeypatch.setenv("TALENT_WAR_CACHE", str(tmp_path / "cache"))

    class Broken(TalentWarApp):
        CSS_PATH = str(Path(game.tui.app.__file__).parent / "styles" / "app.tcss")

        def on_mount(self) -> None:
            raise ValueError("range() arg 3 must not be zero")

    assert _run(Broken(), headless=True) == entry.INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error: ValueError: range() arg 3 must not be zero" in err
    assert "Traceback" in (tmp_path / "cache" / "crash.log").read_text()


def test_the_games_own_exit_errors_pass_through(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from game.tui.app import TalentWarApp
    from game.tui.launch import _run

    app = TalentWarApp(load=tmp_path / "missing [b]x.json")
    assert _run(app, headless=True) == 1
    err = capsys.readouterr().err
    assert err.startswith("talent-war: error:") and err.count("\n") == 1
    assert "[b]x" in err and "internal error" not in err
