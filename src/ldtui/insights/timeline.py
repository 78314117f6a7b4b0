"""One person's Learning Days over time: every Thursday's status, streaks, participation windows.

Plain Python over the store (no Textual, no SQL): :func:`timeline` reads one person's days with
intent-named store methods and applies the rules of :mod:`ldtui.insights.streaks` and
:mod:`ldtui.insights.topics`. :func:`day_closed` says when a Thursday is over for someone (the
Friday-noon grace window), which the signals and the history screen use too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from ldtui.insights.streaks import (
    ParticipationWindow,
    Status,
    participation_window,
    status_of,
    streaks,
)
from ldtui.insights.topics import TopicRules, count_topics
from ldtui.learning_day import thursdays_between

if TYPE_CHECKING:
    from ldtui.store import Store

WINDOWS = (4, 12, 52)
"""Sizes of a timeline's participation windows, in counted Thursdays (about a month, a
quarter and a year of Learning Days)."""


def day_closed(day: date, now: datetime, tz: tzinfo) -> bool:
    """Whether Learning Day ``day`` is over for someone in ``tz`` at ``now`` (aware): after the
    Friday-noon grace window (:mod:`ldtui.learning_day`). Until then a missing summary is not
    yet a miss."""
    return now >= datetime.combine(day + timedelta(days=1), time(12, 0), tzinfo=tz)


@dataclass
class TimelineWeek:
    """One Thursday of one person's timeline."""

    day: date
    status: Status
    plan: str | None = None
    plan_at: datetime | None = None
    """UTC."""
    summary: str | None = None
    summary_at: datetime | None = None
    """UTC."""
    away: str | None = None
    """Why they were away ("" if no reason given), or ``None``."""
    skipped: str | None = None
    """Why the Thursday was skipped, or ``None``."""
    in_progress: bool = False
    """The day is not over yet for them: not counted unless already complete."""
    topics: list[str] = field(default_factory=list)


@dataclass
class Timeline:
    """A person's Learning Days, newest first, with streaks and participation windows."""

    person_id: str
    name: str
    team: str | None
    tz_name: str | None
    weeks: list[TimelineWeek]
    """Newest first, from their first post (or the first Learning Day on record) to ``until``."""
    current_streak: int
    longest_streak: int
    windows: dict[int, ParticipationWindow]
    """Window size in counted Thursdays (:data:`WINDOWS`) -> the window over the last that many;
    empty when no Thursday is counted yet."""
    topic_counts: dict[str, int]
    """Topic id -> Thursdays whose posts carry it, in the order of
    :func:`ldtui.insights.topics.count_topics`."""


def tag_week(week: TimelineWeek, rules: TopicRules) -> list[str]:
    """Tag ``week`` with the topics of its plan and summary together (``rules.tag``), set
    them as its ``topics`` and return them ([] for a week without posts)."""
    text = " ".join(t for t in (week.plan, week.summary) if t)
    week.topics = rules.tag(text) if text else []
    return week.topics


def timeline(
    store: Store,
    person_id: str,
    *,
    until: date,
    now: datetime,
    rules: TopicRules,
    tag: bool = True,
) -> Timeline:
    """Build ``person_id``'s timeline up to Learning Day ``until`` at ``now`` (aware).

    Thursdays start at their first post (for someone who never posted: the first Learning Day
    on record). Away and skipped Thursdays are marked and do not count; the current Thursday
    counts only once complete or once over (Friday noon, their time). With ``tag=False`` the
    weeks are not tagged (their ``topics`` and ``topic_counts`` stay empty): tagging is most of
    the work (about a quarter of a millisecond a post), and a screen that shows the weeks a
    few at a time tags each with :func:`tag_week` as it shows it, then counts them with
    :func:`ldtui.insights.topics.count_topics`. Raises ``KeyError`` for an unknown person.
    """
    info = store.person(person_id)
    if info is None:
        raise KeyError(person_id)
    name, team, tz_name = info
    tz = store.zone_of(tz_name)
    posts = {row[0]: row for row in store.person_days(person_id)}
    days_on_record = store.learning_days()
    first = min(posts) if posts else (days_on_record[-1] if days_on_record else until)
    first = min(first, until)
    skips = store.skips()
    away_spans = [(f, last, r) for _, f, last, r in store.away_periods(person_id)]
    weeks: list[TimelineWeek] = []
    for day in reversed(thursdays_between(first, until)):
        _, plan_at, plan, summary_at, summary = posts.get(day, (day, None, None, None, None))
        away = next((r for f, last, r in away_spans if f <= day <= last), None)
        status = status_of(
            plan_at is not None, summary_at is not None, away is not None, day in skips
        )
        in_progress = status is not Status.BOTH and not day_closed(day, now, tz)
        week = TimelineWeek(
            day, status, plan, plan_at, summary, summary_at, away, skips.get(day), in_progress
        )
        if tag:
            tag_week(week, rules)
        weeks.append(week)
    counted = [w.status for w in weeks if not w.in_progress]
    current, longest = streaks(counted)
    return Timeline(
        person_id=person_id,
        name=name,
        team=team,
        tz_name=tz_name,
        weeks=list(reversed(weeks)),
        current_streak=current,
        longest_streak=longest,
        windows={n: participation_window(counted, n) for n in WINDOWS} if counted else {},
        topic_counts=count_topics(w.topics for w in weeks),
    )
