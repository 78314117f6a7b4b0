"""The second process of a large export import: ``python -m ldtui.importers.reading_process
PATH CHANNEL MAX_RATIO RATIO_FREE_BYTES MAX_TOTAL_BYTES DEFAULT_ZONE MARKERS_JSON`` reads one
channel of a Slack export, dates and classifies its posts (the default zone and the markers as
:class:`ldtui.records.RowRules` has them) and writes them to stdout as pickled batches for
:meth:`ldtui.importers.slack_export.SlackExportReader.iter_rows_in_process` (see
:func:`ldtui.importers.slack_export.send_rows`). Started by that method only; it writes
nothing else anywhere."""

from __future__ import annotations

import sys
from pathlib import Path

import msgspec

from ldtui.importers.slack_export import ZipLimits, send_rows
from ldtui.learning_day import Markers
from ldtui.records import RowRules


def main(argv: list[str]) -> None:
    """Read the export ``argv`` names and send its rows to stdout (see the module)."""
    path, channel, ratio, free, total, default_zone, markers = argv
    rules = RowRules(default_zone, msgspec.json.decode(markers, type=Markers))
    limits = ZipLimits(int(ratio), int(free), int(total))
    send_rows(sys.stdout.buffer, Path(path), channel, limits, rules)


if __name__ == "__main__":
    main(sys.argv[1:])
