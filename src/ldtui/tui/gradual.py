"""Long option lists filled a chunk per frame, so the first options show at once.

An ``OptionList`` renders every option it is given to know its height, on the main thread: a
company's signals (thousands) or a timeline of 260 Thursdays took from a few hundred
milliseconds to seconds before anything was painted, with keys waiting meanwhile. Here the
first chunk is set at once and the rest is added a chunk per timer tick, between repaints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from textual.message_pump import MessagePump
from textual.widgets import OptionList
from textual.widgets.option_list import Option

T = TypeVar("T")

TICK = 1 / 60
"""Seconds between two chunks (a frame at Textual's default 60 frames a second)."""


class GradualOptions(Generic[T]):
    """Fills an ``OptionList`` from ``owner`` (the screen whose timers add the chunks),
    ``chunk`` options at a time, each made from an item by ``make`` when its chunk is added
    (thousands of options need not all be made before the first is shown); a newer
    :meth:`show` or :meth:`cancel` stops an older filling. ``listed`` (if given) is called
    after each chunk is added, with ``True`` once every option is in the list."""

    def __init__(
        self,
        owner: MessagePump,
        chunk: int,
        make: Callable[[T], Option],
        listed: Callable[[bool], None] | None = None,
    ) -> None:
        self.owner = owner
        self.chunk = chunk
        self.make = make
        self.listed = listed
        self.pending: list[T] = []
        """Items given to the last :meth:`show` whose options are not yet in the list."""
        self._generation = 0

    def show(self, listing: OptionList, items: Sequence[T], at_least: int = 0) -> None:
        """Replace ``listing``'s options with those of ``items``: the first ``chunk`` (or
        ``at_least``, to include an option to highlight) at once, the rest a chunk per tick."""
        self._generation += 1
        first = max(self.chunk, at_least)
        listing.set_options([self.make(item) for item in items[:first]])
        self.pending = list(items[first:])
        self._later(listing, self._generation)
        self._listed()

    def cancel(self) -> None:
        """Stop adding options (a new read is under way)."""
        self._generation += 1
        self.pending = []

    def _later(self, listing: OptionList, generation: int) -> None:
        if self.pending:
            self.owner.set_timer(TICK, lambda: self._more(listing, generation))

    def _more(self, listing: OptionList, generation: int) -> None:
        if generation != self._generation or not self.pending:
            return
        chunk, self.pending = self.pending[: self.chunk], self.pending[self.chunk :]
        listing.add_options([self.make(item) for item in chunk])
        self._later(listing, generation)
        self._listed()

    def _listed(self) -> None:
        if self.listed is not None:
            self.listed(not self.pending)


def as_is(option: Option) -> Option:
    """The ``make`` of a :class:`GradualOptions` given ready options."""
    return option
