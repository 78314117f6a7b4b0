"""The console's nudges against a busy database, an interrupted nudge, and a quit mid-send.

Real SQLite file, a second real connection holding the write lock, a loopback webhook."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from datetime import timedelta

from console_data import NOW, THU, build_store
from console_pilot import EVERY_HOUR
from textual.widgets import Static
from webhook_server import FakeSlack, ok, slow

from ldtui.config import Config
from ldtui.records import NudgeStatus
from ldtui.store import Store
from ldtui.tui.app import make_app
from ldtui.tui.widgets.roster import RosterTable


def toasts(app) -> list[str]:
    return [str(t.render()) for t in app.screen.query("Toast")]


async def until(pilot, condition, tries: int = 400) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not met")


def select(app, name: str) -> None:
    table = app.screen.query_one("#roster", RosterTable)
    row = next(i for i in range(table.row_count) if table.row_texts(i)[0] == name)
    table.move_cursor(row=row)


def console(store: Store, url: str, **config):
    cfg = replace(Config(), webhook_url=url, quiet_hours=EVERY_HOUR, **config)
    return make_app(store, cfg, day=THU, clock=lambda: NOW, spacing=0)


async def test_busy_database_keeps_the_console_and_says_so(tmp_path) -> None:
    build_store(tmp_path / "ld.db").close()
    store = Store(tmp_path / "ld.db", busy_timeout=0.3)
    holder = sqlite3.connect(tmp_path / "ld.db", isolation_level=None)
    with FakeSlack() as server:
        app = console(store, server.url)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            select(app, "Priya Shah")
            holder.execute("BEGIN IMMEDIATE")
            await pilot.press("n")
            await until(pilot, lambda: any("database busy" in t for t in toasts(app)))
            assert any("Nudge not sent: database busy — try again" in t for t in toasts(app))
            assert server.requests == [] and store.nudges(THU) == []
            assert app.is_running and "sending" not in str(
                app.screen.query_one("#counts", Static).render()
            )
            holder.execute("ROLLBACK")
            await pilot.press("n")
            await until(pilot, lambda: len(server.requests) == 1)
            await app.workers.wait_for_complete()
            assert "<@U4PRIYA>" in server.bodies[0]["text"]
            assert [n.status for n in store.nudges(THU)] == ["sent"]
    holder.close()
    store.close()


async def test_interrupted_nudge_shown_and_resent_after_confirming(tmp_path) -> None:
    store = build_store(tmp_path / "ld.db")
    [claim] = store.claim_nudges(
        [("U4PRIYA", "summary")],
        THU,
        NOW - timedelta(minutes=30),
        timedelta(hours=2),
        deadline=NOW - timedelta(minutes=29),
        target="h",
    )
    assert claim.nudge_id is not None
    store.start_send(
        [claim.nudge_id],
        NOW - timedelta(minutes=30),
        message="m",
        deadline=NOW - timedelta(minutes=29),
    )
    store.sweep_interrupted(NOW)
    with FakeSlack() as server:
        app = console(store, server.url)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            select(app, "Priya Shah")
            await pilot.pause()
            table = app.screen.query_one("#roster", RosterTable)
            row = next(
                table.row_texts(i)
                for i in range(table.row_count)
                if table.row_texts(i)[0] == "Priya Shah"
            )
            assert "interrupted" in " ".join(row)
            detail = str(app.screen.query_one("#detail-body", Static).render())
            assert "interrupted" in detail and "delivery unknown" in detail
            await pilot.press("n")
            await pilot.pause()
            dialog = " ".join(str(s.render()) for s in app.screen.query(Static))
            assert "Resend interrupted nudge?" in dialog and "delivery unknown" in dialog
            await pilot.press("y")
            await until(pilot, lambda: len(server.requests) == 1)
            await app.workers.wait_for_complete()
            assert [n.status for n in store.nudges(THU)] == ["interrupted", "sent"]
    store.close()


async def test_quit_during_a_send_waits_then_records_the_rest_as_not_sent(tmp_path) -> None:
    store = build_store(tmp_path / "ld.db")
    with FakeSlack() as server:
        server.respond(slow(1.0, ok()))
        app = console(store, server.url)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("N")
            await pilot.pause()
            await pilot.press("y")
            await until(pilot, lambda: len(server.requests) == 1)
            await pilot.press("q")
            await until(pilot, lambda: any("in flight" in t for t in toasts(app)), tries=20)
            await until(pilot, lambda: not app.is_running)
        assert len(server.requests) == 1  # the second message never went
    rows = store.nudges(THU)
    first = set(re.findall(r"<@(\w+)>", server.bodies[0]["text"]))
    assert {(n.person_id, n.status) for n in rows if n.person_id in first} == {
        (p, NudgeStatus.SENT) for p in first
    }
    rest = [n for n in rows if n.person_id not in first]
    assert rest and {(n.status, n.error) for n in rest} == {
        (NudgeStatus.CANCELLED, "not sent: console quit")
    }
    store.close()
