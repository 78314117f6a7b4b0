"""Slack incoming webhooks: ``<@U123>`` mentions, ``&``/``<``/``>`` escaping, ``200 ok``.

Sources: https://api.slack.com/messaging/webhooks,
https://api.slack.com/reference/surfaces/formatting, https://api.slack.com/apis/rate-limits.
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
    body_error,
    retry_after_hint,
)

__all__ = ["Slack", "escape", "mention"]

# Characters that would break out of ``<@...>`` or be read as markup inside it.
_FORBIDDEN_IN_ID = frozenset("<>&|@ \t\r\n")


def escape(text: str) -> str:
    """Escape text for Slack's ``mrkdwn``/plain ``text`` fields.

    Replaces ``&`` with ``&amp;``, ``<`` with ``&lt;`` and ``>`` with ``&gt;`` (``&`` first,
    so nothing is escaped twice). No other character is touched.

    Source: https://api.slack.com/reference/surfaces/formatting#escaping

    Args:
        text: any text that should appear literally in a Slack message.

    Returns:
        The escaped text.

    Raises:
        Nothing.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str) -> str:
    """Return the Slack mention for a user id, e.g. ``mention("U123") == "<@U123>"``.

    Source: https://api.slack.com/reference/surfaces/formatting#mentioning-users

    Args:
        user_id: a Slack member id such as ``U123ABC`` or ``W123ABC`` (surrounding whitespace
            is stripped).

    Returns:
        ``"<@" + user_id + ">"``.

    Raises:
        ValueError: if the id is empty or contains a character that could break out of the
            ``<@...>`` markup (``<``, ``>``, ``&``, ``|``, ``@`` or whitespace).
    """
    uid = user_id.strip()
    if not uid:
        raise ValueError("empty Slack user id")
    if any(ch in _FORBIDDEN_IN_ID for ch in uid):
        raise ValueError(f"invalid Slack user id: {uid!r}")
    return f"<@{uid}>"


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

    name = "slack"
    label = "Slack"
    limit = 4000
    spacing = 1.0

    def mention(self, mention_id: str) -> str:
        return mention(mention_id)

    def escape(self, name: str) -> str:
        return escape(name)

    def payload(
        self, text: str, groups: Sequence[Addressee], kind: MessageKind, day: datetime.date
    ) -> dict[str, Any]:
        return {"text": text}  # https://api.slack.com/messaging/webhooks#posting_with_webhooks

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        text = body.strip()
        if status == 200 and text == "ok":
            return Outcome.ok()
        if status == 429:
            return Outcome.retry(retry_after_hint(headers))
        if text == "no_service":
            return Outcome.gone()
        return Outcome.failed(body_error(status, body))
