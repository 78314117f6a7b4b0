"""The console side of the benchmarks: run by ``benchmarks/run.py`` in a child process.

Modes (the first argument):

``coldstart-ldtui DB DAY``
    Runs ``ldtui --db DB --day DAY`` as ``python -m ldtui`` does (the console script's entry),
    headless at 120x40; exits at the first frame painted with roster rows.
``coldstart-bare``
    A bare Textual app with a DataTable of one row, started and ended the same way.
``interact DB DAY N [PACE]``
    Opens the console (Pilot, headless, 120x40) and times N moves to the previous Thursday
    (``[``), N page scrolls (``pagedown``) and N cursor moves (a two-line repaint: the floor),
    one key every PACE seconds (default 0.3, a person's pace; 0 for a burst); prints JSON with
    the times in milliseconds and the peak RSS in MB.
``search DB N WORD...``
    Times N searches per word through the store; prints JSON (milliseconds, hit counts).
``screens DB DAY N [WHICH] [LIMIT]``
    Opens the console (Pilot, headless, 120x40) and times, key press to the first frame that
    shows the result: N page scrolls in the history (``pagedown``: the rows and the Thursday's
    counts, then the detail pane's topics read in a worker),
    N openings of the busiest person's timeline (``p``), N searches typed into the search
    screen (``learning``, ``zymurgy``, ``rust``, ``type*``: Enter to the hits painted) and N
    openings of signals over the last 12 Thursdays; with each, the longest stall of the event
    loop while the screen worked (a 5 ms ticker's longest gap). Prints JSON in milliseconds.
    WHICH is a comma-separated subset of ``history,timeline,search,signals``; a measure whose
    result takes more than LIMIT seconds (default 30) ends the process, naming it.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _exit_on_first_frame(app, has_rows) -> None:  # noqa: ANN001
    """End the process the moment ``app`` paints a frame for which ``has_rows()`` is true.

    Textual calls ``App._display`` once per frame (in headless mode too, before the driver
    would write it out); ``os._exit`` skips shutdown so the wall time ends at that frame."""
    original = app._display

    def display(screen, renderable) -> None:  # noqa: ANN001
        original(screen, renderable)
        if renderable is not None and has_rows():
            os._exit(0)

    app._display = display


def _headless_first_frame(has_rows) -> None:  # noqa: ANN001
    """Make every ``App.run`` in this process headless at 120x40 and end the process at its
    first frame for which ``has_rows(app)`` is true (see :func:`_exit_on_first_frame`)."""
    from textual.app import App

    run = App.run

    def headless_run(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        kwargs.update(headless=True, size=(120, 40))
        _exit_on_first_frame(self, lambda: has_rows(self))
        return run(self, *args, **kwargs)

    App.run = headless_run  # type: ignore[method-assign]


def coldstart_ldtui(db: str, day: str) -> None:
    """What a user runs, ``ldtui --db DB --day DAY`` (``python -m ldtui``: the console
    script's own ``main``, its command table, config, store and app), headless."""
    import runpy

    def has_rows(app) -> bool:  # noqa: ANN001
        roster = app.screen.query("#roster")
        return bool(roster) and roster.first().row_count > 0

    _headless_first_frame(has_rows)
    sys.argv = ["ldtui", "--db", db, "--day", day]
    runpy.run_module("ldtui", run_name="__main__", alter_sys=True)
    raise SystemExit("the roster never painted")


def coldstart_bare() -> None:
    """A bare Textual app with a DataTable of one row, started the same way (headless)."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("person", "plan")
            table.add_row("Ada", "yes")

    _headless_first_frame(lambda app: app.query_one(DataTable).row_count > 0)
    Bare().run()
    raise SystemExit("the table never painted")


async def interact(db: str, day: str, n: int, pace: float = 0.3) -> dict:
    """Time keys as the facilitator feels them, from the key's action starting to the next
    frame painted (``App._display``): ``[`` (previous Thursday), ``pagedown`` and the cursor
    moving one row (a two-line repaint: the floor of any key). Also the same moves measured
    from ``pilot.press`` (adds the test driver's own overhead) for comparison."""
    from ldtui.config import Config
    from ldtui.store import Store
    from ldtui.tui.app import make_app
    from ldtui.tui.screens.console import ConsoleScreen
    from ldtui.tui.widgets.roster import RosterTable

    store = Store(db)
    app = make_app(store, Config(), day=date.fromisoformat(day))
    frames: list[float] = []
    started: list[float] = []
    original = app._display

    def display(screen, renderable) -> None:  # noqa: ANN001
        original(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    app._display = display
    for cls, name in (
        (ConsoleScreen, "action_previous_day"),
        (RosterTable, "action_page_down"),
        (RosterTable, "action_cursor_down"),
    ):
        method = getattr(cls, name)

        def timed(self, _method=method) -> None:  # noqa: ANN001
            started.append(time.perf_counter())
            _method(self)

        setattr(cls, name, timed)
    result: dict[str, list[float]] = {
        "previous_thursday": [],
        "page_down": [],
        "cursor_down": [],
        "previous_thursday_press": [],
    }
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        for name, key in (
            ("previous_thursday", "left_square_bracket"),
            ("page_down", "pagedown"),
            ("cursor_down", "down"),
        ):
            for i in range(n):
                if key == "pagedown" and i % 10 == 0:
                    await pilot.press("home")
                    await pilot.pause()
                await asyncio.sleep(pace)  # a person's pace between keys
                frames.clear()
                started.clear()
                pressed = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                end = frames[0] if frames else time.perf_counter()
                result[name].append((end - started[0]) * 1000)
                if name == "previous_thursday":
                    result["previous_thursday_press"].append((end - pressed) * 1000)
    store.close()
    return {**result, "peak_rss_mb": peak_rss_mb()}  # type: ignore[dict-item]


def search(db: str, n: int, words: list[str]) -> dict:
    from ldtui.store import Store

    store = Store(db)
    out = {}
    for word in words:
        times, hits = [], 0
        for _ in range(n):
            start = time.perf_counter()
            hits = len(store.search(word))
            times.append((time.perf_counter() - start) * 1000)
        out[word] = {"ms": times, "hits": hits}
    store.close()
    return out


class _Stalls:
    """The event loop's longest gap between ticks of a 5 ms ticker, since the last reset."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - 0.005)
            last = now

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._tick())

    def reset(self) -> None:
        self.longest = 0.0


SCREENS = ("history", "timeline", "search", "signals")
"""What ``screens`` measures (all by default; a comma-separated subset as its 4th argument)."""


class ScreenTimeout(SystemExit):
    """A measured screen never showed its result within the per-measure limit."""


async def screens(
    db: str, day: str, n: int, which: tuple[str, ...] = SCREENS, limit: float = 30.0
) -> dict:
    """Key press to result painted, for the history, timeline, search and signals screens.

    Each measure waits at most ``limit`` seconds for its result, then ends the process with
    :class:`ScreenTimeout` naming the measure, the try and what the screen showed. History
    paging gives two results: ``history_page`` (the new rows and the highlighted Thursday's
    counts painted) and ``history_topics`` (its topics and names, read in a thread worker,
    painted), and after each ``history_cursor``: the cursor one row down (up from the last
    row), its counts painted (the floor of a key press to a frame, Pilot's own overhead
    included). Paging starts from the top every third page and whenever the cursor is on the
    last row, so a history of any length works. Each ``..._stall`` is the event loop's longest
    gap until the last result."""
    from ldtui.config import Config
    from ldtui.store import Store
    from ldtui.tui.app import make_app
    from ldtui.tui.screens.history import HistoryScreen
    from ldtui.tui.screens.search import SearchScreen
    from ldtui.tui.screens.signals import SignalsScreen
    from ldtui.tui.screens.timeline import TimelineScreen

    store = Store(db)
    busiest = store.conn.execute(
        "select person_id from participation group by person_id order by count(*) desc limit 1"
    ).fetchone()[0]
    app = make_app(store, Config(), day=date.fromisoformat(day))
    pending: dict[str, Callable[[], bool]] = {}  # result name -> its condition
    seen: dict[str, float] = {}  # result name -> time of the first frame showing it
    original = app._display

    shown = asyncio.Event()  # set when every pending result has been painted

    def display(screen, renderable) -> None:  # noqa: ANN001
        original(screen, renderable)
        if renderable is not None and pending:
            for name, done in list(pending.items()):
                if done():
                    seen[name] = time.perf_counter()
                    del pending[name]
            if not pending:
                shown.set()

    app._display = display
    stalls = _Stalls()
    out: dict[str, list[float]] = {}

    def describe() -> str:
        screen = app.screen
        if isinstance(screen, HistoryScreen):
            return (
                f"{screen!r} row {screen.table.cursor_row}, detail {screen.detail_day},"
                f" {screen.detail_text[:120]!r}"
            )
        return repr(screen)

    async def until(pilot, name: str, done: Callable[[], bool]) -> None:  # noqa: ANN001
        """Wait for a frame painted with ``done()`` true (no timing kept)."""
        if done():
            await pilot.pause()
            return
        shown.clear()
        pending[name] = done
        await wait(pilot, name)
        seen.pop(name, None)

    async def wait(pilot, what: str) -> None:  # noqa: ANN001
        """Wait for the pending results without polling (a polling Pilot would take the
        interpreter from the screen's thread workers), at most ``limit`` seconds."""
        if not pending:
            return
        try:
            await asyncio.wait_for(shown.wait(), limit)
        except TimeoutError:
            missing = ", ".join(sorted(pending))
            pending.clear()
            raise ScreenTimeout(
                f"screens: {what}: no frame showed {missing} within {limit:.0f} s"
                f" (the screen: {describe()})"
            ) from None

    async def measure(pilot, key, results: dict[str, Callable[[], bool]]) -> None:  # noqa: ANN001
        await asyncio.sleep(0.3)  # a person's pace
        stalls.reset()
        seen.clear()
        shown.clear()
        pending.update(results)
        pressed = time.perf_counter()
        await key()
        names = ", ".join(results)
        tries = len(out.get(next(iter(results)), [])) + 1
        await wait(pilot, f"{names} (try {tries})")
        for name in results:
            out.setdefault(name, []).append((seen[name] - pressed) * 1000)
        out.setdefault(f"{next(iter(results))}_stall", []).append(stalls.longest * 1000)

    async with app.run_test(size=(120, 40)) as pilot:
        stalls.start()
        await pilot.pause(0.5)
        console = app.console_screen
        index = next(i for i, e in enumerate(console.shown) if e.id == busiest)
        console.roster.move_cursor(index)
        if "history" in which:
            # History: page down; the detail pane follows (counts at once, topics read).
            await pilot.press("h")
            await until(pilot, "history", lambda: isinstance(app.screen, HistoryScreen))
            history = app.screen
            assert isinstance(history, HistoryScreen)
            for i in range(n):
                last = history.table.row_count - 1
                # 104 Thursdays are 3 pages; a short history may end sooner: page from the top
                # again when paging could not move ("home" scrolls sideways).
                if i % 3 == 0 or history.table.cursor_row >= last:
                    await pilot.press("ctrl+home")
                    await until(pilot, "history top", lambda: history.table.cursor_row == 0)
                before = history.table.cursor_row

                async def page() -> None:
                    await pilot.press("pagedown")

                def paged(before: int = before) -> bool:
                    row = history.highlighted_row()
                    return (
                        history.table.cursor_row != before
                        and row is not None
                        and history.detail_day == row.day
                    )

                def topics(before: int = before) -> bool:
                    text = history.detail_text
                    return paged(before) and "counting…" not in text and "reading…" not in text

                await measure(pilot, page, {"history_page": paged, "history_topics": topics})
                below = history.table.cursor_row

                # One row down, or up when the page ended on the last row.
                step = -1 if below >= last else 1

                async def down(step: int = step) -> None:
                    await pilot.press("down" if step > 0 else "up")

                def moved(below: int = below, step: int = step) -> bool:
                    row = history.highlighted_row()
                    return (
                        history.table.cursor_row == below + step
                        and row is not None
                        and history.detail_day == row.day
                    )

                await measure(pilot, down, {"history_cursor": moved})
            await pilot.press("escape")
            await pilot.pause(0.3)
        if "timeline" in which:
            # Timeline of the busiest person.
            for _ in range(n):

                def opened() -> bool:
                    screen = app.screen
                    return isinstance(screen, TimelineScreen) and screen.weeks_list.option_count > 0

                async def open_timeline() -> None:
                    await pilot.press("p")

                await measure(pilot, open_timeline, {"timeline_open": opened})
                await pilot.press("escape")
                await pilot.pause(0.2)
        if "search" in which:
            # Search typed on the screen.
            await pilot.press("ctrl+f")
            await until(pilot, "search", lambda: isinstance(app.screen, SearchScreen))
            search = app.screen
            assert isinstance(search, SearchScreen)
            for i in range(n):
                word = ("learning", "zymurgy", "rust", "type*")[i % 4]
                search.query_one("#search-query").value = word  # type: ignore[attr-defined]
                search.query_one("#search-query").focus()
                await pilot.pause(0.3)  # past the typing debounce: the search ran
                search.query_text = ""  # search again on Enter

                async def submit() -> None:
                    await pilot.press("enter")

                await measure(
                    pilot, submit, {"search_screen": lambda w=word: search.query_text == w}
                )
            await pilot.press("escape")
            await pilot.pause(0.3)
        if "signals" in which:
            # Signals over the last 12 Thursdays.
            days = store.learning_days()[:12]  # newest first
            for _ in range(max(1, n // 4)):

                async def open_signals() -> None:
                    app.push_screen(SignalsScreen(days))

                def listed() -> bool:
                    screen = app.screen
                    return isinstance(screen, SignalsScreen) and not screen.reading

                def all_listed() -> bool:
                    screen = app.screen
                    return listed() and not screen.unlisted  # type: ignore[attr-defined]

                await measure(
                    pilot, open_signals, {"signals_open": listed, "signals_all": all_listed}
                )
                await pilot.press("escape")
                await pilot.pause(0.2)
    store.close()
    return out


def main(argv: list[str]) -> None:
    mode, *args = argv
    if mode == "coldstart-ldtui":
        coldstart_ldtui(*args)
    elif mode == "coldstart-bare":
        coldstart_bare()
    elif mode == "interact":
        pace = float(args[3]) if len(args) > 3 else 0.3
        print(json.dumps(asyncio.run(interact(args[0], args[1], int(args[2]), pace))))
    elif mode == "screens":
        which = tuple(args[3].split(",")) if len(args) > 3 else SCREENS
        limit = float(args[4]) if len(args) > 4 else 30.0
        print(json.dumps(asyncio.run(screens(args[0], args[1], int(args[2]), which, limit))))
    elif mode == "search":
        print(json.dumps(search(args[0], int(args[1]), args[2:])))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
