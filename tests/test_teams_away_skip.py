"""Teams, people away, skipped Thursdays, the digest and the export, through the ``ldtui``
command line (click's CliRunner) on a real SQLite file in tmp_path.

Nudges go to the loopback Slack (``fake_slack``); exports are written with
:mod:`export_builder`; the people file and the iCalendar file are written by each test.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from export_builder import message, person, write_export
from test_cli import Ldtui as CliLdtui
from webhook_server import WEBHOOK_PATH, FakeSlack

from ldtui.store import Store

THU = date(2025, 11, 27)
PREV = date(2025, 11, 20)
OLD = date(2025, 11, 13)
KAI = "Kai [bold]x[/bold]"
KAI_MD = r"Kai \[bold\]x\[/bold\]"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


PEOPLE = [
    person("U1", "Alice", tz="Europe/Berlin"),
    person("U2", "Bob", tz="America/New_York"),
    person("U3", "Carol", tz="Asia/Tokyo"),
    person("U4", "Dan", tz="UTC"),
    person("U5", KAI, tz="UTC"),
    person("UP", "Pat", tz="UTC", member=False),  # posts without being a member
    person("UX", "Xena", tz="UTC", member=False),  # neither a member nor a poster
    person("UB", "Standup Bot", is_bot=True),
]

MESSAGES = [
    # THU: 6 on the roster (5 members + Pat who posted)
    message("U1", at(THU, 7), "Plan: read the Raft paper"),  # 08:00 Berlin
    message("U1", at(THU, 16), "Summary: wrote a Rust parser from scratch"),
    message("U2", at(THU, 13), "reading the click docs"),  # 08:00 New York: a plan
    message("U5", at(THU, 9), "plan: linear algebra"),
    message("U5", at(THU, 17), "summary: linear algebra eigenvalues [bold]done[/bold]"),
    message("UP", at(THU, 10), "plan: kubernetes tutorial"),
    message("UB", at(THU, 9), "Standup time!"),
    # PREV
    message("U1", at(PREV, 8), "Plan: read the seed"),
    message("U3", at(PREV, 11), "til: zoneinfo"),  # 20:00 Tokyo: a summary
    message("U2", at(PREV, 20), "summary: learned about rrule"),
    # OLD: outside the export range used below
    message("U1", at(OLD, 9), "Plan: old stuff"),
]

PARTICIPATION_THU = "2 of 6 posted a plan and a summary (33%). Plans: 4. Summaries: 2."


class Ldtui(CliLdtui):
    """test_cli's runner, with the shortcuts these tests use."""

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, (args, result.output)
        return result.output

    def people(self, team: str | None = None) -> dict[str, list[str]]:
        """``people list`` as id -> [name, team, tz]."""
        extra = ("--team", team) if team is not None else ()
        rows = {}
        for line in self.ok("people", "list", *extra).splitlines():
            pid, *rest = line.split("\t")
            rows[pid] = rest
        return rows

    def history(self) -> dict[str, dict]:
        return {row["day"]: row for row in json.loads(self.ok("history", "--format", "json"))}

    def nudges(self, day: date) -> list:
        store = Store(self.db)
        try:
            return store.nudges(day)
        finally:
            store.close()

    def write_people(self, text: str, name: str = "people.csv") -> Path:
        path = self.tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def ldtui(tmp_path: Path) -> Iterator[Ldtui]:
    runner = Ldtui(tmp_path)
    yield runner
    for output in runner.outputs:
        assert WEBHOOK_PATH not in output  # the secret never shows
        assert "Traceback" not in output


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path, people=PEOPLE, messages=MESSAGES)


@pytest.fixture
def imported(ldtui: Ldtui, export: Path) -> Ldtui:
    ldtui.ok("import", "slack-export", str(export), "--channel", "learning-day")
    return ldtui


@pytest.fixture
def with_webhook(imported: Ldtui, fake_slack: FakeSlack) -> Ldtui:
    imported.write_config(f'webhook_url = "{fake_slack.url}"\n')
    return imported


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


# --------------------------------------------------------------------------- away


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


# --------------------------------------------------------------------------- skip


def skip_list(ldtui: Ldtui) -> dict[str, str]:
    rows = {}
    for line in ldtui.ok("skip", "--list").splitlines():
        if line == "No Thursday is skipped.":
            continue
        day, reason = line.split("  ", 1)
        rows[day] = reason
    return rows


def test_skip_list_and_remove(imported: Ldtui) -> None:
    output = imported.ok("skip", "2025-12-25", "--reason", "Christmas")
    assert "skipped 2025-12-25  Christmas" in output
    assert "1 Thursday skipped" in output
    output = imported.ok("skip", "2026-01-01", "2026-01-08")
    assert "2 Thursdays skipped" in output
    assert skip_list(imported) == {
        "2025-12-25": "Christmas",
        "2026-01-01": "skipped",
        "2026-01-08": "skipped",
    }

    output = imported.ok("skip", "--remove", "2026-01-01")
    assert output.strip() == "2026-01-01 is a Learning Day again"
    output = imported.ok("skip", "--remove", "2026-01-01")
    assert output.strip() == "2026-01-01 was not skipped"
    assert skip_list(imported) == {"2025-12-25": "Christmas", "2026-01-08": "skipped"}


def test_skip_refuses_other_weekdays(imported: Ldtui) -> None:
    result = imported("skip", "2025-12-24", "2025-12-25")
    assert result.exit_code != 0
    assert "2025-12-24 is a Wednesday" in result.output
    assert "Learning Day is Thursday" in result.output
    assert skip_list(imported) == {}  # not even the Thursday given with it


def test_skip_without_days_is_a_usage_error(imported: Ldtui) -> None:
    result = imported("skip")
    assert result.exit_code != 0
    assert "--ics" in result.output and "--list" in result.output


def _thursday_on_or_after(day: date) -> date:
    return day + timedelta(days=(3 - day.weekday()) % 7)


def _ics_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _event(uid: str, summary: str, first: date, end: date | None = None, rule: str = "") -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}@ldtui.test",
        "DTSTAMP:20250101T000000Z",
        f"DTSTART;VALUE=DATE:{_ics_date(first)}",
    ]
    if end is not None:
        lines.append(f"DTEND;VALUE=DATE:{_ics_date(end)}")
    if rule:
        lines.append(f"RRULE:{rule}")
    lines += [f"SUMMARY:{summary}", "END:VEVENT"]
    return "\r\n".join(lines)


def test_skip_from_ics(imported: Ldtui, tmp_path: Path) -> None:
    # Dates relative to today: `skip --ics` reads holidays from 5 years back to 2 ahead.
    today = datetime.now(UTC).date()
    founders = _thursday_on_or_after(today + timedelta(days=21))
    offsite_thu = founders + timedelta(days=28)
    offsite_start = offsite_thu - timedelta(days=2)  # Tuesday to Saturday (DTEND exclusive)
    offsite_end = offsite_thu + timedelta(days=3)
    monday = founders + timedelta(days=53)
    assert monday.weekday() == 0
    # A yearly holiday, first on a weekday other than Thursday, on a Thursday some year.
    years = list(range(today.year - 3, today.year + 2))  # COUNT=5: all inside the window
    yearly_first, yearly_thursdays = None, []
    for day_of_month in range(1, 29):
        dates = [date(y, 10, day_of_month) for y in years]
        thursdays = [d for d in dates if d.weekday() == 3]
        if dates[0].weekday() != 3 and thursdays:
            yearly_first, yearly_thursdays = dates[0], thursdays
            break
    assert yearly_first is not None

    events = [
        _event("founders", "Founders Day", founders, founders + timedelta(days=1)),
        _event("offsite", "Company off-site", offsite_start, offsite_end),
        _event("harvest", "Harvest Day", yearly_first, rule="FREQ=YEARLY;COUNT=5"),
        _event("monday", "Monday Holiday", monday, monday + timedelta(days=1)),
    ]
    ics = tmp_path / "holidays.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ldtui tests//EN\r\n"
        + "\r\n".join(events)
        + "\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )

    output = imported.ok("skip", "--ics", str(ics))
    expected = {
        founders.isoformat(): "Founders Day",
        offsite_thu.isoformat(): "Company off-site",
        **{d.isoformat(): "Harvest Day" for d in yearly_thursdays},
    }
    n = len(expected)
    assert f"{n} Thursday{'s' if n != 1 else ''} skipped" in output
    assert skip_list(imported) == expected
    assert "Monday Holiday" not in output
    assert monday.isoformat() not in output
    assert yearly_first.isoformat() not in output  # not a Thursday that year


def test_skip_from_bad_ics_is_a_clean_error(imported: Ldtui, tmp_path: Path) -> None:
    ics = tmp_path / "broken.ics"
    ics.write_text("this is not a calendar\n", encoding="utf-8")
    result = imported("skip", "--ics", str(ics))
    assert result.exit_code != 0
    assert "broken.ics" in result.output
    assert skip_list(imported) == {}


def test_skip_days_in_config(imported: Ldtui) -> None:
    imported.write_config('skip_days = ["2025-12-25"]\n')
    assert skip_list(imported) == {"2025-12-25": "skipped (config)"}


def test_nudge_on_a_skipped_thursday_is_refused(with_webhook: Ldtui, fake_slack: FakeSlack) -> None:
    ldtui = with_webhook
    ldtui.ok("skip", THU.isoformat(), "--reason", "Founders Day")
    result = ldtui("nudge", "--missing", "plan", "--day", THU.isoformat())
    assert result.exit_code != 0
    assert "2025-11-27 is skipped (Founders Day): no nudges sent" in result.output
    assert fake_slack.requests == []
    assert ldtui.nudges(THU) == []  # not even a dry-run row

    # A Thursday that is not skipped still nudges.
    result = ldtui("nudge", "--missing", "summary", "--day", PREV.isoformat())
    assert result.exit_code == 0, result.output
    assert len(fake_slack.requests) == 1


def test_nudge_on_a_thursday_skipped_in_config_is_refused(
    imported: Ldtui, fake_slack: FakeSlack
) -> None:
    imported.write_config(f'webhook_url = "{fake_slack.url}"\nskip_days = ["{THU.isoformat()}"]\n')
    result = imported("nudge", "--missing", "plan", "--day", THU.isoformat())
    assert result.exit_code != 0
    assert "2025-11-27 is skipped" in result.output
    assert "no nudges sent" in result.output
    assert fake_slack.requests == []


# --------------------------------------------------------------------------- digest


def test_digest_markdown(imported: Ldtui) -> None:
    output = imported.ok("digest", "--day", THU.isoformat(), "--format", "md")
    lines = output.splitlines()
    assert lines[0] == "# Learning Day digest: Thursday 2025-11-27"
    assert PARTICIPATION_THU in lines
    topics = next(line for line in lines if line.startswith("Topics: "))
    assert topics.startswith("Topics: Engineering 2 · ")
    for shown in ("Reading papers 1", "Maths and statistics 1", "Tutorials and courses 1"):
        assert shown in topics
    # Names and texts are literal: Markdown punctuation escaped, never markup.
    assert any(line.startswith(f"- **{KAI_MD}**") for line in lines)
    assert r"eigenvalues \[bold\]done\[/bold\]" in output
    assert KAI not in output
    assert any(line.startswith("- **Alice**") and "Rust parser" in line for line in lines)
    planned = next(line for line in lines if line.startswith("Planned but no summary yet:"))
    assert "Bob" in planned and "Pat" in planned
    assert "Carol" not in output and "Dan" not in output  # no post: not named


def test_digest_text(imported: Ldtui) -> None:
    output = imported.ok("digest", "--day", THU.isoformat(), "--format", "text")
    lines = output.splitlines()
    assert lines[0] == "Learning Day digest: Thursday 2025-11-27"
    assert PARTICIPATION_THU in lines
    assert any(line.startswith("Topics: Engineering 2") for line in lines)
    assert any(line.startswith(f"- {KAI} (Maths and statistics): ") for line in lines)
    assert "eigenvalues [bold]done[/bold]" in output
    assert "\\[" not in output and "**" not in output


def test_digest_counts_follow_away_team_and_skip(imported: Ldtui) -> None:
    imported.ok("away", "Carol", "--from", THU.isoformat(), "--to", THU.isoformat())
    output = imported.ok("digest", "--day", THU.isoformat(), "--format", "text")
    assert "2 of 5 posted a plan and a summary (40%)." in output

    path = imported.write_people("id,team\nU1,robotics\nU2,robotics\nU4,robotics\n")
    imported.ok("people", "import", str(path))
    output = imported.ok(
        "digest", "--day", THU.isoformat(), "--format", "text", "--team", "robotics"
    )
    assert "1 of 3 posted a plan and a summary (33%). Plans: 2. Summaries: 1." in output
    assert "Kai" not in output

    imported.ok("skip", THU.isoformat(), "--reason", "Founders Day")
    output = imported.ok("digest", "--day", THU.isoformat(), "--format", "md")
    assert "No Learning Day this Thursday: Founders Day." in output
    assert "posted a plan and a summary" not in output


# --------------------------------------------------------------------------- export


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
