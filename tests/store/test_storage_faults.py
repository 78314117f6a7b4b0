"""Storage faults named truthfully: read-only files, a full disk, damaged pages, a mistyped
``--db`` folder; ``ldtui db check`` and ``ldtui db backup``; the demo cleans up after itself."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from console_data import CHANNEL, THU, build_store
from locking_helpers import run

from ldtui import cli
from ldtui.config import Config
from ldtui.records import NewPost
from ldtui.store import Store, StoreFull
from ldtui.tui.app import make_app

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def post(db: Path, *extra: str) -> list[str]:
    return ["post", "Plan: read", "--person", "U1ADA", "--at", "2026-11-26T09:00+00:00",
            "--db", str(db), *extra]  # fmt: skip


def healthy(tmp_path: Path) -> Path:
    db = tmp_path / "ldtui.db"
    build_store(db).close()
    return db


def one_line(text: str) -> str:
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text.strip()


# --------------------------------------------------------------------------- read-only


def test_read_only_option_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    db = healthy(tmp_path)
    before = db.stat().st_mtime_ns
    roster = run("--read-only", "roster", "--day", THU.isoformat(), "--db", str(db))
    assert roster.returncode == 0, roster.stderr
    assert '"name": "Ada Lovelace"' in roster.stdout
    for command in (["history"], ["people", "list"], ["digest"], ["db", "check"]):
        result = run("--read-only", *command, "--db", str(db))
        assert result.returncode == 0, (command, result.stderr)
    refused = run("--read-only", *post(db))
    assert refused.returncode == 1
    assert "read-only" in one_line(refused.stderr)
    assert db.stat().st_mtime_ns == before


def test_read_only_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    db = healthy(tmp_path)
    monkeypatch.setenv("LDTUI_READ_ONLY", "1")
    refused = run("away", "Ada", "--from", "2026-11-26", "--to", "2026-11-26", "--db", str(db))
    assert refused.returncode == 1
    assert "read-only" in one_line(refused.stderr)


@pytest.mark.skipif(AS_ROOT, reason="root ignores file permissions: --read-only covers this")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_unwritable_file_or_folder_opens_read_only(tmp_path: Path, what: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = healthy(folder)
    (db.chmod if what == "file" else folder.chmod)(0o444 if what == "file" else 0o555)
    try:
        roster = run("roster", "--day", THU.isoformat(), "--db", str(db))
        assert roster.returncode == 0, roster.stderr
        assert "Ada Lovelace" in roster.stdout
        refused = run(*post(db))
        assert refused.returncode == 1
        assert "read-only" in one_line(refused.stderr)
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


async def test_console_on_read_only_database_says_so_and_keeps_running(tmp_path: Path) -> None:
    db = healthy(tmp_path)
    store = Store(db, read_only=True)
    app = make_app(store, Config(), day=THU, clock=lambda: datetime(2026, 11, 26, 15, tzinfo=UTC))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert len(app.console_screen.entries) == 4
        await pilot.press("a")
        await pilot.pause()
        said = [str(t.render()) for t in app.screen.query("Toast")]
        assert any("Not saved: the database is read-only here." in t for t in said), said
        assert app.console_screen.selected().away is None
    store.close()


# --------------------------------------------------------------------------- disk full


def test_full_disk_is_named_and_nothing_is_half_written(tmp_path: Path) -> None:
    store = build_store(tmp_path / "ldtui.db")
    before = store.counts()
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    many = [
        NewPost(
            CHANNEL,
            f"1800000000.{i:06d}",
            "U1ADA",
            "Plan: " + "x" * 500,
            "x",
            datetime(2027, 1, 7, 9, tzinfo=UTC),
        )
        for i in range(2000)
    ]
    with pytest.raises(StoreFull, match="disk full") as raised:
        store.add_posts(many)
    assert "not an ldtui database" not in str(raised.value)
    assert store.counts() == before
    store.close()
    assert Store(tmp_path / "ldtui.db").counts() == before


# --------------------------------------------------------------------------- damage


def damaged_copy(db: Path, tmp_path: Path) -> Path:
    """A copy of ``db`` (checkpointed, so it is all in the main file) with garbage written over
    pages in the middle; page 1 (the schema) is kept."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    broken = tmp_path / "damaged.db"
    shutil.copy(db, broken)
    size = broken.stat().st_size
    with broken.open("r+b") as handle:
        handle.seek(max(4096 * 2, size // 3))
        handle.write(b"\xde\xad\xbe\xef garbage " * ((size // 3) // 14))
    return broken


def big_healthy(tmp_path: Path) -> Path:
    db = tmp_path / "ldtui.db"
    store = build_store(db)
    store.add_posts(
        [
            NewPost(CHANNEL, f"1800000000.{i:06d}", "U1ADA", f"Plan: {i} " + "y" * 300, "y",
                    datetime(2027, 1, 7, 9, tzinfo=UTC))
            for i in range(3000)
        ]
    )  # fmt: skip
    store.close()
    return db


def test_db_check_healthy_and_damaged(tmp_path: Path) -> None:
    db = big_healthy(tmp_path)
    ok = run("db", "check", "--db", str(db))
    assert (ok.returncode, ok.stdout) == (0, "ok\n")
    broken = damaged_copy(db, tmp_path)
    bad = run("db", "check", "--db", str(broken))
    assert bad.returncode == 1
    assert bad.stdout.strip() and bad.stdout != "ok\n"
    assert "ldtui db backup PATH" in one_line(bad.stderr)


def test_damaged_pages_point_at_check_and_backup(tmp_path: Path) -> None:
    broken = damaged_copy(big_healthy(tmp_path), tmp_path)
    result = run("export", "--from", "2026-11-01", "--to", "2027-02-01", "--db", str(broken))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "damaged" in line and "ldtui db check" in line and "ldtui db backup PATH" in line
    assert "not an ldtui database" not in line
    assert "Traceback" not in result.stderr


def test_db_backup_copies_and_refuses_to_overwrite(tmp_path: Path) -> None:
    db = healthy(tmp_path)
    target = tmp_path / "copy.db"
    first = run("db", "backup", str(target), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"Backed up {db} to {target}\n"
    assert Store(target).counts() == Store(db).counts()
    again = run("db", "backup", str(target), "--db", str(db))
    assert again.returncode == 1
    assert "already exists" in again.stderr and "--force" in again.stderr
    forced = run("db", "backup", str(target), "--force", "--db", str(db))
    assert forced.returncode == 0, forced.stderr
    assert run("db", "check", "--db", str(target)).stdout == "ok\n"


# --------------------------------------------------------------------------- missing folder


@pytest.mark.parametrize(
    "command",
    [
        ["roster"],
        ["history"],
        ["people", "list"],
        ["digest"],
        ["export", "--from", "2026-11-01", "--to", "2026-12-01"],
    ],
)
def test_read_command_with_db_in_missing_folder(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "no-such-folder" / "ldtui.db"
    result = CliRunner().invoke(cli.main, [*command, "--db", str(db)])
    assert result.exit_code == 1
    assert result.output == f"{db}: the folder {db.parent} does not exist\n"
    assert not db.parent.exists()


def test_console_with_db_in_missing_folder(tmp_path: Path) -> None:
    db = tmp_path / "no-such-folder" / "ldtui.db"
    result = CliRunner().invoke(cli.main, ["--db", str(db)])
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not db.parent.exists()


# --------------------------------------------------------------------------- demo


@pytest.mark.parametrize("keep", [False, True])
def test_demo_removes_its_folder_unless_kept(monkeypatch, keep: bool) -> None:
    seen: list[Path] = []

    def fake_console(context, day, title=None, *, reader=True) -> None:  # noqa: ANN001
        seen.append(context.db_path)
        assert Store(context.db_path).counts()["posts"] > 0

    monkeypatch.setattr(cli.base, "run_console", fake_console)
    result = CliRunner().invoke(cli.main, ["demo", *(["--keep"] if keep else [])])
    assert result.exit_code == 0, result.output
    folder = seen[0].parent
    if keep:
        assert result.output == f"demo database kept: {seen[0]}\n"
        assert folder.exists()
        shutil.rmtree(folder)
    else:
        assert not folder.exists()
