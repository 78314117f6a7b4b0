"""``ldtui ledger``: the nudge ledger of one Learning Day, who was nudged by whom and what
came of it (text and CSV made inert; JSON exact)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from ldtui.cli.base import DAY, chosen_day, common_options, echo, main
from ldtui.cli.reports import RAW_OPTION, _write_csv
from ldtui.records import VIA_SHOWN
from ldtui.sanitize import inert_line

FIELDS = [
    *("id", "created_at", "person_id", "name", "kind", "status", "facilitator"),
    *("target", "http_status", "error", "via"),
]
"""The columns of ``ldtui ledger --format csv`` (and the keys of each JSON row)."""


@main.command()
@click.option("--day", type=DAY, help="Learning Day (default: today or the last Thursday).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@RAW_OPTION
@common_options
def ledger(day: datetime | None, fmt: str, raw: bool) -> None:
    """Print the nudge ledger of one Learning Day, oldest first: when (UTC), who was nudged
    for what, the outcome, and the facilitator who nudged (from any console, tab or cron
    run on this database)."""
    context = click.get_current_context().obj
    learning_day = chosen_day(day)
    store = context.open_store(reader=True)
    try:
        names = {e.id: e.name for e in store.roster(learning_day)}
        records = store.nudges(learning_day)
    finally:
        store.close()
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "created_at": r.created_at.astimezone(UTC).isoformat(),
            "person_id": r.person_id,
            "name": names.get(r.person_id),
            "kind": r.kind,
            "status": str(r.status),
            "facilitator": r.facilitator,
            "target": r.target,
            "http_status": r.http_status,
            "error": r.error,
            "via": r.via,
        }
        for r in records
    ]
    if fmt == "json":
        import json

        click.echo(json.dumps({"day": learning_day.isoformat(), "nudges": rows}, indent=2))
        return
    if fmt == "csv":
        _write_csv(rows, FIELDS, raw)
        return
    if not rows:
        echo(f"no nudges on {learning_day.isoformat()}")
        return
    for r in records:
        when = r.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        name = names.get(r.person_id) or r.person_id
        line = f"{when}  {r.kind:<7} {r.status:<11} {name} ({r.person_id})"
        if r.via in VIA_SHOWN:
            line += f"  {VIA_SHOWN[r.via]}"
        line += f"  by {r.facilitator or '(not recorded)'}"
        if r.http_status:
            line += f"  HTTP {r.http_status}"
        if r.error:
            line += f"  {r.error}"
        echo(inert_line(line))
