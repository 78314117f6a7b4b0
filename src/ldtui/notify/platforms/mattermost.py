"""Mattermost incoming webhooks: ``@username`` mentions, Markdown escaping, 16,383 characters.

Source: https://developers.mattermost.com/integrate/webhooks/incoming/.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ldtui.notify.platforms.base import (
    ZWSP,
    Addressee,
    MessageKind,
    Outcome,
    Platform,
    body_error,
    json_body,
    markdown_escape,
    retry_after_hint,
    trim,
)

__all__ = ["Mattermost"]

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

    name = "mattermost"
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
        return markdown_escape(name, self._SPECIALS).replace("@", "@" + ZWSP)

    def payload(
        self, text: str, groups: Sequence[Addressee], kind: MessageKind, day: datetime.date
    ) -> dict[str, Any]:
        return {"text": text}

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        if status == 200:
            return Outcome.ok()
        if status == 429:
            return Outcome.retry(retry_after_hint(headers))
        data = json_body(body)
        if isinstance(data, dict) and data.get("message"):
            return Outcome.failed(trim(str(data["message"])))
        return Outcome.failed(body_error(status, body))
