"""Re-importing never loses what a person posted or a facilitator set.

Store-level tests import exports written with :mod:`export_builder` into a real SQLite file;
the few that are about a command (``ldtui post``, ``people list``, the import summary) run it.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from click.testing import CliRunner
from export_builder import message, person, slack_ts, write_export

from ldtui.cli import main
from ldtui.importers.people_csv import PersonRow
from ldtui.importers.slack_export import read_slack_export
from ldtui.store import SCHEMA_VERSION, Store
from ldtui.tui.format import zone_label

THU = date(2025, 11, 27)
AT = datetime(2025, 11, 27, 9, tzinfo=UTC)


def imported(tmp_path: Path, people, messages, folder: str = "export") -> Store:
    export = write_export(tmp_path, people, messages, folder=folder)
    store = Store(tmp_path / "ld.db")
    store.import_batch(read_slack_export(export, "learning-day"))
    return store


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_facilitator_zone_and_team_outlast_imports(tmp_path: Path) -> None:
    store = imported(tmp_path, [person("U1", "Alice", tz=None), person("U2", "Bob", tz=None)], [])
    store.import_people(
        [PersonRow(2, "U1", team="Platform", tz="Asia/Tokyo"), PersonRow(3, "U2", tz="Europe/Oslo")]
    )
    # Slack has nothing for Alice and a different zone for Bob: the facilitator's values stay.
    again = write_export(
        tmp_path, [person("U1", "Alice", tz=None), person("U2", "Bob", tz="America/Denver")], []
    )
    store.import_batch(read_slack_export(again, "learning-day"))
    assert store.person("U1") == ("Alice", "Platform", "Asia/Tokyo")
    assert store.person("U2") == ("Bob", None, "Europe/Oslo")


def test_an_empty_zone_from_slack_keeps_the_stored_one(tmp_path: Path) -> None:
    store = imported(tmp_path, [person("U1", "Alice", tz="Europe/Berlin")], [])
    again = write_export(tmp_path, [person("U1", "Alice", tz=None)], [])
    store.import_batch(read_slack_export(again, "learning-day"))
    assert store.person_tz("U1") == "Europe/Berlin"
    newer = write_export(tmp_path, [person("U1", "Alice", tz="Europe/Lisbon")], [])
    store.import_batch(read_slack_export(newer, "learning-day"))
    assert store.person_tz("U1") == "Europe/Lisbon"  # not set by a facilitator: Slack moves it


def test_ldtui_post_zone_team_and_name(tmp_path: Path) -> None:
    db = str(tmp_path / "ld.db")
    export = write_export(tmp_path, [person("U1", "Alice", tz=None)], [])
    cli("import", "slack-export", str(export), "--channel", "learning-day", "--db", db)
    cli(
        "post",
        "Plan: read",
        "--person",
        "U1",
        "--tz",
        "Asia/Tokyo",
        "--team",
        "Infra",
        "--at",
        "2025-11-27T09:00+09:00",
        "--db",
        db,
    )
    cli(
        "post",
        "Plan: more",
        "--person",
        "U1",
        "--name",
        "Ally",
        "--at",
        "2025-11-27T09:01+09:00",
        "--db",
        db,
    )
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "select name, username, real_name, tz, team from people where id = 'U1'"
        ).fetchone()
    assert row == ("Ally", "alice", "Alice", "Asia/Tokyo", "Infra")  # --name changed only it
    export = write_export(tmp_path, [person("U1", "Alice", tz="UTC")], [])
    cli("import", "slack-export", str(export), "--channel", "learning-day", "--db", db)
    store = Store(db)
    assert store.person("U1") == ("Alice", "Infra", "Asia/Tokyo")


def test_an_older_export_never_reverts_an_edit(tmp_path: Path) -> None:
    def edited(text: str, seconds: int | None) -> list:
        extra = (
            {}
            if seconds is None
            else {"edited": {"user": "U1", "ts": f"{1764234000 + seconds}.000001"}}
        )
        return [message("U1", AT, text, **extra)]

    people = [person("U1", "Alice")]
    store = imported(tmp_path, people, edited("Plan: second edit", 200))
    for text, seconds in [("Plan: original", None), ("Plan: first edit", 100)]:
        export = write_export(tmp_path, people, edited(text, seconds))
        result = store.import_batch(read_slack_export(export, "learning-day"))
        assert (result.posts_updated, result.older_edits) == (0, 1)
        assert store.texts(THU, "U1")[0] == "Plan: second edit"
    export = write_export(tmp_path, people, edited("Plan: third edit", 300))
    result = store.import_batch(read_slack_export(export, "learning-day"))
    assert result.posts_updated == 1
    assert store.texts(THU, "U1")[0] == "Plan: third edit"
    with sqlite3.connect(tmp_path / "ld.db") as conn:
        assert conn.execute("select edited_ts from posts").fetchone()[0] == "1764234300.000001"


def test_a_guest_first_seen_in_a_later_import_gets_a_placeholder(tmp_path: Path) -> None:
    store = imported(tmp_path, [person("U1", "Alice")], [message("U1", AT, "Plan: a")])
    export = write_export(
        tmp_path,
        [person("U1", "Alice")],
        [message("U1", AT, "Plan: a"), message("UEXT", AT.replace(minute=5), "Plan: guest")],
    )
    result = store.import_batch(read_slack_export(export, "learning-day"))
    assert (result.posts_new, result.posts_unchanged, result.placeholders) == (1, 1, 1)
    roster = {e.id: e for e in store.roster(THU)}
    assert roster["UEXT"].name == "unknown user UEXT"
    assert store.history()[0].plans == 2
    again = store.import_batch(read_slack_export(export, "learning-day"))
    assert (again.posts_new, again.posts_unchanged, again.placeholders) == (0, 2, 0)


def test_posters_missing_from_users_json_are_kept_and_merge_later(tmp_path: Path) -> None:
    store = imported(
        tmp_path,
        [person("U1", "Alice")],
        [
            message("U1", AT, "Plan: a"),
            message("UEXT", AT.replace(minute=5), "Plan: guest from another org"),
        ],
    )
    roster = {e.id: e for e in store.roster(THU)}
    assert roster["UEXT"].name == "unknown user UEXT"
    assert roster["UEXT"].has_plan
    assert store.history()[0].plans == 2
    # A later users.json lists them: name and zone arrive, posts classified in their zone.
    late = AT.replace(hour=23)  # Thursday 23:00 UTC is Friday 08:00 in Tokyo
    export = write_export(
        tmp_path,
        [person("U1", "Alice"), person("UEXT", "Guest", tz="Asia/Tokyo", member=False)],
        [message("U1", AT, "Plan: a"), message("UEXT", late, "Summary: learned")],
    )
    store.import_batch(read_slack_export(export, "learning-day"))
    roster = {e.id: e for e in store.roster(THU)}
    assert roster["UEXT"].name == "Guest"
    assert roster["UEXT"].tz_name == "Asia/Tokyo"
    assert roster["UEXT"].has_summary
    assert store.counts()["people"] == 2


def test_app_messages_are_the_persons_bots_are_not(tmp_path: Path) -> None:
    store = imported(
        tmp_path,
        [person("U1", "Alice"), person("UB", "Standup", is_bot=True)],
        [
            message("U1", AT, "Plan: <https://giphy.test|gif>", bot_id="BGIPHY"),
            message("UB", AT.replace(minute=1), "Plan: reminder", bot_id="B2"),
            message(None, AT.replace(minute=2), "Plan: webhook", bot_id="B3"),
            message("U1", AT.replace(minute=3), "Plan: x", subtype="bot_message", bot_id="B4"),
        ],
    )
    assert [(e.id, e.has_plan) for e in store.roster(THU)] == [("U1", True)]
    assert store.texts(THU, "U1")[0] == "Plan: gif (https://giphy.test)"


def test_a_message_with_only_files_is_a_post(tmp_path: Path) -> None:
    files = [{"id": "F1", "name": "notes.pdf", "title": "Notes"}, {"id": "F2", "title": "Board"}]
    export = write_export(
        tmp_path, [person("U1", "Alice")], [message("U1", AT, "", files=files, upload=True)]
    )
    posts = read_slack_export(export, "learning-day").posts
    assert [p.text_plain for p in posts] == ["(file: notes.pdf) (file: Board)"]


def test_unknown_zone_is_said_on_import_and_shown(tmp_path: Path) -> None:
    db = str(tmp_path / "ld.db")
    export = write_export(tmp_path, [person("U1", "Alice", tz="America/Bogus")], [])
    out = cli("import", "slack-export", str(export), "--channel", "learning-day", "--db", db)
    assert "warning: Alice (U1): time zone America/Bogus (unknown; using UTC)" in out
    listed = cli("people", "list", "--db", db)
    assert listed.strip() == "U1\tAlice\t-\tAmerica/Bogus (unknown; using UTC)"
    entry = Store(db, default_timezone="Europe/Paris").roster(THU)[0]
    assert zone_label(entry) == "America/Bogus (unknown; using Europe/Paris)"


def test_migration_marks_existing_teams(tmp_path: Path) -> None:
    store = imported(tmp_path, [person("U1", "Alice")], [])
    store.set_team(["U1"], "Web")
    assert store.schema_version == SCHEMA_VERSION
    export = write_export(tmp_path, [person("U1", "Alice")], [])
    store.import_batch(read_slack_export(export, "learning-day"))
    assert store.person("U1") == ("Alice", "Web", "UTC")
    assert slack_ts(AT)  # the builder's ts helper stays the one way tests write ts
