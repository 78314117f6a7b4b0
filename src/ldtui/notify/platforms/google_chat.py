"""Google Chat incoming webhooks: ``<users/ID>`` mentions, 32,000 bytes, 60 writes a minute.

Sources: https://developers.google.com/workspace/chat/quickstart/webhooks,
https://developers.google.com/workspace/chat/format-messages,
https://developers.google.com/workspace/chat/limits.
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
    json_body,
    neutralise_angles,
    retry_after_hint,
    trim,
    utf8_bytes,
)

__all__ = ["GoogleChat"]

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

    name = "google-chat"
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
        return neutralise_angles(name)

    def payload(
        self, text: str, groups: Sequence[Addressee], kind: MessageKind, day: datetime.date
    ) -> dict[str, Any]:
        return {"text": text}

    def size(self, text: str, payload: dict[str, Any]) -> int:
        return utf8_bytes(text)

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        data = json_body(body)
        if status == 200:
            if isinstance(data, dict) and "error" not in data:
                return Outcome.ok()
            return Outcome.failed("unexpected answer: " + body_error(status, body))
        if status == 429:
            return Outcome.retry(retry_after_hint(headers))
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict) and error.get("message"):
            state = error.get("status")
            text = str(error["message"]) + (f" ({state})" if state else "")
            return Outcome.failed(trim(text))
        return Outcome.failed(body_error(status, body))
