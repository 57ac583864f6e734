"""New game lets the player choose the lab to run (issue 17), and says what is hard about it."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static
from tui_helpers import game, settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.newgame import NewGameScreen


async def _new_game_screen(pilot) -> NewGameScreen:  # type: ignore[no-untyped-def]
    app = game(pilot)
    await wait_for(pilot, lambda: isinstance(app.screen, NewGameScreen) and app.screen.descriptions)
    assert isinstance(app.screen, NewGameScreen)
    return app.screen


def _text(screen: NewGameScreen) -> str:
    return str(screen.query_one("#ng-description", Static).render())


async def test_new_game_starts_the_lab_chosen(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await _new_game_screen(pilot)
        scenarios = screen.query_one("#scenarios", OptionList)
        ids = list(content.scenarios)
        while scenarios.highlighted != ids.index("summer-2025"):
            await pilot.press("down")
        await pilot.press("enter")  # the scenario chosen: on to the labs
        labs = screen.query_one("#labs", OptionList)
        assert labs.has_focus
        assert screen.lab == "halcyon"  # the scenario's own lab first
        await pilot.press("down")
        assert screen.lab == "meridian"
        await settle(pilot)
        sc = content.scenarios["summer-2025"]
        meridian = next(lab for lab in sc.labs if lab.id == "meridian")
        shown = _text(screen)
        assert "You run Meridian AI." in shown
        assert "What is hard:" in shown and meridian.seat.description[:40] in shown
        await pilot.press("enter")  # the lab chosen: on to the difficulty
        assert screen.query_one("#difficulty", OptionList).has_focus
        assert "You run Meridian AI." in _text(screen)  # the scenario, with the lab chosen
        for _ in range(5):
            if isinstance(app.focused, Input):
                break
            await pilot.press("tab")
        await pilot.press("end", *["backspace"] * 10, "4", "2", "enter")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        s = app.session
        assert s is not None
        assert (s.state.scenario, s.state.seed, s.state.player) == ("summer-2025", 42, "meridian")
        assert s.state.labs["halcyon"].playbook == "closed-challenger"


async def test_the_lab_list_follows_the_scenario(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await _new_game_screen(pilot)
        scenarios = screen.query_one("#scenarios", OptionList)
        ids = list(content.scenarios)
        for sid in ("garage-2025", "summer-2025"):
            while scenarios.highlighted != ids.index(sid):
                await pilot.press("down" if scenarios.highlighted < ids.index(sid) else "up")
            await settle(pilot)
            labs = screen.query_one("#labs", OptionList)
            shown = [labs.get_option_at_index(i).id for i in range(labs.option_count)]
            assert shown == content.scenarios[sid].seats()
            assert screen.lab == content.scenarios[sid].player


async def test_the_command_line_lab_starts_that_seat(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="garage-2025", seed=3, lab="kestrel")
    async with app.run_test(size=(100, 36)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        assert app.session is not None
        assert app.session.state.player == "kestrel"
        assert app.session.state.labs["firefly"].playbook == "upstart"
