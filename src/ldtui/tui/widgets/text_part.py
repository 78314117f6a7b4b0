"""Update a ``Static`` without laying the screen out again when its height stays the same."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def show_text(part: Static, text: Text) -> None:
    """Show ``text`` in ``part``, laying the screen out again only when the part's height in
    lines changes (``Static.update`` lays out on every call; a cursor move or a Thursday change
    mostly keeps the height, so most updates only repaint the part)."""
    width = part.size.width
    if not width:
        part.update(text)
        return
    part.update(text, layout=False)
    height = part.get_content_height(part.container_size, part.app.size, width)
    if height != part.size.height:
        part.refresh(layout=True)
