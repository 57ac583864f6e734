"""A small, safe expression language for rule conditions, parameters and event effects.

Source text goes through a hand-written tokenizer and Pratt parser (`game.rules.syntax`) into
the language's own AST, is type-checked here (number, bool, str), and is then compiled by
building a Python `ast` tree for `lambda me, target, world: ...` from the validated AST. The
user's text is never handed to `eval`/`exec`: the only names the generated code can see are its
three arguments and the helper functions of `game.rules.functions`, with `__builtins__` empty,
and the only attributes it reads are the documented fields of `game.rules.fields.FIELDS`.

Arithmetic never raises: `x / 0` and `x % 0` are 0, `log(x <= 0)` and `sqrt(x < 0)` are 0.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import CodeType
from typing import Any

from game.rules.fields import BOOL, NUMBER, SCOPES, STR
from game.rules.functions import FUNCTIONS, HELPERS, MAX_INT
from game.rules.syntax import ExprError, Node, Parser

ANY = "any"

ALL_SCOPES: frozenset[str] = frozenset(SCOPES)


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
