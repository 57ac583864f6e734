"""Hostile data files: deeply nested TOML and numbers that are not numbers are refused as bad
files, in one line naming the file, by every entry point (the loader, check-rules, sim,
scenarios); the shipped assets folder passes check-rules, news templates included."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.content import ContentError, assets_dir, check_files, load_content
from game.datafiles import MAX_NESTING, read_toml
from game.rules import RuleError, load_events, load_playbook

ROOT = Path(__file__).resolve().parent.parent
DEEP_ARRAY = "x = " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_TABLE = "[" + ".".join(["t"] * 5000) + "]\nx = 1\n"
DEEP_INLINE = "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"
HEADS = {
    "rules": 'playbook = "deep"\nname = "Deep"\n',
    "events": '[[event]]\nid = "deep"\nscope = "world"\nchance = 0.1\nheadline = "x"\n\n',
    "scenarios": 'id = "deep"\ntitle = "Deep"\n',
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_line_naming(proc: subprocess.CompletedProcess[str], name: str) -> None:
    assert proc.returncode != 0, proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr[-2000:]
    assert name in lines[0] and "nested too deeply" in lines[0], lines[0]
    assert "Traceback" not in proc.stderr and "RecursionError" not in proc.stderr


def _deep_mod(root: Path, kind: str, body: str) -> tuple[Path, Path]:
    folder = root / "mod" / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"deep-{kind}.toml"
    # the deep part comes before any [[event]] or [table] it would otherwise belong to
    path.write_text(body + HEADS[kind] if body is DEEP_TABLE else HEADS[kind] + body)
    return root / "mod", path


@pytest.mark.parametrize(
    "body", [DEEP_ARRAY, DEEP_TABLE, DEEP_INLINE], ids=["array", "table", "inline"]
)
def test_read_toml_refuses_deep_nesting_without_recursion_error(body: str) -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        read_toml(body.encode())
    # as deep as allowed is fine
    assert read_toml(("x = " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1)).encode())


@pytest.mark.parametrize("kind", list(HEADS))
@pytest.mark.parametrize(
    "body", [DEEP_ARRAY, DEEP_TABLE, DEEP_INLINE], ids=["array", "table", "inline"]
)
def test_the_loader_refuses_a_deeply_nested_file_by_name(tmp_path, kind, body) -> None:  # type: ignore[no-untyped-def]
    mod, path = _deep_mod(tmp_path, kind, body)
    with pytest.raises(ContentError) as err:
        load_content([mod])
    msg = str(err.value)
    assert path.name in msg and "nested too deeply" in msg and "\n" not in msg
    problems = check_files([path])
    assert len(problems) == 1 and path.name in problems[0], problems


def test_check_rules_refuses_deeply_nested_files_one_line_each(tmp_path: Path) -> None:
    paths = [_deep_mod(tmp_path, kind, DEEP_ARRAY)[1] for kind in HEADS]
    proc = _run("check-rules", *map(str, paths))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == len(paths), proc.stderr[-2000:]
    for path, line in zip(sorted(paths), sorted(lines), strict=True):
        assert path.name in line and "nested too deeply" in line
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("kind", list(HEADS))
def test_sim_and_scenarios_refuse_a_deeply_nested_mod_file(tmp_path, kind) -> None:  # type: ignore[no-untyped-def]
    mod, path = _deep_mod(tmp_path, kind, DEEP_ARRAY if kind != "events" else DEEP_TABLE)
    _one_line_naming(_run("sim", "--mods", str(mod), "--quarters", "1"), path.name)
    if kind == "scenarios":
        _one_line_naming(_run("scenarios", "--mods", str(mod)), path.name)


# -- numbers ------------------------------------------------------------------------------------
EVENT = """[[event]]
id = "boom"
scope = "lab"
chance = 0.1
headline = "{lab} booms"
[event.effects]
cash = 10

[[event]]
id = "odd"
scope = "lab"
chance = 0.1
headline = "{lab} is odd"
[[event.modifiers]]
when = "me.cash > 100"
factor = FACTOR
"""


@pytest.mark.parametrize("factor", ["nan", "inf", "-inf", "1e308", "-1", "true", '"2"'])
def test_a_modifier_factor_that_is_not_a_bounded_number_is_refused(tmp_path, factor) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "odd.toml"
    path.write_text(EVENT.replace("FACTOR", factor))
    with pytest.raises(RuleError) as err:
        load_events(path)
    e = err.value
    assert (e.path, e.line, e.rule_id) == (str(path), 9, "odd"), str(e)
    assert "factor must be a number from 0 to 1000" in e.message and "\n" not in str(e)


@pytest.mark.parametrize(
    ("keys", "table", "fragment"),
    [
        ("chance = nan", "", "chance must be a number from 0 to 1"),
        ("chance = inf", "", "chance must be a number from 0 to 1"),
        ("chance = 0.1\ncooldown = 1_000_000_000_000", "", "cooldown must be a whole number"),
        ("chance = 0.1", "[event.effects]\ncash = nan", "effects.cash must be a finite number"),
        ("chance = 0.1", "[event.effects]\ncash = 1e308", "effects.cash must be a finite number"),
        ("chance = 0.1", "[event.effects]\ncash = -inf", "effects.cash must be a finite number"),
        ("chance = 0.1", '[event.effects]\ncash = "me.cash * 1e308"', "out of range"),
        ("chance = 0.1", "[event.vars]\nn = inf", "vars.n must be a finite number"),
    ],
)
def test_event_numbers_are_bounded(tmp_path, keys, table, fragment) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "odd.toml"
    path.write_text(
        f'[[event]]\nid = "boom"\nscope = "lab"\nheadline = "{{lab}} booms"\n{keys}\n{table}\n'
    )
    with pytest.raises(RuleError) as err:
        load_events(path)
    assert err.value.rule_id == "boom" and err.value.line == 1, str(err.value)
    assert fragment in err.value.message, err.value.message


RULE = """playbook = "odd"
name = "Odd"

[[rule]]
id = "buy"
priority = PRIORITY
action = "buy_gpus"
params = { units = UNITS }
"""


@pytest.mark.parametrize(
    ("priority", "units", "fragment"),
    [
        ("1", "nan", "params.units must be a finite number"),
        ("1", "inf", "params.units must be a finite number"),
        ("1", "1e308", "params.units must be a finite number"),
        ("1", '"1e308"', "out of range"),
        ("1", '"me.cash * 1e16"', "out of range"),
        ("nan", "1", "priority must be a whole number"),
        ("1e308", "1", "priority must be a whole number"),
        ("10_000_000_000", "1", "priority must be a whole number"),
    ],
)
def test_rule_numbers_are_bounded(tmp_path, priority, units, fragment) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "odd.toml"
    path.write_text(RULE.replace("PRIORITY", priority).replace("UNITS", units))
    with pytest.raises(RuleError) as err:
        load_playbook(path)
    e = err.value
    assert (e.line, e.rule_id) == (4, "buy") and fragment in e.message, str(e)


def test_check_rules_refuses_a_nan_factor_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "odd.toml"
    path.write_text(EVENT.replace("FACTOR", "nan"))
    proc = _run("check-rules", str(path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (
        f"{path}:9: event 'odd': modifier 1: factor must be a number from 0 to 1000, "
        "got nan (input should be a finite number)"
    )


# -- the shipped folder -------------------------------------------------------------------------
def test_check_rules_passes_on_the_shipped_assets_folder() -> None:
    proc = _run("check-rules", "assets")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok: assets" and proc.stderr == ""


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ('"{to} signs {name} for {package}"', '"{to} signs {nam} for {package}"', "{nam}"),
        ('"{to} signs {name} for {package}"', '"{lab} signs {name}"', "{lab}"),
        ('"{to} signs {name} for {package}"', '"{to.__class__} signs"', "{to.__class__}"),
        ('"{to} signs {name} for {package}"', '"{to:>99999} signs"', "no format spec"),
        ('"{to} signs {name} for {package}"', '"{to signs"', "braces"),
        ("hire = [", "hired = [", "unknown kind of headline"),
    ],
)
def test_check_rules_checks_the_news_templates(tmp_path, old, new, fragment) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "assets"
    shutil.copytree(assets_dir(), folder)
    news = folder / "news.toml"
    text = news.read_text()
    assert old in text
    news.write_text(text.replace(old, new, 1))
    proc = _run("check-rules", str(folder))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "news.toml" in lines[0] and fragment in lines[0], lines
