"""Read a Geekbot standup: its members and questions, its reports as Learning Day plans and
summaries, and its members' out-of-office periods.

Geekbot (https://geekbot.com/developers/) asks a standup's questions in Slack and keeps each
person's answers as a *report*. The requests follow Geekbot's own API documentation
(geekbot-com/geekbot-cli, ``API_DOCUMENTATION.md``): the base is ``https://api.geekbot.com``;
the API key goes in ``Authorization`` as it is, without a scheme; paths have no trailing slash
(Geekbot answers ``…/v1/reports/`` with a ``301`` to ``…/v1/reports``, and a redirect is never
followed here: the key must not travel anywhere it was not sent, so any ``3xx`` is an error
naming the status and the ``Location`` host only). Errors are ``{"error": "<message>"}``.

- ``GET /v1/standups/{id}``: the standup, with ``users`` (``id``, ``username``, ``realname``,
  ``email``…) and ``questions`` (``id``, ``text``…); ``404 "Standup not found"``.
- ``GET /v1/reports`` with ``standup_id``, ``limit`` (at most 100) and the optional unix-second
  bounds ``after`` and ``before``: a JSON list of reports (the "Timeline" format)::

    {"id": 123, "slack_ts": 1700000000, "standup_id": 42, "timestamp": 1700000000,
     "channel": "#learning-day",
     "member": {"id": "U123", "username": "ada", "realname": "Ada L.", "profileImg": "..."},
     "questions": [{"id": 9001, "question": "What will you learn?", "question_id": 7,
                    "answer": "Rust ownership", "color": "#EEEEEE", "images": []}]}

  ``member`` is absent in anonymous standups; ``slack_ts`` may also come as a string.
  Paging: newest reports first; the next page asks ``before`` = the oldest ``timestamp`` of
  the page + 1 (so reports sharing that second are not lost whether ``before`` is exclusive or
  not; repeats are dropped by report ``id``), until a page has fewer than ``limit`` reports or
  nothing new.
- ``GET /v2/ooo`` with ``user_id``, ``since`` (``YYYY-MM-DD``: periods ending on or after it)
  and ``limit``, cursor-paged: ``{"data": [{"id", "user_id", "start_date", "end_date",
  "timezone", …}], "next_cursor": …, "has_more": …}`` (dates in the person's zone, the end
  inclusive; source: the Geekbot CLI's reference, ``ooo list``). Asked once per member; a key
  that cannot read it (``401``/``403``/``404``) is reported and the rest goes on.
- ``POST /v1/standups/{id}/start`` with ``{"users": [...]}``: Geekbot asks those people the
  standup now; answers ``"ok"`` (:func:`start_standup`, for nudging through Geekbot).

A ``429`` waits ``Retry-After`` seconds (at most 60) and retries, three retries.

The config file says which questions are plans and which are summaries::

    geekbot_plan_questions = [7]
    geekbot_summary_questions = [8]

(``ldtui import geekbot --standup-id N --list-questions`` prints the ids.) Each non-empty
answer to one of them becomes a post (:class:`~ldtui.store.NewPost` with ``kind_hint``) in the
pseudo-channel ``geekbot:<standup id>`` named ``geekbot-<standup id>`` (not the Slack
channel's name: a config ``channel = "learning-day"`` must keep meaning the Slack channel),
whose members are the standup's members (people who never answered included). This module
reads; :func:`import_standup` writes everything in one transaction.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ldtui import slack_ts
from ldtui.importers.slack_text import to_plain
from ldtui.learning_day import Kind
from ldtui.notify.redact import SECRETS, install_log_scrubber, shorten
from ldtui.records import ImportBatch, NewChannel, NewPerson, NewPost
from ldtui.safe_http import Answer, DeadlineExceeded, get_capped, post_capped, redirect_text

if TYPE_CHECKING:
    from ldtui.records import ImportResult
    from ldtui.store import Store

__all__ = [
    "DEFAULT_GEEKBOT_API_URL",
    "OOO_REASON",
    "GeekbotError",
    "GeekbotImport",
    "OooPeriod",
    "QuestionMap",
    "StartOutcome",
    "Standup",
    "StandupMember",
    "StandupQuestion",
    "answer_ts",
    "configured_questions",
    "cursor_key",
    "fetch_ooo",
    "fetch_reports",
    "fetch_standup",
    "import_standup",
    "load_question_map",
    "make_client",
    "missing_questions_text",
    "read_reports",
    "read_standup",
    "start_standup",
]

DEFAULT_GEEKBOT_API_URL = "https://api.geekbot.com"
"""Geekbot's API root (``LDTUI_GEEKBOT_API_URL`` overrides it, for tests; a trailing ``/v1``
is accepted and dropped)."""
PAGE_LIMIT = 100
"""Reports asked per request (Geekbot's maximum)."""
OOO_PAGE_LIMIT = 100
"""Out-of-office periods asked per request (the v2 maximum)."""
OOO_HISTORY = timedelta(days=365)
"""How far back out-of-office periods are read when no ``since`` is given."""
OOO_REASON = "OOO in Geekbot"
"""The reason recorded on away periods read from Geekbot (replaced on each import)."""
START_BATCH = 50
"""People asked per ``POST /v1/standups/{id}/start`` (Geekbot documents no limit)."""
TIMEOUT = 10.0
"""Seconds for one whole request (connect, send, read the whole answer)."""
ANSWER_CAP = 8 * 1024 * 1024
"""Bytes of an answer read at most (100 reports are far less); a longer answer is an
error, not a silently cut page."""
ERROR_CAP = 64 * 1024
"""Bytes of an error answer read at most."""
MAX_RETRIES = 3
"""Retries after a ``429``."""
RETRY_AFTER_CAP = 60.0
"""Longest wait (seconds) for one ``Retry-After``."""
NOT_A_MEMBER = "User is not member of the standup"
"""Geekbot's 404 message when a person asked to start is not in the standup."""

SKIP_ANONYMOUS = "anonymous report (no member)"
SKIP_EMPTY = "empty answer"
SKIP_OTHER = "answer to another question"

_MENTION = re.compile(r"<@([A-Z0-9]+)")
# Looked up at call time so tests can replace it.
_sleep = time.sleep


class GeekbotError(Exception):
    """The Geekbot import cannot go on: a bad config, an API error, an unexpected answer.

    ``str(error)`` is a message for a person; it never contains the API key. Nothing has been
    written when it is raised."""


# --------------------------------------------------------------------------- config


@dataclass(frozen=True)
class QuestionMap:
    """Which Geekbot question ids are plans and which are summaries (ids as strings)."""

    plan: frozenset[str]
    summary: frozenset[str]

    def kind(self, question_id: object) -> Kind | None:
        """``"plan"``, ``"summary"`` or ``None`` for a question id (number or string)."""
        key = str(question_id)
        if key in self.plan:
            return "plan"
        if key in self.summary:
            return "summary"
        return None


def _question_ids(data: dict[str, Any], key: str, where: str) -> frozenset[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, str) and v.strip())
        for v in value
    ):
        raise GeekbotError(f"{where}: '{key}' must be a list of question ids, e.g. [123]")
    return frozenset(str(v).strip() for v in value)


def _read_question_ids(path: Path | None) -> tuple[frozenset[str], frozenset[str], str]:
    import tomllib

    where = str(path) if path is not None else "the config file"
    data: dict[str, Any] = {}
    if path is not None and path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
            raise GeekbotError(f"{where}: cannot read: {exc}") from exc
    plan = _question_ids(data, "geekbot_plan_questions", where)
    summary = _question_ids(data, "geekbot_summary_questions", where)
    both = sorted(plan & summary)
    if both:
        raise GeekbotError(f"{where}: question {', '.join(both)} is both a plan and a summary")
    return plan, summary, where


def configured_questions(path: Path | None) -> QuestionMap | None:
    """Read ``geekbot_plan_questions`` and ``geekbot_summary_questions`` from ``path``, or
    ``None`` when neither lists an id (the import then shows the standup's questions).

    ``path`` is the config file (TOML, read with :mod:`tomllib`; ``None`` or a missing file
    holds nothing). Each key is a list of question ids (integers, or strings of them) as in
    the reports' ``question_id``. Raises :class:`GeekbotError` naming the file when it is not
    valid TOML, a key has the wrong type, or an id is in both.
    """
    plan, summary, _ = _read_question_ids(path)
    if not plan and not summary:
        return None
    return QuestionMap(plan=plan, summary=summary)


def load_question_map(path: Path | None) -> QuestionMap:
    """Like :func:`configured_questions`, but neither key listing an id is an error too
    (:class:`GeekbotError` naming the file and both settings)."""
    plan, summary, where = _read_question_ids(path)
    if not plan and not summary:
        raise GeekbotError(
            f"{where}: set geekbot_plan_questions and/or geekbot_summary_questions "
            "(the Geekbot question ids whose answers are plans and summaries)"
        )
    return QuestionMap(plan=plan, summary=summary)


# --------------------------------------------------------------------------- HTTP


def api_root(base_url: str) -> str:
    """The API root without a trailing ``/`` or ``/v1`` (``https://api.geekbot.com``)."""
    root = base_url.rstrip("/")
    return root[: -len("/v1")] if root.endswith("/v1") else root


def make_client(api_key: str, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An :class:`httpx.Client` that sends ``api_key`` as ``Authorization`` (no scheme, as
    Geekbot documents) and never follows a redirect. The key is added to the process-wide
    scrubber (:data:`ldtui.notify.redact.SECRETS`) and log records are scrubbed from now on,
    so no error text or log line can show it. ``transport`` is for tests."""
    SECRETS.add_token(api_key)
    install_log_scrubber()
    return httpx.Client(
        headers={"Authorization": api_key, "Accept": "application/json"},
        timeout=TIMEOUT,
        transport=transport,
        follow_redirects=False,
    )


def _retry_after(answer: Answer) -> float:
    from ldtui.http_rules import retry_after_seconds

    return retry_after_seconds(answer.headers.get("Retry-After"), RETRY_AFTER_CAP)


def _fetch(client: httpx.Client, url: str, params: dict[str, Any], deadline: float) -> Answer:
    """GET with the 429 retries; the answer as read (any status). Each request has one
    ``deadline`` in seconds for the whole answer and reads at most :data:`ANSWER_CAP` bytes;
    a redirect is refused (:class:`GeekbotError` naming the status and the host only)."""
    attempt = 0
    while True:
        try:
            answer = get_capped(client, url, params=params, deadline=deadline, cap=ANSWER_CAP)
        except DeadlineExceeded as exc:
            raise GeekbotError(f"Geekbot: {exc}") from exc
        except httpx.HTTPError as exc:
            raise GeekbotError(f"cannot reach Geekbot: {type(exc).__name__}") from exc
        if answer.status == 429 and attempt < MAX_RETRIES:
            attempt += 1
            _sleep(_retry_after(answer))
            continue
        if answer.is_redirect:
            raise GeekbotError(f"Geekbot {redirect_text(answer.status, answer.location)}")
        return answer


def _error_message(answer: Answer) -> str:
    """Geekbot's error text: ``{"error": "..."}``, a bare JSON string, or the body; scrubbed
    of secrets and cut to 200 characters."""
    text = answer.text[:ERROR_CAP]
    try:
        data = json.loads(text)
    except ValueError:
        data = text
    if isinstance(data, dict):
        data = data.get("error", data.get("message", text))
    return shorten(data if isinstance(data, str) else text, 200)


def _json(answer: Answer) -> Any:
    """The parsed JSON of a ``200`` answer (numbers with decimals as Decimal). Raises
    :class:`GeekbotError` for any other status (401/403: the key), a cut or non-JSON body."""
    status = answer.status
    if status in (401, 403):
        raise GeekbotError(f"Geekbot rejected the key in GEEKBOT_API_KEY (HTTP {status})")
    if status == 429:
        raise GeekbotError(f"Geekbot still answered 429 (rate limited) after {MAX_RETRIES} retries")
    if status != 200:
        text = _error_message(answer)
        raise GeekbotError(f"Geekbot answered HTTP {status}" + (f": {text}" if text else ""))
    if answer.truncated:
        raise GeekbotError(f"Geekbot's answer is larger than {ANSWER_CAP // (1024 * 1024)} MiB")
    try:
        return json.loads(answer.text, parse_float=Decimal)
    except ValueError as exc:
        raise GeekbotError("Geekbot's answer is not JSON") from exc


def _get(client: httpx.Client, url: str, params: dict[str, Any], deadline: float = TIMEOUT) -> Any:
    """GET ``url`` (see :func:`_fetch`) and return its JSON (see :func:`_json`)."""
    return _json(_fetch(client, url, params, deadline))


# --------------------------------------------------------------------------- the standup


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class StandupMember:
    """A member of a standup, as ``GET /v1/standups/{id}`` lists it in ``users``."""

    id: str
    """Geekbot's user id (the Slack user id in a Slack team)."""
    username: str = ""
    realname: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        """The name to show: ``realname``, else ``username``, else the id."""
        return self.realname or self.username or self.id


@dataclass(frozen=True)
class StandupQuestion:
    """A standup question: its id (as a string, as in the config) and its text."""

    id: str
    text: str


@dataclass(frozen=True)
class Standup:
    """A Geekbot standup: id, name, members and questions (in Geekbot's order)."""

    id: int
    name: str
    members: tuple[StandupMember, ...]
    questions: tuple[StandupQuestion, ...]


def read_standup(data: Any, standup_id: int) -> Standup:
    """Read the standup object of ``GET /v1/standups/{id}`` (pure). Users without an id and
    questions without an id are left out. Raises :class:`GeekbotError` when ``data`` is not
    an object."""
    if not isinstance(data, dict):
        raise GeekbotError(f"Geekbot's answer for standup {standup_id} is not an object")
    members: dict[str, StandupMember] = {}
    for user in data.get("users") or []:
        uid = user.get("id") if isinstance(user, dict) else None
        if isinstance(uid, int | str) and not isinstance(uid, bool) and str(uid).strip():
            assert isinstance(user, dict)
            members[str(uid)] = StandupMember(
                id=str(uid),
                username=_text(user.get("username")).strip(),
                realname=_text(user.get("realname")).strip(),
                email=_text(user.get("email")).strip(),
            )
    questions = [
        StandupQuestion(str(q["id"]), _text(q.get("text")))
        for q in data.get("questions") or []
        if isinstance(q, dict) and q.get("id") is not None
    ]
    return Standup(
        id=standup_id,
        name=_text(data.get("name")),
        members=tuple(members.values()),
        questions=tuple(questions),
    )


def fetch_standup(
    client: httpx.Client,
    standup_id: int,
    *,
    base_url: str = DEFAULT_GEEKBOT_API_URL,
    deadline: float = TIMEOUT,
) -> Standup:
    """``GET /v1/standups/{standup_id}``: the standup's members and questions.

    Raises :class:`GeekbotError`: ``404`` (no such standup, or the key's user is not in it),
    a rejected key, a redirect, a timeout or a malformed answer.
    Source: Geekbot API documentation, "GET /v1/standups/{standupId}".
    """
    url = f"{api_root(base_url)}/v1/standups/{standup_id}"
    answer = _fetch(client, url, {}, deadline)
    if answer.status == 404:
        raise GeekbotError(
            f"Geekbot has no standup {standup_id} this key can see (HTTP 404: "
            f"{_error_message(answer) or 'not found'})"
        )
    return read_standup(_json(answer), standup_id)


def missing_questions_text(where: str, standup: Standup) -> str:
    """The error when the config sets neither question list: names both settings and the
    file, and lists the standup's questions (``id  text``) to pick from."""
    lines = [
        f"{where}: set geekbot_plan_questions and/or geekbot_summary_questions (the Geekbot "
        "question ids whose answers are plans and summaries); "
        f"standup {standup.id} asks:"
    ]
    lines += [f"  {q.id:>8}  {' '.join(q.text.split())}" for q in standup.questions]
    if not standup.questions:
        lines.append("  (no questions)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- reports


def fetch_reports(
    client: httpx.Client,
    standup_id: int,
    *,
    base_url: str = DEFAULT_GEEKBOT_API_URL,
    after: int | None = None,
    before: int | None = None,
    limit: int = PAGE_LIMIT,
    deadline: float = TIMEOUT,
) -> Iterator[dict[str, Any]]:
    """Yield the reports of standup ``standup_id`` (``GET /v1/reports``), newest pages first,
    each report once.

    ``client`` carries the ``Authorization`` header (see :func:`make_client`). ``after`` /
    ``before`` are unix seconds (UTC) sent as given; ``limit`` is capped at 100. Paging as
    the module says. ``deadline``: seconds for each whole request (answer included).
    Raises :class:`GeekbotError` on an HTTP error (401/403: the key; 429 after the retries),
    a redirect, a timeout, a non-list answer, or a report without an ``id`` or integer
    ``timestamp``. Source: Geekbot API documentation, "GET /v1/reports".
    """
    url = f"{api_root(base_url)}/v1/reports"
    limit = max(1, min(limit, PAGE_LIMIT))
    seen: set[str] = set()
    upper = before
    while True:
        params: dict[str, Any] = {"standup_id": standup_id, "limit": limit}
        if after is not None:
            params["after"] = after
        if upper is not None:
            params["before"] = upper
        page = _get(client, url, params, deadline)
        if not isinstance(page, list):
            raise GeekbotError("Geekbot's reports answer is not a list")
        fresh = 0
        oldest: int | None = None
        for report in page:
            if not isinstance(report, dict) or report.get("id") is None:
                raise GeekbotError("Geekbot sent a report without an id")
            stamp = report.get("timestamp")
            if not isinstance(stamp, int) or isinstance(stamp, bool):
                raise GeekbotError(f"Geekbot report {report['id']} has no unix timestamp")
            oldest = stamp if oldest is None else min(oldest, stamp)
            key = str(report["id"])
            if key in seen:
                continue
            seen.add(key)
            fresh += 1
            yield report
        if len(page) < limit or not fresh or oldest is None:
            return
        upper = oldest + 1


# --------------------------------------------------------------------------- out of office


@dataclass(frozen=True)
class OooPeriod:
    """An out-of-office period: ``first_day`` to ``last_day`` inclusive, dates in the
    person's zone (``timezone``, IANA, as Geekbot gives it)."""

    user_id: str
    first_day: date
    last_day: date
    timezone: str = ""


def fetch_ooo(
    client: httpx.Client,
    user_ids: Sequence[str],
    since: date,
    *,
    base_url: str = DEFAULT_GEEKBOT_API_URL,
    deadline: float = TIMEOUT,
) -> tuple[list[OooPeriod], str | None]:
    """Read the out-of-office periods of ``user_ids`` ending on or after ``since``
    (``GET /v2/ooo`` per person, with ``user_id``, ``since``, ``limit``, cursor-paged).

    Returns ``(periods, note)``. ``note`` is ``None`` when every person was read; when the key
    cannot read them (``401``/``403``/``404``) it says so (``periods`` is then empty and
    nothing more is asked). Periods with unreadable or reversed dates are left out. Raises
    :class:`GeekbotError` for other failures (a redirect, a timeout, a 5xx, a bad answer).
    Source: the Geekbot CLI's reference, ``ooo list`` (``GET /v2/ooo``).
    """
    url = f"{api_root(base_url)}/v2/ooo"
    periods: list[OooPeriod] = []
    for uid in user_ids:
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {
                "user_id": uid,
                "since": since.isoformat(),
                "limit": OOO_PAGE_LIMIT,
            }
            if cursor:
                params["cursor"] = cursor
            answer = _fetch(client, url, params, deadline)
            if answer.status in (401, 403, 404):
                text = _error_message(answer)
                return [], (
                    f"out of office not read: Geekbot answered HTTP {answer.status} for "
                    f"/v2/ooo" + (f" ({text})" if text else "") + "; skipped"
                )
            page = _json(answer)
            if not isinstance(page, dict) or not isinstance(page.get("data"), list):
                raise GeekbotError("Geekbot's out-of-office answer has no data list")
            for item in page["data"]:
                period = _ooo_period(item, uid)
                if period is not None:
                    periods.append(period)
            next_cursor = page.get("next_cursor")
            if not page.get("has_more") or not isinstance(next_cursor, str) or not next_cursor:
                break
            if next_cursor == cursor:
                raise GeekbotError("Geekbot's out-of-office paging repeats its cursor")
            cursor = next_cursor
    return periods, None


def _ooo_period(item: Any, uid: str) -> OooPeriod | None:
    if not isinstance(item, dict) or str(item.get("user_id", uid)) != uid:
        return None
    try:
        first = date.fromisoformat(_text(item.get("start_date")))
        last = date.fromisoformat(_text(item.get("end_date")))
    except ValueError:
        return None
    if last < first:
        return None
    return OooPeriod(uid, first, last, _text(item.get("timezone")))


# --------------------------------------------------------------------------- start (nudge)


@dataclass(frozen=True)
class StartOutcome:
    """What ``POST /v1/standups/{id}/start`` did for one person."""

    user_id: str
    ok: bool
    """Geekbot answered ``"ok"``: it is asking them now."""
    error: str | None = None
    """Why not (``not a member of Geekbot standup 42``, an HTTP status...), scrubbed."""
    http_status: int | None = None


async def start_standup(
    client: httpx.AsyncClient,
    standup_id: int,
    user_ids: Sequence[str],
    *,
    base_url: str = DEFAULT_GEEKBOT_API_URL,
    batch: int = START_BATCH,
    deadline: float = TIMEOUT,
) -> list[StartOutcome]:
    """Have Geekbot ask ``user_ids`` standup ``standup_id`` now, privately, as it does every
    day: ``POST /v1/standups/{id}/start`` with ``{"users": [...]}``, ``batch`` people per
    request. One outcome per person, in order.

    ``client`` carries the key in ``Authorization`` (no scheme) and is never redirected.
    ``"ok"`` (200) is success. ``404 "User is not member of the standup"`` does not say who:
    the batch is asked again one person at a time, so each non-member is named and the rest
    are asked. Another failed answer (a 5xx, a timeout) fails that batch's people with the
    reason. Raises :class:`GeekbotError` when the key is rejected (401/403), the standup does
    not exist (404 ``Standup not found``) or Geekbot redirects.
    Source: Geekbot API documentation, "POST /v1/standups/{standupId}/start".
    """
    url = f"{api_root(base_url)}/v1/standups/{standup_id}/start"
    size = max(1, batch)
    outcomes: list[StartOutcome] = []
    for i in range(0, len(user_ids), size):
        outcomes += await _start(client, url, standup_id, list(user_ids[i : i + size]), deadline)
    return outcomes


async def _start(
    client: httpx.AsyncClient, url: str, standup_id: int, users: list[str], deadline: float
) -> list[StartOutcome]:
    try:
        answer = await post_capped(
            client, url, json={"users": users}, deadline=deadline, cap=ERROR_CAP
        )
    except DeadlineExceeded as exc:
        return [StartOutcome(u, False, f"Geekbot: {exc} (delivery unknown)") for u in users]
    except httpx.HTTPError as exc:
        reason = f"cannot reach Geekbot: {type(exc).__name__}"
        return [StartOutcome(u, False, reason) for u in users]
    status = answer.status
    if answer.is_redirect:
        raise GeekbotError(f"Geekbot {redirect_text(status, answer.location)}")
    if status in (401, 403):
        raise GeekbotError(f"Geekbot rejected the key in GEEKBOT_API_KEY (HTTP {status})")
    message = _error_message(answer)
    if status == 200:
        try:
            said = json.loads(answer.text)
        except ValueError:
            said = None
        if said == "ok":
            return [StartOutcome(u, True, None, 200) for u in users]
        return [StartOutcome(u, False, f"Geekbot answered {message!r}", 200) for u in users]
    if status == 404 and message == NOT_A_MEMBER:
        if len(users) > 1:
            found: list[StartOutcome] = []
            for user in users:
                found += await _start(client, url, standup_id, [user], deadline)
            return found
        return [StartOutcome(users[0], False, f"not a member of Geekbot standup {standup_id}", 404)]
    if status == 404:
        raise GeekbotError(
            f"Geekbot has no standup {standup_id} this key can see (HTTP 404: {message})"
        )
    reason = f"Geekbot answered HTTP {status}" + (f": {message}" if message else "")
    return [StartOutcome(u, False, reason, status) for u in users]


# --------------------------------------------------------------------------- reports -> posts


def answer_ts(report: dict[str, Any], index: int) -> str:
    """The ``ts`` of the answer at position ``index`` of a report's ``questions``.

    With a ``slack_ts`` (a number or a string, like ``1700000000.123456``): that plus
    ``index`` microseconds, so the answers of one report (which share one Slack message) get
    distinct ``ts``. Without one: the report's ``timestamp`` (unix seconds) plus
    ``(id % 10000) * 100 + index`` microseconds, so two reports sent in the same second do not
    share a ``ts`` (``index`` below 100). Formatted with six decimals, like Slack's; the post
    time stays within the report's second. Raises :class:`GeekbotError` when neither is
    usable.
    """
    raw = report.get("slack_ts")
    base: Decimal | None = None
    if isinstance(raw, Decimal | int) and not isinstance(raw, bool):
        base = Decimal(raw)
    elif isinstance(raw, float):
        base = Decimal(repr(raw))
    elif isinstance(raw, str) and slack_ts.TS_PATTERN.fullmatch(raw.strip()):
        base = Decimal(raw.strip())
    offset = index
    if base is None or base <= 0:
        stamp = report.get("timestamp")
        if not isinstance(stamp, int) or isinstance(stamp, bool):
            raise GeekbotError(f"Geekbot report {report.get('id')} has no usable time")
        base = Decimal(stamp)
        rid = report.get("id")
        number = int(rid) if isinstance(rid, int) or (isinstance(rid, str) and rid.isdigit()) else 0
        offset = (number % 10_000) * 100 + index % 100
    try:
        value = base.quantize(Decimal("0.000001")) + Decimal(offset) / 1_000_000
    except InvalidOperation as exc:
        raise GeekbotError(f"Geekbot report {report.get('id')} has a bad slack_ts") from exc
    return f"{value:.6f}"


@dataclass
class GeekbotImport(ImportBatch):
    """A standup read as an :class:`ImportBatch` for :meth:`~ldtui.store.Store.import_batch`,
    and what was counted while reading.

    ``people``: the standup's members and reporters who are NOT yet in the store, or stored
    only as a placeholder ("unknown user U…"), named ``realname``, else ``username``, else
    the id (``tz`` unknown): people already stored are left untouched, as the import would
    otherwise overwrite their zone and name. ``channel``: id ``geekbot:<standup id>``, name
    ``geekbot-<standup id>``, members: the standup's members (answered or not) and everyone
    seen in the reports read. ``posts``: :class:`~ldtui.records.NewPost` with ``kind_hint``,
    sorted by ``ts``, aware UTC ``posted_at``. ``reports_seen``: reports read;
    ``answers_seen``: answers in reports with a member; ``skipped``: reason -> count
    (reports without a member, empty answers, answers to other questions). The fields below
    ``skipped`` are filled by :func:`import_standup`.
    """

    people: list[NewPerson]
    posts: list[NewPost]
    reports_seen: int = 0
    answers_seen: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    standup: Standup | None = None
    """The standup as Geekbot described it."""
    away: list[OooPeriod] = field(default_factory=list)
    """Out-of-office periods read (recorded as away, reason :data:`OOO_REASON`)."""
    ooo_since: date | None = None
    """The first day the out-of-office periods were read from (``None``: not read)."""
    ooo_note: str | None = None
    """Why out-of-office periods were not read (a 401/404 on ``/v2/ooo``), or ``None``."""
    previous_cursor: int | None = None
    """The stored sync cursor before (unix seconds of the newest report), if incremental."""
    cursor: int | None = None
    """The sync cursor stored after (never moves back), if incremental."""
    read_after: int | None = None
    """The ``after`` (unix seconds) the reports were read from, if any."""


def read_reports(
    reports: Iterator[dict[str, Any]] | list[dict[str, Any]],
    standup_id: int,
    questions: QuestionMap,
    known: dict[str, str],
    members: Sequence[StandupMember] = (),
) -> GeekbotImport:
    """Turn Geekbot reports and the standup's members into people, a channel and posts
    (pure: no I/O).

    ``known`` maps the ids of people already stored to their names (used for ``<@U…>``
    mentions in answers, which are Slack-formatted: :func:`~ldtui.importers.slack_text.
    to_plain`); people in it are not in the result's ``people``. ``members``: the standup's
    members (from :func:`fetch_standup`), all put in the channel, answered or not. Answers
    are matched on ``question_id`` (``id`` when it is absent) against ``questions``. See
    :class:`GeekbotImport` for the result; ``ts`` by :func:`answer_ts`. Raises
    :class:`GeekbotError` for a report with no usable time.
    """
    channel = NewChannel(id=f"geekbot:{standup_id}", name=f"geekbot-{standup_id}")
    names = dict(known)
    new_people: dict[str, NewPerson] = {}
    in_channel: dict[str, None] = {}
    posts: dict[str, NewPost] = {}
    result = GeekbotImport(people=[], channel=channel, posts=[])
    pending: list[tuple[dict[str, Any], str]] = []

    def meet(pid: str, realname: str, username: str) -> None:
        in_channel[pid] = None
        if pid not in names:
            person = NewPerson(
                id=pid,
                name=realname or username or pid,
                tz=None,
                deleted=False,
                is_bot=False,
                username=username,
                real_name=realname,
                display_name="",
            )
            new_people[pid] = person
            names[pid] = person.name

    for m in members:
        meet(m.id, m.realname, m.username)
    for report in reports:
        result.reports_seen += 1
        member = report.get("member")
        pid = member.get("id") if isinstance(member, dict) else None
        if not isinstance(pid, str) or not pid:
            result.skipped[SKIP_ANONYMOUS] += 1
            continue
        assert isinstance(member, dict)
        meet(pid, _text(member.get("realname")).strip(), _text(member.get("username")).strip())
        pending.append((report, pid))
    for report, pid in pending:
        answers = report.get("questions")
        for index, item in enumerate(answers if isinstance(answers, list) else []):
            if not isinstance(item, dict):
                continue
            result.answers_seen += 1
            qid = item.get("question_id", item.get("id"))
            kind = questions.kind(qid)
            if kind is None:
                result.skipped[SKIP_OTHER] += 1
                continue
            text = _text(item.get("answer")).strip()
            if not text:
                result.skipped[SKIP_EMPTY] += 1
                continue
            ts = answer_ts(report, index)
            posts[ts] = NewPost(
                channel_id=channel.id,
                ts=ts,
                person_id=pid,
                text=text,
                text_plain=to_plain(text, names, {}),
                posted_at=slack_ts.to_datetime(ts),
                kind_hint=kind,
            )
    channel.members = list(in_channel)
    result.people = list(new_people.values())
    result.posts = [posts[ts] for ts in sorted(posts, key=slack_ts.sort_key)]
    return result


def _unix(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def cursor_key(standup_id: int) -> str:
    """The store setting holding standup ``standup_id``'s sync cursor (the unix seconds of
    the newest report seen): ``sync:geekbot:<standup id>``."""
    return f"sync:geekbot:{standup_id}"


def _cursor_value(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def import_standup(
    store: Store,
    api_key: str,
    standup_id: int,
    questions: QuestionMap | None,
    *,
    base_url: str = DEFAULT_GEEKBOT_API_URL,
    since: date | None = None,
    until: date | None = None,
    team: str | None = None,
    incremental: bool = False,
    lookback: timedelta = timedelta(days=2),
    read_ooo: bool = True,
    today: date | None = None,
    config_where: str = "the config file",
    transport: httpx.BaseTransport | None = None,
    deadline: float = TIMEOUT,
) -> tuple[GeekbotImport, ImportResult]:
    """Read standup ``standup_id`` (members, questions, reports, members' out of office) and
    store it: the roster, plans and summaries, away periods and the sync cursor, in ONE
    transaction.

    ``api_key`` goes in the ``Authorization`` header only, never to another origin (redirects
    are refused), and is scrubbed from every error text and log line (see
    :func:`make_client`). ``questions`` ``None`` (the config sets neither list) raises
    :class:`GeekbotError` naming the settings and ``config_where`` and listing the standup's
    questions. ``since`` / ``until`` (dates, 00:00 UTC; ``until`` exclusive) become ``after``
    / ``before``. ``incremental`` (``ldtui sync geekbot``) without ``since`` reads from the
    stored cursor (:func:`cursor_key`) minus ``lookback`` (edited answers), everything the
    first time. Out-of-office periods (``read_ooo``) are read from ``since``, else from the
    day ``after`` falls on, else from ``today`` (UTC date, default the system clock) minus
    :data:`OOO_HISTORY`; they replace the ``"OOO in Geekbot"`` away periods of the standup's
    people that end on or after that day (a 401/404 there is noted in ``ooo_note`` and
    skipped). Everything is fetched first, then written in one transaction: people and the
    channel, posts by :meth:`~ldtui.store.Store.import_batch` (idempotent: an edited answer
    updates its post, nothing duplicates), the away periods, and the cursor, re-read inside
    that transaction and only ever moved forward (two syncs at once cannot move it back).
    Raises :class:`GeekbotError` (nothing written) or the store's
    :class:`~ldtui.store.StoreError`. ``transport`` and ``deadline`` (seconds per whole
    request) are for tests.
    """
    key = cursor_key(standup_id)
    previous = _cursor_value(store.get_setting(key))
    after: int | None = _unix(since) if since else None
    if after is None and incremental and previous is not None:
        after = max(0, previous - int(lookback.total_seconds()))
    with make_client(api_key, transport) as client:
        standup = fetch_standup(client, standup_id, base_url=base_url, deadline=deadline)
        if questions is None:
            raise GeekbotError(missing_questions_text(config_where, standup))
        reports = list(
            fetch_reports(
                client,
                standup_id,
                base_url=base_url,
                after=after,
                before=_unix(until) if until else None,
                deadline=deadline,
            )
        )
        wanted: set[str] = {m.id for m in standup.members}
        for report in reports:
            member = report.get("member")
            pid = member.get("id") if isinstance(member, dict) else None
            if isinstance(pid, str):
                wanted.add(pid)
            for item in report.get("questions") or []:
                if isinstance(item, dict):
                    wanted.update(_MENTION.findall(_text(item.get("answer"))))
        known: dict[str, str] = {}
        for pid in sorted(wanted):
            name = store.person_name(pid)
            if name is not None and name != f"unknown user {pid}":
                known[pid] = name
        source = read_reports(reports, standup_id, questions, known, standup.members)
        source.standup = standup
        source.read_after = after
        if read_ooo:
            if since is not None:
                ooo_since = since
            elif after is not None:
                ooo_since = datetime.fromtimestamp(after, UTC).date()
            else:
                ooo_since = (today or datetime.now(UTC).date()) - OOO_HISTORY
            source.away, source.ooo_note = fetch_ooo(
                client, source.channel.members, ooo_since, base_url=base_url, deadline=deadline
            )
            if source.ooo_note is None:
                source.ooo_since = ooo_since
    newest = max((int(r["timestamp"]) for r in reports), default=None)
    with store.write():
        stored = _cursor_value(store.get_setting(key))
        source.previous_cursor = stored
        moved = max((c for c in (stored, newest) if c is not None), default=None)
        if moved is not None and moved != stored:
            source.settings[key] = str(moved)
        source.cursor = moved
        result = store.import_batch(source, team=team)
        if source.ooo_since is not None:
            store.replace_away(
                OOO_REASON,
                source.channel.members,
                source.ooo_since,
                [(p.user_id, p.first_day, p.last_day) for p in source.away],
            )
    return source, result
