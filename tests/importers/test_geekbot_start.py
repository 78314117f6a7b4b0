"""Asking Geekbot to start a standup for some people now (``POST /v1/standups/{id}/start``),
the building block of nudging through Geekbot, against the documented loopback Geekbot."""

from __future__ import annotations

import httpx
import pytest
from geekbot_api import GeekbotAPI, Reply, gb_question, gb_user

from ldtui.importers.geekbot import GeekbotError, StartOutcome, start_standup

KEY = "gb-start-s3cr3t-key"


@pytest.fixture
def gb():
    with GeekbotAPI(key=KEY) as fake:
        fake.add_standup(
            42,
            "Learning Day",
            [gb_user(f"U{i}", f"p{i}", f"Person {i}") for i in range(1, 6)],
            [gb_question(7, "What will you learn today?")],
        )
        yield fake


async def start(gb: GeekbotAPI, users: list[str], key: str = KEY, **kwargs) -> list[StartOutcome]:
    async with httpx.AsyncClient(headers={"Authorization": key}) as client:
        return await start_standup(client, 42, users, base_url=gb.url, **kwargs)


async def test_one_request_per_batch_and_ok_is_success(gb):
    outcomes = await start(gb, ["U1", "U2", "U3"], batch=2)
    assert outcomes == [
        StartOutcome("U1", True, None, 200),
        StartOutcome("U2", True, None, 200),
        StartOutcome("U3", True, None, 200),
    ]
    calls = gb.calls("/v1/standups/42/start", "POST")
    assert [c.body for c in calls] == [{"users": ["U1", "U2"]}, {"users": ["U3"]}]
    assert all(c.headers["authorization"] == KEY for c in calls)
    assert all(c.headers["content-type"] == "application/json" for c in calls)
    assert gb.started == [["U1", "U2"], ["U3"]]


async def test_a_non_member_is_named_and_the_rest_are_asked(gb):
    outcomes = await start(gb, ["U1", "U9", "U2"])
    assert outcomes == [
        StartOutcome("U1", True, None, 200),
        StartOutcome("U9", False, "not a member of Geekbot standup 42", 404),
        StartOutcome("U2", True, None, 200),
    ]
    bodies = [c.body for c in gb.calls("/v1/standups/42/start")]
    assert bodies == [{"users": ["U1", "U9", "U2"]}, {"users": ["U1"]}, {"users": ["U9"]},
                      {"users": ["U2"]}]  # fmt: skip
    assert gb.started == [["U1"], ["U2"]]


async def test_a_wrong_key_says_so_without_showing_it(gb):
    with pytest.raises(GeekbotError) as caught:
        await start(gb, ["U1"], key="gb-wrong-s3cr3t")
    assert str(caught.value) == "Geekbot rejected the key in GEEKBOT_API_KEY (HTTP 401)"


async def test_an_unknown_standup_and_a_redirect_are_errors(gb):
    gb.standups.clear()
    with pytest.raises(GeekbotError, match=r"no standup 42 this key can see .*Standup not found"):
        await start(gb, ["U1"])
    gb.script(
        "/v1/standups/42/start", Reply(301, None, {"Location": "https://elsewhere.example/x"})
    )
    with pytest.raises(GeekbotError, match=r"redirected \(HTTP 301\) to elsewhere.example; not"):
        await start(gb, ["U1"])


async def test_a_server_error_fails_that_batch_only(gb):
    gb.script("/v1/standups/42/start", Reply(500, {"error": "Internal server error"}))
    outcomes = await start(gb, ["U1", "U2", "U3"], batch=2)
    assert [(o.user_id, o.ok, o.error) for o in outcomes] == [
        ("U1", False, "Geekbot answered HTTP 500: Internal server error"),
        ("U2", False, "Geekbot answered HTTP 500: Internal server error"),
        ("U3", True, None),
    ]
