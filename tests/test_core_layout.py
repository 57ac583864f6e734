"""The core's layout (ARCHITECTURE.md): no import cycles inside game/core, no phase importing
another phase, and no UI imports in game/core or game/rules."""

from __future__ import annotations

import ast
from pathlib import Path

import game

ROOT = Path(game.__file__).resolve().parent


def _module(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports at run time (imports under `if TYPE_CHECKING:` are left
    out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _graph(package: str) -> dict[str, set[str]]:
    files = sorted((ROOT / package.split(".", 1)[1].replace(".", "/")).rglob("*.py"))
    modules = {_module(p): p for p in files}
    return {name: {m for m in _imports(p) if m in modules} for name, p in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles_in_the_core() -> None:
    graph = _graph("game.core")
    assert "game.core.engine" in graph and "game.core.phases.talent" in graph
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_phase_imports_another_phase() -> None:
    graph = _graph("game.core")
    phases = {m for m in graph if m.startswith("game.core.phases.")}
    assert len(phases) >= 9
    for phase in sorted(phases):
        assert not graph[phase] & (phases | {"game.core.phases", "game.core.engine"}), phase


def test_core_and_rules_import_no_ui() -> None:
    for package in ("core", "rules"):
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = {
                m
                for m in _imports(path)
                if m.split(".")[0] in ("textual", "rich") or m.startswith("game.tui")
            }
            assert not bad, (path.name, bad)
