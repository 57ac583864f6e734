"""Recorded games replay to the same state hashes: a restructuring changes no game."""

from __future__ import annotations

import json

import pytest

from tests.golden import FIXTURE, play

RECORDS = json.loads(FIXTURE.read_text())


@pytest.mark.parametrize(
    "record",
    RECORDS,
    ids=[f"{r['scenario']}-{r['difficulty']}-{r['policy']}-{r['seed']}" for r in RECORDS],
)
def test_recorded_game_is_unchanged(record: dict) -> None:
    game = {k: record[k] for k in ("scenario", "policy", "difficulty", "seed")}
    assert play(game) == record


def test_enough_games_are_recorded() -> None:
    assert len(RECORDS) >= 50
    assert {r["scenario"] for r in RECORDS} == {"summer-2025", "garage-2025"}
    assert {r["difficulty"] for r in RECORDS} == {"easy", "normal", "hard"}
