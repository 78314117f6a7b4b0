"""``ldtui`` (the console) with a ``[keymap]`` naming a binding id it does not have: one clean
line naming the file and the id, no traceback, no console."""

from __future__ import annotations

from click.testing import CliRunner

from ldtui.cli import main
from ldtui.store import Store


def test_unknown_binding_id_stops_the_console_with_a_clear_error(tmp_path):
    db = tmp_path / "ldtui.db"
    Store(db).close()
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"console.nudge" = "ctrl+n"\n"console.nuge" = "x"\n')
    result = CliRunner().invoke(main, ["--db", str(db), "--config", str(config)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert str(config) in result.output and "'console.nuge'" in result.output
    assert "'console.nudge'" not in result.output
    assert "Traceback" not in result.output
