"""Playing Talent War through the keys alone, asserting on the state the app holds."""

from __future__ import annotations

from conftest import SEED
from textual.command import CommandPalette
from textual.widgets import Button, Input, Label
from tui_helpers import end_quarter, game, press_until, settle, wait_for

from game.core.models import Approach, OfferTerms
from game.tui.app import TalentWarApp
from game.tui.commands import GameCommands
from game.tui.screens.base import GameScreen
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.dialogs import ConfirmDialog, EndQuarterDialog
from game.tui.screens.gameover import GameOverScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.labs import LabsScreen
from game.tui.screens.market import MarketScreen
from game.tui.screens.newgame import NewGameScreen
from game.tui.screens.offers import ApproachPicker, OfferDialog
from game.tui.screens.opensource import OpenSourceScreen
from game.tui.screens.report import ReportScreen
from game.tui.screens.roster import RosterScreen
from game.tui.widgets import SplitEditor


async def start_from_new_game_screen(pilot, scenario_index: int | None = None) -> None:  # type: ignore[no-untyped-def]
    app = game(pilot)
    await wait_for(pilot, lambda: isinstance(app.screen, NewGameScreen) and app.screen.descriptions)
    screen = app.screen
    assert isinstance(screen, NewGameScreen)
    if scenario_index is not None:
        options = screen.query_one("#scenarios")
        while options.highlighted != scenario_index:
            await pilot.press("down")
    # Tab to the seed field, replace the seed, Enter starts the game.
    for _ in range(10):
        if isinstance(app.focused, Input):
            break
        await pilot.press("tab")
    assert isinstance(app.focused, Input)
    await pilot.press("end", *["backspace"] * 10, *str(SEED), "enter")
    await settle(pilot)


async def test_a_whole_game_by_keys(short_content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=short_content)
    async with app.run_test(size=(100, 32)) as pilot:
        ids = list(short_content.scenarios)
        await start_from_new_game_screen(pilot, ids.index("short-2025"))
        s = app.session
        assert s is not None
        assert s.state.scenario == "short-2025" and s.state.seed == SEED
        assert s.state.difficulty == "normal"
        assert isinstance(app.screen, DashboardScreen)

        # An offer from the talent market: Enter opens the dialog, Enter in a field confirms.
        await press_until(pilot, "m", lambda: isinstance(app.screen, MarketScreen))
        await settle(pilot)
        target = app.screen.table.current_id()
        await pilot.press("enter")
        assert isinstance(app.screen, OfferDialog)
        # (the form's result reaches the draft just after the form closes)
        await press_until(
            pilot, "enter", lambda: isinstance(app.screen, MarketScreen) and bool(s.draft.offers)
        )
        assert [o.researcher for o in s.draft.offers] == [target]
        assert s.draft.split.offers >= s.costs().offers > 0  # the offers budget covers it

        # A change of the split on the dashboard: the open lever, three steps.
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.focused, SplitEditor)
        await pilot.press("down", "down", "right", "right", "right")
        await settle(pilot)
        step = app.screen.query_one(SplitEditor).view.step
        assert abs(s.draft.split.open - 3 * step) < 1e-6
        await pilot.press("left")
        await settle(pilot)
        assert abs(s.draft.split.open - 2 * step) < 1e-6

        # Buy compute through the dialog.
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*["backspace"] * 3, "2", "enter")
        await settle(pilot)
        assert s.draft.buy == 2 and s.draft.split.gpus >= s.costs().gpus

        # A release on the open-source screen.
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OpenSourceScreen)
        await pilot.press("u")
        await settle(pilot)
        assert s.draft.release == "current"
        assert s.reasons() == []

        # End the quarter: a summary, Enter accepts, then the report.
        await press_until(pilot, "e", lambda: isinstance(app.screen, EndQuarterDialog))
        await press_until(pilot, "enter", lambda: isinstance(app.screen, ReportScreen))
        await wait_for(pilot, lambda: not app.autosaves.pending)  # (starts once it is painted)
        assert s.state.quarter == 1
        report = s.state.reports[-1]
        assert report.released == "current"
        assert target in {m.researcher for m in report.moves}  # joined or declined, with a reason
        assert s.state.player_lab.open_release > 0
        await press_until(pilot, "enter", lambda: isinstance(app.screen, GameScreen))

        # Play on to the end with empty orders.
        for _ in range(10):
            if s.over:
                break
            await end_quarter(pilot)
        assert s.over
        assert isinstance(app.screen, GameOverScreen)
        assert s.state.outcome is not None
        assert s.state.quarter <= 4
        # The end-quarter key does nothing now; c changes the chart; n starts a new game.
        await pilot.press("c")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, GameOverScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewGameScreen)


async def test_every_screen_by_its_key(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="hard")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await settle(pilot)
        assert app.session.state.difficulty == "hard"
        for key, cls in [
            ("r", RosterScreen),
            ("m", MarketScreen),
            ("l", LabsScreen),
            ("o", OpenSourceScreen),
            ("question_mark", HelpScreen),
            ("d", DashboardScreen),
            ("question_mark", HelpScreen),
            ("question_mark", DashboardScreen),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, cls), key


async def test_screens_redraw_once_when_shown_not_behind_others(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        dash = app.screen
        assert isinstance(dash, DashboardScreen) and not dash.stale
        drawn: list[str] = []
        original = DashboardScreen.render_game

        def counting(screen: DashboardScreen) -> None:
            drawn.append(screen.session.label)
            original(screen)

        dash.render_game = lambda: counting(dash)  # type: ignore[method-assign]
        # a change made on another screen: the dashboard is stale, redrawn once when shown
        await pilot.press("r")
        await settle(pilot)
        app.orders.adjust_split("gpus", 100.0)
        await settle(pilot)
        assert dash.stale and not app.screen.stale and drawn == []
        await pilot.press("d")
        await settle(pilot)
        assert not dash.stale and len(drawn) == 1
        assert dash.query_one(SplitEditor).view.gpus == 100.0
        # ending the quarter: not redrawn behind the report, once when the report closes
        before = app.session.label
        await pilot.press("e", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await settle(pilot)
        assert dash.stale and drawn == [before]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is dash)
        await settle(pilot)
        assert drawn == [before, app.session.label] and app.session.label != before
        assert not dash.stale


async def test_roster_actions(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        s = app.session
        await pilot.press("r")
        await settle(pilot)
        rid = app.screen.table.current_id()
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [r.researcher for r in s.draft.raises] == [rid]
        await pilot.press("g", "enter")
        await settle(pilot)
        assert [g.researcher for g in s.draft.grants] == [rid]
        await pilot.press("t")
        await settle(pilot)
        assert s.draft.outreach == [rid]
        assert s.reasons() == []
        await pilot.press("x")
        await settle(pilot)
        assert not s.draft.raises and not s.draft.grants and not s.draft.outreach
        # sorting keeps the table usable
        await pilot.press("s", "s", "S")
        await settle(pilot)
        assert app.screen.table.row_count == len(s.legal.own)


async def test_counter_offer_to_an_approach(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        s = app.session
        rid = s.legal.own[0]
        s.state.approaches.append(
            Approach(
                id="a-test",
                lab="meridian",
                researcher=rid,
                terms=OfferTerms(salary=30.0, bonus=50.0),
                deadline=s.state.quarter,
            )
        )
        s.replace_state(s.state)
        app.refresh_view()
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ApproachPicker)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OfferDialog) and app.screen.approach is not None
        name = s.state.researchers[rid].name
        title = app.screen.query_one(".dialog-title", Label).render()
        assert str(title) == f"Counter-offer to keep {name}"
        assert str(app.screen.query_one("#ok", Button).label) == "Counter ⏎"
        await pilot.press("enter")
        await settle(pilot)
        assert [c.approach for c in s.draft.counters] == ["a-test"]
        assert s.reasons() == []


async def test_refused_orders_are_explained_not_raised(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        s = app.session
        s.set_compute(buy=3)  # GPUs with no GPU budget: the core refuses
        assert s.reasons()
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EndQuarterDialog)
        assert not app.screen.can_accept
        await pilot.press("enter")
        await settle(pilot)
        assert s.state.quarter == 0
        assert isinstance(app.screen, DashboardScreen)
        # Even forced past the dialog, the core's refusal becomes a message.
        assert app.orders.end_quarter() is None
        assert s.state.quarter == 0
        await settle(pilot)
        assert any("GPU" in n.message for n in app._notifications)


async def test_quit_asks_first(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("q", "enter")
        await settle(pilot)
    assert app.return_code == 0


async def test_palette_offers_the_games_commands(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        titles = [title for title, _, _ in GameCommands(app.screen).commands()]
        for expected in ("Go to Roster", "End the quarter", "Set the budget split", "New game"):
            assert expected in titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"roster", "enter")
        await settle(pilot, 4)
        assert isinstance(app.screen, RosterScreen)


async def test_content_loads_off_the_event_loop_then_new_game() -> None:
    app = TalentWarApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        await wait_for(pilot, lambda: app.content is not None)
        await settle(pilot)
        assert app.screen.descriptions  # the scenarios are listed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.session is not None
        assert isinstance(app.screen, DashboardScreen)


async def test_unknown_scenario_exits_cleanly(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="nope", seed=1)
    async with app.run_test() as pilot:
        await settle(pilot)
    assert app.return_code == 1


async def test_bad_mods_folder_exits_cleanly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(mods=[str(tmp_path / "missing")])
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 1


def test_run_app_refuses_bad_arguments_before_taking_the_screen(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from argparse import Namespace

    from game.tui.app import run_app

    args = Namespace(scenario="nope", seed=1, difficulty=None, mods=[])
    assert run_app(args) == 2
    assert "unknown scenario 'nope'" in capsys.readouterr().err
    args = Namespace(scenario=None, seed=None, difficulty=None, mods=[str(tmp_path / "missing")])
    assert run_app(args) == 1
    assert "mods folder not found" in capsys.readouterr().err


async def test_startup_imports_stay_light() -> None:
    """The first screen needs neither pydantic nor the core nor the charts."""
    import subprocess
    import sys

    code = (
        "import sys, game.tui.app; "
        "print(' '.join(m for m in ('pydantic', 'game.core.models', 'plotext', 'textual_plotext')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_direct_start_shows_the_dashboard_first_and_loads_no_other_screen() -> None:
    """`--scenario/--seed`: the dashboard at once; the other screens load when first shown."""
    import subprocess
    import sys

    code = """
import asyncio, sys
from game.content import load_content
from game.tui.app import TalentWarApp

async def main():
    app = TalentWarApp(content=load_content(), scenario="summer-2025", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(500):
            if app.session is not None and type(app.screen).__name__ == "DashboardScreen":
                break
            await pilot.pause(0.01)
        await pilot.pause()
        print([type(s).__name__ for s in app.screen_stack])
    screens = ("newgame", "roster", "market", "labs", "opensource", "report", "dialogs")
    print([m for m in screens if "game.tui.screens." + m in sys.modules])
    estimator = ["estimator"] if app.session._estimator is not None else []
    print([m for m in ("game.saves",) if m in sys.modules] + estimator)

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # (under it a bare screen: the splash is never composed when nothing is waited for)
    assert out.stdout.split("\n")[:3] == ["['Screen', 'DashboardScreen']", "[]", "[]"]


async def test_one_report_screen_refilled_each_quarter(content) -> None:  # type: ignore[no-untyped-def]
    from textual.containers import VerticalScroll

    from game.tui.screens.report import report_text

    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        seen = []
        for _ in range(2):
            await pilot.press("e", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReportScreen)
            report = app.session.state.reports[-1]
            assert screen.report == report
            label = app.session.quarter_label(report.quarter)
            assert screen.sub_title == f"Quarter report · {label}"
            box = screen.query_one("#report", VerticalScroll)
            assert box.scroll_y == 0  # each report starts at its top
            shown = [str(s.render()) for s in screen.query(".report-part")]
            expected = report_text(app.session, report)
            assert shown[0] == str(expected[0]) and shown[-1] == str(expected[-1])
            seen.append((screen, shown))
            box.scroll_end(animate=False)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert seen[0][0] is seen[1][0]  # the same screen, refilled
        assert seen[0][1] != seen[1][1]


async def test_new_game_is_the_first_screen_and_starts_once_the_data_has_loaded(
    content, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """No game on the command line: New game is the first screen painted, its scenario list read
    from the scenario files before the game's data has loaded; keys are answered while the data
    loads (on the event loop, in steps), and a game started meanwhile starts as soon as the data
    is in."""
    import game.content
    from game.content import scenario_summaries as summaries

    held = [True]
    steps_while_held = [0]
    real_steps = game.content.content_steps

    def held_steps(mods=()):  # type: ignore[no-untyped-def]
        while held[0]:
            steps_while_held[0] += 1
            yield
        return (yield from real_steps(mods))

    monkeypatch.setattr(game.content, "content_steps", held_steps)
    app = TalentWarApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, NewGameScreen) and app.screen.descriptions
        )
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        await wait_for(pilot, lambda: steps_while_held[0] > 0)
        assert app.content is None  # (still loading)
        assert screen.summaries == summaries(content)
        assert screen.scenario == "summer-2025" and app.focused is screen.query_one("#scenarios")
        # The loading's steps keep the event loop busy, so Pilot's wait for idle after a key
        # would wait out its full second: the keys go in as events, and each is waited for.
        app.simulate_key("down")
        await wait_for(pilot, lambda: screen.scenario != "summer-2025")
        assert app.content is None  # (answered between the loading's steps)
        app.simulate_key("up")  # (back to where it was)
        await wait_for(pilot, lambda: screen.scenario == "summer-2025")
        seed = int(screen.query_one("#seed", Input).value)
        app.simulate_key("ctrl+s")
        await wait_for(pilot, lambda: "Starting" in str(screen.query_one("#ng-start").render()))
        await pilot.pause(0.05)  # (a game that started too soon would show by now)
        assert app.session is None and isinstance(app.screen, NewGameScreen)
        assert app.content is None
        assert "Starting" in str(screen.query_one("#ng-start").render())
        held[0] = False
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        s = app.session
        assert s is not None
        assert (s.state.scenario, s.state.seed, s.state.difficulty) == (
            "summer-2025",
            seed,
            "normal",
        )


async def test_the_data_finishes_loading_under_another_screen(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The load dialog opened over New game while the data loads: the loading goes on under
    it, and the game starts once the player is back on New game."""
    import game.content
    from game.tui.screens.saves import LoadScreen

    held = [True]
    real_steps = game.content.content_steps

    def held_steps(mods=()):  # type: ignore[no-untyped-def]
        while held[0]:
            yield
        return (yield from real_steps(mods))

    monkeypatch.setattr(game.content, "content_steps", held_steps)
    app = TalentWarApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, NewGameScreen) and app.screen.descriptions
        )
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LoadScreen))
        assert app.content is None
        held[0] = False
        await wait_for(pilot, lambda: app.content is not None)
        assert isinstance(app.screen, LoadScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, NewGameScreen))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert app.session is not None


async def test_difficulty_and_seed_are_chosen_on_the_new_game_screen(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, NewGameScreen) and app.screen.descriptions
        )
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        before = screen.query_one("#seed", Input).value
        for _ in range(20):  # R draws another seed (almost surely a different one)
            await pilot.press("R")
            if screen.query_one("#seed", Input).value != before:
                break
        assert screen.query_one("#seed", Input).value != before
        await pilot.press("enter")  # the scenario is chosen: on to the lab
        assert app.focused is screen.query_one("#labs")
        await pilot.press("enter")  # the scenario's own lab: on to the difficulty
        assert app.focused is screen.query_one("#difficulty")
        await pilot.press("down", "enter")  # hard; on to the seed
        assert isinstance(app.focused, Input)
        await pilot.press("end", *["backspace"] * 10, *str(SEED), "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        s = app.session
        assert s is not None
        assert (s.state.scenario, s.state.seed, s.state.difficulty) == ("summer-2025", SEED, "hard")
        assert s.state.player == "halcyon"


async def test_quitting_as_the_game_starts_is_clean(content) -> None:  # type: ignore[no-untyped-def]
    """The app exits while the dashboard is still being shown: nothing tries to redraw the
    screens whose widgets are being removed (this raised NoMatches)."""
    for _ in range(3):
        app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
        async with app.run_test(size=(100, 32)):
            app.exit()
        assert app.return_code == 0
