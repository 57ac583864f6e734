"""The terminal's formats: money and save times, one of each for the CLI and the TUI."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from game.text import money, saved_time


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (None, "—"),
        (0.0, "$0"),
        (0.25, "$0.25M"),
        (-3.5, "-$3.5M"),
        (850.0, "$850M"),
        (1234.0, "$1.2B"),
        (-40.0, "-$40M"),
    ],
)
def test_money_reads_as_the_game_shows_it(amount: float | None, shown: str) -> None:
    assert money(amount) == shown


@pytest.fixture
def in_new_york() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_a_save_time_is_local_on_screen_and_utc_on_the_command_line(in_new_york: None) -> None:
    stamp = "2025-11-29T12:30:00+00:00"
    assert saved_time(stamp) == "2025-11-29 07:30"
    assert saved_time(stamp, utc=True) == "2025-11-29 12:30 UTC"


@pytest.mark.parametrize("utc", [False, True])
def test_a_save_time_without_a_zone_or_not_a_time_is_shown_as_written(utc: bool) -> None:
    assert saved_time("2025-11-29T12:30:00", utc=utc) == "2025-11-29 12:30"
    assert saved_time("yesterday", utc=utc) == "yesterday"
    assert saved_time(None, utc=utc) == ""
    assert saved_time("", utc=utc) == ""
