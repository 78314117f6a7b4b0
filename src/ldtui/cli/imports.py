"""Commands that bring posts in: ``ldtui import slack-export``, ``ldtui import geekbot`` and
``ldtui sync slack``. Each reads its source through an importer, writes through
:meth:`ldtui.store.Store.import_batch` (nothing is written if the source is bad), and prints
what it counted."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import click

from ldtui.cli.base import DAY, common_options, echo, main, wait_option

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
