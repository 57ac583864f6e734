"""`talent-war serve`: the game in a browser, one game process per tab, with textual-serve.

The host and port are checked (and the port bound once) before anything starts, so a bad one
is a one-line error. The page comes from the game's own template: it loads only textual-serve's
shipped script, styles and font from this server, nothing from outside the machine.
"""

from __future__ import annotations

import errno
import ipaddress
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

UNSPECIFIED = ("0.0.0.0", "::")


class ServeError(Exception):
    """A host or port that cannot be served on: one line, exit code 2."""


def game_command(saves_dir: Path, mods: Sequence[str] = ()) -> str:
    """The shell command each tab runs: this Python, the game, the saves folder and mods."""
    argv = [sys.executable, "-m", "game", "--saves-dir", str(saves_dir)]
    for mod in mods:
        argv += ["--mods", str(mod)]
    return shlex.join(argv)


def resolve_host(host: str) -> list[tuple[int, str]]:
    """The (family, address) pairs `host` names; a name that does not resolve is a ServeError."""
    if host.strip() == "" or any(c.isspace() for c in host):
        raise ServeError(f"bad host {host!r}")
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as e:
        raise ServeError(f"cannot serve on host {host!r}: {_reason(e)}") from None
    return list(dict.fromkeys((fam, str(addr[0])) for fam, _, _, _, addr in infos))


def is_loopback(addresses: Sequence[tuple[int, str]]) -> bool:
    """True when every address is a loopback one (127.0.0.0/8, ::1)."""
    return bool(addresses) and all(
        ipaddress.ip_address(addr.split("%")[0]).is_loopback for _, addr in addresses
    )


def check_port(host: str, port: int, addresses: Sequence[tuple[int, str]]) -> None:
    """Bind the port on the host's first address (as the server will) and let it go again."""
    family, address = addresses[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (as aiohttp binds)
        try:
            s.bind((address, port))
            s.listen(1)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is in use; choose another") from None
            raise ServeError(f"cannot listen on {host} port {port}: {_reason(e)}") from None


def _reason(e: BaseException) -> str:
    return getattr(e, "strerror", None) or str(e) or type(e).__name__


def address_to_open(host: str, port: int) -> str:
    """The address a browser on this machine opens."""
    if host in UNSPECIFIED:
        host = "127.0.0.1" if host == "0.0.0.0" else "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def cmd_serve(args: argparse.Namespace) -> int:
    """`talent-war serve`: check, then serve until ctrl+c."""
    from game.cli import PROG, CliError, printable

    host: str = args.host
    port: int = args.port
    try:
        addresses = resolve_host(host)
        if not is_loopback(addresses) and not args.public:
            raise ServeError(
                f"{host!r} is not a loopback address: anyone who can reach it could play; "
                "add --public to serve it anyway"
            )
        check_port(host, port, addresses)
    except ServeError as e:
        raise CliError(str(e), 2) from None
    from game.saves import saves_dir

    folder = saves_dir(args.saves_dir).expanduser().resolve()
    url = address_to_open(host, port)
    if args.public and not is_loopback(addresses):
        print(
            f"{PROG}: warning: serving on {printable(host)} port {port}: anyone who can reach "
            f"this port can play and write saves in {printable(folder)}",
            file=sys.stderr,
        )
    from game.web.server import GameServer

    server = GameServer(game_command(folder, args.mods), host, port, url, folder)
    try:
        server.serve()
    except OSError as e:  # (the port taken between the check and the start)
        raise CliError(f"cannot listen on {host} port {port}: {_reason(e)}", 2) from None
    return 0
