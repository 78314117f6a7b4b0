"""Build the text and JSON payload of a Slack incoming-webhook nudge.

Every Thursday people post a *plan* in the morning and a *summary* at the end of the day.
The facilitator nudges the people who have not posted; this module writes that message.

Rules come from Slack's documentation:

* Escaping of ``&``, ``<`` and ``>``:
  https://api.slack.com/reference/surfaces/formatting#escaping
* Mentioning a user as ``<@U123>``:
  https://api.slack.com/reference/surfaces/formatting#mentioning-users
* An incoming-webhook payload is a JSON object with a ``text`` field:
  https://api.slack.com/messaging/webhooks#posting_with_webhooks
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Literal

__all__ = ["escape", "mention", "nudge_text", "payload", "format_day", "reminder"]

# English names, independent of the process locale (``%A``/``%b`` follow the locale).
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Characters that would break out of ``<@...>`` or be read as markup inside it.
_FORBIDDEN_IN_ID = frozenset("<>&|@ \t\r\n")

_QUESTIONS: dict[str, str] = {
    "plan": "What will you learn today?",
    "summary": "What did you learn?",
}


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


def _address(user_id: str, name: str) -> str:
    """Mention the person, or fall back to their escaped name when they have no Slack id."""
    if user_id.strip():
        return mention(user_id)
    if name.strip():
        return escape(name.strip())
    raise ValueError("a person needs a Slack user id or a name")


def _join(parts: Sequence[str]) -> str:
    """``a``; ``a and b``; ``a, b and c``."""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def nudge_text(
    people: Sequence[tuple[str, str]],
    kind: Literal["plan", "summary"],
    day: datetime.date,
) -> str:
    """Write a short, friendly reminder for the people whose plan or summary is missing.

    Each person is mentioned as ``<@ID>`` (Slack shows the name, and notifies them). A person
    without an id (empty string) is addressed by name instead, escaped with :func:`escape`;
    names never appear unescaped. Duplicate ids are mentioned once, in first-seen order.

    Example for one person and ``kind="plan"``::

        Hi <@U1>, friendly Learning Day reminder: your plan for Thursday 12 Nov 2026 is
        not posted yet. What will you learn today?

    and for ``kind="summary"`` the text says ``your summary ... What did you learn?``.
    With several people it reads ``Hi <@U1> and <@U2>, ... your plans ... are not posted
    yet.`` (the seed: "Please write what you are planning to learn, and please write
    summaries. This will help to motivate others.").

    Sources: https://api.slack.com/reference/surfaces/formatting#mentioning-users and
    https://api.slack.com/reference/surfaces/formatting#escaping

    Args:
        people: ``(slack_user_id, display_name)`` pairs, at least one.
        kind: ``"plan"`` (morning post) or ``"summary"`` (end-of-day post).
        day: the Learning Day the post is for.

    Returns:
        The message text, ready for :func:`payload`.

    Raises:
        ValueError: if ``people`` is empty, ``kind`` is unknown, a person has neither id nor
            name, or an id is invalid (see :func:`mention`).
    """
    if kind not in _QUESTIONS:
        raise ValueError(f"kind must be 'plan' or 'summary', not {kind!r}")
    addresses: list[str] = []
    seen: set[str] = set()
    for user_id, name in people:
        addr = _address(user_id, name)
        if addr not in seen:
            seen.add(addr)
            addresses.append(addr)
    return reminder(addresses, kind, day)


def reminder(
    addresses: Sequence[str],
    kind: Literal["plan", "summary"],
    day: datetime.date,
) -> str:
    """Write the reminder sentence around ready-made addresses (any chat platform).

    The same words as :func:`nudge_text`, but the addresses are used as given: each one is
    already a mention (``<@U1>``, ``@ann``, ``<at>Ann</at>``...) or an escaped name, so
    :mod:`ldtui.notify.platforms` can reuse the sentence for every platform.

    Args:
        addresses: at least one address, in the order they should appear.
        kind: ``"plan"`` or ``"summary"``.
        day: the Learning Day the post is for.

    Returns:
        ``Hi A, B and C, friendly Learning Day reminder: your plans for ... are not posted
        yet. What will you learn today?`` (singular wording for one address).

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


def payload(text: str) -> dict[str, Any]:
    """Wrap message text in an incoming-webhook payload: ``{"text": text}``.

    Source: https://api.slack.com/messaging/webhooks#posting_with_webhooks

    Args:
        text: the message text (already escaped where needed).

    Returns:
        A new dict, ready to be sent as the JSON body.

    Raises:
        Nothing.
    """
    return {"text": text}
