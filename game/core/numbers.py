"""Small number helpers shared by the core."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

# The largest number (either sign) a balance or scenario file may give; rule files keep the
# same limit for their constants (game.rules.files.MAX_CONSTANT).
MAX_DATA = 1e12


def add_up(values: Iterable[float]) -> float:
    """The sum of `values`, added one at a time from the left in plain float arithmetic.

    The core's summation, the same on every Python: the built-in `sum()` of floats compensates
    rounding since 3.12 (and did not before), so games used to differ between versions."""
    total = 0.0
    for v in values:
        total += v
    return total


def count(values: Iterable[int]) -> int:
    """The total of whole numbers (or of true flags): counts, never amounts."""
    n = 0
    for v in values:
        n += v
    return n


def finite(value: Any) -> float:
    """A rule's result as a finite float; anything else counts as 0."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return 0.0
    return x if math.isfinite(x) else 0.0


def clamp(x: float, lo: float, hi: float) -> float:
    """`x` limited to lo..hi; NaN counts as 0 (itself limited to lo..hi)."""
    if x != x:
        x = 0.0
    return lo if x < lo else hi if x > hi else x


def whole(x: float, hi: int) -> int:
    """`x` as a whole number from 0 to `hi`, rounded down; NaN counts as 0."""
    return int(clamp(x, 0.0, float(hi)))


def money(amount: float) -> str:
    """$M as a headline writes it: $850M, $1.2B."""
    return f"${amount / 1000:.1f}B" if amount >= 1000 else f"${amount:,.0f}M"
