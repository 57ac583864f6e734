"""The rule expression language: parsing, types, safety, agreement with a reference evaluator."""

from __future__ import annotations

import contextlib
import math
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.rules import FIELDS, Compiled, ExprError, compile_expr

ALL = frozenset({"me", "target", "world"})


def views() -> tuple[SimpleNamespace, SimpleNamespace, SimpleNamespace]:
    defaults = {"number": 1.0, "bool": False, "str": ""}
    out = []
    for scope in ("me", "target", "world"):
        out.append(SimpleNamespace(**{f: defaults[t] for f, (t, _doc) in FIELDS[scope].items()}))
    me, target, world = out
    me.cash, me.budget, me.moat, me.id, me.is_player = 6000.0, 2500.0, -2.0, "meridian", False
    target.skill, target.tier, target.tier_rank = 91.0, "superstar", 3
    world.gpu_price, world.quarter = 35.0, 5
    return me, target, world


def run(src: str, expect: str = "any") -> Any:
    c = compile_expr(src, scopes=ALL, expect=expect)
    return c(*views())


# -- values and precedence ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("src", "value"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),
        ("2 * 3 % 4", 2),
        ("-2 * 3", -6),
        ("- -2", 2),
        ("-2 % 3", 1),
        ("7 / 2", 3.5),
        ("1e3 + .5", 1000.5),
        ("1E-2", 0.01),
        ("2 < 3", True),
        ("2 >= 3", False),
        ("1 + 1 == 2", True),
        ("not true or true", True),
        ("true or false and false", True),
        ("not 1 > 2", True),
        ("not (1 < 2) and false", False),
        ("'a' == \"a\"", True),
        ("'a' != 'b'", True),
        ("min(3, 1, 2) + max(4, 5)", 6),
        ("abs(-4) + clamp(12, 0, 10)", 14),
        ("clamp(-1, 0, 10)", 0),
        ("floor(2.7) + ceil(2.1)", 5),
        ("round(2.5) + round(-2.5) + round(1.4)", 1),
        ("sqrt(16)", 4.0),
        ("log(1)", 0.0),
        ("if(1 < 2, 10, 20)", 10),
        ("if(false, 'a', 'b')", "b"),
        ("if(true, 1 < 2, false)", True),
    ],
)
def test_values(src: str, value: Any) -> None:
    got = run(src)
    assert got == value
    assert type(got) is type(value) or isinstance(value, float)


def test_fields_read_the_views() -> None:
    assert run("me.cash * 2") == 12000.0
    assert run("min(60, me.budget * 0.3 / world.gpu_price)") == pytest.approx(2500 * 0.3 / 35)
    assert run("target.tier == 'superstar' and target.tier_rank == 3") is True
    assert run("me.id") == "meridian"
    assert run("not me.is_player") is True


@pytest.mark.parametrize(
    ("src", "value"),
    [("1 / 0", 0.0), ("5 % 0", 0.0), ("log(0)", 0.0), ("log(-3)", 0.0), ("sqrt(-4)", 0.0)],
)
def test_arithmetic_never_raises(src: str, value: float) -> None:
    assert run(src) == value


def test_division_by_a_zero_field() -> None:
    c = compile_expr("me.cash / me.budget", expect="number")
    me = SimpleNamespace(cash=10.0, budget=0.0)
    assert c(me, None, None) == 0.0


def test_compiled_api() -> None:
    c = compile_expr("me.cash > 5", expect="bool")
    assert isinstance(c, Compiled)
    assert c.src == "me.cash > 5" and c.type == "bool" and not c.constant
    me = SimpleNamespace(cash=10)
    assert c(me, None, None) is True
    assert c.fn(me, None, None) is True


def test_constant_folding() -> None:
    c = compile_expr("2 * 3 + 1", expect="number")
    assert c.constant and c.value == 7
    assert c(None, None, None) == 7
    assert (
        compile_expr("if(1 < 2, me.cash, 0)", expect="number")(SimpleNamespace(cash=3), None, None)
        == 3
    )


def test_expect_any_and_str() -> None:
    assert compile_expr("'x'", expect="str").type == "str"
    assert compile_expr("1 + 1", expect="any").type == "number"


# -- errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("me.cash + 1", "expected bool, got number"),
        ("me.cahs > 1", "unknown field 'me.cahs' (did you mean 'cash'?)"),
        ("exec('x')", "unknown function 'exec'"),
        ("cash > 1", "unknown name 'cash' (did you mean 'me.cash'?)"),
        ("1 + true", "'+' needs a number, got a bool"),
        ("1 and true", "'and' needs a bool, got a number"),
        ("not 1", "'not' needs a bool, got a number"),
        ("'a' < 'b'", "'<' needs a number, got a string"),
        ("1 == 'a'", "'==' compares values of the same type"),
        ("if(1, true, false)", "if() condition needs a bool"),
        ("if(true, 1, 'a') == 1", "if() branches must have the same type"),
        ("abs(1, 2) > 0", "abs() takes 1 argument, got 2"),
        ("min(1) > 0", "min() takes at least 2 arguments"),
        ("1 < 2 < 3", "chained comparisons"),
        ("me.cash = 1", "use '=='"),
        ("me.cash > 1 && true", "write 'and'"),
        ("", "empty expression"),
        ("(1 < 2", "expected ')'"),
        ("1 < 2)", "unexpected ')'"),
        ("'abc", "unterminated string"),
        ("'a\\x41' == 'A'", "unknown escape"),
        ("1e999 > 1", "out of range"),
        ("12abc > 1", "malformed number"),
        ("me > 1", "'me' must be followed by '.field'"),
        ("me.cash.real > 1", "fields have no attributes"),
        ("me.cash() > 1", "is a field, not a function"),
    ],
)
def test_errors(src: str, message: str) -> None:
    with pytest.raises(ExprError) as info:
        compile_expr(src, scopes=ALL, expect="bool")
    assert message in info.value.message
    assert info.value.column >= 0


def test_error_columns_point_at_the_problem() -> None:
    with pytest.raises(ExprError) as info:
        compile_expr("me.cash > 1 and me.cahs > 2")
    assert info.value.column == len("me.cash > 1 and me.") + 1
    assert "column" in str(info.value)


def test_scopes_are_enforced() -> None:
    with pytest.raises(ExprError, match="'target' cannot be used here"):
        compile_expr("target.skill > 50", scopes=frozenset({"me", "world"}))
    with pytest.raises(ExprError, match="'me' cannot be used here"):
        compile_expr("me.cash > 50", scopes=frozenset({"world"}))
    assert compile_expr("target.skill > 50", scopes=ALL).type == "bool"


def test_fields_are_checked_per_scope() -> None:
    with pytest.raises(ExprError, match=r"unknown field 'world\.cash'"):
        compile_expr("world.cash > 1")
    with pytest.raises(ExprError, match=r"unknown field 'target\.cash'"):
        compile_expr("target.cash > 1", scopes=ALL)


# -- safety ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "src",
    [
        "__import__('os')",
        "__import__('os').system('true')",
        "me.__class__",
        "me.__class__.__bases__",
        "me.__dict__",
        "().__class__",
        "''.__class__.__mro__",
        "[].__class__",
        "lambda: 1",
        "open('/etc/passwd')",
        "eval('1')",
        "getattr(me, 'cash')",
        "me['cash']",
        "x if true else y",
        "1; import os",
        "'a' 'b'",
        "'\\' + __import__('os') + '",
        "me.cash if true else 0",
        "(me).cash",
        "{}",
        "print",
        "__builtins__",
        "1 ** 100000000",
        "f'{me}'",
    ],
)
def test_no_way_to_reach_python(src: str) -> None:
    with pytest.raises(ExprError):
        compile_expr(src, scopes=ALL, expect="any")


def test_strings_with_escapes_stay_strings() -> None:
    c = compile_expr(r"'it\'s \"ok\"\n' == " + '"it\'s \\"ok\\"\\n"', expect="bool")
    assert c(None, None, None) is True
    assert compile_expr(r"'a\\'", expect="str")(None, None, None) == "a\\"
    with pytest.raises(ExprError, match="unterminated"):
        compile_expr(r"'a\' == 1", expect="any")
    s = compile_expr("'__import__(\"os\")'", expect="str")
    assert s(None, None, None) == '__import__("os")'


def test_generated_code_has_no_builtins() -> None:
    c = compile_expr("me.cash / 2 > 1")
    assert c.fn.__globals__["__builtins__"] == {}
    names = set(c.fn.__globals__) - {"__builtins__"}
    assert all(n.startswith("_") for n in names)


@pytest.mark.parametrize(
    "src",
    [
        "(" * 1000 + "1" + ")" * 1000,
        "-" * 1500 + "1",
        "not " * 900 + "true",
        " + ".join(["1"] * 900),
        "min(" * 500 + "1" + ", 1)" * 500,
        "x" * 10000,
        "1" + " + 1" * 3000,
    ],
)
def test_deep_or_long_input_is_an_expr_error(src: str) -> None:
    with pytest.raises(ExprError):
        compile_expr(src, scopes=ALL, expect="any")


@given(st.text(max_size=80))
def test_random_text_is_compiled_or_refused_cleanly(src: str) -> None:
    with contextlib.suppress(ExprError):
        compile_expr(src, scopes=ALL, expect="any")


TOKENS = [
    "1",
    "2.5",
    "0",
    "'a'",
    "true",
    "false",
    "me.cash",
    "target.skill",
    "world.quarter",
    "+",
    "-",
    "*",
    "/",
    "%",
    "(",
    ")",
    ",",
    "<",
    "==",
    "and",
    "or",
    "not",
    "min",
    "if",
    "clamp",
    "log",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=25))
def test_token_soup_compiles_and_runs_or_is_refused(tokens: list[str]) -> None:
    try:
        c = compile_expr(" ".join(tokens), scopes=ALL, expect="any")
    except ExprError:
        return
    value = c(*views())
    assert isinstance(value, bool | int | float | str)


# -- agreement with a reference evaluator ----------------------------------------------------
FIELD_VALUES = {"cash": 6000.0, "budget": 2500.0, "moat": -2.0, "reputation": 55.0}
ME = SimpleNamespace(**FIELD_VALUES)
Tree = tuple[Any, ...]

PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "%": 2}


def ref_eval(t: Tree) -> Any:
    """A tiny tree-walking interpreter with the documented semantics."""
    kind = t[0]
    if kind == "num":
        return t[1]
    if kind == "field":
        return FIELD_VALUES[t[1]]
    if kind == "neg":
        return -ref_eval(t[1])
    if kind == "bin":
        op, a, b = t[1], ref_eval(t[2]), ref_eval(t[3])
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return 0.0 if b == 0 else a / b
        return 0.0 if b == 0 else a % b
    if kind == "call":
        name, args = t[1], [ref_eval(a) for a in t[2]]
        if name == "min":
            return min(args)
        if name == "max":
            return max(args)
        if name == "abs":
            return abs(args[0])
        if name == "clamp":
            return min(max(args[0], args[1]), args[2])
        if name == "log":
            return math.log(args[0]) if args[0] > 0 else 0.0
        if name == "sqrt":
            return math.sqrt(args[0]) if args[0] > 0 else 0.0
        if name == "floor":
            return math.floor(args[0])
        if name == "ceil":
            return math.ceil(args[0])
        if name == "round":
            x = args[0]
            return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)
    if kind == "cmp":
        op, a, b = t[1], ref_eval(t[2]), ref_eval(t[3])
        return {
            "<": a < b,
            "<=": a <= b,
            ">": a > b,
            ">=": a >= b,
            "==": a == b,
            "!=": a != b,
        }[op]
    if kind == "if":
        return ref_eval(t[2]) if ref_eval(t[1]) else ref_eval(t[3])
    if kind == "not":
        return not ref_eval(t[1])
    if kind == "logic":
        a = ref_eval(t[2])
        return (a and ref_eval(t[3])) if t[1] == "and" else (a or ref_eval(t[3]))
    raise AssertionError(kind)


def render(t: Tree) -> str:
    """Fully parenthesised source."""
    kind = t[0]
    if kind == "num":
        return repr(t[1])
    if kind == "field":
        return f"me.{t[1]}"
    if kind == "neg":
        return f"(-{render(t[1])})"
    if kind in ("bin", "cmp", "logic"):
        return f"({render(t[2])} {t[1]} {render(t[3])})"
    if kind == "not":
        return f"(not {render(t[1])})"
    if kind == "call":
        return f"{t[1]}({', '.join(render(a) for a in t[2])})"
    if kind == "if":
        return f"if({render(t[1])}, {render(t[2])}, {render(t[3])})"
    raise AssertionError(kind)


def render_min(t: Tree) -> str:
    """Source with only the parentheses precedence needs (arithmetic trees)."""
    kind = t[0]
    if kind == "neg":
        inner = render_min(t[1])
        return f"-({inner})" if t[1][0] == "bin" else f"-{inner}"
    if kind == "bin":
        p = PREC[t[1]]
        left, right = render_min(t[2]), render_min(t[3])
        if t[2][0] == "bin" and PREC[t[2][1]] < p:
            left = f"({left})"
        if t[3][0] == "bin" and PREC[t[3][1]] <= p:
            right = f"({right})"
        return f"{left} {t[1]} {right}"
    if kind == "call":
        return f"{t[1]}({', '.join(render_min(a) for a in t[2])})"
    if kind == "if":
        return f"if({render(t[1])}, {render_min(t[2])}, {render_min(t[3])})"
    return render(t)


numbers = st.one_of(
    st.integers(0, 1000),
    st.floats(0, 1000, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3)),
)
leaves = st.one_of(
    numbers.map(lambda v: ("num", v)),
    st.sampled_from(sorted(FIELD_VALUES)).map(lambda f: ("field", f)),
)
CMP = ["<", "<=", ">", ">=", "==", "!="]


def _extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        children.map(lambda a: ("neg", a)),
        st.tuples(st.just("bin"), st.sampled_from(sorted(PREC)), children, children),
        st.tuples(
            st.just("call"),
            st.sampled_from(["abs", "log", "sqrt", "floor", "ceil", "round"]),
            st.tuples(children),
        ),
        st.tuples(
            st.just("call"),
            st.sampled_from(["min", "max"]),
            st.lists(children, min_size=2, max_size=3).map(tuple),
        ),
        st.tuples(st.just("call"), st.just("clamp"), st.tuples(children, children, children)),
        st.tuples(
            st.just("if"),
            st.tuples(st.just("cmp"), st.sampled_from(CMP), children, children),
            children,
            children,
        ),
    )


number_trees = st.recursive(leaves, _extend, max_leaves=20)


def _bool_extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        children.map(lambda a: ("not", a)),
        st.tuples(st.just("logic"), st.sampled_from(["and", "or"]), children, children),
    )


bool_trees = st.recursive(
    st.tuples(st.just("cmp"), st.sampled_from(CMP), number_trees, number_trees),
    _bool_extend,
    max_leaves=6,
)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=300, deadline=None)
@given(number_trees)
def test_numbers_agree_with_the_reference(tree: Tree) -> None:
    want = ref_eval(tree)
    for src in (render(tree), render_min(tree)):
        c = compile_expr(src, expect="number")
        assert _same(c(ME, None, None), want), src


@settings(max_examples=150, deadline=None)
@given(bool_trees)
def test_conditions_agree_with_the_reference(tree: Tree) -> None:
    c = compile_expr(render(tree), expect="bool")
    assert c(ME, None, None) is ref_eval(tree)


# -- the fused filter agrees with the scalar condition -----------------------------------------
TARGET_NUMBERS = ("skill", "morale", "loyalty", "tier_rank", "salary", "concern", "unvested")
target_cmps = st.tuples(
    st.sampled_from(TARGET_NUMBERS), st.sampled_from(CMP), numbers.map(lambda v: v / 10)
).map(lambda t: f"target.{t[0]} {t[1]} {t[2]}")
target_views = st.lists(
    st.fixed_dictionaries(
        {
            **{f: st.floats(0, 100, allow_nan=False) for f in TARGET_NUMBERS},
            "tier_rank": st.integers(1, 3),
            "lab_playbook": st.sampled_from(["", "upstart", "open-giant"]),
            "free_agent": st.booleans(),
        }
    ).map(lambda d: SimpleNamespace(**d)),
    max_size=30,
)


def _mix(me_part: str, target_parts: list[str], joins: list[str]) -> str:
    src = f"({me_part})"
    for part, join in zip(target_parts, joins, strict=False):
        src = f"({src}) and not ({part})" if join == "not" else f"({src}) {join} {part}"
    return src


@settings(max_examples=150, deadline=None)
@given(
    bool_trees,
    st.lists(target_cmps, min_size=1, max_size=3),
    st.lists(st.sampled_from(["and", "or", "not"]), min_size=3, max_size=3),
    target_views,
    st.sampled_from(["", " and target.lab_playbook != 'upstart'", " or target.free_agent"]),
)
def test_filter_agrees_with_the_scalar_condition(
    tree: Tree, parts: list[str], joins: list[str], targets: list[SimpleNamespace], tail: str
) -> None:
    src = _mix(render(tree), parts, joins) + tail
    c = compile_expr(src, scopes=ALL, expect="bool")
    assert c.filter is not None
    pairs = [(i, t) for i, t in enumerate(targets)]
    want = [(i, t) for i, t in pairs if c.fn(ME, t, None)]
    got = c.filter(ME, pairs, None)
    assert got == want
    assert all(a is b for (_, a), (_, b) in zip(got, want, strict=True))
    assert c.filter(ME, iter(pairs), None) == want  # any iterable of pairs


def _filtered(c: Compiled, pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    assert c.filter is not None
    return c.filter(None, pairs, None)


def test_filter_of_constants_and_non_bools() -> None:
    pairs = [("a", 1), ("b", 2)]
    assert _filtered(compile_expr("true"), pairs) == pairs
    assert _filtered(compile_expr("1 > 2"), pairs) == []
    assert _filtered(Compiled.of_constant(True), pairs) == pairs
    assert _filtered(Compiled.of_constant(False), pairs) == []
    assert compile_expr("me.cash + 1", expect="number").filter is None
    assert Compiled.of_constant(3).filter is None


def test_compiling_again_gives_the_same_function_and_errors_every_time() -> None:
    src = "me.cash > 10 and world.quarter >= 2"
    first, again = compile_expr(src), compile_expr(src)
    assert again.fn.__code__.co_code == first.fn.__code__.co_code and again.type == first.type
    assert again.filter is not None and first.filter is not None
    me, world = SimpleNamespace(cash=20), SimpleNamespace(quarter=3)
    assert first(me, None, world) is again(me, None, world) is True
    # the same text for another type is checked on its own
    with pytest.raises(ExprError):
        compile_expr(src, expect="number")
    for _ in range(2):
        with pytest.raises(ExprError):
            compile_expr("me.cash >")
    constant = compile_expr("1 + 2", expect="number")
    assert constant.constant and constant.value == 3 == compile_expr("1 + 2", expect="number").value
