"""The parsed-content cache: plain data, the same content as parsing, never stale, never
trusted when damaged, never in the way."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from game import datafiles
from game.content import CACHE_ENV, ContentError, assets_dir, cache_dir, load_content
from game.datafiles import cache_entry, peek_scenario_summaries


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("parsed a file the cache holds")

    monkeypatch.setattr(tomllib, "loads", refuse)


def _mod(root: Path, title: str) -> Path:
    mod = root / "mod"
    (mod / "scenarios").mkdir(parents=True, exist_ok=True)
    text = (assets_dir() / "scenarios" / "summer-2025.toml").read_text()
    text = text.replace('id = "summer-2025"', 'id = "cached-2025"', 1)
    text = text.replace('title = "', f'title = "{title} ', 1)
    (mod / "scenarios" / "cached-2025.toml").write_text(text)
    return mod


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    """The two contents hold the same data and rules."""
    rules = [
        (book.id, rule.id, rule.when.src, {k: p.src for k, p in rule.params.items()})
        for c in (a, b)
        for book in c.playbooks.values()
        for rule in book.rules
    ]
    half = len(rules) // 2

    def events(c):  # type: ignore[no-untyped-def]
        return {
            k: (e.chance, e.when.src, [(m.src, f) for m, f in e.modifiers])
            for k, e in c.events.items()
        }

    return (
        dict(a.scenarios.items()) == dict(b.scenarios.items())
        and (a.balance, a.names, a.news) == (b.balance, b.names, b.news)
        and rules[:half] == rules[half:]
        and events(a) == events(b)
    )


def test_the_cache_gives_the_same_content_without_parsing(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert cache_dir() == tmp_path / "cache"
    first = load_content()
    entries = list((tmp_path / "cache").glob("*.json"))
    assert len(entries) == len(list(assets_dir().rglob("*.toml")))
    for entry in entries:  # plain data: a header line, then JSON
        head, _, payload = entry.read_bytes().partition(b"\n")
        assert isinstance(json.loads(payload), dict) and len(head.split()) == 2
    _no_parsing(monkeypatch)
    second = load_content()
    assert _same(first, second)


def test_an_edited_file_is_parsed_again(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    mod = _mod(tmp_path, "First")
    assert load_content([mod]).scenarios["cached-2025"].title.startswith("First ")
    entries = len(list((tmp_path / "cache").glob("*.json")))
    data_files = [*assets_dir().rglob("*.toml"), *mod.rglob("*.toml")]
    assert entries == len(data_files)
    _mod(tmp_path, "Second")
    assert load_content([mod]).scenarios["cached-2025"].title.startswith("Second ")
    # one entry per file: editing it replaces its entry
    assert len(list((tmp_path / "cache").glob("*.json"))) == entries


def _changed_rules(blob: bytes) -> bytes:
    """The entry with its data changed as a forger would (the rules' numbers and conditions
    doubled or inverted), valid JSON under the original header."""
    head, _, payload = blob.partition(b"\n")
    data = json.loads(payload)

    def change(value):  # type: ignore[no-untyped-def]
        if isinstance(value, dict):
            return {k: change(v) for k, v in value.items()}
        if isinstance(value, list):
            return [change(v) for v in value]
        if isinstance(value, bool):
            return not value
        if isinstance(value, int | float):
            return value * 2 + 1
        if isinstance(value, str) and value.startswith("me."):
            return f"not ({value})"
        return value

    return head + b"\n" + json.dumps(change(data)).encode()


DAMAGE = {
    "truncated": lambda blob: blob[: len(blob) // 2],
    "header only": lambda blob: blob.partition(b"\n")[0] + b"\n",
    "garbage": lambda blob: os.urandom(len(blob)),
    "garbage after the header": lambda blob: blob.partition(b"\n")[0] + b"\n" + b"\xff{[" * 99,
    "valid JSON with changed rules": _changed_rules,
    "another file's entry": lambda blob: cache_entry(assets_dir() / "balance.toml").read_bytes(),  # type: ignore[union-attr]
    "deeply nested JSON": lambda blob: (
        blob.partition(b"\n")[0] + b"\n" + b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    ),
    "empty": lambda blob: b"",
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_entry_is_never_trusted(tmp_path, monkeypatch, damage) -> None:  # type: ignore[no-untyped-def]
    from game.content import scenario_summaries

    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, "off")
    expected = load_content()
    monkeypatch.setenv(CACHE_ENV, str(cache))
    load_content()  # fills the cache
    for path in sorted(assets_dir().rglob("*.toml")):
        entry = cache_entry(path)
        assert entry is not None and entry.is_file(), path
        if damage != "another file's entry" or path.name != "balance.toml":
            entry.write_bytes(DAMAGE[damage](entry.read_bytes()))
    assert peek_scenario_summaries() == scenario_summaries(expected)
    assert _same(load_content(), expected)
    # and each damaged entry was replaced by a good one
    _no_parsing(monkeypatch)
    assert _same(load_content(), expected)


def test_an_entry_that_is_not_a_regular_file_is_not_read(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    expected = load_content()
    for i, path in enumerate(sorted(assets_dir().rglob("*.toml"))):
        entry = cache_entry(path)
        assert entry is not None
        entry.unlink()
        if i % 3 == 0:
            os.mkfifo(entry)  # would block a plain read
        elif i % 3 == 1:
            entry.symlink_to("/dev/zero")  # would never end
        else:
            entry.mkdir()
    assert _same(load_content(), expected)


def test_a_damaged_or_unwritable_cache_only_costs_time(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    expected = load_content()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    assert _same(load_content(), expected)
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_dir() is None
    assert _same(load_content(), expected)


def test_bad_toml_is_still_one_line_and_never_cached(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    mod = tmp_path / "mod"
    (mod / "scenarios").mkdir(parents=True)
    (mod / "scenarios" / "broken.toml").write_text('id = "broken"\ntitle = \n')
    for _ in range(2):
        with pytest.raises(ContentError) as err:
            load_content([mod])
        assert "broken.toml: not valid TOML" in str(err.value) and "\n" not in str(err.value)
    assert not cache_entry(mod / "scenarios" / "broken.toml").exists()  # type: ignore[union-attr]


def test_the_default_cache_is_the_users_cache_folder(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "talent-war"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "talent-war"


def test_a_removed_mod_costs_a_later_plain_load_nothing(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    read: list[Path] = []
    real = datafiles._read_entry

    def recording(entry: Path) -> bytes | None:
        read.append(entry)
        return real(entry)

    monkeypatch.setattr(datafiles, "_read_entry", recording)
    load_content()
    plain = sorted(read)
    mod = tmp_path / "mod"
    (mod / "rules").mkdir(parents=True)
    rules = "".join(
        f'[[rule]]\nid = "r{i}"\naction = "buy_gpus"\nwhen = "me.cash > {i}"\n'
        f"params = {{ units = 1 }}\n"
        for i in range(2000)
    )
    (mod / "rules" / "big.toml").write_text(f'playbook = "big"\n{rules}')
    assert len(load_content([mod]).playbooks["big"].rules) == 2000
    read.clear()
    load_content()
    assert sorted(read) == plain  # the mod's entry is never read again without the mod


def test_scenario_summaries_match_the_loaded_scenarios_and_come_from_the_cache(
    tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from game.content import scenario_summaries as summaries

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    mod = _mod(tmp_path, "First")
    folder = mod / "scenarios"
    expected = [s for s in summaries(load_content([mod])) if s.id == "cached-2025"]
    _no_parsing(monkeypatch)
    assert peek_scenario_summaries(folder) == expected
    monkeypatch.undo()
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    _mod(tmp_path, "Second")  # an edited file is read again
    assert peek_scenario_summaries(folder)[0].title.startswith("Second ")  # type: ignore[index]
    assert peek_scenario_summaries() == summaries(load_content())


def test_scenario_summaries_of_a_broken_file_are_none(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a.toml").write_text('id = "a"\ntitle = "A"\n')  # no description, no labs
    assert peek_scenario_summaries(folder) is None
    (folder / "a.toml").write_text('id = "a"\ntitle = \n')  # not TOML
    assert peek_scenario_summaries(folder) is None
    (folder / "a.toml").write_text("a = " + "[" * 5000 + "]" * 5000)  # nested too deeply
    assert peek_scenario_summaries(folder) is None
