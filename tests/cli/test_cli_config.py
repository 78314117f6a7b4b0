"""``ldtui config``: the config file is written owner-only, a file others can read is warned
about, and the webhook secret is never shown."""

from __future__ import annotations

import os
import stat

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
