"""A bulk import (posts loaded with the search triggers and indexes dropped, then rebuilt
once) stores and finds exactly what the same posts imported a few at a time do, and leaves
the full-text index complete and kept in step afterwards."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import pytest
from generated_export import generate_export

from ldtui.importers.slack_export import SlackExportReader
from ldtui.records import ImportBatch, NewPost
from ldtui.store import Store, merge

WORDS = [
    "learning",
    "zymurgy",
    "rust",
    "plan",
    "summary",
    "type*",
    '"learning day"',
    "learning NOT rust",
]
POSTS = "select channel_id, ts, person_id, text, text_plain, posted_at, day, kind from posts"


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    return generate_export(tmp_path_factory.mktemp("bench"), people=20, thursdays=6, seed=3)


def bulk(export: Path, path: Path) -> Store:
    """The whole export in one import into an empty file (the bulk load)."""
    store = Store(path)
    with SlackExportReader(export, "learning-day") as reader:
        store.import_batch(reader.batch())
    return store


def trickled(export: Path, path: Path, first: int, size: int) -> Store:
    """The same posts in order: ``first`` of them, then batches of ``size``."""
    store = Store(path)
    with SlackExportReader(export, "learning-day") as reader:
        posts = reader.iter_posts()
        count = first
        while batch := list(islice(posts, count)):
            store.import_batch(ImportBatch(reader.people, reader.channel, batch))
            count = size
    return store


def search_index_is_complete(store: Store) -> None:
    conn = store.conn
    # FTS5 checks its index against the content table (raises SQLITE_CORRUPT_VTAB if not).
    conn.execute("insert into posts_fts (posts_fts, rank) values ('integrity-check', 1)")
    assert (
        conn.execute("select count(*) from posts_fts").fetchone()
        == conn.execute("select count(*) from posts").fetchone()
    )
    triggers = {r[0] for r in conn.execute("select name from sqlite_master where type='trigger'")}
    assert {"posts_ai", "posts_ad", "posts_au"} <= triggers
    indexes = {r[0] for r in conn.execute("select name from sqlite_master where type='index'")}
    assert "idx_posts_day_person" in indexes
    # The rebuild's larger hash size is not kept: later writes use FTS5's default.
    hashsize = conn.execute("select v from posts_fts_config where k = 'hashsize'").fetchone()
    assert hashsize in (None, (merge.FTS_HASH_BYTES,))


def same_answers(a: Store, b: Store) -> None:
    assert (
        a.conn.execute(POSTS + " order by ts").fetchall()
        == b.conn.execute(POSTS + " order by ts").fetchall()
    )
    for word in WORDS:
        assert a.search(word, limit=1000) == b.search(word, limit=1000), word
    assert a.history() == b.history()
    for day in a.learning_days():
        assert a.roster(day) == b.roster(day)


def test_bulk_and_trickled_imports_find_the_same(export, tmp_path):
    loaded = bulk(export, tmp_path / "bulk.db")
    slow = trickled(export, tmp_path / "slow.db", first=1, size=150)
    assert loaded.search("learning", limit=1000)  # the comparison is not of two empty lists
    same_answers(loaded, slow)
    search_index_is_complete(loaded)
    search_index_is_complete(slow)


def test_a_large_import_into_a_filled_file_rebuilds_the_index(export, tmp_path, monkeypatch):
    slow = trickled(export, tmp_path / "slow.db", first=1, size=150)
    # Half the posts first, then the rest as one import that counts as large.
    monkeypatch.setattr(merge, "BULK_MIN_ROWS", 1)
    total = slow.conn.execute("select count(*) from posts").fetchone()[0]
    halves = trickled(export, tmp_path / "halves.db", first=total // 2, size=total)
    same_answers(halves, slow)
    search_index_is_complete(halves)


def test_the_index_follows_writes_after_a_bulk_import(export, tmp_path):
    store = bulk(export, tmp_path / "bulk.db")
    person = store.conn.execute("select person_id from posts limit 1").fetchone()[0]
    when = datetime(2026, 12, 3, 9, tzinfo=UTC)
    store.add_posts([NewPost("C0BENCH001", "1796288400.000001", person, "quokka", "quokka", when)])
    assert [hit.ts for hit in store.search("quokka")] == ["1796288400.000001"]
    search_index_is_complete(store)


def test_a_later_copy_in_a_bulk_import_replaces_the_earlier_in_the_index(tmp_path, monkeypatch):
    # A copy of a post in a later batch replaces it, in the table and in the index.
    monkeypatch.setattr(merge, "IMPORT_BATCH", 50)
    store = Store(tmp_path / "copies.db")
    start = datetime(2026, 12, 3, 9, tzinfo=UTC)
    posts = [
        NewPost(
            "C1", f"{1796288400 + n}.000001", "U1", f"post {n} wombat", f"post {n} wombat", start
        )
        for n in range(120)
    ]
    edited = NewPost("C1", posts[0].ts, "U1", "quokka", "quokka", start, edited_ts="1796288999.1")
    store.add_posts([*posts, edited], channel_name="learning-day")
    assert [hit.ts for hit in store.search("quokka")] == [posts[0].ts]
    assert len(store.search("wombat", limit=500)) == 119
    search_index_is_complete(store)
