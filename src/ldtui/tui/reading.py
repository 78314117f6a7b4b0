"""Reading the database off the main thread: a second connection for a thread worker.

A screen that reads for long (a timeline of 260 Thursdays, a company Thursday's topics,
signals over several weeks) does it in a Textual thread worker with its own connection, so
keys and repaints keep flowing; with an in-memory store (tests) there is no second connection,
and the screen reads on the main thread instead.
"""

from __future__ import annotations

from ldtui.store import Store


def reopen(store: Store) -> Store | None:
    """Open another connection to ``store``'s file with the same settings, for a thread
    worker (a sqlite connection belongs to the thread that made it); the caller closes it.
    Returns ``None`` for an in-memory store (work on the main thread then)."""
    if str(store.path) == ":memory:":
        return None
    return Store(
        store.path,
        default_timezone=store.default_timezone,
        markers=store.markers,
        channel=store.channel,
        skip_days=store.skip_days,
    )
