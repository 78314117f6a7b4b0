"""A loopback stand-in for the Slack Web API, for ldtui's sync tests (Geekbot's is
``geekbot_api``, built to Geekbot's own API documentation).

It is a real HTTP server on ``127.0.0.1`` (random port) served from a thread, answering
from an in-memory workspace as the documented API does, so the code under test runs its real
client (slack-sdk's ``WebClient``, httpx) against it.

Usage::

    with FakeSlackAPI(token="xoxb-test") as slack:
        slack.users.append(slack_user("U1", "Ada"))
        slack.add_channel("C1", "learning-day", members=["U1"])
        slack.post("C1", "U1", "plan: Rust", ts="1700000000.000100")
        slack.fail("conversations.history", slack_rate_limited(retry_after=1))
        ...  # WebClient(base_url=slack.url)
        slack.calls("conversations.history")[0].params["oldest"]

Slack (https://api.slack.com/web): every answer is ``200 {"ok": true, ...}`` with cursor
paging in ``response_metadata.next_cursor`` (https://api.slack.com/apis/pagination) or
``{"ok": false, "error": "..."}``; a wrong token gets ``invalid_auth``; ``429`` with
``Retry-After`` when scripted (https://api.slack.com/apis/rate-limits). Sending:
``conversations.open`` with ``users=<id>`` opens a ``D<id>`` IM (``user_not_found`` for
someone not in ``users``, ``cannot_dm_bot`` for a bot); ``chat.postMessage`` records
``channel``, ``text`` and ``thread_ts`` in ``posted`` (``channel_not_found`` for an unknown
channel, ``thread_not_found`` for an unknown parent).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable, Mapping
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

__all__ = [
    "ApiCall",
    "ApiResponse",
    "FakeSlackAPI",
    "api_json",
    "slack_error",
    "slack_rate_limited",
    "slack_user",
]


class ApiResponse(NamedTuple):
    """One answer: HTTP status, body text, headers."""

    status: int
    body: str
    headers: Mapping[str, str] = {}


class ApiCall(NamedTuple):
    """One request received: ``method`` (the Slack method name), query/form
    parameters, lower-case headers."""

    method: str
    params: dict[str, str]
    headers: dict[str, str]


def api_json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None):
    """An answer with a JSON body."""
    return ApiResponse(
        status, json.dumps(data), {"Content-Type": "application/json", **(headers or {})}
    )


def slack_error(error: str, **extra: Any) -> ApiResponse:
    """Slack's error answer: ``200 {"ok": false, "error": error, ...}``."""
    return api_json({"ok": False, "error": error, **extra})


def slack_rate_limited(retry_after: int = 1) -> ApiResponse:
    """Slack's rate-limit answer: ``429``, ``Retry-After: <seconds>``, ``ratelimited``."""
    return api_json({"ok": False, "error": "ratelimited"}, 429, {"Retry-After": str(retry_after)})


def slack_user(
    uid: str,
    name: str,
    *,
    tz: str | None = "Europe/London",
    is_bot: bool = False,
    deleted: bool = False,
) -> dict[str, Any]:
    """A ``users.list`` member as Slack sends it (https://api.slack.com/types/user)."""
    return {
        "id": uid,
        "team_id": "T1",
        "name": name.lower().replace(" ", "."),
        "deleted": deleted,
        "real_name": name,
        "tz": tz,
        "tz_offset": 0,
        "is_bot": is_bot,
        "profile": {"display_name": "", "real_name": name},
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: _LoopbackAPI

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query))
        if raw and "json" not in (self.headers.get("Content-Type") or ""):
            params.update(parse_qsl(raw))
        elif raw:  # slack-sdk sends chat.postMessage as JSON
            try:
                body = json.loads(raw)
            except ValueError:
                body = {}
            if isinstance(body, dict):
                params.update(
                    {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
                )
        headers = {k.lower(): v for k, v in self.headers.items()}
        response = self.server.fake._dispatch(parts.path, params, headers)
        data = response.body.encode("utf-8")
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _handle
    do_POST = _handle


class _LoopbackAPI:
    """The server, the request log and the scripted answers."""

    prefix = "/"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._script: dict[str, deque[ApiResponse]] = {}
        self.requests: list[ApiCall] = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}{self.prefix}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def fail(self, method: str, *responses: ApiResponse) -> None:
        """Answer the next calls of ``method`` with ``responses`` (in order), then normally."""
        with self._lock:
            self._script.setdefault(method, deque()).extend(responses)

    def calls(self, method: str) -> list[ApiCall]:
        """The requests made to ``method``, in order."""
        with self._lock:
            return [c for c in self.requests if c.method == method]

    def _dispatch(self, path: str, params: dict[str, str], headers: dict[str, str]):
        method = path[len(self.prefix) :] if path.startswith(self.prefix) else path
        with self._lock:
            self.requests.append(ApiCall(method, params, headers))
            script = self._script.get(method)
            if script:
                return script.popleft()
            return self.answer(method, params, headers)

    def answer(self, method: str, params: dict[str, str], headers: dict[str, str]):
        """The normal answer to a request (subclasses implement the API)."""
        raise NotImplementedError

    def close(self) -> None:
        """Stop the server (idempotent)."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    def __enter__(self):  # the subclass itself
        """Return the running fake."""
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _page(items: list[Any], params: dict[str, str], page_size: int | None) -> tuple[list, str]:
    """One page of ``items`` for Slack's cursor paging: the cursor is the offset. Slack may
    send fewer items than ``limit``; ``page_size`` caps a page to exercise the paging."""
    limit = int(params.get("limit") or 100)
    if page_size:
        limit = min(limit, page_size)
    offset = int(params.get("cursor") or 0)
    chunk = items[offset : offset + limit]
    more = offset + limit < len(items)
    return chunk, (str(offset + limit) if more else "")


class FakeSlackAPI(_LoopbackAPI):
    """A Slack workspace behind the Web API methods ldtui uses (see the module docstring).

    ``users``: ``users.list`` members; ``channels``: id -> {"name", "members", "messages"}
    where messages are stored as posted (replies carry ``thread_ts``); ``not_in``: channel ids
    whose history answers ``not_in_channel``; ``page_size``: most items per page (Slack may
    send fewer than ``limit``), small in tests to exercise the paging.
    """

    prefix = "/api/"

    def __init__(self, token: str = "xoxb-test-token") -> None:
        self.token = token
        self.users: list[dict[str, Any]] = []
        self.channels: dict[str, dict[str, Any]] = {}
        self.not_in: set[str] = set()
        self.page_size: int | None = 2
        self.posted: list[dict[str, str]] = []
        """What ``chat.postMessage`` received: ``channel``, ``text``, ``thread_ts``."""
        super().__init__()

    def add_channel(self, cid: str, name: str, members: list[str]) -> None:
        """Create channel ``cid`` named ``name`` with these member ids."""
        self.channels[cid] = {"name": name, "members": list(members), "messages": []}

    def post(self, cid: str, user: str | None, text: str, ts: str, **fields: Any) -> dict:
        """Add a message (``thread_ts=...`` for a reply, ``subtype=...``, ``bot_id=...``)."""
        message = {"type": "message", "ts": ts, "text": text, **fields}
        if user is not None:
            message["user"] = user
        with self._lock:
            self.channels[cid]["messages"].append(message)
        return message

    def edit(self, cid: str, ts: str, text: str, edited_ts: str) -> None:
        """Edit a message in place, as Slack does (``edited`` is set)."""
        with self._lock:
            for message in self.channels[cid]["messages"]:
                if message["ts"] == ts:
                    message["text"] = text
                    message["edited"] = {"user": message.get("user"), "ts": edited_ts}

    def answer(self, method: str, params: dict[str, str], headers: dict[str, str]):
        """``invalid_auth`` for a wrong bearer token, else the method's answer."""
        if headers.get("authorization") != f"Bearer {self.token}":
            return slack_error("invalid_auth")
        handler: Callable[[dict[str, str]], ApiResponse] | None = getattr(
            self, "_" + method.replace(".", "_"), None
        )
        if handler is None:
            return slack_error("unknown_method")
        return handler(params)

    def _users_list(self, params: dict[str, str]) -> ApiResponse:
        page, cursor = _page(self.users, params, self.page_size)
        return api_json({"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}})

    def _channel(self, params: dict[str, str]) -> dict[str, Any] | None:
        return self.channels.get(params.get("channel", ""))

    def _conversations_info(self, params: dict[str, str]) -> ApiResponse:
        channel = self._channel(params)
        if channel is None:
            return slack_error("channel_not_found")
        info = {"id": params["channel"], "name": channel["name"], "is_channel": True}
        return api_json({"ok": True, "channel": info})

    def _conversations_members(self, params: dict[str, str]) -> ApiResponse:
        channel = self._channel(params)
        if channel is None:
            return slack_error("channel_not_found")
        page, cursor = _page(channel["members"], params, self.page_size)
        return api_json({"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}})

    @staticmethod
    def _with_thread_fields(message: dict[str, Any], replies: list[dict]) -> dict[str, Any]:
        out = dict(message)
        if replies:
            out["thread_ts"] = message["ts"]
            out["reply_count"] = len(replies)
            out["reply_users"] = sorted({r.get("user") for r in replies if r.get("user")})
            out["latest_reply"] = max((r["ts"] for r in replies), key=Decimal)
        return out

    def _replies_of(self, channel: dict[str, Any], ts: str) -> list[dict[str, Any]]:
        return [m for m in channel["messages"] if m.get("thread_ts") == ts and m["ts"] != ts]

    def _conversations_history(self, params: dict[str, str]) -> ApiResponse:
        channel = self._channel(params)
        if channel is None:
            return slack_error("channel_not_found")
        if params["channel"] in self.not_in:
            return slack_error("not_in_channel")
        inclusive = params.get("inclusive") in ("1", "true")
        oldest = Decimal(params.get("oldest") or "0")
        latest = Decimal(params["latest"]) if params.get("latest") else None
        shown = []
        for m in channel["messages"]:
            is_reply = m.get("thread_ts") not in (None, m["ts"])
            if is_reply and m.get("subtype") != "thread_broadcast":
                continue
            ts = Decimal(m["ts"])
            if ts < oldest or (ts == oldest and not inclusive):
                continue
            if latest is not None and (ts > latest or (ts == latest and not inclusive)):
                continue
            shown.append(
                self._with_thread_fields(m, [] if is_reply else self._replies_of(channel, m["ts"]))
            )
        shown.sort(key=lambda m: Decimal(m["ts"]), reverse=True)
        page, cursor = _page(shown, params, self.page_size)
        return api_json(
            {
                "ok": True,
                "messages": page,
                "has_more": bool(cursor),
                "pin_count": 0,
                "response_metadata": {"next_cursor": cursor},
            }
        )

    def _conversations_open(self, params: dict[str, str]) -> ApiResponse:
        uid = params.get("users", "")
        user = next((u for u in self.users if u["id"] == uid), None)
        if user is None:
            return slack_error("user_not_found")
        if user.get("is_bot"):
            return slack_error("cannot_dm_bot")
        return api_json({"ok": True, "channel": {"id": "D" + uid}})

    def _chat_postMessage(self, params: dict[str, str]) -> ApiResponse:  # noqa: N802
        channel = params.get("channel", "")
        thread_ts = params.get("thread_ts")
        known = channel in self.channels or (
            channel.startswith("D") and any(u["id"] == channel[1:] for u in self.users)
        )
        if not known:
            return slack_error("channel_not_found")
        if thread_ts and not any(
            m["ts"] == thread_ts for m in self.channels.get(channel, {}).get("messages", [])
        ):
            return slack_error("thread_not_found")
        self.posted.append(
            {
                "channel": channel,
                "text": params.get("text", ""),
                **({"thread_ts": thread_ts} if thread_ts else {}),
            }
        )
        ts = f"1800000000.{len(self.posted):06d}"
        return api_json({"ok": True, "channel": channel, "ts": ts})

    def _conversations_replies(self, params: dict[str, str]) -> ApiResponse:
        channel = self._channel(params)
        if channel is None:
            return slack_error("channel_not_found")
        parent = next((m for m in channel["messages"] if m["ts"] == params.get("ts")), None)
        if parent is None:
            return slack_error("thread_not_found")
        replies = sorted(self._replies_of(channel, parent["ts"]), key=lambda m: Decimal(m["ts"]))
        thread = [self._with_thread_fields(parent, replies), *replies]
        page, cursor = _page(thread, params, self.page_size)
        return api_json(
            {
                "ok": True,
                "messages": page,
                "has_more": bool(cursor),
                "response_metadata": {"next_cursor": cursor},
            }
        )
