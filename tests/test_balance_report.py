"""The balance report keeps the player's wins apart from the rivals' and counts the events."""

from __future__ import annotations

import io
from dataclasses import replace

from game.balance import GameResult, play_one, print_report, summarise
from game.core.config import Content
from game.rules import Compiled


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


def test_events_are_counted_per_game(content: Content) -> None:
    eid = sorted(content.events)[0]
    other = sorted(content.events)[1]
    results = [
        GameResult("adaptive", 0, "lost", None, None, 12, events={eid: ["A", "A", "B"]}),
        GameResult("adaptive", 1, "lost", None, None, 12, events={eid: ["C"], other: ["D"]}),
        GameResult("adaptive", 2, "lost", None, None, 12),
        GameResult("adaptive", 3, "lost", None, None, 12),
    ]
    report = summarise(results, 4, "normal", "summer-2025", content)
    events = report["events"]
    assert set(events) == set(content.events)  # every event, fired or not
    # fired in 2 of 4 games, 2 times a game, the most repeated text 2 then 1 times
    assert events[eid] == {"share": 0.5, "fires": 2.0, "repeats": 1.5}
    assert events[other] == {"share": 0.25, "fires": 1.0, "repeats": 1.0}
    never = sorted(content.events)[2]
    assert events[never] == {"share": 0.0, "fires": 0.0, "repeats": 0.0}
    out = io.StringIO()
    print_report(report, out)
    text = out.getvalue()
    assert f"events: {len(content.events)}; 2 fire in at least 1% of games" in text
    line = next(x for x in text.splitlines() if x.split()[:1] == [eid])
    assert line.split()[1:4] == ["50.0%", "2.00", "1.50"]
    assert next(x for x in text.splitlines() if x.split()[:1] == [never]).endswith("rare")


def test_a_played_game_counts_its_events(content: Content) -> None:
    """An event that fires every quarter with one headline: fired each quarter, and its
    headline repeats as often; the game's other events are counted with their headlines."""
    always = content.events["enterprise-boom"]
    forced = replace(
        always,
        id="zz-every-quarter",
        when=Compiled.of_constant(True),
        chance=1.0,
        cooldown=0,
        modifiers=(),
        effects={},
        vars={},
        headline="Same news again",
    )
    modded = replace(content, events={**content.events, forced.id: forced})
    res = play_one(modded, "summer-2025", "normal", "idle", 3)
    assert res.events[forced.id] == ["Same news again"] * res.quarters
    others = [t for eid, texts in res.events.items() if eid != forced.id for t in texts]
    assert others and all(t and t != "Same news again" for t in others)
    report = summarise([res], 1, "normal", "summer-2025", modded)
    assert report["events"][forced.id] == {
        "share": 1.0,
        "fires": float(res.quarters),
        "repeats": float(res.quarters),
    }
