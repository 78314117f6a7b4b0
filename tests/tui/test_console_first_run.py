"""A first run finds the data: the console opens on the newest Thursday with posts when the
opening one has none, ``g`` goes to a typed date, ``G`` to the newest Thursday with posts,
``N`` on a day nobody posted asks twice, and an empty database shows the import command whole.

Data: the people of :mod:`console_data` with posts only in March 2016 (as an imported export
that ends years ago), on a real SQLite file; the clock is Thursday 2026-11-26. Pilot at 80×24
and 120×40.
"""

from __future__ import annotations

from datetime import date

import pytest
from console_data import CHANNEL, PEOPLE, _post, fill, local
from console_pilot import (
    ADA,
    console,
    counts,
    dialog_body,
    dialog_title,
    row_of,
    screen_name,
    settle,
    toasts,
)
from screen_text import painted
from textual.widgets import Input, Static

from ldtui.store import Store

SIZES = [(80, 24), (120, 40)]
OLD = date(2016, 3, 10)  # a Thursday
OLDER = date(2016, 3, 3)


def old_export(store: Store) -> Store:
    """The people with posts on two Thursdays of 2016 only."""
    store.add_people(PEOPLE)
    store.set_members(CHANNEL, "learning-day", [p.id for p in PEOPLE])
    store.add_posts(
        [
            _post("U1ADA", local("Europe/London", 2016, 3, 10, 9, 5), "Plan: Haskell"),
            _post("U1ADA", local("Europe/London", 2016, 3, 10, 17, 5), "Monads, sort of"),
            _post("U3KAI", local("Asia/Tokyo", 2016, 3, 3, 9, 0), "Plan: Go channels"),
        ]
    )
    return store


def detail(app) -> str:
    return str(app.screen.query_one("#detail-body", Static).render())


@pytest.mark.parametrize("size", SIZES)
async def test_opens_on_the_newest_thursday_with_posts_and_says_so(store, size):
    app = console(old_export(store))
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        assert "Thursday 10 Mar 2016" in counts(app)
        assert row_of(app, ADA)[2:4] == ["✓ 09:05", "✓ 17:05"]
        assert any(
            "No posts on Thursday 26 Nov 2026" in t and "Thursday 10 Mar 2016" in t
            for t in toasts(app)
        )


async def test_a_day_with_posts_opens_where_asked(store):
    app = console(fill(store))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "Thursday 26 Nov 2026" in counts(app)
        assert not any("No posts on" in t for t in toasts(app))


@pytest.mark.parametrize("size", SIZES)
async def test_g_goes_to_a_typed_date_and_snaps_to_its_thursday(store, size):
    app = console(old_export(store))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert screen_name(app) == "GoToDateScreen"
        box = app.screen.query_one("#go-to", Input)
        box.value = "not a date"
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "GoToDateScreen"
        assert "Not a date" in str(app.screen.query_one("#go-to-hint", Static).render())

        box.value = "2016-03-06"  # a Sunday: the Thursday on or before is 3 March
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ConsoleScreen"
        assert "Thursday 3 Mar 2016" in counts(app)

        await pilot.press("g")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ConsoleScreen"
        assert "Thursday 3 Mar 2016" in counts(app)


@pytest.mark.parametrize("size", SIZES)
async def test_capital_g_jumps_to_the_newest_thursday_with_posts(store, size):
    app = console(old_export(store))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Thursday 31 Mar 2016" in counts(app)
        await pilot.press("G")
        await pilot.pause()
        assert "Thursday 10 Mar 2016" in counts(app)


@pytest.mark.parametrize("size", SIZES)
async def test_nudge_all_on_a_day_without_posts_asks_twice_naming_the_day(store, size):
    app = console(old_export(store))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("right_square_bracket")  # 31 March 2016: nobody posted
        await pilot.press("N")
        await pilot.pause()
        assert dialog_title(app) == "No posts on Thursday 31 Mar 2016"
        assert "Nobody posted a plan or a summary on Thursday 31 Mar 2016" in dialog_body(app)
        await pilot.press("y")
        await pilot.pause()
        assert dialog_title(app).startswith("Nudge 4 people")
        await pilot.press("n")
        await settle(pilot)
        assert screen_name(app) == "ConsoleScreen"
        assert store.nudges(date(2016, 3, 31)) == []


@pytest.mark.parametrize("size", SIZES)
async def test_an_empty_database_shows_the_whole_import_command(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = painted(app).splitlines()
        assert any(
            "ldtui import slack-export EXPORT.zip --channel CHANNEL" in line for line in lines
        )
        assert "Import a Slack export" in painted(app)
