"""A loopback Geekbot that answers as Geekbot's own API documentation says, for ldtui's tests.

Source: geekbot-com/geekbot-cli, ``API_DOCUMENTATION.md`` (v1), and the same project's command
reference for ``GET /v2/ooo``. What it does, and nothing more:

- Requests to ``/v1/*`` paths with a trailing slash get ``301`` with ``Location`` = the path
  without it (query kept), before anything else ("Request & Response Format").
- ``Authorization`` must be the key itself, no scheme; otherwise ``401 {"error":
  "Unauthorized"}``.
- ``GET /v1/standups/{id}``: the standup object (``users`` as full user objects, ``questions``
  as question objects); ``404 {"error": "Standup not found"}``.
- ``GET /v1/reports``: reports in the Timeline format, filtered by ``standup_id``, ``user_id``,
  ``after`` / ``before`` (unix seconds, exclusive), newest first, ``limit`` default 30, at most
  100; a non-numeric ``before`` / ``after`` gets ``400 "since expects a timestamp"`` /
  ``"after expects a timestamp"``. Anonymous reports have no ``member``.
- ``POST /v1/standups/{id}/start`` with ``{"users": [...]}`` (or nothing: everyone): ``200
  "ok"``; ``404 {"error": "User is not member of the standup"}`` if any is not a member.
- ``GET /v2/ooo`` with ``user_id`` (default: the key's own user), ``since`` (default today:
  current and upcoming only), ``until``, ``cursor``, ``limit`` (default 25, at most 100):
  ``{"data": [...], "next_cursor": ..., "has_more": ...}``; ``ooo_status`` makes it answer an
  error instead (a plan or key without it).

Bodies are pretty-printed JSON with unescaped slashes. Every request is recorded
(:attr:`GeekbotAPI.requests`: method, the path as sent, query, lower-case headers, JSON body)
so tests assert on what ldtui sent. :meth:`GeekbotAPI.script` makes the next request to a path
get a given answer (a ``429``, a ``500``).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = [
    "GeekbotAPI",
    "Reply",
    "Request",
    "gb_question",
    "gb_report",
    "gb_user",
    "ooo_period",
]


@dataclass(frozen=True)
class Request:
    """One request received."""

    method: str
    path: str
    """The path exactly as sent (a trailing slash kept)."""
    params: dict[str, str]
    headers: dict[str, str]
    """Lower-case names."""
    body: Any = None
    """The parsed JSON body, or ``None``."""


@dataclass(frozen=True)
class Reply:
    """A scripted answer: status, JSON body (any JSON value), extra headers."""

    status: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


def gb_user(uid: str, username: str, realname: str | None, email: str = "") -> dict[str, Any]:
    """A full user object (standup ``users``)."""
    return {
        "id": uid,
        "role": "member",
        "email": email or f"{username}@example.com",
        "username": username,
        "realname": realname,
        "profile_img": f"https://avatars.example.com/{username}_48.png",
    }


def gb_question(qid: int, text: str) -> dict[str, Any]:
    """A standup question object."""
    return {
        "id": qid,
        "color": "#FF5733",
        "text": text,
        "schedule": None,
        "answer_type": "text",
        "answer_choices": [],
        "hasAnswers": True,
        "is_random": False,
        "random_texts": [],
        "prefilled_by": None,
        "text_id": qid,
        "preconditions": [],
        "label": None,
        "flavor": "",
    }


def gb_report(
    rid: int,
    timestamp: int,
    answers: Mapping[int, str],
    *,
    member: tuple[str, str, str | None] | None = ("U1", "ada", "Ada Lovelace"),
    standup_id: int = 42,
    slack_ts: Any = "same",
) -> dict[str, Any]:
    """A report in the Timeline format of ``GET /v1/reports``: ``answers`` maps question id
    to answer text; ``member`` is ``(id, username, realname)`` or ``None`` (anonymous: no
    ``member`` key); ``slack_ts`` defaults to ``timestamp`` (a number, as documented)."""
    report: dict[str, Any] = {
        "id": rid,
        "slack_ts": timestamp if slack_ts == "same" else slack_ts,
        "standup_id": standup_id,
        "timestamp": timestamp,
        "channel": "#learning-day",
        "is_anonymous": member is None,
        "broadcast_thread": False,
        "is_confidential": False,
        "questions": [
            {
                "id": rid * 100 + i,
                "question": f"Question {qid}?",
                "question_id": qid,
                "color": "#FF5733",
                "answer": text,
                "images": [],
            }
            for i, (qid, text) in enumerate(answers.items())
        ],
    }
    if member is not None:
        uid, username, realname = member
        report["member"] = {
            "id": uid,
            "username": username,
            "realname": realname,
            "profileImg": f"https://avatars.example.com/{username}_192.png",
        }
    return report


def ooo_period(pid: int, user_id: str, start: str, end: str, tz: str = "Europe/Athens") -> dict:
    """An out-of-office period of ``GET /v2/ooo`` (dates ``YYYY-MM-DD``, end inclusive)."""
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    return {
        "id": pid,
        "user_id": user_id,
        "start_date": start,
        "end_date": end,
        "days": days,
        "timezone": tz,
        "created_at": "2026-01-01T10:00:00+00:00",
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    api: GeekbotAPI

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", errors="replace")
        parts = urlsplit(self.path)
        request = Request(
            self.command,
            parts.path,
            dict(parse_qsl(parts.query)),
            {k.lower(): v for k, v in self.headers.items()},
            body,
        )
        reply = self.server.api._dispatch(request, parts.query)
        data = b""
        if reply.body is not None:
            data = json.dumps(reply.body, indent=4).encode("utf-8")
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _handle
    do_POST = _handle


class GeekbotAPI:
    """The loopback Geekbot (see the module docstring); a context manager.

        ``standups``: id -> standup object (:meth:`add_standup`); ``reports``: Timeline reports;
        ``ooo``: out-of-office periods; ``me``: the key's own user id; ``ooo_status``: answer
        every ``/v2/ooo`` with this error status instead; ``ooo_page_size``: most periods per page
    (small in tests, to exercise the paging); ``started``: the user lists of
        successful ``start`` calls; ``today``: the server's date (``since`` default of ``/v2/ooo``).
    """

    def __init__(self, key: str = "geekbot-test-key", me: str = "U1") -> None:
        self.key = key
        self.me = me
        self.standups: dict[int, dict[str, Any]] = {}
        self.reports: list[dict[str, Any]] = []
        self.ooo: list[dict[str, Any]] = []
        self.ooo_status: int | None = None
        self.ooo_page_size: int | None = None
        self.started: list[list[str]] = []
        self.today = datetime.now(UTC).date()
        self.requests: list[Request] = []
        self._script: dict[str, deque[Reply]] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.api = self
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # ----------------------------------------------------------------- scripting

    def add_standup(
        self,
        sid: int,
        name: str,
        users: Sequence[dict[str, Any]],
        questions: Sequence[dict[str, Any]],
    ) -> dict[str, Any]:
        """Create standup ``sid`` (a full standup object) and return it."""
        standup = {
            "id": sid,
            "name": name,
            "time": "10:00:00",
            "wait_time": 600,
            "timezone": "Europe/London",
            "days": ["Thu"],
            "channel": "#learning-day",
            "channel_ready": True,
            "questions": list(questions),
            "users": list(users),
            "users_total": len(users),
            "webhooks": [],
            "master": users[0]["id"] if users else "",
            "sync_channel_members": False,
            "sync_channel_ready": False,
            "sync_channel": None,
            "confidential": False,
            "anonymous": False,
            "draft": False,
            "paused": False,
        }
        self.standups[sid] = standup
        return standup

    def script(self, path: str, *replies: Reply) -> None:
        """Answer the next requests to ``path`` with ``replies``, in order, then normally."""
        with self._lock:
            self._script.setdefault(path, deque()).extend(replies)

    def calls(self, path: str, method: str | None = None) -> list[Request]:
        """The requests made to ``path`` (exactly as sent), in order."""
        with self._lock:
            return [
                r
                for r in self.requests
                if r.path == path and (method is None or r.method == method)
            ]

    # ----------------------------------------------------------------- the API

    def _dispatch(self, request: Request, query: str) -> Reply:
        with self._lock:
            self.requests.append(request)
            path = request.path
            if path.startswith("/v1/") and path.endswith("/") and path != "/v1/":
                location = self.url + path.rstrip("/") + (f"?{query}" if query else "")
                return Reply(301, None, {"Location": location})
            scripted = self._script.get(path)
            if scripted:
                return scripted.popleft()
            if request.headers.get("authorization") != self.key:
                return Reply(401, {"error": "Unauthorized"})
            return self._route(request)

    def _route(self, request: Request) -> Reply:
        parts = request.path.strip("/").split("/")
        if request.method == "GET" and parts == ["v1", "reports"]:
            return self._reports(request.params)
        if parts[:2] == ["v1", "standups"] and len(parts) >= 3 and parts[2].isdigit():
            standup = self.standups.get(int(parts[2]))
            if len(parts) == 3 and request.method == "GET":
                return (
                    Reply(200, standup) if standup else Reply(404, {"error": "Standup not found"})
                )
            if parts[3:] == ["start"] and request.method == "POST":
                return self._start(standup, request.body)
        if request.method == "GET" and parts == ["v2", "ooo"]:
            return self._ooo(request.params)
        return Reply(404, {"error": "Not found"})

    def _reports(self, params: dict[str, str]) -> Reply:
        bounds: dict[str, int | None] = {}
        for name, message in (
            ("before", "since expects a timestamp"),
            ("after", "after expects a timestamp"),
        ):
            value = params.get(name)
            if value is not None and not value.lstrip("-").isdigit():
                return Reply(400, {"error": message})
            bounds[name] = int(value) if value is not None else None
        limit = max(1, min(int(params.get("limit") or 30), 100))
        found = [
            r
            for r in self.reports
            if ("standup_id" not in params or str(r["standup_id"]) == params["standup_id"])
            and ("user_id" not in params or (r.get("member") or {}).get("id") == params["user_id"])
            and (bounds["after"] is None or r["timestamp"] > bounds["after"])
            and (bounds["before"] is None or r["timestamp"] < bounds["before"])
        ]
        found.sort(key=lambda r: (r["timestamp"], r["id"]), reverse=True)
        return Reply(200, found[:limit])

    def _start(self, standup: dict[str, Any] | None, body: Any) -> Reply:
        if standup is None:
            return Reply(404, {"error": "Standup not found"})
        members = {u["id"] for u in standup["users"]}
        users = (body or {}).get("users") if isinstance(body, dict) else None
        users = list(users) if users else sorted(members)
        if any(u not in members for u in users):
            return Reply(404, {"error": "User is not member of the standup"})
        self.started.append(users)
        return Reply(200, "ok")

    def _ooo(self, params: dict[str, str]) -> Reply:
        if self.ooo_status is not None:
            return Reply(
                self.ooo_status,
                {"error": "Unauthorized" if self.ooo_status == 401 else "Not found"},
            )
        user = params.get("user_id") or self.me
        since = params.get("since") or self.today.isoformat()
        until = params.get("until")
        found = sorted(
            (
                p
                for p in self.ooo
                if p["user_id"] == user
                and p["end_date"] >= since
                and (until is None or p["start_date"] < until)
            ),
            key=lambda p: (p["start_date"], p["id"]),
        )
        limit = max(1, min(int(params.get("limit") or 25), 100, self.ooo_page_size or 100))
        offset = int(params.get("cursor") or 0)
        page = found[offset : offset + limit]
        more = offset + limit < len(found)
        return Reply(
            200,
            {"data": page, "next_cursor": str(offset + limit) if more else None, "has_more": more},
        )

    def close(self) -> None:
        """Stop the server (idempotent)."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    def __enter__(self) -> GeekbotAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
