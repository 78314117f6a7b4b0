"""The open console notices another process's writes: a real ``ldtui post`` process adds a
plan and the counts and the detail pane follow, the selection kept."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from console_data import NOW, THU, build_store
from textual.widgets import Static

from ldtui.config import Config
from ldtui.tui.app import make_app


async def test_console_refreshes_when_another_process_writes(tmp_path):
    db = tmp_path / "ldtui.db"
    store = build_store(db)
    app = make_app(store, Config(), day=THU, clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down")  # select Grace
        counts = app.screen.query_one("#counts", Static)
        assert "plans 2/4" in str(counts.render())
        done = await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                "-m",
                "ldtui",
                "post",
                "--db",
                str(db),
                "--person",
                "U2GRACE",
                "--at",
                "2026-11-26T09:30",
                "plan: JAX tutorial",
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        for _ in range(40):  # the console polls every 2 s; give it up to 4 s
            await pilot.pause(0.1)
            if "plans 3/4" in str(counts.render()):
                break
        assert "plans 3/4" in str(counts.render())
        # The selection survived the refresh, and the new plan is in the detail pane.
        detail = str(app.screen.query_one("#detail-body", Static).render())
        assert detail.startswith("Grace [/]Hopper") and "plan: JAX tutorial" in detail
    store.close()
