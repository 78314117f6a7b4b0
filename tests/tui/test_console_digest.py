"""The digest from the console (``D``): preview, post, cancel, and counts that follow the team
filter, people away and skipped Thursdays.

Driven as a facilitator would with Textual's Pilot: keys in, what the screen shows out. Data:
:mod:`console_data` (Thursday 2026-11-26, 15:00 UTC) on a real SQLite file, with Ada and Kai
in team robotics and Grace in team design (Priya has no team). Nudges and digests go to a real
HTTP server on 127.0.0.1 answering as Slack does (``fake_slack``).
"""

from __future__ import annotations

import pytest
from console_data import THU, fill
from console_pilot import (
    ADA,
    GRACE,
    KAI,
    PARTICIPATION,
    PRIYA,
    console,
    dialog_body,
    dialog_title,
    screen_name,
    settle,
    toasts,
)
from webhook_server import FakeSlack

from ldtui.store import Store


@pytest.fixture
def store(store: Store) -> Store:
    """The shared store with :mod:`console_data`; Ada and Kai in robotics, Grace in design."""
    fill(store)
    store.set_team(["U1ADA", "U3KAI"], "robotics")
    store.set_team(["U2GRACE"], "design")
    return store


# --------------------------------------------------------------------------- digest


async def test_D_previews_and_posts_the_digest(store, fake_slack: FakeSlack):
    app = console(store, fake_slack.url)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.press("D")
        await pilot.pause()
        assert screen_name(app) == "ConfirmScreen"
        assert "Post this digest?" in dialog_title(app)
        assert "127.0.0.1" in dialog_title(app)  # where it goes, host only
        body = dialog_body(app)
        assert "Learning Day digest: Thursday 2026-11-26" in body
        assert PARTICIPATION in body
        assert KAI in body  # literal, not markup
        assert "Raft: leader election clicked. [link=http://x]not a link[/link] and [/" in body
        assert f"Planned but no summary yet: {ADA}" in body
        assert GRACE not in body and PRIYA not in body  # no post: not named

        await pilot.press("y")
        await settle(pilot)
        assert screen_name(app) == "ConsoleScreen"
        assert len(fake_slack.requests) == 1
        text = fake_slack.bodies[0]["text"]
        assert PARTICIPATION in text
        assert KAI in text
        assert any("Digest posted" in t for t in toasts(app))
        assert store.nudges(THU) == []  # a digest is not a nudge


async def test_D_escape_cancels(store, fake_slack: FakeSlack):
    app = console(store, fake_slack.url)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("D")
        await pilot.pause()
        assert screen_name(app) == "ConfirmScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert screen_name(app) == "ConsoleScreen"
        assert fake_slack.requests == []


async def test_D_follows_the_team_filter_and_away(store, fake_slack: FakeSlack):
    store.add_away("U4PRIYA", THU, THU)
    app = console(store, fake_slack.url)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("D")
        await pilot.pause()
        assert "1 of 3 posted a plan and a summary (33%)." in dialog_body(app)
        await pilot.press("escape", "t", "t")  # robotics
        await pilot.press("D")
        await pilot.pause()
        body = dialog_body(app)
        assert "1 of 2 posted a plan and a summary (50%). Plans: 2. Summaries: 1." in body
        await pilot.press("escape")
        await settle(pilot)
        assert fake_slack.requests == []


async def test_D_on_a_skipped_thursday(store, fake_slack: FakeSlack):
    store.add_skips([(THU, "Founders day")])
    app = console(store, fake_slack.url)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("D")
        await pilot.pause()
        body = dialog_body(app)
        assert "No Learning Day this Thursday: Founders day." in body
        assert "posted a plan and a summary" not in body


async def test_D_after_a_digest_offers_only_what_arrived_since(store, fake_slack: FakeSlack):
    app = console(store, fake_slack.url)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert [r.addendum for r in store.digests(THU)] == [False]

        await pilot.press("D")  # nothing new since: nothing to post, no dialog
        await settle(pilot)
        assert screen_name(app) == "ConsoleScreen"
        assert any("no summaries since: nothing to post" in t for t in toasts(app))

        # a later summary: the digest's record no longer covers Kai's counted one
        with store.write() as conn:
            conn.execute("update digests set post_ids = '[]'")
        await pilot.press("D")
        await pilot.pause()
        assert "Post an addendum?" in dialog_title(app)
        assert "more summar" in dialog_body(app) and "for Thursday 26 Nov" in dialog_body(app)
        await pilot.press("y")
        await settle(pilot)
        assert [r.addendum for r in store.digests(THU)] == [False, True]
        assert "more summar" in fake_slack.bodies[-1]["text"]
