"""The Thursday console: the roster of one Learning Day, the detail pane, and the nudge keys."""

from __future__ import annotations

import gc
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING

import msgspec
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from ldtui.learning_day import day_closed, due_kind, quiet_reason
from ldtui.notify.nudger import NudgeOutcome, NudgeTarget, due_targets, held_back
from ldtui.records import NudgeStatus, RosterEntry
from ldtui.sanitize import inert, inert_line
from ldtui.store import StoreBusy, StoreError, StoreFull, StoreReadOnly
from ldtui.tui.format import format_day, local_clock, local_now, nudge_line, zone_label
from ldtui.tui.guard import READ_ERRORS, guarded, read_or_report, store_problem
from ldtui.tui.screens.team_filter import TeamFilterScreen
from ldtui.tui.widgets.key_footer import KeyFooter
from ldtui.tui.widgets.roster import RosterTable
from ldtui.tui.widgets.text_part import show_text

if TYPE_CHECKING:
    from ldtui.tui.app import LdtuiApp

# The history, help and confirmation screens are imported when first opened: the first frame
# of the console does not need them.


WARM_UP_SECONDS = 0.2
"""How long after its first frame the console loads the other screens and the topic rules in a
thread (:meth:`ConsoleScreen._warm_up`): after the start, before a first key is likely."""
WATCH_SECONDS = 2.0
"""How often the console checks whether another process wrote to the database."""
PREFETCH_DELAY = 0.15
"""Seconds of quiet after a Thursday is shown before its neighbours are read ahead."""
ROSTER_CACHE_DAYS = 6
"""Rosters kept in memory (the shown Thursday and its recent neighbours)."""
IMPORT_HINT = (
    "The database has no posts yet. Import a Slack export:\n\n"
    "  ldtui import slack-export EXPORT.zip --channel CHANNEL\n\n"
    "then press r to re-read (or try ldtui demo)."
)
"""What the console says on an empty database: the whole command to import."""
ORDERS = ("name", "missing first", "local time")
"""The roster orders ``o`` cycles through, as named in the counts line."""
COUNTS_LEVELS = 3
"""How many forms the counts line has, from every word to the shortest (see
:meth:`ConsoleScreen.counts_parts`)."""
NARROW_WIDTH = 100
"""Below this many columns the detail pane moves under the roster (class ``-narrow``)."""


def plural(count: int, noun: str) -> str:
    """``1 plan``, ``2 plans``, ``3 summaries``."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def missing_count(entry: RosterEntry) -> int:
    """How many of plan and summary ``entry`` lacks (0 for someone away: not missing)."""
    if entry.away is not None:
        return 0
    return (entry.plan_iso is None) + (entry.summary_iso is None)


def pack_parts(parts: list[tuple[str, Text]], width: int) -> list[Text]:
    """Lay ``parts`` (each with the separator that goes before it on the same line) out in
    lines of at most ``width`` cells, breaking only between parts, where the separator is
    left out (a part wider than ``width`` gets a line of its own)."""
    lines: list[Text] = []
    line = Text()
    for separator, part in parts:
        if line.plain and line.cell_len + len(separator) + part.cell_len > width:
            lines.append(line)
            line = Text()
        if line.plain:
            line.append(separator)
        line.append_text(part)
    lines.append(line)
    return lines


class Tally(msgspec.Struct, frozen=True):
    """What the counts line says about a list of roster entries: people expected (away
    people who posted nothing are not), plans and summaries posted (by anyone), away people
    who posted anyway, missing plans and summaries (of those not away), and the distinct
    time zones (whether everyone's day is over is asked per zone, not per person)."""

    expected: int
    plans: int
    summaries: int
    away_posted: int
    missing_plans: int
    missing_summaries: int
    zones: frozenset[tzinfo]

    @classmethod
    def of(cls, view: list[RosterEntry]) -> Tally:
        """Count ``view`` once."""
        n = plans = summaries = away_posted = missing_plans = missing_summaries = 0
        zones = set()
        for e in view:
            zones.add(e.tz)
            if e.plan_iso is not None:
                plans += 1
            elif e.away is None:
                missing_plans += 1
            if e.summary_iso is not None:
                summaries += 1
            elif e.away is None:
                missing_summaries += 1
            if e.expected:
                n += 1
                if e.away is not None:
                    away_posted += 1
        return cls(
            n, plans, summaries, away_posted, missing_plans, missing_summaries, frozenset(zones)
        )


class NudgesFinished(Message):
    """A nudge worker finished; ``outcomes`` has one entry per person."""

    def __init__(self, outcomes: list[NudgeOutcome]) -> None:
        super().__init__()
        self.outcomes = outcomes


class NudgeProgressed(Message):
    """A nudge worker sent ``done`` of ``total`` messages."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ConsoleScreen(TeamFilterScreen[None]):
    """The roster of one Learning Day with each person's plan, summary and nudges."""

    BINDINGS = [
        Binding("n", "nudge", "Nudge", id="console.nudge"),
        Binding(
            "N",
            "nudge_all",
            "Nudge all missing",
            key_display="N",
            id="console.nudge_all",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "previous_day",
            "Prev Thu",
            key_display="[",
            id="console.previous_day",
        ),
        Binding(
            "right_square_bracket", "next_day", "Next Thu", key_display="]", id="console.next_day"
        ),
        Binding("h", "history", "History", id="console.history"),
        Binding("slash", "filter", "Filter", key_display="/", id="console.filter", show=False),
        Binding("t", "team", "Team", id="console.team", show=False),
        Binding("a", "away", "Away", id="console.away", show=False),
        Binding("p,enter", "timeline", "Timeline", key_display="p", id="console.timeline"),
        Binding("s", "signals", "Signals", id="console.signals", show=False),
        Binding("D", "digest", "Digest", key_display="D", id="console.digest", show=False),
        Binding("ctrl+f", "search", "Search", id="console.search", show=False),
        Binding("r", "reload", "Re-read", id="console.reload", show=False),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("escape", "clear_filter", "Clear filter", id="console.clear_filter", show=False),
        Binding(
            "o",
            "cycle_order",
            "Order: name, missing first, local time",
            show=False,
            id="console.order",
        ),
        Binding("g", "go_to_date", "Go to date", show=False, id="console.go_to_date"),
        Binding("i", "toggle_detail", "Show/hide details", show=False, id="console.detail"),
        Binding(
            "G", "newest", "Newest day with posts", show=False, key_display="G", id="console.newest"
        ),
    ]

    FOOTER_SPARE = ("timeline", "history")
    """Keys the footer leaves out first in a narrow window (Enter opens the timeline too;
    ``?`` and the command palette list both), so ``?`` and ``q`` stay in sight."""

    app: LdtuiApp

    def __init__(self, day: date, *, find_data: bool = True) -> None:
        super().__init__()
        self.day = day
        self.find_data = find_data
        """Open on the newest Thursday with posts when ``day`` has none (not after ``--day``)."""
        self.entries: list[RosterEntry] = []
        self.shown: list[RosterEntry] = []
        self.name_filter = ""
        self._rosters: dict[date, tuple[tuple[int, int], list[RosterEntry]]] = {}
        self._tallies: dict[int, tuple[list[RosterEntry], Tally]] = {}
        self._counts_lines = 0
        self._detail_key: tuple[object, ...] | None = None
        self.team: str | None = None
        self.sending = ""
        self.order = ORDERS[0]
        self._covered = False
        """Another screen was on top since the console was last shown."""

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        # The roster is what a facilitator opens ldtui for: it is painted in the first frame.
        # The footer and the filter box are mounted right after (see on_mount), which keeps
        # cold start close to a bare Textual app (benchmarks/run.py measures it).
        yield Static(id="counts", markup=False)
        with Horizontal(id="main"):
            yield RosterTable(id="roster")
            with VerticalScroll(id="detail"):
                yield Static(id="detail-body", markup=False)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.load()
        if self.find_data:
            self._find_data()
        self.roster.focus()
        self.set_interval(30, self.refresh_clocks)
        self._seen_data_version = read_or_report(self, self.app.store.data_version, 0)
        self.set_interval(WATCH_SECONDS, self._watch_database)
        self.call_after_refresh(self._mount_chrome)

    def on_resize(self) -> None:
        self.fit_to_window()

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        # The window may have changed size while another screen was on top.
        self.fit_to_window()
        if self._covered:
            self._covered = False
            self.call_after_refresh(self._tidy_after_screen)

    def _tidy_after_screen(self) -> None:
        """Once the console is painted again after another screen closed: collect what that
        screen left (its widgets hold reference cycles only a collection frees) and move what
        is still alive out of the collector's sight again (the history screen hands back
        everything frozen when it closes). Done here, in one collection the facilitator does
        not wait for, rather than whenever allocations trigger one during a later key (at
        company size a full collection over the screens' leftovers took 100-150 ms).
        https://docs.python.org/3/library/gc.html#gc.freeze"""
        gc.collect()
        gc.freeze()

    def fit_to_window(self) -> None:
        """Lay the console out for the window's width: below :data:`NARROW_WIDTH` columns
        the detail pane moves under the roster (class ``-narrow``); the counts line is
        abbreviated to fit."""
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        if self.is_mounted:
            self.update_counts()

    def action_toggle_detail(self) -> None:
        """Hide the detail pane (the roster takes its room), or show it again."""
        self.query_one("#main").toggle_class("-no-detail")

    @guarded(None)
    def _watch_database(self) -> None:
        """Re-read the roster when another process (a scheduled ``ldtui sync`` or import)
        committed to the database; the selected person stays selected. Nudges another
        process left pending past their deadline are marked interrupted first."""
        try:
            self.app.store.sweep_interrupted(self.app.clock())
        except READ_ERRORS:
            pass  # busy, read-only or damaged: the next tick (or the next claim) does it
        version = self.app.store.data_version()
        if version != self._seen_data_version:
            self._seen_data_version = version
            if self.app.screen is self:
                self.load()

    def _mount_chrome(self) -> None:
        if not self.query("Footer"):
            # Everything built so far (widgets, the people list) lives as long as the app:
            # move it out of the garbage collector's sight, so later collections stay short;
            # collect again if the start turned collection off (ldtui.cli.base.run_console).
            # https://docs.python.org/3/library/gc.html#gc.freeze
            gc.freeze()
            gc.enable()
            self.mount(KeyFooter(compact=True))
            self.mount(Input(placeholder="Filter by name…", id="filter"), before="#main")
            # The footer lists keys once the screen announces its bindings: do so after it
            # has mounted (it subscribes on mount).
            self.call_after_refresh(self.refresh_bindings)
            self.set_timer(WARM_UP_SECONDS, self._warm_up)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """Beside the event loop, once the console has been up a moment: load the other
        screens' modules and compile the topic rules (about 0.2 s, most of it regular
        expressions), so the first ``p``, ``h``, ``s`` or ``/`` opens as quickly as later
        ones instead of paying for them on the spot."""
        import ldtui.tui.screens.history
        import ldtui.tui.screens.search
        import ldtui.tui.screens.signals
        import ldtui.tui.screens.timeline  # noqa: F401

        self.app.topic_rules.tag("")  # its literal gates are built on the first tag

    @property
    def roster(self) -> RosterTable:
        """The roster table widget."""
        return self.query_one("#roster", RosterTable)

    # ------------------------------------------------------------------ data
    @guarded(False)
    def load(self, keep: str | None = None) -> bool:
        """Read the roster of ``self.day`` from the store and show it, keeping the selected
        person (``keep``, default the current one) selected. Returns False (the screen shows
        what it showed, a notification says why) when the database cannot be read."""
        keep = keep or self.selected_id()
        self.entries = self.roster_of(self.day)
        # Set without Textual's refresh: a change of the app's sub-title repaints the whole
        # screen (only a Header shows it, and the console has none; the counts line names
        # the day), which made every Thursday change a full-screen frame.
        self.app.set_reactive(type(self.app).sub_title, format_day(self.day))
        self.show(keep)
        self.set_timer(PREFETCH_DELAY, self._prefetch)
        return True

    @guarded(None)
    def _find_data(self) -> None:
        """On opening: when the shown Thursday has no posts but others do (an imported export
        that ends years ago), show the newest Thursday with posts and say so."""
        if self.has_posts():
            return
        newest = self.app.store.latest_day()
        if newest is None or newest == self.day:
            return
        empty = self.day
        self.go_to(newest)
        self.notify(
            f"No posts on {format_day(empty)}: showing {format_day(newest)}, the newest "
            "Learning Day with posts (g goes to a date, G back to the newest).",
            title="Data found",
            timeout=10,
            markup=False,
        )

    def has_posts(self) -> bool:
        """Whether anyone on the shown Thursday's roster posted a plan or a summary."""
        return any(e.plan_iso is not None or e.summary_iso is not None for e in self.entries)

    def roster_of(self, day: date) -> list[RosterEntry]:
        """The roster of ``day``, from the small cache of recently read or prefetched days when
        nothing changed since (``Store.version``), else from the store."""
        version = self.app.store.version()
        cached = self._rosters.get(day)
        if cached is not None and cached[0] == version:
            return cached[1]
        entries = self.app.store.roster(day, with_text=False)
        self._rosters[day] = (version, entries)
        while len(self._rosters) > ROSTER_CACHE_DAYS:
            self._rosters.pop(next(iter(self._rosters)))
        return entries

    @guarded(None)
    def _prefetch(self) -> None:
        """Read the neighbouring Thursdays' rosters while the facilitator reads this one, so
        ``[`` and ``]`` answer at once (one roster query each, only when idle)."""
        for day in (self.day - timedelta(days=7), self.day + timedelta(days=7)):
            if day <= self.app.latest_day and day not in self._rosters:
                # A company roster is thousands of entries that stay while cached: read it
                # with the garbage collector off and move it out of its sight (gc.freeze),
                # so later collections do not walk it again and again (at company size
                # they took ~20 ms a Thursday change, up to 50 ms at once). Young cyclic
                # garbage is collected first, so freezing keeps nothing alive; the entries
                # hold no cycles, and are freed as usual once the cache lets them go.
                # https://docs.python.org/3/library/gc.html#gc.freeze
                gc.collect(1)
                gc.disable()
                try:
                    entries = self.roster_of(day)
                    # What showing it needs of the whole list, counted now too: its counts
                    # and its longest name.
                    if self.team is None:
                        self._counts(entries)
                    self.roster.measure(entries)
                finally:
                    gc.freeze()
                    gc.enable()
                return  # one per idle moment; the next timer picks up the other

    @guarded(None)
    def show(self, keep: str | None = None) -> None:
        """Render the entries that match the filter; select ``keep`` if it is shown."""
        needle = self.name_filter.casefold()
        team = self.team
        if team is None and not needle:
            self.shown = self.entries
        else:
            self.shown = [
                e
                for e in self.entries
                if (team is None or e.team == team) and (not needle or needle in e.name.casefold())
            ]
        self.shown = self.ordered(self.shown)
        self.roster.set_rows(self.shown, self.day, self.app.clock(), keep)
        # An empty database: the detail pane takes the width, so the import command shows whole.
        empty = not self.entries and self.app.store.latest_day() is None
        self.query_one("#main").set_class(empty, "empty")
        self.update_counts()
        self.update_detail()

    def ordered(self, entries: list[RosterEntry]) -> list[RosterEntry]:
        """``entries`` (by name, as the store gives them) in the chosen order: by name; missing
        first (both missing, then one, then complete; away people last); or by local time now
        (earliest clock first). Ties keep the name order."""
        if self.order == "missing first":
            return sorted(entries, key=lambda e: (-missing_count(e), e.away is not None))
        if self.order == "local time":
            now = self.app.clock()
            return sorted(entries, key=lambda e: now.astimezone(e.tz).replace(tzinfo=None))
        return entries

    def action_cycle_order(self) -> None:
        """Show the roster in the next order (name, missing first, local time)."""
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        marked = {"missing first": {"Plan", "Summary"}, "local time": {"Local time"}}
        self.roster.set_order(frozenset(marked.get(self.order, set())))
        self.show(self.selected_id())
        self.roster.move_cursor(0)

    def refresh_clocks(self) -> None:
        """Update every person's local time, in the roster and the detail pane together
        (called every 30 s), and whether their day is still open (``not yet``/``missing``)."""
        self.roster.set_now(self.app.clock())
        self.update_detail()
        self.update_counts()

    def _theme_changed(self, _theme: object) -> None:
        """Repaint what the console styles itself with the new theme's colours (the detail
        pane's missing plan or summary reads in the theme's ``$warning``)."""
        self.update_detail()

    def selected(self) -> RosterEntry | None:
        """The person under the cursor, or ``None`` when the roster is empty."""
        return self.roster.selected if self.shown else None

    def selected_id(self) -> str | None:
        """The id of the person under the cursor, if any."""
        entry = self.selected() if self.is_mounted and self.shown else None
        return entry.id if entry else None

    def in_view(self) -> list[RosterEntry]:
        """The entries the counts are about: the day's roster, within the team filter."""
        if self.team is None:
            return self.entries
        return [e for e in self.entries if e.team == self.team]

    def _counts(self, view: list[RosterEntry]) -> Tally:
        """The counts of ``view``, remembered for the same list object (a Thursday's roster
        is one list until it is read again); a plan or summary counts whoever posted it,
        away or not."""
        known = self._tallies.get(id(view))
        if known is not None and known[0] is view:
            return known[1]
        tally = Tally.of(view)
        self._tallies[id(view)] = (view, tally)
        while len(self._tallies) > ROSTER_CACHE_DAYS + 1:
            self._tallies.pop(next(iter(self._tallies)))
        return tally

    @guarded(None)
    def update_counts(self) -> None:
        """Rewrite the counts line: plans and summaries over the people expected (away people
        who posted nothing are not expected), the team filter, the webhook. It is never cut:
        the fullest form (:meth:`counts_parts`) that fits in two lines of the window is shown,
        broken between its parts; when even the shortest form does not, it takes a third."""
        room = max(1, self.size.width - 2)  # the counts line's padding
        for level in range(COUNTS_LEVELS):
            lines = pack_parts(self.counts_parts(level), room)
            if len(lines) <= 2:
                break
        # A new layout only when the line count changes (the line's height is its lines).
        changed = len(lines) != self._counts_lines
        self._counts_lines = len(lines)
        self.query_one("#counts", Static).update(Text("\n").join(lines), layout=changed)

    def counts_parts(self, level: int = 0) -> list[tuple[str, Text]]:
        """The parts of the counts line, each with the separator before it, ``level`` 0
        (every word) to ``COUNTS_LEVELS - 1`` (shortest): level 1 shortens labels (``sums``,
        ``Thu 3 Dec 2026``, ``1 away``), level 2 also leaves out the app's title. Every level
        keeps the counts, what is missing, the team filter's name, the order, the name
        filter and the dry-run notice."""
        view = self.in_view()
        tally = self._counts(view)
        n, plans, summaries = tally.expected, tally.plans, tally.summaries
        short = level >= 1
        sep = " · " if short else "  ·  "
        day = self.day.strftime(f"%a {self.day.day} %b %Y") if short else format_day(self.day)
        head = Text()
        if level < 2:
            head.append(f"{self.app.title} ", "bold reverse")
            head.append(" ")
        head.append(day, "bold")
        parts = [("", head)]
        skipped = self.app.store.skip_reason(self.day)
        if skipped:
            parts.append((sep, Text(f"skipped: {inert_line(skipped)}", "bold")))
        summary_word = "sums" if short else "summaries"
        parts.append((sep, Text(f"plans {plans}/{n} · {summary_word} {summaries}/{n}")))
        away = len(view) - n
        if away:
            parts.append((" · ", Text(f"{away} away" + ("" if short else ", not counted"), "dim")))
        away_posted = tally.away_posted
        if away_posted:
            said = " & posted" if short else " but posted, counted"
            parts.append((" · ", Text(f"{away_posted} away{said}", "dim")))
        missing_plans, missing_summaries = tally.missing_plans, tally.missing_summaries
        if missing_plans or missing_summaries:
            now = self.app.clock()
            closed = all(day_closed(self.day, now, tz) for tz in tally.zones)
            summary_noun = "sum" if short else "summary"
            what = [
                plural(count, noun)
                for count, noun in ((missing_plans, "plan"), (missing_summaries, summary_noun))
                if count
            ]
            said = f"{'missing' if closed else 'not yet'}: {', '.join(what)}"
            parts.append((" · ", Text(said)))
        if self.order != ORDERS[0]:
            parts.append((sep, Text(f"order: {self.order}", "italic")))
        if self.team is not None:
            parts.append((sep, Text(f"team {inert_line(self.team or '(none)')}", "italic")))
        label = inert_line(self.app.nudger.via_label())
        target = label if short and label == "dry run" else f"nudges: {label}"
        parts.append((sep, Text(target, "dim")))
        if self.name_filter:
            shown = f"filter “{inert_line(self.name_filter)}”: {len(self.shown)} shown"
            parts.append((sep, Text(shown, "italic")))
        if self.sending:
            parts.append((sep, Text(self.sending, "bold")))
        if not self.entries:
            parts.append((sep, Text("no roster" + ("" if short else " for this day"), "dim")))
        return parts

    @guarded(None)
    def update_detail(self) -> None:
        """Show the selected person's plan and summary (literally), zone, team, away state
        and nudges in the detail pane."""
        entry = self.selected()
        now = self.app.clock()
        # Shown already (the Thursday change renders it, then the cursor's highlight asks
        # again): the same person, day, data, minute and theme give the same pane.
        minute = now.replace(second=0, microsecond=0)
        key: tuple[object, ...] = (
            self.day,
            entry,
            self.app.store.version(),
            minute,
            self.app.theme,
        )
        if key == self._detail_key:
            return
        self._detail_key = key
        body = self.query_one("#detail-body", Static)
        if entry is None:
            if self.app.store.latest_day() is None:
                body.update(Text(IMPORT_HINT))
            else:
                body.update(Text("Nobody on the roster for this Learning Day.", style="dim"))
            return
        text = Text()
        text.append(inert_line(entry.name), style="bold")
        text.append(
            f"\n{inert_line(entry.id)} · {zone_label(entry)} · now {local_now(now, entry.tz)}\n",
            style="dim",
        )
        if entry.team:
            text.append(f"team {inert_line(entry.team)}\n", style="dim")
        if entry.deleted:
            text.append("account deactivated\n", style="dim")
        if entry.away is not None:
            away = f": {inert_line(entry.away)}" if entry.away else ""
            text.append(f"away{away}\n", style="italic")
        plan, summary = self.app.store.texts(self.day, entry.id)
        for label, moment, content in (
            ("Plan", entry.plan_at, plan),
            ("Summary", entry.summary_at, summary),
        ):
            text.append(f"\n{label}", style="bold underline")
            if moment is None:
                text.append("\n")
                if entry.away is not None:
                    text.append("not posted (away)\n", style="dim italic")
                elif day_closed(self.day, now, entry.tz):
                    text.append("missing\n", style=self.roster._missing_style())
                else:
                    text.append("not posted yet\n", style=self.roster._missing_style())
            else:
                text.append(
                    f"  posted {local_clock(moment, entry.tz, self.day)} local\n", style="dim"
                )
                text.append(inert(content or ""))
                text.append("\n")
        records = self.app.store.nudges(self.day, entry.id)
        if records:
            text.append("\nNudges\n", style="bold underline")
            for record in records:
                text.append(nudge_line(record, entry.tz))
                text.append("\n")
        show_text(body, text)

    @on(RosterTable.Highlighted, "#roster")
    def _row_highlighted(self) -> None:
        self.update_detail()

    # ------------------------------------------------------------------ moving
    def go_to(self, day: date) -> None:
        """Show Learning Day ``day`` (the shown one stays when it cannot be read)."""
        shown, self.day = self.day, day
        if not self.load():
            self.day = shown

    def action_previous_day(self) -> None:
        """Show the Thursday before."""
        self.go_to(self.day - timedelta(days=7))

    def action_next_day(self) -> None:
        """Show the Thursday after (not past the current Learning Day)."""
        if self.day + timedelta(days=7) > self.app.latest_day:
            self.notify("This is the latest Learning Day.", timeout=3)
            return
        self.go_to(self.day + timedelta(days=7))

    def action_go_to_date(self) -> None:
        """Ask for a date (YYYY-MM-DD) and show the Learning Day on or before it (not past
        the current one)."""
        from ldtui.tui.dialogs.go_to_date import GoToDateScreen

        def chosen(day: date | None) -> None:
            if day is None:
                return
            if day > self.app.latest_day:
                self.notify(
                    f"{format_day(day)} is in the future: showing the current Learning Day.",
                    timeout=4,
                )
                day = self.app.latest_day
            self.go_to(day)

        self.app.clear_notifications()
        self.app.push_screen(GoToDateScreen(self.day), chosen)

    @guarded(None)
    def action_newest(self) -> None:
        """Show the newest Learning Day with a plan or summary."""
        newest = self.app.store.latest_day()
        if newest is None:
            self.notify("No posts in the database yet: import a Slack export.", timeout=4)
            return
        self.go_to(newest)

    def action_reload(self) -> None:
        """Re-read the database (another process may have imported)."""
        self.load()
        self.notify("Roster re-read from the database.", timeout=2)

    def action_history(self) -> None:
        """Open the list of past Learning Days."""

        def opened(day: date | None) -> None:
            if day is not None:
                self.go_to(day)

        from ldtui.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.day, team=self.team), opened)

    def team_changed(self) -> None:
        """Show the roster of the new team (the counts follow it)."""
        self.show(self.selected_id())

    def action_away(self) -> None:
        """Toggle the selected person away for the shown Thursday (not counted as missing,
        never nudged, streak kept)."""
        entry = self.selected()
        if entry is None:
            return
        try:
            now_away = self.app.store.toggle_away(entry.id, self.day)
        except StoreError as exc:
            self.notify_not_saved(exc, "a")
            return
        self.load(entry.id)
        state = "away" if now_away else "no longer away"
        self.notify(f"{entry.name} is {state} on {format_day(self.day)}.", markup=False)

    def notify_not_saved(self, error: StoreError, key: str) -> None:
        """Say that a change was not saved and why (busy, read-only, disk full, damaged);
        the screen stays as it was. ``key`` is the key that makes the change, to try again."""
        if isinstance(error, StoreBusy):
            message = f"Not saved: database busy — another ldtui is writing; press {key} again."
        elif isinstance(error, StoreReadOnly):
            message = "Not saved: the database is read-only here."
        elif isinstance(error, StoreFull):
            message = "Not saved: disk full — nothing was written."
        else:
            message = f"Not saved: {error}"
        self.notify(message, title="Database", severity="error", timeout=8, markup=False)

    def action_timeline(self) -> None:
        """Open the selected person's timeline: every Thursday, streaks, participation."""
        entry = self.selected()
        if entry is None:
            return
        from ldtui.tui.screens.timeline import TimelineScreen

        self.app.push_screen(
            TimelineScreen(entry.id, until=self.app.latest_day, focus_day=self.day)
        )

    def action_search(self) -> None:
        """Full-text search over every post."""
        from ldtui.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen())

    def action_signals(self) -> None:
        """Signals to review for the shown Thursday (plan without summary, missing runs,
        summaries that mention work)."""
        from ldtui.tui.screens.signals import SignalsScreen

        self.app.push_screen(SignalsScreen([self.day], team=self.team))

    @guarded(None)
    def action_digest(self) -> None:
        """Preview the digest of the shown Thursday; post it through the webhook if confirmed.
        Once one was posted, offer only the summaries that arrived since (an addendum)."""
        from ldtui.insights.digest import build_addendum, build_digest, render, render_addendum
        from ldtui.tui.dialogs.confirm import ConfirmScreen

        store, rules = self.app.store, self.app.topic_rules
        where = self.app.nudger.target_label
        extra = build_addendum(store, self.day, rules, self.team)
        if extra.last_posted is not None:
            if not extra.people:
                posted = extra.last_posted.strftime("%H:%M UTC")
                self.notify(f"Digest posted at {posted}; no summaries since: nothing to post.")
                return
            text = render_addendum(extra, "text")
            title = f"Post an addendum? ({inert_line(where)})"
            ids, addendum, label = extra.post_ids, True, "Post addendum"
        else:
            text = render(build_digest(store, self.day, rules, self.team), "text")
            title = f"Post this digest? ({inert_line(where)})"
            ids = sorted(store.summary_post_ids(self.day, self.team).values())
            addendum, label = False, "Post digest"

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._post_digest(text, ids, addendum)

        self.app.push_screen(ConfirmScreen(title, Text(inert(text)), label), confirmed)

    @work(group="digest", exit_on_error=False)
    async def _post_digest(self, text: str, ids: list[str], addendum: bool = False) -> None:
        try:
            deliveries = await self.app.nudger.post_digest(text, self.day, ids, addendum=addendum)
        except Exception as exc:  # never crash the console on a delivery bug
            problem = store_problem(exc, self.app.store.path)
            said = str(problem) if problem is not None else type(exc).__name__
            self.notify(f"Digest not posted: {said}", severity="error", markup=False)
            return
        if not deliveries:
            self.notify("Dry run (no webhook configured): the digest was not posted.", timeout=6)
        elif all(d.ok for d in deliveries):
            self.notify(f"Digest posted ({len(deliveries)} message(s)).", title="Digest")
        else:
            bad = next(d for d in deliveries if not d.ok)
            self.notify(
                f"Digest not posted: {bad.http_status or ''} {bad.error}".strip(),
                severity="error",
                markup=False,
                timeout=10,
            )

    def action_help(self) -> None:
        """Show every key."""
        from ldtui.tui.dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(list(self.BINDINGS)))

    # ------------------------------------------------------------------ filter
    def action_filter(self) -> None:
        """Show the name filter."""
        self._mount_chrome()
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.name_filter = event.value.strip()
        self.show(self.selected_id())

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.roster.focus()
        if not self.name_filter:
            self.query_one("#filter", Input).display = False

    def action_clear_filter(self) -> None:
        """Clear and hide the name filter."""
        boxes = self.query("#filter").results(Input)
        box = next(boxes, None)
        if box is not None and (box.display or self.name_filter):
            box.value = ""
            box.display = False
            self.name_filter = ""
            self.show(self.selected_id())
            self.roster.focus()

    # ------------------------------------------------------------------ nudging
    @guarded(None)
    def action_nudge(self) -> None:
        """Nudge the selected person for what is due (a plan before their noon, else a
        summary); asks first if the same nudge went out within the cooldown."""
        entry = self.selected()
        if entry is None:
            return
        if self._refuse_skipped():
            return
        if entry.away is not None:
            self.notify(f"{entry.name} is away on this Thursday: not nudged.", markup=False)
            return
        if entry.deleted:
            self.notify(f"{entry.name}'s account is deactivated: not nudged.", markup=False)
            return
        kind = due_kind(
            self.app.clock(),
            entry.tz,
            self.day,
            entry.has_plan,
            entry.has_summary,
        )
        if kind is None:
            self.notify(f"{entry.name} has posted what is due: nothing to nudge.", markup=False)
            return
        quiet = quiet_reason(self.app.clock(), entry.tz, self.app.config.quiet_hours)
        if quiet:
            self.notify(f"{entry.name} not nudged: {quiet}.", markup=False)
            return
        target = NudgeTarget(entry.id, entry.name, kind)
        previous = self.app.nudger.cooling(target, self.day)
        from ldtui.tui.dialogs.confirm import ConfirmScreen

        if previous is None:
            self.send([target])
            return
        minutes = int((self.app.clock() - previous.created_at).total_seconds() // 60)
        if previous.status == NudgeStatus.PENDING:
            self.notify(
                f"{entry.name}'s {kind} nudge is being sent right now: not again.", markup=False
            )
            return
        if previous.status == NudgeStatus.INTERRUPTED:
            body = Text.assemble(
                "The nudge to ",
                (inert_line(entry.name), "bold"),
                f" for their {kind} {minutes} min ago was interrupted before the chat answered: "
                "delivery unknown, they may have been mentioned already. Send it again?",
            )
            self.app.push_screen(
                ConfirmScreen("Resend interrupted nudge?", body, "Resend"),
                lambda ok: self.send([target], resend_interrupted=True) if ok else None,
            )
            return
        body = Text.assemble(
            (inert_line(entry.name), "bold"),
            f" was nudged for their {kind} {minutes} min ago "
            f"(cooldown {self.app.config.nudge_cooldown_minutes} min). Nudge again?",
        )
        self.app.push_screen(
            ConfirmScreen("Nudge again?", body, "Nudge again"),
            lambda ok: self.send([target], force=True) if ok else None,
        )

    @guarded(None)
    def action_nudge_all(self) -> None:
        """Nudge everyone missing a plan (or, after 12:00 their time, a summary), after a
        confirmation that lists them."""
        if self._refuse_skipped():
            return
        entries = self.in_view()
        now = self.app.clock()
        targets, held = held_back(
            entries, due_targets(entries, self.day, now), now, self.app.config.quiet_hours
        )
        if not targets and not held:
            self.notify("Nobody is missing anything: nothing to nudge.")
            return
        blocking = {t: self.app.nudger.cooling(t, self.day) for t in targets}
        ready = [t for t in targets if blocking[t] is None]
        interrupted = [
            t for t, p in blocking.items() if p is not None and p.status == NudgeStatus.INTERRUPTED
        ]
        cooling = [t for t in targets if t not in ready and t not in interrupted]
        body = Text()
        for t in ready:
            body.append(f"  {inert_line(t.name)}", style="bold")
            body.append(f"  — {t.kind}\n")
        if interrupted:
            body.append(
                "\nInterrupted earlier, delivery unknown (n on each resends after asking):\n",
                style="dim",
            )
            for t in interrupted:
                body.append(f"  {inert_line(t.name)} — {t.kind}\n", style="dim")
        if cooling:
            body.append(
                f"\nNot again (nudged within {self.app.config.nudge_cooldown_minutes} min):\n",
                style="dim",
            )
            for t in cooling:
                body.append(f"  {inert_line(t.name)} — {t.kind}\n", style="dim")
        if held:
            body.append(f"\n{len(held)} not nudged:\n", style="dim")
            for t, why in held:
                body.append(f"  {inert_line(t.name)} — {why}\n", style="dim")
        if not ready and held and not cooling and not interrupted:
            self.notify(
                f"{len(held)} not nudged: " + "; ".join(why for _, why in held[:3]), markup=False
            )
            return
        if not ready:
            self.notify(
                "Everyone missing has been nudged within the cooldown"
                + (" (some interrupted: n on each resends)" if interrupted else "")
                + (f"; {len(held)} not nudged: outside quiet hours." if held else "."),
                timeout=4,
            )
            return
        from ldtui.tui.dialogs.confirm import ConfirmScreen

        where = self.app.nudger.via_label()
        people = "person" if len(ready) == 1 else "people"
        title = Text(f"Nudge {len(ready)} {people}? ({inert_line(where)})", style="bold")

        def ask() -> None:
            self.app.push_screen(
                ConfirmScreen(title, body, f"Nudge {len(ready)}"),
                lambda ok: self.send(ready) if ok else None,
            )

        if self.has_posts():
            ask()
            return
        # Nobody posted at all: more likely the data is elsewhere than everyone forgot.
        day = format_day(self.day)
        warning = Text.assemble(
            "Nobody posted a plan or a summary on ",
            (day, "bold"),
            ". If the data lies elsewhere (an export that ends earlier), G shows the newest "
            f"Learning Day with posts. Nudge all {len(ready)} people for {day} anyway?",
        )
        self.app.push_screen(
            ConfirmScreen(Text(f"No posts on {day}", style="bold"), warning, "Continue"),
            lambda ok: ask() if ok else None,
        )

    def _refuse_skipped(self) -> bool:
        reason = self.app.store.skip_reason(self.day)
        if reason:
            self.notify(f"{format_day(self.day)} is skipped ({reason}): no nudges.", markup=False)
        return bool(reason)

    def send(
        self, targets: list[NudgeTarget], force: bool = False, resend_interrupted: bool = False
    ) -> None:
        """Start the nudge worker for ``targets`` (the screen stays responsive). ``force``
        ignores the cooldown; ``resend_interrupted`` lets only interrupted nudges through."""
        self.sending = f"sending {len(targets)} nudge{'s' if len(targets) != 1 else ''}…"
        self.update_counts()
        self._nudge_worker(targets, self.day, force, resend_interrupted)

    @work(group="nudge", exit_on_error=False)
    async def _nudge_worker(
        self, targets: list[NudgeTarget], day: date, force: bool, resend_interrupted: bool
    ) -> None:
        try:
            outcomes = await self.app.nudger.nudge(
                targets,
                day,
                force=force,
                resend_interrupted=resend_interrupted,
                progress=self._progressed,
            )
        except StoreBusy:
            self._nudge_not_sent("Nudge not sent: database busy — try again")
            return
        except Exception as exc:  # never crash the console on a delivery bug
            problem = store_problem(exc, self.app.store.path)
            if problem is not None:
                self._nudge_not_sent(f"Nudge not sent: {problem}")
            else:
                self._nudge_not_sent(f"Nudge failed: {type(exc).__name__}")
            return
        self.post_message(NudgesFinished(outcomes))

    def _nudge_not_sent(self, text: str) -> None:
        self.sending = ""
        self.notify(text, severity="error", markup=False, timeout=8)
        self.load()

    def _progressed(self, done: int, total: int) -> None:
        self.post_message(NudgeProgressed(done, total))

    def on_nudge_progressed(self, message: NudgeProgressed) -> None:
        self.sending = f"sent {message.done}/{message.total} messages…"
        self.update_counts()

    def on_nudges_finished(self, message: NudgesFinished) -> None:
        """Re-read the roster and say what happened: sent, dry run, failed, not again."""
        self.sending = ""
        outcomes = message.outcomes
        self.load()
        by_status: dict[NudgeStatus, list[NudgeOutcome]] = {}
        for outcome in outcomes:
            by_status.setdefault(outcome.status, []).append(outcome)

        def names(items: list[NudgeOutcome]) -> str:
            return ", ".join(inert_line(o.target.name) for o in items)

        if NudgeStatus.DRY_RUN in by_status:
            items = by_status[NudgeStatus.DRY_RUN]
            self.notify(
                f"Dry run ({self.app.nudger.dry_run_reason()}) — would send:\n{items[0].message}",
                title=f"Nudge recorded for {names(items)}",
                timeout=10,
                markup=False,
            )
        if NudgeStatus.SENT in by_status:
            sent = names(by_status[NudgeStatus.SENT])
            self.notify(f"Nudged {sent}.", title="Nudge sent", markup=False)
        if NudgeStatus.FAILED in by_status:
            failed = by_status[NudgeStatus.FAILED]
            first = failed[0]
            self.notify(
                f"{names(failed)}: {first.http_status or ''} {first.error}".strip(),
                title="Nudge failed",
                severity="error",
                timeout=10,
                markup=False,
            )
        if self.app.nudger.notes:
            self.notify(
                "\n".join(self.app.nudger.notes),
                title="Named, not mentioned",
                markup=False,
                timeout=10,
            )
        if self.app.nudger.gone:
            self.notify(
                "The chat platform says this webhook no longer exists: nothing more was sent. "
                "Set a new webhook_url (ldtui config set webhook_url URL).",
                title="Webhook gone",
                severity="error",
                timeout=15,
                markup=False,
            )
        if NudgeStatus.CANCELLED in by_status:
            first = by_status[NudgeStatus.CANCELLED][0]
            self.notify(
                f"{names(by_status[NudgeStatus.CANCELLED])}: {first.error}",
                title="Not sent",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if NudgeStatus.COOLDOWN in by_status:
            self.notify(
                f"Not nudged again (nudged within the cooldown, or being sent by another "
                f"ldtui): {names(by_status[NudgeStatus.COOLDOWN])}",
                markup=False,
            )
