"""Secrets stay secret and requests have deadlines: the scrubber, webhook answers that echo the
URL back, answers that drip or never end, and redirects that would carry a token elsewhere.

Every server is real, on 127.0.0.1 (``webhook_server.FakeSlack`` and small handlers below).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from export_builder import message, person, write_export
from fake_apis import FakeSlackAPI
from webhook_server import FakeSlack, Response, error

from ldtui.importers.geekbot import GeekbotError, QuestionMap, import_standup
from ldtui.importers.slack_api import SlackSyncError, make_client, read_channel
from ldtui.importers.slack_export import read_slack_export
from ldtui.notify.nudger import Nudger, NudgeTarget
from ldtui.notify.platforms import platform_for
from ldtui.notify.redact import Scrubber, redact_url, scrub, shorten
from ldtui.notify.sender import Sender
from ldtui.safe_http import BODY_CAP, post_capped
from ldtui.store import Store

SIG = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_SiG"
WORKFLOW = "0a1b2c3d4e5f67890a1b2c3d4e5f6789"
TEAMS_PATH = (
    f"/workflows/{WORKFLOW}/triggers/manual/paths/invoke"
    f"?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={SIG}"
)
SLACK_PATH = "/services/T0SECRET1/B0SECRET2/xSeCrEtToKeN1234567890ab"
TOKEN = "xoxb-1234567890-0987654321-SeCrEtBoTtOkEn"
GEEKBOT_KEY = "gk-SeCrEtGeEkBoTkEy-42"

THU = date(2025, 11, 27)
NOW = datetime(2025, 11, 27, 9, 0, tzinfo=UTC)
QUESTIONS = QuestionMap(frozenset({"1"}), frozenset({"2"}))
HTTP_LOGGERS = ("httpx", "httpcore", "slack_sdk", "ldtui")


def secret_parts() -> list[str]:
    """Pieces that must never be seen, raw; :func:`assert_clean` checks their encodings."""
    return [SIG, WORKFLOW, "T0SECRET1", "B0SECRET2", "xSeCrEtToKeN1234567890ab", TOKEN, GEEKBOT_KEY]


def encodings(text: str) -> set[str]:
    return {text, json.dumps(text)[1:-1], quote(text, safe=""), quote(text, safe="/")}


def assert_clean(text: str) -> None:
    low = text.lower()
    for part in secret_parts():
        for form in encodings(part):
            assert form.lower() not in low, f"{form!r} leaked in {text!r}"
        assert part[:12].lower() not in low, f"a piece of {part!r} leaked in {text!r}"


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in HTTP_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


# --------------------------------------------------------------------------- the scrubber


def test_scrubber_every_encoding() -> None:
    url = "https://prod-12.westeurope.logic.azure.com:443" + TEAMS_PATH
    slack = "https://hooks.slack.com" + SLACK_PATH
    s = Scrubber(urls=[url, slack], tokens=[TOKEN])
    texts = [
        url,
        json.dumps({"error": url}),
        json.dumps(slack),  # https:\/\/hooks.slack.com\/services\/T…
        quote(url, safe=""),
        quote(slack, safe=""),
        f"echo: {url[:-7]}",  # cut in the middle of the sig
        f"{'x' * 300}{slack[:-6]}",
        f"sig={SIG[:10]} and {SIG[5:20]}",
        f"Authorization: Bearer {TOKEN}",
        f"token {TOKEN[:14]}",
    ]
    for text in texts:
        out = s(text)
        assert_clean(out)
    assert s(url) == "prod-12.westeurope.logic.azure.com:443/…"
    assert s("invalid_payload channel_not_found no_service") == (
        "invalid_payload channel_not_found no_service"
    )


def test_generic_patterns_without_known_secrets() -> None:
    s = Scrubber()
    assert_clean(s("see https:\\/\\/hooks.slack.com\\/services\\/T0SECRET1\\/B0SECRET2\\/xSeCrEt"))
    assert_clean(s("https%3A%2F%2Fhooks.slack.com%2Fservices%2FT0SECRET1%2FB0SECRET2%2Fabc"))
    assert_clean(s(f"bad token {TOKEN}"))
    assert_clean(s(f"https://chat.googleapis.com/v1/spaces/X/messages?key={SIG}&token={SIG}"))


def test_scrub_first_then_shorten() -> None:
    Scrubber()  # the process-wide one learns the URL through Sender/config elsewhere
    from ldtui.notify.redact import SECRETS

    url = "https://hooks.slack.com" + SLACK_PATH
    SECRETS.add_url(url)
    text = "x" * 190 + url
    out = shorten(text, 200)
    assert len(out) <= 200
    assert_clean(out)
    assert_clean(scrub(text[:205]))


# --------------------------------------------------------------------------- echoing servers


@pytest.fixture
def store(store: Store, tmp_path: Path) -> Store:
    people = [person("U1", "Alice", tz="UTC")]
    msgs = [message("U1", datetime(2025, 11, 20, 8, tzinfo=UTC), "Plan: old")]
    export = write_export(tmp_path, people=people, messages=msgs)
    store.import_batch(read_slack_export(export, "learning-day"))
    return store


def _echoes(url: str) -> list[Response]:
    long_tail = "e" * 70_000 + url[: len(url) - 8]  # cut in the middle of the secret, past the cap
    cut = "e" * 600 + url[: len(url) - 8]
    return [
        error(400, f"invalid_payload: {url}"),
        error(400, json.dumps({"error": {"message": f"bad {url}", "status": "X"}})),
        error(400, f"bad {quote(url, safe='')}"),
        error(400, cut),
        error(400, long_tail),
    ]


@pytest.mark.parametrize("kind,path", [("teams", TEAMS_PATH), ("slack", SLACK_PATH)])
async def test_echoed_url_never_reaches_ledger_output_or_logs(
    store: Store, kind: str, path: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    with FakeSlack(path) as server:
        responses = _echoes(server.url)
        server.respond(*responses)

        async def no_sleep(seconds: float) -> None:
            pass

        nudger = Nudger(
            store,
            server.url,
            cooldown=timedelta(0),
            clock=lambda: NOW,
            sleep=no_sleep,
            webhook_kind=kind,
        )
        for _ in responses:
            [outcome] = await nudger.nudge([NudgeTarget("U1", "Alice", "plan")], THU, force=True)
            assert outcome.status == "failed"
            assert outcome.error
            assert_clean(outcome.error)
            assert len(outcome.error) <= 200
    rows = store.nudges(THU)
    assert len(rows) == len(responses)
    for row in rows:
        assert_clean(repr(row))
        assert row.target == redact_url(server.url)
    assert_clean(debug_logs.text)
    assert "127.0.0.1" in debug_logs.text  # the logs do say where


# --------------------------------------------------------------------------- odd servers


class _Odd(BaseHTTPRequestHandler):
    """Answers by ``server.mode``: ``drip`` (a byte every 0.5 s until the client leaves),
    ``huge`` (10 MB), ``redirect`` (302 to ``server.location``), ``record`` (200 ``[]``)."""

    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.seen.append({k.lower(): v for k, v in self.headers.items()})
        mode = self.server.mode
        try:
            if mode == "drip":
                self.send_response(200)
                self.send_header("Content-Length", "1000000")
                self.end_headers()
                while not self.server.stop.wait(0.5):
                    self.wfile.write(b"o")
                    self.wfile.flush()
            elif mode == "huge":
                self.send_response(500)
                self.send_header("Content-Length", str(10 * 1024 * 1024))
                self.end_headers()
                block = b"z" * 65536
                for _ in range(160):
                    self.wfile.write(block)
            elif mode == "redirect":
                self.send_response(302)
                self.send_header("Location", self.server.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                body = b'{"ok": true, "members": [], "channel": {"name": "x"}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        except OSError:
            pass

    do_GET = _handle
    do_POST = _handle


class OddServer:
    def __init__(self, mode: str, location: str = "") -> None:
        self.httpd: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Odd)
        self.httpd.daemon_threads = True
        self.httpd.mode = mode
        self.httpd.location = location
        self.httpd.seen = []
        self.httpd.stop = threading.Event()
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def seen(self) -> list[dict[str, str]]:
        return list(self.httpd.seen)

    def close(self) -> None:
        self.httpd.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> OddServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def test_dripping_webhook_fails_at_the_deadline_and_the_batch_goes_on() -> None:
    with OddServer("drip") as server:
        url = server.base + SLACK_PATH
        started = time.monotonic()
        async with Sender(url, platform_for("slack"), timeout=1.5, spacing=0) as sender:
            first = await sender.send({"text": "a"})
            second = await sender.send({"text": "b"})
        took = time.monotonic() - started
    assert first.error == "no answer within 1.5 s"
    assert second.error == "no answer within 1.5 s"  # not "gone": the next message is tried
    assert first.http_status is None and not first.ok
    assert took < 30  # a guard against hanging for ever, not a speed test
    assert len(server.seen) == 2


async def test_huge_answer_is_read_only_up_to_the_cap(debug_logs: pytest.LogCaptureFixture):
    with OddServer("huge") as server:
        async with httpx.AsyncClient() as client:
            answer = await post_capped(client, server.base + "/x", json={}, deadline=10)
        assert answer.status == 500
        assert len(answer.body) == BODY_CAP
        assert answer.truncated
        async with Sender(server.base + SLACK_PATH, platform_for("slack"), spacing=0) as s:
            delivery = await s.send({"text": "a"})
    assert delivery.http_status == 500
    assert delivery.error is not None and len(delivery.error) <= 200


async def test_webhook_redirect_is_not_followed() -> None:
    with OddServer("record") as thief:
        with OddServer("redirect", thief.base + f"/steal?sig={SIG}") as server:
            async with Sender(server.base + SLACK_PATH, platform_for("slack"), spacing=0) as s:
                delivery = await s.send({"text": "a"})
        assert thief.seen == []
    assert delivery.http_status == 302
    assert delivery.error == f"redirected (HTTP 302) to 127.0.0.1:{thief.port}; not followed"


def test_geekbot_redirect_is_not_followed_and_key_stays_home(store: Store) -> None:
    with OddServer("record") as thief:
        with OddServer("redirect", thief.base + "/v1/reports/") as server:
            with pytest.raises(GeekbotError) as caught:
                import_standup(store, GEEKBOT_KEY, 1, QUESTIONS, base_url=server.base + "/v1")
            assert server.seen[0]["authorization"] == GEEKBOT_KEY
        assert thief.seen == []
    assert str(caught.value) == (
        f"Geekbot redirected (HTTP 302) to 127.0.0.1:{thief.port}; not followed"
    )


def test_geekbot_dripping_answer_fails_at_the_deadline(store: Store) -> None:
    with OddServer("drip") as server:
        with pytest.raises(GeekbotError) as caught:
            import_standup(
                store, GEEKBOT_KEY, 1, QUESTIONS, base_url=server.base + "/v1", deadline=1.5
            )
    assert str(caught.value) == "Geekbot: no answer within 1.5 s"


def test_slack_sdk_redirect_is_not_followed(debug_logs: pytest.LogCaptureFixture) -> None:
    with OddServer("record") as thief:
        with OddServer("redirect", thief.base + "/api/users.list") as server:
            client = make_client(TOKEN, server.base + "/api/")
            with pytest.raises(SlackSyncError) as caught:
                read_channel(client, "C1")
            assert server.seen[0]["authorization"] == f"Bearer {TOKEN}"
        assert thief.seen == []  # urllib's default opener would have re-sent the token here
    assert caught.value.code == "redirect"
    assert f"redirected (HTTP 302) to 127.0.0.1:{thief.port}; not followed" in str(caught.value)
    assert_clean(str(caught.value))
    assert_clean(debug_logs.text)


def test_slack_sdk_dripping_answer_fails_at_the_deadline() -> None:
    with OddServer("drip") as server:
        client = make_client(TOKEN, server.base + "/api/", deadline=1.5)
        with pytest.raises(SlackSyncError) as caught:
            read_channel(client, "C1")
    assert caught.value.code == "timeout"
    assert "no answer within 1.5 s" in str(caught.value)


def test_slack_sdk_token_echoed_in_error_is_scrubbed(debug_logs: pytest.LogCaptureFixture):
    with FakeSlackAPI(token=TOKEN) as slack:
        client = make_client("xoxb-1234567890-0987654321-WrOnGtOkEnWrOnG", slack.url)
        with pytest.raises(SlackSyncError) as caught:
            read_channel(client, "C1")
    assert_clean(str(caught.value))
    assert "WrOnGtOkEnWrOnG" not in debug_logs.text
    assert_clean(debug_logs.text)
