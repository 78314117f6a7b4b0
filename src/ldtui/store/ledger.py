"""The nudge ledger: who was nudged, when, with what outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace

from ldtui import slack_ts
from ldtui.learning_day import (
    Kind,
    classify,
)
from ldtui.records import (
    BLOCKING_STATUSES,
    DigestRecord,
    NudgeClaim,
    NudgeRecord,
    NudgeStatus,
    ThreadAnchor,
)
from ldtui.store.derived import Derived
from ldtui.store.schema import (
    StoreBusy,
    StoreReadOnly,
    from_utc_iso,
    to_utc_iso,
)

if TYPE_CHECKING:
    pass

NOT_SENT_STOPPED = "not sent: the nudging process stopped before its turn"
"""Error of a claimed nudge never attempted by a process that died (found by the sweep)."""


INTERRUPTED_UNKNOWN = "delivery unknown: no answer recorded before the send deadline"
"""Error of a nudge whose request was started but never answered (found by the sweep)."""


class Ledger(Derived):
    """The nudge ledger: claim (cooldown check and row in one transaction), start, finish,
    and the sweep of rows left pending past their deadline."""

    def _nudges_by_person(self, day: date) -> dict[str, list[NudgeRecord]]:
        result: dict[str, list[NudgeRecord]] = {}
        for record in self.nudges(day):
            result.setdefault(record.person_id, []).append(record)
        return result

    def nudges(self, day: date, person_id: str | None = None) -> list[NudgeRecord]:
        """Return the nudge ledger rows for Learning Day ``day`` (oldest first)."""
        sql = "select * from nudges where day = ?"
        params = [day.isoformat()]
        if person_id is not None:
            sql += " and person_id = ?"
            params.append(person_id)
        rows = self._dicts(sql + " order by created_at, id", params)
        return [_nudge_record(row) for row in rows]

    def recent_nudge(
        self,
        person_id: str,
        day: date,
        kind: Kind,
        now: datetime,
        cooldown: timedelta,
        *,
        statuses: Sequence[NudgeStatus] = BLOCKING_STATUSES,
    ) -> NudgeRecord | None:
        """Return the latest nudge of ``person_id`` for ``day`` and ``kind`` that may have
        reached them (``sent``, ``pending`` in flight, ``interrupted``: delivery unknown) less
        than ``cooldown`` before ``now`` (aware), or ``None``. A read, for previews; the
        check that guards a send is :meth:`claim_nudges`.

        Dry runs, failures and cancelled nudges reach nobody, so they never count."""
        marks = ", ".join("?" for _ in statuses)
        row = next(
            iter(
                self._dicts(
                    "select * from nudges where person_id = ? and day = ? and kind = ? "
                    f"and status in ({marks}) and created_at > ? "
                    "order by created_at desc, id desc limit 1",
                    [
                        person_id,
                        day.isoformat(),
                        kind,
                        *[str(s) for s in statuses],
                        to_utc_iso(now - cooldown),
                    ],
                )
            ),
            None,
        )
        return _nudge_record(row) if row else None

    def claim_nudges(
        self,
        wanted: Sequence[tuple[str, Kind]],
        day: date,
        now: datetime,
        cooldown: timedelta,
        *,
        deadline: datetime,
        target: str | None,
        force: bool = False,
        resend_interrupted: bool = False,
        status: NudgeStatus = NudgeStatus.PENDING,
        message: str | None = None,
        via: str = "channel",
        facilitator: str | None = None,
        max_per_day: int | None = None,
        counted: Sequence[NudgeStatus] = BLOCKING_STATUSES,
    ) -> list[NudgeClaim]:
        """Check the cooldown and claim nudges of Learning Day ``day``, in ONE write
        transaction (``BEGIN IMMEDIATE``), so of any number of processes nudging at once
        only one claims each person and kind within the cooldown.

        ``wanted`` lists (person id, kind); ``now`` and ``deadline`` are aware (stored UTC);
        ``target`` is the redacted webhook host. Expired pending rows are swept first (see
        :meth:`sweep_interrupted`). A person is skipped when a ``sent``, ``pending`` or
        ``interrupted`` nudge of the same kind is younger than ``cooldown``, unless ``force``
        (skip nothing) or ``resend_interrupted`` (an ``interrupted`` one does not block). A
        claimed person gets a row of ``status`` (``pending``; ``dry-run`` rows are final and
        carry ``message``); ``via`` records how it goes out (:data:`ldtui.records.NUDGE_VIAS`).
        The cooldown holds whatever the way: a person sent a DM is not mentioned in the
        channel within it. Every row records ``facilitator``, who nudged. The same person and
        kind twice in ``wanted`` is claimed once.
        ``max_per_day`` (scheduled nudges) also skips a person who already has that many
        nudges of the kind for ``day`` (of the ``counted`` statuses; ``force`` skips this
        too); ``counted`` are the statuses that block (default ``sent``, ``pending``,
        ``interrupted``; a scheduled dry run adds ``dry-run`` so rehearsals nudge once).
        Returns one :class:`NudgeClaim` per item of ``wanted``, in order.

        Raises :class:`StoreBusy` (and the other :class:`StoreError` subclasses) when the
        ledger cannot be written: then nothing was claimed."""
        blocking = [s for s in counted if not (resend_interrupted and s == NudgeStatus.INTERRUPTED)]
        claims: list[NudgeClaim] = []
        mine: dict[tuple[str, Kind], NudgeClaim] = {}
        final = status != NudgeStatus.PENDING
        with self.write() as conn:
            self._sweep(now)
            for person_id, kind in wanted:
                key = (person_id, kind)
                if key in mine:
                    claims.append(replace(mine[key], nudge_id=None))
                    continue
                previous = (
                    None
                    if force
                    else self.recent_nudge(person_id, day, kind, now, cooldown, statuses=blocking)
                )
                if previous is None and max_per_day is not None and not force:
                    earlier = [
                        r
                        for r in self.nudges(day, person_id)
                        if r.kind == kind and r.status in blocking
                    ]
                    if len(earlier) >= max_per_day:
                        previous = earlier[-1]
                if previous is not None:
                    claim = NudgeClaim(person_id, kind, None, previous)
                else:
                    cursor = conn.execute(
                        "insert into nudges (person_id, day, kind, created_at, status, "
                        "message, target, attempts, deadline, finished_at, via, "
                        "facilitator) values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                        [
                            person_id,
                            day.isoformat(),
                            kind,
                            to_utc_iso(now),
                            str(status),
                            message,
                            target,
                            None if final else to_utc_iso(deadline),
                            to_utc_iso(now) if final else None,
                            via,
                            facilitator,
                        ],
                    )
                    claim = NudgeClaim(person_id, kind, int(cursor.lastrowid or 0))
                mine[key] = claim
                claims.append(claim)
        return claims

    def start_send(
        self,
        nudge_ids: Sequence[int],
        now: datetime,
        *,
        message: str,
        deadline: datetime,
        waiting: Sequence[int] = (),
        waiting_deadline: datetime | None = None,
    ) -> list[int]:
        """Mark claimed nudges as being sent now (aware) with ``message``; their deadline
        becomes ``deadline``. ``waiting`` (claimed rows whose turn comes later) get
        ``waiting_deadline``. Returns the ids of ``nudge_ids`` still ``pending`` (a row swept
        meanwhile, after the machine slept past its deadline, is not this process's to send).

        Raises :class:`StoreError` subclasses when the ledger cannot be written."""
        with self.write() as conn:
            ids = list(nudge_ids)
            marks = ", ".join("?" for _ in ids)
            still = [
                int(r[0])
                for r in conn.execute(
                    f"select id from nudges where id in ({marks}) and status = ?",
                    [*ids, str(NudgeStatus.PENDING)],
                )
            ]
            conn.executemany(
                "update nudges set started_at = ?, message = ?, deadline = ? where id = ?",
                [(to_utc_iso(now), message, to_utc_iso(deadline), i) for i in still],
            )
            if waiting and waiting_deadline is not None:
                conn.executemany(
                    "update nudges set deadline = ? where id = ? and status = ?",
                    [(to_utc_iso(waiting_deadline), i, str(NudgeStatus.PENDING)) for i in waiting],
                )
        return still

    def start_nudge(
        self,
        person_id: str,
        day: date,
        kind: Kind,
        now: datetime,
        *,
        message: str,
        target: str | None,
        status: NudgeStatus = NudgeStatus.PENDING,
        deadline: datetime | None = None,
        facilitator: str | None = None,
    ) -> int:
        """Record a nudge without a cooldown check; return its ledger id. (A send is claimed
        with :meth:`claim_nudges`, which checks the cooldown in the same transaction.)

        ``now`` is aware (stored as UTC); ``target`` must be the redacted webhook host;
        ``deadline`` (default ``now``) is when a still ``pending`` row is interrupted;
        ``facilitator`` is who nudged."""
        with self.write():
            table = self.db.table("nudges")
            table.insert(
                {
                    "person_id": person_id,
                    "day": day.isoformat(),
                    "kind": kind,
                    "created_at": to_utc_iso(now),
                    "started_at": to_utc_iso(now),
                    "deadline": to_utc_iso(deadline or now),
                    "status": str(status),
                    "message": message,
                    "target": target,
                    "attempts": 0,
                    "facilitator": facilitator,
                }
            )
            return int(table.last_pk or 0)

    def finish_nudge(
        self,
        nudge_id: int,
        now: datetime,
        *,
        status: NudgeStatus,
        http_status: int | None = None,
        error: str | None = None,
        attempts: int = 0,
    ) -> None:
        """Record the outcome of nudge ``nudge_id`` at ``now`` (aware): ``sent`` (only after
        the platform's success answer), ``failed``, ``interrupted`` or ``cancelled``.

        Raises :class:`StoreError` subclasses when the ledger cannot be written."""
        self.finish_nudges(
            [nudge_id], now, status=status, http_status=http_status, error=error, attempts=attempts
        )

    def finish_nudges(
        self,
        nudge_ids: Sequence[int],
        now: datetime,
        *,
        status: NudgeStatus,
        http_status: int | None = None,
        error: str | None = None,
        attempts: int = 0,
    ) -> None:
        """Record one outcome for several nudges (the people of one message) in one
        transaction; see :meth:`finish_nudge`."""
        if not nudge_ids:
            return
        with self.write() as conn:
            conn.executemany(
                "update nudges set finished_at = ?, status = ?, http_status = ?, error = ?, "
                "attempts = ?, deadline = null where id = ?",
                [
                    (to_utc_iso(now), str(status), http_status, error, attempts, i)
                    for i in nudge_ids
                ],
            )

    def _sweep(self, now: datetime) -> int:
        """Mark pending rows past their deadline; call inside a write transaction."""
        stamp = to_utc_iso(now)
        # The literal 'pending' lets SQLite use the partial index idx_nudges_pending.
        interrupted = self.conn.execute(
            "update nudges set status = ?, error = ?, finished_at = ? "
            "where status = 'pending' and deadline < ? and started_at is not null",
            [str(NudgeStatus.INTERRUPTED), INTERRUPTED_UNKNOWN, stamp, stamp],
        ).rowcount
        cancelled = self.conn.execute(
            "update nudges set status = ?, error = ?, finished_at = ? "
            "where status = 'pending' and deadline < ? and started_at is null",
            [str(NudgeStatus.CANCELLED), NOT_SENT_STOPPED, stamp, stamp],
        ).rowcount
        return int(interrupted) + int(cancelled)

    def has_expired_nudges(self, now: datetime) -> bool:
        """Whether a ``pending`` nudge is past its deadline at ``now`` (aware): a read."""
        return (
            self.conn.execute(
                "select 1 from nudges where status = 'pending' and deadline < ? limit 1",
                [to_utc_iso(now)],
            ).fetchone()
            is not None
        )

    def sweep_interrupted(self, now: datetime | None = None) -> int:
        """Mark nudges still ``pending`` past their send deadline at ``now`` (aware; default
        :attr:`clock`): ``interrupted`` when their request had started (delivery unknown),
        ``cancelled`` when it never had (not sent). Such a row was left by a process that
        was killed, a machine that slept, a console that quit. Returns how many rows changed
        (0 without a write when none expired).

        Raises :class:`StoreError` subclasses (busy, read-only) when they cannot be written."""
        now = now or self.clock()
        if not self.has_expired_nudges(now):
            return 0
        with self.write():
            return self._sweep(now)

    # ------------------------------------------------------------------ digests

    def record_digest(
        self,
        day: date,
        posted_at: datetime,
        post_ids: Sequence[str],
        *,
        platform: str | None,
        addendum: bool = False,
    ) -> int:
        """Record that a digest of Learning Day ``day`` was posted at ``posted_at`` (aware,
        stored UTC) to ``platform`` (a label, never a secret), including the summary posts
        ``post_ids`` (``"<channel id>/<ts>"``); ``addendum`` marks one that only carried
        later summaries. Returns the row id. Raises :class:`StoreError` subclasses."""
        import json

        with self.write():
            table = self.db.table("digests")
            table.insert(
                {
                    "day": day.isoformat(),
                    "posted_at": to_utc_iso(posted_at),
                    "platform": platform,
                    "addendum": int(addendum),
                    "post_ids": json.dumps(list(post_ids)),
                }
            )
            return int(table.last_pk or 0)

    def digests(self, day: date) -> list[DigestRecord]:
        """The digests recorded for Learning Day ``day``, oldest first."""
        import json

        rows = self._dicts(
            "select * from digests where day = ? order by posted_at, id", [day.isoformat()]
        )
        records = []
        for row in rows:
            posted = from_utc_iso(row["posted_at"])
            assert posted is not None
            records.append(
                DigestRecord(
                    id=row["id"],
                    day=date.fromisoformat(row["day"]),
                    posted_at=posted,
                    platform=row["platform"],
                    addendum=bool(row["addendum"]),
                    post_ids=tuple(json.loads(row["post_ids"] or "[]")),
                )
            )
        return records

    def summary_post_ids(self, day: date, team: str | None = None) -> dict[str, str]:
        """The summary post counted for each person on Learning Day ``day`` (only ``team``'s
        people when given): person id -> ``"<channel id>/<ts>"``."""
        sql = (
            "select d.person_id, d.summary_channel, d.summary_ts from participation d"
            " join people p on p.id = d.person_id"
            " where d.day = ? and d.summary_ts is not null"
        )
        params: list[str] = [day.isoformat()]
        if team is not None:
            sql += " and p.team = ?"
            params.append(team)
        return {pid: f"{channel}/{ts}" for pid, channel, ts in self.conn.execute(sql, params)}

    def first_post_of(self, person_id: str, day: date) -> tuple[str, str] | None:
        """``(channel id, ts)`` of the first top-level message by ``person_id`` for Learning
        Day ``day`` (the thread to answer under, ``thread_under``), or ``None``.

        ``person_id`` is a user id (``U…``/``W…``) or a bot id (``B…``). A bot's message
        recorded by ``sync`` or an import (:meth:`record_thread_anchors`) comes first; else
        the author's first stored post counted for ``day`` that is not a thread reply."""
        anchors = self.conn.execute(
            "select channel_id, ts from thread_anchors where author = ? and day = ?",
            [person_id, day.isoformat()],
        ).fetchall()
        if anchors:
            channel, ts = min(anchors, key=lambda r: (slack_ts.sort_key(r[1]), r[0]))
            return str(channel), str(ts)
        row = self.conn.execute(
            "select channel_id, ts from posts where person_id = ? and day = ?"
            " and (thread_ts is null or thread_ts = ts) order by posted_at, ts limit 1",
            [person_id, day.isoformat()],
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def record_thread_anchors(self, anchors: Sequence[ThreadAnchor]) -> int:
        """Keep, per channel, Learning Day and author, the earliest of ``anchors`` (bots'
        top-level messages an import read) and of those already stored. A message's Learning
        Day comes from :func:`ldtui.learning_day.classify` in its author's zone (a bot user
        in the people list may have one), else the default zone; a message outside Thursday
        and its grace windows anchors nothing. Call inside the import's transaction
        (:meth:`write` nests). Returns how many rows were written or moved earlier."""
        if not anchors:
            return 0
        authors = sorted({a.author for a in anchors})
        marks = ",".join("?" * len(authors))
        zones = {
            pid: self.zone_of(tz)
            for pid, tz in self.conn.execute(
                f"select id, tz from people where id in ({marks})", authors
            )
        }
        default = self.zone_of(None)
        first: dict[tuple[str, str, str], str] = {}
        for anchor in anchors:
            found = classify(slack_ts.to_datetime(anchor.ts), zones.get(anchor.author, default), "")
            if found is None:
                continue
            key = (anchor.channel_id, found.day.isoformat(), anchor.author)
            held = first.get(key)
            if held is None or slack_ts.sort_key(anchor.ts) < slack_ts.sort_key(held):
                first[key] = anchor.ts
        written = 0
        with self.write():
            for (channel, day, author), ts in first.items():
                row = self.conn.execute(
                    "select ts from thread_anchors where channel_id = ? and day = ? and author = ?",
                    [channel, day, author],
                ).fetchone()
                if row is not None and slack_ts.sort_key(row[0]) <= slack_ts.sort_key(ts):
                    continue
                self.conn.execute(
                    "insert into thread_anchors (channel_id, day, author, ts) values (?, ?, ?, ?)"
                    " on conflict (channel_id, day, author) do update set ts = excluded.ts",
                    [channel, day, author, ts],
                )
                written += 1
        return written

    def _sweep_on_open(self) -> None:
        try:
            self.sweep_interrupted()
        except (StoreBusy, StoreReadOnly):
            pass  # the next open, or the next claim, does it


def _nudge_record(row: dict[str, Any]) -> NudgeRecord:
    created = from_utc_iso(row["created_at"])
    assert created is not None
    return NudgeRecord(
        id=row["id"],
        person_id=row["person_id"],
        day=date.fromisoformat(row["day"]),
        kind=row["kind"],
        created_at=created,
        status=NudgeStatus(row["status"]),
        http_status=row["http_status"],
        error=row["error"],
        message=row["message"],
        attempts=row["attempts"] or 0,
        target=row["target"],
        deadline=from_utc_iso(row.get("deadline")),
        started_at=from_utc_iso(row.get("started_at")),
        via=row.get("via") or "channel",
        facilitator=row.get("facilitator"),
    )
