"""An export imported as the reader's bulk rows (:class:`PostRow` tuples, dated and
classified from ``ts``; or rows dated and classified in a reading process) stores exactly what
the same posts as :class:`NewPost` objects store: every column of every post, the derived
totals and the search answers, for the real export in ../shared/fixtures and for a generated
one with people in many zones, a facilitator's zone, a zone the user list lacks, a non-UTC
default zone and other markers."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from generated_export import generate_export

from ldtui.importers import slack_export
from ldtui.importers.slack_export import SlackExportReader, classify_rows
from ldtui.learning_day import Markers
from ldtui.records import ImportBatch, NewPerson, PostRow, RowRules
from ldtui.store import Store

TABLES = ("posts", "participation", "day_totals", "thread_anchors")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generate_export(tmp_path_factory.mktemp("gen"), 30, 8, 5)


def imported(export: Path, channel: str, path: Path, rows: bool) -> Store:
    store = Store(path, default_timezone="America/Chicago")
    with SlackExportReader(export, channel) as reader:
        posts = reader.iter_rows() if rows else reader.iter_posts()
        batch = ImportBatch(
            reader.people, reader.channel, posts, thread_anchors=reader.thread_anchors
        )
        store.import_batch(batch)
    return store


def contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {t: store.conn.execute(f"select * from {t} order by 1, 2, 3").fetchall() for t in TABLES}


def assert_same(export: Path, channel: str, tmp_path: Path) -> None:
    fast = imported(export, channel, tmp_path / f"{channel}-rows.db", rows=True)
    plain = imported(export, channel, tmp_path / f"{channel}-posts.db", rows=False)
    assert contents(fast) == contents(plain), channel
    assert fast.history() == plain.history()
    for word in ("the", "data", "learning", "rust"):
        assert fast.search(word, limit=500) == plain.search(word, limit=500), word
    fast.close()
    plain.close()


def test_rows_and_posts_store_the_same_for_the_real_export(slack_export_2016, tmp_path):
    channels = [c["name"] for c in json.loads((slack_export_2016 / "channels.json").read_text())]
    assert len(channels) > 5
    for channel in channels:
        assert_same(slack_export_2016, channel, tmp_path)


def test_rows_and_posts_store_the_same_for_a_generated_export(generated, tmp_path):
    assert_same(generated, "learning-day", tmp_path)
    store = imported(generated, "learning-day", tmp_path / "check.db", rows=True)
    zones = store.conn.execute("select count(distinct tz) from people").fetchone()[0]
    kinds = store.conn.execute("select count(distinct kind) from posts").fetchone()[0]
    assert zones > 3 and kinds == 2  # the comparison covers zones and both kinds
    store.close()


def test_rows_into_a_filled_store_change_nothing(generated, tmp_path):
    store = imported(generated, "learning-day", tmp_path / "twice.db", rows=False)
    before = contents(store)
    with SlackExportReader(generated, "learning-day") as reader:
        rows = list(reader.iter_rows())
        assert all(type(r) is PostRow for r in rows)
        result = store.import_batch(ImportBatch(reader.people, reader.channel, rows))
    assert (result.posts_new, result.posts_updated) == (0, 0)
    assert result.posts_unchanged == len(rows)
    assert contents(store) == before
    store.close()


# Swapped, so that the markers decide many posts' kinds differently from the default ones.
SWAPPED = Markers(plan=("summary:", "til:"), summary=("plan:",))


def prepared(path: Path, facilitator: str, kept: str) -> Store:
    """A store with the default zone America/Chicago and :data:`SWAPPED` markers, where a
    facilitator set ``facilitator``'s zone and ``kept`` has a zone the user list lacks."""
    store = Store(path, default_timezone="America/Chicago", markers=SWAPPED)
    store.set_person(facilitator, name="F", tz="Pacific/Auckland")
    store.add_people([NewPerson(kept, "K", tz="Asia/Tokyo")])
    return store


def test_rows_classified_in_a_reading_process_store_the_same(generated, tmp_path, monkeypatch):
    export = Path(shutil.copytree(generated, tmp_path / "export"))
    users = json.loads((export / "users.json").read_text())
    with SlackExportReader(export, "learning-day") as reader:
        posters = Counter(row.person_id for row in reader.iter_rows())
    facilitator, kept, defaulted = (pid for pid, _ in posters.most_common(3))
    for user in users:
        if user["id"] == kept:
            user["tz"] = ""  # the stored zone stays
        if user["id"] == defaulted:
            user["tz"] = "Mars/Olympus_Mons"  # unknown: the default zone
    (export / "users.json").write_text(json.dumps(users))
    monkeypatch.setattr(slack_export, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(slack_export.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    stores = []
    for name, rules in [
        ("agreed", RowRules("America/Chicago", SWAPPED)),
        ("other-markers", RowRules("America/Chicago")),
        ("other-zone", RowRules("UTC", SWAPPED)),
        ("plain", None),
    ]:
        store = prepared(tmp_path / f"{name}.db", facilitator, kept)
        with SlackExportReader(export, "learning-day") as reader:
            if rules is None:
                batch = ImportBatch(reader.people, reader.channel, reader.iter_posts())
            else:
                batch = reader.batch(rules)
                assert batch.classified_with == rules  # read in a second process
            batch.thread_anchors = reader.thread_anchors
            store.import_batch(batch)
        stores.append(store)
    plain = contents(stores[-1])
    for store in stores[:-1]:
        assert contents(store) == plain
        assert store.history() == stores[-1].history()
    # The reading process classified the facilitator's and the kept zone's posts otherwise:
    # the store's own classification replaced it.
    with SlackExportReader(export, "learning-day") as reader:
        rules = RowRules("America/Chicago", SWAPPED)
        theirs = {r[1]: r[9:11] for r in classify_rows(reader.iter_rows(), reader.people, rules)}
    stored = stores[0].conn.execute("select person_id, ts, day, kind from posts").fetchall()
    for person in (facilitator, kept):
        assert any(theirs[ts] != (day, kind) for pid, ts, day, kind in stored if pid == person)
    kinds = stores[0].conn.execute("select count(distinct kind) from posts").fetchone()[0]
    assert kinds == 2
    for store in stores:
        store.close()
