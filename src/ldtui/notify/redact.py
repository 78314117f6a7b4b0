"""Showing secrets safely: a webhook URL is reduced to its host, and every text is scrubbed.

Kept apart from :mod:`ldtui.notify.sender` so the console can label where nudges go without
importing the HTTP client at start-up.

Two tools live here:

* :func:`redact_url` gives the shown form of a webhook URL (``hooks.slack.com/…``).
* :class:`Scrubber` (and the process-wide :func:`scrub`) removes secrets from any text before
  it is shown, logged, stored or shortened: the secrets in force (webhook URLs with their path
  segments and query values, API tokens) in every encoding a server may echo them back in (raw,
  JSON-escaped ``\\/``, percent-encoded, ``+``-quoted, cut at the end of a text or partly
  quoted), plus generic patterns (Slack tokens ``xox?-…``, Slack webhook paths
  ``/services/T…/B…/…``, ``sig=``/``key=``/``token=`` query values). Scrub first, then shorten:
  a cut never leaves half a secret behind the scrubber's back.

:func:`install_log_scrubber` makes every log record of the process (ldtui's, httpx's,
httpcore's, slack_sdk's) pass through :func:`scrub` when it is created.
Sources: https://api.slack.com/messaging/webhooks#create_a_webhook (the URL is the secret),
https://api.slack.com/authentication/token-types (token prefixes).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

ELLIPSIS = "…"

WINDOW = 8
"""A run of this many characters of a known secret (in any encoding) is scrubbed wherever it
appears, so a partly echoed secret is caught too."""

TAIL = 4
"""A text that ends with at least this many leading characters of a secret (a body cut at a
size cap in the middle of the secret) has that tail scrubbed."""

_SEP = r"(?:/|\\/|%2F|%252F)"
_GENERIC = [
    # Slack tokens: bot, user, app-level, refresh, legacy (https://api.slack.com/authentication/token-types)
    (re.compile(r"\bx(?:ox[abpres]|app)-[A-Za-z0-9-]+", re.I), "xox…"),
    # Slack webhook path /services/T…/B…/secret, raw, JSON-escaped or percent-encoded
    (
        re.compile(_SEP + r"services" + _SEP + r"T[A-Z0-9]+(?:" + _SEP + r"[A-Za-z0-9]*)*", re.I),
        "/services/" + ELLIPSIS,
    ),
    # Discord webhook path /api/webhooks/<id>/<token>
    (
        re.compile(_SEP + r"webhooks" + _SEP + r"\d{5,}(?:" + _SEP + r"[A-Za-z0-9_-]*)?", re.I),
        "/webhooks/" + ELLIPSIS,
    ),
    # secret query values: Teams Workflows sig=, Google Chat key= and token=, and kin
    (
        re.compile(
            r"\b((?:sig|key|token|access_token|api_key|apikey|secret|password)"
            r"(?:=|%3D|%253D|\\u003d))[^&\s\"'<>\\]*",
            re.I,
        ),
        r"\1" + ELLIPSIS,
    ),
    # Authorization headers echoed back
    (re.compile(r"\b(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.I), r"\1" + ELLIPSIS),
]

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


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
    host = url_host(url)
    return f"{host}/{ELLIPSIS}" if host else ELLIPSIS


def url_host(url: str) -> str:
    """Return the host (and port) of a URL, ``[v6]`` bracketed, or ``""`` when there is none.

    Used to name where a redirect pointed without showing its path or query. Never raises.
    """
    try:
        parts = urlsplit(str(url).strip())
        host = parts.hostname
        port = parts.port
    except (ValueError, TypeError):
        return ""
    if not host or not parts.scheme:
        return ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"{host}:{port}" if port is not None else host


def _encodings(secret: str) -> set[str]:
    """The forms a server may echo ``secret`` back in: raw, JSON ``\\/``, percent, plus."""
    forms = {secret, unquote(secret)}
    for form in list(forms):
        forms.add(quote(form, safe=""))
        forms.add(quote(form, safe="/"))
        forms.add(quote_plus(form))
        forms.add(quote(quote(form, safe=""), safe=""))
    for form in list(forms):
        forms.add(form.replace("/", "\\/"))
    return {f for f in forms if f}


def _is_secret_segment(segment: str) -> bool:
    """A path segment that looks like an id or a key (not ``services``, ``webhooks``, ``v1``)."""
    if len(segment) < 6:
        return False
    return len(segment) >= 20 or any(c.isdigit() or c.isupper() for c in segment)


_PUBLIC_QUERY_KEYS = frozenset({"api-version", "sp", "sv"})
"""Query keys whose values are not secret (Teams Workflows' API version and trigger path)."""


def url_secrets(url: str) -> tuple[list[str], list[str]]:
    """The secret parts of a webhook URL: ``(whole, pieces)``.

    ``whole`` holds the path, the query and the fragment (each replaced as a whole by ``…``);
    ``pieces`` holds each path segment that looks like an id or key, each query value of 6
    characters or more (``sig``, ``key``, ``token``; not ``api-version``, ``sp``, ``sv``) and
    any password (scrubbed also in part). ``https://h/services/T0123ABC/B0456DEF/xyzSECRET``
    gives pieces ``T0123ABC``, ``B0456DEF`` and ``xyzSECRET``. Never raises.
    """
    whole: list[str] = []
    pieces: list[str] = []
    try:
        parts = urlsplit(str(url).strip())
    except ValueError:
        return whole, pieces
    if len(parts.path) > 1:
        whole.append(parts.path)
        pieces.extend(s for s in parts.path.split("/") if _is_secret_segment(unquote(s)))
    if parts.query:
        whole.append(parts.query)
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if len(value) >= 6 and key.lower() not in _PUBLIC_QUERY_KEYS:
                pieces.append(value)
    if parts.fragment:
        whole.append(parts.fragment)
    if parts.password:
        pieces.append(parts.password)
    return whole, pieces


class Scrubber:
    """Removes known secrets and secret-looking patterns from texts.

    Args:
        urls: webhook URLs in force (the URL becomes :func:`redact_url`'s form, its secret
            parts become ``…``).
        tokens: API tokens and keys in force (become ``…``).

    Calling the scrubber with a text returns the scrubbed text (never raises). Known secrets are
    matched in every encoding of :func:`_encodings`, ASCII case-insensitively, also in part (any
    :data:`WINDOW` characters of them) and when the text ends in the middle of one.
    """

    def __init__(self, urls: Iterable[str] = (), tokens: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._urls: dict[str, str] = {}
        self._forms: set[str] = set()
        for url in urls:
            self.add_url(url)
        for token in tokens:
            self.add_token(token)

    def add_url(self, url: str | None) -> None:
        """Know ``url`` (a webhook URL) as a secret from now on; None or empty is ignored."""
        if not url or not str(url).strip():
            return
        url = str(url).strip()
        whole, pieces = url_secrets(url)
        with self._lock:
            for part in whole:
                for form in _encodings(part):
                    self._urls.setdefault(form, ELLIPSIS)
            for form in _encodings(url):
                self._urls[form] = redact_url(url)
            for part in pieces:
                self._forms.update(_encodings(part))

    def add_token(self, token: str | None) -> None:
        """Know ``token`` (an API key, a bot token) as a secret from now on."""
        if not token or len(str(token).strip()) < TAIL:
            return
        with self._lock:
            self._forms.update(_encodings(str(token).strip()))

    def __call__(self, text: object) -> str:
        text = str(text)
        with self._lock:
            urls = sorted(self._urls.items(), key=lambda kv: -len(kv[0]))
            forms = sorted(self._forms, key=len, reverse=True)
        for form, shown in urls:
            if form in text:
                text = text.replace(form, shown)
        if forms:
            text = _mask_spans(text, forms)
        for pattern, replacement in _GENERIC:
            text = pattern.sub(replacement, text)
        return text


def _mask_spans(text: str, forms: list[str]) -> str:
    """Replace every run of ``text`` covered by a piece of a secret form with ``…``."""
    low = text.translate(_ASCII_LOWER)
    covered = [False] * len(text)
    for form in forms:
        f = form.translate(_ASCII_LOWER)
        pieces = (
            [f] if len(f) <= WINDOW else [f[i : i + WINDOW] for i in range(len(f) - WINDOW + 1)]
        )
        for piece in pieces:
            start = low.find(piece)
            while start != -1:
                for i in range(start, start + len(piece)):
                    covered[i] = True
                start = low.find(piece, start + 1)
        for n in range(min(len(f), len(low)), TAIL - 1, -1):  # a cut at the end of the text
            if low.endswith(f[:n]):
                for i in range(len(low) - n, len(low)):
                    covered[i] = True
                break
    if not any(covered):
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        if covered[i]:
            while i < len(text) and covered[i]:
                i += 1
            out.append(ELLIPSIS)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


SECRETS = Scrubber()
"""The process-wide scrubber: the webhook URL and tokens in force are added where they are
read (:class:`~ldtui.notify.sender.Sender`, the Slack and Geekbot importers, the CLI)."""


def scrub(text: Any) -> str:
    """Return ``text`` with every secret :data:`SECRETS` knows, and generic secret patterns,
    replaced (see :class:`Scrubber`). Never raises."""
    return SECRETS(text)


def shorten(text: Any, limit: int) -> str:
    """Scrub ``text``, fold its whitespace to single spaces, then cut it to ``limit``
    characters (the last one ``…`` when cut). Scrubbing comes first so a cut cannot split a
    secret out of the scrubber's sight."""
    out = " ".join(scrub(text).split())
    if len(out) > limit:
        out = out[: limit - 1] + ELLIPSIS
    return out


_installed = False
_install_lock = threading.Lock()


def install_log_scrubber() -> None:
    """Make every log record created in this process carry a scrubbed message.

    Wraps :func:`logging.setLogRecordFactory` once (idempotent): the record's message is
    formatted at creation, passed through :func:`scrub` and stored without arguments, so no
    handler (pytest's caplog, a file handler) can see httpx's request line, httpcore's or
    slack_sdk's debug text with a secret in it. Exception texts attached to a record are
    scrubbed when formatted. Never raises.
    """
    global _installed
    with _install_lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            try:
                message = record.getMessage()
            except Exception:  # a bad format string: leave it to the handler to report
                return record
            record.msg = scrub(message)
            record.args = None
            if record.exc_info and not record.exc_text:
                record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
