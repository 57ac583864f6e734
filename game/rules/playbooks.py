"""Rival playbooks: TOML files of `[[rule]]` tables, each an action with its condition and
params, checked against `ACTIONS` and compiled when loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.rules.fields import BOOL, NUMBER
from game.rules.lang import Compiled
from game.rules.reading import (
    MAX_PRIORITY,
    PRIORITY,
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
_OFFER_PARAMS = {  # poach and hire
    "score": _SCORE,
    "max_targets": _MAX,
    "salary": _SALARY,
    "bonus": _BONUS,
    "equity": _EQUITY,
    "outreach": _OUTREACH,
}

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
        _OFFER_PARAMS,
        "make offers to researchers of other labs",
    ),
    "hire": ActionSpec(
        "free",
        _OFFER_PARAMS,
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


# -- loaded playbooks -----------------------------------------------------------------------------


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
            raise fail(unknown(key, RULE_KEYS, "rule key"))
    if not isinstance(rid, str) or not rid.strip():
        raise fail("missing 'id' (a non-empty string)")
    action = raw.get("action")
    if not isinstance(action, str):
        raise fail("missing 'action' (a string)")
    if action not in ACTIONS:
        raise fail(unknown(action, ACTIONS, "action"))
    spec = ACTIONS[action]
    priority = raw.get("priority", 0)
    try:
        bounded(
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
        when = expression(raw.get("when", True), "when", scopes=with_target, expect=BOOL)
        given = raw.get("params", {})
        if not isinstance(given, dict):
            raise ValueError("params must be a table")
        params: dict[str, Compiled] = {}
        for key in given:
            if key not in spec.params:
                if not spec.params:
                    raise ValueError(f"action '{action}' takes no params, got '{key}'")
                msg = unknown(key, spec.params, f"param for '{action}'")
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
            params[key] = expression(value, f"params.{key}", scopes=scopes, expect=ps.type)
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


def parse_playbook(
    path: Path, errors: list[RuleError], parse: TomlParser = parse_bytes
) -> Playbook | None:
    try:
        text, data = read_rule_file(path, "rule", parse)
    except RuleError as e:
        errors.append(e)
        return None
    before = len(errors)
    for key in data:
        if key not in PLAYBOOK_KEYS:
            errors.append(
                RuleError(path, key_line(text, key), "-", unknown(key, PLAYBOOK_KEYS, "key"))
            )
    pid = data.get("playbook")
    if not isinstance(pid, str) or not pid.strip():
        errors.append(RuleError(path, 1, "-", "missing 'playbook = \"id\"' (a non-empty string)"))
        pid = path.stem
    name = data.get("name", pid)
    description = data.get("description", "")
    for key, value in (("name", name), ("description", description)):
        if not isinstance(value, str):
            errors.append(RuleError(path, key_line(text, key), "-", f"'{key}' must be a string"))
    rules = parse_tables(path, text, data, "rule", _parse_rule, errors)
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
    book = parse_playbook(Path(path), errors)
    if errors:
        raise errors[0]
    assert book is not None
    return book
