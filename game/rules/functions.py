"""The rules language's functions: the safe helpers that are the generated code's only globals
(arithmetic never raises: `x / 0` and `x % 0` are 0, `log(x <= 0)` and `sqrt(x < 0)` are 0),
and the table of functions an expression may call."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game.rules.fields import NUMBER

MAX_INT = 10**15  # larger integer results become floats


# -- safe helpers: the generated code's only globals ----------------------------------------------
def _div(a: Any, b: Any) -> Any:
    if b == 0:
        return 0.0
    try:
        return a / b
    except OverflowError:
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _mod(a: Any, b: Any) -> Any:
    if b == 0:
        return 0.0
    try:
        r = a % b
    except (OverflowError, ValueError):
        return 0.0
    return r if r == r else 0.0


def _int(x: float) -> Any:
    return int(x) if abs(x) < MAX_INT else x


def _floor(x: Any) -> Any:
    return _int(math.floor(x)) if math.isfinite(x) else x


def _ceil(x: Any) -> Any:
    return _int(math.ceil(x)) if math.isfinite(x) else x


def _round(x: Any) -> Any:
    """Round half away from zero (2.5 -> 3, -2.5 -> -3)."""
    if not math.isfinite(x):
        return x
    r = math.floor(abs(x) + 0.5)
    return _int(r if x >= 0 else -r)


def _log(x: Any) -> float:
    if not x > 0:
        return 0.0
    return math.log(x)


def _sqrt(x: Any) -> float:
    if not x > 0:
        return 0.0
    try:
        return math.sqrt(x)
    except OverflowError:
        return math.inf


def _clamp(x: Any, lo: Any, hi: Any) -> Any:
    return min(max(x, lo), hi)


def _abs(x: Any) -> Any:
    return abs(x)


def _min(*args: Any) -> Any:
    return min(args)


def _max(*args: Any) -> Any:
    return max(args)


@dataclass(frozen=True)
class Function:
    name: str
    helper: Callable[..., Any]
    params: tuple[str, ...]  # parameter types; for variadic functions the type of every argument
    result: str
    variadic: bool = False
    doc: str = ""


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        Function("min", _min, (NUMBER,), NUMBER, True, "smallest of two or more numbers"),
        Function("max", _max, (NUMBER,), NUMBER, True, "largest of two or more numbers"),
        Function("abs", _abs, (NUMBER,), NUMBER, doc="absolute value"),
        Function("clamp", _clamp, (NUMBER, NUMBER, NUMBER), NUMBER, doc="x limited to lo..hi"),
        Function("log", _log, (NUMBER,), NUMBER, doc="natural log; 0 when x <= 0"),
        Function("sqrt", _sqrt, (NUMBER,), NUMBER, doc="square root; 0 when x < 0"),
        Function("floor", _floor, (NUMBER,), NUMBER, doc="round down to a whole number"),
        Function("ceil", _ceil, (NUMBER,), NUMBER, doc="round up to a whole number"),
        Function("round", _round, (NUMBER,), NUMBER, doc="round half away from zero"),
    )
}
# `if(cond, a, b)` is built in: it compiles to a conditional expression (only one branch runs).
SPECIAL_FUNCTIONS = {"if": "if(cond, a, b): a when cond is true, else b (same type)"}

HELPERS: dict[str, Any] = {"_div": _div, "_mod": _mod}
HELPERS.update({f"_f_{name}": f.helper for name, f in FUNCTIONS.items()})
