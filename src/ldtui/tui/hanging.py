"""A prompt whose wrapped lines keep their indent, for option lists (timeline, search).

Rich ``Text`` wraps a long line back to column 0; here each body is wrapped to the width left
beside the widest label and each of its lines drawn after the label (or blanks), so it wraps
under its own first character, as in the second column of a ``rich.table.Table`` grid, without
a table's cost (an option list renders every option once to know its height: a table per
option made a list of thousands take seconds). ``str()`` gives the plain text (what tests and
screen readers compare), as ``Text`` would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
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

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The head (wrapped at the full width), then each label and its body wrapped to the
        width beside the widest label (words folded when longer than that)."""
        if self.head.plain or not self.rows:
            yield self.head
        if not self.rows:
            return
        width = options.max_width
        indent = min(max(label.cell_len for label, _ in self.rows), max(width - 1, 0))
        blank = Text(" " * indent)
        new_line = Segment.line()
        for label, body in self.rows:
            first = label.copy()
            first.truncate(indent, pad=True)
            room = max(width - indent, 1)
            wrapped = body.wrap(console, room, justify="left", overflow="fold")
            for index, line in enumerate(wrapped):
                row = Text()  # each part's own style becomes a span of the row
                row.append_text(first if index == 0 else blank)
                row.append_text(line)
                yield from row.render(console)
                yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """From the widest label plus one column to the longest line unwrapped."""
        head = Measurement.get(console, options, self.head) if self.head.plain else None
        if not self.rows:
            return head or Measurement(0, 0)
        indent = max(label.cell_len for label, _ in self.rows)
        longest = max(
            (len(line) for _, body in self.rows for line in body.plain.splitlines()), default=0
        )
        rows = Measurement(indent + 1, indent + max(longest, 1))
        if head is None:
            return rows.clamp(max_width=options.max_width)
        return Measurement(max(head.minimum, rows.minimum), max(head.maximum, rows.maximum)).clamp(
            max_width=options.max_width
        )

    def __str__(self) -> str:
        lines = [label.plain + body.plain for label, body in self.rows]
        return "\n".join([self.head.plain, *lines] if self.head.plain else lines)
