"""Reads: rosters, texts, history, full-text search and people."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from ldtui.learning_day import (
    Kind,
)
from ldtui.records import (
    MATCH_END,
    MATCH_START,
    HistoryRow,
    NudgeStatus,
    RosterEntry,
    SearchHit,
    told_apart,
)
from ldtui.store.calendar import Calendar
from ldtui.store.schema import (
    from_utc_iso,
)

if TYPE_CHECKING:
    pass


class SearchError(ValueError):
    """A search query SQLite's FTS5 cannot parse; the message is fit to show a person."""


class Reads(Calendar):
    """What the screens and commands read: rosters, texts, history, search, people."""

    def learning_days(self) -> list[date]:
        """Return the Learning Days that have a plan or a summary, newest first."""
        rows = self.conn.execute("select distinct day from day_totals order by day desc").fetchall()
        return [date.fromisoformat(r[0]) for r in rows]

    def roster_people(
        self,
    ) -> tuple[set[str], list[tuple[str, str, str | None, tzinfo, bool, str | None]]]:
        """What every :meth:`roster` is made of: the standing members' ids, and every person
        who is not a bot as ``(id, name as shown, tz_name, zone used, deleted, team)``, sorted
        by name (case-insensitive). A day's roster is the members plus that day's posters
        (:meth:`day_marks`), in this order. Read once, again only after a write to people or
        members (by this connection or, per ``PRAGMA data_version``, another one)."""
        version = (self.data_version(), self._people_writes)  # own writes: _people_writes
        if self._people_cache is None or self._people_cache[0] != version:
            members_sql, members_params = self._members_sql()
            members = {r[0] for r in self.conn.execute(members_sql, members_params)}
            zone_of = self.zone_of
            rows = self.conn.execute(
                "select id, name, tz, deleted, team, username from people where is_bot = 0 "
                "order by name collate nocase, id"
            ).fetchall()
            shown = told_apart([(r[0], r[1], r[5]) for r in rows])
            people = [
                (pid, shown[pid], tz_name, zone_of(tz_name), bool(deleted), team)
                for pid, _, tz_name, deleted, team, _ in rows
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
        members, people = self.roster_people()
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

    def summaries(self, day: date) -> dict[str, str]:
        """Return person id -> plain text of the summary counted for ``day``: the same texts
        as :meth:`roster` gives as ``summary``, without reading the plans."""
        return dict(
            self.conn.execute(
                "select d.person_id, su.text_plain from participation d"
                " join posts su on su.channel_id = d.summary_channel and su.ts = d.summary_ts"
                " where d.day = ? and su.text_plain is not null",
                [day.isoformat()],
            ).fetchall()
        )

    def summary_work_hits(
        self, day: date, fingerprint: str
    ) -> tuple[dict[str, list[str]], dict[str, tuple[str, str, str]]]:
        """The summaries counted for ``day`` (those :meth:`summaries` gives), as work items
        remembered for patterns ``fingerprint`` (:meth:`remember_work_hits`): person id ->
        the items (``[]``: none), and for the summaries with nothing remembered, person id ->
        ``(channel_id, ts, text_plain)`` to match."""
        d = day.isoformat()
        known: dict[str, list[str]] = {}
        unknown: dict[str, tuple[str, str, str]] = {}
        if self.get_setting("work_hits") == fingerprint:
            rows = self.conn.execute(
                "select d.person_id, d.summary_channel, d.summary_ts, h.hits from participation d"
                " left join work_hits h on h.channel_id = d.summary_channel"
                " and h.ts = d.summary_ts where d.day = ? and d.summary_ts is not null",
                [d],
            ).fetchall()
            for person_id, _, _, hits in rows:
                if hits is not None:
                    known[person_id] = json.loads(hits) if hits != "[]" else []
            if len(known) == len(rows):
                return known, unknown
        for person_id, channel_id, ts, text in self.conn.execute(
            "select d.person_id, d.summary_channel, d.summary_ts, su.text_plain"
            " from participation d"
            " join posts su on su.channel_id = d.summary_channel and su.ts = d.summary_ts"
            " where d.day = ? and su.text_plain is not null",
            [d],
        ):
            if person_id not in known:
                unknown[person_id] = (channel_id, ts, text)
        return known, unknown

    def day_marks(
        self, days: Iterable[date], fingerprint: str | None = None
    ) -> dict[date, dict[str, tuple[bool, bool, str | None]]]:
        """Who posted for each of ``days``, in one read: day -> person id -> ``(has a plan,
        has a summary, work items of that summary)``. The items are as stored by
        :meth:`remember_work_hits` (a JSON list; ``"[]"`` also when no summary is counted)
        for patterns ``fingerprint``, or ``None`` for a summary with nothing remembered for
        them (:meth:`summary_work_hits` then gives its text to match). Every day asked about
        has an entry (empty: no posts)."""
        wanted = sorted({d.isoformat() for d in days})
        marks: dict[date, dict[str, tuple[bool, bool, str | None]]] = {
            date.fromisoformat(d): {} for d in wanted
        }
        if not wanted:
            return marks
        by_iso = {d.isoformat(): v for d, v in marks.items()}
        with_hits = fingerprint is not None and self.get_setting("work_hits") == fingerprint
        items_sql, join_sql = (
            (
                "h.hits",
                " left join work_hits h on h.channel_id = d.summary_channel"
                " and h.ts = d.summary_ts",
            )
            if with_hits
            else ("null", "")
        )
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for day, person_id, plan, summary, items in self.conn.execute(
                "select d.day, d.person_id, ifnull(d.plan_at, '') != '',"
                " ifnull(d.summary_at, '') != '',"
                f" case when d.summary_ts is null then '[]' else {items_sql} end"
                f" from participation d{join_sql} where d.day in ({','.join('?' * len(chunk))})",
                chunk,
            ):
                by_iso[day][person_id] = (bool(plan), bool(summary), items)
        return marks

    def history(self, team: str | None = None) -> list[HistoryRow]:
        """Return one row of counts per Learning Day from the first with a plan or summary to
        the newest, newest first: a Thursday in between that nobody posted on has a row of
        zeros (or says it was skipped).

        ``team`` counts only that team's people. People away on a day who posted nothing are
        not on that day's roster (they were not expected); a skipped Thursday keeps its counts
        but says so (``skipped``) and is left out of participation averages. Reads the
        per-day totals kept up to date on every write (``day_totals``).
        """
        members, people = self.roster_people()
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
            # Every Thursday within the record has a row, also one nobody posted on (0 %, or
            # a skipped holiday): a gap in the history is a Thursday nobody took part in.
            first = date.fromisoformat(counts[-1][0])
            last = date.fromisoformat(counts[0][0])
            seen = {c[0] for c in counts}
            quiet = [
                (day.isoformat(), 0, 0, 0, 0)
                for day in (first + timedelta(weeks=n) for n in range((last - first).days // 7))
                if day.isoformat() not in seen
            ]
            counts = sorted([*counts, *quiet], reverse=True)
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

    def person(self, person_id: str) -> tuple[str, str | None, str | None] | None:
        """Return ``(name, team, tz_name)`` of ``person_id``, or ``None`` if unknown."""
        row = self.conn.execute(
            "select name, team, tz from people where id = ?", [person_id]
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def channel_members(self, channel_id: str) -> set[str]:
        """Return the ids of the people stored as members of ``channel_id`` (e.g. the
        standup's members in ``geekbot:42``, as ``ldtui import geekbot`` writes them);
        empty for an unknown channel."""
        return {
            r[0]
            for r in self.conn.execute(
                "select person_id from members where channel_id = ?", [channel_id]
            )
        }

    def first_days(self) -> dict[str, date]:
        """Return each person's first Learning Day with a plan or summary."""
        # One index seek per person (idx_participation_person), not a scan of every row.
        return {
            pid: date.fromisoformat(day)
            for pid, day in self.conn.execute(
                "select id, (select min(day) from participation where person_id = people.id)"
                " from people"
            )
            if day is not None
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

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over every post's plain text, newest first.

        ``query`` uses SQLite FTS5 syntax (words, ``"phrases"``, ``OR``, ``NOT``, ``prefix*``;
        https://www.sqlite.org/fts5.html#full_text_query_syntax). Returns at most ``limit``
        hits. Raises :class:`SearchError` with a gentle message for a query FTS5 rejects
        (unbalanced quotes, a lone ``AND``...). An empty query returns nothing.
        """
        if not query.strip():
            return []
        # The snippets are made in the one full-text scan, which FTS5 walks newest first and
        # stops after ``limit`` hits (a second MATCH joined by rowid would run the whole query
        # again for each hit: 10-20x slower for a common word).
        sql = f"""
            select posts.person_id, people.name, posts.day, posts.kind, posts.posted_at,
              hits.snip, posts.channel_id, posts.ts
            from (select rowid,
                    snippet(posts_fts, 0, '{MATCH_START}', '{MATCH_END}', '…', 16) as snip
                  from posts_fts where posts_fts match ? order by rowid desc limit ?) hits
            join posts on posts.rowid = hits.rowid
            left join people on people.id = posts.person_id
            order by hits.rowid desc
        """
        try:
            rows = self.conn.execute(sql, [query, limit]).fetchall()
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
                rows = self.conn.execute(sql, [plain, limit]).fetchall()
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

    def person_tz(self, person_id: str) -> str | None:
        """Return the stored IANA zone name of ``person_id`` (``None`` if unknown or unset)."""
        row = self.conn.execute("select tz from people where id = ?", [person_id]).fetchone()
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

    def version(self) -> tuple[int, int]:
        """A value that changes whenever the data may have: another connection committed
        (``PRAGMA data_version``) or this one changed rows (``total_changes``). Readers use it
        to know when a cached roster is stale."""
        return (self.data_version(), self.conn.total_changes)
