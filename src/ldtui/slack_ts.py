"""The one home of Slack ``ts`` rules: check, read as a time, order, shift, make.

A Slack message timestamp (``ts``, e.g. ``"1445146852.000033"``) is the message's id in its
channel: seconds since the Unix epoch (UTC) with a fraction that keeps ids unique
(https://api.slack.com/messaging/retrieving#individual_messages). It stays a string: a float
holds about 16 significant digits and loses the last ones, so every rule here works on the
digits (integers and :class:`~decimal.Decimal`), never through ``float``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

__all__ = [
    "MAX_SECONDS",
    "TS_PATTERN",
    "before",
    "from_datetime",
    "is_ts",
    "problem",
    "shift",
    "sort_key",
    "to_datetime",
    "to_iso",
]

TS_PATTERN = re.compile(r"[0-9]{1,12}(\.[0-9]{1,16})?")
"""ASCII digits of the seconds, then optionally a dot and the fraction digits."""
MAX_SECONDS = 221845392000
"""Seconds of 9000-01-01 UTC: a ts at or after it is out of range (local dates and Learning
Days are computed from it, which needs room below datetime's year 9999)."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def problem(ts: Any) -> str | None:
    """Why ``ts`` is not a usable Slack message timestamp, or ``None`` when it is one.

    Usable: a string of digits with an optional fraction (``"1445146852.000033"``), from 1970
    up to the year 9000 (:data:`MAX_SECONDS`). Source: https://api.slack.com/events/message"""
    if not isinstance(ts, str):
        return f"ts is not a string: {_short(ts)}"
    if not TS_PATTERN.fullmatch(ts):
        return f"ts is not a Slack timestamp: {_short(ts)}"
    if int(ts.partition(".")[0]) >= MAX_SECONDS:
        return f"ts is out of range: {_short(ts)}"
    return None


def is_ts(value: Any) -> bool:
    """Whether ``value`` is a usable Slack ``ts`` string (see :func:`problem`)."""
    return problem(value) is None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def to_datetime(ts: str) -> datetime:
    """The aware UTC datetime of ``ts``, exact to the microsecond (digits past the sixth are
    dropped, never rounded). ``ts`` must pass :func:`problem`; raises ``ValueError`` for one
    that is not digits."""
    seconds, _, fraction = ts.partition(".")
    if not seconds.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError(f"not a Slack ts: {ts!r}")
    micros = int((fraction + "000000")[:6])
    return _EPOCH + timedelta(seconds=int(seconds), microseconds=micros)


def to_iso(ts: str) -> str:
    """The stored form of ``ts``'s time: ISO 8601 UTC with microseconds
    (``"2015-10-18T05:40:52.000033+00:00"``), the same text as
    ``to_datetime(ts).isoformat(timespec="microseconds")``, built from the digits (the date
    and hour once per hour). ``ts`` must pass :func:`problem`; raises ``ValueError`` for one that
    is not digits."""
    seconds, _, fraction = ts.partition(".")
    if not seconds.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError(f"not a Slack ts: {ts!r}")
    hours, rest = divmod(int(seconds), 3600)
    return _hour_prefix(hours) + _MINUTE_SECOND[rest] + (fraction + "000000")[:6] + "+00:00"


_MINUTE_SECOND = [f"{m:02d}:{s:02d}." for m in range(60) for s in range(60)]
"""``"MM:SS."`` of each second of an hour."""


@lru_cache(maxsize=8192)
def _hour_prefix(hours: int) -> str:
    """``"YYYY-MM-DDTHH:"`` of the UTC hour ``hours`` after 1970-01-01 00:00."""
    return (_EPOCH + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:")


def from_datetime(moment: datetime) -> str:
    """The ``ts`` of an aware datetime: whole seconds since the epoch, a dot and six digits of
    microseconds (``"1764244800.000100"``), built from the datetime's own integers (exact).

    Raises ``ValueError`` for a naive datetime or one before 1970."""
    if moment.tzinfo is None:
        raise ValueError("a Slack ts needs a timezone-aware datetime")
    micros = (moment - _EPOCH) // _MICRO
    if micros < 0:
        raise ValueError(f"a Slack ts cannot be before 1970: {moment.isoformat()}")
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def sort_key(ts: str) -> Decimal:
    """The exact number of ``ts``, to sort or compare by (``"9.5"`` before ``"10.1"``).

    Raises ``decimal.InvalidOperation`` for text that is not a number."""
    return Decimal(ts)


def before(a: str | None, b: str | None) -> bool:
    """Whether ``ts`` ``a`` is earlier than ``b``, compared exactly as decimal numbers; text
    order for values that are not numbers; ``False`` when either is ``None``."""
    if a is None or b is None:
        return False
    try:
        return Decimal(a) < Decimal(b)
    except (InvalidOperation, ValueError):
        return str(a) < str(b)


def shift(ts: str, zone: tzinfo, weeks: int) -> str:
    """Move ``ts`` by whole weeks of wall-clock time in ``zone``.

    The instant is read in ``zone``, ``weeks`` weeks (negative: back) are added to the local
    date-time (so the wall-clock time and weekday stay the same across DST changes), and the
    result is converted back to UTC. The fraction digits (which keep ids unique) are kept
    exactly. Raises ``ValueError`` if ``ts`` is not of the form ``digits[.digits]``."""
    seconds, _, fraction = ts.partition(".")
    if not seconds.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError(f"not a Slack ts: {ts!r}")
    local = (_EPOCH + timedelta(seconds=int(seconds))).astimezone(zone)
    wall = local.replace(tzinfo=None) + timedelta(weeks=weeks)
    moved = wall.replace(tzinfo=zone, fold=local.fold).astimezone(UTC)
    new_seconds = (moved - _EPOCH) // timedelta(seconds=1)
    return f"{new_seconds}.{fraction}" if fraction else str(new_seconds)
