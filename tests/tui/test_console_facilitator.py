"""The console records who nudged and shows it in the detail pane, its own nudges and those
another process made on the same database (seen by the live refresh), made inert."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta

from console_data import NOW, THU, build_store
from console_pilot import EVERY_HOUR
from screen_text import painted
from textual.widgets import Static
from webhook_server import FakeSlack

from ldtui.config import Config
from ldtui.store import SCHEMA_VERSION, Store
from ldtui.store.schema import MIGRATIONS, _migration_nudge_facilitator
from ldtui.tui.app import make_app
from ldtui.tui.widgets.roster import RosterTable


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


def detail(app) -> str:
    return str(app.screen.query_one("#detail-body", Static).render())


async def test_detail_pane_names_who_nudged_here_and_elsewhere(tmp_path) -> None:
    build_store(tmp_path / "ld.db").close()
    store = Store(tmp_path / "ld.db")
    other = Store(tmp_path / "ld.db")  # another console or tab, on the same file
    with FakeSlack() as server:
        config = replace(
            Config(), webhook_url=server.url, facilitator="Config Name", quiet_hours=EVERY_HOUR
        )
        app = make_app(store, config, day=THU, clock=lambda: NOW, spacing=0, facilitator="Ada")
        async with app.run_test(size=(160, 40)) as pilot:  # the whole nudge line on one row
            await pilot.pause()
            select(app, "Priya Shah")
            await pilot.press("n")
            await until(pilot, lambda: len(server.requests) == 1 and "sent" in detail(app))
            assert "by Ada" in detail(app)
            assert "Config Name" not in detail(app)  # --as wins over the config

            [entry] = [e for e in store.roster(THU) if e.name == "Ada Lovelace"]
            other.claim_nudges(
                [(entry.id, "plan")],
                THU,
                NOW,
                timedelta(minutes=120),
                deadline=NOW,
                target=None,
                status="dry-run",  # type: ignore[arg-type]
                message="hi",
                facilitator="Grace\x1b[31m\u202e",
            )
            select(app, "Ada Lovelace")
            await until(pilot, lambda: "by Grace" in detail(app))  # the live refresh
            screen = painted(app)
            assert "by Grace" in screen
            assert "\x1b" not in detail(app) and "\u202e" not in detail(app)
    other.close()
    store.close()


def test_older_file_gets_the_facilitator_column(tmp_path) -> None:
    db = tmp_path / "ld.db"
    build_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(
        "insert into nudges (person_id, day, kind, created_at, status, attempts) "
        "values ('U1', ?, 'plan', '2025-11-27T08:00:00+00:00', 'sent', 1)",
        [THU.isoformat()],
    )
    conn.execute("alter table nudges drop column facilitator")
    # The version just before the facilitator column (later migrations run again too).
    conn.execute(f"pragma user_version = {MIGRATIONS.index(_migration_nudge_facilitator)}")
    conn.commit()
    conn.close()
    store = Store(db)
    assert store.schema_version == SCHEMA_VERSION
    [row] = store.nudges(THU)
    assert row.facilitator is None  # written before anyone was recorded
    store.close()
