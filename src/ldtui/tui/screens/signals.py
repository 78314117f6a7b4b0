"""Signals to review: plans without a summary, runs of missing Thursdays, work-like summaries.

The signals come from :func:`ldtui.insights.signals.find_signals`; they point at something a
facilitator may want to read or ask about, never at a verdict. Enter on a row opens the person's
timeline.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, TypeAlias

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ldtui.insights.signals import SIGNAL_LABELS, Signal, WorkPatterns, find_signals
from ldtui.sanitize import inert_line
from ldtui.store import Store, StoreError
from ldtui.tui.format import format_day
from ldtui.tui.gradual import GradualOptions
from ldtui.tui.guard import guarded, report, store_problem
from ldtui.tui.hanging import HangingPrompt
from ldtui.tui.reading import reopen
from ldtui.tui.screens.team_filter import TeamFilterScreen

if TYPE_CHECKING:
    from ldtui.tui.app import LdtuiApp

RECENT = 4
"""Thursdays looked at in the "last 4 Thursdays" view."""
REMEMBER_WAIT = 0.25
"""Seconds the reading thread waits for another writer before giving up remembering the work
items it matched (the signals are shown all the same; they are matched again next time)."""
LIST_CHUNK = 150
"""Signals added to the list per frame: the first ones show at once, the rest follow between
repaints (an option list renders every option to know its height; a company's 12 Thursdays
give thousands of signals, seconds of rendering if added at once)."""
INTRO = (
    "Signals to review, not judgements: each is something you may want to read or ask about "
    "(a ticket id can be a learning exercise; a missing summary can be a busy evening)."
)


def recent_days(learning_days: list[date], anchor: date, n: int = RECENT) -> list[date]:
    """The ``n`` newest Thursdays up to ``anchor`` (``anchor`` always included), newest first.

    ``learning_days`` are the Learning Days on record (any order)."""
    before = sorted((d for d in learning_days if d < anchor), reverse=True)
    return [anchor, *before[: n - 1]]


def group_signals(found: list[Signal]) -> dict[str, list[Signal]]:
    """Signals by kind, kinds in :data:`SIGNAL_LABELS` order (unknown kinds last); within a kind
    newest day first, then by name."""
    order = {kind: index for index, kind in enumerate(SIGNAL_LABELS)}
    groups: dict[str, list[Signal]] = {}
    for signal in sorted(found, key=lambda s: order.get(s.kind, len(order))):
        groups.setdefault(signal.kind, []).append(signal)
    for items in groups.values():
        items.sort(key=lambda s: (-s.day.toordinal(), s.name.casefold()))
    return groups


class SignalsRead(Message):
    """The signals of read number ``generation`` are in (``error`` set if reading failed;
    ``problem`` when the database failed it), grouped into the list's lines
    (:func:`signal_entries`, by the reading thread)."""

    def __init__(
        self,
        generation: int,
        found: list[Signal],
        error: str | None = None,
        problem: StoreError | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.found = found
        self.error = error
        self.problem = problem
        self.entries, self.rows = signal_entries(found, error)


Entry: TypeAlias = "Option | tuple[int, Signal]"
"""One line of the list: a heading (or the "nothing to review" line) as a ready option, or a
signal with its index in the list's signals (its option is made when it is listed)."""


def signal_entries(found: list[Signal], error: str | None) -> tuple[list[Entry], list[Signal]]:
    """The list's lines for ``found``: a heading per kind, then its signals (numbered in list
    order; the signals are returned in that order too); a line saying there is nothing to
    review when ``found`` is empty and there is no ``error``."""
    entries: list[Entry] = []
    rows: list[Signal] = []
    for kind, items in group_signals(found).items():
        heading = Text(f"{SIGNAL_LABELS.get(kind, kind)} ({len(items)})", style="bold")
        entries.append(Option(heading, id=f"kind-{kind}", disabled=True))
        for signal in items:
            entries.append((len(rows), signal))
            rows.append(signal)
    if not entries and not error:
        entries.append(
            Option(Text("Nothing to review for these Thursdays.", style="dim"), disabled=True)
        )
    return entries, rows


def signal_option(entry: Entry) -> Option:
    """The option of one line of :func:`signal_entries` (its id: the signal's index)."""
    if isinstance(entry, Option):
        return entry
    index, signal = entry
    return Option(signal_prompt(signal), id=str(index))


def read_signals(
    store: Store,
    generation: int,
    days: list[date],
    team: str | None,
    now: datetime,
    patterns: WorkPatterns,
) -> SignalsRead:
    """Read the signals of ``days`` from ``store`` (any thread that owns ``store``)."""
    try:
        found = find_signals(store, days, now=now, patterns=patterns, team=team)
    except Exception as exc:  # shown on the screen, never a crash
        problem = store_problem(exc, store.path)
        said = f"signals could not be read: {problem or exc}"
        return SignalsRead(generation, [], said, problem)
    return SignalsRead(generation, found)


def signal_prompt(signal: Signal) -> HangingPrompt:
    """One row: day (``Thu 26 Nov 2026``), person name (literal), detail; a long row wraps
    under the name, not at the left edge."""
    day = f"Thu {signal.day.day} {signal.day:%b %Y}"
    body = Text(inert_line(signal.name), style="bold")
    body.append("  ")
    body.append(inert_line(signal.detail))
    return HangingPrompt(Text(), [(Text(f"  {day:<17}", style="dim"), body)])


class SignalsScreen(TeamFilterScreen[None]):
    """The signals of the shown Thursday (or of the last 4), grouped by kind.

    ``days``: the Learning Days to look at (the newest is "this Thursday"); ``team`` limits
    the roster to one team.
    """

    DEFAULT_CSS = """
    SignalsScreen #signals-caption {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    SignalsScreen #signals-intro {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    SignalsScreen #signals-list {
        height: 1fr;
        border: none;
        padding: 0;
    }
    SignalsScreen #signals-list > .option-list--option {
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="signals.back"),
        Binding("w", "toggle_window", "This Thu / last 4", id="signals.window"),
        Binding("t", "team", "Team", id="signals.team"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
    ]

    app: LdtuiApp

    def __init__(self, days: list[date], team: str | None = None) -> None:
        super().__init__()
        if not days:
            raise ValueError("SignalsScreen needs at least one day")
        self.given = sorted(set(days), reverse=True)
        self.shown_day = self.given[0]
        self.team = team
        self.days = list(self.given)
        self.found: list[Signal] = []
        self.rows: list[Signal] = []
        self.generation = 0
        self.reading = False
        self.error: str | None = None
        self.listing = GradualOptions(self, LIST_CHUNK, signal_option)

    def compose(self) -> ComposeResult:
        yield Static(id="signals-caption", markup=False)
        yield Static(Text(INTRO), id="signals-intro", markup=False)
        yield OptionList(id="signals-list", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Signals"
        self.load()

    @property
    def signal_list(self) -> OptionList:
        """The list of signals (with a header line per kind)."""
        return self.query_one("#signals-list", OptionList)

    def _window_label(self) -> str:
        if len(self.days) == 1:
            return format_day(self.days[0])
        first, last = format_day(self.days[-1]), format_day(self.shown_day)
        return f"{len(self.days)} Thursdays, {first} to {last}"

    def _caption(self) -> Text:
        text = Text(f"{self.app.title} ", style="bold reverse")
        text.append(" Signals  ", style="bold")
        text.append(self._window_label())
        if self.team is not None:
            text.append(f"  ·  team {inert_line(self.team or '(none)')}", style="italic")
        if self.reading:
            text.append("  ·  reading…", style="dim")
        elif self.error:
            text.append(f"  ·  {inert_line(self.error)}", style="bold")
        else:
            n = len(self.found)
            text.append(f"  ·  {n} signal{'s' if n != 1 else ''}", style="bold")
        return text

    def load(self) -> None:
        """Read the signals of ``self.days`` (in a thread worker with its own connection: a
        company roster over several Thursdays takes seconds) and list them when they are in."""
        self.generation += 1
        self.reading = True
        self.listing.cancel()
        self.query_one("#signals-caption", Static).update(self._caption())
        args = (
            self.generation,
            list(self.days),
            self.team,
            self.app.clock(),
            self.app.work_patterns,
        )
        if str(self.app.store.path) == ":memory:":
            self.post_message(read_signals(self.app.store, *args))
        else:
            self._read_in_thread(*args)

    @work(thread=True, exclusive=True, group="signals", exit_on_error=False)
    def _read_in_thread(
        self,
        generation: int,
        days: list[date],
        team: str | None,
        now: datetime,
        patterns: WorkPatterns,
    ) -> None:
        try:
            store = reopen(self.app.store)
            assert store is not None
        except Exception as exc:  # shown on the screen, never a crash
            problem = store_problem(exc, self.app.store.path)
            said = f"the database cannot be read: {problem or exc}"
            self.post_message(SignalsRead(generation, [], said, problem))
            return
        store.set_busy_timeout(REMEMBER_WAIT)
        try:
            self.post_message(read_signals(store, generation, days, team, now, patterns))
        finally:
            store.close()

    def on_signals_read(self, message: SignalsRead) -> None:
        if message.generation != self.generation:
            return  # an older read, overtaken by a toggle
        self.reading = False
        if message.problem is not None:
            report(self, message.problem)
        self.found, self.error = message.found, message.error
        self.query_one("#signals-caption", Static).update(self._caption())
        entries, self.rows = message.entries, message.rows
        listing = self.signal_list
        first = next((i for i, e in enumerate(entries) if not isinstance(e, Option)), None)
        self.listing.show(listing, entries, at_least=(first or 0) + 1)
        if first is not None:
            listing.highlighted = first
        listing.focus()

    @property
    def unlisted(self) -> list[Entry]:
        """Options of the last read not yet added to the list (see :data:`LIST_CHUNK`)."""
        return self.listing.pending

    @on(OptionList.OptionSelected, "#signals-list")
    def _signal_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None or not event.option.id.isdigit():
            return
        signal = self.rows[int(event.option.id)]
        from ldtui.tui.screens.timeline import TimelineScreen

        self.app.push_screen(
            TimelineScreen(signal.person_id, until=self.app.latest_day, focus_day=signal.day)
        )

    @guarded(None)
    def action_toggle_window(self) -> None:
        """Switch between this Thursday and the last 4 Thursdays."""
        if len(self.days) == 1:
            self.days = recent_days(self.app.store.learning_days(), self.shown_day)
        else:
            self.days = [self.shown_day]
        self.load()

    def team_changed(self) -> None:
        """Find the signals of the new team."""
        self.load()

    def action_help(self) -> None:
        """Show this screen's keys."""
        from ldtui.tui.dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(list(self.BINDINGS)))

    def action_back(self) -> None:
        """Close the signals, letting go of them and their options first: thousands are
        freed at once here, instead of being walked by every full garbage collection until
        the collector gets to the closed screen."""
        self.listing.cancel()
        self.found, self.rows = [], []
        self.signal_list.clear_options()
        self.dismiss()
