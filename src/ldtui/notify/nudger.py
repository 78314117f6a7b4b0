"""Nudging: who is due a reminder, the nudge ledger, cooldown and delivery.

A nudge is recorded in the ledger before its request is made and updated after it, so a crash
mid-request still leaves a trace. Nudges of several people for the same kind go out as one
message mentioning them all (fewer pings in the channel), in chunks of
:data:`MAX_MENTIONS_PER_MESSAGE`; every person still gets their own ledger row with the outcome.

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
from ldtui.notify.slack import nudge_text, payload
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

SLACK_TEXT_LIMIT = 39_000
"""Characters per Slack message text (Slack truncates beyond 40,000)."""
MAX_MENTIONS_PER_MESSAGE = 20
"""People mentioned in one nudge message at most (keeps a reminder readable)."""
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


class Nudger:
    """Sends nudges for one Learning Day and keeps the ledger.

    ``store`` holds the ledger; ``webhook_url`` is the incoming webhook (``None``: dry run);
    ``cooldown`` is how long a sent nudge blocks the same one; ``clock`` returns aware "now";
    ``client`` and ``sleep`` are handed to :func:`ldtui.notify.webhook.deliver` (tests pass a
    loopback client or a fake sleep).
    """

    def __init__(
        self,
        store: Store,
        webhook_url: str | None,
        *,
        cooldown: timedelta,
        clock: Callable[[], datetime],
        client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.webhook_url = webhook_url
        self.cooldown = cooldown
        self.clock = clock
        self.client = client
        self.sleep = sleep

    @property
    def dry_run(self) -> bool:
        """Whether nudges are only recorded (no webhook configured)."""
        return not self.webhook_url

    @property
    def target_label(self) -> str:
        """Where nudges go, safe to show: the webhook host only, or ``dry run``."""
        return redact_url(self.webhook_url) if self.webhook_url else "dry run"

    def cooling(self, target: NudgeTarget, day: date) -> NudgeRecord | None:
        """Return the earlier nudge that blocks ``target`` on ``day`` (within the cooldown)."""
        return self.store.recent_nudge(target.id, day, target.kind, self.clock(), self.cooldown)

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
        The rest are grouped by kind into messages of at most :data:`MAX_MENTIONS_PER_MESSAGE`
        mentions. ``progress(done, total)`` is called after each message. Never raises for a
        delivery problem: failures are outcomes (and ledger rows) with the error text.
        """
        outcomes: dict[int, NudgeOutcome] = {}
        to_send: list[tuple[int, NudgeTarget]] = []
        for index, target in enumerate(targets):
            previous = None if force else self.cooling(target, day)
            if previous is not None:
                outcomes[index] = NudgeOutcome(target, COOLDOWN, previous=previous)
            else:
                to_send.append((index, target))
        batches = []
        for kind in KINDS:
            same = [(i, t) for i, t in to_send if t.kind == kind]
            for start in range(0, len(same), MAX_MENTIONS_PER_MESSAGE):
                batches.append(same[start : start + MAX_MENTIONS_PER_MESSAGE])
        for done, batch in enumerate(batches, start=1):
            for index, outcome in zip(
                [i for i, _ in batch], await self._send([t for _, t in batch], day), strict=True
            ):
                outcomes[index] = outcome
            if progress:
                progress(done, len(batches))
        return [outcomes[i] for i in range(len(targets))]

    async def post_text(self, text: str) -> list:
        """Post a free text (a digest) through the webhook, split under the message limit;
        return one delivery per message (an empty list in a dry run)."""
        if self.dry_run:
            return []
        from ldtui.digest import split_message
        from ldtui.notify.webhook import deliver

        assert self.webhook_url is not None
        results = []
        for chunk in split_message(text, SLACK_TEXT_LIMIT):
            results.append(
                await deliver(
                    self.webhook_url, payload(chunk), client=self.client, sleep=self.sleep
                )
            )
        return results

    async def _send(self, batch: list[NudgeTarget], day: date) -> list[NudgeOutcome]:
        kind = batch[0].kind
        text = nudge_text([(t.id, t.name) for t in batch], kind, day)
        now = self.clock()
        if self.dry_run:
            for t in batch:
                self.store.start_nudge(
                    t.id, day, kind, now, message=text, target=None, status=NUDGE_DRY_RUN
                )
            return [NudgeOutcome(t, NUDGE_DRY_RUN, message=text) for t in batch]
        assert self.webhook_url is not None
        ids = [
            self.store.start_nudge(t.id, day, kind, now, message=text, target=self.target_label)
            for t in batch
        ]
        from ldtui.notify.webhook import deliver  # imports httpx: only when sending

        delivery = await deliver(
            self.webhook_url, payload(text), client=self.client, sleep=self.sleep
        )
        status = NUDGE_SENT if delivery.ok else NUDGE_FAILED
        finished = self.clock()
        for nudge_id in ids:
            self.store.finish_nudge(
                nudge_id,
                finished,
                status=status,
                http_status=delivery.http_status,
                error=delivery.error,
                attempts=delivery.attempts,
            )
        return [NudgeOutcome(t, status, text, delivery.http_status, delivery.error) for t in batch]
