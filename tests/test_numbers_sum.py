"""The game adds numbers with its own summation (game.core.numbers), never the interpreter's:
Python 3.12 changed the built-in `sum()` of floats, which made every game differ from 3.11's."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from game.core.numbers import add_up, count

GAME = Path(__file__).resolve().parent.parent / "game"
# the screens only show figures; the session builds the player's orders, so it counts too
SHOWN_ONLY = GAME / "tui"
FEEDS_GAME = {GAME / "tui" / "session.py"}


def _game_files() -> list[Path]:
    return sorted(p for p in GAME.rglob("*.py") if SHOWN_ONLY not in p.parents or p in FEEDS_GAME)


def _builtin_sums(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "sum"
    ]


def test_no_game_code_calls_the_builtin_sum() -> None:
    files = _game_files()
    assert GAME / "core" / "costs.py" in files and GAME / "bots.py" in files
    found = [f"{p.relative_to(GAME.parent)}:{line}" for p in files for line in _builtin_sums(p)]
    assert not found, f"use add_up (amounts) or count (whole numbers), not sum(): {found}"


def test_the_scan_finds_a_builtin_sum(tmp_path: Path) -> None:
    path = tmp_path / "x.py"
    path.write_text("a = [1.0]\nb = sum(a)\nc = len(a)\n")
    assert _builtin_sums(path) == [2]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.1] * 10, 0.9999999999999999),  # the built-in sum() gives 1.0 on 3.12+
        ([1e16, 1.0, -1e16], 0.0),  # and 1.0 here
        ([], 0.0),
        ((x / 7 for x in range(5)), 0 / 7 + 1 / 7 + 2 / 7 + 3 / 7 + 4 / 7),
    ],
)
def test_add_up_adds_one_at_a_time_from_the_left(values, expected) -> None:  # type: ignore[no-untyped-def]
    total = add_up(values)
    assert isinstance(total, float) and total == expected


def test_count_totals_whole_numbers_and_flags() -> None:
    assert count([2, 3]) == 5 and count(x > 1 for x in (1, 2, 3)) == 2 and count([]) == 0
    assert isinstance(count([True, True]), int)
