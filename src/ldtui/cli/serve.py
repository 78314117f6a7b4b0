"""``ldtui serve``: the console in web browsers, one console process per tab, all on one
database and config, through textual-serve (https://github.com/Textualize/textual-serve).

textual-serve has no login of its own: ``serve`` binds to the loopback address unless told
``--public``, and the README's recipe puts an authenticating reverse proxy in front, whose
user header (``--user-header``) names the facilitator of each tab. The ledger claim
(:meth:`ldtui.store.Store.claim_nudges`) keeps the cooldown across every tab and process.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from ldtui.cli.base import Context, as_option, common_options, echo, main
from ldtui.config import ConfigError, clean_facilitator

if TYPE_CHECKING:
    from ldtui.tui.serving import LdtuiServer

NO_LOGIN = (
    "textual-serve has no login: anyone who can reach {url} can use this console and nudge. "
    "Run it behind an authenticating reverse proxy (README: 'Serving the console to browsers')."
)
"""Printed when ``--public`` binds a non-loopback address."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is a loopback address only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def session_command(context: Context, facilitator: str) -> str:
    """Return the shell command textual-serve runs for one browser session: this Python
    (``sys.executable -m ldtui``) on the same database and config (absolute paths), as
    ``facilitator``, every word quoted with :func:`shlex.quote`; ``exec`` makes the console
    the process textual-serve ends when its tab closes (no shell left in between)."""
    words = [sys.executable, "-m", "ldtui", "--db", str(Path(context.db_path).absolute())]
    if context.config_path is not None:
        words += ["--config", str(Path(context.config_path).absolute())]
    if context.read_only:
        words.append("--read-only")
    words += ["--as", facilitator]
    return "exec " + shlex.join(words)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="TCP port."
)
@click.option(
    "--public",
    is_flag=True,
    help="Allow a non-loopback --host. There is no login: put an authenticating proxy in front.",
)
@click.option(
    "--public-url",
    metavar="URL",
    help="The address browsers open, when a proxy serves it (e.g. https://ldtui.example.com).",
)
@click.option(
    "--user-header",
    metavar="HEADER",
    help="Take each tab's facilitator from this header, set by the authenticating proxy "
    "(e.g. X-Forwarded-User); a tab without it is refused.",
)
@common_options
@as_option
def serve(
    host: str, port: int, public: bool, public_url: str | None, user_header: str | None
) -> None:
    """Serve the console to web browsers: each tab runs its own console on this database and
    config (at most 'serve_max_sessions' at once, default 20). Stops on Ctrl+C or SIGTERM,
    ending every tab's console.

    Listens on 127.0.0.1 unless --public. textual-serve has no login: run it behind an
    authenticating reverse proxy (the README has a recipe).
    """
    context: Context = click.get_current_context().obj
    config = context.config
    if not is_loopback(host) and not public:
        raise click.ClickException(
            f"{host} is not a loopback address: anyone who can reach it could use the console "
            "(textual-serve has no login). Add --public to mean it, behind an authenticating "
            "reverse proxy."
        )
    if public_url is not None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.ClickException(f"--public-url {public_url!r} is not an http(s) URL")
        public_url = public_url.rstrip("/")
    elif host in ("0.0.0.0", "::"):
        raise click.ClickException(
            f"--host {host} listens on every address: name the one browsers open with "
            "--public-url URL"
        )
    facilitator = None if user_header else context.facilitator
    store = context.open_store()  # creates or upgrades the file once, before any tab
    store.close()
    url = public_url or f"http://{host if ':' not in host else f'[{host}]'}:{port}"
    if not is_loopback(host):
        echo("warning: " + NO_LOGIN.format(url=url), err=True)
    server = _server(
        context,
        host=host,
        port=port,
        public_url=public_url,
        facilitator=facilitator,
        user_header=user_header,
        max_sessions=config.serve_max_sessions,
    )
    who = f"facilitator from the {user_header} header" if user_header else f"as {facilitator}"
    echo(
        f"ldtui serve: {url} ({who}; database {context.db_path}; "
        f"at most {config.serve_max_sessions} sessions)"
    )
    server.serve()


def _server(
    context: Context,
    *,
    host: str,
    port: int,
    public_url: str | None,
    facilitator: str | None,
    user_header: str | None,
    max_sessions: int,
) -> LdtuiServer:
    """Build the textual-serve server (imported here: aiohttp is heavy)."""
    from ldtui.tui.serving import LdtuiServer

    def command_for(name: str) -> str:
        return session_command(context, name)

    def facilitator_of(headers: Mapping[str, str]) -> str:
        if user_header is None:
            assert facilitator is not None
            return facilitator
        value = headers.get(user_header)
        if value is None:
            raise ConfigError(
                f"no {user_header} header: this server expects its authenticating proxy"
            )
        return clean_facilitator(value, user_header)

    return LdtuiServer(
        command_for,
        facilitator_of,
        display_command=command_for(facilitator or "(from the proxy)"),
        host=host,
        port=port,
        public_url=public_url,
        max_sessions=max_sessions,
    )
