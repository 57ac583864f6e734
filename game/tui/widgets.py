"""Small widgets of the game screens. They render what they are given and post messages up."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from game.core.advice import MoatReading, RoadStanding
from game.core.numbers import exceeds, from_k, to_k, total_k
from game.tui.fmt import (
    FRONTIER_SHORT,
    FRONTIER_WORDS,
    MOAT_WORDS,
    bar,
    moat_words,
    money,
    printable,
)
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
        """What is left, in whole $k as the core compares it."""
        return from_k(to_k(self.discretionary) - total_k((self.gpus, self.offers, self.open)))


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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from game.tui.screens.base import order_action_allowed

        return order_action_allowed(self.app, action)

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
                over = exceeds(v.uses_gpus, amount)
            elif lever == "offers":
                note = f"uses {money(v.uses_offers)}"
                over = exceeds(v.uses_offers, amount)
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
        left_style = "bold red" if to_k(v.left) < 0 else "bold green"
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
    """The capability race: a bar per lab, the superintelligence line, and the open frontier
    and the player's moat, each said in words."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, float, bool]] = []
        self.threshold = 0.0
        self.moat = MoatReading(0.0, 0.0)
        self.tooltip = Text(
            f"Open frontier: {FRONTIER_WORDS}.\nYour moat: {MOAT_WORDS}.", no_wrap=False
        )

    def show(
        self, rows: list[tuple[str, float, bool]], threshold: float, moat: MoatReading
    ) -> None:
        self.rows = [(printable(name), cap, mine) for name, cap, mine in rows]
        self.threshold, self.moat = threshold, moat
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width) -> int:  # type: ignore[no-untyped-def]
        return len(self.rows) + 3

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
        m = self.moat
        out.append(f"goal {self.threshold:.0f} · open frontier {m.frontier:.1f}\n", style="dim")
        out.append(f"  = {FRONTIER_SHORT}\n", style="dim")
        # the words as well as the colour say which way it goes (NO_COLOR)
        out.append("Your moat ", style="dim")
        out.append(f"{m.moat:+.1f}", style="bold green" if m.moat > 0 else "bold red")
        out.append(f": {moat_words(m.moat)}", style="dim")
        return out


ROAD_LABELS = {"superintelligence": "Race", "market": "Market", "ecosystem": "Ecosystem"}


class RoadsView(Widget):
    """The three roads to victory: where the player stands and the rival nearest to each."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[RoadStanding] = []
        self.names: dict[str, str] = {}

    def show(self, rows: list[RoadStanding], names: dict[str, str]) -> None:
        self.rows, self.names = rows, names
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width) -> int:  # type: ignore[no-untyped-def]
        return len(self.rows)

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        for i, row in enumerate(self.rows):
            out.append(f"{ROAD_LABELS.get(row.road, row.road):<10}", style="bold")
            if row.streak_needed:
                mine = f"{row.mine:4.0%} {row.my_streak}/{row.streak_needed}"
                theirs = f"{row.rival_value:.0%} {row.rival_streak}/{row.streak_needed}"
            else:
                mine = f"{row.mine:5.1f}/{row.goal:.0f}"
                theirs = f"{row.rival_value:.1f}"
            # marks as well as colours: ▲ you lead, ! the rival is one quarter from winning
            out.append("▲" if row.leading else " ", style="bold #5fd38d")
            out.append(f"{mine:<10}", style="bold #5fd38d" if row.leading else "")
            if row.rival is not None:
                name = printable(self.names.get(row.rival, row.rival))
                out.append(f"{(name.split() or [name])[0][:9]} ", style="dim")
                out.append(theirs, style="bold red" if row.rival_near else "")
                if row.rival_near:
                    out.append(" !", style="bold red")
            if i < len(self.rows) - 1:
                out.append("\n")
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
