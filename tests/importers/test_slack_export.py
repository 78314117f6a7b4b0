"""Tests for ldtui.importers.slack_export: synthetic exports plus the real 2016 fixture."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ldtui.importers.slack_export import (
    ExportError,
    SlackExport,
    list_channels,
    read_slack_export,
)

# 2024-01-04T00:00:00Z, a Thursday.
T0 = 1704326400

USERS: list[dict[str, Any]] = [
    {
        "id": "U1",
        "name": "alice",
        "real_name": "Alice Real",
        "tz": "Europe/Berlin",
        "deleted": False,
        "is_bot": False,
        "profile": {"display_name": "Alice", "real_name": "Alice Real"},
    },
    {
        "id": "U2",
        "name": "bob",
        "real_name": "Bob Real",
        "tz": "America/Chicago",
        "profile": {"display_name": "", "real_name": "Bob Profile"},
    },
    {"id": "U3", "name": "carol", "real_name": "", "profile": {"real_name": "Carol Profile"}},
    {"id": "U4", "name": "dave", "tz": None, "profile": {"display_name": "", "real_name": ""}},
    {"id": "U5", "name": "erin.gone", "deleted": True, "profile": {"real_name": "Erin"}},
    {
        "id": "UB",
        "name": "standup-bot",
        "is_bot": True,
        "profile": {"real_name": "Standup", "bot_id": "B1"},
    },
    {"id": "USLACKBOT", "name": "slackbot", "is_bot": False, "profile": {"real_name": "Slackbot"}},
]

CHANNELS: list[dict[str, Any]] = [
    {"id": "C1", "name": "learning-day", "members": ["U1", "U2", "U3"]},
    {"id": "C2", "name": "random", "members": ["U1"]},
]
GROUPS: list[dict[str, Any]] = [{"id": "G1", "name": "facilitators", "members": ["U1", "U2"]}]


def msg(ts: str, user: str | None = "U1", text: str = "hello", **extra: Any) -> dict[str, Any]:
    m: dict[str, Any] = {"type": "message", "ts": ts, "text": text}
    if user is not None:
        m["user"] = user
    m.update(extra)
    return m


def ts(seconds: int, micro: int = 0) -> str:
    return f"{T0 + seconds}.{micro:06d}"


DAYS: dict[str, list[Any]] = {
    # Named after the exporter's local day (US Central): 19:30 CST on the 3rd is 01:30 UTC
    # on the 4th.  The file name must not be used as the date.
    "2024-01-03.json": [
        msg(ts(5400, 100), "U1", "Plan: read <https://docs.test|the docs> &amp; <#C2>"),
        msg(ts(5401), "U2", "<@U2|bob> has joined the channel", subtype="channel_join"),
        msg(ts(5402), "U2", "original text"),
    ],
    "2024-01-04.json": [
        msg(ts(32400), "U2", "Plan <@U1>: pairing", edited={"user": "U2", "ts": ts(32500)}),
        msg(ts(32401), None, "bot says hi", subtype="bot_message", bot_id="B1"),
        msg(ts(32402), "U1", "posted via an app", bot_id="B7"),
        msg(ts(32403), "UB", "standup reminder"),
        msg(ts(32404), "USLACKBOT", "reminder: plan"),
        msg(ts(32405), "U404", "I left the workspace"),
        msg(ts(32406), None, "who wrote this"),
        {"type": "typing", "ts": ts(32407)},
        # thread: parent by U3, reply by U4, broadcast reply by U1
        msg(ts(40000), "U3", "Summary thread", thread_ts=ts(40000), reply_count=2),
        msg(ts(40001), "U4", "my summary", thread_ts=ts(40000), parent_user_id="U3"),
        msg(ts(40002), "U1", "also to channel", subtype="thread_broadcast", thread_ts=ts(40000)),
        msg(ts(40003), "U2", "<@U2|bob> shared a file", subtype="file_share", bot_id=None),
        msg(ts(40004), "U1", "waves", subtype="me_message"),
        msg(ts(40005), "U5", "last words"),
        msg(ts(40006), "U2", "deleted", subtype="message_deleted"),
    ],
    # A later copy of an earlier ts: the edit wins.
    "2024-01-05.json": [
        msg(ts(5402), "U2", "edited text", edited={"user": "U2", "ts": ts(90000)}),
    ],
    "notes.txt": ["ignored: not a day file"],
}


def write_export(
    root: Path,
    days: dict[str, list[Any]] | None = None,
    *,
    users: bool = True,
    groups: bool = True,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if users:
        (root / "users.json").write_text(json.dumps(USERS, indent=1))
    (root / "channels.json").write_text(json.dumps(CHANNELS, indent=1))
    if groups:
        (root / "groups.json").write_text(json.dumps(GROUPS, indent=1))
    folder = root / "learning-day"
    folder.mkdir(exist_ok=True)
    for name, content in (DAYS if days is None else days).items():
        (folder / name).write_text(json.dumps(content, indent=1))
    (root / "random").mkdir(exist_ok=True)
    (root / "facilitators").mkdir(exist_ok=True)
    (root / "facilitators" / "2024-01-04.json").write_text(json.dumps([msg(ts(1), "U2")]))
    return root


def zip_export(folder: Path, target: Path, top: str | None) -> Path:
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            arc = f"{top}/{rel}" if top else rel
            if path.is_dir():
                zf.writestr(arc + "/", "")
            else:
                zf.write(path, arc)
    return target


def check_synthetic(result: SlackExport) -> None:
    assert result.channel.id == "C1"
    assert result.channel.name == "learning-day"
    assert result.channel.members == ["U1", "U2", "U3"]
    assert result.files_read == 3
    assert result.messages_seen == 19

    assert result.skipped == Counter(
        {
            "subtype:channel_join": 1,
            "subtype:message_deleted": 1,
            "bot": 3,  # bot_message, is_bot user, USLACKBOT
            "no user": 1,
            "not a message": 1,
            "replaced by a later copy": 1,
        }
    )
    assert result.messages_seen == len(result.posts) + sum(result.skipped.values())

    posts = {p.ts: p for p in result.posts}
    assert [p.ts for p in result.posts] == sorted(posts, key=float)
    assert len(posts) == 11
    # Sent through an app (/giphy): a bot_id, but a person's post.
    assert posts[ts(32402)].person_id == "U1"
    # Not in users.json (a Slack Connect guest, someone gone): still a post.
    assert posts[ts(32405)].person_id == "U404"

    first = posts[ts(5400, 100)]
    assert first.person_id == "U1"
    assert first.channel_id == "C1"
    assert first.posted_at == datetime(2024, 1, 4, 1, 30, 0, 100, tzinfo=UTC)
    assert first.posted_at.tzinfo is UTC
    assert first.text == "Plan: read <https://docs.test|the docs> &amp; <#C2>"
    assert first.text_plain == "Plan: read the docs (https://docs.test) & #random"
    assert first.edited_ts is None and first.thread_ts is None and first.subtype is None

    edited = posts[ts(32400)]
    assert edited.edited_ts == ts(32500)
    assert edited.text_plain == "Plan @Alice: pairing"

    replaced = posts[ts(5402)]
    assert replaced.text == "edited text"
    assert replaced.edited_ts == ts(90000)
    assert replaced.posted_at == datetime(2024, 1, 4, 1, 30, 2, tzinfo=UTC)

    reply = posts[ts(40001)]
    assert reply.person_id == "U4"
    assert reply.thread_ts == ts(40000)
    assert posts[ts(40000)].thread_ts == ts(40000)
    assert posts[ts(40002)].subtype == "thread_broadcast"
    share = posts[ts(40003)]
    assert share.subtype == "file_share"
    assert share.text_plain == "@Bob Real shared a file"
    assert posts[ts(40004)].subtype == "me_message"
    assert posts[ts(40005)].person_id == "U5"  # deleted people's posts still count

    people = {p.id: p for p in result.people}
    assert [p.id for p in result.people] == [u["id"] for u in USERS]
    assert people["U1"].name == "Alice"
    assert people["U1"].display_name == "Alice"
    assert people["U1"].tz == "Europe/Berlin"
    assert people["U2"].name == "Bob Real"
    assert people["U2"].real_name == "Bob Real"
    assert people["U3"].name == "Carol Profile"
    assert people["U4"].name == "dave"
    assert people["U4"].username == "dave"
    assert people["U4"].tz is None
    assert people["U5"].deleted is True and people["U5"].tz is None
    assert people["UB"].is_bot is True
    assert people["USLACKBOT"].is_bot is True
    assert people["U1"].is_bot is False and people["U1"].deleted is False


def test_folder(tmp_path: Path) -> None:
    check_synthetic(read_slack_export(write_export(tmp_path / "export"), "learning-day"))


@pytest.mark.parametrize("top", [None, "My Workspace Slack export Jan 1 2024"])
def test_zip(tmp_path: Path, top: str | None) -> None:
    archive = zip_export(write_export(tmp_path / "export"), tmp_path / "export.zip", top)
    check_synthetic(read_slack_export(archive, "#learning-day"))
    assert list_channels(archive) == ["facilitators", "learning-day", "random"]


def test_channel_by_id_hash_and_groups(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export")
    assert read_slack_export(root, "C1").channel.name == "learning-day"
    assert read_slack_export(root, "#learning-day").channel.id == "C1"
    private = read_slack_export(root, "facilitators")
    assert private.channel.id == "G1"
    assert [p.person_id for p in private.posts] == ["U2"]
    empty = read_slack_export(root, "random")
    assert empty.posts == [] and empty.files_read == 0 and empty.messages_seen == 0
    assert list_channels(root) == ["facilitators", "learning-day", "random"]


def test_without_groups_json(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", groups=False)
    assert list_channels(root) == ["learning-day", "random"]
    with pytest.raises(ExportError) as info:
        read_slack_export(root, "facilitators")
    assert info.value.file == "channels.json"


def test_unknown_channel_lists_available(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export")
    with pytest.raises(ExportError) as info:
        read_slack_export(root, "nope")
    err = info.value
    assert err.file == "channels.json"
    assert err.line is None
    for name in ("nope", "learning-day", "random", "facilitators"):
        assert name in str(err)


def test_missing_users_json(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", users=False)
    with pytest.raises(ExportError) as info:
        read_slack_export(root, "learning-day")
    assert info.value.file == "users.json"
    assert "users.json" in str(info.value)


def test_missing_users_json_in_zip(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", users=False)
    archive = zip_export(root, tmp_path / "export.zip", None)
    with pytest.raises(ExportError) as info:
        read_slack_export(archive, "learning-day")
    assert info.value.file == "export.zip:users.json"


def test_missing_channel_folder(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export")
    (root / "random").rmdir()
    with pytest.raises(ExportError) as info:
        read_slack_export(root, "random")
    assert info.value.file == "random/"


MALFORMED = (
    '[\n {"type": "message", "ts": "1.0", "user": "U1", "text": "a"},\n {"type": "message",,}\n]'
)


def test_malformed_json_folder(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export")
    (root / "learning-day" / "2024-01-04.json").write_text(MALFORMED)
    with pytest.raises(ExportError) as info:
        read_slack_export(root, "learning-day")
    err = info.value
    assert err.file == "learning-day/2024-01-04.json"
    assert err.line == 3
    assert "learning-day/2024-01-04.json" in str(err)
    assert "line 3" in str(err)


def test_malformed_json_zip(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export")
    (root / "learning-day" / "2024-01-04.json").write_text(MALFORMED)
    archive = zip_export(root, tmp_path / "export.zip", "top")
    with pytest.raises(ExportError) as info:
        read_slack_export(archive, "learning-day")
    err = info.value
    assert err.file == "export.zip:top/learning-day/2024-01-04.json"
    assert err.line == 3
    assert "export.zip:top/learning-day/2024-01-04.json, line 3" in str(err)


def test_malformed_users_json(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export")
    (root / "users.json").write_text('[\n{"id": "U1"\n')
    with pytest.raises(ExportError) as info:
        read_slack_export(root, "learning-day")
    assert info.value.file == "users.json"
    assert info.value.line is not None


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ({"messages": []}, "list"),
        ([msg(ts(1)), "just a string"], "entry 2"),
        ([msg("yesterday")], "ts"),
        ([{"type": "message", "user": "U1", "text": "no ts"}], "ts"),
    ],
)
def test_bad_day_file_shapes(tmp_path: Path, content: Any, words: str) -> None:
    root = write_export(tmp_path / "export", {"2024-01-04.json": content})
    with pytest.raises(ExportError) as info:
        read_slack_export(root, "learning-day")
    assert info.value.file == "learning-day/2024-01-04.json"
    assert info.value.line is None
    assert words in str(info.value)


def test_not_an_export(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ExportError):
        read_slack_export(junk, "general")
    with pytest.raises(ExportError):
        list_channels(tmp_path / "does-not-exist")


def test_reader_writes_nothing(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export")
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    read_slack_export(root, "learning-day")
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before


# --------------------------------------------------------------------------- real fixture


def test_fixture_every_channel_reads(slack_export_2016: Path) -> None:
    names = [c["name"] for c in json.loads((slack_export_2016 / "channels.json").read_text())]
    assert list_channels(slack_export_2016) == sorted(names)
    assert len(names) == 16
    for name in names:
        result = read_slack_export(slack_export_2016, name)
        assert result.channel.name == name
        assert result.messages_seen == len(result.posts) + sum(result.skipped.values())
        assert all(p.posted_at.tzinfo is UTC for p in result.posts)


def test_fixture_general(slack_export_2016: Path) -> None:
    result = read_slack_export(slack_export_2016, "general")
    assert len(result.people) == 71
    assert result.channel.id == "C061A2UGJ"
    assert len(result.channel.members) == 71
    assert result.files_read == 124
    assert result.messages_seen == 476
    assert len(result.posts) == 401
    assert result.skipped == Counter(
        {
            "subtype:channel_join": 71,
            "subtype:file_comment": 2,
            "subtype:bot_add": 1,
            "subtype:channel_topic": 1,
        }
    )
    # file_share messages from 2016 carry "bot_id": null; they are people's posts.
    assert sum(p.subtype == "file_share" for p in result.posts) == 10
    # Four people have no time zone (one of them deleted, without a tz key at all).
    assert sum(p.tz is None for p in result.people) == 4
    assert [p.id for p in result.people if p.deleted] == ["U0DS03NHG"]

    posts = {p.ts: p for p in result.posts}
    mention = posts["1434069434.000043"]
    assert mention.person_id == "U061A1R2R"
    assert mention.text == (
        "<@U061A5N1G> dataset code week learn next idea tutorial share <https://example.com/x>"
    )
    assert mention.text_plain == (
        "@Ivo Abe dataset code week learn next idea tutorial share https://example.com/x"
    )
    # real_name empty -> falls back to the user name "yan.chen"
    several = posts["1465534838.000016"]
    assert several.text_plain == "@Ivo Abe @Pia Gil @yan.chen https://example.com/x"
    assert posts["1462294336.000004"].text_plain.startswith("plot tutorial viz demo model<chart")
    broadcast = posts["1439245538.000016"]
    assert broadcast.text_plain.startswith("@channel data week")


def test_fixture_datajam(slack_export_2016: Path) -> None:
    result = read_slack_export(slack_export_2016, "#datajam")
    assert len(result.people) == 71
    assert result.channel.id == "C061A0WJG"
    assert len(result.channel.members) == 26
    assert result.files_read == 41
    assert result.messages_seen == 173
    assert len(result.posts) == 142
    assert result.skipped == Counter(
        {"subtype:channel_join": 26, "subtype:file_comment": 4, "subtype:pinned_item": 1}
    )
    # datajam/2015-06-05.json holds messages of 2015-06-06 in UTC.
    first = result.posts[0]
    assert first.ts == "1433562832.000005"
    assert first.subtype == "file_share"  # "bot_id": null in the export: not a bot
    assert first.person_id == "U061A3E0G"
    assert first.posted_at == datetime(2015, 6, 6, 3, 53, 52, 5, tzinfo=UTC)
    assert first.text_plain == "@yan.chen viz color model https://example.com/x"
