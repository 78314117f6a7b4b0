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
7. peak RSS of the console process after the moves above;
8. the screens (``harness.py screens``): history paging, a timeline opened, search typed on its
   screen and signals of the last 12 Thursdays, key press to the first frame showing the
   result, beside the event loop's longest stall meanwhile.

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
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"small": (40, 12), "team": (300, 104), "company": (5000, 260)}
NEWEST_THURSDAY = "2026-11-26"  # generate.py's fixed last Learning Day
PYTHON = sys.executable
_START_LOAD = os.getloadavg()[0]


def p95(values: list[float]) -> float:
    """95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Run ``cmd`` to completion; return its wall time in seconds (raise on failure)."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


_RSS_SCRIPT = """
import os, resource, subprocess, sys, threading, time

def tree_rss_kib(root):
    # Resident KiB of ``root`` and every process under it, from /proc (Linux).
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
        except (OSError, StopIteration, ValueError):
            pass
    return total

start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
peak = 0
def sample():
    global peak
    while child.poll() is None:
        peak = max(peak, tree_rss_kib(child.pid))
        time.sleep(0.05)
watcher = threading.Thread(target=sample, daemon=True)
watcher.start()
code = child.wait()
seconds = time.perf_counter() - start
watcher.join()
if code:
    sys.exit(code)
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, peak)
"""


def timed_rss(cmd: list[str]) -> tuple[float, float, float]:
    """Run ``cmd`` to completion in a fresh parent; return its wall time in seconds, the peak
    RSS in MB of its largest process (``getrusage``: the import or its reading process), and
    the peak in MB of all its processes together (their RSS summed, sampled every 50 ms
    from ``/proc``: the import and its reading process run at the same time)."""
    out = subprocess.run(
        [PYTHON, "-c", _RSS_SCRIPT, *cmd], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2]) / 1024


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
    ours, largest_rss, rss = timed_rss(
        ldtui("import", "slack-export", str(export), "--channel", "learning-day", "--db", str(db))
    )
    posts = sqlite3.connect(db).execute("select count(*) from posts").fetchone()[0]
    physical = measure_physical(work, db, name)
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
    largest = max(f.stat().st_size for f in export.glob("*/*.json")) / 1024 / 1024
    return db, {
        "posts": posts,
        "ours_s": ours,
        "reference_s": reference,
        "physical_s": physical,
        "rss_mb": rss,
        "largest_rss_mb": largest_rss,
        "largest_day_mb": largest,
    }


def measure_physical(work: Path, db: Path, name: str) -> float:
    """SQLite's own speed on this machine: the posts ldtui stored (already parsed and
    classified, read back from ``db``) inserted with ``executemany`` into a fresh file of the
    same schema without the search triggers and secondary indexes, then the indexes created
    and one FTS5 ``rebuild``, in one transaction; return the seconds (parsing excluded)."""
    from ldtui.store import Store

    columns = (
        "channel_id, ts, person_id, text, text_plain, posted_at, edited_ts, thread_ts,"
        " subtype, day, kind, kind_hint"
    )
    rows = sqlite3.connect(db).execute(f"select {columns} from posts order by rowid").fetchall()
    target = work / f"{name}-physical.db"
    for path in work.glob(f"{name}-physical.db*"):
        path.unlink()
    store = Store(target)
    conn = store.conn
    start = time.perf_counter()
    conn.execute("begin immediate")
    dropped = conn.execute(
        "select type, name, sql from sqlite_master where tbl_name = 'posts'"
        " and type in ('trigger', 'index') and sql is not null"
    ).fetchall()
    for kind, item, _ in dropped:
        conn.execute(f'drop {kind} "{item}"')
    conn.executemany(f"insert into posts ({columns}) values ({', '.join('?' * 12)})", rows)
    for _, _, sql in dropped:
        conn.execute(sql)
    conn.execute("insert into posts_fts (posts_fts) values ('rebuild')")
    conn.execute("commit")
    seconds = time.perf_counter() - start
    store.close()
    for path in work.glob(f"{name}-physical.db*"):
        path.unlink()
    return seconds


def measure_sync(work: Path, export: Path, db: Path, count: int = 500) -> float:
    """Import ``count`` new posts (a Thursday after the last one, from the export's own
    people) into the size's database, as a sync brings them: people, members and the new
    posts, through ``ldtui import slack-export``; return the wall seconds."""
    mini = work / f"sync-{export.name}"
    if not (mini / "users.json").exists():
        (mini / "learning-day").mkdir(parents=True, exist_ok=True)
        shutil.copy(export / "users.json", mini / "users.json")
        shutil.copy(export / "channels.json", mini / "channels.json")
        users = [
            u["id"]
            for u in json.loads((export / "users.json").read_text())
            if not u.get("is_bot") and not u.get("deleted")
        ]
        base = 1796288400  # 2026-12-03 09:00 UTC, the Thursday after the newest one
        messages = [
            {
                "type": "message",
                "user": users[i % len(users)],
                "text": f"Plan: sync benchmark post {i} about learning",
                "ts": f"{base + i * 7}.{i:06d}",
            }
            for i in range(count)
        ]
        (mini / "learning-day" / "2026-12-03.json").write_text(json.dumps(messages))
    return timed(
        ldtui("import", "slack-export", str(mini), "--channel", "learning-day", "--db", str(db))
    )


def measure_reads(db: Path, repeat: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Store-level reads the screens need, in milliseconds per call: a timeline of the
    person with the most Thursdays, searches, signals of the last 12 Thursdays, history;
    and beside each, in the same loop, the bare SQL it cannot do without (:data:`READ_FLOORS`)."""
    from datetime import UTC, date, datetime

    from ldtui.insights.signals import WorkPatterns, find_signals
    from ldtui.insights.timeline import timeline
    from ldtui.insights.topics import TopicRules
    from ldtui.store import Store

    store = Store(db, read_only=True)
    now = datetime(2026, 11, 27, 18, tzinfo=UTC)
    until = date.fromisoformat(NEWEST_THURSDAY)
    rules = TopicRules.from_config(None)
    person = store.conn.execute(
        "select person_id from participation group by person_id order by count(*) desc limit 1"
    ).fetchone()[0]
    out: dict[str, list[float]] = {"timeline": [], "search": [], "signals": [], "history": []}
    floor: dict[str, list[float]] = {key: [] for key in out}
    sql = store.conn.execute

    def clock(key: str, action: Callable[[], object], into: dict[str, list[float]]) -> None:
        start = time.perf_counter()
        action()
        into[key].append((time.perf_counter() - start) * 1000)

    days = store.learning_days()[:12]  # newest first: the last 12 Thursdays
    fts = "select rowid from posts_fts where posts_fts match ? order by rowid desc limit 50"
    texts = (
        "select d.day, pl.text_plain, su.text_plain from participation d"
        " left join posts pl on pl.channel_id = d.plan_channel and pl.ts = d.plan_ts"
        " left join posts su on su.channel_id = d.summary_channel and su.ts = d.summary_ts"
    )
    for _ in range(repeat):
        clock("timeline", lambda: timeline(store, person, until=until, now=now, rules=rules), out)
        clock("timeline", lambda: sql(f"{texts} where d.person_id = ?", [person]).fetchall(), floor)
        for word in ("learning", "zymurgy", "rust", "type*"):
            clock("search", lambda w=word: store.search(w, limit=50), out)  # type: ignore[misc]
            clock("search", lambda w=word: sql(fts, [w]).fetchall(), floor)  # type: ignore[misc]
        clock("history", store.history, out)
        clock("history", lambda: sql("select * from day_totals").fetchall(), floor)
    first, last = min(days).isoformat(), max(days).isoformat()
    writer = Store(db)  # the first read matches the texts and remembers the items (work_hits)
    start = time.perf_counter()
    find_signals(writer, days, now=now, patterns=WorkPatterns())
    out["signals_first"] = [(time.perf_counter() - start) * 1000]
    floor["signals_first"] = floor["signals"]
    writer.close()
    for _ in range(3):
        clock("signals", lambda: find_signals(store, days, now=now, patterns=WorkPatterns()), out)
        clock(
            "signals",
            lambda: sql(f"{texts} where d.day between ? and ?", [first, last]).fetchall(),
            floor,
        )
    store.close()
    return out, floor


READ_FLOORS = {
    "timeline": "its plans and summaries in one SQL read",
    "search": "FTS5 rowids alone",
    "signals": "the 12 days' plans and summaries in one SQL read",
    "signals_first": "the 12 days' plans and summaries in one SQL read",
    "history": "select * from day_totals",
}
"""What each store read is measured beside: the SQL it needs, with no Python on top."""


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


def measure_cold_start(work: Path, db: Path, runs: int) -> dict:
    """Alternate ldtui and bare-app cold starts; medians in seconds.

    Both run with compiled bytecode, as an installed package has (pip compiles it): with
    ``PYTHONDONTWRITEBYTECODE`` set, as in some shells and containers, every start of a source
    checkout would compile ldtui's modules again (~90 ms) while Textual's come compiled from
    site-packages. Bytecode goes to ``work/pycache`` (``PYTHONPYCACHEPREFIX``), written by one
    untimed start of each."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    harness = str(HERE / "harness.py")
    ldtui_cmd = [PYTHON, harness, "coldstart-ldtui", str(db), NEWEST_THURSDAY]
    bare_cmd = [PYTHON, harness, "coldstart-bare"]
    timed(ldtui_cmd, env)
    timed(bare_cmd, env)
    ours, bare = [], []
    for _ in range(runs):
        ours.append(timed(ldtui_cmd, env))
        bare.append(timed(bare_cmd, env))
    return {"ours_s": statistics.median(ours), "bare_s": statistics.median(bare)}


def run_harness(*args: str) -> dict:
    out = subprocess.run(
        [PYTHON, str(HERE / "harness.py"), *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


SCREEN_MEASURES = {
    "team": ("history,timeline,search,signals", 12),
    "company": ("history,timeline,search,signals", 8),
}
"""What the ``screens`` harness measures per size, and how many tries of each (signals: a
quarter of them)."""
SCREEN_LIMIT = 60.0
"""Seconds one measure of the ``screens`` harness may wait for its result."""

_SCREEN_ROWS = (
    ("history_page", "history: page down, rows and the Thursday's counts painted", 50),
    ("history_topics", "history: page down, its topics painted (thread worker)", None),
    ("history_cursor", "history: cursor one row (floor: press to frame, Pilot included)", None),
    ("timeline_open", "timeline of the busiest person opened (`p`)", 150),
    ("search_screen", "search typed on the screen: Enter to hits painted (4 words)", 50),
    ("signals_open", "signals of the last 12 Thursdays opened: first rows painted", 1000),
    ("signals_all", "signals of the last 12 Thursdays: every row listed", None),
)
"""Rows of the table from the ``screens`` harness: result, what it is, target p95 in ms."""


def measure_screens(db: Path, name: str) -> dict[str, list[float]]:
    """Run the ``screens`` harness on ``db`` (see :data:`SCREEN_MEASURES`); its times in ms,
    or ``{"error": ...}`` saying which measure failed and why (never an exception)."""
    which, n = SCREEN_MEASURES.get(name, SCREEN_MEASURES["team"])
    args = ["screens", str(db), NEWEST_THURSDAY, str(n), which, str(SCREEN_LIMIT)]
    done = subprocess.run(
        [PYTHON, str(HERE / "harness.py"), *args],
        capture_output=True,
        text=True,
        timeout=SCREEN_LIMIT * 4 * n + 120,
        check=False,
    )
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["(no output)"]
        return {"error": [lines[-1]]}  # type: ignore[list-item]
    return json.loads(done.stdout.strip().splitlines()[-1])


def screen_rows(label: str, db: Path, name: str) -> list[tuple[str, str, str, str, str]]:
    """The table's rows for the screens: key press to result painted, median and p95, beside
    the event loop's longest stall meanwhile (nothing of it should block the main thread)."""
    try:
        found = measure_screens(db, name)
    except subprocess.TimeoutExpired as exc:
        found = {"error": [f"the screens harness took over {exc.timeout:.0f} s"]}  # type: ignore[list-item]
    if "error" in found:
        return [(label, "screens (harness)", f"failed: {found['error'][0]}", "—", "—")]
    rows = []
    for key, what, limit in _SCREEN_ROWS:
        if key not in found:
            continue
        values = found[key]
        stalls = found.get(_stall_key(key), [])
        target = "—" if limit is None else f"p95 {'≤' if p95(values) <= limit else '>'} {limit} ms"
        rows.append(
            (
                label,
                what,
                f"median {statistics.median(values):.0f} ms, p95 {p95(values):.0f} ms",
                f"longest main-thread stall: median {statistics.median(stalls):.0f} ms,"
                f" p95 {p95(stalls):.0f} ms"
                if stalls
                else "—",
                target,
            )
        )
    return rows


def _stall_key(result: str) -> str:
    """The harness names a measure's stall after its first result."""
    first = {"history_topics": "history_page", "signals_all": "signals_open"}.get(result, result)
    return f"{first}_stall"


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


def big_day(work: Path, messages: int = 300_000) -> Path:
    """An export (made once) whose one day file holds ``messages`` messages, about 145 MB
    at the default: for the memory of an import of a huge day file."""
    out = work / f"export-bigday-{messages}"
    day = out / "learning-day" / "2026-11-26.json"
    if day.exists():
        return out
    day.parent.mkdir(parents=True, exist_ok=True)
    users = [
        {"id": f"UBIG{i:05d}", "name": f"person{i}", "tz": "Europe/Berlin"} for i in range(300)
    ]
    (out / "users.json").write_text(json.dumps(users))
    members = [u["id"] for u in users]
    channel = {"id": "C0BIGDAY01", "name": "learning-day", "members": members}
    (out / "channels.json").write_text(json.dumps([channel]))
    base = 1795680000  # 2026-11-26 00:00 UTC
    filler = "and a few more words about what I mean to study today " * 5
    with day.open("w") as f:
        f.write("[\n")
        for i in range(messages):
            message = {
                "client_msg_id": f"{i:08d}-0000-4000-8000-000000000000",
                "type": "message",
                "user": users[i % len(users)]["id"],
                "text": f"Plan: learning post {i} {filler}:rocket:",
                "ts": f"{base + i // 4}.{i:06d}",
                "team": "T0BIGDAY01",
            }
            f.write(json.dumps(message) + (",\n" if i + 1 < messages else "\n"))
        f.write("]\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="small,team,company")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ldtui-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cold-runs", type=int, default=9)
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--reads", type=int, default=20, help="repeats of each store read")
    parser.add_argument(
        "--no-screens", action="store_true", help="skip cold start, key moves and the nudge"
    )
    parser.add_argument(
        "--big-day", action="store_true", help="also import one 145 MB day file (memory)"
    )
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
                f"{ours_rate / ref_rate:.2f}× (≥ 1.5)",
            )
        )
        phys_rate = imp["posts"] / imp["physical_s"]
        table.append(
            (
                label,
                "import vs SQLite itself",
                f"{ours_rate:,.0f} posts/s",
                f"parsed rows: executemany + indexes + FTS5 rebuild {phys_rate:,.0f} posts/s",
                f"{ours_rate / phys_rate:.2f}× of it",
            )
        )
        table.append(
            (
                label,
                "peak RSS of the import (all its processes)",
                f"{imp['rss_mb']:.0f} MB (largest process {imp['largest_rss_mb']:.0f} MB)",
                f"largest day file {imp['largest_day_mb']:.1f} MB",
                f"{'≤' if imp['rss_mb'] <= 300 else '>'} 300 MB",
            )
        )
        sync = measure_sync(args.work, export, db)
        table.append(
            (
                label,
                "sync 500 new posts (a CLI import)",
                f"{sync * 1000:.0f} ms",
                "—",
                f"{'<' if sync < 1 else '≥'} 1 s",
            )
        )
        reads, floors = measure_reads(db, args.reads)
        limits = {
            "timeline": 150,
            "search": 50,
            "signals": 1000,
            "signals_first": 1000,
            "history": 50,
        }
        what = {
            "timeline": "timeline of the busiest person (store + insights)",
            "search": "search, 4 words, 50 hits (store)",
            "signals": "signals of the last 12 Thursdays (store + insights, items remembered)",
            "signals_first": "signals of the last 12 Thursdays, first read (matches, remembers)",
            "history": "history rows (store)",
        }
        for key, values in reads.items():
            table.append(
                (
                    label,
                    what[key],
                    f"median {statistics.median(values):.1f} ms, p95 {p95(values):.1f} ms",
                    f"{READ_FLOORS[key]}: median {statistics.median(floors[key]):.1f} ms",
                    f"p95 {'≤' if p95(values) <= limits[key] else '>'} {limits[key]} ms",
                )
            )
        if args.no_screens:
            print(f"measured {label}", file=sys.stderr)
            continue
        cold = measure_cold_start(args.work, db, args.cold_runs)
        table.append(
            (
                label,
                "cold start to painted roster",
                f"{cold['ours_s'] * 1000:.0f} ms",
                f"bare Textual app {cold['bare_s'] * 1000:.0f} ms",
                f"{cold['ours_s'] / cold['bare_s']:.2f}× (≤ 1.2)",
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
        table.extend(screen_rows(label, db, name))
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
    if args.big_day:
        export = big_day(args.work)
        size = (export / "learning-day" / "2026-11-26.json").stat().st_size / 1024 / 1024
        db = args.work / "bigday.db"
        for path in args.work.glob("bigday.db*"):
            path.unlink()
        seconds, _, rss = timed_rss(
            ldtui("import", "slack-export", str(export), "--channel", "learning-day")
            + ["--db", str(db)]
        )
        table.append(
            (
                "one day file",
                "peak RSS of the import (all its processes)",
                f"{rss:.0f} MB ({seconds:.0f} s)",
                f"day file {size:.0f} MB",
                f"{rss / size:.2f}× (≤ 3)",
            )
        )
    if args.no_screens:
        print_table(table)
        return
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
    print_table(table)


def print_table(table: list[tuple[str, str, str, str, str]]) -> None:
    """Print the rows as the README's Markdown table, then the machine's load average (the
    1-minute figure at the start and at the end: ratios hold under load, times do not)."""
    print("| size | measure | ldtui | reference (same run) | ratio / target |")
    print("| --- | --- | --- | --- | --- |")
    for row in table:
        print("| " + " | ".join(row) + " |")
    end = os.getloadavg()[0]
    print(f"\nload average (1 min): {_START_LOAD:.2f} at the start, {end:.2f} at the end")


if __name__ == "__main__":
    main()
