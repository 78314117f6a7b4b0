"""``ldtui config set|show``: write one setting to the config file, print the settings in
effect (secrets never in full)."""

from __future__ import annotations

import click

from ldtui.cli.base import common_options, echo, main
from ldtui.config import load_config


@main.group("config")
def config_group() -> None:
    """Read and write the config file (created readable by you only)."""


CONFIG_KEYS = {
    "webhook_url": str,
    "webhook_kind": str,
    "default_timezone": str,
    "channel": str,
    "nudge_cooldown_minutes": int,
}
"""The keys ``ldtui config set`` writes, with the type its VALUE is read as."""


@config_group.command("set")
@click.argument("key", type=click.Choice(sorted(CONFIG_KEYS)), metavar="KEY")
@click.argument("value")
@common_options
def config_set(key: str, value: str) -> None:
    """Set KEY to VALUE in the config file (secrets are never echoed back).

    \b
    KEY is one of:
      channel                 channel whose members make the roster
      default_timezone        IANA zone for people with none (e.g. Europe/Berlin)
      nudge_cooldown_minutes  minutes before the same person is nudged again
      webhook_kind            chat platform: slack, teams, ... (default: guessed)
      webhook_url             incoming-webhook URL (a secret; shown as its host)
    """
    from ldtui.config import ConfigError, write_config_value
    from ldtui.notify.redact import redact_url

    context = click.get_current_context().obj
    typed: str | int = value
    if CONFIG_KEYS[key] is int:
        try:
            typed = int(value)
        except ValueError as exc:
            raise click.BadParameter(f"{key} must be a whole number") from exc
    from ldtui.config import default_config_path

    target = context.config_path or default_config_path()
    before = target.read_bytes() if target.exists() else None
    try:
        path = write_config_value(target, key, typed)
        load_config(path)  # check the result with the rules used on start; undo if bad
    except ConfigError as exc:
        if before is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(before)
        raise click.ClickException(f"{exc} (not changed)") from exc
    shown = redact_url(value) if key == "webhook_url" else value
    echo(f"{key} = {shown}  ({path}, readable by you only)")


@config_group.command("show")
@common_options
def config_show() -> None:
    """Print the settings in effect (the webhook URL as its host only)."""
    from ldtui.notify.platforms import resolve_platform
    from ldtui.notify.redact import redact_url

    context = click.get_current_context().obj
    config = context.config
    echo(f"config file        {config.path or '(none: defaults)'}")
    echo(f"database           {context.db_path}")
    webhook = redact_url(config.webhook_url) if config.webhook_url else "(none: dry runs)"
    echo(f"webhook            {webhook}")
    if config.webhook_url:
        echo(f"webhook kind       {resolve_platform(config.webhook_kind, config.webhook_url)}")
    echo(f"default timezone   {config.default_timezone}")
    echo(f"channel            {config.channel or '(every imported channel)'}")
    echo(f"cooldown           {config.nudge_cooldown_minutes} min")
    echo(f"plan markers       {', '.join(config.markers.plan)}")
    echo(f"summary markers    {', '.join(config.markers.summary)}")
