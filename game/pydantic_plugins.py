"""The game runs pydantic without its plugin search.

Before pydantic builds its first validator it looks for plugins: packages that register a
``pydantic`` entry point (an observability SDK, say) and hook into every validation. Its loader,
``pydantic.plugin._loader``, imports ``importlib.metadata`` to read the installed packages'
metadata, and with it ``email``, ``zipfile`` and ``csv``: 1.4 MB of the game's peak memory and
~10 ms of its start, even when ``PYDANTIC_DISABLE_PLUGINS`` turns the search off (the module is
imported either way). The game uses no plugin, and one installed in the same environment should
not slow it or hook into its rules, so the game's process (``game.__main__``) gives pydantic, before
its first model, a loader that finds none: the search with ``PYDANTIC_DISABLE_PLUGINS=__all__``,
without the imports.

The loader module is pydantic's own, private: ``tests/test_pydantic_plugins.py`` checks that this
one provides every name pydantic imports from it, so a pydantic release that changes it fails the
tests, not a player's game.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable
from typing import Any

LOADER = "pydantic.plugin._loader"


def get_plugins() -> Iterable[Any]:
    """No plugins (pydantic then builds plain validators)."""
    return ()


def skip_plugin_search() -> bool:
    """Make pydantic find no plugins without searching, in this process. Call it before the
    first pydantic model is built; False (nothing changed) once pydantic's loader is imported."""
    if LOADER in sys.modules:
        return False
    loader = types.ModuleType(
        LOADER, "pydantic's plugin loader, finding no plugins (game.pydantic_plugins)"
    )
    loader.get_plugins = get_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = loader
    return True
