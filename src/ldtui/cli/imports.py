"""Commands that bring posts in: ``ldtui import slack-export``, ``ldtui import geekbot``,
``ldtui sync slack`` and ``ldtui sync geekbot``. Each reads its source through an importer,
writes through :meth:`ldtui.store.Store.import_batch` (nothing is written if the source is
bad), and prints what it counted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ldtui.cli.base import DAY, common_options, echo, main, wait_option

if TYPE_CHECKING:
    from ldtui.config import Config
    from ldtui.store import Store

DEFAULT_MAX_UNZIPPED_MB = 8192
"""Default cap on what a zipped Slack export may inflate to, in total (MB)."""


def remember_recent_work(store: Store, config: Config) -> None:
    """After an import or sync into ``store``: remember the work items of the newest
    Learning Days' summaries (:func:`ldtui.insights.signals.remember_work_items`, with the
    patterns of ``config``), so the signals of the last Thursdays open at once in the
    console. Nothing is said; a file that cannot be written is left as it is."""
    from ldtui.insights.signals import WorkPatterns, remember_work_items

    remember_work_items(store, WorkPatterns.from_config(config.work_patterns))


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
            batch = reader.batch()  # a large channel's reading starts while the store opens
            store = context.open_store()
            try:
                result = store.import_batch(batch, team=team)
                remember_recent_work(store, context.config)
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


def lookback_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--lookback-days N`` (default 2) for a ``sync`` command: how many days before the
    last sync it reads again, for ``what`` (e.g. "edited answers")."""
    return click.option(
        "--lookback-days",
        type=click.IntRange(min=0),
        default=2,
        show_default=True,
        help=f"Days before the last sync read again ({what}).",
    )


@main.group("sync")
def sync_group() -> None:
    """Fetch new posts from a live source (the Slack Web API, Geekbot's API)."""


@sync_group.command("slack")
@click.option("--channel", "channel_id", required=True, help="Channel id, e.g. C0123456789.")
@click.option("--team", help="Put everyone this channel brings (members, posters) in this team.")
@click.option("--since", type=DAY, help="Read again from this day (YYYY-MM-DD, 00:00 UTC).")
@lookback_option("edits, new thread replies")
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
        remember_recent_work(store, context.config)
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


def _geekbot_key() -> str:
    import os

    key = os.environ.get("GEEKBOT_API_KEY", "").strip()
    if not key:
        raise click.ClickException("set GEEKBOT_API_KEY to a Geekbot API key (nothing was written)")
    return key


def _geekbot_url() -> str:
    import os

    from ldtui.importers.geekbot import DEFAULT_GEEKBOT_API_URL

    return os.environ.get("LDTUI_GEEKBOT_API_URL") or DEFAULT_GEEKBOT_API_URL


def _list_geekbot_questions(standup_id: int) -> None:
    """Print standup ``standup_id``'s name, member count and questions (``id  text``)."""
    from ldtui.importers.geekbot import GeekbotError, fetch_standup, make_client

    try:
        with make_client(_geekbot_key()) as client:
            standup = fetch_standup(client, standup_id, base_url=_geekbot_url())
    except GeekbotError as exc:
        raise click.ClickException(str(exc)) from exc
    echo(f"Geekbot standup {standup.id} {standup.name} ({len(standup.members)} members)")
    echo(f"  {'id':>8}  question")
    for q in standup.questions:
        echo(f"  {q.id:>8}  {' '.join(q.text.split())}")
    echo("Set geekbot_plan_questions / geekbot_summary_questions in the config to these ids.")


def _run_geekbot(
    standup_id: int,
    *,
    since: datetime | None,
    until: datetime | None,
    team: str | None,
    incremental: bool,
    lookback_days: int = 2,
) -> None:
    """The shared body of ``import geekbot`` and ``sync geekbot``: read, store, print."""
    from ldtui.cli import base
    from ldtui.importers.geekbot import GeekbotError, configured_questions, import_standup

    key = _geekbot_key()
    context = click.get_current_context().obj
    try:
        questions = configured_questions(context.config.path)
    except GeekbotError as exc:
        raise click.ClickException(f"{exc} (nothing was written)") from exc
    store = context.open_store()
    try:
        source, result = import_standup(
            store,
            key,
            standup_id,
            questions,
            base_url=_geekbot_url(),
            since=since.date() if since else None,
            until=until.date() if until else None,
            team=team,
            incremental=incremental,
            lookback=timedelta(days=lookback_days),
            today=base.now_utc().date(),
            config_where=str(context.config.path or "the config file"),
        )
        remember_recent_work(store, context.config)
    except GeekbotError as exc:
        raise click.ClickException(f"{exc} (nothing was written)") from exc
    finally:
        store.close()
    standup = source.standup
    plans = sum(p.kind_hint == "plan" for p in source.posts)
    verb = "Synced" if incremental else "Imported"
    echo(f"{verb} Geekbot standup {standup_id} into {context.db_path}")
    if incremental:
        start = "the beginning"
        if source.read_after is not None:
            start = f"{datetime.fromtimestamp(source.read_after, UTC):%Y-%m-%d %H:%M:%S} UTC"
            if since is None and source.previous_cursor is not None:
                start += f", {lookback_days} days before the last cursor"
        echo(f"  read from       {start}")
    echo(f"  reports read    {source.reports_seen}")
    echo(f"  answers         {plans} plans, {len(source.posts) - plans} summaries")
    echo(
        f"  posts stored    {result.posts_new} new, {result.posts_updated} updated, "
        f"{result.posts_unchanged} unchanged"
    )
    members = len(standup.members) if standup else 0
    echo(
        f"  roster          {members} standup members, {result.people} new"
        + (f" (team {team})" if team else "")
    )
    if source.ooo_note is not None:
        echo(f"warning: {source.ooo_note}", err=True)
        echo("  out of office   not read (see the warning)")
    elif source.ooo_since is not None:
        echo(f"  out of office   {len(source.away)} periods from {source.ooo_since} (away)")
    echo(f"  skipped         {sum(source.skipped.values())}")
    for reason, count in source.skipped.most_common():
        echo(f"    {reason:<28} {count}")
    if incremental:
        cursor = source.cursor
        echo(
            "  cursor          "
            + (f"{datetime.fromtimestamp(cursor, UTC):%Y-%m-%d %H:%M:%S} UTC" if cursor else "-")
        )


@import_group.command("geekbot")
@click.option("--standup-id", required=True, type=click.IntRange(min=1), help="Standup id.")
@click.option("--since", type=DAY, help="Only reports from this day (YYYY-MM-DD, 00:00 UTC).")
@click.option("--until", type=DAY, help="Only reports before this day (YYYY-MM-DD, 00:00 UTC).")
@click.option("--team", help="Put the standup's members and everyone who reported in this team.")
@click.option(
    "--list-questions",
    is_flag=True,
    help="Print the standup's question ids and texts (for geekbot_plan_questions / "
    "geekbot_summary_questions) and write nothing.",
)
@common_options
@wait_option
def import_geekbot(
    standup_id: int,
    since: datetime | None,
    until: datetime | None,
    team: str | None,
    list_questions: bool,
) -> None:
    """Import a Geekbot standup: its members on the roster (answered or not), its answers as
    plans and summaries, its members' out-of-office periods as away (API key in
    $GEEKBOT_API_KEY; question ids in the config: geekbot_plan_questions,
    geekbot_summary_questions; --list-questions shows them).

    Importing again adds nothing; an edited answer updates its post. Nothing is written if
    the API fails (a key that cannot read out of office is reported and that part skipped).
    """
    if list_questions:
        _list_geekbot_questions(standup_id)
        return
    _run_geekbot(standup_id, since=since, until=until, team=team, incremental=False)


@sync_group.command("geekbot")
@click.option("--standup-id", required=True, type=click.IntRange(min=1), help="Standup id.")
@click.option("--team", help="Put the standup's members and everyone who reported in this team.")
@click.option("--since", type=DAY, help="Read again from this day (YYYY-MM-DD, 00:00 UTC).")
@lookback_option("edited answers")
@common_options
@wait_option
def sync_geekbot(
    standup_id: int, team: str | None, since: datetime | None, lookback_days: int
) -> None:
    """Fetch a Geekbot standup's new reports, its members and their out of office, like
    ``import geekbot`` but from the newest report seen (the stored cursor) minus
    --lookback-days; everything the first time. Nothing is written if any call fails.
    """
    _run_geekbot(
        standup_id,
        since=since,
        until=None,
        team=team,
        incremental=True,
        lookback_days=lookback_days,
    )
