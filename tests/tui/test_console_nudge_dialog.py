"""The ``N`` confirmation shows what it will do: the total in the title, every person listed
(scrollable, ``… and N more below`` while some are out of view), and no toast over its buttons.

Data: 25 people in UTC on a real SQLite file, one of whom posted both; the clock is Thursday
2026-11-26 15:00 UTC, so the other 24 miss a summary. Pilot at 80×24 and 120×40.
"""

from __future__ import annotations

import pytest
from console_data import CHANNEL, _post, fill, local
from console_pilot import console, dialog_body, dialog_title, screen_name, toasts
from screen_text import painted
from textual.containers import VerticalScroll
from textual.widgets import Static

from ldtui.records import NewPerson
from ldtui.store import Store

SIZES = [(80, 24), (120, 40)]


def crowd(store: Store) -> Store:
    """25 people; Person 00 posted a plan and a summary, the others nothing."""
    people = [NewPerson(f"U{i:02d}", f"Person {i:02d}", "UTC") for i in range(25)]
    store.add_people(people)
    store.set_members(CHANNEL, "learning-day", [p.id for p in people])
    store.add_posts(
        [
            _post("U00", local("UTC", 2026, 11, 26, 9), "Plan: SICP ch. 1"),
            _post("U00", local("UTC", 2026, 11, 26, 14), "Did the exercises"),
        ]
    )
    return store


def more_line(app) -> str:
    more = app.screen.query_one("#dialog-more", Static)
    return str(more.render()) if more.display else ""


@pytest.mark.parametrize("size", SIZES)
async def test_nudge_all_lists_everyone_and_says_how_many_are_below(store, size):
    app = console(crowd(store))
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        app.notify("a toast that would cover the buttons", timeout=30)
        await pilot.pause()
        assert toasts(app)
        await pilot.press("N")
        await pilot.pause()
        await pilot.pause()
        assert dialog_title(app) == "Nudge 24 people? (dry run)"
        body = dialog_body(app)
        assert all(f"Person {i:02d}" in body for i in range(1, 25))
        assert "Person 00" not in body
        assert toasts(app) == []  # opening the dialog cleared them

        scroll = app.screen.query_one("#dialog-body", VerticalScroll)
        shown = scroll.scrollable_content_region.height
        hidden = 24 - shown
        assert hidden > 0
        assert more_line(app) == f"… and {hidden} more below (scroll to see them)"
        screen = painted(app)
        assert f"and {hidden} more below" in screen
        assert "Nudge 24 (y)" in screen and "Cancel (n)" in screen

        scroll.scroll_end(animate=False)
        await pilot.pause()
        await pilot.pause()
        assert more_line(app) == ""
        assert "Person 24" in painted(app)

        await pilot.press("n")
        await pilot.pause()
        assert screen_name(app) == "ConsoleScreen"
        assert store.nudges(store.latest_day()) == []


@pytest.mark.parametrize("size", SIZES)
async def test_a_list_that_fits_has_no_more_line(store, size):
    app = console(fill(store))
    async with app.run_test(size=size) as pilot:
        await pilot.press("N")
        await pilot.pause()
        await pilot.pause()
        assert dialog_title(app) == "Nudge 3 people? (dry run)"
        assert more_line(app) == ""
        assert "… and" not in painted(app)
