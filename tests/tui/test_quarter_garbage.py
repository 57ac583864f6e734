"""What a quarter leaves behind: the footer's old keys are freed, and the collector's full pass
runs while the player reads the report, not while a key waits."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from tui_helpers import on_dashboard, settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.report import ReportScreen

QUARTERS = 3  # (the old footer kept ~13 more keys each quarter)


def footer_keys() -> int:
    gc.collect()
    return sum(type(o).__name__ == "FooterKey" for o in gc.get_objects())


@contextmanager
def full_collections() -> Iterator[list[int]]:
    """Counts the collector's full passes (generation 2) while the block runs."""
    seen: list[int] = []

    def cb(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(1)

    gc.callbacks.append(cb)
    try:
        yield seen
    finally:
        gc.callbacks.remove(cb)


async def test_a_quarter_frees_the_footers_old_keys(content) -> None:  # type: ignore[no-untyped-def]
    # Textual keeps a removed `FooterKey` watched until `Footer.compact` is set (Textual #6666);
    # each quarter rebuilt a footer, so its keys piled up.
    app = TalentWarApp(content=content, scenario="summer-2025", seed=1, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        await on_dashboard(pilot)
        counts = []
        for _ in range(QUARTERS):
            await pilot.press("e", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
            await settle(pilot, 2)
            counts.append(footer_keys())
        assert counts[-1] <= counts[0], f"footer keys alive after each quarter: {counts}"
        await app.wait_for_autosaves()


async def test_the_full_collection_runs_with_each_report_and_each_return_to_the_dashboard(
    content,  # type: ignore[no-untyped-def]
) -> None:
    app = TalentWarApp(content=content, scenario="summer-2025", seed=1, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        await on_dashboard(pilot)
        for _ in range(QUARTERS):
            await pilot.press("e")
            with full_collections() as on_report:
                await pilot.press("enter")
                await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
                await settle(pilot, 2)
            with full_collections() as on_dashboard_again:
                await pilot.press("enter")
                await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
                await settle(pilot, 2)
            assert on_report, "no full collection while the report was read"
            assert on_dashboard_again, "no full collection once the dashboard was back"
        await app.wait_for_autosaves()
