"""Snapshots of the console at the sizes people use: 80×24 (the design size), 60×20 (a laptop
split) and 120×40, with its dialogs at the small sizes, and the "window too small" notice.

Update after an intended change with ``pytest --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import pytest
from console_data import NOW, THU, build_store

from ldtui.config import Config
from ldtui.tui.app import make_app


@pytest.fixture
def app(tmp_path):
    store = build_store(tmp_path / "ldtui.db")
    store.set_team(["U1ADA", "U3KAI"], "robotics")
    yield make_app(store, Config(), day=THU, clock=lambda: NOW)
    store.close()


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 40)], ids=["80x24", "60x20", "120x40"])
def test_console(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_console_team_and_order(snap_compare, app, size):
    assert snap_compare(app, press=["t", "o"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_console_detail_hidden(snap_compare, app, size):
    assert snap_compare(app, press=["i"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("key", ["N", "question_mark", "g"], ids=["nudge_all", "help", "go_to"])
def test_console_dialog(snap_compare, app, size, key):
    assert snap_compare(app, press=[key], terminal_size=size)


def test_window_too_small(snap_compare, app):
    assert snap_compare(app, terminal_size=(36, 10))
