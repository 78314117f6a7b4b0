"""``ldtui people import`` and ``import --team``: teams and zones from a people file or an
import, kept across re-imports; a bad row writes nothing.

Runs are in-process (click's CliRunner) on a real SQLite file in tmp_path, with the data of
:mod:`team_data`; the ``ldtui``, ``export``, ``imported`` and ``with_webhook`` fixtures come
from ``tests/cli/conftest.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import Ldtui
from team_data import THU

# --------------------------------------------------------------------------- people import


def test_people_import_sets_teams_and_zones(imported: Ldtui) -> None:
    path = imported.write_people(
        "id,name,team,tz,favourite_colour\n"
        "U1,,robotics,Europe/Paris,blue\n"
        "U2,Robert,design,,green\n"
        "U9,Nia,robotics,Africa/Lagos,red\n"
    )
    output = imported.ok("people", "import", str(path))
    assert "1 added, 2 updated" in output
    assert "favourite" not in output and "blue" not in output

    people = imported.people()
    assert people["U1"] == ["Alice", "robotics", "Europe/Paris"]  # empty name kept
    assert people["U2"] == ["Robert", "design", "America/New_York"]  # empty tz kept
    assert people["U9"] == ["Nia", "robotics", "Africa/Lagos"]  # added
    assert people["U3"] == ["Carol", "-", "Asia/Tokyo"]  # not in the file: untouched
    assert "UB" not in people  # bots are not people
    assert set(imported.people(team="robotics")) == {"U1", "U9"}
    assert set(imported.people(team="design")) == {"U2"}

    roster = json.loads(imported.ok("roster", "--day", THU.isoformat(), "--format", "json"))
    by_id = {p["id"]: p for p in roster["people"]}
    assert by_id["U1"]["tz"] == "Europe/Paris"
    assert by_id["U2"]["name"] == "Robert"
    assert by_id["U2"]["tz"] == "America/New_York"
    assert "U9" not in by_id  # known now, but neither a member nor a poster


def test_people_import_new_zone_reclassifies_posts(imported: Ldtui) -> None:
    # Bob's unmarked "reading the click docs" at 13:00 UTC is 08:00 in New York (a plan);
    # in Tokyo it is 22:00 (a summary).
    before = imported.history()[THU.isoformat()]
    assert (before["plans"], before["summaries"]) == (4, 2)
    imported.ok("people", "import", str(imported.write_people("id,tz\nU2,Asia/Tokyo\n")))
    after = imported.history()[THU.isoformat()]
    assert (after["plans"], after["summaries"]) == (3, 3)
    roster = json.loads(imported.ok("roster", "--day", THU.isoformat(), "--format", "json"))
    bob = next(p for p in roster["people"] if p["id"] == "U2")
    assert bob["tz"] == "Asia/Tokyo"
    assert bob["plan_at"] is None
    assert bob["summary_at"] == "2025-11-27T13:00:00+00:00"
    assert bob["summary"] == "reading the click docs"


def test_people_import_dash_clears_a_team(imported: Ldtui) -> None:
    imported.ok("people", "import", str(imported.write_people("id,team\nU1,robotics\n")))
    assert imported.people()["U1"][1] == "robotics"
    imported.ok("people", "import", str(imported.write_people("id,team\nU1,-\n", "clear.csv")))
    assert imported.people()["U1"][1] == "-"


@pytest.mark.parametrize(
    ("bad_row", "said"),
    [
        ("U2,,design,Mars/Olympus_Mons", "tz 'Mars/Olympus_Mons' is not an IANA time zone"),
        (",Nobody,design,UTC", "empty id"),
        ("U1,Alice again,design,", "id U1 already on line 2"),
        ("U99,,design,UTC", "U99 is not known yet"),
    ],
    ids=["bad-tz", "empty-id", "duplicate-id", "unknown-without-name"],
)
def test_people_import_bad_row_writes_nothing(imported: Ldtui, bad_row: str, said: str) -> None:
    first = imported.write_people("id,team,tz\nU1,robotics,\n", "first.csv")
    imported.ok("people", "import", str(first))
    before = imported.people()
    assert before["U1"] == ["Alice", "robotics", "Europe/Berlin"]

    path = imported.write_people(
        f"id,name,team,tz,notes\nU1,,design,Europe/London,x\n{bad_row}\nU8,Zed,design,UTC,y\n"
    )
    result = imported("people", "import", str(path))
    assert result.exit_code != 0
    assert "line 3" in result.output
    assert said in result.output
    assert "nothing was written" in result.output
    assert "Traceback" not in result.output
    # Lines 2 and 4 are good, and still nothing of them was written.
    assert imported.people() == before
    assert "U8" not in before


def test_people_import_file_without_id_column(imported: Ldtui) -> None:
    result = imported("people", "import", str(imported.write_people("name,team\nAlice,x\n")))
    assert result.exit_code != 0
    assert "line 1" in result.output and "id" in result.output


# --------------------------------------------------------------------------- import --team


def test_import_with_team_puts_members_and_posters_in_it(ldtui: Ldtui, export: Path) -> None:
    output = ldtui.ok(
        "import", "slack-export", str(export), "--channel", "learning-day", "--team", "robotics"
    )
    assert "(team robotics)" in output
    team = ldtui.people(team="robotics")
    # Members U1..U5, and Pat who posted without being a member; not Xena, not the bot.
    assert set(team) == {"U1", "U2", "U3", "U4", "U5", "UP"}
    assert ldtui.people()["UX"][1] == "-"

    # Importing again without --team keeps the teams.
    ldtui.ok("import", "slack-export", str(export), "--channel", "learning-day")
    assert set(ldtui.people(team="robotics")) == {"U1", "U2", "U3", "U4", "U5", "UP"}
