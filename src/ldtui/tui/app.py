"""The Textual application: holds the store, the nudger and the clock; opens the console."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from ldtui.config import Config, ConfigError, save_config_value
from ldtui.notify.nudger import Nudger
from ldtui.sanitize import inert, inert_line
from ldtui.store import Store
from ldtui.tui.guard import forget_reports
from ldtui.tui.keys import check_keymap
from ldtui.tui.screens.console import ConsoleScreen
from ldtui.tui.screens.too_small import TooSmallScreen, too_small

if TYPE_CHECKING:
    import httpx
    from textual.theme import Theme

    from ldtui.insights.signals import WorkPatterns
    from ldtui.insights.topics import TopicRules


def styles_path() -> Path:
    """Return the app's stylesheet: ``ldtui/styles`` in an installed wheel, else the
    repository's ``styles/`` folder (editable installs)."""
    here = Path(__file__).resolve()
    for folder in (here.parents[1] / "styles", here.parents[3] / "styles"):
        if (folder / "ldtui.tcss").is_file():
            return folder / "ldtui.tcss"
    raise FileNotFoundError("ldtui.tcss not found: the package is incomplete")


def _utc_now() -> datetime:
    return datetime.now(UTC)


VIA_COMMANDS = {
    "channel": "Nudge in the channel",
    "dm": "Nudge by direct message",
    "geekbot": "Nudge through Geekbot",
}
"""The command palette's choice of how nudges go: one command per way but the current one
(:data:`ldtui.records.NUDGE_VIAS`)."""

QUIT_REASON = "not sent: console quit"
"""Ledger error of the people a quit left unattempted (status ``cancelled``)."""


class LdtuiApp(App[None]):
    """The facilitator's console. Build it with :func:`make_app`."""

    CSS_PATH = styles_path()
    TITLE = "ldtui — Learning Day"

    def __init__(
        self,
        store: Store,
        config: Config,
        nudger: Nudger,
        *,
        day: date,
        clock: Callable[[], datetime],
        title: str | None = None,
        find_data: bool = True,
    ) -> None:
        super().__init__()
        self.find_data = find_data
        self.store = store
        self.config = config
        self.nudger = nudger
        self.clock = clock
        self.start_day = day
        self._topic_rules: TopicRules | None = None
        self._work_patterns: WorkPatterns | None = None
        self._quitting = False
        latest = store.latest_day()
        self.latest_day = max(day, latest) if latest else day
        if title:
            self.title = title
        check_keymap(config.keymap, config.path)
        self.set_keymap(config.keymap)
        self._theme_problem: str | None = None
        self._saved_theme = config.theme
        if config.theme and config.theme in self.available_themes:
            self.theme = config.theme
        elif config.theme:
            self._theme_problem = (
                f"Theme {config.theme!r} (config 'theme') is not a Textual theme: "
                f"using {self.theme!r}"
            )

    def on_mount(self) -> None:
        """Remember every theme picked from now on."""
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def on_resize(self, event: events.Resize) -> None:
        """Cover every screen with :class:`TooSmallScreen` while the window is too small;
        take it away (the screens beneath come back as they were) when it grows again."""
        self.fit_window(event.size.width, event.size.height)

    def fit_window(self, width: int, height: int) -> None:
        """Show or remove the "window too small" notice for a ``width`` × ``height`` window."""
        covered = isinstance(self.screen, TooSmallScreen)
        if too_small(width, height) and not covered:
            self.push_screen(TooSmallScreen())
        elif covered and not too_small(width, height):
            self.pop_screen()

    def on_ready(self) -> None:
        """Report an unknown configured theme once the console is on screen."""
        self.fit_window(*self.size)
        if self._theme_problem:
            self.notify(self._theme_problem, severity="warning", timeout=8, markup=False)

    def _remember_theme(self, theme: Theme) -> None:
        """Write a newly picked theme (the command palette's "Change theme") to ``theme`` in
        the config file, owner-only and checked (:func:`ldtui.config.save_config_value`);
        a failure is a notification, never a crash."""
        if theme.name == self._saved_theme:
            return
        try:
            save_config_value(self.config.path, "theme", theme.name)
        except ConfigError as exc:
            self.notify(f"Theme not remembered: {exc}", severity="warning", markup=False)
            return
        self._saved_theme = theme.name

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast, like Textual's ``App.notify``, with ``message`` and ``title`` made
        inert first (:mod:`ldtui.sanitize`): notifications quote names and error bodies."""
        super().notify(
            inert(message),
            title=inert_line(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def clear_notifications(self) -> None:
        """Clear every notification; a database problem notified before is notified again
        when it happens again (:func:`ldtui.tui.guard.report`)."""
        super().clear_notifications()
        forget_reports(self)

    def _nudges_running(self) -> list[Worker[None]]:
        return [w for w in self.workers if w.group == "nudge" and not w.is_finished]

    async def action_quit(self) -> None:
        """Quit. A nudge batch in progress is stopped: the message in flight is waited for
        (up to its send deadline; ``q`` again quits at once, its people then recorded
        ``interrupted``) and the people not yet attempted are recorded ``cancelled`` with
        ``not sent: console quit``, so no ledger row is left ``pending``."""
        running = self._nudges_running()
        if not running or self._quitting:
            self.exit()
            return
        self._quitting = True
        self.nudger.stop(QUIT_REASON)
        self.notify(
            "Waiting for the nudge in flight… (q again quits now)", timeout=30, markup=False
        )
        self.run_worker(self._exit_after(running), group="quit", exit_on_error=False)

    async def _exit_after(self, running: list[Worker[None]]) -> None:
        limit = self.nudger.send_deadline.total_seconds() + 5
        try:
            async with asyncio.timeout(limit):
                for worker in running:
                    await worker.wait()
        except Exception:  # noqa: BLE001, S110 - a failed or slow worker must not stop the quit
            pass
        self.exit()

    def get_default_screen(self) -> Screen[None]:
        """The console is the app's base screen (painted in the first frame)."""
        return ConsoleScreen(self.start_day, find_data=self.find_data)

    @property
    def topic_rules(self) -> TopicRules:
        """The learning-topic rules from the config (:class:`ldtui.insights.topics.TopicRules`)."""
        if self._topic_rules is None:
            from ldtui.insights.topics import TopicRules

            self._topic_rules = TopicRules.from_config(self.config.topics)
        return self._topic_rules

    @property
    def work_patterns(self) -> WorkPatterns:
        """The work-item patterns from the config (:class:`ldtui.insights.signals.WorkPatterns`)."""
        if self._work_patterns is None:
            from ldtui.insights.signals import WorkPatterns

            self._work_patterns = WorkPatterns.from_config(self.config.work_patterns)
        return self._work_patterns

    @property
    def console_screen(self) -> ConsoleScreen:
        """The console screen (always at the bottom of the stack once mounted)."""
        for screen in self.screen_stack:
            if isinstance(screen, ConsoleScreen):
                return screen
        raise LookupError("console not mounted")

    def _choose_via(self, via: str) -> None:
        """Send nudges ``via`` (``channel``, ``dm``, ``geekbot``) from now on (this session),
        unless the settings cannot (``geekbot`` without ``geekbot_standup_id``: said why)."""
        problem = self.nudger.via_problem(via)
        if problem:
            self.notify(problem, title="Not changed", severity="error", markup=False)
            return
        self.nudger.via = via
        self.notify(f"Nudges now go as {self.nudger.via_label()}.", markup=False)
        self.console_screen.update_counts()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Nudge everyone missing",
            "Nudge all who miss a plan or summary",
            self.console_screen.action_nudge_all,
        )
        for via, title in VIA_COMMANDS.items():
            if via != self.nudger.via:
                yield SystemCommand(
                    title,
                    "How n and N reach people from now on (nudge_via sets the default)",
                    partial(self._choose_via, via),
                )
        yield SystemCommand("History", "Past Learning Days", self.console_screen.action_history)
        yield SystemCommand(
            "Re-read database", "Reload the roster", self.console_screen.action_reload
        )


def make_app(
    store: Store,
    config: Config,
    *,
    day: date,
    clock: Callable[[], datetime] = _utc_now,
    client: httpx.AsyncClient | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    spacing: float | None = None,
    title: str | None = None,
    facilitator: str | None = None,
    find_data: bool = True,
) -> LdtuiApp:
    """Build the console app over ``store`` opened on Learning Day ``day``.

    Raises :class:`ConfigError` when the config's ``[keymap]`` names an unknown binding id.

    ``clock`` returns aware UTC "now" (tests fix it); ``client`` and ``sleep`` go to the
    webhook delivery (tests hand in loopback clients or a fast sleep); ``facilitator`` is who
    nudges from this console (``--as NAME``; ``None``: the config's, else the OS user).
    ``find_data`` lets the console open on the newest Thursday with posts when ``day`` has
    none (false when the facilitator named the day with ``--day``: it opens on that day,
    empty or not).
    """
    nudger = Nudger.from_config(
        store,
        config,
        clock=clock,
        client=client,
        sleep=sleep,
        spacing=spacing,
        facilitator=facilitator,
    )
    return LdtuiApp(store, config, nudger, day=day, clock=clock, title=title, find_data=find_data)
