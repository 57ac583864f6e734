"""Formatting helpers shared by the screens (pure functions, no Textual, no core imports).

Every string from a data file, a mod or a save (names, titles, descriptions, headlines) goes on
screen through `printable` (into a `Text`) or `plain` (a `Text` of its own): plain text, never
markup, and without control characters.
"""

from __future__ import annotations

from rich.text import Text

from game.text import money, printable

__all__ = ["money", "plain", "printable"]


def plain(text: object, style: str = "") -> Text:
    """A data string as a screen shows it: plain text (brackets are brackets), no control
    characters."""
    return Text(printable(text), style=style)


PLAYBOOK_LOOK = {
    "closed-leader": "guards a closed moat",
    "open-giant": "open weights, deep pockets",
    "safety-lab": "mission first, rarely poaches",
    "search-giant": "huge compute, slow, partly open",
    "upstart": "lean, open, disruptive",
}

SPEC_SHORT = {
    "pretraining": "pretrain",
    "reasoning": "reason/RL",
    "infrastructure": "infra",
    "multimodal": "multimod",
    "alignment": "align",
}

TIER_SHORT = {"superstar": "★★★", "star": "★★", "senior": "★"}
TIER_RANK = {"superstar": 3, "star": 2, "senior": 1}


def signed_money(amount: float) -> str:
    return ("+" if amount > 0 else "") + money(amount)


def pct(share: float, digits: int = 0) -> str:
    return f"{share * 100:.{digits}f}%"


def band(lo_hi: tuple[float, float]) -> str:
    lo, hi = lo_hi
    return f"{lo * 100:.0f}–{hi * 100:.0f}%"


def risk_word(lo_hi: tuple[float, float]) -> str:
    mid = (lo_hi[0] + lo_hi[1]) / 2
    if mid >= 0.5:
        return "HIGH"
    if mid >= 0.25:
        return "med"
    return "low"


def compute(units: float) -> str:
    """Compute units (1,000 H100-equivalents) as H100s: 60k, 1.2M."""
    if units >= 1000:
        return f"{units / 1000:.1f}M"
    return f"{units:,.0f}k"


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar of `width` cells for value/top, with eighth-cell precision."""
    if top <= 0 or width <= 0:
        return ""
    frac = max(0.0, min(1.0, value / top))
    eighths = round(frac * width * 8)
    full, part = divmod(eighths, 8)
    s = "█" * full + ("" if part == 0 else " ▏▎▍▌▋▊▉"[part])
    return s.ljust(width)


def parse_number(text: str) -> float | None:
    """A number typed by the player: '1,200', '$35M', '2.5' → float; None if not a number."""
    cleaned = text.strip().replace(",", "").replace("$", "").replace("%", "").rstrip("mM")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value


def nice_step(total: float) -> float:
    """A round step of about 1/40 of `total` (1, 2, 5, 10, 20, 50 …)."""
    target = max(1.0, total / 40)
    step = 1.0
    while True:
        for m in (1, 2, 5):
            if step * m >= target:
                return step * m
        step *= 10


# The open frontier and the moat, in the words Help uses (the dashboard's race repeats them).
FRONTIER_WORDS = "the best model anyone has released as open weights"
FRONTIER_SHORT = "the best open-weights model"
MOAT_WORDS = (
    "your model's lead over the open frontier, the gap a closed model earns API revenue "
    "from; negative when the open frontier leads you, and then your API earns little"
)


def moat_words(moat: float) -> str:
    """The moat in a few words: 'your lead over it', or how far the open frontier leads."""
    if moat > 0.05:
        return "your lead over it"
    if moat < -0.05:
        return f"it leads you by {-moat:.1f}"
    return "level with it"
