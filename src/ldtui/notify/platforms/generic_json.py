"""A home-grown bot's endpoint: ldtui POSTs the facts as JSON and the bot words them.

Source of the answer rules: RFC 9110 (any ``2xx`` is success, ``410 Gone``,
``429`` with ``Retry-After``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from ldtui.notify.platforms.base import (
    Addressee,
    MessageKind,
    Outcome,
    Platform,
    Recipient,
    body_error,
    display_name,
    retry_after_hint,
)

__all__ = ["GenericJson"]


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

    name = "json"
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
        return display_name(recipient.name) or mention_id

    def payload(
        self, text: str, groups: Sequence[Addressee], kind: MessageKind, day: datetime.date
    ) -> dict[str, Any]:
        people = [{"id": g.mention_id, "name": g.name or g.mention_id} for g in groups]
        return {"day": day.isoformat(), "kind": kind, "people": people, "text": text}

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        if 200 <= status < 300:
            return Outcome.ok()
        if status == 429:
            return Outcome.retry(retry_after_hint(headers))
        if status == 410:
            return Outcome.gone()
        return Outcome.failed(body_error(status, body))
