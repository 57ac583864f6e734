"""History charts with textual-plotext (imported only when a chart is first shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widget import Widget

    from game.core.models import GameState

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
    longest = 0
    for i, lab_id in enumerate(labs):
        snaps = state.history.get(lab_id, [])
        if not snaps:
            continue
        xs = [s.quarter for s in snaps]
        ys = [float(getattr(s, metric)) for s in snaps]
        longest = max(longest, len(xs))
        marker = "hd" if lab_id == state.player else "braille"
        plt.plot(
            xs,
            ys,
            label=names.get(lab_id, lab_id)[:12],
            color=COLORS[i % len(COLORS)],
            marker=marker,
        )
    if longest:
        ticks = sorted({s.quarter for snaps in state.history.values() for s in snaps})
        step = max(1, len(ticks) // 6)
        shown = ticks[::step]
        plt.xticks(shown, [labels[q] if q < len(labels) else str(q) for q in shown])
    plot.refresh()
