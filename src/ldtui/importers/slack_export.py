"""Read one channel out of a Slack workspace export (folder or ``.zip``), without side effects.

Layout of a standard export, from
https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports:
``users.json`` (members), ``channels.json`` (public channels), in newer exports ``groups.json``
(private channels), ``mpims.json`` and ``dms.json``, and one folder per conversation, named after
it, holding ``YYYY-MM-DD.json`` day files, each a JSON list of message objects.

Message text is Slack-formatted (https://api.slack.com/reference/surfaces/formatting); each post
keeps it as sent and also carries a plain-text version made by :func:`.slack_text.to_plain`.

This module only reads: it never writes a file or a database, so a caller can store the result
in one transaction.
"""

from __future__ import annotations

import codecs
import json
import os
import pickle
import queue
import re
import subprocess
import sys
import threading
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from ldtui import slack_ts
from ldtui.importers.slack_text import to_plain
from ldtui.learning_day import zone_known
from ldtui.records import ImportBatch, NewChannel, NewPerson, NewPost, PostRow, ThreadAnchor

__all__ = [
    "ExportError",
    "SlackExport",
    "SlackExportReader",
    "ZipLimits",
    "anchor_authors",
    "list_channels",
    "message_problem",
    "post_from_message",
    "post_from_row",
    "row_from_message",
    "read_slack_export",
    "unknown_zones",
]

#: Subtypes that are still a person's own post.  ``thread_broadcast``: a thread reply also sent
#: to the channel; ``file_share``: a message with an uploaded file; ``me_message``: ``/me`` text.
POST_SUBTYPES = frozenset({"thread_broadcast", "file_share", "me_message"})
#: Slackbot's fixed user id; it is a bot even when users.json does not list it.
SLACKBOT_ID = "USLACKBOT"

# Skip reasons, as counted in SlackExport.skipped (subtypes add "subtype:<name>").
SKIP_NOT_A_MESSAGE = "not a message"
SKIP_BOT = "bot"
SKIP_NO_USER = "no user"
SKIP_UNKNOWN_USER = "unknown user"
SKIP_REPLACED = "replaced by a later copy"

_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
#: A channel whose day files hold at least this many bytes is read in a second process while
#: the store writes (on a machine with two cores or more): starting one costs about 0.2 s, the
#: time parsing some 3 MB takes.
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
# Rows per message from the reading process: large enough that a message costs little, small
# enough that the pipe holds a few hundred kB.
_ROWS_PER_SEND = 1000
# Batches the reading process may have pickled and not yet written (a few MB at most).
_SENDS_AHEAD = 8
# The pipe from the reading process, in bytes (Linux: raised from 64 kB up to the system's
# pipe-max-size, 1 MB by default).
_PIPE_BYTES = 1024 * 1024


class ExportError(Exception):
    """A Slack export that cannot be read as one.

    ``file`` names the offending file: its path relative to the export folder (``general/
    2016-01-13.json``), or for a zip ``archive.zip:inner/path``.  ``line`` is the 1-based line
    of a JSON syntax error, else ``None``.  ``str(error)`` is a readable message that includes
    both.
    """

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.reason = message
        where = file if line is None else f"{file}, line {line}"
        super().__init__(f"{where}: {message}")


@dataclass
class SlackExport(ImportBatch):
    """What :func:`read_slack_export` found for one channel: an :class:`ImportBatch` and
    what was counted while reading.

    ``people``: everyone in users.json (bots and deleted users included), in file order.
    ``posts``: the channel's posts, sorted by ``ts``.  ``files_read``: day files read.
    ``messages_seen``: entries in those day files.  ``skipped``: reason -> count for entries
    that are not posts.  Always ``messages_seen == len(posts) + sum(skipped.values())``.
    """

    people: list[NewPerson]
    posts: list[NewPost]
    files_read: int
    messages_seen: int
    skipped: Counter[str]


# --------------------------------------------------------------------------- file access

#: Limits on what a zipped export may inflate to: see :class:`ZipLimits`.
DEFAULT_MAX_RATIO = 200
DEFAULT_RATIO_FREE_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_TOTAL_BYTES = 8 * 1024**3
#: The largest single JSON value (one message, one user) read from a file, in characters.
MAX_ENTRY_CHARS = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
#: How deep below the folder or zip given an export's ``users.json`` may sit.
_MAX_NESTING = 2
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_WS = re.compile(r"[ \t\n\r]*")
# What may follow a number cut off at the end of a chunk ("1." then "5e3").
_NUMBER_TAIL = re.compile(r"[0-9.eE+-]*")
#: Day files up to this size are parsed whole with ``msgspec`` (Slack writes one file per
#: channel and day: nearly all are far smaller); larger ones are streamed.
WHOLE_FILE_BYTES = 16 * 1024 * 1024
# msgspec reads valid JSON to the same values as the standard library (integers of any size
# included) and refuses what the streaming path repairs or reports (lone surrogates, a byte
# order mark, NaN), so refusing sends a file there.
_WHOLE = msgspec.json.Decoder()


@dataclass(frozen=True)
class ZipLimits:
    """How much a zipped export may inflate, checked while reading (never trusting the
    sizes written in the zip's headers).

    A member may inflate to ``max_ratio`` times its compressed size, but members up to
    ``ratio_free_bytes`` are not held to the ratio (small JSON files compress very well).
    All members read together may inflate to ``max_total_bytes``. A member or an export
    beyond a limit is refused with :class:`ExportError`. Sizes in bytes."""

    max_ratio: int = DEFAULT_MAX_RATIO
    ratio_free_bytes: int = DEFAULT_RATIO_FREE_BYTES
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES


def _is_ignored(parts: list[str]) -> bool:
    """macOS resource forks and hidden files are not part of an export."""
    return any(p == "__MACOSX" or p.startswith("._") for p in parts)


def _export_root(candidates: list[str], where: str) -> str:
    """The shallowest folder (``""``, ``"a/"``, ``"a/b/"``) holding ``users.json``, from the
    folders that hold one; ExportError when two at that depth compete."""
    if not candidates:
        return ""
    depth = min(c.count("/") for c in candidates)
    best = sorted(c for c in candidates if c.count("/") == depth)
    if len(best) > 1:
        raise ExportError(where, "holds more than one export: " + ", ".join(b or "." for b in best))
    return best[0]


class _Source:
    """Read-only access to an export folder or zip, by POSIX path relative to the export.

    The export may sit up to two folders deep (``Downloads/MyTeam export/users.json``); zip
    member names written with backslashes (Windows tools) are read as folders, and
    ``__MACOSX/`` entries are ignored. Zip members are streamed within ``limits``."""

    def __init__(self, path: Path, limits: ZipLimits | None = None) -> None:
        self.path = path
        self.limits = limits or ZipLimits()
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        self._members: dict[str, zipfile.ZipInfo] = {}
        self._inflated = 0
        self.repaired = 0
        """Strings whose lone surrogates (``"\\ud800"``) were replaced with U+FFFD."""
        if path.is_dir():
            self._prefix = _export_root(self._folder_candidates(), str(path))
            return
        if not path.exists():
            raise ExportError(str(path), "no such folder or zip file")
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ExportError(path.name, f"not a folder or a readable zip file ({exc})") from exc
        for info in infos:
            name = info.filename.replace("\\", "/").lstrip("/")
            parts = [p for p in name.split("/") if p not in ("", ".")]
            if info.is_dir() or name.endswith("/") or not parts or _is_ignored(parts):
                continue
            if ".." in parts:
                raise ExportError(f"{path.name}:{info.filename}", "member name leaves the zip")
            self._members.setdefault("/".join(parts), info)
        candidates = [
            n[: -len("users.json")]
            for n in self._members
            if n.rsplit("/", 1)[-1] == "users.json" and n.count("/") <= _MAX_NESTING
        ]
        self._prefix = _export_root(candidates, path.name)

    def _folder_candidates(self) -> list[str]:
        found = []
        level = [("", self.path)]
        for _ in range(_MAX_NESTING + 1):
            following = []
            for rel, folder in level:
                if (folder / "users.json").is_file():
                    found.append(rel)
                try:
                    children = sorted(folder.iterdir())
                except OSError:
                    continue
                following += [
                    (f"{rel}{c.name}/", c)
                    for c in children
                    if c.is_dir() and not _is_ignored([c.name]) and not c.name.startswith(".")
                ]
            if found:
                break
            level = following
        return found

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> _Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def display(self, rel: str) -> str:
        """How error messages name ``rel``."""
        if self._zip is not None:
            return f"{self.path.name}:{self._prefix}{rel}"
        return f"{self._prefix}{rel}"

    def is_file(self, rel: str) -> bool:
        if self._zip is not None:
            return self._prefix + rel in self._members
        return (self.path / self._prefix / rel).is_file()

    def is_dir(self, rel: str) -> bool:
        if self._zip is not None:
            start = f"{self._prefix}{rel}/"
            return any(n.startswith(start) for n in self._members)
        return (self.path / self._prefix / rel).is_dir()

    def day_files(self, folder: str) -> list[str]:
        """Relative paths of ``folder``'s ``YYYY-MM-DD.json`` files, sorted by name."""
        if self._zip is not None:
            start = f"{self._prefix}{folder}/"
            names = [n[len(start) :] for n in self._members if n.startswith(start)]
        else:
            names = [p.name for p in (self.path / self._prefix / folder).iterdir() if p.is_file()]
        return [f"{folder}/{n}" for n in sorted(names) if _DAY_FILE.fullmatch(n)]

    def size(self, rel: str) -> int:
        """The size of ``rel`` in bytes (unpacked, as the zip's header says), 0 when it
        cannot be read (reading it then reports why)."""
        if self._zip is not None:
            info = self._members.get(self._prefix + rel)
            return info.file_size if info is not None else 0
        try:
            return (self.path / self._prefix / rel).stat().st_size
        except OSError:
            return 0

    def _chunks(self, rel: str) -> Iterator[bytes]:
        """The bytes of ``rel`` in chunks; zip members within :attr:`limits`."""
        where = self.display(rel)
        if self._zip is None:
            try:
                with open(self.path / self._prefix / rel, "rb") as stream:
                    while chunk := stream.read(_CHUNK):
                        yield chunk
            except OSError as exc:
                raise ExportError(where, f"cannot read file ({exc.strerror or exc})") from exc
            return
        info = self._members.get(self._prefix + rel)
        if info is None:
            raise ExportError(where, "file is missing")
        limits = self.limits
        allowed = max(limits.ratio_free_bytes, limits.max_ratio * info.compress_size)
        too_big = (
            f"inflates beyond {allowed:,} bytes (more than {limits.max_ratio}:1 of its "
            f"{info.compress_size:,} compressed bytes): refused as a possible zip bomb"
        )
        if info.file_size > allowed:
            raise ExportError(where, too_big)
        size = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    self._inflated += len(chunk)
                    if size > allowed:
                        raise ExportError(where, too_big)
                    if self._inflated > limits.max_total_bytes:
                        raise ExportError(
                            where,
                            f"the export inflates beyond {limits.max_total_bytes:,} bytes "
                            "(raise the limit with --max-unzipped-mb if it is genuine)",
                        )
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise ExportError(where, f"damaged zip member ({exc})") from exc
        except (NotImplementedError, RuntimeError) as exc:  # unknown method, encrypted
            raise ExportError(where, f"cannot unpack this zip member ({exc})") from exc

    def iter_list(self, rel: str, what: str) -> Iterator[Any]:
        """The entries of ``rel``, a UTF-8 JSON list, one at a time.

        A file up to :data:`WHOLE_FILE_BYTES` that ``msgspec`` reads as a JSON list is
        parsed at once (the common case, several times faster); anything else (a larger
        file, a byte order mark, lone surrogates, ``NaN``, a number out of a float's range,
        a syntax error) goes through :meth:`_stream_list`, which holds one entry at a time
        and gives the same values, repairs and errors as before. Raises :class:`ExportError`
        as :meth:`_stream_list` documents."""
        chunks = self._chunks(rel)
        head: list[bytes] = []
        size = 0
        for chunk in chunks:
            head.append(chunk)
            size += len(chunk)
            if size > WHOLE_FILE_BYTES:
                return (yield from self._stream_list(rel, what, chain(head, chunks)))
        data = b"".join(head)
        head.clear()
        try:
            value = _WHOLE.decode(data)
        except (msgspec.DecodeError, RecursionError):
            value = None
        if isinstance(value, list):
            del data
            value.reverse()  # hand entries out from the end: each freed once yielded
            while value:
                yield value.pop()
            return
        yield from self._stream_list(rel, what, iter((data,)))

    def _stream_list(self, rel: str, what: str, chunks: Iterator[bytes]) -> Iterator[Any]:
        """Stream the entries of ``rel``, a UTF-8 JSON list read from ``chunks``, holding one
        entry at a time (with the standard library's parser).

        Strings with lone surrogates are repaired to U+FFFD (counted in :attr:`repaired`).
        Raises :class:`ExportError` naming the file (and the line when one is known) for
        bytes that are not UTF-8, an empty file, malformed JSON, nesting too deep to parse,
        a number too long, an entry over :data:`MAX_ENTRY_CHARS`, or a top level that is
        not a list (``what`` names the expected entries)."""
        where = self.display(rel)
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        parse = json.JSONDecoder().raw_decode
        buf, pos, line_base, eof = "", 0, 1, False

        def more() -> bool:
            nonlocal buf, pos, line_base, eof
            if eof:
                return False
            raw = next(chunks, None)
            consumed = buf.count("\n", 0, pos)
            try:
                text = decoder.decode(raw or b"", final=raw is None)
            except UnicodeDecodeError as exc:
                line = line_base + buf.count("\n") + (raw or b"")[: exc.start].count(b"\n")
                raise ExportError(where, "not UTF-8 text", line) from exc
            line_base += consumed
            buf = buf[pos:] + text
            pos = 0
            eof = raw is None
            if len(buf) > MAX_ENTRY_CHARS + _CHUNK:
                raise ExportError(
                    where, f"an entry longer than {MAX_ENTRY_CHARS:,} characters", line_base
                )
            return True

        def skip_ws() -> bool:
            """Move past whitespace; False at the end of the file."""
            nonlocal pos
            while True:
                match = _WS.match(buf, pos)
                pos = match.end() if match else pos
                if pos < len(buf):
                    return True
                if not more():
                    return False

        def fail(message: str, at: int) -> ExportError:
            return ExportError(where, message, line_base + buf.count("\n", 0, at))

        if not skip_ws():
            raise ExportError(where, "empty file: expected a JSON list of " + what)
        if buf[pos] != "[":
            # Parse what it is to name it (bounded: an entry-sized prefix at most).
            kind = {"{": "a JSON object"}.get(buf[pos], "not a JSON list")
            raise ExportError(where, f"expected a JSON list of {what}, found {kind}")
        pos += 1
        first = True
        while True:
            if not skip_ws():
                raise fail("malformed JSON: the list is not closed", len(buf))
            if buf[pos] == "]":
                pos += 1
                break
            if not first:
                if buf[pos] != ",":
                    raise fail("malformed JSON: expected ',' or ']' between entries", pos)
                pos += 1
                if not skip_ws():
                    raise fail("malformed JSON: the list is not closed", len(buf))
            first = False
            while True:
                try:
                    value, end = parse(buf, pos)
                except json.JSONDecodeError as exc:
                    # A cut-off entry fails near the end of what has been read, or as an
                    # unterminated string: read on. Anything else is malformed.
                    if not eof and (
                        exc.pos >= len(buf) - 8 or exc.msg.startswith("Unterminated string")
                    ):
                        more()
                        continue
                    raise ExportError(
                        where,
                        f"malformed JSON: {exc.msg} (column {exc.colno})",
                        line_base + exc.lineno - 1,
                    ) from exc
                except RecursionError as exc:
                    raise fail("nested too deeply to read", pos) from exc
                except ValueError as exc:  # e.g. an integer with more than 4300 digits
                    raise fail(f"malformed JSON: {exc}", pos) from exc
                if not eof and isinstance(value, int | float) and _NUMBER_TAIL.fullmatch(buf, end):
                    more()  # a number may go on in the next chunk
                    continue
                break
            if _SURROGATE_ESCAPE.search(buf, pos, end):
                value = self._repair(value)
            pos = end
            yield value
        if skip_ws():
            raise fail("malformed JSON: extra data after the list", pos)

    def _repair(self, value: Any) -> Any:
        """Replace lone surrogates in every string (keys too) of ``value`` with U+FFFD,
        iteratively (no recursion limit); counts repaired strings in :attr:`repaired`."""

        def fix(text: str) -> str:
            fixed, count = _SURROGATE.subn("\ufffd", text)
            if count:
                self.repaired += 1
            return fixed

        if isinstance(value, str):
            return fix(value)
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                for index, child in enumerate(item):
                    if isinstance(child, str):
                        item[index] = fix(child)
                    elif isinstance(child, list | dict):
                        stack.append(child)
            elif isinstance(item, dict):
                for key in list(item):
                    child = item[key]
                    if isinstance(child, str):
                        child = fix(child)
                    elif isinstance(child, list | dict):
                        stack.append(child)
                    if isinstance(key, str) and _SURROGATE.search(key):
                        del item[key]
                        item[fix(key)] = child
                    else:
                        item[key] = child
        return value


# --------------------------------------------------------------------------- parsing helpers


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _people(src: _Source) -> list[NewPerson]:
    rel = "users.json"
    if not src.is_file(rel):
        raise ExportError(src.display(rel), "missing: this does not look like a Slack export")
    people: list[NewPerson] = []
    for index, entry in enumerate(src.iter_list(rel, "users")):
        if not isinstance(entry, dict) or not _str(entry.get("id")):
            raise ExportError(
                src.display(rel), f"user entry {index + 1} is not an object with an id"
            )
        uid = entry["id"]
        profile = entry.get("profile")
        if not isinstance(profile, dict):
            profile = {}
        display_name = _str(profile.get("display_name"))
        real_name = _str(entry.get("real_name")) or _str(profile.get("real_name"))
        username = _str(entry.get("name"))
        tz = entry.get("tz")
        people.append(
            NewPerson(
                id=uid,
                name=display_name or real_name or username or uid,
                tz=tz if isinstance(tz, str) and tz else None,
                deleted=bool(entry.get("deleted")),
                is_bot=bool(entry.get("is_bot")) or uid == SLACKBOT_ID,
                username=username,
                real_name=real_name,
                display_name=display_name,
            )
        )
    return people


def _channels(src: _Source) -> list[NewChannel]:
    """Channels from channels.json and groups.json (whichever exist), in file order."""
    found = False
    channels: list[NewChannel] = []
    for rel in ("channels.json", "groups.json"):
        if not src.is_file(rel):
            continue
        found = True
        for index, entry in enumerate(src.iter_list(rel, "channels")):
            if not isinstance(entry, dict) or not _str(entry.get("id")):
                raise ExportError(
                    src.display(rel), f"channel entry {index + 1} is not an object with an id"
                )
            members = entry.get("members")
            channels.append(
                NewChannel(
                    id=entry["id"],
                    name=_str(entry.get("name")) or entry["id"],
                    members=[m for m in members if isinstance(m, str)]
                    if isinstance(members, list)
                    else [],
                )
            )
    if not found:
        raise ExportError(src.display("channels.json"), "missing: no channel list in the export")
    return channels


def unsafe_channel_name(name: str) -> str | None:
    """Why ``name`` cannot be a channel folder inside an export (it would point outside it:
    an absolute path, ``..``, a separator, a drive), or ``None`` when it is a plain name."""
    if not name or name in (".", ".."):
        return "is not a folder name"
    if "/" in name or "\\" in name or ":" in name or "\0" in name:
        return "holds a path separator: it would point outside the export"
    return None


def _find_channel(src: _Source, channels: list[NewChannel], wanted: str) -> NewChannel:
    key = wanted.strip().removeprefix("#")
    if unsafe_channel_name(key):
        raise ExportError(
            src.display("channels.json"),
            f"channel {wanted!r} {unsafe_channel_name(key)}",
        )
    matchers: tuple[Callable[[NewChannel], bool], ...] = (
        lambda c: c.name == key,
        lambda c: c.id == key,
        lambda c: c.name.casefold() == key.casefold(),
    )
    for match in matchers:
        for channel in channels:
            if match(channel):
                problem = unsafe_channel_name(channel.name)
                if problem:
                    raise ExportError(
                        src.display("channels.json"), f"channel name {channel.name!r} {problem}"
                    )
                return channel
    available = ", ".join(sorted({c.name for c in channels})) or "none"
    raise ExportError(
        src.display("channels.json"), f"no channel {wanted!r}; available: {available}"
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def message_problem(message: dict[str, Any]) -> str | None:
    """Why a ``type: message`` object cannot be read, or ``None``: its ``ts`` (see
    :func:`ldtui.slack_ts.problem`), and ``user``, ``subtype`` and ``text`` must each be a
    string when present (``null`` counts as absent). Other fields are read leniently (``files``,
    ``edited``, ``thread_ts`` of the wrong shape are ignored)."""
    problem = slack_ts.problem(message.get("ts"))
    if problem:
        return problem
    for key in ("user", "subtype", "text"):
        value = message.get(key)
        if value is not None and not isinstance(value, str):
            return f"{key} is not a string: {_short(value)}"
    return None


def _skip_reason(message: dict[str, Any], people: dict[str, NewPerson]) -> str | None:
    """Why ``message`` (a ``type: message`` object) is not a post, or None if it is one.

    Bots are ``subtype: bot_message``, users marked ``is_bot`` (and ``USLACKBOT``), and
    messages with a ``bot_id`` and no user. A message a person sent through an app (``bot_id``
    set, ``user`` a person, e.g. /giphy) is that person's post. A user missing from
    users.json (Slack Connect guests, external members) still posts: the store keeps them
    under a placeholder until a users.json lists them."""
    subtype = message.get("subtype")
    if subtype == "bot_message":
        return SKIP_BOT
    if subtype is not None and (not isinstance(subtype, str) or subtype not in POST_SUBTYPES):
        return f"subtype:{subtype}"
    user = message.get("user")
    if not isinstance(user, str) or not user:
        return SKIP_BOT if message.get("bot_id") else SKIP_NO_USER
    if user == SLACKBOT_ID:
        return SKIP_BOT
    person = people.get(user)
    if person is not None and person.is_bot:
        return SKIP_BOT
    return None


def anchor_authors(message: dict[str, Any]) -> list[str]:
    """The authors a bot's message can be found by for ``thread_under``: its ``bot_id``
    (``B…``) and its ``user`` (a bot user's ``U…``/``W…``, when set), or ``[]`` for a thread
    reply (``thread_ts`` set and not its own ``ts``): a thread hangs under a top-level
    message only. Call it for messages :func:`_skip_reason` calls ``"bot"``.

    Readers record EVERY bot's top-level messages rather than the one author the config
    names: bots are few and post little in a Learning Day channel, the store keeps only the
    first per Learning Day, and a later change of ``thread_under`` then needs no new sync.
    Source: https://api.slack.com/events/message/bot_message"""
    thread_ts = message.get("thread_ts")
    if thread_ts is not None and thread_ts != message.get("ts"):
        return []
    return [a for a in (message.get("bot_id"), message.get("user")) if isinstance(a, str) and a]


def _messages(src: _Source, rel: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, entry in enumerate(src.iter_list(rel, "messages")):
        if not isinstance(entry, dict):
            raise ExportError(src.display(rel), f"entry {index + 1} is not a JSON object")
        yield index + 1, entry


def _file_names(message: dict[str, Any]) -> list[str]:
    files = message.get("files")
    if isinstance(message.get("file"), dict):  # exports before 2019: one "file" object
        files = [message["file"], *(files if isinstance(files, list) else [])]
    if not isinstance(files, list):
        return []
    names = []
    for entry in files:
        if isinstance(entry, dict):
            name = _str(entry.get("name")) or _str(entry.get("title"))
            if name:
                names.append(name)
    return names


# --------------------------------------------------------------------------- public API


def row_from_message(
    message: dict[str, Any],
    channel_id: str,
    user_names: dict[str, str],
    channel_names: dict[str, str],
) -> PostRow:
    """The post of a Slack message already known to be one (see :func:`_skip_reason`;
    checked by :func:`message_problem`) as a :class:`PostRow`: text as sent and as plain
    text, edit and thread fields (its time stays in ``ts``). A message with files and no
    text reads ``(file: notes.pdf)`` (each file's name, else its title). The one rule for
    both :func:`post_from_message` and a bulk import. Source:
    https://api.slack.com/events/message"""
    get = message.get
    text = get("text")
    if not isinstance(text, str):
        text = ""
    if not text.strip():
        files = _file_names(message)
        if files:
            text = " ".join(f"(file: {name})" for name in files)
    edited = get("edited")
    edited_ts = edited.get("ts") if isinstance(edited, dict) else None
    thread_ts = get("thread_ts")
    subtype = get("subtype")
    return PostRow(
        channel_id,
        message["ts"],
        message["user"],
        text,
        to_plain(text, user_names, channel_names),
        edited_ts if edited_ts is not None and slack_ts.is_ts(edited_ts) else None,
        thread_ts if isinstance(thread_ts, str) else None,
        subtype if isinstance(subtype, str) else None,
    )


def post_from_row(row: PostRow) -> NewPost:
    """The :class:`NewPost` a :class:`PostRow` stands for (its time read from ``ts``)."""
    return NewPost(
        channel_id=row.channel_id,
        ts=row.ts,
        person_id=row.person_id,
        text=row.text,
        text_plain=row.text_plain,
        posted_at=slack_ts.to_datetime(row.ts),
        edited_ts=row.edited_ts,
        thread_ts=row.thread_ts,
        subtype=row.subtype,
    )


def post_from_message(
    message: dict[str, Any],
    channel_id: str,
    user_names: dict[str, str],
    channel_names: dict[str, str],
) -> NewPost:
    """Build the post of a Slack message already known to be one (see :func:`_skip_reason`;
    checked by :func:`message_problem`): text as sent and as plain text, UTC time from
    ``ts``, edit and thread fields, by the rules of :func:`row_from_message`. Shared by the
    export reader and the Slack Web API sync. Source: https://api.slack.com/events/message"""
    return post_from_row(row_from_message(message, channel_id, user_names, channel_names))


def unknown_zones(people: Iterable[NewPerson]) -> list[NewPerson]:
    """The people whose ``tz`` is set but not an IANA zone this machine knows (they are
    classified in the default zone; the import says so)."""
    return [p for p in people if p.tz and not zone_known(p.tz)]


def list_channels(path: Path, limits: ZipLimits | None = None) -> list[str]:
    """Names of the channels in the export at ``path`` (folder or ``.zip``), sorted.

    Reads ``channels.json`` and, when present, ``groups.json`` (private channels); DMs and
    group DMs (``dms.json``, ``mpims.json``) are not listed.  Raises :class:`ExportError` if
    neither file exists, one is malformed, or ``path`` is neither a folder nor a zip.
    Source: https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports
    """
    with _Source(Path(path), limits) as src:
        return sorted({c.name for c in _channels(src)})


class SlackExportReader:
    """Streams one channel's posts out of a Slack export, for imports of any size.

    Open it as a context manager; ``people``, ``channel`` and ``channels`` are read on entry.
    :meth:`iter_posts` then yields posts entry by entry without holding a file in memory;
    ``files_read``, ``messages_seen``, ``skipped`` and ``repaired`` (strings whose lone
    surrogates became U+FFFD) count as it goes. ``limits`` bounds what a zip may inflate.
    Unlike :func:`read_slack_export` it does not drop an earlier copy of a repeated ``ts``:
    the consumer keeps the later one (the store does). Raises :class:`ExportError` on entry
    and while iterating, as :func:`read_slack_export` documents.
    """

    def __init__(self, path: Path, channel: str, limits: ZipLimits | None = None) -> None:
        self._path = Path(path)
        self._wanted = channel
        self._limits = limits
        self.people: list[NewPerson] = []
        self.channels: list[NewChannel] = []
        self.files_read = 0
        self.messages_seen = 0
        self.skipped: Counter[str] = Counter()
        self.thread_anchors: list[ThreadAnchor] = []
        self._repaired_elsewhere = 0
        self._children: list[subprocess.Popen[bytes]] = []

    @property
    def repaired(self) -> int:
        """Strings read so far whose lone surrogates were replaced with U+FFFD."""
        return self._src.repaired + self._repaired_elsewhere

    def __enter__(self) -> SlackExportReader:
        self._src = _Source(self._path, self._limits)
        try:
            src = self._src
            self.people = _people(src)
            self.channels = _channels(src)
            self.channel = _find_channel(src, self.channels, self._wanted)
            if not src.is_dir(self.channel.name):
                raise ExportError(
                    src.display(self.channel.name + "/"),
                    f"channel folder for #{self.channel.name} is missing",
                )
        except BaseException:
            self._src.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for child in self._children:
            _stop(child)
        self._src.close()

    def batch(self) -> ImportBatch:
        """The export as one :class:`ImportBatch` whose posts stream from :meth:`iter_rows`
        (read while the store writes them, so memory stays bounded; the reader must stay
        open until the import returns). A channel of at least :data:`PARALLEL_MIN_BYTES`
        of day files, on a machine with more than one core, is read in a second process
        while this one stores (:meth:`iter_rows_in_process`), started at once so that it
        starts up while the store opens and writes the people."""
        if self._worth_a_process():
            posts = self._rows_from(self._start_reading_process())
        else:
            posts = self.iter_rows()
        return ImportBatch(
            people=self.people,
            channel=self.channel,
            posts=posts,
            thread_anchors=self.thread_anchors,
        )

    def _worth_a_process(self) -> bool:
        """Whether reading in a second process pays: more than one core to run it on, and
        enough day files that parsing them takes longer than starting a Python process."""
        if hasattr(os, "sched_getaffinity"):
            cores = len(os.sched_getaffinity(0))
        else:
            cores = os.cpu_count() or 1
        if cores < 2:
            return False
        total = 0
        for rel in self._src.day_files(self.channel.name):
            total += self._src.size(rel)
            if total >= PARALLEL_MIN_BYTES:
                return True
        return False

    def iter_rows_in_process(self) -> Iterator[PostRow]:
        """:meth:`iter_rows`, read and converted in a second Python process
        (``python -m ldtui.importers.reading_process``, a plain child process: no ``fork``,
        which is unsafe from a thread such as the console's import worker, and no
        re-import of the caller's main module) so that parsing and storing run on two
        cores. Rows come in batches through a pipe that holds a few of them at most, so
        memory stays bounded in both processes; the counts, anchors and repairs are taken
        over when the child is done.

        Raises :class:`ExportError` as :meth:`iter_rows` does (the child's, with its file
        and line), or naming the channel folder when the child stops without an answer.
        Closing the iterator (an error while storing, Ctrl-C) stops the child and waits
        for it: none is left behind. Rows arrive as plain tuples in :class:`PostRow`'s
        order."""
        return self._rows_from(self._start_reading_process())

    def _start_reading_process(self) -> subprocess.Popen[bytes]:
        """Start the child of :meth:`iter_rows_in_process` (stopped on ``__exit__`` at the
        latest)."""
        limits = self._limits or ZipLimits()
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ldtui.importers.reading_process",
                str(self._path.resolve()),
                self.channel.id,
                str(limits.max_ratio),
                str(limits.ratio_free_bytes),
                str(limits.max_total_bytes),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            # The child imports the same ldtui as this process.
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
        self._children.append(child)
        set_pipe_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
        if set_pipe_size is not None and child.stdout is not None:
            try:
                fcntl.fcntl(child.stdout.fileno(), set_pipe_size, _PIPE_BYTES)
            except OSError:
                pass  # a smaller pipe: slower, not wrong
        return child

    def _rows_from(self, child: subprocess.Popen[bytes]) -> Iterator[PostRow]:
        """The rows ``child`` sends, then its counts taken over; ``child`` stopped at the
        end, on an error or when the iterator is closed."""
        assert child.stdout is not None
        try:
            while True:
                try:
                    kind, payload = pickle.load(child.stdout)
                except (EOFError, pickle.UnpicklingError, ValueError):
                    raise ExportError(
                        self._src.display(self.channel.name + "/"),
                        "the process reading the day files stopped without an answer",
                    ) from None
                if kind == "rows":
                    yield from payload
                elif kind == "done":
                    files_read, seen, skipped, anchors, repaired = payload
                    self.files_read += files_read
                    self.messages_seen += seen
                    self.skipped.update(skipped)
                    self.thread_anchors.extend(ThreadAnchor(*a) for a in anchors)
                    self._repaired_elsewhere += repaired
                    return
                else:
                    file, reason, line = payload
                    raise ExportError(file, reason, line)
        finally:
            _stop(child)

    def iter_posts(self) -> Iterator[NewPost]:
        """Yield the channel's posts in file order (aware UTC datetimes), counting the rest
        and adding bots' top-level messages to :attr:`thread_anchors` (see
        :func:`anchor_authors`): :meth:`iter_rows` as :class:`NewPost` objects."""
        return map(post_from_row, self.iter_rows())

    def iter_rows(self) -> Iterator[PostRow]:
        """Yield the channel's posts in file order as :class:`PostRow` tuples (what a bulk
        import stores, with no object per post), counting the rest and adding bots'
        top-level messages to :attr:`thread_anchors` (see :func:`anchor_authors`). Raises
        :class:`ExportError` naming the file and message for a message that cannot be read
        (:func:`message_problem`), and as :meth:`_Source.iter_list` documents."""
        src, found = self._src, self.channel
        by_id = {p.id: p for p in self.people}
        user_names = {p.id: p.name for p in self.people}
        channel_names = {c.id: c.name for c in self.channels}
        skipped = self.skipped
        for rel in src.day_files(found.name):
            self.files_read += 1
            for number, message in _messages(src, rel):
                self.messages_seen += 1
                if message.get("type") != "message":
                    skipped[SKIP_NOT_A_MESSAGE] += 1
                    continue
                problem = message_problem(message)
                if problem:
                    raise ExportError(src.display(rel), f"message {number}: {problem}")
                reason = _skip_reason(message, by_id)
                if reason is not None:
                    skipped[reason] += 1
                    if reason == SKIP_BOT:
                        self._anchor(message)
                    continue
                yield row_from_message(message, found.id, user_names, channel_names)

    def _anchor(self, message: dict[str, Any]) -> None:
        for author in anchor_authors(message):
            self.thread_anchors.append(ThreadAnchor(self.channel.id, author, message["ts"]))


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Stop a reading process (if it still runs) and wait for it: none is left behind."""
    if child.stdout is not None:
        child.stdout.close()
    if child.poll() is None:
        child.terminate()
    child.wait()


def send_rows(out: BinaryIO, path: Path, channel: str, limits: ZipLimits | None) -> None:
    """What the reading process of :meth:`SlackExportReader.iter_rows_in_process` does:
    read ``channel`` of the export at ``path`` and write pickled ``("rows", [tuple, ...])``
    batches to ``out``, then ``("done", counts)``, or ``("error", (file, reason, line))`` for
    an :class:`ExportError` or anything else that stops it. A parent that went away (its
    end of the pipe closed: ``BrokenPipeError``) or Ctrl-C ends it quietly."""

    sender = _Sender(out)
    send = sender.send
    try:
        try:
            with SlackExportReader(path, channel, limits) as reader:
                batch: list[tuple[Any, ...]] = []
                for row in reader.iter_rows():
                    batch.append(tuple(row))
                    if len(batch) >= _ROWS_PER_SEND:
                        send(("rows", batch))
                        batch = []
                send(("rows", batch))
                anchors = [(a.channel_id, a.author, a.ts) for a in reader.thread_anchors]
                counts = (
                    reader.files_read,
                    reader.messages_seen,
                    dict(reader.skipped),
                    anchors,
                    reader.repaired,
                )
                send(("done", counts))
        except ExportError as exc:
            send(("error", (exc.file, exc.reason, exc.line)))
        except BrokenPipeError:
            raise
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
            send(("error", (str(path), f"cannot be read ({type(exc).__name__}: {exc})", None)))
        sender.close()
    except (BrokenPipeError, KeyboardInterrupt):
        pass


class _Sender:
    """Writes pickled messages to ``out`` from a thread of its own, up to
    :data:`_SENDS_AHEAD` of them queued: the reading goes on while the parent is busy
    storing and the pipe is full (a pipe holds 64 kB to 1 MB, a batch several hundred kB).
    A write that fails (the parent went away: ``BrokenPipeError``) is raised by the next
    :meth:`send` or by :meth:`close`."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_SENDS_AHEAD)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._write, name="send-rows", daemon=True)
        self._thread.start()

    def _write(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is not None:
                continue  # the parent went away: drain, so that send() never blocks
            try:
                self._out.write(data)
                self._out.flush()
            except BaseException as exc:  # noqa: BLE001 - raised in the reading thread
                self._error = exc

    def send(self, message: tuple[str, Any]) -> None:
        """Queue ``message`` (waits while :data:`_SENDS_AHEAD` are queued)."""
        if self._error is not None:
            raise self._error
        self._queue.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        """Wait until everything queued is written."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error


def read_slack_export(path: Path, channel: str, limits: ZipLimits | None = None) -> SlackExport:
    """Read the people and one channel's posts from a Slack export.

    ``path`` is the export folder or its ``.zip`` (the export at its root or up to two folders
    deep; ``__MACOSX/`` entries and stray files ignored; backslash member names read as
    folders).  ``channel`` is a channel name as in channels.json/groups.json (a leading ``#``
    is accepted) or a channel id.  Returns a :class:`SlackExport`; all datetimes are aware
    UTC. ``limits`` bounds what a zip may inflate (:class:`ZipLimits`).

    Rules, from https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports and
    https://api.slack.com/events/message (message subtypes):

    - people come from ``users.json``;
    - the channel's ``YYYY-MM-DD.json`` day files are read in sorted order.  Their names are
      not used for dates (Slack does not split days by UTC): ``posted_at`` comes from ``ts``;
    - a post is a ``type: message`` with a user who is not a bot (listed in users.json or
      not: see :func:`_skip_reason`), with no subtype or subtype ``thread_broadcast``,
      ``file_share`` or ``me_message``.  Thread replies are posts of their author.  Other
      entries are counted in ``skipped`` under ``"not a message"``, ``"subtype:<subtype>"``,
      ``"bot"``, ``"no user"``;
    - when the same ``ts`` occurs twice, the later copy wins (files in sorted order, entries in
      file order) and the earlier one is counted as ``"replaced by a later copy"``;
    - text is converted with :func:`~ldtui.importers.slack_text.to_plain`
      (https://api.slack.com/reference/surfaces/formatting); lone surrogates in strings
      (Slack's own truncation makes them) become U+FFFD.

    Raises :class:`ExportError` (naming the file, and the line for JSON syntax errors) when
    ``users.json``, the channel list or the channel folder is missing, the channel is unknown
    (the message lists the available ones) or its name is not a plain folder name, a file is
    empty, not UTF-8, not valid JSON or nested too deeply, a file is not a list, an entry is
    not an object, a message fails :func:`message_problem`, or a zip member inflates beyond
    ``limits``.  Nothing is written.
    """
    with SlackExportReader(path, channel, limits) as reader:
        latest: dict[str, NewPost] = {}
        for post in reader.iter_posts():
            if post.ts in latest:
                reader.skipped[SKIP_REPLACED] += 1
            latest[post.ts] = post
        return SlackExport(
            people=reader.people,
            channel=reader.channel,
            posts=sorted(latest.values(), key=lambda p: slack_ts.sort_key(p.ts)),
            files_read=reader.files_read,
            messages_seen=reader.messages_seen,
            skipped=reader.skipped,
            thread_anchors=reader.thread_anchors,
        )
