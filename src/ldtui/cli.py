"""The ``ldtui`` command line: thin click commands over the store, importers and nudger.

``ldtui`` alone opens the Thursday console; ``ldtui demo`` opens it on the bundled demo data.
Every command takes ``--db PATH`` (or ``LDTUI_DB``) and ``--config PATH``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from ldtui.config import Config, ConfigError, default_db_path, load_config
from ldtui.learning_day import current_learning_day
from ldtui.store import Store, StoreError


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
    """Options shared by every command: where the database and config are."""

    def __init__(self, db: Path | None, config_path: Path | None) -> None:
        self.db = db
        self.db_path = db or default_db_path()
        self.config_path = config_path
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
                click.echo(
                    f"warning: {path} holds the webhook URL and other users can read it; "
                    f"run: chmod 600 {path}",
                    err=True,
                )
        return self._config

    def open_store(self, path: Path | None = None) -> Store:
        """Open the database with the config's classification settings."""
        config = self.config
        try:
            return Store(
                path or self.db_path,
                default_timezone=config.default_timezone,
                markers=config.markers,
                channel=config.channel,
                skip_days=config.skip_days,
            )
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc


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
    def wrapper(ctx: click.Context, db: Path | None, config_path: Path | None, **kw: Any) -> Any:
        parent = ctx.find_object(Context)
        ctx.obj = Context(
            db or (parent.db if parent else None),
            config_path or (parent.config_path if parent else None),
        )
        return ctx.invoke(func, **kw)

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
        click.echo(
            f"{value.date()} is a {value.date():%A}: using Learning Day {thursday} (Thursday)",
            err=True,
        )
    return thursday


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help="Database file.")
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Config file."
)
@click.option("--day", type=DAY, help="Open this Learning Day (YYYY-MM-DD).")
@click.version_option(package_name="ldtui")
@click.pass_context
def main(ctx: click.Context, db: Path | None, config_path: Path | None, day: datetime | None):
    """ldtui: the Learning Day facilitator's console.

    With no command, opens the Thursday console on today's Learning Day (or the last one).
    """
    ctx.obj = Context(db, config_path)
    if ctx.invoked_subcommand is None:
        _run_console(ctx.obj, _day(day))


def _run_console(context: Context, day: date, title: str | None = None) -> None:
    from ldtui.tui.app import make_app

    store = context.open_store()
    app = make_app(store, context.config, day=day, title=title)
    app.run()
    store.close()


@main.command()
@click.option("--day", type=DAY, help="Make this date (YYYY-MM-DD) the demo's newest Thursday.")
@click.option("--keep", is_flag=True, help="Print the demo database path and keep it.")
@click.pass_obj
def demo(context: Context, day: datetime | None, keep: bool) -> None:
    """Open the console on the bundled demo data (a temporary database; nothing of yours is
    touched, no webhook is used: nudges are dry runs)."""
    import tempfile

    from ldtui.demo import load_demo, newest_thursday_on_or_before, prepare_demo_export

    target = _day(day)
    folder = Path(tempfile.mkdtemp(prefix="ldtui-demo-"))
    export_dir = prepare_demo_export(folder / "export", target, now=now_utc())
    db_path = folder / "demo.db"
    demo_context = Context(db_path, context.config_path)
    demo_context._config = Config(path=None)
    store = demo_context.open_store(db_path)
    load_demo(store, export_dir, newest_thursday_on_or_before(target))
    store.close()
    if keep:
        click.echo(f"demo database: {db_path}")
    _run_console(demo_context, target, title="ldtui demo")


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
                result = store.import_slack_export(reader, team=team)
            finally:
                store.close()
    except ExportError as exc:
        raise click.ClickException(f"{exc} (nothing was imported)") from exc
    skipped = reader.skipped.copy()
    if result.duplicates:
        skipped[SKIP_REPLACED] += result.duplicates
    default_tz = context.config.default_timezone
    for person in unknown_zones(reader.people):
        click.echo(
            f"warning: {person.name} ({person.id}): time zone "
            f"{zone_description(person.tz, default_tz)}",
            err=True,
        )
    click.echo(f"Imported #{reader.channel.name} from {path} into {context.db_path}")
    click.echo(f"  files read      {reader.files_read}")
    click.echo(f"  messages seen   {reader.messages_seen}")
    click.echo(
        f"  posts stored    {result.posts_new} new, {result.posts_updated} updated, "
        f"{result.posts_unchanged} unchanged"
    )
    if result.older_edits:
        click.echo(f"  kept as edited  {result.older_edits} (this export holds older versions)")
    click.echo(f"  people          {result.people}" + (f" (team {team})" if team else ""))
    if result.placeholders:
        click.echo(
            f"  unknown users   {result.placeholders} not in users.json, kept as "
            "'unknown user <id>' until an export lists them"
        )
    if reader.repaired:
        click.echo(
            f"  repaired text   {reader.repaired} strings with broken characters "
            "(lone surrogates) stored with U+FFFD"
        )
    click.echo(f"  skipped         {sum(skipped.values())}")
    for reason, count in skipped.most_common():
        click.echo(f"    {reason:<28} {count}")


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


def _write_csv(rows: list[dict[str, Any]], fields: list[str]) -> None:
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


FORMAT = click.Choice(["json", "csv"])


@main.command()
@click.option("--day", type=DAY, help="Learning Day (default: today or the last Thursday).")
@click.option(
    "--format", "fmt", type=FORMAT, default="json", show_default=True, help="Output format."
)
@common_options
def roster(day: datetime | None, fmt: str) -> None:
    """Print one Learning Day's roster: who posted a plan and a summary (times in UTC)."""
    context = click.get_current_context().obj
    learning_day = _day(day)
    store = context.open_store()
    rows = _roster_rows(store, learning_day)
    store.close()
    if fmt == "json":
        import json

        click.echo(json.dumps({"day": learning_day.isoformat(), "people": rows}, indent=2))
    else:
        _write_csv(rows, ["id", "name", "tz", "plan_at", "summary_at", "plan", "summary", "nudges"])


@main.command()
@click.option(
    "--format", "fmt", type=FORMAT, default="json", show_default=True, help="Output format."
)
@common_options
def history(fmt: str) -> None:
    """Print one row per Learning Day with data, newest first (counts of people)."""
    context = click.get_current_context().obj
    store = context.open_store()
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
@common_options
def nudge(missing: str, day: datetime | None, force: bool) -> None:
    """Nudge everyone missing a plan or a summary, through the configured webhook.

    Prints one line per person; exits 1 if any nudge failed. Without a webhook configured the
    nudges are dry runs (recorded, not sent). Meant for a scheduled job.
    """
    import asyncio

    from ldtui.notify.nudger import COOLDOWN, Nudger, missing_targets

    context = click.get_current_context().obj
    config = context.config
    learning_day = _day(day)
    store = context.open_store()
    nudger = Nudger(
        store,
        config.webhook_url,
        cooldown=timedelta(minutes=config.nudge_cooldown_minutes),
        clock=now_utc,
        webhook_kind=config.webhook_kind,
    )
    reason = store.skip_reason(learning_day)
    if reason:
        store.close()
        raise click.ClickException(f"{learning_day} is skipped ({reason}): no nudges sent")
    targets = missing_targets(store.roster(learning_day), missing)  # type: ignore[arg-type]
    outcomes = asyncio.run(nudger.nudge(targets, learning_day, force=force))
    store.close()
    failed = 0
    for outcome in outcomes:
        line = f"{outcome.status:<8} {outcome.target.name} ({outcome.target.id}) {missing}"
        if outcome.status == COOLDOWN and outcome.previous:
            ago = int((now_utc() - outcome.previous.created_at).total_seconds() // 60)
            line += f": nudged {ago} min ago, not again (use --force)"
        elif outcome.error:
            line += f": {outcome.http_status or ''} {outcome.error}".rstrip()
            failed += 1
        elif outcome.status == "failed":
            failed += 1
        click.echo(line)
    for note in nudger.notes:
        click.echo(f"note: {note}")
    if nudger.gone:
        click.echo(
            "the webhook no longer exists (the platform said so): nothing more was sent; "
            "set a new one with: ldtui config set webhook_url URL",
            err=True,
        )
    click.echo(
        f"{len(outcomes)} people missing a {missing} for {learning_day.isoformat()}; "
        f"{sum(o.status == 'sent' for o in outcomes)} sent, "
        f"{sum(o.status == 'dry-run' for o in outcomes)} dry run, {failed} failed "
        f"(webhook: {nudger.target_label})"
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

    from ldtui.learning_day import zone
    from ldtui.store import NewPost

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
    known = store.person_name(person)
    if known is None and not name:
        store.close()
        raise click.UsageError(f"{person} is not known yet: give --name (and --tz) once")
    if name or tz_name or team is not None:
        # Only what is given changes; a zone or team given here outlasts later imports.
        store.set_person(person, name=name, tz=tz_name, team=team)
    author_tz = zone(tz_name or store.person_tz(person), context.config.default_timezone)
    moment = at or now_utc()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=author_tz)
    channel_name = channel or context.config.channel or "cli"
    channel_id = store.channel_id_for(channel_name) or channel_name
    new_post = NewPost(channel_id, f"{moment.timestamp():.6f}", person, text, text, moment)
    result = store.add_posts([new_post], channel_name=channel_name)
    placed = store.post_placement(channel_id, new_post.ts)
    store.close()
    verb = "updated" if result.posts_updated else "recorded"
    where = f"{placed[1]} for Learning Day {placed[0]}" if placed else "on no Learning Day"
    click.echo(
        f"Post {verb}: {where} (#{channel_name}, {moment.astimezone(author_tz):%a %H:%M} local)"
    )


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
    click.echo(f"People from {path}: {added} added, {updated} updated")


@people.command("list")
@click.option("--team", help="Only this team.")
@common_options
def people_list(team: str | None) -> None:
    """List people (id, name, team, time zone) as tab-separated lines."""
    from ldtui.learning_day import zone_description

    context = click.get_current_context().obj
    store = context.open_store()
    members, everyone = store._roster_people()
    default_tz = context.config.default_timezone
    for pid, name, tz_name, _, deleted, person_team in everyone:
        if team is not None and person_team != team:
            continue
        flags = " (deactivated)" if deleted else ""
        shown_tz = zone_description(tz_name, default_tz) if tz_name else "-"
        click.echo(f"{pid}\t{name}{flags}\t{person_team or '-'}\t{shown_tz}")
    store.close()


@main.command()
@click.argument("person")
@click.option("--from", "first", type=DAY, required=True, help="First day away (YYYY-MM-DD).")
@click.option("--to", "last", type=DAY, required=True, help="Last day away (YYYY-MM-DD).")
@click.option("--reason", help="Why (shown in the console), e.g. 'parental leave'.")
@common_options
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
    click.echo(
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
                click.echo("No Thursday is skipped.")
            for day, why in skipped:
                click.echo(f"{day.isoformat()}  {why}")
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
                    click.echo(
                        f"{day} is still skipped by skip_days in "
                        f"{context.config.path or 'the config file'}: remove it there"
                    )
                else:
                    click.echo(
                        f"{day} " + ("is a Learning Day again" if removed else "was not skipped")
                    )
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
            click.echo(f"skipped {day.isoformat()}  {why}")
        click.echo(f"{count} Thursday{'s' if count != 1 else ''} skipped")
    finally:
        store.close()


def _topic_rules(context: Context):  # noqa: ANN202
    from ldtui.topics import TopicRules

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
    from ldtui.digest import render
    from ldtui.insights import build_digest

    context = click.get_current_context().obj
    store = context.open_store()
    text = render(build_digest(store, _day(day), _topic_rules(context), team), fmt)  # type: ignore[arg-type]
    store.close()
    click.echo(text)


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
@common_options
def export(first: datetime, last: datetime, fmt: str) -> None:
    """Write every post of the Learning Days in a range: person, team, day, kind, local and
    UTC times, topic tags, text."""
    from ldtui.insights import EXPORT_FIELDS, export_rows

    context = click.get_current_context().obj
    store = context.open_store()
    rows = export_rows(store, first.date(), last.date(), _topic_rules(context))
    store.close()
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        _write_csv(rows, EXPORT_FIELDS)
    else:
        from ldtui.digest import escape_md

        current = None
        for row in rows:
            if row["day"] != current:
                current = row["day"]
                click.echo(f"\n## Learning Day {current}\n")
            when = row["posted_at_local"][11:16]
            click.echo(
                f"- **{escape_md(row['name'] or row['person_id'])}** ({row['kind']}, {when} "
                f"local): {escape_md(' '.join(row['text'].split()))}"
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
    click.echo(f"{key} = {shown}  ({path}, readable by you only)")


@config_group.command("show")
@common_options
def config_show() -> None:
    """Print the settings in effect (the webhook URL as its host only)."""
    from ldtui.notify.platforms import resolve_kind
    from ldtui.notify.redact import redact_url

    context = click.get_current_context().obj
    config = context.config
    click.echo(f"config file        {config.path or '(none: defaults)'}")
    click.echo(f"database           {context.db_path}")
    webhook = redact_url(config.webhook_url) if config.webhook_url else "(none: dry runs)"
    click.echo(f"webhook            {webhook}")
    if config.webhook_url:
        click.echo(f"webhook kind       {resolve_kind(config.webhook_kind, config.webhook_url)}")
    click.echo(f"default timezone   {config.default_timezone}")
    click.echo(f"channel            {config.channel or '(every imported channel)'}")
    click.echo(f"cooldown           {config.nudge_cooldown_minutes} min")
    click.echo(f"plan markers       {', '.join(config.markers.plan)}")
    click.echo(f"summary markers    {', '.join(config.markers.summary)}")


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

    from ldtui.importers.slack_api import (
        DEFAULT_SLACK_API_URL,
        SlackSyncError,
        make_client,
        sync_channel,
    )
    from ldtui.importers.slack_export import _posted_at

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
        return f"{ts} ({_posted_at(ts):%Y-%m-%d %H:%M:%S} UTC)"

    click.echo(f"Synced #{source.channel.name} ({channel_id}) from Slack into {context.db_path}")
    start = when(source.oldest) if source.oldest else "the beginning"
    if since is None and source.previous_cursor is not None:
        start += f", {lookback_days} days before the last cursor"
    click.echo(f"  read from       {start}")
    click.echo(f"  messages seen   {source.messages_seen} ({source.threads_read} threads read)")
    click.echo(
        f"  posts stored    {result.posts_new} new, {result.posts_updated} updated, "
        f"{result.posts_unchanged} unchanged"
    )
    click.echo(f"  people          {result.people}" + (f" (team {team})" if team else ""))
    click.echo(f"  skipped         {sum(source.skipped.values())}")
    for reason, count in source.skipped.most_common():
        click.echo(f"    {reason:<28} {count}")
    click.echo(f"  cursor          {when(source.cursor)}")


@import_group.command("geekbot")
@click.option("--standup-id", required=True, type=click.IntRange(min=1), help="Standup id.")
@click.option("--since", type=DAY, help="Only reports from this day (YYYY-MM-DD, 00:00 UTC).")
@click.option("--until", type=DAY, help="Only reports before this day (YYYY-MM-DD, 00:00 UTC).")
@click.option("--team", help="Put everyone who reported in this team.")
@common_options
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
    click.echo(f"Imported Geekbot standup {standup_id} into {context.db_path}")
    click.echo(f"  reports read    {source.reports_seen}")
    click.echo(f"  answers         {plans} plans, {len(source.posts) - plans} summaries")
    click.echo(
        f"  posts stored    {result.posts_new} new, {result.posts_updated} updated, "
        f"{result.posts_unchanged} unchanged"
    )
    click.echo(f"  new people      {result.people}" + (f" (team {team})" if team else ""))
    click.echo(f"  skipped         {sum(source.skipped.values())}")
    for reason, count in source.skipped.most_common():
        click.echo(f"    {reason:<28} {count}")
