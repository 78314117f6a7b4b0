"""``ldtui export``: every counted post between two dates as JSON, CSV and Markdown.

Runs are in-process (click's CliRunner) on a real SQLite file in tmp_path, with the data of
:mod:`team_data`; the ``ldtui``, ``export``, ``imported`` and ``with_webhook`` fixtures come
from ``tests/cli/conftest.py``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from cli_runner import Ldtui
from team_data import KAI, KAI_MD, PREV, THU


def as_csv_cell(value: object) -> str:
    return "" if value is None else str(value)


@pytest.fixture
def with_teams(ldtui: Ldtui, export: Path) -> Ldtui:
    ldtui.ok(
        "import", "slack-export", str(export), "--channel", "learning-day", "--team", "robotics"
    )
    ldtui.ok("people", "import", str(ldtui.write_people("id,team\nU2,design\nU5,-\n")))
    return ldtui


def test_export_json_and_csv_round_trip(with_teams: Ldtui) -> None:
    ldtui = with_teams
    span = ("--from", PREV.isoformat(), "--to", THU.isoformat())
    rows = json.loads(ldtui.ok("export", *span, "--format", "json"))
    csv_text = ldtui.ok("export", *span, "--format", "csv")
    csv_rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert csv_text.splitlines()[0].split(",") == list(rows[0])
    assert [{k: as_csv_cell(v) for k, v in row.items()} for row in rows] == csv_rows

    # Every post counted between the dates, and nothing else (OLD, the bot).
    assert sorted(
        (r["day"], r["person_id"], r["kind"], r["posted_at_utc"]) for r in rows
    ) == sorted(
        [
            ("2025-11-20", "U1", "plan", "2025-11-20T08:00:00+00:00"),
            ("2025-11-20", "U3", "summary", "2025-11-20T11:00:00+00:00"),
            ("2025-11-20", "U2", "summary", "2025-11-20T20:00:00+00:00"),
            ("2025-11-27", "U1", "plan", "2025-11-27T07:00:00+00:00"),
            ("2025-11-27", "U5", "plan", "2025-11-27T09:00:00+00:00"),
            ("2025-11-27", "UP", "plan", "2025-11-27T10:00:00+00:00"),
            ("2025-11-27", "U2", "plan", "2025-11-27T13:00:00+00:00"),
            ("2025-11-27", "U1", "summary", "2025-11-27T16:00:00+00:00"),
            ("2025-11-27", "U5", "summary", "2025-11-27T17:00:00+00:00"),
        ]
    )
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)

    def row(pid: str, day: date, kind: str) -> dict:
        [found] = [
            r for r in rows if (r["person_id"], r["day"], r["kind"]) == (pid, day.isoformat(), kind)
        ]
        return found

    alice = row("U1", THU, "plan")
    assert alice["name"] == "Alice"
    assert alice["team"] == "robotics"
    assert alice["tz"] == "Europe/Berlin"
    assert alice["posted_at_local"] == "2025-11-27T08:00:00+01:00"  # CET in November
    assert alice["text"] == "Plan: read the Raft paper"
    assert "papers" in alice["topics"].split(",")
    assert "reimplementation" in row("U1", THU, "summary")["topics"].split(",")

    bob = row("U2", THU, "plan")
    assert bob["team"] == "design"
    assert bob["posted_at_local"] == "2025-11-27T08:00:00-05:00"
    assert bob["topics"] == ""
    carol = row("U3", PREV, "summary")
    assert carol["posted_at_local"] == "2025-11-20T20:00:00+09:00"
    kai = row("U5", THU, "summary")
    assert kai["name"] == KAI
    assert kai["team"] is None  # cleared with "-"
    assert kai["topics"] == "math-stats"
    assert row("UP", THU, "plan")["team"] == "robotics"  # a poster brought by --team


def test_export_markdown(with_teams: Ldtui) -> None:
    output = with_teams.ok(
        "export", "--from", PREV.isoformat(), "--to", THU.isoformat(), "--format", "md"
    )
    assert "## Learning Day 2025-11-20" in output
    assert "## Learning Day 2025-11-27" in output
    assert output.index("## Learning Day 2025-11-20") < output.index("## Learning Day 2025-11-27")
    assert "- **Alice** (plan, 08:00 local): Plan: read the Raft paper" in output
    assert "- **Carol** (summary, 20:00 local): til: zoneinfo" in output
    assert f"- **{KAI_MD}** (summary, 17:00 local)" in output
    assert KAI not in output
    assert "old stuff" not in output


def test_export_empty_range(imported: Ldtui) -> None:
    output = imported.ok("export", "--from", "2024-01-01", "--to", "2024-02-01", "--format", "json")
    assert json.loads(output) == []


def test_export_without_dates_is_the_last_12_thursdays(
    imported: Ldtui, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from team_data import OLD

    from ldtui.cli import base

    def days(*args: str) -> set[str]:
        return {row["day"] for row in json.loads(imported.ok("export", *args, "--format", "json"))}

    # Friday noon, 2026-02-06: the last Thursday is 2026-02-05; 12 Thursdays back to 2025-11-20.
    monkeypatch.setattr(base, "now_utc", lambda: datetime(2026, 2, 6, 12, tzinfo=UTC))
    assert days() == {PREV.isoformat(), THU.isoformat()}  # OLD, 2025-11-13, is 13 back
    # One week later, PREV falls out; --to alone ends the 12 there; --from alone runs to today.
    monkeypatch.setattr(base, "now_utc", lambda: datetime(2026, 2, 13, 12, tzinfo=UTC))
    assert days() == {THU.isoformat()}
    assert days("--to", "2026-01-29") == {OLD.isoformat(), PREV.isoformat(), THU.isoformat()}
    assert days("--from", PREV.isoformat()) == {PREV.isoformat(), THU.isoformat()}
