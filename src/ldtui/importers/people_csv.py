"""Read a people file (CSV): who is on which team, their names and time zones.

Columns (header row required; names case-insensitive, unknown columns ignored):
``id`` (Slack user id, required), ``name``, ``team``, ``tz`` (IANA zone), and the mention ids
of other chat platforms: ``slack_id``, ``discord_id``, ``mattermost_username``, ``teams_upn``,
``google_chat_id``. Empty cells leave what is stored unchanged (``team`` may be set to ``-``
to clear it).

The whole file is checked before anything is returned, so a caller can write all or nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ldtui.records import PersonRow

MENTION_COLUMNS = ("slack_id", "discord_id", "mattermost_username", "teams_upn", "google_chat_id")
"""Per-platform mention ids a people file may carry."""


class PeopleFileError(ValueError):
    """A people file that cannot be used; the message names the file and line."""


def read_people_csv(path: Path) -> list[PersonRow]:
    """Read and check a people CSV file; return its rows in file order.

    Raises :class:`PeopleFileError` naming the file and line for: a missing file or header,
    no ``id`` column, an empty id, an id given twice, or a ``tz`` that is not an IANA zone.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PeopleFileError(f"{path}: cannot read: {exc}") from exc
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise PeopleFileError(f"{path}: empty file (expected a header: id,name,team,tz)") from None
    if "id" not in header:
        raise PeopleFileError(f"{path}, line 1: no 'id' column (header: {', '.join(header)})")
    rows: list[PersonRow] = []
    seen: dict[str, int] = {}
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        cells = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}
        pid = cells.get("id", "")
        if not pid:
            raise PeopleFileError(f"{path}, line {line}: empty id")
        if pid in seen:
            raise PeopleFileError(f"{path}, line {line}: id {pid} already on line {seen[pid]}")
        seen[pid] = line
        tz = cells.get("tz") or None
        if tz:
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                raise PeopleFileError(
                    f"{path}, line {line}: tz {tz!r} is not an IANA time zone"
                ) from None
        team = cells.get("team") or None
        rows.append(
            PersonRow(
                line=line,
                id=pid,
                name=cells.get("name") or None,
                team="" if team == "-" else team,
                tz=tz,
                mention_ids={c: cells[c] for c in MENTION_COLUMNS if cells.get(c)},
            )
        )
    return rows
