"""Drafts are part of the saved game: saving and loading keeps the orders of the quarter, the
game's id (its autosaves' names) and the release choice, which carries over until changed."""

from __future__ import annotations

from conftest import SEED
from tui_helpers import on_dashboard, open_offer, settle, wait_for

from game.saves import list_saves, load_save
from game.tui.app import TalentWarApp
from game.tui.games import GameChoice
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.opensource import OpenSourceScreen
from game.tui.screens.report import ReportScreen


async def test_drafted_orders_survive_a_save_and_load(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        s = await on_dashboard(pilot)
        await open_offer(pilot)
        await pilot.press("enter")  # an offer, drafted
        await settle(pilot)
        s.toggle_outreach(s.legal.own[0])
        assert len(s.draft.offers) == 1
        draft, game_id = s.draft.model_copy(deep=True), s.game_id
        assert app.saving.save_as("with drafts") is not None
        # another game in between, then the save again
        app.start_game(GameChoice("summer-2025", SEED + 1, "normal"))
        await wait_for(pilot, lambda: app.session is not s and app.session is not None)
        assert app.session is not None and app.session.game_id != game_id
        assert app.saving.open_save("with drafts")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        loaded = app.session
        assert loaded is not None
        assert loaded.draft == draft
        assert loaded.game_id == game_id
        assert "offer" in loaded.pending_marks(draft.offers[0].researcher)


async def test_the_release_choice_carries_over_and_autosaves_are_named_by_the_game(
    content,
) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(120, 40)) as pilot:
        s = await on_dashboard(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenSourceScreen))
        await pilot.press("u")
        await settle(pilot)
        assert s.draft.release == "current"
        await pilot.press("e", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await app.wait_for_autosaves()
        assert s.state.quarter == 1
        assert "current" in s.legal.releases  # (the model grew: it can be opened again)
        assert s.draft.release == "current"  # until changed
        await pilot.press("enter")
        await settle(pilot)
        autos = [i for i in list_saves() if i.autosave]
        assert [i.name for i in autos] == [f"autosave-{s.game_id}-{s.label}"]
        saved = load_save(autos[0].path)
        assert saved.session is not None and saved.session.game_id == s.game_id
        assert saved.session.release == "current"
        assert saved.session.draft == s.draft
        await pilot.press("o", "k")  # changed: closed from now on
        await settle(pilot)
        assert s.release == "keep" and s.draft.release == "keep"


async def test_a_save_whose_drafts_name_people_who_are_gone_loads_without_them(
    content, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from game.core.engine import new_game
    from game.core.models import GrantOrder, OfferOrder, OfferTerms, Orders
    from game.saves import SaveSession, save_game

    state = new_game(content, "summer-2025", SEED, "normal")
    own = next(r.id for r in state.researchers.values() if r.lab == state.player)
    draft = Orders(
        offers=[OfferOrder(researcher="nobody", terms=OfferTerms(salary=1.0))],
        grants=[GrantOrder(researcher=own, equity=0.001), GrantOrder(researcher="x", equity=0.1)],
        outreach=["ghost", own],
    )
    save_game(state, "odd drafts", session=SaveSession(game_id="abc123", draft=draft))
    app = TalentWarApp(content=content, load="odd drafts")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        s = app.session
        assert s is not None and s.game_id == "abc123"
        assert s.draft.offers == [] and [g.researcher for g in s.draft.grants] == [own]
        assert s.draft.outreach == [own]
        for key in ("r", "m", "e"):
            await pilot.press(key)
            await settle(pilot)
