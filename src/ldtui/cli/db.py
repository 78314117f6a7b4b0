"""``ldtui db check|backup``: look after the database file with SQLite's integrity check and
online backup."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ldtui.cli.base import common_options, echo, main


@main.group("db")
def db_group() -> None:
    """Look after the database file: check it, back it up."""


@db_group.command("check")
@common_options
def db_check() -> None:
    """Run SQLite's integrity check on the database: prints "ok" (exit 0) or each problem
    found (exit 1). Reads only; safe while another ldtui writes."""
    from ldtui.store import integrity_check

    context = click.get_current_context().obj
    problems = integrity_check(context.db_path)
    for line in problems:
        echo(line)
    if problems != ["ok"]:
        echo(
            f"{context.db_path}: damaged; save what can be read with: ldtui db backup PATH",
            err=True,
        )
        sys.exit(1)


@db_group.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite TARGET if it exists.")
@common_options
def db_backup(target: Path, force: bool) -> None:
    """Copy the database to TARGET with SQLite's online backup (a consistent copy, also while
    another ldtui writes). Refuses to overwrite an existing file without --force."""
    from ldtui.store import backup

    context = click.get_current_context().obj
    try:
        written = backup(context.db_path, target, force=force)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from exc
    echo(f"Backed up {context.db_path} to {written}")
