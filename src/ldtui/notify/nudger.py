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

How nudges reach people is the ``via`` (:data:`ldtui.records.NUDGE_VIAS`): ``channel`` as
above; ``dm`` sends each person a direct message of their own through the Slack Web API
(:class:`ldtui.notify.slack_web.SlackWebPoster`, the bot token ``sync`` uses), worded for them
(:func:`ldtui.notify.wording.direct_reminder`). Either way the ledger claims, marks and
finishes each person's row the same way, and records the via. ``geekbot`` has Geekbot ask
the people missing a post its standup again, privately (``geekbot_standup_id``, the key in
``GEEKBOT_API_KEY``): one ``POST /v1/standups/{id}/start`` per batch of people
(:class:`ldtui.notify.geekbot_start.GeekbotStarter`), each person still their own ledger row
(:meth:`Nudger._nudge_geekbot`). Another way to reach one
person (a bot of its own) is one more name in ``NUDGE_VIAS`` and one more branch in
:meth:`Nudger._personal_poster` giving an object with ``direct(person_id, text)``.

``thread_under`` (a Slack user id), with a bot token: channel nudges and digests are posted
with ``chat.postMessage`` in the thread under that user's first synced post of the day.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, NamedTuple

import msgspec

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
from ldtui.records import (
    BLOCKING_STATUSES,
    NUDGE_VIAS,
    NudgeClaim,
    NudgeRecord,
    NudgeStatus,
    RosterEntry,
)
from ldtui.store import NOT_SENT_STOPPED, Store, StoreBusy, StoreError

if TYPE_CHECKING:
    import httpx

    from ldtui.config import Config
    from ldtui.notify.geekbot_start import GeekbotStarter
    from ldtui.notify.platforms import Message, Platform, Recipient
    from ldtui.notify.sender import Delivery
    from ldtui.notify.slack_web import SlackWebPoster

SEND_CUT_OFF = "delivery unknown: the send was cut off before the answer"
"""Ledger error of a nudge whose request was in flight when its task was cancelled."""


class NudgeTarget(msgspec.Struct, frozen=True):
    """A person to nudge and what for."""

    id: str
    """Slack user id."""
    name: str
    kind: Kind


class NudgeOutcome(msgspec.Struct, frozen=True):
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


class Schedule(msgspec.Struct, frozen=True):
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


class Decision(msgspec.Struct, frozen=True):
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


def delivery_status(ok: bool, unknown: bool) -> NudgeStatus:
    """The ledger status of one send: ``sent`` when the platform said so; ``interrupted``
    when the request went out and no answer came (it may have arrived: the row blocks
    automatic re-nudges); else ``failed``."""
    if ok:
        return NudgeStatus.SENT
    return NudgeStatus.INTERRUPTED if unknown else NudgeStatus.FAILED


class _Sent(NamedTuple):
    """What one request did for one ledger row, as :meth:`_SendRun.finish` records it."""

    status: NudgeStatus
    http_status: int | None
    error: str | None
    attempts: int

    @classmethod
    def of(cls, delivery: Delivery) -> _Sent:
        """The row of a :class:`ldtui.notify.sender.Delivery` (webhook or Web API): ``sent``,
        ``failed``, or ``interrupted`` when the request went out and no answer came (it may
        have arrived: the row blocks automatic re-nudges; a failed one would not)."""
        status = delivery_status(delivery.ok, delivery.unknown)
        return cls(status, delivery.http_status, delivery.error, delivery.attempts)


class _SendRun:
    """The ledger side of one :meth:`Nudger.nudge` that really sends (every via): the
    claimed rows still to go, the outcomes so far, and what the ledger says when the run ends
    early. The send loops (:meth:`Nudger.nudge`, :meth:`Nudger._nudge_personal`,
    :meth:`Nudger._nudge_geekbot`) decide what goes in each message; this keeps the rows.

    Each message (or Geekbot batch) goes: :meth:`start` (its rows marked as being sent; a
    row swept meanwhile by another process is dropped), the request with its rows in
    :attr:`in_flight`, :meth:`finish` (outcomes written, ``progress(done, total)`` called).
    :meth:`close`, in a ``finally``, records a request cut off by cancellation
    ``interrupted`` (delivery unknown) and the rows never attempted ``cancelled`` with the
    stop reason. ``budget`` is the longest one message may take; the rows still waiting get
    twice that from each start."""

    def __init__(
        self,
        nudger: Nudger,
        targets: Sequence[NudgeTarget],
        budget: timedelta,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.nudger = nudger
        self.targets = targets
        self.budget = budget
        self.progress = progress
        self.outcomes: dict[int, NudgeOutcome] = {}
        """Index in ``targets`` -> that person's outcome."""
        self.waiting: dict[int, int] = {}
        """Nudge id -> index in ``targets``: claimed rows not yet finished, in claim order."""
        self.in_flight: list[int] = []
        """The rows whose request is out (set by the loop before it awaits the request)."""
        self.total = 0
        """How many messages the run will send, for ``progress``."""
        self.done = 0

    def take(self, indexes: Iterable[int], claims: Sequence[NudgeClaim]) -> None:
        """Note the ``claims`` of ``targets[i]`` for ``i`` in ``indexes``: a claimed row
        waits its turn, anyone else is ``cooldown`` (see ``previous``)."""
        for index, claim in zip(indexes, claims, strict=True):
            if claim.nudge_id is not None:
                self.waiting[claim.nudge_id] = index
            else:
                target = self.targets[index]
                self.outcomes[index] = NudgeOutcome(
                    target, NudgeStatus.COOLDOWN, previous=claim.previous
                )

    def start(self, ids: Sequence[int], message: str) -> list[int]:
        """Mark rows ``ids`` as being sent now with ``message``
        (:meth:`ldtui.store.Store.start_send`, the other waiting rows' deadline pushed on).
        A row no longer ``pending`` was swept while this process slept past its deadline: it
        is not this run's any more, its outcome is ``cancelled`` (not sent). Returns the ids
        still this run's to send (none: the message is not sent, and :attr:`total` counts
        one fewer). Raises :class:`ldtui.store.StoreError` subclasses."""
        now = self.nudger.clock()
        still = self.nudger.store.start_send(
            ids,
            now,
            message=message,
            deadline=now + self.budget,
            waiting=[i for i in self.waiting if i not in ids],
            waiting_deadline=now + 2 * self.budget,
        )
        for nudge_id in ids:
            if nudge_id not in still:
                index = self.waiting.pop(nudge_id)
                self.outcomes[index] = NudgeOutcome(
                    self.targets[index], NudgeStatus.CANCELLED, error=NOT_SENT_STOPPED
                )
        if not still:
            self.total -= 1  # this message is not sent: progress still ends at total/total
        return still

    def finish(self, message: str, sent: Mapping[int, _Sent]) -> bool:
        """Record what the request of ``message`` did for each of its rows (``sent``: nudge
        id -> its row; rows alike are written together, retried when busy), set their
        outcomes and report progress. Returns whether the ledger has them all (else the
        loop calls :meth:`Nudger._ledger_busy`)."""
        alike: dict[_Sent, list[int]] = {}
        for nudge_id, row in sent.items():
            alike.setdefault(row, []).append(nudge_id)
            index = self.waiting.pop(nudge_id)
            self.outcomes[index] = NudgeOutcome(
                self.targets[index], row.status, message, row.http_status, row.error
            )
        recorded = all(
            self.nudger._record(
                ids, row.status, http_status=row.http_status, error=row.error, attempts=row.attempts
            )
            for row, ids in alike.items()
        )
        self.in_flight = []
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)
        return recorded

    def close(self, status: NudgeStatus = NudgeStatus.CANCELLED, reason: str | None = None) -> None:
        """End the run (call it in ``finally``): rows of a request still in flight (the task
        was cancelled) become ``interrupted`` (:data:`SEND_CUT_OFF`), rows never attempted
        ``status`` with ``reason`` (default: ``cancelled``, the reason given to
        :meth:`Nudger.stop`, else ``not sent: the nudge run was stopped``)."""
        if self.in_flight:
            self.nudger._record(self.in_flight, NudgeStatus.INTERRUPTED, error=SEND_CUT_OFF)
            for nudge_id in self.in_flight:
                if nudge_id in self.waiting:
                    index = self.waiting.pop(nudge_id)
                    self.outcomes[index] = NudgeOutcome(
                        self.targets[index], NudgeStatus.INTERRUPTED, error=SEND_CUT_OFF
                    )
        if self.waiting:
            reason = reason or self.nudger._stop_reason or "not sent: the nudge run was stopped"
            self.nudger._record(list(self.waiting), status, error=reason)
            for index in self.waiting.values():
                self.outcomes[index] = NudgeOutcome(self.targets[index], status, error=reason)

    def results(self) -> list[NudgeOutcome]:
        """One outcome per target, in the targets' order."""
        return [self.outcomes[i] for i in range(len(self.targets))]


class Nudger:
    """Sends nudges for one Learning Day and keeps the ledger.

    ``store`` holds the ledger and the people's mention ids; ``webhook_url`` is the incoming
    webhook (``None``: dry run); ``webhook_kind`` names its platform (``None``: guessed from
    the URL's host, see :mod:`ldtui.notify.platforms`); ``cooldown`` is how long a sent nudge
    blocks the same one; ``clock`` returns aware "now"; ``client``, ``sleep`` and ``spacing``
    go to the sender (tests pass a loopback client, a fake sleep, or no spacing);
    ``send_deadline`` is the longest one message may take in seconds (None: the sender's
    worst case), after which a pending nudge counts as interrupted. ``via`` is the default
    way (:data:`ldtui.records.NUDGE_VIAS`); ``slack_token`` the bot token (``None``: direct
    messages are dry runs, no threads) and ``slack_api_url`` the Web API base URL;
    ``thread_under`` a Slack user id whose first post of the day nudges and digests answer
    under; ``templates`` the ``[templates]`` direct messages (checked by the config);
    ``facilitator`` is who nudges, recorded on every ledger row this nudger writes.
    ``geekbot_key`` (a secret; ``None``: nudges via Geekbot are dry runs),
    ``geekbot_standup_id`` and ``geekbot_api_url`` (default Geekbot's) are for via
    ``geekbot``. Raises ``ValueError`` for an unknown ``webhook_kind`` or ``via``.
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
        via: str = "channel",
        slack_token: str | None = None,
        slack_api_url: str | None = None,
        thread_under: str | None = None,
        templates: Mapping[str, str] | None = None,
        facilitator: str | None = None,
        geekbot_key: str | None = None,
        geekbot_standup_id: int | None = None,
        geekbot_api_url: str | None = None,
    ) -> None:
        if via not in NUDGE_VIAS:
            raise ValueError(f"via must be one of {', '.join(NUDGE_VIAS)}, not {via!r}")
        self.via = via
        """How :meth:`nudge` reaches people unless told otherwise (``channel``, ``dm``)."""
        self.slack_token = slack_token or None
        """The Slack bot token for direct messages and threads (a secret; never shown)."""
        self.slack_api_url = slack_api_url or None
        self.thread_under = thread_under or None
        self.templates = dict(templates or {})
        self.geekbot_key = geekbot_key or None
        """The Geekbot API key for nudges via Geekbot (a secret; never shown)."""
        self.geekbot_standup_id = geekbot_standup_id
        self.geekbot_api_url = geekbot_api_url or None
        self.store = store
        self.facilitator = facilitator
        """Who nudges (recorded on every ledger row; ``None``: nobody named)."""
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
        self.posted_to = "dry run"
        """Where the last :meth:`post_text` went, safe to show."""

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
        environ: Mapping[str, str] | None = None,
        facilitator: str | None = None,
    ) -> Nudger:
        """The nudger the settings in ``config`` describe: the one way the CLI (``ldtui
        nudge``) and the console build it.

        Takes the webhook URL and ``webhook_kind``, the cooldown (``nudge_cooldown_minutes``)
        and ``nudge_send_deadline_seconds`` from ``config``; ``clock`` returns aware UTC
        "now"; ``client``, ``sleep`` and ``spacing`` go to the sender (tests hand in a
        loopback client, a fast sleep or no spacing). ``nudge_via``, ``thread_under`` and
        ``[templates]`` come from ``config``; the bot token from ``SLACK_BOT_TOKEN`` and the
        Web API URL from ``LDTUI_SLACK_API_URL`` in ``environ`` (default ``os.environ``), as
        for ``ldtui sync slack``; ``geekbot_standup_id`` from ``config``, the Geekbot key from
        ``GEEKBOT_API_KEY`` and its URL from ``LDTUI_GEEKBOT_API_URL``, as for ``ldtui import
        geekbot``. Who nudges is ``facilitator`` (``--as NAME``), else
        :func:`ldtui.config.facilitator_name`'s choice (the config's ``facilitator``, else the
        operating-system user). Raises ``ValueError`` for an unknown
        ``webhook_kind`` (:func:`ldtui.config.load_config` has refused one already) and
        :class:`ldtui.config.ConfigError` for an empty or over-long ``facilitator``.
        """
        from ldtui.config import facilitator_name

        env = os.environ if environ is None else environ
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
            via=config.nudge_via,
            slack_token=(env.get("SLACK_BOT_TOKEN") or "").strip() or None,
            slack_api_url=env.get("LDTUI_SLACK_API_URL") or None,
            thread_under=config.thread_under,
            templates=config.templates,
            facilitator=facilitator_name(config, facilitator),
            geekbot_key=(env.get("GEEKBOT_API_KEY") or "").strip() or None,
            geekbot_standup_id=config.geekbot_standup_id,
            geekbot_api_url=env.get("LDTUI_GEEKBOT_API_URL") or None,
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

    def via_label(self, via: str | None = None) -> str:
        """How nudges sent ``via`` (default :attr:`via`) go, safe to show: ``direct messages
        (Slack Web API slack.com)``, ``direct messages (dry run: no SLACK_BOT_TOKEN)``, or
        ``Geekbot standup 42 (api.geekbot.com)``, or for the channel :attr:`target_label`."""
        via = via or self.via
        if via == "geekbot":
            if self.geekbot_standup_id is None:
                return "Geekbot (no geekbot_standup_id)"
            if not self.geekbot_key:
                return "Geekbot (dry run: no GEEKBOT_API_KEY)"
            return self._geekbot_starter().label
        if via == "dm":
            if not self.slack_token:
                return "direct messages (dry run: no SLACK_BOT_TOKEN)"
            from urllib.parse import urlsplit

            host = urlsplit(self.slack_api_url or "https://slack.com/api/").netloc
            return f"direct messages (Slack Web API {host})"
        return self.target_label

    def dry_run_reason(self, via: str | None = None) -> str:
        """Why nudges sent ``via`` (default :attr:`via`) are only recorded, fit to show:
        ``no webhook configured``, ``no SLACK_BOT_TOKEN`` or ``no GEEKBOT_API_KEY``."""
        via = via or self.via
        if via == "geekbot":
            return "no GEEKBOT_API_KEY"
        if via == "dm":
            return "no SLACK_BOT_TOKEN"
        return "no webhook configured"

    def via_problem(self, via: str | None = None) -> str | None:
        """Why nudges cannot go ``via`` (default :attr:`via`) with these settings, fit to
        show, or ``None``: via ``geekbot`` needs ``geekbot_standup_id``."""
        if (via or self.via) == "geekbot" and self.geekbot_standup_id is None:
            from ldtui.config import GEEKBOT_STANDUP_MISSING

            return GEEKBOT_STANDUP_MISSING
        return None

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
        self,
        claimed: Sequence[tuple[int, NudgeTarget, int]],
        day: date,
        platform: Platform | None = None,
    ) -> list[tuple[Message, list[tuple[int, NudgeTarget, int]], Kind]]:
        """Group claimed people by kind into as few messages as the platform allows, in the
        ``[templates]`` ``channel_plan``/``channel_summary`` wording when there is one."""
        platform = platform or self.platform
        plan = []
        for kind in KINDS:
            same = [c for c in claimed if c[1].kind == kind]
            if not same:
                continue
            recipients = self._recipients([t for _, t, _ in same])
            self.notes.extend(platform.notes(recipients))
            template = self.templates.get(f"channel_{kind}")
            count = self._posted_count(kind, day) if template else 0
            for message in platform.messages(recipients, kind, day, template=template, count=count):
                plan.append((message, [same[j] for j in message.indexes], kind))
        return plan

    def _posted_count(self, kind: Kind, day: date) -> int:
        """How many people on ``day``'s roster have posted their ``kind``."""
        roster = self.store.roster(day, with_text=False)
        return sum(1 for e in roster if (e.has_plan if kind == "plan" else e.has_summary))

    def _ledger_busy(self, what: str, pronoun: str) -> None:
        """After :meth:`_record` failed for ``what`` (``"a sent nudge"``): say so in
        :attr:`notes` (``pronoun``, ``it`` or ``they``, will show as interrupted) and stop the
        run, the rest recorded ``not sent: the database was busy``."""
        self.notes.append(
            f"the ledger could not record {what} (database busy); "
            f"{pronoun} will show as interrupted"
        )
        self._stop_reason = "not sent: the database was busy"

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
        via: str | None = None,
        max_per_day: int | None = None,
    ) -> list[NudgeOutcome]:
        """Nudge ``targets`` for Learning Day ``day``; return one outcome per target, in order.

        ``via`` (default :attr:`via`) says how: ``channel`` (below), ``dm``, one direct
        message per person (:meth:`_nudge_personal`), or ``geekbot``, Geekbot asks them again
        (:meth:`_nudge_geekbot`); same claims, cooldown and outcomes.

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
        when the claim cannot be written: then nobody was messaged. Raises ``ValueError`` for
        an unknown ``via`` or one these settings cannot use (:meth:`via_problem`).
        """
        via = via or self.via
        if via not in NUDGE_VIAS:
            raise ValueError(f"via must be one of {', '.join(NUDGE_VIAS)}, not {via!r}")
        problem = self.via_problem(via)
        if problem:
            raise ValueError(problem)
        self._stop_reason = None
        self.notes = []
        self.gone = False
        if via == "geekbot":
            return await self._nudge_geekbot(
                targets, day, force, resend_interrupted, progress, max_per_day
            )
        if via != "channel":
            return await self._nudge_personal(
                targets, day, via, force, resend_interrupted, progress, max_per_day
            )
        wanted = [(t.id, t.kind) for t in targets]
        thread = self._thread(day)
        if self.dry_run and thread is None:
            return self._dry_run(targets, day, force, resend_interrupted, progress, max_per_day)
        from ldtui.notify.platforms import NOT_SENT_GONE, platform_for
        from ldtui.notify.sender import Sender  # imports httpx: only when sending

        platform = self.platform
        sender: Sender | SlackWebPoster
        if thread is not None:
            sender = thread
            platform = platform_for("slack")  # the thread is in Slack: Slack mentions
            where = f"{thread.label} thread"
        else:
            assert self.webhook_url is not None
            where = redact_url(self.webhook_url)
            sender = Sender(
                self.webhook_url,
                self.platform,
                client=self.client,
                sleep=self.sleep,
                spacing=self.spacing,
                deadline=self._send_deadline,
            )
        async with sender:
            run = _SendRun(self, targets, timedelta(seconds=sender.deadline), progress)
            now = self.clock()
            claims = self.store.claim_nudges(
                wanted,
                day,
                now,
                self.cooldown,
                deadline=now + run.budget,
                target=where,
                force=force,
                resend_interrupted=resend_interrupted,
                facilitator=self.facilitator,
                max_per_day=max_per_day,
            )
            run.take(range(len(targets)), claims)
            claimed = [(index, targets[index], nudge_id) for nudge_id, index in run.waiting.items()]
            plan = self._plan(claimed, day, platform)
            run.total = len(plan)
            try:
                while plan and self._stop_reason is None:
                    message, batch, _kind = plan.pop(0)
                    ids = [nudge_id for _, _, nudge_id in batch]
                    still = run.start(ids, message.text)
                    if len(still) != len(ids):
                        # Swept while this process slept past the deadline: those rows are no
                        # longer ours. The rest get a message of their own.
                        plan[:0] = self._plan([b for b in batch if b[2] in still], day, platform)
                        run.total = run.done + len(plan)
                        continue
                    run.in_flight = ids
                    if sender.gone:
                        sent = _Sent(NudgeStatus.FAILED, None, NOT_SENT_GONE, 0)
                    else:
                        sent = _Sent.of(await sender.send(message))
                    if not run.finish(message.text, dict.fromkeys(ids, sent)):
                        self._ledger_busy(f"{len(ids)} {sent.status} nudge(s)", "they")
            finally:
                run.close()
            self.gone = sender.gone
        return run.results()

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
                facilitator=self.facilitator,
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

    # ------------------------------------------------------------------ the Slack Web API

    def _web_poster(self) -> SlackWebPoster:
        from ldtui.notify.slack_web import SlackWebPoster

        assert self.slack_token is not None
        return SlackWebPoster(
            self.slack_token, self.slack_api_url, sleep=self.sleep, spacing=self.spacing
        )

    def _thread(self, day: date) -> SlackWebPoster | None:
        """The poster for ``thread_under``'s thread on ``day``, or ``None`` (post in the
        channel as usual; :attr:`notes` says why when a thread was asked for)."""
        if not self.thread_under:
            return None
        who = self.thread_under
        if not self.slack_token:
            self.notes.append(
                f"thread_under = {who} needs a bot token (SLACK_BOT_TOKEN): "
                "posted in the channel, not in a thread"
            )
            return None
        found = self.store.first_post_of(who, day)
        if found is None:
            self.notes.append(
                f"no post by {who} for {day.isoformat()} among the synced posts "
                "(ldtui sync slack): posted in the channel, not in a thread"
            )
            return None
        poster = self._web_poster()
        if self.spacing is None:
            poster.spacing = 1.0  # chat.postMessage: about one per second per channel
        poster.thread = found
        self.notes.append(f"posted in the thread under {who}'s post {found[1]} in {found[0]}")
        return poster

    def _personal_poster(self, via: str) -> SlackWebPoster | None:
        """The sender of one message per person for ``via`` (an object with ``label``,
        ``deadline`` and ``async direct(person_id, text) -> Delivery``), or ``None`` for a
        dry run (no credentials)."""
        if via == "dm":
            return self._web_poster() if self.slack_token else None
        raise ValueError(f"no personal sender for via {via!r}")

    def _personal_texts(self, targets: Sequence[NudgeTarget], day: date) -> list[str]:
        """Each target's own message: the ``[templates]`` text (or the default) filled with
        their escaped name, what is missing, the day, their local time and how many
        colleagues on the roster have posted theirs."""
        from ldtui.notify.platforms.slack import escape
        from ldtui.notify.wording import DEFAULT_TEMPLATES, direct_reminder

        roster = self.store.roster(day, with_text=False)
        by_id = {e.id: e for e in roster}
        posted = {
            "plan": sum(1 for e in roster if e.has_plan),
            "summary": sum(1 for e in roster if e.has_summary),
        }
        now = self.clock()
        texts = []
        for t in targets:
            entry = by_id.get(t.id)
            zone = entry.tz if entry is not None else self.store.zone_of(None)
            texts.append(
                direct_reminder(
                    self.templates.get(t.kind) or DEFAULT_TEMPLATES[t.kind],
                    name=escape(t.name.strip() or t.id),
                    kind=t.kind,
                    day=day,
                    local_time=now.astimezone(zone).strftime("%H:%M"),
                    count=posted[t.kind],
                )
            )
        return texts

    def _personal_dry_run(
        self,
        targets: Sequence[NudgeTarget],
        texts: Sequence[str],
        day: date,
        via: str,
        force: bool,
        resend_interrupted: bool,
        progress: Callable[[int, int], None] | None,
        max_per_day: int | None,
    ) -> list[NudgeOutcome]:
        """Record each target's ``dry-run`` row with their text (``via`` recorded), claimed
        one at a time (cooldown and ``max_per_day`` checked in the same transaction)."""
        outcomes: list[NudgeOutcome] = []
        now = self.clock()
        for index, target in enumerate(targets):
            claim = self.store.claim_nudges(
                [(target.id, target.kind)],
                day,
                now,
                self.cooldown,
                deadline=now,
                target=None,
                force=force,
                resend_interrupted=resend_interrupted,
                status=NudgeStatus.DRY_RUN,
                message=texts[index],
                via=via,
                max_per_day=max_per_day,
                counted=scheduled_counted(dry_run=True)
                if max_per_day is not None
                else BLOCKING_STATUSES,
                facilitator=self.facilitator,
            )[0]
            outcomes.append(
                NudgeOutcome(target, NudgeStatus.DRY_RUN, message=texts[index])
                if claim.claimed
                else NudgeOutcome(target, NudgeStatus.COOLDOWN, previous=claim.previous)
            )
            if progress:
                progress(index + 1, len(targets))
        return outcomes

    async def _nudge_personal(
        self,
        targets: Sequence[NudgeTarget],
        day: date,
        via: str,
        force: bool,
        resend_interrupted: bool,
        progress: Callable[[int, int], None] | None,
        max_per_day: int | None = None,
    ) -> list[NudgeOutcome]:
        """Nudge each target with a message of their own (``via`` ``dm``): claimed together
        (cooldown and ``max_per_day`` in the same transaction), then one at a time:
        ``start_send``, the request, ``finish``. Rows record ``via``. Without credentials,
        ``dry-run`` rows (which count toward ``max_per_day`` then, as a rehearsal)."""
        texts = self._personal_texts(targets, day)
        poster = self._personal_poster(via)
        if poster is None:
            return self._personal_dry_run(
                targets, texts, day, via, force, resend_interrupted, progress, max_per_day
            )
        budget = timedelta(
            seconds=self._send_deadline if self._send_deadline is not None else poster.deadline
        )
        run = _SendRun(self, targets, budget, progress)
        now = self.clock()
        claims = self.store.claim_nudges(
            [(t.id, t.kind) for t in targets],
            day,
            now,
            self.cooldown,
            deadline=now + budget,
            target=poster.label,
            force=force,
            resend_interrupted=resend_interrupted,
            via=via,
            facilitator=self.facilitator,
            max_per_day=max_per_day,
        )
        run.take(range(len(targets)), claims)
        queue = list(run.waiting.items())
        run.total = len(queue)
        try:
            while queue and self._stop_reason is None:
                nudge_id, index = queue.pop(0)
                target, text = targets[index], texts[index]
                if not run.start([nudge_id], text):
                    continue
                run.in_flight = [nudge_id]
                sent = _Sent.of(await poster.direct(target.id, text))
                if not run.finish(text, {nudge_id: sent}):
                    self._ledger_busy(f"a {sent.status} nudge", "it")
        finally:
            run.close()
        if poster.stopped:
            self.notes.append(f"Slack refused the token: {poster.stopped}")
        return run.results()

    # ------------------------------------------------------------------ Geekbot

    def _geekbot_starter(self) -> GeekbotStarter:
        from ldtui.notify.geekbot_start import GeekbotStarter

        assert self.geekbot_key is not None and self.geekbot_standup_id is not None
        return GeekbotStarter(self.geekbot_key, self.geekbot_standup_id, self.geekbot_api_url)

    async def _nudge_geekbot(
        self,
        targets: Sequence[NudgeTarget],
        day: date,
        force: bool,
        resend_interrupted: bool,
        progress: Callable[[int, int], None] | None,
        max_per_day: int | None,
    ) -> list[NudgeOutcome]:
        """Have Geekbot ask ``targets`` standup ``geekbot_standup_id`` again (via
        ``geekbot``): all claimed in one transaction (cooldown and ``max_per_day`` as for
        every via), then one ``POST /v1/standups/{id}/start`` per batch of people
        (``start_send``, the request, ``finish`` for the batch), each person's row finished
        with their own outcome: ``"ok"`` is ``sent``; ``404 "User is not member of the
        standup"`` fails that person only; a rejected key (``401``) fails them and everyone
        after without another request (:attr:`notes` says why). A person's Geekbot user id is
        their person id, if ``ldtui import geekbot`` stored them as a member of that standup;
        anyone else gets a ``failed`` row saying so. Without ``GEEKBOT_API_KEY``, ``dry-run``
        rows (as for ``dm``). Rows record via ``geekbot``."""
        from ldtui.notify.geekbot_start import DELIVERY_UNKNOWN, geekbot_channel

        standup = self.geekbot_standup_id
        assert standup is not None  # nudge() checked via_problem
        text = f"Geekbot asks standup {standup} again, privately"
        members = self.store.channel_members(geekbot_channel(standup))
        reachable = [i for i, t in enumerate(targets) if t.id in members]
        outcomes: dict[int, NudgeOutcome] = {}
        unknown = [i for i in range(len(targets)) if i not in set(reachable)]
        if unknown:
            no_id = (
                f"no Geekbot user id: not a member of Geekbot standup {standup} in ldtui's "
                f"data (ldtui import geekbot --standup-id {standup})"
            )
            now = self.clock()
            claims = self.store.claim_nudges(
                [(targets[i].id, targets[i].kind) for i in unknown],
                day,
                now,
                self.cooldown,
                deadline=now,
                target=f"Geekbot standup {standup}",
                force=force,
                resend_interrupted=resend_interrupted,
                message=text,
                via="geekbot",
                facilitator=self.facilitator,
                max_per_day=max_per_day,
            )
            ids = [c.nudge_id for c in claims if c.nudge_id is not None]
            self._record(ids, NudgeStatus.FAILED, error=no_id)
            for i, claim in zip(unknown, claims, strict=True):
                outcomes[i] = (
                    NudgeOutcome(targets[i], NudgeStatus.FAILED, text, error=no_id)
                    if claim.claimed
                    else NudgeOutcome(targets[i], NudgeStatus.COOLDOWN, previous=claim.previous)
                )
        if not self.geekbot_key:
            rehearsed = self._personal_dry_run(
                [targets[i] for i in reachable],
                [text] * len(reachable),
                day,
                "geekbot",
                force,
                resend_interrupted,
                progress,
                max_per_day,
            )
            outcomes.update(zip(reachable, rehearsed, strict=True))
            return [outcomes[i] for i in range(len(targets))]
        async with self._geekbot_starter() as starter:
            budget = timedelta(
                seconds=self._send_deadline if self._send_deadline is not None else starter.deadline
            )
            run = _SendRun(self, targets, budget, progress)
            run.outcomes.update(outcomes)  # the people without a Geekbot id
            now = self.clock()
            claims = self.store.claim_nudges(
                [(targets[i].id, targets[i].kind) for i in reachable],
                day,
                now,
                self.cooldown,
                deadline=now + budget,
                target=starter.label,
                force=force,
                resend_interrupted=resend_interrupted,
                via="geekbot",
                facilitator=self.facilitator,
                max_per_day=max_per_day,
            )
            run.take(reachable, claims)
            queue = list(run.waiting)
            run.total = -(-len(queue) // starter.batch)
            try:
                while queue and self._stop_reason is None and starter.stopped is None:
                    batch, queue = queue[: starter.batch], queue[starter.batch :]
                    still = run.start(batch, text)
                    if not still:
                        continue
                    run.in_flight = still
                    answers = await starter.start([targets[run.waiting[i]].id for i in still])
                    sent = {
                        nudge_id: _Sent(
                            delivery_status(
                                answer.ok, (answer.error or "").endswith(DELIVERY_UNKNOWN)
                            ),
                            answer.http_status,
                            answer.error,
                            1,
                        )
                        for nudge_id, answer in zip(still, answers, strict=True)
                    }
                    if not run.finish(text, sent):
                        self._ledger_busy("a Geekbot nudge", "it")
            finally:
                if starter.stopped is not None and self._stop_reason is None:
                    run.close(NudgeStatus.FAILED, f"not sent: {starter.stopped}")
                else:
                    run.close()
        if starter.stopped:
            self.notes.append(starter.stopped)
        return run.results()

    # ------------------------------------------------------------------ digests

    async def post_text(self, text: str, day: date) -> list[Delivery]:
        """Post a free text (the digest of Learning Day ``day``) through the webhook, or in
        ``thread_under``'s thread with the bot token (:attr:`notes` says which, and why not
        a thread when one was asked for), split under the platform's limit; return one
        delivery per message (empty in a dry run). :attr:`posted_to` names where it went."""
        from ldtui.insights.digest import split_message

        self.notes = []
        thread = self._thread(day)
        if thread is not None:
            from ldtui.notify.platforms import platform_for

            limit = max(500, int(platform_for("slack").limit * 0.9))
            self.posted_to = f"{thread.label} thread"
            results = []
            async with thread:
                for chunk in split_message(text, limit):
                    results.append(await thread.send_text(chunk))
            return results
        if self.dry_run:
            return []
        from ldtui.notify.sender import Sender

        assert self.webhook_url is not None
        self.posted_to = self.target_label
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

    async def post_digest(
        self, text: str, day: date, post_ids: Sequence[str], *, addendum: bool = False
    ) -> list[Delivery]:
        """Post a digest (or an addendum) of ``day`` with :meth:`post_text`; when every part
        was delivered, record it with the summary posts ``post_ids`` it included
        (:meth:`ldtui.store.Store.record_digest`), so the next addendum carries only later
        ones. Returns the deliveries (empty: a dry run, nothing recorded). Raises
        :class:`ldtui.store.StoreError` when the record cannot be written."""
        deliveries = await self.post_text(text, day)
        if deliveries and all(d.ok for d in deliveries):
            self.store.record_digest(
                day, self.clock(), post_ids, platform=self.posted_to, addendum=addendum
            )
        return deliveries
