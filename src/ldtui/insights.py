"""What the history teaches: timelines, streaks, topic counts, signals, digests, exports.

Plain Python over the store (no Textual): each function gathers rows with intent-named store
methods and applies the pure rules of :mod:`ldtui.streaks`, :mod:`ldtui.topics`,
:mod:`ldtui.signals` and :mod:`ldtui.digest`. Topics and work-item signals are derived from the
text when asked for, never stored, so changing their rules in the config needs no re-import.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from ldtui.digest import Digest, DigestPerson
from ldtui.learning_day import PLAN, SUMMARY, thursdays_between
from ldtui.signals import MISSING_RUN_SIGNAL, Week, WorkPatterns, missing_run
from ldtui.store import RosterEntry, Store
from ldtui.streaks import Participation, Status, participation, status_of, streaks
from ldtui.topics import TopicRules

WINDOWS = (4, 12, 52)
"""Participation windows of a timeline, in counted Thursdays (issue 5)."""


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
    """A person's Learning Days, newest first, with streaks and participation."""

    person_id: str
    name: str
    team: str | None
    tz_name: str | None
    weeks: list[TimelineWeek]
    """Newest first, from their first post (or the first Learning Day on record) to ``until``."""
    current_streak: int
    longest_streak: int
    windows: dict[int, Participation]
    """Counted Thursdays -> participation over the last that many."""
    topic_counts: dict[str, int]
    """Topic id -> Thursdays whose posts carry it."""


def timeline(
    store: Store, person_id: str, *, until: date, now: datetime, rules: TopicRules
) -> Timeline:
    """Build ``person_id``'s timeline up to Learning Day ``until`` at ``now`` (aware).

    Thursdays start at their first post (for someone who never posted: the first Learning Day
    on record). Away and skipped Thursdays are marked and do not count; the current Thursday
    counts only once complete or once over (Friday noon, their time). Raises ``KeyError`` for
    an unknown person.
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
        text = " ".join(t for t in (plan, summary) if t)
        weeks.append(
            TimelineWeek(
                day,
                status,
                plan,
                plan_at,
                summary,
                summary_at,
                away,
                skips.get(day),
                in_progress,
                rules.tag(text) if text else [],
            )
        )
    counted = [w.status for w in weeks if not w.in_progress]
    current, longest = streaks(counted)
    topic_counts = Counter(t for w in weeks for t in w.topics)
    return Timeline(
        person_id=person_id,
        name=name,
        team=team,
        tz_name=tz_name,
        weeks=list(reversed(weeks)),
        current_streak=current,
        longest_streak=longest,
        windows={n: participation(counted, n) for n in WINDOWS} if counted else {},
        topic_counts=dict(topic_counts.most_common()),
    )


def topic_counts(store: Store, day: date, rules: TopicRules) -> dict[str, int]:
    """Topic id -> number of people whose posts for ``day`` carry it, most common first."""
    per_person: dict[str, set[str]] = {}
    for person_id, _, text in store.day_posts(day):
        per_person.setdefault(person_id, set()).update(rules.tag(text))
    return dict(Counter(t for topics in per_person.values() for t in topics).most_common())


@dataclass(frozen=True)
class Signal:
    """Something for the facilitator to look at (never an automatic judgement)."""

    kind: str
    """``plan-no-summary`` (the seed's "day off" risk), ``missing-run`` (several Thursdays in a
    row without a post) or ``work-items`` (a summary that mentions work: the "work day" risk)."""
    day: date
    person_id: str
    name: str
    detail: str
    """Human-readable: what was found (the matched work items, how many Thursdays...)."""


SIGNAL_LABELS = {
    "plan-no-summary": "Plan without summary",
    "missing-run": "Missing several Thursdays in a row",
    "work-items": "Summary mentions work items",
}


def signals(
    store: Store,
    days: list[date],
    *,
    now: datetime,
    patterns: WorkPatterns,
    team: str | None = None,
) -> list[Signal]:
    """Collect the signals of Learning Days ``days`` (any order), newest day first.

    Plan without summary counts only once the day is over for the person (Friday noon their
    time); missing runs are computed over the recorded Thursdays up to each day, away and
    skipped ones transparent (:func:`ldtui.signals.missing_run`), and reported from
    :data:`ldtui.signals.MISSING_RUN_SIGNAL` Thursdays on.
    """
    found: list[Signal] = []
    skips = store.skips()
    history = _History(store)  # read once for every day asked about
    for day in sorted(days, reverse=True):
        if day in skips:
            continue
        roster = store.roster(day, team=team)
        for entry in roster:
            if entry.plan_at and not entry.summary_at and day_closed(day, now, entry.tz):
                if entry.away is None:
                    found.append(
                        Signal("plan-no-summary", day, entry.id, entry.name, "planned, no summary")
                    )
            if entry.summary:
                hits = patterns.matches(entry.summary)
                if hits:
                    found.append(Signal("work-items", day, entry.id, entry.name, ", ".join(hits)))
        found.extend(_missing_runs(history, day, roster, skips))
    return found


class _History:
    """What missing runs need from the store, read once per :func:`signals` call: the
    Learning Days on record, everyone's first one, away periods by person, and each day's
    posters (read when first needed)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.days = store.learning_days()
        self.first = store.first_days()
        self.away: dict[str, list[tuple[date, date]]] = {}
        for person_id, first, last, _ in store.away_periods():
            self.away.setdefault(person_id, []).append((first, last))
        self._posters: dict[date, set[str]] = {}

    def posters(self, day: date) -> set[str]:
        if day not in self._posters:
            self._posters[day] = self.store.posters(day)
        return self._posters[day]


def _missing_runs(
    history: _History, day: date, roster: list[RosterEntry], skips: dict[date, str]
) -> list[Signal]:
    recent = [d for d in history.days if d <= day][: MISSING_RUN_SIGNAL * 3]
    if len(recent) < MISSING_RUN_SIGNAL:
        return []
    posted = {d: history.posters(d) for d in recent}
    result = []
    for entry in roster:
        if entry.deleted:
            continue
        weeks = []
        start = history.first.get(entry.id)  # Thursdays before a first post do not count
        spans = history.away.get(entry.id, ())
        for d in recent:
            if start is not None and d < start:
                continue
            mine = entry.id in posted[d]
            is_away = any(f <= d <= last for f, last in spans)
            weeks.append(Week(d, status_of(mine, mine, is_away, d in skips)))
        run = missing_run(weeks)
        if run >= MISSING_RUN_SIGNAL:
            result.append(
                Signal(
                    "missing-run",
                    day,
                    entry.id,
                    entry.name,
                    f"no post for {run} Thursdays in a row",
                )
            )
    return result


def build_digest(store: Store, day: date, rules: TopicRules, team: str | None = None) -> Digest:
    """Gather the digest of Learning Day ``day`` (see :mod:`ldtui.digest` for its rules)."""
    roster = store.roster(day, team=team)
    expected = [e for e in roster if e.expected]
    people = [
        DigestPerson(
            e.name,
            e.team,
            e.plan,
            e.summary,
            rules.tag(" ".join(t for t in (e.plan, e.summary) if t)),
        )
        for e in roster
        if e.plan or e.summary
    ]
    counts = Counter(t for p in people for t in p.topics)
    return Digest(
        day=day,
        roster=len(expected),
        plans=sum(1 for e in roster if e.plan_at),
        summaries=sum(1 for e in roster if e.summary_at),
        both=sum(1 for e in roster if e.plan_at and e.summary_at),
        people=people,
        topic_counts=dict(counts.most_common()),
        skipped_reason=store.skip_reason(day),
    )


EXPORT_FIELDS = [
    "day",
    "kind",
    "person_id",
    "name",
    "team",
    "tz",
    "posted_at_utc",
    "posted_at_local",
    "topics",
    "text",
    "channel_id",
    "ts",
]
"""Columns of ``ldtui export`` (CSV header, JSON keys)."""


def export_rows(store: Store, first: date, last: date, rules: TopicRules) -> list[dict[str, Any]]:
    """Every post counted for a Learning Day from ``first`` to ``last``: person, team, day,
    kind, UTC and local (author's zone) ISO 8601 times, topic tags, plain text."""
    rows = []
    for post in store.posts_between(first, last):
        posted = datetime.fromisoformat(post["posted_at"])
        local = posted.astimezone(store.zone_of(post["tz"]))
        rows.append(
            {
                "day": post["day"],
                "kind": post["kind"],
                "person_id": post["person_id"],
                "name": post["name"],
                "team": post["team"],
                "tz": post["tz"],
                "posted_at_utc": posted.isoformat(),
                "posted_at_local": local.isoformat(),
                "topics": ",".join(rules.tag(post["text_plain"])),
                "text": post["text_plain"],
                "channel_id": post["channel_id"],
                "ts": post["ts"],
            }
        )
    return rows


__all__ = [
    "EXPORT_FIELDS",
    "PLAN",
    "SIGNAL_LABELS",
    "SUMMARY",
    "WINDOWS",
    "Signal",
    "Timeline",
    "TimelineWeek",
    "build_digest",
    "day_closed",
    "export_rows",
    "signals",
    "timeline",
    "topic_counts",
]
