"""Malformed Slack exports end with one line naming the file, exit 1, and nothing written.

Each case is run through the ``ldtui import slack-export`` command on an export written with
:mod:`export_builder`, into a database that already holds an earlier import: afterwards the
database must be byte-for-byte what it was (compared as an SQL dump).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from export_builder import message, person, write_export, zip_export

from ldtui.cli import main

THU = datetime(2025, 11, 27, 9, tzinfo=UTC)
PEOPLE = [person("U1", "Alice", tz="Europe/Berlin"), person("U2", "Bob")]
DAY = "learning-day/2025-11-27.json"


def good(**extra: Any) -> dict[str, Any]:
    return {"type": "message", "user": "U1", "text": "Plan: read", "ts": "1764234000.000100"}


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database holding one earlier import."""
    path = tmp_path / "ld.db"
    export = write_export(tmp_path, PEOPLE, [message("U2", THU, "Plan: earlier")], folder="earlier")
    result = run(
        "import", "slack-export", str(export), "--channel", "learning-day", "--db", str(path)
    )
    assert result.exit_code == 0, result.output
    return path


def check_refused(db: Path, export: Path, *words: str, channel: str = "learning-day") -> str:
    before = dump(db)
    result = run("import", "slack-export", str(export), "--channel", channel, "--db", str(db))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ") and lines[0].endswith("(nothing was imported)")
    for word in words:
        assert word in lines[0]
    assert dump(db) == before
    return lines[0]


RAW_DAY_CASES = {
    "non-UTF-8 bytes": (b'[{"type": "message", "text": "caf\xe9"}]', ["not UTF-8", "line 1"]),
    "empty file": (b"", ["empty file"]),
    "only whitespace": (b"  \n\n", ["empty file"]),
    "an object, not a list": (b'{"messages": []}', ["expected a JSON list", "JSON object"]),
    "malformed JSON": (b'[\n{"type": "message",\n "ts": }\n]', ["malformed JSON", "line 3"]),
    "list not closed": (b'[{"type": "message", "ts": "1.0"}', ["not closed"]),
    "deep nesting": (b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]", ["nested too deeply"]),
    "deep nesting in a message": (
        b'[{"type": "message", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]",
        ["nested too deeply"],
    ),
    "huge integer": (b'[{"type": "message", "ts": ' + b"9" * 5000 + b"}]", ["malformed JSON"]),
    "extra data": (b"[]\n[]", ["extra data"]),
}


@pytest.mark.parametrize("case", list(RAW_DAY_CASES))
def test_malformed_day_file_bytes(tmp_path: Path, db: Path, case: str) -> None:
    content, words = RAW_DAY_CASES[case]
    export = write_export(tmp_path, PEOPLE, raw_files={DAY: content})
    check_refused(db, export, DAY, *words)


MESSAGE_CASES = {
    "ts not a number": ({"ts": "yesterday"}, "ts is not a Slack timestamp"),
    "ts a float": ({"ts": 1764234000.5}, "ts is not a string"),
    "ts out of range": ({"ts": "999999999999.000000"}, "ts is out of range"),
    "ts too long": ({"ts": "1" * 40}, "ts is not a Slack timestamp"),
    "ts negative": ({"ts": "-5.000000"}, "ts is not a Slack timestamp"),
    "ts missing": ({"ts": None}, "ts is not a string"),
    "subtype not a string": ({"subtype": ["file_share"]}, "subtype is not a string"),
    "subtype a dict": ({"subtype": {"a": 1}}, "subtype is not a string"),
    "user not a string": ({"user": 42}, "user is not a string"),
    "text not a string": ({"text": {"rich": True}}, "text is not a string"),
}


@pytest.mark.parametrize("case", list(MESSAGE_CASES))
def test_malformed_message_fields(tmp_path: Path, db: Path, case: str) -> None:
    change, words = MESSAGE_CASES[case]
    bad = {**good(), **change}
    export = write_export(tmp_path, PEOPLE, raw_messages=[good(), bad])
    check_refused(db, export, DAY, "message 2", words)


@pytest.mark.parametrize(
    ("rel", "content", "words"),
    [
        ("users.json", b"", "empty file"),
        ("users.json", b'{"members": []}', "expected a JSON list of users"),
        ("users.json", b'[{"id": "U1",\n "name": "x"', "users.json"),
        ("users.json", b'["U1"]', "user entry 1"),
        ("channels.json", b"\xff\xfe[]", "not UTF-8"),
        ("channels.json", b'{"C1": {}}', "expected a JSON list of channels"),
    ],
)
def test_malformed_lists(tmp_path: Path, db: Path, rel: str, content: bytes, words: str) -> None:
    export = write_export(tmp_path, PEOPLE, raw_files={rel: content})
    check_refused(db, export, rel, words)


@pytest.mark.parametrize("name", ["../outside", "/etc", "a/b", "..\\up", "C:evil", ".."])
def test_channel_names_cannot_leave_the_export(tmp_path: Path, db: Path, name: str) -> None:
    channels = [{"id": "C9", "name": name, "members": []}]
    export = write_export(tmp_path, PEOPLE, raw_files={"channels.json": json.dumps(channels)})
    check_refused(db, export, "channels.json", channel="C9")
    check_refused(db, export, "channels.json", channel=name)


def test_lone_surrogates_are_repaired_and_counted(tmp_path: Path) -> None:
    # Slack cuts long texts in the middle of a surrogate pair; json keeps the half.
    day = (
        '[{"type": "message", "user": "U1", "ts": "1764234000.000100",'
        ' "text": "Plan: read \\ud83d"},'
        ' {"type": "message", "user": "U1", "ts": "1764234001.000100",'
        ' "text": "ok \\ud83d\\ude00 and \\udc00", "files": [{"name": "\\ud800.pdf"}]}]'
    )
    users = json.dumps([{"id": "U1", "name": "alice", "real_name": "Al\\ud800ice"}])
    export = write_export(
        tmp_path,
        PEOPLE,
        raw_files={DAY: day, "users.json": users.replace("\\\\", "\\")},
    )
    db = tmp_path / "ld.db"
    result = run(
        "import", "slack-export", str(export), "--channel", "learning-day", "--db", str(db)
    )
    assert result.exit_code == 0, result.output
    assert "repaired text   4 strings" in result.output
    with sqlite3.connect(db) as conn:
        texts = [r[0] for r in conn.execute("select text from posts order by ts")]
        name = conn.execute("select name from people where id = 'U1'").fetchone()[0]
    assert texts == ["Plan: read \ufffd", "ok \U0001f600 and \ufffd"]
    assert name == "Al\ufffdice"


def test_zip_member_over_the_ratio_is_refused_while_reading(tmp_path: Path, db: Path) -> None:
    export = write_export(tmp_path, PEOPLE, [message("U1", THU, "Plan: read")])
    padding = b"[" + b" " * (40 * 1024 * 1024) + b"]"  # 40 MB of blanks: ~1000:1
    bomb = zip_export(
        export, tmp_path / "bomb.zip", extra={"learning-day/2025-11-28.json": padding}
    )
    line = check_refused(db, bomb, "bomb.zip:learning-day/2025-11-28.json", "zip bomb")
    assert "200:1" in line


def test_zip_total_limit_is_an_option(tmp_path: Path, db: Path) -> None:
    export = write_export(tmp_path, PEOPLE, [message("U1", THU, "Plan: read")])
    day = json.dumps([good()] * 30_000).encode()  # ~3 MB, well compressed but under 16 MB
    archive = zip_export(export, tmp_path / "big.zip", extra={"learning-day/2025-11-28.json": day})
    before = dump(db)
    result = run(
        "import",
        "slack-export",
        str(archive),
        "--channel",
        "learning-day",
        "--db",
        str(db),
        "--max-unzipped-mb",
        "1",
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "big.zip:learning-day/2025-11-28.json" in result.output
    assert "--max-unzipped-mb" in result.output
    assert dump(db) == before
    result = run(
        "import", "slack-export", str(archive), "--channel", "learning-day", "--db", str(db)
    )
    assert result.exit_code == 0, result.output


def test_damaged_zip_member(tmp_path: Path, db: Path) -> None:
    export = write_export(tmp_path, PEOPLE, [message("U1", THU, "Plan: read " * 200)])
    archive = zip_export(export, tmp_path / "x.zip")
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(DAY)
    start = info.header_offset + 30 + len(info.filename) + 40
    data[start : start + 20] = b"\x00" * 20
    archive.write_bytes(bytes(data))
    check_refused(db, archive, DAY)


def test_a_real_process_prints_one_line_and_no_traceback(tmp_path: Path, db: Path) -> None:
    export = write_export(tmp_path, PEOPLE, raw_files={DAY: b"[" * 50_000})
    before = dump(db)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ldtui",
            "import",
            "slack-export",
            str(export),
            "--channel",
            "learning-day",
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0
    assert "Traceback" not in proc.stderr
    assert DAY in proc.stderr and "nested too deeply" in proc.stderr
    assert dump(db) == before
