"""Read one Slack channel live through the Web API, as the export reader reads an export.

The result, :class:`SlackChannelSync`, is an :class:`~ldtui.records.ImportBatch` like an
export's (the same :class:`~ldtui.records.NewPerson`, ``NewChannel`` and ``NewPost``
objects, made by the same rules) as :class:`~ldtui.importers.slack_export.SlackExportReader`,
so :meth:`ldtui.store.Store.import_batch` stores it unchanged. Everything is fetched
before anything is written: an API error leaves the database as it was.

API calls (slack-sdk's :class:`~slack_sdk.WebClient`, a bot token, GET requests):

- ``users.list`` (https://api.slack.com/methods/users.list): everyone, paged with
  ``cursor`` / ``response_metadata.next_cursor``, ``limit=200``. Scope ``users:read``.
- ``conversations.info`` (https://api.slack.com/methods/conversations.info): the channel name.
- ``conversations.members`` (https://api.slack.com/methods/conversations.members): its
  members, paged. Scopes ``channels:read`` (``groups:read`` for a private channel).
- ``conversations.history`` (https://api.slack.com/methods/conversations.history): top-level
  messages (and thread replies also sent to the channel) with ``ts`` after ``oldest``
  (``inclusive=false``), paged, ``limit=200``. Scope ``channels:history`` (``groups:history``).
- ``conversations.replies`` (https://api.slack.com/methods/conversations.replies): a thread's
  replies, paged. History does not return them.

Pagination: https://api.slack.com/apis/pagination. Rate limits: a ``429`` carries
``Retry-After`` seconds (https://api.slack.com/apis/rate-limits); :class:`RetryAfterHandler`
waits that long and retries. Internal (customer-built) apps keep the Tier 3 limits of
``conversations.history``/``replies``; the 2025 limits apply to commercially distributed
non-Marketplace apps only (same page).

Incremental sync: the store keeps a cursor per channel (setting ``sync:slack:<channel id>``),
the newest top-level ``ts`` seen. The next sync reads history from ``cursor - lookback``
(default :data:`DEFAULT_LOOKBACK`, two days: a Learning Day's plan on Wednesday evening to its
summary on Friday morning), so edits of recent messages are picked up; replies are re-read for
threads whose ``latest_reply`` is newer than the cursor. A new reply to a thread started before
the lookback window, an edit of an older message or reply, and deletions are not seen (use
``since`` to read again from a date).
"""

from __future__ import annotations

import io
import math
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    HttpRequest,
    HttpResponse,
    RateLimitErrorRetryHandler,
    RetryState,
)

from ldtui import slack_ts
from ldtui.http_rules import retry_after_seconds
from ldtui.importers.slack_export import (
    SKIP_BOT,
    SKIP_NOT_A_MESSAGE,
    ExportError,
    _people,
    _skip_reason,
    anchor_authors,
    message_problem,
    post_from_message,
)
from ldtui.notify.redact import SECRETS, install_log_scrubber, scrub
from ldtui.records import ImportBatch, NewChannel, NewPerson, NewPost, ThreadAnchor
from ldtui.safe_http import DeadlineExceeded, RedirectRefused

if TYPE_CHECKING:
    from ldtui.records import ImportResult
    from ldtui.store import Store

__all__ = [
    "DEFAULT_LOOKBACK",
    "DEFAULT_SLACK_API_URL",
    "PAGE_LIMIT",
    "RetryAfterHandler",
    "SlackChannelSync",
    "SlackSyncError",
    "cursor_key",
    "make_client",
    "read_channel",
    "retry_after_seconds",
    "sync_channel",
]

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
"""Slack's Web API base URL (``LDTUI_SLACK_API_URL`` overrides it, for tests)."""
PAGE_LIMIT = 200
"""``limit`` of every paged call (Slack recommends no more than 200)."""
DEFAULT_LOOKBACK = timedelta(days=2)
"""How far before the cursor an incremental sync reads history again."""
MAX_RETRIES = 3
"""Retries after a ``429`` before the sync gives up."""
RETRY_AFTER_CAP = 60.0
"""Longest wait (seconds) for one ``Retry-After``."""

DEADLINE = 30.0
"""Seconds for one whole Web API request (connect, send, read the whole answer)."""
ANSWER_CAP = 16 * 1024 * 1024
"""Bytes of one Web API answer read at most (a page of 200 messages is far less); a longer
answer is an error, not a silently cut page."""

_AUTH_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
)
# Looked up at call time so tests can replace it.
_sleep = time.sleep


class SlackSyncError(Exception):
    """A Slack API call failed; nothing was written.

    ``code`` is Slack's ``error`` string (``invalid_auth``, ``not_in_channel``,
    ``channel_not_found``, ``missing_scope``, ``ratelimited``...), ``connection`` when Slack
    could not be reached, or ``bad_response``. ``str(error)`` is a message for a person; it
    never contains the token.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class RetryAfterHandler(RateLimitErrorRetryHandler):
    """slack-sdk retry handler for HTTP ``429``: waits ``Retry-After`` seconds, then retries.

    Like slack-sdk's :class:`~slack_sdk.http_retry.RateLimitErrorRetryHandler` (which it
    extends) but without random jitter, capped at ``cap`` seconds, tolerant of a missing or
    non-integer header, and sleeping through the module's ``_sleep`` (replaceable in tests).
    ``max_retry_count`` retries at most; then the ``429`` reaches the caller as a
    :class:`~slack_sdk.errors.SlackApiError` with ``error == "ratelimited"``.
    Source: https://api.slack.com/apis/rate-limits
    """

    def __init__(self, max_retry_count: int = MAX_RETRIES, cap: float = RETRY_AFTER_CAP) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.cap = cap

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        """Sleep for the response's ``Retry-After`` and count the attempt (slack-sdk hook)."""
        if response is None:
            raise error  # type: ignore[misc]
        raw = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
        value = raw[0] if isinstance(raw, list) and raw else raw
        state.next_attempt_requested = True
        _sleep(retry_after_seconds(value if isinstance(value, str) else None, self.cap))
        state.increment_current_attempt()


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Raise :class:`~ldtui.safe_http.RedirectRefused` instead of following a redirect.

    urllib's default opener follows 301/302/303/307/308 and re-sends the request's headers,
    ``Authorization: Bearer <token>`` included, to wherever ``Location`` points
    (``HTTPRedirectHandler.redirect_request`` copies every header but the content ones).
    """

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        fp.close()
        raise RedirectRefused(code, newurl)


class _GuardedWebClient(WebClient):
    """slack-sdk's :class:`~slack_sdk.WebClient` with three limits on its urllib requests.

    * No redirect is followed (:class:`_RefuseRedirects`): the bot token never goes to
      another origin. slack-sdk 3.x sends every request through
      ``_perform_urllib_http_request_internal`` with ``urllib.request.urlopen`` (the default
      opener follows redirects); this override opens it with an opener that refuses them.
    * The whole answer must arrive within ``deadline`` seconds (checked between chunks; each
      socket operation also has slack-sdk's ``timeout``).
    * At most :data:`ANSWER_CAP` bytes are read, error answers included.
    """

    deadline: float = DEADLINE

    def _perform_urllib_http_request_internal(
        self, url: str, req: urllib.request.Request
    ) -> dict[str, Any]:
        if not url.lower().startswith(("http://", "https://")):
            raise SlackRequestError("Invalid URL detected: not an http(s) URL")
        due = time.monotonic() + self.deadline
        handlers: list[Any] = [_RefuseRedirects(), urllib.request.HTTPSHandler(context=self.ssl)]
        if self.proxy is not None:
            handlers.append(urllib.request.ProxyHandler({"http": self.proxy, "https": self.proxy}))
        opener = urllib.request.build_opener(*handlers)
        try:
            resp = opener.open(req, timeout=min(float(self.timeout), self.deadline))
        except urllib.error.HTTPError as exc:
            body = _read_capped(exc, due, self.deadline)
            raise urllib.error.HTTPError(
                exc.url, exc.code, exc.reason, exc.headers, io.BytesIO(body)
            ) from None
        except TimeoutError as exc:
            raise DeadlineExceeded(self.deadline) from exc
        with resp:
            body = _read_capped(resp, due, self.deadline)
        if resp.headers.get_content_type() == "application/gzip":
            return {"status": resp.code, "headers": resp.headers, "body": body}
        charset = resp.headers.get_content_charset() or "utf-8"
        text = body.decode(charset, errors="replace")
        self._logger.debug("Received an answer - status: %s, body: %s", resp.code, text)
        return {"status": resp.code, "headers": resp.headers, "body": text}


def _read_capped(resp: Any, due: float, deadline: float) -> bytes:
    """Read an urllib answer in chunks until its end, :data:`ANSWER_CAP` or ``due``.

    Raises :class:`~ldtui.safe_http.DeadlineExceeded` past ``due`` (a monotonic time) and
    :class:`SlackSyncError` for an answer longer than the cap."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > due:
            raise DeadlineExceeded(deadline)
        try:
            chunk = resp.read1(64 * 1024) if hasattr(resp, "read1") else resp.read(64 * 1024)
        except TimeoutError as exc:
            raise DeadlineExceeded(deadline) from exc
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > ANSWER_CAP:
            raise SlackSyncError(
                "too_large", f"Slack's answer is larger than {ANSWER_CAP // (1024 * 1024)} MiB"
            )


def make_client(
    token: str,
    base_url: str | None = None,
    *,
    max_retries: int = MAX_RETRIES,
    deadline: float = DEADLINE,
) -> WebClient:
    """A slack-sdk :class:`~slack_sdk.WebClient` for ``token`` (a bot token, ``xoxb-...``).

    ``base_url`` (default :data:`DEFAULT_SLACK_API_URL`) is where the Web API methods live; a
    missing trailing ``/`` is added. Retries: one after a connection error, ``max_retries``
    after a ``429`` (:class:`RetryAfterHandler`). Each request has one ``deadline`` in seconds
    for the whole answer, reads at most :data:`ANSWER_CAP` bytes, and never follows a
    redirect (the token would go along: see :class:`_GuardedWebClient`). slack-sdk sends the
    token as ``Authorization: Bearer``; it is added to the scrubber
    (:func:`ldtui.notify.redact.scrub`), so no error text or log line shows it.
    Source: https://slack.dev/python-slack-sdk/web/index.html#retryhandler
    """
    SECRETS.add_token(token)
    install_log_scrubber()
    url = base_url or DEFAULT_SLACK_API_URL
    if not url.endswith("/"):
        url += "/"
    client = _GuardedWebClient(
        token=token,
        base_url=url,
        timeout=int(max(1, math.ceil(deadline))),
        retry_handlers=[ConnectionErrorRetryHandler(), RetryAfterHandler(max_retries)],
    )
    client.deadline = deadline
    return client


# --------------------------------------------------------------------------- settings


def cursor_key(channel_id: str) -> str:
    """The store setting holding ``channel_id``'s sync cursor: ``sync:slack:<channel id>``."""
    return f"sync:slack:{channel_id}"


# --------------------------------------------------------------------------- reading


@dataclass
class SlackChannelSync(ImportBatch):
    """One channel read through the API: an :class:`ImportBatch` for
    :meth:`~ldtui.store.Store.import_batch`, whose ``settings`` carry the new cursor (so it is
    written in the import's transaction), and what was counted while reading.

    ``people``: everyone from ``users.list`` (bots and deactivated users included), built by
    the export reader's rules. ``channel``: id, name, member ids. ``posts``: the posts among
    the messages read, sorted by ``ts`` (``posted_at`` aware UTC). ``messages_seen``: distinct
    messages read (history and thread replies); ``skipped``: reason -> count for those that
    are not posts (``messages_seen == len(posts) + sum(skipped.values())``). ``oldest``: the
    ``oldest`` sent to ``conversations.history`` (``None``: from the beginning).
    ``thread_anchors``: the bots' top-level messages, for ``thread_under`` (see
    :func:`~ldtui.importers.slack_export.anchor_authors`).
    ``previous_cursor`` / ``cursor``: the stored cursor before, and the one to store after
    (the newest top-level ``ts`` seen, never older than the previous one). ``threads_read``:
    threads whose replies were fetched.
    """

    people: list[NewPerson]
    posts: list[NewPost]
    messages_seen: int
    skipped: Counter[str] = field(default_factory=Counter)
    oldest: str | None = None
    previous_cursor: str | None = None
    cursor: str | None = None
    threads_read: int = 0


def _explain(method: str, channel_id: str, exc: SlackApiError) -> SlackSyncError:
    data = exc.response.data if isinstance(exc.response.data, dict) else {}
    code = str(data.get("error") or f"HTTP {exc.response.status_code}")
    if code in _AUTH_ERRORS:
        text = f"Slack rejected the token in SLACK_BOT_TOKEN ({code})"
    elif code == "not_in_channel":
        text = (
            f"the bot is not a member of channel {channel_id} ({code}): "
            "invite it there with /invite @<app name>"
        )
    elif code == "channel_not_found":
        text = (
            f"no channel {channel_id} that this token can see ({code}): give the channel id "
            "(e.g. C0123456789, at the bottom of the channel's details)"
        )
    elif code == "missing_scope":
        needed = data.get("needed") or "?"
        text = f"the Slack app lacks the scope {needed} ({code}): add it and reinstall the app"
    elif code in ("ratelimited", "rate_limited") or exc.response.status_code == 429:
        code = "ratelimited"
        text = f"Slack still answered 429 (rate limited) to {method} after {MAX_RETRIES} retries"
    else:
        text = f"Slack answered {method} with an error: {code}"
    return SlackSyncError(code, text)


def _connection_error(method: str, exc: BaseException) -> SlackSyncError:
    """The error for a request that got no usable answer (scrubbed of every secret)."""
    if isinstance(exc, RedirectRefused):
        return SlackSyncError("redirect", f"Slack {exc} (for {method})")
    if isinstance(exc, DeadlineExceeded):
        return SlackSyncError("timeout", f"Slack: {exc} (for {method})")
    return SlackSyncError("connection", scrub(f"cannot reach Slack for {method}: {exc}"))


def _items(
    client: WebClient, method: str, key: str, channel_id: str, **params: Any
) -> Iterator[Any]:
    """The ``key`` list of every page of a cursor-paged ``method`` (slack-sdk iterates the
    pages with ``response_metadata.next_cursor``); errors become :class:`SlackSyncError`."""
    api = method.replace(".", "_")
    try:
        for page in getattr(client, api)(**params):
            items = page.get(key)
            if items is None:
                items = []
            if not isinstance(items, list):
                raise SlackSyncError("bad_response", f"Slack's {method} answer has no {key} list")
            yield from items
    except SlackApiError as exc:
        raise _explain(method, channel_id, exc) from exc
    except (OSError, DeadlineExceeded) as exc:  # URLError, timeouts, refused, redirects
        raise _connection_error(method, exc) from exc


def _call(client: WebClient, method: str, channel_id: str, **params: Any) -> dict[str, Any]:
    api = method.replace(".", "_")
    try:
        return cast("dict[str, Any]", getattr(client, api)(**params).data)
    except SlackApiError as exc:
        raise _explain(method, channel_id, exc) from exc
    except (OSError, DeadlineExceeded) as exc:
        raise _connection_error(method, exc) from exc


class _UsersList:
    """users.list members served to ``slack_export._people`` as if they were users.json, so
    people are built by exactly the export's rules."""

    def __init__(self, users: list[Any]) -> None:
        self._users = users

    def is_file(self, rel: str) -> bool:
        return rel == "users.json"

    def iter_list(self, rel: str, what: str) -> Any:
        if not isinstance(self._users, list):
            raise ExportError("users.list", f"expected a list of {what}")
        return iter(self._users)

    def display(self, rel: str) -> str:
        return "users.list"


def _ts_value(value: Any) -> Decimal | None:
    if not isinstance(value, str) or not slack_ts.TS_PATTERN.fullmatch(value):
        return None
    try:
        return slack_ts.sort_key(value)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes it
        return None


def _is_parent(message: dict[str, Any]) -> bool:
    count = message.get("reply_count")
    return (isinstance(count, int) and count > 0) or message.get("thread_ts") == message.get("ts")


def _day_start(day: date) -> str:
    return slack_ts.from_datetime(datetime(day.year, day.month, day.day, tzinfo=UTC))


def read_channel(
    client: WebClient,
    channel_id: str,
    *,
    cursor: str | None = None,
    since: date | None = None,
    lookback: timedelta = DEFAULT_LOOKBACK,
) -> SlackChannelSync:
    """Read people, channel ``channel_id`` and its messages through the Web API.

    ``cursor`` is the stored cursor (a Slack ``ts``) of an earlier sync, or ``None`` for the
    first one. History is read from ``oldest``:

    - ``since`` (a date, taken as 00:00 UTC) when given: everything from that day, and the
      replies of every thread found;
    - else ``cursor - lookback`` (``inclusive=false``), and the replies of threads whose
      ``latest_reply`` (or own ``ts``) is newer than ``cursor``;
    - else (first sync) the whole channel and every thread.

    A thread parent is a message with ``reply_count > 0`` or ``thread_ts == ts``
    (https://api.slack.com/messaging/retrieving). A message met twice (a
    ``thread_broadcast`` is in history and in its thread) counts once. Posts follow the export
    rules (:func:`~ldtui.importers.slack_export._skip_reason`: people who are not bots, no
    subtype or one of ``POST_SUBTYPES``; text through
    :func:`~ldtui.importers.slack_text.to_plain`, https://api.slack.com/reference/surfaces/
    formatting). Returns a :class:`SlackChannelSync`; all datetimes are aware UTC.

    Raises :class:`SlackSyncError` when a call fails (after the retries for ``429``) or a
    message has no valid ``ts``; nothing is written by this function in any case.
    """
    users = list(_items(client, "users.list", "members", channel_id, limit=PAGE_LIMIT))
    try:
        people = _people(cast(Any, _UsersList(users)))
    except ExportError as exc:
        raise SlackSyncError("bad_response", f"Slack's users.list answer: {exc.reason}") from exc
    info = _call(client, "conversations.info", channel_id, channel=channel_id).get("channel")
    name = info.get("name") if isinstance(info, dict) else None
    members = [
        m
        for m in _items(
            client,
            "conversations.members",
            "members",
            channel_id,
            channel=channel_id,
            limit=PAGE_LIMIT,
        )
        if isinstance(m, str)
    ]
    channel = NewChannel(id=channel_id, name=name or channel_id, members=members)

    previous = cursor if _ts_value(cursor) is not None else None
    oldest: str | None = None
    threshold: Decimal | None = None
    if since is not None:
        oldest = _day_start(since)
    elif previous is not None:
        threshold = Decimal(previous)
        start = max(threshold - Decimal(int(lookback.total_seconds())), Decimal(0))
        oldest = f"{start:.6f}"
    params: dict[str, Any] = {"channel": channel_id, "limit": PAGE_LIMIT, "inclusive": False}
    if oldest is not None:
        params["oldest"] = oldest

    messages: dict[str, dict[str, Any]] = {}
    baseline = Decimal(previous) if previous is not None else None
    newest = baseline
    parents: list[str] = []
    for message in _items(client, "conversations.history", "messages", channel_id, **params):
        if not isinstance(message, dict):
            raise SlackSyncError("bad_response", "a conversations.history message is not an object")
        ts_value = _ts_value(message.get("ts"))
        if ts_value is None:
            raise SlackSyncError(
                "bad_response",
                f"conversations.history: a message with an invalid ts: {message.get('ts')!r}",
            )
        ts = message["ts"]
        messages[ts] = message
        newest = ts_value if newest is None or ts_value > newest else newest
        if _is_parent(message):
            latest = _ts_value(message.get("latest_reply")) or ts_value
            if threshold is None or latest > threshold:
                parents.append(ts)

    for parent in parents:
        for reply in _items(
            client,
            "conversations.replies",
            "messages",
            channel_id,
            channel=channel_id,
            ts=parent,
            limit=PAGE_LIMIT,
        ):
            if not isinstance(reply, dict):
                continue
            ts = reply.get("ts")
            if _ts_value(ts) is None:
                raise SlackSyncError(
                    "bad_response", f"conversations.replies: a message with an invalid ts: {ts!r}"
                )
            messages.setdefault(cast(str, ts), reply)

    by_id = {p.id: p for p in people}
    user_names = {p.id: p.name for p in people}
    channel_names = {channel.id: channel.name}
    skipped: Counter[str] = Counter()
    posts: list[NewPost] = []
    anchors: list[ThreadAnchor] = []
    for ts in sorted(messages, key=slack_ts.sort_key):
        message = messages[ts]
        if message.get("type") != "message":
            skipped[SKIP_NOT_A_MESSAGE] += 1
            continue
        problem = message_problem(message)
        if problem:
            raise SlackSyncError("bad_response", f"a message in #{channel.name}: {problem}")
        reason = _skip_reason(message, by_id)
        if reason is not None:
            skipped[reason] += 1
            if reason == SKIP_BOT:
                anchors.extend(ThreadAnchor(channel.id, a, ts) for a in anchor_authors(message))
            continue
        posts.append(post_from_message(message, channel.id, user_names, channel_names))
    cursor_after = f"{newest:.6f}" if newest is not None and newest != baseline else previous
    return SlackChannelSync(
        settings=(
            {cursor_key(channel_id): cursor_after}
            if cursor_after is not None and cursor_after != previous
            else {}
        ),
        people=people,
        channel=channel,
        posts=posts,
        thread_anchors=anchors,
        messages_seen=len(messages),
        skipped=skipped,
        oldest=oldest,
        previous_cursor=previous,
        cursor=cursor_after,
        threads_read=len(parents),
    )


def sync_channel(
    store: Store,
    client: WebClient,
    channel_id: str,
    *,
    team: str | None = None,
    since: date | None = None,
    lookback: timedelta = DEFAULT_LOOKBACK,
) -> tuple[SlackChannelSync, ImportResult]:
    """Read channel ``channel_id`` (see :func:`read_channel`) and store it, with the new cursor.

    The cursor is read from the store setting :func:`cursor_key`; after everything has been
    fetched, the import (:meth:`~ldtui.store.Store.import_batch`, idempotent: an edit
    updates, nothing duplicates) and the new cursor (the batch's ``settings``) are written in
    ONE transaction, so a crash can never leave a cursor past posts that were not stored.
    Inside that transaction the stored cursor is read again and only ever moved forward: two
    syncs at once (cron and the console) cannot move it back. ``team`` is passed to the import.

    Raises :class:`SlackSyncError` (nothing written) when a call fails; database errors
    propagate (and roll back).
    """
    key = cursor_key(channel_id)
    source = read_channel(
        client, channel_id, cursor=store.get_setting(key), since=since, lookback=lookback
    )
    wanted = source.settings.pop(key, None)
    with store.write():
        stored = store.get_setting(key)
        stored_value, wanted_value = _ts_value(stored), _ts_value(wanted)
        if wanted_value is not None and (stored_value is None or wanted_value > stored_value):
            source.settings[key] = str(wanted)
            source.cursor = wanted
        else:
            source.cursor = stored
        result = store.import_batch(source, team=team)
    return source, result
