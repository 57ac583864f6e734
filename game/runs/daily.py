"""The daily challenge: the same scenario and seed for everyone on a UTC date.

From the date D (YYYY-MM-DD), with `h = SHA-256("talent-war-daily-D")`:
the seed is the first 8 bytes of h (big-endian) mod 10**9, and the scenario is the
`(next 8 bytes of h) mod n`-th of the game's n scenario ids in sorted order. Difficulty normal,
the scenario's own lab. The date is read once, by the command line or the New game screen (the
core never reads a clock); `TALENT_WAR_TODAY=YYYY-MM-DD` sets it, for tests.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from game.runs import RunError

if TYPE_CHECKING:
    from game.core.config import Content
    from game.core.models import GameState

TODAY_ENV = "TALENT_WAR_TODAY"
DIFFICULTY = "normal"
SEEDS = 10**9  # a daily seed is below this (it fits the New game seed field)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_date(text: str, where: str = "a daily date") -> str:
    """A date as YYYY-MM-DD, checked; raises RunError."""
    shown = repr(text) if len(text) <= 24 else f"a {len(text)}-character value"
    if not _DATE.match(text):
        raise RunError(f"{where}: expected a date as YYYY-MM-DD, got {shown}")
    try:
        date.fromisoformat(text)
    except ValueError:
        raise RunError(f"{where}: {shown} is not a date on the calendar") from None
    return text


def today() -> str:
    """Today's UTC date, YYYY-MM-DD (or $TALENT_WAR_TODAY's)."""
    forced = os.environ.get(TODAY_ENV)
    if forced:
        return parse_date(forced, TODAY_ENV)
    return datetime.now(UTC).date().isoformat()


def challenge(day: str, scenario_ids: Iterable[str]) -> tuple[str, int]:
    """The scenario and seed of `day`'s challenge among these scenarios."""
    ids = sorted(scenario_ids)
    if not ids:
        raise RunError("the game has no scenario for a daily challenge")
    h = hashlib.sha256(f"talent-war-daily-{parse_date(day)}".encode()).digest()
    seed = int.from_bytes(h[:8], "big") % SEEDS
    return ids[int.from_bytes(h[8:16], "big") % len(ids)], seed


def new_daily(content: Content, day: str) -> GameState:
    """The opening position of `day`'s challenge, marked as that day's daily run."""
    from game.core.engine import new_game

    scenario, seed = challenge(day, content.scenarios)
    state = new_game(content, scenario, seed, DIFFICULTY)
    state.daily = day
    return state


__all__ = ["DIFFICULTY", "TODAY_ENV", "challenge", "new_daily", "parse_date", "today"]
