"""Commands that print what the store holds: ``ldtui roster``, ``ldtui history``,
``ldtui digest`` and ``ldtui export`` (JSON exact; CSV and text made inert)."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import click

from ldtui.cli.base import DAY, Context, chosen_day, common_options, echo, facilitator_today, main
from ldtui.sanitize import inert, inert_line
from ldtui.store import Store

if TYPE_CHECKING:
    from ldtui.insights.topics import TopicRules


def _roster_rows(store: Store, day: date) -> list[dict[str, Any]]:
    """Return ``day``'s roster as JSON/CSV rows, one per person, times as UTC ISO 8601;
    ``team`` is ``None`` when unknown, ``away`` the reason they are away (``""`` when none was
    given) or ``None`` when they are expected, so a script does not count them as missing."""
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
            "team": e.team,
            "away": e.away,
        }
        for e in store.roster(day)
    ]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection")."""


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
"""The ``--raw`` flag of the commands that write CSV (see :func:`csv_cell`)."""


FORMAT = click.Choice(["json", "csv"])
"""The ``--format`` choices of ``roster`` and ``history``."""


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
    learning_day = chosen_day(day)
    store = context.open_store(reader=True)
    rows = _roster_rows(store, learning_day)
    store.close()
    if fmt == "json":
        import json

        click.echo(json.dumps({"day": learning_day.isoformat(), "people": rows}, indent=2))
    else:
        fields = [
            *("id", "name", "tz", "plan_at", "summary_at", "plan", "summary", "nudges"),
            *("team", "away"),
        ]
        _write_csv(rows, fields, raw)


@main.command()
@click.option(
    "--format", "fmt", type=FORMAT, default="json", show_default=True, help="Output format."
)
@common_options
def history(fmt: str) -> None:
    """Print one row per Learning Day with data, newest first (counts of people; ``skipped``
    is why the Thursday was skipped, or empty)."""
    context = click.get_current_context().obj
    store = context.open_store(reader=True)
    rows = [
        {
            "day": h.day.isoformat(),
            "roster": h.roster,
            "plans": h.plans,
            "summaries": h.summaries,
            "both": h.both,
            "skipped": h.skipped,
        }
        for h in store.history()
    ]
    store.close()
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, indent=2))
    else:
        _write_csv(rows, ["day", "roster", "plans", "summaries", "both", "skipped"])


def _topic_rules(context: Context) -> TopicRules:
    """Return the topic rules of the config in effect (its ``[topics]`` table)."""
    from ldtui.insights.topics import TopicRules

    return TopicRules.from_config(context.config.topics)


@main.command()
@click.option("--day", type=DAY, help="Learning Day (default: today or the last Thursday).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "slack", "text"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option("--team", help="Only this team.")
@click.option(
    "--post",
    is_flag=True,
    help="Post it through the webhook (or in thread_under's thread) and record it.",
)
@click.option(
    "--addendum",
    is_flag=True,
    help="Post only the summaries that arrived since the last digest posted for the day.",
)
@common_options
def digest(day: datetime | None, fmt: str, team: str | None, post: bool, addendum: bool) -> None:
    """Print the digest of a Learning Day: participation, each summary (shortened), topics.

    --format slack writes Slack mrkdwn (bold names, & < > escaped), to paste into Slack.
    --post posts it (Slack mrkdwn for a Slack webhook) and records which summaries it held;
    --addendum then posts only later ones ("3 more summaries for Thursday 26 Nov"), or
    nothing when there is nothing new."""
    from ldtui.insights.digest import build_digest, render

    context = click.get_current_context().obj
    learning_day = chosen_day(day)
    if post or addendum:
        _post_digest(context, learning_day, team, addendum)
        return
    store = context.open_store(reader=True)
    text = render(build_digest(store, learning_day, _topic_rules(context), team), fmt)  # type: ignore[arg-type]
    store.close()
    echo(text)


def _post_digest(context: Context, day: date, team: str | None, addendum: bool) -> None:
    """Post the digest (or the addendum) of ``day`` and record it; print what happened.
    Exits 1 when it was not delivered or the database cannot record it."""
    import asyncio

    from ldtui.cli import base
    from ldtui.insights.digest import build_addendum, build_digest, render, render_addendum
    from ldtui.notify.nudger import Nudger
    from ldtui.store import StoreError

    store = context.open_store()
    try:
        nudger = Nudger.from_config(store, context.config, clock=base.now_utc)
        slack = bool(nudger.thread_under and nudger.slack_token) or nudger.platform.name == "slack"
        fmt = "slack" if slack else "text"
        rules = _topic_rules(context)
        if addendum:
            extra = build_addendum(store, day, rules, team)
            if extra.last_posted is None:
                raise click.ClickException(
                    f"no digest was posted for {day.isoformat()} yet: post one with "
                    "ldtui digest --post (nothing was posted)"
                )
            if not extra.people:
                when = extra.last_posted.strftime("%Y-%m-%d %H:%M UTC")
                echo(f"Nothing new since the digest posted {when}: nothing was posted.")
                return
            text = render_addendum(extra, fmt)  # type: ignore[arg-type]
            post_ids = extra.post_ids
        else:
            text = render(build_digest(store, day, rules, team), fmt)  # type: ignore[arg-type]
            post_ids = sorted(store.summary_post_ids(day, team).values())
        try:
            deliveries = asyncio.run(nudger.post_digest(text, day, post_ids, addendum=addendum))
        except StoreError as exc:
            echo(inert_line(f"Posted, but not recorded: {exc}"), err=True)
            sys.exit(1)
    finally:
        store.close()
    echo(inert(text))
    for note in nudger.notes:
        echo(inert_line(f"note: {note}"))
    what = "Addendum" if addendum else "Digest"
    if not deliveries:
        echo(f"{what} not posted: dry run (no webhook configured); nothing recorded.")
        return
    bad = [d for d in deliveries if not d.ok]
    if bad:
        error = f"{bad[0].http_status or ''} {bad[0].error}".strip()
        echo(inert_line(f"{what} not posted: {error}; nothing recorded."), err=True)
        sys.exit(1)
    echo(
        inert_line(
            f"{what} posted ({len(deliveries)} message(s), {nudger.posted_to}) and recorded: "
            f"{len(post_ids)} summar{'y' if len(post_ids) == 1 else 'ies'}."
        )
    )


EXPORT_WEEKS = 12
"""How many Thursdays ``ldtui export`` covers when ``--from`` is not given (ending at ``--to``,
else at the facilitator's current Learning Day)."""


@main.command()
@click.option(
    "--from", "first", type=DAY, help="First Learning Day (default: 11 weeks before --to)."
)
@click.option(
    "--to", "last", type=DAY, help="Last Learning Day (default: today or the last Thursday)."
)
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
def export(first: datetime | None, last: datetime | None, fmt: str, raw: bool) -> None:
    """Write every post of the Learning Days in a range: person, team, day, kind, local and
    UTC times, topic tags, text. Without --from/--to: the last 12 Thursdays."""
    from datetime import timedelta

    from ldtui.insights.digest import EXPORT_FIELDS, export_rows

    context = click.get_current_context().obj
    to_day = last.date() if last is not None else facilitator_today()
    from_day = first.date() if first is not None else to_day - timedelta(weeks=EXPORT_WEEKS - 1)
    store = context.open_store(reader=True)
    rows = export_rows(store, from_day, to_day, _topic_rules(context))
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
