"""The Slack export writer: what it writes, the export reader reads back (folder and zip)."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ldtui.importers.slack_export import list_channels, read_slack_export
from ldtui.importers.slack_export_writer import JsonLayout, SlackExportWriter, messages_by_day

USERS = [
    {"id": "U1", "name": "zoe", "real_name": "Zoë Ångström", "tz": "Europe/Berlin"},
    {"id": "U2", "name": "kai", "real_name": "Kai", "tz": "Asia/Tokyo"},
]
CHANNELS = [
    {"id": "C1", "name": "learning-day", "members": ["U1", "U2"]},
    {"id": "C2", "name": "random", "members": []},
]
# 2025-11-25 23:59:59 UTC and two at 2025-11-26 16:00 UTC, given out of order.
MESSAGES = [
    {"type": "message", "user": "U2", "text": "Summary: &lt;3 Ångström", "ts": "1764172800.000200"},
    {"type": "message", "user": "U1", "text": "Plan: read", "ts": "1764115199.999999"},
    {"type": "message", "user": "U1", "text": "Summary: done", "ts": "1764172800.000100"},
]


def write(dest: Path, *, as_zip: bool = False, layout: JsonLayout | None = None) -> Path:
    with SlackExportWriter(dest, as_zip=as_zip, layout=layout) as writer:
        writer.write_users(USERS)
        writer.write_channels(CHANNELS)
        writer.write_messages("learning-day", MESSAGES)
    return writer.path


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_the_reader_gets_back_people_channels_and_posts_in_ts_order(
    tmp_path: Path, as_zip: bool
) -> None:
    path = write(tmp_path / ("export.zip" if as_zip else "export"), as_zip=as_zip)

    assert list_channels(path) == ["learning-day", "random"]
    export = read_slack_export(path, "learning-day")
    assert [(p.id, p.name, p.tz) for p in export.people] == [
        ("U1", "Zoë Ångström", "Europe/Berlin"),
        ("U2", "Kai", "Asia/Tokyo"),
    ]
    assert [(p.ts, p.text) for p in export.posts] == [
        ("1764115199.999999", "Plan: read"),
        ("1764172800.000100", "Summary: done"),
        ("1764172800.000200", "Summary: &lt;3 Ångström"),
    ]
    assert export.files_read == 2


def test_day_files_are_named_by_the_utc_date_of_ts_and_sorted_by_ts(tmp_path: Path) -> None:
    root = write(tmp_path / "export")

    day_files = sorted(p.name for p in (root / "learning-day").iterdir())
    assert day_files == ["2025-11-25.json", "2025-11-26.json"]
    second = json.loads((root / "learning-day" / "2025-11-26.json").read_text("utf-8"))
    assert [m["ts"] for m in second] == ["1764172800.000100", "1764172800.000200"]
    assert (root / "random").is_dir()
    assert not any((root / "random").iterdir())


def test_default_layout_is_indented_utf8_with_a_final_newline(tmp_path: Path) -> None:
    root = write(tmp_path / "export")

    text = (root / "users.json").read_text("utf-8")
    assert text == json.dumps(USERS, ensure_ascii=False, indent=4) + "\n"
    assert "Zoë" in text


def test_message_per_line_layout_is_one_ascii_message_a_line(tmp_path: Path) -> None:
    layout = JsonLayout(ensure_ascii=True, message_per_line=True)
    root = write(tmp_path / "export", layout=layout)

    lines = (root / "learning-day" / "2025-11-26.json").read_text("utf-8").splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert len(lines) == 4
    assert "\\u00c5ngstr\\u00f6m" in lines[2]
    day = json.loads("\n".join(lines))
    assert day == [MESSAGES[2], MESSAGES[0]]


def test_the_same_content_gives_the_same_zip_bytes(tmp_path: Path) -> None:
    first = write(tmp_path / "a.zip", as_zip=True).read_bytes()
    second = write(tmp_path / "b.zip", as_zip=True).read_bytes()

    assert first == second
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == [
            "users.json",
            "channels.json",
            "learning-day/2025-11-25.json",
            "learning-day/2025-11-26.json",
        ]


def test_a_failed_zip_leaves_no_file_behind(tmp_path: Path) -> None:
    target = tmp_path / "export.zip"
    with pytest.raises(RuntimeError), SlackExportWriter(target, as_zip=True) as writer:
        writer.write_users(USERS)
        raise RuntimeError("generator failed")

    assert list(tmp_path.iterdir()) == []


def test_rewriting_an_export_replaces_it_and_keeps_other_top_level_files(tmp_path: Path) -> None:
    root = write(tmp_path / "export")
    (root / "people.csv").write_text("id,team\nU1,robotics\n", encoding="utf-8")
    (root / "learning-day" / "2020-01-02.json").write_text("[]", encoding="utf-8")

    with SlackExportWriter(root) as writer:
        writer.write_users(USERS[:1])
        writer.write_channels(CHANNELS[:1])

    assert sorted(p.name for p in root.iterdir()) == [
        "channels.json",
        "learning-day",
        "people.csv",
        "users.json",
    ]
    assert not any((root / "learning-day").iterdir())
    assert [p.id for p in read_slack_export(root, "learning-day").people] == ["U1"]


@pytest.mark.parametrize("content", ["notes.txt", "folder"])
def test_a_folder_that_is_not_an_export_is_refused(tmp_path: Path, content: str) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    if content == "folder":
        (target / "sub").mkdir()
    else:
        (target / content).write_text("keep me", encoding="utf-8")

    with pytest.raises(FileExistsError, match="is not an export: not overwriting it"):
        SlackExportWriter(target)
    assert len(list(target.iterdir())) == 1


def test_messages_by_day_sorts_exactly_not_through_floats() -> None:
    # As floats these two ts are the same number; as decimals the second one is earlier.
    messages: list[dict[str, Any]] = [
        {"ts": "1764172800.100000001"},
        {"ts": "1764172800.100000000"},
    ]
    assert float(messages[0]["ts"]) == float(messages[1]["ts"])

    days = messages_by_day(messages)

    assert list(days) == [date(2025, 11, 26)]
    assert [m["ts"] for m in days[date(2025, 11, 26)]] == [
        "1764172800.100000000",
        "1764172800.100000001",
    ]
