"""The game in a browser: `talent-war serve` (see serve.py)."""
