"""The core and rules packages never import Textual or Rich (ARCHITECTURE.md)."""

from __future__ import annotations

import subprocess
import sys


def test_core_and_rules_import_no_ui():
    code = (
        "import sys\n"
        "import game.core.engine, game.core.advice, game.rules, game.content, game.bots\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
        " or m.startswith('game.tui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
