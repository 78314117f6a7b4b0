"""The console in ordinary terminals: at 80×24 and 60×20 every person's name, plan and summary
and the whole counts line are on screen, the detail pane moves under the roster (``i`` hides
it), dialogs keep their buttons in view; below 40×12 one notice covers the app and growing
back restores the layout. Also: the detail pane's clock reads like the row's, the default zone
has one wording, people with the same name are told apart, ``--day`` opens that day, and the
detail pane follows a theme change.

Data: :mod:`console_data` (Thursday 2026-11-26, 15:00 UTC) on a real SQLite file, Pilot.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from cli_runner import Ldtui
from console_data import CHANNEL, NOW, THU, fill
from console_pilot import (
    ADA,
    GRACE,
    KAI,
    PRIYA,
    console,
    counts,
    dialog_body,
    no_sleep,
    row_of,
    rows,
    screen_name,
    select,
    settle,
)
from rich.color import Color
from rich.style import Style
from rich.text import Text
from screen_text import painted
from textual.widgets import Static

from ldtui.config import Config
from ldtui.records import NewPerson
from ldtui.store import Store
from ldtui.tui.app import make_app

SMALL = [(80, 24), (60, 20)]


@pytest.fixture
def store(store: Store) -> Store:
    """The shared store with :mod:`console_data`, and a team for two of its people."""
    fill(store)
    store.set_team(["U1ADA", "U3KAI"], "robotics")
    return store


def close(a: Color, b: Color) -> bool:
    """The same colour, give or take Textual's rounding when it resolves a CSS colour."""
    return all(abs(x - y) <= 2 for x, y in zip(a.get_truecolor(), b.get_truecolor(), strict=True))


def detail(app) -> str:
    return str(app.screen.query_one("#detail-body", Static).render())


def region(app, selector: str):
    return app.screen.query_one(selector).region


@pytest.mark.parametrize("size", SMALL)
async def test_names_plans_summaries_and_counts_show_whole(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = painted(app)
        header = next(line for line in screen.splitlines() if " Person " in line)
        assert "Plan" in header and "Summary" in header
        for name in (ADA, GRACE, KAI, PRIYA):
            row = row_of(app, name)
            line = next(line for line in screen.splitlines() if f" {name} " in line)
            # the name, the plan cell and the summary cell (mark and local time), uncut
            assert row[2] in line and row[3] in line, (line, row)
        assert row_of(app, KAI)[2:4] == ["✓ 09:00", "✓ 17:30"]
        # Every part of the counts line is on screen, on at most two lines.
        shown = counts(app)
        assert len(shown.splitlines()) <= 2
        for line in shown.splitlines():
            assert line in screen
        flat = shown.replace("\n", " · ")
        assert "plans 2/4" in flat
        assert "1/4" in flat  # summaries
        assert "not yet: 2 plans, 3 s" in flat
        assert "dry run" in flat


@pytest.mark.parametrize("size", SMALL)
async def test_team_filter_name_and_order_stay_on_the_counts_line(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("t", "o")
        await pilot.pause()
        screen = painted(app)
        assert "team robotics" in screen
        assert "order: missing first" in screen
        assert "dry run" in screen
        assert "plans 2/2" in screen


@pytest.mark.parametrize("size", SMALL)
async def test_narrow_console_puts_the_detail_pane_under_the_roster(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        roster, pane = region(app, "#roster"), region(app, "#detail")
        assert pane.y >= roster.bottom and pane.width == roster.width == size[0]
        await select(pilot, ADA)
        assert "U1ADA · Europe/London" in painted(app)

        await pilot.press("i")  # hide the pane: the roster takes its room
        await pilot.pause()
        assert not app.screen.query_one("#detail").display
        assert region(app, "#roster").height > roster.height
        assert "U1ADA · Europe/London" not in painted(app)
        await pilot.press("i")
        await pilot.pause()
        assert "U1ADA · Europe/London" in painted(app)


async def test_wide_console_keeps_the_detail_pane_beside_the_roster(store):
    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        roster, pane = region(app, "#roster"), region(app, "#detail")
        assert pane.x >= roster.right and pane.y == roster.y
        header = next(line for line in painted(app).splitlines() if " Person " in line)
        assert "Local time" in header and "Nudges" in header


async def test_columns_go_nudges_first_then_local_time(store):
    app = console(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = next(line for line in painted(app).splitlines() if " Person " in line)
        assert "Local time" in header and "Nudges" in header
        await pilot.resize_terminal(52, 20)
        await settle(pilot)
        header = next(line for line in painted(app).splitlines() if " Person " in line)
        assert "Nudges" not in header and "Local time" not in header
        assert "Plan" in header and "Summary" in header
        assert any(GRACE in line for line in painted(app).splitlines())


def footer_line(app) -> str:
    return painted(app).rstrip("\n").splitlines()[-1]


async def test_footer_keeps_help_and_quit_in_a_narrow_window(store):
    app = console(store)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        footer = footer_line(app)
        for key in ("n Nudge", "[ Prev Thu", "] Next Thu", "? Help", "q Quit", "palette"):
            assert key in footer
        assert "p Timeline" not in footer and "h History" not in footer
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        footer = footer_line(app)
        for key in ("n Nudge", "h History", "p Timeline", "? Help", "q Quit", "palette"):
            assert key in footer
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert "q Quit" in footer_line(app) and "p Timeline" not in footer_line(app)
        await pilot.press("h")
        await settle(pilot)
        footer = footer_line(app)
        assert "? Help" in footer and "esc Back" in footer and "/ Search" not in footer
        await pilot.press("question_mark")  # the help screen still lists the keys left out
        await settle(pilot)
        assert "Search" in painted(app)


@pytest.mark.parametrize("size", SMALL)
async def test_nudge_all_dialog_keeps_its_buttons_in_view(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        screen = painted(app)
        assert "Nudge 3 people? (dry run)" in screen
        assert "Nudge 3 (y)" in screen and "Cancel (n)" in screen
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        assert "ldtui keys" in painted(app) and "Esc closes" in painted(app)
        await pilot.press("escape", "g")
        await settle(pilot)
        screen = painted(app)
        assert "Go to Learning Day" in screen and "2026-11-26" in screen
        assert "Enter opens it · Escape cancels" in screen


async def test_window_too_small_covers_every_screen_and_growing_back_restores_it(store):
    app = console(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = painted(app)
        for width, height in ((20, 6), (1, 1), (39, 30), (80, 11)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert screen_name(app) == "TooSmallScreen"
            if width >= 20:
                assert "oo small" in painted(app), painted(app)
        await pilot.press("n")  # no key acts on the hidden console
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen_name(app) == "ConsoleScreen"
        assert painted(app) == before
        assert [r[0] for r in rows(app)] == [ADA, GRACE, KAI, PRIYA]

        await pilot.press("h")  # the history on top: the notice covers it too
        await settle(pilot)
        assert screen_name(app) == "HistoryScreen"
        for width, height in ((20, 6), (1, 1)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert screen_name(app) == "TooSmallScreen"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen_name(app) == "HistoryScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert screen_name(app) == "ConsoleScreen"
        assert painted(app) == before


async def test_window_shrunk_behind_the_history_lays_the_console_out_anew(store):
    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert region(app, "#detail").y >= region(app, "#roster").bottom


async def test_starting_in_a_tiny_window_shows_the_notice(store):
    app = console(store)
    async with app.run_test(size=(25, 8)) as pilot:
        await settle(pilot)
        assert screen_name(app) == "TooSmallScreen"
        assert "Too small: need 40×12" in painted(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert [r[0] for r in rows(app)] == [ADA, GRACE, KAI, PRIYA]


async def test_detail_clock_reads_like_the_row_and_names_the_default_zone(store):
    store.add_people([NewPerson("U7NOZONE", "Noor Zone", None)])
    store.set_members(CHANNEL, "learning-day", ["U1ADA", "U2GRACE", "U3KAI", "U4PRIYA", "U7NOZONE"])
    app = console(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for name in (PRIYA, "Noor Zone"):
            await pilot.press("home")
            await select(pilot, name)
            assert f"now {row_of(app, name)[1]}" in detail(app)  # "now Thu 20:30"
        assert "UTC (default)" in detail(app)
    listed = [line.split("\t") for line in Ldtui_people(store)]
    assert ["U7NOZONE", "Noor Zone", "-", "UTC (default)"] in listed


def Ldtui_people(store: Store) -> list[str]:  # noqa: N802 - reads like the command
    """``ldtui people list`` on ``store``'s file."""
    runner = Ldtui(store.path.parent)
    runner.db = store.path
    return runner.ok("people", "list").splitlines()


async def test_people_with_the_same_name_are_told_apart_by_their_handle(store):
    store.add_people(
        [
            NewPerson("U8ANA", "Ana Lima", "UTC", username="ana.l"),
            NewPerson("U9ANA", "Ana Lima", "UTC", username="ana.lima"),
        ]
    )
    ids = ["U1ADA", "U2GRACE", "U3KAI", "U4PRIYA", "U8ANA", "U9ANA"]
    store.set_members(CHANNEL, "learning-day", ids)
    app = console(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = [r[0] for r in rows(app)]
        assert "Ana Lima (@ana.l)" in names and "Ana Lima (@ana.lima)" in names
        await select(pilot, "Ana Lima (@ana.lima)")
        assert detail(app).startswith("Ana Lima (@ana.lima)\n")
        await pilot.press("N")
        await pilot.pause()
        body = dialog_body(app)
        assert "Ana Lima (@ana.l)  — summary" in body
        assert "Ana Lima (@ana.lima)  — summary" in body
    listed = {line.split("\t")[0]: line.split("\t")[1] for line in Ldtui_people(store)}
    assert listed["U8ANA"] == "Ana Lima (@ana.l)"
    runner = Ldtui(store.path.parent)
    runner.db = store.path
    people = json.loads(runner.ok("roster", "--day", THU.isoformat()))["people"]
    assert {p["name"] for p in people if p["id"].endswith("ANA")} == {
        "Ana Lima (@ana.l)",
        "Ana Lima (@ana.lima)",
    }


async def test_a_named_day_opens_even_when_empty(store):
    empty = date(2026, 11, 12)  # no posts; the newest Thursday with posts is THU
    app = make_app(store, Config(), day=empty, clock=lambda: NOW, sleep=no_sleep, find_data=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Thursday 12 Nov 2026" in counts(app)
    app = make_app(store, Config(), day=empty, clock=lambda: NOW, sleep=no_sleep)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Thursday 26 Nov 2026" in counts(app)


async def test_detail_pane_recolours_on_theme_change(store):
    app = console(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select(pilot, GRACE)  # no plan yet

        def not_yet_colour() -> Color:
            text = app.screen.query_one("#detail-body", Static).content
            assert isinstance(text, Text)
            start = text.plain.index("not posted yet")
            span = next(s for s in text.spans if s.start <= start < s.end)
            assert isinstance(span.style, Style) and span.style.color is not None
            return span.style.color

        before = not_yet_colour()
        assert close(before, Color.parse(app.current_theme.warning))
        app.theme = "gruvbox"
        await settle(pilot)
        after = not_yet_colour()
        assert not close(after, before)
        assert close(after, Color.parse(app.current_theme.warning))
