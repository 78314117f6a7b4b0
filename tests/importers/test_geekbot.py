"""``ldtui import geekbot`` and ``ldtui sync geekbot`` against a loopback Geekbot that answers as
Geekbot's API documentation says (tests/helpers/geekbot_api.py): paths without a trailing slash,
the key without a scheme, the standup's members on the roster, out of office as away."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from click.testing import CliRunner
from geekbot_api import GeekbotAPI, Reply, gb_question, gb_report, gb_user, ooo_period

from ldtui.cli import base, main
from ldtui.importers import geekbot
from ldtui.importers.geekbot import (
    OOO_REASON,
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
ADA = ("U1", "ada", "Ada Lovelace")
BOB = ("U2", "bob", "Bob Smith")


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
    """A loopback Geekbot with standup 42 (Ada, Bob, and Cy who never answers), a morning
    report by Ada (plan + other question + empty summary, slack_ts a string), one by Bob
    (slack_ts a number), an anonymous one, and an afternoon summary by Ada without slack_ts;
    the CLI pointed at it, its clock on the Thursday, sleeps recorded."""
    with GeekbotAPI(key=KEY) as fake:
        fake.today = THURSDAY.date()
        fake.add_standup(
            42,
            "Learning Day",
            [
                gb_user("U1", "ada", "Ada Lovelace"),
                gb_user("U2", "bob", "Bob Smith"),
                gb_user("U3", "cy", None),
            ],
            [
                gb_question(PLAN, "What will you learn today?"),
                gb_question(SUMMARY, "What did you learn?"),
                gb_question(OTHER, "How are you?"),
            ],
        )
        fake.reports += [
            gb_report(
                1,
                unix(9),
                {PLAN: "Rust ownership", OTHER: "fine", SUMMARY: ""},
                slack_ts=f"{unix(9)}.000200",
            ),
            gb_report(2, unix(9.5), {PLAN: "SQL <@U1>-style"}, member=BOB,
                      slack_ts=float(f"{unix(9.5)}.123456")),
            gb_report(3, unix(10), {PLAN: "secret"}, member=None),
            gb_report(4, unix(16), {SUMMARY: "the borrow checker"}, slack_ts=None),
        ]  # fmt: skip
        fake.sleeps = []  # type: ignore[attr-defined]
        monkeypatch.setenv("GEEKBOT_API_KEY", KEY)
        monkeypatch.setenv("LDTUI_GEEKBOT_API_URL", fake.url)
        monkeypatch.setattr(geekbot, "_sleep", fake.sleeps.append)
        monkeypatch.setattr(base, "now_utc", lambda: THURSDAY + timedelta(hours=18))
        yield fake


def run(db, config, *args: str, command: str = "import"):
    result = CliRunner().invoke(
        main,
        [command, "geekbot", "--standup-id", "42", "--db", str(db), "--config", str(config)]
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


def people(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select id, name, tz from people order by id").fetchall()


def assert_documented_requests(gb: GeekbotAPI) -> None:
    """Every request used a documented path without a trailing slash and the bare key."""
    assert gb.requests
    for request in gb.requests:
        assert not request.path.endswith("/"), request.path
        assert request.headers["authorization"] == KEY


def test_import_stores_plans_summaries_and_the_whole_standup_roster(gb, config, tmp_path):
    db = tmp_path / "ldtui.db"
    result = run(db, config)
    assert result.exit_code == 0, result.output
    assert "reports read    4" in result.output
    assert "answers         2 plans, 1 summaries" in result.output
    assert "posts stored    3 new, 0 updated, 0 unchanged" in result.output
    assert "roster          3 standup members, 3 new" in result.output
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
    # Cy never answered and is on the roster all the same, named by username.
    assert people(db) == [
        ("U1", "Ada Lovelace", None),
        ("U2", "Bob Smith", None),
        ("U3", "cy", None),
    ]
    with sqlite3.connect(db) as conn:
        members = {r[0] for r in conn.execute("select person_id from members")}
        channel = conn.execute("select id, name from channels").fetchall()
    assert members == {"U1", "U2", "U3"} and channel == [("geekbot:42", "geekbot-42")]
    store = Store(db)
    roster = {e.id: e for e in store.roster(THURSDAY.date())}
    store.close()
    assert set(roster) == {"U1", "U2", "U3"}
    assert roster["U3"].plan_iso is None and roster["U3"].away is None  # missing, nudgeable

    assert_documented_requests(gb)
    assert [(r.method, r.path) for r in gb.requests[:2]] == [
        ("GET", "/v1/standups/42"),
        ("GET", "/v1/reports"),
    ]
    assert gb.calls("/v1/reports")[0].params == {"standup_id": "42", "limit": "100"}
    assert not [r for r in gb.requests if r.path.endswith("/")]


def test_the_loopback_redirects_trailing_slashes_as_documented(gb):
    answer = httpx.get(gb.url + "/v1/reports/?standup_id=42", headers={"Authorization": KEY})
    assert answer.status_code == 301
    assert answer.headers["location"] == gb.url + "/v1/reports?standup_id=42"
    assert httpx.get(gb.url + "/v1/reports", headers={"Authorization": f"Bearer {KEY}"}).json() == {
        "error": "Unauthorized"
    }


def test_a_base_url_ending_in_v1_still_asks_documented_paths(gb, config, tmp_path, monkeypatch):
    monkeypatch.setenv("LDTUI_GEEKBOT_API_URL", gb.url + "/v1/")
    assert run(tmp_path / "ldtui.db", config).exit_code == 0
    assert_documented_requests(gb)
    assert {r.path for r in gb.requests} == {"/v1/standups/42", "/v1/reports", "/v2/ooo"}


def test_a_redirect_is_never_followed_and_names_only_status_and_host(gb, config, tmp_path):
    gb.script(
        "/v1/reports",
        Reply(308, None, {"Location": f"https://thief.example:8443/steal?key={KEY}"}),
    )
    db = tmp_path / "ldtui.db"
    result = run(db, config)
    assert result.exit_code == 1
    assert (
        "Geekbot redirected (HTTP 308) to thief.example:8443; not followed (nothing was written)"
        in result.output
    )
    assert "steal" not in result.output
    assert posts(db) == [] and people(db) == []


def test_people_already_stored_keep_their_zone_and_name_placeholders_get_names(
    gb, config, tmp_path
):
    db = tmp_path / "ldtui.db"
    store = Store(db)
    store.add_people([NewPerson("U1", "Ada (Slack)", "Asia/Tokyo")])
    store.add_people([NewPerson("U3", "unknown user U3", None)])
    store.close()
    result = run(db, config)
    assert "roster          3 standup members, 2 new" in result.output
    assert people(db) == [
        ("U1", "Ada (Slack)", "Asia/Tokyo"),
        ("U2", "Bob Smith", None),
        ("U3", "cy", None),
    ]
    with sqlite3.connect(db) as conn:
        ada_day = conn.execute(
            "select day from posts where person_id = 'U1' and kind = 'plan'"
        ).fetchone()[0]
    assert ada_day == "2026-11-26"  # 09:00 UTC is 18:00 Thursday in Tokyo
    assert posts(db)[1][4] == "SQL @Ada (Slack)-style"


def test_import_again_is_idempotent_and_an_edit_updates(gb, config, tmp_path):
    db = tmp_path / "ldtui.db"
    assert run(db, config).exit_code == 0
    result = run(db, config)
    assert "posts stored    0 new, 0 updated, 3 unchanged" in result.output
    assert "roster          3 standup members, 0 new" in result.output
    gb.reports[0]["questions"][0]["answer"] = "Rust ownership and lifetimes"
    result = run(db, config)
    assert "posts stored    0 new, 1 updated, 2 unchanged" in result.output
    assert posts(db)[0][3] == "Rust ownership and lifetimes"


def test_paging_moves_before_and_loses_no_report_sharing_the_boundary_second(gb, config, tmp_path):
    base_ts = unix(-24 * 7 * 130)
    gb.reports[:] = [
        gb_report(i, base_ts + i * 3600, {PLAN: f"plan {i}"}, member=(f"U{i}", f"p{i}", f"P {i}"))
        for i in range(1, 121)
    ]
    gb.reports[19]["timestamp"] = gb.reports[20]["timestamp"]  # reports 20 and 21: one second
    db = tmp_path / "ldtui.db"
    result = run(db, config, "--since", "2020-01-01")
    assert result.exit_code == 0, result.output
    assert "reports read    120" in result.output
    assert "posts stored    120 new" in result.output
    calls = gb.calls("/v1/reports")
    assert len(calls) == 2
    assert "before" not in calls[0].params and calls[0].params["limit"] == "100"
    assert calls[1].params["before"] == str(gb.reports[20]["timestamp"] + 1)


def test_since_and_until_become_after_and_before(gb, config, tmp_path):
    result = run(tmp_path / "ldtui.db", config, "--since", "2026-11-26", "--until", "2026-11-27")
    assert result.exit_code == 0, result.output
    params = gb.calls("/v1/reports")[0].params
    assert params["after"] == str(unix(0)) and params["before"] == str(unix(24))
    assert {c.params["since"] for c in gb.calls("/v2/ooo")} == {"2026-11-26"}


def test_rate_limited_request_waits_retry_after(gb, config, tmp_path):
    gb.script("/v1/reports", Reply(429, {"error": "Too many requests"}, {"Retry-After": "1"}))
    db = tmp_path / "ldtui.db"
    result = run(db, config)
    assert result.exit_code == 0, result.output
    assert gb.sleeps == [1.0] and len(gb.calls("/v1/reports")) == 2
    assert len(posts(db)) == 3


def test_rejected_key_exits_1_and_writes_nothing(gb, config, tmp_path, monkeypatch):
    monkeypatch.setenv("GEEKBOT_API_KEY", "gb-wrong-s3cr3t")
    db = tmp_path / "ldtui.db"
    result = run(db, config)
    assert result.exit_code == 1
    assert "Geekbot rejected the key in GEEKBOT_API_KEY (HTTP 401)" in result.output
    assert "s3cr3t" not in result.output
    assert posts(db) == []


def test_an_error_echoing_the_key_is_scrubbed(gb, config, tmp_path, caplog):
    caplog.set_level("DEBUG")
    gb.script("/v1/reports", Reply(500, {"error": f"internal error for key {KEY}"}))
    result = run(tmp_path / "ldtui.db", config)
    assert result.exit_code == 1
    assert "Geekbot answered HTTP 500: internal error for key" in result.output
    assert KEY not in result.output and KEY[:12] not in result.output
    assert KEY not in caplog.text


def test_unknown_standup_is_named(gb, config, tmp_path):
    result = CliRunner().invoke(
        main,
        ["import", "geekbot", "--standup-id", "7", "--db", str(tmp_path / "x.db"),
         "--config", str(config)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Geekbot has no standup 7 this key can see (HTTP 404: Standup not found)" in (
        result.output
    )


# --------------------------------------------------------------------------- questions


def test_list_questions_prints_ids_and_texts_and_writes_nothing(gb, tmp_path):
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    db = tmp_path / "ldtui.db"
    result = run(db, empty, "--list-questions")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Geekbot standup 42 Learning Day (3 members)"
    assert f"         {PLAN}  What will you learn today?" in lines
    assert f"         {SUMMARY}  What did you learn?" in lines
    assert not db.exists()
    assert [r.path for r in gb.requests] == ["/v1/standups/42"]


def test_missing_question_settings_name_them_and_offer_the_questions(gb, tmp_path):
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    db = tmp_path / "ldtui.db"
    result = run(db, empty)
    assert result.exit_code == 1
    assert f"{empty}: set geekbot_plan_questions and/or geekbot_summary_questions" in (
        result.output
    )
    assert "standup 42 asks:" in result.output
    assert f"{PLAN}  What will you learn today?" in result.output
    assert "(nothing was written)" in result.output
    assert [r.path for r in gb.requests] == ["/v1/standups/42"]
    assert posts(db) == [] and people(db) == []


def test_missing_key_asks_for_it_before_any_request(gb, tmp_path, monkeypatch, config):
    monkeypatch.delenv("GEEKBOT_API_KEY")
    result = run(tmp_path / "ldtui.db", config)
    assert result.exit_code == 1 and "set GEEKBOT_API_KEY" in result.output
    assert not gb.requests


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("geekbot_plan_questions = 7", "'geekbot_plan_questions' must be a list"),
        ("geekbot_plan_questions = [7]\ngeekbot_summary_questions = [7]", "both a plan and"),
        ("geekbot_plan_questions = [", "cannot read"),
        ("", "set geekbot_plan_questions and/or geekbot_summary_questions"),
    ],
)
def test_bad_question_config(tmp_path, text, message):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeekbotError, match=message):
        load_question_map(path)


# --------------------------------------------------------------------------- out of office


def away(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select person_id, first_day, last_day, reason from away order by person_id, first_day"
        ).fetchall()


def test_out_of_office_becomes_away_and_follows_geekbot(gb, config, tmp_path):
    gb.ooo_page_size = 1  # Ada's two periods come on two pages
    gb.ooo += [
        ooo_period(1, "U1", "2026-11-20", "2026-11-27"),
        ooo_period(2, "U1", "2026-12-10", "2026-12-11"),
        ooo_period(3, "U2", "2025-01-01", "2025-01-05"),  # ended before the window
        ooo_period(4, "U3", "2026-11-26", "2026-11-26", tz="America/New_York"),
    ]
    db = tmp_path / "ldtui.db"
    store = Store(db)
    store.add_people([NewPerson("U2", "Bob Smith", None)])
    store.add_away("U2", date(2026, 11, 26), date(2026, 11, 26), "dentist")
    store.close()
    result = run(db, config)
    assert result.exit_code == 0, result.output
    assert "out of office   3 periods from 2025-11-26 (away)" in result.output
    assert away(db) == [
        ("U1", "2026-11-20", "2026-11-27", OOO_REASON),
        ("U1", "2026-12-10", "2026-12-11", OOO_REASON),
        ("U2", "2026-11-26", "2026-11-26", "dentist"),
        ("U3", "2026-11-26", "2026-11-26", OOO_REASON),
    ]
    store = Store(db)
    roster = {e.id: e.away for e in store.roster(THURSDAY.date())}
    store.close()
    assert roster["U3"] == OOO_REASON and roster["U2"] == "dentist"

    ooo_calls = gb.calls("/v2/ooo")
    assert [c.params["user_id"] for c in ooo_calls] == ["U1", "U1", "U2", "U3"]
    assert ooo_calls[0].params == {"user_id": "U1", "since": "2025-11-26", "limit": "100"}
    assert ooo_calls[1].params["cursor"] == "1"
    assert_documented_requests(gb)

    # Again: nothing doubles. Ada cancels her December days in Geekbot: they go here too.
    gb.ooo.pop(1)
    assert run(db, config).exit_code == 0
    assert away(db) == [
        ("U1", "2026-11-20", "2026-11-27", OOO_REASON),
        ("U2", "2026-11-26", "2026-11-26", "dentist"),
        ("U3", "2026-11-26", "2026-11-26", OOO_REASON),
    ]


@pytest.mark.parametrize("status", [401, 404])
def test_out_of_office_refused_is_reported_and_the_rest_goes_on(gb, config, tmp_path, status):
    gb.ooo_status = status
    db = tmp_path / "ldtui.db"
    result = CliRunner().invoke(
        main,
        ["import", "geekbot", "--standup-id", "42", "--db", str(db), "--config", str(config)],
    )
    assert result.exit_code == 0, result.output
    assert (
        f"warning: out of office not read: Geekbot answered HTTP {status} for /v2/ooo"
        in result.stderr
    )
    assert "out of office   not read" in result.stdout
    assert len(posts(db)) == 3 and len(people(db)) == 3 and away(db) == []
    assert len(gb.calls("/v2/ooo")) == 1  # asked once, not once per member


def test_a_failure_after_the_reports_writes_nothing_at_all(gb, config, tmp_path):
    """The whole import is one transaction: a 500 on the last request (out of office of the
    last member) leaves no posts, people, away periods or cursor behind."""
    gb.ooo.append(ooo_period(1, "U1", "2026-11-20", "2026-11-27"))
    gb.script("/v2/ooo", Reply(200, {"data": [], "next_cursor": None, "has_more": False}))
    gb.script("/v2/ooo", Reply(200, {"data": [], "next_cursor": None, "has_more": False}))
    gb.script("/v2/ooo", Reply(500, {"error": "Internal server error"}))
    db = tmp_path / "ldtui.db"
    result = run(db, config, command="sync")
    assert result.exit_code == 1
    assert "Geekbot answered HTTP 500: Internal server error (nothing was written)" in (
        result.output
    )
    assert posts(db) == [] and people(db) == [] and away(db) == []
    store = Store(db)
    assert store.get_setting("sync:geekbot:42") is None
    store.close()


# --------------------------------------------------------------------------- sync


def test_sync_reads_from_the_newest_report_seen_and_never_moves_the_cursor_back(
    gb, config, tmp_path
):
    db = tmp_path / "ldtui.db"
    result = run(db, config, command="sync")
    assert result.exit_code == 0, result.output
    assert "read from       the beginning" in result.output
    assert "after" not in gb.calls("/v1/reports")[0].params
    store = Store(db)
    assert store.get_setting("sync:geekbot:42") == str(unix(16))
    store.close()
    assert "cursor          2026-11-26 16:00:00 UTC" in result.output

    gb.reports.append(gb_report(5, unix(24 * 7 + 9), {PLAN: "Go generics"}))
    gb.requests.clear()
    result = run(db, config, command="sync")
    assert result.exit_code == 0, result.output
    assert "read from       2026-11-24 16:00:00 UTC, 2 days before the last cursor" in result.output
    assert gb.calls("/v1/reports")[0].params == {
        "standup_id": "42",
        "limit": "100",
        "after": str(unix(16) - 2 * 86400),
    }
    assert {c.params["since"] for c in gb.calls("/v2/ooo")} == {"2026-11-24"}
    assert "posts stored    1 new, 0 updated, 3 unchanged" in result.output
    assert_documented_requests(gb)

    # Another sync got further meanwhile: an older answer leaves the cursor where it is.
    store = Store(db)
    store.set_setting("sync:geekbot:42", str(unix(24 * 30)))
    store.close()
    assert run(db, config, "--since", "2026-11-26", command="sync").exit_code == 0
    store = Store(db)
    assert store.get_setting("sync:geekbot:42") == str(unix(24 * 30))
    store.close()


def test_an_import_moves_the_cursor_forward_too(gb, config, tmp_path):
    db = tmp_path / "ldtui.db"
    assert run(db, config).exit_code == 0
    store = Store(db)
    assert store.get_setting("sync:geekbot:42") == str(unix(16))
    store.close()


# --------------------------------------------------------------------------- pure parts


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
    report = gb_report(1, 1700000000, {PLAN: "a"})
    del report["questions"][0]["question_id"]
    report["questions"][0]["id"] = SUMMARY
    found = read_reports([report], 42, QuestionMap(frozenset({"7"}), frozenset({"8"})), {})
    assert [p.kind_hint for p in found.posts] == ["summary"]
    assert found.people[0].name == "Ada Lovelace" and found.channel.members == ["U1"]
