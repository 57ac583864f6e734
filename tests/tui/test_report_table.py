"""The quarter report's money table is drawn as the borderless Rich table it replaced: the
same segments (text and style), so the screen is the same cell for cell."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from game.bots import POLICIES, play_quarter
from game.core.engine import new_game
from game.tui.screens.report import report_text
from game.tui.session import Session


def rich_table(parts_rows: list[tuple[tuple[str, str], ...]]) -> Table:
    """The table the report drew before (header bold, one cell of padding, no box)."""
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    (h1, _), _, (h3, _), _ = parts_rows[0]
    table.add_column(h1, min_width=16)
    table.add_column("", justify="right")
    table.add_column(h3, min_width=16)
    table.add_column("", justify="right")
    for row in parts_rows[1:]:
        table.add_row(*(Text(text, style=style) for text, style in row))
    return table


def plain_styles(lines: list[list[Segment]]) -> list[list[tuple[str, Style | None]]]:
    """(An empty style and none draw alike.)"""
    return [[(s.text, s.style or None) for s in line] for line in lines]


def test_the_money_table_draws_what_a_rich_table_draws(content) -> None:  # type: ignore[no-untyped-def]
    compared = 0
    for scenario, policy in (("summer-2025", "balanced"), ("garage-2025", "random")):
        state = new_game(content, scenario, 3, "normal")
        for _ in range(6):
            state, report = play_quarter(state, content, POLICIES[policy])
            table = report_text(Session(content, state), report).money_table
            for width in (78, 118):
                console = Console(width=width, force_terminal=True, color_system="truecolor")
                ours = console.render_lines(table, pad=False)
                theirs = console.render_lines(rich_table(table.rows), pad=False)
                assert plain_styles(ours) == plain_styles(theirs)
                compared += 1
            if state.outcome is not None:
                break
    assert compared >= 12
