"""A small workspace for the command-line tests of teams, people away, skipped Thursdays, the
digest and the export: five members in four zones, a poster who is not a member, a bot, and
posts on two Thursdays (and one older one outside the export range)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from export_builder import message, person

THU = date(2025, 11, 27)
PREV = date(2025, 11, 20)
OLD = date(2025, 11, 13)
KAI = "Kai [bold]x[/bold]"
KAI_MD = r"Kai \[bold\]x\[/bold\]"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


PEOPLE = [
    person("U1", "Alice", tz="Europe/Berlin"),
    person("U2", "Bob", tz="America/New_York"),
    person("U3", "Carol", tz="Asia/Tokyo"),
    person("U4", "Dan", tz="UTC"),
    person("U5", KAI, tz="UTC"),
    person("UP", "Pat", tz="UTC", member=False),  # posts without being a member
    person("UX", "Xena", tz="UTC", member=False),  # neither a member nor a poster
    person("UB", "Standup Bot", is_bot=True),
]

MESSAGES = [
    # THU: 6 on the roster (5 members + Pat who posted)
    message("U1", at(THU, 7), "Plan: read the Raft paper"),  # 08:00 Berlin
    message("U1", at(THU, 16), "Summary: wrote a Rust parser from scratch"),
    message("U2", at(THU, 13), "reading the click docs"),  # 08:00 New York: a plan
    message("U5", at(THU, 9), "plan: linear algebra"),
    message("U5", at(THU, 17), "summary: linear algebra eigenvalues [bold]done[/bold]"),
    message("UP", at(THU, 10), "plan: kubernetes tutorial"),
    message("UB", at(THU, 9), "Standup time!"),
    # PREV
    message("U1", at(PREV, 8), "Plan: read the seed"),
    message("U3", at(PREV, 11), "til: zoneinfo"),  # 20:00 Tokyo: a summary
    message("U2", at(PREV, 20), "summary: learned about rrule"),
    # OLD: outside the export range used below
    message("U1", at(OLD, 9), "Plan: old stuff"),
]

PARTICIPATION_THU = "2 of 6 posted a plan and a summary (33%). Plans: 4. Summaries: 2."
