"""A sortable researcher table shared by the roster and the talent market."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from game.tui.fmt import plain


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sort: Callable[[dict[str, Any]], Any]
    reverse_first: bool = False  # e.g. skill sorts high to low first


class PlainTable(DataTable):
    """A DataTable whose string cells are plain text (a DataTable reads a string as markup)."""

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*(plain(c) if isinstance(c, str) else c for c in cells), **kwargs)


class SortTable(PlainTable):
    """A DataTable of researchers whose rows are dicts; `s` cycles the sort, `S` reverses."""

    BINDINGS = [  # noqa: RUF012
        Binding("s", "cycle_sort", "Sort", id="table-sort"),
        Binding("S", "reverse_sort", "Rev", key_display="S", id="table-reverse"),
    ]

    def __init__(self, columns: list[Column], *, id: str | None = None, sort: str | None = None):
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.columns_spec = columns
        self.sort_key = sort or columns[0].key
        self.sort_reverse = next(c.reverse_first for c in columns if c.key == self.sort_key)
        self.rows_data: list[dict[str, Any]] = []

    def on_mount(self) -> None:
        self._headers()

    def _headers(self) -> None:
        self.clear(columns=True)
        for c in self.columns_spec:
            mark = (" ▼" if self.sort_reverse else " ▲") if c.key == self.sort_key else ""
            self.add_column(c.label + mark, key=c.key)

    def show(self, rows: list[dict[str, Any]], keep: str | None = None) -> None:
        """Rows are dicts with an `id`, a value per column key, and `cells` (rendered).

        The cursor stays on the same person (`keep`, else the one under it now), wherever
        their row goes; when they are gone it stays on the same row."""
        current = keep if keep is not None else self.current_id()
        row_before = self.cursor_row
        col = next(c for c in self.columns_spec if c.key == self.sort_key)
        rows = sorted(rows, key=lambda r: r["name"])
        rows.sort(key=col.sort, reverse=self.sort_reverse)
        self.rows_data = rows
        self.clear()
        for row in rows:
            self.add_row(*row["cells"], key=row["id"])
        ids = [r["id"] for r in rows]
        if current in ids:
            self.move_cursor(row=ids.index(current), animate=False)
        elif rows:
            self.move_cursor(row=min(max(0, row_before), len(rows) - 1), animate=False)

    def select(self, rid: str) -> bool:
        """Put the cursor on the person `rid`; False when they are not in the table."""
        ids = [r["id"] for r in self.rows_data]
        if rid not in ids:
            return False
        self.move_cursor(row=ids.index(rid), animate=False)
        return True

    def current_id(self) -> str | None:
        if self.row_count == 0:
            return None
        row = min(max(0, self.cursor_row), self.row_count - 1)
        key = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key
        return key.value

    def action_cycle_sort(self) -> None:
        keys = [c.key for c in self.columns_spec]
        nxt = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_key = nxt
        self.sort_reverse = next(c.reverse_first for c in self.columns_spec if c.key == nxt)
        self._resort()

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._resort()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key = key or self.sort_key
            self.sort_reverse = next(c.reverse_first for c in self.columns_spec if c.key == key)
        self._resort()

    def _resort(self) -> None:
        rows = self.rows_data
        current = self.current_id()  # (before the headers go: clearing them moves the cursor)
        self._headers()
        self.show(rows, keep=current)


def dim(text: str) -> Text:
    return Text(text, style="dim")
