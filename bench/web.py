"""The browser figures (issue 15): `python bench/web.py [--quick] [--json]`.

Both servers are textual-serve with the game's page (`game.web.server.GameServer`), one running
the game (`talent-war serve`), the other the minimal Textual app (bench/minimal_app.py), and one
headless Chromium (Debian's /usr/bin/chromium) opens them in turn, alternating, in the same run.

Times are taken in the page: a script wraps the page's WebSocket before textual.js loads and
stamps every binary frame (`performance.now()`, from the start of the navigation) and every
key down; the frames' ANSI stream is replayed on a `pyte` screen to find the frame that first
shows the screen waited for. So a figure runs from the navigation (or the key) to the arrival
of the frame that draws the result, without the test driver's own delays.

- open: page navigation to the frame showing New game (game) / the app's text (minimal);
- end quarter: the confirming Enter in the End quarter dialog to the frame showing the report;
- e key: `e` on the dashboard to the frame showing the End quarter dialog (a cheap action: the
  path key -> websocket -> game -> websocket alone);
- the terminal: the same end of the quarter timed inside the app under Pilot (bench/run.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from web_helpers import CHROMIUM, NO_CHROMIUM, WAIT, chromium, focus  # noqa: E402

from bench.minimal_app import READY  # noqa: E402

GAP = 200
"""ms between a screen drawn and the next key, as a player leaves (the game idle again)."""
TARGETS = {"open_ratio": 1.5, "end_quarter_ms_p95": 100.0}
STAMPS = """
window.__tw = {frames: [], keys: []};
const NativeWebSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const ws = new NativeWebSocket(url, protocols);
  ws.addEventListener("message", (e) => {
    if (typeof e.data !== "string") window.__tw.frames.push(performance.now());
  });
  return ws;
};
window.WebSocket.prototype = NativeWebSocket.prototype;
document.addEventListener("keydown", () => window.__tw.keys.push(performance.now()), true);
"""


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(0.95 * (len(s) - 1))))]


class Watched:
    """A tab's websocket frames: their sizes, and the index of the first frame (after `watch`)
    whose bytes hold a text. (Textual writes a run of text in one style as it is, so a word on
    screen is in the frame that draws it; no terminal is replayed while timing.)"""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.needle: bytes | None = None
        self.hit: int | None = None

    def attach(self, ws: Any) -> None:
        ws.on("framereceived", self._received)

    @property
    def frames(self) -> int:
        return len(self.sizes)

    def watch(self, text: str) -> None:
        self.needle, self.hit = text.encode(), None

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        self.sizes.append(len(payload))
        if self.hit is None and self.needle is not None and self.needle in payload:
            self.hit = len(self.sizes) - 1


def _wait(page: Any, term: Watched, what: str) -> int:
    deadline = time.monotonic() + WAIT
    while term.hit is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: {term.needle!r} not shown")
        page.wait_for_timeout(5)
    return term.hit


def _stamps(page: Any) -> dict[str, list[float]]:
    stamps: dict[str, list[float]] = page.evaluate("window.__tw")
    return stamps


def _server(saves: Path, minimal: bool) -> tuple[subprocess.Popen[str], str]:
    """A server on a free loopback port (the game's `talent-war serve`, or the minimal app's)."""
    from web_helpers import free_port, serve_command

    port = free_port()
    if minimal:
        cmd = [sys.executable, __file__, "--serve-minimal", str(saves), str(port)]
    else:
        cmd = [*serve_command(), "--port", str(port), "--saves-dir", str(saves)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "http://" not in line:
        raise RuntimeError(f"server did not start: {line!r}")
    return proc, f"http://127.0.0.1:{port}"


def _stop(proc: subprocess.Popen[str]) -> None:
    import os
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def _open(browser: Any, url: str, shown: str) -> tuple[Any, Watched, float]:
    """A new tab at `url`: the page, its frames and ms from navigation to `shown` drawn."""
    page = browser.context.new_page()
    term = Watched()
    term.watch(shown)
    page.on("websocket", term.attach)
    page.goto(url)
    hit = _wait(page, term, "first screen")
    return page, term, _frame_time(page, hit)


def _frame_time(page: Any, index: int) -> float:
    deadline = time.monotonic() + WAIT
    while True:  # (the page's stamp of a frame the driver has seen is there already)
        frames = _stamps(page)["frames"]
        if len(frames) > index:
            return float(frames[index])
        if time.monotonic() > deadline:
            raise RuntimeError("frame stamps missing")
        page.wait_for_timeout(5)


def _key_to(page: Any, term: Watched, key: str, shown: str) -> float:
    """Press `key`, return ms from its key down in the page to the frame drawing `shown`."""
    page.wait_for_timeout(GAP)
    keys_before = len(_stamps(page)["keys"])
    term.watch(shown)
    page.keyboard.press(key)
    hit = _wait(page, term, key)
    keys = _stamps(page)["keys"]
    return _frame_time(page, hit) - float(keys[keys_before])


def bench_open(browser: Any, game_url: str, minimal_url: str, rounds: int) -> dict[str, Any]:
    game: list[float] = []
    minimal: list[float] = []
    for _ in range(rounds):  # alternating, so both see the same machine
        for url, shown, out in (
            (game_url, "Summer of the Superteams", game),
            (minimal_url, READY, minimal),
        ):
            page, _, ms = _open(browser, url, shown)
            out.append(ms)
            page.close()
            time.sleep(0.3)  # (the closed tab's process ends)
    return {
        "open_game_ms": median(game),
        "open_minimal_ms": median(minimal),
        "open_ratio": median(game) / median(minimal),
        "_open": f"{rounds} opens each; game {_spread(game)}; minimal app {_spread(minimal)}",
    }


def bench_keys(browser: Any, game_url: str, quarters: int) -> dict[str, Any]:
    page, term, _ = _open(browser, game_url, "^s")
    focus(page)
    page.wait_for_timeout(500)  # (the scenarios are read: ^s starts)
    _key_to(page, term, "Control+s", "Budget split")
    dialog: list[float] = []
    ends: list[float] = []
    back: list[float] = []
    sizes: list[int] = []
    for _ in range(quarters):
        dialog.append(_key_to(page, term, "e", "End the quarter"))
        ends.append(_key_to(page, term, "Enter", "Quarter report"))
        sizes.append(term.sizes[term.hit or 0])
        try:
            back.append(_key_to(page, term, "Enter", "Budget split"))
        except RuntimeError:  # the game is over (its screen follows the last report)
            break
    page.close()
    return {
        "end_quarter_ms_median": median(ends),
        "end_quarter_ms_p95": p95(ends),
        "e_key_ms_median": median(dialog),
        "e_key_ms_p95": p95(dialog),
        "_keys": f"{len(ends)} quarters; end quarter {_spread(ends)} (the report's frame "
        f"{median(sizes) / 1024:.0f} KiB); e (dialog) {_spread(dialog)}; report -> "
        f"dashboard {_spread(back)}",
    }


def bench_websocket(game_url: str, quarters: int) -> dict[str, Any]:
    """The same keys sent on the game's websocket by a plain client, without a browser: what
    the server and the game process take (the browser's share is the difference)."""
    import asyncio

    import aiohttp

    async def run() -> tuple[list[float], list[float], list[float]]:
        dialog: list[float] = []
        ends: list[float] = []
        back: list[float] = []
        ws_url = game_url.replace("http://", "ws://") + "/ws?width=133&height=38"
        async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:

            async def shown_in(shown: bytes, t0: float) -> float:
                async with asyncio.timeout(WAIT):
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY and shown in message.data:
                            return (time.perf_counter() - t0) * 1000
                raise RuntimeError(f"{shown!r} not shown")

            async def key_to(key: str, shown: bytes) -> float:
                await asyncio.sleep(GAP / 1000)
                t0 = time.perf_counter()
                await ws.send_str(json.dumps(["stdin", key]))
                return await shown_in(shown, t0)

            await shown_in(b"Superteams", time.perf_counter())
            await asyncio.sleep(0.5)  # (the scenarios are read: ctrl+s starts)
            await key_to("\x13", b"Budget split")
            for _ in range(quarters):
                dialog.append(await key_to("e", b"End the quarter"))
                ends.append(await key_to("\r", b"Quarter report"))
                try:
                    back.append(await key_to("\r", b"Budget split"))
                except (RuntimeError, TimeoutError):
                    break  # the game is over
        return dialog, ends, back

    dialog, ends, back = asyncio.run(run())
    return {
        "ws_end_quarter_ms_p95": p95(ends),
        "ws_e_key_ms_p95": p95(dialog),
        "_websocket": f"{len(ends)} quarters, plain websocket client; end quarter {_spread(ends)}; "
        f"e (dialog) {_spread(dialog)}; report -> dashboard {_spread(back)}",
    }


def bench_terminal(quarters: int) -> dict[str, Any]:
    """The same end of a quarter in the terminal (bench/run.py's in-app timing, Pilot)."""
    from bench.run import bench_end_quarter
    from game.content import load_content

    figures = bench_end_quarter(load_content(), quarters)
    return {
        "terminal_end_quarter_ms_p95": figures["end_quarter_ms_p95"],
        "_terminal": figures["_end_quarter"],
    }


def _spread(xs: list[float]) -> str:
    return f"median {median(xs):.0f} ms, p95 {p95(xs):.0f} ms, max {max(xs):.0f} ms"


def serve_minimal(saves: str, port: int) -> None:
    """The minimal app served the same way as the game (same server class and page)."""
    import shlex

    from game.web.server import GameServer

    command = shlex.join([sys.executable, str(ROOT / "bench" / "minimal_app.py")])
    url = f"http://127.0.0.1:{port}"
    GameServer(command, "127.0.0.1", port, url, Path(saves)).serve()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--serve-minimal", nargs=2, metavar=("SAVES", "PORT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_minimal:
        serve_minimal(args.serve_minimal[0], int(args.serve_minimal[1]))
        return 0
    if not CHROMIUM.exists():
        print(f"bench/web.py: {NO_CHROMIUM}", file=sys.stderr)
        return 1
    rounds, quarters = (3, 6) if args.quick else (9, 16)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        game, game_url = _server(Path(tmp) / "saves", minimal=False)
        minimal, minimal_url = _server(Path(tmp) / "saves", minimal=True)
        try:
            with chromium(Path(tmp) / "profile") as browser:
                browser.context.add_init_script(STAMPS)
                results |= bench_open(browser, game_url, minimal_url, rounds)
                results |= bench_keys(browser, game_url, quarters)
            results |= bench_websocket(game_url, quarters)
        finally:
            _stop(game)
            _stop(minimal)
    results |= bench_terminal(quarters)
    if args.json:
        print(json.dumps(results, sort_keys=True))
        return 0
    _print(results)
    return 0


def _print(r: dict[str, Any]) -> None:
    ok = {k: r[k] <= v for k, v in TARGETS.items()}
    print(f"{'figure':32} {'browser':26} {'reference':34} {'ratio':6} {'target':14} ok")
    rows = [
        (
            "open page -> New game",
            f"median {r['open_game_ms']:.0f} ms",
            f"median {r['open_minimal_ms']:.0f} ms (minimal app)",
            f"{r['open_ratio']:.2f}x",
            "<= 1.5x",
            ok["open_ratio"],
        ),
        (
            "end quarter key -> report",
            f"p95 {r['end_quarter_ms_p95']:.0f} ms (median {r['end_quarter_ms_median']:.0f})",
            f"p95 {r['terminal_end_quarter_ms_p95']:.0f} ms (terminal, in app)",
            f"{r['end_quarter_ms_p95'] / r['terminal_end_quarter_ms_p95']:.2f}x",
            "p95 <= 100 ms",
            ok["end_quarter_ms_p95"],
        ),
        (
            "  same, no browser",
            "-",
            f"p95 {r['ws_end_quarter_ms_p95']:.0f} ms (websocket client)",
            f"{r['end_quarter_ms_p95'] / r['ws_end_quarter_ms_p95']:.2f}x",
            "-",
            None,
        ),
        (
            "e key -> End quarter dialog",
            f"p95 {r['e_key_ms_p95']:.0f} ms (median {r['e_key_ms_median']:.0f})",
            f"p95 {r['ws_e_key_ms_p95']:.0f} ms (websocket client)",
            f"{r['e_key_ms_p95'] / r['ws_e_key_ms_p95']:.2f}x",
            "-",
            None,
        ),
    ]
    for name, value, ref, ratio, target, good in rows:
        mark = "-" if good is None else ("yes" if good else "NO")
        print(f"{name:32} {value:26} {ref:34} {ratio:6} {target:14} {mark}")
    for key in sorted(k for k in r if k.startswith("_")):
        print(f"  {key[1:]}: {r[key]}")


if __name__ == "__main__":
    sys.exit(main())
