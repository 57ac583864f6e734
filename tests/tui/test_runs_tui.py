"""The daily challenge on New game, and the game over screen's score, high scores and export."""

from __future__ import annotations

from textual.widgets import Static
from tui_helpers import play_to_game_over, settle, wait_for

from game.content import load_content
from game.runs.daily import challenge
from game.runs.runfile import Verified, read_run, verify
from game.runs.scores import read_table, table_path
from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.gameover import GameOverScreen
from game.tui.screens.newgame import NewGameScreen

TODAY = "2026-01-15"  # (tests/conftest.py sets TALENT_WAR_TODAY)


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    """What a Static shows, as text (its lines in the screen's width)."""
    widget = screen.query_one(selector, Static)
    return "\n".join(line.text for line in widget.render_lines(widget.region.reset_offset))


async def test_d_on_new_game_starts_todays_challenge(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, NewGameScreen))
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.descriptions))
        await settle(pilot)
        scenario, seed = challenge(TODAY, content.scenarios)
        line = text_of(screen, "#ng-daily")
        assert TODAY in line and f"seed {seed}" in line and "D: play it" in line
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        st = app.session.state
        assert (st.daily, st.scenario, st.seed, st.difficulty) == (TODAY, scenario, seed, "normal")


async def test_game_over_scores_records_once_and_exports_a_run_that_verifies(
    short_content, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=short_content, scenario="short-2025", seed=7, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        await play_to_game_over(pilot)
        shown = text_of(app.screen, "#over-scores")
        table = read_table(table_path(tmp_path))
        (entry,) = table.entries
        assert f"Score {entry.points} — {entry.title}." in shown
        assert "High scores: short-2025 · Halcyon Research · normal" in shown
        assert entry.by == "you" and entry.daily is None and entry.seed == 7
        # the screen again (Esc, then the palette's report, then its close): still one entry
        await pilot.press("escape")
        await settle(pilot)
        app.push_game_over()
        # (mounted: the screen records the score on mount, so it has had its chance to)
        await wait_for(pilot, lambda: isinstance(app.screen, GameOverScreen))
        await wait_for(pilot, lambda: app.screen.is_mounted)
        await settle(pilot)
        assert len(read_table(table_path(tmp_path)).entries) == 1
        await pilot.press("x")
        await settle(pilot)
        runs = list((tmp_path / "runs").glob("*.json"))
        assert [p.name for p in runs] == ["run-short-2025-halcyon-normal-7.json"]
    content = load_content(list(short_content.sources[1:]))
    result = verify(read_run(runs[0]), content)
    assert isinstance(result, Verified) and result.points == entry.points


async def test_talent_war_daily_opens_on_the_days_game(content) -> None:  # type: ignore[no-untyped-def]
    from game.cli import build_parser, daily

    args = build_parser().parse_args(["--daily"])
    daily(args)  # (what `talent-war --daily` does before the app starts)
    assert args.daily == TODAY
    app = TalentWarApp(content=content, daily=args.daily)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        st = app.session.state
        assert st.daily == TODAY and (st.scenario, st.seed) == challenge(TODAY, content.scenarios)
