"""Nudge through Geekbot: have Geekbot ask people its standup again, privately, as it does
every day (``nudge_via = "geekbot"``).

One ``POST /v1/standups/{id}/start`` with ``{"users": [...]}`` per batch of people
(:func:`ldtui.importers.geekbot.start_standup`, which follows Geekbot's own API documentation:
the key in ``Authorization`` without a scheme, no trailing slash, no redirect followed, the
answer ``"ok"`` is success, ``404 "User is not member of the standup"`` asked again one person
at a time so each non-member is named). A rejected key (``401``/``403``), an unknown standup or
a redirect stops the requests: :attr:`GeekbotStarter.stopped` says why, and the people not yet
asked are told so. The key is added to the scrubber (:data:`ldtui.notify.redact.SECRETS`) and
never appears in an error, a log line or the ledger.

A person's Geekbot user id is their ldtui person id: ``ldtui import geekbot`` stores Geekbot's
member ids (Slack user ids) as people ids and puts the standup's members in the channel
``geekbot:<standup id>`` (:mod:`ldtui.importers.geekbot`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import httpx

    from ldtui.importers.geekbot import StartOutcome

__all__ = ["DELIVERY_UNKNOWN", "GeekbotStarter", "geekbot_channel"]

DELIVERY_UNKNOWN = "(delivery unknown)"
"""The end of a :class:`~ldtui.importers.geekbot.StartOutcome` error whose request may have
reached Geekbot (no answer within the deadline): the nudger records it ``interrupted``."""


def geekbot_channel(standup_id: int) -> str:
    """The id of the pseudo-channel ``ldtui import geekbot`` fills with standup
    ``standup_id``'s members (``geekbot:42``)."""
    return f"geekbot:{standup_id}"


class GeekbotStarter:
    """Starts standup ``standup_id`` for batches of people with ``api_key`` at ``base_url``
    (default ``https://api.geekbot.com``); ``batch`` people per request (Geekbot documents no
    limit: :data:`ldtui.importers.geekbot.START_BATCH`). Use as an async context manager
    (it owns its :class:`httpx.AsyncClient`) or hand in ``client`` (tests)."""

    def __init__(
        self,
        api_key: str,
        standup_id: int,
        base_url: str | None = None,
        *,
        batch: int | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        from ldtui.importers.geekbot import DEFAULT_GEEKBOT_API_URL, START_BATCH, TIMEOUT
        from ldtui.notify.redact import SECRETS, install_log_scrubber

        SECRETS.add_token(api_key)
        install_log_scrubber()
        self._key = api_key
        self.standup_id = standup_id
        self.base_url = base_url or DEFAULT_GEEKBOT_API_URL
        self.batch = max(1, batch or START_BATCH)
        self._client = client
        self._own_client = client is None
        self.deadline = TIMEOUT * (1 + self.batch)
        """The longest one batch may take in seconds: one request, and one more per person
        when Geekbot says someone in it is not a member."""
        self.stopped: str | None = None
        """Why no more requests are made (a rejected key, no such standup, a redirect)."""

    @property
    def label(self) -> str:
        """Where the nudges go, safe to show: ``Geekbot standup 42 (api.geekbot.com)``."""
        return f"Geekbot standup {self.standup_id} ({urlsplit(self.base_url).netloc})"

    async def __aenter__(self) -> GeekbotStarter:
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(
                headers={"Authorization": self._key, "Accept": "application/json"},
                follow_redirects=False,
            )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._own_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    async def start(self, user_ids: Sequence[str]) -> list[StartOutcome]:
        """Ask Geekbot to start the standup for ``user_ids`` (at most :attr:`batch`; one
        request unless someone is not a member); one outcome per person, in order. After a
        rejected key, an unknown standup or a redirect (:attr:`stopped` set), every person of
        this and any later call fails with ``not sent: <why>`` and nothing is requested."""
        from ldtui.importers.geekbot import GeekbotError, StartOutcome, start_standup

        if self.stopped is None:
            assert self._client is not None, "use GeekbotStarter as an async context manager"
            try:
                return await start_standup(
                    self._client,
                    self.standup_id,
                    list(user_ids),
                    base_url=self.base_url,
                    batch=self.batch,
                )
            except GeekbotError as exc:
                self.stopped = str(exc)
                return [StartOutcome(u, False, self.stopped) for u in user_ids]
        return [StartOutcome(u, False, f"not sent: {self.stopped}") for u in user_ids]
