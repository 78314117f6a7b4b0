"""A database file damaged while the console is open: every key that reads says so in one line
and the console keeps running (never an exit, never a traceback).

The file is a real SQLite file (tests/helpers/console_data.py). Once the console has read it,
every page but the first is overwritten with garbage and another connection commits a change
to the header, so the console's connection drops its page cache and reads the damaged pages
(SQLITE_CORRUPT: "database disk image is malformed").
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from console_data import PREV, build_store
from console_pilot import console, counts, screen_name, settle

from ldtui.store import Store
from ldtui.tui.format import format_day

GARBAGE = b"\xde\xad\xbe\xef"


def damage(db: Path) -> None:
    """Overwrite every page of ``db`` but the first with garbage (after a checkpoint: all
    pages in the main file), then commit a header change from another connection."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    with db.open("r+b") as handle:
        for page in range(2, pages + 1):
            handle.seek((page - 1) * size)
            handle.write(GARBAGE * (size // len(GARBAGE)))
    conn.execute("PRAGMA application_id = 1")
    conn.close()


WAIT_SECONDS = 20.0


async def problem_said(pilot, said: list[str]) -> str:
    """Wait (polling, at most :data:`WAIT_SECONDS`) for a notification saying the database is
    damaged; return it."""
    for _ in range(int(WAIT_SECONDS / 0.05)):
        found = [m for m in said if "damaged" in m]
        if found:
            return found[0]
        await pilot.pause(0.05)
    raise AssertionError(f"no notification about the damage; notified: {said}")


# Keys that read, each from the console showing the Thursday before the newest (so ``]``
# reads too), and the screen that is on top afterwards.
CASES = {
    "previous Thursday": (["left_square_bracket"], "ConsoleScreen"),
    "next Thursday": (["right_square_bracket"], "ConsoleScreen"),
    "newest Thursday": (["G"], "ConsoleScreen"),
    "re-read": (["r"], "ConsoleScreen"),
    "cursor down (detail pane)": (["down"], "ConsoleScreen"),
    "team filter": (["t"], "ConsoleScreen"),
    "order": (["o"], "ConsoleScreen"),
    "nudge": (["n"], "ConsoleScreen"),
    "nudge all": (["N"], "ConsoleScreen"),
    "digest": (["D"], "ConsoleScreen"),
    "history": (["h"], "HistoryScreen"),
    "timeline": (["p"], "TimelineScreen"),
    "search": (["ctrl+f", "r", "a", "f", "t", "enter"], "SearchScreen"),
    "search from history": (["h", "slash", "r", "a", "f", "t", "enter"], "SearchScreen"),
    "signals": (["s"], "SignalsScreen"),
    "signals of 4 Thursdays": (["s", "w"], "SignalsScreen"),
    "file watcher (another process committed)": ([], "ConsoleScreen"),
}


@pytest.mark.parametrize("case", CASES)
async def test_a_read_of_a_damaged_page_is_a_notification(tmp_path: Path, case: str) -> None:
    keys, screen = CASES[case]
    db = tmp_path / "ldtui.db"
    build_store(db).close()
    store = Store(db)
    app = console(store)
    said: list[str] = []
    notify = app.notify

    def remember(message: str, **kwargs) -> None:
        said.append(message)
        notify(message, **kwargs)

    app.notify = remember  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("left_square_bracket")
        await settle(pilot)
        shown = counts(app)
        assert format_day(PREV) in shown
        damage(db)
        # A first read of the damaged pages (the file watcher's case: its tick reads them
        # by itself, every couple of seconds).
        if keys:
            await pilot.press("r")
        line = await problem_said(pilot, said)
        if keys:
            app.clear_notifications()
            said.clear()
            await pilot.press(*keys)
            line = await problem_said(pilot, said)
        assert "\n" not in line
        assert str(db) in line and "ldtui db check" in line
        assert app.is_running
        assert screen_name(app) == screen
        if screen == "ConsoleScreen":
            assert format_day(PREV) in counts(app)  # still the Thursday it showed
        else:
            await pilot.press("escape")
            await settle(pilot)
        # Still answering keys.
        await pilot.press("question_mark")
        await pilot.pause()
        assert screen_name(app) == "HelpScreen"
    store.close()
