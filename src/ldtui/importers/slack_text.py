"""Turn Slack message formatting into plain text.

Slack stores message text with a small control syntax: ``<...>`` tokens for mentions, channel
links, special mentions, dates and links, and the three HTML entities ``&lt;``, ``&gt;`` and
``&amp;`` for the literal characters ``<``, ``>`` and ``&``.  Reference:
https://api.slack.com/reference/surfaces/formatting (sections "Escaping text" and "Advanced
formatting": linking to channels and users, special mentions, dates, URLs).

Emoji codes (``:tada:``, ``:+1:``) become the emoji they name, through the maintained ``emoji``
library's alias table (Slack's codes are the same short names; a code it does not know, such as
a workspace's custom emoji, stays as written). Nothing else is interpreted: mrkdwn (``*bold*``,
``_italic_``) and anything that looks like console markup (``[bold]``, ``[/]``) pass through
unchanged, so callers that display the result in a markup-aware widget must escape it
themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import emoji

__all__ = ["emojize", "to_plain", "unescape"]

# A control token: "<" + anything but angle brackets + ">".  Slack escapes literal < and > in
# text, so a token can never contain another one.
_TOKEN = re.compile(r"<([^<>]*)>")
# Only these three entities are escaped by Slack; "&amp;lt;" must become "&lt;", not "<".
_ENTITY = re.compile(r"&(lt|gt|amp);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&"}
# "<https://...>", "<mailto:...>": a URI scheme (RFC 3986) followed by ":".
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# Special mentions written "<!here>"; "group" is the legacy private-channel form of "channel".
_BROADCASTS = frozenset({"here", "channel", "everyone", "group"})
# Anything that could be an emoji code: a colon, a run without spaces or colons, a colon. The
# ``emoji`` library's own name pattern is narrower, so text without such a run is left as it
# is without asking the library (most posts: "Plan: ..." has a colon but no code).
_MAYBE_CODE = re.compile(r":[^\s:]+:")
# The ``emoji`` library's own code pattern (``emoji.emojize`` builds the same one on every call):
# each code it finds is replaced by a value that depends on the code alone, so it is looked up
# once per distinct code (:func:`_emoji_for`) instead of once per post.
# Without that pattern (a future library version), every text goes to the library whole.
_NAME_CHARS = getattr(emoji.core, "_EMOJI_NAME_PATTERN", None)
_CODE = re.compile(f"(:[{_NAME_CHARS}]+:)") if isinstance(_NAME_CHARS, str) else None


def unescape(text: str) -> str:
    """Replace Slack's three HTML entities with their characters, in one pass.

    Takes escaped Slack text and returns it with ``&lt;`` -> ``<``, ``&gt;`` -> ``>`` and
    ``&amp;`` -> ``&``; no other entity is touched (``&quot;`` stays).  Never raises.
    Source: https://api.slack.com/reference/surfaces/formatting#escaping
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


def emojize(text: str) -> str:
    """Return ``text`` with each emoji code (``:dart:`` -> 🎯, ``:+1:`` -> 👍) replaced by its
    emoji, using the ``emoji`` library's alias names (the short names Slack uses,
    https://api.slack.com/reference/surfaces/formatting#emoji); unknown codes (custom emoji,
    ``:skin-tone-2:``) stay as written. Never raises."""
    if ":" not in text or not _MAYBE_CODE.search(text):
        return text
    if _CODE is None:
        return emoji.emojize(text, language="alias")
    return _CODE.sub(_code_to_emoji, text)


@lru_cache(maxsize=8192)
def _emoji_for(code: str) -> str:
    """The library's answer for one code (``":dart:"`` -> 🎯; unknown codes unchanged)."""
    return emoji.emojize(code, language="alias")


def _code_to_emoji(match: re.Match[str]) -> str:
    return _emoji_for(match.group(1))


def _split_label(body: str) -> tuple[str, str | None]:
    target, sep, label = body.partition("|")
    return target, (label if sep else None)


def _token(
    body: str, raw: str, user_names: Mapping[str, str], channel_names: Mapping[str, str]
) -> str:
    """Plain text for one ``<body>`` token; ``raw`` is the token as written."""
    target, label = _split_label(body)
    if target.startswith("@") and len(target) > 1:
        # <@U123> / <@U123|name>: user mention.
        uid = target[1:]
        return "@" + (user_names.get(uid) or (unescape(label) if label else "") or uid)
    if target.startswith("#") and len(target) > 1:
        # <#C123|general> / <#C123>: channel link.
        cid = target[1:]
        return "#" + ((unescape(label) if label else "") or channel_names.get(cid) or cid)
    if target.startswith("!"):
        command = target[1:]
        if command in _BROADCASTS:
            return "@" + command
        if command.startswith("subteam^"):
            # <!subteam^S123|@team>: user group mention; the label carries the handle.
            if label:
                return unescape(label)
            return "@" + command.removeprefix("subteam^")
        if command.startswith("date^"):
            # <!date^1392734382^{date_short}^optional_link|fallback text>
            return unescape(label) if label is not None else raw
        # Unknown special command: show its fallback label when there is one.
        return unescape(label) if label else raw
    if _SCHEME.match(target):
        # <https://example.com|label>, <https://example.com>, <mailto:a@b.c|a@b.c>
        url = unescape(target)
        if label is None or label == "":
            return url
        text = unescape(label)
        return url if text == url else f"{text} ({url})"
    # Not a Slack token (should not occur in Slack text, which escapes "<"): leave it alone.
    return unescape(raw)


def to_plain(text: str, user_names: Mapping[str, str], channel_names: Mapping[str, str]) -> str:
    """Convert Slack message text (as stored in exports and the API) to plain text.

    Takes the raw ``text`` of a Slack message, ``user_names`` (user id -> display name) and
    ``channel_names`` (channel id -> channel name), and returns plain text:

    - ``<@U123>`` / ``<@U123|x>`` -> ``@Name``: the name from ``user_names``, else the label
      ``x``, else the raw id ``U123``;
    - ``<#C1|general>`` -> ``#general``; ``<#C1>`` -> ``#`` + ``channel_names[C1]``, else ``#C1``;
    - ``<!here>``, ``<!channel>``, ``<!everyone>`` (and legacy ``<!group>``) -> ``@here`` etc.;
    - ``<!subteam^S1|@team>`` -> ``@team``; ``<!date^...|fallback>`` -> ``fallback``;
    - ``<url|label>`` -> ``label (url)``; ``<url>`` -> ``url`` (``mailto:`` included);
    - then ``&lt;``, ``&gt;``, ``&amp;`` -> ``<``, ``>``, ``&`` (only those three);
    - emoji codes in the text between tokens -> emoji (:func:`emojize`; never inside a URL, a
      label or a name).

    Entities are decoded only in the message's own text (including labels and URLs), after the
    tokens have been found, and never in names coming from the two mappings.  Anything else
    (mrkdwn, unknown emoji codes, ``[bold]``-style markup) is returned unchanged.  Never raises.

    Source: https://api.slack.com/reference/surfaces/formatting (escaping, linking to
    channels and users, special mentions, date formatting, links).
    """
    if "<" not in text and "&" not in text:
        return emojize(text)  # no token or entity: the common case, kept cheap for large imports
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        out.append(emojize(unescape(text[pos : match.start()])))
        out.append(_token(match.group(1), match.group(0), user_names, channel_names))
        pos = match.end()
    out.append(emojize(unescape(text[pos:])))
    return "".join(out)
