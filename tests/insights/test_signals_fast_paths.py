"""Signals' fast paths give exactly what the plain rules give: the quick gates in front of the
work patterns never hide a match (property tests over texts full of work words, odd cases and
look-alike letters), and the signals of the benchmark's small data set, with away periods and a
skipped Thursday added, equal signals recomputed here with every pattern run on every summary and
missing runs counted by :func:`missing_run` over :func:`status_of`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from generated_export import generate_export
from hypothesis import given, settings
from hypothesis import strategies as st

from ldtui.importers.slack_export import SlackExportReader
from ldtui.insights.signals import (
    DEFAULT_WORK_GATES,
    DEFAULT_WORK_PATTERNS,
    MISSING_RUN_SIGNAL,
    Signal,
    Week,
    WorkPatterns,
    find_signals,
    missing_run,
)
from ldtui.insights.streaks import status_of
from ldtui.insights.timeline import day_closed
from ldtui.insights.topics import compile_pattern, fold_case
from ldtui.store import Store

PLAIN = [compile_pattern(p) for p in DEFAULT_WORK_PATTERNS]

PIECES = [
    "ABC-123", "PLAT2-7", "GPT-4", "pr #12", "PR 7", "PRs", "pr\u30003", "PR\u0663", "pull request",
    "Merge-Requests", "code review", "deployed", "ON-CALL", "oncall", "paged", "PagerDuty",
    "incidents", "outage", "post-mortem", "hotfixes", "bug-fix", "fixed the bug", "fix bugs",
    "sprint", "stand-ups", "retrospective", "backlog", "JIRA", "tickets", "deadline",
    "release notes", "Release Candidate", "main project", "catching up on e-mails", "project",
    "understand", "learning", "-", "#", "\u0130", "\u0131", "\u017f", "\u212a", "\u0307", "\u00df",
    " ", "\n", "\t", "\u00a0", "x", "3", "_", ".", "é",
]  # fmt: skip
"""Work words in many spellings, near misses, and the letters ``re.IGNORECASE`` treats
specially (capital I with dot, dotless i, long s, Kelvin sign) or ``str.lower`` expands."""

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=12).map("".join)


def plain_matches(text: str) -> list[str]:
    """What :meth:`WorkPatterns.matches` returned before the gates: every pattern run."""
    spans = sorted((m.start(), -m.end(), m.group(0)) for p in PLAIN for m in p.finditer(text))
    found: list[str] = []
    seen: set[str] = set()
    end = -1
    for start, neg_end, hit in spans:
        if start < end:
            continue
        end = -neg_end
        if hit.casefold() not in seen:
            seen.add(hit.casefold())
            found.append(hit)
    return found


@settings(max_examples=400)
@given(texts)
def test_the_gates_never_hide_a_match(text):
    assert WorkPatterns().matches(text) == plain_matches(text)


@settings(max_examples=400)
@given(texts)
def test_each_gate_finds_every_match_of_its_pattern(text):
    for pattern, regex in zip(DEFAULT_WORK_PATTERNS, PLAIN, strict=True):
        gate = DEFAULT_WORK_GATES[pattern]
        for m in regex.finditer(text):
            assert re.search(gate, fold_case(m.group(0))), (pattern, m.group(0))


@pytest.mark.parametrize(
    "text",
    ["\u0130NC\u0130DENT", "\u017fprint", "\u212aeep on-call", "PR\u0663", "pr\u3000#4", "OUTAGE"],
)
def test_look_alike_letters_still_match(text):
    assert WorkPatterns().matches(text) == plain_matches(text) != []


def test_patterns_from_config_always_run():
    patterns = WorkPatterns(["zymurgy", r"\bdeploy\b"])
    assert patterns.matches("Zymurgy then deploy") == ["Zymurgy", "deploy"]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Store:
    out = generate_export(tmp_path_factory.mktemp("bench"), people=40, thursdays=12, seed=7)
    store = Store(out.parent / "ldtui.db")
    with SlackExportReader(out, "learning-day") as reader:
        store.import_batch(reader.batch())
    days = sorted(store.learning_days())
    people = sorted(store.posters(days[-1]) | store.posters(days[-2]))
    for i, person in enumerate(people[:8]):  # away spans ending at various recent Thursdays
        store.add_away(person, days[-4 - i % 4], days[-1 - i % 3], "leave")
    store.add_skips([(days[-3], "Company off-site")])
    return store


def plain_signals(store: Store, days: list[date], now: datetime) -> list[Signal]:
    """Signals by the plain rules: full rosters, every pattern, statuses and missing_run."""
    found: list[Signal] = []
    skips = store.skips()
    recorded = store.learning_days()
    first = store.first_days()
    away = store.away_periods()
    for day in sorted(days, reverse=True):
        if day in skips:
            continue
        roster = store.roster(day)
        for entry in roster:
            if entry.plan_at and not entry.summary_at and day_closed(day, now, entry.tz):
                if entry.away is None:
                    found.append(
                        Signal("plan-no-summary", day, entry.id, entry.name, "planned, no summary")
                    )
            if entry.summary and (hits := plain_matches(entry.summary)):
                found.append(Signal("work-items", day, entry.id, entry.name, ", ".join(hits)))
        recent = [d for d in recorded if d <= day][: MISSING_RUN_SIGNAL * 3]
        if len(recent) < MISSING_RUN_SIGNAL:
            continue
        for entry in roster:
            if entry.deleted:
                continue
            weeks = [
                Week(
                    d,
                    status_of(
                        entry.id in store.posters(d),
                        entry.id in store.posters(d),
                        any(p == entry.id and f <= d <= last for p, f, last, _ in away),
                        d in skips,
                    ),
                )
                for d in recent
                if first.get(entry.id) is None or d >= first[entry.id]
            ]
            if (run := missing_run(weeks)) >= MISSING_RUN_SIGNAL:
                detail = f"no post for {run} Thursdays in a row"
                found.append(Signal("missing-run", day, entry.id, entry.name, detail))
    return found


def test_signals_of_the_generated_set_match_the_plain_rules(small_store):
    days = small_store.learning_days()
    now = datetime(2026, 12, 31, tzinfo=UTC)
    found = find_signals(small_store, days, now=now, patterns=WorkPatterns())
    assert found == plain_signals(small_store, days, now)
    assert {s.kind for s in found} == {"work-items", "missing-run", "plan-no-summary"}
