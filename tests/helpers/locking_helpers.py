"""Real processes on one SQLite file: run ``ldtui``, hold the write lock from another process.

Synchronisation is by files polled with a timeout, never by sleeping a guessed time.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLDER = r"""
import sqlite3, sys, time
from pathlib import Path
db, ready, release = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
ready.write_text("held")
deadline = time.monotonic() + 120
while not release.exists() and time.monotonic() < deadline:
    time.sleep(0.02)
conn.execute("ROLLBACK")
conn.close()
"""


def wait_for(check: Callable[[], bool], timeout: float = 60.0, what: str = "condition") -> None:
    """Poll ``check`` until it is true; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def ldtui_command(*args: str) -> list[str]:
    """The argv that runs ``ldtui`` in a fresh interpreter (works installed or from src)."""
    return [sys.executable, "-m", "ldtui", *args]


def start(*args: str) -> subprocess.Popen[str]:
    """Start ``ldtui ARGS`` as a real process, its output captured."""
    return subprocess.Popen(
        ldtui_command(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``ldtui ARGS`` to its end."""
    return subprocess.run(
        ldtui_command(*args),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


def finish(process: subprocess.Popen[str], timeout: float = 180) -> tuple[int, str, str]:
    """Wait for a started process; return its exit code, stdout and stderr."""
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


@contextmanager
def write_lock_held(db: Path, folder: Path) -> Iterator[Callable[[], None]]:
    """Hold ``db``'s write lock (``BEGIN IMMEDIATE``) from another process until the yielded
    ``release()`` is called (or the block ends)."""
    ready, release_file = folder / "lock-held", folder / "lock-release"
    ready.unlink(missing_ok=True)
    release_file.unlink(missing_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db), str(ready), str(release_file)]
    )

    def release() -> None:
        release_file.write_text("go")
        holder.wait(timeout=60)

    try:
        wait_for(lambda: ready.exists() or holder.poll() is not None, what="the lock holder")
        assert ready.exists(), "the lock holder could not take the write lock"
        yield release
    finally:
        if holder.poll() is None:
            release()
