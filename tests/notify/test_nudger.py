"""Tests for ldtui.notify.nudger: real SQLite ledger, real loopback webhook (``fake_slack``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from export_builder import message, person, write_export
from webhook_server import FakeSlack, error, rate_limited

from ldtui.importers.slack_export import read_slack_export
from ldtui.notify.nudger import (
    Nudger,
    NudgeTarget,
    due_targets,
    missing_targets,
)
from ldtui.records import NudgeStatus
from ldtui.store import Store

THU = date(2025, 11, 27)
DAY_TEXT = "Thursday 27 Nov 2025"
NOW = datetime(2025, 11, 27, 9, 0, tzinfo=UTC)
COOL = timedelta(minutes=120)

PEOPLE = [
    person("U1", "Alice", tz="Europe/Berlin"),
    person("U2", "Bob", tz="America/New_York"),
    person("U3", "Carol", tz="Asia/Tokyo"),
    person("U4", "Eve", tz="UTC"),
    person("UD", "Dave", tz="UTC", deleted=True),
]
MESSAGES = [
    message("U4", datetime(2025, 11, 27, 8, tzinfo=UTC), "Plan: read about WAL"),
    message("UD", datetime(2025, 11, 27, 8, 5, tzinfo=UTC), "Plan: my last plan"),
]


class Clock:
    """An aware "now" the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(store: Store, tmp_path: Path) -> Store:
    export = write_export(tmp_path, people=PEOPLE, messages=MESSAGES)
    store.import_batch(read_slack_export(export, "learning-day"))
    return store


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def nudger(store: Store, fake_slack: FakeSlack, clock: Clock, sleeps: list[float]) -> Nudger:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return Nudger(store, fake_slack.url, cooldown=COOL, clock=clock, sleep=sleep)


ALICE_PLAN = NudgeTarget("U1", "Alice", "plan")


async def test_single_nudge_sent(nudger: Nudger, store: Store, fake_slack: FakeSlack) -> None:
    [outcome] = await nudger.nudge([ALICE_PLAN], THU)
    assert outcome.status == "sent"
    assert outcome.http_status == 200
    assert outcome.error is None

    [request] = fake_slack.requests
    assert request.path == "/services/T000/B000/XXXX"
    assert set(request.json) == {"text"}
    text = request.json["text"]
    assert "<@U1>" in text
    assert "plan" in text
    assert DAY_TEXT in text
    assert outcome.message == text

    [row] = store.nudges(THU)
    assert (row.person_id, row.day, row.kind) == ("U1", THU, "plan")
    assert row.status == "sent"
    assert row.http_status == 200
    assert row.attempts == 1
    assert row.message == text
    assert row.created_at == NOW
    # The ledger keeps where it went without the secret path.
    assert row.target == f"127.0.0.1:{fake_slack.port}/…"
    alice = next(e for e in store.roster(THU) if e.id == "U1")
    assert alice.nudges == 1
    assert alice.last_nudge == row


async def test_rate_limited_then_ok(
    nudger: Nudger, store: Store, fake_slack: FakeSlack, sleeps: list[float]
) -> None:
    fake_slack.respond(rate_limited(1))
    [outcome] = await nudger.nudge([ALICE_PLAN], THU)
    assert outcome.status == "sent"
    assert len(fake_slack.requests) == 2
    assert fake_slack.bodies[0] == fake_slack.bodies[1]
    assert sleeps == [1.0]
    [row] = store.nudges(THU)
    assert (row.status, row.http_status, row.attempts) == ("sent", 200, 2)


async def test_rate_limited_waits_for_real(store: Store, fake_slack: FakeSlack) -> None:
    """With the real sleep, the retry arrives about Retry-After seconds after the 429."""
    fake_slack.respond(rate_limited(1))
    nudger = Nudger(store, fake_slack.url, cooldown=COOL, clock=Clock(NOW))
    [outcome] = await nudger.nudge([ALICE_PLAN], THU)
    assert outcome.status == "sent"
    first, second = fake_slack.requests
    assert second.time - first.time >= 0.9


async def test_channel_not_found_fails(nudger: Nudger, store: Store, fake_slack: FakeSlack) -> None:
    fake_slack.respond(error(404, "channel_not_found"))
    [outcome] = await nudger.nudge([ALICE_PLAN], THU)
    assert outcome.status == "failed"
    assert outcome.http_status == 404
    assert outcome.error == "channel_not_found"
    assert len(fake_slack.requests) == 1
    [row] = store.nudges(THU)
    assert (row.status, row.http_status, row.error) == ("failed", 404, "channel_not_found")
    alice = next(e for e in store.roster(THU) if e.id == "U1")
    assert alice.nudges == 0  # only sent nudges count
    assert alice.last_nudge == row


async def test_failed_nudge_does_not_start_cooldown(
    nudger: Nudger, fake_slack: FakeSlack, clock: Clock
) -> None:
    fake_slack.respond(error(404, "channel_not_found"))
    await nudger.nudge([ALICE_PLAN], THU)
    clock.now += timedelta(minutes=1)
    [outcome] = await nudger.nudge([ALICE_PLAN], THU)
    assert outcome.status == "sent"
    assert len(fake_slack.requests) == 2


async def test_cooldown_blocks_second_nudge(
    nudger: Nudger, store: Store, fake_slack: FakeSlack, clock: Clock
) -> None:
    [first] = await nudger.nudge([ALICE_PLAN], THU)
    assert first.status == "sent"
    clock.now = NOW + timedelta(minutes=30)
    [second] = await nudger.nudge([ALICE_PLAN], THU)
    assert second.status == NudgeStatus.COOLDOWN == "cooldown"
    assert second.previous is not None
    assert second.previous.created_at == NOW
    assert second.previous.status == "sent"
    assert len(fake_slack.requests) == 1
    assert len(store.nudges(THU)) == 1

    # Another kind, another person or another day is not blocked.
    others = await nudger.nudge(
        [NudgeTarget("U1", "Alice", "summary"), NudgeTarget("U2", "Bob", "plan")], THU
    )
    assert [o.status for o in others] == ["sent", "sent"]
    [next_week] = await nudger.nudge([ALICE_PLAN], THU + timedelta(days=7))
    assert next_week.status == "sent"

    # After the cooldown it goes out again.
    clock.now = NOW + COOL + timedelta(minutes=1)
    [later] = await nudger.nudge([ALICE_PLAN], THU)
    assert later.status == "sent"


async def test_force_ignores_cooldown(
    nudger: Nudger, store: Store, fake_slack: FakeSlack, clock: Clock
) -> None:
    await nudger.nudge([ALICE_PLAN], THU)
    clock.now = NOW + timedelta(minutes=5)
    [forced] = await nudger.nudge([ALICE_PLAN], THU, force=True)
    assert forced.status == "sent"
    assert len(fake_slack.requests) == 2
    assert [r.status for r in store.nudges(THU)] == ["sent", "sent"]
    assert next(e for e in store.roster(THU) if e.id == "U1").nudges == 2


async def test_dry_run(store: Store, fake_slack: FakeSlack, clock: Clock) -> None:
    dry = Nudger(store, None, cooldown=COOL, clock=clock)
    assert dry.dry_run
    assert dry.target_label == "dry run"
    [outcome] = await dry.nudge([ALICE_PLAN], THU)
    assert outcome.status == "dry-run"
    assert outcome.message is not None and "<@U1>" in outcome.message
    assert DAY_TEXT in outcome.message
    [row] = store.nudges(THU)
    assert (row.status, row.target, row.message) == ("dry-run", None, outcome.message)
    assert fake_slack.requests == []

    # A dry run reached nobody: it neither blocks another dry run nor a real nudge.
    clock.now += timedelta(minutes=1)
    [again] = await dry.nudge([ALICE_PLAN], THU)
    assert again.status == "dry-run"
    real = Nudger(store, fake_slack.url, cooldown=COOL, clock=clock)
    [sent] = await real.nudge([ALICE_PLAN], THU)
    assert sent.status == "sent"
    assert len(fake_slack.requests) == 1
    assert [r.status for r in store.nudges(THU)] == ["dry-run", "dry-run", "sent"]


async def test_several_people_one_message(
    nudger: Nudger, store: Store, fake_slack: FakeSlack
) -> None:
    targets = [
        NudgeTarget("U1", "Alice", "plan"),
        NudgeTarget("U2", "Bob", "plan"),
        NudgeTarget("U3", "Carol", "plan"),
    ]
    outcomes = await nudger.nudge(targets, THU)
    assert [(o.target.id, o.status) for o in outcomes] == [
        ("U1", "sent"),
        ("U2", "sent"),
        ("U3", "sent"),
    ]
    [request] = fake_slack.requests
    text = request.json["text"]
    for uid in ("U1", "U2", "U3"):
        assert f"<@{uid}>" in text
    assert "plans" in text
    rows = store.nudges(THU)
    assert sorted(r.person_id for r in rows) == ["U1", "U2", "U3"]
    assert {r.status for r in rows} == {"sent"}
    assert {r.message for r in rows} == {text}


async def test_kinds_go_in_separate_messages(nudger: Nudger, fake_slack: FakeSlack) -> None:
    targets = [
        NudgeTarget("U1", "Alice", "summary"),
        NudgeTarget("U2", "Bob", "plan"),
        NudgeTarget("U3", "Carol", "summary"),
    ]
    outcomes = await nudger.nudge(targets, THU)
    # Outcomes come back in the order of the targets.
    assert [o.target for o in outcomes] == targets
    texts = [b["text"] for b in fake_slack.bodies]
    assert len(texts) == 2
    plan_text = next(t for t in texts if "<@U2>" in t)
    summary_text = next(t for t in texts if "<@U1>" in t)
    assert "<@U3>" in summary_text and "<@U3>" not in plan_text
    assert "What did you learn?" in summary_text
    assert "What will you learn today?" in plan_text and "summar" not in plan_text


async def test_several_summaries_spelled_right(nudger: Nudger, fake_slack: FakeSlack) -> None:
    targets = [NudgeTarget("U1", "Alice", "summary"), NudgeTarget("U3", "Carol", "summary")]
    await nudger.nudge(targets, THU)
    text = fake_slack.bodies[0]["text"]
    assert "your summaries for" in text
    assert "summarys" not in text


async def test_many_people_share_one_message(
    nudger: Nudger, store: Store, fake_slack: FakeSlack
) -> None:
    """As few messages as the platform allows: 60 people fit one Slack message."""
    targets = [NudgeTarget(f"UX{i:03d}", f"Person {i}", "plan") for i in range(60)]
    done: list[tuple[int, int]] = []
    outcomes = await nudger.nudge(targets, THU, progress=lambda d, t: done.append((d, t)))
    assert {o.status for o in outcomes} == {"sent"}
    assert len(fake_slack.requests) == 1
    assert done == [(1, 1)]
    assert fake_slack.bodies[0]["text"].count("<@") == 60
    assert len(store.nudges(THU)) == 60


async def test_names_are_escaped(nudger: Nudger, store: Store, fake_slack: FakeSlack) -> None:
    targets = [
        NudgeTarget("U9", "Tom & <Jerry>", "plan"),
        # No Slack id: addressed by name, which must not become markup.
        NudgeTarget("", "R&D <!channel> team", "plan"),
    ]
    outcomes = await nudger.nudge(targets, THU)
    assert [o.status for o in outcomes] == ["sent", "sent"]
    text = fake_slack.bodies[0]["text"]
    assert "<@U9>" in text
    assert "R&amp;D &lt;!channel&gt; team" in text
    assert "<Jerry>" not in text
    assert "<!channel>" not in text
    assert "R&D" not in text
    assert {r.message for r in store.nudges(THU)} == {text}


async def test_webhook_url_not_in_outcomes_or_ledger(
    nudger: Nudger, store: Store, fake_slack: FakeSlack
) -> None:
    fake_slack.respond(error(404, f"no such hook {fake_slack.url}"))
    [outcome] = await nudger.nudge([ALICE_PLAN], THU)
    assert outcome.status == "failed"
    assert "/services/T000/B000/XXXX" not in (outcome.error or "")
    assert "/services/T000/B000/XXXX" not in nudger.target_label
    [row] = store.nudges(THU)
    assert "/services/T000/B000/XXXX" not in repr(row)


# --------------------------------------------------------------------------- who is due


def test_due_targets_by_local_noon(store: Store) -> None:
    # 11:30 UTC: 12:30 in Berlin, 06:30 in New York, 20:30 in Tokyo, 11:30 in UTC.
    now = datetime(2025, 11, 27, 11, 30, tzinfo=UTC)
    due = due_targets(store.roster(THU), THU, now)
    # Eve posted her plan and it is still morning for her: nothing due. Dave is deleted.
    assert due == [
        NudgeTarget("U1", "Alice", "summary"),
        NudgeTarget("U2", "Bob", "plan"),
        NudgeTarget("U3", "Carol", "summary"),
    ]


def test_due_targets_in_the_afternoon(store: Store) -> None:
    now = datetime(2025, 11, 27, 18, 0, tzinfo=UTC)  # 13:00 in New York
    due = due_targets(store.roster(THU), THU, now)
    assert due == [
        NudgeTarget("U1", "Alice", "summary"),
        NudgeTarget("U2", "Bob", "summary"),
        NudgeTarget("U3", "Carol", "summary"),
        NudgeTarget("U4", "Eve", "summary"),
    ]


def test_due_targets_early_morning(store: Store) -> None:
    now = datetime(2025, 11, 27, 2, 0, tzinfo=UTC)  # 03:00 Berlin, 21:00 (Wed) New York
    due = due_targets(store.roster(THU), THU, now)
    assert due == [
        NudgeTarget("U1", "Alice", "plan"),
        NudgeTarget("U2", "Bob", "plan"),
        NudgeTarget("U3", "Carol", "plan"),  # 11:00 in Tokyo
    ]


def test_missing_targets(store: Store) -> None:
    roster = store.roster(THU)
    assert [t.id for t in missing_targets(roster, "plan")] == ["U1", "U2", "U3"]
    assert [t.id for t in missing_targets(roster, "summary")] == ["U1", "U2", "U3", "U4"]
    with pytest.raises(ValueError):
        missing_targets(roster, "lunch")  # type: ignore[arg-type]


async def test_nudger_from_config_takes_the_settings(store, clock, fake_slack: FakeSlack) -> None:
    from ldtui.config import Config

    config = Config(
        webhook_url=fake_slack.url,
        webhook_kind="Slack",
        nudge_cooldown_minutes=30,
        nudge_send_deadline_seconds=7.5,
    )
    nudger = Nudger.from_config(store, config, clock=clock, spacing=0)
    assert nudger.cooldown == timedelta(minutes=30)
    assert nudger.send_deadline == timedelta(seconds=7.5)
    assert nudger.target_label.startswith("Slack 127.0.0.1:")
    [outcome] = await nudger.nudge([NudgeTarget("U1", "Alice", "plan")], THU)
    assert outcome.status == "sent"
    assert fake_slack.bodies == [{"text": outcome.message}]
    dry = Nudger.from_config(store, Config(), clock=clock)
    assert dry.dry_run and dry.target_label == "dry run"
    with pytest.raises(ValueError, match="webhook_kind must be one of"):
        Nudger.from_config(store, Config(webhook_kind="irc"), clock=clock)
