"""Tests for ldtui.notify.platforms and the multi-platform sender in ldtui.notify.sender.

Every platform is exercised against a real HTTP server on 127.0.0.1
(tests/helpers/webhook_server.py).
"""

from __future__ import annotations

import datetime
import logging
import socket
from collections.abc import Iterator

import pytest
from webhook_server import (
    DISCORD_PATH,
    GOOGLE_CHAT_PATH,
    MATTERMOST_PATH,
    TEAMS_PATH,
    FakeWebhook,
    Response,
    discord_error,
    discord_gone,
    discord_ok,
    discord_rate_limited,
    error,
    generic_ok,
    google_chat_error,
    google_chat_ok,
    google_chat_rate_limited,
    json_response,
    mattermost_error,
    ok,
    rate_limited,
    teams_accepted,
    teams_error_json,
    teams_failed,
)

from ldtui.http_rules import parse_retry_after
from ldtui.notify.platforms import (
    NOT_SENT_GONE,
    PLATFORM_NAMES,
    WEBHOOK_GONE,
    Discord,
    GenericJson,
    GoogleChat,
    Mattermost,
    Message,
    MicrosoftTeams,
    Outcome,
    Recipient,
    Slack,
    guess_platform,
    normalize_platform,
    platform_for,
    resolve_platform,
)
from ldtui.notify.platforms.base import retry_after_hint
from ldtui.notify.sender import Delivery, Sender

DAY = datetime.date(2026, 11, 12)
ZWSP = "\u200b"


class FakeTime:
    """A fake ``sleep`` that advances a fake monotonic ``clock``."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.calls: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def server(path: str, default: Response) -> Iterator[FakeWebhook]:
    with FakeWebhook(path, default=default) as s:
        yield s


async def send_messages(
    url: str, platform: object, messages: list[object], **options: object
) -> list[Delivery]:
    """Send ``messages`` in order through one :class:`Sender`, as the nudger does."""
    async with Sender(url, platform, **options) as sender:  # type: ignore[arg-type]
        return [await sender.send(m) for m in messages]  # type: ignore[arg-type]


@pytest.fixture
def discord_server() -> Iterator[FakeWebhook]:
    yield from server(DISCORD_PATH, discord_ok())


@pytest.fixture
def teams_server() -> Iterator[FakeWebhook]:
    yield from server(TEAMS_PATH, teams_accepted())


@pytest.fixture
def gchat_server() -> Iterator[FakeWebhook]:
    yield from server(GOOGLE_CHAT_PATH, google_chat_ok())


@pytest.fixture
def mm_server() -> Iterator[FakeWebhook]:
    yield from server(MATTERMOST_PATH, ok())


@pytest.fixture
def slack_server() -> Iterator[FakeWebhook]:
    yield from server("/services/T000/B000/SLACKSECRET", ok())


@pytest.fixture
def json_server() -> Iterator[FakeWebhook]:
    yield from server("/bot/learning-day?token=JSONSECRET", generic_ok())


def snowflake(n: int) -> str:
    return str(80351110224678912 + n)


def closed_port_url(path: str) -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


# --- kinds, guessing, recipients ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://hooks.slack.com/services/T0/B0/XXXX", "slack"),
        ("https://discord.com/api/webhooks/1234/abcd", "discord"),
        ("https://discordapp.com/api/webhooks/1234/abcd", "discord"),
        ("https://ptb.discord.com/api/v10/webhooks/1234/abcd?wait=true", "discord"),
        ("https://discord.com/channels/1/2", "json"),
        ("https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d", "teams"),
        ("https://outlook.office.com/webhook/a@b/IncomingWebhook/c/d", "teams"),
        (
            "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual"
            "/paths/invoke?api-version=2016-06-01&sig=SECRET",
            "teams",
        ),
        (
            "https://default1234.56.environment.api.powerplatform.com:443/powerautomate/"
            "automations/direct/workflows/abc/triggers/manual/paths/invoke?sig=S",
            "teams",
        ),
        ("https://chat.googleapis.com/v1/spaces/AAA/messages?key=K&token=T", "google-chat"),
        ("https://mattermost.example.org/hooks/xxx-generatedkey-xxx", "mattermost"),
        ("http://10.0.0.5:8065/hooks/abc", "mattermost"),
        ("https://bot.example.org/learning-day", "json"),
        ("", "json"),
        (None, "json"),
        ("not a url", "json"),
        ("http://[::1/x", "json"),
    ],
)
def test_guess_platform(url: str | None, kind: str) -> None:
    assert guess_platform(url) == kind


def test_platform_names_normalise_and_platform_for() -> None:
    assert PLATFORM_NAMES == ("slack", "discord", "mattermost", "teams", "google-chat", "json")
    assert normalize_platform(" Google_Chat ") == "google-chat"
    assert normalize_platform("msteams") == "teams"
    with pytest.raises(ValueError, match="webhook_kind must be one of"):
        normalize_platform("irc")
    expected = {
        "slack": (Slack, 1.0),
        "discord": (Discord, 0.5),
        "mattermost": (Mattermost, 0.5),
        "teams": (MicrosoftTeams, 1.0),
        "google-chat": (GoogleChat, 1.0),
        "json": (GenericJson, 0.5),
    }
    for kind in PLATFORM_NAMES:
        platform = platform_for(kind)
        cls, spacing = expected[kind]
        assert type(platform) is cls and platform.name == kind
        assert platform.spacing == spacing
    quick = platform_for("discord", spacing=0.01, max_mentions=None, limit=500)
    assert (quick.spacing, quick.max_mentions, quick.limit) == (0.01, None, 500)
    assert platform_for("discord").spacing == 0.5  # overrides are per instance
    assert resolve_platform(None, "https://hooks.slack.com/services/x") == "slack"
    assert resolve_platform("", "https://chat.googleapis.com/v1/spaces/A/messages") == "google-chat"
    assert resolve_platform("Discord", "https://hooks.slack.com/services/x") == "discord"
    with pytest.raises(ValueError):
        platform_for("discord", spacing=-1)


def test_recipient_is_a_frozen_value() -> None:
    a = Recipient("Ada", {"google_chat": " 123 ", "slack": "U1", "discord": ""})
    assert dict(a.ids) == {"google-chat": "123", "slack": "U1"}
    assert a == Recipient("Ada", {"slack": "U1", "google-chat": "123"})
    assert len({a, Recipient("Ada", {"slack": "U1", "google-chat": "123"})}) == 1
    with pytest.raises(TypeError):
        a.ids["slack"] = "U2"  # type: ignore[index]


def test_messages_validation() -> None:
    p = platform_for("discord")
    with pytest.raises(ValueError):
        p.messages([], "plan", DAY)
    with pytest.raises(ValueError):
        p.messages([Recipient("Ada")], "lunch", DAY)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        p.messages([Recipient(" ", {"discord": "nope"})], "plan", DAY)


# --- Slack ----------------------------------------------------------------------------------


def test_slack_reminder_mentions_each_id_once_and_escapes_names() -> None:
    people = [("U1", "Ann"), ("U2", "Bob"), ("", "Tom & <Jerry>"), ("U1", "Ann")]
    recipients = [Recipient(name, {"slack": uid}) for uid, name in people]
    [message] = platform_for("slack").messages(recipients, "plan", DAY)
    assert message.text == (
        "Hi <@U1>, <@U2> and Tom &amp; &lt;Jerry&gt;, friendly Learning Day reminder: "
        "your plans for Thursday 12 Nov 2026 are not posted yet. What will you learn today?"
    )
    assert message.payload == {"text": message.text}
    assert "Tom &amp; &lt;Jerry&gt;" in message.text
    assert message.recipients == recipients and message.indexes == (0, 1, 2, 3)
    assert platform_for("slack").notes(recipients) == [
        "no Slack id for Tom & <Jerry>: named, not mentioned"
    ]


async def test_slack_delivered_and_spaced_one_second(slack_server: FakeWebhook) -> None:
    slack = platform_for("slack")
    messages = [
        slack.messages([Recipient(f"P{i}", {"slack": f"U{i}"})], "summary", DAY)[0]
        for i in range(3)
    ]
    t = FakeTime()
    result = await send_messages(slack_server.url, slack, messages, sleep=t.sleep, clock=t.clock)
    assert result == [Delivery(ok=True, http_status=200, error=None, attempts=1)] * 3
    assert t.calls == [1.0, 1.0]  # https://api.slack.com/apis/rate-limits#incoming-webhooks
    assert slack_server.bodies == [m.payload for m in messages]


async def test_slack_default_spacing_with_real_clock(slack_server: FakeWebhook) -> None:
    calls: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        calls.append(seconds)

    slack = platform_for("slack")
    msgs = [{"text": "a"}, {"text": "b"}]
    result = await send_messages(slack_server.url, slack, msgs, sleep=fake_sleep)
    assert all(d.ok for d in result)
    assert len(calls) == 1 and 0.9 < calls[0] <= 1.0


async def test_slack_no_service_is_gone(slack_server: FakeWebhook) -> None:
    slack_server.respond(error(404, "no_service"))
    msgs = [{"text": "a"}, {"text": "b"}]
    result = await send_messages(slack_server.url, platform_for("slack"), msgs, spacing=0)
    assert result == [
        Delivery(ok=False, http_status=404, error=WEBHOOK_GONE, attempts=1, gone=True),
        Delivery(ok=False, http_status=None, error=NOT_SENT_GONE, attempts=0, gone=True),
    ]
    assert len(slack_server.requests) == 1


async def test_slack_rate_limit_header(slack_server: FakeWebhook) -> None:
    slack_server.respond(rate_limited(retry_after=2), ok())
    t = FakeTime()
    [d] = await send_messages(
        slack_server.url, platform_for("slack"), [{"text": "x"}], sleep=t.sleep, clock=t.clock
    )
    assert d.ok and d.attempts == 2 and t.calls == [2.0]


# --- Discord --------------------------------------------------------------------------------


def test_discord_payload_mentions_and_escaping() -> None:
    discord = platform_for("discord")
    people = [
        Recipient("Ada", {"discord": snowflake(1)}),
        Recipient("Bob *the* <@999999999999999999> _x_ @everyone", {}),
        Recipient("Cy", {"discord": "cy#1234"}),
        Recipient("Ada again", {"discord": snowflake(1)}),
    ]
    [m] = discord.messages(people, "plan", DAY)
    assert m.payload["allowed_mentions"] == {"parse": [], "users": [snowflake(1)]}
    content = m.payload["content"]
    assert content == m.text
    assert content.startswith(f"Hi <@{snowflake(1)}>, Bob \\*the\\* \\<@999999999999999999\\> ")
    assert "\\_x\\_" in content and " and Cy, friendly Learning Day reminder" in content
    assert content.count(f"<@{snowflake(1)}>") == 1
    assert "your plans for Thursday 12 Nov 2026 are not posted yet." in content
    assert discord.unmentioned(people) == [people[1], people[2]]
    assert discord.notes(people) == [
        "no Discord id for Bob *the* <@999999999999999999> _x_ @everyone: named, not mentioned",
        "invalid Discord id 'cy#1234' for Cy: named, not mentioned",
    ]
    assert m.recipients == people and m.indexes == (0, 1, 2, 3)


async def test_discord_150_people_split_under_2000(discord_server: FakeWebhook) -> None:
    discord = platform_for("discord", spacing=0.05)
    people = [
        Recipient(f"Person {i}", {"discord": snowflake(i)} if i % 10 else {}) for i in range(150)
    ]
    messages = discord.messages(people, "summary", DAY)
    assert 2 <= len(messages) <= 4
    seen: list[int] = []
    for m in messages:
        assert len(m.payload["content"]) <= 2000
        users = m.payload["allowed_mentions"]["users"]
        assert len(users) <= 100
        assert users == [
            r.ids["discord"] for r in m.recipients if "discord" in r.ids
        ]  # only the nudged people can be pinged
        assert m.payload["allowed_mentions"]["parse"] == []
        seen.extend(m.indexes)
    assert seen == list(range(150))
    # greedy packing: every message but the last is full (adding the next person overflows)
    assert len(messages[0].payload["content"]) > 2000 - 40
    result = await send_messages(discord_server.url, discord, messages)
    assert [d.ok for d in result] == [True] * len(messages)
    assert {d.http_status for d in result} == {204}
    assert discord_server.bodies == [m.payload for m in messages]
    assert all(g >= 0.03 for g in gaps(discord_server.times))  # arrival jitter under load


async def test_discord_mention_cap_100() -> None:
    discord = platform_for("discord", limit=100_000)
    people = [Recipient(f"P{i}", {"discord": snowflake(i)}) for i in range(250)]
    messages = discord.messages(people, "plan", DAY)
    assert [len(m.payload["allowed_mentions"]["users"]) for m in messages] == [100, 100, 50]


async def test_discord_spacing_measured_by_server(discord_server: FakeWebhook) -> None:
    discord = platform_for("discord", spacing=0.2)
    msgs = [{"content": str(i), "allowed_mentions": {"parse": []}} for i in range(3)]
    result = await send_messages(discord_server.url, discord, msgs)
    assert all(d.ok for d in result)
    assert all(0.19 <= g < 1.0 for g in gaps(discord_server.times))


async def test_discord_429_float_retry_after(discord_server: FakeWebhook) -> None:
    discord_server.respond(discord_rate_limited(0.25), discord_ok())
    [d] = await send_messages(discord_server.url, platform_for("discord"), [{"content": "x"}])
    assert d == Delivery(ok=True, http_status=204, error=None, attempts=2)
    [gap] = gaps(discord_server.times)
    assert 0.24 <= gap < 0.9  # the JSON float, not the whole-second header ("1")
    discord_server.respond(discord_rate_limited(0.25, header="7"), discord_ok())
    t = FakeTime()
    [d] = await send_messages(
        discord_server.url, platform_for("discord", spacing=0), [{"content": "y"}],
        sleep=t.sleep, clock=t.clock,
    )  # fmt: skip
    assert d.ok and t.calls == [0.25]


async def test_discord_429_header_only_and_cap(discord_server: FakeWebhook) -> None:
    discord_server.respond(json_response(429, {}, {"Retry-After": "3"}), discord_ok())
    discord_server.respond(discord_rate_limited(4000.0), discord_ok())
    t = FakeTime()
    result = await send_messages(
        discord_server.url, platform_for("discord", spacing=0), [{"content": "a"}] * 2,
        sleep=t.sleep, clock=t.clock,
    )  # fmt: skip
    assert [d.ok for d in result] == [True, True]
    assert t.calls == [3.0, 60.0]


async def test_discord_three_429_fail(discord_server: FakeWebhook) -> None:
    discord_server.respond(*[discord_rate_limited(0.5)] * 3)
    t = FakeTime()
    [d] = await send_messages(
        discord_server.url, platform_for("discord"), [{"content": "x"}],
        sleep=t.sleep, clock=t.clock,
    )  # fmt: skip
    assert d == Delivery(ok=False, http_status=429, error="rate_limited", attempts=3)
    assert len(discord_server.requests) == 3
    assert t.calls == [0.5, 0.5]


async def test_discord_404_gone_stops_the_rest(
    discord_server: FakeWebhook, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    discord_server.respond(discord_ok(), discord_gone())
    discord = platform_for("discord", spacing=0)
    people = [Recipient(f"P{i}", {"discord": snowflake(i)}) for i in range(3)]
    messages = [discord.messages([p], "plan", DAY)[0] for p in people]
    result = await send_messages(discord_server.url, discord, messages)
    assert result == [
        Delivery(ok=True, http_status=204, error=None, attempts=1),
        Delivery(ok=False, http_status=404, error=WEBHOOK_GONE, attempts=1, gone=True),
        Delivery(ok=False, http_status=None, error=NOT_SENT_GONE, attempts=0, gone=True),
    ]
    assert len(discord_server.requests) == 2
    assert "DISCORDSECRETTOKEN" not in caplog.text
    assert "webhook gone" in caplog.text


async def test_sender_remembers_gone(discord_server: FakeWebhook) -> None:
    discord_server.respond(discord_gone())
    async with Sender(discord_server.url, platform_for("discord")) as sender:
        first = await sender.send({"content": "a"})
        second = await sender.send(Message({"content": "b"}, [], "b"))
    assert first.gone and first.error == WEBHOOK_GONE
    assert second == Delivery(False, None, NOT_SENT_GONE, 0, gone=True)
    assert sender.gone and len(discord_server.requests) == 1


async def test_discord_rate_limit_headers_on_success(discord_server: FakeWebhook) -> None:
    discord_server.respond(discord_ok(remaining=0, reset_after=0.75), discord_ok())
    t = FakeTime()
    result = await send_messages(
        discord_server.url, platform_for("discord", spacing=0.1), [{"content": "a"}] * 2,
        sleep=t.sleep, clock=t.clock,
    )  # fmt: skip
    assert [d.ok for d in result] == [True, True]
    assert t.calls == [0.75]


async def test_discord_other_error(discord_server: FakeWebhook) -> None:
    discord_server.respond(discord_error(400, "Invalid Form Body", 50035))
    [d] = await send_messages(discord_server.url, platform_for("discord"), [{"content": ""}])
    assert d == Delivery(ok=False, http_status=400, error="Invalid Form Body (50035)", attempts=1)


# --- Mattermost -----------------------------------------------------------------------------


def test_mattermost_mentions_and_escaping() -> None:
    mm = platform_for("mattermost")
    people = [
        Recipient("Ada", {"mattermost": "@Ada.Lovelace"}),
        Recipient("_Tom_ & *Jerry* @channel [x](y)", {}),
        Recipient("Eve", {"mattermost": "@all"}),
    ]
    [m] = mm.messages(people, "summary", DAY)
    assert m.payload == {"text": m.text}
    assert m.text.startswith(
        f"Hi @ada.lovelace, \\_Tom\\_ \\& \\*Jerry\\* @{ZWSP}channel \\[x\\]\\(y\\) and Eve, "
    )
    assert "@all" not in m.text
    assert mm.notes(people) == [
        "no Mattermost id for _Tom_ & *Jerry* @channel [x](y): named, not mentioned",
        "invalid Mattermost id '@all' for Eve: named, not mentioned",
    ]


async def test_mattermost_split_over_16383(mm_server: FakeWebhook) -> None:
    mm = platform_for("mattermost", spacing=0)
    people = [Recipient(f"P{i}", {"mattermost": f"user.{i:03d}." + "x" * 50}) for i in range(400)]
    messages = mm.messages(people, "plan", DAY)
    assert len(messages) == 2
    assert all(len(m.payload["text"]) <= 16383 for m in messages)
    assert sum(len(m.recipients) for m in messages) == 400
    result = await send_messages(mm_server.url, mm, messages)
    assert [d.ok for d in result] == [True, True]
    assert mm_server.bodies == [m.payload for m in messages]


async def test_mattermost_error(mm_server: FakeWebhook) -> None:
    mm_server.respond(mattermost_error(400, "Unable to parse incoming data."))
    [d] = await send_messages(mm_server.url, platform_for("mattermost"), [{"text": "x"}])
    assert d == Delivery(False, 400, "Unable to parse incoming data.", 1)


# --- Microsoft Teams ------------------------------------------------------------------------


def test_teams_adaptive_card_with_mentions() -> None:
    teams = platform_for("teams")
    people = [
        Recipient("Ada Lovelace", {"teams": "ada@contoso.com"}),
        Recipient("Bob <at>Boss</at>", {}),
        Recipient("Cy <Admin>", {"teams": "cy@contoso.com"}),
    ]
    [m] = teams.messages(people, "plan", DAY)
    card = m.payload["attachments"][0]
    assert m.payload["type"] == "message"
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = card["content"]
    assert content["type"] == "AdaptiveCard" and content["version"] == "1.4"
    assert content["body"] == [{"type": "TextBlock", "text": m.text, "wrap": True}]
    assert m.text.startswith(
        "Hi <at>Ada Lovelace</at>, Bob \u2039at\u203aBoss\u2039/at\u203a and "
        "<at>Cy \u2039Admin\u203a</at>, friendly Learning Day reminder"
    )
    assert content["msteams"]["entities"] == [
        {
            "type": "mention",
            "text": "<at>Ada Lovelace</at>",
            "mentioned": {"id": "ada@contoso.com", "name": "Ada Lovelace"},
        },
        {
            "type": "mention",
            "text": "<at>Cy \u2039Admin\u203a</at>",
            "mentioned": {"id": "cy@contoso.com", "name": "Cy \u2039Admin\u203a"},
        },
    ]
    for entity in content["msteams"]["entities"]:
        assert entity["text"] in m.text
    assert teams.unmentioned(people) == [people[1]]


def test_teams_two_people_same_name_both_mentioned() -> None:
    teams = platform_for("teams")
    people = [Recipient("Sam", {"teams": "sam1@c.com"}), Recipient("Sam", {"teams": "sam2@c.com"})]
    [m] = teams.messages(people, "plan", DAY)
    ids = [
        e["mentioned"]["id"] for e in m.payload["attachments"][0]["content"]["msteams"]["entities"]
    ]
    assert ids == ["sam1@c.com", "sam2@c.com"]
    assert m.text.startswith("Hi <at>Sam</at> and <at>Sam</at>, ")


def test_teams_split_by_payload_bytes() -> None:
    import json

    teams = platform_for("teams")
    people = [Recipient(f"Person {i}", {"teams": f"person.{i}@contoso.com"}) for i in range(300)]
    messages = teams.messages(people, "summary", DAY)
    assert len(messages) >= 2
    for m in messages:
        assert (
            len(json.dumps(m.payload, ensure_ascii=False, separators=(",", ":")).encode()) <= 27000
        )
    assert sum(len(m.recipients) for m in messages) == 300


async def test_teams_answers(teams_server: FakeWebhook) -> None:
    teams = platform_for("teams", spacing=0)
    [m] = teams.messages([Recipient("Ada", {"teams": "ada@contoso.com"})], "plan", DAY)
    teams_server.respond(
        teams_accepted(202), teams_accepted(200), teams_failed(), teams_error_json()
    )
    result = await send_messages(teams_server.url, teams, [m] * 4)
    assert [(d.ok, d.http_status) for d in result] == [
        (True, 202),
        (True, 200),
        (False, 200),
        (False, 200),
    ]
    assert "Microsoft Teams endpoint returned HTTP error 400" in (result[2].error or "")
    assert result[3].error == "The request content is not valid."
    assert teams_server.bodies == [m.payload] * 4
    assert all("TEAMSSECRET" not in (d.error or "") for d in result)


def test_teams_outcome_bodies() -> None:
    teams = platform_for("teams")
    assert teams.outcome(200, {}, "1") == Outcome.ok()
    assert teams.outcome(200, {}, "").status == "ok"
    assert (
        teams.outcome(200, {}, "Webhook message delivery failed with error: x").status == "failed"
    )
    assert teams.outcome(202, {}, '{"error": "bad"}') == Outcome.failed("bad")
    assert teams.outcome(429, {"retry-after": "5"}, "") == Outcome.retry(5.0)
    assert teams.outcome(400, {}, "Bad Request").error == "Bad Request"


# --- Google Chat ----------------------------------------------------------------------------


def test_google_chat_mentions_and_escaping() -> None:
    gchat = platform_for("google-chat")
    people = [
        Recipient("Ada", {"google-chat": "users/123456789"}),
        Recipient("Mallory <users/all>", {}),
        Recipient("Eve", {"google-chat": "all"}),
    ]
    [m] = gchat.messages(people, "plan", DAY)
    assert m.payload == {"text": m.text}
    assert m.text.startswith(
        "Hi <users/123456789>, Mallory \u2039users/all\u203a and Eve, friendly Learning Day"
    )
    assert "<users/all>" not in m.text
    assert gchat.unmentioned(people) == people[1:]


async def test_google_chat_split_by_utf8_bytes(gchat_server: FakeWebhook) -> None:
    gchat = platform_for("google-chat", spacing=0)
    name = "李小龍" * 10  # 30 characters, 90 bytes
    people = [Recipient(f"{name}{i}", {}) for i in range(400)]
    people += [Recipient(f"Émile {i}", {"google-chat": str(10**9 + i)}) for i in range(20)]
    whole = gchat.messages(people, "summary", DAY)
    one = platform_for("google-chat", limit=10**9).messages(people, "summary", DAY)
    assert len(one) == 1 and len(one[0].text) < 32000 < len(one[0].text.encode())
    assert len(whole) == 2
    for m in whole:
        assert len(m.payload["text"].encode("utf-8")) <= 32000
    assert sum(len(m.recipients) for m in whole) == 420
    result = await send_messages(gchat_server.url, gchat, whole)
    assert [(d.ok, d.http_status) for d in result] == [(True, 200), (True, 200)]
    assert gchat_server.bodies == [m.payload for m in whole]


async def test_google_chat_429_and_errors(gchat_server: FakeWebhook) -> None:
    gchat_server.respond(
        google_chat_rate_limited(),
        google_chat_rate_limited("2"),
        google_chat_ok(),
        google_chat_error(400, "Invalid JSON payload received.", "INVALID_ARGUMENT"),
        Response(200, "<html>proxy</html>"),
    )
    t = FakeTime()
    result = await send_messages(
        gchat_server.url, platform_for("google-chat", spacing=0), [{"text": "x"}] * 3,
        sleep=t.sleep, clock=t.clock,
    )  # fmt: skip
    assert result[0] == Delivery(True, 200, None, 3)
    assert t.calls == [1.0, 2.0]  # no hint: back off 1 s; then Retry-After: 2
    assert result[1] == Delivery(False, 400, "Invalid JSON payload received. (INVALID_ARGUMENT)", 1)
    assert result[2].ok is False and (result[2].error or "").startswith("unexpected answer")


# --- generic JSON ---------------------------------------------------------------------------


async def test_generic_json(json_server: FakeWebhook) -> None:
    bot = platform_for("json", spacing=0)
    people = [Recipient("Ada", {"json": "ada", "slack": "U1"}), Recipient("Tom & <Jerry>", {})]
    [m] = bot.messages(people, "summary", DAY)
    assert m.payload == {
        "day": "2026-11-12",
        "kind": "summary",
        "people": [{"id": "ada", "name": "Ada"}, {"id": None, "name": "Tom & <Jerry>"}],
        "text": (
            "Hi Ada and Tom & <Jerry>, friendly Learning Day reminder: your summaries for "
            "Thursday 12 Nov 2026 are not posted yet. What did you learn?"
        ),
    }
    json_server.respond(generic_ok(201), Response(204, ""), error(500, "boom"), error(410, ""))
    result = await send_messages(json_server.url, bot, [m] * 5)
    assert [(d.ok, d.http_status, d.error) for d in result] == [
        (True, 201, None),
        (True, 204, None),
        (False, 500, "boom"),
        (False, 410, WEBHOOK_GONE),
        (False, None, NOT_SENT_GONE),
    ]
    assert json_server.bodies == [m.payload] * 4


# --- secrets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "path", "answer"),
    [
        ("slack", "/services/T0/B0/SECRETPATH", lambda url: error(400, f"bad {url}")),
        ("discord", DISCORD_PATH, lambda url: discord_error(400, f"bad {url}", 0)),
        ("mattermost", MATTERMOST_PATH, lambda url: mattermost_error(400, f"bad {url}")),
        ("teams", TEAMS_PATH, lambda url: Response(200, f"failed posting to {url}")),
        ("google-chat", GOOGLE_CHAT_PATH, lambda url: google_chat_error(403, f"no {url}")),
        ("json", "/bot?token=SECRETPATH", lambda url: error(500, f"boom at {url}")),
    ],
)
async def test_url_never_in_errors(
    kind: str, path: str, answer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = path.rsplit("/", 1)[-1].split("=")[-1]
    platform = platform_for(kind, spacing=0)
    with FakeWebhook(path) as s:
        s.respond(answer(s.url))
        [m] = platform.messages([Recipient("Ada", {})], "plan", DAY)
        [d] = await send_messages(s.url, platform, [m])
        assert not d.ok and d.error
        assert s.url not in d.error and secret not in d.error
    refused = closed_port_url(path)
    [d] = await send_messages(refused, platform, [m])
    assert d.error is not None and d.error.startswith("connection error: ")
    assert secret not in d.error
    assert secret not in caplog.text


def test_retry_after_forms() -> None:
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after(" 120 ") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past
    in_a_minute = parse_retry_after(
        "Wed, 21 Oct 2015 07:29:00 GMT",
        now=lambda: datetime.datetime(2015, 10, 21, 7, 28, tzinfo=datetime.UTC),
    )
    assert in_a_minute == 60.0
    for bad in ["soon", "-3", "nan", "inf", "", None]:
        assert parse_retry_after(bad) is None
    assert retry_after_hint({"retry-after": "2"}) == 2.0  # header names are case-insensitive
    assert retry_after_hint({}) is None


@pytest.mark.parametrize("kind", PLATFORM_NAMES)
def test_split_is_greedy_and_order_preserving(kind: str) -> None:
    import random

    rng = random.Random(kind)
    platform = platform_for(kind, limit=600 if kind != "teams" else 2500)
    ids = {
        "slack": lambda i: f"U{i:06d}",
        "discord": lambda i: snowflake(i),
        "mattermost": lambda i: f"user{i}",
        "teams": lambda i: f"p{i}@contoso.com",
        "google-chat": lambda i: str(10**9 + i),
        "json": lambda i: f"id{i}",
    }[kind]
    people = [
        Recipient("N" * rng.randint(1, 40) + str(i), {kind: ids(i)} if rng.random() < 0.7 else {})
        for i in range(120)
    ]
    messages = platform.messages(people, "plan", DAY)
    assert [i for m in messages for i in m.indexes] == list(range(120))
    assert [r for m in messages for r in m.recipients] == people
    for m, nxt in zip(messages, messages[1:], strict=False):
        # the next person would not have fitted: each message is as full as it can be
        assert len(platform.messages([*m.recipients, nxt.recipients[0]], "plan", DAY)) == 2


def test_platforms_module_does_not_import_httpx() -> None:
    import subprocess
    import sys

    code = "import sys, ldtui.notify.platforms; print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
