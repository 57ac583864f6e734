"""Named random streams: every draw comes from (seed, quarter, stream name).

Adding a new stream never shifts the draws of another, so features can be added without
changing every game that came before.
"""

from __future__ import annotations

import hashlib
import random


def stream(seed: int, quarter: int, name: str) -> random.Random:
    """A fresh, reproducible generator for one purpose in one quarter."""
    digest = hashlib.blake2b(f"{seed}:{quarter}:{name}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))
