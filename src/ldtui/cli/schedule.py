"""``ldtui schedule``: the crontab lines and the systemd user timer that run ``ldtui nudge``
every 15 minutes around Thursdays; ``--install`` writes the systemd units (never enables them).

Every 15 minutes from Wednesday to Friday, in UTC: the earliest zone's Thursday (UTC+14)
starts Wednesday 10:00 UTC and the latest zone's summary grace (UTC-12, Friday 12:00) ends
Saturday 00:00 UTC. Each run nudges only the people whose own time has come
(:func:`ldtui.notify.nudger.scheduled_decisions`) and the ledger makes runs idempotent, so
running more often than needed costs nothing but a look at the database.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from ldtui.cli.base import echo, main

TIMER_NAME = "ldtui-nudge"
"""The systemd unit names: ``ldtui-nudge.service`` and ``ldtui-nudge.timer``."""
ON_CALENDAR = "Wed..Fri *-*-* *:00/15:00 UTC"
"""systemd.time(7): every 15 minutes, Wednesday to Friday, on the UTC clock."""
CRON_TIMES = "*/15 * * * 3-5"
"""crontab(5): every 15 minutes, Wednesday to Friday (with ``CRON_TZ=UTC``)."""
ENABLE = f"systemctl --user daemon-reload && systemctl --user enable --now {TIMER_NAME}.timer"
"""The command that enables the timer (printed; ldtui never runs it)."""


def nudge_commands(extra: tuple[str, ...] = ()) -> tuple[str, str]:
    """The plan and summary nudge command lines of this ldtui (this Python, ``-m ldtui``),
    shell-quoted, with ``extra`` options (``--db PATH``, ``--config PATH``) at the end."""
    head = (sys.executable, "-m", "ldtui", "nudge", "--missing")
    return tuple(  # type: ignore[return-value]
        " ".join(shlex.quote(p) for p in (*head, kind, *extra)) for kind in ("plan", "summary")
    )


def crontab_lines(commands: tuple[str, str]) -> str:
    """The crontab lines that run the plan and summary nudges every 15 minutes (UTC)."""
    return (
        "# ldtui: nudge each person at their own local time (plan_nudge_at, summary_nudge_at),\n"
        "# inside their quiet hours; every run is idempotent. A cron without CRON_TZ: use\n"
        "# '*/15 * * * *' (every day; runs outside the Learning Day nudge nobody).\n"
        "CRON_TZ=UTC\n" + "".join(f"{CRON_TIMES} {command}\n" for command in commands)
    )


def systemd_units(commands: tuple[str, str]) -> dict[str, str]:
    """The systemd user units (file name -> text): a oneshot service running both nudges
    and a timer every 15 minutes Wednesday to Friday (UTC), persistent across sleep."""
    plan, summary = commands
    service = (
        "[Unit]\n"
        "Description=ldtui: nudge people missing a Learning Day plan or summary\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        "# '-': a failed plan nudge must not stop the summary nudge (both log to the journal)\n"
        f"ExecStart=-{plan}\n"
        f"ExecStart={summary}\n"
    )
    timer = (
        "[Unit]\n"
        "Description=ldtui: run the Learning Day nudges every 15 minutes around Thursdays\n\n"
        "[Timer]\n"
        f"OnCalendar={ON_CALENDAR}\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {f"{TIMER_NAME}.service": service, f"{TIMER_NAME}.timer": timer}


def systemd_user_dir() -> Path:
    """``$XDG_CONFIG_HOME/systemd/user`` (default ``~/.config/systemd/user``): where systemd
    looks for a user's units (systemd.unit(5))."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


@main.command()
@click.option("--install", is_flag=True, help="Write the systemd user units (not enabled).")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database the scheduled runs use (default: theirs, $LDTUI_DB or the data folder).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file the scheduled runs use (default: the user config file).",
)
def schedule(install: bool, db: Path | None, config_path: Path | None) -> None:
    """Print the crontab lines and systemd user timer that run the nudges every 15 minutes.

    Each run nudges only the people whose own local time on their Thursday has passed
    plan_nudge_at or summary_nudge_at, inside their quiet_hours, at most max_nudges_per_day
    times; running every 15 minutes Wednesday to Friday (UTC) covers every zone's Thursday.
    --install writes ldtui-nudge.service and ldtui-nudge.timer to
    $XDG_CONFIG_HOME/systemd/user and prints the command that enables them; it enables
    nothing itself.
    """
    extra: list[str] = []
    if db is not None:
        extra += ["--db", str(db.expanduser().resolve())]
    if config_path is not None:
        extra += ["--config", str(config_path.expanduser().resolve())]
    commands = nudge_commands(tuple(extra))
    units = systemd_units(commands)
    if not install:
        echo("# crontab -e (every 15 minutes, Wednesday to Friday, UTC):")
        echo(crontab_lines(commands))
        for name, text in units.items():
            echo(f"# {systemd_user_dir() / name}")
            echo(text)
        echo("# then: ldtui schedule --install, or write the files above and run")
        echo(f"#   {ENABLE}")
        return
    folder = systemd_user_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in units.items():
            (folder / name).write_text(text, encoding="utf-8")
            echo(f"wrote {folder / name}")
    except OSError as exc:
        raise click.ClickException(f"{folder}: cannot write: {exc.strerror}") from exc
    echo("Nothing is enabled. To start the timer:")
    echo(f"  {ENABLE}")
