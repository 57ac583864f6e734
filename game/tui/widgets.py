"""Small widgets of the game screens. They render what they are given and post messages up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

from game.tui.fmt import bar, money
from game.tui.messages import SplitAdjusted

LEVERS = ("gpus", "offers", "open")
LEVER_NAMES = {"gpus": "GPUs", "offers": "Offers", "open": "Open"}


@dataclass(frozen=True)
class SplitView:
    """What the split editor shows: allocations and what the draft's orders commit ($M)."""

    discretionary: float
    gpus: float
    offers: float
    open: float
    uses_gpus: float
    uses_offers: float
    step: float
    gpu_note: str = ""
    offer_note: str = ""

    @property
    def total(self) -> float:
        return self.gpus + self.offers + self.open

    @property
    def left(self) -> float:
        return self.discretionary - self.total


class SplitEditor(Widget, can_focus=True):
    """The quarter's budget as one split between GPUs, offers and open-sourcing.

    ↑/↓ choose a lever, ←/→ move money by a step (shift: ten steps), `a` puts everything left
    into the lever, `0` empties it. The editor posts `SplitAdjusted`; the app changes the draft.
    """

    BINDINGS = [  # noqa: RUF012
        Binding("up", "lever(-1)", "Lever", show=False),
        Binding("down", "lever(1)", "Lever", show=False),
        Binding("left", "nudge(-1)", "−step", show=False),
        Binding("right", "nudge(1)", "+step", show=False),
        Binding("minus", "nudge(-1)", "−", key_display="-", show=False, id="split-less"),
        Binding("plus,equals_sign", "nudge(1)", "+", key_display="+", show=False, id="split-more"),
        Binding("shift+left,pagedown", "nudge(-10)", "−10 steps", show=False),
        Binding("shift+right,pageup", "nudge(10)", "+10 steps", show=False),
        Binding("a", "all", "All left", show=False, id="split-all"),
        Binding("0", "zero", "Zero", show=False, id="split-zero"),
    ]

    lever = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: SplitView | None = None

    def show(self, view: SplitView) -> None:
        self.view = view
        self.refresh()

    @property
    def current(self) -> str:
        return LEVERS[self.lever]

    def action_lever(self, delta: int) -> None:
        self.lever = (self.lever + delta) % len(LEVERS)

    def _amount(self, lever: str) -> float:
        assert self.view is not None
        return float(getattr(self.view, lever))

    def action_nudge(self, steps: int) -> None:
        v = self.view
        if v is None:
            return
        lever = self.current
        now = self._amount(lever)
        target = now + steps * v.step
        snapped = round(target / v.step) * v.step
        if (snapped - now) * steps > 0:
            target = snapped
        if steps > 0:
            target = min(target, now + max(0.0, v.left))  # never past what is left
        target = max(0.0, target)
        if abs(target - now) > 1e-9:
            self.post_message(SplitAdjusted(lever, target))

    def action_all(self) -> None:
        v = self.view
        if v is None or v.left <= 0:
            return
        self.post_message(SplitAdjusted(self.current, self._amount(self.current) + v.left))

    def action_zero(self) -> None:
        if self.view is not None:
            self.post_message(SplitAdjusted(self.current, 0.0))

    def render(self) -> Text:
        v = self.view
        if v is None:
            return Text("")
        width = max(20, self.size.width)
        bar_w = max(4, width - 33)
        out = Text()
        top = max(v.discretionary, v.total, 1.0)
        for i, lever in enumerate(LEVERS):
            here = i == self.lever
            amount = self._amount(lever)
            if lever == "gpus":
                note = f"uses {money(v.uses_gpus)}"
                over = v.uses_gpus > amount + 1e-6
            elif lever == "offers":
                note = f"uses {money(v.uses_offers)}"
                over = v.uses_offers > amount + 1e-6
            else:
                note = "ecosystem"
                over = False
            cursor = "▸ " if here and self.has_focus else ("› " if here else "  ")
            style = "bold reverse" if here and self.has_focus else ("bold" if here else "")
            out.append(cursor)
            out.append(f"{LEVER_NAMES[lever]:<7}", style=style)
            out.append(f"{money(amount):>8} ")
            out.append(bar(amount, top, bar_w), style=_LEVER_STYLE[lever])
            out.append(f" {note:<14}", style="bold red" if over else "dim")
            out.append("\n")
        left_style = "bold red" if v.left < -1e-6 else "bold green"
        out.append("  Left   ")
        out.append(f"{money(v.left):>8}", style=left_style)
        out.append(f" of {money(v.discretionary)}", style="dim")
        return out

    def watch_lever(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def get_content_height(self, container, viewport, width) -> int:  # type: ignore[no-untyped-def]
        return 4


_LEVER_STYLE = {"gpus": "#4ea1ff", "offers": "#e5b343", "open": "#5fd38d"}


class RaceView(Widget):
    """The capability race: a bar per lab and the superintelligence line."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, float, bool]] = []
        self.threshold = 0.0
        self.frontier = 0.0

    def show(self, rows: list[tuple[str, float, bool]], threshold: float, frontier: float) -> None:
        self.rows, self.threshold, self.frontier = rows, threshold, frontier
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width) -> int:  # type: ignore[no-untyped-def]
        return len(self.rows) + 1

    def render(self) -> Text:
        rows = self.rows
        width = max(24, self.size.width)
        name_w = min(16, max((len(n) for n, _, _ in rows), default=10))
        bar_w = max(4, width - name_w - 8)
        top = max([self.threshold, *(c for _, c, _ in rows)])
        out = Text(no_wrap=True, overflow="ellipsis")
        for name, cap, mine in rows:
            style = "bold #5fd38d" if mine else ""
            out.append(f"{name[:name_w]:<{name_w}} ", style=style)
            out.append(bar(cap, top, bar_w), style="#5fd38d" if mine else "#8a8f98")
            out.append(f" {cap:5.1f}\n", style=style)
        out.append(
            f"superintelligence at {self.threshold:.0f} · open frontier {self.frontier:.1f}",
            style="dim",
        )
        return out


class NavBar(Widget):
    """The top line of the game screens: the screens and their keys, the current one lit."""

    TABS = (
        ("dashboard", "d", "Dashboard"),
        ("roster", "r", "Roster"),
        ("market", "m", "Market"),
        ("labs", "l", "Labs"),
        ("open", "o", "Open-source"),
    )

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current
        self.right = ""

    def set_right(self, text: str) -> None:
        self.right = text
        self.refresh()

    def render(self) -> Text:
        width = self.size.width or 80
        out = Text(no_wrap=True, overflow="ellipsis")
        brand = "◆ Talent War "
        tabs = Text()
        for name, key, label in self.TABS:
            here = name == self.current
            tabs.append(" ")
            tabs.append(key, style="bold reverse" if here else "bold cyan")
            tabs.append(f" {label} ", style="bold reverse" if here else "")
        needed = len(brand) + tabs.cell_len + len(self.right) + 1
        if needed <= width:
            out.append(brand, style="bold")
        out.append_text(tabs)
        pad = width - out.cell_len - len(self.right)
        if pad > 0:
            out.append(" " * pad)
            out.append(self.right, style="bold")
        return out


@dataclass(frozen=True)
class FooterItem:
    """One key the footer shows: what is pressed, how it is shown, whether it works now."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


class KeysFooter(Widget):
    """The keys of its screen on one line: Textual's compact Footer drawn as a single widget.

    Textual's `Footer` is a container with one widget per key, and recomposes them all on each
    bindings refresh (every focus change, screen switch and `refresh_bindings()`). This footer
    is one line of text: it keeps the keys it shows (`keys`) and redraws only when they change,
    which it checks once per frame and only while the player can see it. Clicking a key presses
    it (a key that cannot be used now rings the bell); hovering one lights it and shows its
    tooltip. One widget instead of one per key: a rendered widget is ~50 KB.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {  # noqa: RUF012
        "keys-footer--key",
        "keys-footer--description",
        "keys-footer--hover",
        "keys-footer--separator",
    }
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keys-footer--hover {
            background: $block-hover-background;
        }
        .keys-footer--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[FooterItem, ...] = ()
        self.palette: FooterItem | None = None  # the command palette's key, on the right
        self._spans: list[tuple[int, int, FooterItem]] = []  # cells of each key, as drawn
        self._hover: FooterItem | None = None
        self._check_pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.call_after_refresh(self.update_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _shown_keys(self) -> tuple[tuple[FooterItem, ...], FooterItem | None]:
        """The keys to show, as Textual's Footer chooses them: the shown bindings of the
        screen, one per action (its first key), then the command palette's key."""
        app = self.app

        def item(binding: Binding, enabled: bool, tooltip: str) -> FooterItem:
            display = app.get_key_display(binding)
            return FooterItem(binding.key, display, binding.description, enabled, tooltip)

        keys: list[FooterItem] = []
        actions: set[str] = set()
        palette = None
        for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = item(binding, enabled, binding.tooltip or binding.description)
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(item(binding, enabled, tooltip or binding.tooltip))
        return tuple(keys), palette

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self.update_keys)

    def update_keys(self) -> None:
        """Show the screen's keys now, redrawing only if they changed."""
        self._check_pending = False
        if not (self.is_attached and self.on_view):
            return
        keys, palette = self._shown_keys()
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self._hover = None
            self.refresh()

    @property
    def on_view(self) -> bool:
        """True when the player can see this footer: its screen is on top, or only screens
        with a see-through background (dialogs) are above it. A screen under an opaque one
        (the dashboard under the report), or out of the stack (the installed report after it
        closes), is not redrawn: its footer is checked again when it is shown (Textual
        refreshes the bindings of a screen when it resumes)."""
        screen = self.screen
        stack = self.app.screen_stack
        if screen not in stack:
            return False
        above = stack[stack.index(screen) + 1 :]
        return all(s.styles.background.a < 1 for s in above)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keys-footer--key")
        description_style = self.get_component_rich_style("keys-footer--description")
        hover_style = self.get_component_rich_style("keys-footer--hover", partial=True)

        def draw(out: Text, item: FooterItem) -> tuple[int, int, FooterItem]:
            start = out.cell_len
            out.append(item.display, style=key_style)
            if item.description:
                out.append(f" {item.description}", style=description_style)
            if not item.enabled:
                out.stylize("dim", start)
            if item == self._hover:
                out.stylize(hover_style, start)
            return start, out.cell_len, item

        line = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        for item in self.keys:
            spans.append(draw(line, item))
            line.append(" ")
        if self.palette is not None:  # on the right, after a thin rule
            right = Text("▏", style=self.get_component_rich_style("keys-footer--separator"))
            a, b, item = draw(right, self.palette)
            right.append(" ")
            room = max(0, self.size.width - right.cell_len)
            line.truncate(room, pad=True)
            spans = [span for span in spans if span[1] <= room]
            spans.append((room + a, room + b, item))
            line.append_text(right)
        self._spans = spans
        return line

    def key_at(self, x: int) -> FooterItem | None:
        """The key drawn at cell `x` of the footer, if any."""
        return next((item for a, b, item in self._spans if a <= x < b), None)

    def _hover_on(self, item: FooterItem | None) -> None:
        if item != self._hover:
            self._hover = item
            self.tooltip = (item.tooltip or None) if item is not None else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_on(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_on(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self.key_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
