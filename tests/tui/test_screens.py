"""The timeline, search, signals and history screens, driven as a facilitator would.

Data: tests/helpers/console_data.py plus six more Thursdays (below), two teams, an away period and a
skipped Thursday. Clock: Thursday 2026-11-26 15:00 UTC. Names and posts hold markup-looking
text on purpose: it must show literally everywhere.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from console_data import CHANNEL, NOW, POSTS, PREV, THU, fill, local
from textual.widgets import DataTable, Input, OptionList, Static

import ldtui.demo
import ldtui.tui.screens.history as history_screen
from ldtui import slack_ts
from ldtui.config import Config
from ldtui.insights.topics import TopicRules, count_post_topics, count_post_topics_politely
from ldtui.records import MATCH_END, MATCH_START, NewPost
from ldtui.store import Store
from ldtui.tui.app import make_app
from ldtui.tui.hanging import HangingPrompt
from ldtui.tui.screens.history import HistoryScreen
from ldtui.tui.screens.search import MATCH_STYLE, SearchScreen, highlight
from ldtui.tui.screens.signals import SignalsScreen, recent_days
from ldtui.tui.screens.timeline import TimelineScreen
from ldtui.tui.widgets.participation_chart import ParticipationChart

OCT15, OCT22, OCT29 = date(2026, 10, 15), date(2026, 10, 22), date(2026, 10, 29)
NOV05, NOV12 = date(2026, 11, 5), date(2026, 11, 12)
SIZE = (140, 45)


def _post(person: str, tz: str, day: date, hour: int, text: str) -> NewPost:
    when = local(tz, day.year, day.month, day.day, hour)
    return NewPost(CHANNEL, slack_ts.from_datetime(when), person, text, text, when)


LONDON, NEW_YORK, TOKYO, KOLKATA = "Europe/London", "America/New_York", "Asia/Tokyo", "Asia/Kolkata"

MORE_POSTS = [
    # Ada: both, both, (skipped), (away), plan only, both [console_data], plan only today.
    _post("U1ADA", LONDON, OCT15, 9, "Plan: Bayesian inference notes"),
    _post("U1ADA", LONDON, OCT15, 17, "Summary: variational bounds"),
    _post("U1ADA", LONDON, OCT22, 9, "Plan: CS229 lecture 4"),
    _post("U1ADA", LONDON, OCT22, 17, "Summary: finished the lecture"),
    _post("U1ADA", LONDON, NOV12, 9, "Plan: kubernetes operators"),
    # Priya posted on the skipped Thursday and while Ada was away.
    _post("U4PRIYA", KOLKATA, OCT29, 10, "#plan offsite notes"),
    _post("U4PRIYA", KOLKATA, NOV05, 10, "#plan statistics course"),
    # The Thursday before: Grace plans and never summarises; Kai's summary mentions work.
    _post("U2GRACE", NEW_YORK, PREV, 9, "Plan: JAX tutorial"),
    _post("U3KAI", TOKYO, PREV, 9, "Plan: consensus reading"),
    _post("U3KAI", TOKYO, PREV, 17, "fixed ABC-123 and deployed"),
]


@pytest.fixture
def store(store: Store) -> Store:
    """The shared store with :mod:`console_data`, the posts above, two teams, an away period
    and a skipped Thursday."""
    fill(store)
    store.add_posts(MORE_POSTS)
    store.add_skips([(OCT29, "Company offsite")])
    store.add_away("U1ADA", NOV05, NOV05, "conference")
    store.set_team(["U1ADA", "U4PRIYA"], "Platform")
    store.set_team(["U2GRACE", "U3KAI"], "Research")
    return store


def app_for(store):
    return make_app(store, Config(), day=THU, clock=lambda: NOW)


def static_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def option_texts(app, selector: str) -> list[str]:
    listing = app.screen.query_one(selector, OptionList)
    return [str(option.prompt) for option in listing.options]


async def settle(pilot, delay: float = 0.0) -> None:
    """Let timers fire and thread workers (signals, topic counts) finish and report."""
    await pilot.pause(delay)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def painted(app, selector: str) -> str:
    """The lines a widget paints, as plain text (what the user sees)."""
    widget = app.screen.query_one(selector)
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.size.height)
    )


# --------------------------------------------------------------------------- timeline


async def test_timeline_shows_streaks_participation_and_statuses(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(TimelineScreen("U1ADA", until=THU, focus_day=PREV))
        await pilot.pause()
        header = static_text(app, "#timeline-header")
        assert "Ada Lovelace" in header and "team Platform" in header and LONDON in header
        # Counted, oldest first: both, both, (skipped), (away), plan only, both; today is not
        # over in London, so it is not counted yet.
        assert "Streak 1 · longest 2" in header
        assert "3/4 · 3/4 · 3/4" in header
        assert "Topics  ML fundamentals 2 · " in header and "Engineering 1" in header
        weeks = option_texts(app, "#timeline-weeks")
        assert [w.splitlines()[0].split("  ")[-1].strip() for w in weeks] == [
            "in progress",
            "both",
            "plan only",
            "away (conference)",
            "skipped (Company offsite)",
            "both",
            "both",
        ]
        assert weeks[0].startswith("Thursday 26 Nov 2026")
        assert "Plan: linear algebra ch. 3" in weeks[1]
        assert "Did eigenvalues, finally" in weeks[1]
        listing = app.screen.query_one("#timeline-weeks", OptionList)
        assert listing.highlighted == 1 and app.screen.highlighted_day == PREV
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "ConsoleScreen"


async def test_timeline_shows_markup_looking_text_literally(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(TimelineScreen("U3KAI", until=THU))
        await pilot.pause()
        assert "Kai [bold]Tanaka[/bold]" in static_text(app, "#timeline-header")
        assert "Streak 2 · longest 2" in static_text(app, "#timeline-header")
        seen = painted(app, "#timeline-weeks")
        assert "Read the Raft paper [bold]x[/bold]" in seen
        assert "[link=http://x]not a link[/link] and [/" in seen
        await pilot.press("q")
        assert app.screen.__class__.__name__ == "ConsoleScreen"


async def test_timeline_scrolls_the_focus_day_into_view(store):
    app = app_for(store)
    async with app.run_test(size=(100, 14)) as pilot:
        await app.push_screen(TimelineScreen("U1ADA", until=THU, focus_day=OCT22))
        await pilot.pause()
        await pilot.pause()
        listing = app.screen.query_one("#timeline-weeks", OptionList)
        assert app.screen.highlighted_day == OCT22
        assert listing.scroll_offset.y > 0
        assert painted(app, "#timeline-weeks").lstrip().startswith("Thursday 22 Oct 2026  both")


async def test_timeline_of_unknown_person_says_so(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(TimelineScreen("U404", until=THU))
        await pilot.pause()
        assert "No person with id U404" in static_text(app, "#timeline-header")


# --------------------------------------------------------------------------- search


def test_highlight_never_reads_markup():
    text = highlight(f"Read the {MATCH_START}Raft{MATCH_END} paper [bold]x[/bold]\nmore")
    assert text.plain == "Read the Raft paper [bold]x[/bold] more"
    assert [text.plain[s.start : s.end] for s in text.spans if s.style == MATCH_STYLE] == ["Raft"]


async def search_for(pilot, query: str) -> None:
    box = pilot.app.screen.query_one("#search-query", Input)
    box.value = query
    await pilot.pause(0.3)  # the debounce
    await pilot.pause()


async def test_search_finds_a_word_and_highlights_it_literally(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SearchScreen())
        await pilot.pause()
        assert app.screen.query_one("#search-query", Input).has_focus
        await search_for(pilot, "raft")
        assert "2 posts match" in static_text(app, "#search-status")
        await search_for(pilot, "MAML")
        assert "1 post matches." in static_text(app, "#search-status")
        await search_for(pilot, "raft")
        hits = option_texts(app, "#search-results")
        # Newest first: the summary (17:30 Tokyo), then the plan (09:00).
        assert hits[0].startswith("Kai [bold]Tanaka[/bold]  ·  Thursday 26 Nov 2026  ·  summary")
        assert "[link=http://x]not a link[/link] and [/" in hits[0]
        assert hits[1].endswith("Read the Raft paper [bold]x[/bold]")
        prompt = app.screen.query_one("#search-results", OptionList).options[1].prompt
        assert isinstance(prompt, HangingPrompt)
        snippet = prompt.rows[0][1]
        marked = [snippet.plain[s.start : s.end] for s in snippet.spans if s.style == MATCH_STYLE]
        assert marked == ["Raft"]
        assert "Read the Raft paper [bold]x[/bold]" in painted(app, "#search-results")


async def test_search_shows_a_gentle_message_for_bad_syntax(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SearchScreen())
        await pilot.pause()
        for bad in ('"unbalanced', "AND"):
            await search_for(pilot, bad)
            status = app.screen.query_one("#search-status", Static)
            assert "not understood" in str(status.render())
            assert status.has_class("-error")
            assert option_texts(app, "#search-results") == []
        await search_for(pilot, "eigenvalues")
        assert "1 post match" in static_text(app, "#search-status")


async def test_search_enter_opens_the_timeline_at_that_thursday(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SearchScreen())
        await pilot.pause()
        await pilot.press(*"eigen*", "enter")  # Enter searches at once and moves to the hits
        assert app.screen.query_one("#search-results", OptionList).has_focus
        assert option_texts(app, "#search-results")[0].startswith(
            "Ada Lovelace  ·  Thursday 19 Nov 2026  ·  summary"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.person_id == "U1ADA" and app.screen.highlighted_day == PREV
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "ConsoleScreen"


async def test_search_typing_a_slash_and_initial_query(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SearchScreen("lifetimes"))
        await pilot.pause()
        assert option_texts(app, "#search-results")[0].startswith("Priya Shah")
        box = app.screen.query_one("#search-query", Input)
        box.value = ""
        await pilot.press(*"a/b?")
        assert box.value == "a/b?"  # typed keys are text, not the screen's keys


# --------------------------------------------------------------------------- signals


async def test_signals_lists_plan_without_summary_and_work_items(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SignalsScreen([PREV]))
        await settle(pilot)
        assert "not judgements" in static_text(app, "#signals-intro")
        assert "1 Thursday" not in static_text(app, "#signals-caption")
        assert "Thursday 19 Nov 2026" in static_text(app, "#signals-caption")
        rows = option_texts(app, "#signals-list")
        assert rows[0] == "Plan without summary (1)"
        assert "Grace [/]Hopper & <Co>" in rows[1] and "planned, no summary" in rows[1]
        assert rows[2] == "Summary mentions work items (1)"
        assert "Kai [bold]Tanaka[/bold]" in rows[3] and "ABC-123, deployed" in rows[3]
        assert len(rows) == 4
        assert "Grace [/]Hopper & <Co>" in painted(app, "#signals-list")

        await pilot.press("w")  # the last 4 Thursdays
        await settle(pilot)
        assert "4 Thursdays" in static_text(app, "#signals-caption")
        rows = option_texts(app, "#signals-list")
        assert rows[0] == "Plan without summary (3)"  # newest first
        assert "Thu 19 Nov 2026" in rows[1] and "Grace" in rows[1]
        assert "Thu 12 Nov 2026" in rows[2] and "Ada Lovelace" in rows[2]
        assert "Thu 5 Nov 2026" in rows[3] and "Priya Shah" in rows[3]
        assert not any("29 Oct" in r for r in rows)  # skipped: no signals
        # Nobody here missed 3 Thursdays in a row after their first post: Thursdays before
        # someone's first post are not counted as missed (as in their timeline).
        assert not any(r.startswith("Missing several Thursdays in a row") for r in rows)

        await pilot.press("w")  # back to this Thursday; Enter opens the first row
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.person_id == "U2GRACE" and app.screen.highlighted_day == PREV


async def test_signals_team_filter(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SignalsScreen([PREV], team="Platform"))
        await settle(pilot)
        assert option_texts(app, "#signals-list") == ["Nothing to review for these Thursdays."]
        await pilot.press("t")  # Platform -> Research
        await settle(pilot)
        assert "team Research" in static_text(app, "#signals-caption")
        assert len(option_texts(app, "#signals-list")) == 4


def test_recent_days_include_the_shown_day():
    days = [THU, PREV, NOV12, OCT29, OCT22]
    assert recent_days(days, PREV) == [PREV, NOV12, OCT29, OCT22]
    new = date(2026, 12, 3)  # no post yet that day
    assert recent_days(days, new) == [new, THU, PREV, NOV12]


# --------------------------------------------------------------------------- history


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#history", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_history_chart_skips_and_away(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HistoryScreen(THU))
        await pilot.pause()
        rows = table_rows(app)
        assert [r[0] for r in rows] == [
            "Thu 26 Nov 2026",
            "Thu 19 Nov 2026",
            "Thu 12 Nov 2026",
            "Thu 5 Nov 2026",
            "Thu 29 Oct 2026",
            "Thu 22 Oct 2026",
            "Thu 15 Oct 2026",
        ]
        assert rows[1][1:4] == ["4/4", "3/4", "3/4"]
        assert "75%" in rows[1][4]
        assert rows[3][1:4] == ["1/3", "0/3", "0/3"] and rows[3][5] == "1"  # Ada away
        # The skipped Thursday reads as skipped; a post made anyway still shows (dimmed).
        assert rows[4][1] == "1/4" and rows[4][4] == "skipped: Company offsite"
        chart = app.screen.query_one("#history-chart", ParticipationChart)
        # Oldest to newest, one point per Thursday, the skipped one without a rate.
        assert [p.rate for p in chart.points] == [0.25, 0.25, None, 0.0, 0.0, 0.75, 0.25]
        caption = static_text(app, "#history-caption")
        assert "7 Thursdays" in caption and "average participation 25%" in caption
        assert "1 skipped" in caption
        assert "×" in painted(app, "#history-chart")  # the skipped Thursday is marked


async def test_history_detail_pane_lists_plan_without_summary(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HistoryScreen(THU))
        await settle(pilot)
        detail = app.screen.detail_text
        assert detail.startswith("Thursday 26 Nov 2026")
        assert "Plan, no summary (1)" in detail and "Ada Lovelace  (day not over)" in detail
        assert "Engineering" in detail and "Reading papers" in detail  # Kai: Raft paper
        await pilot.press("down")
        await settle(pilot, 0.3)
        detail = app.screen.detail_text
        assert detail.startswith("Thursday 19 Nov 2026")
        assert "Plan, no summary (1)" in detail and "Grace [/]Hopper & <Co>" in detail
        assert "(day not over)" not in detail
        assert "Engineering" in detail and "Maths and statistics" in detail
        assert "Grace [/]Hopper & <Co>" in painted(app, "#history-detail-people")


async def test_history_counts_a_big_days_topics_in_a_worker(store, monkeypatch):
    monkeypatch.setattr(history_screen, "TAG_CHUNK", 1)  # every day counts as big
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HistoryScreen(PREV))
        await pilot.pause()
        await pilot.press("up", "down")  # a newer Thursday cancels the older count
        await settle(pilot, 0.3)
        detail = app.screen.detail_text
        assert detail.startswith("Thursday 19 Nov 2026") and "counting" not in detail
        assert "Engineering" in detail and "Maths and statistics" in detail


async def test_history_reading_keeps_the_pane_still_then_shows_the_names(store, monkeypatch):
    # The cursor on a Thursday not read yet: "reading…" where the names were, the pane as
    # tall as before (blank below, no jump), then the Thursday's names once they are read.
    monkeypatch.setattr(history_screen, "DETAIL_DELAY", 600)  # read when the test says
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HistoryScreen(THU))
        await settle(pilot, 0.3)
        people = app.screen.query_one("#history-detail-people", Static)
        topics = app.screen.query_one("#history-detail-topics", Static)
        assert "Ada Lovelace" in painted(app, "#history-detail-people")
        assert "Reading papers" in painted(app, "#history-detail-topics")
        heights = people.size.height, topics.size.height
        await pilot.press("down")
        await pilot.pause()
        shown = painted(app, "#history-detail-people")
        assert "reading…" in shown and "Ada Lovelace" not in shown
        shown = painted(app, "#history-detail-topics")
        assert "counting…" in shown and "Reading papers" not in shown
        assert (people.size.height, topics.size.height) == heights
        assert app.screen.detail_text.startswith("Thursday 19 Nov 2026")
        app.screen.show_detail()  # the cursor rested: read
        await settle(pilot)
        shown = painted(app, "#history-detail-people")
        assert "reading…" not in shown and "Grace [/]Hopper & <Co>" in shown
        assert shown.rstrip("\n ").count("\n") + 1 == people.size.height  # fits its names


async def test_history_t_cycles_teams(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HistoryScreen(PREV))
        await pilot.pause()
        assert table_rows(app)[1][1:4] == ["4/4", "3/4", "3/4"]
        await pilot.press("t")
        await settle(pilot)
        assert "team Platform" in static_text(app, "#history-caption")
        rows = table_rows(app)
        assert rows[1][0] == "Thu 19 Nov 2026" and rows[1][1:4] == ["2/2", "2/2", "2/2"]
        assert app.screen.highlighted_row().day == PREV  # the cursor stays on its Thursday
        await settle(pilot)
        detail = app.screen.detail_text
        assert "Plan, no summary (0)" in detail
        assert "Maths and statistics" in detail and "Tutorials" not in detail
        await pilot.press("t")
        await settle(pilot)
        assert "team Research" in static_text(app, "#history-caption")
        assert table_rows(app)[1][1:4] == ["2/2", "1/2", "1/2"]
        detail = app.screen.detail_text
        assert "Grace [/]Hopper & <Co>" in detail
        assert "Tutorials and courses" in detail and "Maths" not in detail
        await pilot.press("t")
        await pilot.pause()
        assert "team" not in static_text(app, "#history-caption").split("History")[1][:8]
        assert table_rows(app)[1][1:4] == ["4/4", "3/4", "3/4"]


async def test_history_enter_dismisses_with_the_day_and_escape_with_none(store):
    app = app_for(store)
    chosen: list[date | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HistoryScreen(THU), chosen.append)
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await app.push_screen(HistoryScreen(THU), chosen.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert chosen == [PREV, None]


async def test_history_slash_opens_search(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HistoryScreen(THU))
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


def demo_texts() -> list[str]:
    folder = Path(ldtui.demo.__file__).parent / "data" / "learning-day"
    return [
        message.get("text", "")
        for day_file in sorted(folder.glob("*.json"))
        for message in json.loads(day_file.read_text())
    ] + [p.text_plain for p in (*POSTS, *MORE_POSTS)]


def test_combined_tagging_equals_one_pattern_at_a_time():
    from ldtui.insights.topics import compile_pattern

    rules = TopicRules.from_config(None)

    def one_at_a_time(text: str) -> list[str]:
        return sorted(
            topic
            for topic in rules.topics
            if any(compile_pattern(p).search(text) for p in rules.patterns(topic))
        )

    texts = demo_texts()
    assert len(texts) > 50
    assert [rules.tag(t) for t in texts] == [one_at_a_time(t) for t in texts]
    # A pattern with a back-reference cannot be combined: still tagged correctly.
    odd = TopicRules({"echo": [r"(\w+) \1"]})
    assert odd.tag("very very good") == ["echo"] and odd.tag("very good") == []


async def test_count_topics_per_person_and_team():
    rules = TopicRules.from_config(None)
    posts = [
        ("A", "plan", "Rust and a JAX tutorial"),
        ("A", "summary", "more Rust"),
        ("B", "plan", "Rust"),
    ]
    both = {"engineering": 2, "tutorials": 1}
    assert count_post_topics(posts, rules.tag) == both
    assert count_post_topics(posts, rules.tag, people={"B"}) == {"engineering": 1}
    assert await count_post_topics_politely(posts, rules.tag, chunk=1) == both


async def test_every_screen_binding_has_a_description():
    for screen in (TimelineScreen, SearchScreen, SignalsScreen, HistoryScreen):
        for binding in screen.BINDINGS:
            assert binding.description, (screen.__name__, binding.key)


async def test_help_lists_the_screens_keys(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HistoryScreen(THU))
        await pilot.pause()
        await pilot.press("question_mark")
        keys = static_text(app, "#help-keys")
        for words in ("Open Thursday", "Team", "Search", "Back"):
            assert words in keys
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
