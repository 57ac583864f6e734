"""The dashboard's open frontier and moat explain themselves where they are shown, whole at
80×24 and 120×40, in Help's words, with the numbers advice gives (issue 16)."""

from __future__ import annotations

import pytest
from conftest import SEED
from textual.widgets import Footer, Static
from tui_helpers import on_dashboard, settle, wait_for

from game.core.advice import moat_reading
from game.tui.app import TalentWarApp
from game.tui.screens.help import HelpScreen
from game.tui.widgets import RaceView


def race_lines(app: TalentWarApp) -> list[str]:
    """The race block's lines as the terminal shows them."""
    race = app.screen.query_one(RaceView)
    strips = app.screen._compositor.render_strips()[race.region.y : race.region.bottom]
    return [strip.text[race.region.x : race.region.right].rstrip() for strip in strips]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_open_frontier_and_the_moat_say_what_they_are(content, size) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=size) as pilot:
        s = await on_dashboard(pilot)
        await wait_for(pilot, lambda: bool(app.screen.query(RaceView)))
        await settle(pilot, 3)
        screen = app.screen

        def check(words: str) -> None:
            m = moat_reading(s.state)
            lines = race_lines(app)
            assert f"open frontier {m.frontier:.1f}" in lines[-3], lines
            assert lines[-2].strip() == "= the best open-weights model", lines
            assert lines[-1].strip() == f"Your moat {m.moat:+.1f}: {words}", lines
            race = screen.query_one(RaceView)
            assert race.region.bottom <= screen.query_one(Footer).region.y  # not cut off
            assert all(len(line) <= race.content_region.right for line in lines)
            assert "…" not in "".join(lines)
            # the status line no longer shows a bare "Moat" number
            assert "Moat" not in str(screen.query_one("#status", Static).render())

        m = moat_reading(s.state)
        assert m.moat < 0  # the scenario opens behind the open frontier
        check(f"it leads you by {-m.moat:.1f}")
        s.state.player_lab.capability = m.frontier + 12.5  # now ahead of it
        screen.render_game()
        await settle(pilot)
        assert moat_reading(s.state).moat == pytest.approx(12.5)
        check("your lead over it")
        s.state.player_lab.capability = m.frontier
        screen.render_game()
        await settle(pilot)
        check("level with it")


async def test_help_and_the_tooltip_say_the_same(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(80, 24)) as pilot:
        await on_dashboard(pilot)
        await wait_for(pilot, lambda: bool(app.screen.query(RaceView)))
        tip = str(app.screen.query_one(RaceView).tooltip)
        assert "Open frontier: the best model anyone has released as open weights." in tip
        assert "Your moat: your model's lead over the open frontier" in tip
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = " ".join(" ".join(str(w.render()).split()) for w in app.screen.query(Static))
        assert "Open frontier: the best model anyone has released as open weights." in shown
        assert "Moat: your model's lead over the open frontier, the gap a closed model" in shown
        assert "negative when the open frontier leads you" in shown
