"""Discord webhooks (Execute Webhook): ``<@snowflake>`` mentions, allowed mentions, 2,000
UTF-16 units, JSON ``retry_after``, ``404 Unknown Webhook`` is gone.

Sources: https://discord.com/developers/docs/resources/webhook#execute-webhook,
https://discord.com/developers/docs/resources/message#allowed-mentions-object,
https://discord.com/developers/docs/topics/rate-limits.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ldtui.notify.platforms.base import (
    Addressee,
    MessageKind,
    Outcome,
    Platform,
    body_error,
    header,
    json_body,
    markdown_escape,
    retry_after_hint,
    seconds_or_none,
    trim,
    utf16_units,
)

__all__ = ["Discord"]

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

    name = "discord"
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
        return markdown_escape(name, self._SPECIALS)

    def payload(
        self, text: str, groups: Sequence[Addressee], kind: MessageKind, day: datetime.date
    ) -> dict[str, Any]:
        users: list[str] = []
        for g in groups:
            if g.mention_id is not None and g.mention_id not in users:
                users.append(g.mention_id)
        return {"content": text, "allowed_mentions": {"parse": [], "users": users}}

    def size(self, text: str, payload: dict[str, Any]) -> int:
        return utf16_units(text)

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        if status in (200, 204):
            after = None
            if str(header(headers, "X-RateLimit-Remaining") or "").strip() == "0":
                after = seconds_or_none(header(headers, "X-RateLimit-Reset-After"))
            return Outcome.ok(after)
        data = json_body(body)
        if status == 429:
            after = seconds_or_none(data.get("retry_after")) if isinstance(data, dict) else None
            if after is None:
                after = retry_after_hint(headers)
            return Outcome.retry(after)
        if status in (401, 404):
            return Outcome.gone()
        if isinstance(data, dict) and data.get("message"):
            code = data.get("code")
            text = str(data["message"]) + (f" ({code})" if code not in (None, "") else "")
            return Outcome.failed(trim(text))
        return Outcome.failed(body_error(status, body))
