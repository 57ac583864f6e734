"""`python -m game` and the `talent-war` console script.

A player never sees a traceback: an error the game did not expect is one line on stderr, with
the full report written to a log file (`TALENT_WAR_DEBUG=1` shows the traceback instead).
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

DEBUG_ENV = "TALENT_WAR_DEBUG"
INTERNAL_ERROR = 70  # EX_SOFTWARE


def crash_log_path() -> Path:
    """Where the report of an unexpected error goes: the game's cache folder, else the
    temporary folder."""
    import tempfile

    from game.datafiles import cache_dir

    folder = cache_dir()
    if folder is not None:
        return folder / "crash.log"
    return Path(tempfile.gettempdir()) / "talent-war-crash.log"


def write_crash_log(report: str) -> Path | None:
    """Write `report` to the crash log; its path, or None when it cannot be written."""
    path = crash_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report, encoding="utf-8")
    except OSError:
        try:
            import tempfile

            path = Path(tempfile.gettempdir()) / "talent-war-crash.log"
            path.write_text(report, encoding="utf-8")
        except OSError:
            return None
    return path


def report_crash(error: BaseException) -> int:
    """One line for the player about an unexpected error; the traceback goes to the log."""
    from game.text import printable

    report = "".join(traceback.format_exception(error))
    path = write_crash_log(report)
    where = f" (details in {path})" if path is not None else ""
    what = printable(f"{type(error).__name__}: {error}")[:200]
    print(f"talent-war: internal error: {what}{where}", file=sys.stderr)
    return INTERNAL_ERROR


def main() -> None:
    from game.cli import main as cli_main

    if os.environ.get(DEBUG_ENV):
        sys.exit(cli_main())
    try:
        code = cli_main()
    except Exception as e:  # the last guard: a bug is one line, never a traceback
        code = report_crash(e)
    sys.exit(code)


if __name__ == "__main__":
    main()
