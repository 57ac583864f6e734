"""The balance report: many seeded headless games per policy, on every core.

`python -m game balance --games N --difficulty LEVEL [--policies a,b] [--scenario ID] [--jobs K]
[--json]` plays N games per policy and reports, apart, the player's wins by road and the rivals'
wins by lab and by road, the game length, two figures of the story GAME.md tells, and the
calibration of the odds the screens show (offers' acceptance bands, the Roster's flight risk),
and how often each event fires: the share of games it fires in, and how often one of its
headlines repeats within a game.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TextIO

from game.bots import POLICIES, play
from game.content import load_content
from game.core.advice import Estimator
from game.core.config import Content
from game.core.engine import advance, new_game
from game.core.models import GameState, Orders, QuarterReport
from game.core.numbers import count
from game.tui.fmt import risk_word  # the Roster's words (a module of plain functions)

STORY_QUARTERS = 4
STORY_POACHES = 4


@dataclass
class GameResult:
    policy: str
    seed: int
    result: str  # won / lost / unfinished
    road: str | None
    winner: str | None
    quarters: int
    leader_to_giant: int = 0  # closed leader -> open giant moves in the first quarters
    loyal_offers: int = 0  # decisions by loyal, mission-over-money researchers
    loyal_declines: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    # calibration tallies: odds bin -> [offers, accepted, sum of band lows, sum of band highs]
    offer_bins: dict[int, list[float]] = field(default_factory=dict)
    # flight-risk word -> [researchers, left that quarter, sum of band lows, sum of band highs]
    risk_levels: dict[str, list[float]] = field(default_factory=dict)
    # event id -> every headline it wrote this game, in order
    events: dict[str, list[str]] = field(default_factory=dict)


def _tally(table: dict[Any, list[float]], key: Any, band: tuple[float, float], hit: bool) -> None:
    row = table.setdefault(key, [0.0, 0.0, 0.0, 0.0])
    row[0] += 1
    row[1] += hit
    row[2] += band[0]
    row[3] += band[1]


def _odds_bin(band: tuple[float, float]) -> int:
    """The tenth (0..9) the middle of a shown odds band falls in."""
    return min(9, int((band[0] + band[1]) / 2 * 10))


def _calibrate(
    res: GameResult,
    state: GameState,
    content: Content,
    orders: Orders,
    report: QuarterReport,
) -> None:
    """Tally what the screens showed this quarter against what happened."""
    est = Estimator(state, content)
    accepted = {o.researcher: o.accepted for o in report.offers if o.kind == "offer"}
    for o in orders.offers:
        if o.researcher in accepted:
            band = est.offer_odds(o.researcher, o.terms)
            _tally(res.offer_bins, _odds_bin(band), band, accepted[o.researcher])
    left = {m.researcher for m in report.moves if m.kind in ("left", "retired")}
    # the Roster's risk is "if you do nothing": leave out whoever the orders tried to keep
    countered = {
        a.researcher for a in state.approaches for c in orders.counters if c.approach == a.id
    }
    kept = (
        countered | {x.researcher for x in (*orders.raises, *orders.grants)} | set(orders.outreach)
    )
    for rid, r in state.researchers.items():
        if r.lab == state.player and rid not in kept:
            band = est.flight_risk(rid)
            _tally(res.risk_levels, risk_word(band), band, rid in left)


def _record_events(
    res: GameResult, before: GameState, after: GameState, report: QuarterReport
) -> None:
    """The events that fired in the quarter `before` resolved, with their headlines.

    The events phase tries events in id order, fires each at most once a quarter, writes one
    headline of kind "event" for each and marks `event_last["event:ID"]` with the quarter."""
    q = before.quarter
    fired = sorted(
        key.removeprefix("event:")
        for key, last in after.event_last.items()
        if key.startswith("event:") and last == q and before.event_last.get(key) != q
    )
    texts = [h.text for h in report.headlines if h.kind == "event"]
    if len(texts) != len(fired):  # not the phase's own headlines: count fires only
        texts = [""] * len(fired)
    for eid, text in zip(fired, texts, strict=True):
        res.events.setdefault(eid, []).append(text)


def _labs_by_playbook(state: GameState) -> dict[str, str]:
    return {lab.playbook: lab.id for lab in state.labs.values() if lab.playbook}


def play_one(
    content: Content,
    scenario: str,
    difficulty: str,
    policy: str,
    seed: int,
    lab: str | None = None,
) -> GameResult:
    """One game of `policy` in the seat `lab` (default: the scenario's own player lab)."""
    state = new_game(content, scenario, seed, difficulty, lab)
    books = _labs_by_playbook(state)
    leader, giant = books.get("closed-leader"), books.get("open-giant")
    start = {rid: r.lab for rid, r in state.researchers.items()}
    loyal = {
        rid
        for rid, r in state.researchers.items()
        if r.loyalty >= 0.8 and r.drives.mission > r.drives.money and r.lab is not None
    }
    res = GameResult(policy, seed, "unfinished", None, None, 0)
    bot = POLICIES[policy]
    while state.outcome is None:
        employed = {rid for rid in loyal if rid in state.researchers and state.researchers[rid].lab}
        orders = play(state, content, bot)  # what play_quarter plays
        before = state
        state, report = advance(state, orders, content)
        _calibrate(res, before, content, orders, report)
        _record_events(res, before, state, report)
        for rid, moved in report.decided.items():
            if rid in employed:
                res.loyal_offers += 1
                res.loyal_declines += not moved
                loyal.discard(rid)  # count each person's first decision only
        if state.quarter == STORY_QUARTERS and leader and giant:
            res.leader_to_giant = count(
                1
                for rid, lab in start.items()
                if lab == leader
                and rid in state.researchers
                and state.researchers[rid].lab == giant
            )
    o = state.outcome
    res.quarters = state.quarter
    if o is not None:
        res.result, res.road, res.winner = o.result, o.road, o.winner
    return res


_CONTENT: dict[tuple[str, ...], Content] = {}  # mods -> content, loaded once per process


def _worker(job: tuple[Sequence[str], str, str, str, int, str | None]) -> GameResult:
    mods, scenario, difficulty, policy, seed, lab = job
    key = tuple(str(m) for m in mods)
    if key not in _CONTENT:
        _CONTENT[key] = load_content(mods)
    return play_one(_CONTENT[key], scenario, difficulty, policy, seed, lab)


def run_games(
    games: int,
    difficulty: str,
    policies: Sequence[str],
    scenario: str,
    jobs: int,
    mods: Sequence[str] = (),
    progress: TextIO | None = None,
    lab: str | None = None,
) -> list[GameResult]:
    work = [
        (tuple(mods), scenario, difficulty, p, seed, lab) for p in policies for seed in range(games)
    ]
    results: list[GameResult] = []
    total = len(work)
    with _progress_bar(progress, total) as advance:
        if jobs <= 1:
            for r in map(_worker, work):
                results.append(r)
                advance()
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for r in pool.map(_worker, work, chunksize=max(1, total // (jobs * 8))):
                    results.append(r)
                    advance()
    return results


@contextlib.contextmanager
def _progress_bar(out: TextIO | None, total: int) -> Iterator[Callable[[], None]]:
    """Rich's progress bar on `out` while the games run; nothing at all unless `out` is a
    terminal (a script reading stderr gets only errors)."""
    if out is None or not out.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("games"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(file=out), transient=True) as bar:
        task = bar.add_task("games", total=total)
        yield lambda: bar.advance(task)


def summarise(
    results: list[GameResult],
    games: int,
    difficulty: str,
    scenario: str,
    content: Content,
    lab: str | None = None,
) -> dict[str, Any]:
    """The report of `results`, played in the seat `lab` (default: the scenario's own)."""
    player = lab or content.scenarios[scenario].player
    by_policy: dict[str, list[GameResult]] = {}
    for r in results:
        by_policy.setdefault(r.policy, []).append(r)
    policies: dict[str, Any] = {}
    for name, rs in by_policy.items():
        n = len(rs)
        won = [r for r in rs if r.result == "won"]
        rival = [r for r in rs if r.winner and r.winner != player]
        policies[name] = {
            "games": n,
            "win_rate": _share(len(won), n),
            "player_roads": _shares(Counter(r.road for r in won if r.road), n),
            "rival_roads": _shares(Counter(r.road for r in rival if r.road), n),
            "rival_wins": _shares(Counter(r.winner for r in rival), n),
            "median_quarters": statistics.median(r.quarters for r in rs),
        }
    idle = by_policy.get("idle", [])
    offers = count(r.loyal_offers for r in results)
    story = {
        "open_giant_poach_4q": (
            round(count(r.leader_to_giant >= STORY_POACHES for r in idle) / len(idle), 4)
            if idle
            else None
        ),
        "loyal_decline_rate": (
            round(count(r.loyal_declines for r in results) / offers, 4) if offers else None
        ),
        "loyal_decisions": offers,
    }
    return {
        "games": games,
        "difficulty": difficulty,
        "scenario": scenario,
        "lab": player,
        "policies": policies,
        "story": story,
        "calibration": calibration(results),
        "events": event_counts(results, content),
    }


def event_counts(results: list[GameResult], content: Content) -> dict[str, dict[str, float]]:
    """Per event id (every event of the content, fired or not): `share`, the share of games it
    fired in; `fires`, how many times it fired in a game where it fired (mean); `repeats`, in a
    game where it fired, how many times its most repeated headline text appeared (mean)."""
    n = len(results)
    out: dict[str, dict[str, float]] = {}
    for eid in sorted(content.events):
        games = [r.events[eid] for r in results if r.events.get(eid)]
        k = len(games)
        out[eid] = {
            "share": _share(k, n) if n else 0.0,
            "fires": round(count(len(g) for g in games) / k, 4) if k else 0.0,
            "repeats": (round(count(max(Counter(g).values()) for g in games) / k, 4) if k else 0.0),
        }
    return out


CLOSE = 0.10  # a band narrower than 20 points is met within this many points of it
LOW_RISK_MAX = 0.10  # "low" flight risk: under this share leave in the quarter
FEW = 30  # a row with fewer cases is too few to judge


def calibration(results: list[GameResult]) -> dict[str, Any]:
    """Shown odds against what happened, over every game: for each tenth the middle of an
    offer's odds band fell in, how often the researcher accepted; for each flight-risk level,
    how often the researcher left that quarter (for any reason)."""

    def rows(tables: list[dict[Any, list[float]]], keys: Sequence[Any]) -> list[dict[str, Any]]:
        out = []
        for key in keys:
            n = hit = lo = hi = 0.0
            for t in tables:
                if key in t:
                    n, hit, lo, hi = (a + b for a, b in zip((n, hit, lo, hi), t[key], strict=True))
            if not n:
                continue
            band = (round(lo / n, 4), round(hi / n, 4))
            rate = round(hit / n, 4)
            out.append({"key": key, "n": int(n), "band": band, "rate": rate})
        return out

    def judge(row: dict[str, Any]) -> None:
        lo, hi = row["band"]
        slack = CLOSE if hi - lo < 2 * CLOSE else 0.0
        if row["n"] < FEW:
            row["met"] = None  # too few to tell
        elif row["key"] == "low":
            row["met"] = row["rate"] < LOW_RISK_MAX
        else:
            row["met"] = lo - slack - 1e-9 <= row["rate"] <= hi + slack + 1e-9

    offers = rows([r.offer_bins for r in results], range(10))
    for row in offers:
        row["shown"] = f"{row['key'] * 10}–{row['key'] * 10 + 10}%"
        judge(row)
    risks = rows([r.risk_levels for r in results], ("low", "med", "HIGH"))
    for row in risks:
        judge(row)
    return {"offers": offers, "flight_risk": risks}


def _share(count: int, games: int) -> float:
    return round(count / games, 4)


def _shares(counts: Counter[Any], games: int) -> dict[str, float]:
    return {str(k): _share(v, games) for k, v in sorted(counts.items())}


def print_report(report: dict[str, Any], out: TextIO = sys.stdout) -> None:
    seat = f", seat {report['lab']}" if "lab" in report else ""
    out.write(
        f"{report['games']} games per policy, {report['scenario']}{seat}, {report['difficulty']}\n"
    )
    out.write(
        f"{'policy':10} {'player wins':>11} {'median q':>9}  player's roads | rivals' roads"
        " | rivals' wins\n"
    )

    def shares(d: dict[str, float]) -> str:
        return ", ".join(f"{k} {v:.0%}" for k, v in d.items()) or "-"

    for name, p in report["policies"].items():
        out.write(
            f"{name:10} {p['win_rate']:>11.0%} {p['median_quarters']:>9}  "
            f"{shares(p['player_roads'])} | {shares(p['rival_roads'])} | "
            f"{shares(p['rival_wins'])}\n"
        )
    s = report["story"]
    giant = "n/a" if s["open_giant_poach_4q"] is None else f"{s['open_giant_poach_4q']:.0%}"
    loyal = "n/a" if s["loyal_decline_rate"] is None else f"{s['loyal_decline_rate']:.0%}"
    out.write(
        f"story: open giant poaches >= {STORY_POACHES} from the leader in {STORY_QUARTERS} "
        f"quarters (idle player): {giant} of seeds; loyal mission-driven researchers decline "
        f"{loyal} of offers ({s['loyal_decisions']} decisions)\n"
    )
    if "calibration" in report:
        print_calibration(report["calibration"], out)
    if "events" in report:
        print_events(report["events"], out)


def print_seats(reports: Sequence[dict[str, Any]], out: TextIO = sys.stdout) -> None:
    """One line per seat and policy: the seat's win rate and the roads it wins by."""
    out.write("seats: the player's wins and roads in each seat\n")
    out.write(f"  {'seat':12} {'policy':10} {'wins':>5}  roads\n")
    for report in reports:
        for name, p in report["policies"].items():
            roads = ", ".join(f"{k} {v:.0%}" for k, v in p["player_roads"].items()) or "-"
            out.write(f"  {report['lab']:12} {name:10} {p['win_rate']:>5.0%}  {roads}\n")


RARE = 0.01  # an event firing in fewer games than this is flagged
REPEATS_MAX = 2.0  # a headline repeated more often than this in a game is flagged


def print_events(events: dict[str, dict[str, float]], out: TextIO = sys.stdout) -> None:
    """One line per event, the rarest first; "rare" below 1% of games, "repeats" when its
    most repeated headline appears more than twice in a game where it fires."""
    rare = count(1 for e in events.values() if e["share"] < RARE)
    worst = max((e["repeats"] for e in events.values()), default=0.0)
    out.write(
        f"events: {len(events)}; {len(events) - rare} fire in at least {RARE:.0%} of games; "
        f"most repeated headline: {worst:.2f} times a game (mean, in the games it fires in)\n"
    )
    out.write(f"  {'event':32} {'games':>7} {'fires':>6} {'repeats':>8}\n")
    rows = sorted(events.items(), key=lambda kv: (kv[1]["share"], kv[0]))
    for eid, e in rows:
        flags = [
            w
            for w, bad in (("rare", e["share"] < RARE), ("repeats", e["repeats"] > REPEATS_MAX))
            if bad
        ]
        out.write(
            f"  {eid:32} {e['share']:>7.1%} {e['fires']:>6.2f} {e['repeats']:>8.2f}"
            f"{'  ' + ', '.join(flags) if flags else ''}\n"
        )


MET = {True: "yes", False: "NO", None: "few"}


def print_calibration(cal: dict[str, Any], out: TextIO = sys.stdout) -> None:
    heads = (
        ("offers", "odds", "offers", "accepted", "offers by the middle of the odds band shown"),
        (
            "flight_risk",
            "risk",
            "people",
            "left",
            "the Roster's flight risk, who left that quarter",
        ),
    )
    for key, first, many, hits, title in heads:
        out.write(f"calibration: {title}\n")
        out.write(f"  {first:>8} {many:>7} {'mean band':>11} {hits:>9}  met\n")
        for row in cal[key]:
            lo, hi = row["band"]
            out.write(
                f"  {row.get('shown', row['key']):>8} {row['n']:>7} {lo:>5.0%}–{hi:<5.0%} "
                f"{row['rate']:>9.0%}  {MET[row['met']]}\n"
            )


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
