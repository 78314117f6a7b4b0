"""The database file: schema migrations, opening a connection, naming SQLite failures,
the integrity check and the online backup.

``PRAGMA user_version`` records the schema version; :data:`MIGRATIONS` upgrades older files.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ldtui.learning_day import (
    UTC,
)

if TYPE_CHECKING:
    import sqlite_utils

IMPORT_CACHE_KIB = 128 * 1024
"""SQLite page cache during an import, in KiB (the default is 2 MiB). A company import then
peaks near 255 MB, and the process reading its export near 45 MB (:mod:`merge` shrinks the
cache once the posts are written: SQLite's sorts hold up to its size again)."""


IMPORT_BATCH = 5000
"""Posts staged per ``executemany`` during an import."""


BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another connection's lock before failing (milliseconds)."""


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
    from ldtui.store.derived import rebuild_participation

    rebuild_participation(db)


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


def _migration_nudge_via_and_digests(db: sqlite_utils.Database) -> None:
    """How each nudge was sent and which digests were posted: ``nudges.via`` (``channel``:
    a mention in the channel, ``dm``: a direct message; older rows were all ``channel``) and
    ``digests``, one row per digest (or addendum) posted for a Learning Day: ``day``,
    ``posted_at`` (UTC ISO), ``platform``, ``addendum`` (0/1) and ``post_ids`` (JSON list of
    the summary posts it included, each ``"<channel id>/<ts>"``)."""
    db.table("nudges").add_column("via", str)
    db.execute("update nudges set via = 'channel'")
    db.table("digests").create(
        {
            "id": int,
            "day": str,
            "posted_at": str,
            "platform": str,
            "addendum": int,
            "post_ids": str,
        },
        pk="id",
        not_null={"day", "posted_at", "post_ids"},
        defaults={"addendum": 0},
    )
    db.table("digests").create_index(["day", "posted_at"], "idx_digests_day")


def _migration_nudge_facilitator(db: sqlite_utils.Database) -> None:
    """Who nudged: ``facilitator`` on every ledger row (the ``facilitator`` config key, ``--as
    NAME``, the proxy's user header of ``ldtui serve``, else the operating-system user);
    ``NULL`` on rows written before it was recorded."""
    db.table("nudges").add_column("facilitator", str)


def _migration_thread_anchors(db: sqlite_utils.Database) -> None:
    """``thread_anchors``: per channel, Learning Day (``day``, ISO date) and ``author`` (a bot
    id ``B…`` or a bot user's id), the Slack ``ts`` of the author's first top-level message
    that day, for ``thread_under`` (bots' messages are not posts, so ``posts`` lacks them).
    Runs again harmlessly (``if not exists``)."""
    db.table("thread_anchors").create(
        {"channel_id": str, "day": str, "author": str, "ts": str},
        pk=("channel_id", "day", "author"),
        not_null={"ts"},
        if_not_exists=True,
    )
    db.table("thread_anchors").create_index(
        ["author", "day"], "idx_thread_anchors_author", if_not_exists=True
    )


def _migration_work_hits(db: sqlite_utils.Database) -> None:
    """``work_hits``: per post (``channel_id``, ``ts``), the work items the signals' patterns
    found in its text (``hits``, a JSON list; ``[]`` for none), remembered when signals are
    read so the next read does not match the text again. The patterns they were found with
    are fingerprinted in ``settings`` (key ``work_hits``): rows of other patterns are never
    used. Triggers drop a post's row when its text changes or the post is deleted. Runs again
    harmlessly (``if not exists``)."""
    db.table("work_hits").create(
        {"channel_id": str, "ts": str, "hits": str},
        pk=("channel_id", "ts"),
        not_null={"hits"},
        if_not_exists=True,
    )
    for name, event in (
        ("work_hits_edited", "update of text_plain"),
        ("work_hits_deleted", "delete"),
    ):
        db.execute(
            f"create trigger if not exists {name} after {event} on posts begin"
            " delete from work_hits where channel_id = old.channel_id and ts = old.ts; end"
        )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_nudge_deadlines,
    _migration_people_set_by,
    _migration_nudge_via_and_digests,
    _migration_nudge_facilitator,
    _migration_thread_anchors,
    _migration_work_hits,
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


_T = TypeVar("_T")


def retry_while_busy(action: Callable[[], _T], seconds: float) -> _T:
    """Run ``action`` (one SQLite statement that takes a lock), trying again while SQLite
    answers SQLITE_BUSY/LOCKED, for at most ``seconds``; return what it returns.

    SQLite's busy handler is not called for every lock: changing the journal mode of a file
    another connection has open fails at once with SQLITE_BUSY, and so may ``BEGIN
    IMMEDIATE`` where waiting could deadlock (https://www.sqlite.org/c3ref/busy_handler.html).
    Those statements change nothing until they succeed, so trying again is safe. Raises the
    last ``sqlite3.OperationalError`` when the time is up, or at once for any other error."""
    deadline = time.monotonic() + seconds
    pause = 0.005
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if code not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() >= deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


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
