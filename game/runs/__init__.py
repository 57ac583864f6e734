"""Runs: the daily challenge, a finished game's score and the high-score table, and run files
anyone can verify.

- `daily`: today's challenge (scenario and seed from the UTC date);
- `verdicts`: reading `assets/verdicts.toml`, the score's numbers and the verdicts;
- `scores`: the local high-score table (`<saves>/scores/high-scores.json`);
- `runfile`: exporting a finished game as a run file, and verifying one by replaying it;
- `commands`: the `scores`, `export` and `verify` commands (printing).

A run file is data only: verifying reads it with the save reader's limits and replays its
orders through the core; nothing in it is ever run as code.
"""

from __future__ import annotations


class RunError(ValueError):
    """A run, a score table or a daily date that cannot be used: one line, naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


__all__ = ["RunError"]
