"""Signals for the facilitator (insights.signals): work vocabulary and runs of missing Thursdays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ldtui.insights.signals import (
    DEFAULT_WORK_PATTERNS,
    MISSING_RUN_SIGNAL,
    Week,
    WorkPatterns,
    missing_run,
)
from ldtui.insights.streaks import Status

WORK = WorkPatterns()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Closed ABC-123 and PLAT2-7", ["ABC-123", "PLAT2-7"]),
        ("reviewed PR #12, PR#13 and PR 14", ["PR #12", "PR#13", "PR 14"]),
        ("left comments on a pull request", ["pull request"]),
        ("deploy, deployed, deployment", ["deploy", "deployed", "deployment"]),
        ("I was on-call, then oncall again", ["on-call", "oncall"]),
        ("wrote the incident postmortem", ["incident", "postmortem"]),
        ("a quick hotfix before sprint planning", ["hotfix", "sprint"]),
        ("missed standup; stand-up later", ["standup", "stand-up"]),
        ("fixed a bug in the main project", ["fixed a bug", "main project"]),
        # Deduplicated case-insensitively, first spelling kept, in text order.
        ("Deploy then deploy then DEPLOY", ["Deploy"]),
        ("incident ABC-1, incident ABC-1", ["incident", "ABC-1"]),
    ],
)
def test_work_vocabulary(text, expected):
    assert WORK.matches(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Read about GPT-4, SHA-256, UTF-8, ISO-8601 and CIFAR-10",
        "covid-19 statistics",  # lower case is not a ticket
        "The Therac-25 case",  # one capital letter
        "A-1 steak sauce",
        "Implemented a transformer from scratch in JAX",
        "redeployment of ideas",  # deploy inside a longer word
        "",
    ],
)
def test_learning_posts_without_work_words(text):
    assert WORK.matches(text) == []


def test_from_config_none_gives_defaults_and_a_list_replaces_them():
    assert WorkPatterns.from_config(None).patterns == DEFAULT_WORK_PATTERNS
    custom = WorkPatterns.from_config([r"okrs?", r"(?-i:[A-Z]+#\d+)"])
    assert custom.matches("OKR review for ENG#4, deploy eng#5") == ["OKR", "ENG#4"]
    assert WorkPatterns.from_config([]).matches("deploy ABC-1 incident") == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("deploy", r"'work_patterns' must be a list of non-empty strings"),
        ([1], r"'work_patterns' must be a list of non-empty strings"),
        ([" "], r"'work_patterns' must be a list of non-empty strings"),
        (["deploy("], r"'work_patterns': 'deploy\(' is not a usable regular expression"),
    ],
)
def test_from_config_rejects_bad_values_naming_the_key(value, message):
    with pytest.raises(ValueError, match=message):
        WorkPatterns.from_config(value)


M, B, A, K = Status.MISSING, Status.BOTH, Status.AWAY, Status.SKIPPED
P, S = Status.PLAN_ONLY, Status.SUMMARY_ONLY


def weeks(*statuses: Status) -> list[Week]:
    """Consecutive Thursdays from 2026-10-01, oldest first."""
    start = date(2026, 10, 1)
    return [Week(start + timedelta(weeks=i), s) for i, s in enumerate(statuses)]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), 0),
        ((A, A), 0),
        ((K,), 0),
        ((M,), 1),
        ((B, M, M, M), 3),
        ((M, M, B), 0),
        # Away and skipped are transparent inside and at the end of a run.
        ((B, M, A, M, K, M), 3),
        ((M, M, A, K), 2),
        # Any post ends the run.
        ((M, P, M), 1),
        ((M, S, M, M), 2),
        ((M, M, M, M), 4),
    ],
)
def test_missing_run(statuses, expected):
    assert missing_run(weeks(*statuses)) == expected


def test_missing_run_sorts_by_day_and_rejects_duplicates():
    history = weeks(B, M, M)
    assert missing_run(list(reversed(history))) == 2
    with pytest.raises(ValueError, match="two statuses for 2026-10-08"):
        missing_run([*history, Week(date(2026, 10, 8), B)])


def test_suggested_threshold():
    assert missing_run(weeks(B, M, M, M)) >= MISSING_RUN_SIGNAL
