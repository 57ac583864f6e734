"""Hypothesis: saving is lossless, continuing a loaded game is the same game, and no bytes
whatever make loading do anything but succeed or raise one clean SaveError."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.bots import POLICIES, play
from game.content import load_content
from game.core.engine import advance, new_game, state_hash
from game.core.models import GameState
from game.saves import SaveError, checksum, encode, load_game, save_game

SCENARIO = "summer-2025"
MAX_QUARTERS = 10
SEEDS = st.integers(0, 15)  # a few cached games, cut at every quarter, keep the suite fast
PROPS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@functools.cache
def _content():
    return load_content()


@functools.cache
def played(seed: int, policy: str = "random") -> tuple[GameState, ...]:
    """Every quarter's state of one bot game (shared: never mutate them)."""
    content = _content()
    state = new_game(content, SCENARIO, seed, "normal")
    states = [state]
    while state.outcome is None and len(states) <= MAX_QUARTERS:
        state, _ = advance(state, play(state, content, POLICIES[policy]), content)
        states.append(state)
    return tuple(states)


@PROPS
@given(seed=SEEDS, data=st.data())
def test_save_then_load_is_the_identity(tmp_path, seed, data):
    states = played(seed)
    state = data.draw(st.sampled_from(states))
    path = save_game(state, f"game {seed}", tmp_path)
    loaded = load_game(path)
    assert loaded == state
    assert loaded.model_dump_json() == state.model_dump_json()
    assert state_hash(loaded) == state_hash(state)
    assert load_game(path) == loaded  # and loading twice changes nothing


@PROPS
@given(seed=SEEDS, policy=st.sampled_from(["random", "balanced"]), data=st.data())
def test_save_load_continue_is_the_uninterrupted_game(tmp_path, seed, policy, data):
    content = _content()
    states = played(seed, policy)
    cut = data.draw(st.integers(0, len(states) - 1), label="save at quarter")
    path = save_game(states[cut], "cut", tmp_path)
    state = load_game(path)
    while state.quarter < states[-1].quarter:
        state, _ = advance(state, play(state, content, POLICIES[policy]), content)
    final = states[-1]
    assert state_hash(state) == state_hash(final)
    assert state.log == final.log
    assert state.model_dump_json() == final.model_dump_json()


# --- fuzzing the bytes -----------------------------------------------------------------


@functools.cache
def _sample() -> bytes:
    return encode(played(3)[4], saved_at="2025-11-29T12:00:00+00:00")


def _load_cleanly(path: Path, original: GameState | None = None) -> GameState | None:
    """Loading either works or raises SaveError (one line, naming the file); never writes."""
    before = path.read_bytes()
    try:
        state = load_game(path)
    except SaveError as e:
        assert "\n" not in str(e)
        assert str(path) in str(e)
        state = None
    assert path.read_bytes() == before
    return state


@PROPS
@given(cut=st.integers(0, 10**9))
def test_truncated_bytes_give_a_clean_error(tmp_path, cut):
    data = _sample()
    path = tmp_path / "fuzz.json"
    path.write_bytes(data[: cut % len(data)])
    assert _load_cleanly(path) is None


@PROPS
@given(
    flips=st.lists(st.tuples(st.integers(0, 10**9), st.integers(1, 255)), min_size=1, max_size=4)
)
def test_flipped_bytes_give_a_clean_error_or_the_same_game(tmp_path, flips):
    data = bytearray(_sample())
    for where, mask in flips:
        data[where % len(data)] ^= mask
    path = tmp_path / "fuzz.json"
    path.write_bytes(bytes(data))
    state = _load_cleanly(path)
    # a flip inside the JSON's whitespace can leave a good save; anything else is caught
    assert state is None or state == played(3)[4]


def _objects(node, path=()):
    """Every JSON object inside the state, with its path."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _objects(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _objects(v, (*path, i))


# fields that are non-negative counts wherever they appear in the state
COUNT_FIELDS = (
    "compute_owned",
    "compute_on_order",
    "headcount",
    "tenure",
    "quarter",
    "salary",
    "next_id",
    "deadline",
    "noncompete",
    "buy",
    "insight",
)
# fields whose value is a dict with free keys: a new key there is not an unknown field
FREE_DICTS = ("labs", "researchers", "history", "concern", "event_last", "capability")
# fields every model that has them requires
REQUIRED = ("id", "name", "cash", "seed", "state_hash", "tier", "skill", "researcher")


@st.composite
def invalid_edits(draw, doc):
    """Hand edits no valid save contains: negative counts, unknown fields, wrong types."""
    objects = [(p, o) for p, o in _objects(doc["state"]) if o]
    kind = draw(st.sampled_from(["negative", "unknown", "wrong type", "missing"]))
    if kind == "negative":
        targets = [
            (o, k)
            for p, o in objects
            if p[-1:] not in [(f,) for f in FREE_DICTS]
            for k in o
            if k in COUNT_FIELDS
        ]
        obj, key = draw(st.sampled_from(targets))
        obj[key] = -draw(st.integers(1, 10**6))
    elif kind == "unknown":
        models = [o for p, o in objects if not (p and p[-1] in FREE_DICTS)]
        obj = draw(st.sampled_from(models))
        obj[draw(st.sampled_from(["cheat", "x", "_hidden", "Cash"])) + "_extra"] = 1
    elif kind == "wrong type":
        targets = [
            (o, k)
            for _, o in objects
            for k, v in o.items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        obj, key = draw(st.sampled_from(targets))
        obj[key] = draw(st.sampled_from(["12", "lots", None, [1], {"a": 1}, True]))
    else:
        targets = [
            (o, k)
            for p, o in objects
            if p[-1:] not in [(f,) for f in FREE_DICTS]
            for k in o
            if k in REQUIRED
        ]
        obj, key = draw(st.sampled_from(targets))
        del obj[key]
    return doc


@PROPS
@given(data=st.data(), fix_checksum=st.booleans())
def test_hand_edited_fields_give_a_clean_error(tmp_path, data, fix_checksum):
    doc = json.loads(_sample())
    edited = data.draw(invalid_edits(doc))
    if fix_checksum:
        edited["checksum"] = checksum(edited)
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(edited, indent=1))
    assert _load_cleanly(path) is None
