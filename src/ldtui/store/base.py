"""The part of :class:`ldtui.store.Store` every job shares: the connection and its write
transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ldtui.learning_day import (
    Markers,
    zone,
)
from ldtui.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    StoreReadOnly,
    retry_while_busy,
    storage_error,
)

if TYPE_CHECKING:
    import sqlite_utils


class StoreBase:
    """The connection and what every part of the store shares: the write transaction, the
    schema upgrade, the sqlite-utils view, zones and the roster channel. :class:`ldtui.store.Store`
    sets the attributes when it opens the file."""

    path: Path | str
    clock: Callable[[], datetime]
    busy_timeout: float
    skip_days: dict[date, str]
    read_only: bool
    conn: sqlite3.Connection
    _db: sqlite_utils.Database | None
    default_timezone: str
    markers: Markers
    _zones: dict[str | None, tzinfo]
    channel: str | None
    _channel_id: str | None
    _people_cache: tuple[Any, ...] | None
    _people_writes: int

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

        Imported on first use: a console that only reads starts without it. Without
        sqlite-utils plugins: looking for them reads every installed package's metadata
        (~0.2 s a process), and nothing here uses one."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
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
            retry_while_busy(lambda: conn.execute("BEGIN IMMEDIATE"), self.busy_timeout)
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

    def _resolve_channel(self, channel: str | None) -> str | None:
        if not channel:
            return None
        return self.channel_id_for(channel) or channel

    def channel_id_for(self, name_or_id: str) -> str | None:
        """Return the id of the channel with this name or id, or ``None``."""
        row = self.conn.execute(
            "select id from channels where id = ? or name = ?", [name_or_id, name_or_id.lstrip("#")]
        ).fetchone()
        return row[0] if row else None

    def zone_of(self, tz_name: str | None) -> tzinfo:
        """Return the zone used for a person whose zone is ``tz_name`` (default if unknown)."""
        if tz_name not in self._zones:
            self._zones[tz_name] = zone(tz_name, self.default_timezone)
        return self._zones[tz_name]

    def person_name(self, person_id: str) -> str | None:
        """Return the stored name of ``person_id``, or ``None`` if unknown."""
        row = self.conn.execute("select name from people where id = ?", [person_id]).fetchone()
        return row[0] if row else None

    def data_version(self) -> int:
        """Return SQLite's ``PRAGMA data_version``: it changes when another connection commits."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])
