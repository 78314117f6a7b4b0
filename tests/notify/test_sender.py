"""Tests for the reminder wording, Slack markup and ldtui.notify.sender (a loopback FakeSlack)."""

from __future__ import annotations

import datetime
import logging
import socket
from collections.abc import Iterator

import httpx
import pytest
from webhook_server import FakeSlack, error, ok, rate_limited, slow

from ldtui.notify.platforms import Recipient, platform_for
from ldtui.notify.platforms.slack import escape, mention
from ldtui.notify.redact import redact_url
from ldtui.notify.sender import Delivery, Sender
from ldtui.notify.wording import format_day

DAY = datetime.date(2026, 11, 12)


@pytest.fixture
def server() -> Iterator[FakeSlack]:
    with FakeSlack() as s:
        yield s


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def nudge_text(people: list[tuple[str, str]], kind: str, day: datetime.date) -> str:
    """The Slack reminder for ``(slack id, name)`` pairs, as the nudger writes it."""
    recipients = [Recipient(name, {"slack": uid}) for uid, name in people]
    [message] = platform_for("slack").messages(recipients, kind, day)  # type: ignore[arg-type]
    return message.text


async def deliver(url: str, payload: dict[str, object], **options: object) -> Delivery:
    """POST one payload to a Slack webhook through a :class:`Sender` of its own."""
    async with Sender(url, platform_for("slack"), spacing=0.0, **options) as sender:  # type: ignore[arg-type]
        return await sender.send(payload)


def closed_port_url() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/services/T999/B999/SECRETSECRET"


# --- wording and Slack markup -------------------------------------------------------------


def test_escape() -> None:
    assert escape("a & b <c> d") == "a &amp; b &lt;c&gt; d"
    assert escape("&lt;") == "&amp;lt;"
    assert escape("plain *text*") == "plain *text*"


def test_mention() -> None:
    assert mention("U123") == "<@U123>"
    assert mention(" W9 ") == "<@W9>"
    for bad in ["", "  ", "U1>", "U1|x", "<!channel>", "U 1"]:
        with pytest.raises(ValueError):
            mention(bad)


def test_format_day() -> None:
    assert format_day(DAY) == "Thursday 12 Nov 2026"
    assert format_day(datetime.date(2026, 1, 1)) == "Thursday 1 Jan 2026"


def test_nudge_text_plan_one() -> None:
    assert nudge_text([("U1", "Ann")], "plan", DAY) == (
        "Hi <@U1>, friendly Learning Day reminder: your plan for Thursday 12 Nov 2026 "
        "is not posted yet. What will you learn today?"
    )


def test_nudge_text_summary_one() -> None:
    assert nudge_text([("U1", "Ann")], "summary", DAY) == (
        "Hi <@U1>, friendly Learning Day reminder: your summary for Thursday 12 Nov 2026 "
        "is not posted yet. What did you learn?"
    )


def test_nudge_text_several() -> None:
    text = nudge_text([("U1", "Ann"), ("U2", "Bob"), ("U3", "Cy"), ("U1", "Ann")], "plan", DAY)
    assert text.startswith("Hi <@U1>, <@U2> and <@U3>, ")
    assert "your plans for Thursday 12 Nov 2026 are not posted yet." in text
    assert nudge_text([("U1", "A"), ("U2", "B")], "summary", DAY).startswith("Hi <@U1> and <@U2>, ")


def test_nudge_text_name_without_id_is_escaped() -> None:
    text = nudge_text([("", "Tom & <Jerry>")], "plan", DAY)
    assert text.startswith("Hi Tom &amp; &lt;Jerry&gt;, ")
    assert "<Jerry>" not in text


def test_nudge_text_errors() -> None:
    with pytest.raises(ValueError):
        nudge_text([], "plan", DAY)
    with pytest.raises(ValueError):
        nudge_text([("", " ")], "plan", DAY)
    with pytest.raises(ValueError):
        nudge_text([("U1", "A")], "lunch", DAY)  # type: ignore[arg-type]


def test_payload() -> None:
    assert platform_for("slack").payload("hi", [], "plan", DAY) == {"text": "hi"}


# --- sender.py ---------------------------------------------------------------------------


async def test_ok(server: FakeSlack) -> None:
    body = {"text": nudge_text([("U1", "Ann")], "plan", DAY)}
    result = await deliver(server.url, body)
    assert result == Delivery(ok=True, http_status=200, error=None, attempts=1)
    assert len(server.requests) == 1
    path, headers, received, _t = server.requests[0]
    assert path == "/services/T000/B000/XXXX"
    assert headers["content-type"] == "application/json"
    assert received == body


async def test_rate_limited_then_ok_waits_retry_after(server: FakeSlack) -> None:
    server.respond(rate_limited(retry_after=1), ok())
    result = await deliver(server.url, {"text": "hello"})
    assert result.ok and result.http_status == 200 and result.error is None
    assert result.attempts == 2
    assert len(server.requests) == 2
    first, second = server.requests
    assert second.time - first.time >= 0.9
    assert server.bodies == [{"text": "hello"}, {"text": "hello"}]


async def test_three_429_fail_rate_limited(server: FakeSlack) -> None:
    server.respond(rate_limited(1), rate_limited(1), rate_limited(1), ok())
    sleep = FakeSleep()
    result = await deliver(server.url, {"text": "x"}, sleep=sleep)
    assert result == Delivery(ok=False, http_status=429, error="rate_limited", attempts=3)
    assert len(server.requests) == 3
    assert sleep.calls == [1.0, 1.0]
    assert server.bodies == [{"text": "x"}] * 3


async def test_retry_after_is_capped(server: FakeSlack) -> None:
    server.respond(rate_limited(retry_after=3600), ok())
    sleep = FakeSleep()
    result = await deliver(server.url, {"text": "x"}, sleep=sleep, retry_after_cap=5.0)
    assert result.ok and result.attempts == 2
    assert sleep.calls == [5.0]


@pytest.mark.parametrize("value", [None, "soon", "-3", "nan"])
async def test_retry_after_missing_or_bad_defaults_to_one(server: FakeSlack, value) -> None:
    server.respond(rate_limited(retry_after=value), ok())
    sleep = FakeSleep()
    result = await deliver(server.url, {"text": "x"}, sleep=sleep)
    assert result.ok
    assert sleep.calls == [1.0]


async def test_retry_after_http_date(server: FakeSlack) -> None:
    server.respond(rate_limited(retry_after="Wed, 21 Oct 2015 07:28:00 GMT"), ok())
    sleep = FakeSleep()
    result = await deliver(server.url, {"text": "x"}, sleep=sleep)
    assert result.ok
    assert sleep.calls == []  # a date in the past: retry at once, no wait


async def test_max_attempts_one(server: FakeSlack) -> None:
    server.respond(rate_limited(1))
    sleep = FakeSleep()
    result = await deliver(server.url, {"text": "x"}, sleep=sleep, max_attempts=1)
    assert result == Delivery(ok=False, http_status=429, error="rate_limited", attempts=1)
    assert sleep.calls == []
    with pytest.raises(ValueError):
        await deliver(server.url, {"text": "x"}, max_attempts=0)


async def test_channel_not_found(server: FakeSlack) -> None:
    server.respond(error(404, "channel_not_found"))
    result = await deliver(server.url, {"text": "x"})
    assert result == Delivery(ok=False, http_status=404, error="channel_not_found", attempts=1)
    assert server.bodies == [{"text": "x"}]


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (400, "invalid_payload"),
        (403, "action_prohibited"),
        (410, "channel_is_archived"),
        (500, "rollup_error"),
    ],
)
async def test_other_errors_are_not_retried(server: FakeSlack, status: int, text: str) -> None:
    server.respond(error(status, text), ok())
    result = await deliver(server.url, {"text": "x"})
    assert result == Delivery(ok=False, http_status=status, error=text, attempts=1)
    assert len(server.requests) == 1


async def test_no_service_means_the_webhook_is_gone(server: FakeSlack) -> None:
    """Slack's ``no_service``: the webhook was disabled or removed; nothing more is sent."""
    server.respond(error(404, "no_service"), ok())
    result = await deliver(server.url, {"text": "x"})
    assert result == Delivery(
        ok=False, http_status=404, error="webhook_gone", attempts=1, gone=True
    )
    assert len(server.requests) == 1


async def test_error_text_trimmed_and_empty_body(server: FakeSlack) -> None:
    server.respond(error(400, "e" * 1000), error(500, ""), (200, "not ok", {}))
    long = await deliver(server.url, {"text": "x"})
    assert long.error is not None and 150 <= len(long.error) <= 200
    empty = await deliver(server.url, {"text": "x"})
    assert empty == Delivery(ok=False, http_status=500, error="HTTP 500", attempts=1)
    odd = await deliver(server.url, {"text": "x"})
    assert odd == Delivery(ok=False, http_status=200, error="not ok", attempts=1)


async def test_error_body_echoing_url_is_scrubbed(server: FakeSlack) -> None:
    server.respond(error(400, f"bad request to {server.url}"))
    result = await deliver(server.url, {"text": "x"})
    assert result.error is not None
    assert "XXXX" not in result.error and server.url not in result.error


async def test_connection_refused_hides_url(caplog: pytest.LogCaptureFixture) -> None:
    url = closed_port_url()
    caplog.set_level(logging.DEBUG)
    result = await deliver(url, {"text": "x"})
    assert not result.ok
    assert result.http_status is None
    assert result.attempts == 1
    assert result.error is not None and result.error.startswith("connection error: ")
    assert url not in result.error and "SECRET" not in result.error
    assert "SECRET" not in caplog.text


async def test_timeout(server: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    server.respond(slow(3.0))
    caplog.set_level(logging.DEBUG)
    result = await deliver(server.url, {"text": "x"}, timeout=0.3)
    assert result == Delivery(
        ok=False, http_status=None, error="no answer within 0.3 s", attempts=1, unknown=True
    )
    assert server.bodies == [{"text": "x"}]  # it did arrive: delivery is unknown, not failed
    assert "XXXX" not in caplog.text


async def test_invalid_url() -> None:
    result = await deliver("not a url/SECRET", {"text": "x"})
    assert not result.ok and result.http_status is None
    assert result.error is not None and "SECRET" not in result.error


async def test_with_given_client_not_closed(server: FakeSlack) -> None:
    async with httpx.AsyncClient() as client:
        first = await deliver(server.url, {"text": "1"}, client=client)
        second = await deliver(server.url, {"text": "2"}, client=client)
        assert not client.is_closed
    assert first.ok and second.ok
    assert server.bodies == [{"text": "1"}, {"text": "2"}]


def test_redact_url() -> None:
    assert redact_url("https://hooks.slack.com/services/T0/B0/XXXX") == "hooks.slack.com/…"
    assert redact_url("https://user:pw@hooks.slack.com/services/T0?x=1") == "hooks.slack.com/…"
    assert redact_url("http://127.0.0.1:8080/services/T0/B0/X") == "127.0.0.1:8080/…"
    assert redact_url("http://[::1]:9/s") == "[::1]:9/…"
    for bad in ["", "not a url", "hooks.slack.com/services/X", "http://[::1/x", "http://h:99999/x"]:
        assert redact_url(bad) == "…"


def test_fake_slack_script_and_close() -> None:
    with FakeSlack() as s:
        s.respond((418, "teapot", {"X-A": "b"}))
        r1 = httpx.post(s.url, json={"a": 1})
        r2 = httpx.post(s.url, content=b"raw text")
        assert (r1.status_code, r1.text, r1.headers["x-a"]) == (418, "teapot", "b")
        assert (r2.status_code, r2.text) == (200, "ok")
        assert s.bodies == [{"a": 1}, "raw text"]
    s.close()  # idempotent
