"""What a Pilot-driven app paints, as plain text: the compositor's lines, toasts and dialogs
included (what ``export_screenshot`` draws, without styling)."""

from __future__ import annotations

import io

from rich.console import Console


def painted(app) -> str:  # noqa: ANN001
    """Every painted line of ``app``'s current screen, joined by newlines."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        force_terminal=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)
