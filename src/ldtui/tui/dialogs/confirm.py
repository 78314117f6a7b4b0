"""A yes/no dialog: the facilitator confirms before a nudge goes out."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

SHORT_HEIGHT = 24
"""Below this many rows the dialogs lay themselves out compactly (class ``-short``)."""


class ConfirmScreen(ModalScreen[bool]):
    """Ask a question; dismiss with ``True`` (confirm) or ``False`` (cancel).

    ``title`` and ``body`` are rich ``Text`` (user text inside is shown literally);
    ``confirm_label`` names the action on the confirm button. A body taller than the dialog
    scrolls, and a line under it says how many lines are below (``… and 4 more``). Opening
    the dialog clears the toasts, so none covers its buttons.
    """

    BINDINGS = [
        Binding("y", "confirm", "Confirm", id="confirm.yes"),
        Binding("n,escape", "cancel", "Cancel", id="confirm.no"),
    ]

    def __init__(self, title: Text | str, body: Text, confirm_label: str = "Confirm") -> None:
        super().__init__()
        self._title = Text(title) if isinstance(title, str) else title
        self._body = body.copy()
        self._body.rstrip()  # a trailing newline would read as one more hidden line
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._title, id="dialog-title", markup=False)
            with VerticalScroll(id="dialog-body"):
                yield Static(self._body, markup=False)
            yield Static("", id="dialog-more", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(f"{self._confirm_label} (y)", variant="primary", id="confirm")
                yield Button("Cancel (n)", id="cancel")

    def on_mount(self) -> None:
        self.fit_to_window()
        # Enter alone never sends: the focus starts on Cancel; "y" (or a click) confirms.
        self.query_one("#cancel", Button).focus()
        self.app.clear_notifications()
        body = self.query_one("#dialog-body", VerticalScroll)
        self.watch(body, "scroll_y", self._show_more, init=False)
        self.call_after_refresh(self._show_more)

    def on_resize(self) -> None:
        self.fit_to_window()
        self.call_after_refresh(self._show_more)

    def fit_to_window(self) -> None:
        """In a short window (under :data:`SHORT_HEIGHT` rows) the dialog drops its padding
        and its buttons their borders (class ``-short``), so the buttons stay in view."""
        short = self.app.size.height < SHORT_HEIGHT
        self.set_class(short, "-short")
        for button in self.query(Button):
            button.compact = short

    def _show_more(self) -> None:
        """Say how many body lines are below the visible part (none: the line is hidden)."""
        body = self.query_one("#dialog-body", VerticalScroll)
        more = self.query_one("#dialog-more", Static)
        hidden = body.virtual_size.height - body.scrollable_content_region.height
        hidden -= round(body.scroll_y)
        more.display = hidden > 0
        if hidden > 0:
            more.update(f"… and {hidden} more below (scroll to see them)")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
