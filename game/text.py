"""Strings as a terminal shows them (the CLI prints them, the TUI renders them): data strings
made safe, money, and the time a game was saved."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

_DROPPED = ("Zl", "Zp")  # line and paragraph separators break a line like a new line


def printable(text: object, *, newlines: bool = False) -> str:
    """`text` with control and format characters (escape sequences, carriage returns, new lines,
    tabs, bidi overrides) and line separators removed, so a save or a mod cannot drive the
    terminal nor break a line. `newlines=True` keeps the new lines (of a message made of
    several lines), each line cleaned."""
    s = str(text)
    if newlines:
        return "\n".join(printable(line) for line in s.split("\n"))
    if s.isprintable():
        return s
    return "".join(
        c
        for c in s
        if not unicodedata.category(c).startswith("C") and unicodedata.category(c) not in _DROPPED
    )


def money(amount: float | None) -> str:
    """$M as the game shows it: $850M, $1.2B, -$40M, $0.25M."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    a = abs(amount)
    if a >= 1000:
        return f"{sign}${a / 1000:,.1f}B"
    if a >= 10:
        return f"{sign}${a:,.0f}M"
    if a >= 1:
        return f"{sign}${a:,.1f}M"
    if a == 0:
        return "$0"
    return f"{sign}${a:,.2f}M"


def saved_time(saved_at: str | None, *, utc: bool = False) -> str:
    """An ISO time as `YYYY-MM-DD HH:MM`, in the machine's local time (`utc`: in UTC, marked
    so); not ISO: as it is; None: blank."""
    if not saved_at:
        return ""
    try:
        t = datetime.fromisoformat(saved_at)
    except ValueError:
        return saved_at
    if t.tzinfo is None:
        return t.strftime("%Y-%m-%d %H:%M")
    if utc:
        return t.astimezone(UTC).strftime("%Y-%m-%d %H:%M") + " UTC"
    return t.astimezone().strftime("%Y-%m-%d %H:%M")
