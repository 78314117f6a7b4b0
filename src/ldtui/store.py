"""The SQLite store: the only module that speaks SQL (through sqlite-utils).

One file holds people, channels and their members, posts (keyed by channel id + Slack ``ts``),
and the nudge ledger. Each post also carries its Learning Day and kind, computed on import by
:mod:`ldtui.learning_day` with the author's zone, so rosters and counts are plain SQL. The
classification settings (default zone, markers) are recorded; when they change, every post is
classified again on open.

The file is opened in WAL mode with a busy timeout, so an import and an open console can share
it. ``PRAGMA user_version`` records the schema version; :data:`MIGRATIONS` upgrades older files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ldtui.learning_day import (
    DEFAULT_MARKERS,
    UTC,
    Kind,
    Markers,
    classify,
    zone,
)

if TYPE_CHECKING:
    import sqlite_utils

    from ldtui.importers.people_csv import PersonRow
    from ldtui.importers.slack_export import ExportPost, SlackExport, SlackExportReader

IMPORT_CACHE_KIB = 256 * 1024
"""SQLite page cache during an import, in KiB (the default is 2 MiB)."""
IMPORT_BATCH = 5000
"""Posts staged per ``executemany`` during an import."""
BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another connection's lock before failing (milliseconds)."""


class NudgeStatus(StrEnum):
    """The status of a nudge: of a ledger row (every member but ``COOLDOWN``) or of an outcome.

    ``SENT`` is written only after the platform's success answer; ``PENDING`` while a nudge
    is claimed and its request may be in flight; ``INTERRUPTED`` when a pending row outlived
    its send deadline (the process was killed, the machine slept, the console quit before the
    answer): delivery unknown. ``SENT``, ``PENDING`` and ``INTERRUPTED`` block an automatic
    nudge of the same person and kind within the cooldown (:data:`BLOCKING_STATUSES`).
    """

    PENDING = "pending"
    """Claimed; the request is waiting for its turn or in flight."""
    SENT = "sent"
    """The platform answered success."""
    FAILED = "failed"
    """The platform (or the network) said no; nobody was reached."""
    DRY_RUN = "dry-run"
    """No webhook configured: recorded, not sent."""
    INTERRUPTED = "interrupted"
    """The request was started but no answer was recorded before its deadline: delivery
    unknown (the person may have been mentioned)."""
    CANCELLED = "cancelled"
    """Claimed but never sent (the console quit, or the process stopped before its turn)."""
    COOLDOWN = "cooldown"
    """An outcome only, never stored: not sent because a blocking nudge is within the
    cooldown."""


BLOCKING_STATUSES = (NudgeStatus.SENT, NudgeStatus.PENDING, NudgeStatus.INTERRUPTED)
"""Ledger statuses that may have reached the person, so they start the cooldown."""

# Older names of the statuses, kept for code written before :class:`NudgeStatus`.
NUDGE_PENDING = NudgeStatus.PENDING
NUDGE_SENT = NudgeStatus.SENT
NUDGE_FAILED = NudgeStatus.FAILED
NUDGE_DRY_RUN = NudgeStatus.DRY_RUN

NOT_SENT_STOPPED = "not sent: the nudging process stopped before its turn"
"""Error of a claimed nudge never attempted by a process that died (found by the sweep)."""
INTERRUPTED_UNKNOWN = "delivery unknown: no answer recorded before the send deadline"
"""Error of a nudge whose request was started but never answered (found by the sweep)."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def to_utc_iso(moment: datetime) -> str:
    """Format an aware datetime as the stored form: ISO 8601 UTC with microseconds.

    Raises ``ValueError`` for a naive datetime."""
    if moment.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_utc_iso(text: str | None) -> datetime | None:
    """Parse a stored UTC ISO 8601 string back to an aware datetime (``None`` stays ``None``)."""
    return datetime.fromisoformat(text) if text else None


# --------------------------------------------------------------------------- schema


def _migration_1(db: sqlite_utils.Database) -> None:
    """Version 1: people, channels, members, posts (with Learning Day and kind), nudges."""
    db.table("people").create(
        {
            "id": str,
            "name": str,
            "username": str,
            "real_name": str,
            "display_name": str,
            "tz": str,
            "deleted": int,
            "is_bot": int,
        },
        pk="id",
        not_null={"name"},
        defaults={"deleted": 0, "is_bot": 0},
    )
    db.table("channels").create({"id": str, "name": str}, pk="id")
    db.table("members").create(
        {"channel_id": str, "person_id": str},
        pk=("channel_id", "person_id"),
        foreign_keys=[("channel_id", "channels", "id")],
    )
    db.table("posts").create(
        {
            "channel_id": str,
            "ts": str,
            "person_id": str,
            "text": str,
            "text_plain": str,
            "posted_at": str,
            "edited_ts": str,
            "thread_ts": str,
            "subtype": str,
            "day": str,
            "kind": str,
        },
        pk=("channel_id", "ts"),
        not_null={"person_id", "text", "text_plain", "posted_at"},
    )
    db.table("posts").create_index(
        ["day", "person_id", "kind", "posted_at"], "idx_posts_day_person"
    )
    db.table("posts").create_index(["person_id", "posted_at"], "idx_posts_person")
    db.table("nudges").create(
        {
            "id": int,
            "person_id": str,
            "day": str,
            "kind": str,
            "created_at": str,
            "finished_at": str,
            "status": str,
            "http_status": int,
            "error": str,
            "attempts": int,
            "message": str,
            "target": str,
        },
        pk="id",
        not_null={"person_id", "day", "kind", "created_at", "status"},
    )
    db.table("nudges").create_index(
        ["day", "person_id", "kind", "created_at"], "idx_nudges_day_person"
    )
    db.table("settings").create({"key": str, "value": str}, pk="key")


def _migration_2(db: sqlite_utils.Database) -> None:
    """Version 2: ``participation``, one row per Learning Day and person with the chosen plan
    and summary (so rosters and history are index lookups, not scans of every post), and
    full-text search over posts (FTS5, kept in step by triggers)."""
    # WITHOUT ROWID (raw SQL: sqlite-utils cannot ask for it) clusters the rows by day, so a
    # roster reads one contiguous range instead of one lookup per person.
    db.execute(
        "create table participation (day text, person_id text, plan_channel text,"
        " plan_ts text, plan_at text, summary_channel text, summary_ts text, summary_at text,"
        " primary key (day, person_id)) without rowid"
    )
    db.table("participation").create_index(["person_id", "day"], "idx_participation_person")
    db.execute("drop index if exists idx_posts_person")  # participation has its own
    db.table("posts").enable_fts(["text_plain"], fts_version="FTS5", create_triggers=True)
    _refresh_participation(db, "select distinct day, person_id from posts where day is not null")


def _refresh_participation(
    db: sqlite_utils.Database, pairs_sql: str, params: Sequence[Any] = ()
) -> None:
    """Recompute ``participation`` for the (day, person_id) pairs ``pairs_sql`` selects: the
    earliest plan post and the latest summary post of each (ties broken by ``ts``)."""
    db.execute("create temp table if not exists affected (day text, person_id text)")
    db.execute("delete from temp.affected")
    db.execute(f"insert into temp.affected {pairs_sql}", list(params))
    db.execute(
        "delete from participation where (day, person_id) in "
        "(select day, person_id from temp.affected)"
    )
    db.execute(
        """
        insert into participation (day, person_id, plan_channel, plan_ts, plan_at,
                                   summary_channel, summary_ts, summary_at)
        select a.day, a.person_id, pl.channel_id, pl.ts, pl.posted_at,
               su.channel_id, su.ts, su.posted_at
        from (select distinct day, person_id from temp.affected) a
        left join posts pl on pl.rowid = (
            select rowid from posts where day = a.day and person_id = a.person_id
            and kind = 'plan' order by posted_at, ts limit 1)
        left join posts su on su.rowid = (
            select rowid from posts where day = a.day and person_id = a.person_id
            and kind = 'summary' order by posted_at desc, ts desc limit 1)
        where pl.rowid is not null or su.rowid is not null
        """
    )
    db.execute("delete from temp.affected")


def _migration_3(db: sqlite_utils.Database) -> None:
    """Version 3: teams, per-platform mention ids, people away, skipped Thursdays (company
    holidays), and per-day totals."""
    db.table("people").add_column("team", str)
    db.table("people").add_column("mention_ids", str)  # JSON: platform column -> id
    db.table("posts").add_column("kind_hint", str)  # plan/summary said by the source (Geekbot)
    db.table("away").create(
        {"id": int, "person_id": str, "first_day": str, "last_day": str, "reason": str},
        pk="id",
        not_null={"person_id", "first_day", "last_day"},
    )
    db.table("away").create_index(["person_id", "first_day"], "idx_away_person")
    db.table("skips").create({"day": str, "reason": str, "source": str}, pk="day")
    db.table("day_totals").create(
        {
            "day": str,
            "team": str,
            "plans": int,
            "summaries": int,
            "both": int,
            "posters": int,
            "member_posters": int,
        },
        pk=("day", "team"),
    )


def _rebuild_participation(conn: sqlite3.Connection) -> None:
    """Recompute all of ``participation`` in two grouped passes over the posts (for a first
    import or after reclassifying everything: far faster than pair by pair). SQLite returns
    the other columns from the row holding the ``min``/``max``, so the earliest plan and the
    latest summary (ties broken by ``ts``) come out directly:
    https://www.sqlite.org/lang_select.html#bare_columns_in_an_aggregate_query"""
    conn.execute("delete from participation")
    conn.execute(
        "insert into participation (day, person_id, plan_channel, plan_ts, plan_at)"
        " select day, person_id, channel_id, ts, posted_at from ("
        "  select day, person_id, channel_id, ts, posted_at, min(posted_at || ' ' || ts)"
        "  from posts where kind = 'plan' group by day, person_id)"
    )
    conn.execute(
        "insert into participation (day, person_id, summary_channel, summary_ts, summary_at)"
        " select day, person_id, channel_id, ts, posted_at from ("
        "  select day, person_id, channel_id, ts, posted_at, max(posted_at || ' ' || ts)"
        "  from posts where kind = 'summary' group by day, person_id) where true"
        " on conflict (day, person_id) do update set summary_channel = excluded.summary_channel,"
        " summary_ts = excluded.summary_ts, summary_at = excluded.summary_at"
    )


def _migration_nudge_deadlines(db: sqlite_utils.Database) -> None:
    """Nudge send deadlines: ``deadline`` (UTC ISO; a row still ``pending`` after it is
    ``interrupted`` or ``cancelled``) and ``started_at`` (when its request began; empty while
    it waits for its turn), with an index on the pending rows for the sweep on open."""
    db.table("nudges").add_column("deadline", str)
    db.table("nudges").add_column("started_at", str)
    db.execute("create index idx_nudges_pending on nudges (deadline) where status = 'pending'")
    # A row left pending by an older ldtui was written just before its request.
    db.execute(
        "update nudges set started_at = created_at, deadline = created_at where status = 'pending'"
    )


def _migration_people_set_by(db: sqlite_utils.Database) -> None:
    """People's zone and team remember who set them: ``tz_set_by`` / ``team_set_by`` are
    ``'facilitator'`` when the people file, ``ldtui post --tz/--team`` or the console set them
    (an import then never overwrites them), else ``NULL`` (from Slack, or unset)."""
    db.table("people").add_column("tz_set_by", str)
    db.table("people").add_column("team_set_by", str)
    # A team can only have come from a facilitator (imports never carry one).
    db.execute("update people set team_set_by = 'facilitator' where team is not null")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_nudge_deadlines,
    _migration_people_set_by,
]
"""Schema migrations; ``MIGRATIONS[i]`` upgrades a file from version ``i`` to ``i + 1``."""
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The database file cannot be used (newer schema, not a database, locked too long)."""


class StoreBusy(StoreError):
    """Another connection held the write lock longer than this store's busy timeout."""


class StoreReadOnly(StoreError):
    """The file (or its folder or mount) cannot be written: only reads work."""


class StoreFull(StoreError):
    """The disk (or quota) is full: the write was rolled back, nothing was half-written."""


class StoreDamaged(StoreError):
    """SQLite found damaged pages or the file is not a database."""


# Primary result codes from https://www.sqlite.org/rescode.html
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_NOTADB = 26


def storage_error(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """Name a SQLite failure truthfully, as a :class:`StoreError` subclass.

    Takes the ``sqlite3`` exception and the database path; returns (does not raise) the
    matching error: :class:`StoreBusy` (SQLITE_BUSY/LOCKED after the busy timeout),
    :class:`StoreReadOnly`, :class:`StoreFull`, :class:`StoreDamaged` (SQLITE_CORRUPT,
    SQLITE_NOTADB), else a plain :class:`StoreError` with SQLite's own words. Result codes
    from https://www.sqlite.org/rescode.html (extended codes keep the primary code in the low
    byte)."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return StoreBusy("database busy: another ldtui is writing; try again")
    if code == _SQLITE_READONLY or "readonly database" in text:
        return StoreReadOnly(f"{path}: read-only: changes cannot be saved here")
    if code == _SQLITE_FULL or "database or disk is full" in text:
        return StoreFull(f"{path}: disk full: nothing was written")
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        return StoreDamaged(
            f"{path}: the database is damaged ({text}); run `ldtui db check`, and "
            "`ldtui db backup PATH` to save what can be read"
        )
    if code == _SQLITE_CANTOPEN:
        return StoreError(f"{path}: cannot open the database file ({text})")
    return StoreError(f"{path}: database error ({text})")


def _writable(path: Path) -> bool:
    """Whether SQLite could write ``path``: the file (if it exists) and its folder (for the
    ``-wal`` and ``-shm`` files next to it) are writable by this process."""
    import os

    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK | os.X_OK)


def _connect(path: Path | str, busy_timeout: float, read_only: bool) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode (every transaction is opened explicitly by
    :meth:`Store.write`, never implicitly by the sqlite3 module, whose implicit BEGIN is
    DEFERRED) with the busy timeout (seconds).

    Read-only opens use the URI ``mode=ro``. A WAL file needs its ``-shm`` index to be read;
    when that cannot be created (a read-only folder holding a cleanly closed database),
    the file is opened ``immutable=1``: nothing can change it from here anyway
    (https://www.sqlite.org/wal.html#readonly, https://www.sqlite.org/uri.html)."""
    if not read_only:
        conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        return conn
    from urllib.parse import quote

    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    if not Path(path).exists():
        raise StoreError(f"{path}: no database there (cannot create one read-only)")
    conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        if code not in (_SQLITE_CANTOPEN, _SQLITE_READONLY):
            conn.close()
            raise
        conn.close()
        conn = sqlite3.connect(
            uri + "&immutable=1", uri=True, timeout=busy_timeout, isolation_level=None
        )
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    return conn


def integrity_check(path: Path | str) -> list[str]:
    """Run ``PRAGMA integrity_check`` on the database file ``path``, opened read-only.

    Returns ``["ok"]`` for a healthy file, else SQLite's list of problems (or the error that
    stopped the check, e.g. a file that is not a database). Never raises for a damaged file;
    raises :class:`StoreError` when there is no file
    (https://www.sqlite.org/pragma.html#pragma_integrity_check)."""
    if not Path(path).is_file():
        raise StoreError(f"{path}: no database file there")
    try:
        conn = _connect(path, BUSY_TIMEOUT_MS / 1000, read_only=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def backup(path: Path | str, target: Path | str, *, force: bool = False) -> Path:
    """Copy the database ``path`` to ``target`` with SQLite's online backup API (a consistent
    copy even while another process writes; the pages are copied as they are, so a damaged
    file gives a copy to examine or repair, not a fixed one).

    Returns the target's absolute path. Raises :class:`FileExistsError` when ``target``
    exists and ``force`` is false, :class:`StoreError` (a subclass) when the source cannot be
    read or the target written (https://www.sqlite.org/backup.html)."""
    source_path, target_path = Path(path), Path(target).resolve()
    if not source_path.is_file():
        raise StoreError(f"{path}: no database file there")
    if target_path.exists() and not force:
        raise FileExistsError(f"{target}: already exists (use --force to overwrite it)")
    if target_path == source_path.resolve():
        raise StoreError(f"{target}: is the database itself")
    if not target_path.parent.is_dir():
        raise StoreError(f"{target}: the folder {target_path.parent} does not exist")
    partial = target_path.with_name(target_path.name + ".partial")
    try:
        source = _connect(source_path, BUSY_TIMEOUT_MS / 1000, read_only=True)
        try:
            dest = sqlite3.connect(str(partial), isolation_level=None)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise storage_error(exc, source_path) from exc
    partial.replace(target_path)
    return target_path


def _ts_before(a: str | None, b: str | None) -> bool:
    """Whether Slack ts ``a`` is earlier than ``b``, compared exactly as decimal numbers (a
    float would lose digits); text order for values that are not numbers."""
    from decimal import Decimal, InvalidOperation

    if a is None or b is None:
        return False
    try:
        return Decimal(a) < Decimal(b)
    except (InvalidOperation, ValueError):
        return str(a) < str(b)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ImportResult:
    """What an import changed: counts of posts and people written."""

    posts_new: int
    """Posts not seen before."""
    posts_updated: int
    """Posts already stored whose text (or edit time) changed: an edited message."""
    posts_unchanged: int
    """Posts already stored exactly as imported."""
    people: int
    """People in the imported user list."""
    duplicates: int = 0
    """Posts that repeated a ``ts`` seen earlier in the same import (the later copy won)."""
    placeholders: int = 0
    """Posters missing from the user list, newly stored as "unknown user U…" (they merge
    into the real person when a later user list has them)."""
    older_edits: int = 0
    """Stored posts left as they were because the import held an older version (an earlier
    ``edited.ts``, or none where the stored post was edited)."""


@dataclass(slots=True)
class RosterEntry:
    """One person's line in the roster of one Learning Day."""

    id: str
    """Slack user id."""
    name: str
    """Display name (shown literally, never as markup)."""
    tz_name: str | None
    """The person's IANA zone as imported (``None`` when unknown)."""
    tz: tzinfo
    """The zone actually used: ``tz_name`` or the configured default."""
    plan_iso: str | None
    """UTC time of their earliest plan post (stored ISO 8601 form), or ``None``; see
    :attr:`plan_at`. Kept as text so a company roster is built without parsing every time."""
    plan: str | None
    """That plan's plain text."""
    summary_iso: str | None
    """UTC time of their latest summary post (ISO 8601), or ``None``; see :attr:`summary_at`."""
    summary: str | None
    """That summary's plain text."""
    nudges: int
    """Nudges sent to them for this Learning Day (status ``sent``)."""
    last_nudge: NudgeRecord | None = None
    """Their latest nudge for this Learning Day, whatever its status."""
    deleted: bool = False
    """Their account is deactivated (they still appear if they posted that day)."""
    team: str | None = None
    """Their team, if known."""
    away: str | None = None
    """``None`` if expected that day; else the reason they are away ("" when none given).
    Away people are shown, never nudged, and not counted as missing."""

    @property
    def plan_at(self) -> datetime | None:
        """UTC time of their earliest plan post, or ``None``."""
        return from_utc_iso(self.plan_iso)

    @property
    def summary_at(self) -> datetime | None:
        """UTC time of their latest summary post, or ``None``."""
        return from_utc_iso(self.summary_iso)

    @property
    def has_plan(self) -> bool:
        """Whether they posted a plan."""
        return self.plan_iso is not None

    @property
    def has_summary(self) -> bool:
        """Whether they posted a summary."""
        return self.summary_iso is not None

    @property
    def expected(self) -> bool:
        """Whether they count in the day's totals: not away, or away but posted anyway."""
        return self.away is None or self.plan_iso is not None or self.summary_iso is not None


@dataclass(frozen=True)
class HistoryRow:
    """Counts of people for one Learning Day with data."""

    day: date
    roster: int
    """People on the roster (channel members who are people, plus anyone who posted)."""
    plans: int
    """People with a plan."""
    summaries: int
    """People with a summary."""
    both: int
    """People with both: participation is ``both / roster``."""
    away: int = 0
    """People away that day who posted nothing (already left out of ``roster``)."""
    skipped: str | None = None
    """Why the Thursday was skipped (a company holiday), or ``None``."""

    @property
    def participation(self) -> float:
        """Share of the roster with both a plan and a summary (0.0 to 1.0)."""
        return self.both / self.roster if self.roster else 0.0


@dataclass(frozen=True)
class NudgeRecord:
    """One row of the nudge ledger."""

    id: int
    person_id: str
    day: date
    kind: Kind
    created_at: datetime
    """When the nudge was started (UTC)."""
    status: NudgeStatus
    """See :class:`NudgeStatus` (never ``cooldown``)."""
    http_status: int | None = None
    error: str | None = None
    message: str | None = None
    attempts: int = 0
    target: str | None = None
    """Where it went: the webhook host only (never the secret URL)."""
    deadline: datetime | None = None
    """For a ``pending`` row: past this (UTC) it is ``interrupted`` (or ``cancelled`` if its
    request never started)."""
    started_at: datetime | None = None
    """When its request began (UTC); ``None`` while it waited for its turn."""


@dataclass(frozen=True)
class NudgeClaim:
    """The answer of :meth:`Store.claim_nudges` for one person and kind."""

    person_id: str
    kind: Kind
    nudge_id: int | None
    """The new ledger row (``pending``, or ``dry-run``) when claimed, else ``None``."""
    previous: NudgeRecord | None = None
    """When not claimed: the nudge within the cooldown that blocks it (``sent``, ``pending``
    or ``interrupted``)."""

    @property
    def claimed(self) -> bool:
        """Whether this process owns the nudge and may send it."""
        return self.nudge_id is not None


@dataclass(frozen=True)
class SearchHit:
    """One post that matched a full-text search."""

    person_id: str
    name: str
    day: date | None
    """The Learning Day the post counts for (``None`` for posts outside any)."""
    kind: Kind | None
    posted_at: datetime
    """UTC."""
    snippet: str
    """An excerpt of the plain text; each match is wrapped in :data:`MATCH_START` and
    :data:`MATCH_END` (control characters, never markup), for the screen to highlight."""
    channel_id: str
    ts: str


MATCH_START = "\x02"
MATCH_END = "\x03"


class SearchError(ValueError):
    """A search query SQLite's FTS5 cannot parse; the message is fit to show a person."""


@dataclass(frozen=True)
class NewPost:
    """A post to store, as produced by an importer or ``ldtui post``."""

    channel_id: str
    ts: str
    """Slack ``ts`` kept as a string: it is an id, a float would lose digits."""
    person_id: str
    text: str
    """Text as sent (Slack formatting included)."""
    text_plain: str
    """Text as shown: Slack tokens turned into plain text."""
    posted_at: datetime
    """Aware UTC time."""
    edited_ts: str | None = None
    thread_ts: str | None = None
    subtype: str | None = None
    kind_hint: Kind | None = None
    """Plan or summary as the source says (a Geekbot answer to the plan question); the
    Learning Day still comes from the time. ``None``: markers and the clock decide."""


@dataclass(frozen=True)
class NewPerson:
    """A person to store (from ``users.json``, the Slack API, or ``ldtui post``)."""

    id: str
    name: str
    tz: str | None = None
    deleted: bool = False
    is_bot: bool = False
    username: str = ""
    real_name: str = ""
    display_name: str = ""
    team: str | None = None
    """``None`` keeps the team already stored (imports do not know teams)."""
    extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- the store


_PersonRow = tuple[str, str, str | None, tzinfo, bool, str | None]
"""A person as the roster reads them: id, name, tz name, zone, deactivated, team."""


class Store:
    """Access to one ldtui database file, with intent-named methods.

    ``path`` is the file (created with its folder if missing) or ``":memory:"``. The default
    zone and markers decide how posts are classified (see :mod:`ldtui.learning_day`); when they
    differ from the ones the file was classified with, every post is classified again.
    ``channel`` (a name or id) makes that channel's members the roster; ``None`` uses the
    members of every imported channel. Posts count from every imported channel.

    On open, nudges left ``pending`` past their deadline by a process that died are marked
    ``interrupted`` (or ``cancelled``), see :meth:`sweep_interrupted`; a busy or read-only
    file skips that. ``clock`` returns aware "now" (default: the system clock in UTC).

    Raises :class:`StoreError` when the file is not a database or has a newer schema.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        default_timezone: str = "UTC",
        markers: Markers = DEFAULT_MARKERS,
        channel: str | None = None,
        skip_days: dict[date, str] | None = None,
        busy_timeout: float = BUSY_TIMEOUT_MS / 1000,
        read_only: bool = False,
        create: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = path
        self.clock: Callable[[], datetime] = clock or _utc_now
        """Aware "now" for the nudge sweep on open (tests fix it)."""
        self.busy_timeout = busy_timeout
        """Seconds a write waits for another connection's lock before :class:`StoreBusy`."""
        self.skip_days = dict(skip_days or {})
        """Skipped Thursdays from the config (``skip_days``), with reasons."""
        memory = str(path) == ":memory:"
        if not memory:
            folder = Path(path).parent
            if not folder.is_dir() and not create:
                raise StoreError(f"{path}: the folder {folder} does not exist")
            if not read_only and not Path(path).exists() and not create:
                raise StoreError(f"{path}: no database there yet (import something first)")
            if not read_only:
                folder.mkdir(parents=True, exist_ok=True)
                read_only = not _writable(Path(path))
        self.read_only = read_only
        """Opened read-only (asked for, or the file or its folder cannot be written): reads
        work, every :meth:`write` raises :class:`StoreReadOnly`."""
        try:
            conn = _connect(path, busy_timeout, read_only)
        except sqlite3.Error as exc:
            raise storage_error(exc, path) from exc
        self.conn = conn
        """The raw connection: reads go straight through it."""
        self._db: sqlite_utils.Database | None = None
        self.default_timezone = default_timezone
        self.markers = markers
        self._zones: dict[str | None, tzinfo] = {}
        self.channel = channel
        self._channel_id: str | None = channel
        self._people_cache: tuple[tuple[int, int], set[str], list[_PersonRow]] | None = None
        self._people_writes = 0
        conn.create_function("ldtui_ts_before", 2, _ts_before, deterministic=True)
        try:
            if not memory and not read_only:
                conn.execute("PRAGMA journal_mode = wal")
                # Safe from corruption in WAL mode; a commit waits for no fsync, only a
                # checkpoint does (https://www.sqlite.org/pragma.html#pragma_synchronous).
                conn.execute("PRAGMA synchronous = normal")
            self._migrate()
            self._channel_id = self._resolve_channel(channel)
            if not read_only:
                self._ensure_classification()
                self._ensure_totals()
                self._sweep_on_open()
        except sqlite3.DatabaseError as exc:
            conn.close()
            error = storage_error(exc, path)
            if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == _SQLITE_NOTADB:
                error = StoreDamaged(f"{path}: not an ldtui database ({exc})")
            raise error from exc
        except StoreError:
            conn.close()
            raise

    def set_busy_timeout(self, seconds: float) -> None:
        """Make writes wait at most ``seconds`` for another connection's lock (then
        :class:`StoreBusy`). The console opens with a long wait and then uses a short one, so
        a busy database never freezes the screen for long."""
        self.busy_timeout = seconds
        self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    @property
    def channel_id(self) -> str | None:
        """The id of the channel rosters and counts are limited to (``None``: all channels).

        A channel named in the settings but not yet imported (an empty file, an import running
        in another process) is looked up again until it is found."""
        if self.channel and self._channel_id == self.channel:
            self._channel_id = self._resolve_channel(self.channel)
        return self._channel_id

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection, for schema changes and writes.

        Imported on first use: a console that only reads starts without it."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction that takes SQLite's write lock up front; yields the connection.

        The outermost block runs ``BEGIN IMMEDIATE``, so the busy timeout applies while another
        connection writes (a deferred ``BEGIN`` that reads first and writes later fails at once
        with SQLITE_BUSY: https://www.sqlite.org/lang_transaction.html). A block inside another
        becomes a savepoint. Everything in the block commits together or not at all.

        Raises :class:`StoreBusy` when the lock is not had within the busy timeout, and the other
        :class:`StoreError` subclasses for read-only, full or damaged files (see
        :func:`storage_error`); any other exception rolls back and propagates unchanged."""
        if self.read_only:
            raise StoreReadOnly(f"{self.path}: read-only: changes cannot be saved here")
        conn = self.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield conn
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path) from exc
        try:
            yield conn
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError) and not (
                isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError)
            ):
                raise storage_error(exc, self.path) from exc
            raise
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise storage_error(exc, self.path) from exc

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this ldtui "
                f"({SCHEMA_VERSION}); upgrade ldtui"
            )
        if version == SCHEMA_VERSION:
            return
        if self.read_only and version > 0:
            raise StoreReadOnly(
                f"{self.path}: read-only, and its schema (version {version}) needs an upgrade "
                f"to {SCHEMA_VERSION} that cannot be written here"
            )
        if self.read_only:
            raise StoreError(f"{self.path}: not an ldtui database (empty, opened read-only)")
        # The version is read again under the write lock: of two processes opening an older
        # file at once, one migrates and the other waits, then finds nothing left to do.
        with self.write():
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](self.db)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the file."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _classification_key(self) -> str:
        return repr((self.default_timezone, self.markers.plan, self.markers.summary))

    def _ensure_classification(self) -> None:
        key = self._classification_key()
        row = self.conn.execute(
            "select value from settings where key = 'classification'"
        ).fetchone()
        if row and row[0] == key:
            return
        with self.write():
            self._reclassify(None)
            self.db.table("settings").upsert({"key": "classification", "value": key}, pk="key")

    def _resolve_channel(self, channel: str | None) -> str | None:
        if not channel:
            return None
        return self.channel_id_for(channel) or channel

    def zone_of(self, tz_name: str | None) -> tzinfo:
        """Return the zone used for a person whose zone is ``tz_name`` (default if unknown)."""
        if tz_name not in self._zones:
            self._zones[tz_name] = zone(tz_name, self.default_timezone)
        return self._zones[tz_name]

    def _classify_row(
        self, posted_at: datetime, tz_name: str | None, text: str
    ) -> tuple[str | None, Kind | None]:
        found = classify(posted_at, self.zone_of(tz_name), text, self.markers)
        return (found.day.isoformat(), found.kind) if found else (None, None)

    def _reclassify(self, person_ids: Iterable[str] | None) -> None:
        """Classify again the posts of ``person_ids`` (all posts for ``None``) and refresh their
        participation rows; call inside a transaction."""
        sql = (
            "select posts.rowid, posts.posted_at, posts.text_plain, people.tz, posts.kind_hint "
            "from posts left join people on people.id = posts.person_id"
        )
        params: list[str] = []
        if person_ids is not None:
            ids = list(person_ids)
            if not ids:
                return
            sql += f" where posts.person_id in ({','.join('?' * len(ids))})"
            params = ids
        updates = []
        for rowid, posted_at, text, tz_name, hint in self.conn.execute(sql, params).fetchall():
            day, kind = self._classify_row(datetime.fromisoformat(posted_at), tz_name, text)
            updates.append((day, (hint or kind) if day else None, rowid))
        self.db.conn.executemany("update posts set day = ?, kind = ? where rowid = ?", updates)
        if person_ids is None:
            _rebuild_participation(self.conn)
            if self.conn.execute(
                "select 1 from sqlite_master where name = 'day_totals'"
            ).fetchone():
                self._refresh_totals()
        else:
            marks = ",".join("?" * len(params))
            _refresh_participation(
                self.db,
                f"select day, person_id from posts where day is not null and person_id in "
                f"({marks}) union select day, person_id from participation where person_id in "
                f"({marks})",
                params + params,
            )

    # ------------------------------------------------------------------ writing
    def import_slack_export(
        self, export: SlackExport | SlackExportReader, team: str | None = None
    ) -> ImportResult:
        """Write a Slack export (people, its channel and members, posts) in one transaction.

        ``export`` is a read :class:`SlackExport` or an open :class:`SlackExportReader`, whose
        posts are streamed (an export of any size imports in bounded memory). Importing the
        same export twice adds nothing; a post whose text changed (an edited message: same
        ``ts``, new text) is updated; of two copies of one ``ts`` the later wins. People whose
        zone changed get their older posts classified again. ``team`` puts everyone the
        channel brings (members and posters) in that team. Raises what the reader raises
        (:class:`~ldtui.importers.slack_export.ExportError`), and then nothing is written.
        """
        people = [
            NewPerson(
                id=p.id,
                name=p.name,
                tz=p.tz,
                deleted=p.deleted,
                is_bot=p.is_bot,
                username=p.username,
                real_name=p.real_name,
                display_name=p.display_name,
            )
            for p in export.people
        ]
        posts = export.posts if hasattr(export, "posts") else export.iter_posts()
        channel = export.channel
        # A large import touches the posts table, its indexes and the full-text index all over:
        # give SQLite a page cache that holds them (an upper bound, released on close).
        self.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        with self.write():
            self._upsert_people(people)
            self._set_members(channel.id, channel.name, channel.members)
            result = self._merge_posts(posts, refresh_totals=False)
            placeholders = self._add_placeholders()
            if team is not None:
                brought = set(channel.members) | {
                    r[0]
                    for r in self.conn.execute(
                        "select distinct person_id from posts where channel_id = ?", [channel.id]
                    )
                }
                self.conn.executemany(
                    "update people set team = ?, team_set_by = 'facilitator'"
                    " where id = ? and is_bot = 0",
                    [(team, p) for p in brought],
                )
            self._refresh_totals()
        return replace(result, people=len(people), placeholders=placeholders)

    def set_members(self, channel_id: str, name: str, person_ids: Iterable[str]) -> None:
        """Record channel ``channel_id`` (named ``name``) with exactly these members."""
        with self.write():
            self._set_members(channel_id, name, person_ids)
            self._refresh_totals()

    def _set_members(self, channel_id: str, name: str, person_ids: Iterable[str]) -> None:
        self._people_writes += 1
        self.db.table("channels").upsert({"id": channel_id, "name": name}, pk="id")
        self.db.execute("delete from members where channel_id = ?", [channel_id])
        self.db.table("members").insert_all(
            ({"channel_id": channel_id, "person_id": m} for m in dict.fromkeys(person_ids)),
            pk=("channel_id", "person_id"),
        )

    def add_people(self, people: Sequence[NewPerson]) -> None:
        """Insert or update people (by id) in one transaction."""
        with self.write():
            self._upsert_people(people)
            self._refresh_totals()

    def add_posts(self, posts: Sequence[NewPost], channel_name: str | None = None) -> ImportResult:
        """Insert or update posts in one transaction (same rules as an import).

        ``channel_name`` names the channel of the posts if it is not yet known."""
        with self.write():
            for channel_id in {p.channel_id for p in posts}:
                if not self.db.table("channels").count_where("id = ?", [channel_id]):
                    self.db.table("channels").insert(
                        {"id": channel_id, "name": channel_name or channel_id}
                    )
            return self._merge_posts(posts)

    def _upsert_people(self, people: Sequence[NewPerson]) -> None:
        """Insert or update people from a source (users.json, the Slack API); call inside a
        transaction. A zone a facilitator set (``tz_set_by``) is kept; otherwise an empty
        zone from the source keeps the stored one. A ``team`` on a person is the
        facilitator's (``None`` keeps the stored team). People whose zone changed get their
        posts classified again; a placeholder ("unknown user U…") becomes the real person."""
        self._people_writes += 1
        before = dict(self.conn.execute("select id, tz from people").fetchall())
        self.conn.executemany(
            "insert into people (id, name, username, real_name, display_name, tz, deleted,"
            " is_bot) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do update set"
            " name = excluded.name, username = excluded.username,"
            " real_name = excluded.real_name, display_name = excluded.display_name,"
            " tz = case when people.tz_set_by is not null then people.tz"
            " else coalesce(excluded.tz, people.tz) end,"
            " deleted = excluded.deleted, is_bot = excluded.is_bot",
            [
                (
                    p.id,
                    p.name,
                    p.username,
                    p.real_name,
                    p.display_name,
                    p.tz or None,
                    int(p.deleted),
                    int(p.is_bot),
                )
                for p in people
            ],
        )
        teams = [(p.team, p.id) for p in people if p.team is not None]
        if teams:
            self.conn.executemany(
                "update people set team = ?, team_set_by = 'facilitator' where id = ?", teams
            )
        after = dict(self.conn.execute("select id, tz from people").fetchall())
        self._reclassify([pid for pid, tz in before.items() if after.get(pid) != tz])

    def _add_placeholders(self) -> int:
        """Store a placeholder person ("unknown user U…", no zone) for every poster missing
        from ``people`` (Slack Connect guests, external members); return how many. Call
        inside a transaction. The real person replaces it when a user list has them."""
        cursor = self.conn.execute(
            "insert into people (id, name, username, real_name, display_name, deleted, is_bot)"
            " select distinct posts.person_id, 'unknown user ' || posts.person_id, '', '', '',"
            " 0, 0 from posts where not exists"
            " (select 1 from people where people.id = posts.person_id)"
        )
        if cursor.rowcount:
            self._people_writes += 1
        return max(cursor.rowcount, 0)

    def set_person(
        self,
        person_id: str,
        *,
        name: str | None = None,
        tz: str | None = None,
        team: str | None = None,
    ) -> None:
        """A facilitator's edit of one person: change only the fields given (a new person
        needs ``name``). A ``tz`` or ``team`` given here is marked as the facilitator's, so a
        later import does not overwrite it. Posts are classified again if the zone changed.
        Raises ``ValueError`` for an unknown person without a name."""
        self._people_writes += 1
        with self.write():
            row = self.conn.execute("select tz from people where id = ?", [person_id]).fetchone()
            if row is None:
                if not name:
                    raise ValueError(f"{person_id} is not known yet: give a name")
                self.conn.execute(
                    "insert into people (id, name, username, real_name, display_name, deleted,"
                    " is_bot) values (?, ?, '', '', '', 0, 0)",
                    [person_id, name],
                )
            elif name:
                self.conn.execute("update people set name = ? where id = ?", [name, person_id])
            if tz:
                self.conn.execute(
                    "update people set tz = ?, tz_set_by = 'facilitator' where id = ?",
                    [tz, person_id],
                )
            if team is not None:
                self.conn.execute(
                    "update people set team = ?, team_set_by = 'facilitator' where id = ?",
                    [team or None, person_id],
                )
            if tz and (row is None or row[0] != tz):
                self._reclassify([person_id])
            self._refresh_totals()

    def _merge_posts(
        self, posts: Iterable[NewPost | ExportPost], *, refresh_totals: bool = True
    ) -> ImportResult:
        """Merge posts into ``posts`` (call inside a transaction): new ones inserted, changed
        ones updated, the rest left alone; participation refreshed for what changed.

        Posts are classified in Python (zone rules) and staged in a temporary table in
        batches; comparing, inserting and updating are then set operations in SQLite, which
        keeps a company-sized import fast and its memory bounded."""
        tz_of = dict(self.conn.execute("select id, tz from people").fetchall())
        self.conn.execute(
            "create temp table if not exists incoming (channel_id text, ts text, person_id text,"
            " text text, text_plain text, posted_at text, edited_ts text, thread_ts text,"
            " subtype text, day text, kind text, kind_hint text, primary key (channel_id, ts))"
        )
        self.conn.execute("delete from temp.incoming")
        insert = "insert or replace into temp.incoming values (?,?,?,?,?,?,?,?,?,?,?,?)"
        received, batch = 0, []
        zone_of, markers = self.zone_of, self.markers
        for post in posts:
            found = classify(
                post.posted_at, zone_of(tz_of.get(post.person_id)), post.text_plain, markers
            )
            hint = getattr(post, "kind_hint", None)
            batch.append(
                (
                    post.channel_id,
                    post.ts,
                    post.person_id,
                    post.text,
                    post.text_plain,
                    to_utc_iso(post.posted_at),
                    post.edited_ts,
                    post.thread_ts,
                    post.subtype,
                    found.day.isoformat() if found else None,
                    (hint or found.kind) if found else None,
                    hint,
                )
            )
            if len(batch) >= IMPORT_BATCH:
                received += len(batch)
                self.db.conn.executemany(insert, batch)
                batch.clear()
        received += len(batch)
        self.db.conn.executemany(insert, batch)
        staged = self.conn.execute("select count(*) from temp.incoming").fetchone()[0]
        # An older copy never reverts an edit: the stored post stays when it was edited and
        # the incoming one was not, or was edited earlier (edited.ts compared as numbers).
        older = (
            "(p.edited_ts is not null and (i.edited_ts is null"
            " or ldtui_ts_before(i.edited_ts, p.edited_ts)))"
        )
        differs = (
            "(p.text is not i.text or p.text_plain is not i.text_plain "
            "or p.edited_ts is not i.edited_ts or p.kind_hint is not i.kind_hint)"
        )
        joined = "from temp.incoming i join posts p on p.channel_id = i.channel_id and p.ts = i.ts "
        changed = f"{joined} where {differs} and not {older}"
        fresh = (
            "from temp.incoming i where not exists (select 1 from posts p "
            "where p.channel_id = i.channel_id and p.ts = i.ts)"
        )
        before = self.conn.execute("select count(*) from posts").fetchone()[0]
        updated = self.conn.execute(f"select count(*) {changed}").fetchone()[0] if before else 0
        kept = (
            self.conn.execute(f"select count(*) {joined} where {differs} and {older}").fetchone()[0]
            if before
            else 0
        )
        self.conn.execute("create temp table if not exists touched (day text, person_id text)")
        self.conn.execute("delete from temp.touched")
        if before:
            # The (day, person) pairs whose plan or summary may change: before and after.
            self.conn.execute(
                f"insert into temp.touched select p.day, p.person_id {changed} "
                f"union all select i.day, i.person_id {changed} "
                f"union all select i.day, i.person_id {fresh}"
            )
        if updated:
            self.conn.execute(
                "update posts set person_id = i.person_id, text = i.text,"
                " text_plain = i.text_plain, posted_at = i.posted_at, edited_ts = i.edited_ts,"
                " thread_ts = i.thread_ts, subtype = i.subtype, day = i.day, kind = i.kind,"
                " kind_hint = i.kind_hint"
                " from temp.incoming i where posts.channel_id = i.channel_id and posts.ts = i.ts"
                " and (posts.text is not i.text or posts.text_plain is not i.text_plain"
                " or posts.edited_ts is not i.edited_ts or posts.kind_hint is not i.kind_hint)"
                " and not (posts.edited_ts is not null and (i.edited_ts is null"
                " or ldtui_ts_before(i.edited_ts, posts.edited_ts)))"
            )
        self.conn.execute(
            "insert into posts (channel_id, ts, person_id, text, text_plain, posted_at,"
            " edited_ts, thread_ts, subtype, day, kind, kind_hint) select i.channel_id, i.ts,"
            " i.person_id, i.text, i.text_plain, i.posted_at, i.edited_ts, i.thread_ts,"
            f" i.subtype, i.day, i.kind, i.kind_hint {fresh}"
        )
        new = self.conn.execute("select count(*) from posts").fetchone()[0] - before
        if before == 0:
            _rebuild_participation(self.conn)  # a first import: one pass, not pair by pair
        else:
            _refresh_participation(
                self.db, "select distinct day, person_id from temp.touched where day is not null"
            )
        if refresh_totals:
            self._refresh_totals(
                None
                if before == 0
                else [
                    r[0]
                    for r in self.conn.execute(
                        "select distinct day from temp.touched where day is not null"
                    )
                ]
            )
        self.conn.execute("delete from temp.incoming")
        return ImportResult(
            posts_new=new,
            posts_updated=updated,
            posts_unchanged=staged - new - updated - kept,
            people=0,
            duplicates=received - staged,
            older_edits=kept,
        )

    # ------------------------------------------------------------------ reading
    def learning_days(self) -> list[date]:
        """Return the Learning Days that have a plan or a summary, newest first."""
        rows = self.conn.execute("select distinct day from day_totals order by day desc").fetchall()
        return [date.fromisoformat(r[0]) for r in rows]

    def _members_sql(self) -> tuple[str, list[str]]:
        """SQL selecting the roster's standing members: people (not bots, not deleted) in the
        configured channel, or in any imported channel when none is configured."""
        where, params = "", []
        if self.channel_id is not None:
            where, params = " and members.channel_id = ?", [self.channel_id]
        return (
            "select distinct members.person_id from members "
            "join people on people.id = members.person_id "
            f"where people.is_bot = 0 and people.deleted = 0{where}",
            params,
        )

    def _roster_people(self) -> tuple[set[str], list[_PersonRow]]:
        """The standing members and every person who is not a bot, sorted by name
        (case-insensitive): read once, again only after a write to people or members (by this
        connection or, per ``PRAGMA data_version``, another one)."""
        version = (self.data_version(), self._people_writes)  # own writes: _people_writes
        if self._people_cache is None or self._people_cache[0] != version:
            members_sql, members_params = self._members_sql()
            members = {r[0] for r in self.conn.execute(members_sql, members_params)}
            zone_of = self.zone_of
            people = [
                (pid, name, tz_name, zone_of(tz_name), bool(deleted), team)
                for pid, name, tz_name, deleted, team in self.conn.execute(
                    "select id, name, tz, deleted, team from people where is_bot = 0 "
                    "order by name collate nocase, id"
                )
            ]
            self._people_cache = (version, members, people)
        return self._people_cache[1], self._people_cache[2]

    def roster(
        self, day: date, *, with_text: bool = True, team: str | None = None
    ) -> list[RosterEntry]:
        """Return the roster of Learning Day ``day``, sorted by name (case-insensitive).

        The roster is the channel's members who are people (not bots, not deleted) plus anyone
        who posted for that day (in any imported channel); each entry has their earliest plan
        and latest summary. ``with_text=False`` leaves ``plan``/``summary`` as ``None`` (the
        console reads texts for the selected person only, see :meth:`texts`). ``team`` keeps
        only that team's people. Each entry says whether the person is away that day.
        """
        members, people = self._roster_people()
        d = day.isoformat()
        posted = {
            pid: (plan_at, summary_at)
            for pid, plan_at, summary_at in self.conn.execute(
                "select person_id, plan_at, summary_at from participation where day = ?", [d]
            )
        }
        away = dict(
            self.conn.execute(
                "select person_id, coalesce(reason, '') from away "
                "where first_day <= ? and last_day >= ? order by id",
                [d, d],
            ).fetchall()
        )
        texts: dict[str, tuple[str | None, str | None]] = {}
        if with_text:
            texts = {
                pid: (plan, summary)
                for pid, plan, summary in self.conn.execute(
                    "select d.person_id, pl.text_plain, su.text_plain from participation d"
                    " left join posts pl on pl.channel_id = d.plan_channel and pl.ts = d.plan_ts"
                    " left join posts su on su.channel_id = d.summary_channel"
                    " and su.ts = d.summary_ts where d.day = ?",
                    [d],
                )
            }
        nudges = self._nudges_by_person(day)
        no_times = (None, None)
        entries: list[RosterEntry] = []
        append = entries.append
        for pid, name, tz_name, tz, deleted, person_team in people:
            times = posted.get(pid)
            if times is None:
                if pid not in members:
                    continue
                times = no_times
            if team is not None and person_team != team:
                continue
            plan, summary = texts.get(pid, no_times) if texts else no_times
            mine = nudges.get(pid) if nudges else None
            append(
                RosterEntry(
                    pid,
                    name,
                    tz_name,
                    tz,
                    times[0],
                    plan,
                    times[1],
                    summary,
                    sum(1 for n in mine if n.status == NudgeStatus.SENT) if mine else 0,
                    mine[-1] if mine else None,
                    deleted,
                    person_team,
                    away.get(pid) if away else None,
                )
            )
        return entries

    def texts(self, day: date, person_id: str) -> tuple[str | None, str | None]:
        """Return the plain text of ``person_id``'s plan and summary for ``day`` (or ``None``)."""
        row = self.conn.execute(
            "select pl.text_plain, su.text_plain from participation d"
            " left join posts pl on pl.channel_id = d.plan_channel and pl.ts = d.plan_ts"
            " left join posts su on su.channel_id = d.summary_channel and su.ts = d.summary_ts"
            " where d.day = ? and d.person_id = ?",
            [day.isoformat(), person_id],
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def history(self, team: str | None = None) -> list[HistoryRow]:
        """Return one row of counts per Learning Day with a plan or summary, newest first.

        ``team`` counts only that team's people. People away on a day who posted nothing are
        not on that day's roster (they were not expected); a skipped Thursday keeps its counts
        but says so (``skipped``) and is left out of participation averages. Reads the
        per-day totals kept up to date on every write (``day_totals``).
        """
        members, people = self._roster_people()
        if team is not None:
            in_team = {p[0] for p in people if p[5] == team}
            members = members & in_team
        where, params = ("", []) if team is None else (" where team = ?", [team or ""])
        counts = self.conn.execute(
            "select day, sum(plans), sum(summaries), sum(both), sum(posters - member_posters)"
            f" from day_totals{where} group by day order by day desc",
            params,
        ).fetchall()
        skips = self.skips()
        if counts:
            # A skipped Thursday within the record shows even when nobody posted (a holiday).
            first, last = counts[-1][0], counts[0][0]
            seen = {c[0] for c in counts}
            holidays = [
                (d.isoformat(), 0, 0, 0, 0)
                for d in skips
                if first <= d.isoformat() <= last and d.isoformat() not in seen
            ]
            counts = sorted([*counts, *holidays], reverse=True)
        away = self._away_members_without_posts(members, [date.fromisoformat(c[0]) for c in counts])
        return [
            HistoryRow(
                date.fromisoformat(day),
                len(members) + extra - away.get(day, 0),
                plans,
                summaries,
                both,
                away=away.get(day, 0),
                skipped=skips.get(date.fromisoformat(day)),
            )
            for day, plans, summaries, both, extra in counts
        ]

    def _refresh_totals(self, days: Iterable[str] | None = None) -> None:
        """Recompute ``day_totals`` for ``days`` (ISO dates; all days for ``None``): per
        Learning Day and team, people with a plan, a summary, both, and how many of the day's
        posters are standing members. Call inside a transaction."""
        members_sql, members_params = self._members_sql()
        where, params = "", list[str]()
        if days is None:
            self.conn.execute("delete from day_totals")
        else:
            self.conn.execute("create temp table if not exists totals_days (day text)")
            self.conn.execute("delete from temp.totals_days")
            self.conn.executemany("insert into temp.totals_days values (?)", [(d,) for d in days])
            self.conn.execute(
                "delete from day_totals where day in (select day from temp.totals_days)"
            )
            where = " where d.day in (select day from temp.totals_days)"
        self.conn.execute(
            "insert into day_totals (day, team, plans, summaries, both, posters, member_posters)"
            " select d.day, coalesce(p.team, ''), count(d.plan_at), count(d.summary_at),"
            " sum(d.plan_at is not null and d.summary_at is not null), count(*),"
            f" sum(d.person_id in ({members_sql}))"
            f" from participation d join people p on p.id = d.person_id{where}"
            " group by d.day, coalesce(p.team, '')",
            members_params + params,
        )

    def _ensure_totals(self) -> None:
        key = repr(self.channel_id)
        row = self.conn.execute("select value from settings where key = 'totals'").fetchone()
        if row and row[0] == key:
            return
        with self.write():
            self._refresh_totals()
            self.db.table("settings").upsert({"key": "totals", "value": key}, pk="key")

    def latest_day(self) -> date | None:
        """Return the newest Learning Day with a plan or summary, or ``None``."""
        row = self.conn.execute("select max(day) from day_totals").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def _away_members_without_posts(self, members: set[str], days: list[date]) -> dict[str, int]:
        """Per ISO day: how many of ``members`` are away that day and posted nothing."""
        if not days:
            return {}
        spans = self.conn.execute(
            "select person_id, first_day, last_day from away where last_day >= ? "
            "and first_day <= ?",
            [min(days).isoformat(), max(days).isoformat()],
        ).fetchall()
        if not spans:
            return {}
        away_by_day: dict[str, set[str]] = {}
        wanted = {d.isoformat() for d in days}
        for person_id, first, last in spans:
            if person_id not in members:
                continue
            for day in wanted:
                if first <= day <= last:
                    away_by_day.setdefault(day, set()).add(person_id)
        ids = sorted({p for people in away_by_day.values() for p in people})
        if not ids:
            return {}
        posted = set(
            self.conn.execute(
                f"select day, person_id from participation where person_id in "
                f"({','.join('?' * len(ids))})",
                ids,
            ).fetchall()
        )
        return {
            day: sum(1 for p in people if (day, p) not in posted)
            for day, people in away_by_day.items()
        }

    # ------------------------------------------------------------------ teams, away, skips
    def import_people(self, rows: Sequence[PersonRow]) -> tuple[int, int]:
        """Apply a checked people file in one transaction; return ``(added, updated)``.

        Filled cells overwrite what is stored; empty cells keep it. A person not yet known
        needs a name. Raises :class:`ValueError` naming the line of the first row that cannot
        be applied, and then nothing is written.
        """
        import json

        added = updated = 0
        with self.write():  # what is known is read under the lock it is written under
            known = {
                r[0]: (r[1], r[2], r[3], r[4])
                for r in self.conn.execute("select id, name, team, tz, mention_ids from people")
            }
            for row in rows:
                if row.id not in known and not row.name:
                    raise ValueError(f"line {row.line}: {row.id} is not known yet: give a name")
            for row in rows:
                if row.id in known:
                    name, team, tz, mentions = known[row.id]
                    merged = {**json.loads(mentions or "{}"), **row.mention_ids}
                    self.conn.execute(
                        "update people set name = ?, team = ?, tz = ?, mention_ids = ? "
                        "where id = ?",
                        [
                            row.name or name,
                            (row.team or None) if row.team is not None else team,
                            row.tz or tz,
                            json.dumps(merged, sort_keys=True) if merged else None,
                            row.id,
                        ],
                    )
                    self._mark_facilitator(row.id, bool(row.tz), row.team is not None)
                    updated += 1
                else:
                    self.db.table("people").insert(
                        {
                            "id": row.id,
                            "name": row.name,
                            "tz": row.tz,
                            "team": row.team or None,
                            "deleted": 0,
                            "is_bot": 0,
                            "mention_ids": json.dumps(row.mention_ids, sort_keys=True)
                            if row.mention_ids
                            else None,
                            "tz_set_by": "facilitator" if row.tz else None,
                            "team_set_by": "facilitator" if row.team else None,
                        }
                    )
                    added += 1
            moved = [r.id for r in rows if r.id in known and r.tz and r.tz != known[r.id][2]]
            self._people_writes += 1
            self._reclassify(moved)
            self._refresh_totals()
        return added, updated

    def _mark_facilitator(self, person_id: str, tz: bool, team: bool) -> None:
        """Record that a facilitator set this person's zone and/or team (see
        :meth:`_upsert_people`)."""
        if tz:
            self.conn.execute(
                "update people set tz_set_by = 'facilitator' where id = ?", [person_id]
            )
        if team:
            self.conn.execute(
                "update people set team_set_by = 'facilitator' where id = ?", [person_id]
            )

    def mention_ids(self, person_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """Return per person the platform mention ids from the people file (may be empty)."""
        import json

        ids = list(person_ids)
        found: dict[str, dict[str, str]] = {p: {} for p in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for pid, raw in self.conn.execute(
                f"select id, mention_ids from people where id in ({','.join('?' * len(chunk))})",
                chunk,
            ):
                found[pid] = json.loads(raw) if raw else {}
        return found

    def find_people(self, query: str) -> list[tuple[str, str]]:
        """Return ``(id, name)`` of people whose id is ``query`` or whose name matches it
        (case-insensitive: exact first, else containing)."""
        exact = self.conn.execute(
            "select id, name from people where (id = ? or name = ? collate nocase) and is_bot = 0",
            [query, query],
        ).fetchall()
        if exact:
            return exact
        return self.conn.execute(
            "select id, name from people where name like ? and is_bot = 0 order by name",
            [f"%{query}%"],
        ).fetchall()

    def get_setting(self, key: str) -> str | None:
        """Return a stored setting (sync cursors and the like), or ``None``."""
        row = self.conn.execute("select value from settings where key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (in its own transaction, or the caller's if one is open)."""
        with self.write():
            self.db.table("settings").upsert({"key": key, "value": value}, pk="key")

    def person(self, person_id: str) -> tuple[str, str | None, str | None] | None:
        """Return ``(name, team, tz_name)`` of ``person_id``, or ``None`` if unknown."""
        row = self.conn.execute(
            "select name, team, tz from people where id = ?", [person_id]
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def first_days(self) -> dict[str, date]:
        """Return each person's first Learning Day with a plan or summary."""
        return {
            pid: date.fromisoformat(day)
            for pid, day in self.conn.execute(
                "select person_id, min(day) from participation group by person_id"
            )
        }

    def posters(self, day: date) -> set[str]:
        """Return the ids of people with a plan or summary counted for ``day``."""
        return {
            r[0]
            for r in self.conn.execute(
                "select person_id from participation where day = ?", [day.isoformat()]
            )
        }

    def person_days(
        self, person_id: str
    ) -> list[tuple[date, datetime | None, str | None, datetime | None, str | None]]:
        """Return ``(day, plan_at, plan, summary_at, summary)`` for every Learning Day the
        person posted for, oldest first (times UTC, texts plain)."""
        rows = self.conn.execute(
            "select d.day, d.plan_at, pl.text_plain, d.summary_at, su.text_plain"
            " from participation d"
            " left join posts pl on pl.channel_id = d.plan_channel and pl.ts = d.plan_ts"
            " left join posts su on su.channel_id = d.summary_channel and su.ts = d.summary_ts"
            " where d.person_id = ? order by d.day",
            [person_id],
        ).fetchall()
        return [
            (date.fromisoformat(day), from_utc_iso(pa), plan, from_utc_iso(sa), summary)
            for day, pa, plan, sa, summary in rows
        ]

    def day_posts(self, day: date) -> list[tuple[str, str, str]]:
        """Return ``(person_id, kind, text_plain)`` of every post counted for ``day``."""
        return self.conn.execute(
            "select person_id, kind, text_plain from posts where day = ? order by posted_at",
            [day.isoformat()],
        ).fetchall()

    def posts_between(self, first: date, last: date) -> list[dict[str, Any]]:
        """Return every post counted for a Learning Day from ``first`` to ``last`` (inclusive),
        oldest first, with its author's name, team and zone name (``posted_at`` is UTC)."""
        return self._dicts(
            "select posts.channel_id, posts.ts, posts.person_id, people.name, people.team,"
            " people.tz, posts.day, posts.kind, posts.posted_at, posts.text_plain"
            " from posts left join people on people.id = posts.person_id"
            " where posts.day between ? and ? order by posts.day, posts.posted_at",
            [first.isoformat(), last.isoformat()],
        )

    def teams(self) -> list[str]:
        """Return the team names of people on any roster, sorted."""
        return [
            r[0]
            for r in self.conn.execute(
                "select distinct team from people where team is not null and team != '' "
                "and is_bot = 0 order by team collate nocase"
            )
        ]

    def set_team(self, person_ids: Iterable[str], team: str | None) -> None:
        """Put these people in ``team`` (``None`` removes them from any team)."""
        self._people_writes += 1
        with self.write():
            self.conn.executemany(
                "update people set team = ?, team_set_by = 'facilitator' where id = ?",
                [(team, p) for p in person_ids],
            )
            self._refresh_totals()

    def add_away(
        self, person_id: str, first_day: date, last_day: date, reason: str | None = None
    ) -> int:
        """Record ``person_id`` away from ``first_day`` to ``last_day`` (inclusive, local
        dates); return the record id. Raises ``ValueError`` if the range is reversed or the
        person is unknown."""
        if last_day < first_day:
            raise ValueError(f"the away period ends ({last_day}) before it starts ({first_day})")
        with self.write():
            if self.person_name(person_id) is None:
                raise ValueError(f"unknown person {person_id!r}")
            table = self.db.table("away")
            table.insert(
                {
                    "person_id": person_id,
                    "first_day": first_day.isoformat(),
                    "last_day": last_day.isoformat(),
                    "reason": reason,
                }
            )
            return int(table.last_pk or 0)

    def toggle_away(self, person_id: str, day: date, reason: str | None = None) -> bool:
        """Mark ``person_id`` away on ``day``, or if they already are, no longer away that day
        (a longer period is split around it). Returns whether they are away now."""
        d = day.isoformat()
        one = timedelta(days=1)
        with self.write():  # the check and the change are one transaction
            spans = self.conn.execute(
                "select id, first_day, last_day, reason from away where person_id = ? "
                "and first_day <= ? and last_day >= ?",
                [person_id, d, d],
            ).fetchall()
            if not spans:
                self.add_away(person_id, day, day, reason)
                return True
            for span_id, first, last, old_reason in spans:
                self.conn.execute("delete from away where id = ?", [span_id])
                if first < d:
                    self.db.table("away").insert(
                        {
                            "person_id": person_id,
                            "first_day": first,
                            "last_day": (day - one).isoformat(),
                            "reason": old_reason,
                        }
                    )
                if last > d:
                    self.db.table("away").insert(
                        {
                            "person_id": person_id,
                            "first_day": (day + one).isoformat(),
                            "last_day": last,
                            "reason": old_reason,
                        }
                    )
        return False

    def away_periods(self, person_id: str | None = None) -> list[tuple[str, date, date, str]]:
        """Return ``(person_id, first_day, last_day, reason)`` of recorded away periods."""
        sql = "select person_id, first_day, last_day, coalesce(reason, '') from away"
        params: list[str] = []
        if person_id is not None:
            sql += " where person_id = ?"
            params = [person_id]
        return [
            (p, date.fromisoformat(f), date.fromisoformat(last), r)
            for p, f, last, r in self.conn.execute(sql + " order by first_day", params)
        ]

    def add_skips(self, days: Iterable[tuple[date, str]], source: str = "cli") -> int:
        """Record skipped Thursdays (company holidays) with their reasons; non-Thursdays are
        ignored. Returns how many Thursdays were recorded."""
        rows = [
            {"day": d.isoformat(), "reason": reason, "source": source}
            for d, reason in days
            if d.weekday() == 3
        ]
        with self.write():
            self.db.table("skips").upsert_all(rows, pk="day")
        return len(rows)

    def remove_skip(self, day: date) -> bool:
        """Un-skip ``day``; return whether it was skipped."""
        with self.write():
            cursor = self.conn.execute("delete from skips where day = ?", [day.isoformat()])
        return cursor.rowcount > 0

    def skips(self) -> dict[date, str]:
        """Return every skipped Thursday (stored and from the config) with its reason."""
        found = {
            date.fromisoformat(d): (r or "skipped")
            for d, r in self.conn.execute("select day, reason from skips")
        }
        for day, reason in self.skip_days.items():
            found.setdefault(day, reason)
        return found

    def skip_reason(self, day: date) -> str | None:
        """Return why ``day`` is skipped, or ``None`` if it is a Learning Day as usual."""
        return self.skips().get(day)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over every post's plain text, newest first.

        ``query`` uses SQLite FTS5 syntax (words, ``"phrases"``, ``OR``, ``NOT``, ``prefix*``;
        https://www.sqlite.org/fts5.html#full_text_query_syntax). Returns at most ``limit``
        hits. Raises :class:`SearchError` with a gentle message for a query FTS5 rejects
        (unbalanced quotes, a lone ``AND``...). An empty query returns nothing.
        """
        if not query.strip():
            return []
        sql = f"""
            select posts.person_id, people.name, posts.day, posts.kind, posts.posted_at,
              snippet(posts_fts, 0, '{MATCH_START}', '{MATCH_END}', '…', 16),
              posts.channel_id, posts.ts
            from (select rowid from posts_fts where posts_fts match ? order by rowid desc
                  limit ?) hits
            join posts_fts on posts_fts.rowid = hits.rowid and posts_fts match ?
            join posts on posts.rowid = hits.rowid
            left join people on people.id = posts.person_id
            order by hits.rowid desc
        """
        try:
            rows = self.conn.execute(sql, [query, limit, query]).fetchall()
        except sqlite3.OperationalError as exc:
            # Words with punctuation (on-call, 6.824, C++) are not FTS5 syntax: search them
            # as plain words, each quoted; only if that fails too is the query not understood.
            words = [w.replace('"', "") for w in query.split()]
            plain = " ".join(f'"{w}"' for w in words if w.strip("\"'"))
            try:
                if not plain or any(w.upper() in {"AND", "OR", "NOT", "NEAR"} for w in words):
                    raise exc
                if query.count('"') % 2:
                    raise exc
                rows = self.conn.execute(sql, [plain, limit, plain]).fetchall()
            except sqlite3.OperationalError:
                raise SearchError(
                    "That search is not understood (check quotes and AND/OR/NOT); "
                    "plain words always work."
                ) from exc
        return [
            SearchHit(
                person_id=pid,
                name=name or pid,
                day=date.fromisoformat(day) if day else None,
                kind=kind,
                posted_at=datetime.fromisoformat(posted_at),
                snippet=snippet,
                channel_id=channel_id,
                ts=ts,
            )
            for pid, name, day, kind, posted_at, snippet, channel_id, ts in rows
        ]

    def person_name(self, person_id: str) -> str | None:
        """Return the stored name of ``person_id``, or ``None`` if unknown."""
        row = self.conn.execute("select name from people where id = ?", [person_id]).fetchone()
        return row[0] if row else None

    def person_tz(self, person_id: str) -> str | None:
        """Return the stored IANA zone name of ``person_id`` (``None`` if unknown or unset)."""
        row = self.conn.execute("select tz from people where id = ?", [person_id]).fetchone()
        return row[0] if row else None

    def channel_id_for(self, name_or_id: str) -> str | None:
        """Return the id of the channel with this name or id, or ``None``."""
        row = self.conn.execute(
            "select id from channels where id = ? or name = ?", [name_or_id, name_or_id.lstrip("#")]
        ).fetchone()
        return row[0] if row else None

    def post_placement(self, channel_id: str, ts: str) -> tuple[date, Kind] | None:
        """Return the Learning Day and kind a stored post counts for, or ``None``."""
        row = self.conn.execute(
            "select day, kind from posts where channel_id = ? and ts = ?", [channel_id, ts]
        ).fetchone()
        return (date.fromisoformat(row[0]), row[1]) if row and row[0] else None

    def counts(self) -> dict[str, int]:
        """Return how many people, posts, channels and nudges are stored."""
        return {
            t: self.conn.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("people", "channels", "posts", "nudges")
        }

    def data_version(self) -> int:
        """Return SQLite's ``PRAGMA data_version``: it changes when another connection commits."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def version(self) -> tuple[int, int]:
        """A value that changes whenever the data may have: another connection committed
        (``PRAGMA data_version``) or this one changed rows (``total_changes``). Readers use it
        to know when a cached roster is stale."""
        return (self.data_version(), self.conn.total_changes)

    # ------------------------------------------------------------------ nudges
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
        carry ``message``). The same person and kind twice in ``wanted`` is claimed once.
        Returns one :class:`NudgeClaim` per item of ``wanted``, in order.

        Raises :class:`StoreBusy` (and the other :class:`StoreError` subclasses) when the
        ledger cannot be written: then nothing was claimed."""
        blocking = [
            s
            for s in BLOCKING_STATUSES
            if not (resend_interrupted and s == NudgeStatus.INTERRUPTED)
        ]
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
                if previous is not None:
                    claim = NudgeClaim(person_id, kind, None, previous)
                else:
                    cursor = conn.execute(
                        "insert into nudges (person_id, day, kind, created_at, status, "
                        "message, target, attempts, deadline, finished_at) "
                        "values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
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
    ) -> int:
        """Record a nudge without a cooldown check; return its ledger id. (A send is claimed
        with :meth:`claim_nudges`, which checks the cooldown in the same transaction.)

        ``now`` is aware (stored as UTC); ``target`` must be the redacted webhook host;
        ``deadline`` (default ``now``) is when a still ``pending`` row is interrupted."""
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
    )
