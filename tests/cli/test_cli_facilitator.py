"""Who nudged: every ledger row records the facilitator (``--as NAME``, the config's
``facilitator``, else the operating-system user), shown by ``ldtui nudge``, ``ldtui ledger``
and the console's detail pane, inert when it holds escape sequences."""

from __future__ import annotations

import getpass
import json

import pytest
from cli_runner import Ldtui
from team_data import THU
from webhook_server import FakeSlack

from ldtui.config import load_config

DAY = ("--day", THU.isoformat())


def test_as_name_is_recorded_and_listed(with_webhook: Ldtui, fake_slack: FakeSlack) -> None:
    ldtui = with_webhook
    sent = ldtui.ok("nudge", "--missing", "plan", *DAY, "--as", "Ada")
    assert "as Ada)" in sent  # the summary line says who nudged
    assert {n.facilitator for n in ldtui.nudges(THU)} == {"Ada"}

    again = ldtui.ok("nudge", "--missing", "plan", *DAY, "--as", "Grace")
    assert "min ago by Ada, not again" in again  # Grace is told who nudged first
    assert len(fake_slack.requests) == 1

    listed = ldtui.ok("ledger", *DAY)
    lines = [line for line in listed.splitlines() if "plan" in line]
    assert lines and all(line.endswith("by Ada") or " by Ada " in line for line in lines)
    rows = json.loads(ldtui.ok("ledger", *DAY, "--format", "json"))["nudges"]
    assert {row["facilitator"] for row in rows} == {"Ada"}
    assert {row["status"] for row in rows} == {"sent"}


def test_config_facilitator_then_os_user(imported: Ldtui) -> None:
    ldtui = imported
    ldtui.write_config('facilitator = "  Lin  "\n')
    assert load_config(ldtui.config).facilitator == "Lin"
    ldtui.ok("nudge", "--missing", "plan", *DAY)  # no webhook: dry runs, recorded
    ldtui.write_config("")
    ldtui.ok("nudge", "--missing", "summary", *DAY)
    by_kind = {(n.kind, n.facilitator) for n in ldtui.nudges(THU)}
    assert {f for k, f in by_kind if k == "plan"} == {"Lin"}
    assert {f for k, f in by_kind if k == "summary"} == {getpass.getuser()}


@pytest.mark.parametrize(
    "bad", ['facilitator = ""', "facilitator = 3", f'facilitator = "{"x" * 65}"']
)
def test_bad_facilitator_in_config_is_one_clear_line(imported: Ldtui, bad: str) -> None:
    imported.write_config(bad + "\n")
    result = imported("nudge", "--missing", "plan", *DAY)
    assert result.exit_code == 1
    assert "facilitator" in result.output
    assert "Traceback" not in result.output


def test_hostile_facilitator_is_inert_everywhere(with_webhook: Ldtui) -> None:
    ldtui = with_webhook
    hostile = "Eve\x1b]0;owned\x07\u202e"
    sent = ldtui.ok("nudge", "--missing", "plan", *DAY, "--as", hostile)
    again = ldtui.ok("nudge", "--missing", "plan", *DAY, "--as", "Bob")
    listed = ldtui.ok("ledger", *DAY)
    csv_text = ldtui.ok("ledger", *DAY, "--format", "csv")
    for output in (sent, again, listed, csv_text):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
        assert "Eve" in output
    # JSON stays exact (escaped by json, never raw on the terminal)
    rows = json.loads(ldtui.ok("ledger", *DAY, "--format", "json"))["nudges"]
    assert {row["facilitator"] for row in rows} == {hostile}


def test_ledger_of_a_quiet_day(imported: Ldtui) -> None:
    assert "no nudges on 2025-11-27" in imported.ok("ledger", *DAY)
