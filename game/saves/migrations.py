"""Upgrading older save files to the current format, on the raw JSON, before validation.

`MIGRATIONS[v]` turns a version-v document into a version v + 1 one. Only files that carry a
checksum (version `CHECKSUM_SINCE` and later) are upgraded: the checksum is checked first, in
the file's own version, so an upgrade never launders a damaged or edited file. Version 0 (the
first prototype's format) had no checksum; such files cannot be checked and are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.saves.format import CHECKSUM_SINCE, CURRENT_VERSION, SaveError, checksum


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 2 lets the state carry `daily`; a version 1 game was never a daily one."""
    if not isinstance(doc.get("state"), dict):
        raise ValueError("state is not an object")
    return doc


def _v2_to_v3(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds the optional `session` block (game id, drafts): a version 2 save has
    none; its game's id is derived from the state when it is loaded (`game_id_of`)."""
    if not isinstance(doc.get("state"), dict):
        raise ValueError("state is not an object")
    if "session" in doc:
        raise ValueError("a version 2 save has no session block")
    return doc


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}
"""Each entry upgrades a raw save dict from version v to v + 1 (version 1 is the first with a
checksum)."""


def migrate(doc: dict[str, Any], where: str = "save") -> dict[str, Any]:
    """Upgrade a checked raw save dict to CURRENT_VERSION (with a new checksum); no disk."""
    version = doc["version"]
    if version == CURRENT_VERSION:
        return doc
    if version < CHECKSUM_SINCE:
        raise SaveError(
            f"{where}: a version {version} save has no checksum, so it cannot be checked; "
            "this game does not load it"
        )
    while version < CURRENT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveError(f"{where}: cannot upgrade a version {version} save (no migration)")
        try:
            doc = step(doc)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
            what = f"missing {e}" if isinstance(e, KeyError) else str(e)
            raise SaveError(
                f"{where}: cannot upgrade this version {version} save: {what}"
            ) from None
        version += 1
        doc["version"] = version
    doc = {k: v for k, v in doc.items() if k != "checksum"}
    try:
        doc["checksum"] = checksum(doc)
    except ValueError as e:
        raise SaveError(f"{where}: cannot upgrade this save: {e}") from None
    return doc
