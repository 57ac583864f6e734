"""A monkey: thousands of random keys across every screen, from a fixed seed, raise nothing."""

from __future__ import annotations

import random

from textual import events
from tui_helpers import settle, wait_for

from game.tui.app import TalentWarApp

# Every key the game uses, plus navigation and typing. Quitting keys are left out (q would
# ask, and Enter would accept), and so is ctrl+p (typing into the palette can pick "Quit").
KEYS = (
    *"drmloecspgtxafbkun0123456789S",
    *("question_mark", "enter", "enter", "escape", "tab", "shift+tab", "space"),
    *("up", "down", "left", "right", "pageup", "pagedown", "home", "end"),
    *("plus", "minus", "backspace", "shift+left", "shift+right", "ctrl+s"),
)


async def test_monkey_never_breaks_the_app(short_content) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(20250701)
    app = TalentWarApp(content=short_content, scenario="short-2025", seed=7)
    screens: set[str] = set()
    quarters = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        app.animation_level = "none"
        driver = app._driver
        assert driver is not None
        for i in range(2000):
            key = rng.choice(KEYS)
            # Like Pilot.press, without waiting for idle after every key (that takes ~80 ms).
            char = key if len(key) == 1 else {"space": " ", "plus": "+", "minus": "-"}.get(key)
            if key == "question_mark":
                char = "?"
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)
            if i % 16 == 15:
                await pilot.pause()
                screens.add(type(app.screen).__name__)
                if app.session is not None:
                    quarters = max(quarters, len(app.session.state.reports))
            assert app.return_code is None, f"the app stopped after key {i} ({key})"
        await settle(pilot)
    # the monkey got around
    assert {"DashboardScreen", "RosterScreen", "MarketScreen", "LabsScreen"} <= screens
    assert quarters >= 1
