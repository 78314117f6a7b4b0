"""The console nudges nobody outside their quiet hours and says why.

Data: :mod:`console_data` with the default ``quiet_hours = "08:00-20:00"``; the clock is
Thursday 2026-11-26 15:00 UTC, 20:30 in Kolkata, where Priya misses her summary.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from console_data import NOW, THU, fill
from console_pilot import PRIYA, dialog_body, no_sleep, settle, toasts
from webhook_server import FakeSlack

from ldtui.config import Config
from ldtui.store import Store
from ldtui.tui.app import make_app


@pytest.fixture
def store(store: Store) -> Store:
    return fill(store)


def console(store: Store, url: str):  # noqa: ANN201
    config = replace(Config(), webhook_url=url)  # default quiet hours
    return make_app(store, config, day=THU, clock=lambda: NOW, sleep=no_sleep)


async def test_nudge_all_lists_who_is_held_back_and_why(
    store: Store, fake_slack: FakeSlack
) -> None:
    app = console(store, fake_slack.url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("N")
        await pilot.pause()
        body = dialog_body(app)
        assert f"1 not nudged:\n  {PRIYA} — outside quiet hours (local 20:30)" in body
        await pilot.press("y")
        await settle(pilot)
        mentioned = " ".join(b["text"] for b in fake_slack.bodies)
        assert "<@U1ADA>" in mentioned and "<@U2GRACE>" in mentioned
        assert "<@U4PRIYA>" not in mentioned
        assert store.nudges(THU, "U4PRIYA") == []


async def test_nudging_one_person_in_their_night_says_why(
    store: Store, fake_slack: FakeSlack
) -> None:
    app = console(store, fake_slack.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("down", "down", "down", "n")  # Priya, last by name
        await settle(pilot)
        assert any(
            f"{PRIYA} not nudged: outside quiet hours (local 20:30)." in t for t in toasts(app)
        )
        assert fake_slack.requests == []
