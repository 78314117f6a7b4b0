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
from collections.abc import Callable, Sequence

from ldtui.learning_day import Kind

__all__ = [
    "DEFAULT_TEMPLATES",
    "TEMPLATE_FIELDS",
    "CHANNEL_TEMPLATE_FIELDS",
    "TEMPLATE_NAMES",
    "channel_reminder",
    "check_template",
    "direct_reminder",
    "format_day",
    "reminder",
    "short_day",
]

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


def short_day(day: datetime.date) -> str:
    """Format a Learning Day as ``Thursday 26 Nov`` (no year; English, locale independent)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


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


# --- direct messages: one person, a configurable template ----------------------------------

TEMPLATE_FIELDS: dict[str, str] = {
    "name": "the person's display name, escaped for the platform",
    "missing": "what is missing: plan or summary",
    "day": "the Learning Day, e.g. Thursday 26 Nov",
    "local_time": "the time where the person is, e.g. 10:30",
    "count": "how many colleagues have posted theirs (a number)",
    "shared": "that number said kindly, e.g. 12 colleagues have shared their plan",
    "question": "What will you learn today? / What did you learn?",
}
"""The named fields a ``[templates]`` entry may use (``{name}``...), with what each holds."""

CHANNEL_TEMPLATE_FIELDS: dict[str, str] = {
    "mentions": "the people nudged, as the platform mentions them: <@U1>, <@U2> and Ada",
    "missing": "what is missing: plan or summary",
    "day": "the Learning Day, e.g. Thursday 26 Nov",
    "count": "how many colleagues have posted theirs (a number)",
    "shared": "that number said kindly, e.g. 12 colleagues have shared their plan",
    "question": "What will you learn today? / What did you learn?",
}
"""The named fields a ``channel_plan`` / ``channel_summary`` template may use."""

TEMPLATE_NAMES: tuple[str, ...] = ("plan", "summary", "channel_plan", "channel_summary")
"""The ``[templates]`` keys: the direct message for a missing plan, and for a missing summary;
the channel reminder (one message mentioning everyone) for each."""

DEFAULT_TEMPLATES: dict[str, str] = {
    "plan": (
        "Hi {name}! It's {local_time} on Learning Day ({day}) where you are, and your plan "
        "isn't in the channel yet. {shared}. {question} A line or two is plenty."
    ),
    "summary": (
        "Hi {name}! It's {local_time} on Learning Day ({day}) where you are. {shared}. "
        "When you have a moment: {question} A few lines help others keep going."
    ),
}
"""The direct messages used when the config has no ``[templates]`` entry. Kind and specific
(what is missing, which day, their local time, how many colleagues posted), never blaming:
the Learning Day article asks for posts because they "help to motivate others"."""


def check_template(name: str, template: str) -> None:
    """Refuse a template that could not be filled: check it once, when the config is read.

    ``name`` is its ``[templates]`` key (one of :data:`TEMPLATE_NAMES`); ``template`` uses
    :meth:`str.format` fields, parsed with :meth:`string.Formatter.parse`. Only the plain
    names of :data:`TEMPLATE_FIELDS` (direct messages) or :data:`CHANNEL_TEMPLATE_FIELDS`
    (``channel_*`` keys) are allowed: no positional ``{}``, no attribute or index
    (``{name.x}``, ``{name[0]}``), no nested fields; a format spec or conversion is allowed.

    Raises ``ValueError`` naming the template and the field (or the syntax error).
    """
    import string

    if name not in TEMPLATE_NAMES:
        raise ValueError(f"[templates] has {name!r}; the templates are {', '.join(TEMPLATE_NAMES)}")
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"[templates] {name}: {exc} (write {{{{ and }}}} for braces)") from exc
    fields = CHANNEL_TEMPLATE_FIELDS if name.startswith("channel_") else TEMPLATE_FIELDS
    known = ", ".join("{" + f + "}" for f in fields)
    for _text, field, spec, _conversion in parsed:
        if field is None:
            continue
        if field == "":
            raise ValueError(f"[templates] {name}: an unnamed field {{}}; use one of {known}")
        if field not in fields:
            raise ValueError(f"[templates] {name}: unknown field {{{field}}}; use one of {known}")
        if spec and "{" in spec:
            raise ValueError(f"[templates] {name}: a nested field in {{{field}:{spec}}}")
    try:
        template.format(**{f: "x" for f in fields})
    except (ValueError, IndexError, KeyError) as exc:
        raise ValueError(f"[templates] {name}: cannot be filled: {exc}") from exc


def _shared(kind: Kind, count: int) -> str:
    what = "plan" if kind == "plan" else "summary"
    if count <= 0:
        return f"Yours could be the first {what} of the day"
    if count == 1:
        return f"1 colleague has shared their {what}"
    return f"{count} colleagues have shared their {what}"


def direct_reminder(
    template: str,
    *,
    name: str,
    kind: Kind,
    day: datetime.date,
    local_time: str,
    count: int,
) -> str:
    """Fill a direct-message template (checked by :func:`check_template`) for one person.

    ``name`` must already be escaped for the platform (Slack: ``&``, ``<``, ``>``);
    ``kind`` is what is missing; ``day`` the Learning Day; ``local_time`` the person's
    clock (``10:30``); ``count`` how many colleagues have posted theirs. Example, with the
    default plan template::

        Hi Ada! It's 10:30 on Learning Day (Thursday 26 Nov) where you are, and your plan
        isn't in the channel yet. 12 colleagues have shared their plan. What will you learn
        today? A line or two is plenty.

    Raises ``ValueError`` for an unknown ``kind``.
    """
    if kind not in _QUESTIONS:
        raise ValueError(f"kind must be 'plan' or 'summary', not {kind!r}")
    return template.format(
        name=name,
        missing=kind,
        day=short_day(day),
        local_time=local_time,
        count=count,
        shared=_shared(kind, count),
        question=_QUESTIONS[kind],
    )


def channel_reminder(
    template: str,
    *,
    addresses: Sequence[str],
    kind: Kind,
    day: datetime.date,
    count: int,
    escape: Callable[[str], str],
) -> str:
    """Fill a channel template (``channel_plan`` / ``channel_summary``, checked by
    :func:`check_template`) for one message to several people.

    ``addresses`` are ready-made, as for :func:`reminder` (the platform's mentions, or names
    it escaped); they fill ``{mentions}`` as given (``a``, ``a and b``, ``a, b and c``).
    Everything else, the template's own text included, goes through ``escape`` (the
    platform's :meth:`~ldtui.notify.platforms.Platform.escape`): a template shows literally
    and cannot add markup, such as a mention of the whole channel. ``count`` is how many
    colleagues have posted theirs. Example, for ``"{mentions}: your {missing} for {day},
    please <3"`` on Slack::

        <@U1> and <@U2>: your plan for Thursday 26 Nov, please &lt;3

    Raises ``ValueError`` for an unknown ``kind`` or no addresses.
    """
    import string

    if kind not in _QUESTIONS:
        raise ValueError(f"kind must be 'plan' or 'summary', not {kind!r}")
    if not addresses:
        raise ValueError("nobody to nudge")
    values: dict[str, object] = {
        "missing": kind,
        "day": short_day(day),
        "count": count,
        "shared": _shared(kind, count),
        "question": _QUESTIONS[kind],
    }
    out: list[str] = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        out.append(escape(literal))
        if field is None:
            continue
        if field == "mentions":
            out.append(_join(addresses))
            continue
        value = values[field]
        if conversion == "r":
            value = repr(value)
        elif conversion in ("s", "a"):
            value = str(value) if conversion == "s" else ascii(value)
        out.append(escape(format(value, spec or "")))
    return "".join(out)
