"""The fast paths (participation table, SQL counts, streamed import) give exactly what the
plain rules give: rosters, counts and history of the benchmark's small data set, recomputed
here post by post with :mod:`ldtui.learning_day` alone: a faster path never changes an answer."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from generated_export import generate_export

from ldtui.importers.slack_export import SlackExportReader, read_slack_export
from ldtui.learning_day import classify, plan_and_summary, zone
from ldtui.records import told_apart
from ldtui.store import Store


@pytest.fixture(scope="module")
def small_export(tmp_path_factory) -> Path:
    return generate_export(tmp_path_factory.mktemp("bench"), people=40, thursdays=12, seed=7)


def reference(export_path: Path) -> tuple[dict, set[str], dict[str, str]]:
    """Per Learning Day and person: (plan, summary) texts, by the rules alone."""
    export = read_slack_export(export_path, "learning-day")
    people = {p.id: p for p in export.people}
    by_day: dict[date, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for post in export.posts:
        found = classify(post.posted_at, zone(people[post.person_id].tz), post.text_plain)
        if found:
            by_day[found.day][post.person_id].append((post.posted_at, found.kind, post))
    days = {}
    for day, persons in by_day.items():
        days[day] = {}
        for pid, posts in persons.items():
            posts.sort(key=lambda item: (item[0], item[2].ts))
            plan, summary = plan_and_summary(posts)
            days[day][pid] = (plan, summary)
    members = {m for m in export.channel.members if not people[m].is_bot and not people[m].deleted}
    # Two people with one display name read "Mary (@mary.obrien)" (records.told_apart).
    shown = told_apart((p.id, p.name, p.username) for p in export.people if not p.is_bot)
    return days, members, shown


def test_rosters_and_history_match_the_rules(small_export, tmp_path):
    days, members, names = reference(small_export)
    store = Store(tmp_path / "ldtui.db")
    with SlackExportReader(small_export, "learning-day") as reader:
        store.import_batch(reader.batch())

    history = {row.day: row for row in store.history()}
    assert set(history) == set(days)
    for day, persons in days.items():
        roster_ids = members | set(persons)
        entries = {e.id: e for e in store.roster(day)}
        assert set(entries) == roster_ids, day
        for pid in roster_ids:
            plan, summary = persons.get(pid, (None, None))
            entry = entries[pid]
            assert entry.name == names[pid]
            assert entry.plan == (plan.text_plain if plan else None), (day, pid)
            assert entry.plan_at == (plan.posted_at if plan else None), (day, pid)
            assert entry.summary == (summary.text_plain if summary else None), (day, pid)
            assert entry.summary_at == (summary.posted_at if summary else None), (day, pid)
        lean = {e.id: e for e in store.roster(day, with_text=False)}
        assert {k: (e.plan_at, e.summary_at) for k, e in lean.items()} == {
            k: (e.plan_at, e.summary_at) for k, e in entries.items()
        }
        row = history[day]
        assert row.roster == len(roster_ids)
        assert row.plans == sum(1 for p, _ in persons.values() if p)
        assert row.summaries == sum(1 for _, s in persons.values() if s)
        assert row.both == sum(1 for p, s in persons.values() if p and s)
    store.close()


def test_streamed_and_listed_imports_store_the_same(small_export, tmp_path):
    listed = Store(tmp_path / "listed.db")
    listed.import_batch(read_slack_export(small_export, "learning-day"))
    streamed = Store(tmp_path / "streamed.db")
    with SlackExportReader(small_export, "learning-day") as reader:
        streamed.import_batch(reader.batch())
    query = "select channel_id, ts, person_id, text, text_plain, day, kind from posts order by ts"
    assert listed.conn.execute(query).fetchall() == streamed.conn.execute(query).fetchall()
    assert listed.history() == streamed.history()
    listed.close()
    streamed.close()
