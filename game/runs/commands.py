"""The `scores`, `export` and `verify` commands: print, and return an exit code.

Every error a file can cause is one line on stderr and exit code 1, never a traceback; every
string that comes from a file is printed as plain text with its control characters removed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game.runs import RunError
from game.text import printable

if TYPE_CHECKING:
    from rich.table import Table as RichTable

    from game.runs.scores import Entry, Kind

PROG = "talent-war"


def _error(e: Exception, err: TextIO) -> int:
    print(f"{PROG}: error: {printable(e)}", file=err)
    return 1


def scores_table(
    kind: Kind, entries: Sequence[Entry], mark: str | None = None, top: int | None = None
) -> RichTable:
    """One kind's high scores as a Rich table; every cell plain text. `mark` (a run's hash)
    marks that game's row; `top` shows only the best so many (and the marked row)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from game.runs.scores import kind_title

    lab_name = entries[0].lab_name if entries else None
    table = Table(
        title=Text(printable(f"High scores: {kind_title(kind, lab_name)}"), style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    columns = ["#", "score", "verdict", "result", "ended", "seed", "by"]
    for header in columns:
        table.add_column(header, justify="right" if header in ("#", "score", "seed") else "left")
    for i, e in enumerate(entries, 1):
        if top is not None and i > top and (mark is None or e.run != mark):
            continue
        result = f"won: {e.road}" if e.result == "won" and e.road else e.result
        cells = [str(i), str(e.points), e.title, result, e.quarter, str(e.seed), e.by]
        style = "bold" if mark is not None and e.run == mark else None
        table.add_row(*(Text(printable(c)) for c in cells), style=style)
    return table


def cmd_scores(saves: str | Path | None = None, out: TextIO | None = None) -> int:
    """Print the high-score table, one table per kind of game (daily runs apart)."""
    from rich.console import Console

    from game.runs.scores import read_table, table_path

    out = out or sys.stdout
    path = table_path(saves)
    try:
        table = read_table(path)
    except RunError as e:
        return _error(e, sys.stderr)
    if not table.entries:
        print(f"no scores yet in {printable(path)}", file=out)
        return 0
    console = Console(file=out, highlight=False, emoji=False, soft_wrap=False)
    for kind in table.kinds():
        console.print(scores_table(kind, table.of_kind(kind)))
    n = len(table.entries)
    print(f"{n} score{'' if n == 1 else 's'} in {printable(path)}", file=out)
    return 0


def cmd_export(
    save: str, file: str, saves: str | Path | None = None, out: TextIO | None = None
) -> int:
    """Write the run file of a finished saved game."""
    from game.runs.runfile import export_run, write_run
    from game.saves import SaveError, content_for, load_save

    out = out or sys.stdout
    try:
        loaded = load_save(save, saves)
        content = content_for(loaded)
        doc = export_run(loaded.state, content)
        path = write_run(doc, Path(file))
    except (SaveError, RunError) as e:
        return _error(e, sys.stderr)
    final = doc["final"]
    print(
        f"wrote {printable(path)}: {len(doc['quarters'])} quarters, "
        f"{final['points']} points ({printable(final['grade'])})",
        file=out,
    )
    return 0


def cmd_verify(file: str, mods: Sequence[str] = (), out: TextIO | None = None) -> int:
    """Replay a run file: the verified score (exit 0), or the first quarter that differs (1)."""
    from game.content import ContentError, load_content
    from game.core.calendar import quarter_label
    from game.runs.runfile import Mismatch, read_run, verify

    out = out or sys.stdout
    path = Path(file)
    try:
        run = read_run(path)
        content = load_content(list(mods))
        result = verify(run, content, str(path))
    except ContentError as e:
        return _error(e, sys.stderr)
    except RunError as e:
        return _error(e, sys.stderr)
    bal = content.balance
    if isinstance(result, Mismatch):
        when = quarter_label(result.quarter, bal.start_year, bal.start_quarter)
        print(
            f"NOT verified: quarter {result.quarter} ({when}) differs: the run says "
            f"{printable(result.expected)}, the replay gives {printable(result.got)}",
            file=out,
        )
        return 1
    st = result.state
    daily = f", daily {st.daily}" if st.daily else ""
    print(
        f"verified: {result.points} points, {printable(result.title)} — "
        f"{printable(st.scenario)}, {printable(st.player_lab.name)}, {st.difficulty}, "
        f"seed {st.seed}{daily}, {result.quarters} quarters",
        file=out,
    )
    return 0


__all__ = ["cmd_export", "cmd_scores", "cmd_verify", "scores_table"]
