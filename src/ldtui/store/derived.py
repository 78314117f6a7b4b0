"""The derived tables, ``participation`` and ``day_totals``, and the one way to keep them in
step with the posts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ldtui.learning_day import (
    classify,
)
from ldtui.store.base import StoreBase

if TYPE_CHECKING:
    import sqlite_utils


def refresh_participation(
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


def rebuild_participation(conn: sqlite3.Connection) -> None:
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


class Derived(StoreBase):
    """Keeps the derived tables in step: ``participation`` (per day and person, the earliest
    plan and latest summary) and ``day_totals`` (per day and team). Writers refresh
    ``participation`` with :func:`refresh_participation` / :func:`rebuild_participation`
    and then ``day_totals`` with :meth:`_refresh_totals`, inside their transaction."""

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
            rebuild_participation(self.conn)
            if self.conn.execute(
                "select 1 from sqlite_master where name = 'day_totals'"
            ).fetchone():
                self._refresh_totals()
        else:
            marks = ",".join("?" * len(params))
            refresh_participation(
                self.db,
                f"select day, person_id from posts where day is not null and person_id in "
                f"({marks}) union select day, person_id from participation where person_id in "
                f"({marks})",
                params + params,
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
