"""Helpers for the browser tests: the server as a subprocess, Debian's Chromium driven by
Playwright, and the game's screen rebuilt from the websocket's frames.

The terminal in the page is drawn on a canvas, so the screen is read where the page gets it:
the game's output (the binary websocket frames, an ANSI stream) is fed to a `pyte` screen of
the size the page asked for.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyte

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = (
    f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium) "
    "to run the browser tests"
)
WAIT = float(os.environ.get("WEB_WAIT", "20"))
"""The longest wait for a screen, in seconds (a bound on failure, not a timing)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_command() -> list[str]:
    """`talent-war serve` from this Python's environment (`python -m game` without the script)."""
    script = Path(sys.executable).parent / "talent-war"
    return [str(script), "serve"] if script.exists() else [sys.executable, "-m", "game", "serve"]


def run_serve(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """`talent-war serve ARGS` to the end (for the arguments it refuses)."""
    return subprocess.run(
        [*serve_command(), *args], capture_output=True, text=True, timeout=timeout
    )


class Served:
    """A running `talent-war serve`, in its own process group (its games are in it too)."""

    def __init__(self, saves: Path, *args: str) -> None:
        self.port = free_port()
        self.saves = saves
        self.stderr = ""
        self.proc = subprocess.Popen(
            [*serve_command(), "--port", str(self.port), "--saves-dir", str(saves), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        self.first_line = self.proc.stdout.readline().strip()
        found = re.search(r"https?://\S+", self.first_line)
        if found is None:
            self.stop()
            raise AssertionError(f"no address printed: {self.first_line!r} {self.stderr!r}")
        self.url = found.group(0)

    def game_pids(self) -> list[int]:
        """The game processes of this server's tabs (Linux: from /proc)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            session = int(stat.rsplit(")", 1)[1].split()[3])
            if session == self.proc.pid and b"--saves-dir" in cmdline and b"serve" not in cmdline:
                if cmdline[0].endswith(b"sh"):
                    continue  # (the shell textual-serve starts each game with)
                pids.append(int(entry.name))
        return pids

    def stop(self) -> None:
        """End the server and every game it started (the whole process group)."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        with contextlib.suppress(subprocess.TimeoutExpired, ValueError):
            self.stderr = self.proc.communicate(timeout=5)[1] or ""
        # (a game still running after its server, e.g. one stuck saving)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)


class Terminal:
    """The game's screen in one tab, rebuilt from the frames its websocket received."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.frames = 0
        self.last_frame = 0.0
        self.closed = False
        self.sent: list[str] = []

    def attach(self, ws: object) -> None:
        query = parse_qs(urlparse(ws.url).query)  # type: ignore[attr-defined]
        if "width" in query and "height" in query:
            self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        ws.on("framereceived", self._received)  # type: ignore[attr-defined]
        ws.on("framesent", self._sent)  # type: ignore[attr-defined]
        ws.on("close", lambda _: setattr(self, "closed", True))  # type: ignore[attr-defined]

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, (bytes, bytearray)):
            self.stream.feed(bytes(payload))
            self.frames += 1
            self.last_frame = time.perf_counter()

    def _sent(self, payload: str | bytes) -> None:
        self.sent.append(payload if isinstance(payload, str) else repr(payload))
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.screen.resize(int(size["height"]), int(size["width"]))

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def wait_until(
    what: Callable[[], bool], describe: Callable[[], str], page: object | None = None
) -> None:
    """Wait (letting `page` run, if given) until `what()` holds; fail with `describe()` after
    WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while not what():
        if time.monotonic() > deadline:
            raise AssertionError(describe())
        if page is None:
            time.sleep(0.02)
        else:
            page.wait_for_timeout(20)  # type: ignore[attr-defined]


def wait_for_text(page: object, term: Terminal, *needles: str) -> None:
    """Wait until every one of `needles` is on the screen."""
    wait_until(
        lambda: all(n in term.text for n in needles),
        lambda: f"{needles} not on screen:\n{term.text}",
        page,
    )


class Browser:
    """Chromium with a fresh profile; every request and websocket its pages open is kept."""

    def __init__(self, context: object) -> None:
        self.context = context
        self.requests: list[str] = []
        context.on("request", lambda r: self.requests.append(r.url))  # type: ignore[attr-defined]

    def open(self, url: str) -> tuple[object, Terminal]:
        """A new tab at `url`, with the keyboard on its terminal once it is connected."""
        page = self.context.new_page()  # type: ignore[attr-defined]
        term = Terminal()

        def websocket(ws: object) -> None:
            self.requests.append(ws.url)  # type: ignore[attr-defined]
            term.attach(ws)

        page.on("websocket", websocket)
        page.goto(url)
        page.wait_for_selector(".xterm-helper-textarea", state="attached")
        return page, term

    def outside_requests(self) -> list[str]:
        """The requests that went anywhere but 127.0.0.1."""
        out = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.scheme not in ("http", "https", "ws", "wss") or parsed.hostname != (
                "127.0.0.1"
            ):
                out.append(url)
        return out


@contextmanager
def chromium(profile: Path) -> Iterator[Browser]:
    """Debian's Chromium, headless, with a fresh profile (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1200, "height": 800},
        )
        try:
            yield Browser(context)
        finally:
            context.close()


def focus(page: object) -> None:
    """Give the keyboard to the page's terminal (xterm's input field)."""
    page.focus(".xterm-helper-textarea")  # type: ignore[attr-defined]
