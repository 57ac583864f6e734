"""Rule and event files: the shipped ones load and run; broken ones are refused precisely."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from game.rules import (
    ACTIONS,
    EFFECTS,
    FIELDS,
    RuleError,
    check_paths,
    load_events,
    load_playbook,
    load_rule_dir,
    render_headline,
)

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "assets" / "rules"
EVENTS = ROOT / "assets" / "events"
PLAYBOOKS = ["closed-leader", "open-giant", "safety-lab", "search-giant", "upstart"]


def view(scope: str, **values: Any) -> SimpleNamespace:
    defaults = {"number": 1.0, "bool": False, "str": ""}
    ns = SimpleNamespace(**{f: defaults[t] for f, (t, _doc) in FIELDS[scope].items()})
    for key, value in values.items():
        assert hasattr(ns, key), key
        setattr(ns, key, value)
    return ns


def sample_labs() -> list[SimpleNamespace]:
    rich = view(
        "me",
        cash=30000.0,
        budget=25000.0,
        compute=500.0,
        compute_owned=500.0,
        capability=100.0,
        open_release=80.0,
        moat=2.0,
        valuation=300000.0,
        revenue=2500.0,
        runway=20.0,
        researchers=40,
        superstars=4,
        stars=10,
        compute_per_researcher=12.0,
        capability_rank=1,
        headcount=3000,
        aggression=1.0,
        payroll=150.0,
        outside_funding=0.0,
        id="meridian",
        playbook="closed-leader",
    )
    poor = view(
        "me",
        cash=50.0,
        budget=0.0,
        capability=60.0,
        moat=-30.0,
        runway=1.0,
        valuation=100.0,
        researchers=0,
        compute_per_researcher=0.0,
        capability_rank=6,
        aggression=1.5,
        outside_funding=500.0,
        id="x",
        playbook="upstart",
    )
    return [rich, poor]


def sample_targets() -> list[SimpleNamespace]:
    superstar = view(
        "target",
        skill=95.0,
        tier="superstar",
        tier_rank=3,
        specialty="alignment",
        salary=18.0,
        loyalty=0.3,
        morale=0.4,
        unvested=120.0,
        lab="meridian",
        lab_playbook="closed-leader",
        lab_capability=100.0,
        has_offer=True,
        best_offer_value=150.0,
        drive_money=0.4,
        drive_mission=0.5,
        drive_openness=0.4,
        concern=2,
        noncompete=0,
    )
    senior = view(
        "target",
        skill=60.0,
        tier="senior",
        tier_rank=1,
        specialty="infrastructure",
        salary=0.2,
        loyalty=0.9,
        morale=0.9,
        free_agent=True,
    )
    return [superstar, senior]


WORLD = view(
    "world",
    quarter=5,
    year=2026,
    open_frontier=95.0,
    best_capability=100.0,
    demand=9000.0,
    gpu_price=35.0,
    rent_price=5.0,
    labs=6,
    free_agents=10,
    superintelligence=180.0,
)


# -- shipped playbooks ---------------------------------------------------------------------
@pytest.mark.parametrize("pid", PLAYBOOKS)
def test_shipped_playbook_loads_and_runs(pid: str) -> None:
    book = load_playbook(RULES / f"{pid}.toml")
    assert book.id == pid
    assert book.name and book.description
    assert 5 <= len(book.rules) <= 10
    prios = [r.priority for r in book.rules]
    assert prios == sorted(prios, reverse=True)
    for rule in book.rules:
        spec = ACTIONS[rule.action]
        assert rule.target == spec.target
        assert set(rule.params) == set(spec.params)
        assert rule.line > 0 and rule.file.endswith(f"{pid}.toml")
        targets: list[Any] = sample_targets() if spec.target else [None]
        for me in sample_labs():
            for target in targets:
                assert isinstance(rule.when(me, target, WORLD), bool)
                for name, param in rule.params.items():
                    t = None if name == "max_targets" else target
                    value = param(me, t, WORLD)
                    if spec.params[name].type == "bool":
                        assert isinstance(value, bool), (rule.id, name)
                    else:
                        assert isinstance(value, int | float), (rule.id, name)
                        assert value == value, (rule.id, name)


def test_shipped_playbooks_behave_as_designed() -> None:
    books = {p: load_playbook(RULES / f"{p}.toml") for p in PLAYBOOKS}
    actions = {p: {r.action for r in b.rules} for p, b in books.items()}
    assert {"counter", "retain", "buy_gpus", "release_previous"} <= actions["closed-leader"]
    assert "release_current" not in actions["closed-leader"]
    assert {"poach", "buy_gpus", "release_current"} <= actions["open-giant"]
    assert "release_current" not in actions["safety-lab"]
    assert {"hire", "release_current", "rent_gpus"} <= actions["upstart"]
    # the open giant raids the closed leader with big bonuses and the CEO's outreach
    raid = next(r for r in books["open-giant"].rules if r.id == "raid-leader-superstars")
    me, star = sample_labs()[0], sample_targets()[0]
    assert raid.when(me, star, WORLD)
    assert 25 <= raid.params["bonus"](me, star, WORLD) <= 100
    assert 6 <= raid.params["salary"](me, star, WORLD) <= 25
    assert raid.params["outreach"](me, star, WORLD) is True
    other = view("target", tier_rank=3, lab_playbook="safety-lab")
    assert not raid.when(me, other, WORLD)


def test_shipped_folders_check_clean() -> None:
    assert check_paths([RULES, EVENTS]) == []
    playbooks, events = load_rule_dir([RULES, EVENTS])
    assert sorted(playbooks) == sorted([*PLAYBOOKS, "closed-challenger"])
    assert len(events) >= 12


# -- shipped events ------------------------------------------------------------------------
def test_shipped_events_load_and_render() -> None:
    files = sorted(EVENTS.glob("*.toml"))
    assert 2 <= len(files) <= 3
    events = [ev for f in files for ev in load_events(f)]
    assert len(events) >= 12
    assert {ev.scope for ev in events} == {"world", "lab"}
    for ev in events:
        assert 0 < ev.chance <= 1
        assert set(ev.effects) <= set(EFFECTS[ev.scope]) and ev.effects
        for me in sample_labs() if ev.scope == "lab" else [None]:
            assert isinstance(ev.when(me, None, WORLD), bool)
            for cond, factor in ev.modifiers:
                assert isinstance(cond(me, None, WORLD), bool) and factor >= 0
            for value in ev.effects.values():
                assert isinstance(value(me, None, WORLD), int | float)
            values: dict[str, object] = {"quarter_label": "2026-Q4", "lab": "Meridian AI"}
            values.update({k: v(me, None, WORLD) for k, v in ev.vars.items()})
            text = render_headline(ev.headline, values)
            assert "{" not in text and "}" not in text, text
            if ev.scope == "lab":
                assert "Meridian AI" in text


# -- broken files --------------------------------------------------------------------------
HEAD = 'playbook = "bad"\nname = "Bad"\ndescription = "x"\n\n'
GOOD_RULE = (
    '[[rule]]\nid = "fine"\npriority = 1\nwhen = "me.cash > 0"\naction = "buy_gpus"\n'
    '[rule.params]\nunits = "1"\n\n'
)  # lines 5-12 after HEAD


def rule(body: str, rid: str = "broken") -> str:
    return f'[[rule]]\nid = "{rid}"\n{body}'


@pytest.mark.parametrize(
    ("text", "line", "rid", "fragment"),
    [
        (HEAD + GOOD_RULE + 'when = "oops\n', 13, "-", "TOML syntax error"),
        (
            HEAD
            + GOOD_RULE
            + rule('when = "me.cahs > 0"\naction = "buy_gpus"\nparams = {units=1}'),
            13,
            "broken",
            "unknown field 'me.cahs' (did you mean 'cash'?)",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "nuke_rivals"'),
            13,
            "broken",
            "unknown action 'nuke_rivals'",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "buy_gpus"\n[rule.params]\nunits = 3\ncolour = 1'),
            13,
            "broken",
            "unknown param for 'buy_gpus' 'colour'",
        ),
        (
            HEAD + GOOD_RULE + rule('when = "me.cash + 1"\naction = "release_current"'),
            13,
            "broken",
            "when: expected bool, got number",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "buy_gpus"\n[rule.params]\nunits = "me.cash > 1"'),
            13,
            "broken",
            "params.units: expected number, got bool",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "buy_gpus"\n[rule.params]\nunits = true'),
            13,
            "broken",
            "params.units: expected number, got bool",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "buy_gpus"\n[rule.params]\nunits = [1]'),
            13,
            "broken",
            "params.units: expected an expression string or a constant",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "buy_gpus"'),
            13,
            "broken",
            "needs param 'units'",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "poach"\n[rule.params]\nbonus = 5'),
            13,
            "broken",
            "needs param 'salary'",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "buy_gpus"\n[rule.params]\nunits = 1', "fine"),
            13,
            "fine",
            "duplicate rule id (first at line 5)",
        ),
        (
            HEAD
            + GOOD_RULE
            + rule('when = "target.skill > 90"\naction = "buy_gpus"\n[rule.params]\nunits = 1'),
            13,
            "broken",
            "'target' cannot be used here (this action has no target)",
        ),
        (
            HEAD
            + GOOD_RULE
            + rule('action = "poach"\n[rule.params]\nsalary = 1\nmax_targets = "target.skill"'),
            13,
            "broken",
            "params.max_targets: 'target' cannot be used here",
        ),
        (
            HEAD + GOOD_RULE + rule('priority = "high"\naction = "release_current"'),
            13,
            "broken",
            "priority must be a whole number",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "release_current"\nwhen_ = "true"'),
            13,
            "broken",
            "unknown rule key 'when_' (did you mean 'when'?)",
        ),
        (
            HEAD + GOOD_RULE + rule('action = "release_current"\n[rule.params]\nunits = 1'),
            13,
            "broken",
            "takes no params",
        ),
        (
            HEAD + GOOD_RULE + '[[rule]]\naction = "release_current"\n',
            13,
            "-",
            "missing 'id'",
        ),
        (HEAD + "colour = 1\n" + GOOD_RULE, 5, "-", "unknown key 'colour'"),
    ],
)
def test_broken_playbooks_are_refused(
    tmp_path: Path, text: str, line: int, rid: str, fragment: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(RuleError) as info:
        load_playbook(path)
    err = info.value
    assert (err.line, err.rule_id) == (line, rid), str(err)
    assert fragment in err.message
    s = str(err)
    assert "\n" not in s
    assert s.startswith(f"{path}:{line}: rule '{rid}': ")
    assert next(str(e) for e in check_paths([path])) == s


def test_check_paths_reports_every_broken_rule(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        HEAD
        + rule('when = "me.cahs > 0"\naction = "release_current"', "one")
        + "\n"
        + rule('action = "nope"', "two")
        + "\n"
        + GOOD_RULE
    )
    errors = check_paths([tmp_path])
    assert [(e.line, e.rule_id) for e in errors] == [(5, "one"), (9, "two")]


def test_keys_after_a_params_table_get_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        HEAD + '[[rule]]\nid = "r"\naction = "buy_gpus"\n[rule.params]\nunits = 1\npriority = 3\n'
    )
    with pytest.raises(RuleError, match="put rule keys first"):
        load_playbook(path)


def test_a_file_that_is_neither_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.toml").write_text('title = "hello"\n')
    errors = check_paths([tmp_path])
    assert len(errors) == 1 and "neither a playbook" in str(errors[0])
    assert "no such file" in str(check_paths([tmp_path / "missing.toml"])[0])


# -- events --------------------------------------------------------------------------------
EV_HEAD = "# events\n\n"


def event(body: str, eid: str = "broken") -> str:
    return f'[[event]]\nid = "{eid}"\n{body}\n'


GOOD_EVENT = event(
    'scope = "world"\nchance = 0.1\nheadline = "GPUs {pct}% dearer in {quarter_label}"\n'
    '[event.effects]\ngpu_price_pct = "10"\n[event.vars]\npct = "10"',
    "fine",
)  # lines 3-11


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ('scope = "galaxy"\nchance = 0.1\nheadline = "x"', "scope must be 'world' or 'lab'"),
        ('scope = "world"\nchance = 2\nheadline = "x"', "chance must be a number from 0 to 1"),
        ('scope = "world"\nchance = 0.1', "missing 'headline'"),
        ('scope = "world"\nchance = 0.1\nheadline = "{lab} wins"', "only available in lab-scope"),
        ('scope = "lab"\nchance = 0.1\nheadline = "{lab} {who}"', "unknown placeholder 'who'"),
        ('scope = "lab"\nchance = 0.1\nheadline = "{lab:>10}"', "takes no format spec"),
        ('scope = "lab"\nchance = 0.1\nheadline = "{lab"', "headline:"),
        (
            'scope = "world"\nchance = 0.1\nwhen = "me.cash > 1"\nheadline = "x"',
            "'me' cannot be used here",
        ),
        (
            'scope = "world"\nchance = 0.1\nheadline = "x"\n[event.effects]\ncash = "1"',
            "unknown effect for scope 'world' 'cash'",
        ),
        (
            'scope = "lab"\nchance = 0.1\nheadline = "x"\n[event.effects]\ncash = "true"',
            "effects.cash: expected number, got bool",
        ),
        (
            'scope = "lab"\nchance = 0.1\nheadline = "x"\n[[event.modifiers]]\nwhen = "true"',
            "factor must be a number",
        ),
        ('scope = "lab"\nchance = 0.1\nheadline = "x"\ncooldown = -1', "cooldown must be"),
        ('scope = "lab"\nchance = 0.1\nheadline = "x"\ncolour = 1', "unknown event key"),
    ],
)
def test_broken_events_are_refused(tmp_path: Path, body: str, fragment: str) -> None:
    path = tmp_path / "ev.toml"
    path.write_text(EV_HEAD + GOOD_EVENT + "\n" + event(body))
    with pytest.raises(RuleError) as info:
        load_events(path)
    err = info.value
    assert (err.line, err.rule_id) == (13, "broken"), str(err)
    assert fragment in err.message
    assert str(err).startswith(f"{path}:13: event 'broken': ")


def test_duplicate_event_ids_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "ev.toml"
    path.write_text(EV_HEAD + GOOD_EVENT + "\n" + GOOD_EVENT)
    with pytest.raises(RuleError, match="duplicate event id"):
        load_events(path)


@pytest.mark.parametrize(
    ("load", "text", "table", "kind"),
    [
        (load_playbook, 'playbook = "p"\n\nrule = 3\n', "rule", "rule"),
        (load_events, "# events\n\nevent = 3\n", "event", "event"),
    ],
)
def test_a_table_key_that_is_not_a_list_of_tables_has_its_line(
    tmp_path: Path, load: Any, text: str, table: str, kind: str
) -> None:
    path = tmp_path / "f.toml"
    path.write_text(text)
    with pytest.raises(RuleError) as info:
        load(path)
    assert str(info.value) == f"{path}:3: {kind} '-': use [[{table}]] tables"


def test_event_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ev.toml"
    path.write_text(EV_HEAD + GOOD_EVENT + "\n[[event]]\nid = 'x\n")
    with pytest.raises(RuleError) as info:
        load_events(path)
    assert info.value.line == 14 and "TOML syntax error" in info.value.message


def test_an_event_loads_with_all_parts(tmp_path: Path) -> None:
    path = tmp_path / "ev.toml"
    path.write_text(
        event(
            'scope = "lab"\nwhen = "me.moat < 5"\nchance = 0.08\ncooldown = 4\nonce = true\n'
            '[[event.modifiers]]\nwhen = "world.open_frontier > 90"\nfactor = 2.0\n'
            '[event.effects]\nvaluation_pct = "-17"\nmorale = -0.1\n'
            "[event.vars]\npct = \"17\"\nwhat = \"if(me.moat < 0, 'behind', 'ahead')\"\n"
            'headline = "{lab} loses {pct}% ({what}) in {quarter_label}"',
            "shock",
        )
    )
    (ev,) = load_events(path)
    assert (ev.id, ev.scope, ev.chance, ev.cooldown, ev.once, ev.line) == (
        "shock",
        "lab",
        0.08,
        4,
        True,
        1,
    )
    me = view("me", moat=-1.0)
    world = view("world", open_frontier=95.0)
    assert ev.when(me, None, world) is True
    ((cond, factor),) = ev.modifiers
    assert cond(me, None, world) is True and factor == 2.0
    assert ev.effects["valuation_pct"](me, None, world) == -17
    assert ev.effects["morale"](me, None, world) == -0.1
    # a headline written after [event.vars] lands in that table in TOML; it is taken from there
    assert set(ev.vars) == {"pct", "what"}
    values = {"lab": "Kestrel", "quarter_label": "2026-Q1"}
    values.update({k: v(me, None, world) for k, v in ev.vars.items()})
    assert render_headline(ev.headline, values) == "Kestrel loses 17% (behind) in 2026-Q1"


# -- mods and helpers ---------------------------------------------------------------------
def test_later_folders_replace_same_ids(tmp_path: Path) -> None:
    mod = tmp_path / "mod"
    mod.mkdir()
    (mod / "upstart.toml").write_text(
        'playbook = "upstart"\nname = "Modded"\n\n'
        '[[rule]]\nid = "only"\naction = "release_current"\n'
    )
    (mod / "events.toml").write_text(
        event(
            'scope = "world"\nchance = 1.0\nheadline = "Modded"\n[event.effects]\ndemand_pct = 1',
            "chip-shortage",
        )
    )
    playbooks, events = load_rule_dir([RULES, EVENTS, mod, tmp_path / "absent"])
    assert playbooks["upstart"].name == "Modded"
    assert playbooks["closed-leader"].name == "The moat"
    assert events["chip-shortage"].headline == "Modded"
    assert "api-price-war" in events


def test_load_rule_dir_raises_the_first_error(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(HEAD + rule('action = "nope"'))
    with pytest.raises(RuleError, match="unknown action"):
        load_rule_dir([tmp_path])


def test_render_headline() -> None:
    assert render_headline("{lab} hires {n}", {"lab": "A", "n": 3}) == "A hires 3"
    assert render_headline("{missing} stays", {}) == "{missing} stays"
    assert render_headline("{{literal}} {x}", {"x": 1}) == "{literal} 1"
    assert render_headline("{lab.__class__}", {"lab": "A"}) == "{lab.__class__}"
    assert render_headline("broken {", {}) == "broken {"


def test_actions_and_effects_are_documented() -> None:
    readme = (RULES / "README.md").read_text()
    for name in ACTIONS:
        assert f"`{name}`" in readme, name
    for scope in EFFECTS.values():
        for name in scope:
            assert f"`{name}`" in readme, name
    for scope, fields in FIELDS.items():
        for name in fields:
            assert re.search(rf"`{scope}\.{name}`", readme), f"{scope}.{name}"
