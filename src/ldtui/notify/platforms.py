"""Chat platforms a nudge can go to: payload, mentions, escaping, splitting, answers.

ldtui posts nudges to the team chat's *incoming webhook*. Each platform has its own JSON
payload, mention syntax, escaping, message size limit, rate limit and way of saying "done".
This module knows those rules and nothing about HTTP (no ``httpx`` import here: the console
imports it at start-up; :mod:`ldtui.notify.webhook` does the sending).

=============  ====================  ===============  ==================  =========  ========
kind           payload               mention          limit per message   spacing    success
=============  ====================  ===============  ==================  =========  ========
slack          ``{"text"}``          ``<@U123>``      4,000 characters    1.0 s      200 ok
discord        ``{"content", ...}``  ``<@1234...>``   2,000 characters,   0.5 s      204/200
                                                      100 mentions
mattermost     ``{"text"}``          ``@username``    16,383 characters   0.5 s      200 ok
teams          Adaptive Card         ``<at>Name</at>``  27,000 bytes of   1.0 s      200/202
                                                      JSON payload
google-chat    ``{"text"}``          ``<users/123>``  32,000 bytes        1.0 s      200 JSON
json           ``{"day", "kind",     plain name       40,000 characters   0.5 s      any 2xx
               "people", "text"}``
=============  ====================  ===============  ==================  =========  ========

Sources (each platform class cites the pages its rules come from):

* Slack: https://api.slack.com/messaging/webhooks,
  https://api.slack.com/reference/surfaces/formatting, https://api.slack.com/apis/rate-limits
* Discord: https://discord.com/developers/docs/resources/webhook#execute-webhook,
  https://discord.com/developers/docs/resources/message#allowed-mentions-object,
  https://discord.com/developers/docs/topics/rate-limits
* Mattermost: https://developers.mattermost.com/integrate/webhooks/incoming/
* Microsoft Teams: https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards
  and https://support.microsoft.com/en-us/office/create-incoming-webhooks-with-workflows-for-microsoft-teams-8ae491c7-0394-4861-ba59-055e33f75498
* Google Chat: https://developers.google.com/workspace/chat/quickstart/webhooks,
  https://developers.google.com/workspace/chat/format-messages,
  https://developers.google.com/workspace/chat/limits

A person is a :class:`Recipient` with one id per platform. Someone without a (valid) id for
the configured platform is named in plain text, escaped for the platform, and reported by
:meth:`Platform.notes` so the facilitator can be told ("no Discord id for Ada: named, not
mentioned").
"""

from __future__ import annotations

import datetime
import email.utils
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

from ldtui.notify import slack

__all__ = [
    "KINDS",
    "NOT_SENT_GONE",
    "WEBHOOK_GONE",
    "Discord",
    "GenericJson",
    "GoogleChat",
    "Mattermost",
    "Message",
    "MicrosoftTeams",
    "Outcome",
    "Platform",
    "Recipient",
    "Slack",
    "guess_kind",
    "normalize_kind",
    "platform_for",
    "resolve_kind",
]

Kind = Literal["plan", "summary"]

KINDS: tuple[str, ...] = ("slack", "discord", "mattermost", "teams", "google-chat", "json")
"""Every ``webhook_kind`` ldtui knows, in documentation order."""

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


def normalize_kind(kind: str) -> str:
    """Return the canonical kind for a configured value (case, ``_`` and aliases forgiven).

    ``"Google_Chat"`` and ``"gchat"`` give ``"google-chat"``; ``"msteams"`` gives ``"teams"``.

    Raises:
        ValueError: for a kind that is not one of :data:`KINDS` (or an alias of one).
    """
    key = str(kind).strip().lower().replace("_", "-").replace(" ", "-")
    key = _ALIASES.get(key, key)
    if key not in KINDS:
        raise ValueError(f"webhook_kind must be one of {', '.join(KINDS)}; not {kind!r}")
    return key


# --- people and messages -------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """A person to nudge: a display name and their mention id on each platform.

    ``ids`` maps a platform kind (see :data:`KINDS`) to the id used to mention the person
    there: Slack member id (``U123ABC``), Discord user id (a snowflake such as
    ``80351110224678912``), Mattermost username (``ada`` or ``@ada``), Teams user principal
    name (``ada@example.com``), Google Chat user id (``123456789`` or ``users/123456789``);
    ``json`` is passed through to home-grown bots. Keys are normalised like
    :func:`normalize_kind` (``google_chat`` works); empty ids are dropped. The mapping is
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
                kind = normalize_kind(key)
            except ValueError:
                kind = str(key).strip().lower()
            clean[kind] = str(value).strip()
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


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup (httpx headers already are; plain dicts are not)."""
    value = headers.get(name)
    if value is not None:
        return value
    lower = name.lower()
    for key, val in headers.items():
        if str(key).lower() == lower:
            return val
    return None


def _seconds(value: Any) -> float | None:
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


def retry_after_header(headers: Mapping[str, str]) -> float | None:
    """Seconds from a ``Retry-After`` header: delay-seconds or an HTTP date (RFC 9110 10.2.3).

    Returns None when the header is missing, negative or unparseable; a date in the past
    gives 0.
    """
    raw = _header(headers, "Retry-After")
    if raw is None:
        return None
    raw = str(raw).strip()
    seconds = _seconds(raw)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


def _json(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _trim(text: str, limit: int = ERROR_TEXT_LIMIT) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _body_error(status: int, body: str) -> str:
    return _trim(body) or f"HTTP {status}"


def _display_name(name: str) -> str:
    """One line, at most :data:`NAME_LIMIT` characters."""
    text = " ".join(str(name).split())
    if len(text) > NAME_LIMIT:
        text = text[: NAME_LIMIT - 1] + "…"
    return text


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def _markdown_escape(text: str, specials: str) -> str:
    return "".join("\\" + ch if ch in specials else ch for ch in text)


def _neutralise_angles(text: str) -> str:
    """Replace ``<``/``>`` by ``‹``/``›`` where a platform documents no escape for them."""
    return text.replace("<", "\u2039").replace(">", "\u203a")


_ZWSP = "\u200b"


@dataclass
class _Group:
    """People sharing one address (the same mention, or the same escaped name)."""

    address: str
    mention_id: str | None
    name: str
    recipients: list[Recipient]
    indexes: list[int]


# --- platforms -------------------------------------------------------------------------------


class Platform:
    """Rules of one chat platform's incoming webhook. Use :func:`platform_for` to get one.

    Class attributes (overridable per instance through :func:`platform_for`):
        kind: one of :data:`KINDS`.
        label: the platform's name for people ("Discord").
        limit: the largest message, in :attr:`unit` (see :meth:`size`).
        unit: ``characters``, ``UTF-16 code units`` or ``bytes``.
        spacing: the least number of seconds between two requests to one webhook.
        max_mentions: the most people mentioned in one message, or None for no cap (the
            size limit still applies).
    """

    kind: ClassVar[str] = ""
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
        self, text: str, groups: Sequence[_Group], kind: Kind, day: datetime.date
    ) -> dict[str, Any]:
        """The JSON body of one message with ``text`` mentioning ``groups`` (the platform's
        documented shape; see each subclass for its source)."""
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
        raw = recipient.ids.get(self.kind)
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
            who = _display_name(r.name) or "someone"
            if reason == "invalid":
                line = f"invalid {self.label} id {r.ids.get(self.kind)!r} for {who}"
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
        name = _display_name(recipient.name)
        if not name:
            raise ValueError(f"a person needs a {self.label} id or a name")
        return self.escape(name)

    def _mention_for(self, mention_id: str, recipient: Recipient) -> str:
        return self.mention(mention_id)

    def _groups(self, recipients: Sequence[Recipient]) -> list[_Group]:
        groups: dict[tuple[str, str], _Group] = {}
        for index, r in enumerate(recipients):
            addr = self.address(r)
            mention_id = self.mention_id(r)
            # The same person (same id) once; people without id once per shown name.
            key = ("id", self.mention(mention_id)) if mention_id is not None else ("name", addr)
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(addr, mention_id, _display_name(r.name), [], [])
            group.recipients.append(r)
            group.indexes.append(index)
        return list(groups.values())

    def _build(self, groups: Sequence[_Group], kind: Kind, day: datetime.date) -> Message:
        text = slack.reminder([g.address for g in groups], kind, day)
        payload = self.payload(text, groups, kind, day)
        pairs = sorted((i, r) for g in groups for i, r in zip(g.indexes, g.recipients, strict=True))
        return Message(
            payload=payload,
            recipients=[r for _, r in pairs],
            text=text,
            indexes=tuple(i for i, _ in pairs),
        )

    def _fits(self, message: Message, groups: Sequence[_Group]) -> bool:
        if self.max_mentions is not None:
            if sum(1 for g in groups if g.mention_id is not None) > self.max_mentions:
                return False
        return self.size(message.text, message.payload) <= self.limit

    def _attempt(self, chunk: Sequence[_Group], kind: Kind, day: datetime.date) -> Message | None:
        """The message for ``chunk``, or None when it is over a limit."""
        message = self._build(chunk, kind, day)
        return message if self._fits(message, chunk) else None

    def messages(
        self, recipients: Sequence[Recipient], kind: Kind, day: datetime.date
    ) -> list[Message]:
        """Write the reminders for ``recipients``: as few messages as the platform allows.

        Everyone goes into one message mentioning them all, split (in order) only where a
        message would exceed :attr:`limit` or :attr:`max_mentions`. People with the same
        address (same id, or same name without id) are mentioned once. The wording is
        :func:`ldtui.notify.slack.reminder` ("Hi A, B and C, friendly Learning Day
        reminder: your plans for Thursday 12 Nov 2026 are not posted yet. ...").

        Args:
            recipients: the people, at least one.
            kind: ``"plan"`` or ``"summary"``.
            day: the Learning Day.

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
            best = self._attempt(groups[start : start + 1], kind, day)
            if best is None:
                raise ValueError(f"one reminder is larger than the {self.label} limit")
            good, step = start + 1, 1
            bad = len(groups) + 1
            while good < len(groups):  # gallop: 2, 3, 5, 9... people
                end = min(good + step, len(groups))
                message = self._attempt(groups[start:end], kind, day)
                if message is None:
                    bad = end
                    break
                good, best, step = end, message, step * 2
            while bad - good > 1:  # largest fitting end in (good, bad)
                mid = (good + bad) // 2
                message = self._attempt(groups[start:mid], kind, day)
                if message is None:
                    bad = mid
                else:
                    good, best = mid, message
            out.append(best)
            start = good
        return out


class Slack(Platform):
    """Slack incoming webhook.

    * Payload ``{"text": ...}``: https://api.slack.com/messaging/webhooks
    * Mention ``<@U123>``, escape ``&``, ``<``, ``>``:
      https://api.slack.com/reference/surfaces/formatting#mentioning-users and #escaping
    * 4,000 characters: Slack advises keeping ``text`` under 4,000 characters (it truncates
      at 40,000): https://api.slack.com/methods/chat.postMessage#truncating
    * About one message per second per webhook:
      https://api.slack.com/apis/rate-limits#incoming-webhooks; 429 carries ``Retry-After``.
    * Success is ``200 ok``; errors are texts in the body (``channel_not_found``...);
      ``no_service`` means the webhook is disabled, removed or invalid (gone):
      https://api.slack.com/messaging/webhooks#handling_errors
    """

    kind = "slack"
    label = "Slack"
    limit = 4000
    spacing = 1.0

    def mention(self, mention_id: str) -> str:
        return slack.mention(mention_id)

    def escape(self, name: str) -> str:
        return slack.escape(name)

    def payload(
        self, text: str, groups: Sequence[_Group], kind: Kind, day: datetime.date
    ) -> dict[str, Any]:
        return slack.payload(text)

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        text = body.strip()
        if status == 200 and text == "ok":
            return Outcome.ok()
        if status == 429:
            return Outcome.retry(retry_after_header(headers))
        if text == "no_service":
            return Outcome.gone()
        return Outcome.failed(_body_error(status, body))


_DISCORD_ID = re.compile(r"\d{15,21}")


class Discord(Platform):
    """Discord webhook (Execute Webhook).

    * Payload ``{"content", "allowed_mentions"}``; ``content`` is at most 2,000 characters
      (counted here in UTF-16 code units, never fewer than Discord's count):
      https://discord.com/developers/docs/resources/webhook#execute-webhook
    * ``allowed_mentions = {"parse": [], "users": [ids]}``: only the nudged people can be
      pinged (no ``@everyone``, no roles, no one named in a display name); ``users`` holds
      at most 100 ids, hence :attr:`max_mentions` 100:
      https://discord.com/developers/docs/resources/message#allowed-mentions-object
    * Mention ``<@ID>`` with a numeric snowflake id; Markdown is escaped with ``\\``:
      https://discord.com/developers/docs/reference#message-formatting
    * Success ``204 No Content`` (``200`` and the message with ``?wait=true``).
    * Rate limits: ``429`` with JSON ``{"retry_after": 0.25, "global": false}`` (seconds, a
      float) and a ``Retry-After`` header; ``X-RateLimit-Remaining: 0`` with
      ``X-RateLimit-Reset-After`` says to wait before the next request. About 5 requests per
      2 s per webhook, hence 0.5 s spacing: https://discord.com/developers/docs/topics/rate-limits
    * ``404`` ``{"message": "Unknown Webhook", "code": 10015}``: the webhook was deleted;
      ``401`` (``Invalid Webhook Token``, 50027): the URL no longer works. Both are "gone":
      https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
    """

    kind = "discord"
    label = "Discord"
    limit = 2000
    unit = "UTF-16 code units"
    spacing = 0.5
    max_mentions = 100

    _SPECIALS = "\\*_~`|<>[]()#"

    def mention(self, mention_id: str) -> str:
        uid = mention_id.strip()
        if not _DISCORD_ID.fullmatch(uid):
            raise ValueError(f"invalid Discord user id: {uid!r}")
        return f"<@{uid}>"

    def escape(self, name: str) -> str:
        return _markdown_escape(name, self._SPECIALS)

    def payload(
        self, text: str, groups: Sequence[_Group], kind: Kind, day: datetime.date
    ) -> dict[str, Any]:
        users: list[str] = []
        for g in groups:
            if g.mention_id is not None and g.mention_id not in users:
                users.append(g.mention_id)
        return {"content": text, "allowed_mentions": {"parse": [], "users": users}}

    def size(self, text: str, payload: dict[str, Any]) -> int:
        return _utf16_units(text)

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        if status in (200, 204):
            after = None
            if str(_header(headers, "X-RateLimit-Remaining") or "").strip() == "0":
                after = _seconds(_header(headers, "X-RateLimit-Reset-After"))
            return Outcome.ok(after)
        data = _json(body)
        if status == 429:
            after = _seconds(data.get("retry_after")) if isinstance(data, dict) else None
            if after is None:
                after = retry_after_header(headers)
            return Outcome.retry(after)
        if status in (401, 404):
            return Outcome.gone()
        if isinstance(data, dict) and data.get("message"):
            code = data.get("code")
            text = str(data["message"]) + (f" ({code})" if code not in (None, "") else "")
            return Outcome.failed(_trim(text))
        return Outcome.failed(_body_error(status, body))


_MATTERMOST_USER = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_MATTERMOST_SPECIAL = frozenset({"all", "channel", "here"})


class Mattermost(Platform):
    """Mattermost incoming webhook.

    * Payload ``{"text": ...}``, success ``200`` with body ``ok``; the text may hold 16,383
      characters (longer text is split into several messages by ldtui):
      https://developers.mattermost.com/integrate/webhooks/incoming/
    * Mention ``@username`` (lower-case letters, digits, ``.``, ``-``, ``_``); ``@all``,
      ``@channel`` and ``@here`` are refused as ids:
      https://docs.mattermost.com/collaborate/mention-people.html
    * Text is Markdown: names are backslash-escaped, ``&`` too (entities are decoded), and an
      ``@`` in a name is followed by a zero-width space so it cannot mention anyone:
      https://docs.mattermost.com/collaborate/format-messages.html
    * Errors are JSON ``{"id", "message", "status_code"}``; 429 honours ``Retry-After``.
      Mattermost rate limiting is per server; 0.5 s spacing is a polite default.
    """

    kind = "mattermost"
    label = "Mattermost"
    limit = 16383
    spacing = 0.5

    _SPECIALS = "\\*_~`|<>[]()#&"

    def mention(self, mention_id: str) -> str:
        user = mention_id.strip().removeprefix("@").lower()
        if not _MATTERMOST_USER.fullmatch(user) or user in _MATTERMOST_SPECIAL:
            raise ValueError(f"invalid Mattermost username: {mention_id!r}")
        return f"@{user}"

    def escape(self, name: str) -> str:
        return _markdown_escape(name, self._SPECIALS).replace("@", "@" + _ZWSP)

    def payload(
        self, text: str, groups: Sequence[_Group], kind: Kind, day: datetime.date
    ) -> dict[str, Any]:
        return {"text": text}

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        if status == 200:
            return Outcome.ok()
        if status == 429:
            return Outcome.retry(retry_after_header(headers))
        data = _json(body)
        if isinstance(data, dict) and data.get("message"):
            return Outcome.failed(_trim(str(data["message"])))
        return Outcome.failed(_body_error(status, body))


_TEAMS_FAILURE = re.compile(r"failed|Microsoft Teams endpoint returned HTTP error", re.I)


class MicrosoftTeams(Platform):
    """Microsoft Teams "Workflows" webhook (Power Automate), or a legacy connector URL.

    * Payload: a ``message`` with one Adaptive Card attachment; each mention is
      ``<at>Name</at>`` in the ``TextBlock`` and an entity in ``msteams.entities`` whose
      ``mentioned.id`` is the user principal name:
      https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards
    * Workflows webhooks: https://support.microsoft.com/en-us/office/create-incoming-webhooks-with-workflows-for-microsoft-teams-8ae491c7-0394-4861-ba59-055e33f75498
    * Size: a Teams message holds about 28 KB
      (https://learn.microsoft.com/en-us/connectors/teams/#known-issues-and-limitations);
      the JSON payload is kept under 27,000 bytes.
    * Success is ``200`` or ``202``. Teams may answer ``200`` although delivery failed,
      with a body like ``Webhook message delivery failed with error: Microsoft Teams
      endpoint returned HTTP error 400 ...`` or a JSON ``{"error": ...}``: that is a failure
      (https://github.com/MicrosoftDocs/msteams-docs/issues/4145).
    * Adaptive Cards have no escape for ``<``/``>``, and ``<at>`` is mention markup, so in
      names they become ``‹``/``›``; backslash escapes of Markdown render differently on
      desktop and mobile (https://github.com/MicrosoftDocs/msteams-docs/issues/5793), so
      other characters are left as they are.
    * 429 honours ``Retry-After``; 1 s spacing stays well inside the connector limits
      (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#rate-limiting-for-connectors).
    """

    kind = "teams"
    label = "Teams"
    limit = 27000
    unit = "bytes"
    spacing = 1.0

    def mention(self, mention_id: str) -> str:
        upn = mention_id.strip()
        if not upn or len(upn) > 256 or any(ch.isspace() or ch in '<>"' for ch in upn):
            raise ValueError(f"invalid Teams user id: {mention_id!r}")
        return upn

    def escape(self, name: str) -> str:
        return _neutralise_angles(name)

    def _at(self, name: str) -> str:
        return f"<at>{name}</at>"

    def _mention_for(self, mention_id: str, recipient: Recipient) -> str:
        name = _display_name(recipient.name) or mention_id.strip()
        return self._at(self.escape(name))

    def payload(
        self, text: str, groups: Sequence[_Group], kind: Kind, day: datetime.date
    ) -> dict[str, Any]:
        entities: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for g in groups:
            if g.mention_id is None:
                continue
            upn = g.mention_id.strip()
            name = self.escape(g.name or upn)
            if (upn, name) in seen:
                continue
            seen.add((upn, name))
            entities.append(
                {
                    "type": "mention",
                    "text": self._at(name),
                    "mentioned": {"id": upn, "name": name},
                }
            )
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "type": "AdaptiveCard",
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "version": "1.4",
                        "body": [{"type": "TextBlock", "text": text, "wrap": True}],
                        "msteams": {"entities": entities},
                    },
                }
            ],
        }

    def size(self, text: str, payload: dict[str, Any]) -> int:
        return _utf8_bytes(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        if status == 429:
            return Outcome.retry(retry_after_header(headers))
        data = _json(body)
        error = data.get("error") if isinstance(data, dict) else None
        if error:
            if isinstance(error, dict):
                detail = error.get("message") or error.get("code") or json.dumps(error)
            else:
                detail = error
            return Outcome.failed(_trim(str(detail)))
        if status in (200, 202):
            if _TEAMS_FAILURE.search(body):
                return Outcome.failed(_trim(body))
            return Outcome.ok()
        return Outcome.failed(_body_error(status, body))


_GOOGLE_USER = re.compile(r"[A-Za-z0-9_-]{1,128}")


class GoogleChat(Platform):
    """Google Chat incoming webhook.

    * Payload ``{"text": ...}``; success ``200`` with the created message as JSON:
      https://developers.google.com/workspace/chat/quickstart/webhooks
    * Mention ``<users/USER_ID>`` (``<users/all>`` is refused as an id):
      https://developers.google.com/workspace/chat/format-messages#messages-@mention
    * A message holds at most 32,000 bytes (UTF-8 here):
      https://developers.google.com/workspace/chat/create-messages
    * Webhook text uses the Chat markup, which documents no escape: ``<``/``>`` in names
      become ``‹``/``›`` so a name can neither mention nor link; ``*``, ``_``, ``~`` and
      backquotes are left as they are:
      https://developers.google.com/workspace/chat/format-messages
    * 60 writes per minute per space, hence 1 s spacing; ``429`` means back off (with
      ``Retry-After`` when given): https://developers.google.com/workspace/chat/limits
    * Errors are JSON ``{"error": {"code", "message", "status"}}``.
    """

    kind = "google-chat"
    label = "Google Chat"
    limit = 32000
    unit = "bytes"
    spacing = 1.0

    def mention(self, mention_id: str) -> str:
        uid = mention_id.strip().removeprefix("users/")
        if not _GOOGLE_USER.fullmatch(uid) or uid.lower() == "all":
            raise ValueError(f"invalid Google Chat user id: {mention_id!r}")
        return f"<users/{uid}>"

    def escape(self, name: str) -> str:
        return _neutralise_angles(name)

    def payload(
        self, text: str, groups: Sequence[_Group], kind: Kind, day: datetime.date
    ) -> dict[str, Any]:
        return {"text": text}

    def size(self, text: str, payload: dict[str, Any]) -> int:
        return _utf8_bytes(text)

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        data = _json(body)
        if status == 200:
            if isinstance(data, dict) and "error" not in data:
                return Outcome.ok()
            return Outcome.failed("unexpected answer: " + _body_error(status, body))
        if status == 429:
            return Outcome.retry(retry_after_header(headers))
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict) and error.get("message"):
            state = error.get("status")
            text = str(error["message"]) + (f" ({state})" if state else "")
            return Outcome.failed(_trim(text))
        return Outcome.failed(_body_error(status, body))


class GenericJson(Platform):
    """A home-grown bot: ldtui POSTs the facts and lets the bot word and route them.

    Payload::

        {"day": "2026-11-12", "kind": "plan",
         "people": [{"id": "ada" | null, "name": "Ada"}, ...],
         "text": "Hi Ada and Bob, friendly Learning Day reminder: ..."}

    ``id`` is the recipient's ``json`` id (None when absent); ``text`` names people as
    they are (no markup, no escaping: the bot decides). Any ``2xx`` is success; ``429``
    honours ``Retry-After``; ``410 Gone`` means the endpoint is gone (RFC 9110 15.5.11).
    """

    kind = "json"
    label = "JSON"
    limit = 40000
    spacing = 0.5

    def mention(self, mention_id: str) -> str:
        if not mention_id.strip():
            raise ValueError("empty id")
        return mention_id.strip()

    def escape(self, name: str) -> str:
        return name

    def _mention_for(self, mention_id: str, recipient: Recipient) -> str:
        return _display_name(recipient.name) or mention_id

    def payload(
        self, text: str, groups: Sequence[_Group], kind: Kind, day: datetime.date
    ) -> dict[str, Any]:
        people = [{"id": g.mention_id, "name": g.name or g.mention_id} for g in groups]
        return {"day": day.isoformat(), "kind": kind, "people": people, "text": text}

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        if 200 <= status < 300:
            return Outcome.ok()
        if status == 429:
            return Outcome.retry(retry_after_header(headers))
        if status == 410:
            return Outcome.gone()
        return Outcome.failed(_body_error(status, body))


_PLATFORMS: dict[str, type[Platform]] = {
    "slack": Slack,
    "discord": Discord,
    "mattermost": Mattermost,
    "teams": MicrosoftTeams,
    "google-chat": GoogleChat,
    "json": GenericJson,
}


def platform_for(
    kind: str,
    *,
    spacing: float | None = None,
    limit: int | None = None,
    max_mentions: int | None | Literal["default"] = "default",
) -> Platform:
    """Return the :class:`Platform` for a ``webhook_kind`` (see :data:`KINDS`).

    Args:
        kind: ``slack``, ``discord``, ``mattermost``, ``teams``, ``google-chat`` or ``json``
            (case and ``_`` forgiven; see :func:`normalize_kind`).
        spacing: override the seconds between requests (tests use a small value).
        limit: override the message size limit (in the platform's unit).
        max_mentions: override the mention cap (None: no cap).

    Raises:
        ValueError: unknown kind or a bad override.
    """
    return _PLATFORMS[normalize_kind(kind)](spacing=spacing, limit=limit, max_mentions=max_mentions)


_DISCORD_HOSTS = ("discord.com", "discordapp.com")
_DISCORD_PATH = re.compile(r"/api(/v\d+)?/webhooks/", re.I)
_TEAMS_SUFFIXES = (
    ".webhook.office.com",
    ".logic.azure.com",
    ".powerplatform.com",
    ".powerautomate.com",
)


def guess_kind(url: str | None) -> str:
    """Guess the platform from a webhook URL's host (and path); ``json`` when unsure.

    * ``hooks.slack.com`` → ``slack``
    * ``discord.com`` / ``discordapp.com`` (and ``ptb.``/``canary.``) with ``/api/webhooks/``
      (or ``/api/v10/webhooks/``) → ``discord``
    * ``*.webhook.office.com``, ``outlook.office.com/webhook``, ``*.logic.azure.com``
      (``prod-XX.<region>.logic.azure.com``), ``*.powerplatform.com``,
      ``*.powerautomate.com`` → ``teams``
    * ``chat.googleapis.com`` → ``google-chat``
    * any other host with ``/hooks/`` in the path → ``mattermost``
    * any other host with Slack's path ``/services/T…/B…/…`` → ``slack``
    * anything else (or no URL) → ``json``

    Never raises.
    """
    try:
        parts = urlsplit(str(url or "").strip())
        host = (parts.hostname or "").lower().rstrip(".")
        path = parts.path or ""
    except (ValueError, TypeError):
        return "json"
    if not host:
        return "json"
    if host == "hooks.slack.com":
        return "slack"
    if any(host == h or host.endswith("." + h) for h in _DISCORD_HOSTS):
        return "discord" if _DISCORD_PATH.match(path) else "json"
    if host.endswith(_TEAMS_SUFFIXES) or (
        host == "outlook.office.com" and path.lower().startswith("/webhook")
    ):
        return "teams"
    if host == "chat.googleapis.com":
        return "google-chat"
    if "/hooks/" in path:
        return "mattermost"
    if re.match(r"/services/T[A-Z0-9]+/B[A-Z0-9]+/", path):
        return "slack"  # Slack's webhook path behind a proxy or a stand-in
    return "json"


def resolve_kind(kind: str | None, url: str | None) -> str:
    """The configured ``webhook_kind`` (normalised), or :func:`guess_kind` of the URL.

    Raises:
        ValueError: for a configured kind that is unknown.
    """
    if kind is not None and str(kind).strip():
        return normalize_kind(kind)
    return guess_kind(url)
