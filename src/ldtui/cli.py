"""The ``ldtui`` command line: thin click commands over the store, importers and nudger.

``ldtui`` alone opens the Thursday console; ``ldtui demo`` opens it on the bundled demo data.
Every command takes ``--db PATH`` (or ``LDTUI_DB``) and ``--config PATH``.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ldtui.config import Config, ConfigError, default_db_path, load_config
from ldtui.learning_day import current_learning_day
from ldtui.sanitize import InertLogRecords, inert, inert_line
from ldtui.store import Store, StoreError, storage_error

if TYPE_CHECKING:
    from ldtui.insights.topics import TopicRules

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


class InertGroup(click.Group):
    """The ``ldtui`` command group: error messages (which quote names, file content or a
    webhook's error body) are made inert before click prints them."""

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

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a ``ClickException``'s message is made inert on its way out."""
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            exc.message = inert(exc.message)  # type: ignore[misc]  # Final in click's stubs only
            raise


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
    ) -> None:
        self.db = db
        self.db_path = db or default_db_path()
        self.config_path = config_path
        self.read_only = read_only
        """Open the database read-only (``--read-only`` or ``LDTUI_READ_ONLY=1``)."""
        self.wait = wait
        """Seconds to wait for another writer's lock (``--wait``)."""
        self._config: Config | None = None

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


class LdtuiGroup(InertGroup):
    """The root command group: any database error, from any command, becomes one line on
    stderr and exit status 1 (busy, read-only, disk full, damaged: see
    :func:`ldtui.store.storage_error`), never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report :class:`StoreError` and raw ``sqlite3`` errors in one line."""
        import sqlite3

        try:
            return super().invoke(ctx)
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


DAY = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date:
    """The Learning Day a ``--day`` names: the Thursday on or before it (said on stderr when
    that is another date), or the facilitator's current Learning Day."""
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
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help="Database file.")
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
@click.version_option(package_name="ldtui")
@click.pass_context
def main(
    ctx: click.Context,
    db: Path | None,
    config_path: Path | None,
    day: datetime | None,
    read_only: bool,
) -> None:
    """ldtui: the Learning Day facilitator's console.

    With no command, opens the Thursday console on today's Learning Day (or the last one).
    """
    ctx.obj = Context(db, config_path, read_only=read_only)
    _inert_logging()
    if ctx.invoked_subcommand is None:
        _run_console(ctx.obj, _day(day))


def _run_console(
    context: Context, day: date, title: str | None = None, *, reader: bool = True
) -> None:
    from ldtui.tui.app import make_app

    store = context.open_store(reader=reader)
    store.set_busy_timeout(CONSOLE_WAIT)  # opened with the long wait; then short
    app = make_app(store, context.config, day=day, title=title)
    try:
        app.run()
    finally:
        store.close()


@main.command()
@click.option("--day", type=DAY, help="Make this date (YYYY-MM-DD) the demo's newest Thursday.")
@click.option(
    "--keep", is_flag=True, help="Keep the demo's temporary folder and print where it is."
)
@click.pass_obj
def demo(context: Context, day: datetime | None, keep: bool) -> None:
    """Open the console on the bundled demo data (a temporary database; nothing of yours is
    touched, no webhook is used: nudges are dry runs)."""
    import shutil
    import tempfile

    from ldtui.demo import load_demo, prepare_demo_export
    from ldtui.learning_day import learning_day_on_or_before

    target = _day(day)
    folder = Path(tempfile.mkdtemp(prefix="ldtui-demo-"))
    try:
        export_dir = prepare_demo_export(folder / "export", target, now=now_utc())
        db_path = folder / "demo.db"
        demo_context = Context(db_path, context.config_path)
        demo_context._config = Config(path=None)
        store = demo_context.open_store(db_path)
        try:
            load_demo(store, export_dir, learning_day_on_or_before(target))
        finally:
            store.close()
        _run_console(demo_context, target, title="ldtui demo", reader=False)
    finally:
        if keep:
            echo(f"demo database kept: {folder / 'demo.db'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


DEFAULT_MAX_UNZIPPED_MB = 8192
"""Default cap on what a zipped Slack export may inflate to, in total (MB)."""


@main.group("import")
def import_group() -> None:
    """Import posts from chat data."""


@import_group.command("slack-export")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--channel", required=True, help="Channel name (or id) to import.")
@click.option("--team", help="Put everyone this channel brings (members, posters) in this team.")
@click.option(
    "--max-unzipped-mb",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_UNZIPPED_MB,
    show_default=True,
    help="Refuse a .zip whose files inflate to more than this many MB in total "
    "(each file is also held to 200:1 compression above 16 MB).",
)
@common_options
@wait_option
def import_slack_export(path: Path, channel: str, team: str | None, max_unzipped_mb: int) -> None:
    """Import a Slack workspace export (its folder or .zip): people and one channel's posts.

    Importing the same export again adds nothing; edited messages update the stored text,
    and an older export never reverts an edit. Nothing is written if any file is malformed.
    """
    from ldtui.importers.slack_export import (
        SKIP_REPLACED,
        ExportError,
        SlackExportReader,
        ZipLimits,
        unknown_zones,
    )
    from ldtui.learning_day import zone_description

    context = click.get_current_context().obj
    limits = ZipLimits(max_total_bytes=max_unzipped_mb * 1024 * 1024)
    try:
        with SlackExportReader(path, channel, limits) as reader:
            store = context.open_store()
            try:
                result = store.import_batch(reader.batch(), team=team)
            finally:
                store.close()
    except ExportError as exc:
        raise click.ClickException(f"{exc} (nothing was imported)") from exc
    skipped = reader.skipped.copy()
    if result.duplicates:
        skipped[SKIP_REPLACED] += result.duplicates
    default_tz = context.config.default_timezone
    for person in unknown_zones(reader.people):
        echo(
            f"warning: {person.name} ({person.id}): time zone "
            f"{zone_description(person.tz, default_tz)}",
            err=True,
        )
    echo(f"Imported #{reader.channel.name} from {path} into {context.db_path}")
    echo(f"  files read      {reader.files_read}")
    echo(f"  messages seen   {reader.messages_seen}")
    echo(
        f"  posts stored    {result.posts_new} new, {result.posts_updated} updated, "
        f"{result.posts_unchanged} unchanged"
    )
    if result.older_edits:
        echo(f"  kept as edited  {result.older_edits} (this export holds older versions)")
    echo(f"  people          {result.people}" + (f" (team {team})" if team else ""))
    if result.placeholders:
        echo(
            f"  unknown users   {result.placeholders} not in users.json, kept as "
            "'unknown user <id>' until an export lists them"
        )
    if reader.repaired:
        echo(
            f"  repaired text   {reader.repaired} strings with broken characters "
            "(lone surrogates) stored with U+FFFD"
        )
    echo(f"  skipped         {sum(skipped.values())}")
    for reason, count in skipped.most_common():
        echo(f"    {reason:<28} {count}")


def _roster_rows(store: Store, day: date) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "tz": e.tz_name,
            "plan_at": e.plan_at.astimezone(UTC).isoformat() if e.plan_at else None,
            "summary_at": e.summary_at.astimezone(UTC).isoformat() if e.summary_at else None,
            "plan": e.plan,
            "summary": e.summary,
            "nudges": e.nudges,
        }
        for e in store.roster(day)
    ]


# OWASP "CSV Injection": a spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any, raw: bool = False) -> Any:
    """Return one CSV cell as written: text made inert (:func:`ldtui.sanitize.inert`; newlines
    and tabs kept, CSV quoting holds them) and, unless ``raw``, prefixed with ``'`` when it
    starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return, so a spreadsheet shows it as
    text instead of running it (https://owasp.org/www-community/attacks/CSV_Injection).
    Numbers and None pass unchanged."""
    if not isinstance(value, str):
        return value
    shown = inert(value)
    if not raw and value.startswith(FORMULA_STARTS):
        return "'" + shown
    return shown


def _write_csv(rows: list[dict[str, Any]], fields: list[str], raw: bool = False) -> None:
    """Write ``rows`` as CSV on stdout, every cell through :func:`csv_cell`."""
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: csv_cell(value, raw) for key, value in row.items()} for row in rows)


RAW_OPTION = click.option(
    "--raw",
    is_flag=True,
    help="CSV: write cells starting with = + - @ exactly (no ' added against spreadsheet "
    "formulas). Control characters are still shown visibly; --format json is exact.",
)


FORMAT = click.Choice(["json", "csv"])


@main.command()
@click.option("--day", type=DAY, help="Learning Day (default: today or the last Thursday).")
@click.option(
    "--format", "fmt", type=FORMAT, default="json", show_default=True, help="Output format."
)
@RAW_OPTION
@common_options
def roster(day: datetime | None, fmt: str, raw: bool) -> None:
    """Print one Learning Day's roster: who posted a plan and a summary (times in UTC)."""
    context = click.get_current_context().obj
    learning_day = _day(day)
    store = context.open_store(reader=True)
    rows = _roster_rows(store, learning_day)
    store.close()
    if fmt == "json":
        import json

        click.echo(json.dumps({"day": learning_day.isoformat(), "people": rows}, indent=2))
    else:
        fields = ["id", "name", "tz", "plan_at", "summary_at", "plan", "summary", "nudges"]
        _write_csv(rows, fields, raw)


@main.command()
@click.option(
    "--format", "fmt", type=FORMAT, default="json", show_default=True, help="Output format."
)
@common_options
def history(fmt: str) -> None:
    """Print one row per Learning Day with data, newest first (counts of people)."""
    context = click.get_current_context().obj
    store = context.open_store(reader=True)
    rows = [
        {
            "day": h.day.isoformat(),
            "roster": h.roster,
            "plans": h.plans,
            "summaries": h.summaries,
            "both": h.both,
        }
        for h in store.history()
    ]
    store.close()
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, indent=2))
    else:
        _write_csv(rows, ["day", "roster", "plans", "summaries", "both"])


@main.command()
@click.option(
    "--missing", type=click.Choice(["plan", "summary"]), required=True, help="What is missing."
)
@click.option("--day", type=DAY, help="Learning Day (default: today or the last Thursday).")
@click.option("--force", is_flag=True, help="Nudge even people nudged within the cooldown.")
@click.option(
    "--resend-interrupted",
    is_flag=True,
    help="Nudge again people whose last nudge was interrupted (delivery unknown: they may "
    "have been mentioned already); a sent nudge within the cooldown still blocks.",
)
@common_options
@wait_option
def nudge(missing: str, day: datetime | None, force: bool, resend_interrupted: bool) -> None:
    """Nudge everyone missing a plan or a summary, through the configured webhook.

    Prints one line per person; exits 1 if any nudge failed or the database was busy.
    Without a webhook configured the nudges are dry runs (recorded, not sent). Several runs
    at once (cron, a console) never message a person twice within the cooldown.
    """
    import asyncio

    from ldtui.notify.nudger import Nudger, missing_targets
    from ldtui.records import NudgeStatus

    context = click.get_current_context().obj
    config = context.config
    learning_day = _day(day)
    store = context.open_store()
    nudger = Nudger.from_config(store, config, clock=now_utc)
    reason = store.skip_reason(learning_day)
    if reason:
        store.close()
        raise click.ClickException(f"{learning_day} is skipped ({reason}): no nudges sent")
    targets = missing_targets(store.roster(learning_day), missing)  # type: ignore[arg-type]
    try:
        outcomes = asyncio.run(
            nudger.nudge(targets, learning_day, force=force, resend_interrupted=resend_interrupted)
        )
    except StoreError as exc:
        echo(inert_line(f"Nudge not sent: {exc}"), err=True)
        sys.exit(1)
    finally:
        store.close()
    failed = 0
    interrupted = 0
    for outcome in outcomes:
        who = inert_line(f"{outcome.target.name} ({outcome.target.id})")
        line = f"{outcome.status:<11} {who} {missing}"
        previous = outcome.previous
        if outcome.status == NudgeStatus.COOLDOWN and previous:
            ago = int((now_utc() - previous.created_at).total_seconds() // 60)
            if previous.status == NudgeStatus.INTERRUPTED:
                interrupted += 1
                line += (
                    f": interrupted {ago} min ago, delivery unknown; not again "
                    "(use --resend-interrupted)"
                )
            elif previous.status == NudgeStatus.PENDING:
                line += f": being sent by another ldtui since {ago} min ago"
            else:
                line += f": nudged {ago} min ago, not again (use --force)"
        elif outcome.error:
            line += f": {outcome.http_status or ''} {inert_line(outcome.error)}".rstrip()
            failed += 1
        elif outcome.status == NudgeStatus.FAILED:
            failed += 1
        echo(line)
    for note in nudger.notes:
        echo(f"note: {note}")
    if nudger.gone:
        echo(
            "the webhook no longer exists (the platform said so): nothing more was sent; "
            "set a new one with: ldtui config set webhook_url URL",
            err=True,
        )

    def count(status: NudgeStatus) -> int:
        return sum(o.status == status for o in outcomes)

    echo(
        f"{len(outcomes)} people missing a {missing} for {learning_day.isoformat()}; "
        f"{count(NudgeStatus.SENT)} sent, {count(NudgeStatus.DRY_RUN)} dry run, "
        f"{failed} failed"
        + (f", {interrupted} interrupted earlier" if interrupted else "")
        + f" (webhook: {nudger.target_label})"
    )
    if failed:
        sys.exit(1)


@main.command()
@click.argument("text")
@click.option("--person", required=True, help="The author's id (a Slack user id, or any id).")
@click.option("--name", help="The author's name (needed the first time an id is used).")
@click.option("--tz", "tz_name", help="The author's IANA time zone, e.g. Europe/London.")
@click.option("--team", help="The author's team (kept when Slack data is imported later).")
@click.option(
    "--at",
    "at",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M"]),
    help="When it was posted (ISO 8601; without an offset it is the author's local time). "
    "Default: now.",
)
@click.option("--channel", default=None, help="Channel name (default: the config's, else 'cli').")
@common_options
@wait_option
def post(
    text: str,
    person: str,
    name: str | None,
    tz_name: str | None,
    team: str | None,
    at: datetime | None,
    channel: str | None,
) -> None:
    """Record a plan or summary from the command line (for teams not on Slack).

    The kind and Learning Day follow the same rules as imported posts (markers, local noon,
    grace windows). Posting the same person and time again replaces the text.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from ldtui import slack_ts
    from ldtui.learning_day import zone
    from ldtui.records import NewPost

    context = click.get_current_context().obj
    if tz_name:
        try:
            ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise click.BadParameter(
                f"{tz_name!r} is not an IANA time zone", param_hint="--tz"
            ) from exc
    if not text.strip():
        raise click.BadParameter("the post is empty", param_hint="TEXT")
    store = context.open_store()
    try:
        with store.write():  # who the author is and the post are one transaction
            known = store.person_name(person)
            if known is None and not name:
                raise click.UsageError(f"{person} is not known yet: give --name (and --tz) once")
            if name or tz_name or team is not None:
                # Only what is given changes; a zone or team given here outlasts imports.
                store.set_person(person, name=name, tz=tz_name, team=team)
            author_tz = zone(tz_name or store.person_tz(person), context.config.default_timezone)
            moment = at or now_utc()
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=author_tz)
            channel_name = channel or context.config.channel or "cli"
            channel_id = store.channel_id_for(channel_name) or channel_name
            new_post = NewPost(
                channel_id, slack_ts.from_datetime(moment), person, text, text, moment
            )
            result = store.add_posts([new_post], channel_name=channel_name)
            placed = store.post_placement(channel_id, new_post.ts)
    finally:
        store.close()
    verb = "updated" if result.posts_updated else "recorded"
    where = f"{placed[1]} for Learning Day {placed[0]}" if placed else "on no Learning Day"
    echo(f"Post {verb}: {where} (#{channel_name}, {moment.astimezone(author_tz):%a %H:%M} local)")


def _resolve_person(store: Store, query: str) -> tuple[str, str]:
    """Find one person by id or name, or fail with a clear message listing candidates."""
    found = store.find_people(query)
    if not found:
        raise click.ClickException(f"nobody called {query!r} (give a Slack user id or a name)")
    if len(found) > 1:
        names = ", ".join(f"{name} ({pid})" for pid, name in found[:10])
        raise click.ClickException(f"{query!r} matches several people: {names}")
    return found[0]


@main.group()
def people() -> None:
    """People and their teams."""


@people.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@common_options
@wait_option
def people_import(path: Path) -> None:
    """Import a people file (CSV with columns id, name, team, tz; unknown columns ignored;
    also slack_id, discord_id, mattermost_username, teams_upn, google_chat_id).

    A bad row is reported by line number and nothing is written.
    """
    from ldtui.importers.people_csv import PeopleFileError, read_people_csv

    context = click.get_current_context().obj
    try:
        rows = read_people_csv(path)
    except PeopleFileError as exc:
        raise click.ClickException(f"{exc} (nothing was written)") from exc
    store = context.open_store()
    try:
        added, updated = store.import_people(rows)
    except ValueError as exc:
        raise click.ClickException(f"{path}, {exc} (nothing was written)") from exc
    finally:
        store.close()
    echo(f"People from {path}: {added} added, {updated} updated")


@people.command("list")
@click.option("--team", help="Only this team.")
@common_options
def people_list(team: str | None) -> None:
    """List people (id, name, team, time zone) as tab-separated lines."""
    from ldtui.learning_day import zone_description

    context = click.get_current_context().obj
    store = context.open_store(reader=True)
    members, everyone = store._roster_people()
    default_tz = context.config.default_timezone
    for pid, name, tz_name, _, deleted, person_team in everyone:
        if team is not None and person_team != team:
            continue
        flags = " (deactivated)" if deleted else ""
        shown_tz = zone_description(tz_name, default_tz) if tz_name else "-"
        fields = (pid, f"{name}{flags}", person_team or "-", shown_tz)
        echo("\t".join(inert_line(field) for field in fields))
    store.close()


@main.command()
@click.argument("person")
@click.option("--from", "first", type=DAY, required=True, help="First day away (YYYY-MM-DD).")
@click.option("--to", "last", type=DAY, required=True, help="Last day away (YYYY-MM-DD).")
@click.option("--reason", help="Why (shown in the console), e.g. 'parental leave'.")
@common_options
@wait_option
def away(person: str, first: datetime, last: datetime, reason: str | None) -> None:
    """Mark PERSON (id or name) away: shown, not counted as missing, never nudged, and their
    streak is not broken."""
    context = click.get_current_context().obj
    store = context.open_store()
    try:
        pid, name = _resolve_person(store, person)
        store.add_away(pid, first.date(), last.date(), reason)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    echo(
        f"{name} is away from {first.date()} to {last.date()}" + (f" ({reason})" if reason else "")
    )


@main.command()
@click.argument("days", nargs=-1, type=DAY)
@click.option("--reason", help="Why (a company holiday, an off-site...).")
@click.option(
    "--ics",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Skip every Thursday of the holidays in this iCalendar file.",
)
@click.option("--remove", is_flag=True, help="Make these Thursdays Learning Days again.")
@click.option("--list", "show", is_flag=True, help="List the skipped Thursdays.")
@common_options
@wait_option
def skip(
    days: tuple[datetime, ...], reason: str | None, ics: Path | None, remove: bool, show: bool
) -> None:
    """Skip Thursdays (company holidays): shown as skipped in history, not counted in
    participation, and nudges on them are refused."""
    context = click.get_current_context().obj
    store = context.open_store()
    try:
        if show:
            if days or ics or remove:
                raise click.UsageError("--list takes no days, --ics or --remove")
            skipped = sorted(store.skips().items())
            if not skipped:
                echo("No Thursday is skipped.")
            for day, why in skipped:
                echo(f"{day.isoformat()}  {why}")
            return
        if remove and (ics or not days):
            raise click.UsageError("--remove takes the Thursdays to un-skip (and no --ics)")
        chosen = [d.date() for d in days]
        not_thursdays = [d for d in chosen if d.weekday() != 3]
        if not_thursdays:
            raise click.BadParameter(
                ", ".join(f"{d} is a {d:%A}" for d in not_thursdays) + ": Learning Day is Thursday"
            )
        if remove:
            for day in chosen:
                removed = store.remove_skip(day)
                if day in store.skip_days:
                    echo(
                        f"{day} is still skipped by skip_days in "
                        f"{context.config.path or 'the config file'}: remove it there"
                    )
                else:
                    echo(f"{day} " + ("is a Learning Day again" if removed else "was not skipped"))
            return
        entries = [(d, reason or "skipped") for d in chosen]
        if ics is not None:
            from ldtui.holidays import read_ics

            try:
                holidays = read_ics(ics, today=facilitator_today())
            except ValueError as exc:
                raise click.ClickException(str(exc)) from exc
            entries += [(d, why or "holiday") for d, why in holidays if d.weekday() == 3]
        if not entries:
            raise click.UsageError("give one or more Thursdays, or --ics FILE, or --list")
        count = store.add_skips(entries, source="ics" if ics else "cli")
        for day, why in sorted(entries):
            echo(f"skipped {day.isoformat()}  {why}")
        echo(f"{count} Thursday{'s' if count != 1 else ''} skipped")
    finally:
        store.close()


def _topic_rules(context: Context) -> TopicRules:
    from ldtui.insights.topics import TopicRules

    return TopicRules.from_config(context.config.topics)


@main.command()
@click.option("--day", type=DAY, help="Learning Day (default: today or the last Thursday).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "text"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option("--team", help="Only this team.")
@common_options
def digest(day: datetime | None, fmt: str, team: str | None) -> None:
    """Print the digest of a Learning Day: participation, each summary (shortened), topics."""
    from ldtui.insights.digest import build_digest, render

    context = click.get_current_context().obj
    store = context.open_store(reader=True)
    text = render(build_digest(store, _day(day), _topic_rules(context), team), fmt)  # type: ignore[arg-type]
    store.close()
    echo(text)


@main.command()
@click.option("--from", "first", type=DAY, required=True, help="First Learning Day.")
@click.option("--to", "last", type=DAY, required=True, help="Last Learning Day.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "md"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@RAW_OPTION
@common_options
def export(first: datetime, last: datetime, fmt: str, raw: bool) -> None:
    """Write every post of the Learning Days in a range: person, team, day, kind, local and
    UTC times, topic tags, text."""
    from ldtui.insights.digest import EXPORT_FIELDS, export_rows

    context = click.get_current_context().obj
    store = context.open_store(reader=True)
    rows = export_rows(store, first.date(), last.date(), _topic_rules(context))
    store.close()
    if fmt == "json":
        import json

        # ensure_ascii: exact data, and no raw C1 or bidi character reaches the terminal
        click.echo(json.dumps(rows, indent=2, ensure_ascii=True))
    elif fmt == "csv":
        _write_csv(rows, EXPORT_FIELDS, raw)
    else:
        from ldtui.insights.digest import escape_md

        current = None
        for row in rows:
            if row["day"] != current:
                current = row["day"]
                echo(f"\n## Learning Day {current}\n")
            when = row["posted_at_local"][11:16]
            echo(
                f"- **{escape_md(inert_line(row['name'] or row['person_id']))}** "
                f"({row['kind']}, {when} local): "
                f"{escape_md(inert_line(' '.join(row['text'].split())))}"
            )


@main.group("config")
def config_group() -> None:
    """Read and write the config file (created readable by you only)."""


CONFIG_KEYS = {
    "webhook_url": str,
    "webhook_kind": str,
    "default_timezone": str,
    "channel": str,
    "nudge_cooldown_minutes": int,
}


@config_group.command("set")
@click.argument("key", type=click.Choice(sorted(CONFIG_KEYS)))
@click.argument("value")
@common_options
def config_set(key: str, value: str) -> None:
    """Set KEY to VALUE in the config file (secrets are never echoed back)."""
    from ldtui.config import ConfigError, write_config_value
    from ldtui.notify.redact import redact_url

    context = click.get_current_context().obj
    typed: str | int = value
    if CONFIG_KEYS[key] is int:
        try:
            typed = int(value)
        except ValueError as exc:
            raise click.BadParameter(f"{key} must be a whole number") from exc
    from ldtui.config import default_config_path

    target = context.config_path or default_config_path()
    before = target.read_bytes() if target.exists() else None
    try:
        path = write_config_value(target, key, typed)
        load_config(path)  # check the result with the rules used on start; undo if bad
    except ConfigError as exc:
        if before is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(before)
        raise click.ClickException(f"{exc} (not changed)") from exc
    shown = redact_url(value) if key == "webhook_url" else value
    echo(f"{key} = {shown}  ({path}, readable by you only)")


@config_group.command("show")
@common_options
def config_show() -> None:
    """Print the settings in effect (the webhook URL as its host only)."""
    from ldtui.notify.platforms import resolve_platform
    from ldtui.notify.redact import redact_url

    context = click.get_current_context().obj
    config = context.config
    echo(f"config file        {config.path or '(none: defaults)'}")
    echo(f"database           {context.db_path}")
    webhook = redact_url(config.webhook_url) if config.webhook_url else "(none: dry runs)"
    echo(f"webhook            {webhook}")
    if config.webhook_url:
        echo(f"webhook kind       {resolve_platform(config.webhook_kind, config.webhook_url)}")
    echo(f"default timezone   {config.default_timezone}")
    echo(f"channel            {config.channel or '(every imported channel)'}")
    echo(f"cooldown           {config.nudge_cooldown_minutes} min")
    echo(f"plan markers       {', '.join(config.markers.plan)}")
    echo(f"summary markers    {', '.join(config.markers.summary)}")


@main.group("sync")
def sync_group() -> None:
    """Fetch new posts from a live source (the Slack Web API)."""


@sync_group.command("slack")
@click.option("--channel", "channel_id", required=True, help="Channel id, e.g. C0123456789.")
@click.option("--team", help="Put everyone this channel brings (members, posters) in this team.")
@click.option("--since", type=DAY, help="Read again from this day (YYYY-MM-DD, 00:00 UTC).")
@click.option(
    "--lookback-days",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Days before the last sync read again (edits, new thread replies).",
)
@common_options
@wait_option
def sync_slack(
    channel_id: str, team: str | None, since: datetime | None, lookback_days: int
) -> None:
    """Fetch a channel's people and posts through the Slack Web API (bot token in
    $SLACK_BOT_TOKEN; scopes users:read, channels:read, channels:history, or groups:* for a
    private channel) and store them like an export import.

    The first sync reads the whole channel; later ones continue from the stored cursor.
    Nothing is written if any call fails.
    """
    import os

    from ldtui import slack_ts
    from ldtui.importers.slack_api import (
        DEFAULT_SLACK_API_URL,
        SlackSyncError,
        make_client,
        sync_channel,
    )

    token = os.environ.get("SLACK_BOT_TOKEN", "").strip()
    if not token:
        raise click.ClickException(
            "set SLACK_BOT_TOKEN to the Slack app's bot token (xoxb-...) (nothing was written)"
        )
    context = click.get_current_context().obj
    client = make_client(token, os.environ.get("LDTUI_SLACK_API_URL") or DEFAULT_SLACK_API_URL)
    store = context.open_store()
    try:
        source, result = sync_channel(
            store,
            client,
            channel_id,
            team=team,
            since=since.date() if since else None,
            lookback=timedelta(days=lookback_days),
        )
    except SlackSyncError as exc:
        raise click.ClickException(f"{exc} (nothing was written)") from exc
    finally:
        store.close()

    def when(ts: str | None) -> str:
        if ts is None:
            return "-"
        return f"{ts} ({slack_ts.to_datetime(ts):%Y-%m-%d %H:%M:%S} UTC)"

    echo(f"Synced #{source.channel.name} ({channel_id}) from Slack into {context.db_path}")
    start = when(source.oldest) if source.oldest else "the beginning"
    if since is None and source.previous_cursor is not None:
        start += f", {lookback_days} days before the last cursor"
    echo(f"  read from       {start}")
    echo(f"  messages seen   {source.messages_seen} ({source.threads_read} threads read)")
    echo(
        f"  posts stored    {result.posts_new} new, {result.posts_updated} updated, "
        f"{result.posts_unchanged} unchanged"
    )
    echo(f"  people          {result.people}" + (f" (team {team})" if team else ""))
    echo(f"  skipped         {sum(source.skipped.values())}")
    for reason, count in source.skipped.most_common():
        echo(f"    {reason:<28} {count}")
    echo(f"  cursor          {when(source.cursor)}")


@import_group.command("geekbot")
@click.option("--standup-id", required=True, type=click.IntRange(min=1), help="Standup id.")
@click.option("--since", type=DAY, help="Only reports from this day (YYYY-MM-DD, 00:00 UTC).")
@click.option("--until", type=DAY, help="Only reports before this day (YYYY-MM-DD, 00:00 UTC).")
@click.option("--team", help="Put everyone who reported in this team.")
@common_options
@wait_option
def import_geekbot(
    standup_id: int, since: datetime | None, until: datetime | None, team: str | None
) -> None:
    """Import a Geekbot standup's answers as plans and summaries (API key in $GEEKBOT_API_KEY;
    question ids in the config: geekbot_plan_questions, geekbot_summary_questions).

    Importing again adds nothing; an edited answer updates its post. Nothing is written if
    the API fails.
    """
    import os

    from ldtui.importers.geekbot import (
        DEFAULT_GEEKBOT_API_URL,
        GeekbotError,
        import_standup,
        load_question_map,
    )

    key = os.environ.get("GEEKBOT_API_KEY", "").strip()
    if not key:
        raise click.ClickException("set GEEKBOT_API_KEY to a Geekbot API key (nothing was written)")
    context = click.get_current_context().obj
    try:
        questions = load_question_map(context.config.path)
    except GeekbotError as exc:
        raise click.ClickException(str(exc)) from exc
    store = context.open_store()
    try:
        source, result = import_standup(
            store,
            key,
            standup_id,
            questions,
            base_url=os.environ.get("LDTUI_GEEKBOT_API_URL") or DEFAULT_GEEKBOT_API_URL,
            since=since.date() if since else None,
            until=until.date() if until else None,
            team=team,
        )
    except GeekbotError as exc:
        raise click.ClickException(f"{exc} (nothing was written)") from exc
    finally:
        store.close()
    plans = sum(p.kind_hint == "plan" for p in source.posts)
    echo(f"Imported Geekbot standup {standup_id} into {context.db_path}")
    echo(f"  reports read    {source.reports_seen}")
    echo(f"  answers         {plans} plans, {len(source.posts) - plans} summaries")
    echo(
        f"  posts stored    {result.posts_new} new, {result.posts_updated} updated, "
        f"{result.posts_unchanged} unchanged"
    )
    echo(f"  new people      {result.people}" + (f" (team {team})" if team else ""))
    echo(f"  skipped         {sum(source.skipped.values())}")
    for reason, count in source.skipped.most_common():
        echo(f"    {reason:<28} {count}")


@main.group("db")
def db_group() -> None:
    """Look after the database file: check it, back it up."""


@db_group.command("check")
@common_options
def db_check() -> None:
    """Run SQLite's integrity check on the database: prints "ok" (exit 0) or each problem
    found (exit 1). Reads only; safe while another ldtui writes."""
    from ldtui.store import integrity_check

    context = click.get_current_context().obj
    problems = integrity_check(context.db_path)
    for line in problems:
        echo(line)
    if problems != ["ok"]:
        echo(
            f"{context.db_path}: damaged; save what can be read with: ldtui db backup PATH",
            err=True,
        )
        sys.exit(1)


@db_group.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite TARGET if it exists.")
@common_options
def db_backup(target: Path, force: bool) -> None:
    """Copy the database to TARGET with SQLite's online backup (a consistent copy, also while
    another ldtui writes). Refuses to overwrite an existing file without --force."""
    from ldtui.store import backup

    context = click.get_current_context().obj
    try:
        written = backup(context.db_path, target, force=force)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from exc
    echo(f"Backed up {context.db_path} to {written}")
