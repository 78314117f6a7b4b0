"""Send messages to a chat's incoming webhook: one client per batch, spaced, retried on 429.

:class:`Sender` posts :class:`~ldtui.notify.platforms.Message` objects (or bare JSON payloads)
to one webhook of any platform of :mod:`ldtui.notify.platforms` (Slack, Discord, Mattermost,
Teams, Google Chat, generic JSON) and reports each as a :class:`Delivery`: requests are spaced
by the platform's ``spacing``, ``429`` answers are retried after the platform's hint
(``Retry-After``, read by :func:`ldtui.http_rules.parse_retry_after`; Discord's JSON
``retry_after``), every send has one deadline, and a "gone" answer (Discord ``404 Unknown
Webhook``, Slack ``no_service``) stops the rest of the batch.

The webhook URL is a secret (anyone holding it can post to the channel): it is never logged
and never put into an error message; :func:`~ldtui.notify.redact.redact_url` shows it.

Sources:

* Slack: success is HTTP 200 with the body ``ok``; other answers carry an error text in the
  body (``invalid_payload``, ``channel_not_found``, ``no_service``, ...):
  https://api.slack.com/messaging/webhooks#handling_errors
* HTTP 429 means rate limited; wait the number of seconds in ``Retry-After`` and retry:
  https://api.slack.com/apis/rate-limits, RFC 9110 section 10.2.3
* Keep webhook URLs secret: https://api.slack.com/messaging/webhooks#create_a_webhook
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ldtui.notify.platforms import NOT_SENT_GONE, WEBHOOK_GONE, Message, Platform
from ldtui.notify.redact import SECRETS, install_log_scrubber, redact_url, scrub, shorten
from ldtui.safe_http import BODY_CAP, DEADLINE, DeadlineExceeded, post_capped, redirect_text

__all__ = ["NOT_SENT_GONE", "WEBHOOK_GONE", "Delivery", "Sender"]

log = logging.getLogger(__name__)


install_log_scrubber()  # httpx logs the request line with the full URL at INFO

ERROR_TEXT_LIMIT = 200
"""Slack's error text is trimmed to this many characters."""


@dataclass(frozen=True)
class Delivery:
    """The outcome of one :meth:`Sender.send` call (all attempts together).

    Attributes:
        ok: True when the platform said the message was delivered (Slack: HTTP 200 with
            body ``ok``, https://api.slack.com/messaging/webhooks#handling_errors; each
            platform's ``outcome`` cites its own rule).
        http_status: the HTTP status of the last answer, or None when no answer arrived
            (no answer within the deadline, connection error, invalid URL).
        error: None on success; otherwise a short text: the platform's error text from the
            body (Slack ``channel_not_found``, Discord ``Invalid Form Body (50035)``...),
            ``rate_limited`` after the last 429, :data:`WEBHOOK_GONE` / :data:`NOT_SENT_GONE`,
            ``no answer within 10 s`` (the deadline), ``redirected (HTTP 302) to <host>; not
            followed``, ``invalid URL`` or ``connection error: <ExceptionClass>``. Never
            contains the webhook URL nor any part of it (see :func:`~ldtui.notify.redact.scrub`).
        attempts: how many HTTP requests were tried (1 unless rate limited; 0 when the
            message was not sent because the webhook is gone).
        gone: True when the platform said the webhook no longer exists (``error`` is
            :data:`WEBHOOK_GONE`), and for the messages not sent after that (``error`` is
            :data:`NOT_SENT_GONE`).
        unknown: True when the request may have reached the platform but no answer told
            (the deadline passed, or the connection broke after it was made): the nudger
            records such a message ``interrupted``, not ``failed``, so nobody is pinged twice.
    """

    ok: bool
    http_status: int | None
    error: str | None
    attempts: int
    gone: bool = False
    unknown: bool = False


def _trim(text: str, limit: int = ERROR_TEXT_LIMIT) -> str:
    """Scrub secrets from ``text`` first, then fold whitespace and cut to ``limit``."""
    return shorten(text, limit)


DEFAULT_BACKOFF = 1.0
"""Seconds before the first retry of a ``429`` without a usable hint; doubled each time."""


class Sender:
    """Posts messages to one webhook, spaced for its platform and retried when rate limited.

    Keep one sender for a whole batch: it remembers when it last posted (to keep
    ``platform.spacing`` between requests, and any wait the platform asked for) and whether
    the webhook is gone (then :meth:`send` returns at once without a request).

    The URL is a secret: it is only shown as :func:`redact_url` gives it, and is added to the
    process-wide scrubber (:data:`~ldtui.notify.redact.SECRETS`), so answer bodies are scrubbed
    of it in any encoding before a platform reads its error text, and log lines too.
    Each request has one deadline (``timeout``) for connecting, sending and reading the whole
    answer, of which at most :data:`~ldtui.safe_http.BODY_CAP` bytes are read; redirects are
    not followed.

    Args:
        url: the webhook URL.
        platform: from :func:`ldtui.notify.platforms.platform_for`.
        client: an httpx client to use (not closed here); by default one is created and
            closed by :meth:`aclose` (or ``async with``).
        timeout: seconds for one whole request (the deadline, default 10).
        sleep: awaitable sleep (inject a fake in tests).
        clock: monotonic clock in seconds (inject a fake with a fake ``sleep``).
        max_attempts: requests per message in all, at least 1 (only ``retry`` answers are
            tried again).
        retry_after_cap: the longest wait in seconds after a rate-limit answer.
        spacing: seconds between requests; None uses ``platform.spacing``.
        deadline: the longest one :meth:`send` may take in seconds, waits and retries
            included (None: the worst case, see :meth:`worst_case`). A send still without
            an answer then fails with ``timeout``; a rate-limit wait that would end past it
            fails at once with ``rate_limited``. The nudge ledger gives a pending nudge this
            long before calling it interrupted.
    """

    def __init__(
        self,
        url: str,
        platform: Platform,
        *,
        client: httpx.AsyncClient | None = None,
        timeout: float = DEADLINE,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        max_attempts: int = 3,
        retry_after_cap: float = 60.0,
        spacing: float | None = None,
        deadline: float | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.url = url
        SECRETS.add_url(url)
        self.platform = platform
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock
        self.max_attempts = max_attempts
        self.retry_after_cap = retry_after_cap
        self.spacing = platform.spacing if spacing is None else max(0.0, float(spacing))
        self.where = redact_url(url)
        self.gone = False
        self._own_client = client is None
        self._client = client
        self._last: float | None = None
        self._not_before: float | None = None
        self._attempts = 0
        self.deadline = self.worst_case() if deadline is None else max(0.001, float(deadline))
        """Seconds one :meth:`send` may take at most."""

    def worst_case(self) -> float:
        """The longest one :meth:`send` can take in seconds: the spacing, then for each
        attempt the longest rate-limit wait and the request timeout (a wait the platform
        asked for after the previous message counts as the first wait)."""
        return self.spacing + self.max_attempts * (self.timeout + self.retry_after_cap)

    async def __aenter__(self) -> Sender:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client if this sender created it."""
        if self._own_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        return self._client

    def _backoff(self, hint: float | None, attempt: int) -> float:
        seconds = hint if hint is not None else DEFAULT_BACKOFF * 2 ** (attempt - 1)
        return max(0.0, min(seconds, self.retry_after_cap))

    async def _pace(self, at_least: float = 0.0) -> None:
        """Wait ``at_least`` seconds, and until spacing and any asked-for wait have passed."""
        now = self.clock()
        due = now
        if self._last is not None:
            due = max(due, self._last + self.spacing)
        if self._not_before is not None:
            due = max(due, self._not_before)
        wait = max(at_least, due - now)
        if wait > 0:
            await self.sleep(wait)

    async def send(self, message: Message | dict[str, Any]) -> Delivery:
        """POST one message (its ``payload``) and report the outcome; never raises for HTTP.

        * Before the request, wait until ``spacing`` seconds have passed since the previous
          one (and any wait the platform asked for).
        * ``retry`` answers (429): wait the platform's hint (Discord's JSON ``retry_after``,
          else ``Retry-After``; without a hint 1 s, then 2 s), capped at
          ``retry_after_cap``, and try again, ``max_attempts`` requests in all; then fail
          with error ``rate_limited``.
        * ``gone``: fail with error :data:`WEBHOOK_GONE` and ``gone=True``; every later
          :meth:`send` returns ``Delivery(ok=False, http_status=None,
          error=NOT_SENT_GONE, attempts=0, gone=True)`` without a request.
        * ``failed``: the platform's error text (URL scrubbed, trimmed).
        * No whole answer within ``timeout`` seconds: ``no answer within <timeout> s``;
          a redirect: ``redirected (HTTP <status>) to <host>; not followed``; network
          errors: ``connection error: <ExceptionClass>``; bad URL: ``invalid URL`` (none of
          them retried).
        * The whole call, retries included, ends within :attr:`deadline` seconds: a
          rate-limit wait that would end past it is ``rate_limited`` at once.

        Raises:
            TypeError: if the payload cannot be serialised to JSON.
        """
        if self.gone:
            return Delivery(ok=False, http_status=None, error=NOT_SENT_GONE, attempts=0, gone=True)
        self._attempts = 0
        try:
            async with asyncio.timeout(self.deadline):
                return await self._send(message, self.clock() + self.deadline)
        except TimeoutError:
            log.warning("webhook %s: no answer within %.1f s", self.where, self.deadline)
            return Delivery(
                ok=False,
                http_status=None,
                error=f"no answer within {self.deadline:g} s",
                attempts=self._attempts,
                unknown=True,
            )

    async def _send(self, message: Message | dict[str, Any], ends: float) -> Delivery:
        payload = message.payload if isinstance(message, Message) else message
        http = self._http()
        where = self.where
        attempt = 0
        wait = 0.0
        while True:
            attempt += 1
            self._attempts = attempt
            await self._pace(wait)
            self._last = self.clock()
            self._not_before = None
            try:
                answer = await post_capped(
                    http, self.url, json=payload, deadline=self.timeout, cap=BODY_CAP
                )
            except DeadlineExceeded as exc:
                log.warning("webhook %s: %s (attempt %d)", where, exc, attempt)
                # A connect timeout sent nothing; any later one may have been delivered.
                sent = not isinstance(exc.__cause__, httpx.ConnectTimeout)
                return Delivery(
                    ok=False, http_status=None, error=str(exc), attempts=attempt, unknown=sent
                )
            except (httpx.InvalidURL, httpx.UnsupportedProtocol):
                log.warning("webhook %s: invalid URL", where)
                return Delivery(ok=False, http_status=None, error="invalid URL", attempts=attempt)
            except httpx.HTTPError as exc:  # transport errors; message may contain the URL
                error = f"connection error: {type(exc).__name__}"
                log.warning("webhook %s: %s (attempt %d)", where, error, attempt)
                # Refused or never connected: nothing sent. Broken after connecting: unknown.
                sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                return Delivery(
                    ok=False, http_status=None, error=error, attempts=attempt, unknown=sent
                )

            status = answer.status
            if answer.is_redirect:
                error = redirect_text(status, answer.location)
                log.warning("webhook %s: %s", where, error)
                return Delivery(ok=False, http_status=status, error=error, attempts=attempt)
            # scrub first: a platform cuts its error text to a length
            outcome = self.platform.outcome(status, answer.headers, scrub(answer.text))
            if outcome.status == "ok":
                if outcome.after is not None:
                    self._not_before = self.clock() + min(outcome.after, self.retry_after_cap)
                log.info("webhook %s: delivered (attempt %d)", where, attempt)
                return Delivery(ok=True, http_status=status, error=None, attempts=attempt)
            if outcome.status == "retry":
                if attempt >= self.max_attempts:
                    log.warning("webhook %s: rate limited, giving up after %d", where, attempt)
                    return Delivery(
                        ok=False, http_status=status, error="rate_limited", attempts=attempt
                    )
                wait = self._backoff(outcome.after, attempt)
                if self.clock() + wait > ends:
                    log.warning("webhook %s: rate limited past the send deadline", where)
                    return Delivery(
                        ok=False, http_status=status, error="rate_limited", attempts=attempt
                    )
                log.info("webhook %s: rate limited, retrying in %.2f s", where, wait)
                continue
            if outcome.status == "gone":
                self.gone = True
                detail = _trim(outcome.error or "")
                log.warning("webhook %s: webhook gone (HTTP %d %s)", where, status, detail)
                return Delivery(
                    ok=False, http_status=status, error=WEBHOOK_GONE, attempts=attempt, gone=True
                )
            error = _trim(outcome.error or "") or f"HTTP {status}"
            log.warning("webhook %s: HTTP %d %s", where, status, error)
            return Delivery(ok=False, http_status=status, error=error, attempts=attempt)
