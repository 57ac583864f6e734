"""The screens say what the core says: the dashboard's compute is what you own, and `f`
after `b` never leaves a negative "Left"."""

from __future__ import annotations

from tui_helpers import game, settle, wait_for

from game.content import load_content
from game.core.engine import advance
from game.core.models import Orders, Split
from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.widgets import SplitEditor


async def start(pilot) -> TalentWarApp:  # type: ignore[no-untyped-def]
    app = game(pilot)
    await wait_for(
        pilot, lambda: app.session is not None and isinstance(app.screen, DashboardScreen)
    )
    await settle(pilot)
    return app


async def test_dashboard_compute_is_what_you_own_not_last_quarters_rental() -> None:
    content = load_content()
    app = TalentWarApp(content=content, scenario="summer-2025", seed=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        s = app.session
        assert s is not None
        rent = 100
        cost = rent * s.state.rent_price
        state, _ = advance(s.state, Orders(rent=rent, split=Split(gpus=cost)), content)
        assert state.player_lab.compute_rented == rent
        s.replace_state(state)
        app.refresh_view()
        await settle(pilot)
        status = str(app.screen.query_one("#status").render())
        owned = f"{state.player_lab.compute_owned:,.0f}k"
        assert f"Compute {owned} H100 owned" in status
        with_rental = f"{state.player_lab.compute_owned + rent:,.0f}k"
        assert with_rental not in status


async def test_fit_after_buy_keeps_left_at_or_above_zero() -> None:
    content = load_content()
    app = TalentWarApp(content=content, scenario="summer-2025", seed=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        s = app.session
        assert s is not None
        room = s.legal.budget.discretionary
        s.set_split(open=room - 1000)  # most of the budget in the ecosystem
        s.set_compute(buy=s.legal.max_buy)  # GPUs cost more than is left
        app.refresh_view()
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        view = app.screen.query_one(SplitEditor).view
        assert view is not None and view.left >= 0
        assert s.reasons() == []
        assert "Left   -" not in str(app.screen.query_one(SplitEditor).render())
