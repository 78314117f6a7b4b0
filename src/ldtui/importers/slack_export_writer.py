"""Write a Slack workspace export (folder or ``.zip``): the files the export reader reads.

Layout, from https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports:
``users.json`` (a list of user objects, https://api.slack.com/types/user), ``channels.json`` (a
list of channel objects, https://api.slack.com/types/conversation) and one folder per channel,
named after it, holding ``YYYY-MM-DD.json`` day files: each a JSON list of message objects
(https://api.slack.com/events/message) sorted by ``ts``. The day of a message here is the UTC
date of its ``ts``. What :mod:`ldtui.importers.slack_export` needs of a message: ``type``
``"message"``, a ``ts`` string (``"<epoch seconds>.<6 digits>"``, the message's id), ``user``
(a ``users.json`` id), ``text`` (Slack-formatted, ``&``, ``<`` and ``>`` escaped), and where they
apply ``subtype``, ``thread_ts``/``parent_user_id`` (threads) and ``edited.ts``.

The writer does not build those objects: the demo builder, the benchmark generator and the tests
each make their own, and this module only lays them out as files, with a chosen JSON layout
(:class:`JsonLayout`) so that each caller's output stays byte-for-byte what it was. It is part of
the core: no Textual, no store.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = [
    "JsonLayout",
    "SlackExportWriter",
    "day_file_name",
    "messages_by_day",
    "ts_day",
]

USERS_FILE = "users.json"
CHANNELS_FILE = "channels.json"
DEFAULT_ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
"""Date of every zip entry unless told otherwise (fixed, so a zip's bytes are reproducible)."""


@dataclass(frozen=True)
class JsonLayout:
    """How the JSON files are spelled (the content is the same whatever the layout).

    A layout is a small picklable value, so worker processes can encode day files with it
    (:meth:`encode_day`) and hand the bytes to a :class:`SlackExportWriter`.
    """

    indent: int | None = 4
    """Indent of ``users.json``, ``channels.json`` and (unless :attr:`message_per_line`) day
    files; ``None`` writes each on one line."""
    ensure_ascii: bool = False
    """Escape non-ASCII characters as ``\\uXXXX`` (Python's ``json`` default) instead of
    writing them as UTF-8."""
    message_per_line: bool = False
    """Day files hold one compact message object a line (``[``, one line a message, ``]``):
    quick to write and to diff, used for large data sets."""

    def encode(self, data: Any) -> bytes:
        """Return ``data`` as UTF-8 JSON in this layout, ending with a newline."""
        text = json.dumps(data, ensure_ascii=self.ensure_ascii, indent=self.indent)
        return (text + "\n").encode("utf-8")

    def encode_day(self, messages: Sequence[Mapping[str, Any]]) -> bytes:
        """Return a day file's bytes: the JSON list of ``messages`` in this layout.

        ``messages`` are written in the order given (a day file is sorted by ``ts``; the
        caller sorts). Ends with a newline.
        """
        if not self.message_per_line or not messages:
            return self.encode(list(messages))
        encode = json.JSONEncoder(ensure_ascii=self.ensure_ascii).encode
        return ("[\n" + ",\n".join(map(encode, messages)) + "\n]\n").encode("utf-8")


def ts_day(ts: str) -> date:
    """The UTC date of a Slack ``ts`` string (``"1764167400.000100"``; only the whole seconds
    count, so a ts is never rounded through a float).

    Raises:
        ValueError: if the part before the dot is not a whole number.
    """
    return datetime.fromtimestamp(int(ts.partition(".")[0]), UTC).date()


def day_file_name(channel: str, day: date) -> str:
    """The export-relative name of ``channel``'s day file for ``day``:
    ``"<channel>/YYYY-MM-DD.json"``."""
    return f"{channel}/{day.isoformat()}.json"


def messages_by_day(
    messages: Iterable[Mapping[str, Any]], *, sort: bool = True
) -> dict[date, list[Mapping[str, Any]]]:
    """Split one channel's messages into day files: ``{UTC date of ts: messages}``.

    Args:
        messages: message objects, each with a ``ts`` string.
        sort: sort by ``ts`` first (exactly, as a decimal number; stable for equal ts). Pass
            ``False`` when the messages are already in ``ts`` order.

    Returns:
        Days in order of first appearance (date order when sorted), each with its messages in
        the order kept.

    Raises:
        KeyError / ValueError: if a message has no ``ts`` or a malformed one.
    """
    ordered = sorted(messages, key=lambda m: Decimal(m["ts"])) if sort else messages
    days: dict[date, list[Mapping[str, Any]]] = {}
    for message in ordered:
        days.setdefault(ts_day(message["ts"]), []).append(message)
    return days


class SlackExportWriter:
    """Writes the files of a Slack export into a folder or a zip, one file at a time.

    Memory stays bounded: each call writes one file and keeps nothing of it, so a caller can
    stream a large export day file by day file. Use as a context manager (or call
    :meth:`close`); a zip is written to ``<name>.partial`` and only renamed to its name when
    closed without an error, so a failed run never leaves a truncated zip behind.

    Folder mode: ``dest`` is created if missing. If it holds an earlier export (it has a
    ``users.json``), that export's ``users.json``, ``channels.json`` and sub-folders (the channel
    folders) are removed first; other files at the top (a people file, say) stay. A non-empty
    folder that is not an export is refused.

    Zip mode: the files sit at the zip's root, like Slack's own export, deflated, each entry
    dated ``zip_date_time``, so the same content gives the same zip bytes.

    Attributes:
        path: the folder, or the zip file once closed.
        bytes_written: total size of the files' contents (uncompressed), in bytes.
        files_written: number of files written.
    """

    def __init__(
        self,
        dest: Path,
        *,
        as_zip: bool = False,
        layout: JsonLayout | None = None,
        zip_date_time: tuple[int, int, int, int, int, int] = DEFAULT_ZIP_DATE_TIME,
    ) -> None:
        """Open ``dest`` for writing.

        Args:
            dest: the export folder, or with ``as_zip`` the zip file's path (used as given).
            as_zip: write a zip instead of a folder.
            layout: JSON spelling of the files (default :class:`JsonLayout()`: indented by 4,
                UTF-8, a newline at the end).
            zip_date_time: date of every zip entry (year, month, day, hour, minute, second).

        Raises:
            FileExistsError: folder mode, if ``dest`` exists and is not a folder, or is a
                non-empty folder without a ``users.json``.
            OSError: if the folder or the zip cannot be created.
        """
        self.layout = layout or JsonLayout()
        self.path = dest
        self.bytes_written = 0
        self.files_written = 0
        self._zip_date_time = zip_date_time
        self._zip: zipfile.ZipFile | None = None
        self._partial = dest.with_name(dest.name + ".partial")
        if as_zip:
            self._zip = zipfile.ZipFile(self._partial, "w")
            return
        if dest.exists():
            if not dest.is_dir():
                raise FileExistsError(f"{dest} exists and is not a folder: not overwriting it")
            if not (dest / USERS_FILE).is_file() and any(dest.iterdir()):
                raise FileExistsError(f"{dest} exists and is not an export: not overwriting it")
            for entry in dest.iterdir():
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                elif entry.name in (USERS_FILE, CHANNELS_FILE):
                    entry.unlink()
        dest.mkdir(parents=True, exist_ok=True)

    def write_users(self, users: Sequence[Mapping[str, Any]]) -> None:
        """Write ``users.json``: the list of user objects (https://api.slack.com/types/user)."""
        self.write_file(USERS_FILE, self.layout.encode(list(users)))

    def write_channels(self, channels: Sequence[Mapping[str, Any]]) -> None:
        """Write ``channels.json`` (https://api.slack.com/types/conversation); in folder mode
        also create each channel's folder (by its ``name``), so a channel without messages
        still has one, as in Slack's exports."""
        self.write_file(CHANNELS_FILE, self.layout.encode(list(channels)))
        if self._zip is None:
            for channel in channels:
                (self.path / str(channel["name"])).mkdir(exist_ok=True)

    def write_day(self, channel: str, day: date, messages: Sequence[Mapping[str, Any]]) -> None:
        """Write ``channel``'s day file for ``day`` with ``messages`` (already in ts order)."""
        self.write_file(day_file_name(channel, day), self.layout.encode_day(messages))

    def write_encoded_day(self, channel: str, day: date, data: bytes) -> None:
        """Write a day file encoded elsewhere with :meth:`JsonLayout.encode_day` (e.g. in a
        worker process)."""
        self.write_file(day_file_name(channel, day), data)

    def write_messages(self, channel: str, messages: Iterable[Mapping[str, Any]]) -> int:
        """Write all of ``channel``'s messages as day files (sorted by ts, split by the UTC date
        of ts, see :func:`messages_by_day`); returns how many day files were written."""
        days = messages_by_day(messages)
        for day, day_messages in days.items():
            self.write_day(channel, day, day_messages)
        return len(days)

    def write_file(self, name: str, data: bytes) -> None:
        """Write ``data`` as the export file ``name`` (``/``-separated, relative to the root);
        in folder mode its channel folder must exist (see :meth:`write_channels`) or is made."""
        self.bytes_written += len(data)
        self.files_written += 1
        if self._zip is not None:
            info = zipfile.ZipInfo(name, date_time=self._zip_date_time)
            info.external_attr = 0o644 << 16
            self._zip.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
            return
        target = self.path.joinpath(*name.split("/"))
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True)
        target.write_bytes(data)

    def close(self, *, keep: bool = True) -> None:
        """Finish the export. A zip is closed and, with ``keep``, moved from ``.partial`` to
        its name; without ``keep`` the partial zip is deleted. A folder needs nothing."""
        if self._zip is None:
            return
        self._zip.close()
        self._zip = None
        if keep:
            self._partial.replace(self.path)
        else:
            self._partial.unlink(missing_ok=True)

    def __enter__(self) -> SlackExportWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close(keep=exc_type is None)
