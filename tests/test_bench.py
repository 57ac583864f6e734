"""The benchmark runs (every section, at its smallest: --smoke) and its scenario generator
works. Never checks speed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scale import make_scenario, with_scale  # noqa: E402
from game.content import load_content  # noqa: E402
from game.core.engine import advance, new_game  # noqa: E402
from game.core.models import Orders  # noqa: E402

KEYS = (
    "startup_ratio",
    "end_quarter_ms_p95",
    "quarter_ms",
    "quarter_ms_scale",
    "scale_growth",
    "rules_vs_python",
    "rules_speedup_vs_rule_engine",
    "sweep_1000_s",
    "save_ms",
    "load_ms",
    "save_bytes",
    "tui_rss_ratio",
    "new_game_key_ms_max",  # (a details figure, no target)
    "reference_ms",  # the pure-Python reference loop of the same run
)


def test_generator_makes_the_requested_sizes() -> None:
    content = load_content()
    sc = make_scenario(content, labs=12, researchers=600)
    assert len(sc.labs) == 12
    assert len(sc.researchers) == 600
    assert [lab.id for lab in sc.labs if lab.player] == [sc.player]
    assert {lab.playbook for lab in sc.labs if not lab.player} == {
        "closed-leader",
        "open-giant",
        "safety-lab",
        "search-giant",
        "upstart",
    }
    content, sid = with_scale(content, labs=12, researchers=600)
    state = new_game(content, sid, 1, "normal")
    assert len(state.labs) == 12 and len(state.researchers) == 600
    after, _ = advance(state, Orders(), content)
    assert after.quarter == state.quarter + 1


def test_the_benchmark_reports_every_figure() -> None:
    # One subprocess run of every section with the fewest repetitions (--quick and full runs
    # differ only in their counts): the benchmark itself is never run twice by the suite.
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    assert data["quick"] is True and data["smoke"] is True
    assert isinstance(data["date"], str) and isinstance(data["machine"], dict)
    for key in KEYS:
        assert key in data, f"{key} missing; stderr: {proc.stderr[-1500:]}"
        assert isinstance(data[key], int | float) and not isinstance(data[key], bool), key
    # every absolute time is also given divided by the reference loop's time
    assert data["reference_ms"] > 0
    for key in ("quarter_ms", "end_quarter_ms_p95", "save_ms", "load_ms", "sweep_1000_s"):
        assert data["normalised"][key] == pytest.approx(
            data[key] * (1000 if key.endswith("_s") else 1) / data["reference_ms"]
        ), key


def test_the_in_app_end_quarter_span_covers_resolving_the_quarter(monkeypatch) -> None:
    """end_quarter_ms_p95 is timed inside the app: from the confirming Enter's key event to the
    report's first frame. A slow quarter must show in it (and a close span per report)."""
    import asyncio
    import time

    from bench import run
    from game.tui.session import Session

    real = Session.end_quarter

    def slow(self):  # type: ignore[no-untyped-def]
        time.sleep(0.08)
        return real(self)

    monkeypatch.setattr(Session, "end_quarter", slow)
    confirm: list[float] = []
    close: list[float] = []
    inside: dict[str, list[float]] = {"confirm": [], "close": []}
    asyncio.run(run._end_quarters(load_content(), 2, 1, confirm, close, inside))
    assert len(inside["confirm"]) == len(confirm) == 2
    assert len(inside["close"]) == len(close) == 2
    assert all(80 <= span < 5000 for span in inside["confirm"]), inside
    assert all(0 < span < 5000 for span in inside["close"]), inside
