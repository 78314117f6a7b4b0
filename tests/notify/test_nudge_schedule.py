"""Scheduled nudges at each person's own local time, with a frozen clock moved by the test:
a run every 15 minutes through the whole span of a Learning Day (every zone's Thursday and
Friday grace) nudges each missing person exactly as often as allowed, after their --at time
and inside their quiet hours, across the US DST changes. Real SQLite ledger, loopback webhook.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from webhook_server import FakeSlack

from ldtui import slack_ts
from ldtui.learning_day import KINDS, QuietHours, nudge_window, scheduled_day
from ldtui.notify.nudger import Nudger, Schedule, scheduled_counted, scheduled_decisions
from ldtui.records import NewPerson, NewPost, NudgeStatus
from ldtui.store import Store

CHANNEL = "C0LEARN01"
ZONES = {
    "UKIR": "Pacific/Kiritimati",  # UTC+14: the first Thursday on Earth
    "UPAG": "Pacific/Pago_Pago",  # UTC-11: among the last
    "UKTM": "Asia/Kathmandu",  # UTC+5:45
    "USTJ": "America/St_Johns",  # UTC-3:30, -2:30 in summer time
    "UNYC": "America/New_York",  # UTC-5, -4 in summer time
    "UNYP": "America/New_York",  # posts a plan: only ever nudged for a summary
}
MARCH = date(2026, 3, 12)  # the Thursday after US summer time began (Sunday 8 March)
NOVEMBER = date(2026, 11, 5)  # the Thursday after it ended (Sunday 1 November)
MENTION = re.compile(r"<@(U[A-Z0-9]+)>")


async def no_sleep(seconds: float) -> None:
    """Stands in for asyncio.sleep between messages."""


class Clock:
    """The frozen "now" each run sees."""

    def __init__(self) -> None:
        self.now = datetime(2000, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def fill(store: Store, day: date) -> Store:
    store.add_people([NewPerson(pid, pid, zone) for pid, zone in ZONES.items()])
    store.set_members(CHANNEL, "learning-day", list(ZONES))
    when = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(ZONES["UNYP"])).astimezone(UTC)
    ts = slack_ts.from_datetime(when)
    store.add_posts([NewPost(CHANNEL, ts, "UNYP", "Plan: DST maths", "Plan: DST maths", when)])
    return store


def every_15_minutes(day: date) -> Iterator[datetime]:
    """Wednesday 00:00 UTC to Saturday 12:00 UTC of the week of Thursday ``day``."""
    moment = datetime.combine(day - timedelta(days=1), time(), tzinfo=UTC)
    end = moment + timedelta(days=3, hours=12)
    while moment < end:
        yield moment
        moment += timedelta(minutes=15)


async def run_every_15_minutes(
    store: Store, url: str, day: date, schedules: dict[str, Schedule]
) -> None:
    """What cron does: at every quarter hour, a scheduled plan run and a summary run."""
    clock = Clock()
    cooldown = schedules["plan"].cooldown
    nudger = Nudger(store, url, cooldown=cooldown, clock=clock, sleep=no_sleep)
    for moment in every_15_minutes(day):
        clock.now = moment
        current = scheduled_day(moment)
        if current is None:
            continue
        assert current == day
        for kind in KINDS:
            schedule = schedules[kind]
            decisions = scheduled_decisions(
                store.roster(current, with_text=False),
                kind,
                current,
                moment,
                schedule,
                store.nudges(current),
                scheduled_counted(dry_run=False),
            )
            due = [d.target for d in decisions if d.due]
            if due:
                outcomes = await nudger.nudge(due, current, max_per_day=schedule.max_per_day)
                assert {o.status for o in outcomes} == {NudgeStatus.SENT}


def sent(store: Store, day: date) -> dict[tuple[str, str], list[datetime]]:
    rows: dict[tuple[str, str], list[datetime]] = {}
    for record in store.nudges(day):
        assert record.status == NudgeStatus.SENT
        rows.setdefault((record.person_id, record.kind), []).append(record.created_at)
    return rows


@pytest.mark.parametrize("day", [MARCH, NOVEMBER], ids=["march-dst-week", "november-dst-week"])
async def test_each_missing_person_is_nudged_once_at_their_own_time(
    store: Store, fake_slack: FakeSlack, day: date
) -> None:
    fill(store, day)
    quiet = QuietHours()
    schedules = {
        "plan": Schedule(time(10, 30), quiet, 1, timedelta(minutes=120)),
        "summary": Schedule(time(16, 30), quiet, 1, timedelta(minutes=120)),
    }
    await run_every_15_minutes(store, fake_slack.url, day, schedules)

    rows = sent(store, day)
    expected = {(p, k) for p in ZONES for k in KINDS} - {("UNYP", "plan")}
    assert set(rows) == expected
    for (pid, kind), times in rows.items():
        [when] = times  # exactly once
        local = when.astimezone(ZoneInfo(ZONES[pid]))
        assert local.date() == day  # on their own Thursday
        assert local.time() == (time(10, 30) if kind == "plan" else time(16, 30))
        assert quiet.allows(local.time())
    # Every mention the chat received is one of those nudges: nobody pinged twice.
    mentioned = Counter(m for body in fake_slack.bodies for m in MENTION.findall(body["text"]))
    assert mentioned == Counter(pid for pid, _ in expected)
    # Summer time moves New York's and St John's 10:30 on the UTC clock.
    plan_utc = {pid: rows[(pid, "plan")][0].astimezone(UTC) for pid in ("UNYC", "USTJ")}
    if day == MARCH:
        assert plan_utc["UNYC"].time() == time(14, 30)  # EDT, UTC-4
        assert plan_utc["USTJ"].time() == time(13, 0)  # NDT, UTC-2:30
    else:
        assert plan_utc["UNYC"].time() == time(15, 30)  # EST, UTC-5
        assert plan_utc["USTJ"].time() == time(14, 0)  # NST, UTC-3:30
    # Kiritimati's Thursday plan nudge went out on Wednesday by the UTC calendar.
    assert rows[("UKIR", "plan")][0].astimezone(UTC).date() == day - timedelta(days=1)


@pytest.mark.parametrize("day", [MARCH, NOVEMBER], ids=["march-dst-week", "november-dst-week"])
async def test_a_second_reminder_waits_the_cooldown_and_the_quiet_night(
    store: Store, fake_slack: FakeSlack, day: date
) -> None:
    fill(store, day)
    quiet = QuietHours.parse("08:00-20:00")
    hour = timedelta(minutes=60)
    schedules = {
        "plan": Schedule(time(10, 30), quiet, 2, hour),
        # 19:30: the second reminder falls in the quiet night and waits for Friday 08:00,
        # still inside the summary's grace (Friday before 12:00).
        "summary": Schedule(time(19, 30), quiet, 2, hour),
    }
    await run_every_15_minutes(store, fake_slack.url, day, schedules)

    rows = sent(store, day)
    assert len(rows) == 2 * len(ZONES) - 1
    for (pid, kind), times in rows.items():
        zone = ZoneInfo(ZONES[pid])
        first, second = (t.astimezone(zone) for t in times)  # exactly twice
        start, end = nudge_window(day, kind, schedules[kind].at, zone)
        assert start <= first < second < end
        assert second - first >= hour
        assert quiet.allows(first.time()) and quiet.allows(second.time())
        if kind == "plan":
            assert (first.time(), second.time()) == (time(10, 30), time(11, 30))
        else:
            assert first.time() == time(19, 30)
            assert (second.date(), second.time()) == (day + timedelta(days=1), time(8, 0))


def test_quiet_hours_rules() -> None:
    day = QuietHours.parse("08:00-20:00")
    assert day.allows(time(8, 0)) and day.allows(time(19, 59))
    assert not day.allows(time(20, 0)) and not day.allows(time(7, 59))
    night_shift = QuietHours.parse("22:00-06:00")
    assert night_shift.allows(time(23, 0)) and night_shift.allows(time(5, 0))
    assert not night_shift.allows(time(12, 0))
    assert QuietHours.parse("00:00-24:00").allows(time(3, 0))
    assert str(QuietHours.parse("7:00-24:00")) == "07:00-24:00"
    for bad in ("08:00", "8-20", "08:00-08:00", "25:00-26:00", "08:00-20:61"):
        with pytest.raises(ValueError, match=re.escape(repr(bad))):
            QuietHours.parse(bad)


def test_scheduled_day_spans_every_zone() -> None:
    thursday = date(2026, 3, 12)
    assert scheduled_day(datetime(2026, 3, 11, 10, 0, tzinfo=UTC)) == thursday  # Wed
    assert scheduled_day(datetime(2026, 3, 13, 23, 45, tzinfo=UTC)) == thursday  # Fri
    assert scheduled_day(datetime(2026, 3, 14, 0, 0, tzinfo=UTC)) == thursday  # Sat 00:00
    assert scheduled_day(datetime(2026, 3, 16, 12, 0, tzinfo=UTC)) is None  # Monday
