"""``ldtui sync geekbot`` as real processes against the documented loopback Geekbot: two at
once on one database file store every report once, and the cursor ends at the newest."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from geekbot_api import GeekbotAPI, gb_question, gb_report, gb_user, ooo_period

KEY = "gb-process-s3cr3t-key"
START = 1795683600  # 2026-11-26 (a Thursday) 06:00 UTC


def sync(db: Path, config: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "GEEKBOT_API_KEY": KEY, "LDTUI_GEEKBOT_API_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "ldtui", "sync", "geekbot", "--standup-id", "42",
         "--db", str(db), "--config", str(config)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_two_syncs_at_once_store_everything_once(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("geekbot_plan_questions = [7]\ngeekbot_summary_questions = [8]\n")
    db = tmp_path / "ldtui.db"
    with GeekbotAPI(key=KEY) as gb:
        gb.add_standup(
            42,
            "Learning Day",
            [gb_user(f"U{i}", f"p{i}", f"Person {i}") for i in range(1, 5)],
            [gb_question(7, "What will you learn today?"), gb_question(8, "What did you learn?")],
        )
        gb.reports += [
            gb_report(i, START + i * 60, {7: f"plan {i}"}, member=(f"U{i}", f"p{i}", f"Person {i}"))
            for i in range(1, 4)
        ]
        gb.ooo.append(ooo_period(1, "U4", "2026-11-26", "2026-11-27"))
        procs = [sync(db, config, gb.url) for _ in range(2)]
        outputs = [p.communicate(timeout=120) for p in procs]
        for proc, (out, err) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, (out, err)
            assert KEY not in out + err
            assert "Synced Geekbot standup 42" in out
        assert all(not r.path.endswith("/") for r in gb.requests)
        assert {r.headers["authorization"] for r in gb.requests} == {KEY}
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from posts").fetchone()[0] == 3
        assert conn.execute("select count(*) from people").fetchone()[0] == 4
        assert conn.execute(
            "select person_id, first_day, last_day, reason from away"
        ).fetchall() == [("U4", "2026-11-26", "2026-11-27", "OOO in Geekbot")]
        cursor = conn.execute("select value from settings where key = 'sync:geekbot:42'").fetchone()
    assert cursor == (str(START + 180),)
