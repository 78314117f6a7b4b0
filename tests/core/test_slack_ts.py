"""Slack ``ts`` rules: checked, read as UTC, ordered, shifted and made exactly (never via
float)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldtui import slack_ts

MOMENTS = st.datetimes(
    min_value=datetime(1970, 1, 1),  # noqa: DTZ001 - Hypothesis bounds are naive
    max_value=datetime(8999, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
TS = st.builds(
    lambda seconds, fraction: f"{seconds}.{fraction}",
    st.integers(0, slack_ts.MAX_SECONDS - 1),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1445146852.000033", None),
        ("1445146852", None),
        (1445146852.000033, "ts is not a string"),
        ("1445146852.", "ts is not a Slack timestamp"),
        ("-1.000000", "ts is not a Slack timestamp"),
        ("1445146852.00003\u0663", "ts is not a Slack timestamp"),  # a non-ASCII digit
        ("221845392000.000000", "ts is out of range"),
    ],
)
def test_problem_names_what_is_wrong(value: object, problem: str | None) -> None:
    found = slack_ts.problem(value)
    assert (found is None) if problem is None else (found or "").startswith(problem)
    assert slack_ts.is_ts(value) == (problem is None)


def test_read_and_made_from_the_digits() -> None:
    ts = "1764244800.123457"
    assert slack_ts.to_datetime(ts) == datetime(2025, 11, 27, 12, 0, 0, 123457, tzinfo=UTC)
    assert slack_ts.from_datetime(slack_ts.to_datetime(ts)) == ts


def test_make_from_a_zoned_datetime_is_its_utc_instant() -> None:
    oslo = datetime(2026, 11, 26, 9, 30, 0, 250, tzinfo=ZoneInfo("Europe/Oslo"))
    assert slack_ts.from_datetime(oslo) == f"{int(oslo.timestamp())}.000250"
    with pytest.raises(ValueError):
        slack_ts.from_datetime(datetime(2026, 11, 26, 9, 30))  # noqa: DTZ001 - naive on purpose
    with pytest.raises(ValueError):
        slack_ts.from_datetime(datetime(1969, 12, 31, 23, 59, tzinfo=UTC))


@given(MOMENTS)
def test_datetime_round_trips_exactly(moment: datetime) -> None:
    ts = slack_ts.from_datetime(moment)
    assert slack_ts.problem(ts) is None
    assert slack_ts.to_datetime(ts) == moment


@given(TS)
def test_ts_round_trips_exactly(ts: str) -> None:
    assert slack_ts.from_datetime(slack_ts.to_datetime(ts)) == ts


@given(TS, TS)
def test_order_is_the_order_of_the_instants(a: str, b: str) -> None:
    assert slack_ts.before(a, b) == (slack_ts.to_datetime(a) < slack_ts.to_datetime(b))
    assert (slack_ts.sort_key(a) < slack_ts.sort_key(b)) == slack_ts.before(a, b)


def test_before_compares_numbers_not_text() -> None:
    assert slack_ts.before("9.5", "10.1")
    assert not slack_ts.before("10.1", "9.5")
    assert not slack_ts.before(None, "1.0")
    assert slack_ts.before("abc", "abd")  # not numbers: text order


def test_shift_keeps_wall_clock_across_dst() -> None:
    la = ZoneInfo("America/Los_Angeles")
    start = datetime(2026, 11, 26, 9, 15, 7, tzinfo=la)  # PST
    ts = f"{int(start.timestamp())}.000123"
    moved = slack_ts.shift(ts, la, 16)  # 2027-03-18, PDT
    assert moved.endswith(".000123")
    local = slack_ts.to_datetime(moved).astimezone(la).replace(microsecond=0)
    assert (local.date(), local.time()) == (date(2027, 3, 18), start.time())
    assert int(moved.split(".")[0]) - int(ts.split(".")[0]) == 16 * 7 * 86400 - 3600
    assert slack_ts.shift(ts, UTC, -1) == f"{int(start.timestamp()) - 7 * 86400}.000123"
    with pytest.raises(ValueError):
        slack_ts.shift("not-a-ts", UTC, 1)


@given(TS.filter(lambda t: int(t.split(".")[0]) > 10 * 7 * 86400 and int(t.split(".")[0]) < 2**37))
def test_shift_there_and_back_in_utc(ts: str) -> None:
    moved = slack_ts.shift(ts, UTC, 3)
    assert slack_ts.to_datetime(moved) - slack_ts.to_datetime(ts) == timedelta(weeks=3)
    assert slack_ts.shift(moved, UTC, -3) == ts


@given(
    st.integers(0, slack_ts.MAX_SECONDS - 1),
    st.from_regex(r"(\.[0-9]{0,16})?", fullmatch=True),
)
def test_stored_text_is_the_datetimes_iso_form(seconds: int, fraction: str) -> None:
    ts = f"{seconds}{fraction}"
    if slack_ts.problem(ts) is None:
        expected = slack_ts.to_datetime(ts).isoformat(timespec="microseconds")
        assert slack_ts.to_iso(ts) == expected
