"""How times, people and posts read on screen (rich ``Text``, never markup strings).

User text (names, posts) always goes into ``Text(...)`` objects, so ``[bold]`` or ``[/`` in a
name or a post is shown as typed and never parsed as Textual markup, and through
:func:`ldtui.sanitize.inert` (``inert_line`` for one-line fields), so escape sequences and
bidi controls in it are shown visibly, never sent to the terminal.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from rich.style import Style
from rich.text import Text

from ldtui.learning_day import zone_description
from ldtui.notify.wording import format_day
from ldtui.records import VIA_SHOWN, NudgeRecord, NudgeStatus, RosterEntry
from ldtui.sanitize import inert, inert_line

DASH = "—"
CHECK = "✓"


def local_clock(moment: datetime, tz: tzinfo, day: date | None = None) -> str:
    """Format ``moment`` (aware) as ``HH:MM`` in ``tz``; prefix the weekday when the local date
    is not ``day`` (a grace-window post: ``Wed 19:30``)."""
    local = moment.astimezone(tz)
    if day is not None and local.date() != day:
        return local.strftime("%a %H:%M")
    return local.strftime("%H:%M")


def local_now(now: datetime, tz: tzinfo) -> str:
    """A person's local time now (``now`` aware) with the weekday, ``Thu 09:14``: the roster's
    Local time column and the detail pane's clock say it the same way."""
    return now.astimezone(tz).strftime("%a %H:%M")


MISSING = "missing"
NOT_YET = "not yet"


def posted_cell(
    moment: datetime | None,
    tz: tzinfo,
    day: date,
    away: bool = False,
    *,
    closed: bool = False,
    missing_style: Style | str = "bold",
) -> Text:
    """The plan or summary cell: a check and the local time posted; ``away`` for someone away
    who did not post; else ``missing`` once the day is ``closed`` for them (past the Friday-noon
    grace window, :func:`ldtui.insights.timeline.day_closed`) or ``not yet`` before, both in
    ``missing_style`` (the roster passes the theme's ``$warning`` colour)."""
    if moment is None:
        if away:
            return Text("away", style="dim italic")
        return Text(MISSING if closed else NOT_YET, style=missing_style)
    return Text.assemble((CHECK, "bold green"), " ", local_clock(moment, tz, day))


NUDGE_LABELS: dict[NudgeStatus, tuple[str, str]] = {
    NudgeStatus.DRY_RUN: ("dry run", "dim"),
    NudgeStatus.FAILED: ("failed", "bold red"),
    NudgeStatus.PENDING: ("sending…", "dim"),
    NudgeStatus.INTERRUPTED: ("interrupted", "bold yellow"),
    NudgeStatus.CANCELLED: ("not sent", "dim"),
}
"""How the last nudge's status reads in the roster when it was not ``sent``, and its style."""


def nudges_cell(entry: RosterEntry) -> Text:
    """The nudges cell: how many were sent, the last outcome if it was not ``sent``
    (``interrupted``: delivery unknown), and ``away`` for someone away who posted anyway
    (their plan and summary cells show the posts)."""
    last = entry.last_nudge
    text = Text(str(entry.nudges) if entry.nudges else "")
    if last is not None and last.status != NudgeStatus.SENT:
        label, style = NUDGE_LABELS.get(last.status, (str(last.status), "dim"))
        text.append((" · " if entry.nudges else "") + label, style=style)
    if entry.away is not None and entry.expected:
        # Away but posted anyway: the posts show as ✓, the away mark shows here.
        text.append((" · " if text.plain else "") + "away", style="dim italic")
    return text


def zone_label(entry: RosterEntry) -> str:
    """The person's zone as shown, in the one wording of
    :func:`ldtui.learning_day.zone_description`: the IANA name; ``<default> (default)`` when
    they have none; ``America/Bogus (unknown; using <default>)`` for a name the tz database
    lacks (``<default>`` is the configured default zone the roster used for them)."""
    if entry.tz_name and str(entry.tz) != entry.tz_name:
        return inert_line(f"{entry.tz_name} (unknown; using {entry.tz})")
    return inert_line(zone_description(entry.tz_name, default=str(entry.tz)))


def nudge_line(record: NudgeRecord, tz: tzinfo) -> Text:
    """One ledger row for the detail pane: local time, kind, status, how it went when not in
    the channel (``via Geekbot``), who nudged (inert), HTTP status and error."""
    text = Text(f"{local_clock(record.created_at, tz)}  {record.kind:<7} {record.status}")
    if record.via in VIA_SHOWN:
        text.append(f"  {VIA_SHOWN[record.via]}")
    if record.facilitator:
        text.append(f"  by {inert_line(record.facilitator)}", style="dim")
    if record.status == NudgeStatus.INTERRUPTED:
        text.append("  delivery unknown — n resends after asking", style="bold yellow")
    if record.http_status:
        text.append(f"  HTTP {record.http_status}")
    if record.error and record.status != NudgeStatus.INTERRUPTED:
        text.append(f"  {inert_line(record.error)}", style="red")
    return text


__all__ = [
    "CHECK",
    "DASH",
    "MISSING",
    "NOT_YET",
    "format_day",
    "inert",
    "inert_line",
    "local_clock",
    "local_now",
    "nudge_line",
    "nudges_cell",
    "posted_cell",
    "zone_label",
]
