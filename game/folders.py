"""Where the player's files live; light enough to import before the first frame."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "TALENT_WAR_SAVES"


def saves_dir(explicit: str | Path | None = None) -> Path:
    """The saves folder: an explicit one, else $TALENT_WAR_SAVES, else ./saves."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path.cwd() / "saves"
