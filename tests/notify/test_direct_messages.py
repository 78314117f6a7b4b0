"""Direct-message nudges, thread_under and digest addenda against a loopback Slack Web API.

The server (:class:`fake_apis.FakeSlackAPI`) answers ``conversations.open`` and
``chat.postMessage`` as Slack documents them; the tests assert on what it received and on the
ledger rows, with a real SQLite store."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from export_builder import CHANNEL_ID, message, person, slack_ts, write_export
from fake_apis import FakeSlackAPI, slack_error, slack_rate_limited, slack_user

from ldtui.config import ConfigError, load_config
from ldtui.importers import slack_api
from ldtui.importers.slack_export import read_slack_export
from ldtui.insights.digest import build_addendum, render_addendum
from ldtui.notify.nudger import Nudger, NudgeTarget
from ldtui.notify.wording import check_template
from ldtui.records import NudgeStatus
from ldtui.store import Store

THU = date(2025, 11, 27)
NOW = datetime(2025, 11, 27, 9, 30, tzinfo=UTC)
TOKEN = "xoxb-dm-secret-token-123"
KICKOFF_AT = datetime(2025, 11, 27, 7, 0, tzinfo=UTC)

PEOPLE = [
    person("U1", "Ada <@U9> & co", tz="Asia/Kathmandu"),
    person("U2", "Bob", tz="America/New_York"),
    person("U3", "Cleo", tz="UTC"),
    person("UK", "Kim Kickoff", tz="UTC"),
]
MESSAGES = [
    message("U3", datetime(2025, 11, 27, 8, tzinfo=UTC), "Plan: read about WAL"),
    message("UK", KICKOFF_AT, "Good morning, Learning Day! Post your plans in this thread"),
]


@pytest.fixture
def store(store: Store, tmp_path: Path) -> Store:
    export = write_export(tmp_path, people=PEOPLE, messages=MESSAGES)
    store.import_batch(read_slack_export(export, "learning-day"))
    return store


@pytest.fixture
def slack():
    with FakeSlackAPI(token=TOKEN) as fake:
        for p in PEOPLE:
            fake.users.append(slack_user(p["id"], p["name"]))
        fake.users.append(slack_user("UBOT", "Helper", is_bot=True))
        fake.add_channel(CHANNEL_ID, "learning-day", members=[p["id"] for p in PEOPLE])
        fake.post(CHANNEL_ID, "UK", "kickoff", ts=slack_ts(KICKOFF_AT))
        yield fake


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The Retry-After waits slack-sdk's retry handler asked for (none really slept)."""
    seen: list[float] = []
    monkeypatch.setattr(slack_api, "_sleep", seen.append)
    return seen


def make(store: Store, slack: FakeSlackAPI, **kw) -> Nudger:
    async def no_sleep(_: float) -> None:
        return None

    kw.setdefault("slack_token", TOKEN)
    return Nudger(
        store,
        kw.pop("webhook_url", None),
        cooldown=timedelta(minutes=120),
        clock=lambda: NOW,
        sleep=no_sleep,
        spacing=0,
        slack_api_url=slack.url,
        **kw,
    )


ADA = NudgeTarget("U1", "Ada <@U9> & co", "plan")
BOB = NudgeTarget("U2", "Bob", "plan")


async def test_each_person_gets_their_own_kind_message(store: Store, slack: FakeSlackAPI) -> None:
    outcomes = await make(store, slack).nudge([ADA, BOB], THU, via="dm")
    assert [o.status for o in outcomes] == [NudgeStatus.SENT, NudgeStatus.SENT]
    assert [c.params["users"] for c in slack.calls("conversations.open")] == ["U1", "U2"]
    assert [p["channel"] for p in slack.posted] == ["DU1", "DU2"]
    ada, bob = (p["text"] for p in slack.posted)
    # escaped name, the day, their own local time, how many colleagues posted; no mention
    assert "Hi Ada &lt;@U9&gt; &amp; co!" in ada and "<@" not in ada
    assert "Thursday 27 Nov" in ada and "15:15" in ada  # 09:30 UTC in Kathmandu (+5:45)
    assert "2 colleagues have shared their plan" in ada  # Cleo and Kim
    assert "04:30" in bob  # New York
    rows = {r.person_id: r for r in store.nudges(THU)}
    assert {rows["U1"].via, rows["U2"].via} == {"dm"}
    assert rows["U1"].status == NudgeStatus.SENT and rows["U1"].message == ada
    assert TOKEN not in (rows["U1"].target or "")


async def test_dm_within_cooldown_blocks_a_channel_mention(
    store: Store, slack: FakeSlackAPI
) -> None:
    nudger = make(store, slack)
    await nudger.nudge([ADA], THU, via="dm")
    [again] = await nudger.nudge([ADA], THU, via="channel")
    assert again.status == NudgeStatus.COOLDOWN
    assert again.previous is not None and again.previous.via == "dm"
    assert len(slack.posted) == 1


async def test_retry_after_is_honoured(
    store: Store, slack: FakeSlackAPI, waits: list[float]
) -> None:
    slack.fail("chat.postMessage", slack_rate_limited(retry_after=7))
    [outcome] = await make(store, slack).nudge([ADA], THU, via="dm")
    assert outcome.status == NudgeStatus.SENT
    assert waits == [7.0]
    assert len(slack.calls("chat.postMessage")) == 2 and len(slack.posted) == 1


async def test_still_rate_limited_fails_that_person_only(
    store: Store, slack: FakeSlackAPI, waits: list[float]
) -> None:
    slack.fail("chat.postMessage", *[slack_rate_limited(retry_after=1)] * 4)
    ada, bob = await make(store, slack).nudge([ADA, BOB], THU, via="dm")
    assert ada.status == NudgeStatus.FAILED and "rate limited" in (ada.error or "")
    assert ada.http_status == 429
    assert bob.status == NudgeStatus.SENT
    assert waits == [1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    ("method", "code", "words"),
    [
        ("conversations.open", "user_not_found", "Slack knows no such user U1"),
        ("conversations.open", "cannot_dm_bot", "U1 is a bot"),
        ("chat.postMessage", "account_inactive", "deactivated app or workspace"),
        ("conversations.open", "missing_scope", "lacks the scope im:write"),
        ("chat.postMessage", "not_allowed_token_type", "use the app's bot token"),
    ],
)
async def test_slack_errors_are_named_per_person(
    store: Store, slack: FakeSlackAPI, method: str, code: str, words: str
) -> None:
    extra = {"needed": "im:write"} if code == "missing_scope" else {}
    slack.fail(method, slack_error(code, **extra))
    ada, bob = await make(store, slack).nudge([ADA, BOB], THU, via="dm")
    assert ada.status == NudgeStatus.FAILED
    assert words in (ada.error or "") and f"({code})" in (ada.error or "")
    token_wide = code in ("account_inactive", "missing_scope", "not_allowed_token_type")
    if token_wide:  # the app cannot send: nobody else is tried, each is told why
        assert bob.status == NudgeStatus.FAILED and words in (bob.error or "")
        assert [c.params["users"] for c in slack.calls("conversations.open")] == ["U1"]
    else:
        assert bob.status == NudgeStatus.SENT
    rows = {r.person_id: r for r in store.nudges(THU)}
    assert rows["U1"].status == NudgeStatus.FAILED and rows["U1"].via == "dm"
    assert words in (rows["U1"].error or "")


async def test_real_slack_answers_for_unknown_user_and_bot(
    store: Store, slack: FakeSlackAPI
) -> None:
    ghost = NudgeTarget("U404", "Ghost", "plan")
    bot = NudgeTarget("UBOT", "Helper", "plan")
    a, b, c = await make(store, slack).nudge([ghost, bot, BOB], THU, via="dm")
    assert "user_not_found" in (a.error or "") and "cannot_dm_bot" in (b.error or "")
    assert c.status == NudgeStatus.SENT


async def test_wrong_token_is_named_and_never_shown(
    store: Store, slack: FakeSlackAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "xoxb-wrong-secret-999"
    ada, bob = await make(store, slack, slack_token=wrong).nudge([ADA, BOB], THU, via="dm")
    assert "rejected the bot token" in (ada.error or "") and "invalid_auth" in (ada.error or "")
    assert bob.status == NudgeStatus.FAILED and len(slack.calls("conversations.open")) == 1
    seen = caplog.text + " ".join(str(r) for r in store.nudges(THU))
    assert wrong not in seen


async def test_no_token_is_a_dry_run_recorded_as_dm(store: Store, slack: FakeSlackAPI) -> None:
    nudger = make(store, slack, slack_token=None)
    [outcome] = await nudger.nudge([ADA], THU, via="dm")
    assert outcome.status == NudgeStatus.DRY_RUN and "Thursday 27 Nov" in (outcome.message or "")
    assert slack.requests == []
    [row] = store.nudges(THU)
    assert row.via == "dm" and row.status == NudgeStatus.DRY_RUN
    assert "dry run" in nudger.via_label("dm")


async def test_configured_template_is_used(store: Store, slack: FakeSlackAPI) -> None:
    template = "{name}: your {missing} for {day} ({local_time}); {count} posted. {question}"
    nudger = make(store, slack, templates={"plan": template})
    await nudger.nudge([BOB], THU, via="dm")
    assert slack.posted[0]["text"] == (
        "Bob: your plan for Thursday 27 Nov (04:30); 2 posted. What will you learn today?"
    )


def test_bad_template_is_refused_with_the_field_named(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[templates]\nplan = "Hi {nmae}, {day}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown field \{nmae\}"):
        load_config(config, environ={})
    for bad, words in [
        ("Hi {}", "unnamed field"),
        ("{name.__class__}", "unknown field {name.__class__}"),
        ("Hi {name", "write {{ and }}"),
    ]:
        with pytest.raises(ValueError, match=words):
            check_template("plan", bad)
    with pytest.raises(ValueError, match="the templates are plan, summary"):
        check_template("planz", "Hi")
    config.write_text('nudge_via = "pigeon"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'nudge_via' = 'pigeon' is not one of channel, dm"):
        load_config(config, environ={})


async def test_thread_under_posts_the_channel_nudge_in_the_thread(
    store: Store, slack: FakeSlackAPI
) -> None:
    nudger = make(store, slack, thread_under="UK")
    ada, bob = await nudger.nudge([ADA, BOB], THU)
    assert ada.status == bob.status == NudgeStatus.SENT
    [posted] = slack.posted
    assert posted["channel"] == CHANNEL_ID and posted["thread_ts"] == slack_ts(KICKOFF_AT)
    assert "<@U1>" in posted["text"] and "<@U2>" in posted["text"]
    assert any("thread under UK" in n for n in nudger.notes)
    assert {r.via for r in store.nudges(THU)} == {"channel"}


async def test_thread_under_without_a_post_or_a_token_says_so(
    store: Store, slack: FakeSlackAPI
) -> None:
    nudger = make(store, slack, thread_under="UNOBODY")
    [outcome] = await nudger.nudge([ADA], THU)
    assert outcome.status == NudgeStatus.DRY_RUN  # no webhook here: posted normally = dry run
    assert any("no post by UNOBODY" in n for n in nudger.notes)
    nudger = make(store, slack, thread_under="UK", slack_token=None)
    await nudger.post_text("digest", THU)
    assert any("needs a bot token" in n for n in nudger.notes)
    assert slack.posted == []


async def test_digest_then_addendum_in_the_thread(
    store: Store, slack: FakeSlackAPI, tmp_path: Path
) -> None:
    nudger = make(store, slack, thread_under="UK")
    late = [
        message("U2", datetime(2025, 11, 27, 20, tzinfo=UTC), "Summary: learned <b>SQL</b>"),
    ]
    first = [message("U3", datetime(2025, 11, 27, 17, tzinfo=UTC), "Summary: WAL mode")]
    export = write_export(tmp_path / "a", people=PEOPLE, messages=MESSAGES + first)
    store.import_batch(read_slack_export(export, "learning-day"))
    ids = sorted(store.summary_post_ids(THU).values())
    deliveries = await nudger.post_digest("Learning Day digest", THU, ids)
    assert [d.ok for d in deliveries] == [True]
    assert slack.posted[-1]["thread_ts"] == slack_ts(KICKOFF_AT)
    assert build_addendum(store, THU, _rules()).people == []

    export = write_export(tmp_path / "b", people=PEOPLE, messages=MESSAGES + first + late)
    store.import_batch(read_slack_export(export, "learning-day"))
    extra = build_addendum(store, THU, _rules())
    text = render_addendum(extra, "slack")
    assert text.startswith("*1 more summary for Thursday 27 Nov*")
    assert "&lt;b&gt;SQL&lt;/b&gt;" in text and "WAL" not in text
    await nudger.post_digest(text, THU, extra.post_ids, addendum=True)
    assert slack.posted[-1]["text"] == text
    assert build_addendum(store, THU, _rules()).people == []
    records = store.digests(THU)
    assert [r.addendum for r in records] == [False, True]
    assert records[1].post_ids == tuple(extra.post_ids)


def _rules():
    from ldtui.insights.topics import TopicRules

    return TopicRules.from_config(None)
