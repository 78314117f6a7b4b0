"""A loopback HTTP server standing in for a chat's incoming webhook, for all ldtui tests.

It plays Slack by default; the helpers at the end script the answers of Discord, Microsoft
Teams (Workflows), Google Chat, Mattermost and a generic JSON bot (see
:mod:`ldtui.notify.platforms` for the rules and their sources).

Usage::

    from webhook_server import FakeSlack, ok, rate_limited, error, slow

    with FakeSlack() as slack:
        slack.respond(rate_limited(retry_after=1), ok())
        ...  # POST to slack.url
        path, headers, body, t = slack.requests[0]

or, with the ``fake_slack`` fixture (imported in ``tests/conftest.py``)::

    def test_x(fake_slack):
        fake_slack.respond(error(404, "channel_not_found"))

Responses are consumed in order; when the script is empty the server answers ``200 ok``,
like Slack does for a good payload (https://api.slack.com/messaging/webhooks#handling_errors),
or the ``default`` given to the constructor::

    with FakeWebhook(DISCORD_PATH, default=discord_ok()) as discord:
        discord.respond(discord_rate_limited(0.25), discord_gone())
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
    "DISCORD_PATH",
    "GOOGLE_CHAT_PATH",
    "MATTERMOST_PATH",
    "TEAMS_PATH",
    "WEBHOOK_PATH",
    "FakeSlack",
    "FakeWebhook",
    "RecordedRequest",
    "Response",
    "discord_error",
    "discord_gone",
    "discord_ok",
    "discord_rate_limited",
    "error",
    "fake_slack",
    "generic_ok",
    "google_chat_error",
    "google_chat_ok",
    "google_chat_rate_limited",
    "json_response",
    "mattermost_error",
    "ok",
    "rate_limited",
    "slow",
    "teams_accepted",
    "teams_error_json",
    "teams_failed",
]

WEBHOOK_PATH = "/services/T000/B000/XXXX"
DISCORD_PATH = "/api/webhooks/123456789012345678/DISCORDSECRETTOKEN"
TEAMS_PATH = "/workflows/abc/triggers/manual/paths/invoke?sig=TEAMSSECRET"
GOOGLE_CHAT_PATH = "/v1/spaces/AAAA/messages?key=K&token=GCHATSECRET"
MATTERMOST_PATH = "/hooks/mattermostsecretkey"


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
        if not any(name.lower() == "content-type" for name in response.headers):
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

    ``path`` is the URL path (and query) to advertise; ``default`` is the answer when the
    script is empty (Slack's ``200 ok`` unless given). :data:`FakeWebhook` is the same class
    under a platform-neutral name.

    Attributes:
        url: the webhook URL, ``http://127.0.0.1:PORT/services/T000/B000/XXXX``.
        requests: the :class:`RecordedRequest` list, in arrival order.
    """

    def __init__(self, path: str = WEBHOOK_PATH, *, default: Response | None = None) -> None:
        self._default = default if default is not None else ok()
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
            return self._script.popleft() if self._script else self._default

    @property
    def times(self) -> list[float]:
        """Arrival times (:func:`time.monotonic`) of the requests, in order."""
        with self._lock:
            return [r.time for r in self.requests]

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


FakeWebhook = FakeSlack
"""The loopback webhook under a platform-neutral name."""


def json_response(
    status: int, data: Any, headers: Mapping[str, str] | None = None, delay: float = 0.0
) -> Response:
    """An answer with a JSON body (``Content-Type: application/json``)."""
    return Response(
        status, json.dumps(data), {"Content-Type": "application/json", **(headers or {})}, delay
    )


# --- Discord: https://discord.com/developers/docs/resources/webhook#execute-webhook ---------


def discord_ok(*, remaining: int | None = None, reset_after: float | None = None) -> Response:
    """Discord's success answer: ``204 No Content``; with ``remaining=0, reset_after=s`` the
    rate-limit headers say the bucket is empty for ``s`` seconds
    (https://discord.com/developers/docs/topics/rate-limits#header-format)."""
    headers: dict[str, str] = {}
    if remaining is not None:
        headers["X-RateLimit-Limit"] = "5"
        headers["X-RateLimit-Remaining"] = str(remaining)
    if reset_after is not None:
        headers["X-RateLimit-Reset-After"] = str(reset_after)
    return Response(204, "", headers)


def discord_rate_limited(
    retry_after: float = 0.25, *, header: str | None = "1", is_global: bool = False
) -> Response:
    """Discord's ``429``: JSON ``{"message", "retry_after": <float seconds>, "global"}`` and a
    ``Retry-After`` header (whole seconds; ``header=None`` omits it).
    Source: https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit"""
    headers = {"X-RateLimit-Scope": "shared"}
    if header is not None:
        headers["Retry-After"] = header
    body = {"message": "You are being rate limited.", "retry_after": retry_after}
    body["global"] = is_global
    return json_response(429, body, headers)


def discord_gone() -> Response:
    """Discord's answer for a deleted webhook: ``404 {"message": "Unknown Webhook",
    "code": 10015}`` (https://discord.com/developers/docs/topics/opcodes-and-status-codes)."""
    return json_response(404, {"message": "Unknown Webhook", "code": 10015})


def discord_error(status: int = 400, message: str = "Invalid Form Body", code: int = 50035):
    """A Discord JSON error, e.g. ``400 {"message": "Invalid Form Body", "code": 50035}``."""
    return json_response(status, {"message": message, "code": code})


# --- Microsoft Teams Workflows ----------------------------------------------------------------


def teams_accepted(status: int = 202) -> Response:
    """A Workflows webhook's success: ``202 Accepted`` with an empty body (or ``200``)."""
    return Response(status, "")


def teams_failed(status: int = 200) -> Response:
    """Teams' "200 but failed" answer (https://github.com/MicrosoftDocs/msteams-docs/issues/400)."""
    return Response(
        status,
        "Webhook message delivery failed with error: Microsoft Teams endpoint returned "
        "HTTP error 400 with ContextId tcid=0,server=msgapi-production-weu-azsc2-4-96,cv=x.",
        {"Content-Type": "text/plain; charset=utf-8"},
    )


def teams_error_json(status: int = 200, code: str = "InvalidRequestContent") -> Response:
    """A Power Automate JSON error body, e.g. ``{"error": {"code", "message"}}``."""
    return json_response(
        status, {"error": {"code": code, "message": "The request content is not valid."}}
    )


# --- Google Chat: https://developers.google.com/workspace/chat/quickstart/webhooks ----------


def google_chat_ok(text: str = "") -> Response:
    """Google Chat's success: ``200`` and the created message as JSON."""
    return json_response(
        200,
        {
            "name": "spaces/AAAA/messages/BBBB.BBBB",
            "sender": {"name": "users/114022495153014004089", "type": "BOT"},
            "text": text,
            "space": {"name": "spaces/AAAA", "type": "ROOM"},
        },
    )


def google_chat_error(
    status: int = 400, message: str = "Invalid JSON payload", state: str = "INVALID_ARGUMENT"
) -> Response:
    """A Google API error: ``{"error": {"code", "message", "status"}}``."""
    return json_response(status, {"error": {"code": status, "message": message, "status": state}})


def google_chat_rate_limited(retry_after: str | None = None) -> Response:
    """Google's ``429 RESOURCE_EXHAUSTED`` (``Retry-After`` only when given)."""
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    body = {
        "error": {
            "code": 429,
            "message": "Resource has been exhausted",
            "status": "RESOURCE_EXHAUSTED",
        }
    }
    return json_response(429, body, headers)


# --- Mattermost: https://developers.mattermost.com/integrate/webhooks/incoming/ -------------


def mattermost_error(
    status: int = 400, message: str = "Unable to parse incoming data."
) -> Response:
    """A Mattermost JSON error: ``{"id", "message", "status_code"}``."""
    body = {"id": "web.incoming_webhook.parse.app_error", "message": message, "status_code": status}
    return json_response(status, body)


# --- generic JSON bot -------------------------------------------------------------------------


def generic_ok(status: int = 201) -> Response:
    """A home-grown bot's success: any 2xx (``201 Created`` by default)."""
    return json_response(status, {"accepted": True})


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A running :class:`FakeSlack`, closed after the test."""
    with FakeSlack() as slack:
        yield slack
