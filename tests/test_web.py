"""`talent-war serve`: the game in a real headless Chromium, and the arguments it refuses.

The browser tests drive Debian's Chromium (/usr/bin/chromium) with Playwright; no browser is
downloaded. They skip, saying why, only where that Chromium is missing.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import socket
import warnings

import pytest
from web_helpers import (
    CHROMIUM,
    NO_CHROMIUM,
    Served,
    chromium,
    focus,
    free_port,
    run_serve,
    wait_for_text,
    wait_until,
)

import game.tui

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
if not CHROMIUM.exists():  # (shown in pytest's summary, which lists no skip reasons by default)
    warnings.warn(NO_CHROMIUM, stacklevel=1)
BROWSER_KEYS = {"ctrl+w", "ctrl+t", "ctrl+n", "ctrl+tab", "ctrl+shift+tab", "ctrl+shift+t"}
"""Keys a browser keeps for itself: a page never gets them."""


@pytest.fixture
def served(tmp_path):  # type: ignore[no-untyped-def]
    server = Served(tmp_path / "saves")
    yield server
    server.stop()


def _start_game(page, term) -> None:  # type: ignore[no-untyped-def]
    """New game: the default scenario, normal, its random seed; ctrl+s starts it (a key the
    page gets: the browser's own "save page" does not take it)."""
    wait_for_text(page, term, "TALENT WAR", "Summer of the Superteams", "^s Start")
    focus(page)
    page.keyboard.press("Control+s")
    wait_for_text(page, term, "2025-Q3 Halcyon Research", "e End Q")


def _end_quarter(page, term, next_label: str) -> None:  # type: ignore[no-untyped-def]
    page.keyboard.press("e")
    wait_for_text(page, term, "End the quarter")
    page.keyboard.press("Enter")
    wait_for_text(page, term, "Quarter report", "Continue")
    page.keyboard.press("Enter")
    wait_for_text(page, term, f"{next_label} Halcyon Research", "e End Q")


@needs_chromium
def test_a_game_in_the_browser_stays_on_this_machine(served, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert served.url == f"http://127.0.0.1:{served.port}"
    with chromium(tmp_path / "profile") as browser:
        page, term = browser.open(served.url)
        wait_for_text(page, term, "TALENT WAR", "New game", "Summer of the Superteams")
        page.screenshot(path=str(tmp_path / "new-game.png"))
        _start_game(page, term)
        _end_quarter(page, term, "2025-Q4")
        assert term.lines[0].endswith("2025-Q4")  # the header: the next quarter
        page.screenshot(path=str(tmp_path / "quarter-ended.png"))
        assert (tmp_path / "quarter-ended.png").stat().st_size > 0
        kinds = {url.split(":", 1)[0] for url in browser.requests}
        assert {"http", "ws"} <= kinds  # the page, its files and the game's websocket
        assert any("/static/fonts/" in url for url in browser.requests)  # the shipped font
        assert browser.outside_requests() == []


@needs_chromium
def test_a_closed_tab_continues_in_a_new_one(served, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with chromium(tmp_path / "profile") as browser:
        page, term = browser.open(served.url)
        _start_game(page, term)
        _end_quarter(page, term, "2025-Q4")
        autosaved = "autosave-*-2025-Q4.json"  # (autosave-<game id>-<quarter>)
        wait_until(lambda: any(served.saves.glob(autosaved)), lambda: f"no {autosaved}", page)
        first = served.game_pids()
        assert len(first) == 1  # the tab's own game
        page.close()
        wait_until(lambda: served.game_pids() == [], lambda: "the closed tab's game still runs")

        page, term = browser.open(served.url)
        wait_for_text(page, term, "Halcyon Research, 2025-Q4", "C: continue")
        assert served.game_pids() != first  # a new game process for the new tab
        focus(page)
        page.keyboard.press("Shift+C")
        wait_for_text(page, term, "2025-Q4 Halcyon Research", "e End Q")
        _end_quarter(page, term, "2026-Q1")
        page.screenshot(path=str(tmp_path / "continued.png"))
        assert browser.outside_requests() == []


_KEY_THEN_BLUR = """() => {
    const input = document.querySelector('.xterm-helper-textarea');
    for (const type of ['keydown', 'keypress']) {
        input.dispatchEvent(new KeyboardEvent(type, {
            key: 'e', code: 'KeyE', keyCode: type === 'keydown' ? 69 : 101, charCode: 101,
            bubbles: true,
        }));
    }
    input.blur();
}"""
"""`e` typed, and in the same moment the page loses the keyboard (a click elsewhere)."""


@needs_chromium
def test_a_key_typed_as_the_page_loses_the_keyboard_is_answered(served, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with chromium(tmp_path / "profile") as browser:
        page, term = browser.open(served.url)
        _start_game(page, term)
        for _ in range(3):
            focus(page)
            page.evaluate(_KEY_THEN_BLUR)
            wait_for_text(page, term, "End the quarter")
            focus(page)
            page.keyboard.press("Escape")
            wait_until(lambda: "End the quarter" not in term.text, lambda: term.text, page)
        assert term.lines[0].endswith("2025-Q3")  # nothing else was done


# -- the arguments it refuses: one line, exit 2, nothing started --------------------------


def _refused(*args: str) -> str:
    done = run_serve(*args)
    assert done.returncode == 2, done
    assert done.stdout == ""  # no address printed: nothing was served
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("talent-war: error: "), done.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("port", "said"),
    [("abc", "'abc'"), ("0", "got 0"), ("70000", "got 70000"), ("-1", "got -1"), ("", "''")],
)
def test_a_bad_port_is_one_line(port: str, said: str) -> None:
    line = _refused("--port", port)
    assert "port from 1 to 65535" in line and said in line


def test_a_port_in_use_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        line = _refused("--port", str(port))
    assert f"port {port}" in line and "in use" in line


@pytest.mark.parametrize("host", ["no-such-host.invalid", "", "300.1.2.3", "local host"])
def test_a_bad_host_is_one_line(host: str) -> None:
    line = _refused("--host", host, "--port", str(free_port()))
    assert "host" in line


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_a_host_others_reach_needs_public(host: str) -> None:
    line = _refused("--host", host, "--port", str(free_port()))
    assert "--public" in line and "not a loopback" in line


def test_public_warns_that_anyone_can_play(tmp_path) -> None:  # type: ignore[no-untyped-def]
    server = Served(tmp_path / "saves", "--host", "0.0.0.0", "--public")
    server.stop()
    warnings = [line for line in server.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "anyone who can reach this port can play and write saves" in warnings[0]
    assert server.url == f"http://127.0.0.1:{server.port}"


def test_loopback_needs_no_public_nor_warns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    server = Served(tmp_path / "saves", "--host", "localhost")
    server.stop()
    assert "warning" not in server.stderr


# -- the keys -----------------------------------------------------------------------------


def _bindings() -> list[tuple[str, str]]:
    """(class, key) for every key binding in the game's TUI."""
    found = []
    modules = [game.tui] + [
        importlib.import_module(m.name)
        for m in pkgutil.walk_packages(game.tui.__path__, "game.tui.")
    ]
    for module in modules:
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__module__.startswith("game."):
                continue
            for binding in getattr(cls, "BINDINGS", []):
                keys = binding.key if hasattr(binding, "key") else binding[0]
                found += [(name, k.strip()) for k in keys.split(",")]
    return found


def test_no_game_key_is_one_the_browser_keeps() -> None:
    bindings = _bindings()
    assert ("TalentWarApp", "e") in bindings and ("NewGameScreen", "C") in bindings
    assert [b for b in bindings if b[1].lower() in BROWSER_KEYS] == []


def test_python_m_game_serve_checks_the_same() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "game", "serve", "--port", "x"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("talent-war: error: argument --port: expected a port")


def test_each_tab_runs_the_game_with_the_saves_and_mods_given(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shlex
    import sys

    from game.web.serve import game_command

    saves, mod = tmp_path / "my saves; rm -rf x", tmp_path / "a mod $HOME"
    argv = shlex.split(game_command(saves, [str(mod)]))
    assert argv == [sys.executable, "-m", "game", "--saves-dir", str(saves), "--mods", str(mod)]
