"""The same game on every supported Python: recorded games played on each other Python the
machine has (3.12, 3.13) end in the golden fixture's state hashes, and a save made here replays.

Each Python gets a virtual environment with the game's runtime dependencies, at the versions
this interpreter runs, cached under $TALENT_WAR_PYTHONS (default: <tmp>/talent-war-pythons) and
reused; the game's code is this checkout's (PYTHONPATH). A Python that is not installed is
skipped; one whose environment cannot be built fails with pip's last words.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from game.content import CACHE_ENV, load_content
from game.core.engine import new_game
from tests.golden import FIXTURE, GAMES

fcntl = pytest.importorskip("fcntl")  # (the cache lock; POSIX)
ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("3.12", "3.13")
# 14 of the recorded games: both scenarios, every difficulty, every policy, both seeds
SAMPLE = GAMES[::6]
PLAY = """
import json, sys
from tests.golden import play
games = json.loads(sys.argv[1])
print(json.dumps([play(g) for g in games]))
"""


def _requirement_name(spec: str) -> str:
    for i, ch in enumerate(spec):
        if not (ch.isalnum() or ch in "-_."):
            return spec[:i]
    return spec


def _pins() -> list[str]:
    """The game's runtime dependencies at the versions this interpreter has."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return sorted(
        f"{name}=={version(name)}" for name in map(_requirement_name, project["dependencies"])
    )


def _find(v: str) -> str | None:
    """A working `python<v>`: on PATH, or under pyenv's versions folder."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = shutil.which(f"python{v}")
    candidates = [found] if found else []
    candidates += sorted(str(p) for p in pyenv.glob(f"{v}.*/bin/python{v}"))
    for exe in candidates:
        try:
            out = subprocess.run(
                [exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except OSError:
            continue
        if out.returncode == 0 and out.stdout.strip() == v:
            return exe
    return None


def _cache_root() -> Path:
    default = Path(tempfile.gettempdir()) / "talent-war-pythons"
    return Path(os.environ.get("TALENT_WAR_PYTHONS", default))


def _environment(v: str) -> Path:
    """The python of a cached virtual environment for Python `v` (built once, under a lock)."""
    if sys.version_info[:2] == tuple(map(int, v.split("."))):
        pytest.skip(f"the tests run on Python {v} itself")
    exe = _find(v)
    if exe is None:
        pytest.skip(f"Python {v} is not installed")
    pins = _pins()
    key = hashlib.sha256("\n".join([exe, *pins]).encode()).hexdigest()[:12]
    base = _cache_root()
    base.mkdir(parents=True, exist_ok=True)
    venv = base / f"{v}-{key}"
    python = venv / "bin" / "python"
    with (base / f"{v}-{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test worker may be building it
        if (venv / "ready").is_file():
            return python
        shutil.rmtree(venv, ignore_errors=True)
        steps = [[exe, "-m", "venv", str(venv)], [str(python), "-m", "pip", "install", *pins]]
        for step in steps:
            out = subprocess.run(step, capture_output=True, text=True, timeout=900)
            if out.returncode != 0:
                shutil.rmtree(venv, ignore_errors=True)
                pytest.fail(f"cannot build the Python {v} environment: {out.stderr[-1500:]}")
        (venv / "ready").write_text("\n".join(pins) + "\n")
    return python


def _run(python: Path, args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), CACHE_ENV: str(cache)}
    env.pop("PYTHONHASHSEED", None)  # every run hashes strings differently
    return subprocess.run(
        [str(python), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("v", VERSIONS)
def test_recorded_games_end_the_same_on_another_python(v: str, tmp_path: Path) -> None:
    python = _environment(v)
    out = _run(python, ["-c", PLAY, json.dumps(SAMPLE)], tmp_path / "cache")
    assert out.returncode == 0, out.stderr[-2000:]
    recorded = {json.dumps(g, sort_keys=True): g for g in json.loads(FIXTURE.read_text())}
    played = json.loads(out.stdout)
    assert len(played) == len(SAMPLE) == 14
    assert {g["scenario"] for g in played} == {"summer-2025", "garage-2025"}
    differ = []
    for game in played:
        key = {k: game[k] for k in ("scenario", "policy", "difficulty", "seed")}
        want = next(r for r in recorded.values() if {k: r[k] for k in key} == key)
        if game != want:
            differ.append(f"{key}: {game['final']} != {want['final']}")
    assert not differ, f"Python {v} plays other games than 3.11: {differ}"


@pytest.mark.parametrize("v", VERSIONS)
def test_a_save_made_here_replays_on_another_python(v: str, tmp_path: Path) -> None:
    from game.bots import POLICIES, play_quarter
    from game.saves import save_game

    python = _environment(v)
    content = load_content()
    state = new_game(content, "summer-2025", 4, "normal")
    while state.outcome is None and state.quarter < 12:
        state, _ = play_quarter(state, content, POLICIES["adaptive"])
    saves = tmp_path / "saves"
    save_game(state, "here", saves, content=content)
    out = _run(python, ["-m", "game", "replay", "here", "--saves-dir", str(saves)], tmp_path)
    assert out.returncode == 0, (out.stdout + out.stderr)[-2000:]
    assert out.stdout.strip() == f"all {len(state.log)} quarters match", out.stdout
