"""HTTP rules shared by every client in ldtui: how long a ``Retry-After`` asks us to wait.

One parser for the ``Retry-After`` header, used by the webhook sender
(:mod:`ldtui.notify.sender`, through each platform's answer rules), the Slack Web API sync
(:class:`ldtui.importers.slack_api.RetryAfterHandler`) and the Geekbot importer.

The header is either *delay-seconds* or an *HTTP-date* (RFC 9110 section 10.2.3,
https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3). Slack sends whole seconds
(https://api.slack.com/apis/rate-limits); Discord may send decimals
(https://discord.com/developers/docs/topics/rate-limits), so decimal seconds are accepted too.
Pure core: no ``httpx``, no Textual.
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["DEFAULT_RETRY_AFTER", "RETRY_AFTER_CAP", "parse_retry_after", "retry_after_seconds"]

DEFAULT_RETRY_AFTER = 1.0
"""Seconds to wait after a ``429`` whose ``Retry-After`` is missing or unusable."""

RETRY_AFTER_CAP = 60.0
"""The longest wait, in seconds, ldtui grants one ``Retry-After``."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def parse_retry_after(value: str | None, *, now: Callable[[], datetime] = _utc_now) -> float | None:
    """Seconds a ``Retry-After`` header value asks to wait, or None when it says nothing usable.

    Args:
        value: the header value: delay-seconds (``"120"``; decimals such as ``"1.5"`` are
            accepted) or an HTTP-date (``"Wed, 21 Oct 2015 07:28:00 GMT"``); None when the
            header is absent.
        now: returns aware UTC "now", to turn a date into a delay (tests may fix it).

    Returns:
        A finite number of seconds, at least 0 (a date in the past gives 0); None for a
        missing, empty, negative, infinite, NaN or unparseable value.

    Source: RFC 9110 section 10.2.3. Never raises.
    """
    if value is None:
        return None
    raw = str(value).strip()
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now()).total_seconds())


def retry_after_seconds(
    value: str | None, cap: float = RETRY_AFTER_CAP, default: float = DEFAULT_RETRY_AFTER
) -> float:
    """Seconds to sleep before retrying after a ``429``: :func:`parse_retry_after`, capped.

    Args:
        value: the ``Retry-After`` header value, or None when absent.
        cap: the longest wait in seconds.
        default: seconds to wait when the value is missing or unusable.

    Returns:
        ``parse_retry_after(value)`` (``default`` when it is None), at most ``cap``, never
        negative. Never raises.
    """
    seconds = parse_retry_after(value)
    return max(0.0, min(default if seconds is None else seconds, cap))
