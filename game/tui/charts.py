"""History charts with textual-plotext (imported only when a chart is first shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from game.text import printable

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets import Static

    from game.core.models import GameState
    from game.tui.session import Session

METRICS = {
    "capability": "Capability",
    "compute": "Compute (k H100)",
    "researchers": "Named researchers",
    "revenue": "API revenue $M/q",
    "ecosystem": "Ecosystem (k developers)",
    "valuation": "Valuation $M",
    "cash": "Cash $M",
}

COLORS = ["green", "blue", "red", "orange", "magenta", "cyan", "yellow", "white"]
# a marker per line as well as a colour, so the lines part without colour (NO_COLOR)
MARKERS = ["hd", "•", "+", "x", "*", "o", "#", "@"]


def short_names(names: dict[str, str], width: int = 12) -> dict[str, str]:
    """Legend names that fit the chart: each lab's first word when those are all different."""
    first = {k: (v.split() or [v])[0][:width] for k, v in names.items()}
    if len(set(first.values())) == len(first):
        return first
    return {k: v[:width] for k, v in names.items()}


def make_plot(id: str) -> Widget:
    from textual_plotext import PlotextPlot

    return PlotextPlot(id=id)


def draw_history(
    plot: Widget,
    state: GameState,
    metric: str,
    labels: list[str],
    names: dict[str, str],
    only: list[str] | None = None,
) -> None:
    """Draw one metric for every lab over the game; the player's lab first and marked."""
    plt = plot.plt  # type: ignore[attr-defined]
    plt.clear_data()
    plt.clear_figure()
    plt.title(METRICS.get(metric, metric))
    labs = only or sorted(state.history, key=lambda x: (x != state.player, x))
    legend = short_names(names)
    longest = 0
    for i, lab_id in enumerate(labs):
        snaps = state.history.get(lab_id, [])
        if not snaps:
            continue
        xs = [s.quarter for s in snaps]
        ys = [float(getattr(s, metric)) for s in snaps]
        longest = max(longest, len(xs))
        mine = lab_id == state.player
        plt.plot(
            xs,
            ys,
            label=legend.get(lab_id, lab_id) + (" (you)" if mine else ""),
            color=COLORS[i % len(COLORS)],
            marker=MARKERS[0] if mine else MARKERS[1 + i % (len(MARKERS) - 1)],
        )
    if longest:
        ticks = sorted({s.quarter for snaps in state.history.values() for s in snaps})
        step = max(1, len(ticks) // 6)
        shown = ticks[::step]
        plt.xticks(shown, [labels[q] if q < len(labels) else str(q) for q in shown])
    plot.refresh()


def chart_game(plot: Widget, title: Static, session: Session, index: int, heading: str) -> None:
    """Chart the game's `index`-th metric (counting round `METRICS`) on `plot`, and name it in
    `title` after `heading`."""
    metric = list(METRICS)[index % len(METRICS)]
    title.update(Text.assemble((heading, "bold"), METRICS[metric], ("   c: next chart", "dim")))
    state = session.state
    labels = [session.quarter_label(q) for q in range(state.quarter + 1)]
    names = {k: printable(v.name) for k, v in state.labs.items()}
    draw_history(plot, state, metric, labels, names)
