"""Commands about people and their calendar: ``ldtui people import|list``, ``ldtui away``,
``ldtui skip``, and ``ldtui post`` (a plan or summary typed in by or for a person)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ldtui.cli import base
from ldtui.cli.base import DAY, common_options, echo, main, wait_option
from ldtui.learning_day import THURSDAY
from ldtui.sanitize import inert_line
from ldtui.store import Store


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
            moment = at or base.now_utc()
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=author_tz)
            channel_name = channel or context.config.channel or "cli"
            channel_id = store.channel_id_for(channel_name) or channel_name
            from ldtui.importers.slack_text import emojize

            shown = emojize(text)  # ":dart:" typed here reads as imported posts do
            new_post = NewPost(
                channel_id, slack_ts.from_datetime(moment), person, text, shown, moment
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
    members, everyone = store.roster_people()
    default_tz = context.config.default_timezone
    for pid, name, tz_name, _, deleted, person_team in everyone:
        if team is not None and person_team != team:
            continue
        flags = " (deactivated)" if deleted else ""
        shown_tz = zone_description(tz_name, default_tz)
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
        not_thursdays = [d for d in chosen if d.weekday() != THURSDAY]
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
                holidays = read_ics(ics, today=base.facilitator_today())
            except ValueError as exc:
                raise click.ClickException(str(exc)) from exc
            entries += [(d, why or "holiday") for d, why in holidays if d.weekday() == THURSDAY]
        if not entries:
            raise click.UsageError("give one or more Thursdays, or --ics FILE, or --list")
        count = store.add_skips(entries, source="ics" if ics else "cli")
        for day, why in sorted(entries):
            echo(f"skipped {day.isoformat()}  {why}")
        echo(f"{count} Thursday{'s' if count != 1 else ''} skipped")
    finally:
        store.close()
