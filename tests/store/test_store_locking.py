"""Writers wait their turn: real ``ldtui`` processes on one SQLite file (imports, posts, an
older file opened twice at once, a console pressing ``a`` while another process writes)."""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from console_data import THU, build_store
from export_builder import message, person, write_export
from locking_helpers import finish, run, start, wait_for, write_lock_held

from ldtui.config import Config
from ldtui.store import MIGRATIONS, SCHEMA_VERSION, Store
from ldtui.tui.app import make_app

BUSY_LINE = "database busy: another ldtui is writing; try again\n"
PEOPLE = [person(f"U{i:03d}", f"Person {i}", tz="Europe/Berlin") for i in range(30)]
FIRST_THURSDAY = datetime(2025, 1, 2, 8, tzinfo=UTC)


def big_export(tmp_path: Path, channel: str, channel_id: str, weeks: int = 25) -> Path:
    """An export of ``channel``: every person posts a plan and a summary each Thursday."""
    messages = []
    for week in range(weeks):
        thursday = FIRST_THURSDAY + timedelta(weeks=week)
        for index, p in enumerate(PEOPLE):
            messages.append(message(p["id"], thursday + timedelta(seconds=index), f"Plan: {week}"))
            messages.append(
                message(p["id"], thursday + timedelta(hours=8, seconds=index), f"Did {week}")
            )
    return write_export(
        tmp_path, PEOPLE, messages, channel, channel_id=channel_id, folder=f"export-{channel}"
    )


def post_args(db: Path, index: int) -> list[str]:
    at = f"2025-03-06T10:{index // 60:02d}:{index % 60:02d}+00:00"
    return [
        "post", f"Plan: post {index}", "--person", f"P{index:03d}", "--name", f"Poster {index}",
        "--tz", "UTC", "--at", at, "--db", str(db),
    ]  # fmt: skip


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_writer_with_short_wait_against_held_lock_says_busy_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "ldtui.db"
    build_store(db).close()
    with write_lock_held(db, tmp_path):
        result = run(*post_args(db, 1), "--wait", "1")
    assert result.returncode == 1
    assert result.stderr == BUSY_LINE
    assert result.stdout == ""
    assert count(db, "select count(*) from posts where person_id = 'P001'") == 0
    # Once the lock is free, the same command lands.
    assert run(*post_args(db, 1)).returncode == 0
    assert count(db, "select count(*) from posts where person_id = 'P001'") == 1


def test_writer_waits_for_a_lock_released_within_its_wait(tmp_path: Path) -> None:
    db = tmp_path / "ldtui.db"
    build_store(db).close()
    with write_lock_held(db, tmp_path) as release:
        poster = start(*post_args(db, 2), "--wait", "60")
        release()
        code, out, err = finish(poster)
    assert (code, err) == (0, ""), err
    assert out.startswith("Post recorded: plan for Learning Day 2025-03-06")


def test_two_imports_of_two_channels_at_once_both_land(tmp_path: Path) -> None:
    db = tmp_path / "new-folder" / "ldtui.db"  # neither finds a file: both create, one migrates
    one = big_export(tmp_path, "learning-day", "C0ONE")
    two = big_export(tmp_path, "learning-ops", "C0TWO")
    first = start("import", "slack-export", str(one), "--channel", "learning-day", "--db", str(db))
    second = start("import", "slack-export", str(two), "--channel", "learning-ops", "--db", str(db))
    for process in (first, second):
        code, out, err = finish(process)
        assert (code, err) == (0, ""), err
        assert "1500 new" in out
    assert count(db, "select count(*) from posts") == 3000
    assert count(db, "select count(*) from channels") == 2
    assert count(db, "PRAGMA user_version") == SCHEMA_VERSION
    assert integrity(db) == "ok"


def test_forty_posts_during_an_import_all_land(tmp_path: Path) -> None:
    db = tmp_path / "ldtui.db"
    export = big_export(tmp_path, "learning-day", "C0ONE", weeks=40)
    Store(db).close()
    importer = start(
        "import", "slack-export", str(export), "--channel", "learning-day", "--db", str(db)
    )
    posters = [start(*post_args(db, i)) for i in range(40)]
    for process in [importer, *posters]:
        code, _, err = finish(process)
        assert (code, err) == (0, ""), err
    assert count(db, "select count(*) from posts where person_id like 'P%'") == 40
    assert count(db, "select count(*) from posts") == 40 + 2400
    assert integrity(db) == "ok"


def old_file(path: Path, version: int) -> None:
    """Write a file at schema ``version`` (only the first migrations run) with some posts."""
    db = sqlite_utils.Database(path)
    for migration in MIGRATIONS[:version]:
        migration(db)
    db.execute(f"PRAGMA user_version = {version}")
    db.table("people").insert_all(
        {"id": f"U{i}", "name": f"Person {i}", "tz": "UTC"} for i in range(50)
    )
    db.table("posts").insert_all(
        {
            "channel_id": "C1",
            "ts": f"{1700000000 + i}.000000",
            "person_id": f"U{i % 50}",
            "text": f"Plan: {i}",
            "text_plain": f"Plan: {i}",
            "posted_at": datetime.fromtimestamp(1700000000 + i, UTC).isoformat(),
        }
        for i in range(5000)
    )
    db.close()


@pytest.mark.parametrize("version", [1, 2])
def test_older_file_opened_by_two_processes_is_migrated_once(tmp_path: Path, version: int) -> None:
    db = tmp_path / "old.db"
    old_file(db, version)
    both = [start("history", "--db", str(db)) for _ in range(2)]
    for process in both:
        code, out, err = finish(process)
        assert (code, err) == (0, ""), err
        assert out.startswith("[")
    assert count(db, "PRAGMA user_version") == SCHEMA_VERSION
    assert count(db, "select count(*) from posts") == 5000
    assert integrity(db) == "ok"


def toasts(app) -> list[str]:
    return [str(t.render()) for t in app.screen.query("Toast")]


async def test_console_away_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "ldtui.db"
    store = build_store(db)
    store.set_busy_timeout(0.5)
    app = make_app(store, Config(), day=THU, clock=lambda: datetime(2026, 11, 26, 15, tzinfo=UTC))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        before = app.console_screen.selected()
        assert before is not None and before.away is None
        with write_lock_held(db, tmp_path) as release:
            await pilot.press("a")
            await pilot.pause()
            said = "\n".join(toasts(app))
            assert "Not saved: database busy" in said and "press a again" in said
            assert app.console_screen.selected().away is None  # the screen is as it was
            # Reads still work while the other process holds the lock (WAL).
            app.console_screen.action_reload()
            await pilot.pause()
            assert app.console_screen.selected().id == before.id
            release()
        app.clear_notifications()
        await pilot.press("a")
        await pilot.pause()
        assert any("is away on" in t for t in toasts(app))
        assert app.console_screen.selected().away is not None
    store.close()
    assert count(db, f"select count(*) from away where person_id = '{before.id}'") == 1


async def test_load_imports_posts_and_console_at_once(tmp_path: Path) -> None:
    db = tmp_path / "ldtui.db"
    store = build_store(db)
    store.set_busy_timeout(2.5)
    base_posts = count(db, "select count(*) from posts")
    one = big_export(tmp_path, "learning-day", "C0ONE", weeks=20)
    two = big_export(tmp_path, "learning-ops", "C0TWO", weeks=20)
    processes = [
        start("import", "slack-export", str(one), "--channel", "learning-day", "--db", str(db)),
        start("import", "slack-export", str(two), "--channel", "learning-ops", "--db", str(db)),
    ]
    posters = [start(*post_args(db, i)) for i in range(20)]
    app = make_app(store, Config(), day=THU, clock=lambda: datetime(2026, 11, 26, 15, tzinfo=UTC))
    presses = 0
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        while any(p.poll() is None for p in processes + posters) and presses < 200:
            await pilot.press("a")
            await pilot.pause()
            presses += 1
        wait_for(lambda: all(p.poll() is not None for p in processes + posters), timeout=180)
        said = toasts(app)
        assert all("Not saved: database busy" in t or " away on " in t for t in said), said
    store.close()
    for process in processes + posters:
        code, _, err = finish(process)
        assert (code, err) == (0, ""), err
    assert count(db, "select count(*) from posts") == base_posts + 2 * 1200 + 20
    assert integrity(db) == "ok"


def test_a_file_not_yet_in_wal_mode_waits_for_the_lock_instead_of_failing(
    tmp_path: Path,
) -> None:
    # Turning a file into WAL fails at once while another process holds a lock on it (SQLite
    # calls no busy handler there): the writer must wait its turn like any other.
    db = tmp_path / "ldtui.db"
    sqlite3.connect(db).close()  # an empty file in the default (rollback) journal mode
    with write_lock_held(db, tmp_path) as release:
        poster = start("post", "--person", "P9", "--name", "Nine", "plan: SQL", "--db", str(db))
        with pytest.raises(subprocess.TimeoutExpired):
            poster.wait(timeout=2)  # still waiting for the lock, not failed
        release()
        code, out, err = finish(poster)
    assert (code, err) == (0, ""), err
    assert out.startswith("Post recorded")
    assert count(db, "select count(*) from posts where person_id = 'P9'") == 1
