"""Writes of people, channels and posts: the import merge (staged, then set operations in
SQLite) and a facilitator's edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any, Final

from ldtui import slack_ts
from ldtui.learning_day import TsClassifier, classify
from ldtui.records import (
    ImportResult,
    NewPerson,
    NewPost,
    PersonRow,
    PostRow,
)
from ldtui.store.derived import ALL_PAIRS, NO_PAIRS
from ldtui.store.reads import Reads
from ldtui.store.schema import (
    IMPORT_BATCH,
    to_utc_iso,
)

if TYPE_CHECKING:
    pass

_ZERO = timedelta(0)
_POST_COLUMNS: Final = (
    "channel_id, ts, person_id, text, text_plain, posted_at, edited_ts, thread_ts, subtype,"
    " day, kind, kind_hint"
)
"""The columns of ``posts`` an import writes, in the order of :meth:`Merge._post_rows`."""
SORT_CACHE_KIB: Final = 64 * 1024
"""The page cache once a bulk load has filled ``posts`` and its search index, in KiB: SQLite's
sorts (``CREATE INDEX``, the grouped passes of the derived tables) each hold up to the page
cache's size in memory besides the cache itself."""
FTS_HASH_BYTES: Final = 1024 * 1024
"""FTS5's default ``hashsize``: how much memory a write to the full-text index gathers before
it flushes a segment (https://www.sqlite.org/fts5.html#the_hashsize_configuration_option)."""
REBUILD_HASH_BYTES: Final = 16 * 1024 * 1024
"""The ``hashsize`` of a bulk load's one rebuild of the full-text index."""
BULK_MIN_ROWS: Final = 20_000
"""An import that adds or rewrites at least this many posts, and at least as many as the
table held, rebuilds the full-text index once instead of row by row."""


class Merge(Reads):
    """Writes of people, channels and posts: the import merge and facilitators' edits."""

    def set_members(self, channel_id: str, name: str, person_ids: Iterable[str]) -> None:
        """Record channel ``channel_id`` (named ``name``) with exactly these members."""
        with self.write():
            self._set_members(channel_id, name, person_ids)
            self._refresh_derived(NO_PAIRS, all_days=True)

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
            self._refresh_derived(NO_PAIRS, all_days=True)

    def add_posts(self, posts: Sequence[NewPost], channel_name: str | None = None) -> ImportResult:
        """Insert or update posts in one transaction (same rules as an import).

        ``channel_name`` names the channel of the posts if it is not yet known."""
        with self.write():
            for channel_id in {p.channel_id for p in posts}:
                if not self.db.table("channels").count_where("id = ?", [channel_id]):
                    self.db.table("channels").insert(
                        {"id": channel_id, "name": channel_name or channel_id}
                    )
            result, pairs, _ = self._merge_posts(posts)
            self._refresh_derived(pairs)
            return result

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

    def _add_placeholders(self, posters: str = "select person_id from posts") -> int:
        """Store a placeholder person ("unknown user U…", no zone) for every poster missing
        from ``people`` (Slack Connect guests, external members); return how many. Call
        inside a transaction. The real person replaces it when a user list has them.
        ``posters`` is SQL selecting the person ids to look at: those of the posts just
        merged (:meth:`_merge_posts` says which), so a sync of a few posts does not read
        every stored post (each earlier import added its own)."""
        cursor = self.conn.execute(
            "insert into people (id, name, username, real_name, display_name, deleted, is_bot)"
            " select distinct p.person_id, 'unknown user ' || p.person_id, '', '', '',"
            f" 0, 0 from ({posters}) p where not exists"
            " (select 1 from people where people.id = p.person_id)"
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
            moved = [person_id] if tz and (row is None or row[0] != tz) else []
            self._reclassify(moved, all_days=True)

    def _post_rows(self, posts: Iterable[NewPost | PostRow]) -> Iterator[tuple[Any, ...]]:
        """The stored row of each post (the columns of :data:`_POST_COLUMNS`), classified in
        Python by the Learning Day rules with its author's zone (resolved once per person,
        not per post). A :class:`PostRow` is classified and dated from its ``ts`` alone
        (:class:`TsClassifier`, :func:`slack_ts.to_iso`: the same row as its
        :class:`NewPost` gives, without a datetime per post). Call inside the transaction
        that writes them."""
        zone_of, markers = self.zone_of, self.markers
        zones = {pid: zone_of(tz) for pid, tz in self.conn.execute("select id, tz from people")}
        default = zone_of(None)
        to_iso = slack_ts.to_iso
        classify_ts = TsClassifier(markers)
        for post in posts:
            if isinstance(post, NewPost):
                posted_at = post.posted_at
                found = classify(
                    posted_at, zones.get(post.person_id, default), post.text_plain, markers
                )
                hint = post.kind_hint
                yield (
                    post.channel_id,
                    post.ts,
                    post.person_id,
                    post.text,
                    post.text_plain,
                    # Importers give UTC already: format it without converting again.
                    posted_at.isoformat(timespec="microseconds")
                    if posted_at.utcoffset() == _ZERO
                    else to_utc_iso(posted_at),
                    post.edited_ts,
                    post.thread_ts,
                    post.subtype,
                    found.day.isoformat() if found else None,
                    (hint or found.kind) if found else None,
                    hint,
                )
                continue
            # A PostRow, or a plain tuple in its order (from a reading process).
            channel_id, ts, person_id, text, text_plain, edited_ts, thread_ts, subtype = post
            posted_iso = to_iso(ts)  # checks the digits int() reads below
            day = classify_ts(int(ts.partition(".")[0]), zones.get(person_id, default), text_plain)
            yield (
                channel_id,
                ts,
                person_id,
                text,
                text_plain,
                posted_iso,
                edited_ts,
                thread_ts,
                subtype,
                day[0] if day else None,
                day[1] if day else None,
                None,
            )

    def _write_rows(self, sql: str, rows: Iterator[tuple[Any, ...]]) -> int:
        """Run ``sql`` for every row, :data:`IMPORT_BATCH` rows per ``executemany`` (so a
        streamed import holds one batch in memory); return how many rows there were."""
        count = 0
        while batch := list(islice(rows, IMPORT_BATCH)):
            self.conn.executemany(sql, batch)
            count += len(batch)
        return count

    @contextmanager
    def _bulk_load(self) -> Iterator[None]:
        """Write many posts without keeping the secondary indexes in step row by row, then
        build them once: the way SQLite loads data fastest.

        Drops the triggers that keep the full-text index ``posts_fts`` in step and the
        secondary indexes of ``posts``, runs the block, then rebuilds the full-text index
        from ``posts`` (FTS5 ``'rebuild'``,
        https://www.sqlite.org/fts5.html#the_rebuild_command, with a ``hashsize`` of
        :data:`REBUILD_HASH_BYTES`, then the default again), creates the indexes again (one
        sort each, with the page cache shrunk to :data:`SORT_CACHE_KIB` for the rest of the
        transaction) and creates the triggers again. All inside the caller's transaction:
        the indexes are complete when it commits, and a failure rolls the dropped ones back
        with everything else."""
        triggers = self.conn.execute(
            "select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'posts'"
            " and sql like '%posts_fts%'"
        ).fetchall()
        indexes = self.conn.execute(
            "select name, sql from sqlite_master where type = 'index' and tbl_name = 'posts'"
            " and sql is not null"
        ).fetchall()
        for name, _ in triggers:
            self.conn.execute(f'drop trigger "{name}"')
        for name, _ in indexes:
            self.conn.execute(f'drop index "{name}"')
        yield
        # A larger in-memory hash for the rebuild: fewer, larger segments to write and merge
        # (3 M posts: 18 s instead of 25 s, ~20 MB more memory). Set back to the default
        # before the commit: the value is stored, and row-by-row writes do better with it.
        self.conn.execute(
            "insert into posts_fts (posts_fts, rank) values ('hashsize', ?)", [REBUILD_HASH_BYTES]
        )
        self.conn.execute("insert into posts_fts (posts_fts) values ('rebuild')")
        self.conn.execute(
            "insert into posts_fts (posts_fts, rank) values ('hashsize', ?)", [FTS_HASH_BYTES]
        )
        # Each index is built by a sort that may hold as much memory as the page cache, and
        # so may the grouped passes that follow: from here on the cache is small, so the
        # two never add up (peak memory).
        self.conn.execute(f"PRAGMA cache_size = -{SORT_CACHE_KIB}")
        for _, sql in indexes:
            self.conn.execute(sql)
        for _, sql in triggers:
            self.conn.execute(sql)

    def _merge_posts(
        self, posts: Iterable[NewPost | PostRow]
    ) -> tuple[ImportResult, str | None, str]:
        """Merge posts into ``posts`` (call inside a transaction): new ones inserted, changed
        ones updated, the rest left alone. Returns the counts and the ``pairs`` to hand to
        :meth:`_refresh_derived` once the transaction's other writes are done:
        :data:`ALL_PAIRS` after a first import (rebuilt in grouped passes, not pair by pair),
        else SQL selecting the (day, person) pairs whose plan or summary may have changed;
        and SQL selecting the person ids of the merged posts (for :meth:`_add_placeholders`).

        Posts are classified in Python (zone rules). Into an empty table they go straight in
        (a bulk load: of two copies of one ``ts`` the later replaces the earlier); otherwise
        they are staged in a temporary table in batches, and comparing, inserting and
        updating are set operations in SQLite. When most of the table is new, the full-text
        index is rebuilt once instead of row by row (:meth:`_bulk_load`). Memory
        stays bounded either way."""
        rows = self._post_rows(posts)
        # Whether the table is empty, without counting millions of rows.
        if self.conn.execute("select not exists (select 1 from posts)").fetchone()[0]:
            with self._bulk_load():
                received = self._write_rows(
                    f"insert or replace into posts ({_POST_COLUMNS})"
                    " values (?,?,?,?,?,?,?,?,?,?,?,?)",
                    rows,
                )
            new = self.conn.execute("select count(*) from posts").fetchone()[0]
            result = ImportResult(
                posts_new=new,
                posts_updated=0,
                posts_unchanged=0,
                people=0,
                duplicates=received - new,
                older_edits=0,
            )
            return result, ALL_PAIRS, "select person_id from posts"
        self.conn.execute(
            "create temp table if not exists incoming (channel_id text, ts text, person_id text,"
            " text text, text_plain text, posted_at text, edited_ts text, thread_ts text,"
            " subtype text, day text, kind text, kind_hint text, primary key (channel_id, ts))"
        )
        self.conn.execute("delete from temp.incoming")
        received = self._write_rows(
            "insert or replace into temp.incoming values (?,?,?,?,?,?,?,?,?,?,?,?)", rows
        )
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
        updated = self.conn.execute(f"select count(*) {changed}").fetchone()[0]
        kept = self.conn.execute(
            f"select count(*) {joined} where {differs} and {older}"
        ).fetchone()[0]
        self.conn.execute("create temp table if not exists touched (day text, person_id text)")
        self.conn.execute("delete from temp.touched")
        # The (day, person) pairs whose plan or summary may change: before and after.
        self.conn.execute(
            f"insert into temp.touched select p.day, p.person_id {changed} "
            f"union all select i.day, i.person_id {changed} "
            f"union all select i.day, i.person_id {fresh}"
        )
        arriving = self.conn.execute(f"select count(*) {fresh}").fetchone()[0]
        # Most of the table new or rewritten: one rebuild of the search index beats keeping
        # it in step row by row.
        # (The table is counted only when enough arrives for it to matter.)
        bulk = (
            updated + arriving >= BULK_MIN_ROWS
            and updated + arriving
            >= (self.conn.execute("select count(*) from posts").fetchone()[0])
        )
        with self._bulk_load() if bulk else nullcontext():
            if updated:
                self.conn.execute(
                    "update posts set person_id = i.person_id, text = i.text,"
                    " text_plain = i.text_plain, posted_at = i.posted_at,"
                    " edited_ts = i.edited_ts, thread_ts = i.thread_ts, subtype = i.subtype,"
                    " day = i.day, kind = i.kind, kind_hint = i.kind_hint"
                    " from temp.incoming i"
                    " where posts.channel_id = i.channel_id and posts.ts = i.ts"
                    " and (posts.text is not i.text or posts.text_plain is not i.text_plain"
                    " or posts.edited_ts is not i.edited_ts or posts.kind_hint is not i.kind_hint)"
                    " and not (posts.edited_ts is not null and (i.edited_ts is null"
                    " or ldtui_ts_before(i.edited_ts, posts.edited_ts)))"
                )
            self.conn.execute(
                f"insert into posts ({_POST_COLUMNS}) select i.channel_id, i.ts,"
                " i.person_id, i.text, i.text_plain, i.posted_at, i.edited_ts, i.thread_ts,"
                f" i.subtype, i.day, i.kind, i.kind_hint {fresh}"
            )
        new = arriving  # the insert above wrote exactly the fresh rows
        self.conn.execute(
            "create temp table if not exists posters (person_id text primary key) without rowid"
        )
        self.conn.execute("delete from temp.posters")
        self.conn.execute("insert or ignore into temp.posters select person_id from temp.incoming")
        self.conn.execute("delete from temp.incoming")
        result = ImportResult(
            posts_new=new,
            posts_updated=updated,
            posts_unchanged=staged - new - updated - kept,
            people=0,
            duplicates=received - staged,
            older_edits=kept,
        )
        return (
            result,
            "select distinct day, person_id from temp.touched",
            "select person_id from temp.posters",
        )

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
            self._reclassify(moved, all_days=True)
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

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (in its own transaction, or the caller's if one is open)."""
        with self.write():
            self.db.table("settings").upsert({"key": key, "value": value}, pk="key")
