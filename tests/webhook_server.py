"""A loopback HTTP server standing in for a Slack incoming webhook, for all ldtui tests.

Usage::

    from webhook_server import FakeSlack, ok, rate_limited, error, slow

    with FakeSlack() as slack:
        slack.respond(rate_limited(retry_after=1), ok())
        ...  # POST to slack.url
        path, headers, body, t = slack.requests[0]

or, with the ``fake_slack`` fixture (import it in ``tests/conftest.py``)::

    def test_x(fake_slack):
        fake_slack.respond(error(404, "channel_not_found"))

Responses are consumed in order; when the script is empty the server answers ``200 ok``,
like Slack does for a good payload (https://api.slack.com/messaging/webhooks#handling_errors).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

import pytest

__all__ = [
    "FakeSlack",
    "RecordedRequest",
    "Response",
    "error",
    "fake_slack",
    "ok",
    "rate_limited",
    "slow",
]

WEBHOOK_PATH = "/services/T000/B000/XXXX"


class Response(NamedTuple):
    """One scripted answer: HTTP status, body text, headers, and seconds to wait first."""

    status: int
    body: str
    headers: Mapping[str, str] = {}
    delay: float = 0.0


class RecordedRequest(NamedTuple):
    """One request the server received (unpacks as ``path, headers, json, time``).

    ``headers`` has lower-case names; ``json`` is the parsed body (the raw text when it is
    not JSON, None when empty); ``time`` is :func:`time.monotonic` on arrival.
    """

    path: str
    headers: dict[str, str]
    json: Any
    time: float


def ok() -> Response:
    """Slack's success answer: ``200`` with body ``ok``."""
    return Response(200, "ok")


def rate_limited(retry_after: float | str | None = 1) -> Response:
    """Slack's rate-limit answer: ``429``, body ``rate_limited``, ``Retry-After`` header.

    Pass ``retry_after=None`` to omit the header, or a string to send an odd value.
    Source: https://api.slack.com/apis/rate-limits
    """
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return Response(429, "rate_limited", headers)


def error(status: int, text: str) -> Response:
    """A Slack error answer, e.g. ``error(404, "channel_not_found")``,
    ``error(400, "invalid_payload")``, ``error(403, "action_prohibited")``,
    ``error(410, "channel_is_archived")``, ``error(404, "no_service")``.

    Source: https://api.slack.com/messaging/webhooks#handling_errors
    """
    return Response(status, text)


def slow(seconds: float, response: Response | None = None) -> Response:
    """``response`` (default :func:`ok`) sent only after ``seconds`` (to provoke timeouts)."""
    base = response if response is not None else ok()
    return base._replace(delay=seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeSlack

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout) makes the late write fail: that is expected.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        arrived = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        text = raw.decode("utf-8", errors="replace")
        body: Any
        if not text:
            body = None
        else:
            try:
                body = json.loads(text)
            except ValueError:
                body = text
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake = self.server.fake
        response = fake._record(RecordedRequest(self.path, headers, body, arrived))
        if response.delay > 0 and fake._closing.wait(response.delay):
            return
        data = response.body.encode("utf-8")
        self.send_response(response.status)
        self.send_header("Content-Type", "text/html")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = _handle
    do_GET = _handle


class FakeSlack:
    """A Slack incoming webhook on ``127.0.0.1`` (random port), served from a thread.

    Attributes:
        url: the webhook URL, ``http://127.0.0.1:PORT/services/T000/B000/XXXX``.
        requests: the :class:`RecordedRequest` list, in arrival order.
    """

    def __init__(self, path: str = WEBHOOK_PATH) -> None:
        self._lock = threading.Lock()
        self._script: deque[Response] = deque()
        self._closing = threading.Event()
        self.requests: list[RecordedRequest] = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        host, port = self._server.server_address[:2]
        self.host = str(host)
        self.port = int(port)
        self.url = f"http://{self.host}:{self.port}{path}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeSlack:{self.port}",
            daemon=True,
        )
        self._thread.start()

    def respond(self, *responses: Response | tuple[Any, ...]) -> FakeSlack:
        """Append answers to the script: each ``(status, body, headers[, delay])``."""
        with self._lock:
            for r in responses:
                self._script.append(r if isinstance(r, Response) else Response(*r))
        return self

    def _record(self, request: RecordedRequest) -> Response:
        with self._lock:
            self.requests.append(request)
            return self._script.popleft() if self._script else ok()

    @property
    def bodies(self) -> list[Any]:
        """The parsed JSON bodies received, in order."""
        with self._lock:
            return [r.json for r in self.requests]

    def close(self) -> None:
        """Stop the server and release the port (idempotent)."""
        if self._closing.is_set():
            return
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A running :class:`FakeSlack`, closed after the test."""
    with FakeSlack() as slack:
        yield slack
