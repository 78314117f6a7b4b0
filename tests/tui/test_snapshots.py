"""Snapshot tests of the main screens (fixed terminal size, fixed clock, fixed data).

Update after an intended change with ``pytest --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import pytest
from console_data import NOW, THU, build_store
from console_pilot import EVERY_HOUR, after

from ldtui.config import Config
from ldtui.tui.app import make_app


@pytest.fixture
def app(tmp_path):
    store = build_store(tmp_path / "ldtui.db")
    yield make_app(store, Config(quiet_hours=EVERY_HOUR), day=THU, clock=lambda: NOW)
    store.close()


def test_console(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 32))


def test_console_detail_of_markup_looking_names(snap_compare, app):
    assert snap_compare(app, press=["down", "down"], terminal_size=(120, 32))


def test_history(snap_compare, app):
    assert snap_compare(app, run_before=after("h"), terminal_size=(120, 32))


def test_nudge_all_confirmation(snap_compare, app):
    assert snap_compare(app, press=["N"], terminal_size=(120, 32))


def test_help(snap_compare, app):
    assert snap_compare(app, press=["question_mark"], terminal_size=(120, 32))


def test_timeline(snap_compare, app):
    assert snap_compare(app, run_before=after("down", "down", "p"), terminal_size=(120, 32))


def test_search_results(snap_compare, app):
    async def search(pilot):
        await pilot.press("ctrl+f", *"raft", "enter")
        await pilot.pause(0.3)

    assert snap_compare(app, run_before=search, terminal_size=(120, 32))


def test_signals(snap_compare, app):
    assert snap_compare(app, run_before=after("left_square_bracket", "s"), terminal_size=(120, 32))


def test_digest_preview(snap_compare, app):
    assert snap_compare(app, press=["D"], terminal_size=(120, 32))
