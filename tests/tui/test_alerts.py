"""The dashboard's alerts list every rumour, approach and applicant once, with unique ids."""

from __future__ import annotations

from conftest import SEED
from textual.widgets import OptionList
from tui_helpers import settle, wait_for

from game.core.models import QuarterReport
from game.tui.app import TalentWarApp


async def test_two_labs_courting_one_researcher_are_two_alerts(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        s = app.session
        rid = s.legal.own[0]
        name = s.state.researchers[rid].name
        s.state.reports.append(
            QuarterReport(quarter=s.state.quarter, rumours=[("hyperion", rid), ("atlas", rid)])
        )
        s.replace_state(s.state)
        app.refresh_view()
        await settle(pilot)
        alerts = app.screen.query_one("#alerts", OptionList)
        prompts = [str(alerts.get_option_at_index(i).prompt) for i in range(alerts.option_count)]
        rumours = [p for p in prompts if "Rumour" in p and name in p]
        assert len(rumours) == 2
        assert any("Hyperion" in p for p in rumours) and any("Atlas" in p for p in rumours)
