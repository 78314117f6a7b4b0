"""``ldtui nudge`` scheduled at each person's local time (``--at``, ``--now``, ``--dry-run``,
quiet hours), run as real processes against a real SQLite file and a loopback webhook; and
``ldtui schedule``."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_runner import Ldtui
from export_builder import message, person, write_export
from webhook_server import WEBHOOK_PATH, FakeSlack

from ldtui.store import Store

PEOPLE = [
    person("UKIR", "Kiri", tz="Pacific/Kiritimati"),
    person("UPAG", "Pago", tz="Pacific/Pago_Pago"),
    person("UKTM", "Kath", tz="Asia/Kathmandu"),
    person("USTJ", "John", tz="America/St_Johns"),
    person("UNYC", "Nyla", tz="America/New_York"),
    person("UNYP", "Nate", tz="America/New_York"),
]
# Thursday 12 March 2026, the week US summer time began: New York is UTC-4.
MOMENT = "2026-03-12T14:30Z"  # 10:30 in New York, 20:15 in Kathmandu
MESSAGES = [message("UNYP", datetime(2026, 3, 12, 13, 0, tzinfo=UTC), "Plan: clocks")]


@pytest.fixture
def files(tmp_path: Path, ldtui: Ldtui, fake_slack: FakeSlack) -> tuple[Path, Path]:
    export = write_export(tmp_path, people=PEOPLE, messages=MESSAGES)
    ldtui.ok("import", "slack-export", str(export), "--channel", "learning-day")
    ldtui.write_config(f'quiet_hours = "08:00-20:00"\nwebhook_url = "{fake_slack.url}"\n')
    return ldtui.db, ldtui.config


def run(files: tuple[Path, Path], *args: str) -> subprocess.CompletedProcess[str]:
    db, config = files
    result = subprocess.run(
        [sys.executable, "-m", "ldtui", "nudge", *args, "--db", str(db), "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert WEBHOOK_PATH not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


def lines_of(output: str) -> dict[str, str]:
    """Person id -> their line."""
    found = {}
    for line in output.splitlines():
        for p in PEOPLE:
            if f"({p['id']})" in line:
                found[p["id"]] = line
    return found


def test_dry_run_says_who_would_be_nudged_and_why_and_records_nothing(
    files: tuple[Path, Path], fake_slack: FakeSlack
) -> None:
    result = run(files, "--missing", "plan", "--now", MOMENT, "--dry-run")
    assert result.returncode == 0, result.stderr
    lines = lines_of(result.stdout)
    assert lines["UNYC"] == "would nudge Nyla (UNYC) plan: local Thu 10:30, past 10:30"
    assert lines["UPAG"] == "not now     Pago (UPAG) plan: not yet (local Thu 03:30, before 10:30)"
    over = "not now     {} plan: their plan time is over (local {})"
    assert lines["UKIR"] == over.format("Kiri (UKIR)", "Fri 04:30")
    assert lines["UKTM"] == over.format("Kath (UKTM)", "Thu 20:15")
    assert lines["USTJ"] == over.format("John (USTJ)", "Thu 12:00")
    assert "UNYP" not in lines  # posted a plan
    assert "nothing recorded" in result.stdout
    assert fake_slack.requests == []
    store = Store(files[0])
    assert store.nudges(datetime(2026, 3, 12, tzinfo=UTC).date()) == []
    store.close()
    summary = lines_of(run(files, "--missing", "summary", "--now", MOMENT, "--dry-run").stdout)
    assert summary["UKTM"].endswith("summary: outside quiet hours (local Thu 20:15)")


def test_runs_every_quarter_hour_nudge_each_person_once(
    files: tuple[Path, Path], fake_slack: FakeSlack
) -> None:
    first = run(files, "--missing", "plan", "--now", MOMENT)
    assert first.returncode == 0, first.stderr
    assert lines_of(first.stdout)["UNYC"].startswith("sent")
    assert "1 sent, 0 dry run, 0 failed" in first.stdout
    assert "; not now: 1 not yet, 3 past their time" in first.stdout
    [request] = fake_slack.requests
    assert "<@UNYC>" in request.json["text"]

    again = run(files, "--missing", "plan", "--now", "2026-03-12T14:45Z")
    assert again.returncode == 0, again.stderr
    assert "0 sent" in again.stdout and "1 nudged already" in again.stdout
    assert len(fake_slack.requests) == 1  # the ledger remembered

    # Pago Pago reaches 10:30 at 21:30 UTC; New York is not nudged a second time.
    later = run(files, "--missing", "plan", "--now", "2026-03-12T21:30Z")
    assert lines_of(later.stdout).keys() == {"UPAG"}
    assert "<@UPAG>" in fake_slack.requests[-1].json["text"]


def test_nudge_now_holds_back_people_in_their_quiet_hours(
    files: tuple[Path, Path], fake_slack: FakeSlack
) -> None:
    result = run(files, "--missing", "plan", "--at", "now", "--now", MOMENT)
    assert result.returncode == 0, result.stderr
    lines = lines_of(result.stdout)
    assert lines["UKTM"] == "quiet       Kath (UKTM) plan: outside quiet hours (local 20:15)"
    assert lines["UPAG"].startswith("quiet") and "(local 03:30)" in lines["UPAG"]
    assert lines["UNYC"].startswith("sent") and lines["USTJ"].startswith("sent")
    assert "not nudged (outside quiet hours)" in result.stdout
    [request] = fake_slack.requests
    assert "<@UKTM>" not in request.json["text"]


def test_bad_moments_and_times_are_refused_in_one_line(files: tuple[Path, Path]) -> None:
    naive = run(files, "--missing", "plan", "--now", "2026-03-12T14:30")
    assert naive.returncode == 2 and "no UTC offset: add Z or +HH:MM" in naive.stderr
    bad_at = run(files, "--missing", "plan", "--at", "half past ten")
    assert bad_at.returncode == 2 and "'half past ten' is not a time of day" in bad_at.stderr


def test_outside_any_learning_day_a_run_does_nothing(files: tuple[Path, Path]) -> None:
    result = run(files, "--missing", "summary", "--now", "2026-03-16T12:00Z")
    assert result.returncode == 0
    assert "No Learning Day is under way anywhere at 2026-03-16 12:00 UTC" in result.stdout


def test_config_times_are_checked(ldtui: Ldtui) -> None:
    ldtui.write_config('plan_nudge_at = "13:00"\n')
    result = ldtui("nudge", "--missing", "plan", "--dry-run")
    assert result.exit_code != 0 and "'plan_nudge_at' must be before 12:00" in result.output
    ldtui.write_config('quiet_hours = "eight to eight"\n')
    result = ldtui("nudge", "--missing", "plan", "--dry-run")
    assert "'quiet_hours' = 'eight to eight' is not a range of local hours" in result.output
    ldtui.write_config("max_nudges_per_day = 9\n")
    assert "'max_nudges_per_day' must be 1 to 5" in ldtui("roster").output


def test_schedule_prints_the_timer_and_install_writes_units_without_enabling(
    ldtui: Ldtui, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = ldtui.ok("schedule")
    assert "CRON_TZ=UTC" in printed
    assert "*/15 * * * 3-5 " in printed and "nudge --missing plan" in printed
    assert "OnCalendar=Wed..Fri *-*-* *:00/15:00 UTC" in printed
    config_home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))
    installed = ldtui.ok("schedule", "--install")
    folder = config_home / "systemd" / "user"
    service = (folder / "ldtui-nudge.service").read_text()
    timer = (folder / "ldtui-nudge.timer").read_text()
    assert f"--db {ldtui.db}" in service and "nudge --missing summary" in service
    assert "OnCalendar=Wed..Fri *-*-* *:00/15:00 UTC" in timer
    assert f"wrote {folder / 'ldtui-nudge.timer'}" in installed
    assert "systemctl --user enable --now ldtui-nudge.timer" in installed
    assert "Nothing is enabled" in installed
    assert not (folder / "timers.target.wants").exists()
