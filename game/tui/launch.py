"""`talent-war` with no subcommand: check what the command line chose, then run the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.text import printable
from game.tui.app import TalentWarApp
from game.tui.loading import default_scenario

if TYPE_CHECKING:
    import argparse


def run_app(args: argparse.Namespace) -> int:
    """Run the game (called by `talent-war` with no subcommand). Returns the exit code.

    With no scenario, seed or difficulty the New game screen opens at once and the game's data
    loads behind it. With any of them (or with mods) the data is read first, so a bad mods folder
    or an unknown scenario is a one-line error before the screen is taken over.
    """
    import sys

    scenario = getattr(args, "scenario", None)
    seed = getattr(args, "seed", None)
    difficulty = getattr(args, "difficulty", None)
    mods = getattr(args, "mods", None) or []
    saves_dir = getattr(args, "saves_dir", None)
    load = getattr(args, "load", None)
    daily = getattr(args, "daily", None)  # (the date, read once by the command line)
    lab = getattr(args, "lab", None)
    content = None
    if load is not None and lab is not None:
        print("talent-war: error: --load brings its own lab; leave out --lab", file=sys.stderr)
        return 2
    if load is not None:
        # The save brings its scenario, seed, difficulty and mods; a bad one is one line.
        from game.saves import SaveError, content_for, load_save

        try:
            save = load_save(load, saves_dir)
            content = content_for(save)
        except (SaveError, OSError) as e:
            print(f"talent-war: error: {printable(e)}", file=sys.stderr)
            return 1
        app = TalentWarApp(content=content, mods=save.meta.mods, saves_dir=saves_dir, load=save)
        return _run(app)
    direct = (
        scenario is not None
        or seed is not None
        or difficulty is not None
        or bool(daily)
        or lab is not None
    )
    if direct or mods:
        from game.content import ContentError, load_content

        try:
            content = load_content(mods)
        except ContentError as e:
            print(f"talent-war: error: {printable(e)}", file=sys.stderr)
            return 1
    if direct:
        assert content is not None
        scenario = scenario or default_scenario(content)
        if scenario not in content.scenarios:
            known = ", ".join(sorted(content.scenarios))
            print(
                printable(f"talent-war: error: unknown scenario {scenario!r} (known: {known})"),
                file=sys.stderr,
            )
            return 2
        if lab is not None:
            from game.core.engine import SeatError, check_seat

            try:
                check_seat(content.scenarios[scenario], lab)
            except SeatError as e:
                print(printable(f"talent-war: error: {e}"), file=sys.stderr)
                return 2
    app = TalentWarApp(
        content=content,
        scenario=scenario,
        seed=seed,
        difficulty=difficulty,
        mods=mods,
        saves_dir=saves_dir,
        daily=daily,
        lab=lab,
    )
    return _run(app)


def _run(app: TalentWarApp, *, headless: bool = False) -> int:
    """Run the app. Its one-line errors go to stderr once the terminal is given back; an error
    it did not expect is one line too, with Textual's report of it in the crash log (see
    game.__main__)."""
    import io
    import sys

    from rich.console import Console

    _end_with_the_terminal()
    report = io.StringIO()
    # (Textual prints the traceback of an error in the app to this console as it exits)
    app.error_console = Console(
        file=report, width=100, soft_wrap=True, markup=False, highlight=False
    )
    result = app.run(headless=headless)
    printed = report.getvalue()
    if "Traceback" in printed:
        from game.__main__ import INTERNAL_ERROR, write_crash_log

        path = write_crash_log(printed)
        where = f" (details in {path})" if path is not None else ""
        lines = [line.strip() for line in printed.splitlines() if line.strip()]
        what = printable(lines[-1])[:200]  # the error itself ends the report
        print(f"talent-war: internal error: {what}{where}", file=sys.stderr)
        return INTERNAL_ERROR
    for line in printed.splitlines():  # the app's own one-line errors (a bad save, ...)
        if line.strip():
            print(printable(line.rstrip()), file=sys.stderr)
    if app.return_code is not None:
        return app.return_code
    return int(result or 0)


def _end_with_the_terminal() -> None:
    """A closed terminal ends the game, even where hangups are ignored (`nohup`, some launchers).

    Without a terminal the game can neither show nor read anything, and Textual's input thread,
    reading a terminal that is gone, spins at full speed until the process is killed. Hangups are
    given back their default action (end the process) when they were ignored. Saves are never
    cut short into a damaged file: they are written to a temporary file and renamed."""
    import signal

    hangup = getattr(signal, "SIGHUP", None)
    if hangup is not None and signal.getsignal(hangup) is signal.SIG_IGN:
        signal.signal(hangup, signal.SIG_DFL)
