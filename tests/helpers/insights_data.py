"""A small history for the insights tests, written to a real SQLite file through the Store.

Everyone posts in their own zone: a plan at 09:00 local on the Thursday, a summary at 17:00 local
(the clock decides the kind: before noon a plan, from noon a summary). Thursdays used:
2026-10-01 to 2026-11-26.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from ldtui.records import NewPerson, NewPost
from ldtui.store import Store

CHANNEL = "C0LEARN01"
THURSDAYS = [date(2026, 10, 1 + 7 * i) for i in range(5)] + [
    date(2026, 11, d) for d in (5, 12, 19, 26)
]
"""Nine Thursdays, oldest first: 1, 8, 15, 22, 29 October and 5, 12, 19, 26 November 2026."""


def at(tz: str | None, day: date, hour: int, minute: int = 0) -> datetime:
    """The UTC instant of ``hour:minute`` on ``day`` in zone ``tz`` (UTC when ``None``)."""
    zone = ZoneInfo(tz) if tz else UTC
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def plan(person: NewPerson, day: date, text: str) -> NewPost:
    """``person``'s plan for ``day``, posted at 09:00 their time."""
    return _post(person, at(person.tz, day, 9), text)


def summary(person: NewPerson, day: date, text: str) -> NewPost:
    """``person``'s summary for ``day``, posted at 17:00 their time."""
    return _post(person, at(person.tz, day, 17), text)


_SERIAL = itertools.count(1)
"""Slack ts ids are unique in a channel: posts at the same second get different digits."""


def _post(person: NewPerson, when: datetime, text: str) -> NewPost:
    ts = f"{int(when.timestamp())}.{next(_SERIAL):06d}"
    return NewPost(CHANNEL, ts, person.id, text, text, when)


def make_store(path: Path, people: Iterable[NewPerson], posts: Iterable[NewPost]) -> Store:
    """A store at ``path`` whose learning channel has ``people`` as members and ``posts``."""
    return fill(Store(path), people, posts)


def fill(store: Store, people: Iterable[NewPerson], posts: Iterable[NewPost]) -> Store:
    """Add ``people`` as members of the learning channel, and ``posts``, to ``store``; returns
    it."""
    people = list(people)
    store.add_people(people)
    store.set_members(CHANNEL, "learning-day", [p.id for p in people])
    store.add_posts(list(posts))
    return store
