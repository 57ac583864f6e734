"""The dashboard's funding line is whole at 80×24, whichever way it reads (issue 16), and says
what advice projects (game.core.advice.funding_outlook)."""

from __future__ import annotations

from conftest import SEED
from textual.widgets import Static
from tui_helpers import on_dashboard, settle

from game.core.advice import funding_outlook
from game.tui.app import TalentWarApp
from game.tui.fmt import money


async def test_the_funding_line_fits_80_columns(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(80, 24)) as pilot:
        s = await on_dashboard(pilot)
        await settle(pilot)

        def funding_line() -> str:
            status = app.screen.query_one("#status", Static)
            lines = app.screen._compositor.render_strips()[status.region.y : status.region.bottom]
            found = [strip.text.rstrip() for strip in lines if "Next round" in strip.text]
            assert len(found) == 1
            return found[0]

        def shown(tail: str) -> None:
            line = funding_line()
            f = funding_outlook(s.state, content, s.draft)
            assert f"≈{money(f.amount)}" in line and line.endswith(tail), line

        shown("if runway < 3q or cash < it")
        s.state.player_lab.cash = 500.0  # short of cash: a round is due
        app.screen.render_game()
        await settle(pilot)
        assert funding_outlook(s.state, content, s.draft).due
        shown("likely as this quarter ends")
        s.state.player_lab.cash = 60_000.0
        s.state.event_last[f"round:{s.state.player}"] = s.state.quarter + 2  # a late round
        app.screen.render_game()
        await settle(pilot)
        assert "from " in funding_line()
        shown("if runway < 3q or cash < it")
