"""Bounds: the quarter's last phase clamps every number it could have changed.

Whatever a rule, an event or a playbook made of the quarter, each float of the labs, the
researchers, the approaches, the world and the quarter's report ends finite, within its field's
own limits (a share in 0..1, reputation in 0..100, ...) and within `[bounds] number` of
balance.toml either way; NaN becomes 0 (within those limits). So a game in play can always be
saved and loaded again. Shared parts of the state (grants, drives, approaches) are replaced,
never changed in place.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel

from game.core.models import GameState
from game.core.numbers import clamp
from game.core.quarter import Quarter

# (floats: (name, lo, hi)), nested models, lists of models) of a model class
Spec = tuple[tuple[tuple[str, float, float], ...], tuple[str, ...], tuple[str, ...]]


def bounds(state: GameState, ctx: Quarter) -> None:
    limit = ctx.bal.bounds.number
    _fix_in_place(state, limit, floats_only=True)
    player = state.labs.get(state.player)
    cash = player.cash if player is not None else 0.0
    for lab in state.labs.values():
        _fix_in_place(lab, limit)
    if player is not None and player.cash != cash:
        ctx.report.money.other += player.cash - cash  # the ledger covers a clamped cash too
    for r in state.researchers.values():
        _fix_in_place(r, limit)
    state.approaches = [_fixed(a, limit) for a in state.approaches]
    _fix_in_place(ctx.report, limit)


def _fix_in_place(m: BaseModel, limit: float, floats_only: bool = False) -> None:
    for name, value in _changes(m, limit, floats_only).items():
        setattr(m, name, value)


def _fixed(m: BaseModel, limit: float) -> Any:
    """`m` itself when it is within bounds, else a bounded copy."""
    changes = _changes(m, limit)
    return m.model_copy(update=changes) if changes else m


def _changes(m: BaseModel, limit: float, floats_only: bool = False) -> dict[str, Any]:
    floats, models, lists = _spec(type(m), limit)
    changes: dict[str, Any] = {}
    for name, lo, hi in floats:
        v = getattr(m, name)
        if not lo <= v <= hi:  # (NaN too)
            changes[name] = clamp(v, lo, hi)
    if floats_only:
        return changes
    for name in models:
        sub = getattr(m, name)
        if sub is not None and (new := _fixed(sub, limit)) is not sub:
            changes[name] = new
    for name in lists:
        items = getattr(m, name)
        new_items = [_fixed(x, limit) for x in items]
        if any(a is not b for a, b in zip(items, new_items, strict=True)):
            changes[name] = new_items
    return changes


@cache
def _spec(cls: type[BaseModel], limit: float) -> Spec:
    floats, models, lists = [], [], []
    for name, info in cls.model_fields.items():
        kind = info.annotation
        if kind is float:
            floats.append((name, *_limits(info.metadata, limit)))
        elif _is_model(kind):
            models.append(name)
        elif get_origin(kind) is list and _is_model(get_args(kind)[0]):
            lists.append(name)
        elif get_origin(kind) is not None and any(_is_model(a) for a in get_args(kind)):
            models.append(name)  # an optional model
    return tuple(floats), tuple(models), tuple(lists)


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _limits(metadata: list[Any], limit: float) -> tuple[float, float]:
    """A float field's range: its own constraints within -limit..limit."""
    lo, hi = -limit, limit
    for c in metadata:
        if isinstance(c, at.Ge):
            lo = max(lo, float(c.ge))
        elif isinstance(c, at.Gt):
            lo = max(lo, math.nextafter(float(c.gt), math.inf))
        elif isinstance(c, at.Le):
            hi = min(hi, float(c.le))
        elif isinstance(c, at.Lt):
            hi = min(hi, math.nextafter(float(c.lt), -math.inf))
    return lo, hi
