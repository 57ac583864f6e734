"""The rules language's syntax: a hand-written tokenizer and Pratt parser from source text to
the language's own AST (`Node`), with the errors they raise. Fields and function names are
checked here; types in `game.rules.lang`, which compiles the tree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from game.rules.fields import FIELDS, SCOPES
from game.rules.functions import FUNCTIONS, SPECIAL_FUNCTIONS


def close_matches(word: str, known: Iterable[str], n: int = 1) -> list[str]:
    """`difflib.get_close_matches`, imported only when an error needs a hint."""
    import difflib

    return difflib.get_close_matches(word, list(known), n=n)


MAX_DEPTH = 100  # nesting of the expression tree (also caps left-deep chains like 1+1+...)
MAX_LENGTH = 4000  # characters of source
MAX_LITERAL = 1e15  # largest number a rule may write


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
