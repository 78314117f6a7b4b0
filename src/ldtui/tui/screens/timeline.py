"""One person's Learning Days: every Thursday newest first, with streaks and participation.

The numbers come from :func:`ldtui.insights.timeline.timeline`; this screen only lays them out.
Names and posts are user text: they go into ``rich.text.Text`` and are never read as markup.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ldtui.insights.streaks import Status
from ldtui.insights.timeline import WINDOWS, Timeline, TimelineWeek, tag_week, timeline
from ldtui.insights.topics import count_topics, label
from ldtui.learning_day import zone_description
from ldtui.sanitize import inert, inert_line
from ldtui.store import Store
from ldtui.tui.format import DASH, format_day, local_clock
from ldtui.tui.gradual import GradualOptions
from ldtui.tui.guard import guarded, report_failure
from ldtui.tui.hanging import HangingPrompt
from ldtui.tui.reading import reopen

if TYPE_CHECKING:
    from ldtui.insights.topics import TopicRules
    from ldtui.tui.app import LdtuiApp


# --------------------------------------------------------------------------- formatting

LIST_CHUNK = 12
"""Thursdays added to the list per frame (a screenful at once, then the rest: the list renders
every Thursday's posts to know its height, about a millisecond each, and each is tagged with
its topics as it is listed, a quarter of a millisecond a post)."""

STATUS_STYLES = {
    Status.BOTH: "bold green",
    Status.PLAN_ONLY: "yellow",
    Status.SUMMARY_ONLY: "yellow",
    Status.MISSING: "red",
    Status.AWAY: "dim italic",
    Status.SKIPPED: "dim italic",
}


def status_text(week: TimelineWeek) -> Text:
    """The status of one Thursday as shown: ``both``, ``plan only``, ``summary only``,
    ``missing``, ``away (reason)``, ``skipped (reason)`` or ``in progress``."""
    if week.status is Status.SKIPPED:
        skipped = inert_line(week.skipped or "no Learning Day")
        return Text(f"skipped ({skipped})", style="dim italic")
    if week.status is Status.AWAY:
        away = f"away ({inert_line(week.away)})" if week.away else "away"
        return Text(away, style="dim italic")
    if week.in_progress:
        return Text("in progress", style="italic")
    words = week.status.value.replace("-", " ")
    text = Text(words, style=STATUS_STYLES[week.status])
    if week.away is not None:  # posted both while away
        text.append(" (while away)", style="dim")
    return text


def participation_line(line: Timeline) -> Text:
    """``3/4 · 9/12 · 30/41`` over the last 4, 12 and 52 counted Thursdays."""
    if not line.windows:
        return Text("no counted Thursday yet", style="dim")
    parts = [f"{line.windows[n].both}/{line.windows[n].counted}" for n in WINDOWS]
    text = Text(" · ".join(parts), style="bold")
    text.append(f"  over the last {' · '.join(map(str, WINDOWS))} counted Thursdays", style="dim")
    return text


def topics_line(counts: dict[str, int], counting: bool = False) -> Text:
    """``Engineering 3 · Reading papers 2`` (most common first), or a dim dash; ``counting…``
    while the weeks are still being tagged."""
    if counting:
        return Text("counting…", style="dim italic")
    if not counts:
        return Text(DASH, style="dim")
    return Text(" · ".join(f"{inert_line(label(topic))} {n}" for topic, n in counts.items()))


def header_text(line: Timeline, default_zone: str = "UTC", counting: bool = False) -> Text:
    """The lines above the weeks: who, where (their zone as :func:`zone_description` says
    it everywhere, ``UTC (default)`` for none), streaks, participation, topics (``counting…``
    with ``counting``, while the weeks are tagged as they are listed)."""
    text = Text()
    text.append(inert_line(line.name), style="bold")
    text.append(f"  team {inert_line(line.team)}" if line.team else "  no team", style="dim")
    text.append(f" · {inert_line(zone_description(line.tz_name, default_zone))}", style="dim")
    text.append("\nStreak ")
    text.append(str(line.current_streak), style="bold")
    text.append(" · longest ")
    text.append(str(line.longest_streak), style="bold")
    text.append("  ·  participation ")
    text.append_text(participation_line(line))
    text.append("\nTopics  ")
    text.append_text(topics_line(line.topic_counts, counting))
    return text


def week_prompt(week: TimelineWeek, tz: tzinfo) -> HangingPrompt:
    """One Thursday: date and status, then the plan and summary as written, then topics; a
    long post wraps under its own first character, not at the left edge."""
    head = Text()
    head.append(f"{format_day(week.day):<22}", style="bold")
    head.append_text(status_text(week))
    prompt = HangingPrompt(head)
    for name, moment, content in (
        ("Plan", week.plan_at, week.plan),
        ("Summary", week.summary_at, week.summary),
    ):
        if moment is None and not content:
            continue
        when = local_clock(moment, tz, week.day) if moment else DASH
        prompt.add(
            Text.assemble((f"  {name:<8} ", "bold"), (f"{when:>9}  ", "dim")),
            Text(inert(content or "")),
        )
    if week.topics:
        topics = inert_line(", ".join(label(t) for t in week.topics))
        prompt.add(Text("  Topics   ", style="bold"), Text(topics, style="italic"))
    return prompt


class TimelineRead(Message):
    """A person's timeline is read: ``line`` (``None`` and ``error`` when the person is
    unknown or the read failed; its weeks not yet tagged with topics), its header and ``tz``,
    the person's zone (their weeks are tagged and their options made as they are listed)."""

    def __init__(
        self,
        line: Timeline | None,
        header: Text,
        tz: tzinfo | None = None,
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.line = line
        self.header = header
        self.tz = tz
        self.error = error


def read_timeline(
    store: Store, person_id: str, until: date, now: datetime, rules: TopicRules
) -> TimelineRead:
    """Read ``person_id``'s timeline up to ``until`` from ``store`` (any thread that owns it)
    and build its header, topics ``counting…``: the weeks are left untagged (tagging is most
    of the read), each is tagged when its option is made (:func:`week_option`, as it is
    listed) and the header's topics counted once all are."""
    try:
        line = timeline(store, person_id, until=until, now=now, rules=rules, tag=False)
    except KeyError:
        unknown = f"No person with id {inert_line(person_id)} is known."
        return TimelineRead(None, Text(unknown, style="bold"), None, unknown)
    tz = store.zone_of(line.tz_name)
    return TimelineRead(line, header_text(line, store.default_timezone, counting=True), tz)


def week_option(week: TimelineWeek, tz: tzinfo) -> Option:
    """The list option of one Thursday (:func:`week_prompt`), its id the day's ISO date."""
    return Option(week_prompt(week, tz), id=week.day.isoformat())


# --------------------------------------------------------------------------- the screen


class WeeksList(OptionList):
    """The list of Thursdays. While ``pinned`` (from the focus day's highlighting until the
    person moves or scrolls) it keeps its highlighted Thursday at the top whenever it is laid
    out again: the first layout, the scrollbar appearing (which narrows the list and so moves
    every option below a wrapped one), a chunk of weeks added, a resize."""

    pinned = False
    _laid_out_width: int | None = None

    def on_resize(self, event: Resize) -> None:
        """Laid out anew: scroll again if pinned. The list itself would then measure every
        option again (hundreds of milliseconds for a long timeline, also when only its height
        changed, as when the header's topics are counted into more lines): that is left to it
        only when the width the options were measured at changed."""
        width = self.scrollable_content_region.width
        if width == self._laid_out_width:
            event.prevent_default()  # heights and renders still hold at this width
            self.refresh()
        self._laid_out_width = width
        self.keep_pinned()

    def keep_pinned(self) -> None:
        """After the next refresh (the list laid out), scroll the highlighted Thursday to the
        top, if still pinned."""
        if self.pinned:
            self.call_after_refresh(self._scroll_pinned)

    def _scroll_pinned(self) -> None:
        if self.pinned:
            self.scroll_to_highlight(top=True)

    def on_key(self) -> None:
        """A key in the list: the person moves on; the list no longer scrolls by itself."""
        self.pinned = False

    def on_click(self) -> None:
        """Clicked by the person: stop scrolling by itself."""
        self.pinned = False

    def on_mouse_scroll_down(self) -> None:
        """Scrolled by the person: stop scrolling by itself."""
        self.pinned = False

    def on_mouse_scroll_up(self) -> None:
        """Scrolled by the person: stop scrolling by itself."""
        self.pinned = False


class TimelineScreen(Screen[None]):
    """One person's Thursdays, newest first, with ``focus_day`` highlighted.

    ``until`` is the newest Thursday shown (usually the app's latest Learning Day);
    ``focus_day`` (if on the timeline) is highlighted and scrolled into view.
    """

    DEFAULT_CSS = """
    TimelineScreen #timeline-header {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    TimelineScreen #timeline-weeks {
        height: 1fr;
        border: none;
        padding: 0;
    }
    TimelineScreen #timeline-weeks > .option-list--option {
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="timeline.back"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
    ]

    app: LdtuiApp

    def __init__(self, person_id: str, until: date, focus_day: date | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.until = until
        self.focus_day = focus_day
        self.timeline: Timeline | None = None
        self.tz: tzinfo | None = None
        """The person's zone (their weeks' times are shown in it), once read."""
        self.listing: GradualOptions[TimelineWeek] = GradualOptions(
            self, LIST_CHUNK, self._week_option, self._listed
        )
        """Fills the list of Thursdays, each tagged and its option made when it is listed
        (the first ones at once)."""

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-header", markup=False)
        yield WeeksList(id="timeline-weeks", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Timeline"
        self.load()

    @property
    def weeks_list(self) -> WeeksList:
        """The list of Thursdays."""
        return self.query_one("#timeline-weeks", WeeksList)

    @guarded(None)
    def load(self) -> None:
        """Read the timeline (in a thread worker with its own connection: 260 Thursdays of
        posts and their topics take a while) and show it when it is in; ``reading…`` until
        then. An in-memory store is read at once."""
        store = self.app.store
        if str(store.path) == ":memory:":
            self._show(
                read_timeline(
                    store, self.person_id, self.until, self.app.clock(), self.app.topic_rules
                )
            )
            return
        self.query_one("#timeline-header", Static).update(Text("reading…", style="dim italic"))
        self._read_in_thread(self.app.clock())

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _read_in_thread(self, now: datetime) -> None:
        app = self.app
        try:
            store = reopen(app.store)
            assert store is not None
        except Exception as exc:  # shown on the screen, never a crash
            said = f"The database cannot be read: {report_failure(self, exc) or exc}"
            self.post_message(TimelineRead(None, Text(said, style="bold"), None, said))
            return
        try:
            rules = app.topic_rules
            rules.tag("")  # builds its literal gates (once, ~20 ms) here, not while listing
            read = read_timeline(store, self.person_id, self.until, now, rules)
        except Exception as exc:  # shown on the screen, never a crash
            said = f"The timeline could not be read: {report_failure(self, exc) or exc}"
            read = TimelineRead(None, Text(said, style="bold"), None, said)
        finally:
            store.close()
        self.post_message(read)

    def on_timeline_read(self, message: TimelineRead) -> None:
        self._show(message)

    def _show(self, read: TimelineRead) -> None:
        """Show what :func:`read_timeline` built; highlight ``focus_day``."""
        self.query_one("#timeline-header", Static).update(read.header)
        if read.line is None:
            return
        line = self.timeline = read.line
        self.tz = read.tz
        weeks = self.weeks_list
        focus = self._focus_index(line.weeks) if line.weeks else 0
        weeks.pinned = bool(line.weeks)
        self.listing.show(weeks, line.weeks, at_least=focus + LIST_CHUNK)
        if line.weeks:
            weeks.highlighted = focus
        weeks.focus()

    def _week_option(self, week: TimelineWeek) -> Option:
        """Tag ``week`` with its topics and make its option (as it is listed)."""
        tag_week(week, self.app.topic_rules)
        return week_option(week, self.tz or UTC)

    def _listed(self, done: bool) -> None:
        """A chunk of weeks is listed: keep the focus day at the top (it moves while the list
        grows and is laid out); once all are, count their topics into the header."""
        self.weeks_list.keep_pinned()
        line = self.timeline
        if done and line is not None:
            line.topic_counts = count_topics(week.topics for week in line.weeks)
            header = header_text(line, self.app.store.default_timezone)
            self.query_one("#timeline-header", Static).update(header)

    def _focus_index(self, weeks: list[TimelineWeek]) -> int:
        """The index of ``focus_day`` (or the nearest Thursday before it), else 0."""
        if self.focus_day is None:
            return 0
        for index, week in enumerate(weeks):
            if week.day <= self.focus_day:
                return index
        return len(weeks) - 1

    @property
    def highlighted_day(self) -> date | None:
        """The Thursday under the cursor."""
        option = self.weeks_list.highlighted_option
        return date.fromisoformat(option.id) if option and option.id else None

    def action_help(self) -> None:
        """Show this screen's keys."""
        from ldtui.tui.dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(list(self.BINDINGS)))

    def action_back(self) -> None:
        """Close the timeline."""
        self.dismiss()
