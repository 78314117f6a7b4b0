"""``ldtui nudge``: mention everyone missing a plan or a summary, through the configured
webhook (or as dry runs), one line per person."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from ldtui.cli import base
from ldtui.cli.base import (
    DAY,
    as_option,
    chosen_day,
    common_options,
    echo,
    main,
    wait_option,
)
from ldtui.records import NUDGE_VIAS
from ldtui.sanitize import inert_line
from ldtui.store import StoreError


@main.command()
@click.option(
    "--missing", type=click.Choice(["plan", "summary"]), required=True, help="What is missing."
)
@click.option("--day", type=DAY, help="Learning Day (default: today or the last Thursday).")
@click.option("--force", is_flag=True, help="Nudge even people nudged within the cooldown.")
@click.option(
    "--resend-interrupted",
    is_flag=True,
    help="Nudge again people whose last nudge was interrupted (delivery unknown: they may "
    "have been mentioned already); a sent nudge within the cooldown still blocks.",
)
@click.option(
    "--via",
    type=click.Choice(list(NUDGE_VIAS)),
    help="channel: one mention in the channel (webhook); dm: a direct message each through "
    "the Slack Web API (SLACK_BOT_TOKEN). Default: nudge_via in the config, else channel.",
)
@common_options
@wait_option
@as_option
def nudge(
    missing: str, day: datetime | None, force: bool, resend_interrupted: bool, via: str | None
) -> None:
    """Nudge everyone missing a plan or a summary, through the configured webhook.

    Prints one line per person; exits 1 if any nudge failed or the database was busy.
    Without a webhook configured the nudges are dry runs (recorded, not sent); so are
    direct messages without SLACK_BOT_TOKEN. Several runs at once (cron, a console) never
    message a person twice within the cooldown, whichever way they are sent. Every ledger
    row records who nudged (--as NAME, else 'facilitator' in the config, else your login
    name); ``ldtui ledger`` lists them.
    """
    import asyncio

    from ldtui.notify.nudger import Nudger, missing_targets
    from ldtui.records import NudgeStatus

    context = click.get_current_context().obj
    config = context.config
    learning_day = chosen_day(day)
    store = context.open_store()
    facilitator = context.facilitator
    nudger = Nudger.from_config(store, config, clock=base.now_utc, facilitator=facilitator)
    reason = store.skip_reason(learning_day)
    if reason:
        store.close()
        raise click.ClickException(f"{learning_day} is skipped ({reason}): no nudges sent")
    targets = missing_targets(store.roster(learning_day), missing)  # type: ignore[arg-type]
    try:
        outcomes = asyncio.run(
            nudger.nudge(
                targets,
                learning_day,
                force=force,
                resend_interrupted=resend_interrupted,
                via=via or nudger.via,
            )
        )
    except StoreError as exc:
        echo(inert_line(f"Nudge not sent: {exc}"), err=True)
        sys.exit(1)
    finally:
        store.close()
    failed = 0
    interrupted = 0
    for outcome in outcomes:
        who = inert_line(f"{outcome.target.name} ({outcome.target.id})")
        line = f"{outcome.status:<11} {who} {missing}"
        previous = outcome.previous
        if outcome.status == NudgeStatus.COOLDOWN and previous:
            ago = int((base.now_utc() - previous.created_at).total_seconds() // 60)
            by = f" by {inert_line(previous.facilitator)}" if previous.facilitator else ""
            if previous.status == NudgeStatus.INTERRUPTED:
                interrupted += 1
                line += (
                    f": interrupted {ago} min ago{by}, delivery unknown; not again "
                    "(use --resend-interrupted)"
                )
            elif previous.status == NudgeStatus.PENDING:
                line += f": being sent by another ldtui{by} since {ago} min ago"
            else:
                line += f": nudged {ago} min ago{by}, not again (use --force)"
        elif outcome.error:
            line += f": {outcome.http_status or ''} {inert_line(outcome.error)}".rstrip()
            failed += 1
        elif outcome.status == NudgeStatus.FAILED:
            failed += 1
        echo(line)
    for note in nudger.notes:
        echo(inert_line(f"note: {note}"))
    if nudger.gone:
        echo(
            "the webhook no longer exists (the platform said so): nothing more was sent; "
            "set a new one with: ldtui config set webhook_url URL",
            err=True,
        )

    def count(status: NudgeStatus) -> int:
        return sum(o.status == status for o in outcomes)

    echo(
        f"{len(outcomes)} people missing a {missing} for {learning_day.isoformat()}; "
        f"{count(NudgeStatus.SENT)} sent, {count(NudgeStatus.DRY_RUN)} dry run, "
        f"{failed} failed"
        + (f", {interrupted} interrupted earlier" if interrupted else "")
        + (
            f" (webhook: {nudger.target_label}; as {inert_line(facilitator)})"
            if (via or nudger.via) == "channel"
            else f" (via {nudger.via_label(via)}; as {inert_line(facilitator)})"
        )
    )
    if failed:
        sys.exit(1)
