"""``ldtui demo``: the console on the bundled demo data, in a temporary folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ldtui.cli import base
from ldtui.cli.base import DAY, Context, chosen_day, echo, main
from ldtui.config import Config


@main.command()
@click.option("--day", type=DAY, help="Make this date (YYYY-MM-DD) the demo's newest Thursday.")
@click.option(
    "--keep", is_flag=True, help="Keep the demo's temporary folder and print where it is."
)
@click.pass_obj
def demo(context: Context, day: datetime | None, keep: bool) -> None:
    """Open the console on the bundled demo data (a temporary database; nothing of yours is
    touched, no webhook is used: nudges are dry runs)."""
    import shutil
    import tempfile

    from ldtui.demo import load_demo, prepare_demo_export
    from ldtui.learning_day import learning_day_on_or_before

    target = chosen_day(day)
    folder = Path(tempfile.mkdtemp(prefix="ldtui-demo-"))
    try:
        export_dir = prepare_demo_export(folder / "export", target, now=base.now_utc())
        db_path = folder / "demo.db"
        demo_context = Context(db_path, context.config_path)
        demo_context._config = Config(path=None)
        store = demo_context.open_store(db_path)
        try:
            load_demo(store, export_dir, learning_day_on_or_before(target))
        finally:
            store.close()
        base.run_console(demo_context, target, title="ldtui demo", reader=False)
    finally:
        if keep:
            echo(f"demo database kept: {folder / 'demo.db'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
