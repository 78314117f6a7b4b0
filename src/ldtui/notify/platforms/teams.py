"""Microsoft Teams Workflows webhooks: an Adaptive Card with ``<at>Name</at>`` mentions.

Sources: https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards
and https://support.microsoft.com/en-us/office/create-incoming-webhooks-with-workflows-for-microsoft-teams-8ae491c7-0394-4861-ba59-055e33f75498.
"""

from __future__ import annotations

import datetime
import json
import re
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
    json_body,
    neutralise_angles,
    retry_after_hint,
    trim,
    utf8_bytes,
)

__all__ = ["MicrosoftTeams"]

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

    name = "teams"
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
        return neutralise_angles(name)

    def _at(self, name: str) -> str:
        return f"<at>{name}</at>"

    def _mention_for(self, mention_id: str, recipient: Recipient) -> str:
        name = display_name(recipient.name) or mention_id.strip()
        return self._at(self.escape(name))

    def payload(
        self, text: str, groups: Sequence[Addressee], kind: MessageKind, day: datetime.date
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
        return utf8_bytes(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))

    def outcome(self, status: int, headers: Mapping[str, str], body: str) -> Outcome:
        if status == 429:
            return Outcome.retry(retry_after_hint(headers))
        data = json_body(body)
        error = data.get("error") if isinstance(data, dict) else None
        if error:
            if isinstance(error, dict):
                detail = error.get("message") or error.get("code") or json.dumps(error)
            else:
                detail = error
            return Outcome.failed(trim(str(detail)))
        if status in (200, 202):
            if _TEAMS_FAILURE.search(body):
                return Outcome.failed(trim(body))
            return Outcome.ok()
        return Outcome.failed(body_error(status, body))
