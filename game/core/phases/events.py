"""Events and news: data-driven events (game.rules) fire by chance when their trigger holds,
apply their effects and write a headline."""

from __future__ import annotations

from typing import Any

from game.core.calendar import quarter_label
from game.core.models import GameState, Headline, Lab
from game.core.numbers import count, finite
from game.core.quarter import Quarter, live_labs
from game.core.rng import stream
from game.core.views import world_view
from game.rules import render_headline


def events(state: GameState, ctx: Quarter) -> None:
    s = state
    views = ctx.views
    if views is None:
        return
    world = world_view(s, ctx.content, count(1 for r in s.researchers.values() if r.lab is None))
    for eid in sorted(ctx.content.events):
        ev = ctx.content.events[eid]
        last = s.event_last.get(f"event:{eid}")
        if last is not None and (ev.once or ctx.q - last < ev.cooldown):
            continue
        rng = stream(s.seed, ctx.q, f"event:{eid}")
        if ev.scope == "world":
            candidates: list[Lab | None] = [None]
        else:
            candidates = [lab for lab in live_labs(state)]
        for lab in candidates:
            me = views.labs.get(lab.id) if lab is not None else None
            draw = rng.random()
            if lab is not None and me is None:
                continue
            try:
                if not ev.when.fn(me, None, world):
                    continue
                chance = ev.chance
                for cond, factor in ev.modifiers:
                    if cond.fn(me, None, world):
                        chance *= factor
            except (ArithmeticError, ValueError, TypeError):
                continue
            if draw >= chance:
                continue
            values: dict[str, Any] = {"quarter_label": _label(state, ctx)}
            if lab is not None:
                values["lab"] = lab.name
            for name, expr in ev.vars.items():
                values[name] = _fmt(expr.fn(me, None, world))
            amounts = {k: finite(e.fn(me, None, world)) for k, e in ev.effects.items()}
            apply_effects(state, ctx, lab, amounts)
            ctx.headlines.append(
                Headline(
                    quarter=ctx.q,
                    text=render_headline(ev.headline, values),
                    kind="event",
                    lab=lab.id if lab else None,
                )
            )
            s.event_last[f"event:{eid}"] = ctx.q
            break


def _label(state: GameState, ctx: Quarter) -> str:
    return quarter_label(ctx.q, ctx.bal.start_year, ctx.bal.start_quarter)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)


def apply_effects(
    state: GameState, ctx: Quarter, lab: Lab | None, amounts: dict[str, float]
) -> None:
    s = state
    for key, v in amounts.items():
        if lab is None:
            if key == "demand_pct":
                s.demand = max(0.0, s.demand * (1 + v / 100))
            elif key == "gpu_price_pct":
                s.gpu_price = max(1.0, s.gpu_price * (1 + v / 100))
            elif key == "rent_price_pct":
                s.rent_price = max(0.1, s.rent_price * (1 + v / 100))
            elif key == "open_frontier":
                s.open_frontier = max(0.0, s.open_frontier + v)
            continue
        if key == "cash":
            lab.cash += v
            if lab.player:
                ctx.report.money.events += v
        elif key == "valuation_pct":
            lab.valuation = max(1.0, lab.valuation * (1 + v / 100))
        elif key == "reputation":
            lab.reputation = min(100.0, max(0.0, lab.reputation + v))
        elif key in ("morale", "loyalty"):
            for r in s.researchers.values():
                if r.lab == lab.id:
                    setattr(r, key, min(1.0, max(0.0, getattr(r, key) + v)))
        elif key == "capability":
            before = lab.capability
            lab.capability = max(0.0, lab.capability + v)
            if lab.player:
                ctx.report.gains.events += lab.capability - before
        elif key == "compute":
            before = lab.compute_owned
            lab.compute_owned = max(0.0, lab.compute_owned + v)
            if lab.player:
                ctx.report.compute.events += lab.compute_owned - before
        elif key == "ecosystem_pct":
            lab.ecosystem = max(0.0, lab.ecosystem * (1 + v / 100))
        elif key == "revenue_pct":
            delta = lab.revenue * v / 100
            lab.cash += delta
            if lab.player:
                ctx.report.money.events += delta
        elif key == "outside_funding_pct":
            lab.outside_funding = max(0.0, lab.outside_funding * (1 + v / 100))
