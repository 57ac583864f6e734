"""Large generated scenarios for the scale figures of the benchmark (and for tests).

`make_scenario(labs, researchers)` builds a `Scenario` from the default one: the player's lab is
copied from it, and each generated rival lab copies the fields of one of the default scenario's
rival labs, with playbooks cycling over the five shipped ones. Researchers are drawn from a
seeded generator (about 5 % free agents, the rest spread evenly over the labs).

    from bench.scale import with_scale
    content, scenario_id = with_scale(load_content(), labs=50, researchers=5000)
    state = new_game(content, scenario_id, seed=1, difficulty="normal")
"""

from __future__ import annotations

import dataclasses
import random

from game.core.config import Content, Scenario, ScenarioLab, ScenarioResearcher
from game.datafiles import DEFAULT_SCENARIO

PLAYBOOKS = ("closed-leader", "open-giant", "safety-lab", "search-giant", "upstart")
SPECIALTIES = ("pretraining", "reasoning", "infrastructure", "multimodal", "alignment")
# tier, share of researchers, skill range, salary range per quarter ($M)
TIERS = (
    ("superstar", 0.03, (85.0, 97.0), (8.0, 22.0)),
    ("star", 0.17, (70.0, 92.0), (0.8, 4.5)),
    ("senior", 0.80, (55.0, 82.0), (0.1, 0.3)),
)
FREE_SHARE = 0.05


def scenario_id(labs: int, researchers: int) -> str:
    return f"scale-{labs}x{researchers}"


def _tier(x: float) -> tuple[str, float, tuple[float, float], tuple[float, float]]:
    acc = 0.0
    for row in TIERS:
        acc += row[1]
        if x < acc:
            return row
    return TIERS[-1]


def _drives(rng: random.Random) -> dict[str, float]:
    raw = [rng.random() + 0.05 for _ in range(5)]
    total = sum(raw)
    return dict(
        zip(
            ("money", "compute", "mission", "openness", "prestige"),
            (round(x / total, 3) for x in raw),
            strict=True,
        )
    )


def make_scenario(
    content: Content,
    labs: int = 50,
    researchers: int = 5000,
    seed: int = 0,
    base: str = DEFAULT_SCENARIO,
) -> Scenario:
    """A scenario with `labs` labs (one of them the player's) and `researchers` researchers."""
    if labs < 2:
        raise ValueError("a scenario needs the player's lab and at least one rival")
    rng = random.Random(seed)
    src = content.scenarios[base]
    player_src = next(lab for lab in src.labs if lab.player)
    rivals_src = {lab.playbook: lab for lab in src.labs if not lab.player}
    out_labs: list[ScenarioLab] = [player_src.model_copy(deep=True)]
    for i in range(labs - 1):
        playbook = PLAYBOOKS[i % len(PLAYBOOKS)]
        template = rivals_src.get(playbook) or next(iter(rivals_src.values()))
        data = template.model_dump()
        data.update(
            id=f"lab{i:03d}",
            name=f"{template.name} {i // len(PLAYBOOKS) + 1}",
            playbook=playbook,
        )
        out_labs.append(ScenarioLab(**data))
    lab_ids = [lab.id for lab in out_labs]
    out_res: list[ScenarioResearcher] = []
    for n in range(researchers):
        tier, _, skill_range, salary_range = _tier(rng.random())
        free = rng.random() < FREE_SHARE
        lab = None if free else lab_ids[n % len(lab_ids)]
        out_res.append(
            ScenarioResearcher(
                id=f"g{n:06d}",
                name=f"Researcher {n}",
                tier=tier,
                specialty=SPECIALTIES[rng.randrange(len(SPECIALTIES))],
                skill=round(rng.uniform(*skill_range), 1),
                drives=_drives(rng),
                lab=lab,
                loyalty=round(rng.uniform(0.2, 0.4) if free else rng.uniform(0.45, 0.85), 2),
                morale=round(rng.uniform(0.45, 0.9), 2),
                tenure=0 if free else rng.randrange(20),
                salary=round(rng.uniform(*salary_range), 3),
                unvested=0.0 if free else round(rng.uniform(0.00002, 0.0008), 6),
                vest_quarters=0 if free else rng.randrange(4, 16),
                noncompete=0 if free else rng.choice((0, 0, 0, 2)),
            )
        )
    return src.model_copy(
        update={
            "id": scenario_id(labs, researchers),
            "title": f"Scale test: {labs} labs, {researchers} researchers",
            "labs": out_labs,
            "researchers": out_res,
        }
    )


def with_scale(
    content: Content, labs: int = 50, researchers: int = 5000, seed: int = 0
) -> tuple[Content, str]:
    """`content` with a generated scenario added; returns (content, the scenario's id)."""
    sc = make_scenario(content, labs, researchers, seed)
    new = dataclasses.replace(content, scenarios={**content.scenarios, sc.id: sc})
    return new, sc.id
