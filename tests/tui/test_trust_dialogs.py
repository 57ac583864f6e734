"""Dialogs a player can trust (issue 16): toasts never cover a form's warning line, and each
refusal is shown once, in the preview or on the warning line, never in both."""

from __future__ import annotations

import pytest
from conftest import SEED
from textual.geometry import Region
from textual.widgets import Checkbox, Input, Static
from tui_helpers import on_dashboard, open_offer, settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.screens.budget import ComputeDialog
from game.tui.screens.forms import FormDialog

SIZES = [(80, 24), (120, 40)]


def game_app(content) -> TalentWarApp:  # type: ignore[no-untyped-def]
    return TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")


def toast_cells(dialog: FormDialog) -> list[Region]:
    """The cells where a toast is what the player sees (a toast's region, clipped by the
    screen, the toast rack and the layers above it)."""
    size = dialog.size
    seen: list[Region] = []
    for y in range(size.height):
        for x in range(size.width):
            widget, _ = dialog.get_widget_at(x, y)
            if type(widget).__name__ == "Toast":
                seen.append(Region(x, y, 1, 1))
    return seen


def warning_line(dialog: FormDialog) -> Static:
    return dialog.query_one("#form-error", Static)


def shown_text(dialog: FormDialog) -> tuple[str, str]:
    """What the preview and the warning line say."""
    preview = str(dialog.query_one("#form-preview", Static).render())
    error = warning_line(dialog)
    return preview, str(error.render()) if error.display else ""


async def check_no_toast_on_the_warning(pilot, dialog: FormDialog, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    for i in range(6):  # more than fit above the line
        app.notify(f"Something happened while you looked away, number {i}.", title="News")
    await settle(pilot, 4)
    await pilot.press("enter")  # confirm the invalid form: the warning line shows
    await settle(pilot, 4)
    assert app.screen is dialog
    error = warning_line(dialog)
    assert error.display and error.region, size
    toasts = toast_cells(dialog)
    assert toasts, f"no toast is shown at {size}"
    covered = [cell for cell in toasts if cell.overlaps(error.region)]
    assert not covered, f"toasts cover the warning line at {size}: {covered[:3]}"
    row = error.region
    assert all(dialog.get_widget_at(x, row.y)[0] is error for x in range(row.x, row.right))


@pytest.mark.parametrize("size", SIZES)
async def test_toasts_never_cover_the_offer_dialogs_warning(content, size) -> None:  # type: ignore[no-untyped-def]
    app = game_app(content)
    async with app.run_test(size=size, notifications=True) as pilot:
        s = await on_dashboard(pilot)
        for rid in s.legal.own[: s.legal.outreach_points]:
            s.toggle_outreach(rid)
        dialog = await open_offer(pilot)
        dialog.query_one("#f-flag", Checkbox).value = True  # no outreach point left
        await settle(pilot)
        await check_no_toast_on_the_warning(pilot, dialog, size)


async def open_buy(pilot) -> ComputeDialog:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(app.screen, ComputeDialog))
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, ComputeDialog)
    return dialog


@pytest.mark.parametrize("size", SIZES)
async def test_toasts_never_cover_the_buy_dialogs_warning(content, size) -> None:  # type: ignore[no-untyped-def]
    app = game_app(content)
    async with app.run_test(size=size, notifications=True) as pilot:
        s = await on_dashboard(pilot)
        dialog = await open_buy(pilot)
        dialog.query_one("#f-buy", Input).value = str(s.legal.max_buy + 1)
        await settle(pilot)
        await check_no_toast_on_the_warning(pilot, dialog, size)
        dialog.query_one("#f-buy", Input).value = "1"  # valid: the line goes, toasts stay off
        await settle(pilot, 4)
        assert not warning_line(dialog).display


async def test_the_buy_dialog_shows_each_refusal_once(content) -> None:  # type: ignore[no-untyped-def]
    app = game_app(content)
    async with app.run_test(size=(120, 40)) as pilot:
        s = await on_dashboard(pilot)
        dialog = await open_buy(pilot)
        too_many_buy = s.legal.max_buy + 5
        dialog.query_one("#f-buy", Input).value = str(too_many_buy)
        dialog.query_one("#f-rent", Input).value = str(s.legal.max_rent + 5)
        await settle(pilot)
        buy_words = f"at most {s.legal.max_buy} compute units can be bought"
        rent_words = f"at most {s.legal.max_rent} compute units can be rented"
        preview, error = shown_text(dialog)
        assert error == ""  # not confirmed yet: the preview says it all
        assert preview.count(buy_words) == 1 and preview.count(rent_words) == 1
        # no arrival date, and no budget that grows, for a purchase that can't be made
        assert "They arrive" not in preview and "will grow" not in preview
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        preview, error = shown_text(dialog)
        both = preview + "\n" + error
        assert both.count(buy_words) == 1, both
        assert both.count(rent_words) == 1, both
        assert buy_words in error
        # the line follows the input: with the buy fixed, the rent refusal moves to it
        dialog.query_one("#f-buy", Input).value = "1"
        await settle(pilot)
        preview, error = shown_text(dialog)
        assert rent_words in error and rent_words not in preview and buy_words not in preview
        # a field that is not a number: said once too
        dialog.query_one("#f-rent", Input).value = ""
        await settle(pilot)
        preview, error = shown_text(dialog)
        assert (preview + error).count("Type a number") == 1
        assert not s.draft.buy


async def test_the_palette_hides_order_commands_once_the_game_is_over(short_content) -> None:  # type: ignore[no-untyped-def]
    from test_palette import palette_hits
    from tui_helpers import play_to_game_over

    from game.tui.app import MAIN_SCREENS
    from game.tui.commands import GameCommands, action_of
    from game.tui.screens.base import ORDER_ACTIONS

    app = TalentWarApp(content=short_content, scenario="short-2025", seed=SEED, difficulty="normal")

    async def commands_on_each_screen(pilot) -> dict[str, list[tuple[str, str | None]]]:  # type: ignore[no-untyped-def]
        seen = {}
        for name in MAIN_SCREENS:
            app.action_goto(name)
            await wait_for(pilot, lambda name=name: getattr(app.screen, "SCREEN_NAME", "") == name)
            await settle(pilot)
            seen[name] = [(t, action_of(cb)) for t, _, cb in GameCommands(app.screen).commands()]
        return seen

    async with app.run_test(size=(120, 40)) as pilot:
        await on_dashboard(pilot)
        before = await commands_on_each_screen(pilot)
        orders = {t for cmds in before.values() for t, action in cmds if action in ORDER_ACTIONS}
        # each screen's order commands are known by their action (the test would miss others)
        for title in (
            "Set the budget split",
            "Buy or rent compute",
            "Fit the split to my orders",
            "Release the current model (open weights)",
            "Release nothing: keep the weights closed",
            "Make an offer to the selected researcher",
            "Raise for the selected researcher",
            "Counter-offer",
        ):
            assert title in orders, title
        app.action_goto("dashboard")
        await play_to_game_over(pilot)
        await pilot.press("escape")  # look around the finished game
        await settle(pilot)
        after = await commands_on_each_screen(pilot)
        for name, cmds in after.items():
            titles = [t for t, _ in cmds]
            assert not [t for t, a in cmds if a in ORDER_ACTIONS], name
            assert "End the quarter" not in titles
            # the rest stays: the screens, sorting, charts, saving
            assert titles == [
                t for t, _ in before[name] if t not in orders and t != "End the quarter"
            ]
        app.action_goto("open")
        await wait_for(pilot, lambda: getattr(app.screen, "SCREEN_NAME", "") == "open")
        hits = await palette_hits(pilot, "release")
        assert not any(h.startswith("Release") for h in hits), hits
