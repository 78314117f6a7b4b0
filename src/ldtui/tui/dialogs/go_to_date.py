"""The "go to date" prompt: a date typed as YYYY-MM-DD opens the Learning Day on or before it."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ldtui.learning_day import learning_day_on_or_before
from ldtui.sanitize import inert_line
from ldtui.tui.dialogs.confirm import SHORT_HEIGHT


def parse_day(text: str) -> date | None:
    """The Thursday on or before the date ``text`` names (``YYYY-MM-DD``, as ``--day``), or
    ``None`` when ``text`` is not such a date."""
    try:
        typed = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return learning_day_on_or_before(typed)


class GoToDateScreen(ModalScreen[date | None]):
    """Ask for a date; dismiss with the Learning Day on or before it, or ``None`` (escape).
    A text that is not a date says so under the box and keeps the prompt open."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="go_to_date.cancel")]

    def __init__(self, current: date) -> None:
        super().__init__()
        self._current = current

    def on_resize(self) -> None:
        # A short window: no padding (class ``-short``, see styles/ldtui.tcss).
        self.set_class(self.app.size.height < SHORT_HEIGHT, "-short")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Go to Learning Day (the Thursday on or before)", id="dialog-title")
            yield Input(value=self._current.isoformat(), placeholder="YYYY-MM-DD", id="go-to")
            yield Static("Enter opens it · Escape cancels", id="go-to-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#go-to", Input).focus()

    @on(Input.Submitted, "#go-to")
    def _submitted(self, event: Input.Submitted) -> None:
        day = parse_day(event.value)
        if day is None:
            typed = inert_line(event.value.strip())
            hint = f"Not a date: “{typed}” — type YYYY-MM-DD, e.g. 2016-03-10."
            self.query_one("#go-to-hint", Static).update(hint)
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
