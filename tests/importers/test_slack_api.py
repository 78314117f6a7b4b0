"""``ldtui sync slack``: the Slack Web API read with slack-sdk against a loopback Slack."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner
from fake_apis import FakeSlackAPI, slack_error, slack_rate_limited, slack_user

from ldtui.cli import main
from ldtui.importers import slack_api
from ldtui.importers.slack_api import cursor_key, make_client, read_channel, retry_after_seconds
from ldtui.store import Store

TOKEN = "xoxb-1111-2222-s3cr3tT0ken"
THURSDAY = datetime(2026, 11, 26, tzinfo=UTC)  # a Thursday


def ts(hours: float, micro: int = 100) -> str:
    """A Slack ts on THURSDAY at ``hours`` UTC (``micro`` microseconds added)."""
    moment = THURSDAY + timedelta(hours=hours)
    return f"{int(moment.timestamp())}.{micro:06d}"


@pytest.fixture
def slack(monkeypatch):
    """A loopback Slack workspace: Ada, Bob (display name Bobby), a bot, a deactivated user;
    channel C1 #learning-day; the sync pointed at it; sleeps recorded, not slept."""
    with FakeSlackAPI(token=TOKEN) as fake:
        bob = slack_user("U2", "Bob Smith", tz="America/New_York")
        bob["profile"]["display_name"] = "Bobby"
        fake.users += [
            slack_user("U1", "Ada Lovelace"),
            bob,
            slack_user("B1", "Standup Bot", is_bot=True),
            slack_user("U3", "Gone Person", deleted=True),
        ]
        fake.add_channel("C1", "learning-day", members=["U1", "U2", "B1"])
        fake.post("C1", "U1", "plan: Rust ownership with <@U2>", ts(9))
        fake.post("C1", "U2", "plan: SQL window functions", ts(14))
        fake.post("C1", "U1", "summary: did the borrow checker chapter", ts(17))
        fake.post("C1", "U1", "thanks <@U2>!", ts(17.5), thread_ts=ts(14))  # a reply
        fake.post("C1", "B1", "Reminder: post your plan", ts(8), bot_id="BB1")
        fake.post("C1", "U3", "<@U3> has joined the channel", ts(7), subtype="channel_join")
        monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("LDTUI_SLACK_API_URL", fake.url)
        fake.sleeps = []  # type: ignore[attr-defined]
        monkeypatch.setattr(slack_api, "_sleep", fake.sleeps.append)
        yield fake


def sync(db, *args: str):
    result = CliRunner().invoke(main, ["sync", "slack", "--channel", "C1", "--db", str(db), *args])
    assert TOKEN not in result.output
    return result


def posts(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select ts, person_id, text, text_plain, thread_ts, edited_ts, kind from posts"
            " order by ts"
        ).fetchall()


def cursor(db) -> str | None:
    store = Store(db)
    try:
        return store.get_setting(cursor_key("C1"))
    finally:
        store.close()


def test_first_sync_reads_everything_and_stores_the_cursor(slack, tmp_path):
    db = tmp_path / "ldtui.db"
    result = sync(db)
    assert result.exit_code == 0, result.output
    assert "Synced #learning-day (C1)" in result.output
    assert "read from       the beginning" in result.output
    assert "messages seen   6 (1 threads read)" in result.output
    assert "posts stored    4 new, 0 updated, 0 unchanged" in result.output
    assert "bot" in result.output and "subtype:channel_join" in result.output
    assert f"cursor          {ts(17)}" in result.output

    stored = posts(db)
    assert [(p[0], p[1]) for p in stored] == [
        (ts(9), "U1"),
        (ts(14), "U2"),
        (ts(17), "U1"),
        (ts(17.5), "U1"),
    ]
    by_ts = {p[0]: p for p in stored}
    assert by_ts[ts(9)][3] == "plan: Rust ownership with @Bobby"  # to_plain, display name
    assert by_ts[ts(17.5)][4] == ts(14)  # the thread reply keeps its thread
    assert by_ts[ts(9)][6] == "plan" and by_ts[ts(17)][6] == "summary"
    assert cursor(db) == ts(17)

    with sqlite3.connect(db) as conn:
        people = dict(conn.execute("select id, name from people").fetchall())
        members = {r[0] for r in conn.execute("select person_id from members")}
        tz = conn.execute("select tz from people where id = 'U2'").fetchone()[0]
        bot = conn.execute("select is_bot from people where id = 'B1'").fetchone()[0]
    assert people == {
        "U1": "Ada Lovelace",
        "U2": "Bobby",
        "B1": "Standup Bot",
        "U3": "Gone Person",
    }
    assert members == {"U1", "U2", "B1"} and tz == "America/New_York" and bot == 1

    # Every list was paged (page size 2), with limit=200 and the cursor sent back.
    history = slack.calls("conversations.history")
    assert len(history) == 3 and "oldest" not in history[0].params
    assert history[0].params["limit"] == "200" and history[1].params["cursor"] == "2"
    assert len(slack.calls("users.list")) == 2
    assert len(slack.calls("conversations.members")) == 2
    assert [c.params["ts"] for c in slack.calls("conversations.replies")] == [ts(14)]
    assert all(c.headers["authorization"] == f"Bearer {TOKEN}" for c in slack.requests)


def test_incremental_sync_starts_at_the_cursor_and_adds_only_new_posts(slack, tmp_path):
    db = tmp_path / "ldtui.db"
    assert sync(db).exit_code == 0
    slack.requests.clear()
    slack.post("C1", "U2", "summary: learned LAG and LEAD", ts(18))

    result = sync(db, "--lookback-days", "0")
    assert result.exit_code == 0, result.output
    history = slack.calls("conversations.history")
    assert history[0].params["oldest"] == ts(17)
    assert history[0].params["inclusive"] == "0"
    assert "messages seen   1 (0 threads read)" in result.output
    assert "posts stored    1 new, 0 updated, 0 unchanged" in result.output
    assert not slack.calls("conversations.replies")
    assert len(posts(db)) == 5 and cursor(db) == ts(18)

    # Nothing new: nothing changes, the cursor stays.
    result = sync(db, "--lookback-days", "0")
    assert "posts stored    0 new, 0 updated, 0 unchanged" in result.output
    assert cursor(db) == ts(18)


def test_lookback_picks_up_edits_and_new_replies_to_recent_threads(slack, tmp_path):
    db = tmp_path / "ldtui.db"
    assert sync(db).exit_code == 0
    slack.requests.clear()
    slack.edit("C1", ts(9), "plan: Rust ownership and lifetimes", edited_ts=ts(19))
    slack.post("C1", "U2", "summary (in my thread): LAG/LEAD", ts(20), thread_ts=ts(14))

    result = sync(db)
    assert result.exit_code == 0, result.output
    oldest = slack.calls("conversations.history")[0].params["oldest"]
    assert Decimal(oldest) == Decimal(ts(17)) - 2 * 86400
    assert "posts stored    1 new, 1 updated, 3 unchanged" in result.output
    stored = {p[0]: p for p in posts(db)}
    assert stored[ts(9)][2] == "plan: Rust ownership and lifetimes"
    assert stored[ts(9)][5] == ts(19)
    assert stored[ts(20)][1:5:3] == ("U2", ts(14))
    assert stored[ts(20)][6] == "summary"
    assert len(stored) == 5
    assert cursor(db) == ts(17)  # no new top-level message: the cursor stays


def test_since_reads_again_and_changes_nothing(slack, tmp_path):
    db = tmp_path / "ldtui.db"
    assert sync(db).exit_code == 0
    result = sync(db, "--since", "2026-11-26")
    assert result.exit_code == 0, result.output
    assert "posts stored    0 new, 0 updated, 4 unchanged" in result.output
    assert slack.calls("conversations.history")[-2].params["oldest"] == ts(0, 0)
    assert len(posts(db)) == 4 and cursor(db) == ts(17)


def test_rate_limited_call_waits_retry_after_then_succeeds(slack, tmp_path):
    db = tmp_path / "ldtui.db"
    slack.fail("conversations.history", slack_rate_limited(retry_after=1))
    result = sync(db)
    assert result.exit_code == 0, result.output
    assert slack.sleeps == [1.0]
    assert len(slack.calls("conversations.history")) == 4  # 429, then the three pages
    assert len(posts(db)) == 4


def test_rate_limited_until_the_retries_run_out_writes_nothing(slack, tmp_path):
    db = tmp_path / "ldtui.db"
    slack.fail("conversations.replies", *[slack_rate_limited(retry_after=2)] * 4)
    result = sync(db)
    assert result.exit_code == 1
    assert "rate limited" in result.output and "nothing was written" in result.output
    assert slack.sleeps == [2.0, 2.0, 2.0]
    assert posts(db) == [] and cursor(db) is None


def test_invalid_token_exits_1_and_writes_nothing(slack, tmp_path, monkeypatch):
    db = tmp_path / "ldtui.db"
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-wrong-s3cr3t")
    result = sync(db)
    assert result.exit_code == 1
    assert "Error: Slack rejected the token in SLACK_BOT_TOKEN (invalid_auth)" in result.output
    assert "nothing was written" in result.output and "s3cr3t" not in result.output
    store = Store(db)
    assert store.counts() == {"people": 0, "channels": 0, "posts": 0, "nudges": 0}
    store.close()
    assert cursor(db) is None


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda s: s.not_in.add("C1"), "the bot is not a member of channel C1 (not_in_channel)"),
        (lambda s: s.channels.clear(), "no channel C1 that this token can see (channel_not_found)"),
        (
            lambda s: s.fail("users.list", slack_error("missing_scope", needed="users:read")),
            "the Slack app lacks the scope users:read (missing_scope)",
        ),
    ],
)
def test_api_errors_are_explained(slack, tmp_path, setup, expected):
    db = tmp_path / "ldtui.db"
    setup(slack)
    result = sync(db)
    assert result.exit_code == 1
    assert expected in result.output
    assert posts(db) == []


def test_missing_token_is_an_error(slack, tmp_path, monkeypatch):
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    result = sync(tmp_path / "ldtui.db")
    assert result.exit_code == 1
    assert "set SLACK_BOT_TOKEN" in result.output
    assert not slack.requests


def test_import_and_cursor_are_one_transaction(slack, tmp_path):
    db = tmp_path / "ldtui.db"
    store = Store(db)  # a real failure at the cursor write: SQLite refuses it
    for event in ("insert", "update"):
        store.conn.execute(
            f"create trigger refuse_cursor_{event} before {event} on settings "
            "when new.key like 'sync:%' begin select raise(abort, 'disk full'); end"
        )
    store.conn.commit()
    store.close()
    result = sync(db)
    assert result.exit_code != 0
    assert posts(db) == []  # the import was rolled back with the cursor


def test_read_channel_without_the_cli(slack):
    client = make_client(TOKEN, slack.url.rstrip("/"))  # a missing "/" is added
    source = read_channel(client, "C1")
    assert source.channel.name == "learning-day"
    assert source.messages_seen == len(source.posts) + sum(source.skipped.values())
    assert source.cursor == ts(17) and source.previous_cursor is None
    assert all(p.posted_at.tzinfo is UTC for p in source.posts)
    assert source.posts[0].posted_at == THURSDAY + timedelta(hours=9, microseconds=100)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("1", 1.0), ("2.5", 2.5), (None, 1.0), ("soon", 1.0), ("-3", 1.0), ("nan", 1.0), ("999", 60)],
)
def test_retry_after_seconds(value, seconds):
    assert retry_after_seconds(value) == seconds


def test_a_sync_never_moves_the_cursor_back_past_one_that_finished_meanwhile(
    slack, tmp_path, monkeypatch
):
    # While this sync reads Slack, another one (cron, or the console) stores a newer cursor:
    # the write re-reads the cursor inside its transaction and keeps the newer one.
    db = tmp_path / "ldtui.db"
    assert sync(db).exit_code == 0
    original = slack_api.read_channel

    def read_then_another_sync_commits(*args, **kwargs):
        source = original(*args, **kwargs)
        other = Store(db)
        try:
            with other.write():
                other.set_setting(cursor_key("C1"), ts(30))
        finally:
            other.close()
        return source

    monkeypatch.setattr(slack_api, "read_channel", read_then_another_sync_commits)
    slack.post("C1", "U2", "summary: learned LAG and LEAD", ts(18))
    result = sync(db, "--lookback-days", "0")
    assert result.exit_code == 0, result.output
    assert len(posts(db)) == 5  # the new post is stored
    assert cursor(db) == ts(30)  # and the newer cursor kept
