"""The Learning Day rules (the Learning Day article): zones either side of the date line, non-hour
offsets, a DST week, grace windows to the minute, markers, and independence from the machine TZ."""

from __future__ import annotations

import os
import subprocess
import sys
import time as time_module
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldtui import slack_ts
from ldtui.learning_day import (
    DEFAULT_MARKERS,
    PLAN,
    SUMMARY,
    Classification,
    Markers,
    TsClassifier,
    classify,
    classify_ts,
    current_learning_day,
    due_kind,
    learning_day_on_or_before,
    plan_and_summary,
    thursdays_between,
    zone,
)

THU = date(2026, 11, 26)


def at(tz: str, y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    """A UTC instant given as local wall time in ``tz``."""
    return datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(tz)).astimezone(UTC)


@pytest.mark.parametrize(
    ("tz", "local", "expected"),
    [
        # Kiritimati is UTC+14: Thursday 09:00 local is Wednesday 19:00 UTC.
        ("Pacific/Kiritimati", (2026, 11, 26, 9, 0), Classification(THU, PLAN)),
        ("Pacific/Kiritimati", (2026, 11, 26, 15, 0), Classification(THU, SUMMARY)),
        # Pago Pago is UTC-11: Thursday 20:00 local is Friday 07:00 UTC.
        ("Pacific/Pago_Pago", (2026, 11, 26, 20, 0), Classification(THU, SUMMARY)),
        ("Pacific/Pago_Pago", (2026, 11, 26, 8, 0), Classification(THU, PLAN)),
        # Non-hour offsets: Kathmandu +05:45, St John's -03:30 (-02:30 in summer).
        ("Asia/Kathmandu", (2026, 11, 26, 11, 59), Classification(THU, PLAN)),
        ("Asia/Kathmandu", (2026, 11, 26, 12, 0), Classification(THU, SUMMARY)),
        ("America/St_Johns", (2026, 11, 26, 11, 59), Classification(THU, PLAN)),
        ("America/St_Johns", (2026, 11, 26, 12, 0), Classification(THU, SUMMARY)),
    ],
)
def test_zones_either_side_of_the_date_line_and_odd_offsets(tz, local, expected):
    assert classify(at(tz, *local), ZoneInfo(tz), "learning things") == expected


def test_the_same_utc_instant_is_a_different_day_either_side_of_the_date_line():
    instant = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)  # Thu 22:00 UTC
    # Kiritimati: Friday 12:00 local -> no Learning Day (grace ends before 12:00).
    assert classify(instant, ZoneInfo("Pacific/Kiritimati"), "x") is None
    # One minute earlier it is Friday 11:59 there: a summary for Thursday.
    assert classify(instant - timedelta(minutes=1), ZoneInfo("Pacific/Kiritimati"), "x") == (
        Classification(THU, SUMMARY)
    )
    # Pago Pago: Thursday 11:00 local -> a plan.
    assert classify(instant, ZoneInfo("Pacific/Pago_Pago"), "x") == Classification(THU, PLAN)


def test_dst_change_week_in_new_york():
    # DST ended on Sunday 2026-11-01; the Thursdays either side have different UTC offsets.
    ny = ZoneInfo("America/New_York")
    before, after = date(2026, 10, 29), date(2026, 11, 5)
    # 11:30 EDT (15:30 UTC) and 11:30 EST (16:30 UTC) are both plans.
    assert classify(datetime(2026, 10, 29, 15, 30, tzinfo=UTC), ny, "x") == Classification(
        before, PLAN
    )
    assert classify(datetime(2026, 11, 5, 16, 30, tzinfo=UTC), ny, "x") == Classification(
        after, PLAN
    )
    # 16:30 UTC was 12:30 EDT the week before: a summary.
    assert classify(datetime(2026, 10, 29, 16, 30, tzinfo=UTC), ny, "x") == Classification(
        before, SUMMARY
    )
    # Spring forward 2027-03-14: Thursday 2027-03-11 noon is 17:00 UTC, the next one 16:00 UTC.
    assert classify(datetime(2027, 3, 11, 16, 59, tzinfo=UTC), ny, "x").kind == PLAN
    assert classify(datetime(2027, 3, 18, 16, 0, tzinfo=UTC), ny, "x").kind == SUMMARY


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ((2026, 11, 25, 17, 59), None),  # Wednesday before 18:00: no Learning Day
        ((2026, 11, 25, 18, 0), Classification(THU, PLAN)),  # Wednesday from 18:00: grace plan
        ((2026, 11, 25, 23, 59), Classification(THU, PLAN)),
        ((2026, 11, 26, 0, 0), Classification(THU, PLAN)),
        ((2026, 11, 26, 11, 59), Classification(THU, PLAN)),
        ((2026, 11, 26, 12, 0), Classification(THU, SUMMARY)),
        ((2026, 11, 26, 23, 59), Classification(THU, SUMMARY)),
        ((2026, 11, 27, 0, 0), Classification(THU, SUMMARY)),  # Friday morning: grace summary
        ((2026, 11, 27, 11, 59), Classification(THU, SUMMARY)),
        ((2026, 11, 27, 12, 0), None),  # Friday from 12:00: nothing
        ((2026, 11, 24, 9, 0), None),  # Tuesday
    ],
)
def test_grace_boundaries_to_the_minute(local, expected):
    tz = "Asia/Kathmandu"
    assert classify(at(tz, *local), ZoneInfo(tz), "") == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("plan: read the Raft paper", PLAN),
        ("PLAN: read", PLAN),
        ("#plan finish MAML", PLAN),
        ("  *Plan:* bold in Slack", PLAN),
        ("summary: done", SUMMARY),
        ("#Summary done", SUMMARY),
        ("TIL: StatefulSets keep identity", SUMMARY),
        ("#til attention", SUMMARY),
        ("#planning is not a marker", None),
        ("my plan: not at the start", None),
    ],
)
def test_markers(text, kind):
    assert DEFAULT_MARKERS.kind_of(text) == kind


def test_marker_wins_over_the_clock_and_in_grace_windows():
    tz = ZoneInfo("Europe/Berlin")
    afternoon = at("Europe/Berlin", 2026, 11, 26, 15)
    assert classify(afternoon, tz, "plan: late plan").kind == PLAN
    morning = at("Europe/Berlin", 2026, 11, 26, 9)
    assert classify(morning, tz, "TIL: early summary").kind == SUMMARY
    wednesday = at("Europe/Berlin", 2026, 11, 25, 20)
    assert classify(wednesday, tz, "summary: a summary on Wednesday night") == Classification(
        THU, SUMMARY
    )
    friday = at("Europe/Berlin", 2026, 11, 27, 9)
    assert classify(friday, tz, "#plan oops") == Classification(THU, PLAN)


def test_configured_markers():
    markers = Markers(plan=("heute:",), summary=("gelernt:",))
    tz = ZoneInfo("Europe/Berlin")
    assert classify(at("Europe/Berlin", 2026, 11, 26, 15), tz, "Heute: x", markers).kind == PLAN
    assert classify(at("Europe/Berlin", 2026, 11, 26, 9), tz, "plan: x", markers).kind == PLAN


def test_unknown_or_missing_zone_uses_the_default_never_the_machine():
    assert zone(None, "UTC") == ZoneInfo("UTC")
    assert zone("", "Asia/Tokyo") == ZoneInfo("Asia/Tokyo")
    assert zone("Mars/Olympus_Mons", "UTC") == ZoneInfo("UTC")
    assert zone("Europe/Paris") == ZoneInfo("Europe/Paris")


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        classify(datetime(2026, 11, 26, 9), ZoneInfo("UTC"), "x")  # noqa: DTZ001


def test_earliest_plan_and_latest_summary():
    t = datetime(2026, 11, 26, 9, tzinfo=UTC)
    posts = [
        (t + timedelta(hours=1), PLAN, "second plan"),
        (t, PLAN, "first plan"),
        (t + timedelta(hours=6), SUMMARY, "first summary"),
        (t + timedelta(hours=8), SUMMARY, "last summary"),
    ]
    assert plan_and_summary(posts) == ("first plan", "last summary")
    assert plan_and_summary([]) == (None, None)


def test_which_thursday_the_console_opens_on():
    assert learning_day_on_or_before(date(2026, 11, 26)) == THU
    assert learning_day_on_or_before(date(2026, 11, 29)) == THU
    assert learning_day_on_or_before(date(2026, 11, 25)) == date(2026, 11, 19)
    # Friday 01:00 in Auckland is still Thursday in UTC.
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert current_learning_day(now, ZoneInfo("Pacific/Auckland")) == THU
    assert current_learning_day(now, ZoneInfo("UTC")) == THU


def test_due_kind_switches_at_local_noon():
    tz = ZoneInfo("America/St_Johns")
    before = at("America/St_Johns", 2026, 11, 26, 11, 59)
    noon = at("America/St_Johns", 2026, 11, 26, 12, 0)
    assert due_kind(before, tz, THU, False, False) == PLAN
    assert due_kind(before, tz, THU, True, False) is None
    assert due_kind(noon, tz, THU, True, False) == SUMMARY
    assert due_kind(noon, tz, THU, False, False) == SUMMARY
    assert due_kind(noon, tz, THU, True, True) is None


def test_thursdays_between():
    assert thursdays_between(date(2026, 11, 1), date(2026, 11, 30)) == [
        date(2026, 11, 26),
        date(2026, 11, 19),
        date(2026, 11, 12),
        date(2026, 11, 5),
    ]


_SCRIPT = """
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
from ldtui.learning_day import classify, zone
cases = [
    (datetime(2026, 11, 26, 22, 0, tzinfo=timezone.utc), None),
    (datetime(2026, 11, 26, 22, 0, tzinfo=timezone.utc), "Pacific/Kiritimati"),
    (datetime(2026, 11, 25, 19, 0, tzinfo=timezone.utc), "Pacific/Pago_Pago"),
    (datetime(2026, 11, 26, 6, 15, tzinfo=timezone.utc), "Asia/Kathmandu"),
]
for instant, tz in cases:
    print(classify(instant, zone(tz, "UTC"), "x"))
"""


@pytest.mark.skipif(not hasattr(time_module, "tzset"), reason="needs time.tzset")
def test_same_results_whatever_the_machine_tz():
    outputs = set()
    for machine_tz in ("UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kathmandu"):
        env = dict(os.environ, TZ=machine_tz)
        out = subprocess.run(
            [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(out.stdout)
    assert len(outputs) == 1
    assert "None" in next(iter(outputs))


# Zones with daylight saving, half- and quarter-hour offsets, an offset in seconds (Monrovia
# until 1972), a date-line jump (Apia 2011) and a 30-minute DST (Lord Howe).
ODD_ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kathmandu",
    "Africa/Monrovia",
    "Pacific/Apia",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Pacific/Kiritimati",
]


@given(
    st.sampled_from(ODD_ZONES),
    st.one_of(st.integers(0, 2_100_000_000), st.integers(0, slack_ts.MAX_SECONDS - 1)),
    st.integers(0, 999_999),
    st.sampled_from(["Plan: rust", "til: sqlite", "notes", "#planning"]),
)
def test_classify_from_the_ts_seconds_is_classify(
    name: str, seconds: int, micros: int, text: str
) -> None:
    tz = zone(name)
    ts = f"{seconds}.{micros:06d}"
    found = classify(slack_ts.to_datetime(ts), tz, text)
    expected = (found.day.isoformat(), found.kind) if found else None
    assert classify_ts(seconds, tz, text) == expected


def test_classify_from_the_ts_seconds_across_a_dst_change() -> None:
    berlin = zone("Europe/Berlin")
    # 2026-03-29 01:00 UTC Berlin moves from +01:00 to +02:00; every 7 minutes of that week.
    start = int(datetime(2026, 3, 25, tzinfo=UTC).timestamp())
    for seconds in range(start, start + 7 * 86400, 420):
        found = classify(slack_ts.to_datetime(f"{seconds}.999999"), berlin, "x")
        expected = (found.day.isoformat(), found.kind) if found else None
        assert classify_ts(seconds, berlin, "x") == expected


SHARED = TsClassifier(limit=500)  # shared by the examples: answers come from what it remembers


@given(
    st.sampled_from(ODD_ZONES),
    st.one_of(st.integers(0, 2_100_000_000), st.integers(0, slack_ts.MAX_SECONDS - 1)),
    st.sampled_from(["Plan: rust", "til: sqlite", "notes", "#planning"]),
)
def test_the_ts_classifier_is_classify_ts(name: str, seconds: int, text: str) -> None:
    tz = zone(name)
    assert SHARED(seconds, tz, text) == classify_ts(seconds, tz, text)
    assert SHARED(seconds, tz, text) == classify_ts(seconds, tz, text)  # remembered


def test_the_ts_classifier_every_hour_of_years_with_odd_changes() -> None:
    classify_many = TsClassifier(Markers(plan=("todo:",), summary=()))
    for name in ODD_ZONES:
        tz = zone(name)
        for year in (1971, 2011, 2026):
            start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
            for seconds in range(start, start + 366 * 86400, 3607):  # drifts 7 s an hour
                for text in ("todo: x", "x"):
                    expected = classify_ts(seconds, tz, text, classify_many.markers)
                    assert classify_many(seconds, tz, text) == expected, (name, seconds)
