"""The quarter report stays readable (issue 16): the quarter's toasts (its summary, the rivals'
approaches) wait until the report closes, since the report says all they say; then they show
on the screen the player goes back to."""

from __future__ import annotations

import pytest
from textual.widgets import Static
from tui_helpers import on_dashboard, settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.report import ReportScreen

SEED = 13  # a rival approaches one of the player's people within a few quarters


def toast_cells(screen: ReportScreen) -> list[tuple[int, int]]:
    """The report's cells where a toast is what the player sees."""
    region = screen.query_one("#report").region
    return [
        (x, y)
        for y in range(region.y, region.bottom)
        for x in range(region.x, region.right)
        if type(screen.get_widget_at(x, y)[0]).__name__ == "Toast"
    ]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_quarters_toasts_wait_for_the_report_to_close(content, size) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=size, notifications=True) as pilot:
        s = await on_dashboard(pilot)
        for _ in range(6):
            app.clear_notifications()
            await pilot.press("e", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
            await settle(pilot, 4)
            report = s.state.reports[-1]
            screen = app.screen
            assert isinstance(screen, ReportScreen)
            assert not toast_cells(screen), f"toasts cover the report at {size}"
            if report.new_approaches:
                break
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        else:
            raise AssertionError("no rival approached the player in six quarters")
        # the report itself says who was approached
        body = " ".join(str(w.render()) for w in screen.query(".report-part").results(Static))
        for aid in report.new_approaches:
            a = next(x for x in s.state.approaches if x.id == aid)
            assert f"made {s.state.researchers[a.researcher].name} an offer" in body
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot, 2)
        titles = [n.title for n in app._notifications]
        assert titles.count("Approach") == len(report.new_approaches)
        assert any(t.endswith("resolved") for t in titles)
