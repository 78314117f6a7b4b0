"""History: every Learning Day with its counts, a participation chart, and a detail pane.

The table and the chart come from :meth:`ldtui.store.Store.history` (per-day totals kept on
write, fast at company size). The detail pane (who planned but did not summarise, the day's
topics) is read only for the highlighted Thursday, after the cursor rests for a moment, in a
thread worker with its own connection: tagging a Thursday's posts with topics takes about a
millisecond a post, which on the main thread stalled every page down.
"""

from __future__ import annotations

import gc
import textwrap
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from ldtui.learning_day import day_closed
from ldtui.records import HistoryRow
from ldtui.sanitize import inert_line
from ldtui.store import Store
from ldtui.tui.format import format_day
from ldtui.tui.guard import guarded, report_failure
from ldtui.tui.reading import reopen
from ldtui.tui.screens.team_filter import TeamFilterScreen
from ldtui.tui.widgets.key_footer import KeyFooter
from ldtui.tui.widgets.participation_chart import ChartPoint, ParticipationChart
from ldtui.tui.widgets.text_part import show_text

if TYPE_CHECKING:
    from ldtui.tui.app import LdtuiApp

DETAIL_DELAY = 0.12
"""Seconds the cursor rests on a Thursday before its detail is read (holding a key down over
a company's history reads nothing in between)."""
NAMES_SHOWN = 100
"""Names listed under "Plan, no summary" (a company Thursday can have hundreds)."""
WIDE = 110
"""From this many columns the detail pane sits beside the table; below, under it."""
NARROW = 70
"""Below this many columns the table's headings and bars are abbreviated."""
REASON_WIDTH = 22
"""A skip reason longer than this is shortened at a word (the detail pane has it whole)."""
WARM_ROWS = 12
"""Rows of the table rendered ahead per idle tick (see :meth:`HistoryScreen._warm_rows`)."""
WARM_TICK = 0.05
"""Seconds between two idle ticks that render rows ahead."""
TAG_CHUNK = 10
"""Posts tagged by the detail worker between two looks at whether the cursor has left its
Thursday (about a millisecond a post: the worker stops soon after)."""

# The topic rules (ldtui.insights.topics) compile hundreds of expressions on import: they are
# imported by the detail worker, in its thread, never on the main thread.


class DetailRead(Message):
    """The detail worker read ``key`` (day, team): who planned without a summary (``people``:
    the text and the roster's ids when a team is chosen), the topic counts (``None`` when
    they could not be counted)."""

    def __init__(
        self,
        key: tuple[date, str | None],
        people: tuple[Text, set[str] | None],
        topics: dict[str, int] | None,
    ) -> None:
        super().__init__()
        self.key = key
        self.people = people
        self.topics = topics


def people_part(
    store: Store, row: HistoryRow, team: str | None, now: datetime
) -> tuple[Text, set[str] | None]:
    """Who planned without a summary on ``row``'s Thursday (at most :data:`NAMES_SHOWN`
    names, ``now`` aware UTC tells whose day is not over), and the ids of the day's roster
    when ``team`` is chosen (``None``: everyone). Reads ``store`` (any thread that owns it)."""
    roster = store.roster(row.day, with_text=False, team=team)
    planned = [e for e in roster if e.plan_at is not None and e.summary_at is None]
    text = Text(f"\nPlan, no summary ({len(planned)})\n", style="bold underline")
    if not planned:
        text.append("nobody\n", style="dim italic")
    for entry in planned[:NAMES_SHOWN]:
        text.append("  ")
        text.append(inert_line(entry.name))
        if entry.away is not None:
            text.append("  (away)", style="dim")
        elif not day_closed(row.day, now, entry.tz):
            text.append("  (day not over)", style="dim")
        text.append("\n")
    if len(planned) > NAMES_SHOWN:
        more = len(planned) - NAMES_SHOWN
        text.append(f"  … and {more} more (Enter opens the Thursday)\n", style="dim italic")
    text.rstrip()
    return text, None if team is None else {e.id for e in roster}


def read_detail(
    store: Store,
    row: HistoryRow,
    team: str | None,
    now: datetime,
    rules: Callable[[], Callable[[str], list[str]]],
    cancelled: Callable[[], bool] = lambda: False,
) -> DetailRead | None:
    """Read the detail of ``row``'s Thursday from ``store``: :func:`people_part` and the topic
    counts of the day's posts (``rules()`` gives the tagger; counted people of ``team``
    only). Returns ``None`` when ``cancelled()`` turns true between chunks of posts."""
    from ldtui.insights.topics import count_topics

    key = (row.day, team)
    people = people_part(store, row, team, now)
    if cancelled():  # a company roster takes a while: the cursor may have moved on
        return None
    try:
        posts = store.day_posts(row.day)
        tag = rules()
        ids = people[1]
        per_person: dict[str, set[str]] = {}
        for start in range(0, len(posts), TAG_CHUNK):
            if cancelled():
                return None
            for person_id, _, text in posts[start : start + TAG_CHUNK]:
                if ids is None or person_id in ids:
                    per_person.setdefault(person_id, set()).update(tag(text))
        topics: dict[str, int] | None = count_topics(per_person.values())
    except Exception:  # the pane says so; never a crash
        topics = None
    return DetailRead(key, people, topics)


def topic_label(topic: str) -> str:
    """The label of ``topic`` (:func:`ldtui.insights.topics.label`; the rules are imported by
    then: only counted topics are labelled)."""
    from ldtui.insights.topics import label

    return label(topic)


def chart_points(rows: list[HistoryRow]) -> list[ChartPoint]:
    """One chart point per Thursday, oldest first; a skipped Thursday has no rate (``rows``
    are newest first, as :meth:`ldtui.store.Store.history` returns them)."""
    return [
        ChartPoint(row.day, None if row.skipped is not None else row.participation_rate)
        for row in reversed(rows)
    ]


def bar(share: float, width: int = 10) -> Text:
    """A participation bar with its percentage: ``████░░░░  33%``."""
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {share:4.0%}")


def skipped_label(reason: str, width: int = REASON_WIDTH) -> Text:
    """``skipped: Company offsite`` for a skipped Thursday's participation cell, the reason
    shortened at a word boundary (or to its first letters and ``…``) past ``width`` columns."""
    reason = inert_line(reason)
    short = textwrap.shorten(reason, width, placeholder="…")
    if not short:  # the first word alone is too long
        short = reason[: width - 1] + "…"
    return Text(f"skipped: {short}", style="italic")


def table_day(day: date, narrow: bool = False) -> str:
    """``Thu 26 Nov 2026`` (``26 Nov 2026`` when ``narrow``): the table's date (the detail
    pane writes the weekday out)."""
    return f"{'' if narrow else 'Thu '}{day.day} {day:%b %Y}"


class HistoryScreen(TeamFilterScreen[date | None]):
    """Learning Days newest first: date, plans n/N, summaries n/N, both, participation, away.

    ``current`` is the Thursday the console shows (the cursor starts on it); ``team`` limits
    the counts to one team (``t`` cycles). Dismisses with the chosen day (Enter) or ``None``
    (Escape).
    """

    DEFAULT_CSS = """
    HistoryScreen #history-main {
        height: 1fr;
        layout: vertical;
    }
    HistoryScreen #history {
        width: 1fr;
        height: 1fr;
    }
    HistoryScreen #history-detail {
        width: 1fr;
        height: 1fr;
        layout: horizontal;
        border-top: tall $primary;
        background: $surface;
    }
    HistoryScreen #history-detail > VerticalScroll {
        width: 1fr;
        height: 1fr;
        padding: 0 1;
    }
    HistoryScreen.-wide #history-main {
        layout: horizontal;
    }
    HistoryScreen.-wide #history-detail {
        width: 32%;
        max-width: 48;
        layout: vertical;
        border-top: none;
        border-left: tall $primary;
    }
    HistoryScreen.-wide #history-detail-summary {
        height: auto;
        max-height: 60%;
    }
    HistoryScreen.-narrow #history-chart {
        height: 3;
    }
    """

    BINDINGS = [
        Binding("enter", "open_day", "Open Thursday", priority=True, id="history.open_day"),
        Binding("t", "team", "Team", id="history.team"),
        Binding("slash", "search", "Search", key_display="/", id="history.search"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("escape,h", "close", "Back", id="history.back"),
    ]

    FOOTER_SPARE = ("search", "team")
    """Keys the footer leaves out first in a narrow window (``?`` lists them), so ``esc``
    (back) stays in sight."""

    app: LdtuiApp

    def __init__(self, current: date, team: str | None = None) -> None:
        super().__init__()
        self.current = current
        self.team = team
        self.rows: list[HistoryRow] = []
        self._detail_timer: Timer | None = None
        self._people_cache: dict[tuple[date, str | None], tuple[Text, set[str] | None]] = {}
        self._topics_cache: dict[tuple[date, str | None], dict[str, int]] = {}
        self._reading: tuple[date, str | None] | None = None
        self._topics_failed: set[tuple[date, str | None]] = set()
        self.detail_day: date | None = None
        """The Thursday the detail pane shows."""
        self.detail_key: tuple[date, str | None] | None = None
        self._warming = 0
        """Bumped by every :meth:`load`: an older warm-up of the table's rows stops."""

    def compose(self) -> ComposeResult:
        yield Static(id="history-caption", markup=False)
        yield ParticipationChart(id="history-chart")
        with Horizontal(id="history-main"):
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="history-detail"):
                with VerticalScroll(id="history-detail-summary", can_focus=False):
                    yield Static(id="history-detail-head", markup=False)
                    yield Static(id="history-detail-topics", markup=False)
                with VerticalScroll(id="history-detail-names", can_focus=False):
                    yield Static(id="history-detail-people", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self._lay_out(self.app.size.width)
        self.load(keep=self.current)
        self.watch(self.table, "cursor_coordinate", self._row_highlighted, init=False)
        self.table.focus()

    def on_resize(self, event: events.Resize) -> None:
        """Lay the screen out for its new width (and keep the highlighted Thursday)."""
        if self._lay_out(event.size.width):
            row = self.highlighted_row()
            self.load(keep=row.day if row else self.current)

    @property
    def narrow(self) -> bool:
        """True when the table's headings and bars are abbreviated."""
        return self.has_class("-narrow")

    def _lay_out(self, width: int) -> bool:
        """Set the layout classes for ``width`` columns; rebuild the table's columns when
        their headings change. Returns True when the rows must be filled again."""
        self.set_class(width >= WIDE, "-wide")
        narrow = width < NARROW
        if self.table.columns and narrow == self.narrow:
            return False
        self.set_class(narrow, "-narrow")
        table = self.table
        table.clear(columns=True)
        table.add_column("Thursday", key="day")
        table.add_column("Plans", key="plans")
        table.add_column("Summ." if narrow else "Summaries", key="summaries")
        table.add_column("Both", key="both")
        table.add_column("Part." if narrow else "Participation", key="participation")
        table.add_column("Away", key="away")
        return True

    @property
    def table(self) -> DataTable[Text]:
        """The table of Thursdays."""
        return self.query_one("#history", DataTable)

    # ------------------------------------------------------------------ data
    @guarded(None)
    def load(self, keep: date | None = None) -> None:
        """Read the history (for ``self.team``) and show it; put the cursor on ``keep``."""
        self.rows = self.app.store.history(team=self.team)
        self.query_one("#history-caption", Static).update(self._caption())
        self.query_one("#history-chart", ParticipationChart).show(chart_points(self.rows))
        table = self.table
        table.clear()
        for row in self.rows:
            table.add_row(*self._cells(row), key=row.day.isoformat())
        index = next((i for i, row in enumerate(self.rows) if row.day == keep), 0)
        if self.rows:
            table.move_cursor(row=index)
        self.detail_day = self.detail_key = None
        self.call_after_refresh(self.show_detail)
        self._warming += 1
        warming = self._warming
        self.set_timer(WARM_TICK, lambda: self._warm_rows(warming, 0))
        self.call_after_refresh(self._freeze)

    def _freeze(self) -> None:
        """Move what the screen has built (widgets, rows, the table's cells) out of the
        garbage collector's sight once it is painted, as the console does after its first
        frame: at company size the collections while paging walked it again and again
        (a third of a page down's time). Young cyclic garbage is collected first, so freezing
        keeps nothing alive; :meth:`on_unmount` hands everything back to the collector.
        https://docs.python.org/3/library/gc.html#gc.freeze"""
        if self.is_attached:
            gc.collect(1)
            gc.freeze()

    def on_unmount(self) -> None:
        """Let the collector see every object again: the closed screen's widgets hold
        reference cycles that only a collection frees (frozen, they would stay for good).
        The console freezes what it keeps again after its next read-ahead."""
        gc.unfreeze()

    def _warm_rows(self, warming: int, start: int) -> None:
        """Render :data:`WARM_ROWS` of the table's lines from virtual line ``start`` while
        the facilitator reads, and again a tick later until every row is done (``warming``:
        stop when a newer :meth:`load` filled the table again).

        A page down shows a page of rows never painted before: the table renders each cell
        for the first time (rich text to segments, about a millisecond a row), which made
        the first pages of a history two to three times slower than the later ones. The
        table keeps a rendered cell whatever the cursor does (its cache key is the row's
        style, not the cursor's place), so a line rendered now through the Line API's
        ``render_line`` is reused when it scrolls into view."""
        if warming != self._warming or not self.is_attached:
            return
        table = self.table
        lines = table.virtual_size.height
        if not self.is_current or not lines:  # covered by another screen, or not laid out
            self.set_timer(WARM_TICK, lambda: self._warm_rows(warming, start))
            return
        end = min(start + WARM_ROWS, lines)
        scroll_y = round(table.scroll_offset.y)
        # ``render_line`` takes a line of the widget (0: the header) and adds the scroll:
        # lines above the scrolled-to one are not warmed (they were passed, or are rarely
        # gone back to).
        for line in range(max(start, scroll_y + 1), end):
            table.render_line(line - scroll_y)
        if end < lines:
            self.set_timer(WARM_TICK, lambda: self._warm_rows(warming, end))

    def _cells(self, row: HistoryRow) -> tuple[Text, ...]:
        n = row.roster
        counts = [row.plans, row.summaries, row.both]
        if row.skipped is not None:
            # Not "0/37": nobody was expected to post. Posts made anyway show, dimmed.
            shown = [
                Text(f"{c}/{n}" if any(counts) else "—", style="dim", justify="right")
                for c in counts
            ]
            participation = skipped_label(row.skipped, 8 if self.narrow else REASON_WIDTH)
        else:
            shown = [Text(f"{c}/{n}", justify="right") for c in counts]
            participation = bar(row.participation_rate, 5 if self.narrow else 10)
        return (
            Text(table_day(row.day, self.narrow)),
            *shown,
            participation,
            Text(str(row.away) if row.away else "", justify="right"),
        )

    def _caption(self) -> Text:
        title = Text(f"{self.app.title} ", style="bold reverse")
        title.append(" History  ", style="bold")
        if self.team is not None:
            title.append(f"team {inert_line(self.team or '(none)')}  ·  ", style="italic")
        if not self.rows:
            return title + Text("No Learning Day has any posts yet: import a Slack export first.")
        counted = [r for r in self.rows if r.skipped is None]
        skipped = len(self.rows) - len(counted)
        text = title + Text(f"{len(self.rows)} Thursdays")
        if self.narrow:  # one line at 60 columns
            if skipped:
                text.append(f" · {skipped} skipped")
            if counted:
                average = sum(r.participation_rate for r in counted) / len(counted)
                text.append(f" · average {average:.0%}")
            return text
        if counted:
            average = sum(r.participation_rate for r in counted) / len(counted)
            text.append(f" · average participation {average:.0%}")
        text.append(" (both a plan and a summary / roster", style="dim")
        text.append(f"; {skipped} skipped, left out)" if skipped else ")", style="dim")
        return text

    # ------------------------------------------------------------------ detail
    def highlighted_row(self) -> HistoryRow | None:
        """The Thursday under the cursor."""
        row = self.table.cursor_row
        return self.rows[row] if self.rows and 0 <= row < len(self.rows) else None

    def _row_highlighted(self) -> None:
        """The cursor moved: the counts at once (watched on the table's cursor, not on its
        ``RowHighlighted`` message, so they are painted in the same frame as the cursor: the
        message arrived after that frame and the counts waited for the next)."""
        row = self.highlighted_row()
        if self._reading is not None and (row is None or self._reading != (row.day, self.team)):
            # The Thursday left behind is no longer read: its worker stops at its next chunk
            # of posts (a company Thursday takes seconds to tag, and a thread reading beside
            # the screen halves the main thread's share of the interpreter while paging).
            self.workers.cancel_group(self, "history-detail")
            self._reading = None
        self.show_detail(read=False)  # the counts at once; the rest once the cursor rests
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self.show_detail)

    @guarded(None)
    def show_detail(self, read: bool = True) -> None:
        """Fill the detail pane for the highlighted Thursday: its counts at once, then who
        planned without a summary and its topics, read once per day and team in a thread
        worker (``reading…`` and ``counting…`` until they are in; ``read=False`` shows
        what is known without starting the read)."""
        row = self.highlighted_row()
        head = self.query_one("#history-detail-head", Static)
        topics = self.query_one("#history-detail-topics", Static)
        people = self.query_one("#history-detail-people", Static)
        if row is None:
            self.detail_day = None
            show_text(head, Text("No Learning Day to show.", style="dim"))
            show_text(topics, Text())
            show_text(people, Text())
            return
        key = (row.day, self.team)
        known = key in self._people_cache
        if not known and read:
            self._start_detail(row)
            known = key in self._people_cache  # read at once from an in-memory store
        if self.detail_key != key:
            show_text(head, self._head_part(row))
        if known:
            show_text(people, self._people_cache[key][0])  # starts with a blank line
        else:
            reading = Text("\nPlan, no summary\nreading…", style="dim italic")
            show_text(people, reading, keep_height=True)
        self.detail_day, self.detail_key = row.day, key
        counts = self._topics_cache.get(key)
        failed = key in self._topics_failed
        part = self._topics_part(counts, failed)
        part.rstrip()
        show_text(topics, part, keep_height=counts is None and not failed)

    @property
    def detail_text(self) -> str:
        """The detail pane as plain text (head, topics, people)."""
        return "".join(
            str(self.query_one(f"#history-detail-{part}", Static).render())
            for part in ("head", "topics", "people")
        )

    @staticmethod
    def _head_part(row: HistoryRow) -> Text:
        text = Text(format_day(row.day), style="bold")
        if row.skipped is not None:
            text.append(f"\nskipped: {inert_line(row.skipped)} (not counted)", style="italic")
        n = row.roster
        text.append(f"\nplans {row.plans}/{n} · summaries {row.summaries}/{n}", style="dim")
        text.append(f"\nboth {row.both}/{n}", style="dim")
        if row.away:
            text.append(f" · {row.away} away", style="dim")
        return text

    @staticmethod
    def _topics_part(counts: dict[str, int] | None, failed: bool = False) -> Text:
        text = Text("\nTopics (people)\n", style="bold underline")
        if failed:
            text.append("could not be counted\n", style="dim italic")
        elif counts is None:
            text.append("counting…\n", style="dim italic")
        elif not counts:
            text.append("no topic recognised\n", style="dim italic")
        else:
            for topic, count in counts.items():
                text.append(f"  {count:>4}  ", style="bold")
                text.append(f"{inert_line(topic_label(topic))}\n")
        return text

    def _start_detail(self, row: HistoryRow) -> None:
        """Read the detail of ``row``'s Thursday for the current team: in a thread worker with
        its own connection (a newer Thursday cancels it); at once from an in-memory store."""
        key = (row.day, self.team)
        if self._reading == key:
            return
        app = self.app
        store = app.store
        if str(store.path) == ":memory:":
            read = read_detail(store, row, self.team, app.clock(), lambda: app.topic_rules.tag)
            if read is not None:
                self._detail_read(read)
            return
        self._reading = key
        self._read_detail(row, self.team, app.clock())

    @work(thread=True, exclusive=True, group="history-detail", exit_on_error=False)
    def _read_detail(self, row: HistoryRow, team: str | None, now: datetime) -> None:
        worker = get_current_worker()
        app = self.app
        key = (row.day, team)
        failed = DetailRead(key, (Text("\ncould not be read", "dim"), None), None)
        try:
            store = reopen(app.store)
            assert store is not None
        except Exception as exc:  # the pane says so; never a crash
            report_failure(self, exc)  # the pane says the rest
            self.post_message(failed)
            return
        try:
            read = read_detail(
                store, row, team, now, lambda: app.topic_rules.tag, lambda: worker.is_cancelled
            )
        except Exception as exc:  # the pane says so; never a crash
            report_failure(self, exc)  # the pane says the rest
            read = failed
        finally:
            store.close()
        if read is not None:
            self.post_message(read)

    def on_detail_read(self, message: DetailRead) -> None:
        """Remember a Thursday's detail; show it if that Thursday is still highlighted."""
        self._detail_read(message)

    def _detail_read(self, read: DetailRead) -> None:
        key = read.key
        if self._reading == key:
            self._reading = None
        self._people_cache[key] = read.people
        if read.topics is None:
            self._topics_failed.add(key)
        else:
            self._topics_cache[key] = read.topics
        if self.detail_key == key or self.detail_key is None:
            self.detail_key = None  # paint the whole pane again
            self.show_detail()

    # ------------------------------------------------------------------ actions
    def action_open_day(self) -> None:
        """Open the highlighted Thursday in the console."""
        row = self.highlighted_row()
        if row is not None:
            self.dismiss(row.day)

    def team_changed(self) -> None:
        """Show the history of the new team, keeping the highlighted Thursday."""
        row = self.highlighted_row()
        self.load(keep=row.day if row else self.current)

    def action_search(self) -> None:
        """Search every post."""
        from ldtui.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen())

    def action_help(self) -> None:
        """Show this screen's keys."""
        from ldtui.tui.dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(list(self.BINDINGS)))

    def action_close(self) -> None:
        """Back to the console."""
        self.dismiss(None)
