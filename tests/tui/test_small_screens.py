"""80x24 is a first-class size (issue 16): every screen's essential columns show without
scrolling sideways, the dashboard's road lines and footer are whole, and chart legends are
not cut."""

from __future__ import annotations

import pytest
from conftest import SEED
from textual.widgets import DataTable, Footer
from textual.widgets._footer import FooterKey
from tui_helpers import settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.charts import short_names
from game.tui.screens.dashboard import DashboardScreen
from game.tui.widgets import RaceView, RoadsView


def _app(content) -> TalentWarApp:  # type: ignore[no-untyped-def]
    return TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")


def _shown(table: DataTable) -> list[str]:
    """The column labels wholly inside the table's width (no sideways scroll)."""
    out, x = [], 0
    for col in table.ordered_columns:
        x += col.get_render_width(table)
        if x > table.scrollable_content_region.width:
            break
        out.append(str(col.label).removesuffix(" ▼").removesuffix(" ▲"))
    return out


@pytest.mark.parametrize(
    ("key", "table", "essential"),
    [
        ("r", "#roster-table", ["Name", "Tier", "Flight risk", "Concern", "Orders"]),
        ("l", "#labs-table", ["Lab", "Stance", "Cash", "Revenue", "Ecosystem"]),
    ],
)
async def test_essential_columns_fit_80_columns(content, key, table, essential) -> None:  # type: ignore[no-untyped-def]
    app = _app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.press(key)
        await wait_for(pilot, lambda: bool(app.screen.query(table)))
        await settle(pilot, 3)
        shown = _shown(app.screen.query_one(table, DataTable))
        assert shown[: len(essential)] == essential


async def test_dashboard_roads_legend_and_footer_are_whole_at_80x24(content) -> None:  # type: ignore[no-untyped-def]
    app = _app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot, 3)
        screen = app.screen
        for widget in (screen.query_one(RoadsView), screen.query_one(RaceView)):
            lines = widget.render().plain.splitlines()
            width = widget.content_region.width
            assert widget.region.bottom <= 23  # above the footer, not cut off
            assert all(len(line) <= width for line in lines), (lines, width)
        footer = screen.query_one(Footer)
        keys = list(footer.query(FooterKey))
        assert keys and all(k.region.right <= 80 and k.region.width > 0 for k in keys)
        assert any("Save" in str(k.description) for k in keys)
        assert max(k.region.right for k in keys) <= footer.region.right


def test_chart_legends_are_short_names() -> None:
    names = {"a": "Halcyon Research", "b": "Hyperion Labs", "c": "Atlas Research"}
    assert short_names(names) == {"a": "Halcyon", "b": "Hyperion", "c": "Atlas"}
    twins = {"a": "Nova Labs", "b": "Nova Research"}
    assert short_names(twins) == {"a": "Nova Labs", "b": "Nova Researc"}


async def test_the_load_dialog_shows_every_column_at_80x24(content, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from game.saves import save_game
    from game.tui.screens.saves import LoadScreen

    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, saves_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert app.session is not None
        save_game(app.session.state, "a-long-save-name-for-a-long-game", tmp_path, content=content)
        screen = LoadScreen(tmp_path)
        await app.push_screen(screen)
        await wait_for(pilot, lambda: bool(screen.saves))
        await settle(pilot, 3)
        table = screen.query_one("#saves-table", DataTable)
        assert _shown(table) == ["Name", "Quarter", "Lab", "Cash", "Saved"]
        assert table.region.right <= 80 and table.region.bottom <= 23
