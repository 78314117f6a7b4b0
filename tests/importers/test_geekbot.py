"""``ldtui import geekbot``: Geekbot standup reports read with httpx from a loopback Geekbot."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner
from fake_apis import FakeGeekbotAPI, api_json, geekbot_report

from ldtui.cli import main
from ldtui.importers import geekbot
from ldtui.importers.geekbot import (
    GeekbotError,
    QuestionMap,
    answer_ts,
    load_question_map,
    read_reports,
)
from ldtui.records import NewPerson
from ldtui.store import Store

KEY = "gb-s3cr3t-api-key"
PLAN, SUMMARY, OTHER = 7, 8, 9
THURSDAY = datetime(2026, 11, 26, tzinfo=UTC)  # a Thursday


def unix(hours: float) -> int:
    return int((THURSDAY + timedelta(hours=hours)).timestamp())


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        f'geekbot_plan_questions = [{PLAN}]\ngeekbot_summary_questions = ["{SUMMARY}"]\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def gb(monkeypatch):
    """A loopback Geekbot with a morning standup (plan + other question) by Ada (slack_ts a
    string), one by Bob (slack_ts a number), an anonymous one, and an afternoon summary by
    Ada without slack_ts; the import pointed at it, sleeps recorded."""
    with FakeGeekbotAPI(key=KEY) as fake:
        fake.reports += [
            geekbot_report(
                1,
                unix(9),
                {PLAN: "Rust ownership", OTHER: "fine", SUMMARY: ""},
                slack_ts=f"{unix(9)}.000200",
            ),
            geekbot_report(
                2,
                unix(9.5),
                {PLAN: "SQL <@U1>-style"},
                member=("U2", "Bob Smith"),
                slack_ts=float(f"{unix(9.5)}.123456"),  # a JSON number
            ),
            geekbot_report(3, unix(10), {PLAN: "secret"}, member=None),
            geekbot_report(4, unix(16), {SUMMARY: "the borrow checker"}),
        ]
        fake.sleeps = []  # type: ignore[attr-defined]
        monkeypatch.setenv("GEEKBOT_API_KEY", KEY)
        monkeypatch.setenv("LDTUI_GEEKBOT_API_URL", fake.url)
        monkeypatch.setattr(geekbot, "_sleep", fake.sleeps.append)
        yield fake


def run(db, config, *args: str):
    result = CliRunner().invoke(
        main,
        ["import", "geekbot", "--standup-id", "42", "--db", str(db), "--config", str(config)]
        + list(args),
    )
    assert KEY not in result.output
    return result


def posts(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select channel_id, ts, person_id, text, text_plain, kind_hint, kind, day"
            " from posts order by ts"
        ).fetchall()


def test_import_stores_plan_and_summary_answers(gb, config, tmp_path):
    db = tmp_path / "ldtui.db"
    result = run(db, config)
    assert result.exit_code == 0, result.output
    assert "reports read    4" in result.output
    assert "answers         2 plans, 1 summaries" in result.output
    assert "posts stored    3 new, 0 updated, 0 unchanged" in result.output
    assert "anonymous report (no member)" in result.output
    assert "empty answer" in result.output and "answer to another question" in result.output
    assert posts(db) == [
        ("geekbot:42", f"{unix(9)}.000200", "U1", "Rust ownership", "Rust ownership",
         "plan", "plan", "2026-11-26"),
        ("geekbot:42", f"{unix(9.5)}.123456", "U2", "SQL <@U1>-style", "SQL @Ada Lovelace-style",
         "plan", "plan", "2026-11-26"),
        # No slack_ts: the report's timestamp + id; the summary hint wins over the clock.
        ("geekbot:42", f"{unix(16)}.000400", "U1", "the borrow checker", "the borrow checker",
         "summary", "summary", "2026-11-26"),
    ]  # fmt: skip
    with sqlite3.connect(db) as conn:
        people = conn.execute("select id, name, tz from people order by id").fetchall()
        members = {r[0] for r in conn.execute("select person_id from members")}
        channel = conn.execute("select id, name from channels").fetchall()
    assert people == [("U1", "Ada Lovelace", None), ("U2", "Bob Smith", None)]
    assert members == {"U1", "U2"} and channel == [("geekbot:42", "geekbot-42")]
    call = gb.calls("reports/")[0]
    assert call.headers["authorization"] == KEY
    assert call.params == {"standup_id": "42", "limit": "100"}


def test_kind_hint_beats_the_clock(gb, config, tmp_path):
    gb.reports[:] = [geekbot_report(5, unix(9), {SUMMARY: "learned it all before noon"})]
    db = tmp_path / "ldtui.db"
    assert run(db, config).exit_code == 0
    assert [p[5:7] for p in posts(db)] == [("summary", "summary")]


def test_import_again_is_idempotent_and_an_edit_updates(gb, config, tmp_path):
    db = tmp_path / "ldtui.db"
    assert run(db, config).exit_code == 0
    result = run(db, config)
    assert "posts stored    0 new, 0 updated, 3 unchanged" in result.output
    assert "new people      0" in result.output
    gb.reports[0]["questions"][0]["answer"] = "Rust ownership and lifetimes"
    result = run(db, config)
    assert "posts stored    0 new, 1 updated, 2 unchanged" in result.output
    assert posts(db)[0][3] == "Rust ownership and lifetimes"


def test_people_already_stored_keep_their_zone_and_name(gb, config, tmp_path):
    db = tmp_path / "ldtui.db"
    store = Store(db)
    store.add_people([NewPerson("U1", "Ada (Slack)", "Asia/Tokyo")])
    store.close()
    result = run(db, config)
    assert "new people      1" in result.output
    with sqlite3.connect(db) as conn:
        people = conn.execute("select id, name, tz from people order by id").fetchall()
        ada_day = conn.execute(
            "select day from posts where person_id = 'U1' and kind = 'plan'"
        ).fetchone()[0]
    assert people == [("U1", "Ada (Slack)", "Asia/Tokyo"), ("U2", "Bob Smith", None)]
    assert ada_day == "2026-11-26"  # 09:00 UTC is 18:00 Thursday in Tokyo
    assert posts(db)[1][4] == "SQL @Ada (Slack)-style"


def test_paging_moves_before_and_loses_no_report_sharing_the_boundary_second(gb, config, tmp_path):
    base = unix(-24 * 7 * 130)
    gb.reports[:] = [
        geekbot_report(i, base + i * 3600, {PLAN: f"plan {i}"}, member=(f"U{i}", f"P {i}"))
        for i in range(1, 121)
    ]
    gb.reports[19]["timestamp"] = gb.reports[20]["timestamp"]  # reports 20 and 21: one second
    db = tmp_path / "ldtui.db"
    result = run(db, config)
    assert result.exit_code == 0, result.output
    assert "reports read    120" in result.output
    assert "posts stored    120 new" in result.output
    calls = gb.calls("reports/")
    assert len(calls) == 2
    assert "before" not in calls[0].params
    assert calls[1].params["before"] == str(gb.reports[20]["timestamp"] + 1)


def test_since_and_until_become_after_and_before(gb, config, tmp_path):
    db = tmp_path / "ldtui.db"
    result = run(db, config, "--since", "2026-11-26", "--until", "2026-11-27")
    assert result.exit_code == 0, result.output
    params = gb.calls("reports/")[0].params
    assert params["after"] == str(unix(0)) and params["before"] == str(unix(24))


def test_rate_limited_request_waits_retry_after(gb, config, tmp_path):
    gb.fail("reports/", api_json({"message": "Too many requests"}, 429, {"Retry-After": "1"}))
    db = tmp_path / "ldtui.db"
    result = run(db, config)
    assert result.exit_code == 0, result.output
    assert gb.sleeps == [1.0] and len(gb.calls("reports/")) == 2
    assert len(posts(db)) == 3


def test_rejected_key_exits_1_and_writes_nothing(gb, config, tmp_path, monkeypatch):
    monkeypatch.setenv("GEEKBOT_API_KEY", "gb-wrong-s3cr3t")
    db = tmp_path / "ldtui.db"
    result = run(db, config)
    assert result.exit_code == 1
    assert "Geekbot rejected the key in GEEKBOT_API_KEY (HTTP 401)" in result.output
    assert "s3cr3t" not in result.output
    assert posts(db) == []


def test_missing_key_or_questions_are_errors(gb, tmp_path, monkeypatch):
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    result = run(tmp_path / "ldtui.db", empty)
    assert result.exit_code == 1
    assert "set geekbot_plan_questions and/or geekbot_summary_questions" in result.output
    monkeypatch.delenv("GEEKBOT_API_KEY")
    result = run(tmp_path / "ldtui.db", empty)
    assert result.exit_code == 1 and "set GEEKBOT_API_KEY" in result.output
    assert not gb.requests


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("geekbot_plan_questions = 7", "'geekbot_plan_questions' must be a list"),
        ("geekbot_plan_questions = [7]\ngeekbot_summary_questions = [7]", "both a plan and"),
        ("geekbot_plan_questions = [", "cannot read"),
    ],
)
def test_bad_question_config(tmp_path, text, message):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeekbotError, match=message):
        load_question_map(path)


@pytest.mark.parametrize(
    ("slack_ts", "index", "expected"),
    [
        ("1795683600.000200", 0, "1795683600.000200"),
        ("1795683600.000200", 2, "1795683600.000202"),
        (Decimal("1795683600.123456"), 1, "1795683600.123457"),
        (1795683600.5, 0, "1795683600.500000"),
        (1795683600, 0, "1795683600.000000"),
        (None, 1, "1700000000.012301"),
        ("", 0, "1700000000.012300"),
        ("not a ts", 0, "1700000000.012300"),
    ],
)
def test_answer_ts(slack_ts, index, expected):
    report = {"id": 10123, "slack_ts": slack_ts, "timestamp": 1700000000}
    assert answer_ts(report, index) == expected


def test_read_reports_matches_question_id_or_id():
    report = geekbot_report(1, 1700000000, {PLAN: "a"})
    del report["questions"][0]["question_id"]
    report["questions"][0]["id"] = SUMMARY
    found = read_reports([report], 42, QuestionMap(frozenset({"7"}), frozenset({"8"})), {})
    assert [p.kind_hint for p in found.posts] == ["summary"]
    assert found.people[0].name == "Ada Lovelace" and found.channel.members == ["U1"]
