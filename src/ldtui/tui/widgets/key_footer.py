"""A footer that keeps the essential keys in sight in a narrow window.

Textual's ``Footer`` lists a screen's keys left to right and cuts whatever does not fit, so at
60 columns the console lost ``?`` (help) and ``q`` (quit), the keys a newcomer needs most. This
footer leaves out the keys a screen names as spare (``FOOTER_SPARE``, the first named goes
first) until the rest fits; the help screen (``?``) and the command palette still list them.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

PALETTE_WIDTH = 14
"""Columns the command palette's key takes at the footer's right end (``▏^p palette``,
with its padding)."""


def key_width(display: str, description: str, compact: bool) -> int:
    """Columns one key takes in the footer (Textual's ``FooterKey`` padding and margin)."""
    if compact:
        return cell_len(display) + 1 + cell_len(description) + 1
    return 1 + cell_len(display) + 1 + cell_len(description) + 1


class KeyFooter(Footer):
    """A :class:`textual.widgets.Footer` that drops the screen's spare keys (its
    ``FOOTER_SPARE`` actions, in that order) while the keys do not fit in its width."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._left_out: tuple[str, ...] | None = None

    def compose(self) -> ComposeResult:
        shown = list(super().compose())
        left_out = self.left_out(shown, self.size.width or self.app.size.width)
        self._left_out = left_out
        for widget in shown:
            if getattr(widget, "action", None) not in left_out:
                yield widget

    def left_out(self, keys: list[Widget], width: int) -> tuple[str, ...]:
        """The spare actions whose keys leave the footer at ``width`` columns."""
        spare: tuple[str, ...] = getattr(self.screen, "FOOTER_SPARE", ())
        widths: dict[str, int] = {}
        for key in keys:
            action = getattr(key, "action", None)
            if action is not None and not key.has_class("-command-palette"):
                display = getattr(key, "key_display", "")
                description = getattr(key, "description", "")
                width_of = key_width(display, description, self.compact)
                widths[action] = widths.get(action, 0) + width_of
        needed = sum(widths.values()) + PALETTE_WIDTH
        left_out: list[str] = []
        for action in spare:
            if needed <= width:
                break
            if action in widths:
                needed -= widths[action]
                left_out.append(action)
        return tuple(left_out)

    def on_resize(self, event: events.Resize) -> None:
        """Lay the keys out again when the width changes which of them fit."""
        if self._left_out is not None:
            self.refresh(recompose=True)
