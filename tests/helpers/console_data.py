"""A small, exact roster for console tests: five people in five zones, two Thursdays.

Clock: Thursday 2026-11-26 15:00 UTC. Names and posts hold markup-looking text on purpose.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ldtui import slack_ts
from ldtui.records import NewPerson, NewPost
from ldtui.store import Store

THU = date(2026, 11, 26)
PREV = date(2026, 11, 19)
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
CHANNEL = "C0LEARN01"

PEOPLE = [
    NewPerson("U1ADA", "Ada Lovelace", "Europe/London"),
    NewPerson("U2GRACE", "Grace [/]Hopper & <Co>", "America/New_York"),
    NewPerson("U3KAI", "Kai [bold]Tanaka[/bold]", "Asia/Tokyo"),
    NewPerson("U4PRIYA", "Priya Shah", "Asia/Kolkata"),
    NewPerson("U5BOT", "standup-bot", None, is_bot=True),
    NewPerson("U6GONE", "Old Account", "UTC", deleted=True),
]


def local(tz: str, y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    """A UTC instant given as wall time in ``tz``."""
    return datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def _post(person: str, when: datetime, text: str) -> NewPost:
    ts = slack_ts.from_datetime(when)
    return NewPost(CHANNEL, ts, person, text, text, when)


POSTS = [
    # This Thursday (2026-11-26)
    _post("U1ADA", local("Europe/London", 2026, 11, 26, 9, 10), "Plan: reimplement MAML"),
    _post("U3KAI", local("Asia/Tokyo", 2026, 11, 26, 9, 0), "Read the Raft paper [bold]x[/bold]"),
    _post(
        "U3KAI",
        local("Asia/Tokyo", 2026, 11, 26, 17, 30),
        "Raft: leader election clicked. [link=http://x]not a link[/link] and [/",
    ),
    # The Thursday before (2026-11-19)
    _post("U1ADA", local("Europe/London", 2026, 11, 19, 9, 0), "Plan: linear algebra ch. 3"),
    _post("U1ADA", local("Europe/London", 2026, 11, 19, 17, 0), "Did eigenvalues, finally"),
    _post("U4PRIYA", local("Asia/Kolkata", 2026, 11, 18, 19, 0), "#plan Rust ownership"),
    _post("U4PRIYA", local("Asia/Kolkata", 2026, 11, 20, 10, 0), "TIL lifetimes"),
]


def build_store(path: Path) -> Store:
    """Create the store at ``path`` with the people and posts above."""
    return fill(Store(path))


def fill(store: Store) -> Store:
    """Add the people above (members of the learning channel) and their posts to ``store``;
    returns it."""
    store.add_people(PEOPLE)
    store.set_members(CHANNEL, "learning-day", [p.id for p in PEOPLE])
    store.add_posts(POSTS)
    return store
