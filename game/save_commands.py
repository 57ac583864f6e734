"""The headless save commands (`saves`, `replay`): print, and return an exit code.

The CLI parses arguments and calls these; every error a file can cause is one line on stderr
and exit code 1, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from game.core.numbers import count
from game.saves import SaveError, SaveInfo, list_saves, load_save, replay, saves_dir
from game.text import money, printable, saved_time

PROG = "talent-war"


def saves_table(infos: list[SaveInfo]) -> list[str]:
    """The lines of the saves table; a broken file shows its error instead of its details."""
    headers = ("NAME", "QUARTER", "LAB", "CASH", "SAVED AT")
    rows = []
    for info in infos:
        if info.error is not None:
            rows.append((printable(info.name), "BROKEN", printable(_why(info)), "", ""))
        else:
            quarter = printable(info.quarter or "")
            if info.outcome:
                quarter += f" ({info.outcome})"
            rows.append(
                (
                    printable(info.name),
                    quarter,
                    printable(info.lab or ""),
                    money(info.cash),
                    printable(saved_time(info.saved_at, utc=True)),
                )
            )
    # the error column is free-width: measure only the rows that are not broken
    widths = [len(h) for h in headers]
    for info, row in zip(infos, rows, strict=True):
        cells = row if info.error is None else row[:2]
        for i, cell in enumerate(cells):
            widths[i] = max(widths[i], len(cell))
    lines = [_row(headers, widths)]
    for info, row in zip(infos, rows, strict=True):
        if info.error is not None:
            lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}")
        else:
            lines.append(_row(row, widths))
    return lines


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    parts = [
        f"{c:>{w}}" if i == 3 else f"{c:<{w}}"
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(parts).rstrip()


def _why(info: SaveInfo) -> str:
    """The error without the file name it starts with (the name is in the first column)."""
    error = info.error or ""
    prefix = f"{info.path}: "
    return error[len(prefix) :] if error.startswith(prefix) else error


def cmd_saves(dir: str | Path | None = None, out: TextIO | None = None) -> int:
    """List the saves folder: name, quarter, lab, cash and time saved; broken files marked."""
    out = out or sys.stdout
    folder = saves_dir(dir)
    infos = list_saves(folder)
    if not infos:
        print(f"no saves in {printable(folder)}", file=out)
        return 0
    for line in saves_table(infos):
        print(line, file=out)
    broken = count(1 for i in infos if i.error is not None)
    note = f", {broken} broken" if broken else ""
    n = len(infos)
    print(f"{n} save{'' if n == 1 else 's'} in {printable(folder)}{note}", file=out)
    return 0


def cmd_replay(
    name: str | Path,
    dir: str | Path | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    mods: list[str] | None = None,
) -> int:
    """Replay a save from its seed and order log; exit 1 on the first quarter that differs."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        save = load_save(name, dir)
        result = replay(save, mods=mods)
    except SaveError as e:
        print(f"{PROG}: error: {printable(e)}", file=err)
        return 1
    if result.ok:
        n = result.quarters_checked
        print(f"all {n} quarter{'s' if n != 1 else ''} match", file=out)
        return 0
    print(
        f"quarter {result.first_mismatch} differs: expected {printable(result.expected)}, "
        f"got {printable(result.got)}",
        file=out,
    )
    return 1


__all__ = ["cmd_replay", "cmd_saves", "saves_table"]
