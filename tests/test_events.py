"""The shipped events: enough of them, unique ids, and every figure a headline quotes is the
effect the event has; a mod's events file adds events to the game."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from game.balance import run_games, summarise
from game.bots import POLICIES, play
from game.content import load_content
from game.core.config import Content
from game.core.engine import advance, copy_state, new_game
from game.core.models import GameState, Orders
from game.core.phases.events import events as events_phase
from game.core.quarter import start
from game.core.views import RuleViews
from game.rules import Event

EVENTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "events"
MONEY_EFFECTS = ("cash", "revenue_pct")
PCT_EFFECTS = (
    "valuation_pct",
    "ecosystem_pct",
    "revenue_pct",
    "outside_funding_pct",
    "demand_pct",
    "gpu_price_pct",
    "rent_price_pct",
)
POINT_EFFECTS = ("capability", "open_frontier", "reputation")

NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
MONEY = re.compile(r"\$" + NUMBER + r"\s*([MB])\b")
PCT = re.compile(NUMBER + r"%")
GPUS = re.compile(NUMBER + r" GPUs\b")
POINTS = re.compile(NUMBER + r" points?\b")


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def test_there_are_sixty_events_or_more(content: Content) -> None:
    assert len(content.events) >= 60
    scopes = {ev.scope for ev in content.events.values()}
    assert scopes == {"world", "lab"}


def test_event_ids_are_unique_across_the_shipped_files() -> None:
    """A later file silently replaces an event with the same id (that is how mods work), so a
    duplicate id in the game's own files would lose an event."""
    seen: dict[str, str] = {}
    for path in sorted(EVENTS_DIR.glob("*.toml")):
        for raw in tomllib.loads(path.read_text(encoding="utf-8"))["event"]:
            assert raw["id"] not in seen, f"{raw['id']} in {path.name} and {seen[raw['id']]}"
            seen[raw["id"]] = path.name
    assert len(seen) >= 60


# -- forcing each event ------------------------------------------------------------------------


@dataclass
class Fired:
    event: Event
    before: GameState
    after: GameState
    lab: str | None
    text: str
    amounts: dict[str, float]
    revenue: float  # the lab's last revenue when it fired (revenue_pct's base)


@pytest.fixture(scope="module")
def states(content: Content) -> list[GameState]:
    """States at the start of each quarter of a few games, to find one where an event's
    condition holds."""
    out: list[GameState] = []
    for scenario in ("summer-2025", "garage-2025"):
        for policy, seed in (("adaptive", 1), ("open", 2), ("moat", 3), ("idle", 4)):
            state = new_game(content, scenario, seed, "normal")
            while state.outcome is None:
                out.append(state)
                state, _ = advance(state, play(state, content, POLICIES[policy]), content)
    return out


def force(content: Content, states: list[GameState], ev: Event) -> Fired:
    """Fire `ev` on the first state where its condition holds for some lab (or the world), with
    its chance made certain, through the events phase itself."""
    certain = replace(ev, chance=1.0, modifiers=(), cooldown=0, once=False)
    only = replace(content, events={ev.id: certain})
    for state in states:
        new = copy_state(state)
        new.event_last.clear()
        ctx = start(new, Orders(), only)
        ctx.views = RuleViews(new, only, ctx.appeal)
        revenue = {lab.id: lab.revenue for lab in new.labs.values()}
        events_phase(new, ctx)
        if not ctx.headlines:
            continue
        (headline,) = ctx.headlines
        views = ctx.views
        me = views.labs[headline.lab] if headline.lab else None
        amounts = {k: float(e.fn(me, None, views.world)) for k, e in ev.effects.items()}
        return Fired(
            ev,
            state,
            new,
            headline.lab,
            headline.text,
            amounts,
            revenue.get(headline.lab or "", 0.0),
        )
    raise AssertionError(f"{ev.id}: its condition holds in none of {len(states)} quarters")


def _matches(figure: float, candidates: list[float], slack: float) -> bool:
    return any(abs(figure - abs(c)) <= slack + 1e-6 for c in candidates)


def _check_figures(f: Fired) -> list[str]:
    """Every figure the headline quotes is one of the event's effects: each $ amount is its
    cash (or revenue) change, each percentage one of its % effects, each GPU count its compute
    change, each "points" figure its capability, open-frontier or reputation change."""
    a, text, problems = f.amounts, f.text, []
    money = [a[k] for k in ("cash",) if k in a]
    if "revenue_pct" in a:
        money.append(f.revenue * a["revenue_pct"] / 100)
    for value, unit in MONEY.findall(text):
        m = _num(value) * (1000 if unit == "B" else 1)
        slack = 500 if unit == "B" else 0.5
        if not _matches(m, money, slack):
            problems.append(f"${value}{unit} is not the cash change {money}")
    pcts = [a[k] for k in PCT_EFFECTS if k in a]
    for value in PCT.findall(text):
        if not _matches(_num(value), pcts, 0.5):
            problems.append(f"{value}% is none of the % effects {pcts}")
    gpus = [a["compute"] * 1000] if "compute" in a else []
    for value in GPUS.findall(text):
        if not _matches(_num(value), gpus, 0.5):
            problems.append(f"{value} GPUs is not the compute change {gpus}")
    points = [a[k] for k in POINT_EFFECTS if k in a]
    for value in POINTS.findall(text):
        if not _matches(_num(value), points, 0.5):
            problems.append(f"{value} points is none of {points}")
    return problems


def test_the_figure_check_catches_a_wrong_headline(content: Content, states) -> None:
    """The check below is not vacuous: a headline quoting another figure fails it."""
    ev = content.events["chip-shortage"]
    wrong = replace(ev, headline="GPU prices jump 40% and nobody knows why")
    assert _check_figures(force(content, states, wrong)) == [
        "40% is none of the % effects [25.0, 30.0]"
    ]
    ev = content.events["datacenter-outage"]
    assert _check_figures(force(content, states, ev)) == []
    wrong = replace(ev, headline="{lab} loses $90M and 12 GPUs")
    assert len(_check_figures(force(content, states, wrong))) == 2


@pytest.mark.parametrize("eid", sorted(load_content().events))
def test_each_event_does_what_its_headline_says(content: Content, states, eid: str) -> None:
    ev = content.events[eid]
    f = force(content, states, ev)
    assert "{" not in f.text and "}" not in f.text, f.text
    assert _check_figures(f) == [], f.text
    assert f.amounts, f"{eid} has no effect"
    # the effects reached the state the headline is about
    if f.lab is None:
        b, n = f.before, f.after
        for key, attr in (
            ("demand_pct", "demand"),
            ("gpu_price_pct", "gpu_price"),
            ("rent_price_pct", "rent_price"),
        ):
            if key in f.amounts:
                assert getattr(n, attr) == pytest.approx(
                    getattr(b, attr) * (1 + f.amounts[key] / 100)
                )
        if "open_frontier" in f.amounts:
            assert n.open_frontier == pytest.approx(b.open_frontier + f.amounts["open_frontier"])
        return
    lb, ln = f.before.labs[f.lab], f.after.labs[f.lab]
    assert ln.name in f.text
    cash = f.amounts.get("cash", 0.0) + f.revenue * f.amounts.get("revenue_pct", 0.0) / 100
    assert ln.cash - lb.cash == pytest.approx(cash)
    if "compute" in f.amounts:
        assert ln.compute_owned == pytest.approx(max(0.0, lb.compute_owned + f.amounts["compute"]))
    if "valuation_pct" in f.amounts:
        assert ln.valuation == pytest.approx(
            max(1.0, lb.valuation * (1 + f.amounts["valuation_pct"] / 100))
        )


# -- mods ----------------------------------------------------------------------------------------

MOD_EVENT = """
[[event]]
id = "modded-hackathon"
scope = "world"
chance = 1.0
cooldown = 0
[event.effects]
demand_pct = "5"
[event.vars]
pct = "5"
headline = "A modded hackathon ships {pct}% more API demand than anyone asked for"
"""


def test_a_mod_adds_an_event(tmp_path: Path, content: Content) -> None:
    mod = tmp_path / "my-mod"
    (mod / "events").mkdir(parents=True)
    (mod / "events" / "extra.toml").write_text(MOD_EVENT, encoding="utf-8")
    modded = load_content([mod])
    assert set(modded.events) == set(content.events) | {"modded-hackathon"}
    state = new_game(modded, "summer-2025", 7, "normal")
    after, report = advance(state, Orders(), modded)
    texts = [h.text for h in report.headlines if h.kind == "event"]
    assert "A modded hackathon ships 5% more API demand than anyone asked for" in texts
    assert after.event_last["event:modded-hackathon"] == 0
    # the balance report, given the mod, counts it: it fires every quarter of every game
    results = run_games(1, "normal", ["idle"], "summer-2025", 1, mods=[str(mod)])
    counted = summarise(results, 1, "normal", "summer-2025", modded)["events"]
    assert counted["modded-hackathon"]["share"] == 1.0
    assert counted["modded-hackathon"]["fires"] == results[0].quarters
