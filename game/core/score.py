"""The score and the graded verdict of a finished game, from its final state alone.

The numbers and the verdicts' words are data (`assets/verdicts.toml`, read by `game.runs`);
the same state and table always give the same score, and a higher score never a lower grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from pydantic import Field, model_validator

from game.core.config import Content, DataModel, NonNegative, Number, Positive
from game.core.models import DIFFICULTIES, GameState
from game.core.numbers import add_up, count

MAX_TEXT = 400  # characters of a verdict's text


class ScoreNumbers(DataModel):
    capability: NonNegative
    ecosystem: NonNegative
    market: NonNegative
    per_researcher: NonNegative
    researchers_max: NonNegative
    won: NonNegative
    quarter_early: NonNegative
    cause: dict[str, Number] = Field(default_factory=dict)
    difficulty: dict[str, Positive]

    @model_validator(mode="after")
    def _every_difficulty(self) -> ScoreNumbers:
        missing = [d for d in DIFFICULTIES if d not in self.difficulty]
        if missing:
            raise ValueError(f"difficulty: no multiplier for {missing[0]!r}")
        return self


class Verdict(DataModel):
    grade: str = Field(pattern=r"^[a-z][a-z0-9-]{0,31}$")
    title: str = Field(min_length=1, max_length=40)
    min: int = Field(ge=0, le=10**9)
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class ScoreTable(DataModel):
    """`assets/verdicts.toml`: the score's numbers and the verdicts, lowest first."""

    score: ScoreNumbers
    verdict: list[Verdict] = Field(min_length=2, max_length=20)

    @model_validator(mode="after")
    def _ordered(self) -> ScoreTable:
        mins = [v.min for v in self.verdict]
        if mins[0] != 0:
            raise ValueError("verdict: the first verdict must start at min = 0")
        if any(b <= a for a, b in pairwise(mins)):
            raise ValueError("verdict: each min must be higher than the one before")
        grades = [v.grade for v in self.verdict]
        if len(set(grades)) != len(grades):
            raise ValueError("verdict: two verdicts share a grade")
        return self


@dataclass(frozen=True)
class Score:
    """A game's score: its points, the verdict they earn, and where the points came from."""

    points: int
    verdict: Verdict
    rank: int  # the verdict's place, 0 = the lowest
    parts: tuple[tuple[str, float], ...]
    lab: str = ""  # the seat the game was played in: its id...
    lab_name: str = ""  # ...and its name
    seat_factor: float = 1.0  # the seat's multiplier (`[labs.seat] score`), in the points


def seat_factor(state: GameState, content: Content) -> float:
    """The score's multiplier for the seat the game is played in (`[labs.seat] score` in the
    scenario; 1 when the content has no such scenario or lab)."""
    if state.scenario not in content.scenarios:
        return 1.0
    sc = content.scenarios[state.scenario]
    return next((lab.seat.score for lab in sc.labs if lab.id == state.player), 1.0)


def verdict_for(points: int, table: ScoreTable) -> tuple[int, Verdict]:
    """The verdict a score earns (the last one whose min it reaches) and its rank."""
    rank = 0
    for i, v in enumerate(table.verdict):
        if points >= v.min:
            rank = i
    return rank, table.verdict[rank]


def _progress(state: GameState, threshold: float) -> float:
    """How far the player's lab went from its start toward the superintelligence threshold,
    0 to 1 (its first line of history is where it started)."""
    lab = state.player_lab
    history = state.history.get(state.player) or []
    start = min(history[0].capability, lab.capability) if history else 0.0
    if threshold <= start:
        return 1.0
    return max(0.0, min(1.0, (lab.capability - start) / (threshold - start)))


def score(state: GameState, content: Content, table: ScoreTable | None = None) -> Score:
    """The score of `state` (meant for a finished game; an unfinished one scores as it stands)
    with `table`, else the content's verdicts: the seat's own lab's position, times the
    difficulty's and the seat's multipliers."""
    table = table or content.verdicts
    if table is None:
        raise ValueError("the content has no verdicts table (assets/verdicts.toml)")
    n = table.score
    lab = state.player_lab
    live = [x for x in state.labs.values() if not x.bankrupt]
    eco_total = add_up(x.ecosystem for x in live)
    rev_total = add_up(x.revenue for x in live)
    threshold = content.balance.victory.superintelligence
    named = count(1 for r in state.researchers.values() if r.lab == state.player)
    o = state.outcome
    parts: list[tuple[str, float]] = [
        ("capability", n.capability * _progress(state, threshold)),
        ("ecosystem", n.ecosystem * (lab.ecosystem / eco_total if eco_total > 0 else 0.0)),
        ("market", n.market * (lab.revenue / rev_total if rev_total > 0 else 0.0)),
        ("researchers", min(n.researchers_max, n.per_researcher * named)),
    ]
    if o is not None and o.result == "won":
        parts.append(("victory", n.won))
        parts.append(("time left", n.quarter_early * max(0, state.last_quarter - o.quarter)))
    elif o is not None and o.cause is not None:
        parts.append(("defeat", n.cause.get(o.cause, 0.0)))
    factor = seat_factor(state, content)
    multiplier = n.difficulty[state.difficulty]
    if factor != 1.0:  # (the default seat's score is exactly the difficulty's multiple)
        multiplier *= factor
    points = max(0, round(add_up(p for _, p in parts) * multiplier))
    rank, verdict = verdict_for(points, table)
    return Score(
        points,
        verdict,
        rank,
        tuple((k, round(v * multiplier, 1)) for k, v in parts),
        lab=lab.id,
        lab_name=lab.name,
        seat_factor=factor,
    )


__all__ = ["Score", "ScoreTable", "Verdict", "score", "seat_factor", "verdict_for"]
