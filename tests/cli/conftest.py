"""Fixtures of the command-line tests: the in-process ``ldtui`` runner, and the small
workspace of :mod:`team_data` written as a Slack export and imported.

A test module with other data defines its own ``export`` (and ``imported``) next to its tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Ldtui
from export_builder import write_export
from team_data import MESSAGES, PEOPLE
from webhook_server import WEBHOOK_PATH, FakeSlack


@pytest.fixture
def ldtui(tmp_path: Path) -> Iterator[Ldtui]:
    """The runner on ``tmp_path``; afterwards, no output showed the secret webhook path, the
    stand-in secret ``XXXX`` or a traceback."""
    runner = Ldtui(tmp_path)
    yield runner
    for output in runner.outputs:
        assert WEBHOOK_PATH not in output
        assert "XXXX" not in output
        assert "Traceback" not in output


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path, people=PEOPLE, messages=MESSAGES)


@pytest.fixture
def imported(ldtui: Ldtui, export: Path) -> Ldtui:
    ldtui.ok("import", "slack-export", str(export), "--channel", "learning-day")
    return ldtui


@pytest.fixture
def with_webhook(imported: Ldtui, fake_slack: FakeSlack) -> Ldtui:
    imported.write_config(f'webhook_url = "{fake_slack.url}"\n')
    return imported
