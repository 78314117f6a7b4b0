"""History and timeline at the design size (80×24) and on a split laptop screen (60×20).

Snapshots (review the SVGs after ``--snapshot-update``) and Pilot tests on the painted text:
a skipped Thursday reads "skipped: <reason>", the chart says its scale and direction and marks
the skipped Thursday, and a long post wraps under its own first character.
"""

from __future__ import annotations

from datetime import date

import pytest
from console_data import CHANNEL, NOW, THU, build_store, local
from console_pilot import after, settle
from screen_text import painted
from textual.widgets import OptionList

from ldtui import slack_ts
from ldtui.config import Config
from ldtui.records import NewPost
from ldtui.tui.app import make_app
from ldtui.tui.screens.history import HistoryScreen
from ldtui.tui.screens.timeline import TimelineScreen

NOV12 = date(2026, 11, 12)
NOV05 = date(2026, 11, 5)
LONG_PLAN = (
    "Plan: reimplement MAML from the paper, then compare first-order MAML and Reptile "
    "on Omniglot five-way one-shot, and write down which hyperparameters mattered"
)
SIZES = [(80, 24), (60, 20)]


def _post(person: str, tz: str, day: date, hour: int, text: str) -> NewPost:
    when = local(tz, day.year, day.month, day.day, hour)
    return NewPost(CHANNEL, slack_ts.from_datetime(when), person, text, text, when)


@pytest.fixture
def app(tmp_path):
    store = build_store(tmp_path / "ldtui.db")
    store.add_posts(
        [
            _post("U1ADA", "Europe/London", NOV05, 9, LONG_PLAN),
            _post("U1ADA", "Europe/London", NOV05, 17, "Summary: MAML runs; Reptile next"),
            _post("U4PRIYA", "Asia/Kolkata", NOV05, 9, "Plan: Rust async"),
        ]
    )
    store.add_skips([(NOV12, "Company offsite in Lisbon for the whole week")])
    yield make_app(store, Config(), day=THU, clock=lambda: NOW)
    store.close()


def _open_timeline(pilot) -> None:  # noqa: ANN001
    pilot.app.push_screen(TimelineScreen("U1ADA", THU, focus_day=NOV05))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_at_size(snap_compare, app, size):
    assert snap_compare(app, run_before=after("h"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline_at_size(snap_compare, app, size):
    async def open_timeline(pilot):
        _open_timeline(pilot)
        await settle(pilot)  # the timeline reads in a thread worker
        for _ in range(100):  # then highlights the focus day and scrolls it into view
            if getattr(pilot.app.screen, "timeline", None) is not None:
                break
            await pilot.pause(0.05)
        await settle(pilot)  # the weeks are listed a chunk per frame
        await pilot.wait_for_scheduled_animations()
        # The screen scrolls the focus day to the top each time the list is laid out: wait
        # until the list's scroll position has stayed put for a few frames.
        listing = pilot.app.screen.query_one(OptionList)
        last, still = None, 0
        for _ in range(200):
            await pilot.pause(0.02)
            now = (listing.scroll_y, listing.option_count, listing.highlighted)
            still = still + 1 if now == last else 0
            last = now
            if still >= 5:
                break
        await pilot.pause()

    assert snap_compare(app, run_before=open_timeline, terminal_size=size)


def _row_of(screen: str, day_text: str) -> str:
    return next(line for line in screen.splitlines() if day_text in line)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_history_shows_a_skipped_thursday_as_skipped(app, size):
    async with app.run_test(size=size) as pilot:
        await app.push_screen(HistoryScreen(THU))
        await pilot.pause()
        screen = painted(app)
        skipped = _row_of(screen, "12 Nov 2026")
        assert "skipped: Company" in skipped  # shortened at a word, never "0/5 0/5"
        assert "0/" not in skipped
        # Every counted Thursday shows its date, counts and participation whole.
        counted = _row_of(screen, "19 Nov 2026")
        assert "2/" in counted and "%" in counted


async def test_history_skip_reason_is_shortened_at_a_word(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(HistoryScreen(THU))
        await pilot.pause()
        assert "skipped: Company offsite in…" in _row_of(painted(app), "12 Nov 2026")
        await pilot.press("down", "down")  # the detail pane has the reason whole
        await pilot.pause(0.3)
        assert "skipped: Company offsite in Lisbon for the whole week" in app.screen.detail_text


@pytest.mark.parametrize("size", [(80, 24), (120, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_history_chart_is_labelled(app, size):
    async with app.run_test(size=size) as pilot:
        await app.push_screen(HistoryScreen(THU))
        await pilot.pause()
        chart = painted(app).splitlines()[2:6]  # under the caption
        assert chart[0].lstrip().startswith("100%")
        assert chart[2].lstrip().startswith("0%")
        # One bar per Thursday, oldest → newest, the skipped one marked on the baseline.
        assert "oldest 5 Nov 2026 → 26 Nov 2026 newest" in chart[3]
        assert "× skipped" in chart[3] and "one bar per Thursday" in chart[3]
        bars = chart[2].split("0%", 1)[1].split()
        assert len(bars) == 4 and bars[1] == "××"
        assert len({len(b) for b in bars}) == 1  # equal widths


async def test_history_narrow_then_wide_again(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(HistoryScreen(THU))
        await pilot.pause()
        assert "Summaries" in painted(app)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        screen = painted(app)
        assert "Summ." in screen and "Summaries" not in screen
        assert "skipped: Company…" in _row_of(screen, "12 Nov 2026")
        await pilot.resize_terminal(120, 32)
        await pilot.pause()
        assert "Summaries" in painted(app)
        assert app.screen.has_class("-wide")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_timeline_wraps_a_long_post_under_its_own_start(app, size):
    async with app.run_test(size=size) as pilot:
        _open_timeline(pilot)
        await pilot.pause()
        lines = painted(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "Plan: reimplement MAML from" in line)
        start = lines[first].index("Plan: reimplement")
        following = lines[first + 1]
        assert following[:start].strip() == ""  # indented as far as the post's first word
        assert following[start] != " "
        assert "hyperparameters" in "\n".join(lines[first : first + 5])
