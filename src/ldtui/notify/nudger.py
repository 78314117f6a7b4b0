"""Nudging: who is due a reminder, the nudge ledger, cooldown and delivery.

A nudge is recorded in the ledger before its request is made and updated after it, so a crash
mid-request still leaves a trace. Nudges of several people for the same kind go out as one
message mentioning them all (fewer pings in the channel), split only under the platform's
size limit and mention cap (:mod:`ldtui.notify.platforms`), spaced to its rate limit;
every person still gets their own ledger row with the outcome.

With no webhook configured every nudge is a dry run: the message is recorded, not sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ldtui.learning_day import KINDS, Kind, due_kind
from ldtui.notify.redact import redact_url
from ldtui.store import (
    NUDGE_DRY_RUN,
    NUDGE_FAILED,
    NUDGE_SENT,
    NudgeRecord,
    RosterEntry,
    Store,
)

if TYPE_CHECKING:
    import httpx

COOLDOWN = "cooldown"
"""Outcome status of a nudge not sent because the same one went out within the cooldown."""


@dataclass(frozen=True)
class NudgeTarget:
    """A person to nudge and what for."""

    id: str
    """Slack user id."""
    name: str
    kind: Kind


@dataclass(frozen=True)
class NudgeOutcome:
    """What happened to one person's nudge."""

    target: NudgeTarget
    status: str
    """``sent``, ``failed``, ``dry-run`` or ``cooldown`` (not sent: see ``previous``)."""
    message: str | None = None
    """The message text (as sent, or as it would have been sent in a dry run)."""
    http_status: int | None = None
    error: str | None = None
    """The platform's error text (``channel_not_found``...) or a network error, if failed."""
    previous: NudgeRecord | None = None
    """For ``cooldown``: the earlier nudge that is still within the cooldown."""


def due_targets(entries: Iterable[RosterEntry], day: date, now: datetime) -> list[NudgeTarget]:
    """Return who is missing what on Learning Day ``day`` at ``now`` (aware), in roster order.

    Before 12:00 in a person's own zone a missing plan is due, from 12:00 a missing summary
    (:func:`ldtui.learning_day.due_kind`). Deleted accounts and people away are never nudged.
    """
    targets = []
    for entry in entries:
        if entry.deleted or entry.away is not None:
            continue
        kind = due_kind(now, entry.tz, day, entry.has_plan, entry.has_summary)
        if kind:
            targets.append(NudgeTarget(entry.id, entry.name, kind))
    return targets


def missing_targets(entries: Iterable[RosterEntry], kind: Kind) -> list[NudgeTarget]:
    """Return everyone on the roster without a post of ``kind`` (deleted accounts and people
    away that day excluded)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    return [
        NudgeTarget(e.id, e.name, kind)
        for e in entries
        if not e.deleted
        and e.away is None
        and not (e.has_plan if kind == "plan" else e.has_summary)
    ]


MENTION_COLUMNS = {
    "slack_id": "slack",
    "discord_id": "discord",
    "mattermost_username": "mattermost",
    "teams_upn": "teams",
    "google_chat_id": "google-chat",
}
"""People-file columns (issue 6) -> the platform each mention id is for."""


class Nudger:
    """Sends nudges for one Learning Day and keeps the ledger.

    ``store`` holds the ledger and the people's mention ids; ``webhook_url`` is the incoming
    webhook (``None``: dry run); ``webhook_kind`` names its platform (``None``: guessed from
    the URL's host, see :mod:`ldtui.notify.platforms`); ``cooldown`` is how long a sent nudge
    blocks the same one; ``clock`` returns aware "now"; ``client``, ``sleep`` and ``spacing``
    go to the sender (tests pass a loopback client, a fake sleep, or no spacing).
    Raises ``ValueError`` for an unknown ``webhook_kind``.
    """

    def __init__(
        self,
        store: Store,
        webhook_url: str | None,
        *,
        cooldown: timedelta,
        clock: Callable[[], datetime],
        webhook_kind: str | None = None,
        client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        spacing: float | None = None,
    ) -> None:
        self.store = store
        self.webhook_kind = webhook_kind
        self.webhook_url = webhook_url
        self.cooldown = cooldown
        self.clock = clock
        self.client = client
        self.sleep = sleep
        self.spacing = spacing
        self._platform = None
        if webhook_kind:
            self.platform  # noqa: B018 - an unknown webhook_kind fails here, not mid-nudge
        self.notes: list[str] = []
        """What the last :meth:`nudge` could not do as asked (people named, not mentioned)."""
        self.gone = False
        """The platform said the webhook no longer exists: nothing more is sent."""

    @property
    def platform(self):  # noqa: ANN201
        """The chat platform (:class:`ldtui.notify.platforms.Platform`): the configured
        ``webhook_kind``, else guessed from the URL, else Slack for dry runs. Built on first
        use, so the console starts without loading every platform's rules."""
        if self._platform is None:
            from ldtui.notify.platforms import platform_for, resolve_kind

            kind = self.webhook_kind
            url = self.webhook_url
            self._platform = platform_for(resolve_kind(kind, url) if url or kind else "slack")
        return self._platform

    @property
    def dry_run(self) -> bool:
        """Whether nudges are only recorded (no webhook configured)."""
        return not self.webhook_url

    @property
    def target_label(self) -> str:
        """Where nudges go, safe to show: the platform and webhook host only, or ``dry run``."""
        if not self.webhook_url:
            return "dry run"
        if self._platform is None and not self.webhook_kind:
            return redact_url(self.webhook_url)  # the platform is worked out when sending
        return f"{self.platform.label} {redact_url(self.webhook_url)}"

    def cooling(self, target: NudgeTarget, day: date) -> NudgeRecord | None:
        """Return the earlier nudge that blocks ``target`` on ``day`` (within the cooldown)."""
        return self.store.recent_nudge(target.id, day, target.kind, self.clock(), self.cooldown)

    def _recipients(self, targets: Sequence[NudgeTarget]):  # noqa: ANN202
        from ldtui.notify.platforms import Recipient

        ids = self.store.mention_ids(t.id for t in targets)
        recipients = []
        for t in targets:
            mine = {"slack": t.id}
            for column, value in ids.get(t.id, {}).items():
                if column in MENTION_COLUMNS and value:
                    mine[MENTION_COLUMNS[column]] = value
            mine.setdefault("json", t.id)
            recipients.append(Recipient(t.name, mine))
        return recipients

    async def nudge(
        self,
        targets: Sequence[NudgeTarget],
        day: date,
        *,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[NudgeOutcome]:
        """Nudge ``targets`` for Learning Day ``day``; return one outcome per target, in order.

        Targets nudged within the cooldown are skipped (status ``cooldown``) unless ``force``.
        The rest are grouped by kind into as few messages as the platform allows (one message
        mentioning many people, split under its size limit), sent spaced to its rate limit;
        every person still gets a ledger row with the outcome. ``progress(done, total)`` is
        called after each message. People the platform cannot mention (no id for it) are named
        in plain text and listed in :attr:`notes`. Never raises for a delivery problem:
        failures are outcomes (and ledger rows) with the error text; once the platform says
        the webhook is gone, :attr:`gone` is set and nothing more is sent.
        """
        outcomes: dict[int, NudgeOutcome] = {}
        to_send: list[tuple[int, NudgeTarget]] = []
        for index, target in enumerate(targets):
            previous = None if force else self.cooling(target, day)
            if previous is not None:
                outcomes[index] = NudgeOutcome(target, COOLDOWN, previous=previous)
            else:
                to_send.append((index, target))
        plan = []
        self.notes = []
        for kind in KINDS:
            same = [(i, t) for i, t in to_send if t.kind == kind]
            if not same:
                continue
            recipients = self._recipients([t for _, t in same])
            self.notes.extend(self.platform.notes(recipients))
            for message in self.platform.messages(recipients, kind, day):
                plan.append((message, [same[j] for j in message.indexes], kind))
        if self.dry_run:
            for done, (message, batch, kind) in enumerate(plan, start=1):
                now = self.clock()
                for index, target in batch:
                    self.store.start_nudge(
                        target.id,
                        day,
                        kind,
                        now,
                        message=message.text,
                        target=None,
                        status=NUDGE_DRY_RUN,
                    )
                    outcomes[index] = NudgeOutcome(target, NUDGE_DRY_RUN, message=message.text)
                if progress:
                    progress(done, len(plan))
            return [outcomes[i] for i in range(len(targets))]
        from ldtui.notify.platforms import NOT_SENT_GONE
        from ldtui.notify.webhook import Sender  # imports httpx: only when sending

        assert self.webhook_url is not None
        async with Sender(
            self.webhook_url,
            self.platform,
            client=self.client,
            sleep=self.sleep,
            spacing=self.spacing,
        ) as sender:
            for done, (message, batch, kind) in enumerate(plan, start=1):
                now = self.clock()
                ids = [
                    self.store.start_nudge(
                        target.id,
                        day,
                        kind,
                        now,
                        message=message.text,
                        target=redact_url(self.webhook_url),
                    )
                    for _, target in batch
                ]
                error: str | None
                if sender.gone:
                    delivery_ok, http_status, error, attempts = False, None, NOT_SENT_GONE, 0
                else:
                    delivery = await sender.send(message)
                    delivery_ok, http_status = delivery.ok, delivery.http_status
                    error, attempts = delivery.error, delivery.attempts
                status = NUDGE_SENT if delivery_ok else NUDGE_FAILED
                finished = self.clock()
                for nudge_id in ids:
                    self.store.finish_nudge(
                        nudge_id,
                        finished,
                        status=status,
                        http_status=http_status,
                        error=error,
                        attempts=attempts,
                    )
                for index, target in batch:
                    outcomes[index] = NudgeOutcome(target, status, message.text, http_status, error)
                if progress:
                    progress(done, len(plan))
            self.gone = sender.gone
        return [outcomes[i] for i in range(len(targets))]

    async def post_text(self, text: str, day: date) -> list:
        """Post a free text (the digest of Learning Day ``day``) through the webhook, split
        under the platform's limit; return one delivery per message (empty in a dry run)."""
        if self.dry_run:
            return []
        from ldtui.digest import split_message
        from ldtui.notify.webhook import Sender

        assert self.webhook_url is not None
        limit = max(500, int(self.platform.limit * 0.9))
        results = []
        async with Sender(
            self.webhook_url,
            self.platform,
            client=self.client,
            sleep=self.sleep,
            spacing=self.spacing,
        ) as sender:
            for chunk in split_message(text, limit):
                payload = self.platform.payload(chunk, [], "digest", day)  # type: ignore[arg-type]
                results.append(await sender.send(payload))
        return results
