"""Shared test set-up: every test runs with its own config and data folders, a pinned machine
TZ, no colour, and no LDTUI_* variables from the developer's shell; and the fixtures many
test folders use: ``store`` (a real SQLite file), the real Slack export, the loopback Slack.

A module whose tests need data in the store extends ``store`` by requesting it in a fixture of
the same name (pytest's override of a fixture by one that uses it)::

    @pytest.fixture
    def store(store: Store) -> Store:
        return fill(store)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from webhook_server import fake_slack  # noqa: F401  (the loopback Slack fixture)

from ldtui.store import Store

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
SLACK_EXPORT_2016 = FIXTURES / "slack-export-2016"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    for name in ("LDTUI_DB", "LDTUI_WEBHOOK_URL", "SLACK_BOT_TOKEN", "LDTUI_SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    if hasattr(time, "tzset"):
        time.tzset()
    yield
    if hasattr(time, "tzset"):
        monkeypatch.undo()
        time.tzset()


@pytest.fixture
def slack_export_2016() -> Path:
    """The real anonymised Slack export in ../shared/fixtures (skips when it is absent)."""
    if not SLACK_EXPORT_2016.is_dir():
        pytest.skip(f"fixture {SLACK_EXPORT_2016} is absent (it lives in ../shared/fixtures)")
    return SLACK_EXPORT_2016


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty :class:`Store` on a real SQLite file, ``tmp_path / "ldtui.db"``, closed after
    the test."""
    s = Store(tmp_path / "ldtui.db")
    yield s
    s.close()
