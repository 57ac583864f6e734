"""Event files: TOML files of `[[event]]` tables, each a chance, a condition, effects and a
headline, checked against `EFFECTS` and compiled when loaded."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.rules.fields import BOOL, NUMBER
from game.rules.lang import ANY, Compiled
from game.rules.reading import (
    CHANCE,
    COOLDOWN,
    FACTOR,
    MAX_COOLDOWN,
    MAX_FACTOR,
    RuleError,
    TomlParser,
    bounded,
    expression,
    key_line,
    parse_bytes,
    parse_tables,
    read_rule_file,
    unknown,
)

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# -- effects and scopes ----------------------------------------------------------------------

EFFECTS: dict[str, dict[str, str]] = {
    "lab": {
        "cash": "add $M to the lab's cash",
        "valuation_pct": "change the valuation by this many %",
        "reputation": "add to reputation (clamped 0..100)",
        "morale": "add to the morale of every researcher of the lab (clamped 0..1)",
        "loyalty": "add to the loyalty of every researcher of the lab (clamped 0..1)",
        "capability": "add capability points",
        "compute": "add owned compute units (negative: lose them)",
        "ecosystem_pct": "change the ecosystem by this many %",
        "revenue_pct": "one-off cash change of this many % of last quarter's revenue",
        "outside_funding_pct": "change the parent's subsidy by this many %",
    },
    "world": {
        "demand_pct": "change API demand by this many %",
        "gpu_price_pct": "change the GPU price by this many %",
        "rent_price_pct": "change the rent price by this many %",
        "open_frontier": "add points to the open frontier",
    },
}

EVENT_SCOPES: dict[str, frozenset[str]] = {
    "world": frozenset({"world"}),
    "lab": frozenset({"me", "world"}),
}
BUILTIN_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "world": frozenset({"quarter_label"}),
    "lab": frozenset({"quarter_label", "lab"}),
}


@dataclass(frozen=True)
class Event:
    id: str
    scope: str
    when: Compiled
    chance: float
    modifiers: tuple[tuple[Compiled, float], ...]
    cooldown: int
    once: bool
    effects: dict[str, Compiled] = field(compare=False)
    vars: dict[str, Compiled] = field(compare=False)
    headline: str
    file: str
    line: int


# -- events -------------------------------------------------------------------------------------

EVENT_FILE_KEYS = frozenset({"event"})
EVENT_KEYS = frozenset(
    {
        "id",
        "scope",
        "when",
        "chance",
        "cooldown",
        "once",
        "modifiers",
        "effects",
        "vars",
        "headline",
    }
)
MODIFIER_KEYS = frozenset({"when", "factor"})


def headline_placeholders(template: str) -> list[tuple[str, str, str | None]]:
    """(field name, format spec, conversion) of each placeholder; ValueError if malformed."""
    out = []
    for _literal, name, spec, conv in string.Formatter().parse(template):
        if name is not None:
            out.append((name, spec or "", conv))
    return out


def render_headline(template: str, values: dict[str, object]) -> str:
    """Fill `{name}` placeholders with `str(values[name])`; unknown ones are left as they are.

    `{{` and `}}` give literal braces. Pure: no attribute or index lookups, no format specs.
    """
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return template
    out: list[str] = []
    for literal, name, _spec, _conv in parts:
        out.append(literal)
        if name is not None:
            out.append(str(values[name]) if name in values else "{" + name + "}")
    return "".join(out)


def _parse_event(raw: Any, path: Path, line: int) -> Event:
    eid = raw.get("id") if isinstance(raw, dict) else None
    shown = eid if isinstance(eid, str) and eid else "-"

    def fail(msg: str) -> RuleError:
        return RuleError(path, line, shown, msg, "event")

    if not isinstance(raw, dict):
        raise fail("an event must be a table")
    for key in raw:
        if key not in EVENT_KEYS:
            raise fail(unknown(key, EVENT_KEYS, "event key"))
    if not isinstance(eid, str) or not eid.strip():
        raise fail("missing 'id' (a non-empty string)")
    scope = raw.get("scope")
    if scope not in EVENT_SCOPES:
        raise fail(f"scope must be 'world' or 'lab', got {scope!r}")
    scopes = EVENT_SCOPES[scope]
    chance = raw.get("chance")
    cooldown = raw.get("cooldown", 0)
    try:
        bounded(CHANCE, chance, "chance", "a number from 0 to 1")
        bounded(COOLDOWN, cooldown, "cooldown", f"a whole number of quarters, 0 to {MAX_COOLDOWN}")
    except ValueError as e:
        raise fail(str(e)) from None
    once = raw.get("once", False)
    if not isinstance(once, bool):
        raise fail(f"once must be true or false, got {once!r}")
    raw = dict(raw)
    for table in ("vars", "effects"):
        # TOML puts keys written after a [event.vars] header into that table; a headline
        # written last (a common layout) is taken from there.
        sub = raw.get(table)
        if "headline" not in raw and isinstance(sub, dict) and "headline" in sub:
            sub = dict(sub)
            raw["headline"] = sub.pop("headline")
            raw[table] = sub
    headline = raw.get("headline")
    if not isinstance(headline, str) or not headline.strip():
        raise fail("missing 'headline' (a string)")
    try:
        when = expression(raw.get("when", True), "when", scopes=scopes, expect=BOOL)
        modifiers: list[tuple[Compiled, float]] = []
        mods = raw.get("modifiers", [])
        if not isinstance(mods, list):
            raise ValueError("modifiers must be [[event.modifiers]] tables")
        for i, mod in enumerate(mods, 1):
            if not isinstance(mod, dict):
                raise ValueError(f"modifier {i} must be a table")
            for key in mod:
                if key not in MODIFIER_KEYS:
                    msg = f"modifier {i}: " + unknown(key, MODIFIER_KEYS, "key")
                    if key in EVENT_KEYS:
                        msg += "; keys after [[event.modifiers]] belong to it, put event keys first"
                    raise ValueError(msg)
            factor = bounded(
                FACTOR,
                mod.get("factor"),
                f"modifier {i}: factor",
                f"a number from 0 to {MAX_FACTOR:g}",
            )
            if "when" not in mod:
                raise ValueError(f"modifier {i}: missing 'when'")
            cond = expression(mod["when"], f"modifier {i} when", scopes=scopes, expect=BOOL)
            modifiers.append((cond, factor))
        effects_raw = raw.get("effects", {})
        if not isinstance(effects_raw, dict):
            raise ValueError("effects must be a table")
        effects: dict[str, Compiled] = {}
        for key, value in effects_raw.items():
            if key not in EFFECTS[scope]:
                raise ValueError(unknown(key, EFFECTS[scope], f"effect for scope '{scope}'"))
            effects[key] = expression(value, f"effects.{key}", scopes=scopes, expect=NUMBER)
        vars_raw = raw.get("vars", {})
        if not isinstance(vars_raw, dict):
            raise ValueError("vars must be a table")
        variables: dict[str, Compiled] = {}
        for key, value in vars_raw.items():
            if not _IDENT.match(key):
                raise ValueError(f"var name '{key}' must be a plain identifier")
            if key in BUILTIN_PLACEHOLDERS["lab"]:
                raise ValueError(f"var name '{key}' is reserved")
            variables[key] = expression(value, f"vars.{key}", scopes=scopes, expect=ANY)
        try:
            placeholders = headline_placeholders(headline)
        except ValueError as e:
            raise ValueError(f"headline: {e} (write {{{{ and }}}} for literal braces)") from None
        allowed = BUILTIN_PLACEHOLDERS[scope] | set(variables)
        for name, spec, conv in placeholders:
            if name not in allowed:
                if name == "lab":
                    raise ValueError("headline: {lab} is only available in lab-scope events")
                raise ValueError("headline: " + unknown(name, allowed, "placeholder"))
            if spec or conv:
                raise ValueError(f"headline: placeholder {{{name}}} takes no format spec")
    except ValueError as e:
        raise fail(str(e)) from None
    return Event(
        id=eid,
        scope=scope,
        when=when,
        chance=float(chance),
        modifiers=tuple(modifiers),
        cooldown=cooldown,
        once=once,
        effects=effects,
        vars=variables,
        headline=headline,
        file=str(path),
        line=line,
    )


def parse_events(
    path: Path, errors: list[RuleError], parse: TomlParser = parse_bytes
) -> list[Event] | None:
    try:
        text, data = read_rule_file(path, "event", parse)
    except RuleError as e:
        errors.append(e)
        return None
    before = len(errors)
    for key in data:
        if key not in EVENT_FILE_KEYS:
            errors.append(
                RuleError(
                    path,
                    key_line(text, key),
                    "-",
                    unknown(key, EVENT_FILE_KEYS, "key") + "; events go in [[event]] tables",
                    "event",
                )
            )
    events = parse_tables(path, text, data, "event", _parse_event, errors, "event")
    if len(errors) > before:
        return None
    return events


def load_events(path: str | Path) -> list[Event]:
    """Load one event file; raise the first RuleError found."""
    errors: list[RuleError] = []
    events = parse_events(Path(path), errors)
    if errors:
        raise errors[0]
    assert events is not None
    return events
