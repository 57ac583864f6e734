"""A game's id: light (no pydantic, no saves package), so a new game can be given one before
the saves package is first imported."""

from __future__ import annotations

import secrets

GAME_ID = r"^[0-9a-z]{1,32}$"


def new_game_id() -> str:
    """A new game's id: 8 random hex digits (a fresh game of the same seed is another game)."""
    return secrets.token_hex(4)
