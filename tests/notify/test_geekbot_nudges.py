"""Nudging through Geekbot (``nudge_via = "geekbot"``) against the loopback Geekbot that answers
as its API documentation says: the requests it received, and the ledger rows, on a real SQLite
store whose people came from a Slack export and ``ldtui import geekbot``'s code."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from export_builder import message, person, write_export
from geekbot_api import GeekbotAPI, Reply, gb_question, gb_user

from ldtui.config import ConfigError, load_config
from ldtui.importers import geekbot
from ldtui.importers.geekbot import QuestionMap, import_standup
from ldtui.importers.slack_export import read_slack_export
from ldtui.notify.nudger import Nudger, NudgeTarget, missing_targets
from ldtui.records import NudgeStatus
from ldtui.store import Store

THU = date(2025, 11, 27)
NOW = datetime(2025, 11, 27, 9, 30, tzinfo=UTC)
KEY = "gb-nudge-s3cr3t-key"
START = "/v1/standups/42/start"
NO_ID = (
    "no Geekbot user id: not a member of Geekbot standup 42 in ldtui's data "
    "(ldtui import geekbot --standup-id 42)"
)

SLACK_PEOPLE = [
    person("U1", "Ada", tz="Europe/London"),
    person("U2", "Bob", tz="America/New_York"),
    person("U3", "Cleo", tz="UTC"),
    person("U4", "Dan Slack-only", tz="UTC"),
]
GEEKBOT_USERS = [
    gb_user("U1", "ada", "Ada"),
    gb_user("U2", "bob", "Bob"),
    gb_user("U3", "cleo", "Cleo"),
    gb_user("U5", "eve", "Eve Geekbot-only"),
]


@pytest.fixture
def gb():
    with GeekbotAPI(key=KEY) as fake:
        fake.add_standup(42, "Learning Day", GEEKBOT_USERS, [gb_question(7, "Your plan?")])
        yield fake


@pytest.fixture
def store(store: Store, tmp_path: Path, gb: GeekbotAPI) -> Store:
    """Ada, Bob, Cleo and Dan from Slack (Cleo posted her plan); the Geekbot standup's members
    Ada, Bob, Cleo and Eve, stored by the Geekbot import (Dan has no Geekbot id)."""
    export = write_export(
        tmp_path,
        people=SLACK_PEOPLE,
        messages=[message("U3", datetime(2025, 11, 27, 8, tzinfo=UTC), "Plan: read about WAL")],
    )
    store.import_batch(read_slack_export(export, "learning-day"))
    questions = QuestionMap(frozenset({"7"}), frozenset())
    import_standup(store, KEY, 42, questions, base_url=gb.url, read_ooo=False)
    gb.requests.clear()
    return store


def make(store: Store, gb: GeekbotAPI, key: str | None = KEY, **kw) -> Nudger:
    return Nudger(
        store,
        None,
        cooldown=timedelta(minutes=120),
        clock=lambda: NOW,
        via="geekbot",
        geekbot_key=key,
        geekbot_standup_id=42,
        geekbot_api_url=gb.url,
        facilitator="Fran",
        **kw,
    )


def missing(store: Store) -> list[NudgeTarget]:
    return missing_targets(store.roster(THU, with_text=False), "plan")


def ledger(store: Store) -> dict[str, tuple[str, str, int | None, str | None]]:
    return {r.person_id: (r.via, r.status, r.http_status, r.error) for r in store.nudges(THU)}


@pytest.fixture
def batches_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geekbot, "START_BATCH", 2)


async def test_geekbot_asks_everyone_missing_one_request_per_batch(store, gb, batches_of_two):
    targets = missing(store)
    assert [t.id for t in targets] == ["U1", "U2", "U4", "U5"]
    nudger = make(store, gb)
    outcomes = await nudger.nudge(targets, THU)

    calls = gb.calls(START, "POST")
    assert [c.body for c in calls] == [{"users": ["U1", "U2"]}, {"users": ["U5"]}]
    assert all(c.headers["authorization"] == KEY for c in calls)
    assert all(not r.path.endswith("/") for r in gb.requests)
    assert gb.started == [["U1", "U2"], ["U5"]]
    assert [(o.target.id, o.status, o.error) for o in outcomes] == [
        ("U1", NudgeStatus.SENT, None),
        ("U2", NudgeStatus.SENT, None),
        ("U4", NudgeStatus.FAILED, NO_ID),
        ("U5", NudgeStatus.SENT, None),
    ]
    assert ledger(store) == {
        "U1": ("geekbot", NudgeStatus.SENT, 200, None),
        "U2": ("geekbot", NudgeStatus.SENT, 200, None),
        "U4": ("geekbot", NudgeStatus.FAILED, None, NO_ID),
        "U5": ("geekbot", NudgeStatus.SENT, 200, None),
    }
    assert {r.facilitator for r in store.nudges(THU)} == {"Fran"}
    assert nudger.via_label() == f"Geekbot standup 42 ({gb.url.split('//')[1]})"


async def test_the_cooldown_holds_for_nudges_via_geekbot(store, gb):
    nudger = make(store, gb)
    await nudger.nudge(missing(store), THU)
    again = await nudger.nudge(missing(store), THU)
    by_id = {o.target.id: o for o in again}
    assert {i: o.status for i, o in by_id.items() if i != "U4"} == {
        "U1": NudgeStatus.COOLDOWN,
        "U2": NudgeStatus.COOLDOWN,
        "U5": NudgeStatus.COOLDOWN,
    }
    assert by_id["U1"].previous is not None and by_id["U1"].previous.via == "geekbot"
    assert len(gb.calls(START)) == 1
    # ... and whatever the way: no channel mention within the cooldown either
    [channel] = await nudger.nudge([NudgeTarget("U1", "Ada", "plan")], THU, via="channel")
    assert channel.status == NudgeStatus.COOLDOWN


async def test_a_non_member_is_named_and_the_rest_are_asked(store, gb):
    gb.standups[42]["users"] = [u for u in GEEKBOT_USERS if u["id"] != "U2"]  # left Geekbot
    outcomes = await make(store, gb).nudge(missing(store), THU)
    by_id = {o.target.id: o for o in outcomes}
    assert by_id["U2"].status == NudgeStatus.FAILED
    assert (by_id["U2"].http_status, by_id["U2"].error) == (
        404,
        "not a member of Geekbot standup 42",
    )
    assert by_id["U2"].target.name == "Bob"
    assert by_id["U1"].status == by_id["U5"].status == NudgeStatus.SENT
    assert gb.started == [["U1"], ["U5"]]
    assert ledger(store)["U2"] == (
        "geekbot",
        NudgeStatus.FAILED,
        404,
        "not a member of Geekbot standup 42",
    )


async def test_a_wrong_key_fails_everyone_after_one_request_and_is_never_stored(
    store, gb, batches_of_two, tmp_path
):
    wrong = "gb-wrong-s3cr3t-key"
    nudger = make(store, gb, key=wrong)
    outcomes = await nudger.nudge(missing(store), THU)
    said = "Geekbot rejected the key in GEEKBOT_API_KEY (HTTP 401)"
    assert [(o.target.id, o.status, o.error) for o in outcomes] == [
        ("U1", NudgeStatus.FAILED, said),
        ("U2", NudgeStatus.FAILED, said),
        ("U4", NudgeStatus.FAILED, NO_ID),
        ("U5", NudgeStatus.FAILED, f"not sent: {said}"),
    ]
    assert len(gb.calls(START)) == 1
    assert gb.started == []
    assert nudger.notes == [said]
    store.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("ldtui.db*"))
    assert wrong.encode() not in stored and KEY.encode() not in stored


async def test_a_redirect_is_never_followed(store, gb):
    gb.script(START, Reply(301, None, {"Location": "https://elsewhere.example/v1/start"}))
    outcomes = await make(store, gb).nudge(missing(store), THU)
    said = "Geekbot redirected (HTTP 301) to elsewhere.example; not followed"
    assert {o.target.id: o.error for o in outcomes if o.target.id != "U4"} == {
        "U1": said,
        "U2": said,
        "U5": said,
    }
    assert len(gb.requests) == 1


async def test_without_a_key_nudges_via_geekbot_are_dry_runs(store, gb):
    nudger = make(store, gb, key=None)
    assert nudger.via_label() == "Geekbot (dry run: no GEEKBOT_API_KEY)"
    outcomes = await nudger.nudge(missing(store), THU)
    assert {o.target.id: o.status for o in outcomes} == {
        "U1": NudgeStatus.DRY_RUN,
        "U2": NudgeStatus.DRY_RUN,
        "U4": NudgeStatus.FAILED,
        "U5": NudgeStatus.DRY_RUN,
    }
    assert {r.via for r in store.nudges(THU)} == {"geekbot"}
    assert gb.requests == []


async def test_without_a_standup_id_nothing_is_claimed(store, gb):
    nudger = make(store, gb)
    nudger.geekbot_standup_id = None
    with pytest.raises(ValueError, match="'geekbot_standup_id'"):
        await nudger.nudge(missing(store), THU)
    assert store.nudges(THU) == []


def test_config_names_geekbot_standup_id(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('nudge_via = "geekbot"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path}: nudge_via = \"geekbot\" needs 'geekbot_standup_id' in the config file (the "
        "id of the standup Geekbot asks again, e.g. geekbot_standup_id = 42)"
    )
    path.write_text('nudge_via = "geekbot"\ngeekbot_standup_id = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'geekbot_standup_id' has the wrong type"):
        load_config(path)
    path.write_text('nudge_via = "geekbot"\ngeekbot_standup_id = 42\n', encoding="utf-8")
    config = load_config(path)
    assert (config.nudge_via, config.geekbot_standup_id) == ("geekbot", 42)


def test_from_config_takes_the_key_and_url_the_import_uses(store, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('nudge_via = "geekbot"\ngeekbot_standup_id = 42\n', encoding="utf-8")
    env = {"GEEKBOT_API_KEY": f" {KEY} ", "LDTUI_GEEKBOT_API_URL": "http://127.0.0.1:9/"}
    nudger = Nudger.from_config(store, load_config(path), clock=lambda: NOW, environ=env)
    assert (nudger.via, nudger.geekbot_key, nudger.geekbot_standup_id) == ("geekbot", KEY, 42)
    assert nudger.via_label() == "Geekbot standup 42 (127.0.0.1:9)"
