"""``ldtui nudge --via geekbot`` as real processes against the documented loopback Geekbot: two
runs at once on one database have Geekbot ask each person once, every line and ``ldtui ledger``
say "via Geekbot", a non-member is named, and the key never shows."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from geekbot_api import GeekbotAPI, gb_question, gb_user

from ldtui.importers.geekbot import QuestionMap, import_standup
from ldtui.store import Store

THU = date(2025, 11, 27)
KEY = "gb-cli-nudge-s3cr3t-key"
START = "/v1/standups/42/start"
QUIET_ANY_HOUR = 'quiet_hours = "00:00-24:00"\n'
"""Tests run at the real clock: allow nudges at every hour."""


@pytest.fixture
def gb():
    with GeekbotAPI(key=KEY) as fake:
        fake.add_standup(
            42,
            "Learning Day",
            [gb_user(f"U{i}", f"p{i}", f"Person {i}") for i in range(1, 5)],
            [gb_question(7, "Your plan?")],
        )
        yield fake


@pytest.fixture
def files(tmp_path: Path, gb: GeekbotAPI) -> tuple[Path, Path]:
    """The database (the standup's four members, as the Geekbot import stores them) and a
    config nudging through standup 42."""
    db = tmp_path / "ld.db"
    store = Store(db)
    import_standup(
        store, KEY, 42, QuestionMap(frozenset({"7"}), frozenset()), base_url=gb.url, read_ooo=False
    )
    store.close()
    gb.requests.clear()
    config = tmp_path / "config.toml"
    config.write_text(QUIET_ANY_HOUR + "geekbot_standup_id = 42\n", encoding="utf-8")
    return db, config


def ldtui(db: Path, config: Path, url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "GEEKBOT_API_KEY": KEY, "LDTUI_GEEKBOT_API_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "ldtui", *args, "--db", str(db), "--config", str(config)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


NUDGE = ("nudge", "--via", "geekbot", "--at", "now", "--missing", "plan", "--day", THU.isoformat())


def test_two_runs_at_once_have_geekbot_ask_each_person_once(files, gb):
    db, config = files
    procs = [ldtui(db, config, gb.url, *NUDGE, "--as", f"Run {i}") for i in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, (out, err)
        assert KEY not in out + err
        assert "4 people missing a plan for 2025-11-27" in out
    asked = Counter(user for batch in gb.started for user in batch)
    assert asked == {"U1": 1, "U2": 1, "U3": 1, "U4": 1}
    calls = gb.calls(START, "POST")
    assert 1 <= len(calls) <= 2  # one request per run that claimed anyone
    assert all(c.headers["authorization"] == KEY for c in calls)
    assert all(not r.path.endswith("/") for r in gb.requests)
    lines = [line for out, _ in outputs for line in out.splitlines()]
    for i in range(1, 5):
        mine = [line for line in lines if f"Person {i} (U{i}) plan" in line]
        assert len(mine) == 2, lines
        assert sum(line.startswith("sent") for line in mine) == 1
        sent = next(line for line in mine if line.startswith("sent"))
        assert sent.endswith("plan via Geekbot"), sent

    ledger = ldtui(db, config, gb.url, "ledger", "--day", THU.isoformat())
    out, err = ledger.communicate(timeout=60)
    assert ledger.returncode == 0, err
    rows = out.splitlines()
    assert len(rows) == 4
    assert all(" sent " in row and "  via Geekbot  by Run " in row for row in rows), rows


def test_a_non_member_is_named_and_the_rest_go_on(files, gb):
    db, config = files
    gb.standups[42]["users"] = [u for u in gb.standups[42]["users"] if u["id"] != "U2"]
    proc = ldtui(db, config, gb.url, *NUDGE)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, (out, err)
    assert (
        "failed      Person 2 (U2) plan via Geekbot: 404 not a member of Geekbot standup 42"
        in out.splitlines()
    )
    assert sorted(u for batch in gb.started for u in batch) == ["U1", "U3", "U4"]
    assert KEY not in out + err


def test_a_wrong_key_is_said_once_and_no_more_is_asked(files, gb):
    db, config = files
    gb.key = "another-key"
    proc = ldtui(db, config, gb.url, *NUDGE)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "note: Geekbot rejected the key in GEEKBOT_API_KEY (HTTP 401)" in out
    assert "0 sent, 0 dry run, 4 failed" in out
    assert len(gb.calls(START)) == 1
    assert KEY not in out + err


def test_via_geekbot_without_a_standup_id_names_the_setting(files, gb):
    db, config = files
    config.write_text(QUIET_ANY_HOUR, encoding="utf-8")
    proc = ldtui(db, config, gb.url, *NUDGE)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "Error: nudge_via = \"geekbot\" needs 'geekbot_standup_id'" in err
    assert "Traceback" not in err
    assert gb.requests == []
