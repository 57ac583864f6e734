"""`python -m game` and the `talent-war` console script."""

from __future__ import annotations

import sys


def main() -> None:
    from game.pydantic_plugins import skip_plugin_search

    skip_plugin_search()  # (the game's own process: see game.pydantic_plugins)
    from game.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
