"""Company holidays from an iCalendar (``.ics``) file: which dates have no Learning Day.

Plain Python, no Textual and no SQL. A Thursday that falls on a company holiday is skipped (see
:attr:`ldtui.insights.streaks.Status.SKIPPED`): nobody is expected to post, so it neither breaks a
streak nor lowers a participation rate. Facilitators usually have the holidays already, as a
calendar exported from Google Calendar, Outlook or an HR tool, so ldtui reads that file rather than
asking for a list to be typed.

Parsing uses ``icalendar`` (RFC 5545) and recurrence expansion ``recurring-ical-events``, which
applies RRULE, RDATE, EXDATE and moved instances (RECURRENCE-ID), the all-day/timed and
UNTIL-type corner cases of real exports, and Google's ``X-WR-TIMEZONE``. Expanding RRULE with
``dateutil.rrule`` by hand would mean re-doing all of that (an EXDATE for a holiday moved in one
year is common in holiday calendars), so the dependency earns its place.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]

YEARS_BACK = 5
"""Default window start: this many years before ``today``."""
YEARS_AHEAD = 2
"""Default window end: this many years after ``today``."""


def read_ics(
    path: Path,
    *,
    today: date | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[tuple[date, str]]:
    """Return the holidays in the iCalendar file ``path`` as sorted unique ``(date, summary)``.

    Every event (VEVENT) counts, except those with ``STATUS:CANCELLED``:

    * An all-day event (``DTSTART;VALUE=DATE``) covers every date from DTSTART up to but
      excluding DTEND (RFC 5545 3.6.1); with no DTEND or DURATION it covers one day.
    * A timed event covers only the date of its start, in the zone the file gives it (TZID,
      UTC for a ``Z`` time, as written for a floating time): a holiday's date is the company's
      local date, so it is never converted to the machine's zone.
    * Recurring events (RRULE, RDATE, EXDATE, RECURRENCE-ID) are expanded.

    Only dates from ``start`` to ``end`` inclusive are returned (a multi-day event crossing the
    edge is cut at it). Defaults: ``start`` = ``today`` - 5 years, ``end`` = ``today`` + 2 years;
    ``today`` (the facilitator's local date) is needed only for a bound not passed. The summary
    is the event's SUMMARY with surrounding spaces removed ("" if it has none).

    Raises ``ValueError`` naming the file and what is wrong when it cannot be read, is not an
    iCalendar file (no VCALENDAR, a malformed line, truncated), or holds an event the library
    cannot use (no DTSTART, a malformed date or RRULE); and ``ValueError`` when neither a bound
    nor ``today`` is given, or ``start`` is after ``end``.
    """
    if start is None or end is None:
        if today is None:
            raise ValueError("read_ics needs today, or both start and end")
        start = start if start is not None else _add_years(today, -YEARS_BACK)
        end = end if end is not None else _add_years(today, YEARS_AHEAD)
    if start > end:
        raise ValueError(f"start {start.isoformat()} is after end {end.isoformat()}")

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ValueError(f"{path}: not a valid iCalendar file: {exc}") from exc
    if not isinstance(calendars, list):  # pragma: no cover - multiple=True returns a list
        calendars = [calendars]
    if not calendars:
        raise ValueError(f"{path}: not a valid iCalendar file: no complete VCALENDAR found")

    found: set[tuple[date, str]] = set()
    for calendar in calendars:
        if calendar.name != "VCALENDAR":
            raise ValueError(
                f"{path}: not a valid iCalendar file: it holds a {calendar.name}, "
                "expected a VCALENDAR"
            )
        try:
            events = list(
                recurring_ical_events.of(calendar).between(start, end + timedelta(days=1))
            )
            for event in events:
                if str(event.get("STATUS", "")).upper() == "CANCELLED":
                    continue
                summary = str(event.get("SUMMARY", "")).strip()
                for day in _dates_of(event.start, event.end):
                    if start <= day <= end:
                        found.add((day, summary))
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ValueError(f"{path}: an event cannot be read: {_describe(exc)}") from exc
    return sorted(found)


def _add_years(day: date, years: int) -> date:
    """``day`` moved by whole ``years``; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _dates_of(first: date | datetime, last: date | datetime) -> list[date]:
    """Dates an event covers: all-day from ``first`` to before ``last`` (at least one); timed:
    the start's own date, in the zone it was written in."""
    if isinstance(first, datetime):
        return [first.date()]
    stop = last.date() if isinstance(last, datetime) else last
    days = [first + timedelta(days=n) for n in range((stop - first).days)]
    return days or [first]


def _describe(exc: BaseException) -> str:
    """A readable reason for an error raised while expanding events."""
    if isinstance(exc, KeyError):
        return f"missing {exc.args[0]}" if exc.args else "a required property is missing"
    return str(exc)
