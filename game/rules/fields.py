"""The fields that rule and event expressions may read, by scope.

`me` is a lab, `target` a researcher, `world` the state of the industry. The game core builds
plain view objects (with `__slots__`) carrying exactly these attributes; expressions can read
nothing else. Money is in $M, compute in units of 1,000 H100-equivalents, shares are 0..1.
"""

from __future__ import annotations

NUMBER = "number"
BOOL = "bool"
STR = "str"
TYPES = frozenset({NUMBER, BOOL, STR})

SCOPES = ("me", "target", "world")

FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "me": {
        "cash": (NUMBER, "cash in hand, $M"),
        "compute": (NUMBER, "compute this quarter (owned + rented), units"),
        "compute_owned": (NUMBER, "compute owned, units"),
        "compute_on_order": (NUMBER, "compute bought and delivered next quarter, units"),
        "capability": (NUMBER, "capability score of the lab's current model"),
        "open_release": (NUMBER, "best open-weights capability the lab has released"),
        "moat": (NUMBER, "capability minus the world's open frontier (may be negative)"),
        "ecosystem": (NUMBER, "developers building on the lab's open models, thousands"),
        "ecosystem_share": (NUMBER, "share of the world's developer ecosystem, 0..1"),
        "api_share": (NUMBER, "share of the world's API revenue, 0..1"),
        "reputation": (NUMBER, "reputation, 0..100"),
        "revenue": (NUMBER, "revenue last quarter, $M"),
        "valuation": (NUMBER, "valuation, $M"),
        "outside_funding": (NUMBER, "parent company subsidy per quarter, $M"),
        "headcount": (NUMBER, "rank-and-file employees"),
        "researchers": (NUMBER, "named researchers"),
        "superstars": (NUMBER, "named researchers of tier superstar"),
        "stars": (NUMBER, "named researchers of tier star"),
        "compute_per_researcher": (NUMBER, "compute per named researcher, units"),
        "openness": (NUMBER, "share of recent model generations released open, 0..1"),
        "capability_rank": (NUMBER, "rank of the lab's capability, 1 = best"),
        "payroll": (NUMBER, "named researchers' salaries per quarter, $M"),
        "runway": (NUMBER, "quarters of cash at the current burn, 99 if no burn"),
        "is_player": (BOOL, "true for the player's lab"),
        "aggression": (NUMBER, "difficulty multiplier for rivals, 1.0 at normal"),
        "budget": (NUMBER, "discretionary cash this quarter after fixed costs, $M"),
        "id": (STR, "the lab's id"),
        "playbook": (STR, "the lab's playbook id ('player' for the player's lab)"),
    },
    "target": {
        "skill": (NUMBER, "skill, 0..100"),
        "tier": (STR, "'superstar', 'star' or 'senior'"),
        "tier_rank": (NUMBER, "3 for superstar, 2 for star, 1 for senior"),
        "specialty": (
            STR,
            "'pretraining', 'reasoning', 'infrastructure', 'multimodal' or 'alignment'",
        ),
        "salary": (NUMBER, "salary per quarter, $M"),
        "loyalty": (NUMBER, "loyalty to the current lab, 0..1"),
        "morale": (NUMBER, "morale, 0..1"),
        "tenure": (NUMBER, "quarters at the current lab"),
        "unvested": (NUMBER, "value of unvested equity, $M (what a poacher must buy out)"),
        "free_agent": (BOOL, "true if the researcher works for no lab"),
        "lab": (STR, "id of the researcher's lab, '' for a free agent"),
        "lab_playbook": (
            STR,
            "playbook of the researcher's lab: '' for a free agent, 'player' for the player's lab",
        ),
        "lab_is_player": (BOOL, "true if the researcher works for the player"),
        "lab_capability": (NUMBER, "capability of the researcher's lab, 0 for a free agent"),
        "has_offer": (BOOL, "true if the researcher holds a competing offer"),
        "best_offer_value": (NUMBER, "yearly value of the best competing offer, $M, 0 if none"),
        "drive_money": (NUMBER, "how much money matters, 0..1"),
        "drive_compute": (NUMBER, "how much compute per researcher matters, 0..1"),
        "drive_mission": (NUMBER, "how much the lab's mission matters, 0..1"),
        "drive_openness": (NUMBER, "how much open releases matter, 0..1"),
        "drive_prestige": (NUMBER, "how much reputation and rank matter, 0..1"),
        "noncompete": (NUMBER, "quarters of non-compete left"),
        "concern": (NUMBER, "poaching stage toward the lab evaluating the rule: 0, 1 or 2"),
    },
    "world": {
        "quarter": (NUMBER, "turn number, 0 = 2025-Q3"),
        "year": (NUMBER, "calendar year"),
        "open_frontier": (NUMBER, "capability of the best open-weights model"),
        "best_capability": (NUMBER, "best capability of any lab"),
        "demand": (NUMBER, "API demand, $M per quarter at full moat"),
        "gpu_price": (NUMBER, "price of one compute unit, $M"),
        "rent_price": (NUMBER, "rent of one compute unit per quarter, $M"),
        "labs": (NUMBER, "labs still in business"),
        "free_agents": (NUMBER, "researchers on the market without a lab"),
        "player_capability": (NUMBER, "the player's capability"),
        "player_researchers": (NUMBER, "the player's named researchers"),
        "superintelligence": (NUMBER, "capability threshold of the superintelligence victory"),
    },
}
