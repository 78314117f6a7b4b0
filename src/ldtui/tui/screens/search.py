"""Full-text search over every post; Enter opens the author's timeline at that Thursday.

Searching is SQLite FTS5 through :meth:`ldtui.store.Store.search`. A hit's snippet marks each
match with control characters (:data:`ldtui.store.MATCH_START` / :data:`~ldtui.store.MATCH_END`);
the highlight is built from them piece by piece, so text like ``[bold]`` in a post stays text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ldtui.records import MATCH_END, MATCH_START, SearchHit
from ldtui.sanitize import inert, inert_line
from ldtui.store import SearchError
from ldtui.tui.format import format_day
from ldtui.tui.gradual import GradualOptions
from ldtui.tui.guard import guarded
from ldtui.tui.hanging import HangingPrompt

if TYPE_CHECKING:
    from ldtui.tui.app import LdtuiApp

DEBOUNCE_SECONDS = 0.15
"""Typing pauses this long before the search runs (Enter searches at once)."""
LIMIT = 100
"""Hits asked of the store per search (the newest posts that match)."""
LIST_CHUNK = 16
"""Hits added to the list per frame (a screenful at once, then the rest: the list renders
every hit it is given to know its height; all 100 at once took 25-30 ms on Enter)."""
MATCH_STYLE = "bold reverse"
HINT = 'Words, "a phrase", OR, NOT, prefix* — Enter on a hit opens that person\'s timeline.'

_MARKS = re.compile(f"([{MATCH_START}{MATCH_END}])")


def highlight(snippet: str, style: str = MATCH_STYLE) -> Text:
    """Turn a search snippet into ``Text`` with each match in ``style``.

    The snippet's text is appended as plain pieces (never parsed as markup, made inert by
    :func:`ldtui.sanitize.inert_line` after the marks are found); line breaks become spaces
    so a hit stays compact.
    """
    text = Text()
    inside = False
    for piece in _MARKS.split(snippet):
        if piece == MATCH_START:
            inside = True
        elif piece == MATCH_END:
            inside = False
        elif piece:
            text.append(inert_line(" ".join(piece.splitlines())), style=style if inside else "")
    return text


def hit_prompt(hit: SearchHit) -> HangingPrompt:
    """One result: person, Learning Day (or "no Learning Day"), kind, then the snippet
    (wrapping under its own first character)."""
    text = Text()
    text.append(inert_line(hit.name), style="bold")
    text.append("  ·  ")
    if hit.day is not None:
        text.append(format_day(hit.day))
    else:
        text.append("no Learning Day", style="dim italic")
    text.append(f"  ·  {hit.kind or 'not counted'}", style="dim")
    return HangingPrompt(text, [(Text("  "), highlight(hit.snippet))])


def hit_option(item: tuple[int, SearchHit]) -> Option:
    """The option of the ``index``-th hit (its id is the index into the screen's hits)."""
    index, hit = item
    return Option(hit_prompt(hit), id=str(index))


class QueryInput(Input):
    """The search box: Enter searches before the box's own ``Submitted`` message is sent (the
    message reached the screen after the next frame, so the hits waited a frame period)."""

    async def action_submit(self) -> None:
        """Search for the box's text at once, then submit as an ``Input`` does."""
        screen = self.screen
        if isinstance(screen, SearchScreen):
            screen.submit(self.value)
        await super().action_submit()


class SearchScreen(Screen[None]):
    """An ``Input`` and the posts that match it, newest first (search as you type)."""

    DEFAULT_CSS = """
    SearchScreen #search-query {
        margin: 0 1;
    }
    SearchScreen #search-status {
        height: auto;
        padding: 0 2;
        color: $text-muted;
    }
    SearchScreen #search-status.-error {
        color: $text-error;
    }
    SearchScreen #search-results {
        height: 1fr;
        border: none;
        padding: 0;
    }
    SearchScreen #search-results > .option-list--option {
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding(
            "ctrl+f,slash",
            "edit_query",
            "Edit search",
            key_display="ctrl+f",
            id="search.edit_query",
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("down", "to_results", "Results", show=False, id="search.to_results"),
    ]

    app: LdtuiApp

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.query_text = ""
        self.hits: list[SearchHit] = []
        self.error: str | None = None
        self._timer: Timer | None = None
        self.listing = GradualOptions(self, LIST_CHUNK, hit_option)
        """Fills the list of hits (a screenful at once, the rest a chunk per frame)."""

    def compose(self) -> ComposeResult:
        yield QueryInput(
            self.initial_query,
            placeholder="Search every plan and summary…",
            id="search-query",
        )
        yield Static(HINT, id="search-status", markup=False)
        yield OptionList(id="search-results", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one("#search-query", Input).focus()
        if self.initial_query:
            self.run_search(self.initial_query)

    @property
    def results(self) -> OptionList:
        """The list of hits."""
        return self.query_one("#search-results", OptionList)

    # ------------------------------------------------------------------ searching
    @on(Input.Changed, "#search-query")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.run_search(value))

    def submit(self, query: str) -> None:
        """Search for ``query`` now (Enter in the box) and move to the hits."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.run_search(query)
        self.action_to_results()

    @on(Input.Submitted, "#search-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        self.submit(event.value)  # already searched: run_search keeps the same hits

    @guarded(None)
    def run_search(self, query: str) -> None:
        """Search for ``query`` and show the hits (or the store's gentle message)."""
        query = query.strip()
        if query == self.query_text and self.error is None and (self.hits or not query):
            return
        self.query_text = query
        status = self.query_one("#search-status", Static)
        self.error = None
        status.remove_class("-error")
        if not query:
            self.hits = []
            self.listing.cancel()
            self.results.clear_options()
            status.update(Text(HINT))
            return
        try:
            found = self.app.store.search(query, limit=LIMIT)
        except SearchError as exc:
            self.error = str(exc)
            self.hits = []
            self.listing.cancel()
            self.results.clear_options()
            status.add_class("-error")
            status.update(Text(inert(self.error)))
            return
        self.hits = sorted(found, key=lambda hit: hit.posted_at, reverse=True)
        self.listing.show(self.results, list(enumerate(self.hits)))
        if self.hits:
            self.results.highlighted = 0
        status.update(Text(self._summary()))

    def _summary(self) -> str:
        n = len(self.hits)
        if n == 0:
            return f"No post matches “{self.query_text}”."
        if n >= LIMIT:
            return f"The newest {n} posts that match (refine the search to see others)."
        if n == 1:
            return "1 post matches."
        return f"{n} posts match, newest first."

    # ------------------------------------------------------------------ moving
    @on(OptionList.OptionSelected, "#search-results")
    def _hit_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        self.open_hit(self.hits[int(event.option.id)])

    def open_hit(self, hit: SearchHit) -> None:
        """Open ``hit``'s author's timeline, on the Thursday the post counts for."""
        from ldtui.tui.screens.timeline import TimelineScreen

        self.app.push_screen(
            TimelineScreen(hit.person_id, until=self.app.latest_day, focus_day=hit.day)
        )

    def action_to_results(self) -> None:
        """Move from the search box to the results."""
        if self.hits:
            self.results.focus()

    def action_edit_query(self) -> None:
        """Move to the search box."""
        self.query_one("#search-query", Input).focus()

    def action_help(self) -> None:
        """Show this screen's keys."""
        from ldtui.tui.dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(list(self.BINDINGS)))

    def action_back(self) -> None:
        """Close the search."""
        if self._timer is not None:
            self._timer.stop()
        self.dismiss()
