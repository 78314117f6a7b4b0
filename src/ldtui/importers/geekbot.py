"""Read a Geekbot standup's reports as Learning Day plans and summaries.

Geekbot (https://geekbot.com/developers/) asks a standup's questions in Slack and keeps each
person's answers as a *report*. API used: ``GET {base}/reports/`` with the API key in the
``Authorization`` header (the key itself, no scheme), query ``standup_id``, ``limit`` (at most
100), and the optional unix-second bounds ``after`` and ``before``. It answers a JSON list of
reports, assumed to look like::

    {"id": 123, "slack_ts": "1700000000.123456" | 1700000000.123456 | null,
     "standup_id": 42, "timestamp": 1700000000, "channel": "#learning-day",
     "member": {"id": "U123", "username": "ada", "realname": "Ada L.", "profileImg": "..."},
     "questions": [{"id": 9001, "question": "What will you learn?", "question_id": 7,
                    "answer": "Rust ownership", "color": "EEEEEE", "images": []}]}

``member`` is absent in anonymous standups; ``question_id`` may be a number or a string.
Paging: newest reports first; the next page asks ``before`` = the oldest ``timestamp`` of the
page + 1 (so reports sharing that second are not lost whether ``before`` is exclusive or not;
repeats are dropped by report ``id``), until a page has fewer than ``limit`` reports or
nothing new. A ``429`` waits ``Retry-After`` seconds (at most 60) and retries, three retries.

The config file says which questions are plans and which are summaries::

    geekbot_plan_questions = [7]
    geekbot_summary_questions = [8]

Each non-empty answer to one of them becomes a post (:class:`~ldtui.store.NewPost` with
``kind_hint``) in the pseudo-channel ``geekbot:<standup id>`` named ``geekbot-<standup id>``
(not the Slack channel's name: a config ``channel = "learning-day"`` must keep meaning the
Slack channel). This module only reads; :func:`import_standup` writes in one transaction.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ldtui import slack_ts
from ldtui.importers.slack_text import to_plain
from ldtui.learning_day import Kind
from ldtui.notify.redact import SECRETS, install_log_scrubber, shorten
from ldtui.records import ImportBatch, NewChannel, NewPerson, NewPost
from ldtui.safe_http import Answer, DeadlineExceeded, get_capped, redirect_text

if TYPE_CHECKING:
    from ldtui.records import ImportResult
    from ldtui.store import Store

__all__ = [
    "DEFAULT_GEEKBOT_API_URL",
    "GeekbotError",
    "GeekbotImport",
    "QuestionMap",
    "answer_ts",
    "fetch_reports",
    "import_standup",
    "load_question_map",
    "read_reports",
]

DEFAULT_GEEKBOT_API_URL = "https://api.geekbot.com/v1"
"""Geekbot's API base (``LDTUI_GEEKBOT_API_URL`` overrides it, for tests)."""
PAGE_LIMIT = 100
"""Reports asked per request."""
TIMEOUT = 10.0
"""Seconds for one whole request (connect, send, read the whole answer)."""
ANSWER_CAP = 8 * 1024 * 1024
"""Bytes of a reports page read at most (100 reports are far less); a longer answer is an
error, not a silently cut page."""
ERROR_CAP = 64 * 1024
"""Bytes of an error answer read at most."""
MAX_RETRIES = 3
"""Retries after a ``429``."""
RETRY_AFTER_CAP = 60.0
"""Longest wait (seconds) for one ``Retry-After``."""

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


def load_question_map(path: Path | None) -> QuestionMap:
    """Read ``geekbot_plan_questions`` and ``geekbot_summary_questions`` from ``path``.

    ``path`` is the config file (TOML, read with :mod:`tomllib`; ``None`` or a missing file
    holds nothing). Each key is a list of question ids (integers, or strings of them) as in
    the reports' ``question_id``. Raises :class:`GeekbotError` naming the file when it is not
    valid TOML, a key has the wrong type, neither key lists an id, or an id is in both.
    """
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
    if not plan and not summary:
        raise GeekbotError(
            f"{where}: set geekbot_plan_questions and/or geekbot_summary_questions "
            "(the Geekbot question ids whose answers are plans and summaries)"
        )
    both = sorted(plan & summary)
    if both:
        raise GeekbotError(f"{where}: question {', '.join(both)} is both a plan and a summary")
    return QuestionMap(plan=plan, summary=summary)


# --------------------------------------------------------------------------- HTTP


def _retry_after(answer: Answer) -> float:
    from ldtui.http_rules import retry_after_seconds

    return retry_after_seconds(answer.headers.get("Retry-After"), RETRY_AFTER_CAP)


def _get(client: httpx.Client, url: str, params: dict[str, Any], deadline: float = TIMEOUT) -> Any:
    """GET with the 429 retries; the parsed JSON (numbers with decimals as Decimal).

    Each request has one ``deadline`` in seconds for the whole answer and reads at most
    :data:`ANSWER_CAP` bytes; a redirect is refused (the key must not go to another origin).
    Every error text is scrubbed of secrets before it is cut.
    """
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
        break
    status = answer.status
    if answer.is_redirect:
        raise GeekbotError(f"Geekbot {redirect_text(status, answer.location)}")
    if status in (401, 403):
        raise GeekbotError(f"Geekbot rejected the key in GEEKBOT_API_KEY (HTTP {status})")
    if status == 429:
        raise GeekbotError(f"Geekbot still answered 429 (rate limited) after {MAX_RETRIES} retries")
    if status != 200:
        text = shorten(answer.text[:ERROR_CAP], 200)
        raise GeekbotError(f"Geekbot answered HTTP {status}" + (f": {text}" if text else ""))
    if answer.truncated:
        raise GeekbotError(f"Geekbot's answer is larger than {ANSWER_CAP // (1024 * 1024)} MiB")
    try:
        return json.loads(answer.text, parse_float=Decimal)
    except ValueError as exc:
        raise GeekbotError("Geekbot's answer is not JSON") from exc


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
    """Yield the reports of standup ``standup_id``, newest pages first, each report once.

    ``client`` carries the ``Authorization`` header and timeout (see :func:`import_standup`).
    ``after`` / ``before`` are unix seconds (UTC) sent as given. Paging as the module says.
    ``deadline``: seconds for each whole request (answer included).
    Raises :class:`GeekbotError` on an HTTP error (401/403: the key; 429 after the retries),
    a timeout, a non-list answer, or a report without an ``id`` or integer ``timestamp``.
    Source: https://geekbot.com/developers/ (List reports).
    """
    url = base_url.rstrip("/") + "/reports/"
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
    """Reports read as an :class:`ImportBatch` for :meth:`~ldtui.store.Store.import_batch`,
    and what was counted while reading.

    ``people``: members seen who are NOT yet in the store (name: ``realname``, else
    ``username``, else the id; ``tz`` unknown): people already stored are left untouched, as
    the import would otherwise overwrite their zone and name. ``channel``: id
    ``geekbot:<standup id>``, name ``geekbot-<standup id>``, members: everyone seen in the
    reports read. ``posts``: :class:`~ldtui.records.NewPost` with ``kind_hint``, sorted by
    ``ts``, aware UTC ``posted_at``. ``reports_seen``: reports read; ``answers_seen``: answers
    in reports with a member; ``skipped``: reason -> count (reports without a member, empty
    answers, answers to other questions).
    """

    people: list[NewPerson]
    posts: list[NewPost]
    reports_seen: int = 0
    answers_seen: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def read_reports(
    reports: Iterator[dict[str, Any]] | list[dict[str, Any]],
    standup_id: int,
    questions: QuestionMap,
    known: dict[str, str],
) -> GeekbotImport:
    """Turn Geekbot reports into people, a channel and posts (pure: no I/O).

    ``known`` maps the ids of people already stored to their names (used for ``<@U…>``
    mentions in answers, which are Slack-formatted: :func:`~ldtui.importers.slack_text.
    to_plain`). Answers are matched on ``question_id`` (``id`` when it is absent) against
    ``questions``. See :class:`GeekbotImport` for the result; ``ts`` by :func:`answer_ts`.
    Raises :class:`GeekbotError` for a report with no usable time.
    """
    channel = NewChannel(id=f"geekbot:{standup_id}", name=f"geekbot-{standup_id}")
    names = dict(known)
    new_people: dict[str, NewPerson] = {}
    members: dict[str, None] = {}
    posts: dict[str, NewPost] = {}
    result = GeekbotImport(people=[], channel=channel, posts=[])
    pending: list[tuple[dict[str, Any], str]] = []
    for report in reports:
        result.reports_seen += 1
        member = report.get("member")
        pid = member.get("id") if isinstance(member, dict) else None
        if not isinstance(pid, str) or not pid:
            result.skipped[SKIP_ANONYMOUS] += 1
            continue
        assert isinstance(member, dict)
        members[pid] = None
        if pid not in names:
            realname, username = _text(member.get("realname")), _text(member.get("username"))
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
    channel.members = list(members)
    result.people = list(new_people.values())
    result.posts = [posts[ts] for ts in sorted(posts, key=slack_ts.sort_key)]
    return result


def _unix(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def import_standup(
    store: Store,
    api_key: str,
    standup_id: int,
    questions: QuestionMap,
    *,
    base_url: str = DEFAULT_GEEKBOT_API_URL,
    since: date | None = None,
    until: date | None = None,
    team: str | None = None,
    transport: httpx.BaseTransport | None = None,
    deadline: float = TIMEOUT,
) -> tuple[GeekbotImport, ImportResult]:
    """Fetch standup ``standup_id``'s reports and store their plans and summaries.

    ``api_key`` goes in the ``Authorization`` header only, never to another origin (redirects
    are refused), and is scrubbed from every error text and log line (see
    :func:`ldtui.notify.redact.scrub`). Each request has one deadline of :data:`TIMEOUT`
    seconds for the whole answer. ``since`` / ``until`` (dates, 00:00 UTC; ``until`` exclusive)
    become ``after`` / ``before``. Everything is fetched first, then written in one
    transaction by :meth:`~ldtui.store.Store.import_batch` (idempotent: an edited
    answer updates its post, nothing duplicates). Raises :class:`GeekbotError` (nothing
    written). ``transport`` is for tests; ``deadline`` (seconds per whole request) too.
    """
    known: dict[str, str] = {}
    SECRETS.add_token(api_key)
    install_log_scrubber()
    with httpx.Client(
        headers={"Authorization": api_key, "Accept": "application/json"},
        timeout=TIMEOUT,
        transport=transport,
        follow_redirects=False,
    ) as client:
        reports = list(
            fetch_reports(
                client,
                standup_id,
                base_url=base_url,
                after=_unix(since) if since else None,
                before=_unix(until) if until else None,
                deadline=deadline,
            )
        )
    wanted: set[str] = set()
    for report in reports:
        member = report.get("member")
        pid = member.get("id") if isinstance(member, dict) else None
        if isinstance(pid, str):
            wanted.add(pid)
        for item in report.get("questions") or []:
            if isinstance(item, dict):
                wanted.update(_MENTION.findall(_text(item.get("answer"))))
    for pid in sorted(wanted):
        name = store.person_name(pid)
        if name is not None:
            known[pid] = name
    source = read_reports(reports, standup_id, questions, known)
    result = store.import_batch(source, team=team)
    return source, result
