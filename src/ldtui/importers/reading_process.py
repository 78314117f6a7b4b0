"""The second process of a large export import: ``python -m ldtui.importers.reading_process
PATH CHANNEL MAX_RATIO RATIO_FREE_BYTES MAX_TOTAL_BYTES`` reads one channel of a Slack export
and writes its posts to stdout as pickled batches for
:meth:`ldtui.importers.slack_export.SlackExportReader.iter_rows_in_process` (see
:func:`ldtui.importers.slack_export.send_rows`). Started by that method only; it writes
nothing else anywhere."""

from __future__ import annotations

import sys
from pathlib import Path

from ldtui.importers.slack_export import ZipLimits, send_rows


def main(argv: list[str]) -> None:
    """Read the export ``argv`` names and send its rows to stdout (see the module)."""
    path, channel, ratio, free, total = argv
    send_rows(sys.stdout.buffer, Path(path), channel, ZipLimits(int(ratio), int(free), int(total)))


if __name__ == "__main__":
    main(sys.argv[1:])
