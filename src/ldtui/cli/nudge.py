"""``ldtui nudge``: mention everyone missing a plan or a summary, through the configured
webhook (or as dry runs), one line per person; scheduled at each person's own local time
(``--at``), inside their quiet hours; ``--now`` and ``--dry-run`` rehearse a run."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from collections.abc import Callable

    from ldtui.learning_day import Kind
    from ldtui.notify.nudger import NudgeOutcome, Nudger, NudgeTarget
    from ldtui.store import Store

NOW_AT = "now"
"""``--at now``: nudge everyone missing at once (no schedule), as the console's ``N`` does."""


def parse_at(value: str | None) -> time | None:
    """``--at``: ``None`` (absent), ``"now"`` (returns ``None`` too; the caller tells them
    apart) or ``HH:MM``. Raises :class:`click.BadParameter` naming the value."""
    from ldtui.learning_day import parse_clock

    if value is None or value.strip().lower() == NOW_AT:
        return None
    try:
        return parse_clock(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc}, or 'now'", param_hint="'--at'") from None


def parse_now(value: str | None) -> datetime | None:
    """``--now``: an ISO 8601 moment with its offset (``2026-03-12T15:00Z``,
    ``2026-03-12T10:00-05:00``), returned in UTC; ``None`` when absent. Raises
    :class:`click.BadParameter` for a naive or unreadable value."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 moment (e.g. 2026-03-12T15:00Z)", param_hint="'--now'"
        ) from None
    if moment.tzinfo is None:
        raise click.BadParameter(
            f"{value!r} has no UTC offset: add Z or +HH:MM", param_hint="'--now'"
        )
    return moment.astimezone(UTC)


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
    "the Slack Web API (SLACK_BOT_TOKEN); geekbot: Geekbot asks each again, privately "
    "(geekbot_standup_id, GEEKBOT_API_KEY). Default: nudge_via in the config, else channel.",
)
@click.option(
    "--at",
    "at_text",
    metavar="HH:MM|now",
    help="Nudge each person from this local time on their own Thursday, once (default: "
    "plan_nudge_at or summary_nudge_at from the config; run it every 15 minutes, see "
    "'ldtui schedule'). 'now' nudges everyone missing at once (the default with --day).",
)
@click.option(
    "--now",
    "now_text",
    metavar="ISO-8601",
    help="Act as if it were this moment (e.g. 2026-03-12T15:00Z): rehearse a scheduled run.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print who would be nudged and why (and who not, and why); record and send nothing.",
)
@common_options
@wait_option
@as_option
def nudge(
    missing: str,
    day: datetime | None,
    force: bool,
    resend_interrupted: bool,
    at_text: str | None,
    now_text: str | None,
    dry_run: bool,
    via: str | None,
) -> None:
    """Nudge everyone missing a plan or a summary, through the configured webhook.

    Without --at and --day the run is scheduled: among the people missing a plan (summary),
    it nudges those whose local time on their own Thursday has passed plan_nudge_at
    (summary_nudge_at), inside their quiet_hours, at most max_nudges_per_day times,
    nudge_cooldown_minutes apart. Run it every 15 minutes ('ldtui schedule' prints the timer);
    each run is idempotent. --at now (or --day alone) nudges everyone missing at once, except
    people outside their quiet hours.

    Prints one line per person nudged (with --dry-run: per person missing, and why); exits 1
    if any nudge failed or the database was busy. Without a webhook configured the nudges are
    dry runs (recorded, not sent); so are direct messages without SLACK_BOT_TOKEN and nudges
    via Geekbot without GEEKBOT_API_KEY. Several
    runs at once (cron, a console) never message a person twice within the cooldown,
    whichever way they are sent (--via). Every ledger row records who nudged (--as NAME, else
    'facilitator' in the config, else your login name); ``ldtui ledger`` lists them.
    """
    import asyncio

    from ldtui.notify.nudger import Nudger, held_back, missing_targets

    at = parse_at(at_text)
    rehearsed = parse_now(now_text)
    scheduled = at is not None or (at_text is None and day is None)
    context = click.get_current_context().obj
    config = context.config
    clock: Callable[[], datetime] = (lambda: rehearsed) if rehearsed is not None else base.now_utc
    now = clock()
    if scheduled:
        _scheduled(missing, day, at, clock, force, dry_run, via)  # type: ignore[arg-type]
        return
    learning_day = chosen_day(day)
    store = context.open_store(reader=dry_run)
    nudger = Nudger.from_config(store, config, clock=clock, facilitator=context.facilitator)
    _check_via(nudger, via, store)
    reason = store.skip_reason(learning_day)
    if reason:
        store.close()
        raise click.ClickException(f"{learning_day} is skipped ({reason}): no nudges sent")
    entries = store.roster(learning_day, with_text=False)
    everyone = missing_targets(entries, missing)  # type: ignore[arg-type]
    targets, held = held_back(entries, everyone, now, config.quiet_hours)
    if dry_run:
        try:
            for target in targets:
                previous = None if force else nudger.cooling(target, learning_day)
                _say_would(target, previous is None, "missing" if previous is None else "cooldown")
            for target, why in held:
                _say_would(target, False, why)
        finally:
            store.close()
        echo(
            f"{len(everyone)} people missing a {missing} for {learning_day.isoformat()} at "
            f"{now:%Y-%m-%d %H:%M} UTC; dry run: nothing recorded"
        )
        return
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
    for target, why in held:
        echo(f"{'quiet':<11} {inert_line(f'{target.name} ({target.id})')} {missing}: {why}")
    tally, failed = _report(outcomes, missing, nudger, now, via)
    echo(
        f"{len(everyone)} people missing a {missing} for {learning_day.isoformat()}; {tally}"
        + (f", {len(held)} not nudged (outside quiet hours)" if held else "")
        + _where(nudger, via)
    )
    if failed:
        sys.exit(1)


def _check_via(nudger: Nudger, via: str | None, store: Store | None = None) -> None:
    """Refuse a via these settings cannot use (``--via geekbot`` without
    ``geekbot_standup_id``) with a one-line error naming the setting, before anything is
    claimed; closes ``store`` first when given."""
    problem = nudger.via_problem(via)
    if problem:
        if store is not None:
            store.close()
        raise click.ClickException(problem)


def _report(
    outcomes: list[NudgeOutcome],
    missing: str,
    nudger: Nudger,
    now: datetime,
    via: str | None = None,
) -> tuple[str, int]:
    """Print one line per outcome (those sent ``via`` ``dm`` or ``geekbot`` say so: ``via
    Geekbot``), the nudger's notes and a gone webhook; return the tally ``"2 sent, 0 dry
    run, 0 failed"`` (with ``, 1 interrupted earlier`` when so) and how many failed."""
    from ldtui.records import VIA_SHOWN, NudgeStatus

    failed = 0
    interrupted = 0
    shown = VIA_SHOWN.get(via or nudger.via)
    for outcome in outcomes:
        who = inert_line(f"{outcome.target.name} ({outcome.target.id})")
        line = f"{outcome.status:<11} {who} {missing}"
        if shown and outcome.status != NudgeStatus.COOLDOWN:
            line += f" {shown}"
        previous = outcome.previous
        if outcome.status == NudgeStatus.COOLDOWN and previous:
            ago = int((now - previous.created_at).total_seconds() // 60)
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
        echo(f"note: {note}")
    if nudger.gone:
        echo(
            "the webhook no longer exists (the platform said so): nothing more was sent; "
            "set a new one with: ldtui config set webhook_url URL",
            err=True,
        )

    def count(status: NudgeStatus) -> int:
        return sum(o.status == status for o in outcomes)

    return (
        f"{count(NudgeStatus.SENT)} sent, {count(NudgeStatus.DRY_RUN)} dry run, {failed} failed"
        + (f", {interrupted} interrupted earlier" if interrupted else "")
    ), failed


def _where(nudger: Nudger, via: str | None) -> str:
    """The summary line's tail: how the nudges went (the webhook's host, or the per-person
    way) and who nudged, inert: `` (webhook: hooks.slack.com; as Ada)``."""
    way = via or nudger.via
    where = (
        f"webhook: {nudger.target_label}" if way == "channel" else f"via {nudger.via_label(way)}"
    )
    return f" ({where}; as {inert_line(nudger.facilitator or 'unknown')})"


def _say_would(target: NudgeTarget, due: bool, why: str) -> None:
    """One ``--dry-run`` line: ``would nudge``/``not now``, the person, and why."""
    who = inert_line(f"{target.name} ({target.id})")
    echo(f"{'would nudge' if due else 'not now':<11} {who} {target.kind}: {why}")


def _scheduled(
    missing: Kind,
    day: datetime | None,
    at: time | None,
    clock: Callable[[], datetime],
    force: bool,
    dry_run: bool,
    via: str | None = None,
) -> None:
    """A scheduled run at ``clock()`` (aware UTC; fixed by ``--now``): nudge the people
    whose own Thursday has reached ``at`` (default: the config's time for ``missing``),
    inside quiet hours, within ``max_nudges_per_day``
    (:func:`ldtui.notify.nudger.scheduled_decisions`)."""
    import asyncio
    from collections import Counter

    from msgspec.structs import replace

    from ldtui.learning_day import learning_day_on_or_before, scheduled_day
    from ldtui.notify.nudger import Nudger, Schedule, scheduled_counted, scheduled_decisions

    context = click.get_current_context().obj
    config = context.config
    now = clock()
    learning_day = learning_day_on_or_before(day.date()) if day else scheduled_day(now)
    stamp = f"{now:%Y-%m-%d %H:%M} UTC"
    if learning_day is None:
        echo(f"No Learning Day is under way anywhere at {stamp}: nobody to nudge.")
        return
    store = context.open_store(reader=dry_run)
    try:
        nudger = Nudger.from_config(store, config, clock=clock, facilitator=context.facilitator)
        _check_via(nudger, via)
        reason = store.skip_reason(learning_day)
        if reason:
            echo(f"{learning_day} is skipped ({inert_line(reason)}): no nudges.")
            return
        schedule = Schedule.from_config(config, missing, at)
        entries = store.roster(learning_day, with_text=False)
        counted = scheduled_counted(dry_run=nudger.dry_run)
        decisions = scheduled_decisions(
            entries, missing, learning_day, now, schedule, store.nudges(learning_day), counted
        )
        for index, decision in enumerate(decisions):
            if force and decision.why in ("max", "cooldown"):  # --force: those limits only
                decisions[index] = replace(decision, due=True, why="due")
        due = [d.target for d in decisions if d.due]
        why = Counter(d.why for d in decisions if not d.due)
        waiting = ", ".join(f"{n} {WHY[w]}" for w, n in sorted(why.items()))
        head = (
            f"{len(decisions)} people missing a {missing} for {learning_day.isoformat()} at "
            f"{stamp} (from {schedule.at:%H:%M} their time, quiet hours {schedule.quiet})"
        )
        if dry_run:
            for decision in decisions:
                _say_would(decision.target, decision.due, decision.reason)
            echo(f"{head}; dry run: {len(due)} would be nudged; nothing recorded")
            return
        outcomes = (
            asyncio.run(
                nudger.nudge(
                    due,
                    learning_day,
                    force=force,
                    max_per_day=None if force else schedule.max_per_day,
                    via=via or nudger.via,
                )
            )
            if due
            else []
        )
    except StoreError as exc:
        echo(inert_line(f"Nudge not sent: {exc}"), err=True)
        sys.exit(1)
    finally:
        store.close()
    tally, failed = _report(outcomes, missing, nudger, now, via)
    echo(f"{head}; {tally}" + (f"; not now: {waiting}" if waiting else "") + _where(nudger, via))
    if failed:
        sys.exit(1)


WHY = {
    "not-yet": "not yet",
    "over": "past their time",
    "quiet": "outside quiet hours",
    "max": "nudged already",
    "cooldown": "within the cooldown",
}
"""How ``--dry-run``-less scheduled runs sum up the people not nudged, by reason code."""
