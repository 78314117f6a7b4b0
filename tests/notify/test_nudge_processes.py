"""Real ``ldtui nudge --missing`` processes on one database file and one loopback webhook:
concurrent runs message each person once, and a killed run leaves an honest ledger."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from cli_runner import ANY_HOUR
from export_builder import person, write_export
from webhook_server import FakeSlack, ok, slow

from ldtui.importers.slack_export import read_slack_export
from ldtui.store import Store

THU = date(2025, 11, 27)
MENTION = re.compile(r"<@(U\w+)>")


def setup(tmp_path: Path, people: int, url: str, deadline: float | None = None) -> tuple:
    ids = [f"U{i:08d}" for i in range(people)]
    export = write_export(
        tmp_path,
        people=[person(uid, f"Person {i}", tz="UTC") for i, uid in enumerate(ids)],
        messages=[],
    )
    db = tmp_path / "ld.db"
    store = Store(db)
    store.import_batch(read_slack_export(export, "learning-day"))
    store.close()
    config = tmp_path / "config.toml"
    text = ANY_HOUR + f'webhook_url = "{url}"\n'
    if deadline is not None:
        text += f"nudge_send_deadline_seconds = {deadline}\n"
    config.write_text(text)
    return ids, db, config


def start_nudge(db: Path, config: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ldtui",
            "nudge",
            "--missing",
            "plan",
            "--day",
            THU.isoformat(),
            "--db",
            str(db),
            "--config",
            str(config),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def mentions(server: FakeSlack) -> Counter[str]:
    return Counter(m for body in server.bodies for m in MENTION.findall(body["text"]))


def statuses(db: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("select person_id, status from nudges order by id").fetchall()
    conn.close()
    result: dict[str, list[str]] = {}
    for pid, status in rows:
        result.setdefault(pid, []).append(status)
    return result


def wait_for(condition, timeout: float = 30.0) -> None:
    ends = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < ends, "timed out"
        time.sleep(0.05)


def test_three_runs_at_once_mention_everyone_once(tmp_path: Path) -> None:
    with FakeSlack(default=slow(0.3, ok())) as server:
        ids, db, config = setup(tmp_path, 12, server.url)
        runs = [start_nudge(db, config) for _ in range(3)]
        outputs = [run.communicate(timeout=60) for run in runs]
        assert [run.returncode for run in runs] == [0, 0, 0], outputs
        assert mentions(server) == Counter({uid: 1 for uid in ids})
        ledger = statuses(db)
        assert {pid: rows.count("sent") for pid, rows in ledger.items()} == {u: 1 for u in ids}
        assert all(set(rows) == {"sent"} for rows in ledger.values())
        # Every person was reported once as sent, twice as not again.
        lines = [ln for out, _ in outputs for ln in out.splitlines() if "(U" in ln]
        assert sum(ln.startswith("sent") for ln in lines) == 12
        assert sum(ln.startswith("cooldown") for ln in lines) == 24


def test_killed_run_leaves_interrupted_rows_and_nobody_twice(tmp_path: Path) -> None:
    """600 people make three Slack messages: the first is answered, the second hangs when
    the process is killed, the third was never started."""
    with FakeSlack() as server:
        ids, db, config = setup(tmp_path, 600, server.url, deadline=3)
        server.respond(ok(), slow(60, ok()))
        run = start_nudge(db, config)
        wait_for(lambda: len(server.requests) == 2)
        run.kill()
        run.wait(timeout=10)
        first, second = (set(MENTION.findall(b["text"])) for b in server.bodies)
        third = set(ids) - first - second
        assert first and second and third
        assert set(statuses(db)) == set(ids)  # every claimed person has a row
        assert {s for rows in statuses(db).values() for s in rows} == {"sent", "pending"}

        # The rows outlive their deadline (the killed process will never answer for them).
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        [(latest,)] = conn.execute("select max(deadline) from nudges where status = 'pending'")
        conn.close()
        wait = (datetime.fromisoformat(latest) - datetime.now(UTC)).total_seconds()
        time.sleep(max(0.0, wait) + 0.2)

        out, err = start_nudge(db, config).communicate(timeout=60)
        assert len(server.requests) == 3
        assert mentions(server) == Counter({uid: 1 for uid in ids}), "nobody twice, nobody lost"
        assert set(MENTION.findall(server.bodies[2]["text"])) == third
        ledger = statuses(db)
        assert all(ledger[u] == ["sent"] for u in first)
        assert all(ledger[u] == ["interrupted"] for u in second)
        assert all(ledger[u] == ["cancelled", "sent"] for u in third)
        lines = {ln.split("(")[1].split(")")[0]: ln for ln in out.splitlines() if "(U" in ln}
        assert all("interrupted" in lines[u] and "delivery unknown" in lines[u] for u in second)
        assert all(lines[u].startswith("sent") for u in third)
        assert f"{len(second)} interrupted earlier" in out

        # The facilitator chooses to resend the interrupted ones.
        out, err = start_nudge(db, config, "--resend-interrupted").communicate(timeout=60)
        assert len(server.requests) == 4
        assert set(MENTION.findall(server.bodies[3]["text"])) == second
        assert all(statuses(db)[u] == ["interrupted", "sent"] for u in second)
