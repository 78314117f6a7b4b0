"""The history's participation chart: one equal-width bar per Thursday on a fixed 0–100 % scale.

Textual's ``Sparkline`` scales its bars between the lowest and highest value shown and shares
the width out in buckets of unequal size, and it cannot mark one bar apart from the others; a
plotext chart needs about eight rows to tell a third from two thirds. This widget draws
``ROWS`` rows of eighth blocks (``ROWS * 8`` steps, so 1 step is 4 % at 3 rows) with the scale
written beside them, one bar per Thursday oldest → newest, and a skipped Thursday as a ``×`` in
the theme's warning colour in place of a bar, so it never reads as a Thursday nobody took part in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
"""Eighths of a cell, empty to full."""
SKIPPED_MARK = "×"
"""Drawn on the baseline for a skipped Thursday."""
SCALE_WIDTH = 5
"""Columns for the scale labels (``100% ``)."""


@dataclass(frozen=True)
class ChartPoint:
    """One Thursday on the chart."""

    day: date
    rate: float | None
    """Share of the roster with both a plan and a summary (0.0 to 1.0); ``None``: skipped."""


def bar_width(count: int, room: int) -> int:
    """Columns per Thursday (bar and gap) so ``count`` bars fit in ``room`` columns: 3 (a
    two-column bar and a gap), 2 (one column and a gap) or 1; at least 1."""
    for width in (3, 2):
        if count * width <= room:
            return width
    return 1


def chart_lines(
    points: list[ChartPoint],
    width: int,
    rows: int,
    style: Callable[[str], Style | str] = str,
) -> list[Text]:
    """The chart as ``rows`` lines of bars and one line of labels, at most ``width`` columns.

    ``points`` run oldest → newest; when they do not fit one column each, the newest that
    fit are drawn and the label line says how many of how many. ``style`` turns a component
    class name of :class:`ParticipationChart` into a style (the widget resolves theme colours).
    """
    axis, bar, skipped = (
        style(f"participation-chart--{part}") for part in ("axis", "bar", "skipped")
    )
    room = max(1, width - SCALE_WIDTH)
    step = bar_width(len(points), room)
    shown = points[-(room // step) :] if points else []
    solid = max(1, step - 1)
    lines: list[Text] = []
    for row in range(rows):
        line = Text(
            "100% " if row == 0 else ("  0% " if row == rows - 1 else "     "),
            style=axis,
        )
        floor = (rows - 1 - row) * 8  # eighths below this row
        for point in shown:
            if point.rate is None:
                mark = SKIPPED_MARK if row == rows - 1 else " "
                line.append(mark * solid, style=skipped)
            else:
                eighths = min(8, max(0, round(point.rate * rows * 8) - floor))
                if row == rows - 1 and eighths == 0:
                    eighths = 1  # a zero still shows on the baseline
                line.append(BLOCKS[eighths] * solid, style=bar)
            line.append(" " * (step - solid))
        lines.append(line)
    lines.append(_label_line(points, shown, width, axis))
    return lines


def _label_line(
    points: list[ChartPoint], shown: list[ChartPoint], width: int, axis: Style | str
) -> Text:
    if not shown:
        return Text("     no Thursday yet", style=axis)
    first, last = shown[0].day, shown[-1].day
    span = f"{first:%-d %b %Y} → {last:%-d %b %Y}"
    if len(shown) < len(points):
        span += f" (newest {len(shown)} of {len(points)})"
    label = Text(" " * SCALE_WIDTH, style=axis)
    label.append(f"oldest {span} newest", style=axis)
    notes = ["one bar per Thursday"]
    if any(point.rate is None for point in shown):
        notes.append(f"{SKIPPED_MARK} skipped")
    for note in notes:
        if label.cell_len + 3 + len(note) <= width:
            label.append(" · ", style=axis)
            label.append(note, style=axis)
    if label.cell_len > width:  # narrow: drop the words, keep the dates
        label = Text(f"{' ' * SCALE_WIDTH}{span}", style=axis)
    return label


class ParticipationChart(Widget):
    """Participation per Thursday, oldest → newest, on a fixed 0–100 % scale.

    Set :attr:`points` (oldest first); the widget is ``rows + 1`` lines high and draws as many
    of the newest Thursdays as its width allows.
    """

    COMPONENT_CLASSES = {
        "participation-chart--bar",
        "participation-chart--skipped",
        "participation-chart--axis",
    }

    DEFAULT_CSS = """
    ParticipationChart {
        height: 4;
        padding: 0 1;
    }
    ParticipationChart > .participation-chart--bar {
        color: $success;
    }
    ParticipationChart > .participation-chart--skipped {
        color: $warning;
        text-style: bold;
    }
    ParticipationChart > .participation-chart--axis {
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points: list[ChartPoint] = []

    def show(self, points: list[ChartPoint]) -> None:
        """Draw ``points`` (oldest first)."""
        self.points = points
        self.refresh()

    def render(self) -> Text:
        """The chart for the current size, styled from the theme."""
        rows = max(1, self.content_region.height - 1)
        lines = chart_lines(
            self.points, self.content_region.width, rows, self.get_component_rich_style
        )
        text = Text("\n").join(lines)
        text.no_wrap = True
        text.overflow = "crop"
        return text
