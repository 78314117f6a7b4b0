"""Pilot helpers for the console tests on :mod:`console_data`: the app with a fixed clock and
no waiting, and what the screen shows (counts line, roster rows, toasts, dialogs)."""

from __future__ import annotations

from dataclasses import replace

from console_data import NOW, THU
from textual.widgets import Static

from ldtui.config import Config
from ldtui.learning_day import QuietHours
from ldtui.store import Store
from ldtui.tui.app import make_app
from ldtui.tui.widgets.roster import RosterTable

ADA, GRACE, KAI, PRIYA = (
    "Ada Lovelace",
    "Grace [/]Hopper & <Co>",
    "Kai [bold]Tanaka[/bold]",
    "Priya Shah",
)
PARTICIPATION = "1 of 4 posted a plan and a summary (25%). Plans: 2. Summaries: 1."


async def no_sleep(seconds: float) -> None:
    """Stands in for asyncio.sleep (spacing between messages, retries)."""


def counts(app) -> str:
    return str(app.screen.query_one("#counts", Static).render())


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#roster", RosterTable)
    return [table.row_texts(i) for i in range(table.row_count)]


def row_of(app, name: str) -> list[str]:
    return next(r for r in rows(app) if r[0] == name)


def toasts(app) -> list[str]:
    return [str(t.render()) for t in app.screen.query("Toast")]


def dialog_body(app) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query("#dialog-body Static"))


def dialog_title(app) -> str:
    return str(app.screen.query_one("#dialog-title", Static).render())


EVERY_HOUR = QuietHours.parse("00:00-24:00")
"""Quiet hours that allow every hour: the console tests' fixed clock (15:00 UTC) is outside
the default quiet hours in some of their zones; tests of quiet hours use the default."""


def console(store: Store, webhook_url: str | None = None):
    cfg = replace(Config(), webhook_url=webhook_url, quiet_hours=EVERY_HOUR)
    return make_app(store, cfg, day=THU, clock=lambda: NOW, sleep=no_sleep)


async def settle(pilot) -> None:
    """Wait for the workers (reads in threads), for long lists filled a chunk per frame
    (``GradualOptions``: timeline, signals) to be complete, and for the repaint."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for _ in range(400):
        listing = getattr(pilot.app.screen, "listing", None)
        if not getattr(listing, "pending", None):
            break
        await pilot.pause(0.02)
    await pilot.pause()
    await pilot.pause()


def after(*keys: str):
    """A snapshot's ``run_before``: press ``keys``, then wait for the workers they started
    (history, timeline and signals read in threads) and the repaint, so the snapshot is of
    the result, never of "reading…"."""

    async def run(pilot) -> None:
        await pilot.press(*keys)
        await settle(pilot)

    return run


async def select(pilot, name: str) -> None:
    """Move the cursor to ``name``'s row."""
    table = pilot.app.screen.query_one("#roster", RosterTable)
    for _ in range(table.row_count):
        if table.selected is not None and table.selected.name == name:
            return
        await pilot.press("down")
    raise AssertionError(f"{name} is not on the roster")


def screen_name(app) -> str:
    return app.screen.__class__.__name__
