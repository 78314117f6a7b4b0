"""Tests for ldtui.store: real SQLite files in tmp_path, fed by Slack-export-shaped folders."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from export_builder import message, person, write_export

from ldtui.importers.slack_export import read_slack_export
from ldtui.learning_day import Markers
from ldtui.records import HistoryRow, ImportResult
from ldtui.store import SCHEMA_VERSION, Store, StoreError

THU = date(2025, 11, 27)
"""A Thursday (Learning Day)."""
PREV_THU = date(2025, 11, 20)


def at(day: date, hour: int, minute: int = 0, micro: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, 0, micro, tzinfo=UTC)


PEOPLE = [
    person("U1", "Alice", tz="Europe/Berlin"),
    person("U2", "Bob", tz="America/New_York"),
    person("U3", "carol", tz="Asia/Tokyo"),
    person("UB", "Standup Bot", is_bot=True),
    person("UD", "Dave", tz="UTC", deleted=True),
    person("UG", "Gina", tz="UTC", deleted=True),
    person("UN", "Nina", tz="UTC", member=False),
    person("UO", "Oscar", tz="UTC", member=False),
]

MESSAGES = [
    # Thursday 27 Nov 2025
    message("U1", at(THU, 7), "Plan: learn SQLite WAL"),  # 08:00 Berlin: plan
    message("U1", at(THU, 7, 30), "and maybe &amp; some <@U2> pairing"),  # later plan
    message("U1", at(THU, 15), "Summary: first take"),  # 16:00 Berlin
    message("U1", at(THU, 17), "final summary: WAL lets readers and a writer share"),
    message("U1", at(THU, 16), "til: a middle summary"),
    message("U2", at(THU, 13), "reading about <@U1> ideas &amp; more"),  # 08:00 New York
    message("UB", at(THU, 9), "Bot says hi"),  # a bot: never a post
    message("UD", at(THU, 10), "Plan: last day here, reading docs"),  # deleted, posted
    message("UN", at(THU, 14), "TIL: outsiders count too"),  # not a member, posted
    # Thursday 20 Nov 2025
    message("U1", at(PREV_THU, 8), "Plan: read the seed"),
    message("U2", at(PREV_THU, 20), "learned about zoneinfo"),  # 15:00 New York: summary
    message("UO", at(PREV_THU, 21), "summary: visiting"),  # not a member, posted
]


def import_into(store: Store, export: Path, channel: str = "learning-day") -> ImportResult:
    return store.import_batch(read_slack_export(export, channel))


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path, people=PEOPLE, messages=MESSAGES)


@pytest.fixture
def store(store: Store, export: Path) -> Store:
    import_into(store, export)
    return store


def by_id(store: Store, day: date) -> dict:
    return {e.id: e for e in store.roster(day)}


# --------------------------------------------------------------------------- importing


def test_first_import_counts(tmp_path: Path, export: Path) -> None:
    with_store = Store(tmp_path / "first.db")
    result = import_into(with_store, export)
    # 12 messages, the bot's is not a post.
    assert result == ImportResult(posts_new=11, posts_updated=0, posts_unchanged=0, people=8)
    assert with_store.counts() == {"people": 8, "channels": 1, "posts": 11, "nudges": 0}
    with_store.close()


def test_import_twice_changes_nothing(store: Store, export: Path) -> None:
    counts = store.counts()
    roster = store.roster(THU)
    history = store.history()
    again = import_into(store, export)
    assert again == ImportResult(posts_new=0, posts_updated=0, posts_unchanged=11, people=8)
    assert store.counts() == counts
    assert store.roster(THU) == roster
    assert store.history() == history


def test_edited_message_updates_text(tmp_path: Path, store: Store) -> None:
    edited = [
        m
        if m["text"] != "Plan: learn SQLite WAL"
        else message(
            "U1",
            at(THU, 7),
            "Plan: learn SQLite WAL and FTS5",
            edited={"user": "U1", "ts": "1764230500.000000"},
        )
        for m in MESSAGES
    ]
    export = write_export(tmp_path, people=PEOPLE, messages=edited)
    result = import_into(store, export)
    assert result.posts_updated == 1
    assert result.posts_new == 0
    assert result.posts_unchanged == 10
    assert store.counts()["posts"] == 11
    assert by_id(store, THU)["U1"].plan == "Plan: learn SQLite WAL and FTS5"


# --------------------------------------------------------------------------- roster


def test_roster_members_who_are_people_plus_posters(store: Store) -> None:
    roster = store.roster(THU)
    # Members Alice, Bob, carol; bot and deleted members (Dave, Gina) excluded unless they
    # posted; Nina posted without being a member; Oscar neither. Sorted by name, any case.
    assert [e.name for e in roster] == ["Alice", "Bob", "carol", "Dave", "Nina"]
    entries = {e.id: e for e in roster}
    assert entries["UD"].deleted is True
    assert entries["UD"].plan == "Plan: last day here, reading docs"
    assert entries["UN"].summary == "TIL: outsiders count too"
    assert entries["U3"].plan is None and entries["U3"].summary is None
    assert entries["U3"].tz_name == "Asia/Tokyo"


def test_roster_on_another_day(store: Store) -> None:
    roster = store.roster(PREV_THU)
    # Dave (deleted) did not post that day: not on it. Oscar posted: on it.
    assert [e.id for e in roster] == ["U1", "U2", "U3", "UO"]


def test_earliest_plan_and_latest_summary(store: Store) -> None:
    alice = by_id(store, THU)["U1"]
    assert alice.plan == "Plan: learn SQLite WAL"
    assert alice.plan_at == at(THU, 7)
    assert alice.summary == "final summary: WAL lets readers and a writer share"
    assert alice.summary_at == at(THU, 17)
    bob = by_id(store, THU)["U2"]
    # Plain text: a mention shows as @Name, &amp; as &.
    assert bob.plan == "reading about @Alice ideas & more"
    assert bob.summary is None
    assert bob.plan_at is not None and bob.plan_at.utcoffset().total_seconds() == 0


def test_history_newest_first(store: Store) -> None:
    assert store.history() == [
        # Members Alice, Bob, carol + posters Dave and Nina.
        HistoryRow(THU, roster=5, plans=3, summaries=2, both=1),
        # Members + Oscar.
        HistoryRow(PREV_THU, roster=4, plans=1, summaries=2, both=0),
    ]
    assert store.learning_days() == [THU, PREV_THU]


def test_history_roster_matches_roster_with_several_channels(tmp_path: Path) -> None:
    """A person who is a member of two imported channels counts once."""
    people = [person("U1", "Alice"), person("U2", "Bob")]
    first = write_export(
        tmp_path, people=people, messages=[message("U1", at(THU, 8), "Plan: read")]
    )
    second = write_export(
        tmp_path,
        people=people,
        messages=[message("U2", at(THU, 9), "hello")],
        channel="random",
        channel_id="C0RANDOM",
        folder="export2",
    )
    store = Store(tmp_path / "two.db")
    import_into(store, first)
    import_into(store, second, "random")
    assert len(store.roster(THU)) == 2
    assert store.history() == [HistoryRow(THU, roster=2, plans=2, summaries=0, both=0)]
    store.close()
    only = Store(tmp_path / "two.db", channel="learning-day")
    assert [e.id for e in only.roster(THU)] == ["U1", "U2"]
    # The configured channel chooses the standing roster; posts count from every imported
    # channel (each import names a Learning Day channel on purpose).
    assert only.history() == [HistoryRow(THU, roster=2, plans=2, summaries=0, both=0)]
    only.close()


# --------------------------------------------------------------------------- reclassifying


def test_changing_default_timezone_on_reopen_reclassifies(tmp_path: Path) -> None:
    people = [person("U1", "Zoe", tz=None)]
    export = write_export(
        tmp_path, people=people, messages=[message("U1", at(THU, 11, 30), "reading the docs")]
    )
    db = tmp_path / "tz.db"
    store = Store(db)
    import_into(store, export)
    zoe = store.roster(THU)[0]
    assert (zoe.plan, zoe.summary) == ("reading the docs", None)  # 11:30 UTC: a plan
    store.close()

    tokyo = Store(db, default_timezone="Asia/Tokyo")  # 20:30 in Tokyo: a summary
    zoe = tokyo.roster(THU)[0]
    assert (zoe.plan, zoe.summary) == (None, "reading the docs")
    assert tokyo.history() == [HistoryRow(THU, roster=1, plans=0, summaries=1, both=0)]
    tokyo.close()

    back = Store(db)
    assert back.roster(THU)[0].plan == "reading the docs"
    back.close()


def test_changing_markers_on_reopen_reclassifies(tmp_path: Path) -> None:
    people = [person("U1", "Zoe", tz="UTC")]
    export = write_export(
        tmp_path,
        people=people,
        messages=[
            message("U1", at(THU, 8), "Summary: early wrap-up"),
            message("U1", at(THU, 15), "Intent: tomorrow's reading"),
        ],
    )
    db = tmp_path / "markers.db"
    store = Store(db)
    import_into(store, export)
    zoe = store.roster(THU)[0]
    assert (zoe.plan, zoe.summary) == (None, "Intent: tomorrow's reading")
    store.close()

    other = Store(db, markers=Markers(plan=("intent:",), summary=("done:",)))
    zoe = other.roster(THU)[0]
    # "Summary:" is no longer a marker: 08:00 is a plan... but the earliest plan wins.
    assert zoe.plan == "Summary: early wrap-up"
    assert zoe.summary is None
    assert other.history() == [HistoryRow(THU, roster=1, plans=1, summaries=0, both=0)]
    other.close()


def test_tz_change_on_reimport_reclassifies_old_posts(tmp_path: Path) -> None:
    msgs = [message("U1", at(THU, 11), "reading about WAL")]
    first = write_export(tmp_path, people=[person("U1", "Zoe", tz="UTC")], messages=msgs)
    store = Store(tmp_path / "move.db")
    import_into(store, first)
    zoe = store.roster(THU)[0]
    assert (zoe.plan, zoe.summary) == ("reading about WAL", None)

    # Zoe moved to Tokyo; the new export has no new posts at all.
    moved = write_export(tmp_path, people=[person("U1", "Zoe", tz="Asia/Tokyo")], messages=msgs)
    result = import_into(store, moved)
    assert result.posts_unchanged == 1
    zoe = store.roster(THU)[0]
    assert zoe.tz_name == "Asia/Tokyo"
    assert (zoe.plan, zoe.summary) == (None, "reading about WAL")  # 20:00 in Tokyo
    store.close()


# --------------------------------------------------------------------------- the file


def test_schema_version_recorded(tmp_path: Path) -> None:
    store = Store(tmp_path / "v.db")
    assert store.schema_version == SCHEMA_VERSION
    store.close()
    conn = sqlite3.connect(tmp_path / "v.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_newer_schema_raises(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db)


def test_not_a_database_raises(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database\n" * 200, encoding="utf-8")
    with pytest.raises(StoreError, match="notes.db"):
        Store(junk)
    assert junk.read_text(encoding="utf-8").startswith("these are my notes")


def test_wal_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "wal.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    conn = sqlite3.connect(tmp_path / "wal.db")  # WAL is a property of the file
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_second_connection_sees_import(tmp_path: Path, export: Path) -> None:
    db = tmp_path / "shared.db"
    console = Store(db)
    importer = Store(db)
    assert console.roster(THU) == []
    version = console.data_version()
    import_into(importer, export)
    importer.close()
    assert console.data_version() != version
    assert [e.name for e in console.roster(THU)] == ["Alice", "Bob", "carol", "Dave", "Nina"]
    assert console.history()[0] == HistoryRow(THU, roster=5, plans=3, summaries=2, both=1)
    console.close()


def test_console_opened_before_first_import_filters_by_channel(
    tmp_path: Path, export: Path
) -> None:
    """A console limited to a channel name, opened on an empty file, sees a later import."""
    db = tmp_path / "early.db"
    console = Store(db, channel="learning-day")
    importer = Store(db)
    import_into(importer, export)
    importer.close()
    assert [e.name for e in console.roster(THU)] == ["Alice", "Bob", "carol", "Dave", "Nina"]
    assert [h.day for h in console.history()] == [THU, PREV_THU]
    console.close()


def test_history_has_every_thursday_between_the_first_and_the_newest(tmp_path: Path) -> None:
    """A Thursday nobody posted on is a row of zeros (0 % participation), not a gap: the
    participation chart's bars are one per Thursday."""
    three_weeks_later = date(2025, 12, 18)
    export = write_export(
        tmp_path,
        people=[person("U1", "Alice", tz="UTC"), person("U2", "Bob", tz="UTC")],
        messages=[
            message("U1", at(THU, 9), "Plan: read"),
            message("U1", at(three_weeks_later, 9), "Plan: write"),
            message("U2", at(three_weeks_later, 16), "Summary: wrote"),
        ],
    )
    store = Store(tmp_path / "gaps.db")
    import_into(store, export)
    rows = store.history()
    assert [row.day for row in rows] == [
        three_weeks_later,
        date(2025, 12, 11),
        date(2025, 12, 4),
        THU,
    ]
    assert rows[1] == HistoryRow(date(2025, 12, 11), roster=2, plans=0, summaries=0, both=0)
    assert rows[1].participation_rate == 0
    assert rows[3].plans == 1
    store.close()
