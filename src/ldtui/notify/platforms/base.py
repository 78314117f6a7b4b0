"""The rules every chat platform shares: recipients, messages, answers, splitting.

A :class:`Platform` knows one incoming webhook's payload, mention syntax, escaping, size limit,
spacing and how to read its answers (:class:`Outcome`: ok, retry, failed or gone); each
platform lives in its own module of :mod:`ldtui.notify.platforms` and cites the pages its
rules come from. No ``httpx`` here: the console imports these at start-up and
:mod:`ldtui.notify.sender` does the sending.

A person is a :class:`Recipient` with one id per platform. Someone without a (valid) id for
the configured platform is named in plain text, escaped for the platform, and reported by
:meth:`Platform.notes` so the facilitator can be told ("no Discord id for Ada: named, not
mentioned").
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, Literal

from ldtui.http_rules import parse_retry_after
from ldtui.learning_day import Kind
from ldtui.notify.wording import channel_reminder, reminder

__all__ = [
    "NOT_SENT_GONE",
    "PLATFORM_NAMES",
    "WEBHOOK_GONE",
    "Addressee",
    "Message",
    "MessageKind",
    "Outcome",
    "Platform",
    "PlatformName",
    "Recipient",
    "normalize_platform",
]

PlatformName = Literal["slack", "discord", "mattermost", "teams", "google-chat", "json"]
"""A chat platform ldtui can post to (the value of the ``webhook_kind`` setting)."""

PLATFORM_NAMES: tuple[PlatformName, ...] = (
    "slack",
    "discord",
    "mattermost",
    "teams",
    "google-chat",
    "json",
)
"""Every platform ldtui knows, in documentation order."""

MessageKind = Literal["plan", "summary", "digest"]
"""What a message is: a reminder for a missing plan or summary, or the day's digest."""

WEBHOOK_GONE = "webhook_gone"
""":attr:`Delivery.error` when the platform said the webhook no longer exists (stop using it)."""

NOT_SENT_GONE = "not sent: webhook gone"
""":attr:`Delivery.error` of the messages not sent because an earlier answer was "gone"."""

ERROR_TEXT_LIMIT = 200
"""Error texts taken from an answer body are trimmed to this many characters."""

NAME_LIMIT = 80
"""Names are shown with at most this many characters (``…`` marks a cut)."""

_ALIASES = {
    "msteams": "teams",
    "microsoft-teams": "teams",
    "workflows": "teams",
    "googlechat": "google-chat",
    "gchat": "google-chat",
    "google": "google-chat",
    "generic": "json",
}


def normalize_platform(value: str) -> PlatformName:
    """Return the platform name for a configured ``webhook_kind`` (case, ``_`` and aliases
    forgiven).

    ``"Google_Chat"`` and ``"gchat"`` give ``"google-chat"``; ``"msteams"`` gives ``"teams"``.

    Raises:
        ValueError: for a value that is not one of :data:`PLATFORM_NAMES` (or an alias of one).
    """
    key = str(value).strip().lower().replace("_", "-").replace(" ", "-")
    key = _ALIASES.get(key, key)
    for name in PLATFORM_NAMES:
        if key == name:
            return name
    raise ValueError(f"webhook_kind must be one of {', '.join(PLATFORM_NAMES)}; not {value!r}")


# --- people and messages -------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """A person to nudge: a display name and their mention id on each platform.

    ``ids`` maps a platform name (see :data:`PLATFORM_NAMES`) to the id used to mention the person
    there: Slack member id (``U123ABC``), Discord user id (a snowflake such as
    ``80351110224678912``), Mattermost username (``ada`` or ``@ada``), Teams user principal
    name (``ada@example.com``), Google Chat user id (``123456789`` or ``users/123456789``);
    ``json`` is passed through to home-grown bots. Keys are normalised like
    :func:`normalize_platform` (``google_chat`` works); empty ids are dropped. The mapping is
    read-only; recipients are hashable and compare by value.
    """

    name: str
    ids: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        clean: dict[str, str] = {}
        for key, value in dict(self.ids).items():
            if value is None or not str(value).strip():
                continue
            try:
                platform: str = normalize_platform(key)
            except ValueError:
                platform = str(key).strip().lower()
            clean[platform] = str(value).strip()
        object.__setattr__(self, "name", str(self.name or ""))
        object.__setattr__(self, "ids", MappingProxyType(clean))

    def __hash__(self) -> int:
        return hash((self.name, tuple(sorted(self.ids.items()))))

    def __repr__(self) -> str:
        return f"Recipient(name={self.name!r}, ids={dict(self.ids)!r})"


@dataclass(frozen=True)
class Message:
    """One message ready to POST.

    Attributes:
        payload: the JSON body.
        recipients: the people this message is for, in input order (duplicates included).
        text: the reminder text as shown in the chat (for the ledger and dry runs).
        indexes: each recipient's position in the sequence given to
            :meth:`Platform.messages` (parallel to ``recipients``), so callers can map
            deliveries back to their own rows.
    """

    payload: dict[str, Any]
    recipients: list[Recipient]
    text: str
    indexes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What an HTTP answer means (see :meth:`Platform.outcome`).

    Attributes:
        status: ``ok`` (delivered), ``retry`` (rate limited: try again), ``failed`` (do not
            retry this message) or ``gone`` (the webhook no longer exists: stop using it).
        after: for ``retry``, seconds to wait as the platform asked (None: no hint, back off);
            for ``ok``, seconds before the *next* request when the platform said its rate
            limit bucket is empty (Discord ``X-RateLimit-Remaining: 0``); else None.
        error: a short error text for ``failed``/``gone``/``retry`` (may hold the answer
            body; the sender scrubs the URL from it).
    """

    status: Literal["ok", "retry", "failed", "gone"]
    after: float | None = None
    error: str | None = None

    @classmethod
    def ok(cls, after: float | None = None) -> Outcome:
        """Delivered; ``after`` seconds to wait before the next request, if the platform said."""
        return cls("ok", after=after)

    @classmethod
    def retry(cls, after: float | None = None, error: str = "rate_limited") -> Outcome:
        """Rate limited: try again after ``after`` seconds (``None``: no hint given)."""
        return cls("retry", after=after, error=error)

    @classmethod
    def failed(cls, error: str) -> Outcome:
        """Not delivered, for the reason ``error`` (the platform's own words when it gave any)."""
        return cls("failed", error=error)

    @classmethod
    def gone(cls, error: str = WEBHOOK_GONE) -> Outcome:
        """The webhook no longer exists: send nothing more to it."""
        return cls("gone", error=error)


# --- small helpers ---------------------------------------------------------------------------


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup (httpx headers already are; plain dicts are not)."""
    value = headers.get(name)
    if value is not None:
        return value
    lower = name.lower()
    for key, val in headers.items():
        if str(key).lower() == lower:
            return val
    return None


def seconds_or_none(value: Any) -> float | None:
    """A finite, non-negative number of seconds, or None."""
    if isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def retry_after_hint(headers: Mapping[str, str]) -> float | None:
    """Seconds the ``Retry-After`` header of an answer asks to wait, or None (missing or
    unusable); parsed by :func:`ldtui.http_rules.parse_retry_after` (RFC 9110 section 10.2.3:
    delay-seconds or an HTTP-date; a date in the past gives 0)."""
    return parse_retry_after(header(headers, "Retry-After"))


def json_body(body: str) -> Any:
    """The answer body parsed as JSON, or None when it is not JSON."""
    try:
        return json.loads(body)
    except ValueError:
        return None


def trim(text: str, limit: int = ERROR_TEXT_LIMIT) -> str:
    """``text`` on one line, cut to ``limit`` characters (``…`` marks a cut)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def body_error(status: int, body: str) -> str:
    """The answer body as an error text, or ``HTTP <status>`` when it is empty."""
    return trim(body) or f"HTTP {status}"


def display_name(name: str) -> str:
    """One line, at most :data:`NAME_LIMIT` characters."""
    text = " ".join(str(name).split())
    if len(text) > NAME_LIMIT:
        text = text[: NAME_LIMIT - 1] + "…"
    return text


def utf16_units(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (Discord counts at least these)."""
    return len(text.encode("utf-16-le")) // 2


def utf8_bytes(text: str) -> int:
    """The length of ``text`` in UTF-8 bytes."""
    return len(text.encode("utf-8"))


def markdown_escape(text: str, specials: str) -> str:
    """``text`` with a backslash before each character of ``specials``."""
    return "".join("\\" + ch if ch in specials else ch for ch in text)


def neutralise_angles(text: str) -> str:
    """Replace ``<``/``>`` by ``‹``/``›`` where a platform documents no escape for them."""
    return text.replace("<", "\u2039").replace(">", "\u203a")


ZWSP = "\u200b"
"""Zero-width space: put after an ``@`` in a name so it mentions nobody."""


@dataclass
class Addressee:
    """People sharing one address in a message (the same mention, or the same escaped name)."""

    address: str
    mention_id: str | None
    name: str
    recipients: list[Recipient]
    indexes: list[int]


# --- platforms -------------------------------------------------------------------------------


class Platform:
    """Rules of one chat platform's incoming webhook. Use :func:`platform_for` to get one.

    Class attributes (overridable per instance through :func:`platform_for`):
        name: one of :data:`PLATFORM_NAMES` (the ``webhook_kind`` that selects it).
        label: the platform's name for people ("Discord").
        limit: the largest message, in :attr:`unit` (see :meth:`size`).
        unit: ``characters``, ``UTF-16 code units`` or ``bytes``.
        spacing: the least number of seconds between two requests to one webhook.
        max_mentions: the most people mentioned in one message, or None for no cap (the
            size limit still applies).
    """

    name: ClassVar[PlatformName]
    label: ClassVar[str] = ""
    limit: int = 4000
    unit: ClassVar[str] = "characters"
    spacing: float = 1.0
    max_mentions: int | None = None

    def __init__(
        self,
        *,
        spacing: float | None = None,
        limit: int | None = None,
        max_mentions: int | None | Literal["default"] = "default",
    ) -> None:
        if spacing is not None:
            if not math.isfinite(spacing) or spacing < 0:
                raise ValueError("spacing must be a non-negative number of seconds")
            self.spacing = float(spacing)
        if limit is not None:
            if limit < 200:
                raise ValueError("limit is too small for a reminder")
            self.limit = int(limit)
        if max_mentions != "default":
            if max_mentions is not None and max_mentions < 1:
                raise ValueError("max_mentions must be at least 1 (or None)")
            self.max_mentions = max_mentions

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(limit={self.limit}, spacing={self.spacing}, "
            f"max_mentions={self.max_mentions})"
        )

    # -- to be provided by each platform

    def mention(self, mention_id: str) -> str:
        """The markup that mentions ``mention_id``; ValueError for an invalid id."""
        raise NotImplementedError

    def escape(self, name: str) -> str:
        """A name made safe to show literally in a message."""
        raise NotImplementedError

    def payload(
        self, text: str, groups: Sequence[Addressee], kind: MessageKind, day: datetime.date
    ) -> dict[str, Any]:
        """The JSON body of one message with ``text`` mentioning ``groups`` (the platform's
        documented shape; see each subclass for its source). ``kind`` is what the message
        is: ``plan`` or ``summary`` (a reminder) or ``digest``."""
        raise NotImplementedError

    def size(self, text: str, payload: dict[str, Any]) -> int:
        """How big a message is, in :attr:`unit`, to compare with :attr:`limit`."""
        return len(text)

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        """Read an HTTP answer: ok, retry (rate limited), failed or gone."""
        raise NotImplementedError

    # -- shared

    def _valid_id(self, recipient: Recipient) -> tuple[str | None, str | None]:
        """``(id, None)`` for a usable id, ``(None, reason)`` otherwise."""
        raw = recipient.ids.get(self.name)
        if raw is None:
            return None, "no"
        try:
            self.mention(raw)
        except ValueError:
            return None, "invalid"
        return raw, None

    def mention_id(self, recipient: Recipient) -> str | None:
        """The recipient's valid id on this platform, or None (missing or invalid)."""
        return self._valid_id(recipient)[0]

    def unmentioned(self, recipients: Sequence[Recipient]) -> list[Recipient]:
        """Recipients with no valid id for this platform: they are named, not mentioned."""
        return [r for r in recipients if self.mention_id(r) is None]

    def notes(self, recipients: Sequence[Recipient]) -> list[str]:
        """One line per unmentioned recipient, for the facilitator (each person once).

        ``no Discord id for Ada: named, not mentioned`` or
        ``invalid Discord id 'x1' for Ada: named, not mentioned``.
        """
        lines: list[str] = []
        for r in recipients:
            mention_id, reason = self._valid_id(r)
            if mention_id is not None:
                continue
            who = display_name(r.name) or "someone"
            if reason == "invalid":
                line = f"invalid {self.label} id {r.ids.get(self.name)!r} for {who}"
            else:
                line = f"no {self.label} id for {who}"
            line += ": named, not mentioned"
            if line not in lines:
                lines.append(line)
        return lines

    def address(self, recipient: Recipient) -> str:
        """How the recipient appears in the text: a mention, or the escaped name.

        Raises:
            ValueError: if the recipient has neither a valid id nor a name.
        """
        mention_id = self.mention_id(recipient)
        if mention_id is not None:
            return self._mention_for(mention_id, recipient)
        name = display_name(recipient.name)
        if not name:
            raise ValueError(f"a person needs a {self.label} id or a name")
        return self.escape(name)

    def _mention_for(self, mention_id: str, recipient: Recipient) -> str:
        return self.mention(mention_id)

    def _groups(self, recipients: Sequence[Recipient]) -> list[Addressee]:
        groups: dict[tuple[str, str], Addressee] = {}
        for index, r in enumerate(recipients):
            addr = self.address(r)
            mention_id = self.mention_id(r)
            # The same person (same id) once; people without id once per shown name.
            key = ("id", self.mention(mention_id)) if mention_id is not None else ("name", addr)
            group = groups.get(key)
            if group is None:
                group = groups[key] = Addressee(addr, mention_id, display_name(r.name), [], [])
            group.recipients.append(r)
            group.indexes.append(index)
        return list(groups.values())

    def _build(
        self,
        groups: Sequence[Addressee],
        kind: Kind,
        day: datetime.date,
        template: str | None = None,
        count: int = 0,
    ) -> Message:
        addresses = [g.address for g in groups]
        if template:
            text = channel_reminder(
                template, addresses=addresses, kind=kind, day=day, count=count, escape=self.escape
            )
        else:
            text = reminder(addresses, kind, day)
        payload = self.payload(text, groups, kind, day)
        pairs = sorted((i, r) for g in groups for i, r in zip(g.indexes, g.recipients, strict=True))
        return Message(
            payload=payload,
            recipients=[r for _, r in pairs],
            text=text,
            indexes=tuple(i for i, _ in pairs),
        )

    def _fits(self, message: Message, groups: Sequence[Addressee]) -> bool:
        if self.max_mentions is not None:
            if sum(1 for g in groups if g.mention_id is not None) > self.max_mentions:
                return False
        return self.size(message.text, message.payload) <= self.limit

    def _attempt(
        self,
        chunk: Sequence[Addressee],
        kind: Kind,
        day: datetime.date,
        template: str | None = None,
        count: int = 0,
    ) -> Message | None:
        """The message for ``chunk``, or None when it is over a limit."""
        message = self._build(chunk, kind, day, template, count)
        return message if self._fits(message, chunk) else None

    def messages(
        self,
        recipients: Sequence[Recipient],
        kind: Kind,
        day: datetime.date,
        *,
        template: str | None = None,
        count: int = 0,
    ) -> list[Message]:
        """Write the reminders for ``recipients``: as few messages as the platform allows.

        Everyone goes into one message mentioning them all, split (in order) only where a
        message would exceed :attr:`limit` or :attr:`max_mentions`. People with the same
        address (same id, or same name without id) are mentioned once. The wording is
        :func:`ldtui.notify.wording.reminder` ("Hi A, B and C, friendly Learning Day
        reminder: your plans for Thursday 12 Nov 2026 are not posted yet. ..."), or
        ``template`` (a ``[templates]`` ``channel_plan``/``channel_summary`` text, checked
        by :func:`ldtui.notify.wording.check_template`) filled by
        :func:`ldtui.notify.wording.channel_reminder`: mentions made here, the rest escaped
        with :meth:`escape`.

        Args:
            recipients: the people, at least one.
            kind: ``"plan"`` or ``"summary"``.
            day: the Learning Day.
            template: the channel template, or ``None`` for the default wording.
            count: how many colleagues have posted theirs (the template's ``{count}``).

        Returns:
            The messages, in order; together their ``recipients`` are exactly the input.

        Raises:
            ValueError: no recipients, unknown ``kind``, or a person with neither a valid
                id nor a name.
        """
        if kind not in ("plan", "summary"):
            raise ValueError(f"kind must be 'plan' or 'summary', not {kind!r}")
        groups = self._groups(recipients)
        if not groups:
            raise ValueError("nobody to nudge")
        # Greedy packing (the fewest messages for an order-preserving split), found with a
        # galloping then binary search over how many people fit: sizes only grow as people
        # are added, and it builds O(log n) candidate messages per message instead of O(n).
        out: list[Message] = []
        start = 0
        while start < len(groups):
            best = self._attempt(groups[start : start + 1], kind, day, template, count)
            if best is None:
                raise ValueError(f"one reminder is larger than the {self.label} limit")
            good, step = start + 1, 1
            bad = len(groups) + 1
            while good < len(groups):  # gallop: 2, 3, 5, 9... people
                end = min(good + step, len(groups))
                message = self._attempt(groups[start:end], kind, day, template, count)
                if message is None:
                    bad = end
                    break
                good, best, step = end, message, step * 2
            while bad - good > 1:  # largest fitting end in (good, bad)
                mid = (good + bad) // 2
                message = self._attempt(groups[start:mid], kind, day, template, count)
                if message is None:
                    bad = mid
                else:
                    good, best = mid, message
            out.append(best)
            start = good
        return out
