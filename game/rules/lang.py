"""A small, safe expression language for rule conditions, parameters and event effects.

Source text goes through a hand-written tokenizer and Pratt parser into this module's own AST,
is type-checked (number, bool, str), and is then compiled by building a Python `ast` tree for
`lambda me, target, world: ...` from the validated AST. The user's text is never handed to
`eval`/`exec`: the only names the generated code can see are its three arguments and the helper
functions below, with `__builtins__` empty, and the only attributes it reads are the documented
fields of `game.rules.fields.FIELDS`.

Arithmetic never raises: `x / 0` and `x % 0` are 0, `log(x <= 0)` and `sqrt(x < 0)` are 0.
"""

from __future__ import annotations

import ast
import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import CodeType
from typing import Any

from game.rules.fields import BOOL, FIELDS, NUMBER, SCOPES, STR


def close_matches(word: str, known: Iterable[str], n: int = 1) -> list[str]:
    """`difflib.get_close_matches`, imported only when an error needs a hint."""
    import difflib

    return difflib.get_close_matches(word, list(known), n=n)


ANY = "any"
MAX_DEPTH = 100  # nesting of the expression tree (also caps left-deep chains like 1+1+...)
MAX_LENGTH = 4000  # characters of source
MAX_INT = 10**15  # larger integer results become floats
MAX_LITERAL = 1e15  # largest number a rule may write

ALL_SCOPES: frozenset[str] = frozenset(SCOPES)


class ExprError(ValueError):
    """An expression that cannot be compiled; `column` is 1-based (0 when not tied to a place)."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message, column)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        if self.column:
            return f"{self.message} (column {self.column})"
        return self.message


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


# -- tokens -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Token:
    kind: str  # "num", "str", "name", "op", "end"
    value: Any
    col: int  # 1-based


KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
TWO_CHAR_OPS = ("<=", ">=", "==", "!=")
ONE_CHAR_OPS = "+-*/%()<>,."
ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t"}


def tokenize(src: str) -> list[Token]:
    if len(src) > MAX_LENGTH:
        raise ExprError(f"expression is too long ({len(src)} characters, limit {MAX_LENGTH})", 1)
    tokens: list[Token] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        col = i + 1
        if c in " \t\r\n":
            i += 1
        elif c.isascii() and (c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit())):
            i, tok = _number(src, i)
            tokens.append(tok)
        elif c in "\"'":
            i, tok = _string(src, i)
            tokens.append(tok)
        elif c.isascii() and (c.isalpha() or c == "_"):
            j = i
            while j < n and src[j].isascii() and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append(Token("name", src[i:j], col))
            i = j
        elif src[i : i + 2] in TWO_CHAR_OPS:
            tokens.append(Token("op", src[i : i + 2], col))
            i += 2
        elif c in ONE_CHAR_OPS:
            tokens.append(Token("op", c, col))
            i += 1
        elif c == "=":
            raise ExprError("'=' is not an operator here; use '==' to compare", col)
        elif c == "&" or c == "|" or c == "!":
            word = {"&": "and", "|": "or", "!": "not"}[c]
            raise ExprError(f"unexpected '{c}'; write '{word}'", col)
        else:
            raise ExprError(f"unexpected character {c!r}", col)
    tokens.append(Token("end", None, n + 1))
    return tokens


def _number(src: str, i: int) -> tuple[int, Token]:
    n = len(src)
    j = i
    while j < n and src[j].isascii() and src[j].isdigit():
        j += 1
    is_float = False
    if j < n and src[j] == ".":
        is_float = True
        j += 1
        while j < n and src[j].isascii() and src[j].isdigit():
            j += 1
    if j < n and src[j] in "eE":
        k = j + 1
        if k < n and src[k] in "+-":
            k += 1
        if k < n and src[k].isascii() and src[k].isdigit():
            is_float = True
            j = k
            while j < n and src[j].isascii() and src[j].isdigit():
                j += 1
    if j < n and src[j].isascii() and (src[j].isalnum() or src[j] == "_"):
        raise ExprError(f"malformed number {src[i : j + 1]!r}", i + 1)
    text = src[i:j]
    value: float | int = float(text) if is_float or len(text) > 15 else int(text)
    if not abs(value) <= MAX_LITERAL:
        raise ExprError(f"number {text} is out of range (limit {MAX_LITERAL:g})", i + 1)
    return j, Token("num", value, i + 1)


def _string(src: str, i: int) -> tuple[int, Token]:
    quote = src[i]
    out: list[str] = []
    j = i + 1
    n = len(src)
    while j < n:
        c = src[j]
        if c == quote:
            return j + 1, Token("str", "".join(out), i + 1)
        if c == "\\":
            if j + 1 >= n:
                break
            esc = src[j + 1]
            if esc not in ESCAPES:
                raise ExprError(f"unknown escape '\\{esc}' in string", j + 1)
            out.append(ESCAPES[esc])
            j += 2
            continue
        out.append(c)
        j += 1
    raise ExprError("unterminated string", i + 1)


# -- AST ----------------------------------------------------------------------------------------
@dataclass(eq=False)
class Node:
    """kind: num, str, bool, field, neg, not, arith, cmp, logic, call, if."""

    kind: str
    col: int
    value: Any = None  # literal value, operator, (scope, field) or function name
    args: tuple[Node, ...] = ()
    type: str = ""
    depth: int = field(default=1)

    def __post_init__(self) -> None:
        if self.args:
            self.depth = 1 + max(a.depth for a in self.args)
            if self.depth > MAX_DEPTH:
                raise ExprError(f"expression is nested too deeply (limit {MAX_DEPTH})", self.col)


CMP_OPS = frozenset({"<", "<=", ">", ">=", "==", "!="})
INFIX_BP = {"or": 10, "and": 20, **dict.fromkeys(CMP_OPS, 30)}
INFIX_BP.update({"+": 40, "-": 40, "*": 50, "/": 50, "%": 50})
NOT_BP = 25
NEG_BP = 60


class Parser:
    def __init__(self, src: str, scopes: frozenset[str]) -> None:
        self.src = src
        self.tokens = tokenize(src)
        self.pos = 0
        self.scopes = scopes
        self.level = 0

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def next(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expect_op(self, op: str, what: str) -> Token:
        tok = self.next()
        if tok.kind != "op" or tok.value != op:
            raise ExprError(f"expected '{op}' {what}, found {_describe(tok)}", tok.col)
        return tok

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExprError("empty expression", 1)
        node = self.expr(0)
        tok = self.peek()
        if tok.kind != "end":
            raise ExprError(f"unexpected {_describe(tok)}", tok.col)
        return node

    def expr(self, rbp: int) -> Node:
        self.level += 1
        if self.level > MAX_DEPTH:
            raise ExprError(f"expression is nested too deeply (limit {MAX_DEPTH})", self.peek().col)
        left = self.prefix()
        while True:
            tok = self.peek()
            op = _infix_op(tok)
            if op is None or INFIX_BP[op] <= rbp:
                break
            self.next()
            bp = INFIX_BP[op]
            right = self.expr(bp)
            if op in CMP_OPS:
                left = Node("cmp", tok.col, op, (left, right))
                after = _infix_op(self.peek())
                if after in CMP_OPS:
                    raise ExprError(
                        "chained comparisons are not supported; join them with 'and'",
                        self.peek().col,
                    )
            elif op in ("and", "or"):
                left = Node("logic", tok.col, op, (left, right))
            else:
                left = Node("arith", tok.col, op, (left, right))
        self.level -= 1
        return left

    def prefix(self) -> Node:
        tok = self.next()
        if tok.kind == "num":
            return Node("num", tok.col, tok.value)
        if tok.kind == "str":
            return Node("str", tok.col, tok.value)
        if tok.kind == "op":
            if tok.value == "-":
                return Node("neg", tok.col, "-", (self.expr(NEG_BP),))
            if tok.value == "(":
                inner = self.expr(0)
                self.expect_op(")", "to close '('")
                return inner
            raise ExprError(f"unexpected {_describe(tok)}", tok.col)
        if tok.kind == "end":
            raise ExprError("unexpected end of expression", tok.col)
        name: str = tok.value
        if name == "true" or name == "false":
            return Node("bool", tok.col, name == "true")
        if name == "not":
            return Node("not", tok.col, "not", (self.expr(NOT_BP),))
        if name in ("and", "or"):
            raise ExprError(f"unexpected '{name}'", tok.col)
        if name in SCOPES:
            return self.field(tok)
        nxt = self.peek()
        if nxt.kind == "op" and nxt.value == "(":
            return self.call(tok)
        raise ExprError(_unknown_name(name), tok.col)

    def field(self, tok: Token) -> Node:
        scope: str = tok.value
        dot = self.peek()
        if dot.kind != "op" or dot.value != ".":
            raise ExprError(
                f"'{scope}' must be followed by '.field', e.g. {_example(scope)}", tok.col
            )
        self.next()
        ftok = self.next()
        if ftok.kind != "name":
            raise ExprError(f"expected a field name after '{scope}.'", ftok.col)
        fname: str = ftok.value
        fields = FIELDS[scope]
        if fname not in fields:
            hint = close_matches(fname, list(fields), n=1)
            tail = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise ExprError(f"unknown field '{scope}.{fname}'{tail}", ftok.col)
        if scope not in self.scopes:
            if scope == "target":
                why = "this action has no target"
            elif scope == "me":
                why = "world events have no lab"
            else:
                why = "not available in this context"
            raise ExprError(f"'{scope}' cannot be used here ({why})", tok.col)
        after = self.peek()
        if after.kind == "op" and after.value == ".":
            raise ExprError("fields have no attributes of their own", after.col)
        if after.kind == "op" and after.value == "(":
            raise ExprError(f"'{scope}.{fname}' is a field, not a function", after.col)
        node = Node("field", tok.col, (scope, fname))
        node.type = fields[fname][0]
        return node

    def call(self, tok: Token) -> Node:
        name: str = tok.value
        if name not in FUNCTIONS and name not in SPECIAL_FUNCTIONS:
            known = [*FUNCTIONS, *SPECIAL_FUNCTIONS]
            hint = close_matches(name, known, n=1)
            tail = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise ExprError(f"unknown function '{name}'{tail}", tok.col)
        self.next()  # (
        args: list[Node] = []
        if not (self.peek().kind == "op" and self.peek().value == ")"):
            while True:
                args.append(self.expr(0))
                sep = self.peek()
                if sep.kind == "op" and sep.value == ",":
                    self.next()
                    continue
                break
        self.expect_op(")", f"to close {name}(")
        kind = "if" if name == "if" else "call"
        return Node(kind, tok.col, name, tuple(args))


def _infix_op(tok: Token) -> str | None:
    if tok.kind == "op" and tok.value in INFIX_BP:
        return str(tok.value)
    if tok.kind == "name" and tok.value in ("and", "or"):
        return str(tok.value)
    return None


def _describe(tok: Token) -> str:
    if tok.kind == "end":
        return "end of expression"
    if tok.kind == "str":
        return "a string"
    if tok.kind == "num":
        return f"number {tok.value}"
    return f"'{tok.value}'"


def _example(scope: str) -> str:
    return {"me": "me.cash", "target": "target.skill", "world": "world.quarter"}[scope]


def _unknown_name(name: str) -> str:
    for scope in SCOPES:
        if name in FIELDS[scope]:
            return f"unknown name '{name}' (did you mean '{scope}.{name}'?)"
    words = [*SCOPES, "true", "false", "and", "or", "not"]
    hint = close_matches(name, words, n=1)
    tail = f" (did you mean '{hint[0]}'?)" if hint else ""
    return f"unknown name '{name}'{tail}; use me., target. or world. fields"


# -- type checking ------------------------------------------------------------------------------
def check(node: Node) -> str:
    """Set and return the type of every node; raise ExprError on a type error."""
    k = node.kind
    if k == "num":
        node.type = NUMBER
    elif k == "str":
        node.type = STR
    elif k == "bool":
        node.type = BOOL
    elif k == "field":
        pass  # typed by the parser
    elif k == "neg":
        _want(node.args[0], NUMBER, "'-'")
        node.type = NUMBER
    elif k == "not":
        _want(node.args[0], BOOL, "'not'")
        node.type = BOOL
    elif k == "arith":
        for a in node.args:
            _want(a, NUMBER, f"'{node.value}'")
        node.type = NUMBER
    elif k == "logic":
        for a in node.args:
            _want(a, BOOL, f"'{node.value}'")
        node.type = BOOL
    elif k == "cmp":
        a, b = (check(x) for x in node.args)
        if node.value in ("==", "!="):
            if a != b:
                raise ExprError(
                    f"'{node.value}' compares values of the same type, got {a} and {b}", node.col
                )
        else:
            for x in node.args:
                _want(x, NUMBER, f"'{node.value}'")
        node.type = BOOL
    elif k == "if":
        if len(node.args) != 3:
            raise ExprError(f"if() takes 3 arguments, got {len(node.args)}", node.col)
        cond, a, b = node.args
        _want(cond, BOOL, "if() condition")
        ta, tb = check(a), check(b)
        if ta != tb:
            raise ExprError(f"if() branches must have the same type, got {ta} and {tb}", node.col)
        node.type = ta
    elif k == "call":
        f = FUNCTIONS[node.value]
        n = len(node.args)
        if f.variadic:
            if n < 2:
                raise ExprError(f"{f.name}() takes at least 2 arguments, got {n}", node.col)
            types = f.params * n
        else:
            if n != len(f.params):
                plural = "argument" if len(f.params) == 1 else "arguments"
                raise ExprError(f"{f.name}() takes {len(f.params)} {plural}, got {n}", node.col)
            types = f.params
        for i, (a, t) in enumerate(zip(node.args, types, strict=False), 1):
            _want(a, t, f"{f.name}() argument {i}")
        node.type = f.result
    else:  # pragma: no cover - the parser makes no other kinds
        raise ExprError(f"internal error: unknown node {k}", node.col)
    return node.type


def _want(node: Node, want: str, what: str) -> None:
    got = check(node)
    if got != want:
        raise ExprError(f"{what} needs {_a(want)}, got {_a(got)}", node.col)


def _a(t: str) -> str:
    return {NUMBER: "a number", BOOL: "a bool", STR: "a string"}.get(t, t)


# -- compiling --------------------------------------------------------------------------------
_ARITH = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult}
_CMP = {"<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE, "==": ast.Eq, "!=": ast.NotEq}
_ARGS = ast.arguments(
    posonlyargs=[],
    args=[ast.arg(arg=s) for s in SCOPES],
    vararg=None,
    kwonlyargs=[],
    kw_defaults=[],
    kwarg=None,
    defaults=[],
)


def _globals() -> dict[str, Any]:
    return {"__builtins__": {}, **HELPERS}


def _code(body: ast.expr) -> CodeType:
    tree = ast.Expression(body=ast.Lambda(args=_ARGS, body=body))
    ast.fix_missing_locations(tree)
    # built from the validated AST above, never from the user's text
    return compile(tree, "<talent-war expression>", "eval")


def _fn(code: CodeType) -> Any:
    """The function a compiled lambda (`_code`, `_filter_code`) evaluates to."""
    return eval(code, _globals())


def _run(body: ast.expr) -> Callable[[Any, Any, Any], Any]:
    fn: Callable[[Any, Any, Any], Any] = _fn(_code(body))
    return fn


Pair = tuple[Any, Any]
Filter = Callable[[Any, Iterable[Pair], Any], list[Pair]]
_FILTER_ARGS = ast.arguments(
    posonlyargs=[],
    args=[ast.arg(arg=name) for name in ("me", "pairs", "world")],
    vararg=None,
    kwonlyargs=[],
    kw_defaults=[],
    kwarg=None,
    defaults=[],
)


def _filter_code(cond: ast.expr) -> CodeType:
    """`lambda me, pairs, world: [(key, target) for key, target in pairs if cond]`.

    One compiled comprehension over all the targets: the same generated condition as the
    scalar lambda, with `target` bound by the loop, and no call per target."""

    def name(id_: str, ctx: ast.expr_context) -> ast.Name:
        return ast.Name(id=id_, ctx=ctx)

    comp = ast.ListComp(
        elt=ast.Tuple(elts=[name("_key", ast.Load()), name("target", ast.Load())], ctx=ast.Load()),
        generators=[
            ast.comprehension(
                target=ast.Tuple(
                    elts=[name("_key", ast.Store()), name("target", ast.Store())], ctx=ast.Store()
                ),
                iter=name("pairs", ast.Load()),
                ifs=[cond],
                is_async=0,
            )
        ],
    )
    tree = ast.Expression(body=ast.Lambda(args=_FILTER_ARGS, body=comp))
    ast.fix_missing_locations(tree)
    # built from the validated AST, never from the user's text (as in `_code`)
    return compile(tree, "<talent-war filter>", "eval")


@functools.cache
def _constant_filter_code(value: bool) -> CodeType:
    return _filter_code(_const(value))


def _const(value: Any) -> ast.Constant:
    return ast.Constant(value=value)


def _to_py(node: Node) -> ast.expr:
    k = node.kind
    if k in ("num", "str", "bool"):
        return _const(node.value)
    if k == "field":
        scope, name = node.value
        return ast.Attribute(value=ast.Name(id=scope, ctx=ast.Load()), attr=name, ctx=ast.Load())
    args = [_to_py(a) for a in node.args]
    out: ast.expr
    if k == "neg":
        out = ast.UnaryOp(op=ast.USub(), operand=args[0])
    elif k == "not":
        out = ast.UnaryOp(op=ast.Not(), operand=args[0])
    elif k == "arith":
        if node.value in _ARITH:
            out = ast.BinOp(left=args[0], op=_ARITH[node.value](), right=args[1])
        else:
            helper = "_div" if node.value == "/" else "_mod"
            out = ast.Call(func=ast.Name(id=helper, ctx=ast.Load()), args=args, keywords=[])
    elif k == "cmp":
        out = ast.Compare(left=args[0], ops=[_CMP[node.value]()], comparators=[args[1]])
    elif k == "logic":
        op: ast.boolop = ast.And() if node.value == "and" else ast.Or()
        values: list[ast.expr] = []
        for a in args:  # flatten `a and b and c`
            if isinstance(a, ast.BoolOp) and type(a.op) is type(op):
                values.extend(a.values)
            else:
                values.append(a)
        out = ast.BoolOp(op=op, values=values)
    elif k == "if":
        test, body, orelse = args
        if isinstance(test, ast.Constant):
            return body if test.value else orelse
        out = ast.IfExp(test=test, body=body, orelse=orelse)
    elif k == "call":
        out = ast.Call(func=ast.Name(id=f"_f_{node.value}", ctx=ast.Load()), args=args, keywords=[])
    else:  # pragma: no cover
        raise ExprError(f"internal error: unknown node {k}", node.col)
    if all(isinstance(a, ast.Constant) for a in args):
        return _const(_fold(out))
    return out


def _fold(expr: ast.expr) -> Any:
    """Evaluate a subtree made only of constants (with the same helpers the runtime uses)."""
    value = _run(expr)(None, None, None)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= MAX_INT:
        value = float(value)
    return value


@dataclass(frozen=True)
class Compiled:
    """A compiled expression. Call as `c(me, target, world)` or `c.fn(me, target, world)`.

    A bool expression also has `c.filter(me, pairs, world)`: given `(key, target)` pairs, the
    list of those whose target satisfies it, in order. It is compiled from the same checked
    AST as `fn` into one comprehension, so `c.filter(me, pairs, world)` equals
    `[(k, t) for k, t in pairs if c.fn(me, t, world)]` without a call per target."""

    src: str
    type: str
    fn: Callable[[Any, Any, Any], Any] = field(repr=False, compare=False)
    constant: bool = False
    filter: Filter | None = field(default=None, repr=False, compare=False)

    # A property, so `c(me, target, world)` calls `fn` directly without an extra frame.
    @property
    def __call__(self) -> Callable[[Any, Any, Any], Any]:  # type: ignore[override]
        return self.fn

    @property
    def value(self) -> Any:
        """The value of a constant expression (None when it depends on fields)."""
        return self.fn(None, None, None) if self.constant else None

    @staticmethod
    def of_constant(value: bool | int | float | str, src: str | None = None) -> Compiled:
        """Wrap a TOML constant so it can be used like an expression."""
        if isinstance(value, bool):
            t = BOOL
        elif isinstance(value, int | float):
            t = NUMBER
        elif isinstance(value, str):
            t = STR
        else:
            raise TypeError(f"not a constant: {value!r}")
        return Compiled(
            src=src if src is not None else repr(value),
            type=t,
            fn=lambda me, target, world: value,
            constant=True,
            filter=_fn(_constant_filter_code(value)) if t == BOOL else None,
        )


EXPECT = frozenset({BOOL, NUMBER, STR, ANY})


def parse(src: str, scopes: frozenset[str] = ALL_SCOPES) -> Node:
    """Parse and type-check; returns the typed AST."""
    if not isinstance(src, str):
        raise ExprError(f"expected an expression string, got {type(src).__name__}")
    node = Parser(src, scopes).parse()
    check(node)
    return node


def compile_expr(
    src: str,
    *,
    scopes: frozenset[str] = frozenset({"me", "world"}),
    expect: str = BOOL,
) -> Compiled:
    """Compile `src` to a `Compiled` callable of (me, target, world).

    `scopes` lists which of me/target/world the expression may read; `expect` is the type the
    caller needs ("bool", "number", "str" or "any"). The code is built in memory from the
    checked AST each time; nothing is read from or written to disk.
    """
    if expect not in EXPECT:
        raise ValueError(f"expect must be one of {sorted(EXPECT)}, not {expect!r}")
    bad = set(scopes) - ALL_SCOPES
    if bad:
        raise ValueError(f"unknown scopes {sorted(bad)}")
    node = parse(src, frozenset(scopes))
    if expect != ANY and node.type != expect:
        raise ExprError(f"expected {expect}, got {node.type}", node.col)
    body = _to_py(node)
    if isinstance(body, ast.Constant):
        value = body.value
        return Compiled(
            src=src,
            type=node.type,
            fn=lambda me, target, world: value,
            constant=True,
            filter=_fn(_constant_filter_code(value)) if node.type == BOOL else None,
        )
    return Compiled(
        src=src,
        type=node.type,
        fn=_fn(_code(body)),
        filter=_fn(_filter_code(body)) if node.type == BOOL else None,
    )
