"""Update a ``Static`` without laying the screen out again when its height stays the same."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static


def show_text(part: Static, text: Text, keep_height: bool = False) -> None:
    """Show ``text`` in ``part``, laying the screen out again only when the part's height in
    lines changes (``Static.update`` lays out on every call; a cursor move or a Thursday change
    mostly keeps the height, so most updates only repaint the part).

    ``keep_height`` is for a short-lived text (``reading…`` until a worker's result is in):
    blank lines below it keep the part as tall as it is, so showing it needs no layout at all
    (a layout of the whole screen added about 10 ms, a third, to a history page down at team
    size, and another frame follows when a scrollbar comes or goes); the result then sets
    the height. Not when the part's container is scrolled down: the short text
    would be out of sight above the blank lines."""
    width = part.size.width
    if not width:
        part.update(text)
        return
    part.update(text, layout=False)
    height = part.get_content_height(part.container_size, part.app.size, width)
    scrolled = isinstance(part.parent, Widget) and part.parent.scroll_y > 0
    if keep_height and not scrolled and height < part.size.height:
        padded = text.copy()
        padded.append("\n" * (part.size.height - height) + " ")  # the last line kept too
        part.update(padded, layout=False)
        height = part.get_content_height(part.container_size, part.app.size, width)
    if height != part.size.height:
        part.refresh(layout=True)
