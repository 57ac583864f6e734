"""The end explains itself (issue 16): each road's progress and winner, the quarter the game
turned, and the costliest departures."""

from __future__ import annotations

from conftest import SEED
from textual.widgets import Static
from tui_helpers import play_to_game_over, wait_for

from game.tui.app import TalentWarApp


async def test_game_over_shows_roads_turn_and_departures(short_content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=short_content, scenario="short-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await play_to_game_over(pilot)
        text = str(app.screen.query_one("#over-summary", Static).render())
        lines = text.splitlines()
        for road in ("Race", "Market", "Ecosystem"):
            line = next(x for x in lines if x.startswith(road))
            assert "you " in line and ("won by" in line or "not won · best" in line)
        assert "The game turned in " in text and " → " in text
        assert "Costliest departures: " in text
        assert app.session.state.outcome.road == "score"  # time ran out: say what counted
        assert "Standing score: capability + 40 × ecosystem share" in text
