"""Rule files (rival playbooks) and event files: TOML, checked and compiled when loaded.

A bad file is refused with a one-line `RuleError`: `path:line: rule 'id': message`, where line is
the line of the offending `[[rule]]` / `[[event]]` header (or of a TOML syntax error).

One file on purpose: playbooks and events share the reader, the line finder, the bounds on
numbers and the expression check, and `ACTIONS` and `EFFECTS` sit next to the code that checks them.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from game.datafiles import DataFileError, read_toml
from game.rules.fields import BOOL, NUMBER
from game.rules.lang import ANY, Compiled, compile_expr
from game.rules.syntax import ExprError, close_matches

# -- errors -------------------------------------------------------------------------------------


class RuleError(ValueError):
    """A rule or event file that cannot be used. `str()` is one line."""

    def __init__(
        self, path: str | Path, line: int, rule_id: str, message: str, kind: str = "rule"
    ) -> None:
        self.path = str(path)
        self.line = line
        self.rule_id = rule_id
        self.message = message
        self.kind = kind
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind} '{self.rule_id}': {self.message}"


# -- actions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamSpec:
    type: str  # "number" or "bool"
    required: bool = False
    default: str | float | bool | None = None  # an expression (str) or a constant
    uses_target: bool = True  # may read `target` (for actions with a target)
    doc: str = ""


@dataclass(frozen=True)
class ActionSpec:
    target: str | None  # "other", "free", "own" or None
    params: dict[str, ParamSpec]
    doc: str = ""


def _p(
    t: str,
    doc: str,
    *,
    required: bool = False,
    default: str | float | bool | None = None,
    target: bool = True,
) -> ParamSpec:
    return ParamSpec(type=t, required=required, default=default, uses_target=target, doc=doc)


_SCORE = _p(NUMBER, "rank candidates by this, best first", default="target.skill")
_MAX = _p(NUMBER, "how many candidates at most (read without target)", default=1, target=False)
_SALARY = _p(NUMBER, "salary offered per quarter, $M", required=True)
_BONUS = _p(NUMBER, "signing bonus, $M", default=0)
_EQUITY = _p(NUMBER, "equity grant as a share of the lab (0.0005 = 0.05%)", default=0)
_OUTREACH = _p(BOOL, "spend the CEO's personal attention on it", default=False)

ACTIONS: dict[str, ActionSpec] = {
    "buy_gpus": ActionSpec(
        None,
        {"units": _p(NUMBER, "compute units to buy, delivered next quarter", required=True)},
        "buy compute (capped by budget and the yearly market)",
    ),
    "rent_gpus": ActionSpec(
        None,
        {"units": _p(NUMBER, "compute units to rent for this quarter", required=True)},
        "rent compute for this quarter",
    ),
    "ecosystem": ActionSpec(
        None,
        {"spend": _p(NUMBER, "$M on grants, tooling and devrel this quarter", required=True)},
        "fund the developer ecosystem",
    ),
    "release_current": ActionSpec(None, {}, "release the current model's weights"),
    "release_previous": ActionSpec(None, {}, "release the previous generation's weights"),
    "raise_all": ActionSpec(
        None,
        {"pct": _p(NUMBER, "raise every own researcher's salary by this many %", required=True)},
        "across-the-board raise",
    ),
    "poach": ActionSpec(
        "other",
        {
            "score": _SCORE,
            "max_targets": _MAX,
            "salary": _SALARY,
            "bonus": _BONUS,
            "equity": _EQUITY,
            "outreach": _OUTREACH,
        },
        "make offers to researchers of other labs",
    ),
    "hire": ActionSpec(
        "free",
        {
            "score": _SCORE,
            "max_targets": _MAX,
            "salary": _SALARY,
            "bonus": _BONUS,
            "equity": _EQUITY,
            "outreach": _OUTREACH,
        },
        "make offers to free agents",
    ),
    "counter": ActionSpec(
        "own",
        {
            "salary": _p(NUMBER, "new salary per quarter, $M", default="target.salary"),
            "bonus": _BONUS,
            "equity": _EQUITY,
            "outreach": _OUTREACH,
        },
        "counter a competing offer made to one of the lab's researchers",
    ),
    "retain": ActionSpec(
        "own",
        {
            "score": _SCORE,
            "max_targets": _MAX,
            "salary_raise": _p(NUMBER, "salary added per quarter, $M", default=0),
            "equity": _p(NUMBER, "equity refresh as a share of the lab", default=0),
        },
        "raises and equity refreshes for the lab's own researchers",
    ),
}

# -- events -----------------------------------------------------------------------------------

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

# -- loaded objects -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    priority: int
    action: str
    when: Compiled
    params: dict[str, Compiled] = field(compare=False)
    target: str | None
    file: str
    line: int


@dataclass(frozen=True)
class Playbook:
    id: str
    name: str
    description: str
    rules: tuple[Rule, ...]
    file: str


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


# -- helpers ------------------------------------------------------------------------------------

_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PLAYBOOK_KEY = re.compile(r"^\s*playbook\s*=", re.MULTILINE)
_EVENT_HEADER = re.compile(r"^\s*\[\[\s*event\s*\]\]", re.MULTILINE)


def _headers(text: str, table: str) -> list[int]:
    """1-based line numbers of each `[[table]]` header, in order."""
    pat = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    return [i for i, line in enumerate(text.splitlines(), 1) if pat.match(line)]


def _key_line(text: str, key: str) -> int:
    pat = re.compile(rf"^\s*{re.escape(key)}\s*[=.]")
    for i, line in enumerate(text.splitlines(), 1):
        if pat.match(line) or line.strip() == f"[{key}]":
            return i
    return 1


TomlParser = Callable[[Path, bytes], dict[str, Any]]
"""Parses a file's bytes (`read_toml` by default; `game.content` passes its cached parser)."""


def _parse_bytes(path: Path, raw: bytes) -> dict[str, Any]:
    return read_toml(raw)


def _read(path: Path, kind: str, parse: TomlParser = _parse_bytes) -> tuple[str, dict[str, Any]]:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(path, 1, "-", f"cannot read: {e}", kind) from None
    try:
        data = parse(path, raw)
    except DataFileError as e:
        raise RuleError(path, 1, "-", str(e), kind) from None
    except ValueError as e:  # tomllib.TOMLDecodeError; the text is already known to be UTF-8
        msg = str(e)
        m = _TOML_AT.search(msg)
        line = 1
        if m:
            line = int(m.group(1))
            msg = msg[: m.start()]
        else:
            m2 = _TOML_END.search(msg)
            if m2:
                line = max(1, len(text.splitlines()))
                msg = msg[: m2.start()] + " at end of file"
        raise RuleError(path, line, "-", f"TOML syntax error: {msg}", kind) from None
    return text, data


def _unknown(key: str, known: Iterable[str], what: str) -> str:
    known = list(known)
    hint = close_matches(key, known, n=1)
    tail = f" (did you mean '{hint[0]}'?)" if hint else f" (known: {', '.join(sorted(known))})"
    return f"unknown {what} '{key}'{tail}"


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


# -- the numbers a file may give ----------------------------------------------------------------
MAX_CONSTANT = 1e12  # largest constant (in params, effects, vars or when)
MAX_FACTOR = 1000.0  # largest modifier factor of an event's chance
MAX_PRIORITY = 10**6
MAX_COOLDOWN = 1000  # quarters


def _limits(kind: type, **bounds: Any) -> TypeAdapter[Any]:
    return TypeAdapter(Annotated[kind, Field(strict=True, allow_inf_nan=False, **bounds)])


CONSTANT = _limits(float, ge=-MAX_CONSTANT, le=MAX_CONSTANT)
FACTOR = _limits(float, ge=0, le=MAX_FACTOR)
CHANCE = _limits(float, ge=0, le=1)
PRIORITY = TypeAdapter(Annotated[int, Field(strict=True, ge=-MAX_PRIORITY, le=MAX_PRIORITY)])
COOLDOWN = TypeAdapter(Annotated[int, Field(strict=True, ge=0, le=MAX_COOLDOWN)])


def _bounded(adapter: TypeAdapter[Any], value: Any, what: str, must: str) -> Any:
    """`value` checked by `adapter` (finite, in its limits); else ValueError: `what` must be
    `must`, with pydantic's reason."""
    try:
        return adapter.validate_python(value)
    except ValidationError as e:
        msg = e.errors()[0]["msg"]
        msg = msg[0].lower() + msg[1:] if msg else "out of range"
        raise ValueError(f"{what} must be {must}, got {value!r} ({msg})") from None


def _expr(value: Any, what: str, *, scopes: frozenset[str], expect: str) -> Compiled:
    """Compile a TOML value: a string is an expression, a number or bool a constant."""
    if isinstance(value, str):
        try:
            return compile_expr(value, scopes=scopes, expect=expect)
        except ExprError as e:
            raise ValueError(f"{what}: {e}") from None
    if isinstance(value, bool):
        got = BOOL
    elif _is_number(value):
        got = NUMBER
    else:
        raise ValueError(
            f"{what}: expected an expression string or a constant, got {type(value).__name__}"
        )
    if expect not in (ANY, got):
        raise ValueError(f"{what}: expected {expect}, got {got}")
    if got == NUMBER:
        _bounded(
            CONSTANT, value, what, f"a finite number from {-MAX_CONSTANT:g} to {MAX_CONSTANT:g}"
        )
    return Compiled.of_constant(value)


# -- playbooks ----------------------------------------------------------------------------------

PLAYBOOK_KEYS = frozenset({"playbook", "name", "description", "rule"})
RULE_KEYS = frozenset({"id", "priority", "when", "action", "params"})


def _parse_rule(raw: Any, path: Path, line: int) -> Rule:
    rid = raw.get("id") if isinstance(raw, dict) else None
    shown = rid if isinstance(rid, str) and rid else "-"

    def fail(msg: str) -> RuleError:
        return RuleError(path, line, shown, msg)

    if not isinstance(raw, dict):
        raise fail("a rule must be a table")
    for key in raw:
        if key not in RULE_KEYS:
            raise fail(_unknown(key, RULE_KEYS, "rule key"))
    if not isinstance(rid, str) or not rid.strip():
        raise fail("missing 'id' (a non-empty string)")
    action = raw.get("action")
    if not isinstance(action, str):
        raise fail("missing 'action' (a string)")
    if action not in ACTIONS:
        raise fail(_unknown(action, ACTIONS, "action"))
    spec = ACTIONS[action]
    priority = raw.get("priority", 0)
    try:
        _bounded(
            PRIORITY,
            priority,
            "priority",
            f"a whole number from {-MAX_PRIORITY:,} to {MAX_PRIORITY:,}",
        )
    except ValueError as e:
        raise fail(str(e)) from None
    with_target = (
        frozenset({"me", "target", "world"}) if spec.target else frozenset({"me", "world"})
    )
    without_target = frozenset({"me", "world"})
    try:
        when = _expr(raw.get("when", True), "when", scopes=with_target, expect=BOOL)
        given = raw.get("params", {})
        if not isinstance(given, dict):
            raise ValueError("params must be a table")
        params: dict[str, Compiled] = {}
        for key in given:
            if key not in spec.params:
                if not spec.params:
                    raise ValueError(f"action '{action}' takes no params, got '{key}'")
                msg = _unknown(key, spec.params, f"param for '{action}'")
                if key in RULE_KEYS:
                    msg += "; keys written after [rule.params] belong to it, put rule keys first"
                raise ValueError(msg)
        for key, ps in spec.params.items():
            if key in given:
                value = given[key]
            elif ps.required:
                raise ValueError(f"action '{action}' needs param '{key}' ({ps.doc})")
            else:
                value = ps.default
            scopes = with_target if ps.uses_target else without_target
            params[key] = _expr(value, f"params.{key}", scopes=scopes, expect=ps.type)
    except ValueError as e:
        raise fail(str(e)) from None
    return Rule(
        id=rid,
        priority=priority,
        action=action,
        when=when,
        params=params,
        target=spec.target,
        file=str(path),
        line=line,
    )


def _parse_playbook(
    path: Path, errors: list[RuleError], parse: TomlParser = _parse_bytes
) -> Playbook | None:
    try:
        text, data = _read(path, "rule", parse)
    except RuleError as e:
        errors.append(e)
        return None
    before = len(errors)
    for key in data:
        if key not in PLAYBOOK_KEYS:
            errors.append(
                RuleError(path, _key_line(text, key), "-", _unknown(key, PLAYBOOK_KEYS, "key"))
            )
    pid = data.get("playbook")
    if not isinstance(pid, str) or not pid.strip():
        errors.append(RuleError(path, 1, "-", "missing 'playbook = \"id\"' (a non-empty string)"))
        pid = path.stem
    name = data.get("name", pid)
    description = data.get("description", "")
    for key, value in (("name", name), ("description", description)):
        if not isinstance(value, str):
            errors.append(RuleError(path, _key_line(text, key), "-", f"'{key}' must be a string"))
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        errors.append(RuleError(path, _key_line(text, "rule"), "-", "use [[rule]] tables"))
        raw_rules = []
    lines = _headers(text, "rule")
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_rules):
        line = lines[i] if i < len(lines) else 1
        try:
            rule = _parse_rule(raw, path, line)
        except RuleError as e:
            errors.append(e)
            continue
        if rule.id in seen:
            errors.append(
                RuleError(path, line, rule.id, f"duplicate rule id (first at line {seen[rule.id]})")
            )
            continue
        seen[rule.id] = line
        rules.append(rule)
    if len(errors) > before:
        return None
    order = {r.id: i for i, r in enumerate(rules)}
    rules.sort(key=lambda r: (-r.priority, order[r.id]))
    return Playbook(
        id=pid, name=str(name), description=str(description), rules=tuple(rules), file=str(path)
    )


def load_playbook(path: str | Path) -> Playbook:
    """Load one playbook file; raise the first RuleError found."""
    errors: list[RuleError] = []
    book = _parse_playbook(Path(path), errors)
    if errors:
        raise errors[0]
    assert book is not None
    return book


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
            raise fail(_unknown(key, EVENT_KEYS, "event key"))
    if not isinstance(eid, str) or not eid.strip():
        raise fail("missing 'id' (a non-empty string)")
    scope = raw.get("scope")
    if scope not in EVENT_SCOPES:
        raise fail(f"scope must be 'world' or 'lab', got {scope!r}")
    scopes = EVENT_SCOPES[scope]
    chance = raw.get("chance")
    cooldown = raw.get("cooldown", 0)
    try:
        _bounded(CHANCE, chance, "chance", "a number from 0 to 1")
        _bounded(COOLDOWN, cooldown, "cooldown", f"a whole number of quarters, 0 to {MAX_COOLDOWN}")
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
        when = _expr(raw.get("when", True), "when", scopes=scopes, expect=BOOL)
        modifiers: list[tuple[Compiled, float]] = []
        mods = raw.get("modifiers", [])
        if not isinstance(mods, list):
            raise ValueError("modifiers must be [[event.modifiers]] tables")
        for i, mod in enumerate(mods, 1):
            if not isinstance(mod, dict):
                raise ValueError(f"modifier {i} must be a table")
            for key in mod:
                if key not in MODIFIER_KEYS:
                    msg = f"modifier {i}: " + _unknown(key, MODIFIER_KEYS, "key")
                    if key in EVENT_KEYS:
                        msg += "; keys after [[event.modifiers]] belong to it, put event keys first"
                    raise ValueError(msg)
            factor = _bounded(
                FACTOR,
                mod.get("factor"),
                f"modifier {i}: factor",
                f"a number from 0 to {MAX_FACTOR:g}",
            )
            if "when" not in mod:
                raise ValueError(f"modifier {i}: missing 'when'")
            cond = _expr(mod["when"], f"modifier {i} when", scopes=scopes, expect=BOOL)
            modifiers.append((cond, factor))
        effects_raw = raw.get("effects", {})
        if not isinstance(effects_raw, dict):
            raise ValueError("effects must be a table")
        effects: dict[str, Compiled] = {}
        for key, value in effects_raw.items():
            if key not in EFFECTS[scope]:
                raise ValueError(_unknown(key, EFFECTS[scope], f"effect for scope '{scope}'"))
            effects[key] = _expr(value, f"effects.{key}", scopes=scopes, expect=NUMBER)
        vars_raw = raw.get("vars", {})
        if not isinstance(vars_raw, dict):
            raise ValueError("vars must be a table")
        variables: dict[str, Compiled] = {}
        for key, value in vars_raw.items():
            if not _IDENT.match(key):
                raise ValueError(f"var name '{key}' must be a plain identifier")
            if key in BUILTIN_PLACEHOLDERS["lab"]:
                raise ValueError(f"var name '{key}' is reserved")
            variables[key] = _expr(value, f"vars.{key}", scopes=scopes, expect=ANY)
        try:
            placeholders = headline_placeholders(headline)
        except ValueError as e:
            raise ValueError(f"headline: {e} (write {{{{ and }}}} for literal braces)") from None
        allowed = BUILTIN_PLACEHOLDERS[scope] | set(variables)
        for name, spec, conv in placeholders:
            if name not in allowed:
                if name == "lab":
                    raise ValueError("headline: {lab} is only available in lab-scope events")
                raise ValueError("headline: " + _unknown(name, allowed, "placeholder"))
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


def _parse_events(
    path: Path, errors: list[RuleError], parse: TomlParser = _parse_bytes
) -> list[Event] | None:
    try:
        text, data = _read(path, "event", parse)
    except RuleError as e:
        errors.append(e)
        return None
    before = len(errors)
    for key in data:
        if key not in EVENT_FILE_KEYS:
            errors.append(
                RuleError(
                    path,
                    _key_line(text, key),
                    "-",
                    _unknown(key, EVENT_FILE_KEYS, "key") + "; events go in [[event]] tables",
                    "event",
                )
            )
    raw_events = data.get("event", [])
    if not isinstance(raw_events, list):
        errors.append(RuleError(path, 1, "-", "use [[event]] tables", "event"))
        raw_events = []
    lines = _headers(text, "event")
    events: list[Event] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_events):
        line = lines[i] if i < len(lines) else 1
        try:
            ev = _parse_event(raw, path, line)
        except RuleError as e:
            errors.append(e)
            continue
        if ev.id in seen:
            errors.append(
                RuleError(
                    path, line, ev.id, f"duplicate event id (first at line {seen[ev.id]})", "event"
                )
            )
            continue
        seen[ev.id] = line
        events.append(ev)
    if len(errors) > before:
        return None
    return events


def load_events(path: str | Path) -> list[Event]:
    """Load one event file; raise the first RuleError found."""
    errors: list[RuleError] = []
    events = _parse_events(Path(path), errors)
    if errors:
        raise errors[0]
    assert events is not None
    return events


# -- folders ------------------------------------------------------------------------------------


def _files(paths: Iterable[Path], errors: list[RuleError] | None) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(p.glob("*.toml")))
        elif p.is_file():
            out.append(p)
        elif errors is not None:
            errors.append(RuleError(p, 1, "-", "no such file or folder"))
    return out


def file_kind(path: Path) -> str | None:
    """'playbook', 'events' or None, judged from the raw text (works on broken TOML too)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if _PLAYBOOK_KEY.search(text):
        return "playbook"
    if _EVENT_HEADER.search(text):
        return "events"
    return None


def _load_all(
    files: list[Path], errors: list[RuleError], parse: TomlParser = _parse_bytes
) -> tuple[dict[str, Playbook], dict[str, Event]]:
    playbooks: dict[str, Playbook] = {}
    events: dict[str, Event] = {}
    for f in files:
        kind = file_kind(f)
        if kind == "playbook":
            book = _parse_playbook(f, errors, parse)
            if book is not None:
                playbooks[book.id] = book
        elif kind == "events":
            evs = _parse_events(f, errors, parse)
            for ev in evs or ():
                events[ev.id] = ev
        else:
            errors.append(
                RuleError(
                    f,
                    1,
                    "-",
                    "neither a playbook (no 'playbook = ...') nor an event file (no [[event]])",
                )
            )
    return playbooks, events


def load_rule_dir(
    paths: list[Path], parse: TomlParser = _parse_bytes
) -> tuple[dict[str, Playbook], dict[str, Event]]:
    """Load playbooks and events from files and folders (a folder: its *.toml files).

    Later paths replace earlier ones with the same id: that is how mods work. Missing paths are
    skipped. Raises the first RuleError.
    """
    errors: list[RuleError] = []
    result = _load_all(_files(paths, None), errors, parse)
    if errors:
        raise errors[0]
    return result


def check_paths(paths: list[Path]) -> list[RuleError]:
    """Every error in the given files and folders (empty when all is well)."""
    errors: list[RuleError] = []
    files = _files(paths, errors)
    _load_all(files, errors)
    return errors
