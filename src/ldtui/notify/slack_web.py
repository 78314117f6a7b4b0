"""Post through the Slack Web API with the bot token ``sync`` uses: direct messages to one
person, and messages in a thread.

A direct message is two calls (slack-sdk's :class:`~slack_sdk.WebClient`, built by
:func:`ldtui.importers.slack_api.make_client`: no redirects, one deadline, a capped answer):

- ``conversations.open`` with ``users=<member id>`` (https://api.slack.com/methods/conversations.open,
  scope ``im:write``) gives the IM channel id;
- ``chat.postMessage`` with ``channel=<IM id>`` and ``text`` (https://api.slack.com/methods/chat.postMessage,
  scope ``chat:write``); with ``thread_ts`` it answers in a thread
  (https://api.slack.com/messaging/sending#threading).

Rate limits (https://api.slack.com/apis/rate-limits): ``chat.postMessage`` is "special"
(about one message per second per channel, bursts allowed), ``conversations.open`` Tier 3
(50+ per minute); people are spaced :data:`DM_SPACING` seconds apart, which keeps both. A
``429`` is retried after its ``Retry-After`` (:class:`~ldtui.importers.slack_api.RetryAfterHandler`,
which reads it with :func:`ldtui.http_rules.retry_after_seconds`); no other error is retried,
so a message is never posted twice. Errors come back named in plain words
(:func:`explain`); an error about the token (``invalid_auth``, ``missing_scope``...) stops
the requests for everyone after it, each of whom is told why. The token is added to the
scrubber and never appears in an error or a log line.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ldtui.notify.sender import Delivery
from ldtui.safe_http import DeadlineExceeded

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from ldtui.notify.platforms import Message

__all__ = ["DM_SPACING", "TOKEN_ERRORS", "SlackWebPoster", "explain"]

DM_SPACING = 1.2
"""Seconds between two people's direct messages: under Tier 3's 50 ``conversations.open``
per minute and ``chat.postMessage``'s one per second."""

TOKEN_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "account_inactive",
        "not_allowed_token_type",
        "missing_scope",
    }
)
"""Slack errors about the token or the app, not the person: nothing more is requested."""

_WORDS: Mapping[str, str] = {
    "invalid_auth": "Slack rejected the bot token in SLACK_BOT_TOKEN (invalid_auth)",
    "not_authed": "no bot token was sent (not_authed): set SLACK_BOT_TOKEN",
    "token_revoked": "the bot token was revoked (token_revoked): reinstall the app",
    "token_expired": "the bot token expired (token_expired): reinstall the app",
    "account_inactive": (
        "the bot token belongs to a deactivated app or workspace (account_inactive)"
    ),
    "not_allowed_token_type": (
        "this token cannot send messages (not_allowed_token_type): use the app's bot token, "
        "xoxb-..."
    ),
    "user_not_found": "Slack knows no such user {who} (user_not_found): check their id",
    "cannot_dm_bot": "{who} is a bot and cannot get a direct message (cannot_dm_bot)",
    "user_disabled": "{who}'s account is deactivated (user_disabled)",
    "ratelimited": "Slack still answered 429 (rate limited) after the retries (ratelimited)",
    "channel_not_found": "Slack found no such channel (channel_not_found)",
    "not_in_channel": "the bot is not in the channel (not_in_channel): /invite it there",
    "is_archived": "the channel is archived (is_archived)",
    "msg_too_long": "the message is too long for Slack (msg_too_long)",
    "thread_not_found": "the thread to answer under is gone (thread_not_found)",
}


def explain(code: str, data: Mapping[str, Any] | None = None, who: str = "") -> str:
    """Say Slack's ``error`` code in plain words, with the code in brackets.

    ``data`` is the answer (``missing_scope`` names the scope it ``needed``); ``who`` the
    member id the call was about. Unknown codes read ``Slack answered with an error: <code>``.
    Source: the Errors tables of https://api.slack.com/methods/conversations.open and
    https://api.slack.com/methods/chat.postMessage."""
    if code == "missing_scope":
        needed = (data or {}).get("needed") or "chat:write, im:write"
        return (
            f"the Slack app lacks the scope {needed} (missing_scope): add it and reinstall the app"
        )
    words = _WORDS.get(code)
    if words is None:
        return f"Slack answered with an error: {code}"
    return words.format(who=who or "this person")


class SlackWebPoster:
    """Posts direct messages and thread replies through the Slack Web API, one at a time.

    ``token`` is the bot token (``xoxb-...``, scopes ``chat:write`` and ``im:write``);
    ``base_url`` the Web API (``LDTUI_SLACK_API_URL``; default ``https://slack.com/api/``);
    ``sleep`` the awaitable sleep used for the spacing (tests pass a fast one); ``spacing``
    seconds between two sends (default :data:`DM_SPACING`); ``client`` a ready WebClient
    (tests). The blocking slack-sdk calls run in a thread, so a console stays responsive.
    """

    def __init__(
        self,
        token: str,
        base_url: str | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        spacing: float | None = None,
        client: WebClient | None = None,
    ) -> None:
        from ldtui.importers.slack_api import (
            DEADLINE,
            DEFAULT_SLACK_API_URL,
            MAX_RETRIES,
            RETRY_AFTER_CAP,
            RetryAfterHandler,
            make_client,
        )

        self.base_url = base_url or DEFAULT_SLACK_API_URL
        if client is None:
            client = make_client(token, self.base_url)
            # Only a 429 is tried again: after a broken connection the message may have
            # been posted, and a second one would ping the person twice.
            client.retry_handlers = [RetryAfterHandler(MAX_RETRIES)]
        self.client = client
        self.sleep = sleep
        self.spacing = DM_SPACING if spacing is None else max(0.0, float(spacing))
        self.deadline = self.spacing + 2 * DEADLINE + MAX_RETRIES * RETRY_AFTER_CAP
        """The longest one send may take in seconds (two calls, each with its retries)."""
        self.gone = False
        """Never set (the webhook's notion); see :attr:`stopped` for a token error."""
        self.stopped: str | None = None
        """Set, in plain words, once Slack refused the token or the app: nothing more is
        requested and every later send fails with it."""
        self.thread: tuple[str, str] | None = None
        """``(channel id, ts)``: :meth:`send` posts in this thread."""
        self._last: float | None = None

    @property
    def label(self) -> str:
        """Where messages go, safe to show: ``Slack Web API <host>`` (never the token)."""
        host = urlsplit(self.base_url).netloc or "slack.com"
        return f"Slack Web API {host}"

    async def _pace(self) -> None:
        if self._last is not None:
            wait = self._last + self.spacing - time.monotonic()
            if wait > 0:
                await self.sleep(wait)
        self._last = time.monotonic()

    async def _call(self, method: str, who: str, **params: Any) -> tuple[dict[str, Any], int]:
        """Run ``method`` in a thread; return its answer and HTTP status, or raise
        :class:`_Refused` (Slack's error, named) or :class:`_NoAnswer`."""
        from slack_sdk.errors import SlackApiError

        from ldtui.importers.slack_api import SlackSyncError
        from ldtui.notify.redact import scrub

        api = getattr(self.client, method.replace(".", "_"))
        try:
            response = await asyncio.to_thread(api, **params)
        except SlackApiError as exc:
            data = exc.response.data if isinstance(exc.response.data, dict) else {}
            status = int(exc.response.status_code or 0)
            code = str(data.get("error") or f"HTTP {status}")
            if status == 429 or code == "rate_limited":
                code = "ratelimited"
            raise _Refused(code, explain(code, data, who), status) from None
        except SlackSyncError as exc:
            raise _Refused(exc.code, str(exc), None) from None
        except DeadlineExceeded as exc:
            raise _NoAnswer(f"Slack: {exc}") from None
        except OSError as exc:
            raise _NoAnswer(scrub(f"cannot reach Slack: {type(exc).__name__}")) from None
        return dict(response.data) if isinstance(response.data, dict) else {}, int(
            response.status_code
        )

    def _stop_if_token(self, refused: _Refused) -> None:
        if refused.code in TOKEN_ERRORS:
            self.stopped = refused.text

    async def direct(self, user_id: str, text: str) -> Delivery:
        """Send ``text`` to member ``user_id`` as a direct message (``conversations.open``
        then ``chat.postMessage``); return the :class:`~ldtui.notify.sender.Delivery`.

        ``ok`` only on Slack's ``"ok": true`` to the post. An error of the open call fails
        (nothing was posted); a post left without an answer is ``unknown`` (it may have
        arrived). Never raises for Slack or the network."""
        if self.stopped:
            return Delivery(
                ok=False, http_status=None, error=f"not sent: {self.stopped}", attempts=0
            )
        await self._pace()
        try:
            opened, _ = await self._call("conversations.open", user_id, users=user_id)
        except _Refused as refused:
            self._stop_if_token(refused)
            return Delivery(ok=False, http_status=refused.status, error=refused.text, attempts=1)
        except _NoAnswer as none:
            return Delivery(ok=False, http_status=None, error=str(none), attempts=1)
        channel = opened.get("channel")
        im = channel.get("id") if isinstance(channel, dict) else None
        if not isinstance(im, str) or not im:
            return Delivery(
                ok=False,
                http_status=None,
                error="Slack's conversations.open answer has no channel id",
                attempts=1,
            )
        return await self._post(im, text, None, user_id, attempts=1)

    async def post(self, channel: str, text: str, thread_ts: str | None = None) -> Delivery:
        """Post ``text`` in ``channel`` (under ``thread_ts`` when given); see :meth:`direct`."""
        if self.stopped:
            return Delivery(
                ok=False, http_status=None, error=f"not sent: {self.stopped}", attempts=0
            )
        await self._pace()
        return await self._post(channel, text, thread_ts, "", attempts=0)

    async def send(self, message: Message) -> Delivery:
        """Post a built channel message (its ``text``) in :attr:`thread`: the nudger's
        webhook sender interface, for ``thread_under``."""
        return await self.send_text(message.text)

    async def send_text(self, text: str) -> Delivery:
        """Post ``text`` in :attr:`thread` (set it first)."""
        assert self.thread is not None, "posts in a thread: set .thread first"
        channel, ts = self.thread
        return await self.post(channel, text, ts)

    async def _post(
        self, channel: str, text: str, thread_ts: str | None, who: str, *, attempts: int
    ) -> Delivery:
        params: dict[str, Any] = {"channel": channel, "text": text}
        if thread_ts:
            params["thread_ts"] = thread_ts
        try:
            _, status = await self._call("chat.postMessage", who, **params)
        except _Refused as refused:
            self._stop_if_token(refused)
            return Delivery(
                ok=False, http_status=refused.status, error=refused.text, attempts=attempts + 1
            )
        except _NoAnswer as none:
            return Delivery(
                ok=False, http_status=None, error=str(none), attempts=attempts + 1, unknown=True
            )
        return Delivery(ok=True, http_status=status, error=None, attempts=attempts + 1)

    async def __aenter__(self) -> SlackWebPoster:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class _Refused(Exception):
    """Slack answered with an error ``code`` (``text``: in plain words)."""

    def __init__(self, code: str, text: str, status: int | None) -> None:
        super().__init__(text)
        self.code = code
        self.text = text
        self.status = status


class _NoAnswer(Exception):
    """No answer from Slack (deadline, connection): the request may have arrived."""
