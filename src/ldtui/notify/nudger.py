"""Nudging: who is due a reminder, the nudge ledger, cooldown and delivery.

Every nudge is claimed in the ledger (cooldown checked in the same transaction) before its
request is made and updated after it, so concurrent nudgers never message a person twice
within the cooldown, and a crash mid-request leaves a ``pending`` row with a deadline that
the next open of the file turns into ``interrupted`` (delivery unknown). Nudges of several
people for the same kind go out as one message mentioning them all (fewer pings in the
channel), split only under the platform's size limit and mention cap
(:mod:`ldtui.notify.platforms`), spaced to its rate limit; every person still gets their own
ledger row with the outcome.

With no webhook configured every nudge is a dry run: the message is recorded, not sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from ldtui.learning_day import (
    KINDS,
    PLAN,
    Kind,
    QuietHours,
    due_kind,
    nudge_window,
    quiet_reason,
)
from ldtui.notify.redact import redact_url
from ldtui.records import BLOCKING_STATUSES, NudgeRecord, NudgeStatus, RosterEntry
from ldtui.store import NOT_SENT_STOPPED, Store, StoreBusy, StoreError

if TYPE_CHECKING:
    import httpx

    from ldtui.config import Config
    from ldtui.notify.platforms import Message, Platform, Recipient
    from ldtui.notify.sender import Delivery

SEND_CUT_OFF = "delivery unknown: the send was cut off before the answer"
"""Ledger error of a nudge whose request was in flight when its task was cancelled."""


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
    status: NudgeStatus
    """``sent``, ``failed``, ``dry-run``, ``cancelled`` (never attempted), ``interrupted``
    (delivery unknown) or ``cooldown`` (not sent: see ``previous``)."""
    message: str | None = None
    """The message text (as sent, or as it would have been sent in a dry run)."""
    http_status: int | None = None
    error: str | None = None
    """The platform's error text (``channel_not_found``...) or a network error, if failed."""
    previous: NudgeRecord | None = None
    """For ``cooldown``: the earlier nudge that is still within the cooldown (``sent``,
    ``pending`` in another process, or ``interrupted``)."""


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


def held_back(
    entries: Iterable[RosterEntry], targets: Sequence[NudgeTarget], now: datetime, quiet: QuietHours
) -> tuple[list[NudgeTarget], list[tuple[NudgeTarget, str]]]:
    """Split ``targets`` into those who may be nudged at ``now`` (aware) and those held back
    by ``quiet`` hours in their own zone (taken from ``entries``), each with the reason
    (``"outside quiet hours (local 22:10)"``). The console's ``n``/``N`` and ``ldtui nudge
    --at now`` use it; order is kept."""
    zones = {e.id: e.tz for e in entries}
    ready: list[NudgeTarget] = []
    held: list[tuple[NudgeTarget, str]] = []
    for target in targets:
        tz = zones.get(target.id)
        reason = quiet_reason(now, tz, quiet) if tz is not None else None
        if reason:
            held.append((target, reason))
        else:
            ready.append(target)
    return ready, held


@dataclass(frozen=True)
class Schedule:
    """When scheduled nudges may reach a person (all in their own zone): from ``at`` on their
    Thursday, inside ``quiet`` hours, at most ``max_per_day`` per kind, ``cooldown`` apart."""

    at: time
    """Local time on their Thursday from which the nudge is due."""
    quiet: QuietHours = QuietHours()
    max_per_day: int = 1
    cooldown: timedelta = timedelta(minutes=120)

    @classmethod
    def from_config(cls, config: Config, kind: Kind, at: time | None = None) -> Schedule:
        """The schedule of ``kind`` nudges in ``config`` (``plan_nudge_at`` or
        ``summary_nudge_at``, unless ``at`` is given)."""
        default = config.plan_nudge_at if kind == PLAN else config.summary_nudge_at
        return cls(
            at or default,
            config.quiet_hours,
            config.max_nudges_per_day,
            timedelta(minutes=config.nudge_cooldown_minutes),
        )


@dataclass(frozen=True)
class Decision:
    """Whether a scheduled run nudges one person now, and why (said to the facilitator)."""

    target: NudgeTarget
    due: bool
    why: str
    """``due``, ``not-yet``, ``over`` (their window has passed), ``quiet``, ``max`` (nudged
    ``max_per_day`` times) or ``cooldown``."""
    reason: str
    """E.g. ``"local Thu 10:45, past 10:30"``, ``"not yet (local Thu 09:12, before 10:30)"``,
    ``"outside quiet hours (local 22:10)"``, ``"nudged 1 time already (max 1 a day)"``."""


def scheduled_decisions(
    entries: Iterable[RosterEntry],
    kind: Kind,
    day: date,
    now: datetime,
    schedule: Schedule,
    ledger: Sequence[NudgeRecord],
    counted: Sequence[NudgeStatus] = BLOCKING_STATUSES,
) -> list[Decision]:
    """Decide, for everyone on the roster missing ``kind`` on Learning Day ``day``, whether a
    scheduled run at ``now`` (aware) nudges them: only inside their window
    (:func:`ldtui.learning_day.nudge_window`: from ``schedule.at`` on their own Thursday until
    the post would stop counting as ``kind``), inside ``schedule.quiet`` hours, with fewer
    than ``schedule.max_per_day`` earlier nudges of ``counted`` statuses in ``ledger`` (the
    day's rows) and none within ``schedule.cooldown``. A read for the run and for ``--dry-run``;
    the ledger claim checks the count and the cooldown again in its transaction."""
    decisions = []
    by_person: dict[str, list[NudgeRecord]] = {}
    for record in ledger:
        if record.kind == kind and record.status in counted:
            by_person.setdefault(record.person_id, []).append(record)
    tz_of = {e.id: e.tz for e in entries if not e.deleted and e.away is None}
    for target in missing_targets(entries, kind):
        tz = tz_of[target.id]
        local = now.astimezone(tz)
        shown = f"local {local:%a %H:%M}"
        start, end = nudge_window(day, kind, schedule.at, tz)
        earlier = by_person.get(target.id, [])
        if now < start:
            decisions.append(
                Decision(target, False, "not-yet", f"not yet ({shown}, before {schedule.at:%H:%M})")
            )
        elif now >= end:
            decisions.append(
                Decision(target, False, "over", f"their {kind} time is over ({shown})")
            )
        elif not schedule.quiet.allows(local.time()):
            decisions.append(Decision(target, False, "quiet", f"outside quiet hours ({shown})"))
        elif len(earlier) >= schedule.max_per_day:
            times = "time" if len(earlier) == 1 else "times"
            decisions.append(
                Decision(
                    target,
                    False,
                    "max",
                    f"nudged {len(earlier)} {times} already (max {schedule.max_per_day} a day)",
                )
            )
        elif earlier and now - earlier[-1].created_at < schedule.cooldown:
            ago = int((now - earlier[-1].created_at).total_seconds() // 60)
            cooldown = int(schedule.cooldown.total_seconds() // 60)
            decisions.append(
                Decision(
                    target, False, "cooldown", f"nudged {ago} min ago (cooldown {cooldown} min)"
                )
            )
        else:
            decisions.append(Decision(target, True, "due", f"{shown}, past {schedule.at:%H:%M}"))
    return decisions


def scheduled_counted(*, dry_run: bool) -> tuple[NudgeStatus, ...]:
    """The ledger statuses a scheduled run counts as "nudged already": those that may have
    reached the person, plus ``dry-run`` rows when nudges are dry runs (no webhook), so a
    rehearsal every 15 minutes records each person once rather than every run."""
    return (*BLOCKING_STATUSES, NudgeStatus.DRY_RUN) if dry_run else BLOCKING_STATUSES


MENTION_COLUMNS = {
    "slack_id": "slack",
    "discord_id": "discord",
    "mattermost_username": "mattermost",
    "teams_upn": "teams",
    "google_chat_id": "google-chat",
}
"""People-file columns -> the platform each mention id is for."""


class Nudger:
    """Sends nudges for one Learning Day and keeps the ledger.

    ``store`` holds the ledger and the people's mention ids; ``webhook_url`` is the incoming
    webhook (``None``: dry run); ``webhook_kind`` names its platform (``None``: guessed from
    the URL's host, see :mod:`ldtui.notify.platforms`); ``cooldown`` is how long a sent nudge
    blocks the same one; ``clock`` returns aware "now"; ``client``, ``sleep`` and ``spacing``
    go to the sender (tests pass a loopback client, a fake sleep, or no spacing);
    ``send_deadline`` is the longest one message may take in seconds (None: the sender's
    worst case), after which a pending nudge counts as interrupted.
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
        send_deadline: float | None = None,
    ) -> None:
        self.store = store
        self._send_deadline = send_deadline
        self._stop_reason: str | None = None
        self.webhook_kind = webhook_kind
        self.webhook_url = webhook_url
        self.cooldown = cooldown
        self.clock = clock
        self.client = client
        self.sleep = sleep
        self.spacing = spacing
        self._platform: Platform | None = None
        if webhook_kind:
            self.platform  # noqa: B018 - an unknown webhook_kind fails here, not mid-nudge
        self.notes: list[str] = []
        """What the last :meth:`nudge` could not do as asked (people named, not mentioned)."""
        self.gone = False
        """The platform said the webhook no longer exists: nothing more is sent."""

    @classmethod
    def from_config(
        cls,
        store: Store,
        config: Config,
        *,
        clock: Callable[[], datetime],
        client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        spacing: float | None = None,
    ) -> Nudger:
        """The nudger the settings in ``config`` describe: the one way the CLI (``ldtui
        nudge``) and the console build it.

        Takes the webhook URL and ``webhook_kind``, the cooldown (``nudge_cooldown_minutes``)
        and ``nudge_send_deadline_seconds`` from ``config``; ``clock`` returns aware UTC
        "now"; ``client``, ``sleep`` and ``spacing`` go to the sender (tests hand in a
        loopback client, a fast sleep or no spacing). Raises ``ValueError`` for an unknown
        ``webhook_kind`` (:func:`ldtui.config.load_config` has refused one already).
        """
        return cls(
            store,
            config.webhook_url,
            cooldown=timedelta(minutes=config.nudge_cooldown_minutes),
            clock=clock,
            webhook_kind=config.webhook_kind,
            client=client,
            sleep=sleep,
            spacing=spacing,
            send_deadline=config.nudge_send_deadline_seconds,
        )

    @property
    def platform(self) -> Platform:
        """The chat platform (:class:`ldtui.notify.platforms.Platform`): the configured
        ``webhook_kind``, else guessed from the URL, else Slack for dry runs. Built on first
        use, so the console starts without loading every platform's rules."""
        if self._platform is None:
            from ldtui.notify.platforms import platform_for, resolve_platform

            kind = self.webhook_kind
            url = self.webhook_url
            self._platform = platform_for(resolve_platform(kind, url) if url or kind else "slack")
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
        """Return the earlier nudge that blocks ``target`` on ``day`` (within the cooldown):
        a read for previews and confirmations; :meth:`nudge` checks again when it claims."""
        return self.store.recent_nudge(target.id, day, target.kind, self.clock(), self.cooldown)

    def _recipients(self, targets: Sequence[NudgeTarget]) -> list[Recipient]:
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

    def stop(self, reason: str) -> None:
        """Ask the running :meth:`nudge` to start no further message: the one in flight is
        finished (within its deadline), the people not yet attempted are recorded
        ``cancelled`` with ``reason`` as their error (e.g. ``not sent: console quit``)."""
        self._stop_reason = reason

    @property
    def send_deadline(self) -> timedelta:
        """The longest one message may take (retries and waits included): the configured
        ``send_deadline``, else the sender's worst case. A pending nudge outliving its
        deadline is ``interrupted`` (see :meth:`ldtui.store.Store.sweep_interrupted`)."""
        if self._send_deadline is not None:
            return timedelta(seconds=self._send_deadline)
        from ldtui.notify.sender import Sender

        probe = Sender("http://127.0.0.1/", self.platform, spacing=self.spacing)
        return timedelta(seconds=probe.deadline)

    def _plan(
        self, claimed: Sequence[tuple[int, NudgeTarget, int]], day: date
    ) -> list[tuple[Message, list[tuple[int, NudgeTarget, int]], Kind]]:
        """Group claimed people by kind into as few messages as the platform allows."""
        plan = []
        for kind in KINDS:
            same = [c for c in claimed if c[1].kind == kind]
            if not same:
                continue
            recipients = self._recipients([t for _, t, _ in same])
            self.notes.extend(self.platform.notes(recipients))
            for message in self.platform.messages(recipients, kind, day):
                plan.append((message, [same[j] for j in message.indexes], kind))
        return plan

    def _record(self, ids: Sequence[int], status: NudgeStatus, **outcome: object) -> bool:
        """Write one outcome for ``ids``; on a busy database try twice more (each waits the
        busy timeout). Returns whether the ledger has it."""
        for _ in range(3):
            try:
                self.store.finish_nudges(ids, self.clock(), status=status, **outcome)  # type: ignore[arg-type]
                return True
            except StoreBusy:
                continue
            except StoreError:
                break
        return False

    async def nudge(
        self,
        targets: Sequence[NudgeTarget],
        day: date,
        *,
        force: bool = False,
        resend_interrupted: bool = False,
        progress: Callable[[int, int], None] | None = None,
        max_per_day: int | None = None,
    ) -> list[NudgeOutcome]:
        """Nudge ``targets`` for Learning Day ``day``; return one outcome per target, in order.

        First every target is claimed in one ledger transaction
        (:meth:`ldtui.store.Store.claim_nudges`): a person with a ``sent``, ``pending`` or
        ``interrupted`` nudge of the same kind within the cooldown is skipped (status
        ``cooldown``, see ``previous``) unless ``force``; ``resend_interrupted`` lets only
        ``interrupted`` ones through. So concurrent nudgers (the CLI, consoles) message each
        person at most once per cooldown. ``max_per_day`` (a scheduled run) also skips people
        with that many nudges of the kind for ``day`` already; in a dry run, earlier
        ``dry-run`` rows then count too, so a rehearsal nudges as often as real runs would.
        Only claimed people are sent to: grouped by kind
        into as few messages as the platform allows, spaced to its rate limit, each with its
        own ledger row. ``sent`` is written only after the platform's success answer.
        ``progress(done, total)`` is called after each message. People the platform cannot
        mention are named in plain text and listed in :attr:`notes`.

        Delivery problems are outcomes, never raised; once the platform says the webhook is
        gone :attr:`gone` is set and nothing more is sent. After :meth:`stop`, people not yet
        attempted are ``cancelled``. Cancelled while a request is in flight (the task is
        cancelled), its people are recorded ``interrupted`` (delivery unknown) and the rest
        ``cancelled``, then the cancellation propagates.

        Raises :class:`ldtui.store.StoreBusy` (or another :class:`ldtui.store.StoreError`)
        when the claim cannot be written: then nobody was messaged.
        """
        self._stop_reason = None
        self.notes = []
        self.gone = False
        outcomes: dict[int, NudgeOutcome] = {}
        wanted = [(t.id, t.kind) for t in targets]
        if self.dry_run:
            return self._dry_run(targets, day, force, resend_interrupted, progress, max_per_day)
        from ldtui.notify.platforms import NOT_SENT_GONE
        from ldtui.notify.sender import Sender  # imports httpx: only when sending

        assert self.webhook_url is not None
        where = redact_url(self.webhook_url)
        async with Sender(
            self.webhook_url,
            self.platform,
            client=self.client,
            sleep=self.sleep,
            spacing=self.spacing,
            deadline=self._send_deadline,
        ) as sender:
            budget = timedelta(seconds=sender.deadline)
            now = self.clock()
            claims = self.store.claim_nudges(
                wanted,
                day,
                now,
                self.cooldown,
                deadline=now + budget,
                target=where,
                force=force,
                resend_interrupted=resend_interrupted,
                max_per_day=max_per_day,
            )
            claimed: list[tuple[int, NudgeTarget, int]] = []
            for index, (target, claim) in enumerate(zip(targets, claims, strict=True)):
                if claim.nudge_id is not None:
                    claimed.append((index, target, claim.nudge_id))
                else:
                    outcomes[index] = NudgeOutcome(
                        target, NudgeStatus.COOLDOWN, previous=claim.previous
                    )
            plan = self._plan(claimed, day)
            waiting = {nudge_id: (index, target) for index, target, nudge_id in claimed}
            in_flight: list[int] = []
            total = len(plan)
            done = 0
            try:
                while plan and self._stop_reason is None:
                    message, batch, kind = plan.pop(0)
                    ids = [nudge_id for _, _, nudge_id in batch]
                    start = self.clock()
                    later = [i for i in waiting if i not in ids]
                    still = self.store.start_send(
                        ids,
                        start,
                        message=message.text,
                        deadline=start + budget,
                        waiting=later,
                        waiting_deadline=start + 2 * budget,
                    )
                    if len(still) != len(ids):
                        # Swept while this process slept past the deadline: those rows are no
                        # longer ours. The rest get a message of their own.
                        for index, target, nudge_id in batch:
                            if nudge_id not in still:
                                waiting.pop(nudge_id, None)
                                outcomes[index] = NudgeOutcome(
                                    target, NudgeStatus.CANCELLED, error=NOT_SENT_STOPPED
                                )
                        plan[:0] = self._plan([b for b in batch if b[2] in still], day)
                        total = done + len(plan)
                        continue
                    in_flight = ids
                    error: str | None
                    unknown = False
                    if sender.gone:
                        ok, http_status, error, attempts = False, None, NOT_SENT_GONE, 0
                    else:
                        delivery = await sender.send(message)
                        ok, http_status = delivery.ok, delivery.http_status
                        error, attempts = delivery.error, delivery.attempts
                        unknown = delivery.unknown
                    # No answer after the request went out: it may have arrived, so the row
                    # is interrupted (blocks automatic re-nudges), not failed (which does not).
                    status = (
                        NudgeStatus.SENT
                        if ok
                        else NudgeStatus.INTERRUPTED
                        if unknown
                        else NudgeStatus.FAILED
                    )
                    recorded = self._record(
                        ids, status, http_status=http_status, error=error, attempts=attempts
                    )
                    in_flight = []
                    for index, target, nudge_id in batch:
                        waiting.pop(nudge_id, None)
                        outcomes[index] = NudgeOutcome(
                            target, status, message.text, http_status, error
                        )
                    done += 1
                    if progress:
                        progress(done, total)
                    if not recorded:
                        self.notes.append(
                            f"the ledger could not record {len(ids)} {status} nudge(s) "
                            "(database busy); they will show as interrupted"
                        )
                        self._stop_reason = "not sent: the database was busy"
            finally:
                if in_flight:
                    self._record(in_flight, NudgeStatus.INTERRUPTED, error=SEND_CUT_OFF)
                    for nudge_id in in_flight:
                        index, target = waiting.pop(nudge_id)
                        outcomes[index] = NudgeOutcome(
                            target, NudgeStatus.INTERRUPTED, error=SEND_CUT_OFF
                        )
                if waiting:
                    reason = self._stop_reason or "not sent: the nudge run was stopped"
                    self._record(list(waiting), NudgeStatus.CANCELLED, error=reason)
                    for index, target in waiting.values():
                        outcomes[index] = NudgeOutcome(target, NudgeStatus.CANCELLED, error=reason)
            self.gone = sender.gone
        return [outcomes[i] for i in range(len(targets))]

    def _dry_run(
        self,
        targets: Sequence[NudgeTarget],
        day: date,
        force: bool,
        resend_interrupted: bool,
        progress: Callable[[int, int], None] | None,
        max_per_day: int | None = None,
    ) -> list[NudgeOutcome]:
        """Record what would be sent, one ``dry-run`` row per person (claimed per message,
        the cooldown checked in the same transaction)."""
        counted = scheduled_counted(dry_run=True) if max_per_day is not None else BLOCKING_STATUSES
        outcomes: dict[int, NudgeOutcome] = {}
        candidates: list[tuple[int, NudgeTarget, int]] = []
        for index, target in enumerate(targets):
            previous = None
            if not force:
                statuses = [
                    s for s in counted if not (resend_interrupted and s == NudgeStatus.INTERRUPTED)
                ]
                previous = self.store.recent_nudge(
                    target.id, day, target.kind, self.clock(), self.cooldown, statuses=statuses
                )
            if previous is not None:
                outcomes[index] = NudgeOutcome(target, NudgeStatus.COOLDOWN, previous=previous)
            else:
                candidates.append((index, target, 0))
        plan = self._plan(candidates, day)
        for done, (message, batch, _kind) in enumerate(plan, start=1):
            now = self.clock()
            claims = self.store.claim_nudges(
                [(t.id, t.kind) for _, t, _ in batch],
                day,
                now,
                self.cooldown,
                deadline=now,
                target=None,
                force=force,
                resend_interrupted=resend_interrupted,
                status=NudgeStatus.DRY_RUN,
                message=message.text,
                max_per_day=max_per_day,
                counted=counted,
            )
            for (index, target, _), claim in zip(batch, claims, strict=True):
                outcomes[index] = (
                    NudgeOutcome(target, NudgeStatus.DRY_RUN, message=message.text)
                    if claim.claimed
                    else NudgeOutcome(target, NudgeStatus.COOLDOWN, previous=claim.previous)
                )
            if progress:
                progress(done, len(plan))
        return [outcomes[i] for i in range(len(targets))]

    async def post_text(self, text: str, day: date) -> list[Delivery]:
        """Post a free text (the digest of Learning Day ``day``) through the webhook, split
        under the platform's limit; return one delivery per message (empty in a dry run)."""
        if self.dry_run:
            return []
        from ldtui.insights.digest import split_message
        from ldtui.notify.sender import Sender

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
                payload = self.platform.payload(chunk, [], "digest", day)
                results.append(await sender.send(payload))
        return results
