"""``ldtui skip``: skipped Thursdays by date, from an iCalendar file (RFC 5545) or from the
config; a skipped Thursday refuses nudges.

Runs are in-process (click's CliRunner) on a real SQLite file in tmp_path, with the data of
:mod:`team_data`; the ``ldtui``, ``export``, ``imported`` and ``with_webhook`` fixtures come
from ``tests/cli/conftest.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cli_runner import Ldtui
from team_data import PREV, THU
from webhook_server import FakeSlack


def skip_list(ldtui: Ldtui) -> dict[str, str]:
    rows = {}
    for line in ldtui.ok("skip", "--list").splitlines():
        if line == "No Thursday is skipped.":
            continue
        day, reason = line.split("  ", 1)
        rows[day] = reason
    return rows


def test_skip_list_and_remove(imported: Ldtui) -> None:
    output = imported.ok("skip", "2025-12-25", "--reason", "Christmas")
    assert "skipped 2025-12-25  Christmas" in output
    assert "1 Thursday skipped" in output
    output = imported.ok("skip", "2026-01-01", "2026-01-08")
    assert "2 Thursdays skipped" in output
    assert skip_list(imported) == {
        "2025-12-25": "Christmas",
        "2026-01-01": "skipped",
        "2026-01-08": "skipped",
    }

    output = imported.ok("skip", "--remove", "2026-01-01")
    assert output.strip() == "2026-01-01 is a Learning Day again"
    output = imported.ok("skip", "--remove", "2026-01-01")
    assert output.strip() == "2026-01-01 was not skipped"
    assert skip_list(imported) == {"2025-12-25": "Christmas", "2026-01-08": "skipped"}


def test_skip_refuses_other_weekdays(imported: Ldtui) -> None:
    result = imported("skip", "2025-12-24", "2025-12-25")
    assert result.exit_code != 0
    assert "2025-12-24 is a Wednesday" in result.output
    assert "Learning Day is Thursday" in result.output
    assert skip_list(imported) == {}  # not even the Thursday given with it


def test_skip_without_days_is_a_usage_error(imported: Ldtui) -> None:
    result = imported("skip")
    assert result.exit_code != 0
    assert "--ics" in result.output and "--list" in result.output


def _thursday_on_or_after(day: date) -> date:
    return day + timedelta(days=(3 - day.weekday()) % 7)


def _ics_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _event(uid: str, summary: str, first: date, end: date | None = None, rule: str = "") -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}@ldtui.test",
        "DTSTAMP:20250101T000000Z",
        f"DTSTART;VALUE=DATE:{_ics_date(first)}",
    ]
    if end is not None:
        lines.append(f"DTEND;VALUE=DATE:{_ics_date(end)}")
    if rule:
        lines.append(f"RRULE:{rule}")
    lines += [f"SUMMARY:{summary}", "END:VEVENT"]
    return "\r\n".join(lines)


def test_skip_from_ics(imported: Ldtui, tmp_path: Path) -> None:
    # Dates relative to today: `skip --ics` reads holidays from 5 years back to 2 ahead.
    today = datetime.now(UTC).date()
    founders = _thursday_on_or_after(today + timedelta(days=21))
    offsite_thu = founders + timedelta(days=28)
    offsite_start = offsite_thu - timedelta(days=2)  # Tuesday to Saturday (DTEND exclusive)
    offsite_end = offsite_thu + timedelta(days=3)
    monday = founders + timedelta(days=53)
    assert monday.weekday() == 0
    # A yearly holiday, first on a weekday other than Thursday, on a Thursday some year.
    years = list(range(today.year - 3, today.year + 2))  # COUNT=5: all inside the window
    yearly_first, yearly_thursdays = None, []
    for day_of_month in range(1, 29):
        dates = [date(y, 10, day_of_month) for y in years]
        thursdays = [d for d in dates if d.weekday() == 3]
        if dates[0].weekday() != 3 and thursdays:
            yearly_first, yearly_thursdays = dates[0], thursdays
            break
    assert yearly_first is not None

    events = [
        _event("founders", "Founders Day", founders, founders + timedelta(days=1)),
        _event("offsite", "Company off-site", offsite_start, offsite_end),
        _event("harvest", "Harvest Day", yearly_first, rule="FREQ=YEARLY;COUNT=5"),
        _event("monday", "Monday Holiday", monday, monday + timedelta(days=1)),
    ]
    ics = tmp_path / "holidays.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ldtui tests//EN\r\n"
        + "\r\n".join(events)
        + "\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )

    output = imported.ok("skip", "--ics", str(ics))
    expected = {
        founders.isoformat(): "Founders Day",
        offsite_thu.isoformat(): "Company off-site",
        **{d.isoformat(): "Harvest Day" for d in yearly_thursdays},
    }
    n = len(expected)
    assert f"{n} Thursday{'s' if n != 1 else ''} skipped" in output
    assert skip_list(imported) == expected
    assert "Monday Holiday" not in output
    assert monday.isoformat() not in output
    assert yearly_first.isoformat() not in output  # not a Thursday that year


def test_skip_from_bad_ics_is_a_clean_error(imported: Ldtui, tmp_path: Path) -> None:
    ics = tmp_path / "broken.ics"
    ics.write_text("this is not a calendar\n", encoding="utf-8")
    result = imported("skip", "--ics", str(ics))
    assert result.exit_code != 0
    assert "broken.ics" in result.output
    assert skip_list(imported) == {}


def test_skip_days_in_config(imported: Ldtui) -> None:
    imported.write_config('skip_days = ["2025-12-25"]\n')
    assert skip_list(imported) == {"2025-12-25": "skipped (config)"}


def test_nudge_on_a_skipped_thursday_is_refused(with_webhook: Ldtui, fake_slack: FakeSlack) -> None:
    ldtui = with_webhook
    ldtui.ok("skip", THU.isoformat(), "--reason", "Founders Day")
    result = ldtui("nudge", "--missing", "plan", "--day", THU.isoformat())
    assert result.exit_code != 0
    assert "2025-11-27 is skipped (Founders Day): no nudges sent" in result.output
    assert fake_slack.requests == []
    assert ldtui.nudges(THU) == []  # not even a dry-run row

    # A Thursday that is not skipped still nudges.
    result = ldtui("nudge", "--missing", "summary", "--day", PREV.isoformat())
    assert result.exit_code == 0, result.output
    assert len(fake_slack.requests) == 1


def test_nudge_on_a_thursday_skipped_in_config_is_refused(
    imported: Ldtui, fake_slack: FakeSlack
) -> None:
    imported.write_config(f'webhook_url = "{fake_slack.url}"\nskip_days = ["{THU.isoformat()}"]\n')
    result = imported("nudge", "--missing", "plan", "--day", THU.isoformat())
    assert result.exit_code != 0
    assert "2025-11-27 is skipped" in result.output
    assert "no nudges sent" in result.output
    assert fake_slack.requests == []


def test_history_json_says_which_thursdays_were_skipped(imported: Ldtui) -> None:
    imported.ok("skip", THU.isoformat(), "--reason", "Company offsite")
    history = imported.history()
    assert history[THU.isoformat()]["skipped"] == "Company offsite"
    assert history[PREV.isoformat()]["skipped"] is None
