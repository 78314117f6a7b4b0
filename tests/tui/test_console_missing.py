"""Who is missing stands out in the console: ``missing`` on a closed Learning Day, ``not yet``
on today, in the theme's warning colour; the counts line says how many miss what; ``o`` cycles
the roster order; someone away who posted shows both their posts and ``away``.

Data: :mod:`console_data` (Thursday 2026-11-26, 15:00 UTC; the Thursday before is closed for
everyone) on a real SQLite file, driven with Textual's Pilot at 80×24 and 120×40.
"""

from __future__ import annotations

import pytest
from console_data import fill
from console_pilot import ADA, GRACE, KAI, PRIYA, console, counts, row_of, rows, select
from rich.color import Color
from screen_text import painted
from textual.widgets import Static

from ldtui.store import Store
from ldtui.tui.widgets.roster import RosterTable

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def store(store: Store) -> Store:
    """The shared store with :mod:`console_data`."""
    return fill(store)


def close(a: Color, b: Color) -> bool:
    """The same colour, give or take Textual's rounding when it resolves a CSS colour."""
    return all(abs(x - y) <= 2 for x, y in zip(a.get_truecolor(), b.get_truecolor(), strict=True))


def header_line(app) -> str:
    """The roster's header line as painted (under the counts line, one or two lines)."""
    return next(line for line in painted(app).splitlines() if " Person " in line)


def detail(app) -> str:
    return str(app.screen.query_one("#detail-body", Static).render())


@pytest.mark.parametrize("size", SIZES)
async def test_today_reads_not_yet_and_a_closed_day_reads_missing(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert row_of(app, GRACE)[2:4] == ["not yet", "not yet"]
        assert row_of(app, ADA)[2:4] == ["✓ 09:10", "not yet"]
        assert "not yet: 2 plans, 3 summaries" in counts(app)
        await select(pilot, GRACE)
        assert "not posted yet" in detail(app)

        await pilot.press("left_square_bracket")  # Thursday 19 Nov: closed for everyone
        await pilot.pause()
        assert row_of(app, GRACE)[2:4] == ["missing", "missing"]
        assert row_of(app, KAI)[2:4] == ["missing", "missing"]
        assert row_of(app, PRIYA)[2:4] == ["✓ Wed 19:00", "✓ Fri 10:00"]
        assert "missing: 2 plans, 2 summaries" in counts(app)
        await select(pilot, GRACE)
        assert "missing" in detail(app)
        assert "not posted yet" not in detail(app)


@pytest.mark.parametrize("size", SIZES)
async def test_missing_cells_use_the_theme_warning_colour(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#roster", RosterTable)
        index = [r[0] for r in rows(app)].index(GRACE)
        cell = table.row_cells(index)[2]
        assert cell.plain == "not yet"
        warning = Color.parse(app.current_theme.warning)
        assert close(cell.style.color, warning)

        app.theme = "gruvbox"  # another theme: the cells follow its warning colour
        await pilot.pause()
        cell = table.row_cells(index)[2]
        other = Color.parse(app.current_theme.warning)
        assert not close(other, warning)
        assert close(cell.style.color, other)


@pytest.mark.parametrize("size", SIZES)
async def test_o_cycles_the_roster_order(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert [r[0] for r in rows(app)] == [ADA, GRACE, KAI, PRIYA]
        assert "order:" not in counts(app)

        await pilot.press("o")
        await pilot.pause()
        assert [r[0] for r in rows(app)] == [GRACE, PRIYA, ADA, KAI]
        assert "order: missing first" in counts(app)
        header = header_line(app)
        assert "Plan ▾" in header
        assert app.screen.query_one("#roster", RosterTable).header_title(3) == "Summary ▾"

        await pilot.press("o")
        await pilot.pause()
        # Local time now: New York 10:00, London 15:00, Kolkata 20:30, Tokyo Fri 00:00.
        assert [r[0] for r in rows(app)] == [GRACE, ADA, PRIYA, KAI]
        assert "order: local time" in counts(app)
        header = header_line(app)
        assert "Local ▾" in header and "Plan ▾" not in header

        await pilot.press("o")
        await pilot.pause()
        assert [r[0] for r in rows(app)] == [ADA, GRACE, KAI, PRIYA]
        assert "order:" not in counts(app)
        assert "▾" not in painted(app)


@pytest.mark.parametrize("size", SIZES)
async def test_away_who_posted_shows_posts_and_away(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await select(pilot, KAI)  # posted plan and summary
        await pilot.press("a")
        await pilot.pause()
        assert row_of(app, KAI)[2:5] == ["✓ 09:00", "✓ 17:30", "away"]
        line = counts(app).replace("\n", " · ")  # the line may break between its parts
        assert "plans 2/4 · summaries 1/4 · 1 away but posted, counted" in line
        assert "away" in detail(app)

        await pilot.press("home")
        await select(pilot, GRACE)  # posted nothing: not expected, not missing
        await pilot.press("a")
        await pilot.pause()
        assert row_of(app, GRACE)[2:5] == ["away", "away", ""]
        line = counts(app).replace("\n", " · ")
        if size[0] >= 100:
            assert "plans 2/3 · summaries 1/3 · 1 away, not counted" in line
            assert "not yet: 1 plan, 2 summaries" in line
        else:  # the shorter labels keep every count on two lines
            assert "plans 2/3 · sums 1/3 · 1 away · 1 away & posted" in line
            assert "not yet: 1 plan, 2 sums" in line
