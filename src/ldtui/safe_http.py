"""Limits for every HTTP answer ldtui reads: one total deadline, a size cap, no redirects.

httpx's timeouts apply to each network operation, so a server that sends its answer one byte
at a time stays within them for ever; here a request has one deadline for connecting, sending
and reading the whole answer. Answer bodies are read as a stream and only up to a cap. A
request carrying a secret (a token in ``Authorization``, a webhook URL) never follows a
redirect: a ``3xx`` becomes an error naming the status and the ``Location`` host only.
Pure core: no Textual. Sources: https://www.python-httpx.org/advanced/timeouts/ (per-operation
timeouts), https://www.python-httpx.org/quickstart/#redirection-and-history.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from ldtui.notify.redact import url_host

__all__ = [
    "BODY_CAP",
    "DEADLINE",
    "Answer",
    "DeadlineExceeded",
    "RedirectRefused",
    "get_capped",
    "post_capped",
    "redirect_text",
]

DEADLINE = 10.0
"""Seconds for one whole request: connect, send, read the complete answer."""

BODY_CAP = 64 * 1024
"""Bytes of an answer body read at most (the rest is never read)."""


class DeadlineExceeded(Exception):
    """The whole request did not finish within its deadline (``seconds``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no answer within {seconds:g} s")
        self.seconds = seconds


class RedirectRefused(OSError):
    """The server answered a redirect (``status``, to ``host``), which was not followed.

    An :class:`OSError` (so callers that report network trouble report it), but not a
    ``urllib.error.URLError``, so slack-sdk's connection-retry handler does not retry it.
    """

    def __init__(self, status: int, location: str | None) -> None:
        super().__init__(redirect_text(status, location))
        self.status = status
        self.host = url_host(location or "")


def redirect_text(status: int, location: str | None) -> str:
    """``redirected (HTTP 302) to other.example; not followed``: the status and the
    ``Location`` host (and port) only, never its path or query. Never raises."""
    host = url_host(location or "") or "an unnamed place"
    return f"redirected (HTTP {status}) to {host}; not followed"


class Answer:
    """An HTTP answer read within limits.

    Attributes:
        status: the HTTP status code.
        headers: the answer's headers.
        body: at most the cap's bytes of the (content-decoded) body.
        truncated: True when the body was longer than the cap.
        text: the body decoded with the answer's charset (UTF-8 by default, errors replaced).
    """

    def __init__(self, response: httpx.Response, body: bytes, truncated: bool) -> None:
        self.status = response.status_code
        self.headers = response.headers
        self.body = body
        self.truncated = truncated
        try:
            self.text = body.decode(response.encoding or "utf-8", errors="replace")
        except LookupError:
            self.text = body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str | None:
        """The ``Location`` header, if any."""
        location: str | None = self.headers.get("Location")
        return location

    @property
    def is_redirect(self) -> bool:
        """True for any ``3xx`` status."""
        return 300 <= self.status < 400


async def post_capped(
    client: httpx.AsyncClient,
    url: str,
    *,
    deadline: float = DEADLINE,
    cap: int = BODY_CAP,
    **kwargs: Any,
) -> Answer:
    """POST to ``url`` (``kwargs`` as for :meth:`httpx.AsyncClient.stream`, e.g. ``json=``)
    and read at most ``cap`` bytes of the answer, all within ``deadline`` seconds.

    Redirects are never followed (the caller sees the ``3xx``).

    Raises:
        DeadlineExceeded: the whole request took longer than ``deadline``.
        httpx.HTTPError: the request failed (connection refused, invalid URL...).
    """
    try:
        async with asyncio.timeout(deadline):
            async with client.stream(
                "POST", url, timeout=deadline, follow_redirects=False, **kwargs
            ) as response:
                chunks: list[bytes] = []
                size = 0
                truncated = False
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > cap:  # one byte past the cap tells a cut from an exact fit
                        truncated = True
                        break
                return Answer(response, b"".join(chunks)[:cap], truncated)
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise DeadlineExceeded(deadline) from exc


def get_capped(
    client: httpx.Client,
    url: str,
    *,
    deadline: float = DEADLINE,
    cap: int = BODY_CAP,
    clock: Any = time.monotonic,
    **kwargs: Any,
) -> Answer:
    """GET ``url`` (``kwargs`` as for :meth:`httpx.Client.stream`, e.g. ``params=``) and read
    at most ``cap`` bytes of the answer within ``deadline`` seconds (monotonic clock).

    Each network operation may take at most the time left; the body is read in chunks and
    the deadline is checked after each one, so a server dripping its answer is cut off at the
    deadline (plus at most one chunk's wait). Redirects are never followed.

    Raises:
        DeadlineExceeded: the request took longer than ``deadline``.
        httpx.HTTPError: the request failed.
    """
    due = clock() + deadline
    try:
        with client.stream(
            "GET", url, timeout=deadline, follow_redirects=False, **kwargs
        ) as response:
            chunks: list[bytes] = []
            size = 0
            truncated = False
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > cap:
                    truncated = True
                    break
                if clock() > due:
                    raise DeadlineExceeded(deadline)
            return Answer(response, b"".join(chunks)[:cap], truncated)
    except httpx.TimeoutException as exc:
        raise DeadlineExceeded(deadline) from exc
