"""Small number helpers shared by the core."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from typing import Any

from game.text import money as shown_money

# The largest number (either sign) a balance or scenario file may give; rule files keep the
# same limit for their constants (game.rules.reading.MAX_CONSTANT).
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


# Money is compared in whole $k (thousands of dollars), core and screens alike: two amounts
# that show the same never refuse each other through float noise.
K_PER_M = 1000


INFINITE_K = int(sys.float_info.max) * K_PER_M + 1  # more than any finite amount


def to_k(amount: float) -> int:
    """$M as whole $k (NaN counts as 0; infinity is more than any finite amount)."""
    if amount != amount:
        return 0
    if math.isinf(amount):
        return INFINITE_K if amount > 0 else -INFINITE_K
    k = amount * K_PER_M
    return round(k) if math.isfinite(k) else int(amount) * K_PER_M


def from_k(k: int) -> float:
    """Whole $k back as $M."""
    return k / K_PER_M


def at_k(amount: float) -> float:
    """$M rounded to the nearest $k."""
    return from_k(to_k(amount))


def exceeds(cost: float, budget: float) -> bool:
    """Whether `cost` is more than `budget`, compared in whole $k."""
    return to_k(cost) > to_k(budget)


def total_k(amounts: Iterable[float]) -> int:
    """The sum of amounts, each rounded to whole $k first."""
    n = 0
    for a in amounts:
        n += to_k(a)
    return n


def money_pair(a: float, b: float) -> tuple[str, str]:
    """Two $M amounts as the screens write them ($4.2M, $0), or with just enough decimals
    ($1,730.4M, $1,730.0M) to tell them apart where those are the same, so a refusal never
    reads "$1,730M but the budget is $1,730M"."""
    x, y = shown_money(a), shown_money(b)
    if x != y:
        return x, y
    for digits in range(4):
        x, y = f"{a:,.{digits}f}", f"{b:,.{digits}f}"
        if x != y or digits == 3:
            return f"${x}M", f"${y}M"
    raise AssertionError("unreachable")


def article(word: str) -> str:
    """'a' or 'an' for the word (or number) that follows: an 84-point model, a 70-point one."""
    w = word.strip().lstrip("$").lower()
    if not w:
        return "a"
    if w[0].isdigit():
        digits = "".join(ch for ch in w.split(".")[0] if ch.isdigit())
        # said aloud: eight, eighty…, eleven, eighteen (and their thousands) start with a vowel
        eleven = len(digits) % 3 == 2 and digits[:2] in ("11", "18")
        return "an" if digits.startswith("8") or eleven else "a"
    return "an" if w[0] in "aeiou" else "a"
