"""Saving and loading in the TUI: the save-name dialog and the load screen.

These screens only ask and list; the app writes and reads the files through `game.saves`
(the only code that touches save files). A broken save is listed with its error, never opened.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Static

from game.text import saved_time
from game.tui.fmt import money, plain
from game.tui.screens.tables import PlainTable

if TYPE_CHECKING:
    from game.saves import SaveInfo
    from game.tui.session import Session


def default_save_name(session: Session) -> str:
    """`<lab>-<quarter>`, e.g. `halcyon-2026-Q1`, made into a valid save name."""
    from game.saves import SaveError, validate_name

    state = session.state
    lab = re.sub(r"[^A-Za-z0-9]+", "-", state.player or state.player_lab.name).strip("-").lower()
    name = f"{lab or 'game'}-{session.label}"
    name = re.sub(r"[^A-Za-z0-9 _.-]+", "-", name).strip(" .-")[:64] or "game"
    try:
        return validate_name(name)
    except SaveError:
        return "game"


class SaveNameDialog(ModalScreen[str | None]):
    """Ask for a save name. A bad name is refused with its message; an existing save is only
    overwritten after a second Enter. Returns the (valid) name, or None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save-cancel")]  # noqa: RUF012

    def __init__(self, default: str, saves_dir: Path) -> None:
        super().__init__()
        self.default = default
        self.saves_dir = saves_dir
        self._confirm_overwrite: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="save-dialog"):
            yield Label("Save the game", classes="dialog-title")
            yield Static(plain(f"Saves go to {self.saves_dir}"), classes="form-intro")
            with Horizontal(classes="save-row"):
                yield Label("Name ", classes="save-label")
                yield Input(self.default, id="save-name", max_length=80, compact=True)
            yield Static("", id="save-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save ⏎", id="save-ok", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="save-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save-name", Input).focus()

    def _error(self, text: str, style: str = "red") -> None:
        self.query_one("#save-error", Static).update(plain(text, style))

    @on(Input.Changed, "#save-name")
    def _changed(self) -> None:
        self._confirm_overwrite = None
        self._error("")

    @on(Input.Submitted, "#save-name")
    @on(Button.Pressed, "#save-ok")
    def action_submit(self) -> None:
        from game.saves import SaveError, exists, validate_name

        name = self.query_one("#save-name", Input).value
        try:
            validate_name(name)
            present = exists(name, self.saves_dir)
        except SaveError as e:
            self._error(str(e))
            return
        if present and self._confirm_overwrite != name:
            self._confirm_overwrite = name
            self._error(
                f"A save called {name!r} exists. Enter again to replace it "
                "(its previous version is kept as a backup).",
                "yellow",
            )
            return
        self.dismiss(name)

    @on(Button.Pressed, "#save-no")
    def action_cancel(self) -> None:
        self.dismiss(None)


class LoadScreen(ModalScreen[Path | None]):
    """The saves folder, most recent first. Enter opens a save; broken files show their error."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="load-cancel")]  # noqa: RUF012

    def __init__(self, saves_dir: Path) -> None:
        super().__init__()
        self.saves_dir = saves_dir
        self.saves: list[SaveInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="load-dialog"):
            yield Label("Load a saved game", classes="dialog-title")
            yield Static(plain(f"From {self.saves_dir}"), classes="form-intro")
            yield PlainTable(id="saves-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="load-detail")
            yield Static("Enter: load · Esc: back", classes="dim")

    def on_mount(self) -> None:
        table = self.query_one("#saves-table", DataTable)
        table.add_column("Name", key="name")
        table.add_column("Quarter", key="quarter")
        table.add_column("Lab", key="lab")
        table.add_column("Cash", key="cash")
        table.add_column("Saved", key="saved")
        table.loading = True
        table.focus()
        self._read_saves()

    @work(thread=True, exclusive=True, group="load-list")
    def _read_saves(self) -> None:
        """Read the saves' headers off the UI thread (a big or hostile file never freezes the
        dialog), then show them."""
        from game.saves import list_saves

        try:
            infos, problem = list_saves(self.saves_dir), None
        except OSError as e:
            infos, problem = [], f"Cannot read the saves folder: {e}"
        self.app.call_from_thread(self._show_saves, infos, problem)

    def _show_saves(self, infos: list[SaveInfo], problem: str | None) -> None:
        table = self.query_one("#saves-table", DataTable)
        table.loading = False
        self.saves = infos
        rows: list[list[Text]] = []
        for info in self.saves:
            if info.ok:
                rows.append(
                    [
                        plain(info.name),
                        plain(info.quarter or ""),
                        plain(info.lab or ""),
                        Text(money(info.cash)),
                        Text(saved_time(info.saved_at)),
                    ]
                )
            else:
                broken = [plain(info.name, "red"), Text("broken", style="bold red")]
                rows.append([*broken, Text(), Text(), Text()])
        name_w = self._name_width(rows, self.query_one("#load-dialog").content_region.width)
        for i, cells in enumerate(rows):
            if name_w is not None:
                cells[0].truncate(name_w, overflow="ellipsis")
            table.add_row(*cells, key=str(i))
        if problem is not None:
            self._detail(plain(problem, "red"))
        elif not self.saves:
            self._detail(Text("No saved games yet. Save with ctrl+s while playing."))
        else:
            self._describe(0)
        self.post_message(self.Listed())

    @staticmethod
    def _name_width(rows: list[list[Text]], width: int) -> int | None:
        """The widest name that leaves the other columns whole in the table's `width` (the
        detail line below gives the whole name), or None before the dialog is laid out."""
        if width <= 0:
            return None
        labels = ("Quarter", "Lab", "Cash", "Saved")
        used = sum(
            max([len(label), *(row[n].cell_len for row in rows)]) + 2
            for n, label in enumerate(labels, start=1)
        )
        return max(8, width - used - 2)

    class Listed(Message):
        """The saves are read and shown."""

    def _detail(self, text: str | Text) -> None:
        self.query_one("#load-detail", Static).update(text)

    def _describe(self, index: int) -> None:
        if not 0 <= index < len(self.saves):
            return
        info = self.saves[index]
        if info.ok:
            extra = f", {info.outcome}" if info.outcome else ""
            self._detail(
                plain(
                    f"{info.name}: {info.lab}, {info.quarter}, {info.scenario} on "
                    f"{info.difficulty}{extra}"
                )
            )
        else:
            self._detail(plain(f"Broken: {info.error}", "red"))

    @property
    def current(self) -> SaveInfo | None:
        table = self.query_one("#saves-table", DataTable)
        row = table.cursor_row
        if not self.saves or row is None or not 0 <= row < len(self.saves):
            return None
        return self.saves[row]

    @on(DataTable.RowHighlighted, "#saves-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    @on(DataTable.RowSelected, "#saves-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        info = self.current
        if info is None:
            return
        if not info.ok:
            self.notify(info.error or "broken save", title="Cannot load", severity="error")
            self._describe(self.saves.index(info))
            return
        self.dismiss(info.path)

    def action_cancel(self) -> None:
        self.dismiss(None)
