"""The derived tables, ``participation`` and ``day_totals``, and the one way to keep them in
step with the posts and people: :meth:`Derived._refresh_derived`, which every writer calls
inside its transaction.

``participation`` holds, per Learning Day and person, the post that counts as their plan and
the one that counts as their summary (:func:`chosen_post_sql` is that rule in SQL);
``day_totals`` holds, per Learning Day and team, how many people posted a plan, a summary,
both, and how many of the day's posters are standing members.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from ldtui.learning_day import (
    PLAN,
    SUMMARY,
    Kind,
    classify,
)
from ldtui.store.base import StoreBase

if TYPE_CHECKING:
    import sqlite_utils

Connection: TypeAlias = "sqlite3.Connection | sqlite_utils.Database"
"""What runs the derived tables' SQL: the store's connection, or a migration's database."""

ALL_PAIRS: Final = None
"""For :meth:`Derived._refresh_derived`: every (day, person) pair changed (a first import,
every post classified again); ``participation`` is rebuilt in grouped passes."""
NO_PAIRS: Final = ""
"""For :meth:`Derived._refresh_derived`: no post changed (only people or members did)."""


def chosen_post_sql(kind: Kind, among: str | None = None) -> str:
    """SQL selecting, per (day, person_id), the post that counts as the person's ``kind`` for
    that Learning Day: the EARLIEST plan post and the LATEST summary post (by ``posted_at``,
    ties broken by ``ts``). Columns: ``day, person_id, channel_id, ts, posted_at`` and the
    sort key.

    This is the same rule as :func:`ldtui.learning_day.plan_and_summary` in Python
    (``tests/test_fast_paths.py`` checks this SQL against it). It rests on the Learning Day
    article, which asks everyone to "write what you are planning to learn" and to post "what
    they learned that day": a plan looks ahead, so the first one (the morning's) counts; a
    summary looks back, so the last one (the end of the day's) counts.

    ``among`` names a table keyed by ``(day, person_id)`` to limit it to those pairs (read
    through ``idx_posts_day_person``, pair by pair); ``None`` selects every pair in one
    grouped pass.
    SQLite returns the other columns from the row holding the ``min``/``max``:
    https://www.sqlite.org/lang_select.html#bare_columns_in_an_aggregate_query
    """
    pick = "min" if kind == PLAN else "max"
    if among is None:
        source, key = "posts", "posts.day, posts.person_id"
    else:
        # CROSS JOIN keeps the pairs (a table keyed by them) as the outer loop: each pair is
        # one index lookup, and the groups come out in key order without sorting.
        source = (
            f"{among} a cross join posts on posts.day = a.day and posts.person_id = a.person_id"
        )
        key = "a.day, a.person_id"
    return (
        f"select {key}, posts.channel_id, posts.ts, posts.posted_at,"
        f" {pick}(posts.posted_at || ' ' || posts.ts)"
        f" from {source} where posts.kind = '{kind}' group by {key}"
    )


def _fill_participation(conn: Connection, among: str | None) -> None:
    """Insert the ``participation`` rows of the pairs in table ``among`` (every pair for
    ``None``), whose old rows are already deleted: the plans, then the summaries on top."""
    conn.execute(
        "insert into participation (day, person_id, plan_channel, plan_ts, plan_at)"
        f" select day, person_id, channel_id, ts, posted_at from ({chosen_post_sql(PLAN, among)})"
    )
    conn.execute(
        "insert into participation (day, person_id, summary_channel, summary_ts, summary_at)"
        " select day, person_id, channel_id, ts, posted_at"
        f" from ({chosen_post_sql(SUMMARY, among)}) where true"
        " on conflict (day, person_id) do update set summary_channel = excluded.summary_channel,"
        " summary_ts = excluded.summary_ts, summary_at = excluded.summary_at"
    )


def rebuild_participation(conn: Connection) -> None:
    """Recompute all of ``participation`` in two grouped passes over the posts (far faster
    than pair by pair). Used by :meth:`Derived._refresh_derived` and by the migration that
    creates the table (which passes its ``sqlite_utils.Database``: outside a transaction each
    statement then commits on its own)."""
    conn.execute("delete from participation")
    _fill_participation(conn, None)


def refresh_participation(
    conn: sqlite3.Connection, pairs_sql: str, params: Sequence[str] = ()
) -> list[str]:
    """Recompute ``participation`` for the (day, person_id) pairs ``pairs_sql`` selects (with
    ``params``); return the distinct days among them. Call inside a transaction."""
    conn.execute(
        "create temp table if not exists affected (day text, person_id text,"
        " primary key (day, person_id)) without rowid"
    )
    conn.execute("delete from temp.affected")
    conn.execute(
        f"insert or ignore into temp.affected select * from ({pairs_sql}) where day is not null",
        list(params),
    )
    conn.execute(
        "delete from participation where (day, person_id) in "
        "(select day, person_id from temp.affected)"
    )
    _fill_participation(conn, "temp.affected")
    days = [r[0] for r in conn.execute("select distinct day from temp.affected")]
    conn.execute("delete from temp.affected")
    return days


class Derived(StoreBase):
    """Keeps the derived tables in step: ``participation`` (per day and person, the earliest
    plan and latest summary) and ``day_totals`` (per day and team). Every writer ends its
    transaction with :meth:`_refresh_derived`, the one way to keep them."""

    def _refresh_derived(
        self, pairs: str | None, params: Sequence[str] = (), *, all_days: bool = False
    ) -> None:
        """Bring ``participation`` and ``day_totals`` in step after a write; call inside its
        transaction.

        ``pairs`` is SQL selecting the ``(day, person_id)`` pairs whose posts were added,
        changed or classified again (with ``params``; rows with no day are ignored): their
        participation rows are recomputed, then the totals of their days. :data:`ALL_PAIRS`
        (``None``) rebuilds every participation row in grouped passes and every day's totals
        (a first import, everything classified again); :data:`NO_PAIRS` when no post changed.
        ``all_days`` recomputes every day's totals, for a write that changed who is a
        standing member or in which team."""
        if pairs is None:
            rebuild_participation(self.conn)
            self._refresh_totals(None)
            return
        days = refresh_participation(self.conn, pairs, params) if pairs else []
        if all_days:
            self._refresh_totals(None)
        elif days:
            self._refresh_totals(days)

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

    def _classify_row(self, posted_at: datetime, tz_name: str | None, text: str) -> tuple[Any, ...]:
        found = classify(posted_at, self.zone_of(tz_name), text, self.markers)
        return (found.day.isoformat(), found.kind) if found else (None, None)

    def _reclassify(self, person_ids: Iterable[str] | None, *, all_days: bool = False) -> None:
        """Classify again the posts of ``person_ids`` (all posts for ``None``) and refresh the
        derived tables for them (every day's totals too with ``all_days``); call inside a
        transaction."""
        sql = (
            "select posts.rowid, posts.posted_at, posts.text_plain, people.tz, posts.kind_hint "
            "from posts left join people on people.id = posts.person_id"
        )
        params: list[str] = []
        if person_ids is not None:
            params = list(person_ids)
            if not params:
                self._refresh_derived(NO_PAIRS, all_days=all_days)
                return
            sql += f" where posts.person_id in ({','.join('?' * len(params))})"
        updates = []
        for rowid, posted_at, text, tz_name, hint in self.conn.execute(sql, params).fetchall():
            day, kind = self._classify_row(datetime.fromisoformat(posted_at), tz_name, text)
            updates.append((day, (hint or kind) if day else None, rowid))
        self.db.conn.executemany("update posts set day = ?, kind = ? where rowid = ?", updates)
        if person_ids is None:
            self._refresh_derived(ALL_PAIRS)
            return
        marks = ",".join("?" * len(params))
        # Their days now (posts) and before (participation, not yet refreshed).
        self._refresh_derived(
            f"select day, person_id from posts where person_id in ({marks}) union "
            f"select day, person_id from participation where person_id in ({marks})",
            params + params,
            all_days=all_days,
        )

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

    def _refresh_totals(self, days: Iterable[str] | None = None) -> None:
        """Recompute ``day_totals`` for ``days`` (ISO dates; all days for ``None``): per
        Learning Day and team, people with a plan, a summary, both, and how many of the day's
        posters are standing members. Only :meth:`_refresh_derived` calls it."""
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

    def remember_work_hits(
        self, fingerprint: str, found: Iterable[tuple[str, str, str, list[str]]]
    ) -> None:
        """Remember the work items found in posts with patterns ``fingerprint``: ``found`` is
        ``(channel_id, ts, text_plain matched, items)``; a post whose text is no longer the
        one matched is passed over. Rows of other patterns are dropped first (one fingerprint
        at a time). Raises :class:`~ldtui.store.schema.StoreError` subclasses as every write
        does (a read-only file: :class:`~ldtui.store.schema.StoreReadOnly`)."""
        with self.write():
            row = self.conn.execute("select value from settings where key = 'work_hits'").fetchone()
            if row is None or row[0] != fingerprint:
                self.conn.execute("delete from work_hits")
                self.conn.execute(
                    "insert or replace into settings (key, value) values ('work_hits', ?)",
                    [fingerprint],
                )
            self.conn.executemany(
                "insert or replace into work_hits (channel_id, ts, hits)"
                " select channel_id, ts, ? from posts"
                " where channel_id = ? and ts = ? and text_plain = ?",
                [(json.dumps(items), channel, ts, text) for channel, ts, text, items in found],
            )

    def _ensure_totals(self) -> None:
        key = repr(self.channel_id)
        row = self.conn.execute("select value from settings where key = 'totals'").fetchone()
        if row and row[0] == key:
            return
        with self.write():
            self._refresh_derived(NO_PAIRS, all_days=True)
            self.db.table("settings").upsert({"key": "totals", "value": key}, pk="key")
