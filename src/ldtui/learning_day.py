"""Learning Day rules: which Thursday a post belongs to, plan or summary, who is missing.

Plain Python, no Textual and no SQL. The rules rest on the Learning Day article ("each
Thursday is Learning Day ... Please write what you are planning to learn, and please write
summaries"); the times below are how ldtui reads it for people in many time zones:

* A post's local time is its UTC time in its author's IANA time zone; a person with no or an
  unknown zone uses the configured default zone, never the machine's own zone.
* Kind: an explicit marker at the start of the text wins (case-insensitive); otherwise on a
  Thursday a post before 12:00 local is a plan, from 12:00 a summary.
* Grace: a post on Wednesday from 18:00 local is a plan for the next day; a post on Friday before
  12:00 local is a summary for the day before (a marker still decides the kind). Posts on other
  days belong to no Learning Day.
* A person's plan for a Thursday is their earliest plan post; their summary their latest summary
  (:func:`plan_and_summary`; the store keeps the same rule in SQL,
  :func:`ldtui.store.derived.chosen_post_sql`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cached_property
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from dateutil.relativedelta import TH, relativedelta

Kind = Literal["plan", "summary"]
PLAN: Kind = "plan"
SUMMARY: Kind = "summary"
KINDS: tuple[Kind, Kind] = (PLAN, SUMMARY)

THURSDAY = 3
"""``date.weekday()`` of Thursday, the Learning Day (the Learning Day article: "Learning Day
happens each Thursday")."""
NOON = time(12, 0)
"""Local time that splits plans (before) from summaries (from) on a Thursday."""
GRACE_EVENING = time(18, 0)
"""From this local time on a Wednesday, a post is a plan for the next day."""

UTC = ZoneInfo("UTC")


class Markers(msgspec.Struct, frozen=True, dict=True):
    """Text prefixes that mark a post's kind explicitly; compared case-insensitively.

    A marker counts only at the start of the text (after spaces and Slack emphasis ``*_~``),
    and a marker that ends in a letter (``#plan``) must not run on into a longer word
    (``#planning`` is not a marker).
    """

    plan: tuple[str, ...] = ("plan:", "#plan")
    """Markers of a plan."""
    summary: tuple[str, ...] = ("summary:", "#summary", "til:", "#til")
    """Markers of a summary ("til" = today I learned)."""

    @cached_property
    def _head_length(self) -> int:
        """How many leading characters :meth:`kind_of` needs: the longest marker and the
        character after it (one more, in case lower-casing looks at its neighbour)."""
        return max(map(len, (*self.plan, *self.summary)), default=0) + 2

    @cached_property
    def _first_chars(self) -> frozenset[str] | None:
        """The first character of every marker: a text whose head starts with none of them
        has no marker (most posts), decided without trying each one. ``None`` when a marker
        is empty (it matches every text)."""
        markers = (*self.plan, *self.summary)
        return None if "" in markers else frozenset(m[:1] for m in markers)

    def kind_of(self, text: str) -> Kind | None:
        """Return the kind the text's leading marker names, or ``None`` if it has none."""
        # Only the first characters can hold a marker: lower-case those, not the whole post.
        head = text.lstrip().lstrip("*_~ \t")[: self._head_length].lower()
        firsts = self._first_chars
        if firsts is not None and head[:1] not in firsts:
            return None
        for kind, markers in ((PLAN, self.plan), (SUMMARY, self.summary)):
            for marker in markers:
                if head.startswith(marker):
                    rest = head[len(marker) : len(marker) + 1]
                    if marker[-1].isalnum() and (rest.isalnum() or rest == "_"):
                        continue
                    return kind
        return None


DEFAULT_MARKERS = Markers()


class Classification(msgspec.Struct, frozen=True):
    """Where a post counts: the Learning Day (a local Thursday date) and the kind."""

    day: date
    """The Thursday the post belongs to (a date in the author's local calendar)."""
    kind: Kind
    """``"plan"`` or ``"summary"``."""


def zone(name: str | None, default: str = "UTC") -> tzinfo:
    """Return the IANA zone ``name``, or the zone ``default`` if ``name`` is empty or unknown.

    Never falls back to the machine's own zone. Raises ``ZoneInfoNotFoundError`` only if
    ``default`` itself is not a zone (config loading checks that first).
    """
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    return ZoneInfo(default)


def zone_known(name: str) -> bool:
    """Whether ``name`` is an IANA zone this machine's tz database knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone_description(name: str | None, default: str = "UTC") -> str:
    """The zone a person is classified in, said truthfully: ``Europe/Berlin``;
    ``America/Bogus (unknown; using UTC)`` for a name the tz database does not know (with
    the actual ``default``); ``UTC (default)`` when the person has none."""
    if not name:
        return f"{default} (default)"
    if not zone_known(name):
        return f"{name} (unknown; using {default})"
    return name


def classify(
    posted_at: datetime, tz: tzinfo, text: str, markers: Markers = DEFAULT_MARKERS
) -> Classification | None:
    """Decide which Learning Day a post belongs to and whether it is a plan or a summary.

    ``posted_at`` is an aware datetime (normally UTC, from the Slack ``ts``); ``tz`` is the
    author's zone (see :func:`zone`). Returns ``None`` for posts outside Thursday and its grace
    windows (Wednesday from 18:00, Friday before 12:00, both local). Raises ``ValueError`` for a
    naive ``posted_at``.
    """
    if posted_at.tzinfo is None:
        raise ValueError("posted_at must be timezone-aware")
    local = posted_at.astimezone(tz)
    weekday = local.weekday()
    if weekday < THURSDAY - 1 or weekday > THURSDAY + 1:
        return None  # most of the week: no marker to read
    # NOON and GRACE_EVENING are whole hours: comparing the hour is comparing the clock.
    hour = local.hour
    if weekday == THURSDAY:
        marked = markers.kind_of(text)
        return Classification(local.date(), marked or (PLAN if hour < NOON.hour else SUMMARY))
    if weekday == THURSDAY - 1 and hour >= GRACE_EVENING.hour:
        return Classification(local.date() + timedelta(days=1), markers.kind_of(text) or PLAN)
    if weekday == THURSDAY + 1 and hour < NOON.hour:
        return Classification(local.date() - timedelta(days=1), markers.kind_of(text) or SUMMARY)
    return None


def classify_ts(
    seconds: int, tz: tzinfo, text: str, markers: Markers = DEFAULT_MARKERS
) -> tuple[str, Kind] | None:
    """:func:`classify` for a post at ``seconds`` (whole seconds of its UTC time, the part
    of a Slack ``ts`` before the dot) by an author in zone ``tz``: the Learning Day as ISO
    text (``"2024-12-05"``) and the kind, or ``None``; the same answer as
    ``classify(slack_ts.to_datetime(ts), tz, text, markers)`` (a property test checks) with
    one local time per post and no UTC datetime. The fraction of a second never changes a
    local date or hour: zone offsets are whole seconds."""
    local = datetime.fromtimestamp(seconds, tz)
    weekday = local.weekday()
    if weekday < THURSDAY - 1 or weekday > THURSDAY + 1:
        return None
    hour = local.hour
    if weekday == THURSDAY:
        marked = markers.kind_of(text)
        return local.date().isoformat(), marked or (PLAN if hour < NOON.hour else SUMMARY)
    if weekday == THURSDAY - 1 and hour >= GRACE_EVENING.hour:
        return (local.date() + _DAY).isoformat(), markers.kind_of(text) or PLAN
    if weekday == THURSDAY + 1 and hour < NOON.hour:
        return (local.date() - _DAY).isoformat(), markers.kind_of(text) or SUMMARY
    return None


_DAY = timedelta(days=1)
_EPOCH_DAY = date(1970, 1, 1)
_EPOCH_WEEKDAY = _EPOCH_DAY.weekday()
_DAY_SECONDS = 86400


class TsClassifier:
    """:func:`classify_ts` for many posts, with ``markers``: the same answers, with each
    zone's UTC offset looked up once per zone and UTC day instead of a local datetime per
    post (a property test checks). A day whose offset is the same at its first and last
    second has no zone transition in it (the tz database has none less than two days apart
    since 1970), so every second of it has that offset; a day with a transition goes through
    :func:`classify_ts`. Remembers at most ``limit`` zone-days (then starts afresh)."""

    def __init__(self, markers: Markers = DEFAULT_MARKERS, limit: int = 100_000) -> None:
        self.markers = markers
        self._limit = limit
        self._offsets: dict[tuple[tzinfo, int], int] = {}
        self._dates: dict[int, str] = {}

    def _offset(self, tz: tzinfo, day: int) -> int | None:
        """The offset of ``tz`` in seconds all through UTC day ``day`` (days since
        1970-01-01), or ``None`` when it changes that day."""
        start = datetime.fromtimestamp(day * _DAY_SECONDS, tz).utcoffset()
        end = datetime.fromtimestamp(day * _DAY_SECONDS + _DAY_SECONDS - 1, tz).utcoffset()
        if start is None or start != end:
            return None
        if len(self._offsets) >= self._limit:
            self._offsets.clear()
        offset = self._offsets[tz, day] = int(start.total_seconds())
        return offset

    def _date(self, day: int) -> str:
        """ISO text of the date ``day`` days after 1970-01-01."""
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = (_EPOCH_DAY + timedelta(days=day)).isoformat()
        return text

    def __call__(self, seconds: int, tz: tzinfo, text: str) -> tuple[str, Kind] | None:
        """``classify_ts(seconds, tz, text, self.markers)``."""
        key = (tz, seconds // _DAY_SECONDS)
        offset = self._offsets.get(key)
        if offset is None:
            offset = self._offset(tz, key[1])
            if offset is None:
                return classify_ts(seconds, tz, text, self.markers)
        day, rest = divmod(seconds + offset, _DAY_SECONDS)
        weekday = (day + _EPOCH_WEEKDAY) % 7
        if weekday < THURSDAY - 1 or weekday > THURSDAY + 1:
            return None
        hour = rest // 3600
        if weekday == THURSDAY:
            marked = self.markers.kind_of(text)
            return self._date(day), marked or (PLAN if hour < NOON.hour else SUMMARY)
        if weekday == THURSDAY - 1 and hour >= GRACE_EVENING.hour:
            return self._date(day + 1), self.markers.kind_of(text) or PLAN
        if weekday == THURSDAY + 1 and hour < NOON.hour:
            return self._date(day - 1), self.markers.kind_of(text) or SUMMARY
        return None


def learning_day_on_or_before(day: date) -> date:
    """Return the Thursday on or before ``day`` (``day`` itself when it is a Thursday)."""
    result: date = day + relativedelta(weekday=TH(-1))
    return result


def current_learning_day(now: datetime, tz: tzinfo) -> date:
    """Return the Learning Day the console opens on: today in ``tz`` if it is a Thursday, else
    the most recent past Thursday. ``now`` is aware (UTC); ``tz`` is the facilitator's zone."""
    return learning_day_on_or_before(now.astimezone(tz).date())


def local_noon(day: date, tz: tzinfo) -> datetime:
    """Return 12:00 on ``day`` in ``tz`` as an aware datetime."""
    return datetime.combine(day, NOON, tzinfo=tz)


def day_closed(day: date, now: datetime, tz: tzinfo) -> bool:
    """Whether Learning Day ``day`` is over for someone in ``tz`` at ``now`` (aware): after the
    Friday-noon grace window (the grace rule above). Until then a missing summary is not yet a
    miss. The console's first frame needs this, so it lives here rather than in
    :mod:`ldtui.insights` (whose topic rules take long to compile)."""
    return now >= local_noon(day + timedelta(days=1), tz)


def due_kind(
    now: datetime, tz: tzinfo, day: date, has_plan: bool, has_summary: bool
) -> Kind | None:
    """Return what a person should be nudged for on Learning Day ``day``, or ``None``.

    Before 12:00 on ``day`` in the person's zone ``tz``, a missing plan is due; from 12:00 on,
    a missing summary is due (a person who never posted a plan is then asked for a summary:
    the Learning Day article rests accountability on it, "post in Slack what they learned
    that day"). ``now`` is aware (UTC).
    """
    if now < local_noon(day, tz):
        return None if has_plan else PLAN
    return None if has_summary else SUMMARY


P = TypeVar("P")


def plan_and_summary(
    posts: Iterable[tuple[datetime, Kind, P]],
) -> tuple[P | None, P | None]:
    """Pick a person's plan and summary for one Learning Day from their classified posts.

    ``posts`` yields ``(posted_at, kind, post)`` tuples (aware datetimes). Returns the payload of
    the earliest plan and of the latest summary (``None`` where there is none); of two at the
    same time, the first plan and the last summary given.

    The reference form of the rule: the store applies it in SQL
    (:func:`ldtui.store.derived.chosen_post_sql`, ties broken by ``ts``) and the tests check the
    two agree.
    """
    plan: tuple[datetime, P] | None = None
    summary: tuple[datetime, P] | None = None
    for posted_at, kind, post in posts:
        if kind == PLAN and (plan is None or posted_at < plan[0]):
            plan = (posted_at, post)
        elif kind == SUMMARY and (summary is None or posted_at >= summary[0]):
            summary = (posted_at, post)
    return (plan[1] if plan else None, summary[1] if summary else None)


def thursdays_between(first: date, last: date) -> list[date]:
    """Return every Thursday from ``first`` to ``last`` inclusive, newest first (calendar
    dates: the first Thursday on or after ``first``, then every seventh day)."""
    start = first + timedelta(days=(THURSDAY - first.weekday()) % 7)
    if start > last:
        return []
    return [start + timedelta(weeks=n) for n in range((last - start).days // 7, -1, -1)]


def parse_clock(text: str) -> time:
    """Return the wall-clock time ``"HH:MM"`` names (``"10:30"``; ``"24:00"`` is not a
    time, see :meth:`QuietHours.parse`). Raises ``ValueError`` naming the text otherwise."""
    try:
        hours, minutes = text.strip().split(":")
        if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
            raise ValueError
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"{text!r} is not a time of day as HH:MM (e.g. 10:30)") from None


class QuietHours(msgspec.Struct, frozen=True):
    """The local hours in which a person may be nudged; the rest of their day is quiet.

    Read from ``quiet_hours = "08:00-20:00"`` (start inclusive, end exclusive, in each
    person's own zone). A start after the end wraps midnight (``"22:00-06:00"``);
    ``"00:00-24:00"`` allows every hour. The rule follows what users of check-in bots ask for:
    no mention in the middle of someone's night (standup-raven #374, 18F standup-slack-bot
    #101, comedian #255).
    """

    start: time = time(8, 0)
    """First local minute a nudge may go out."""
    end: time | None = time(20, 0)
    """First local minute it may not (``None``: midnight at the end of the day, ``24:00``)."""

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """Read ``"HH:MM-HH:MM"``; raises ``ValueError`` naming the text when it is not that,
        or when both ends are equal (which would allow no hour at all)."""
        first, sep, last = text.partition("-")
        if not sep:
            raise ValueError(f"{text!r} is not a range of local hours as HH:MM-HH:MM")
        try:
            start = parse_clock(first)
            end = None if last.strip() == "24:00" else parse_clock(last)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a range of local hours as HH:MM-HH:MM") from exc
        if end == start:
            raise ValueError(f"{text!r} allows no hour at all (start and end are equal)")
        return cls(start, end)

    def allows(self, local: time) -> bool:
        """Whether a person whose wall clock shows ``local`` may be nudged."""
        if self.end is None:
            return local >= self.start
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def __str__(self) -> str:
        end = "24:00" if self.end is None else f"{self.end:%H:%M}"
        return f"{self.start:%H:%M}-{end}"


def quiet_reason(now: datetime, tz: tzinfo, quiet: QuietHours) -> str | None:
    """Why a person in ``tz`` may not be nudged at ``now`` (aware), or ``None`` when they may:
    ``"outside quiet hours (local 22:10)"``."""
    local = now.astimezone(tz)
    if quiet.allows(local.time()):
        return None
    return f"outside quiet hours (local {local:%H:%M})"


def nudge_window(day: date, kind: Kind, at: time, tz: tzinfo) -> tuple[datetime, datetime]:
    """Return the aware span ``[start, end)`` in which a scheduled ``kind`` nudge for
    Learning Day ``day`` may reach a person in ``tz``: from ``at`` on their own Thursday until
    their post would no longer count as that kind without a marker (see :func:`classify`):
    a plan until 12:00 that Thursday, a summary until 12:00 the Friday after (the grace)."""
    start = datetime.combine(day, at, tzinfo=tz)
    end = local_noon(day, tz) if kind == PLAN else local_noon(day + timedelta(days=1), tz)
    return start, end


def scheduled_day(now: datetime) -> date | None:
    """Return the Learning Day a scheduled nudge at ``now`` (aware) can concern, or ``None``.

    Every zone is within 14 hours of UTC, so a person's Thursday (and its Friday grace, when a
    summary still counts) lies between the UTC dates two days before and one day after
    ``now``'s UTC date; at most one Thursday falls in that span."""
    today = now.astimezone(UTC).date()
    for offset in (-2, -1, 0, 1):
        candidate = today + timedelta(days=offset)
        if candidate.weekday() == THURSDAY:
            return candidate
    return None
