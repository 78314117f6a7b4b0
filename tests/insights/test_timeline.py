"""A person's timeline (insights.timeline): statuses per Thursday, away and skipped Thursdays,
the Thursday still in progress, streaks, participation windows and topic counts, read from a
real store file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from insights_data import THURSDAYS, fill, make_store, plan, summary

from ldtui.insights.streaks import ParticipationWindow, Status
from ldtui.insights.timeline import WINDOWS, day_closed, timeline
from ldtui.insights.topics import TopicRules
from ldtui.records import NewPerson
from ldtui.store import Store

ADA = NewPerson("U1ADA", "Ada Lovelace", "Europe/London", team="Research")
BEA = NewPerson("U2BEA", "Bea Quiet", "UTC")
RULES = TopicRules.from_config({"quantum": ["qubits?"]})
LAST = THURSDAYS[-1]  # 2026-11-26
B, P, M, A, S = Status.BOTH, Status.PLAN_ONLY, Status.MISSING, Status.AWAY, Status.SKIPPED

# Oldest first: both, both, plan only, away, skipped, both, missing, both, then the last Thursday.
HISTORY = [
    plan(ADA, THURSDAYS[0], "Read the attention paper"),
    summary(ADA, THURSDAYS[0], "Notes on it"),
    plan(ADA, THURSDAYS[1], "Rust ownership"),
    summary(ADA, THURSDAYS[1], "Borrow checker, finally"),
    plan(ADA, THURSDAYS[2], "Qubits for beginners"),
    plan(ADA, THURSDAYS[5], "More Rust"),
    summary(ADA, THURSDAYS[5], "Lifetimes"),
    plan(ADA, THURSDAYS[7], "Linear algebra"),
    summary(ADA, THURSDAYS[7], "Eigenvalues"),
]


@pytest.fixture
def store(store: Store) -> Store:
    fill(store, [ADA, BEA], HISTORY)
    store.add_away(ADA.id, date(2026, 10, 20), date(2026, 10, 23), "leave")
    store.add_skips([(THURSDAYS[4], "Company off-site")])
    return store


THURSDAY_AFTERNOON = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("last_posts", "now", "last_status", "in_progress", "current", "longest", "windows"),
    [
        # A plan on the day itself, the day not over yet: shown in progress, not counted.
        ([plan(ADA, LAST, "Rust again")], THURSDAY_AFTERNOON, P, True, 1, 2, (2, 4, 4, 6)),
        # The same plan once Friday noon has passed in London: counted, the streak breaks.
        ([plan(ADA, LAST, "Rust again")], FRIDAY_AFTERNOON, P, False, 0, 2, (2, 4, 4, 7)),
        # Both already posted: counted before the day is over, the streak grows.
        (
            [plan(ADA, LAST, "Rust again"), summary(ADA, LAST, "Done")],
            THURSDAY_AFTERNOON,
            B,
            False,
            2,
            2,
            (3, 4, 5, 7),
        ),
        # Nothing posted yet on the day: in progress, not a miss.
        ([], THURSDAY_AFTERNOON, M, True, 1, 2, (2, 4, 4, 6)),
        ([], FRIDAY_AFTERNOON, M, False, 0, 2, (2, 4, 4, 7)),
    ],
)
def test_statuses_streaks_and_windows(
    store, last_posts, now, last_status, in_progress, current, longest, windows
):
    store.add_posts(last_posts)
    line = timeline(store, ADA.id, until=LAST, now=now, rules=RULES)

    assert (line.name, line.team, line.tz_name) == ("Ada Lovelace", "Research", "Europe/London")
    assert [w.day for w in line.weeks] == THURSDAYS[::-1]
    assert [w.status for w in line.weeks] == [last_status, B, M, B, S, A, P, B, B]
    assert [w.in_progress for w in line.weeks] == [in_progress] + [False] * 8
    assert (line.current_streak, line.longest_streak) == (current, longest)
    both4, counted4, both12, counted12 = windows
    assert line.windows[4] == ParticipationWindow(both4, counted4, both4 / counted4)
    assert line.windows[12] == ParticipationWindow(both12, counted12, both12 / counted12)
    assert line.windows[52] == line.windows[12]
    assert sorted(line.windows) == sorted(WINDOWS)


def test_away_and_skipped_thursdays_carry_their_reasons(store):
    line = timeline(store, ADA.id, until=LAST, now=FRIDAY_AFTERNOON, rules=RULES)
    by_day = {w.day: w for w in line.weeks}
    assert (by_day[THURSDAYS[3]].away, by_day[THURSDAYS[3]].skipped) == ("leave", None)
    assert (by_day[THURSDAYS[4]].away, by_day[THURSDAYS[4]].skipped) == (None, "Company off-site")
    both = by_day[THURSDAYS[0]]
    assert (both.plan, both.summary) == ("Read the attention paper", "Notes on it")
    assert both.plan_at == datetime(2026, 10, 1, 8, 0, tzinfo=UTC)  # 09:00 BST
    assert both.summary_at == datetime(2026, 10, 1, 16, 0, tzinfo=UTC)


def test_topics_counted_once_per_thursday_ties_by_label(store):
    line = timeline(store, ADA.id, until=LAST, now=FRIDAY_AFTERNOON, rules=RULES)
    # Engineering on two Thursdays (Rust); "quantum", "Maths and statistics" and "Reading
    # papers" on one each: the tie is ordered by label, whatever Thursday came first.
    assert line.topic_counts == {
        "engineering": 2,
        "math-stats": 1,
        "quantum": 1,
        "papers": 1,
    }
    assert list(line.topic_counts) == ["engineering", "math-stats", "quantum", "papers"]
    assert line.weeks[-1].topics == ["papers"]


def test_someone_who_never_posted_starts_at_the_first_learning_day(store):
    line = timeline(store, BEA.id, until=LAST, now=FRIDAY_AFTERNOON, rules=RULES)
    assert [w.day for w in line.weeks] == THURSDAYS[::-1]
    assert [w.status for w in line.weeks] == [M, M, M, M, S, M, M, M, M]
    assert (line.current_streak, line.longest_streak) == (0, 0)
    assert line.windows[4] == ParticipationWindow(0, 4, 0.0)
    assert line.topic_counts == {}


def test_nothing_counted_yet_gives_no_windows(tmp_path):
    store = make_store(tmp_path / "ld.db", [BEA], [plan(BEA, LAST, "First plan")])
    line = timeline(store, BEA.id, until=LAST, now=THURSDAY_AFTERNOON, rules=RULES)
    assert [(w.status, w.in_progress) for w in line.weeks] == [(P, True)]
    assert line.windows == {}
    store.close()


def test_unknown_person_raises_key_error(store):
    with pytest.raises(KeyError):
        timeline(store, "U0NOBODY", until=LAST, now=FRIDAY_AFTERNOON, rules=RULES)


@pytest.mark.parametrize(
    ("tz", "now", "closed"),
    [
        ("Europe/London", datetime(2026, 11, 27, 11, 59, tzinfo=UTC), False),
        ("Europe/London", datetime(2026, 11, 27, 12, 0, tzinfo=UTC), True),
        # Friday noon in Auckland is Thursday 23:00 UTC; in Los Angeles Friday 20:00 UTC.
        ("Pacific/Auckland", datetime(2026, 11, 26, 23, 0, tzinfo=UTC), True),
        ("America/Los_Angeles", datetime(2026, 11, 27, 19, 59, tzinfo=UTC), False),
        ("America/Los_Angeles", datetime(2026, 11, 27, 20, 0, tzinfo=UTC), True),
    ],
)
def test_day_closed_at_friday_noon_in_the_persons_zone(tz, now, closed):
    assert day_closed(date(2026, 11, 26), now, ZoneInfo(tz)) is closed
