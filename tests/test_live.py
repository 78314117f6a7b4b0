"""Live data and the config file (issue 6): the open console notices another process's
writes; the config file is owner-only and secrets are never shown."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys

from click.testing import CliRunner
from console_data import NOW, THU, build_store
from textual.widgets import Static

from ldtui.cli import main
from ldtui.config import Config
from ldtui.tui.app import make_app

SECRET = "https://hooks.slack.com/services/T0001/B0002/s3cr3tPath"


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


def test_config_set_writes_an_owner_only_file_and_never_echoes_the_secret(tmp_path):
    config = tmp_path / "conf" / "config.toml"
    runner = CliRunner()
    result = runner.invoke(main, ["config", "set", "webhook_url", SECRET, "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "s3cr3tPath" not in result.output and "hooks.slack.com/…" in result.output
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600
    shown = runner.invoke(main, ["config", "show", "--config", str(config)])
    assert "s3cr3tPath" not in shown.output and "slack" in shown.output
    bad = runner.invoke(main, ["config", "set", "webhook_kind", "pager", "--config", str(config)])
    assert bad.exit_code != 0 and "not changed" in bad.output
    assert "pager" not in config.read_text()


def test_a_config_readable_by_others_is_warned_about(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'webhook_url = "{SECRET}"\n')
    os.chmod(config, 0o644)
    result = CliRunner().invoke(main, ["config", "show", "--config", str(config)])
    assert result.exit_code == 0
    assert "other users can read it" in result.output and "chmod 600" in result.output
    assert "s3cr3tPath" not in result.output


def test_plain_words_with_punctuation_are_searchable(tmp_path):
    from console_data import CHANNEL, local

    from ldtui import slack_ts
    from ldtui.records import NewPost
    from ldtui.store import SearchError

    store = build_store(tmp_path / "ldtui.db")
    when = local("Europe/London", 2026, 11, 26, 16)
    text = "summary: on-call handbook, MIT 6.824 lab 2 and C++ templates"
    store.add_posts([NewPost(CHANNEL, slack_ts.from_datetime(when), "U1ADA", text, text, when)])
    for query in ("on-call", "6.824", "C++", "lab 2"):
        assert [h.person_id for h in store.search(query)] == ["U1ADA"], query
    for bad in ('"open', "AND"):
        try:
            store.search(bad)
        except SearchError as exc:
            assert "plain words always work" in str(exc)
        else:
            raise AssertionError(f"{bad!r} should be refused")
    store.close()


def test_a_day_that_is_not_a_thursday_means_its_learning_day(tmp_path):
    db = tmp_path / "ldtui.db"
    build_store(db).close()
    result = CliRunner().invoke(main, ["roster", "--db", str(db), "--day", "2026-11-25"])
    assert result.exit_code == 0
    assert "using Learning Day 2026-11-19" in result.output
    assert '"day": "2026-11-19"' in result.output


def test_post_from_the_command_line(tmp_path):
    db = tmp_path / "ldtui.db"
    runner = CliRunner()

    def ldtui(*args: str):
        return runner.invoke(main, [args[0], "--db", str(db), *args[1:]])

    unknown = ldtui("post", "--person", "U9", "hello")
    assert unknown.exit_code != 0 and "give --name" in unknown.output
    plan = ldtui(
        "post",
        "--person",
        "U9",
        "--name",
        "Noor [x]",
        "--tz",
        "Asia/Kathmandu",
        "--at",
        "2026-11-25T19:30",
        "Reading the Raft paper tonight",
    )
    assert plan.exit_code == 0, plan.output
    assert "plan for Learning Day 2026-11-26" in plan.output  # Wednesday evening: grace
    summary = ldtui("post", "--person", "U9", "--at", "2026-11-26T16:00", "TIL: leader election")
    assert "summary for Learning Day 2026-11-26" in summary.output
    bad = ldtui("post", "--person", "U9", "--tz", "Mars/Base", "x")
    assert bad.exit_code != 0 and "IANA" in bad.output
    roster = ldtui("roster", "--day", "2026-11-26", "--format", "csv")
    assert "Noor [x]" in roster.output and "Reading the Raft paper tonight" in roster.output
    assert "TIL: leader election" in roster.output
