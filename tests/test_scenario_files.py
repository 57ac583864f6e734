"""Scenarios are kept as their files' bytes and validated when looked up (game.content)."""

from __future__ import annotations

import dataclasses
import gc
import weakref
from pathlib import Path

import pytest

from game.content import (
    ContentError,
    ScenarioFiles,
    assets_dir,
    load_content,
    scenario_summaries,
    scenario_summary,
)
from game.datafiles import ScenarioSummary, SeatSummary, peek_scenario_summaries


def _mod(root: Path, edit: tuple[str, str] | None = None) -> Path:
    """A mod with a copy of the default scenario under the id `copy-2025`."""
    mod = root / "mod"
    (mod / "scenarios").mkdir(parents=True, exist_ok=True)
    text = (assets_dir() / "scenarios" / "summer-2025.toml").read_text()
    text = text.replace('id = "summer-2025"', 'id = "copy-2025"', 1)
    if edit is not None:
        assert edit[0] in text
        text = text.replace(*edit, 1)
    (mod / "scenarios" / "copy-2025.toml").write_text(text)
    return mod


def test_each_lookup_is_a_new_scenario_that_the_content_does_not_keep() -> None:
    content = load_content()
    assert isinstance(content.scenarios, ScenarioFiles)
    first = content.scenarios["summer-2025"]
    second = content.scenarios["summer-2025"]
    assert first == second and first is not second
    assert first.researchers[0] is not second.researchers[0]
    gone = weakref.ref(first)
    del first
    gc.collect()
    assert gone() is None, "the content kept the scenario it gave out"
    assert "summer-2025" in content.scenarios and "nowhere-2025" not in content.scenarios
    with pytest.raises(KeyError):
        content.scenarios["nowhere-2025"]


def test_the_scenarios_are_the_files_as_they_were_when_the_content_loaded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    mod = _mod(tmp_path)
    content = load_content([mod])
    loaded = content.scenarios["copy-2025"]
    path = mod / "scenarios" / "copy-2025.toml"
    path.write_text(path.read_text().replace('title = "', 'title = "Edited ', 1))
    assert content.scenarios["copy-2025"] == loaded
    assert not scenario_summary(content, "copy-2025").title.startswith("Edited")  # type: ignore[union-attr]
    path.unlink()
    assert content.scenarios["copy-2025"] == loaded


def test_summaries_are_those_of_the_scenarios_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    mod = _mod(tmp_path)
    content = load_content([mod])
    expected = []
    for sc in content.scenarios.values():
        player = next(lab for lab in sc.labs if lab.player)
        labs = {lab.id: lab for lab in sc.labs}
        seats = tuple(
            SeatSummary(i, labs[i].name, labs[i].description, labs[i].seat.description)
            for i in sc.seats()
        )
        expected.append(
            ScenarioSummary(
                sc.id, sc.title, sc.description, player.name, player.description, seats=seats
            )
        )
    assert scenario_summaries(content) == expected
    assert [s.id for s in scenario_summaries(content)] == list(content.scenarios)
    assert scenario_summary(content, "copy-2025") == expected[-1]
    assert scenario_summary(content, "nowhere-2025") is None
    # the New game screen's quick read of the files gives the same summaries
    assert peek_scenario_summaries() == expected[:-1]
    assert peek_scenario_summaries(mod / "scenarios") == expected[-1:]
    # a content whose scenarios are models (not files) gives them too
    plain = dataclasses.replace(content, scenarios=dict(content.scenarios.items()))
    assert scenario_summaries(plain) == expected


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (('id = "meridian"', 'id = "halcyon"'), "two labs share an id"),
        (
            ('playbook = "open-giant"', 'playbook = "no-such-book"'),
            "unknown playbook 'no-such-book'",
        ),
        (('title = "', 'title = = "'), "not valid TOML"),
        (("loyalty = 0.55", "loyalty = 7.5"), "loyalty"),
    ],
)
def test_a_bad_scenario_is_refused_when_the_content_loads(tmp_path, edit, needle) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as err:
        load_content([_mod(tmp_path, edit)])
    message = str(err.value)
    assert needle in message and "\n" not in message
