"""Statuses, streaks and participation (ldtui.insights.streaks): away and skipped Thursdays are
transparent, a skipped day wins over everything, posting while away can only help."""

from __future__ import annotations

import pytest

from ldtui.insights.streaks import (
    ParticipationWindow,
    Status,
    participation_window,
    status_of,
    streaks,
)

B = Status.BOTH
P = Status.PLAN_ONLY
S = Status.SUMMARY_ONLY
M = Status.MISSING
A = Status.AWAY
K = Status.SKIPPED


def test_status_values_are_the_documented_ids():
    assert [s.value for s in Status] == [
        "both",
        "plan-only",
        "summary-only",
        "missing",
        "away",
        "skipped",
    ]
    assert Status("plan-only") is P
    assert [s.counted for s in Status] == [True, True, True, True, False, False]


@pytest.mark.parametrize(
    ("has_plan", "has_summary", "away", "skipped", "expected"),
    [
        (True, True, False, False, B),
        (True, False, False, False, P),
        (False, True, False, False, S),
        (False, False, False, False, M),
        # Away: a complete post still counts (they took part) ...
        (True, True, True, False, B),
        # ... a partial post or none leaves them away (posting while away never hurts).
        (True, False, True, False, A),
        (False, True, True, False, A),
        (False, False, True, False, A),
        # Skipped wins over away and over posts: the day is not counted for anyone.
        (False, False, True, True, K),
        (True, True, False, True, K),
        (True, True, True, True, K),
        (False, False, False, True, K),
    ],
)
def test_status_of(has_plan, has_summary, away, skipped, expected):
    assert status_of(has_plan, has_summary, away, skipped) is expected


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], (0, 0)),
        ([A, A, A], (0, 0)),
        ([K, A, K], (0, 0)),
        ([B], (1, 1)),
        ([M], (0, 0)),
        ([B, B, B], (3, 3)),
        ([B, B, M], (0, 2)),
        ([M, B, B], (2, 2)),
        # Away and skipped inside a streak neither break nor extend it.
        ([B, A, B, K, B], (3, 3)),
        ([B, A, A, A, B], (2, 2)),
        # ... and after the newest counted Thursday they do not end the current streak.
        ([B, B, A], (2, 2)),
        ([B, B, K, A], (2, 2)),
        # Any counted non-BOTH breaks it.
        ([B, B, P, B], (1, 2)),
        ([B, B, S, B], (1, 2)),
        ([B, B, B, M, B, A, B], (2, 3)),
        ([M, A, M, K], (0, 0)),
        # Leading transparent weeks.
        ([A, K, B, B], (2, 2)),
    ],
)
def test_streaks(statuses, expected):
    assert streaks(statuses) == expected


def test_streaks_accepts_a_tuple_and_current_never_exceeds_longest():
    current, longest = streaks((B, M, B, B, A, B))
    assert (current, longest) == (3, 3)


@pytest.mark.parametrize(
    ("statuses", "last", "expected"),
    [
        ([], 4, ParticipationWindow(0, 0, None)),
        ([A, K, A], 4, ParticipationWindow(0, 0, None)),
        ([B], 4, ParticipationWindow(1, 1, 1.0)),
        ([B, M, B, P], 4, ParticipationWindow(2, 4, 0.5)),
        # Only the newest `last` counted Thursdays; away/skipped are passed over, not counted.
        ([M, M, B, A, B, K, B], 3, ParticipationWindow(3, 3, 1.0)),
        ([B, B, B, M], 2, ParticipationWindow(1, 2, 0.5)),
        ([B, A, M, K, S], 8, ParticipationWindow(1, 3, 1 / 3)),
        ([M], 1, ParticipationWindow(0, 1, 0.0)),
    ],
)
def test_participation_window(statuses, last, expected):
    assert participation_window(statuses, last) == expected


@pytest.mark.parametrize("last", [0, -1])
def test_participation_rejects_an_empty_window(last):
    with pytest.raises(ValueError, match="last must be 1 or more"):
        participation_window([B], last)
