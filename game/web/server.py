"""textual-serve's server with the game's own page and a quieter console."""

from __future__ import annotations

import logging
from pathlib import Path

import textual_serve
from textual_serve.server import Server

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATICS = Path(textual_serve.__file__).resolve().parent / "static"
"""textual-serve's own script, styles and font."""
TITLE = "Talent War"


class GameServer(Server):
    """textual-serve's server with the game's page and a quieter console."""

    def __init__(self, command: str, host: str, port: int, url: str, saves: Path) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title=TITLE,
            public_url=url,
            statics_path=STATICS,
            templates_path=TEMPLATES,
        )
        self.saves = saves

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    async def on_startup(self, app: object) -> None:
        print(f"Talent War: open {self.public_url} in a browser", flush=True)
        print(f"Saves: {self.saves}. Each tab is its own game. Press ctrl+c to stop.", flush=True)
