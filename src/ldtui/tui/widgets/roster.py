"""The roster table: a virtual table that renders only the rows in view (Textual's Line API).

A company roster has thousands of people; building a widget per row or a cell per person would
make every Thursday change and every scroll cost as much as the whole roster. Here a row is
formatted only when it is painted, from the :class:`~ldtui.store.RosterEntry` list the console
hands over, and painted rows are cached until the data or the width changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ldtui.learning_day import day_closed
from ldtui.records import RosterEntry
from ldtui.sanitize import inert_line
from ldtui.tui.format import local_now, nudges_cell, posted_cell

COLUMNS: tuple[tuple[str, int], ...] = (
    ("Person", 0),  # width set from the longest name
    ("Local time", 10),
    ("Plan", 12),
    ("Summary", 12),
    ("Nudges", 10),
)
NAME_MIN, NAME_MAX = 12, 24
MEASURED_LISTS = 8
"""Roster lists whose Person width :meth:`RosterTable.measure` remembers."""
OPTIONAL_COLUMNS = (4, 1)
"""Columns left out when the width cannot hold every column, first to go first: Nudges,
then Local time (the detail pane shows both). Person, Plan and Summary always stay."""


def now_cell(now: datetime, entry: RosterEntry) -> str:
    """The person's local time now, with the weekday (``Thu 09:14``, :func:`local_now`)."""
    return local_now(now, entry.tz)


class RosterTable(ScrollView, can_focus=True):
    """Rows of people for one Learning Day with a fixed header line; one row has the cursor.

    Feed it with :meth:`set_rows`; it posts :class:`RosterTable.Highlighted` when the cursor
    moves. User text is rendered as plain segments: markup in names is never interpreted.
    """

    DEFAULT_CSS = """
    RosterTable { background: $surface; }
    RosterTable > .roster--header { text-style: bold; background: $panel; }
    RosterTable > .roster--cursor { background: $block-cursor-background;
                                    color: $block-cursor-foreground; text-style: bold; }
    RosterTable > .roster--cursor-blurred { background: $block-cursor-blurred-background; }
    RosterTable > .roster--even { background: $surface; }
    RosterTable > .roster--odd { background: $surface-lighten-1; }
    RosterTable > .roster--missing { color: $warning; text-style: bold; }
    """
    COMPONENT_CLASSES = {
        "roster--header",
        "roster--cursor",
        "roster--cursor-blurred",
        "roster--even",
        "roster--odd",
        "roster--missing",
    }
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="roster.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="roster.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="roster.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="roster.page_down"),
        Binding("home", "first", "First", show=False, id="roster.first"),
        Binding("end", "last", "Last", show=False, id="roster.last"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to ``entry`` (``None`` when the roster is empty)."""

        def __init__(self, table: RosterTable, entry: RosterEntry | None) -> None:
            super().__init__()
            self.table = table
            self.entry = entry

        @property
        def control(self) -> RosterTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: Sequence[RosterEntry] = ()
        self.day: date | None = None
        self.now: datetime | None = None
        self._name_width = NAME_MIN
        self._longest_name = NAME_MIN
        self._shown_columns: tuple[int, ...] = tuple(range(len(COLUMNS)))
        self._fitted_width = 0
        self._cache: dict[tuple[int, bool, bool], Strip] = {}
        self._name_widths: dict[str, int] = {}
        self._measured: dict[int, tuple[Sequence[RosterEntry], int]] = {}
        self.sorted_by: frozenset[str] = frozenset()
        """Titles of the columns the console ordered the rows by (marked ``▾`` in the header)."""

    # ------------------------------------------------------------------ data
    def set_rows(
        self, entries: Sequence[RosterEntry], day: date, now: datetime, keep: str | None = None
    ) -> None:
        """Show ``entries`` for Learning Day ``day`` at ``now`` (aware); keep the person with id
        ``keep`` under the cursor if present, else keep the cursor's position."""
        self.entries, self.day, self.now = entries, day, now
        self._longest_name = self.measure(entries)
        self._fit_columns()
        self._cache.clear()
        row = self.cursor_row
        if keep is not None:
            for index, entry in enumerate(entries):
                if entry.id == keep:
                    row = index
                    break
        self.cursor_row = max(0, min(row, len(entries) - 1))
        self.refresh()

    def measure(self, entries: Sequence[RosterEntry]) -> int:
        """The width of the Person column for ``entries``: the longest name in cells, within
        ``NAME_MIN``-``NAME_MAX``; remembered for the same list object (the console measures
        the Thursdays it reads ahead, so showing one does not walk a company roster)."""
        known = self._measured.get(id(entries))
        if known is not None and known[0] is entries:
            return known[1]
        widths = self._name_widths
        longest = NAME_MIN
        for entry in entries:
            width = widths.get(entry.name)
            if width is None:
                width = widths[entry.name] = cell_len(entry.name)
            if width > longest:
                longest = width
        measured = max(NAME_MIN, min(NAME_MAX, longest))
        self._measured[id(entries)] = (entries, measured)
        while len(self._measured) > MEASURED_LISTS:
            self._measured.pop(next(iter(self._measured)))
        return measured

    def _fit_columns(self) -> None:
        """Choose the columns and the name width for the widget's width: every column when
        it fits; else leave out :data:`OPTIONAL_COLUMNS` in turn, so names, plans and
        summaries keep their whole width; only then narrow the names (never below
        :data:`NAME_MIN`)."""
        room = self.scrollable_content_region.width if self.is_mounted else 0
        name = self._longest_name
        shown = list(range(len(COLUMNS)))

        def needed(columns: list[int], name_width: int) -> int:
            widths = [name_width if i == 0 else COLUMNS[i][1] for i in columns]
            return 1 + sum(widths) + len(columns)  # a space before each cell and at the end

        if room > 0:
            for column in OPTIONAL_COLUMNS:
                if needed(shown, name) <= room:
                    break
                shown.remove(column)
            if needed(shown, name) > room:
                name = max(NAME_MIN, name - (needed(shown, name) - room))
        self._fitted_width = room
        self._shown_columns = tuple(shown)
        self._name_width = name
        self.virtual_size = Size(needed(shown, name), len(self.entries) + 1)

    @property
    def shown_titles(self) -> list[str]:
        """The titles of the columns shown at the current width."""
        return [COLUMNS[i][0] for i in self._shown_columns]

    def header_title(self, index: int) -> str:
        """The header of column ``index``; ``▾`` marks a column the rows are ordered by
        (``Local time`` then reads ``Local ▾`` to fit its width)."""
        title = COLUMNS[index][0]
        if title not in self.sorted_by:
            return title
        return "Local ▾" if title == "Local time" else f"{title} ▾"

    def set_order(self, columns: frozenset[str]) -> None:
        """Mark the columns (by title) the rows are now ordered by, and repaint the header."""
        self.sorted_by = columns
        self.refresh()

    def set_now(self, now: datetime) -> None:
        """Update the clock used for the local-time column and repaint."""
        self.now = now
        self._cache.clear()
        self.refresh()

    def replace_entry(self, entry: RosterEntry) -> None:
        """Swap in a fresh entry for the same person (after a nudge) and repaint its row."""
        entries = list(self.entries)
        for index, old in enumerate(entries):
            if old.id == entry.id:
                entries[index] = entry
        self.entries = entries
        self._cache.clear()
        self.refresh()

    @property
    def row_count(self) -> int:
        """Number of people shown."""
        return len(self.entries)

    @property
    def selected(self) -> RosterEntry | None:
        """The entry under the cursor."""
        if 0 <= self.cursor_row < len(self.entries):
            return self.entries[self.cursor_row]
        return None

    def row_cells(self, index: int) -> list[Text]:
        """The cells of row ``index`` as rich ``Text`` (what is painted, before padding)."""
        entry = self.entries[index]
        assert self.day is not None and self.now is not None
        away = entry.away is not None
        closed = day_closed(self.day, self.now, entry.tz)
        missing = self._missing_style()
        return [
            Text(inert_line(entry.name), style="strike dim" if entry.deleted else ""),
            Text(now_cell(self.now, entry)),
            posted_cell(
                entry.plan_at, entry.tz, self.day, away, closed=closed, missing_style=missing
            ),
            posted_cell(
                entry.summary_at, entry.tz, self.day, away, closed=closed, missing_style=missing
            ),
            nudges_cell(entry),
        ]

    def _missing_style(self) -> Style:
        """The style of a missing plan or summary: the current theme's ``$warning`` colour
        (the ``roster--missing`` component class), without its background."""
        style = self.get_component_rich_style("roster--missing")
        return Style(color=style.color, bold=style.bold)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        self._cache.clear()
        self.refresh()

    def row_texts(self, index: int) -> list[str]:
        """The cells of row ``index`` as plain strings (for tests and scripts)."""
        return [cell.plain for cell in self.row_cells(index)]

    # ------------------------------------------------------------------ cursor
    def watch_cursor_row(self, old: int, new: int) -> None:
        self._cache.pop((old, True, self.has_focus), None)
        self._cache.clear()
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.selected))

    def _scroll_cursor_into_view(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def move_cursor(self, row: int) -> None:
        """Put the cursor on row ``row`` (clamped to the roster)."""
        self.cursor_row = max(0, min(row, len(self.entries) - 1))

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.entries) - 1)

    def on_click(self, event: events.Click) -> None:
        y = event.y
        if y >= 1:
            self.move_cursor(round(self.scroll_y) + y - 1)

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._fit_columns()
        self._cache.clear()

    # ------------------------------------------------------------------ painting
    def _widths(self) -> list[int]:
        return [self._name_width if i == 0 else COLUMNS[i][1] for i in self._shown_columns]

    def _line(self, cells: list[Text], base: Style) -> list[Segment]:
        """Segments of one row: each shown column's cell (``cells`` has every column) with
        its spans styled over ``base``, cropped or padded to its column (no markup parsing,
        no console rendering: this runs per painted row)."""
        segments: list[Segment] = [Segment(" ", base)]
        shown = [cells[i] for i in self._shown_columns]
        for cell, width in zip(shown, self._widths(), strict=True):
            plain = cell.plain
            own = cell.style
            if own:
                cell_base = base + (own if isinstance(own, Style) else Style.parse(own))
            else:
                cell_base = base
            parts: list[Segment] = []
            position = 0
            for span in sorted(cell.spans, key=lambda span: span.start):
                if span.start > position:
                    parts.append(Segment(plain[position : span.start], cell_base))
                style = span.style if isinstance(span.style, Style) else Style.parse(span.style)
                parts.append(Segment(plain[span.start : span.end], cell_base + style))
                position = max(position, span.end)
            if position < len(plain):
                parts.append(Segment(plain[position:], cell_base))
            segments.extend(Segment.adjust_line_length(parts, width, style=base))
            segments.append(Segment(" ", base))
        return segments

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._fitted_width:  # resized, or a scrollbar came or went
            self._fit_columns()
            self._cache.clear()
        scroll_x = round(self.scroll_x)
        if y == 0:
            base = self.get_component_rich_style("roster--header")
            cells = [Text(self.header_title(i)) for i in range(len(COLUMNS))]
            strip = Strip(self._line(cells, base))
            return strip.crop_extend(scroll_x, scroll_x + width, base)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.entries):
            return Strip.blank(width, self.rich_style)
        is_cursor = index == self.cursor_row
        key = (index, is_cursor, self.has_focus)
        cached = self._cache.get(key)
        if cached is not None:
            strip = cached
        else:
            if is_cursor:
                name = "roster--cursor" if self.has_focus else "roster--cursor-blurred"
            else:
                name = "roster--odd" if index % 2 else "roster--even"
            base = self.get_component_rich_style(name)
            strip = Strip(self._line(self.row_cells(index), base))
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = strip
        base = self.get_component_rich_style("roster--even")
        return strip.crop_extend(scroll_x, scroll_x + width, base)
