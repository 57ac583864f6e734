"""Data strings as a terminal may show them (the CLI prints them, the TUI renders them)."""

from __future__ import annotations

import unicodedata

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
