"""The order forms' base: number inputs (and a checkbox) with a live preview of the core's
verdict before you commit, and the helpers the forms share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from game.core.numbers import at_k
from game.tui.fmt import parse_number, plain, printable

if TYPE_CHECKING:
    from game.core.legal import Refusal
    from game.core.models import Orders
    from game.tui.session import Session


def amount_text(amount: float) -> str:
    """$M for an input field, exact to the $k the core compares in: 1730.4, 250."""
    return f"{at_k(amount):.3f}".rstrip("0").rstrip(".")


class FormCheckbox(Checkbox, inherit_bindings=False):
    """A form's checkbox: `Space` ticks it, `Enter` confirms the dialog (as in its inputs)."""

    BINDINGS = [  # noqa: RUF012
        Binding("space", "toggle_button", "Toggle", show=False),
        Binding("enter", "screen.submit", "OK", show=False),
    ]


class FormDialog(ModalScreen[Any]):
    """A small form: number inputs (and a checkbox) with a live preview from the core.

    `evaluate` returns the preview and the problem that stops the form (None: it can be
    confirmed), which the preview leaves out: the form shows it once, at the end of the preview
    (`✗ …`) or, once the player has tried to confirm, on the warning line instead. Confirming a
    form with a problem keeps the dialog open and says why on that line (`#form-error`); the
    line clears as soon as the input is valid.
    """

    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+o", "submit", "OK", id="form-ok"),
    ]
    title_text = ""
    submit_label = "OK"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.ok = False
        self.problem: str | None = None
        self.preview = Text()

    def fields(self) -> list[tuple[str, str, str]]:
        """(id, label, initial text) for each number input."""
        return []

    def checkbox(self) -> tuple[str, bool] | None:
        return None

    def intro(self) -> Text | str:
        return ""

    def evaluate(self, values: dict[str, float | None], flag: bool) -> tuple[Text, str | None]:
        raise NotImplementedError

    def result(self, values: dict[str, float | None], flag: bool) -> Any:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(plain(self.title_text), classes="dialog-title")
            intro = self.intro()
            if intro:
                yield Static(
                    plain(intro) if isinstance(intro, str) else intro, classes="form-intro"
                )
            for fid, label, initial in self.fields():
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(
                        initial,
                        id=f"f-{fid}",
                        restrict=r"[0-9.,]*",
                        classes="form-input",
                        compact=True,
                    )
            box = self.checkbox()
            if box is not None:
                yield FormCheckbox(box[0], value=box[1], id="f-flag", compact=True)
            yield Static("", id="form-preview")
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.submit_label} ⏎", id="ok", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._update()
        self.call_after_refresh(self.keep_toasts_off_the_warning)
        inputs = self.query(Input)
        if inputs:
            first = inputs.first()
            first.focus()
            first.select_all()

    def values(self) -> tuple[dict[str, float | None], bool]:
        values = {
            fid: parse_number(self.query_one(f"#f-{fid}", Input).value)
            for fid, _, _ in self.fields()
        }
        flag = False
        boxes = self.query("#f-flag")
        if boxes:
            flag = bool(self.query_one("#f-flag", Checkbox).value)
        return values, flag

    def _update(self) -> None:
        values, flag = self.values()
        if any(v is None for v in values.values()):
            text, problem = Text(), NUMBERS
        else:
            text, problem = self.evaluate(values, flag)
        self.ok = problem is None
        self.problem = problem
        self.preview = text
        self.query_one("#ok", Button).disabled = not self.ok
        error = self.query_one("#form-error", Static)
        if problem is None:
            self._show_error("")  # valid now: the line goes
        elif error.display:
            self._show_error(problem)  # still wrong: the line says what is wrong now
        else:
            self._draw_preview()

    def _draw_preview(self) -> None:
        """The preview, and the problem at its end unless the warning line shows it."""
        text = self.preview.copy()
        if self.problem and not self.query_one("#form-error", Static).display:
            if text.plain:
                text.append("\n")
            text.append(f"✗ {printable(self.problem)}", style="red")
        self.query_one("#form-preview", Static).update(text)

    def _show_error(self, problem: str) -> None:
        error = self.query_one("#form-error", Static)
        line = " ".join(printable(problem).split())
        error.update(Text(f"✗ {line}") if line else "")
        if error.display != bool(line):
            error.display = bool(line)
            self.call_after_refresh(self.keep_toasts_off_the_warning)
        self._draw_preview()

    def on_resize(self) -> None:
        self.call_after_refresh(self.keep_toasts_off_the_warning)

    def keep_toasts_off_the_warning(self) -> None:
        """Toasts (docked at the top here, see game.tcss) end above the warning line, or above
        where it appears (right under the preview; the centred form grows a row each way)."""
        racks = self.query("#textual-toastrack")
        if not racks or not self.is_mounted:
            return
        error = self.query_one("#form-error", Static)
        preview = self.query_one("#form-preview", Static)
        shown = error.display and error.region
        limit = error.region.y if shown else preview.region.bottom - 1
        racks.first().styles.max_height = max(0, min(limit, self.size.height // 2))

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self._update()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        self._update()
        if not self.ok:
            self._show_error(self.problem or NUMBERS)
            self.app.bell()
            return
        values, flag = self.values()
        self.dismiss(self.result(values, flag))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    # helpers for subclasses
    def trial(self, change: Callable[[Orders], None]) -> tuple[list[Refusal], Any]:
        """The core's verdict and costs on the draft with one change applied (draft untouched)."""
        from game.core.costs import costs
        from game.core.legal import validate

        draft = self.session.draft.model_copy(deep=True)
        change(draft)
        return validate(self.session.state, draft, self.session.content), costs(
            self.session.state, draft
        )


NUMBERS = "Type a number in every field."


def reasons_text(out: Text, reasons: list[Refusal], ignore: tuple[str, ...] = ()) -> str | None:
    """Append the core's reasons: first those about budget levers (fixable later), as warnings,
    then those that stop the order. Returns the first of these (None: nothing stops it), which
    is left out: the form shows it last, or on its warning line (see `FormDialog`)."""
    stops = [r for r in reasons if r.code not in ignore]
    for r in reasons:
        if r.code in ignore:
            out.append(f"\n⚠ {printable(r)}", style="yellow")
    for r in stops[1:]:
        out.append(f"\n✗ {printable(r)}", style="red")
    return str(stops[0]) if stops else None
