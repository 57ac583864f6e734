"""The fixed games whose final state hashes prove a restructuring changed no game.

`python tests/golden.py` re-records `tests/fixtures/golden_games.json`; do that only in a
commit that is meant to change games (balance, summation), never in one that restructures.
"""

from __future__ import annotations

import json
import sys
from itertools import product
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).parent / "fixtures" / "golden_games.json"
MAX_QUARTERS = 40

GAMES: list[dict[str, Any]] = [
    {"scenario": scenario, "policy": policy, "difficulty": difficulty, "seed": seed}
    for scenario, difficulty, policy, seed in product(
        ("summer-2025", "garage-2025"),
        ("easy", "normal", "hard"),
        ("idle", "random", "gpus", "offers", "open", "balanced", "adaptive"),
        (3, 11),
    )
]


def play(game: dict[str, Any]) -> dict[str, Any]:
    """Plays one game to its end (or MAX_QUARTERS) and returns what identifies it."""
    from game.bots import POLICIES, play_quarter
    from game.content import load_content
    from game.core.engine import new_game, state_hash

    content = load_content()
    state = new_game(content, game["scenario"], game["seed"], game["difficulty"])
    hashes = [state_hash(state)]
    while state.outcome is None and state.quarter < MAX_QUARTERS:
        state, _ = play_quarter(state, content, POLICIES[game["policy"]])
        hashes.append(state_hash(state))
    return {
        **game,
        "quarters": len(hashes) - 1,
        "final": hashes[-1],
        "midway": hashes[len(hashes) // 2],
    }


def main() -> int:
    records = [play(g) for g in GAMES]
    FIXTURE.write_text(json.dumps(records, indent=1) + "\n")
    print(f"recorded {len(records)} games in {FIXTURE}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
