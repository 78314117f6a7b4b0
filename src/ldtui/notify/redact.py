"""Showing secrets safely: a webhook URL is reduced to its host.

Kept apart from :mod:`ldtui.notify.webhook` so the console can label where nudges go without
importing the HTTP client at start-up.
"""

from __future__ import annotations

from urllib.parse import urlsplit

ELLIPSIS = "…"


def redact_url(url: str) -> str:
    """Return a displayable form of a secret webhook URL: host (and port) plus ``/…``.

    ``https://hooks.slack.com/services/T0/B0/XXXX`` becomes ``hooks.slack.com/…``;
    ``http://127.0.0.1:8080/services/...`` becomes ``127.0.0.1:8080/…``. Scheme, user info,
    path, query and fragment are dropped (the path holds the secret,
    https://api.slack.com/messaging/webhooks#create_a_webhook).

    Args:
        url: the webhook URL (any value is accepted).

    Returns:
        The redacted form, or ``…`` when no host can be parsed.

    Raises:
        Nothing.
    """
    try:
        parts = urlsplit(str(url).strip())
        host = parts.hostname
        port = parts.port
    except (ValueError, TypeError):
        return ELLIPSIS
    if not host or not parts.scheme:
        return ELLIPSIS
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port is not None else host
    return f"{netloc}/{ELLIPSIS}"
