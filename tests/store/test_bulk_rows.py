"""An export imported as the reader's bulk rows (:class:`PostRow` tuples, dated and
classified from ``ts``) stores exactly what the same posts as :class:`NewPost` objects store:
every column of every post, the derived totals and the search answers, for the real export in
../shared/fixtures and for a generated one with people in many zones; read in a second process
too, with a facilitator's zone, a zone the user list lacks, a non-UTC default zone and other
markers."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from generated_export import generate_export

from ldtui.importers import slack_export
from ldtui.importers.slack_export import SlackExportReader
from ldtui.learning_day import Markers
from ldtui.records import ImportBatch, NewPerson, PostRow
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


def test_rows_read_in_a_second_process_store_the_same(generated, tmp_path, monkeypatch):
    export = Path(shutil.copytree(generated, tmp_path / "export"))
    with SlackExportReader(export, "learning-day") as reader:
        posters = Counter(row.person_id for row in reader.iter_rows())
    facilitator, kept, defaulted = (pid for pid, _ in posters.most_common(3))
    users = json.loads((export / "users.json").read_text())
    for user in users:
        if user["id"] == kept:
            user["tz"] = ""  # the stored zone stays
        if user["id"] == defaulted:
            user["tz"] = "Mars/Olympus_Mons"  # unknown: the default zone
    (export / "users.json").write_text(json.dumps(users))
    monkeypatch.setattr(slack_export, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(slack_export.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    stores = []
    for name in ("process", "posts"):
        store = Store(tmp_path / f"{name}.db", default_timezone="America/Chicago", markers=SWAPPED)
        store.set_person(facilitator, name="F", tz="Pacific/Auckland")
        store.add_people([NewPerson(kept, "K", tz="Asia/Tokyo")])
        with SlackExportReader(export, "learning-day") as reader:
            if name == "process":
                assert reader._worth_a_process()
                batch = reader.batch()
            else:
                batch = ImportBatch(reader.people, reader.channel, reader.iter_posts())
                batch.thread_anchors = reader.thread_anchors
            store.import_batch(batch)
        stores.append(store)
    assert contents(stores[0]) == contents(stores[1])
    assert stores[0].history() == stores[1].history()
    zones = dict(stores[0].conn.execute("select id, tz from people"))
    assert (zones[facilitator], zones[kept]) == ("Pacific/Auckland", "Asia/Tokyo")
    for store in stores:
        store.close()
