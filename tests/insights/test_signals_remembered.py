"""Work items remembered per post (``work_hits``) give exactly what matching the text gives:
the signals read from remembered items equal the ones matched (property test over texts full of
work words and look-alike letters), an edited summary is matched again, other patterns never
use the remembered items, and a read-only file still gives every signal."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from insights_data import THURSDAYS, fill, plan, summary

from ldtui.insights.signals import DEFAULT_WORK_PATTERNS, WorkPatterns, find_signals
from ldtui.insights.topics import compile_pattern
from ldtui.records import NewPerson
from ldtui.store import Store

DAY = THURSDAYS[-1]
NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
PEOPLE = [NewPerson(f"U{i}PERSON", f"Person {i}", "UTC") for i in range(4)]
PLAIN = [compile_pattern(p) for p in DEFAULT_WORK_PATTERNS]
PIECES = [
    "ABC-123", "GPT-4", "PR #12", "pull request", "code review", "deployed", "ON-CALL",
    "PagerDuty", "incidents", "post-mortem", "hotfixes", "fixed the bug", "sprint", "stand-ups",
    "JIRA", "tickets", "release notes", "main project", "catching up on e-mails", "learning",
    "\u0130", "\u0131", "\u017f", "\u212a", "\u0307", " ", "\n", "-", "#", "3",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=10).map("".join)


def plain_matches(text: str) -> list[str]:
    """Every default pattern run on ``text``, overlaps and repeats dropped as
    :meth:`WorkPatterns.matches` documents."""
    spans = sorted((m.start(), -m.end(), m.group(0)) for p in PLAIN for m in p.finditer(text))
    found: list[str] = []
    end = -1
    for start, neg_end, hit in spans:
        if start >= end:
            end = -neg_end
            if hit.casefold() not in {f.casefold() for f in found}:
                found.append(hit)
    return found


def work_items(store: Store, patterns: WorkPatterns) -> dict[str, str]:
    found = find_signals(store, [DAY], now=NOW, patterns=patterns)
    return {s.person_id: s.detail for s in found if s.kind == "work-items"}


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=1, max_size=len(PEOPLE)))
def test_remembered_items_are_the_matched_ones(summaries: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        people = PEOPLE[: len(summaries)]
        store = Store(Path(folder) / "ldtui.db")
        try:
            fill(
                store, people, [summary(p, DAY, t) for p, t in zip(people, summaries, strict=True)]
            )
            expected = {
                p.id: ", ".join(hits)
                for p, text in zip(people, summaries, strict=True)
                if (hits := plain_matches(text))
            }
            patterns = WorkPatterns()
            assert work_items(store, patterns) == expected  # matched, then remembered
            known, unknown = store.summary_work_hits(DAY, patterns.fingerprint)
            assert unknown == {}
            assert work_items(store, patterns) == expected  # read from what was remembered
        finally:
            store.close()


def test_an_edited_summary_is_matched_again(store: Store) -> None:
    post = summary(PEOPLE[0], DAY, "Fixed ABC-123 after the deploy")
    fill(store, PEOPLE[:1], [post])
    patterns = WorkPatterns()
    assert work_items(store, patterns) == {PEOPLE[0].id: "ABC-123, deploy"}
    store.add_posts(
        [msgspec.structs.replace(post, text="Read about queues", text_plain="Read about queues")]
    )
    assert store.summary_work_hits(DAY, patterns.fingerprint)[1]  # its items were dropped
    assert work_items(store, patterns) == {}


def test_other_patterns_never_use_the_remembered_items(store: Store) -> None:
    fill(store, PEOPLE[:1], [summary(PEOPLE[0], DAY, "A zymurgy sprint")])
    assert work_items(store, WorkPatterns()) == {PEOPLE[0].id: "sprint"}
    assert work_items(store, WorkPatterns(["zymurgy"])) == {PEOPLE[0].id: "zymurgy"}
    assert work_items(store, WorkPatterns()) == {PEOPLE[0].id: "sprint"}


def test_a_read_only_file_gives_every_signal(tmp_path: Path) -> None:
    path = tmp_path / "ldtui.db"
    fill(
        Store(path), PEOPLE[:2], [summary(p, DAY, "Paged at night: incident") for p in PEOPLE[:2]]
    ).close()
    reader = Store(path, read_only=True)
    try:
        for _ in range(2):  # nothing is remembered: matched both times
            assert work_items(reader, WorkPatterns()) == {
                p.id: "Paged, incident" for p in PEOPLE[:2]
            }
    finally:
        reader.close()


def test_plain_matching_here_is_the_documented_rule() -> None:
    assert plain_matches("Deploy, deploy and ABC-12") == ["Deploy", "ABC-12"]


def test_day_marks_say_who_posted_and_what_is_remembered(store: Store) -> None:
    first, second, third = PEOPLE[:3]
    posts = [
        plan(first, DAY, "Read about queues"),
        summary(second, DAY, "Fixed ABC-123"),
        summary(third, DAY, "A zymurgy talk"),
    ]
    fill(store, PEOPLE[:3], posts)
    patterns = WorkPatterns()
    quiet = THURSDAYS[0]
    assert store.day_marks([DAY, quiet], patterns.fingerprint) == {
        DAY: {
            first.id: (True, False, "[]"),
            second.id: (False, True, None),  # nothing remembered yet: to be matched
            third.id: (False, True, None),
        },
        quiet: {},
    }
    assert work_items(store, patterns) == {second.id: "ABC-123"}  # matched and remembered
    marks = store.day_marks([DAY], patterns.fingerprint)[DAY]
    assert marks[second.id] == (False, True, '["ABC-123"]')
    assert marks[third.id] == (False, True, "[]")
    other = WorkPatterns(["zymurgy"])  # other patterns: nothing remembered for them
    assert store.day_marks([DAY], other.fingerprint)[DAY][second.id] == (False, True, None)
    assert store.day_marks([DAY])[DAY][third.id] == (False, True, None)
