"""A long timeline on its screen: read in a thread worker, listed a chunk per frame, each
Thursday tagged with its topics as it is listed and the header's topics counted once all are,
the same as the plain timeline; the focus day stays at the top while the list grows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from console_pilot import settle
from insights_data import make_store, plan, summary

from ldtui.config import Config
from ldtui.insights.timeline import timeline
from ldtui.insights.topics import TopicRules, label
from ldtui.records import NewPerson
from ldtui.tui.app import make_app
from ldtui.tui.format import format_day
from ldtui.tui.screens.timeline import LIST_CHUNK, TimelineScreen, topics_line

ADA = NewPerson("U1ADA", "Ada Lovelace", "Europe/London", team="Research")
LAST = date(2026, 11, 26)
NOW = datetime(2026, 11, 27, 15, tzinfo=UTC)
DAYS = [LAST - timedelta(weeks=i) for i in range(4 * LIST_CHUNK)]  # newest first
TEXTS = [
    ("Read the attention paper on arXiv", "Notes on self-attention, long and wrapped " * 4),
    ("Rust ownership", "Borrow checker, finally; a Kubernetes StatefulSet too"),
    ("Linear algebra: eigenvalues", None),
    ("Coffee", "Nothing to tag here"),
    ("Mentoring and hiring", "Fourier series, then a CUDA kernel"),
]


@pytest.fixture
def app(tmp_path):
    posts = []
    for i, day in enumerate(DAYS):
        if i % 7 == 6:
            continue  # a missing Thursday now and then
        first, second = TEXTS[i % len(TEXTS)]
        posts.append(plan(ADA, day, f"{first} (week {i})"))
        if second:
            posts.append(summary(ADA, day, second))
    store = make_store(tmp_path / "ldtui.db", [ADA], posts)
    yield make_app(store, Config(), day=LAST, clock=lambda: NOW)
    store.close()


def _topics_shown(prompt_lines: list[str]) -> str:
    found = [line for line in prompt_lines if line.lstrip().startswith("Topics")]
    return found[0].split("Topics", 1)[1].strip() if found else ""


async def test_weeks_are_tagged_as_listed_and_counted_like_the_plain_timeline(app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = TimelineScreen(ADA.id, until=LAST, focus_day=DAYS[2 * LIST_CHUNK + 3])
        await app.push_screen(screen)
        await settle(pilot)
        for _ in range(100):
            if screen.timeline is not None and not screen.listing.pending:
                break
            await pilot.pause(0.02)
        await settle(pilot)
        plain = timeline(app.store, ADA.id, until=LAST, now=NOW, rules=TopicRules.from_config(None))
        header = str(screen.query_one("#timeline-header").render())
        assert "counting" not in header
        assert plain.topic_counts and f"Topics  {topics_line(plain.topic_counts)}" in header
        listing = screen.weeks_list
        assert listing.option_count == len(plain.weeks)
        for index, week in enumerate(plain.weeks):
            lines = str(listing.get_option_at_index(index).prompt).splitlines()
            shown = _topics_shown(lines)
            assert shown == ", ".join(label(t) for t in week.topics), week.day


async def test_the_focus_day_stays_at_the_top_while_the_list_grows(app):
    focus = DAYS[2 * LIST_CHUNK + 3]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = TimelineScreen(ADA.id, until=LAST, focus_day=focus)
        await app.push_screen(screen)
        await settle(pilot)
        listing = screen.weeks_list
        last, still = None, 0
        for _ in range(200):  # until the scroll position has stayed put for a few frames
            await pilot.pause(0.02)
            now = (listing.scroll_y, listing.option_count)
            still = still + 1 if now == last else 0
            last = now
            if still >= 5:
                break
        assert screen.highlighted_day == focus
        top = listing.render_line(0).text.strip()
        assert top.startswith(format_day(focus)), top


async def test_the_console_has_the_topic_rules_ready_before_the_first_timeline(app):
    """A moment after its start the console has compiled the topic rules in a thread, so the
    first timeline opened does not wait for them."""
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            if app._topic_rules is not None:
                break
            await pilot.pause(0.02)
        assert app._topic_rules is not None
        await app.workers.wait_for_complete()
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
