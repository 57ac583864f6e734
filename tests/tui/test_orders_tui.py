"""Orders never fail without a word: dialogs that stay open and say why, order keys that go
when the game is over, a selection that follows the person, Enter that confirms, alerts that
lead somewhere (issue 16, "Orders that fail or mislead")."""

from __future__ import annotations

from conftest import SEED
from textual.widgets import Checkbox, Input, OptionList, Static
from tui_helpers import end_quarter, on_dashboard, open_offer, settle, wait_for

from game.tui.app import TalentWarApp
from game.tui.screens.budget import ComputeDialog, SplitDialog
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.forms import FormDialog
from game.tui.screens.market import MarketScreen
from game.tui.screens.roster import RosterScreen


async def press_enter_on_alert(pilot, option_id: str) -> None:  # type: ignore[no-untyped-def]
    """Highlight the dashboard alert `option_id` and press Enter on it."""
    alerts = pilot.app.screen.query_one("#alerts", OptionList)
    ids = [alerts.get_option_at_index(i).id for i in range(alerts.option_count)]
    alerts.focus()
    alerts.highlighted = ids.index(option_id)
    await settle(pilot)
    await pilot.press("enter")


def error_line(dialog: FormDialog) -> str:
    error = dialog.query_one("#form-error", Static)
    return str(error.render()) if error.display else ""


async def test_an_invalid_offer_stays_open_and_says_why(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        s = await on_dashboard(pilot)
        # every outreach point goes to your own people first
        for rid in s.legal.own[: s.legal.outreach_points]:
            s.toggle_outreach(rid)
        assert s.outreach_left() == 0
        dialog = await open_offer(pilot)
        assert error_line(dialog) == ""  # nothing is wrong until the player confirms
        box = dialog.query_one("#f-flag", Checkbox)
        box.value = True  # CEO outreach, with no point left
        await settle(pilot)
        await pilot.press("enter")  # (in the salary field)
        await settle(pilot)
        assert app.screen is dialog  # still open: the typed offer is not lost
        line = error_line(dialog)
        assert "outreach" in line.lower() and "\n" not in line
        assert not s.draft.offers
        box.value = False  # valid again: the error goes at once
        await settle(pilot)
        assert error_line(dialog) == ""
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MarketScreen)
        assert len(s.draft.offers) == 1 and not s.draft.offers[0].terms.outreach


async def test_every_form_dialog_keeps_a_form_that_is_not_a_number(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        s = await on_dashboard(pilot)
        for key, kind in (("s", SplitDialog), ("b", ComputeDialog)):
            await pilot.press(key)
            await wait_for(pilot, lambda kind=kind: isinstance(app.screen, kind))
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, FormDialog)
            field = dialog.query(Input).first()
            field.value = ""
            await settle(pilot)
            assert error_line(dialog) == ""
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog, kind
            assert "number" in error_line(dialog)
            field.value = "0"
            await settle(pilot)
            assert error_line(dialog) == "", kind
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        # the split dialog over the budget says so on its error line, and keeps the draft
        before = s.draft.split
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SplitDialog))
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#f-gpus", Input).value = f"{s.legal.budget.discretionary * 2:.0f}"
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen is dialog and error_line(dialog)
        assert s.draft.split == before


async def test_enter_on_the_outreach_box_confirms_the_offer(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        s = await on_dashboard(pilot)
        dialog = await open_offer(pilot)
        box = dialog.query_one("#f-flag", Checkbox)
        box.focus()
        await settle(pilot)
        before = box.value
        await pilot.press("space")  # Space still ticks it
        await settle(pilot)
        assert box.value is (not before)
        await pilot.press("enter")  # Enter confirms, as in the fields
        await wait_for(pilot, lambda: isinstance(app.screen, MarketScreen))
        assert len(s.draft.offers) == 1
        assert s.draft.offers[0].terms.outreach is (not before)


async def test_the_roster_cursor_follows_the_person_when_the_table_resorts(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        s = await on_dashboard(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RosterScreen))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        table = screen.table
        await pilot.press("down", "down", "down")
        await settle(pilot)
        rid = table.current_id()
        assert rid is not None and table.cursor_row == 3
        # a new sort column, then reversed: still the same person
        for key in ("s", "S", "s", "s"):
            await pilot.press(key)
            await settle(pilot)
            assert table.current_id() == rid, key
        # sorted by orders: talking to them moves their row; the cursor goes with them
        while table.sort_key != "orders":
            await pilot.press("s")
            await settle(pilot)
        assert table.current_id() == rid
        row_before = table.cursor_row
        await pilot.press("t")
        await settle(pilot)
        assert s.draft.outreach == [rid]
        assert table.current_id() == rid
        assert table.cursor_row != row_before  # (the row did move)
        await pilot.press("g")  # the grant is for the same person
        await wait_for(pilot, lambda: isinstance(app.screen, FormDialog))
        assert app.screen.rid == rid  # type: ignore[attr-defined]


async def test_after_game_over_the_footer_has_no_order_keys_and_n_starts_a_new_game(
    short_content,
) -> None:  # type: ignore[no-untyped-def]
    from test_footer import footer_keys
    from tui_helpers import play_to_game_over

    from game.tui.screens.base import ORDER_ACTIONS
    from game.tui.screens.gameover import GameOverScreen
    from game.tui.screens.newgame import NewGameScreen

    app = TalentWarApp(content=short_content, scenario="short-2025", seed=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        assert {"e", "s", "b", "f", "c"} <= set(footer_keys(app.screen))
        assert "n" not in footer_keys(app.screen)  # (a game in play: no new-game key)
        await play_to_game_over(pilot)
        await pilot.press("escape")  # look around the final state
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        for key, screen in (("d", DashboardScreen), ("r", RosterScreen), ("m", MarketScreen)):
            await pilot.press(key)
            await wait_for(pilot, lambda screen=screen: isinstance(app.screen, screen))
            await settle(pilot)
            shown = footer_keys(app.screen)
            actions = {k.action for k in shown.values()}
            assert not actions & ORDER_ACTIONS, (key, actions & ORDER_ACTIONS)
            assert "e" not in shown and "n" in shown
        assert app.session is not None and app.session.over
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("e")  # does nothing: no dialog opens
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewGameScreen))
        assert not isinstance(app.screen, GameOverScreen)


async def test_enter_on_a_rumour_or_delivery_alert_opens_its_place(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        s = await on_dashboard(pilot)
        await end_quarter(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        # a rumour about one of your people far down the roster, and a delivery
        rivals = [k for k in s.state.labs if k != s.state.player]
        courted = s.legal.own[-1]
        report = s.state.reports[-1]
        report.rumours[:] = [(rivals[0], courted)]
        report.deliveries = 10.0
        app.refresh_view()
        await settle(pilot)
        await press_enter_on_alert(pilot, f"r:{rivals[0]}:{courted}")
        await wait_for(pilot, lambda: isinstance(app.screen, RosterScreen))
        await settle(pilot)
        assert app.screen.table.current_id() == courted  # type: ignore[attr-defined]
        assert app.screen.table.cursor_row > 0  # type: ignore[attr-defined]  # (not by chance)
        await pilot.press("t")  # acted on from there: outreach to the person courted
        await settle(pilot)
        assert s.draft.outreach == [courted]
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        await press_enter_on_alert(pilot, "d:last")
        await wait_for(pilot, lambda: isinstance(app.screen, ComputeDialog))
