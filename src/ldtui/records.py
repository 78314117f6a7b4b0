"""The shapes that cross layers: what importers hand the store, and what the store hands back.

Pure records (no SQL, no I/O): ``msgspec.Struct`` classes, which Python creates far faster
than dataclasses (the console imports them all before its first frame), and
:class:`ImportBatch`, a dataclass the importers extend. Importers build :class:`NewPerson`,
:class:`NewChannel` and :class:`NewPost` into one :class:`ImportBatch` for
:meth:`ldtui.store.Store.import_batch`; the people file gives :class:`PersonRow`; the store
answers with :class:`ImportResult`, :class:`RosterEntry`, :class:`HistoryRow`,
:class:`NudgeRecord` and :class:`SearchHit`. Times are aware UTC datetimes; a Slack ``ts``
stays a string (see :mod:`ldtui.slack_ts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import Any, NamedTuple

import msgspec

from ldtui.learning_day import Kind

__all__ = [
    "BLOCKING_STATUSES",
    "MATCH_END",
    "MATCH_START",
    "HistoryRow",
    "ImportBatch",
    "ImportResult",
    "NewChannel",
    "NewPerson",
    "NewPost",
    "NudgeClaim",
    "NudgeRecord",
    "NudgeStatus",
    "PersonRow",
    "PostRow",
    "RosterEntry",
    "SearchHit",
    "ThreadAnchor",
]


def _utc(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class NudgeStatus(StrEnum):
    """The status of a nudge: of a ledger row (every member but ``COOLDOWN``) or of an outcome.

    ``SENT`` is written only after the platform's success answer; ``PENDING`` while a nudge
    is claimed and its request may be in flight; ``INTERRUPTED`` when a pending row outlived
    its send deadline (the process was killed, the machine slept, the console quit before the
    answer): delivery unknown. ``SENT``, ``PENDING`` and ``INTERRUPTED`` block an automatic
    nudge of the same person and kind within the cooldown (:data:`BLOCKING_STATUSES`).
    """

    PENDING = "pending"
    """Claimed; the request is waiting for its turn or in flight."""
    SENT = "sent"
    """The platform answered success."""
    FAILED = "failed"
    """The platform (or the network) said no; nobody was reached."""
    DRY_RUN = "dry-run"
    """No webhook configured: recorded, not sent."""
    INTERRUPTED = "interrupted"
    """The request was started but no answer was recorded before its deadline: delivery
    unknown (the person may have been mentioned)."""
    CANCELLED = "cancelled"
    """Claimed but never sent (the console quit, or the process stopped before its turn)."""
    COOLDOWN = "cooldown"
    """An outcome only, never stored: not sent because a blocking nudge is within the
    cooldown."""


BLOCKING_STATUSES = (NudgeStatus.SENT, NudgeStatus.PENDING, NudgeStatus.INTERRUPTED)
"""Ledger statuses that may have reached the person, so they start the cooldown."""


class ImportResult(msgspec.Struct, frozen=True):
    """What an import changed: counts of posts and people written."""

    posts_new: int
    """Posts not seen before."""
    posts_updated: int
    """Posts already stored whose text (or edit time) changed: an edited message."""
    posts_unchanged: int
    """Posts already stored exactly as imported."""
    people: int
    """People in the imported user list."""
    duplicates: int = 0
    """Posts that repeated a ``ts`` seen earlier in the same import (the later copy won)."""
    placeholders: int = 0
    """Posters missing from the user list, newly stored as "unknown user U…" (they merge
    into the real person when a later user list has them)."""
    older_edits: int = 0
    """Stored posts left as they were because the import held an older version (an earlier
    ``edited.ts``, or none where the stored post was edited)."""


def told_apart(people: Iterable[tuple[str, str, str | None]]) -> dict[str, str]:
    """Names to show for ``people`` (id, display name, Slack user name or ``None``), by id:
    the display name, and for two or more people with the same display name (ignoring case)
    the display name with their Slack handle, ``Ana Lima (@ana.l)`` (the id, ``Ana Lima
    (U024BE7LH)``, when they have no user name or share it too), so a roster never shows two
    lines nobody can tell apart."""
    people = list(people)
    by_name: dict[str, list[tuple[str, str, str | None]]] = {}
    for person in people:
        by_name.setdefault(person[1].casefold(), []).append(person)
    shown: dict[str, str] = {}
    for same in by_name.values():
        if len(same) == 1:
            pid, name, _ = same[0]
            shown[pid] = name
            continue
        handles = [handle for _, _, handle in same if handle]
        for pid, name, handle in same:
            unique = handle and handles.count(handle) == 1
            shown[pid] = f"{name} (@{handle})" if unique else f"{name} ({pid})"
    return shown


class RosterEntry(msgspec.Struct):
    """One person's line in the roster of one Learning Day."""

    id: str
    """Slack user id."""
    name: str
    """Display name (shown literally, never as markup)."""
    tz_name: str | None
    """The person's IANA zone as imported (``None`` when unknown)."""
    tz: tzinfo
    """The zone actually used: ``tz_name`` or the configured default."""
    plan_iso: str | None
    """UTC time of their earliest plan post (stored ISO 8601 form), or ``None``; see
    :attr:`plan_at`. Kept as text so a company roster is built without parsing every time."""
    plan: str | None
    """That plan's plain text."""
    summary_iso: str | None
    """UTC time of their latest summary post (ISO 8601), or ``None``; see :attr:`summary_at`."""
    summary: str | None
    """That summary's plain text."""
    nudges: int
    """Nudges sent to them for this Learning Day (status ``sent``)."""
    last_nudge: NudgeRecord | None = None
    """Their latest nudge for this Learning Day, whatever its status."""
    deleted: bool = False
    """Their account is deactivated (they still appear if they posted that day)."""
    team: str | None = None
    """Their team, if known."""
    away: str | None = None
    """``None`` if expected that day; else the reason they are away ("" when none given).
    Away people are shown, never nudged, and not counted as missing."""

    @property
    def plan_at(self) -> datetime | None:
        """UTC time of their earliest plan post, or ``None``."""
        return _utc(self.plan_iso)

    @property
    def summary_at(self) -> datetime | None:
        """UTC time of their latest summary post, or ``None``."""
        return _utc(self.summary_iso)

    @property
    def has_plan(self) -> bool:
        """Whether they posted a plan."""
        return self.plan_iso is not None

    @property
    def has_summary(self) -> bool:
        """Whether they posted a summary."""
        return self.summary_iso is not None

    @property
    def expected(self) -> bool:
        """Whether they count in the day's totals: not away, or away but posted anyway."""
        return self.away is None or self.plan_iso is not None or self.summary_iso is not None


class HistoryRow(msgspec.Struct, frozen=True):
    """Counts of people for one Learning Day with data."""

    day: date
    roster: int
    """People on the roster (channel members who are people, plus anyone who posted)."""
    plans: int
    """People with a plan."""
    summaries: int
    """People with a summary."""
    both: int
    """People with both: the participation rate is ``both / roster``."""
    away: int = 0
    """People away that day who posted nothing (already left out of ``roster``)."""
    skipped: str | None = None
    """Why the Thursday was skipped (a company holiday), or ``None``."""

    @property
    def participation_rate(self) -> float:
        """Share of the roster with both a plan and a summary (0.0 to 1.0)."""
        return self.both / self.roster if self.roster else 0.0


class NudgeRecord(msgspec.Struct, frozen=True):
    """One row of the nudge ledger."""

    id: int
    person_id: str
    day: date
    kind: Kind
    created_at: datetime
    """When the nudge was started (UTC)."""
    status: NudgeStatus
    """See :class:`NudgeStatus` (never ``cooldown``)."""
    http_status: int | None = None
    error: str | None = None
    message: str | None = None
    attempts: int = 0
    target: str | None = None
    """Where it went: the webhook host only (never the secret URL)."""
    deadline: datetime | None = None
    """For a ``pending`` row: past this (UTC) it is ``interrupted`` (or ``cancelled`` if its
    request never started)."""
    started_at: datetime | None = None
    """When its request began (UTC); ``None`` while it waited for its turn."""
    via: str = "channel"
    """How it was sent: one of :data:`NUDGE_VIAS` (``channel``: a mention in the channel,
    ``dm``: a direct message)."""
    facilitator: str | None = None
    """Who nudged (a name, as recorded: make it inert to show it); ``None`` on rows older
    than the record of it."""


NUDGE_VIAS: tuple[str, ...] = ("channel", "dm", "geekbot")
"""How a nudge can reach a person (the ``nudge_via`` setting, ``ldtui nudge --via``):
``channel`` mentions everyone missing in one channel message (the webhook); ``dm`` sends each
person a direct message through the Slack Web API; ``geekbot`` has Geekbot ask them its
standup again, privately (``POST /v1/standups/{id}/start``). A new way is one more name here
and one more per-person sender in :mod:`ldtui.notify.nudger`."""

VIA_SHOWN: dict[str, str] = {"dm": "by direct message", "geekbot": "via Geekbot"}
"""How a ledger row's via is shown next to it (CLI lines, ``ldtui ledger``, the detail pane);
``channel`` rows show nothing extra."""


class DigestRecord(msgspec.Struct, frozen=True):
    """One digest (or addendum) posted for a Learning Day: see
    :meth:`ldtui.store.Store.record_digest`."""

    id: int
    day: date
    posted_at: datetime
    """When it was posted (UTC)."""
    platform: str | None
    """Where: the platform label (``Slack``), ``Slack thread`` or similar; never a secret."""
    addendum: bool
    post_ids: tuple[str, ...]
    """The summary posts it included, each ``"<channel id>/<ts>"``."""


class NudgeClaim(msgspec.Struct, frozen=True):
    """The answer of :meth:`ldtui.store.Store.claim_nudges` for one person and kind."""

    person_id: str
    kind: Kind
    nudge_id: int | None
    """The new ledger row (``pending``, or ``dry-run``) when claimed, else ``None``."""
    previous: NudgeRecord | None = None
    """When not claimed: the nudge within the cooldown that blocks it (``sent``, ``pending``
    or ``interrupted``)."""

    @property
    def claimed(self) -> bool:
        """Whether this process owns the nudge and may send it."""
        return self.nudge_id is not None


class SearchHit(msgspec.Struct, frozen=True):
    """One post that matched a full-text search."""

    person_id: str
    name: str
    day: date | None
    """The Learning Day the post counts for (``None`` for posts outside any)."""
    kind: Kind | None
    posted_at: datetime
    """UTC."""
    snippet: str
    """An excerpt of the plain text; each match is wrapped in :data:`MATCH_START` and
    :data:`MATCH_END` (control characters, never markup), for the screen to highlight."""
    channel_id: str
    ts: str


MATCH_START = "\x02"
"""Marks the start of a match in :attr:`SearchHit.snippet`."""
MATCH_END = "\x03"
"""Marks the end of a match in :attr:`SearchHit.snippet`."""


class NewPost(msgspec.Struct, frozen=True):
    """A post to store, as produced by an importer or ``ldtui post``."""

    channel_id: str
    ts: str
    """Slack ``ts`` kept as a string: it is an id, a float would lose digits."""
    person_id: str
    text: str
    """Text as sent (Slack formatting included)."""
    text_plain: str
    """Text as shown: Slack tokens turned into plain text."""
    posted_at: datetime
    """Aware UTC time."""
    edited_ts: str | None = None
    """``edited.ts`` when the message was edited (a later edit wins over an earlier one)."""
    thread_ts: str | None = None
    """Set on thread parents and replies (a reply has ``thread_ts != ts``)."""
    subtype: str | None = None
    """``None`` or a subtype that is still a person's post (``thread_broadcast``,
    ``file_share``, ``me_message``)."""
    kind_hint: Kind | None = None
    """Plan or summary as the source says (a Geekbot answer to the plan question); the
    Learning Day still comes from the time. ``None``: markers and the clock decide."""


class PostRow(NamedTuple):
    """A post as a bulk reader hands it over: the fields of :class:`NewPost` without its
    time as a datetime (the store reads the time from ``ts``: :func:`ldtui.slack_ts.to_iso`,
    :func:`ldtui.learning_day.classify_ts`) and without a ``kind_hint``. A tuple built with
    no checks, so a large export costs no object per post beyond it; the store writes it
    exactly as the :class:`NewPost` it stands for."""

    channel_id: str
    ts: str
    """Slack ``ts`` (checked by the reader: :func:`ldtui.slack_ts.problem`)."""
    person_id: str
    text: str
    text_plain: str
    edited_ts: str | None
    thread_ts: str | None
    subtype: str | None


class NewPerson(msgspec.Struct, frozen=True):
    """A person to store (from ``users.json``, the Slack API, Geekbot, or ``ldtui post``)."""

    id: str
    """Slack user id."""
    name: str
    """The name shown: for Slack users the first non-empty of ``profile.display_name``,
    ``real_name``, ``name``, and finally the id."""
    tz: str | None = None
    """IANA zone name, or ``None`` when the source has none (an empty zone keeps the stored
    one)."""
    deleted: bool = False
    """The account is deactivated."""
    is_bot: bool = False
    """A bot (also true for ``USLACKBOT``): never on a roster."""
    username: str = ""
    real_name: str = ""
    display_name: str = ""
    team: str | None = None
    """``None`` keeps the team already stored (imports do not know teams)."""
    extra: dict[str, Any] = msgspec.field(default_factory=dict)


class NewChannel(msgspec.Struct):
    """A channel to store: its id, its name, and its members (user ids; exactly these)."""

    id: str
    name: str
    members: list[str] = msgspec.field(default_factory=list)


@dataclass
class ImportBatch:
    """Everything one import writes, handed to :meth:`ldtui.store.Store.import_batch`, which
    writes it in ONE transaction.

    ``posts`` may be any iterable, read once: a streamed export hands a generator, so an
    export of any size imports in bounded memory (errors the generator raises roll the whole
    import back). Importers extend this class with what they counted while reading."""

    people: Sequence[NewPerson]
    """People from the source (a user list): inserted or updated by id. A zone a facilitator
    set is kept; a placeholder person becomes the real one."""
    channel: NewChannel
    """The channel of the posts, recorded with exactly its members."""
    posts: Iterable[NewPost | PostRow]
    """The posts; of two with the same ``ts`` the later wins. A bulk reader may hand
    :class:`PostRow` tuples instead of :class:`NewPost` objects (stored the same)."""
    settings: dict[str, str] = field(default_factory=dict, kw_only=True)
    """Store settings written in the same transaction (a sync cursor: it can never get ahead
    of the posts it covers)."""
    thread_anchors: list[ThreadAnchor] = field(default_factory=list, kw_only=True)
    """Top-level messages by bots that ``thread_under`` may answer under (they are not
    posts). Read after ``posts``: a streaming reader fills the list while its posts are
    read. The store keeps the first per channel, Learning Day and author."""


class ThreadAnchor(msgspec.Struct, frozen=True):
    """A top-level message a thread may hang under: ``author`` is a bot id (``B…``, the
    ``bot_id`` of a ``bot_message``) or a bot user's id (``U…``/``W…``); ``ts`` the message's
    Slack ts (a string) in channel ``channel_id``. Its Learning Day is worked out by the
    store (the author's zone if the people list has one, else the default zone)."""

    channel_id: str
    author: str
    ts: str


class PersonRow(msgspec.Struct, frozen=True):
    """One line of a people file (``None`` means "leave as stored")."""

    line: int
    """Line number in the file (the header is line 1)."""
    id: str
    name: str | None = None
    team: str | None = None
    """``""`` clears the team (written ``-`` in the file)."""
    tz: str | None = None
    mention_ids: dict[str, str] = msgspec.field(default_factory=dict)
    """Platform column -> id, for the people file's mention columns that are filled."""
