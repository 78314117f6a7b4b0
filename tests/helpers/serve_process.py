"""A real ``ldtui serve`` process on a free loopback port, for the tests of serving the
console to browsers: started with ``sys.executable -m ldtui serve``, waited for until it
listens, stopped with SIGTERM; and the console processes it runs (its children)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["ServeProcess", "children", "demo_database", "free_port", "serve", "wait_until"]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check, timeout: float, what: str, every: float = 0.1):  # noqa: ANN001, ANN201
    """Poll ``check()`` until it returns something true (returned), or fail after
    ``timeout`` seconds saying ``what`` was waited for."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def children(pid: int) -> list[int]:
    """The live (not zombie) processes whose parent is ``pid``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def demo_database(folder: Path) -> Path:
    """The demo data (as ``ldtui demo`` builds it) moved to this week, in ``folder/demo.db``:
    its newest Learning Day is the one the console opens today."""
    from ldtui.cli.base import facilitator_today
    from ldtui.demo import load_demo, prepare_demo_export
    from ldtui.learning_day import learning_day_on_or_before
    from ldtui.store import Store

    today = facilitator_today()
    export = prepare_demo_export(folder / "export", today, now=datetime.now(UTC))
    store = Store(folder / "demo.db")
    try:
        load_demo(store, export, learning_day_on_or_before(today))
    finally:
        store.close()
    return folder / "demo.db"


class ServeProcess:
    """A running ``ldtui serve``: ``url``, ``process`` (stdout and stderr go to ``log``)."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = log

    def output(self) -> str:
        """What the server printed so far."""
        return self.log.read_text(errors="replace")

    def consoles(self) -> list[int]:
        """The console processes running now (one per browser session)."""
        return children(self.process.pid)

    def stop(self, timeout: float = 20) -> int:
        """Send SIGTERM; return the exit status once it has exited."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


@contextmanager
def serve(db: Path, config: Path, tmp_path: Path, *extra: str) -> Iterator[ServeProcess]:
    """Run ``ldtui serve --db DB --config CONFIG EXTRA...`` on a free loopback port until the
    block ends (then SIGTERM, and SIGKILL for anything it left: the test fails elsewhere)."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ldtui", "serve", "--port", str(port)]
            + ["--db", str(db), "--config", str(config), *extra],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200"},
        )
    running = ServeProcess(process, port, log)

    def listening() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"ldtui serve exited: {running.output()}")
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_until(listening, 30, "ldtui serve to listen")
        yield running
    finally:
        left = running.consoles()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
