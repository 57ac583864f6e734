"""The balance report keeps the player's wins apart from the rivals'."""

from __future__ import annotations

import io

from game.balance import GameResult, print_report, summarise
from game.core.config import Content


def test_player_and_rival_roads_are_apart(content: Content) -> None:
    player = content.scenarios["summer-2025"].player
    results = [
        GameResult("adaptive", 0, "won", "market", player, 12),
        GameResult("adaptive", 1, "won", "ecosystem", player, 14),
        GameResult("adaptive", 2, "lost", "superintelligence", "meridian", 16),
        GameResult("adaptive", 3, "lost", "ecosystem", "hyperion", 18),
        GameResult("adaptive", 4, "unfinished", None, None, 26),
    ]
    report = summarise(results, 5, "normal", "summer-2025", content)
    p = report["policies"]["adaptive"]
    assert p["win_rate"] == 0.4
    assert p["player_roads"] == {"ecosystem": 0.2, "market": 0.2}
    assert p["rival_roads"] == {"ecosystem": 0.2, "superintelligence": 0.2}
    assert p["rival_wins"] == {"hyperion": 0.2, "meridian": 0.2}
    assert p["median_quarters"] == 16
    out = io.StringIO()
    print_report(report, out)
    line = next(x for x in out.getvalue().splitlines() if x.startswith("adaptive"))
    assert "ecosystem 20%, market 20% | ecosystem 20%, superintelligence 20% |" in line
