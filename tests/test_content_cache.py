"""The parsed-content cache: same content as parsing, never stale, never in the way."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from game import datafiles
from game.content import CACHE_ENV, ContentError, assets_dir, cache_dir, load_content


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("parsed a file the cache holds")

    monkeypatch.setattr(tomllib, "load", refuse)


def _mod(root: Path, title: str) -> Path:
    mod = root / "mod"
    (mod / "scenarios").mkdir(parents=True, exist_ok=True)
    text = (assets_dir() / "scenarios" / "summer-2025.toml").read_text()
    text = text.replace('id = "summer-2025"', 'id = "cached-2025"', 1)
    text = text.replace('title = "', f'title = "{title} ', 1)
    (mod / "scenarios" / "cached-2025.toml").write_text(text)
    return mod


def test_the_cache_gives_the_same_content_without_parsing(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert cache_dir() == tmp_path / "cache"
    first = load_content()
    assert len(list((tmp_path / "cache").glob("*.toml.marshal"))) >= 4
    _no_parsing(monkeypatch)
    second = load_content()
    assert second.scenarios == first.scenarios
    assert (second.balance, second.names, second.news) == (first.balance, first.names, first.news)


def test_an_edited_file_is_parsed_again(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    mod = _mod(tmp_path, "First")
    assert load_content([mod]).scenarios["cached-2025"].title.startswith("First ")
    entries = len(list((tmp_path / "cache").glob("*.toml.marshal")))
    data_files = [*assets_dir().rglob("*.toml"), *mod.rglob("*.toml")]
    assert entries == len(data_files)
    _mod(tmp_path, "Second")
    assert load_content([mod]).scenarios["cached-2025"].title.startswith("Second ")
    # one entry per file: editing it replaces its entry
    assert len(list((tmp_path / "cache").glob("*.toml.marshal"))) == entries


def test_a_damaged_or_unwritable_cache_only_costs_time(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    expected = load_content()
    for entry in cache.glob("*.toml.marshal"):
        entry.write_bytes(entry.read_bytes()[:40])  # right header, truncated data
    assert load_content().scenarios == expected.scenarios
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    assert load_content().scenarios == expected.scenarios
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_dir() is None
    assert load_content().scenarios == expected.scenarios


def test_bad_toml_is_still_one_line_and_never_cached(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    mod = tmp_path / "mod"
    (mod / "scenarios").mkdir(parents=True)
    (mod / "scenarios" / "broken.toml").write_text('id = "broken"\ntitle = \n')
    for _ in range(2):
        with pytest.raises(ContentError) as err:
            load_content([mod])
        assert "broken.toml: not valid TOML" in str(err.value) and "\n" not in str(err.value)


def test_the_default_cache_is_the_users_cache_folder(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "talent-war"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "talent-war"


def test_scenario_summaries_match_the_loaded_scenarios_and_come_from_the_cache(
    tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from game.content import scenario_summaries as summaries
    from game.datafiles import peek_scenario_summaries as scenario_summaries

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    mod = _mod(tmp_path, "First")
    folder = mod / "scenarios"
    expected = [s for s in summaries(load_content([mod])) if s.id == "cached-2025"]
    assert scenario_summaries(folder) == expected
    assert list((tmp_path / "cache").glob("*.summaries.marshal"))
    monkeypatch.setattr(datafiles, "parse_toml", lambda *_: pytest.fail("read a cached file"))
    assert scenario_summaries(folder) == expected
    monkeypatch.undo()
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    _mod(tmp_path, "Second")  # an edited file is read again
    assert scenario_summaries(folder)[0].title.startswith("Second ")  # type: ignore[index]
    assert scenario_summaries() == summaries(load_content())


def test_scenario_summaries_of_a_broken_file_are_none(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from game.datafiles import peek_scenario_summaries as scenario_summaries

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a.toml").write_text('id = "a"\ntitle = "A"\n')  # no description, no labs
    assert scenario_summaries(folder) is None
    (folder / "a.toml").write_text('id = "a"\ntitle = \n')  # not TOML
    assert scenario_summaries(folder) is None
