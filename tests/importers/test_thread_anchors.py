"""Bots' kickoff messages in a Slack export become thread anchors for ``thread_under``: the
first top-level message per author and Learning Day, by bot id or bot user id."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from export_builder import CHANNEL_ID, message, person, slack_ts, write_export

from ldtui.importers.slack_export import SlackExportReader, read_slack_export
from ldtui.store import Store
from ldtui.store.schema import MIGRATIONS, SCHEMA_VERSION, _migration_thread_anchors

THU = date(2025, 11, 27)
KICKOFF_AT = datetime(2025, 11, 27, 7, 0, tzinfo=UTC)
PEOPLE = [person("U1", "Ada"), person("UBOT", "Standup Bot", is_bot=True, member=False)]


def bot(at: datetime, text: str, **extra: object) -> dict:
    return message(None, at, text, subtype="bot_message", bot_id="B0KICK", **extra)


MESSAGES = [
    bot(datetime(2025, 11, 26, 12, tzinfo=UTC), "Wednesday noon: not this Learning Day"),
    bot(KICKOFF_AT, "Learning Day! Plans in this thread"),
    bot(
        datetime(2025, 11, 27, 7, 1, tzinfo=UTC),
        "a reply in the thread",
        thread_ts=slack_ts(KICKOFF_AT),
    ),
    bot(datetime(2025, 11, 27, 15, tzinfo=UTC), "afternoon reminder"),
    message(
        "UBOT",
        datetime(2025, 11, 27, 8, tzinfo=UTC),
        "Standup time",
        bot_id="B0STANDUP",
    ),
    message("U1", datetime(2025, 11, 27, 9, tzinfo=UTC), "Plan: read about WAL"),
]


def test_streamed_import_records_each_bots_first_top_level_message(tmp_path: Path) -> None:
    export = write_export(tmp_path, people=PEOPLE, messages=MESSAGES)
    store = Store(tmp_path / "ldtui.db")
    assert store.conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    with SlackExportReader(export, "learning-day") as reader:
        result = store.import_batch(reader.batch())
    assert result.posts_new == 1  # only Ada's plan is a post
    kickoff = (CHANNEL_ID, slack_ts(KICKOFF_AT))
    assert store.first_post_of("B0KICK", THU) == kickoff
    standup = (CHANNEL_ID, slack_ts(datetime(2025, 11, 27, 8, tzinfo=UTC)))
    assert store.first_post_of("B0STANDUP", THU) == standup
    assert store.first_post_of("UBOT", THU) == standup
    assert store.first_post_of("B0KICK", date(2025, 11, 20)) is None
    assert store.first_post_of("U1", THU) == (
        CHANNEL_ID,
        slack_ts(datetime(2025, 11, 27, 9, tzinfo=UTC)),
    )
    store.close()


def test_anchor_only_moves_to_an_earlier_message(tmp_path: Path) -> None:
    store = Store(tmp_path / "ldtui.db")
    store.import_batch(read_slack_export(write_export(tmp_path, PEOPLE, MESSAGES), "learning-day"))
    later = [bot(datetime(2025, 11, 27, 10, tzinfo=UTC), "a later export, kickoff gone")]
    store.import_batch(read_slack_export(write_export(tmp_path, PEOPLE, later), "learning-day"))
    assert store.first_post_of("B0KICK", THU) == (CHANNEL_ID, slack_ts(KICKOFF_AT))
    earlier_at = datetime(2025, 11, 26, 19, tzinfo=UTC)  # Wednesday evening grace
    earlier = [bot(earlier_at, "early kickoff")]
    store.import_batch(read_slack_export(write_export(tmp_path, PEOPLE, earlier), "learning-day"))
    assert store.first_post_of("B0KICK", THU) == (CHANNEL_ID, slack_ts(earlier_at))
    store.close()


def test_the_export_reader_lists_the_anchors_it_saw(tmp_path: Path) -> None:
    export = read_slack_export(write_export(tmp_path, PEOPLE, MESSAGES), "learning-day")
    assert [(a.author, a.ts) for a in export.thread_anchors] == [
        ("B0KICK", slack_ts(datetime(2025, 11, 26, 12, tzinfo=UTC))),
        ("B0KICK", slack_ts(KICKOFF_AT)),
        ("B0STANDUP", slack_ts(datetime(2025, 11, 27, 8, tzinfo=UTC))),
        ("UBOT", slack_ts(datetime(2025, 11, 27, 8, tzinfo=UTC))),
        ("B0KICK", slack_ts(datetime(2025, 11, 27, 15, tzinfo=UTC))),
    ]
    assert export.skipped["bot"] == 5


def test_an_older_file_gets_the_thread_anchors_table(tmp_path: Path) -> None:
    db = tmp_path / "ldtui.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("drop table thread_anchors")
    conn.execute(f"pragma user_version = {MIGRATIONS.index(_migration_thread_anchors)}")
    conn.commit()
    conn.close()
    store = Store(db)
    assert store.schema_version == SCHEMA_VERSION
    assert store.first_post_of("B0KICK", THU) is None
    store.close()
