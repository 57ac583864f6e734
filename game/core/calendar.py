"""Quarter numbers and their labels (quarter 0 is the scenario's start)."""

from __future__ import annotations


def year_and_quarter(quarter: int, start_year: int, start_quarter: int) -> tuple[int, int]:
    index = start_quarter - 1 + quarter
    return start_year + index // 4, index % 4 + 1


def quarter_label(quarter: int, start_year: int = 2025, start_quarter: int = 3) -> str:
    year, q = year_and_quarter(quarter, start_year, start_quarter)
    return f"{year}-Q{q}"
