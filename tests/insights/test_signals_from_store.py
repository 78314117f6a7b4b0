"""Signals read from a real store file (insights.signals.find_signals): a plan without a summary
only once the day is over in the person's zone and never while away, work items in summaries,
runs of missing Thursdays with away and skipped Thursdays transparent, teams."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from insights_data import THURSDAYS, fill, plan, summary

from ldtui.insights.signals import SIGNAL_LABELS, WorkPatterns, find_signals
from ldtui.records import NewPerson
from ldtui.store import Store

ADA = NewPerson("U1ADA", "Ada Lovelace", "Europe/London", team="Research")
BEA = NewPerson("U2BEA", "Bea Planner", "America/New_York", team="Research")
CY = NewPerson("U3CY", "Cy Quiet", "UTC", team="Platform")
DEE = NewPerson("U4DEE", "Dee Traveller", "UTC", team="Platform")
EVE = NewPerson("U5EVE", "Eve Elsewhere", "UTC", team="Platform")
T = THURSDAYS  # T[4] (29 Oct) is skipped; T[5] is 5 Nov, T[6] 12 Nov

POSTS = [
    *(plan(ADA, d, "Reading") for d in T),
    *(summary(ADA, d, "Closed ABC-123 after the deploy" if d == T[5] else "Notes") for d in T),
    plan(BEA, T[5], "Qubits"),  # her first post: no plan, no summary before it is not a miss
    *(summary(CY, d, "Notes") for d in T[:2]),  # then silent
    *(summary(DEE, d, "Notes") for d in T[:2]),  # then away two Thursdays, then silent
    *(summary(EVE, d, "Notes") for d in T[:4]),
    plan(EVE, T[5], "Planned, then called away"),
]

WORK = ("work-items", T[5], ADA.id, "ABC-123, deploy")
BEA_PLAN = ("plan-no-summary", T[5], BEA.id, "planned, no summary")
CY_RUN_3 = ("missing-run", T[5], CY.id, "no post for 3 Thursdays in a row")
CY_RUN_4 = ("missing-run", T[6], CY.id, "no post for 4 Thursdays in a row")
# Friday 6 November: noon in London is 12:00 UTC, noon in New York 17:00 UTC.
FRIDAY_MORNING_NY = datetime(2026, 11, 6, 15, 0, tzinfo=UTC)
FRIDAY_EVENING = datetime(2026, 11, 6, 18, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(store: Store) -> Store:
    fill(store, [ADA, BEA, CY, DEE, EVE], POSTS)
    store.add_away(DEE.id, T[2], T[3], "parental leave")
    store.add_away(EVE.id, T[5], T[5], "called away")
    store.add_skips([(T[4], "Company off-site")])
    return store


@pytest.mark.parametrize(
    ("days", "now", "team", "expected"),
    [
        # New York's Friday noon has not come: Bea's missing summary is not yet a signal.
        ([T[5]], FRIDAY_MORNING_NY, None, [WORK, CY_RUN_3]),
        ([T[5]], FRIDAY_EVENING, None, [WORK, BEA_PLAN, CY_RUN_3]),
        # Newest day first, whatever order the days are asked in.
        ([T[5], T[6]], LATER, None, [CY_RUN_4, WORK, BEA_PLAN, CY_RUN_3]),
        ([T[5]], FRIDAY_EVENING, "Research", [WORK, BEA_PLAN]),
        ([T[5]], FRIDAY_EVENING, "Platform", [CY_RUN_3]),
        # A skipped Thursday gives no signal at all.
        ([T[4]], LATER, None, []),
        # Too few Thursdays on record for a run; Ada's summaries are plain.
        ([T[1]], LATER, None, []),
    ],
)
def test_find_signals(store, days, now, team, expected):
    found = find_signals(store, days, now=now, patterns=WorkPatterns(), team=team)
    assert [(s.kind, s.day, s.person_id, s.detail) for s in found] == expected
    names = {ADA.id: ADA.name, BEA.id: BEA.name, CY.id: CY.name}
    assert all(s.name == names[s.person_id] for s in found)
    assert all(s.kind in SIGNAL_LABELS for s in found)


def test_away_thursdays_are_transparent_to_a_run(store):
    # Dee: posted 1 and 8 Oct, away 15 and 22 Oct, 29 Oct skipped, silent 5, 12 and 19 Nov:
    # a run of three, not five. Cy (never away) has five.
    found = find_signals(store, [T[7]], now=LATER, patterns=WorkPatterns())
    runs = {s.person_id: s.detail for s in found if s.kind == "missing-run"}
    assert runs == {
        CY.id: "no post for 5 Thursdays in a row",
        DEE.id: "no post for 3 Thursdays in a row",
    }


def test_no_work_patterns_no_work_signal(store):
    found = find_signals(store, [T[5]], now=FRIDAY_EVENING, patterns=WorkPatterns([]))
    assert [s.kind for s in found] == ["plan-no-summary", "missing-run"]


def test_a_day_not_on_record_counts_the_recorded_thursdays_before_it(store):
    # 3 December has no post yet: runs are those of the Thursdays on record up to it.
    found = find_signals(store, [date(2026, 12, 3)], now=LATER, patterns=WorkPatterns())
    assert {s.person_id: s.detail for s in found} == {
        BEA.id: "no post for 3 Thursdays in a row",
        CY.id: "no post for 6 Thursdays in a row",
        DEE.id: "no post for 4 Thursdays in a row",
        EVE.id: "no post for 3 Thursdays in a row",
    }
