"""Small number helpers shared by the core."""

from __future__ import annotations

import math
from typing import Any


def finite(value: Any) -> float:
    """A rule's result as a finite float; anything else counts as 0."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return 0.0
    return x if math.isfinite(x) else 0.0


def money(amount: float) -> str:
    """$M as a headline writes it: $850M, $1.2B."""
    return f"${amount / 1000:.1f}B" if amount >= 1000 else f"${amount:,.0f}M"
