"""`python -m game.saves schema` rewrites schema/save.schema.json."""

from __future__ import annotations

import sys

from game.saves.format import write_schema

if sys.argv[1:] == ["schema"]:
    print(write_schema())
else:
    print("usage: python -m game.saves schema   (rewrites schema/save.schema.json)")
    sys.exit(2)
