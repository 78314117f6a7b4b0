"""A prompt whose wrapped lines keep their indent, for option lists (timeline, search).

Rich ``Text`` wraps a long line back to column 0; here each body sits in the second column of
a ``rich.table.Table`` grid, so it wraps under its own first character. ``str()`` gives the
plain text (what tests and screen readers compare), as ``Text`` would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text


@dataclass
class HangingPrompt:
    """A head line, then rows of a label and a body that wraps under its own start."""

    head: Text
    """The first line (date and status, or author and day); empty: none."""
    rows: list[tuple[Text, Text]] = field(default_factory=list)
    """``(label, body)`` pairs; the label never wraps, the body wraps beside it."""

    def add(self, label: Text | str, body: Text) -> None:
        """Add a row: ``label`` (not wrapped) and ``body`` (wrapped beside it)."""
        self.rows.append((Text(label) if isinstance(label, str) else label, body))

    def __rich__(self) -> RenderableType:
        """The head, then a two-column grid of labels and bodies."""
        if not self.rows:
            return self.head
        grid = Table.grid(expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for label, body in self.rows:
            grid.add_row(label, body)
        return Group(self.head, grid) if self.head.plain else grid

    def __str__(self) -> str:
        lines = [label.plain + body.plain for label, body in self.rows]
        return "\n".join([self.head.plain, *lines] if self.head.plain else lines)
