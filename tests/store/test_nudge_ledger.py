"""The nudge ledger: atomic claims, send deadlines, the interrupted sweep, stopped batches."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from webhook_server import FakeSlack, ok, slow

from ldtui.notify.nudger import Nudger, NudgeTarget
from ldtui.records import NudgeStatus
from ldtui.store import Store, StoreBusy

THU = date(2025, 11, 27)
NOW = datetime(2025, 11, 27, 9, 0, tzinfo=UTC)
COOL = timedelta(minutes=120)
MINUTE = timedelta(minutes=1)


def claim(store: Store, *people: str, now: datetime = NOW, **kw) -> list:
    return store.claim_nudges(
        [(p, "plan") for p in people], THU, now, COOL, deadline=now + MINUTE, target="h", **kw
    )


def test_claim_from_two_connections_claims_each_person_once(tmp_path: Path) -> None:
    one, two = Store(tmp_path / "ld.db"), Store(tmp_path / "ld.db", busy_timeout=0.2)
    with one.write():  # the first claim is mid-transaction: the second must wait, not guess
        [a, b] = claim(one, "U1", "U2")
        with pytest.raises(StoreBusy):
            claim(two, "U1", "U3")
    assert a.claimed and b.claimed
    [again, other] = claim(two, "U1", "U3")
    assert not again.claimed and again.previous is not None
    assert again.previous.id == a.nudge_id and again.previous.status == NudgeStatus.PENDING
    assert other.claimed
    assert [(n.person_id, n.status) for n in one.nudges(THU)] == [
        ("U1", "pending"),
        ("U2", "pending"),
        ("U3", "pending"),
    ]
    # The same person twice in one batch is claimed once.
    [x, y] = claim(one, "U9", "U9")
    assert x.claimed and not y.claimed
    one.close()
    two.close()


def test_sweep_on_open_marks_interrupted_and_cancelled(tmp_path: Path) -> None:
    store = Store(tmp_path / "ld.db")
    [started, waiting] = claim(store, "U1", "U2")
    assert store.start_send(
        [started.nudge_id],
        NOW,
        message="hi",
        deadline=NOW + MINUTE,
        waiting=[waiting.nudge_id],
        waiting_deadline=NOW + 2 * MINUTE,
    ) == [started.nudge_id]
    store.close()
    # Before the deadlines nothing changes; after them, the next open tells the truth.
    Store(tmp_path / "ld.db", clock=lambda: NOW + MINUTE / 2).close()
    reopened = Store(tmp_path / "ld.db", clock=lambda: NOW + 3 * MINUTE)
    u1, u2 = reopened.nudges(THU)
    assert (u1.status, u1.error) == (
        "interrupted",
        "delivery unknown: no answer recorded before the send deadline",
    )
    assert u2.status == "cancelled" and u2.error is not None and u2.error.startswith("not sent")
    # Interrupted still blocks an automatic nudge; cancelled does not.
    later = NOW + 5 * MINUTE
    [c1, c2] = claim(reopened, "U1", "U2", now=later)
    assert not c1.claimed and c1.previous is not None and c1.previous.status == "interrupted"
    assert c2.claimed
    [resend] = claim(reopened, "U1", now=later, resend_interrupted=True)
    assert resend.claimed
    reopened.close()


def test_sweep_skipped_when_busy(tmp_path: Path) -> None:
    store = Store(tmp_path / "ld.db")
    claim(store, "U1")
    store.close()
    holder = sqlite3.connect(tmp_path / "ld.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        busy = Store(tmp_path / "ld.db", busy_timeout=0.1, clock=lambda: NOW + 2 * MINUTE)
        assert [n.status for n in busy.nudges(THU)] == ["pending"]  # opened; sweep left
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert busy.sweep_interrupted() == 1
    assert [n.status for n in busy.nudges(THU)] == ["cancelled"]
    busy.close()


async def test_stop_cancels_the_people_not_yet_attempted(tmp_path: Path) -> None:
    store = Store(tmp_path / "ld.db")
    with FakeSlack() as server:
        nudger = Nudger(store, server.url, cooldown=COOL, clock=lambda: NOW, spacing=0)
        targets = [NudgeTarget("U1", "Ann", "plan"), NudgeTarget("U2", "Bo", "summary")]
        outcomes = await nudger.nudge(
            targets, THU, progress=lambda d, t: nudger.stop("not sent: console quit")
        )
        assert len(server.requests) == 1
    assert [(o.status, o.error) for o in outcomes] == [
        ("sent", None),
        ("cancelled", "not sent: console quit"),
    ]
    assert [(n.status, n.error) for n in store.nudges(THU)] == [
        ("sent", None),
        ("cancelled", "not sent: console quit"),
    ]
    store.close()


async def test_cancelled_mid_request_records_interrupted(tmp_path: Path) -> None:
    store = Store(tmp_path / "ld.db")
    with FakeSlack(default=slow(30, ok())) as server:
        nudger = Nudger(store, server.url, cooldown=COOL, clock=lambda: NOW, spacing=0)
        targets = [NudgeTarget("U1", "Ann", "plan"), NudgeTarget("U2", "Bo", "summary")]
        task = asyncio.create_task(nudger.nudge(targets, THU))
        while not server.requests:  # noqa: ASYNC110 - the server records from its own thread
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert [n.status for n in store.nudges(THU)] == ["interrupted", "cancelled"]
    store.close()


async def test_send_deadline_ends_a_hanging_request(tmp_path: Path) -> None:
    store = Store(tmp_path / "ld.db")
    with FakeSlack(default=slow(30, ok())) as server:
        nudger = Nudger(
            store, server.url, cooldown=COOL, clock=lambda: NOW, spacing=0, send_deadline=0.5
        )
        [outcome] = await nudger.nudge([NudgeTarget("U1", "Ann", "plan")], THU)
    # The request reached the server but no answer came: delivery unknown, never "sent" and
    # never "failed" (a failed row would let the next run ping the person again).
    assert (outcome.status, outcome.error) == ("interrupted", "no answer within 0.5 s")
    assert [n.status for n in store.nudges(THU)] == ["interrupted"]
    store.close()


async def test_no_answer_blocks_the_next_run_but_refused_connection_does_not(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "ld.db")
    target = [NudgeTarget("U1", "Ann", "plan")]
    with FakeSlack(default=slow(30, ok())) as server:
        nudger = Nudger(
            store, server.url, cooldown=COOL, clock=lambda: NOW, spacing=0, send_deadline=0.3
        )
        [first] = await nudger.nudge(target, THU)
        [second] = await nudger.nudge(target, THU)
        assert len(server.requests) == 1  # the second run did not ping Ann again
    assert first.status == "interrupted" and second.status == "cooldown"
    # A refused connection sent nothing: that is a plain failure, and the next run may retry.
    with FakeSlack() as closed:
        url = closed.url
    refused = Nudger(store, url, cooldown=COOL, clock=lambda: NOW, spacing=0)
    [outcome] = await refused.nudge([NudgeTarget("U2", "Bo", "plan")], THU)
    assert outcome.status == "failed" and outcome.error == "connection error: ConnectError"
    store.close()
