"""``ldtui away``: people away by id or name are left out of the counts and of nudges, and
only for the days they are away.

Runs are in-process (click's CliRunner) on a real SQLite file in tmp_path, with the data of
:mod:`team_data`; the ``ldtui``, ``export``, ``imported`` and ``with_webhook`` fixtures come
from ``tests/cli/conftest.py``.
"""

from __future__ import annotations

import csv
import io
import json

from cli_runner import Ldtui
from team_data import PREV, THU
from webhook_server import FakeSlack


def test_away_by_id_and_by_name(imported: Ldtui) -> None:
    output = imported.ok(
        "away", "U3", "--from", THU.isoformat(), "--to", THU.isoformat(), "--reason", "dentist"
    )
    assert output.strip() == "Carol is away from 2025-11-27 to 2025-11-27 (dentist)"
    output = imported.ok("away", "dan", "--from", "2025-11-20", "--to", "2025-11-27")
    assert output.strip() == "Dan is away from 2025-11-20 to 2025-11-27"
    # A part of a name is enough when only one person has it.
    output = imported.ok("away", "aro", "--from", "2025-12-04", "--to", "2025-12-04")
    assert output.startswith("Carol is away")


def test_away_ambiguous_name_lists_candidates(imported: Ldtui) -> None:
    path = imported.write_people("id,name\nU6,Sam Lee\nU7,Sam Park\n")
    imported.ok("people", "import", str(path))
    result = imported("away", "Sam", "--from", THU.isoformat(), "--to", THU.isoformat())
    assert result.exit_code != 0
    assert "matches several people" in result.output
    assert "Sam Lee (U6)" in result.output and "Sam Park (U7)" in result.output
    # The exact name picks one.
    assert imported.ok("away", "sam park", "--from", "2025-11-27", "--to", "2025-11-27")


def test_away_unknown_person_and_reversed_dates(imported: Ldtui) -> None:
    result = imported("away", "Zelda", "--from", THU.isoformat(), "--to", THU.isoformat())
    assert result.exit_code != 0
    assert "nobody called 'Zelda'" in result.output

    result = imported("away", "Carol", "--from", THU.isoformat(), "--to", PREV.isoformat())
    assert result.exit_code != 0
    assert "2025-11-20" in result.output and "2025-11-27" in result.output
    assert "before it starts" in result.output
    assert imported.history()[THU.isoformat()]["roster"] == 6  # nothing recorded


def test_away_people_are_not_counted_as_missing(imported: Ldtui) -> None:
    before = imported.history()
    assert before[THU.isoformat()] == {
        "day": "2025-11-27",
        "roster": 6,
        "plans": 4,
        "summaries": 2,
        "both": 2,
        "skipped": None,
    }
    assert before[PREV.isoformat()]["roster"] == 5

    imported.ok("away", "Carol", "--from", THU.isoformat(), "--to", THU.isoformat())
    after = imported.history()
    assert after[THU.isoformat()] == {**before[THU.isoformat()], "roster": 5}
    assert after[PREV.isoformat()] == before[PREV.isoformat()]  # only the days away

    # Someone away who posted anyway still counts.
    imported.ok("away", "Bob", "--from", THU.isoformat(), "--to", THU.isoformat())
    assert imported.history()[THU.isoformat()]["roster"] == 5


def test_nudge_skips_people_away(with_webhook: Ldtui, fake_slack: FakeSlack) -> None:
    ldtui = with_webhook
    ldtui.ok("away", "Carol", "--from", PREV.isoformat(), "--to", THU.isoformat())
    result = ldtui("nudge", "--missing", "plan", "--day", THU.isoformat())
    assert result.exit_code == 0, result.output
    assert "Dan (U4)" in result.output
    assert "Carol" not in result.output and "(U3)" not in result.output
    [request] = fake_slack.requests
    assert "<@U4>" in request.json["text"]
    assert "U3" not in request.json["text"]


def test_roster_json_and_csv_say_team_and_away(imported: Ldtui) -> None:
    path = imported.write_people("id,name,team\nU1,Alice,robotics\n")
    imported.ok("people", "import", str(path))
    day = THU.isoformat()
    imported.ok("away", "Carol", "--from", day, "--to", day, "--reason", "dentist")
    imported.ok("away", "Bob", "--from", day, "--to", day)  # posted anyway; no reason given

    people = {p["id"]: p for p in json.loads(imported.ok("roster", "--day", day))["people"]}
    assert (people["U1"]["team"], people["U1"]["away"]) == ("robotics", None)
    assert (people["U3"]["team"], people["U3"]["away"]) == (None, "dentist")
    assert people["U2"]["away"] == "" and people["U2"]["plan"] == "reading the click docs"
    assert people["U4"]["away"] is None  # expected, and missing

    output = imported.ok("roster", "--day", day, "--format", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(output))}
    assert (rows["U1"]["team"], rows["U1"]["away"]) == ("robotics", "")
    assert (rows["U3"]["team"], rows["U3"]["away"]) == ("", "dentist")
    # The day before, nobody is away.
    previous = json.loads(imported.ok("roster", "--day", PREV.isoformat()))["people"]
    assert all(p["away"] is None for p in previous)
