"""Reads that fail on a damaged or unreadable database: a notification, never a crash.

A read of the store can fail at any time: a damaged page (``SQLITE_CORRUPT``), a file
replaced or cut short, an I/O error. Textual stops a widget whose message handler raises, and
the app then exits with a traceback, so an app-level hook cannot keep the console up: every
handler, timer and worker that reads the store goes through :func:`guarded` (a method) or
:func:`read_or_report` (one call), which catch the failure, say in one line what is wrong
(:func:`ldtui.store.storage_error` names it: damaged, read-only, busy...), and let the screen
carry on with what it showed before.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

from textual.app import App
from textual.dom import DOMNode

from ldtui.sanitize import inert_line
from ldtui.store import StoreError, storage_error

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F")
N = TypeVar("N", bound=DOMNode)

READ_ERRORS = (StoreError, sqlite3.Error)
"""What a read of the store raises when the database fails it (reads let ``sqlite3`` errors
through; writes name them, :meth:`ldtui.store.Store.write`)."""

PROBLEM_SECONDS = 10
"""How long the notification of a failed read stays up; the same problem is not notified
again meanwhile (a key held down, a pane and a counts line failing on one tick)."""

_shown: WeakKeyDictionary[App[Any], tuple[str, float]] = WeakKeyDictionary()
"""Per app: the last problem notified and when (``time.monotonic``)."""


def store_problem(exc: BaseException, path: object) -> StoreError | None:
    """The :class:`~ldtui.store.StoreError` that names ``exc``, raised by a read of the
    database at ``path``: ``exc`` itself, or a raw ``sqlite3`` error named by
    :func:`ldtui.store.storage_error` (:class:`~ldtui.store.StoreDamaged` for a damaged
    page); ``None`` when ``exc`` is not a database failure."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, sqlite3.Error):
        return storage_error(exc, str(path))
    return None


def report(node: DOMNode, problem: StoreError) -> None:
    """Notify what went wrong with the database, in one line, unless the same was notified
    less than :data:`PROBLEM_SECONDS` ago and not cleared since (:func:`forget_reports`).
    Any thread: Textual's ``notify`` is thread-safe."""
    app = node.app
    text = inert_line(str(problem))
    now = time.monotonic()
    last = _shown.get(app)
    if last is not None and last[0] == text and now - last[1] < PROBLEM_SECONDS:
        return
    _shown[app] = (text, now)
    app.notify(
        text,
        title="Database not read",
        severity="error",
        timeout=PROBLEM_SECONDS,
        markup=False,
    )


def forget_reports(app: App[Any]) -> None:
    """Let the next problem be notified even if it was just notified (the notifications
    were cleared)."""
    _shown.pop(app, None)


def report_failure(node: DOMNode, exc: BaseException) -> StoreError | None:
    """Notify (:func:`report`) ``exc`` when it is a database failure of a read for ``node``'s
    app (:func:`store_problem`) and return the named problem; ``None`` for any other
    exception (then nothing is notified). Any thread."""
    problem = store_problem(exc, _path(node))
    if problem is not None:
        report(node, problem)
    return problem


def read_or_report(node: DOMNode, read: Callable[[], R], fallback: F) -> R | F:
    """Return ``read()``; when it fails on the database, notify (:func:`report`) and return
    ``fallback``. Other exceptions propagate."""
    try:
        return read()
    except READ_ERRORS as exc:
        report(node, store_problem(exc, _path(node)) or StoreError(str(exc)))
        return fallback


def guarded(
    fallback: F,
) -> Callable[[Callable[Concatenate[N, P], R]], Callable[Concatenate[N, P], R | F]]:
    """Decorate a widget's or screen's method that reads the store (a key's action, a timer,
    a message handler): when the database fails it, notify (:func:`report`) and return
    ``fallback`` instead of raising into Textual's message loop."""

    def decorate(method: Callable[Concatenate[N, P], R]) -> Callable[Concatenate[N, P], R | F]:
        @functools.wraps(method)
        def run(self: N, /, *args: P.args, **kwargs: P.kwargs) -> R | F:
            return read_or_report(self, lambda: method(self, *args, **kwargs), fallback)

        return run

    return decorate


def _path(node: DOMNode) -> object:
    store = getattr(node.app, "store", None)
    return getattr(store, "path", "database")
