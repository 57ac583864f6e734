"""The command line: the game itself, and the headless commands.

Every error a player can cause (a bad argument, a bad file) ends in one line on stderr and a
non-zero exit, never a traceback.

One file on purpose: every argument is checked once, here, with one message format and one exit
code. `sim` and `balance` stay next to their checks; the other commands live in their modules.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from game.core.numbers import count
from game.datafiles import DEFAULT_SCENARIO
from game.text import printable

PROG = "talent-war"


class CliError(Exception):
    """A one-line error for the player; exit code 2 for usage, 1 for everything else."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{PROG} --help')", 2)


MAX_SEED = 2**63 - 1  # seeds are whole numbers from 0 to this (documented in --help)


def _shown(text: str, limit: int = 24) -> str:
    """An argument as an error message shows it: quoted, and cut short when it is long."""
    return repr(text) if len(text) <= limit else f"a {len(text)}-character value"


def _whole(text: str, low: int, high: int | None, what: str) -> int:
    bad = f"expected {what}, got {_shown(text)}"
    if len(text.strip()) > 40:  # longer than any number in range: not parsed at all
        raise argparse.ArgumentTypeError(bad)
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(bad) from None
    if value < low or (high is not None and value > high):
        raise argparse.ArgumentTypeError(f"expected {what}, got {value}")
    return value


def _non_negative(text: str) -> int:
    return _whole(text, 0, None, "a whole number of 0 or more")


def _positive(text: str) -> int:
    return _whole(text, 1, None, "a whole number of 1 or more")


def _seed(text: str) -> int:
    return _whole(text, 0, MAX_SEED, f"a seed, a whole number from 0 to {MAX_SEED} (2**63 - 1)")


def _save_name(text: str) -> str:
    from game.saves import SaveError, validate_name

    try:
        return validate_name(text)
    except SaveError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _load_name(text: str) -> str:
    if text.strip() == "":
        raise argparse.ArgumentTypeError("a save name cannot be empty")
    return text


def _folder(text: str) -> str:
    if text.strip() == "":
        raise argparse.ArgumentTypeError("a folder cannot be empty")
    return text


def _mods_folder(text: str) -> str:
    """A mods folder, resolved once here: the game and its saves name it absolutely."""
    _folder(text)
    path = Path(text).expanduser()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{_shown(text, 200)}: mods folder not found")
    return str(path.resolve())


def _add_mods(p: argparse.ArgumentParser, help: str | None = None) -> None:
    p.add_argument(
        "--mods", action="append", default=[], metavar="DIR", type=_mods_folder, help=help
    )


def _add_saves_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--saves-dir",
        metavar="DIR",
        type=_folder,
        help="the saves folder (default: $TALENT_WAR_SAVES or ./saves)",
    )


def check_scenario(content: Any, scenario: str) -> str:
    """The one check of a scenario named on the command line."""
    if scenario not in content.scenarios:
        known = ", ".join(sorted(content.scenarios))
        raise CliError(f"unknown scenario {_shown(scenario, 60)} (known: {known})", 2)
    return scenario


def check_lab(content: Any, scenario: str, lab: str | None) -> str | None:
    """The one check of a seat named on the command line (`--lab`): a lab of the scenario the
    player may run. None (not named) stays None: the scenario's own player lab."""
    if lab is None:
        return None
    from game.core.engine import SeatError, check_seat

    try:
        return check_seat(content.scenarios[scenario], lab)
    except SeatError as e:
        raise CliError(str(e), 2) from None


LAB_HELP = "run this lab of the scenario (default: the scenario's own)"


def build_parser() -> Parser:
    p = Parser(prog=PROG, description="Talent War: run an AI lab through the 2025 talent war.")
    p.add_argument("--scenario", help="start a new game of this scenario")
    p.add_argument("--lab", metavar="ID", help=LAB_HELP)
    p.add_argument("--seed", type=_seed, help=f"the new game's seed (0 to {MAX_SEED})")
    p.add_argument("--difficulty", choices=["easy", "normal", "hard"])
    p.add_argument(
        "--daily", action="store_true", help="play today's challenge (the UTC date chooses)"
    )
    _add_mods(p, "a folder of extra or replacement rule, event and scenario files")
    p.add_argument("--load", metavar="NAME", type=_load_name, help="open a saved game")
    _add_saves_dir(p)
    sub = p.add_subparsers(dest="command", parser_class=Parser)

    sim = sub.add_parser("sim", help="play a game headless with a bot")
    sim.add_argument("--scenario", help=f"default {DEFAULT_SCENARIO}")
    sim.add_argument("--lab", metavar="ID", help=LAB_HELP)
    sim.add_argument("--seed", type=_seed, help=f"0 to {MAX_SEED}, default 1")
    sim.add_argument("--policy", default="balanced")
    sim.add_argument("--difficulty", choices=["easy", "normal", "hard"], help="default normal")
    sim.add_argument("--quarters", type=_non_negative, help="stop after this many quarters")
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    _add_mods(sim)
    sim.add_argument("--save", metavar="NAME", type=_save_name, help="save the game at the end")
    sim.add_argument(
        "--load",
        metavar="NAME",
        type=_load_name,
        help="continue a saved game (its seed, scenario and difficulty)",
    )
    _add_saves_dir(sim)
    sim.add_argument("--daily", action="store_true", help="play today's challenge")
    sim.add_argument(
        "--record", action="store_true", help="add the finished game to the high scores"
    )

    bl = sub.add_parser("balance", help="play many seeded games per policy and report")
    bl.add_argument("--games", type=_positive, default=100, help="games per policy")
    bl.add_argument("--difficulty", default="normal", choices=["easy", "normal", "hard"])
    bl.add_argument(
        "--policies", default="idle,random,gpus,offers,open,balanced,moat,ram,race,adaptive"
    )
    bl.add_argument("--scenario", default=DEFAULT_SCENARIO)
    bl.add_argument(
        "--lab",
        metavar="ID",
        help="play every game in this seat (default: the scenario's own); 'all': each seat in turn",
    )
    bl.add_argument(
        "--jobs", type=_positive, help="worker processes (default and at most: every core)"
    )
    bl.add_argument("--json", action="store_true", help="print one JSON object")
    _add_mods(bl)

    sv = sub.add_parser("saves", help="list the saves folder")
    _add_saves_dir(sv)

    rp = sub.add_parser("replay", help="replay a save from its seed and check every quarter")
    rp.add_argument("name", type=_load_name)
    _add_saves_dir(rp)

    hs = sub.add_parser("scores", help="print the high-score table")
    _add_saves_dir(hs)

    ex = sub.add_parser("export", help="write a finished saved game as a run file")
    ex.add_argument("save", type=_load_name, help="a save name or a path to a save file")
    ex.add_argument("file", type=_folder, help="the run file to write")
    _add_saves_dir(ex)

    vf = sub.add_parser("verify", help="replay a run file and print its verified score")
    vf.add_argument("file", type=_folder)
    _add_mods(vf, "the mods the run was played with")

    sc = sub.add_parser("scenarios", help="list the scenarios")
    _add_mods(sc)

    check = sub.add_parser("check-rules", help="check rule and event files")
    check.add_argument("paths", nargs="+", type=Path)

    web = sub.add_parser("serve", help="serve the game to a browser (one game per tab)")
    web.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    web.add_argument(
        "--port",
        type=lambda t: _whole(t, 1, 65535, "a port from 1 to 65535"),
        default=8000,
        help="default 8000",
    )
    _add_saves_dir(web)
    _add_mods(web)
    web.add_argument("--public", action="store_true", help="allow a host other machines can reach")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        code = run(args)
        sys.stdout.flush()  # (a closed pipe shows here, not at the interpreter's exit)
        return code
    except CliError as e:
        print(f"{PROG}: error: {printable(e)}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _pipe_closed()


def _pipe_closed() -> int:
    """The reader of our output left (`... | head -1`): stop quietly, like other tools. What is
    still buffered goes nowhere, so the interpreter's own flush at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 141  # 128 + SIGPIPE, what a shell reports for a tool ended by a closed pipe


def run(args: argparse.Namespace) -> int:
    daily(args)
    if args.command is None:
        return play_tui(args)
    if args.command == "sim":
        return cmd_sim(args)
    if args.command == "scenarios":
        return cmd_scenarios(args)
    if args.command == "check-rules":
        return cmd_check_rules(args)
    if args.command == "balance":
        return cmd_balance(args)
    if args.command == "saves":
        from game.save_commands import cmd_saves

        return cmd_saves(args.saves_dir)
    if args.command == "serve":
        from game.web.serve import cmd_serve

        return cmd_serve(args)
    if args.command in ("scores", "export", "verify"):
        from game.runs import commands

        if args.command == "scores":
            return commands.cmd_scores(args.saves_dir)
        if args.command == "export":
            return commands.cmd_export(args.save, args.file, args.saves_dir)
        return commands.cmd_verify(args.file, args.mods)
    if args.command == "replay":
        from game.save_commands import cmd_replay

        return cmd_replay(args.name, args.saves_dir, out=sys.stdout, err=sys.stderr)
    raise CliError(f"unknown command {args.command!r}", 2)


def daily(args: argparse.Namespace) -> None:
    """`--daily`: read today's UTC date, once, into `args.daily` (a date, or None)."""
    if not getattr(args, "daily", False):
        args.daily = None
        return
    names = ("scenario", "lab", "seed", "difficulty", "load")
    chosen = [f"--{name}" for name in names if getattr(args, name, None) is not None]
    if chosen:
        raise CliError(f"--daily chooses the game itself; leave out {chosen[0]}", 2)
    from game.runs import RunError
    from game.runs.daily import today

    try:
        args.daily = today()
    except RunError as e:
        raise CliError(str(e), 2) from None


def load(mods: Sequence[str]) -> Any:
    from game.content import ContentError, load_content

    try:
        return load_content(mods)
    except ContentError as e:
        raise CliError(str(e)) from None


def play_tui(args: argparse.Namespace) -> int:
    from game.tui.app import run_app

    return run_app(args)


def cmd_scenarios(args: argparse.Namespace) -> int:
    content = load(args.mods)
    for sc in content.scenarios.values():
        player = next(lab for lab in sc.labs if lab.player)
        print(f"{printable(sc.id):16} {printable(sc.title)} — you run {printable(player.name)}")
        print(f"{'':16} {printable(sc.description)}")
    return 0


def cmd_check_rules(args: argparse.Namespace) -> int:
    from game.content import check_files

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise CliError(f"{printable(missing[0])}: no such file or folder")
    errors = check_files(list(args.paths))
    for err in errors:
        print(printable(err), file=sys.stderr)
    if errors:
        return 1
    print(f"ok: {', '.join(printable(p) for p in args.paths)}")
    return 0


def cmd_balance(args: argparse.Namespace) -> int:
    from game.balance import default_jobs, print_report, print_seats, run_games, summarise
    from game.bots import POLICIES

    policies = [p.strip() for p in args.policies.split(",") if p.strip()]
    unknown = [p for p in policies if p not in POLICIES]
    if unknown or not policies:
        shown = _shown(unknown[0] if unknown else "", 40)
        raise CliError(f"unknown policy {shown} (known: {', '.join(POLICIES)})", 2)
    cores = default_jobs()
    jobs = args.jobs or cores
    if jobs > cores:
        note = f"{PROG}: note: --jobs {jobs} capped at {cores}, the number of cores"
        print(note, file=sys.stderr)
        jobs = cores
    content = load(args.mods)
    check_scenario(content, args.scenario)
    every = args.lab == "all"
    seats = content.scenarios[args.scenario].seats()
    labs = seats if every else [check_lab(content, args.scenario, args.lab)]
    reports = {}
    for lab in labs:
        results = run_games(
            args.games,
            args.difficulty,
            policies,
            args.scenario,
            jobs,
            args.mods,
            progress=sys.stderr,
            lab=lab,
        )
        report = summarise(results, args.games, args.difficulty, args.scenario, content, lab)
        reports[report["lab"]] = report
    if args.json:
        import json

        doc = {"seats": reports} if every else next(iter(reports.values()))
        print(json.dumps(doc, sort_keys=True))
    else:
        import io

        text = io.StringIO()
        for report in reports.values():
            print_report(report, text)
        if every:
            print_seats(list(reports.values()), text)
        for line in text.getvalue().splitlines():
            print(printable(line))
    return 0


def cmd_sim(args: argparse.Namespace) -> int:
    from game.bots import POLICIES, play_quarter
    from game.core.engine import label, new_game, state_hash
    from game.saves import SaveError, content_for, load_save, save_game

    if args.policy not in POLICIES:
        shown = _shown(args.policy, 40)
        raise CliError(f"unknown policy {shown} (known: {', '.join(POLICIES)})", 2)
    policy = POLICIES[args.policy]
    if args.lab is not None and (args.load is not None or args.daily is not None):
        what = "--load" if args.load is not None else "--daily"
        raise CliError(f"{what} brings its own lab; leave out --lab", 2)
    try:
        if args.load is not None:
            save = load_save(args.load, args.saves_dir)
            content = content_for(save)
            state = save.state
        elif args.daily is not None:
            from game.runs.daily import new_daily

            content = load(args.mods)
            state = new_daily(content, args.daily)
        else:
            content = load(args.mods)
            scenario = check_scenario(content, args.scenario or DEFAULT_SCENARIO)
            lab = check_lab(content, scenario, args.lab)
            seed = 1 if args.seed is None else args.seed
            state = new_game(content, scenario, seed, args.difficulty or "normal", lab)
    except SaveError as e:
        raise CliError(str(e)) from None
    played = 0
    while state.outcome is None and (args.quarters is None or played < args.quarters):
        state, _ = play_quarter(state, content, policy)
        played += 1
    summary = sim_summary(state, args.policy, played)
    summary["state_hash"] = state_hash(state)
    summary["daily"] = state.daily
    if state.outcome is not None:
        from game.runs import RunError
        from game.runs.scores import record_game
        from game.runs.verdicts import score_of

        try:
            if args.record:
                score, _, _, note = record_game(state, content, args.saves_dir, by=args.policy)
                if note:
                    print(f"{PROG}: note: {printable(note)}", file=sys.stderr)
            else:
                score = score_of(state, content)
        except RunError as e:
            raise CliError(str(e)) from None
        summary["score"] = {
            "points": score.points,
            "grade": score.verdict.grade,
            "lab": score.lab,
            "seat_factor": score.seat_factor,
        }
    if args.save is not None:
        try:
            summary["saved"] = str(save_game(state, args.save, args.saves_dir, content=content))
        except SaveError as e:
            raise CliError(str(e)) from None
    if args.json:
        import json

        print(json.dumps(summary, sort_keys=True))
        return 0
    o = state.outcome
    lab = state.player_lab
    print(
        f"{'daily ' + state.daily + ': ' if state.daily else ''}"
        f"{printable(summary['scenario'])} seed {state.seed}, {args.policy} on "
        f"{state.difficulty}: {played} quarters, now {printable(label(state, content))}"
    )
    if o is None:
        print("unfinished: nobody has won yet")
    else:
        print(f"{o.result}: {printable(o.text)}")
        points, grade = summary["score"]["points"], summary["score"]["grade"]
        print(
            f"score {points} as {printable(lab.name)}: {printable(grade)}"
            + (" (recorded)" if args.record else "")
        )
    print(
        f"{printable(lab.name)}: cash ${lab.cash:,.0f}M, compute {lab.compute_owned:,.0f}k H100, "
        f"capability {lab.capability:.1f}, {summary['player']['researchers']} researchers"
    )
    race = sorted(state.labs.values(), key=lambda x: -x.capability)
    print("capability: " + ", ".join(f"{printable(x.name)} {x.capability:.1f}" for x in race))
    print(f"state {summary['state_hash']}")
    return 0


def sim_summary(state: Any, policy: str, played: int) -> dict[str, Any]:
    o = state.outcome
    lab = state.player_lab
    return {
        "scenario": state.scenario,
        "seed": state.seed,
        "policy": policy,
        "difficulty": state.difficulty,
        "quarters_played": played,
        "quarter": state.quarter,
        "outcome": o.result if o else "unfinished",
        "road": o.road if o else None,
        "cause": o.cause if o else None,
        "winner": o.winner if o else None,
        "player": {
            "lab": lab.id,
            "cash": round(lab.cash, 3),
            "compute": round(lab.compute_owned + lab.compute_rented, 3),
            "capability": round(lab.capability, 3),
            "researchers": count(1 for r in state.researchers.values() if r.lab == lab.id),
        },
        "ledger": ledger(state.reports[-1]) if state.reports else None,
    }


def ledger(report: Any) -> dict[str, Any]:
    """The quarter's ledger: every item of money, compute and capability, and their changes."""
    return {
        "quarter": report.quarter,
        "cash_before": report.cash_before,
        "cash_after": report.cash_after,
        "money": {**report.money.model_dump(), "net": report.money.net},
        "compute": {**report.compute.model_dump(), "change": report.compute.change},
        "capability": {**report.gains.model_dump(), "change": report.gains.change},
    }
