"""The SQLite store: the only package that speaks SQL (through sqlite-utils).

One file holds people, channels and their members, posts (keyed by channel id + Slack ``ts``),
and the nudge ledger. Each post also carries its Learning Day and kind, computed on import by
:mod:`ldtui.learning_day` with the author's zone, so rosters and counts are plain SQL. The
classification settings (default zone, markers) are recorded; when they change, every post is
classified again on open.

The file is opened in WAL mode with a busy timeout, so an import and an open console can share
it. ``PRAGMA user_version`` records the schema version; :data:`MIGRATIONS` upgrades older files.

Split by job: :mod:`~ldtui.store.schema` (migrations, connect, check, backup),
:mod:`~ldtui.store.derived` (participation and day totals), :mod:`~ldtui.store.reads`,
:mod:`~ldtui.store.ledger` (nudges), :mod:`~ldtui.store.calendar` (teams, away, skips) and
:mod:`~ldtui.store.merge` (the import merge); :class:`Store` joins them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace

from ldtui import slack_ts
from ldtui.learning_day import (
    DEFAULT_MARKERS,
    Markers,
)
from ldtui.records import (
    ImportBatch,
    ImportResult,
)
from ldtui.store.ledger import INTERRUPTED_UNKNOWN, NOT_SENT_STOPPED
from ldtui.store.merge import Merge
from ldtui.store.reads import SearchError
from ldtui.store.schema import (
    _SQLITE_NOTADB,
    BUSY_TIMEOUT_MS,
    IMPORT_CACHE_KIB,
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreReadOnly,
    _connect,
    _utc_now,
    _writable,
    backup,
    from_utc_iso,
    integrity_check,
    retry_while_busy,
    storage_error,
    to_utc_iso,
)

if TYPE_CHECKING:
    import sqlite_utils

__all__ = [
    "BUSY_TIMEOUT_MS",
    "INTERRUPTED_UNKNOWN",
    "MIGRATIONS",
    "NOT_SENT_STOPPED",
    "SCHEMA_VERSION",
    "SearchError",
    "Store",
    "StoreBusy",
    "StoreDamaged",
    "StoreError",
    "StoreFull",
    "StoreReadOnly",
    "backup",
    "from_utc_iso",
    "integrity_check",
    "storage_error",
    "to_utc_iso",
]


class Store(Merge):
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
        self._people_cache: tuple[Any, ...] | None = None
        self._people_writes = 0
        conn.create_function("ldtui_ts_before", 2, slack_ts.before, deterministic=True)
        try:
            if not memory and not read_only:
                # Turning a file into WAL needs every other connection out of it, and SQLite
                # does not wait for that by itself: two processes creating one file at once.
                retry_while_busy(
                    lambda: conn.execute("PRAGMA journal_mode = wal").fetchone(), busy_timeout
                )
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

    def import_batch(self, batch: ImportBatch, team: str | None = None) -> ImportResult:
        """Write what an importer read (people, the channel and its members, posts, settings)
        in ONE transaction: the single way data comes in from Slack, its API or Geekbot.

        ``batch.posts`` is read once, as it is written: a streamed export imports in bounded
        memory, and whatever its iterator raises (an
        :class:`~ldtui.importers.slack_export.ExportError`) rolls everything back. Importing
        the same batch twice adds nothing; a post whose text changed (an edited message: same
        ``ts``, new text) is updated unless the stored copy is a later edit; of two copies of
        one ``ts`` the later wins. A post's ``kind_hint`` (Geekbot) decides plan or summary;
        otherwise markers and the clock do. People whose zone changed get their older posts
        classified again; posters missing from ``batch.people`` are stored as placeholders.
        ``team`` puts everyone the channel brings (members and posters) in that team.
        ``batch.settings`` (a sync cursor) and ``batch.thread_anchors`` (bots' first
        top-level messages per day, for ``thread_under``) are written in the same
        transaction. Raises the
        :class:`StoreError` subclasses when the file cannot be written."""
        channel = batch.channel
        # A large import touches the posts table, its indexes and the full-text index all over:
        # give SQLite a page cache that holds them (an upper bound, released on close).
        self.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        with self.write():
            roster_before = self._roster_state()
            self._upsert_people(batch.people)
            self._set_members(channel.id, channel.name, channel.members)
            result, pairs, posters = self._merge_posts(batch.posts)
            placeholders = self._add_placeholders(posters)
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
            # Only the touched days' totals, unless who counts (members, teams, bots,
            # deleted accounts) changed: a sync of a few posts stays small at any size.
            changed = placeholders > 0 or self._roster_state() != roster_before
            self._refresh_derived(pairs, all_days=changed)
            self.record_thread_anchors(batch.thread_anchors)
            for key, value in batch.settings.items():
                self.set_setting(key, value)
        return replace(result, people=len(batch.people), placeholders=placeholders)

    def _roster_state(self) -> tuple[list[Any], list[Any]]:
        """What the per-day totals depend on besides the posts: every person's team, bot and
        deleted flags, and every channel's members (compared before and after an import)."""
        return (
            self.conn.execute(
                "select id, team, is_bot, deleted from people order by id"
            ).fetchall(),
            self.conn.execute("select channel_id, person_id from members order by 1, 2").fetchall(),
        )
