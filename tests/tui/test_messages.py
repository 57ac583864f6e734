"""Messages up, state down: the screens post typed requests; the app changes the session."""

from __future__ import annotations

from conftest import SEED
from textual.message import Message
from tui_helpers import settle, wait_for

from game.tui import messages
from game.tui.app import TalentWarApp
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.offers import GrantDialog
from game.tui.screens.opensource import OpenSourceScreen
from game.tui.screens.roster import RosterScreen


def requests(seen: list[Message]) -> list[Message]:
    """The game's own messages among those seen, once each (a message is seen again at each
    node it bubbles through)."""
    out: list[Message] = []
    for m in seen:
        if type(m).__module__ == messages.__name__ and all(m is not x for x in out):
            out.append(m)
    return out


async def test_keys_post_typed_requests_and_the_app_changes_the_draft(content) -> None:  # type: ignore[no-untyped-def]
    seen: list[Message] = []
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(100, 32), message_hook=seen.append) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        s = app.session
        assert s is not None
        before = s.draft.split.gpus
        await pilot.press("right")  # the split editor, focused: one step more for GPUs
        await settle(pilot)
        (adjusted,) = requests(seen)
        assert isinstance(adjusted, messages.SplitAdjusted) and adjusted.lever == "gpus"
        assert s.draft.split.gpus == adjusted.amount > before  # the app changed the draft

        seen.clear()
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenSourceScreen))
        await pilot.press("u")
        await settle(pilot)
        chosen = [m for m in requests(seen) if isinstance(m, messages.ReleaseChosen)]
        assert [m.choice for m in chosen] == ["current"]
        assert s.draft.release == "current"

        seen.clear()
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RosterScreen))
        rid = app.screen.table.current_id()
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, GrantDialog))
        grants = [m for m in requests(seen) if isinstance(m, messages.GrantRequested)]
        assert [m.rid for m in grants] == [rid]


async def test_a_posted_request_is_handled_by_the_controller(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        s = app.session
        assert s is not None
        version = app.view_version
        app.screen.post_message(messages.SplitAdjusted("open", 0.0))
        app.screen.post_message(messages.SplitAdjusted("offers", 1.0))
        await settle(pilot)
        assert s.draft.split.open == 0.0 and s.draft.split.offers == 1.0
        assert app.view_version > version  # pushed down: the screens redraw
        app.screen.post_message(messages.ScreenRequested("labs"))
        await settle(pilot)
        assert app.screen.__class__.__name__ == "LabsScreen"
