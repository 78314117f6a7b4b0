"""``ldtui config``: the config file is written owner-only, a file others can read is warned
about, and the webhook secret is never shown."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from ldtui.cli import main

SECRET = "https://hooks.slack.com/services/T0001/B0002/s3cr3tPath"


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


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_config_set_help_keeps_every_key_name_whole(width: int) -> None:
    from ldtui.cli.config_cmd import CONFIG_KEYS

    result = CliRunner().invoke(main, ["config", "set", "--help"], terminal_width=width)
    assert result.exit_code == 0, result.output
    words = result.output.split()
    for key in CONFIG_KEYS:
        assert key in words, (key, result.output)
    assert "Usage:" in result.output and "KEY VALUE" in result.output


def test_help_names_the_default_database_and_ldtui_db() -> None:
    from ldtui.config import data_folder_db_path

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    assert "$LDTUI_DB" in result.output
    assert str(data_folder_db_path()) in result.output.split()
    assert "_LDTUI_COMPLETE=bash_source" in result.output


def test_shell_completion_through_ldtui_complete() -> None:
    """The README's completion lines work: click answers ``_LDTUI_COMPLETE`` requests."""
    env = {"_LDTUI_COMPLETE": "bash_complete", "COMP_WORDS": "ldtui ros", "COMP_CWORD": "1"}
    result = CliRunner().invoke(main, [], prog_name="ldtui", env=env)
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["plain,roster"]
    env = {**env, "_LDTUI_COMPLETE": "bash_source"}
    result = CliRunner().invoke(main, [], prog_name="ldtui", env=env)
    assert "_ldtui_completion" in result.output and "complete " in result.output
