"""Previews on the screens (issue 16): the ecosystem spend's developers and range, when a GPU
buy arrives, and the funding schedule on the dashboard."""

from __future__ import annotations

from conftest import SEED
from textual.widgets import OptionList, Static
from tui_helpers import settle, wait_for

from game.core.advice import ecosystem_preview, funding_outlook
from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.opensource import OpenSourceScreen


def _app(content) -> TalentWarApp:  # type: ignore[no-untyped-def]
    return TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")


async def test_ecosystem_spend_shows_developers_range_and_why(content) -> None:  # type: ignore[no-untyped-def]
    app = _app(content)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenSourceScreen))
        s = app.session
        s.draft.split.open = 1000.0
        s.draft.release = "current"
        app.screen.render_game()
        await settle(pilot)
        text = str(app.screen.query_one("#open-spend", Static).render())
        p = ecosystem_preview(s.state, content, 1000.0, "current")
        assert f"Expected +{p.expected:,.0f}k developers" in text
        assert f"+{p.low:,.0f}k if a rival opens its best model" in text
        assert f"{p.behind:.1f} points behind the open frontier" in text
        s.draft.release = "keep"
        app.screen.render_game()
        await settle(pilot)
        text = str(app.screen.query_one("#open-spend", Static).render())
        assert "you have no open model" in text


async def test_dashboard_shows_funding_schedule_and_gpu_arrival(content) -> None:  # type: ignore[no-untyped-def]
    app = _app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await wait_for(pilot, lambda: bool(app.screen.query("#status")))
        await settle(pilot)
        s = app.session
        status = str(app.screen.query_one("#status", Static).render())
        assert "Next round" in status and "if runway < 3q or cash < it" in status
        s.state.event_last[f"round:{s.state.player}"] = s.state.quarter
        s.draft.buy = 10
        app.screen.render_game()
        await settle(pilot)
        f = funding_outlook(s.state, content, s.draft)
        status = str(app.screen.query_one("#status", Static).render())
        assert f"Next round from {s.quarter_label(f.earliest)}" in status
        alerts = app.screen.query_one("#alerts", OptionList)
        texts = [str(alerts.get_option_at_index(i).prompt) for i in range(alerts.option_count)]
        assert any(f"arrive as {s.label} resolves, before its research" in t for t in texts)


async def test_buy_dialog_says_when_gpus_arrive(content) -> None:  # type: ignore[no-untyped-def]
    app = _app(content)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await pilot.press("b")
        await settle(pilot, 3)
        await pilot.press("1", "0")
        await settle(pilot, 3)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "They arrive as" in shown and "before its research: you will own 70k" in shown
