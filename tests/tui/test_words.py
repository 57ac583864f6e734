"""Words a player meets are explained where they appear (issue 16): the open frontier, the
last quarter, the highest standing and a talent collapse."""

from __future__ import annotations

from conftest import SEED
from textual.widgets import Static
from tui_helpers import settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.help import HelpScreen, help_text


def test_help_explains_the_words_with_the_games_numbers(content) -> None:
    text = help_text(content, "2027-Q4")
    v = content.balance.victory
    assert "[b]Open frontier[/b]: the best model anyone has released as open weights" in text
    assert "[b]The last quarter[/b]: 2027-Q4. The game ends once it resolves." in text
    assert f"{v.score_ecosystem:g} × ecosystem share" in text
    assert f"fewer than {v.min_researchers} named researchers" in text
    assert f"{v.collapse_quarters} quarters in a row loses the game" in text
    assert "{" not in help_text(None)  # (every field filled while loading too)


async def test_dashboard_and_help_name_the_last_quarter(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await wait_for(pilot, lambda: bool(app.screen.query("#status")))
        await settle(pilot)
        s = app.session
        last = s.quarter_label(s.state.last_quarter)
        assert f"Ends {last}" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert f"The last quarter: {last}." in shown
