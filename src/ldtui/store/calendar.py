"""Teams, people away and skipped Thursdays (company holidays)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ldtui.store.derived import NO_PAIRS
from ldtui.store.ledger import Ledger

if TYPE_CHECKING:
    pass


class Calendar(Ledger):
    """Teams, people away, and skipped Thursdays."""

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
            self._refresh_derived(NO_PAIRS, all_days=True)

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

    def replace_away(
        self,
        reason: str,
        person_ids: Iterable[str],
        since: date,
        periods: Iterable[tuple[str, date, date]],
    ) -> int:
        """Make the away periods of ``person_ids`` with ``reason`` that end on or after
        ``since`` exactly ``periods`` (``(person_id, first_day, last_day)``, inclusive local
        dates): a source's current view, such as Geekbot's out of office. Periods with another
        reason, of other people, or ending before ``since`` are kept; periods of people not in
        ``person_ids``, reversed, repeated or ending before ``since`` are ignored. One
        transaction (the caller's, if one is open). Returns how many periods were not
        recorded before."""
        ids = list(dict.fromkeys(person_ids))
        wanted = set(ids)
        rows = {
            (p, first.isoformat(), last.isoformat())
            for p, first, last in periods
            if p in wanted and first <= last and last >= since
        }
        where = "reason = ? and last_day >= ? and person_id in (select value from json_each(?))"
        args = [reason, since.isoformat(), json.dumps(ids)]
        with self.write():
            before = set(
                self.conn.execute(
                    f"select person_id, first_day, last_day from away where {where}", args
                ).fetchall()
            )
            self.conn.execute(f"delete from away where {where}", args)
            self.conn.executemany(
                "insert into away (person_id, first_day, last_day, reason) values (?, ?, ?, ?)",
                [(p, f, last, reason) for p, f, last in sorted(rows)],
            )
        return len(rows - before)

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
