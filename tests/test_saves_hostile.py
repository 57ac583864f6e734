"""Hostile save files: refused fast, in one line, with little memory, never read forever."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from game import saves
from game.content import load_content
from game.core.engine import new_game
from game.saves import SaveError, checksum, list_saves, load_save, save_game


def _one_line_error(path: Path, *fragments: str) -> str:
    with pytest.raises(SaveError) as info:
        load_save(path)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.fixture(scope="module")
def good_save(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = load_content()
    state = new_game(content, "summer-2025", 1, "normal")
    return save_game(state, "good", tmp_path_factory.mktemp("good"), content=content)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_symlink_to_dev_zero_is_refused_at_once(tmp_path):
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    start = time.monotonic()
    _one_line_error(link, "not a regular file")
    (info,) = list_saves(tmp_path)
    assert not info.ok and "not a regular file" in (info.error or "")
    assert time.monotonic() - start < 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    result: list[BaseException | None] = []

    def load() -> None:
        try:
            load_save(fifo)
        except SaveError as e:
            result.append(e)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert result and "not a regular file" in str(result[0])


def test_the_size_cap_is_counted_while_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_bytes(b"{" + b" " * 5000 + b"}")
    monkeypatch.setattr(saves.store, "MAX_BYTES", 1000)
    _one_line_error(path, "too large to be a save")


def test_a_huge_file_of_brackets_is_refused_before_parsing(tmp_path):
    """A file over the cap is never parsed; one under it with far more JSON values than a save
    holds (nested brackets) is refused before json reads it."""
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        head = b'{"format":"talent-war-save","version":1,"checksum":"' + b"0" * 64 + b'","x":'
        f.write(head)
        block = b"[" * 1000 + b"]" * 1000 + b","
        for _ in range(saves.MAX_BYTES // len(block) + 10):
            f.write(block)
        f.write(b"0}")
    start = time.monotonic()
    _one_line_error(big, "too large to be a save")
    small = tmp_path / "small.json"
    small.write_bytes(head + (b"[[[]]]," * 2_000_000) + b"0}")
    _one_line_error(small, "far more JSON values than a save holds")
    assert time.monotonic() - start < 10


def test_the_density_check_accepts_real_saves(good_save):
    raw = good_save.read_bytes()
    values = raw.count(b",") + raw.count(b"[") + raw.count(b"{")
    assert values * saves.store.MAX_VALUE_DENSITY * 4 < len(raw)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lab", "Someone Else"),
        ("cash", 1e9),
        ("outcome", "won"),
        ("quarter_label", "\x1b[2J"),
        ("quarter", 7),
    ],
)
def test_metadata_that_disagrees_with_the_state_is_refused(tmp_path, good_save, field, value):
    doc = json.loads(good_save.read_text())
    doc["meta"][field] = value
    doc["checksum"] = checksum(doc)  # a careful editor fixes the checksum too
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc))
    _one_line_error(path, f"meta.{field}")
    (info,) = list_saves(tmp_path)
    assert not info.ok and f"meta.{field}" in (info.error or "")


def test_the_listing_reads_the_header_and_agrees_with_a_full_load(good_save):
    (info,) = list_saves(good_save.parent)
    save = load_save(good_save)
    assert info.ok
    assert (info.lab, info.cash, info.quarter) == (
        save.state.player_lab.name,
        save.state.player_lab.cash,
        save.meta.quarter_label,
    )
