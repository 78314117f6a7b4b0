"""Measure ldtui at small, team and company size; print one table.

Every figure is measured in this run beside its reference, so ratios hold on a noisy machine:

1. import throughput (posts/s) of a generated export with ``ldtui import slack-export``,
   against ``sqlite-utils insert`` of the same posts as plain JSON rows into a fresh table;
2. cold start: process start to the first frame with roster rows, against a bare Textual app
   showing a DataTable with one row (median of alternating runs);
3. moving to the previous Thursday (``[``) and 4. scrolling a page (``pagedown``): key press to
   the next painted frame, median and 95th percentile, beside moving the cursor one row;
5. full-text search for a common word (``learning``) and a rare one (``zymurgy``);
6. ``ldtui nudge --missing plan`` for 500 people to a loopback webhook answering as Slack;
7. peak RSS of the console process after the moves above.

Usage::

    python benchmarks/run.py                      # all three sizes (company: ~15 minutes)
    python benchmarks/run.py --sizes small,team   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"small": (40, 12), "team": (300, 104), "company": (5000, 260)}
NEWEST_THURSDAY = "2026-11-26"  # generate.py's fixed last Learning Day
PYTHON = sys.executable


def p95(values: list[float]) -> float:
    """95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Run ``cmd`` to completion; return its wall time in seconds (raise on failure)."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def generate(work: Path, name: str, people: int, thursdays: int, seed: int) -> Path:
    """Generate (once) the export for a size; return its folder."""
    out = work / f"export-{name}-{people}x{thursdays}-s{seed}"
    if not (out / "users.json").exists():
        subprocess.run(
            [
                PYTHON,
                str(HERE / "generate.py"),
                "--people",
                str(people),
                "--thursdays",
                str(thursdays),
                "--seed",
                str(seed),
                "--out",
                str(out),
            ],
            check=True,
        )
    return out


def ldtui(*args: str) -> list[str]:
    return [PYTHON, "-m", "ldtui", *args]


def measure_import(work: Path, export: Path, name: str) -> tuple[Path, dict]:
    """Import ``export`` into a fresh database; time it against ``sqlite-utils insert``."""
    db = work / f"{name}.db"
    for path in work.glob(f"{name}.db*"):
        path.unlink()
    ours = timed(
        ldtui("import", "slack-export", str(export), "--channel", "learning-day", "--db", str(db))
    )
    posts = sqlite3.connect(db).execute("select count(*) from posts").fetchone()[0]
    rows = work / f"rows-{export.name}.jsonl"
    if not rows.exists():
        subprocess.run([PYTHON, "-c", _ROWS_SCRIPT, str(export), str(rows)], check=True)
    reference_db = work / f"{name}-reference.db"
    reference_db.unlink(missing_ok=True)
    sqlite_utils = shutil.which("sqlite-utils", path=str(Path(PYTHON).parent)) or "sqlite-utils"
    reference = timed(
        [
            sqlite_utils,
            "insert",
            str(reference_db),
            "posts",
            str(rows),
            "--nl",
            "--pk",
            "channel_id",
            "--pk",
            "ts",
        ]
    )
    reference_db.unlink(missing_ok=True)
    return db, {"posts": posts, "ours_s": ours, "reference_s": reference}


_ROWS_SCRIPT = """
import json, sys
from pathlib import Path
from ldtui.importers.slack_export import SlackExportReader
from ldtui.store import to_utc_iso
with SlackExportReader(Path(sys.argv[1]), "learning-day") as reader, open(sys.argv[2], "w") as f:
    for p in reader.iter_posts():
        f.write(json.dumps({"channel_id": p.channel_id, "ts": p.ts, "person_id": p.person_id,
            "text": p.text, "text_plain": p.text_plain, "posted_at": to_utc_iso(p.posted_at),
            "edited_ts": p.edited_ts, "thread_ts": p.thread_ts, "subtype": p.subtype}) + "\\n")
"""


def measure_cold_start(db: Path, runs: int) -> dict:
    """Alternate ldtui and bare-app cold starts; medians in seconds."""
    ours, bare = [], []
    harness = str(HERE / "harness.py")
    for _ in range(runs):
        ours.append(timed([PYTHON, harness, "coldstart-ldtui", str(db), NEWEST_THURSDAY]))
        bare.append(timed([PYTHON, harness, "coldstart-bare"]))
    return {"ours_s": statistics.median(ours), "bare_s": statistics.median(bare)}


def run_harness(*args: str) -> dict:
    out = subprocess.run(
        [PYTHON, str(HERE / "harness.py"), *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class _Slack(BaseHTTPRequestHandler):
    requests: list[dict] = []
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.lock:
            self.requests.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def measure_nudge(work: Path, seed: int) -> dict:
    """``ldtui nudge --missing plan`` for a roster of 500 with nobody posted, to a loopback
    webhook answering ``200 ok`` as Slack does."""
    export = generate(work, "nudge", 500, 1, seed)
    db = work / "nudge.db"
    for path in work.glob("nudge.db*"):
        path.unlink()
    subprocess.run(
        ldtui("import", "slack-export", str(export), "--channel", "learning-day", "--db", str(db)),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slack)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Slack.requests = []
    env = dict(
        os.environ,
        LDTUI_WEBHOOK_URL=f"http://127.0.0.1:{server.server_port}/services/T000/B000/XXXX",
    )
    seconds = timed(
        ldtui("nudge", "--missing", "plan", "--day", "2026-12-03", "--db", str(db)), env=env
    )
    server.shutdown()
    people = sum(body["text"].count("<@") for body in _Slack.requests)
    return {"seconds": seconds, "requests": len(_Slack.requests), "people": people}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="small,team,company")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ldtui-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cold-runs", type=int, default=9)
    parser.add_argument("--moves", type=int, default=50)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    table: list[tuple[str, str, str, str, str]] = []
    for name in args.sizes.split(","):
        people, thursdays = SIZES[name]
        export = generate(args.work, name, people, thursdays, args.seed)
        label = f"{name} ({people:,} × {thursdays})"
        db, imp = measure_import(args.work, export, name)
        ours_rate, ref_rate = imp["posts"] / imp["ours_s"], imp["posts"] / imp["reference_s"]
        table.append(
            (
                label,
                f"import {imp['posts']:,} posts",
                f"{ours_rate:,.0f} posts/s",
                f"sqlite-utils insert {ref_rate:,.0f} posts/s",
                f"{ours_rate / ref_rate:.2f}× (≥ 0.8)",
            )
        )
        cold = measure_cold_start(db, args.cold_runs)
        table.append(
            (
                label,
                "cold start to painted roster",
                f"{cold['ours_s'] * 1000:.0f} ms",
                f"bare Textual app {cold['bare_s'] * 1000:.0f} ms",
                f"{cold['ours_s'] / cold['bare_s']:.2f}× (≤ 1.3)",
            )
        )
        moves = run_harness("interact", str(db), NEWEST_THURSDAY, str(args.moves))
        floor = moves["cursor_down"]
        for key, what in (
            ("previous_thursday", "previous Thursday `[`"),
            ("page_down", "scroll a page"),
        ):
            values = moves[key]
            table.append(
                (
                    label,
                    what,
                    f"median {statistics.median(values):.1f} ms, p95 {p95(values):.1f} ms",
                    f"cursor one row: median {statistics.median(floor):.1f} ms, "
                    f"p95 {p95(floor):.1f} ms",
                    f"p95 {'≤' if p95(values) <= 50 else '>'} 50 ms",
                )
            )
        found = run_harness("search", str(db), "20", "learning", "zymurgy")
        for word, data in found.items():
            table.append(
                (
                    label,
                    f"search “{word}” ({data['hits']} shown)",
                    f"median {statistics.median(data['ms']):.1f} ms, p95 {p95(data['ms']):.1f} ms",
                    "—",
                    f"p95 {'≤' if p95(data['ms']) <= 50 else '>'} 50 ms",
                )
            )
        table.append(
            (
                label,
                "peak RSS of the console",
                f"{moves['peak_rss_mb']:.0f} MB",
                "—",
                f"{'≤' if moves['peak_rss_mb'] <= 150 else '>'} 150 MB",
            )
        )
        print(f"measured {label}", file=sys.stderr)
    nudge = measure_nudge(args.work, args.seed)
    table.append(
        (
            "500 people",
            "nudge --missing plan (loopback Slack)",
            f"{nudge['seconds']:.2f} s",
            f"{nudge['requests']} requests, {nudge['people']} people mentioned",
            "—",
        )
    )
    print("| size | measure | ldtui | reference (same run) | ratio / target |")
    print("| --- | --- | --- | --- | --- |")
    for row in table:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
