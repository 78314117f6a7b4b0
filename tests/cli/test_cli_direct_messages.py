"""``ldtui nudge --via dm`` and ``ldtui digest --post/--addendum`` as real processes against a
loopback Slack Web API: what Slack received, what the ledger holds, what the user reads (and
never the token)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from export_builder import CHANNEL_ID, message, person, slack_ts, write_export
from fake_apis import FakeSlackAPI, slack_user

from ldtui.importers.slack_export import read_slack_export
from ldtui.store import Store

THU = date(2025, 11, 27)
TOKEN = "xoxb-cli-secret-token-456"
KICKOFF_AT = datetime(2025, 11, 27, 7, 0, tzinfo=UTC)
PEOPLE = [
    person("U1", "Ada", tz="Asia/Kathmandu"),
    person("U2", "Bob", tz="America/New_York"),
    person("UK", "Kim Kickoff", tz="UTC"),
]
KICKOFF = message("UK", KICKOFF_AT, "Good morning! Plans in this thread")
ADA_SUMMARY = message("U1", datetime(2025, 11, 27, 12, tzinfo=UTC), "Summary: read about WAL")
BOB_SUMMARY = message("U2", datetime(2025, 11, 27, 23, tzinfo=UTC), "Summary: late but here")


EVERY_HOUR_TOML = 'quiet_hours = "00:00-24:00"\n'
"""These runs nudge at the real clock: allow every hour (quiet hours have their own tests)."""


def load(db: Path, folder: Path, messages: list[dict]) -> None:
    store = Store(db)
    export = write_export(folder, people=PEOPLE, messages=messages)
    store.import_batch(read_slack_export(export, "learning-day"))
    store.close()


def ldtui(tmp_path: Path, slack: FakeSlackAPI, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SLACK_BOT_TOKEN=TOKEN, LDTUI_SLACK_API_URL=slack.url)
    db, config = tmp_path / "ldtui.db", tmp_path / "config.toml"
    result = subprocess.run(
        [sys.executable, "-m", "ldtui", args[0], "--db", str(db), "--config", str(config)]
        + list(args[1:]),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert TOKEN not in result.stdout and TOKEN not in result.stderr
    return result


@pytest.fixture
def slack():
    with FakeSlackAPI(token=TOKEN) as fake:
        for p in PEOPLE:
            fake.users.append(slack_user(p["id"], p["name"]))
        fake.add_channel(CHANNEL_ID, "learning-day", members=[p["id"] for p in PEOPLE])
        fake.post(CHANNEL_ID, "UK", "kickoff", ts=slack_ts(KICKOFF_AT))
        yield fake


def test_nudge_via_dm(tmp_path: Path, slack: FakeSlackAPI) -> None:
    (tmp_path / "config.toml").write_text(EVERY_HOUR_TOML, encoding="utf-8")
    load(tmp_path / "ldtui.db", tmp_path / "export", [KICKOFF])
    result = ldtui(
        tmp_path, slack, "nudge", "--missing", "plan", "--day", THU.isoformat(), "--via", "dm"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("sent") and "Ada (U1)" in line for line in lines)
    assert any(line.startswith("sent") and "Bob (U2)" in line for line in lines)
    assert "2 sent" in lines[-1] and "via direct messages (Slack Web API 127.0.0.1" in lines[-1]
    assert sorted(p["channel"] for p in slack.posted) == ["DU1", "DU2"]
    assert all("1 colleague has shared their plan" in p["text"] for p in slack.posted)
    store = Store(tmp_path / "ldtui.db")
    assert {(r.person_id, r.via, str(r.status)) for r in store.nudges(THU)} == {
        ("U1", "dm", "sent"),
        ("U2", "dm", "sent"),
    }
    store.close()
    again = ldtui(
        tmp_path, slack, "nudge", "--missing", "plan", "--day", THU.isoformat(), "--via", "dm"
    )
    assert "0 sent" in again.stdout.splitlines()[-1] and len(slack.posted) == 2


def test_digest_then_addendum_in_the_kickoff_thread(tmp_path: Path, slack: FakeSlackAPI) -> None:
    (tmp_path / "config.toml").write_text(
        EVERY_HOUR_TOML + 'thread_under = "UK"\n', encoding="utf-8"
    )
    db = tmp_path / "ldtui.db"
    load(db, tmp_path / "a", [KICKOFF, ADA_SUMMARY])
    day = ("--day", THU.isoformat())

    early = ldtui(tmp_path, slack, "digest", *day, "--addendum")
    assert early.returncode == 1 and "no digest was posted for 2025-11-27 yet" in early.stderr

    first = ldtui(tmp_path, slack, "digest", *day, "--post")
    assert first.returncode == 0, first.stderr
    assert "Digest posted (1 message(s), Slack Web API" in first.stdout
    assert "1 summary" in first.stdout
    assert slack.posted[-1]["thread_ts"] == slack_ts(KICKOFF_AT)
    assert "read about WAL" in slack.posted[-1]["text"]

    nothing = ldtui(tmp_path, slack, "digest", *day, "--addendum")
    assert nothing.returncode == 0 and "Nothing new since the digest posted" in nothing.stdout
    assert len(slack.posted) == 1

    load(db, tmp_path / "b", [KICKOFF, ADA_SUMMARY, BOB_SUMMARY])
    more = ldtui(tmp_path, slack, "digest", *day, "--addendum")
    assert more.returncode == 0, more.stderr
    assert "1 more summary for Thursday 27 Nov" in more.stdout
    assert "Addendum posted" in more.stdout
    text = slack.posted[-1]["text"]
    assert "late but here" in text and "read about WAL" not in text
    assert slack.posted[-1]["thread_ts"] == slack_ts(KICKOFF_AT)

    done = ldtui(tmp_path, slack, "digest", *day, "--addendum")
    assert "Nothing new" in done.stdout and len(slack.posted) == 2
