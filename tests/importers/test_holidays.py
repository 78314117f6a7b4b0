"""Company holidays from .ics files (ldtui.holidays): all-day spans, recurrence, time zones,
the window, and errors that name the file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from ldtui.holidays import read_ics

TODAY = date(2026, 11, 26)


def ics(tmp_path: Path, *events: str, name: str = "holidays.ics") -> Path:
    """Write a VCALENDAR holding ``events`` (each the lines inside one VEVENT, indentation
    ignored) with CRLF line ends."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ldtui tests//EN"]
    for i, event in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:event-{i}@ldtui.test", "DTSTAMP:20260101T000000Z"]
        lines += [line.strip() for line in event.strip().splitlines()]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    return path


def test_a_single_all_day_holiday(tmp_path):
    path = ics(
        tmp_path,
        """
        DTSTART;VALUE=DATE:20261126
        DTEND;VALUE=DATE:20261127
        SUMMARY:Thanksgiving
        """,
    )
    assert read_ics(path, today=TODAY) == [(date(2026, 11, 26), "Thanksgiving")]


def test_all_day_without_dtend_is_one_day(tmp_path):
    path = ics(tmp_path, "DTSTART;VALUE=DATE:20261001\nSUMMARY: Founders' Day ")
    assert read_ics(path, today=TODAY) == [(date(2026, 10, 1), "Founders' Day")]


def test_a_multi_day_all_day_event_excludes_dtend(tmp_path):
    path = ics(
        tmp_path,
        "DTSTART;VALUE=DATE:20261224\nDTEND;VALUE=DATE:20261228\nSUMMARY:Winter break",
    )
    assert read_ics(path, today=TODAY) == [
        (date(2026, 12, 24), "Winter break"),
        (date(2026, 12, 25), "Winter break"),
        (date(2026, 12, 26), "Winter break"),
        (date(2026, 12, 27), "Winter break"),
    ]


def test_duration_instead_of_dtend(tmp_path):
    path = ics(tmp_path, "DTSTART;VALUE=DATE:20260701\nDURATION:P2D\nSUMMARY:Summer")
    assert read_ics(path, today=TODAY) == [
        (date(2026, 7, 1), "Summer"),
        (date(2026, 7, 2), "Summer"),
    ]


def test_a_yearly_rrule_is_expanded_within_the_window(tmp_path):
    path = ics(
        tmp_path,
        "DTSTART;VALUE=DATE:20100101\nDTEND;VALUE=DATE:20100102\nRRULE:FREQ=YEARLY\n"
        "EXDATE;VALUE=DATE:20230101\nSUMMARY:New Year",
    )
    got = read_ics(path, today=TODAY)
    # Default window: 2021-11-26 .. 2028-11-26; 2023 is excluded by EXDATE.
    assert [d for d, _ in got] == [date(y, 1, 1) for y in (2022, 2024, 2025, 2026, 2027, 2028)]
    assert {s for _, s in got} == {"New Year"}
    narrow = read_ics(path, start=date(2025, 6, 1), end=date(2026, 1, 1))
    assert narrow == [(date(2026, 1, 1), "New Year")]


def test_an_nth_weekday_rule_and_a_moved_instance(tmp_path):
    path = ics(
        tmp_path,
        "DTSTART;VALUE=DATE:20241128\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\nSUMMARY:Thanksgiving",
        # In 2025 the company moved it one day later (a RECURRENCE-ID override).
        "DTSTART;VALUE=DATE:20251128\nRECURRENCE-ID;VALUE=DATE:20251127\nSUMMARY:Thanksgiving",
    )
    # Same UID is needed for an override: rewrite the second event's UID.
    text = path.read_text().replace("event-1@", "event-0@")
    path.write_text(text)
    got = read_ics(path, start=date(2024, 1, 1), end=date(2026, 12, 31))
    assert got == [
        (date(2024, 11, 28), "Thanksgiving"),
        (date(2025, 11, 28), "Thanksgiving"),
        (date(2026, 11, 26), "Thanksgiving"),
    ]


def test_a_timed_event_counts_on_its_start_date_in_its_own_zone(tmp_path):
    # 08:00 Thursday in Auckland is Wednesday 19:00 UTC and Wednesday 11:00 in Los Angeles
    # (the pinned machine TZ): the holiday is Thursday, the date written in the file.
    path = ics(
        tmp_path,
        "DTSTART;TZID=Pacific/Auckland:20261126T080000\n"
        "DTEND;TZID=Pacific/Auckland:20261127T170000\nSUMMARY:Office closed",
        "DTSTART:20261203T230000Z\nDTEND:20261204T010000Z\nSUMMARY:UTC party",
    )
    assert os.environ["TZ"] == "America/Los_Angeles"
    assert read_ics(path, today=TODAY) == [
        (date(2026, 11, 26), "Office closed"),
        (date(2026, 12, 3), "UTC party"),
    ]


def test_a_timed_event_with_an_embedded_vtimezone(tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_text(
        "\r\n".join(
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//ldtui tests//EN",
                "BEGIN:VTIMEZONE",
                "TZID:Custom Standard Time",
                "BEGIN:STANDARD",
                "DTSTART:16010101T000000",
                "TZOFFSETFROM:+1400",
                "TZOFFSETTO:+1400",
                "END:STANDARD",
                "END:VTIMEZONE",
                "BEGIN:VEVENT",
                "UID:x@ldtui.test",
                "DTSTAMP:20260101T000000Z",
                'DTSTART;TZID="Custom Standard Time":20261126T010000',
                'DTEND;TZID="Custom Standard Time":20261126T020000',
                "SUMMARY:Kiritimati day",
                "END:VEVENT",
                "END:VCALENDAR",
                "",
            ]
        )
    )
    assert read_ics(path, today=TODAY) == [(date(2026, 11, 26), "Kiritimati day")]


def test_sorted_unique_and_cancelled_events_dropped(tmp_path):
    path = ics(
        tmp_path,
        "DTSTART;VALUE=DATE:20261225\nSUMMARY:Christmas",
        "DTSTART;VALUE=DATE:20261225\nSUMMARY:Christmas",  # a duplicate from another feed
        "DTSTART;VALUE=DATE:20261225\nSUMMARY:Boxing Eve",
        "DTSTART;VALUE=DATE:20260101\nSUMMARY:New Year",
        "DTSTART;VALUE=DATE:20261231\nSUMMARY:Cancelled\nSTATUS:CANCELLED",
        "DTSTART;VALUE=DATE:20260704",  # no SUMMARY
    )
    assert read_ics(path, today=TODAY) == [
        (date(2026, 1, 1), "New Year"),
        (date(2026, 7, 4), ""),
        (date(2026, 12, 25), "Boxing Eve"),
        (date(2026, 12, 25), "Christmas"),
    ]


def test_window_cuts_multi_day_events_and_drops_old_ones(tmp_path):
    path = ics(
        tmp_path,
        "DTSTART;VALUE=DATE:20261230\nDTEND;VALUE=DATE:20270103\nSUMMARY:Break",
        "DTSTART;VALUE=DATE:20000101\nSUMMARY:Long ago",
    )
    assert read_ics(path, start=date(2027, 1, 1), end=date(2027, 1, 1)) == [
        (date(2027, 1, 1), "Break")
    ]
    assert all(d.year > 2000 for d, _ in read_ics(path, today=TODAY))


def test_an_empty_calendar_has_no_holidays(tmp_path):
    assert read_ics(ics(tmp_path), today=TODAY) == []


def test_window_arguments():
    with pytest.raises(ValueError, match="needs today"):
        read_ics(Path("unused.ics"))
    with pytest.raises(ValueError, match="start 2026-02-01 is after end 2026-01-01"):
        read_ics(Path("unused.ics"), start=date(2026, 2, 1), end=date(2026, 1, 1))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a valid iCalendar file"),
        (b"hello, this is not a calendar\n", "not a valid iCalendar file"),
        (b"\xff\xfe\x00\x01binary", "not a valid iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\n", "no complete"),
        (
            b"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\n",
            "expected a VCALENDAR",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "an event cannot be read",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\nSUMMARY:x\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "an event cannot be read",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\n"
            b"RRULE:FREQ=BOGUS\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "an event cannot be read",
        ),
    ],
)
def test_invalid_files_raise_value_error_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "broken.ics"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=reason) as excinfo:
        read_ics(path, today=TODAY)
    assert str(path) in str(excinfo.value)


def test_unreadable_file_names_the_file(tmp_path):
    missing = tmp_path / "nope.ics"
    with pytest.raises(ValueError, match="cannot read") as excinfo:
        read_ics(missing, today=TODAY)
    assert str(missing) in str(excinfo.value)
    with pytest.raises(ValueError, match="cannot read"):
        read_ics(tmp_path, today=TODAY)  # a directory


def test_default_window_from_a_leap_day(tmp_path):
    path = ics(
        tmp_path,
        "DTSTART;VALUE=DATE:20190228\nSUMMARY:Edge start",
        "DTSTART;VALUE=DATE:20190227\nSUMMARY:Too early",
        "DTSTART;VALUE=DATE:20260228\nSUMMARY:Edge end",
        "DTSTART;VALUE=DATE:20260301\nSUMMARY:Too late",
    )
    assert read_ics(path, today=date(2024, 2, 29)) == [
        (date(2019, 2, 28), "Edge start"),
        (date(2026, 2, 28), "Edge end"),
    ]
