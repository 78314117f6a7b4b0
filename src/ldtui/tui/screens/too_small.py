"""The notice shown over the whole app while the window is smaller than ldtui can use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 40, 12
"""The smallest window (columns, rows) the screens are laid out for; below it the app shows
:class:`TooSmallScreen` instead."""


def too_small(width: int, height: int) -> bool:
    """Whether a window of ``width`` × ``height`` cells is below :data:`MIN_WIDTH` ×
    :data:`MIN_HEIGHT`."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """Covers every other screen while the window is too small; the app removes it when the
    window grows again, and the screens beneath come back as they were. Only ``q`` (quit)
    works meanwhile: no key acts on a screen the facilitator cannot see."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="too_small.quit")]

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $surface; }
    TooSmallScreen > Static { width: 1fr; height: auto; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small", markup=False)

    def on_mount(self) -> None:
        self.show_size()

    def on_resize(self) -> None:
        self.show_size()

    def show_size(self) -> None:
        """Say the window's size and the size needed, shortest form first at tiny sizes."""
        width, height = self.app.size
        notice = self.query_one("#too-small", Static)
        if width >= 30:
            notice.update(
                f"Window too small ({width}×{height}).\n"
                f"ldtui needs at least {MIN_WIDTH}×{MIN_HEIGHT}: make it larger, or press q."
            )
        else:
            notice.update(f"Too small: need {MIN_WIDTH}×{MIN_HEIGHT}")
