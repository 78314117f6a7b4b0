"""The words of ldtui's chat messages, the same on every platform.

Every Thursday people post a *plan* in the morning and a *summary* at the end of the day
(the Learning Day article: "Please write what you are planning to learn, and please write
summaries. This will help to motivate others."). The facilitator nudges the people who have
not posted; this module writes that reminder around addresses each platform makes
(:mod:`ldtui.notify.platforms`: a mention, or an escaped name), and the day's name as people
read it. Pure: no HTTP, no Textual, no platform markup.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from ldtui.learning_day import Kind

__all__ = ["format_day", "reminder"]

# English names, independent of the process locale (``%A``/``%b`` follow the locale).
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_QUESTIONS: dict[str, str] = {
    "plan": "What will you learn today?",
    "summary": "What did you learn?",
}


def format_day(day: datetime.date) -> str:
    """Format a Learning Day as ``Thursday 12 Nov 2026`` (English, locale independent).

    Args:
        day: the date (a ``datetime.datetime`` is accepted too; only its date is used).

    Returns:
        Weekday name, day of month without padding, abbreviated month, four-digit year.

    Raises:
        Nothing.
    """
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year:04d}"


def _join(parts: Sequence[str]) -> str:
    """``a``; ``a and b``; ``a, b and c``."""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def reminder(addresses: Sequence[str], kind: Kind, day: datetime.date) -> str:
    """Write the reminder sentence around ready-made addresses (any chat platform).

    The addresses are used as given: each one is already a mention (``<@U1>``, ``@ann``,
    ``<at>Ann</at>``...) or a name escaped for the platform.

    Example for one address and ``kind="plan"``::

        Hi <@U1>, friendly Learning Day reminder: your plan for Thursday 12 Nov 2026 is
        not posted yet. What will you learn today?

    and for ``kind="summary"`` the text says ``your summary ... What did you learn?``.
    With several addresses it reads ``Hi <@U1> and <@U2>, ... your plans ... are not posted
    yet.``

    Args:
        addresses: at least one address, in the order they should appear.
        kind: ``"plan"`` (morning post) or ``"summary"`` (end-of-day post).
        day: the Learning Day the post is for.

    Returns:
        The message text (singular wording for one address).

    Raises:
        ValueError: if ``addresses`` is empty or ``kind`` is unknown.
    """
    if kind not in _QUESTIONS:
        raise ValueError(f"kind must be 'plan' or 'summary', not {kind!r}")
    if not addresses:
        raise ValueError("nobody to nudge")
    several = len(addresses) > 1
    what = {"plan": "plans", "summary": "summaries"}[kind] if several else kind
    verb = "are" if several else "is"
    return (
        f"Hi {_join(addresses)}, friendly Learning Day reminder: "
        f"your {what} for {format_day(day)} {verb} not posted yet. {_QUESTIONS[kind]}"
    )
