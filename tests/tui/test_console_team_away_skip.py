"""Who the console counts and nudges: the team filter (``t``), people away (``a``) and skipped
Thursdays.

Driven as a facilitator would with Textual's Pilot: keys in, what the screen shows out. Data:
:mod:`console_data` (Thursday 2026-11-26, 15:00 UTC) on a real SQLite file, with Ada and Kai
in team robotics and Grace in team design (Priya has no team). Nudges and digests go to a real
HTTP server on 127.0.0.1 answering as Slack does (``fake_slack``).
"""

from __future__ import annotations

import pytest
from console_data import THU, build_store, fill
from console_pilot import (
    ADA,
    GRACE,
    KAI,
    PRIYA,
    console,
    counts,
    dialog_body,
    dialog_title,
    row_of,
    rows,
    screen_name,
    select,
    settle,
    toasts,
)
from textual.widgets import Static
from webhook_server import FakeSlack

from ldtui.store import Store


@pytest.fixture
def store(store: Store) -> Store:
    """The shared store with :mod:`console_data`; Ada and Kai in robotics, Grace in design."""
    fill(store)
    store.set_team(["U1ADA", "U3KAI"], "robotics")
    store.set_team(["U2GRACE"], "design")
    return store


# --------------------------------------------------------------------------- teams


async def test_t_cycles_teams_and_counts_follow(store):
    app = console(store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        line = counts(app)
        assert "plans 2/4 · summaries 1/4" in line
        assert "team " not in line
        assert [r[0] for r in rows(app)] == [ADA, GRACE, KAI, PRIYA]

        await pilot.press("t")  # teams in name order: design first
        line = counts(app)
        assert "team design" in line
        assert "plans 0/1 · summaries 0/1" in line
        assert [r[0] for r in rows(app)] == [GRACE]

        await pilot.press("t")
        line = counts(app)
        assert "team robotics" in line
        assert "plans 2/2 · summaries 1/2" in line
        assert [r[0] for r in rows(app)] == [ADA, KAI]

        await pilot.press("t")  # back to everyone
        line = counts(app)
        assert "team " not in line
        assert "plans 2/4 · summaries 1/4" in line
        assert [r[0] for r in rows(app)] == [ADA, GRACE, KAI, PRIYA]


async def test_t_without_teams_says_so(tmp_path):
    plain = build_store(tmp_path / "plain.db")
    app = console(plain)
    try:
        async with app.run_test(size=(140, 40), notifications=True) as pilot:
            await pilot.press("t")
            await pilot.pause()
            assert any("No teams yet" in t for t in toasts(app))
            assert len(rows(app)) == 4
    finally:
        plain.close()


# --------------------------------------------------------------------------- away


async def test_a_toggles_away_for_the_shown_thursday(store):
    app = console(store)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        await select(pilot, GRACE)
        assert row_of(app, GRACE)[2:4] == ["not yet", "not yet"]

        await pilot.press("a")
        await pilot.pause()
        assert row_of(app, GRACE)[2:4] == ["away", "away"]
        line = counts(app)
        assert "plans 2/3 · summaries 1/3 · 1 away, not counted" in line
        assert "not yet: 1 plan, 2 summaries" in line
        assert any("is away on" in t and GRACE in t for t in toasts(app))
        assert [e.away for e in store.roster(THU) if e.id == "U2GRACE"] == [""]
        assert "away" in str(app.screen.query_one("#detail-body", Static).render())
        # Only that Thursday.
        assert all(e.away is None for e in store.roster(THU.replace(day=19)))

        await pilot.press("a")  # again: expected after all
        await pilot.pause()
        assert row_of(app, GRACE)[2:4] == ["not yet", "not yet"]
        line = counts(app)
        assert "plans 2/4 · summaries 1/4" in line
        assert "away" not in line
        assert any("no longer away" in t for t in toasts(app))
        assert store.away_periods("U2GRACE") == []


async def test_away_with_team_filter(store):
    app = console(store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("t", "t")  # robotics: Ada, Kai
        await select(pilot, ADA)
        await pilot.press("a")  # Ada posted a plan: away, but still counted
        await pilot.pause()
        line = counts(app)
        assert "team robotics" in line
        assert "plans 2/2 · summaries 1/2 · 1 away but posted, counted" in line
        assert "not yet" not in line  # Kai has both; Ada is away, not missing
        assert row_of(app, ADA)[2] == "✓ 09:10"
        assert row_of(app, ADA)[3] == "away"
        assert row_of(app, ADA)[4] == "away"  # the away mark stays beside the posts


async def test_n_on_someone_away_sends_nothing(store, fake_slack: FakeSlack):
    store.add_away("U2GRACE", THU, THU, "conference")
    app = console(store, fake_slack.url)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await select(pilot, GRACE)
        await pilot.press("n")
        await settle(pilot)
        assert any("away" in t and "not nudged" in t and GRACE in t for t in toasts(app))
        assert screen_name(app) == "ConsoleScreen"
        assert fake_slack.requests == []
        assert store.nudges(THU) == []
        assert "conference" in str(app.screen.query_one("#detail-body", Static).render())


async def test_nudge_all_leaves_out_people_away(store, fake_slack: FakeSlack):
    store.add_away("U4PRIYA", THU.replace(day=20), THU.replace(day=30), "leave")
    app = console(store, fake_slack.url)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        assert "· 1 away" in counts(app)
        await pilot.press("N")
        await pilot.pause()
        assert screen_name(app) == "ConfirmScreen"
        body = dialog_body(app)
        assert f"{ADA}  — summary" in body
        assert f"{GRACE}  — plan" in body
        assert "Priya" not in body
        assert "Nudge 2 people" in dialog_title(app)
        await pilot.press("y")
        await settle(pilot)
        texts = " ".join(b["text"] for b in fake_slack.bodies)
        assert "<@U1ADA>" in texts and "<@U2GRACE>" in texts
        assert "U4PRIYA" not in texts
        assert store.nudges(THU, "U4PRIYA") == []


# --------------------------------------------------------------------------- skipped


async def test_skipped_thursday_refuses_nudges(store, fake_slack: FakeSlack):
    store.add_skips([(THU, "Founders day")])
    app = console(store, fake_slack.url)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        assert "skipped: Founders day" in counts(app)

        await pilot.press("n")
        await settle(pilot)
        assert screen_name(app) == "ConsoleScreen"
        assert any("is skipped (Founders day): no nudges" in t for t in toasts(app))

        await pilot.press("N")
        await settle(pilot)
        assert screen_name(app) == "ConsoleScreen"  # no confirmation offered
        assert sum("no nudges" in t for t in toasts(app)) == 2

        assert fake_slack.requests == []
        assert store.nudges(THU) == []

        await pilot.press("left_square_bracket")  # the Thursday before is a Learning Day
        assert "skipped" not in counts(app)


async def test_skip_from_config_shows_in_counts(tmp_path, fake_slack: FakeSlack):
    build_store(tmp_path / "ldtui.db").close()
    skipping = Store(tmp_path / "ldtui.db", skip_days={THU: "skipped (config)"})
    try:
        app = console(skipping, fake_slack.url)
        async with app.run_test(size=(140, 40), notifications=True) as pilot:
            await pilot.pause()
            assert "skipped: skipped (config)" in counts(app)
            await pilot.press("N")
            await settle(pilot)
            assert fake_slack.requests == []
    finally:
        skipping.close()
