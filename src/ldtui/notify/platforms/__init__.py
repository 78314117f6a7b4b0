"""Chat platforms a nudge can go to: one module each, and how ldtui picks one.

ldtui posts nudges to the team chat's *incoming webhook*. Each platform has its own JSON
payload, mention syntax, escaping, message size limit, rate limit and way of saying "done";
each lives in its own module here and cites the pages its rules come from. The rules they
share (recipients, messages, answers, splitting into messages) are in
:mod:`ldtui.notify.platforms.base`; nothing here speaks HTTP (no ``httpx`` import: the console
imports this at start-up; :mod:`ldtui.notify.sender` does the sending).

=============  ====================  ===============  ==================  =========  ========
platform       payload               mention          limit per message   spacing    success
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

The configured ``webhook_kind`` names the platform (:func:`normalize_platform` forgives case
and aliases); without one, :func:`guess_platform` reads the webhook URL's host.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

from ldtui.notify.platforms.base import (
    NOT_SENT_GONE,
    PLATFORM_NAMES,
    WEBHOOK_GONE,
    Message,
    MessageKind,
    Outcome,
    Platform,
    PlatformName,
    Recipient,
    normalize_platform,
)
from ldtui.notify.platforms.discord import Discord
from ldtui.notify.platforms.generic_json import GenericJson
from ldtui.notify.platforms.google_chat import GoogleChat
from ldtui.notify.platforms.mattermost import Mattermost
from ldtui.notify.platforms.slack import Slack
from ldtui.notify.platforms.teams import MicrosoftTeams

__all__ = [
    "NOT_SENT_GONE",
    "PLATFORM_NAMES",
    "WEBHOOK_GONE",
    "Discord",
    "GenericJson",
    "GoogleChat",
    "Mattermost",
    "Message",
    "MessageKind",
    "MicrosoftTeams",
    "Outcome",
    "Platform",
    "PlatformName",
    "Recipient",
    "Slack",
    "guess_platform",
    "normalize_platform",
    "platform_for",
    "resolve_platform",
]

_PLATFORMS: dict[PlatformName, type[Platform]] = {
    "slack": Slack,
    "discord": Discord,
    "mattermost": Mattermost,
    "teams": MicrosoftTeams,
    "google-chat": GoogleChat,
    "json": GenericJson,
}


def platform_for(
    name: str,
    *,
    spacing: float | None = None,
    limit: int | None = None,
    max_mentions: int | None | Literal["default"] = "default",
) -> Platform:
    """Return the :class:`Platform` for a platform name (a ``webhook_kind``, see
    :data:`PLATFORM_NAMES`).

    Args:
        name: ``slack``, ``discord``, ``mattermost``, ``teams``, ``google-chat`` or ``json``
            (case, ``_`` and aliases forgiven; see :func:`normalize_platform`).
        spacing: override the seconds between requests (tests use a small value).
        limit: override the message size limit (in the platform's unit).
        max_mentions: override the mention cap (None: no cap).

    Raises:
        ValueError: unknown platform name or a bad override.
    """
    platform = _PLATFORMS[normalize_platform(name)]
    return platform(spacing=spacing, limit=limit, max_mentions=max_mentions)


_DISCORD_HOSTS = ("discord.com", "discordapp.com")
_DISCORD_PATH = re.compile(r"/api(/v\d+)?/webhooks/", re.I)
_TEAMS_SUFFIXES = (
    ".webhook.office.com",
    ".logic.azure.com",
    ".powerplatform.com",
    ".powerautomate.com",
)


def guess_platform(url: str | None) -> PlatformName:
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


def resolve_platform(webhook_kind: str | None, url: str | None) -> PlatformName:
    """The configured ``webhook_kind`` (normalised), or :func:`guess_platform` of the URL.

    Raises:
        ValueError: for a configured ``webhook_kind`` that is unknown.
    """
    if webhook_kind is not None and str(webhook_kind).strip():
        return normalize_platform(webhook_kind)
    return guess_platform(url)
