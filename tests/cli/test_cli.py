"""Tests for the ``ldtui`` command line, through click's CliRunner.

Every run points ``--db`` and ``--config`` into tmp_path; nudges go to the loopback Slack
(``fake_slack``); exports are written with :mod:`export_builder` or come from the real fixture.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import click
import pytest
from cli_runner import Ldtui
from click.testing import CliRunner
from export_builder import message, person, write_export
from webhook_server import FakeSlack, error

from ldtui.cli import main

THU = date(2025, 11, 27)
PREV_THU = date(2025, 11, 20)

PEOPLE = [
    person("U1", "Alice", tz="Europe/Berlin"),
    person("U2", "Bob", tz="America/New_York"),
    person("U3", "Carol", tz="Asia/Tokyo"),
    person("UB", "Standup Bot", is_bot=True),
]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


MESSAGES = [
    message("U1", at(THU, 7), "Plan: pair with <@U2> on SQLite &amp; WAL"),  # 08:00 Berlin
    message("U1", at(THU, 16), "Summary: WAL lets <#C0LEARN> readers &lt;3 writers"),
    message("U2", at(THU, 13), "reading the click docs"),  # 08:00 New York: plan
    message("U2", at(THU, 13, 5), "<@U2> has joined the channel", subtype="channel_join"),
    message("UB", at(THU, 9), "Standup time!"),
    message("U1", at(PREV_THU, 8), "Plan: read the seed"),
    message("U3", at(PREV_THU, 11), "til: zoneinfo"),  # 20:00 Tokyo
    message("U2", at(PREV_THU, 20), "summary: learned about rrule"),
]

ROSTER_FIELDS = [
    *("id", "name", "tz", "plan_at", "summary_at", "plan", "summary", "nudges"),
    *("team", "away"),
]
HISTORY_FIELDS = ["day", "roster", "plans", "summaries", "both", "skipped"]


# The ``ldtui`` runner fixture (tests/cli/conftest.py) checks that no output shows a secret.
# This module's own data: ``export``, ``imported`` and ``with_webhook`` below replace the
# conftest ones here.


@pytest.fixture
def with_webhook(ldtui: Ldtui, fake_slack: FakeSlack) -> Ldtui:
    ldtui.write_config(f'webhook_url = "{fake_slack.url}"\n')
    return ldtui


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path, people=PEOPLE, messages=MESSAGES, other_channels=["random"])


@pytest.fixture
def imported(ldtui: Ldtui, export: Path) -> Ldtui:
    result = ldtui("import", "slack-export", str(export), "--channel", "learning-day")
    assert result.exit_code == 0, result.output
    return ldtui


def summary_numbers(output: str) -> dict[str, str]:
    """The ``  label   value`` lines of an import summary."""
    found = {}
    for line in output.splitlines():
        match = re.match(r"\s{2,}(\S.*?)\s{2,}(\S.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


# --------------------------------------------------------------------------- import


def test_import_prints_summary(ldtui: Ldtui, export: Path) -> None:
    result = ldtui("import", "slack-export", str(export), "--channel", "learning-day")
    assert result.exit_code == 0, result.output
    assert "#learning-day" in result.output
    numbers = summary_numbers(result.output)
    assert numbers["files read"] == "2"
    assert numbers["messages seen"] == "8"
    assert numbers["posts stored"] == "6 new, 0 updated, 0 unchanged"
    assert numbers["people"] == "4"
    assert numbers["skipped"] == "2"
    assert numbers["subtype:channel_join"] == "1"
    assert numbers["bot"] == "1"
    store = ldtui.store()
    assert store.counts()["posts"] == 6
    store.close()


def test_import_twice_prints_zero_new(ldtui: Ldtui, export: Path) -> None:
    args = ("import", "slack-export", str(export), "--channel", "learning-day")
    assert ldtui(*args).exit_code == 0
    result = ldtui(*args)
    assert result.exit_code == 0, result.output
    assert "0 new, 0 updated, 6 unchanged" in result.output
    store = ldtui.store()
    assert store.counts() == {"people": 4, "channels": 1, "posts": 6, "nudges": 0}
    store.close()


def test_import_channel_by_hash_name(ldtui: Ldtui, export: Path) -> None:
    result = ldtui("import", "slack-export", str(export), "--channel", "#learning-day")
    assert result.exit_code == 0, result.output
    assert "6 new" in result.output


def test_import_zip(ldtui: Ldtui, export: Path, tmp_path: Path) -> None:
    import shutil

    archive = shutil.make_archive(str(tmp_path / "export"), "zip", export)
    result = ldtui("import", "slack-export", archive, "--channel", "learning-day")
    assert result.exit_code == 0, result.output
    assert "6 new" in result.output


def _break_day_file(export: Path) -> Path:
    day_file = export / "learning-day" / "2025-11-27.json"
    lines = day_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 4
    lines[3] = lines[3] + " ,,"  # a syntax error on line 4
    day_file.write_text("\n".join(lines), encoding="utf-8")
    return day_file


def test_malformed_json_writes_nothing(ldtui: Ldtui, export: Path) -> None:
    _break_day_file(export)
    result = ldtui("import", "slack-export", str(export), "--channel", "learning-day")
    assert result.exit_code != 0
    assert "learning-day/2025-11-27.json" in result.output
    assert "line 4" in result.output
    assert "Traceback" not in result.output
    store = ldtui.store()
    assert store.counts()["posts"] == 0
    assert store.counts()["people"] == 0
    store.close()


def test_malformed_json_keeps_earlier_data(ldtui: Ldtui, export: Path, tmp_path: Path) -> None:
    first = write_export(
        tmp_path,
        people=PEOPLE[:1],
        messages=[message("U1", at(PREV_THU, 8), "Plan: earlier")],
        folder="earlier",
    )
    assert ldtui("import", "slack-export", str(first), "--channel", "learning-day").exit_code == 0
    _break_day_file(export)
    result = ldtui("import", "slack-export", str(export), "--channel", "learning-day")
    assert result.exit_code != 0
    store = ldtui.store()
    assert store.counts() == {"people": 1, "channels": 1, "posts": 1, "nudges": 0}
    store.close()


def test_missing_users_json(ldtui: Ldtui, export: Path) -> None:
    (export / "users.json").unlink()
    result = ldtui("import", "slack-export", str(export), "--channel", "learning-day")
    assert result.exit_code != 0
    assert "users.json" in result.output
    assert "Traceback" not in result.output


def test_unknown_channel_lists_channels(ldtui: Ldtui, export: Path) -> None:
    result = ldtui("import", "slack-export", str(export), "--channel", "nope")
    assert result.exit_code != 0
    assert "nope" in result.output
    assert "learning-day" in result.output
    assert "random" in result.output


def test_real_fixture_every_channel(ldtui: Ldtui, slack_export_2016: Path) -> None:
    channels = json.loads((slack_export_2016 / "channels.json").read_text(encoding="utf-8"))
    names = [c["name"] for c in channels]
    assert "general" in names
    outputs = {}
    for name in names:
        result = ldtui("import", "slack-export", str(slack_export_2016), "--channel", name)
        assert result.exit_code == 0, f"#{name}: {result.output}"
        outputs[name] = summary_numbers(result.output)

    general = outputs["general"]
    assert general["files read"] == "124"
    assert general["messages seen"] == "476"
    assert general["posts stored"] == "401 new, 0 updated, 0 unchanged"
    assert general["skipped"] == "75"
    assert general["subtype:channel_join"] == "71"
    assert general["subtype:file_comment"] == "2"
    assert general["subtype:bot_add"] == "1"
    assert general["subtype:channel_topic"] == "1"

    store = ldtui.store()
    assert store.counts()["channels"] == len(names)
    store.close()

    # History and roster agree with each other (people in several channels count once).
    history = json.loads(ldtui("history", "--format", "json").output)
    assert history, "the fixture has posts on Learning Days"
    assert [h["day"] for h in history] == sorted((h["day"] for h in history), reverse=True)
    for row in history[:5]:
        roster = json.loads(ldtui("roster", "--day", row["day"], "--format", "json").output)
        people = roster["people"]
        assert row["roster"] == len(people)
        assert row["plans"] == sum(p["plan"] is not None for p in people)
        assert row["summaries"] == sum(p["summary"] is not None for p in people)
        assert row["both"] == sum(
            p["plan"] is not None and p["summary"] is not None for p in people
        )


# --------------------------------------------------------------------------- roster & history


def test_roster_json_shape(imported: Ldtui) -> None:
    result = imported("roster", "--day", THU.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"day", "people"}
    assert data["day"] == "2025-11-27"
    assert [p["name"] for p in data["people"]] == ["Alice", "Bob", "Carol"]
    for row in data["people"]:
        assert list(row) == ROSTER_FIELDS
        for key in ("plan_at", "summary_at"):
            if row[key] is not None:
                moment = datetime.fromisoformat(row[key])
                assert moment.utcoffset() is not None
                assert moment.utcoffset().total_seconds() == 0
        assert isinstance(row["nudges"], int)
    alice, bob, carol = data["people"]
    assert alice == {
        "id": "U1",
        "name": "Alice",
        "tz": "Europe/Berlin",
        "plan_at": "2025-11-27T07:00:00+00:00",
        "summary_at": "2025-11-27T16:00:00+00:00",
        "plan": "Plan: pair with @Bob on SQLite & WAL",
        "summary": "Summary: WAL lets #learning-day readers <3 writers",
        "nudges": 0,
        "team": None,
        "away": None,
    }
    assert (bob["plan_at"], bob["summary_at"]) == ("2025-11-27T13:00:00+00:00", None)
    assert bob["plan"] == "reading the click docs"
    assert bob["summary"] is None
    assert carol == {
        "id": "U3",
        "name": "Carol",
        "tz": "Asia/Tokyo",
        "plan_at": None,
        "summary_at": None,
        "plan": None,
        "summary": None,
        "nudges": 0,
        "team": None,
        "away": None,
    }


def test_roster_csv(imported: Ldtui) -> None:
    result = imported("roster", "--day", THU.isoformat(), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ",".join(ROSTER_FIELDS)
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["name"] for r in rows] == ["Alice", "Bob", "Carol"]
    assert rows[0]["plan"] == "Plan: pair with @Bob on SQLite & WAL"
    assert rows[0]["plan_at"] == "2025-11-27T07:00:00+00:00"
    assert rows[2]["plan_at"] == ""


def test_roster_empty_day(imported: Ldtui) -> None:
    result = imported("roster", "--day", "2025-10-02", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["day"] == "2025-10-02"
    # Members still make the roster, with nothing posted.
    assert [p["plan"] for p in data["people"]] == [None, None, None]


def test_history_json(imported: Ldtui) -> None:
    result = imported("history", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"day": "2025-11-27", "roster": 3, "plans": 2, "summaries": 1, "both": 1, "skipped": None},
        {"day": "2025-11-20", "roster": 3, "plans": 1, "summaries": 2, "both": 0, "skipped": None},
    ]


def test_history_csv(imported: Ldtui) -> None:
    result = imported("history", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        ",".join(HISTORY_FIELDS),
        "2025-11-27,3,2,1,1,",
        "2025-11-20,3,1,2,0,",
    ]


# --------------------------------------------------------------------------- nudge


def person_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.search(r"\(U\w+\)", line)]


def test_nudge_sends(with_webhook: Ldtui, export: Path, fake_slack: FakeSlack) -> None:
    ldtui = with_webhook
    assert ldtui("import", "slack-export", str(export), "--channel", "learning-day").exit_code == 0
    result = ldtui("nudge", "--missing", "plan", "--day", THU.isoformat())
    assert result.exit_code == 0, result.output
    [carol] = person_lines(result.output)  # Alice and Bob posted plans
    assert carol.startswith("sent")
    assert "Carol (U3)" in carol
    [request] = fake_slack.requests
    assert "<@U3>" in request.json["text"]
    assert "Thursday 27 Nov 2025" in request.json["text"]
    assert f"127.0.0.1:{fake_slack.port}" in result.output  # where it went, redacted

    result = ldtui("nudge", "--missing", "summary", "--day", THU.isoformat())
    assert result.exit_code == 0, result.output
    lines = person_lines(result.output)
    assert [line.split()[0] for line in lines] == ["sent", "sent"]
    assert "Bob (U2)" in lines[0] and "Carol (U3)" in lines[1]
    assert len(fake_slack.requests) == 2  # both in one message

    roster = json.loads(ldtui("roster", "--day", THU.isoformat()).output)
    assert [p["nudges"] for p in roster["people"]] == [0, 1, 2]


def test_nudge_cooldown_and_force(with_webhook: Ldtui, export: Path, fake_slack: FakeSlack):
    ldtui = with_webhook
    assert ldtui("import", "slack-export", str(export), "--channel", "learning-day").exit_code == 0
    assert ldtui("nudge", "--missing", "plan", "--day", THU.isoformat()).exit_code == 0
    again = ldtui("nudge", "--missing", "plan", "--day", THU.isoformat())
    assert again.exit_code == 0
    [line] = person_lines(again.output)
    assert line.startswith("cooldown")
    assert "--force" in line
    assert len(fake_slack.requests) == 1
    forced = ldtui("nudge", "--missing", "plan", "--day", THU.isoformat(), "--force")
    assert forced.exit_code == 0
    assert person_lines(forced.output)[0].startswith("sent")
    assert len(fake_slack.requests) == 2


def test_nudge_failure_exits_nonzero(
    with_webhook: Ldtui, export: Path, fake_slack: FakeSlack
) -> None:
    ldtui = with_webhook
    assert ldtui("import", "slack-export", str(export), "--channel", "learning-day").exit_code == 0
    fake_slack.respond(error(404, "channel_not_found"))
    result = ldtui("nudge", "--missing", "summary", "--day", THU.isoformat())
    assert result.exit_code != 0
    lines = person_lines(result.output)
    assert len(lines) == 2
    for line in lines:
        assert line.startswith("failed")
        assert "channel_not_found" in line
    store = ldtui.store()
    assert {n.status for n in store.nudges(THU)} == {"failed"}
    store.close()


def test_nudge_error_text_with_url_is_redacted(
    with_webhook: Ldtui, export: Path, fake_slack: FakeSlack
) -> None:
    ldtui = with_webhook
    assert ldtui("import", "slack-export", str(export), "--channel", "learning-day").exit_code == 0
    fake_slack.respond(error(400, f"invalid_payload for {fake_slack.url}"))
    result = ldtui("nudge", "--missing", "plan", "--day", THU.isoformat())
    assert result.exit_code != 0
    assert "invalid_payload" in result.output
    # The fixture's teardown checks that the URL path is in no output.


def test_nudge_dry_run_without_webhook(ldtui: Ldtui, export: Path, fake_slack: FakeSlack) -> None:
    assert ldtui("import", "slack-export", str(export), "--channel", "learning-day").exit_code == 0
    result = ldtui("nudge", "--missing", "plan", "--day", THU.isoformat())
    assert result.exit_code == 0, result.output
    [line] = person_lines(result.output)
    assert line.startswith("dry-run")
    assert "Carol (U3)" in line
    assert "dry run" in result.output
    assert fake_slack.requests == []
    store = ldtui.store()
    assert [n.status for n in store.nudges(THU)] == ["dry-run"]
    store.close()


def test_nudge_webhook_from_environment(ldtui: Ldtui, export: Path, fake_slack: FakeSlack):
    assert ldtui("import", "slack-export", str(export), "--channel", "learning-day").exit_code == 0
    result = ldtui(
        "nudge",
        "--missing",
        "plan",
        "--day",
        THU.isoformat(),
        env={"LDTUI_WEBHOOK_URL": fake_slack.url},
    )
    assert result.exit_code == 0, result.output
    assert person_lines(result.output)[0].startswith("sent")
    assert len(fake_slack.requests) == 1


# --------------------------------------------------------------------------- config & help


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('webhook_url = "https://hooks.example/services/T000/B000/XXXX\n', None),
        ("nudge_cooldown_minutes = 'soon'\n", "nudge_cooldown_minutes"),
        ('default_timezone = "Mars/Olympus_Mons"\n', "default_timezone"),
        ("plan_markers = [1, 2]\n", "plan_markers"),
    ],
)
def test_bad_config_is_a_clean_error(
    ldtui: Ldtui, export: Path, text: str, named: str | None
) -> None:
    ldtui.write_config(text)
    for args in (
        ("history",),
        ("roster", "--day", THU.isoformat()),
        ("nudge", "--missing", "plan", "--day", THU.isoformat()),
        ("import", "slack-export", str(export), "--channel", "learning-day"),
    ):
        result = ldtui(*args)
        assert result.exit_code != 0, args
        assert isinstance(result.exception, SystemExit), args
        assert "Traceback" not in result.output
        assert "config.toml" in result.output
        assert str(ldtui.config) in result.output
        if named:
            assert named in result.output


def test_missing_config_file_named(ldtui: Ldtui) -> None:
    ldtui.config.unlink()
    result = ldtui("history")
    assert result.exit_code != 0
    assert str(ldtui.config) in result.output
    assert "Traceback" not in result.output


def test_bad_database_is_a_clean_error(ldtui: Ldtui) -> None:
    ldtui.db.write_text("not a database at all\n" * 100, encoding="utf-8")
    result = ldtui("history")
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert str(ldtui.db) in result.output


def _walk(group: click.Group, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield [*path, name], command
        if isinstance(command, click.Group):
            yield from _walk(command, [*path, name])


def test_every_command_has_help() -> None:
    commands = [([], main), *_walk(main, [])]
    names = {" ".join(path) for path, _ in commands}
    assert {"import", "import slack-export", "roster", "history", "nudge", "demo"} <= names
    for path, command in commands:
        assert (command.help or "").strip(), f"ldtui {' '.join(path)} has no help text"
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output
        first_line = command.help.strip().splitlines()[0]
        assert first_line.split()[0] in result.output
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.help, f"ldtui {' '.join(path)} {param.opts[0]} has no help"
