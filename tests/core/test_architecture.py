"""The shape of the package: the core never loads Textual, the store depends on no layer above
it, every CLI command has help and every key binding a description (the help screen and
``--help`` are generated from them).

The import checks run in a fresh interpreter (``sys.executable``), so what this test process
has already imported cannot hide a dependency."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import click
from textual.binding import Binding
from textual.dom import DOMNode

import ldtui
from ldtui.cli import main

SRC = Path(ldtui.__file__).parent

CORE = [
    "ldtui.records",
    "ldtui.slack_ts",
    "ldtui.learning_day",
    "ldtui.store",
    "ldtui.importers",
    "ldtui.notify",
    "ldtui.insights",
    "ldtui.config",
    "ldtui.cli",
    "ldtui.sanitize",
]
"""The core: these modules and packages (and everything under them) never load Textual.
A name that does not exist (yet) is passed over."""

NOT_CORE = ("ldtui.tui", "ldtui.demo", "ldtui.__main__")
"""The console itself, the demo that opens it, and ``python -m ldtui`` (which runs the CLI)."""


def _all_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(ldtui.__path__, "ldtui.")]


def _core_modules() -> list[str]:
    """Every module of the core that exists now: the named ones, their submodules, and any
    other module outside the console (a new module is core unless it says otherwise)."""
    return [m for m in _all_modules() if not m.startswith(NOT_CORE)]


def _loaded_after_import(modules: list[str]) -> dict[str, list[str]]:
    """Import ``modules`` one by one in a fresh interpreter; for each, the modules it added to
    ``sys.modules`` (its transitive imports)."""
    script = (
        "import importlib, json, sys\n"
        "added = {}\n"
        "for name in json.loads(sys.argv[1]):\n"
        "    before = set(sys.modules)\n"
        "    importlib.import_module(name)\n"
        "    added[name] = sorted(set(sys.modules) - before)\n"
        "print(json.dumps(added))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(modules)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_core_list_names_real_modules() -> None:
    """Most of the named core exists (the list is not silently passing over every name)."""
    present = [name for name in CORE if importlib.util.find_spec(name) is not None]
    assert {"ldtui.learning_day", "ldtui.store", "ldtui.cli", "ldtui.config"} <= set(present)
    assert set(present) <= set(_all_modules())


def test_core_never_loads_textual() -> None:
    """Importing any core module (each after the ones before it) loads no ``textual``."""
    modules = _core_modules()
    assert {"ldtui.store", "ldtui.learning_day", "ldtui.cli"} <= set(modules)
    loaded = _loaded_after_import(modules)
    culprits = {
        name: [m for m in added if m == "textual" or m.startswith("textual.")][:3]
        for name, added in loaded.items()
    }
    assert {name: found for name, found in culprits.items() if found} == {}


def test_store_alone_loads_no_layer_above_it() -> None:
    """``ldtui.store`` imported alone brings in nothing of the importers, notify or the TUI."""
    loaded = _loaded_after_import(["ldtui.store"])["ldtui.store"]
    above = [m for m in loaded if m.startswith(("ldtui.importers", "ldtui.notify", "ldtui.tui"))]
    assert above == []
    assert "textual" not in loaded


def _store_sources() -> list[Path]:
    return sorted((SRC / "store").rglob("*.py"))


def test_store_source_names_no_layer_above_it() -> None:
    """No ``import`` in the store's source (not even one for type checking only) names the
    importers, notify or the TUI: data comes in as the store's own records."""
    found = []
    for path in _store_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith(("ldtui.importers", "ldtui.notify", "ldtui.tui")):
                    found.append(f"{path.name}:{node.lineno} {name}")
    assert found == []


def _commands(group: click.Command, path: str = "ldtui") -> list[tuple[str, click.Command]]:
    found = [(path, group)]
    if isinstance(group, click.Group):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            found += _commands(command, f"{path} {name}")
    return found


def test_every_cli_command_and_option_has_help() -> None:
    """``--help`` of every command says what it does, and every option what it is for."""
    commands = _commands(main)
    assert len(commands) > 10
    no_help = [path for path, command in commands if not (command.help or "").strip()]
    assert no_help == []
    bare_options = [
        f"{path} {param.opts[0]}"
        for path, command in commands
        for param in command.params
        if isinstance(param, click.Option) and not (param.help or "").strip()
    ]
    assert bare_options == []


def _tui_classes() -> list[type[DOMNode]]:
    classes: list[type[DOMNode]] = []
    for name in _all_modules():
        if not name.startswith("ldtui.tui"):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == name
                and value not in classes
            ):
                classes.append(value)
    return classes


def test_every_binding_has_a_description() -> None:
    """Every key of every screen, dialog and widget has a description (the footer and the help
    screen show it)."""
    classes = _tui_classes()
    names = {cls.__name__ for cls in classes}
    assert {"LdtuiApp", "ConsoleScreen", "HelpScreen", "ConfirmScreen", "RosterTable"} <= names
    bare = []
    count = 0
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            count += 1
            if isinstance(binding, Binding):
                description = binding.description
            else:
                description = binding[2] if len(binding) > 2 else ""
            if not description.strip():
                bare.append(f"{cls.__name__}: {binding}")
    assert count > 20
    assert bare == []


def test_every_binding_has_an_id_and_each_id_one_meaning() -> None:
    """Every key of every screen, dialog and widget has an id (``[keymap]`` in config.toml
    remaps keys by id), and an id shared by several screens (``help``, ``quit``) means the same
    action everywhere; the README lists every id."""
    bindings = [
        (cls.__name__, binding)
        for cls in _tui_classes()
        for binding in cls.__dict__.get("BINDINGS", [])
    ]
    assert len(bindings) > 20
    assert [
        f"{owner}: {b}" for owner, b in bindings if not isinstance(b, Binding) or not b.id
    ] == []
    actions: dict[str, set[str]] = {}
    for _, binding in bindings:
        actions.setdefault(binding.id, set()).add(binding.action)
    assert {i: a for i, a in actions.items() if len(a) > 1} == {}
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert [i for i in sorted(actions) if f"`{i}`" not in readme] == []
