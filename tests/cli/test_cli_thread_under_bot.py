"""``thread_under`` naming a bot: ``ldtui sync slack`` finds the bot's kickoff message (a
``bot_message``, not a post), then ``ldtui nudge`` and ``ldtui digest --post`` answer in its
thread, as real processes against a loopback Slack Web API."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from export_builder import slack_ts
from fake_apis import FakeSlackAPI, slack_user

THU = date(2025, 11, 27)
TOKEN = "xoxb-thread-anchor-secret-789"
CHANNEL = "C0LEARN"
BOT = "B0KICKOFF"
KICKOFF_AT = datetime(2025, 11, 27, 7, 0, tzinfo=UTC)
CONFIG = f'quiet_hours = "00:00-24:00"\nthread_under = "{BOT}"\n'
"""These runs nudge at the real clock: every hour allowed (quiet hours have their own tests)."""


def ldtui(tmp_path: Path, slack: FakeSlackAPI, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SLACK_BOT_TOKEN=TOKEN, LDTUI_SLACK_API_URL=slack.url)
    env.pop("LDTUI_WEBHOOK_URL", None)
    db, config = tmp_path / "ldtui.db", tmp_path / "config.toml"
    result = subprocess.run(
        [sys.executable, "-m", "ldtui", *args, "--db", str(db), "--config", str(config)],
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
        fake.users += [
            slack_user("U1", "Ada", tz="UTC"),
            slack_user("U2", "Bob", tz="UTC"),
        ]
        fake.add_channel(CHANNEL, "learning-day", members=["U1", "U2"])
        # The week before: the same bot, outside this Learning Day.
        fake.post(
            CHANNEL,
            None,
            "Last week's kickoff",
            ts=slack_ts(datetime(2025, 11, 20, 7, tzinfo=UTC)),
            subtype="bot_message",
            bot_id=BOT,
        )
        kickoff = slack_ts(KICKOFF_AT)
        fake.post(
            CHANNEL, None, "Learning Day! Plans here", ts=kickoff, subtype="bot_message", bot_id=BOT
        )
        # The bot's own reply in its thread, and a later top-level reminder: not the anchor.
        fake.post(
            CHANNEL,
            None,
            "Reply in thread",
            ts=slack_ts(datetime(2025, 11, 27, 7, 5, tzinfo=UTC)),
            subtype="bot_message",
            bot_id=BOT,
            thread_ts=kickoff,
        )
        fake.post(
            CHANNEL,
            None,
            "Afternoon reminder",
            ts=slack_ts(datetime(2025, 11, 27, 15, tzinfo=UTC)),
            subtype="bot_message",
            bot_id=BOT,
        )
        fake.post(
            CHANNEL,
            "U1",
            "Summary: read about WAL",
            ts=slack_ts(datetime(2025, 11, 27, 16, tzinfo=UTC)),
        )
        yield fake


def test_nudge_and_digest_answer_in_a_bots_kickoff_thread(
    tmp_path: Path, slack: FakeSlackAPI
) -> None:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    synced = ldtui(tmp_path, slack, "sync", "slack", "--channel", CHANNEL)
    assert synced.returncode == 0, synced.stderr

    day = ("--day", THU.isoformat())
    nudged = ldtui(
        tmp_path, slack, "nudge", "--missing", "plan", *day, "--via", "channel", "--at", "now"
    )
    assert nudged.returncode == 0, nudged.stderr
    assert f"posted in the thread under {BOT}'s post {slack_ts(KICKOFF_AT)}" in nudged.stdout
    assert len(slack.posted) == 1
    sent = slack.posted[0]
    assert sent["channel"] == CHANNEL and sent["thread_ts"] == slack_ts(KICKOFF_AT)
    assert "<@U1>" in sent["text"] and "<@U2>" in sent["text"]

    digest = ldtui(tmp_path, slack, "digest", *day, "--post")
    assert digest.returncode == 0, digest.stderr
    assert len(slack.posted) == 2
    assert slack.posted[1]["thread_ts"] == slack_ts(KICKOFF_AT)
    assert "read about WAL" in slack.posted[1]["text"]


def test_a_bot_with_no_kickoff_that_day_posts_in_the_channel(
    tmp_path: Path, slack: FakeSlackAPI
) -> None:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    assert ldtui(tmp_path, slack, "sync", "slack", "--channel", CHANNEL).returncode == 0
    other = date(2025, 12, 4)
    result = ldtui(
        tmp_path,
        slack,
        "nudge",
        "--missing",
        "plan",
        "--day",
        other.isoformat(),
        "--via",
        "channel",
        "--at",
        "now",
    )
    assert f"no post by {BOT} for {other.isoformat()}" in result.stdout
    assert all("thread_ts" not in p for p in slack.posted)
