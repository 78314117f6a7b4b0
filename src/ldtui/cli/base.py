"""The root of the ``ldtui`` command line: the ``main`` group, the options every command shares,
the one clock, and opening the console.

``ldtui`` alone opens the Thursday console; the commands live in the sibling modules of
:mod:`ldtui.cli`, which register themselves on :func:`main`. Every command takes ``--db PATH``
(or ``LDTUI_DB``) and ``--config PATH``. Commands call :func:`now_utc` and :func:`run_console`
through this module (``base.now_utc()``), so a test replaces them in one place.
"""

from __future__ import annotations

import functools
import gc
import importlib
import logging
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from ldtui.config import Config, ConfigError, data_folder_db_path, default_db_path, load_config
from ldtui.learning_day import current_learning_day
from ldtui.sanitize import InertLogRecords, inert, inert_line
from ldtui.store import Store, StoreError, storage_error

DEFAULT_WAIT = 60.0
"""Seconds a command-line writer waits for another ldtui's write lock (``--wait``)."""
CONSOLE_WAIT = 2.5
"""Seconds a write from the console waits for the lock before saying "not saved" (the
screen is not frozen longer than that)."""


def echo(message: str, err: bool = False) -> None:
    """Print one plain-text line (stdout, or stderr with ``err``) made inert: escape sequences,
    C0/C1 controls and bidi controls in names, posts or error bodies are shown visibly
    (:func:`ldtui.sanitize.inert`), never passed to the terminal. JSON output does not come
    here: it is printed exact (``ensure_ascii``)."""
    click.echo(inert(message), err=err)


class _StderrNow(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes warnings to whatever ``sys.stderr`` is now (as logging's last resort does),
    made inert (:class:`ldtui.sanitize.InertLogRecords`): a webhook's error body in a log
    line cannot drive the terminal."""

    def __init__(self) -> None:
        super().__init__()
        self.setLevel(logging.WARNING)
        self.addFilter(InertLogRecords())

    @property
    def stream(self) -> Any:
        """The current ``sys.stderr``."""
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _inert_logging() -> None:
    """Print library warnings (webhook failures) on stderr, inert; once per process."""
    root = logging.getLogger()
    if not any(isinstance(h, _StderrNow) for h in root.handlers):
        root.addHandler(_StderrNow())


def now_utc() -> datetime:
    """Return the current time, aware, in UTC (the one clock of the command line)."""
    return datetime.now(UTC)


def facilitator_today() -> date:
    """Return the facilitator's Learning Day: today on this machine's clock if it is a Thursday,
    else the most recent Thursday. (Posts are classified in their authors' zones, never this
    one; only "which Thursday to open" follows the facilitator's own calendar.)"""
    now = now_utc()
    local = now.astimezone()
    assert local.tzinfo is not None
    return current_learning_day(now, local.tzinfo)


class Context:
    """Options shared by every command: where the database and config are, how long a writer
    waits for the lock, whether the database is opened read-only."""

    def __init__(
        self,
        db: Path | None,
        config_path: Path | None,
        *,
        read_only: bool = False,
        wait: float = DEFAULT_WAIT,
        facilitator: str | None = None,
    ) -> None:
        self.db = db
        self.db_path = db or default_db_path()
        self.config_path = config_path
        self.read_only = read_only
        """Open the database read-only (``--read-only`` or ``LDTUI_READ_ONLY=1``)."""
        self.wait = wait
        """Seconds to wait for another writer's lock (``--wait``)."""
        self.given_facilitator = facilitator
        """``--as NAME`` (or ``$LDTUI_FACILITATOR``), when given."""
        self._config: Config | None = None

    @property
    def facilitator(self) -> str:
        """Who is nudging: ``--as NAME``, else the config's ``facilitator``, else the
        operating-system user (:func:`ldtui.config.facilitator_name`). A bad name is a clean
        error naming the option."""
        from ldtui.config import facilitator_name

        try:
            return facilitator_name(self.config, self.given_facilitator)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from exc

    @property
    def config(self) -> Config:
        """The loaded config (a bad file is a clean error naming it)."""
        if self._config is None:
            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                raise click.ClickException(str(exc)) from exc
            from ldtui.config import readable_by_others

            path = self._config.path
            if path is not None and self._config.webhook_url and readable_by_others(path):
                echo(
                    f"warning: {path} holds the webhook URL and other users can read it; "
                    f"run: chmod 600 {path}",
                    err=True,
                )
        return self._config

    def open_store(self, path: Path | None = None, *, reader: bool = False) -> Store:
        """Open the database with the config's classification settings and ``--wait`` as its
        busy timeout. A ``reader`` (a command that only reads) never creates a folder that
        is not there: a mistyped ``--db`` is said, not turned into an empty database (the
        default data folder is still created). Raises :class:`StoreError` (reported in one
        line by :class:`LdtuiGroup`)."""
        config = self.config
        target = path or self.db_path
        return Store(
            target,
            default_timezone=config.default_timezone,
            markers=config.markers,
            channel=config.channel,
            skip_days=config.skip_days,
            busy_timeout=self.wait,
            read_only=self.read_only,
            create=not reader or (path is None and self.db is None and not _db_from_env()),
        )


def _db_from_env() -> bool:
    """Whether ``$LDTUI_DB`` names the database (then it is not the default data folder)."""
    import os

    return bool(os.environ.get("LDTUI_DB"))


COMMANDS: dict[str, tuple[str, str]] = {
    "away": (
        "ldtui.cli.people",
        "Mark PERSON (id or name) away: shown, not counted as missing, never nudged, and their "
        "streak is not broken.",
    ),
    "config": (
        "ldtui.cli.config_cmd",
        "Read and write the config file (created readable by you only).",
    ),
    "db": ("ldtui.cli.db", "Look after the database file: check it, back it up."),
    "demo": (
        "ldtui.cli.demo",
        "Open the console on the bundled demo data (a temporary database; nothing of yours is "
        "touched, no webhook is used: nudges are dry runs).",
    ),
    "digest": (
        "ldtui.cli.reports",
        "Print the digest of a Learning Day: participation, each summary (shortened), topics.",
    ),
    "export": (
        "ldtui.cli.reports",
        "Write every post of the Learning Days in a range: person, team, day, kind, local and "
        "UTC times, topic tags, text.",
    ),
    "history": (
        "ldtui.cli.reports",
        "Print one row per Learning Day with data, newest first (counts of people; ``skipped`` "
        "is why the Thursday was skipped, or empty).",
    ),
    "import": ("ldtui.cli.imports", "Import posts from chat data."),
    "ledger": (
        "ldtui.cli.ledger",
        "Print the nudge ledger of one Learning Day, oldest first: when (UTC), who was nudged "
        "for what, the outcome, and the facilitator who nudged (from any console, tab or cron "
        "run on this database).",
    ),
    "nudge": (
        "ldtui.cli.nudge",
        "Nudge everyone missing a plan or a summary, through the configured webhook.",
    ),
    "people": ("ldtui.cli.people", "People and their teams."),
    "post": (
        "ldtui.cli.people",
        "Record a plan or summary from the command line (for teams not on Slack).",
    ),
    "roster": (
        "ldtui.cli.reports",
        "Print one Learning Day's roster: who posted a plan and a summary (times in UTC).",
    ),
    "schedule": (
        "ldtui.cli.schedule",
        "Print the crontab lines and systemd user timer that run the nudges every 15 minutes.",
    ),
    "serve": (
        "ldtui.cli.serve",
        "Serve the console to web browsers: each tab runs its own console on this database and "
        "config (at most 'serve_max_sessions' at once, default 20).",
    ),
    "skip": (
        "ldtui.cli.people",
        "Skip Thursdays (company holidays): shown as skipped in history, not counted in "
        "participation, and nudges on them are refused.",
    ),
    "sync": (
        "ldtui.cli.imports",
        "Fetch new posts from a live source (the Slack Web API, Geekbot's API).",
    ),
}
"""Every command of ``ldtui``: its name -> (the module that defines it, its short help as
``ldtui --help`` shows it). A module is imported only when its command runs (or its own
``--help`` is asked for), so opening the console loads none of them; ``ldtui --help`` and
shell completion list every command from this table (a test checks it against the
commands' own help). This is click's lazy group pattern:
https://click.palletsprojects.com/en/stable/complex/#lazily-loading-subcommands"""


class LdtuiGroup(click.Group):
    """The root command group: any database error, from any command, becomes one line on
    stderr and exit status 1 (busy, read-only, disk full, damaged: see
    :func:`ldtui.store.storage_error`), never a traceback; error messages (which quote names,
    file content or a webhook's error body) are made inert before click prints them.

    Commands are loaded lazily from :data:`COMMANDS`: their modules register them on this
    group when imported."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted, loaded or not."""
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, importing its module (which registers it) the first time;
        ``None`` for an unknown name."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name][0])
        return self.commands.get(cmd_name)

    def _short_help(self, ctx: click.Context, name: str, limit: int) -> str | None:
        """``name``'s short help cut to ``limit`` columns as click cuts it, from the command
        when it is loaded, else from :data:`COMMANDS` (without importing it); ``None`` for a
        hidden or unknown command."""
        command = self.commands.get(name)
        if command is None and name in COMMANDS:
            command = click.Command(name, help=COMMANDS[name][1])
        if command is None or command.hidden:
            return None
        return command.get_short_help_str(limit)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their short help, as click does, without importing them."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [
            (name, text)
            for name in names
            if (text := self._short_help(ctx, name, limit)) is not None
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        """Complete a command name (with its short help, as click does) without importing the
        commands; options are completed by click."""
        from click.shell_completion import CompletionItem

        results: list[Any] = [
            CompletionItem(name, help=text)
            for name in self.list_commands(ctx)
            if name.startswith(incomplete) and (text := self._short_help(ctx, name, 45)) is not None
        ]
        results.extend(click.Command.shell_complete(self, ctx, incomplete))
        return results

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """Parse the command line; a usage error's message is made inert."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            exc.message = inert(exc.message)  # type: ignore[misc]  # Final in click's stubs only
            raise

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """End ``ldtui --help`` with where the database is (the default path of this user, read
        when the help is shown) and how to turn on shell completion (click's
        ``_LDTUI_COMPLETE``; the README has the zsh and fish lines)."""
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(
                "\b\nThe database: --db PATH, else $LDTUI_DB, else\n"
                f"  {data_folder_db_path()}\n"
                'Shell completion: eval "$(_LDTUI_COMPLETE=bash_source ldtui)" (README: zsh, fish).'
            )

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report :class:`StoreError` and raw ``sqlite3`` errors in one line,
        and make a ``ClickException``'s message inert on its way out."""
        import sqlite3

        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            exc.message = inert(exc.message)  # type: ignore[misc]  # Final in click's stubs only
            raise
        except StoreError as exc:
            echo(inert_line(str(exc)), err=True)
            raise click.exceptions.Exit(1) from exc
        except sqlite3.Error as exc:
            obj = ctx.find_object(Context)
            echo(inert_line(str(storage_error(exc, obj.db_path if obj else "database"))), err=True)
            raise click.exceptions.Exit(1) from exc


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db`` and ``--config`` to a command (they may also be given before it)."""

    @click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Database file (default: $LDTUI_DB, else the user data folder).",
    )
    @click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file (default: config.toml in the user config folder).",
    )
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, /, db: Path | None, config_path: Path | None, **kw: Any) -> Any:
        parent = ctx.find_object(Context)
        ctx.obj = Context(
            db or (parent.db if parent else None),
            config_path or (parent.config_path if parent else None),
            read_only=parent.read_only if parent else False,
            facilitator=parent.given_facilitator if parent else None,
        )
        return ctx.invoke(func, **kw)

    return wrapper


def wait_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--wait SECONDS`` to a command that writes (put it below :func:`common_options`):
    how long to wait while another ldtui (a cron sync, a scheduled nudge, the console)
    holds the write lock, then exit 1 with ``database busy: ...`` on stderr."""

    @click.option(
        "--wait",
        type=click.FloatRange(min=0),
        default=DEFAULT_WAIT,
        show_default=True,
        metavar="SECONDS",
        help="Wait this long for another ldtui that is writing, then give up.",
    )
    @functools.wraps(func)
    def wrapper(wait: float, **kw: Any) -> Any:
        click.get_current_context().obj.wait = wait
        return func(**kw)

    return wrapper


def as_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--as NAME`` to a command that nudges (put it below :func:`common_options`): the
    facilitator recorded on the ledger rows it writes (else the config's ``facilitator``,
    else the operating-system user)."""

    @click.option(
        "--as",
        "as_name",
        metavar="NAME",
        envvar="LDTUI_FACILITATOR",
        help="Who is nudging, recorded in the ledger (default: 'facilitator' in the config, "
        "else your login name).",
    )
    @functools.wraps(func)
    def wrapper(as_name: str | None, **kw: Any) -> Any:
        if as_name is not None:
            click.get_current_context().obj.given_facilitator = as_name
        return func(**kw)

    return wrapper


DAY = click.DateTime(formats=["%Y-%m-%d"])
"""The click type of a ``--day``/``--from``/``--to`` option: a date as YYYY-MM-DD."""


def chosen_day(value: datetime | None) -> date:
    """Return the Learning Day a ``--day`` names: the Thursday on or before it (said on stderr
    when that is another date), or with no ``--day`` the facilitator's current Learning Day
    (:func:`facilitator_today`)."""
    from ldtui.learning_day import learning_day_on_or_before

    if value is None:
        return facilitator_today()
    thursday = learning_day_on_or_before(value.date())
    if thursday != value.date():
        echo(
            f"{value.date()} is a {value.date():%A}: using Learning Day {thursday} (Thursday)",
            err=True,
        )
    return thursday


@click.group(
    cls=LdtuiGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: $LDTUI_DB, else the user data folder; see below).",
)
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Config file."
)
@click.option("--day", type=DAY, help="Open this Learning Day (YYYY-MM-DD).")
@click.option(
    "--read-only",
    is_flag=True,
    envvar="LDTUI_READ_ONLY",
    help="Open the database read-only (also when the file or folder cannot be written).",
)
@click.option(
    "--as",
    "as_name",
    metavar="NAME",
    envvar="LDTUI_FACILITATOR",
    help="Who is nudging from the console, recorded in the ledger (default: 'facilitator' "
    "in the config, else your login name).",
)
@click.version_option(package_name="ldtui")
@click.pass_context
def main(
    ctx: click.Context,
    db: Path | None,
    config_path: Path | None,
    day: datetime | None,
    read_only: bool,
    as_name: str | None,
) -> None:
    """ldtui: the Learning Day facilitator's console.

    With no command, opens the Thursday console on today's Learning Day (or the last one).
    """
    ctx.obj = Context(db, config_path, read_only=read_only, facilitator=as_name)
    _inert_logging()
    if ctx.invoked_subcommand is None:
        run_console(ctx.obj, chosen_day(day), find_data=day is None)


def run_console(
    context: Context,
    day: date,
    title: str | None = None,
    *,
    reader: bool = True,
    find_data: bool = True,
) -> None:
    """Open the Thursday console on ``day`` (a local date) and return when it is closed.
    With ``find_data`` (no ``--day`` given) a ``day`` without posts gives way to the newest
    Thursday with posts; without it the console opens on ``day`` even if it is empty.

    The store is opened with ``context``'s settings (read-only access unless ``reader`` is
    false, as for the demo's own database), then given the short :data:`CONSOLE_WAIT` busy
    timeout so the screen never freezes on another writer's lock. Raises :class:`StoreError`
    when the database cannot be opened."""
    # No garbage collection until the first frame is painted (the console freezes what it
    # built then, and collects again: ConsoleScreen._mount_chrome): a start allocates much
    # and frees little, and each full collection walks every object imported so far (a
    # start ~20-30 ms sooner on the team database).
    # https://docs.python.org/3/library/gc.html#gc.freeze
    gc.disable()
    from ldtui.tui.app import make_app

    store = context.open_store(reader=reader)
    store.set_busy_timeout(CONSOLE_WAIT)  # opened with the long wait; then short
    try:
        app = make_app(
            store,
            context.config,
            day=day,
            title=title,
            facilitator=context.given_facilitator,
            find_data=find_data,
        )
    except ConfigError as exc:
        store.close()
        raise click.ClickException(str(exc)) from exc
    try:
        app.run()
    finally:
        gc.enable()
        store.close()
