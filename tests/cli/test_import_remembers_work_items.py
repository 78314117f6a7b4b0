"""After ``ldtui import slack-export``, the work items of the newest Learning Days' summaries
are remembered, so the signals screen reads them instead of matching every text again; the
signals are the same as matching afresh."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

from export_builder import message, person, write_export

from ldtui.insights.signals import RECENT_REMEMBERED, WorkPatterns, find_signals
from ldtui.store import Store

FIRST = datetime(2026, 6, 4, tzinfo=UTC)  # a Thursday
WEEKS = RECENT_REMEMBERED + 3


def _export(tmp_path):
    people = [person("U1", "Ada Lovelace"), person("U2", "Bob Smith")]
    messages = []
    for week in range(WEEKS):
        day = FIRST + timedelta(weeks=week)
        messages += [
            message("U1", day + timedelta(hours=9), f"Plan: Rust chapter {week}"),
            message("U1", day + timedelta(hours=16), f"Summary: fixed the bug JIRA-{week}"),
            message("U2", day + timedelta(hours=16, minutes=5), f"Summary: read about SQL {week}"),
        ]
    return write_export(tmp_path, people=people, messages=messages)


def _import(export, db) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ldtui", "import", "slack-export", str(export)]
        + ["--channel", "learning-day", "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_an_import_remembers_the_work_items_of_the_newest_thursdays(tmp_path):
    db = tmp_path / "ldtui.db"
    _import(_export(tmp_path), db)
    patterns = WorkPatterns()
    store = Store(db)
    try:
        days = store.learning_days()
        assert len(days) == WEEKS
        for day in days[:RECENT_REMEMBERED]:
            known, unknown = store.summary_work_hits(day, patterns.fingerprint)
            assert not unknown and set(known) == {"U1", "U2"}
            assert known["U2"] == []  # remembered as "no work items"
            assert known["U1"]  # the ticket and the bug fix
        older = days[-1]
        _, unknown = store.summary_work_hits(older, patterns.fingerprint)
        assert set(unknown) == {"U1", "U2"}  # older Thursdays are matched when asked about
        now = datetime.combine(days[0] + timedelta(days=7), datetime.min.time(), UTC)
        remembered = find_signals(store, days, now=now, patterns=patterns, remember=False)
    finally:
        store.close()
    fresh_db = tmp_path / "fresh.db"
    fresh = Store(fresh_db)
    try:
        from ldtui.importers.slack_export import read_slack_export

        fresh.import_batch(read_slack_export(tmp_path / "export", "learning-day"))
        matched = find_signals(fresh, days, now=now, patterns=patterns, remember=False)
    finally:
        fresh.close()
    assert remembered == matched
    assert any(s.kind == "work-items" and s.day == days[0] for s in matched)
