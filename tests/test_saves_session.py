"""Save format v3: the optional `session` block (game id, draft orders, release choice) kept
outside the state and its hash; older saves still load; autosaves are kept per game."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from test_saves import WHEN, played

from game import saves
from game.core.engine import state_hash
from game.core.models import OfferOrder, OfferTerms, Orders, Split
from game.saves import (
    CURRENT_VERSION,
    SaveError,
    SaveSession,
    autosave,
    checksum,
    load_save,
    save_game,
)


def a_session(state, game_id: str = "c0ffee12") -> SaveSession:  # type: ignore[no-untyped-def]
    free = next(r.id for r in state.researchers.values() if r.lab != state.player)
    draft = Orders(
        split=Split(gpus=100.0, offers=50.0, open=0.0),
        buy=1,
        offers=[OfferOrder(researcher=free, terms=OfferTerms(salary=2.0, bonus=1.0))],
        release="current",
    )
    return SaveSession(game_id=game_id, draft=draft, release="current")


def as_older(path: Path, version: int) -> None:
    """Rewrite a save as the older version wrote it: no session block, that version number,
    and its checksum."""
    doc = json.loads(path.read_text())
    doc.pop("session", None)
    doc["version"] = version
    doc["checksum"] = checksum(doc)
    path.write_text(json.dumps(doc))


def test_the_session_block_round_trips_outside_the_state(tmp_path) -> None:  # type: ignore[no-untyped-def]
    state = played(11, 2)[-1]
    block = a_session(state)
    with_it = save_game(state, "drafts", tmp_path, saved_at=WHEN, session=block)
    without = save_game(state, "plain", tmp_path, saved_at=WHEN)
    doc = json.loads(with_it.read_text())
    assert doc["version"] == CURRENT_VERSION == 3
    assert doc["session"]["game_id"] == "c0ffee12" and "session" not in doc["state"]
    assert "session" not in json.loads(without.read_text())
    a, b = load_save(with_it), load_save(without)
    assert a.session == block and b.session is None
    assert a.state == b.state == state
    assert state_hash(a.state) == state_hash(b.state), "drafts are not part of the game"


def test_older_saves_still_load_with_no_session(tmp_path) -> None:  # type: ignore[no-untyped-def]
    state = played(12, 2)[-1]
    for version in (2, 1):
        path = save_game(state, f"v{version}", tmp_path, saved_at=WHEN, session=a_session(state))
        as_older(path, version)
        assert json.loads(path.read_text())["version"] == version
        save = load_save(path)
        assert save.version == CURRENT_VERSION and save.session is None
        assert save.state == state


def test_an_older_save_with_a_session_block_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    state = played(12, 1)[-1]
    path = save_game(state, "odd", tmp_path, saved_at=WHEN, session=a_session(state))
    doc = json.loads(path.read_text())
    doc["version"] = 2  # a v2 file never had one: an edit, not a save of ours
    doc["checksum"] = checksum(doc)
    path.write_text(json.dumps(doc))
    with pytest.raises(SaveError, match="no session block"):
        load_save(path)


@pytest.mark.parametrize("bad", ["../x", "a-b", "", "A" * 33, "ÄÖ"])
def test_a_game_id_is_a_plain_word(tmp_path, bad: str) -> None:  # type: ignore[no-untyped-def]
    state = played(12, 1)[-1]
    path = save_game(state, "ok", tmp_path, saved_at=WHEN, session=a_session(state))
    doc = json.loads(path.read_text())
    doc["session"]["game_id"] = bad
    doc["checksum"] = checksum(doc)
    path.write_text(json.dumps(doc))
    with pytest.raises(SaveError, match=r"session\.game_id"):
        load_save(path)


def test_autosaves_are_named_by_game_and_kept_three_per_game(tmp_path) -> None:  # type: ignore[no-untyped-def]
    one, two = played(13, 5), played(14, 5)
    old_style = save_game(one[0], "autosave-2025-Q3", tmp_path)  # an autosave of an older game
    mine = save_game(one[0], "my game", tmp_path)
    first, second = SaveSession(game_id="aaaa1111"), SaveSession(game_id="bbbb2222")
    for a, b in zip(one, two, strict=True):
        autosave(a, tmp_path, saved_at=WHEN, session=first)
        time.sleep(0.01)
        autosave(b, tmp_path, saved_at=WHEN, session=second)
        time.sleep(0.01)
    for gid in ("aaaa1111", "bbbb2222"):
        names = sorted(p.name for p in tmp_path.glob(f"autosave-{gid}-*.json"))
        assert names == [f"autosave-{gid}-{q}.json" for q in ("2026-Q2", "2026-Q3", "2026-Q4")]
    assert old_style.is_file() and mine.is_file(), "never another game's, nor the player's"
    # one more quarter of the second game prunes only the second game's
    autosave(played(14, 6)[-1], tmp_path, saved_at=WHEN, session=second)
    assert len(list(tmp_path.glob("autosave-aaaa1111-*.json"))) == 3
    assert sorted(p.name for p in tmp_path.glob("autosave-bbbb2222-*.json"))[0] == (
        "autosave-bbbb2222-2026-Q3.json"
    )
    save = load_save(tmp_path / "autosave-aaaa1111-2026-Q4.json")
    assert save.session == first


def test_pruning_needs_a_game(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError):
        saves.prune_autosaves(tmp_path)  # type: ignore[call-arg]
    with pytest.raises(SaveError):
        saves.prune_autosaves(tmp_path, game_id="*")


def test_a_game_saved_before_sessions_gets_the_same_id_every_time() -> None:
    a, b = played(15, 3)[1], played(15, 3)[-1]
    assert saves.game_id_of(a) == saves.game_id_of(b)
    assert saves.game_id_of(a) != saves.game_id_of(played(16, 1)[0])
    assert saves.new_game_id() != saves.new_game_id()


def test_the_sessions_game_ids_are_the_saves_kind() -> None:
    import re

    from game.tui.session import new_game_id as _new_game_id

    assert re.fullmatch(saves.format.GAME_ID, _new_game_id())
    assert len(_new_game_id()) == len(saves.new_game_id()) == 8
