"""The first quarter's guide (issue 16): shown in a first game, hidden with `g` and
remembered in the saves folder's settings; never blocking."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import SEED
from textual.widgets import Static
from tui_helpers import settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.settings import guide_setting


def _app(content) -> TalentWarApp:  # type: ignore[no-untyped-def]
    return TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")


async def _dashboard(pilot, app) -> DashboardScreen:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: app.session is not None)
    await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
    await wait_for(pilot, lambda: bool(app.screen.query("#guide")))
    await settle(pilot)
    return app.screen


async def test_first_game_shows_the_guide_and_g_hides_it(content) -> None:  # type: ignore[no-untyped-def]
    saves = Path(os.environ["TALENT_WAR_SAVES"])
    assert guide_setting(saves) is None
    app = _app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _dashboard(pilot, app)
        guide = screen.query_one("#guide", Static)
        assert guide.display
        text = str(guide.render())
        assert "Who may leave this quarter" in text and "each $1.0B buys" in text
        assert "Race to 176" in text
        await pilot.press("g")
        await settle(pilot)
        assert not guide.display and guide_setting(saves) is False
        assert json.loads((saves / "settings" / "tui.json").read_text()) == {"guide": False}
        await pilot.press("g")
        await settle(pilot)
        assert guide.display and guide_setting(saves) is True
        await pilot.press("s")  # never blocking: the dashboard's keys still work
        await settle(pilot)
        assert not isinstance(app.screen, DashboardScreen)


async def test_the_guide_is_remembered_and_only_the_first_game_gets_it(content) -> None:  # type: ignore[no-untyped-def]
    saves = Path(os.environ["TALENT_WAR_SAVES"])
    app = _app(content)
    async with app.run_test(size=(120, 40)) as pilot:
        await _dashboard(pilot, app)
        await pilot.press("e", "enter")
        await settle(pilot, 3)
        await pilot.press("enter")
        await settle(pilot, 3)
        await wait_for(pilot, lambda: app.session.state.quarter == 1)
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        assert guide_setting(saves) is False  # a veteran now
    second = _app(content)
    async with second.run_test(size=(120, 40)) as pilot:
        screen = await _dashboard(pilot, second)
        assert not screen.query_one("#guide", Static).display


def test_settings_folder_is_the_saves_folder(tmp_path, monkeypatch) -> None:
    from game.saves import saves_dir
    from game.tui.settings import folder, store_guide

    for explicit in (None, "", str(tmp_path / "x")):
        assert folder(explicit) == saves_dir(explicit)
    monkeypatch.delenv("TALENT_WAR_SAVES")
    assert folder(None) == saves_dir(None)
    bad = tmp_path / "bad"
    (bad / "settings").mkdir(parents=True)
    (bad / "settings" / "tui.json").write_text("[not json")
    assert guide_setting(bad) is None  # unreadable: a first game, no traceback
    assert store_guide(bad, False) is None and guide_setting(bad) is False
