"""What rule files and event files share: the error, the TOML reader that finds the line of a
mistake, the bounds on the numbers a file may give, the expression check, and the reading of a
file's `[[table]]` entries with their ids."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import Field, TypeAdapter, ValidationError

from game.datafiles import DataFileError, read_toml
from game.rules.fields import BOOL, NUMBER
from game.rules.lang import ANY, Compiled, compile_expr
from game.rules.syntax import ExprError, close_matches

# -- the error -------------------------------------------------------------------------------------


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


# -- helpers ------------------------------------------------------------------------------------

_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def headers(text: str, table: str) -> list[int]:
    """1-based line numbers of each `[[table]]` header, in order."""
    pat = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    return [i for i, line in enumerate(text.splitlines(), 1) if pat.match(line)]


def key_line(text: str, key: str) -> int:
    pat = re.compile(rf"^\s*{re.escape(key)}\s*[=.]")
    for i, line in enumerate(text.splitlines(), 1):
        if pat.match(line) or line.strip() == f"[{key}]":
            return i
    return 1


TomlParser = Callable[[Path, bytes], dict[str, Any]]
"""Parses a file's bytes (`read_toml` by default; `game.content` passes its cached parser)."""


def parse_bytes(path: Path, raw: bytes) -> dict[str, Any]:
    return read_toml(raw)


def read_rule_file(
    path: Path, kind: str, parse: TomlParser = parse_bytes
) -> tuple[str, dict[str, Any]]:
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


def unknown(key: str, known: Iterable[str], what: str) -> str:
    known = list(known)
    hint = close_matches(key, known, n=1)
    tail = f" (did you mean '{hint[0]}'?)" if hint else f" (known: {', '.join(sorted(known))})"
    return f"unknown {what} '{key}'{tail}"


def is_number(v: Any) -> bool:
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


def bounded(adapter: TypeAdapter[Any], value: Any, what: str, must: str) -> Any:
    """`value` checked by `adapter` (finite, in its limits); else ValueError: `what` must be
    `must`, with pydantic's reason."""
    try:
        return adapter.validate_python(value)
    except ValidationError as e:
        msg = e.errors()[0]["msg"]
        msg = msg[0].lower() + msg[1:] if msg else "out of range"
        raise ValueError(f"{what} must be {must}, got {value!r} ({msg})") from None


def expression(value: Any, what: str, *, scopes: frozenset[str], expect: str) -> Compiled:
    """Compile a TOML value: a string is an expression, a number or bool a constant."""
    if isinstance(value, str):
        try:
            return compile_expr(value, scopes=scopes, expect=expect)
        except ExprError as e:
            raise ValueError(f"{what}: {e}") from None
    if isinstance(value, bool):
        got = BOOL
    elif is_number(value):
        got = NUMBER
    else:
        raise ValueError(
            f"{what}: expected an expression string or a constant, got {type(value).__name__}"
        )
    if expect not in (ANY, got):
        raise ValueError(f"{what}: expected {expect}, got {got}")
    if got == NUMBER:
        bounded(
            CONSTANT, value, what, f"a finite number from {-MAX_CONSTANT:g} to {MAX_CONSTANT:g}"
        )
    return Compiled.of_constant(value)


class _WithId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_WithId)


def parse_tables(
    path: Path,
    text: str,
    data: dict[str, Any],
    table: str,
    parse_one: Callable[[Any, Path, int], T],
    errors: list[RuleError],
    kind: str = "rule",
) -> list[T]:
    """A file's `[[table]]` entries, each parsed by `parse_one(raw, path, line)` (line: that of
    its header). An entry that fails, or repeats an earlier entry's id, adds its error to
    `errors` and is left out."""
    raw_tables = data.get(table, [])
    if not isinstance(raw_tables, list):
        errors.append(RuleError(path, key_line(text, table), "-", f"use [[{table}]] tables", kind))
        raw_tables = []
    lines = headers(text, table)
    out: list[T] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_tables):
        line = lines[i] if i < len(lines) else 1
        try:
            item = parse_one(raw, path, line)
        except RuleError as e:
            errors.append(e)
            continue
        if item.id in seen:
            message = f"duplicate {kind} id (first at line {seen[item.id]})"
            errors.append(RuleError(path, line, item.id, message, kind))
            continue
        seen[item.id] = line
        out.append(item)
    return out
