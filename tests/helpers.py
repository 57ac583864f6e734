"""Shared builders for tests: content with some numbers changed, quick games."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from game.core.config import Content


def tuned(content: Content, **sections: dict[str, Any]) -> Content:
    """A copy of `content` whose balance sections have some numbers replaced."""
    bal = content.balance
    updates = {
        name: getattr(bal, name).model_copy(update=values) for name, values in sections.items()
    }
    return replace(content, balance=bal.model_copy(update=updates))
