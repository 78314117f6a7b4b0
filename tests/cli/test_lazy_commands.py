"""The command table of ``ldtui``: commands are imported only when they run, yet ``ldtui
--help`` and shell completion list every one of them with the short help it has once loaded."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import click
from click.testing import CliRunner

from ldtui.cli import main
from ldtui.cli.base import COMMANDS

_LOADED_AFTER = """
import importlib, json, os, sys
from ldtui.cli import main
from ldtui.cli.base import COMMANDS
if os.environ.get("LOAD_EVERY_COMMAND"):
    for module, _help in COMMANDS.values():
        importlib.import_module(module)
try:
    main(sys.argv[1:], prog_name="ldtui")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("ldtui.cli."))))
"""


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _LOADED_AFTER, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "80", **env},
        timeout=60,
    )


def _load_every_command() -> None:
    for module, _help in COMMANDS.values():
        importlib.import_module(module)


def test_the_table_names_every_command_with_its_own_module_and_short_help() -> None:
    _load_every_command()
    assert sorted(main.commands) == sorted(COMMANDS)
    for name, command in main.commands.items():
        module, short_help = COMMANDS[name]
        assert command.callback is not None
        assert command.callback.__module__ == module, name
        assert command.get_short_help_str(10**6) == short_help, name


def test_help_lists_every_command_without_importing_one() -> None:
    done = _run("--help")
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == ["ldtui.cli.base"]
    lazy_help = done.stdout.rsplit("\n", 2)[0]
    loaded_help = _run("--help", LOAD_EVERY_COMMAND="1").stdout.rsplit("\n", 2)[0]
    assert "Commands:" in lazy_help
    assert lazy_help == loaded_help
    for name in COMMANDS:
        assert f"\n  {name} " in lazy_help


def test_a_command_imports_only_its_own_module() -> None:
    done = _run("schedule", "--help")
    assert "crontab" in done.stdout
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == ["ldtui.cli.base", "ldtui.cli.schedule"]


def test_shell_completion_lists_commands_with_their_help_without_importing_them() -> None:
    done = _run(_LDTUI_COMPLETE="zsh_complete", COMP_WORDS="ldtui s", COMP_CWORD="1")
    lines = done.stdout.strip().splitlines()
    loaded = json.loads(lines[-1])
    assert loaded == ["ldtui.cli.base"]
    names = lines[1:-1:3]
    helps = lines[2:-1:3]
    assert names == ["schedule", "serve", "skip", "sync"]
    _load_every_command()
    for name, text in zip(names, helps, strict=True):
        assert text == main.commands[name].get_short_help_str()


def test_subcommands_of_a_lazy_group_complete() -> None:
    done = _run(_LDTUI_COMPLETE="bash_complete", COMP_WORDS="ldtui import ", COMP_CWORD="2")
    assert "plain,slack-export" in done.stdout.splitlines()
    assert "plain,geekbot" in done.stdout.splitlines()


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["rooster"])
    assert result.exit_code == 2
    assert "No such command 'rooster'" in result.output
    ctx = click.Context(main)
    assert main.get_command(ctx, "rooster") is None
