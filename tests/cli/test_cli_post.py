"""``ldtui post`` (a post typed on the command line, classified as plan or summary in the
person's zone) and ``--day`` on a day that is not a Thursday."""

from __future__ import annotations

from click.testing import CliRunner
from console_data import build_store

from ldtui.cli import main


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


def test_post_shows_emoji_codes_as_emoji(tmp_path):
    import json

    db = tmp_path / "ldtui.db"
    runner = CliRunner()
    args = ["--db", str(db), "--person", "U9", "--name", "Noor", "--tz", "UTC"]
    text = "plan: :dart: ship the parser :+1: :unknown_x:"
    result = runner.invoke(main, ["post", *args, "--at", "2026-11-26T09:00", text])
    assert result.exit_code == 0, result.output
    roster = runner.invoke(main, ["roster", "--db", str(db), "--day", "2026-11-26"])
    [noor] = json.loads(roster.output)["people"]
    assert noor["plan"] == "plan: 🎯 ship the parser 👍 :unknown_x:"
