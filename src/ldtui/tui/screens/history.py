"""History: every past Learning Day with its counts; Enter opens that Thursday."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ldtui.store import HistoryRow
from ldtui.tui.format import format_day


class HistoryScreen(Screen[date | None]):
    """A table of Learning Days, newest first: date, plans n/N, summaries n/N, participation.

    Dismisses with the chosen day (Enter) or ``None`` (Escape).
    """

    BINDINGS = [
        Binding("enter", "open_day", "Open Thursday", priority=True),
        Binding("escape,h", "close", "Back"),
    ]

    def __init__(self, rows: list[HistoryRow], current: date) -> None:
        super().__init__()
        self.rows = rows
        self.current = current

    def compose(self) -> ComposeResult:
        yield Static(self._caption(), id="history-caption", markup=False)
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def _caption(self) -> Text:
        title = Text(f"{self.app.title} ", style="bold reverse")
        title.append(" History  ", style="bold")
        if not self.rows:
            return title + Text("No Learning Day has any posts yet: import a Slack export first.")
        n = len(self.rows)
        average = sum(r.participation for r in self.rows) / n
        return title + Text(
            f"{n} Learning Days with posts · average participation {average:.0%} "
            "(people with both a plan and a summary / roster)"
        )

    def on_mount(self) -> None:
        self.sub_title = "History"
        table = self.query_one(DataTable)
        table.add_column("Thursday", key="day")
        table.add_column("Plans", key="plans")
        table.add_column("Summaries", key="summaries")
        table.add_column("Both", key="both")
        table.add_column("Participation", key="participation")
        for row in self.rows:
            table.add_row(
                Text(format_day(row.day)),
                Text(f"{row.plans}/{row.roster}", justify="right"),
                Text(f"{row.summaries}/{row.roster}", justify="right"),
                Text(f"{row.both}/{row.roster}", justify="right"),
                _bar(row.participation),
                key=row.day.isoformat(),
            )
        for index, row in enumerate(self.rows):
            if row.day == self.current:
                table.move_cursor(row=index)
        table.focus()

    def action_open_day(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.dismiss(date.fromisoformat(key) if key else None)

    def action_close(self) -> None:
        self.dismiss(None)


def _bar(share: float, width: int = 12) -> Text:
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {share:4.0%}")
