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

import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from ldtui.importers.slack_text import to_plain

__all__ = [
    "ExportChannel",
    "ExportError",
    "ExportPerson",
    "ExportPost",
    "SlackExport",
    "SlackExportReader",
    "list_channels",
    "read_slack_export",
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
_TS = re.compile(r"\d+(\.\d+)?")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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
class ExportPerson:
    """A member from ``users.json``.

    ``name`` is the first non-empty of ``profile.display_name``, ``real_name`` (top level, then
    ``profile.real_name``), ``name`` (the user name), and finally the id.  ``tz`` is the IANA
    zone name or ``None`` when users.json has none.  ``is_bot`` is also true for ``USLACKBOT``.
    """

    id: str
    name: str
    tz: str | None
    deleted: bool
    is_bot: bool
    username: str
    real_name: str
    display_name: str


@dataclass
class ExportPost:
    """One message that counts as a person's post.

    ``text`` is the message text as sent (raw Slack formatting), ``text_plain`` the result of
    :func:`~ldtui.importers.slack_text.to_plain`.  ``ts`` is Slack's message timestamp string,
    unchanged; ``posted_at`` is the same instant as an aware UTC datetime (exact to the
    microsecond).  ``edited_ts`` is ``edited.ts`` if the message was edited, ``thread_ts`` is
    set on thread parents and replies (a reply has ``thread_ts != ts``), ``subtype`` is
    ``None`` or one of ``thread_broadcast``, ``file_share``, ``me_message``.
    """

    channel_id: str
    ts: str
    person_id: str
    text: str
    text_plain: str
    posted_at: datetime
    edited_ts: str | None
    thread_ts: str | None
    subtype: str | None


@dataclass
class ExportChannel:
    """A channel from ``channels.json`` or ``groups.json``: id, name, member user ids."""

    id: str
    name: str
    members: list[str] = field(default_factory=list)


@dataclass
class SlackExport:
    """What :func:`read_slack_export` found for one channel.

    ``people``: everyone in users.json (bots and deleted users included), in file order.
    ``posts``: the channel's posts, sorted by ``ts``.  ``files_read``: day files read.
    ``messages_seen``: entries in those day files.  ``skipped``: reason -> count for entries
    that are not posts.  Always ``messages_seen == len(posts) + sum(skipped.values())``.
    """

    people: list[ExportPerson]
    channel: ExportChannel
    posts: list[ExportPost]
    files_read: int
    messages_seen: int
    skipped: Counter[str]


# --------------------------------------------------------------------------- file access


class _Source:
    """Read-only access to an export folder or zip, by POSIX path relative to the export."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        self._names: set[str] = set()
        if path.is_dir():
            return
        if not path.exists():
            raise ExportError(str(path), "no such folder or zip file")
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ExportError(path.name, f"not a folder or a readable zip file ({exc})") from exc
        names = [
            n for n in self._zip.namelist() if not n.startswith("__MACOSX/") and not n.endswith("/")
        ]
        self._names = set(names)
        if "users.json" not in self._names:
            # Exports zipped with their folder: "export/users.json", "export/general/...".
            tops = {n.split("/", 1)[0] for n in names if "/" in n}
            if len(tops) == 1 and not any("/" not in n for n in names):
                top = tops.pop()
                if f"{top}/users.json" in self._names:
                    self._prefix = f"{top}/"

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
        return rel

    def is_file(self, rel: str) -> bool:
        if self._zip is not None:
            return self._prefix + rel in self._names
        return (self.path / rel).is_file()

    def is_dir(self, rel: str) -> bool:
        if self._zip is not None:
            start = f"{self._prefix}{rel}/"
            return any(n.startswith(start) for n in self._names)
        return (self.path / rel).is_dir()

    def day_files(self, folder: str) -> list[str]:
        """Relative paths of ``folder``'s ``YYYY-MM-DD.json`` files, sorted by name."""
        if self._zip is not None:
            start = f"{self._prefix}{folder}/"
            names = [n[len(start) :] for n in self._names if n.startswith(start)]
        else:
            names = [p.name for p in (self.path / folder).iterdir() if p.is_file()]
        return [f"{folder}/{n}" for n in sorted(names) if _DAY_FILE.fullmatch(n)]

    def read_json(self, rel: str) -> Any:
        """Parse ``rel`` as UTF-8 JSON; ExportError (with the line) if it is not."""
        try:
            if self._zip is not None:
                raw = self._zip.read(self._prefix + rel)
            else:
                raw = (self.path / rel).read_bytes()
        except KeyError as exc:
            raise ExportError(self.display(rel), "file is missing") from exc
        except OSError as exc:
            raise ExportError(self.display(rel), f"cannot read file ({exc})") from exc
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ExportError(self.display(rel), "not UTF-8 text", line) from exc
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ExportError(
                self.display(rel), f"malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno
            ) from exc


# --------------------------------------------------------------------------- parsing helpers


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _people(src: _Source) -> list[ExportPerson]:
    rel = "users.json"
    if not src.is_file(rel):
        raise ExportError(src.display(rel), "missing: this does not look like a Slack export")
    data = src.read_json(rel)
    if not isinstance(data, list):
        raise ExportError(src.display(rel), "expected a JSON list of users")
    people: list[ExportPerson] = []
    for entry in data:
        if not isinstance(entry, dict) or not _str(entry.get("id")):
            raise ExportError(src.display(rel), "a user entry is not an object with an id")
        uid = entry["id"]
        profile = entry.get("profile")
        if not isinstance(profile, dict):
            profile = {}
        display_name = _str(profile.get("display_name"))
        real_name = _str(entry.get("real_name")) or _str(profile.get("real_name"))
        username = _str(entry.get("name"))
        tz = entry.get("tz")
        people.append(
            ExportPerson(
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


def _channels(src: _Source) -> list[ExportChannel]:
    """Channels from channels.json and groups.json (whichever exist), in file order."""
    found = False
    channels: list[ExportChannel] = []
    for rel in ("channels.json", "groups.json"):
        if not src.is_file(rel):
            continue
        found = True
        data = src.read_json(rel)
        if not isinstance(data, list):
            raise ExportError(src.display(rel), "expected a JSON list of channels")
        for entry in data:
            if not isinstance(entry, dict) or not _str(entry.get("id")):
                raise ExportError(src.display(rel), "a channel entry is not an object with an id")
            members = entry.get("members")
            channels.append(
                ExportChannel(
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


def _find_channel(src: _Source, channels: list[ExportChannel], wanted: str) -> ExportChannel:
    key = wanted.strip().removeprefix("#")
    for match in (
        lambda c: c.name == key,
        lambda c: c.id == key,
        lambda c: c.name.casefold() == key.casefold(),
    ):
        for channel in channels:
            if match(channel):
                return channel
    available = ", ".join(sorted({c.name for c in channels})) or "none"
    raise ExportError(
        src.display("channels.json"), f"no channel {wanted!r}; available: {available}"
    )


def _posted_at(ts: str) -> datetime:
    """Exact aware-UTC datetime for a Slack ``ts`` like ``"1445146852.000033"`` (digits are
    taken from the string: a float would lose the microseconds)."""
    seconds, _, fraction = ts.partition(".")
    micros = int((fraction + "000000")[:6])
    return _EPOCH + timedelta(seconds=int(seconds), microseconds=micros)


def _skip_reason(message: dict[str, Any], people: dict[str, ExportPerson]) -> str | None:
    """Why ``message`` (a ``type: message`` object) is not a post, or None if it is one."""
    subtype = message.get("subtype")
    if subtype == "bot_message":
        return SKIP_BOT
    if subtype is not None and subtype not in POST_SUBTYPES:
        return f"subtype:{subtype}"
    if message.get("bot_id"):  # note: 2016 file_share messages carry "bot_id": null
        return SKIP_BOT
    user = message.get("user")
    if not isinstance(user, str) or not user:
        return SKIP_NO_USER
    if user == SLACKBOT_ID:
        return SKIP_BOT
    person = people.get(user)
    if person is None:
        return SKIP_UNKNOWN_USER
    if person.is_bot:
        return SKIP_BOT
    return None


def _messages(src: _Source, rel: str) -> Iterator[dict[str, Any]]:
    data = src.read_json(rel)
    if not isinstance(data, list):
        raise ExportError(src.display(rel), "expected a JSON list of messages")
    for index, entry in enumerate(data):
        if not isinstance(entry, dict):
            raise ExportError(src.display(rel), f"entry {index + 1} is not a JSON object")
        yield entry


# --------------------------------------------------------------------------- public API


def post_from_message(
    message: dict[str, Any],
    channel_id: str,
    user_names: dict[str, str],
    channel_names: dict[str, str],
) -> ExportPost:
    """Build the post of a Slack message already known to be one (see :func:`_skip_reason`;
    its ``ts`` checked): text as sent and as plain text, UTC time from ``ts``, edit and thread
    fields. Shared by the export reader and the Slack Web API sync.
    Source: https://api.slack.com/events/message"""
    ts = message["ts"]
    text = _str(message.get("text"))
    edited = message.get("edited")
    edited_ts = edited.get("ts") if isinstance(edited, dict) else None
    thread_ts = message.get("thread_ts")
    return ExportPost(
        channel_id=channel_id,
        ts=ts,
        person_id=message["user"],
        text=text,
        text_plain=to_plain(text, user_names, channel_names),
        posted_at=_posted_at(ts),
        edited_ts=edited_ts if isinstance(edited_ts, str) else None,
        thread_ts=thread_ts if isinstance(thread_ts, str) else None,
        subtype=message.get("subtype"),
    )


def list_channels(path: Path) -> list[str]:
    """Names of the channels in the export at ``path`` (folder or ``.zip``), sorted.

    Reads ``channels.json`` and, when present, ``groups.json`` (private channels); DMs and
    group DMs (``dms.json``, ``mpims.json``) are not listed.  Raises :class:`ExportError` if
    neither file exists, one is malformed, or ``path`` is neither a folder nor a zip.
    Source: https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports
    """
    with _Source(Path(path)) as src:
        return sorted({c.name for c in _channels(src)})


class SlackExportReader:
    """Streams one channel's posts out of a Slack export, for imports of any size.

    Open it as a context manager; ``people``, ``channel`` and ``channels`` are read on entry.
    :meth:`iter_posts` then yields posts file by file without holding the export in memory;
    ``files_read``, ``messages_seen`` and ``skipped`` count as it goes. Unlike
    :func:`read_slack_export` it does not drop an earlier copy of a repeated ``ts``: the
    consumer keeps the later one (the store does). Raises :class:`ExportError` on entry and
    while iterating, as :func:`read_slack_export` documents.
    """

    def __init__(self, path: Path, channel: str) -> None:
        self._path = Path(path)
        self._wanted = channel
        self.people: list[ExportPerson] = []
        self.channels: list[ExportChannel] = []
        self.files_read = 0
        self.messages_seen = 0
        self.skipped: Counter[str] = Counter()

    def __enter__(self) -> SlackExportReader:
        self._src = _Source(self._path)
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
        self._src.close()

    def iter_posts(self) -> Iterator[ExportPost]:
        """Yield the channel's posts in file order (aware UTC datetimes), counting the rest."""
        src, found = self._src, self.channel
        by_id = {p.id: p for p in self.people}
        user_names = {p.id: p.name for p in self.people}
        channel_names = {c.id: c.name for c in self.channels}
        for rel in src.day_files(found.name):
            self.files_read += 1
            for message in _messages(src, rel):
                self.messages_seen += 1
                if message.get("type") != "message":
                    self.skipped[SKIP_NOT_A_MESSAGE] += 1
                    continue
                ts = message.get("ts")
                if not isinstance(ts, str) or not _TS.fullmatch(ts):
                    raise ExportError(src.display(rel), f"message with an invalid ts: {ts!r}")
                reason = _skip_reason(message, by_id)
                if reason is not None:
                    self.skipped[reason] += 1
                    continue
                yield post_from_message(message, found.id, user_names, channel_names)


def read_slack_export(path: Path, channel: str) -> SlackExport:
    """Read the people and one channel's posts from a Slack export.

    ``path`` is the export folder or its ``.zip`` (files at the zip root or inside one top
    folder).  ``channel`` is a channel name as in channels.json/groups.json (a leading ``#`` is
    accepted) or a channel id.  Returns a :class:`SlackExport`; all datetimes are aware UTC.

    Rules, from https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports and
    https://api.slack.com/events/message (message subtypes):

    - people come from ``users.json``;
    - the channel's ``YYYY-MM-DD.json`` day files are read in sorted order.  Their names are
      not used for dates (Slack does not split days by UTC): ``posted_at`` comes from ``ts``;
    - a post is a ``type: message`` by a non-bot user listed in users.json, with no subtype or
      subtype ``thread_broadcast``, ``file_share`` or ``me_message``.  Thread replies are posts
      of their author.  Other entries are counted in ``skipped`` under ``"not a message"``,
      ``"subtype:<subtype>"``, ``"bot"`` (``bot_message``, a ``bot_id``, a bot user,
      ``USLACKBOT``), ``"no user"``, ``"unknown user"`` (not in users.json; never fatal);
    - when the same ``ts`` occurs twice, the later copy wins (files in sorted order, entries in
      file order) and the earlier one is counted as ``"replaced by a later copy"``;
    - text is converted with :func:`~ldtui.importers.slack_text.to_plain`
      (https://api.slack.com/reference/surfaces/formatting).

    Raises :class:`ExportError` (naming the file, and the line for JSON syntax errors) when
    ``users.json``, the channel list or the channel folder is missing, the channel is unknown
    (the message lists the available ones), a file is not valid UTF-8 JSON, a day file is not a
    list, an entry is not an object, or a message has no valid ``ts``.  Nothing is written.
    """
    with SlackExportReader(path, channel) as reader:
        latest: dict[str, ExportPost] = {}
        for post in reader.iter_posts():
            if post.ts in latest:
                reader.skipped[SKIP_REPLACED] += 1
            latest[post.ts] = post
        return SlackExport(
            people=reader.people,
            channel=reader.channel,
            posts=sorted(latest.values(), key=lambda p: Decimal(p.ts)),
            files_read=reader.files_read,
            messages_seen=reader.messages_seen,
            skipped=reader.skipped,
        )
