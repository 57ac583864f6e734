"""The game's process runs pydantic without its plugin search (game.pydantic_plugins)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pydantic

from game import pydantic_plugins

# What the plugin search imports (importlib.metadata and what it pulls in).
SEARCH_MODULES = ("importlib.metadata", "email", "zipfile", "csv")


def _modules_after(code: str) -> dict[str, object]:
    probe = f"""
import json, sys
{code}
print(json.dumps({{
    "search": sorted(m for m in sys.modules if m.split(".")[0] in {SEARCH_MODULES!r}
                     or m.startswith("importlib.metadata")),
    "loader": getattr(sys.modules.get("pydantic.plugin._loader"), "__doc__", None),
}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.splitlines()[-1])
    return result


def test_the_game_builds_and_validates_its_models_without_the_plugin_search() -> None:
    found = _modules_after(
        "from game.pydantic_plugins import skip_plugin_search\n"
        "assert skip_plugin_search()\n"
        "from game.content import load_content\n"
        "from game.core.engine import new_game\n"
        "content = load_content()\n"
        "state = new_game(content, 'summer-2025', 1, 'normal')\n"
        "assert state.model_validate(state.model_dump()) == state\n"
    )
    assert found["search"] == []


def test_without_it_pydantic_imports_the_search() -> None:
    """The reference: the same load with pydantic's own loader imports importlib.metadata."""
    found = _modules_after("from game.content import load_content\nload_content()\n")
    assert "importlib.metadata" in found["search"]  # type: ignore[operator]


def test_the_talent_war_command_skips_the_search() -> None:
    found = _modules_after(
        "sys.argv = ['talent-war', 'scenarios']\n"
        "import game.__main__\n"
        "try:\n"
        "    game.__main__.main()\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
    )
    assert found["search"] == []
    assert "game.pydantic_plugins" in str(found["loader"])


def test_it_changes_nothing_once_pydantic_has_its_loader() -> None:
    import pydantic.plugin._loader as real

    assert pydantic_plugins.skip_plugin_search() is False
    assert sys.modules[pydantic_plugins.LOADER] is real


def _names_pydantic_takes_from_its_loader() -> set[str]:
    root = Path(pydantic.__file__).parent
    names: set[str] = set()
    for path in root.rglob("*.py"):
        package = ".".join(path.relative_to(root.parent).with_suffix("").parts[:-1])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name != pydantic_plugins.LOADER, (
                        f"{path} imports the loader as a module: check game.pydantic_plugins"
                    )
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")
                if node.level:
                    base = base[: len(base) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                if module == pydantic_plugins.LOADER:
                    names.update(alias.name for alias in node.names)
                elif module == "pydantic.plugin" and any(a.name == "_loader" for a in node.names):
                    raise AssertionError(f"{path} imports the loader as a module")
    return names


def test_it_provides_everything_pydantic_takes_from_its_plugin_loader() -> None:
    """Fails when a pydantic release changes how it uses its (private) loader."""
    names = _names_pydantic_takes_from_its_loader()
    assert names, "pydantic no longer imports its plugin loader: game.pydantic_plugins can go"
    import pydantic.plugin._loader as real

    for name in names:
        assert hasattr(pydantic_plugins, name), name
        assert callable(getattr(real, name)) == callable(getattr(pydantic_plugins, name)), name
    assert list(pydantic_plugins.get_plugins()) == []
