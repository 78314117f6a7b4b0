"""Gathering a digest and the export rows from a real store file (insights.digest): who is
counted, away and skipped Thursdays, teams, topic ties ordered as the history orders them, and
the export's columns and times."""

from __future__ import annotations

from datetime import date

import pytest
from insights_data import THURSDAYS, fill, plan, summary

from ldtui.insights.digest import EXPORT_FIELDS, build_digest, export_rows, render
from ldtui.insights.topics import TopicRules, count_post_topics
from ldtui.records import NewPerson
from ldtui.store import Store

ADA = NewPerson("U1ADA", "Ada Lovelace", "Europe/London", team="Research")
BEA = NewPerson("U2BEA", "Bea Planner", "America/New_York", team="Research")
CY = NewPerson("U3CY", "Cy Summary", "Asia/Tokyo", team="Platform")
DEE = NewPerson("U4DEE", "Dee Silent", "UTC", team="Platform")
EVE = NewPerson("U5EVE", "Eve Away", "UTC", team="Platform")
BOT = NewPerson("U6BOT", "standup-bot", None, is_bot=True)
RULES = TopicRules.from_config({"quantum": ["qubits?"]})
DAY = THURSDAYS[-2]  # 2026-11-19
SKIPPED = THURSDAYS[-3]  # 2026-11-12

POSTS = [
    plan(ADA, DAY, "Read a paper on attention"),
    summary(ADA, DAY, "Notes on the paper"),
    plan(BEA, DAY, "Qubits for beginners"),
    summary(CY, DAY, "Rust lifetimes"),
    plan(ADA, SKIPPED, "Reading anyway"),
]


@pytest.fixture
def store(store: Store) -> Store:
    fill(store, [ADA, BEA, CY, DEE, EVE, BOT], POSTS)
    store.add_away(EVE.id, DAY, DAY, "conference")
    store.add_skips([(SKIPPED, "Holiday")])
    return store


@pytest.mark.parametrize(
    ("day", "team", "roster", "plans", "summaries", "both", "names", "skipped"),
    [
        # Eve is away and silent: left out of the roster; Dee posted nothing: counted, not named.
        (DAY, None, 4, 2, 2, 1, ["Ada Lovelace", "Bea Planner", "Cy Summary"], None),
        (DAY, "Research", 2, 2, 1, 1, ["Ada Lovelace", "Bea Planner"], None),
        (DAY, "Platform", 2, 0, 1, 0, ["Cy Summary"], None),
        # A skipped Thursday still lists what was posted and says why it was skipped.
        (SKIPPED, None, 5, 1, 0, 0, ["Ada Lovelace"], "Holiday"),
    ],
)
def test_build_digest_counts(store, day, team, roster, plans, summaries, both, names, skipped):
    digest = build_digest(store, day, RULES, team=team)
    assert digest.day == day
    assert (digest.roster, digest.plans, digest.summaries, digest.both) == (
        roster,
        plans,
        summaries,
        both,
    )
    assert [p.name for p in digest.people] == names
    assert digest.skipped_reason == skipped


def test_build_digest_people_carry_texts_and_topics(store):
    people = {p.name: p for p in build_digest(store, DAY, RULES).people}
    assert people["Ada Lovelace"].plan == "Read a paper on attention"
    assert people["Ada Lovelace"].summary == "Notes on the paper"
    assert people["Ada Lovelace"].topics == ["papers"]
    assert (people["Bea Planner"].summary, people["Bea Planner"].topics) == (None, ["quantum"])
    assert (people["Cy Summary"].plan, people["Cy Summary"].team) == (None, "Platform")


def test_digest_and_history_order_tied_topics_the_same(store):
    # One person each for papers ("Reading papers"), quantum and engineering: a three-way tie,
    # ordered by label. Ordering by id would put "papers" before "quantum".
    expected = ["engineering", "quantum", "papers"]
    digest = build_digest(store, DAY, RULES)
    history = count_post_topics(store.day_posts(DAY), RULES.tag)
    assert list(digest.topic_counts) == expected
    assert list(history) == expected
    assert digest.topic_counts == history == {"engineering": 1, "quantum": 1, "papers": 1}
    assert "Topics: Engineering 1 · quantum 1 · Reading papers 1" in render(digest, "text")


def test_build_digest_of_an_empty_day(store):
    digest = build_digest(store, date(2026, 12, 3), RULES)
    assert (digest.plans, digest.summaries, digest.people, digest.topic_counts) == (0, 0, [], {})
    assert "No posts yet." in render(digest, "text")


def test_export_rows_columns_times_and_topics(store):
    rows = export_rows(store, DAY, DAY, RULES)
    assert all(list(row) == EXPORT_FIELDS for row in rows)
    assert [(r["person_id"], r["kind"]) for r in rows] == [
        ("U3CY", "summary"),  # 17:00 in Tokyo is 08:00 UTC, the earliest post
        ("U1ADA", "plan"),
        ("U2BEA", "plan"),
        ("U1ADA", "summary"),
    ]
    cy = rows[0]
    assert cy["day"] == "2026-11-19"
    assert cy["posted_at_utc"] == "2026-11-19T08:00:00+00:00"
    assert cy["posted_at_local"] == "2026-11-19T17:00:00+09:00"
    assert (cy["name"], cy["team"], cy["tz"]) == ("Cy Summary", "Platform", "Asia/Tokyo")
    assert (cy["topics"], cy["text"], cy["channel_id"]) == (
        "engineering",
        "Rust lifetimes",
        "C0LEARN01",
    )
    assert rows[2]["topics"] == "quantum"


@pytest.mark.parametrize(
    ("first", "last", "days"),
    [
        (SKIPPED, DAY, ["2026-11-12", "2026-11-19", "2026-11-19", "2026-11-19", "2026-11-19"]),
        (SKIPPED, SKIPPED, ["2026-11-12"]),
        (THURSDAYS[0], THURSDAYS[1], []),
    ],
)
def test_export_rows_keep_to_the_range(store, first, last, days):
    assert [r["day"] for r in export_rows(store, first, last, RULES)] == days
