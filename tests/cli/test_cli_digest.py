"""``ldtui digest``: the Learning Day digest in Markdown and plain text, with counts that follow
people away, the team filter and skipped Thursdays.

Runs are in-process (click's CliRunner) on a real SQLite file in tmp_path, with the data of
:mod:`team_data`; the ``ldtui``, ``export``, ``imported`` and ``with_webhook`` fixtures come
from ``tests/cli/conftest.py``.
"""

from __future__ import annotations

from cli_runner import Ldtui
from team_data import KAI, KAI_MD, PARTICIPATION_THU, THU


def test_digest_markdown(imported: Ldtui) -> None:
    output = imported.ok("digest", "--day", THU.isoformat(), "--format", "md")
    lines = output.splitlines()
    assert lines[0] == "# Learning Day digest: Thursday 2025-11-27"
    assert PARTICIPATION_THU in lines
    topics = next(line for line in lines if line.startswith("Topics: "))
    assert topics.startswith("Topics: Engineering 2 · ")
    for shown in ("Reading papers 1", "Maths and statistics 1", "Tutorials and courses 1"):
        assert shown in topics
    # Names and texts are literal: Markdown punctuation escaped, never markup.
    assert any(line.startswith(f"- **{KAI_MD}**") for line in lines)
    assert r"eigenvalues \[bold\]done\[/bold\]" in output
    assert KAI not in output
    assert any(line.startswith("- **Alice**") and "Rust parser" in line for line in lines)
    planned = next(line for line in lines if line.startswith("Planned but no summary yet:"))
    assert "Bob" in planned and "Pat" in planned
    assert "Carol" not in output and "Dan" not in output  # no post: not named


def test_digest_slack_mrkdwn_escapes_and_bolds(imported: Ldtui) -> None:
    imported.ok(
        "post",
        "--person",
        "U8",
        "--at",
        f"{THU}T17:00+0000",
        "--name",
        "Dan <b> & co",
        "summary: read <!channel> & <@U1> tricks",
    )
    output = imported.ok("digest", "--day", THU.isoformat(), "--format", "slack")
    lines = output.splitlines()
    assert lines[0] == "*Learning Day digest: Thursday 2025-11-27*"
    assert "posted a plan and a summary" in output
    assert any(line.startswith("- *Alice*") and "Rust parser" in line for line in lines)
    dan = next(line for line in lines if "tricks" in line)
    assert dan.startswith("- *Dan &lt;b&gt; &amp; co*")
    assert "read &lt;!channel&gt; &amp; &lt;@U1&gt; tricks" in dan
    # No raw < > & from a user reaches Slack (no mention, no link); Markdown stays as it was.
    assert "<" not in output and ">" not in output
    assert "**" not in output and "\\[" not in output
    assert imported.ok("digest", "--day", THU.isoformat(), "--format", "md").startswith("# ")


def test_digest_text(imported: Ldtui) -> None:
    output = imported.ok("digest", "--day", THU.isoformat(), "--format", "text")
    lines = output.splitlines()
    assert lines[0] == "Learning Day digest: Thursday 2025-11-27"
    assert PARTICIPATION_THU in lines
    assert any(line.startswith("Topics: Engineering 2") for line in lines)
    assert any(line.startswith(f"- {KAI} (Maths and statistics): ") for line in lines)
    assert "eigenvalues [bold]done[/bold]" in output
    assert "\\[" not in output and "**" not in output


def test_digest_counts_follow_away_team_and_skip(imported: Ldtui) -> None:
    imported.ok("away", "Carol", "--from", THU.isoformat(), "--to", THU.isoformat())
    output = imported.ok("digest", "--day", THU.isoformat(), "--format", "text")
    assert "2 of 5 posted a plan and a summary (40%)." in output

    path = imported.write_people("id,team\nU1,robotics\nU2,robotics\nU4,robotics\n")
    imported.ok("people", "import", str(path))
    output = imported.ok(
        "digest", "--day", THU.isoformat(), "--format", "text", "--team", "robotics"
    )
    assert "1 of 3 posted a plan and a summary (33%). Plans: 2. Summaries: 1." in output
    assert "Kai" not in output

    imported.ok("skip", THU.isoformat(), "--reason", "Founders Day")
    output = imported.ok("digest", "--day", THU.isoformat(), "--format", "md")
    assert "No Learning Day this Thursday: Founders Day." in output
    assert "posted a plan and a summary" not in output
