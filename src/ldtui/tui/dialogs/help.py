"""The help screen, generated from the bindings so it cannot drift from the keys."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "Every Thursday is Learning Day: each person posts a plan in the morning and a summary "
    "at the end of the day. Times in the roster are each person's own local time. "
    "A nudge mentions the person in the team's chat through the configured webhook "
    "(without one, nudges are dry runs: recorded, not sent)."
)


def _key_label(key: str) -> str:
    return ", ".join(
        {
            "left_square_bracket": "[",
            "right_square_bracket": "]",
            "question_mark": "?",
            "slash": "/",
        }.get(k.strip(), k.strip())
        for k in key.split(",")
    )


class HelpScreen(ModalScreen[None]):
    """Lists every key of the screen it was opened from, with its description."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    def __init__(self, bindings: list[BindingType]) -> None:
        super().__init__()
        self._key_list = [b for b in bindings if isinstance(b, Binding)]

    def compose(self) -> ComposeResult:
        keys = Text()
        for binding in self._key_list:
            keys.append(f"{binding.key_display or _key_label(binding.key):>8}", style="bold")
            keys.append(f"  {binding.description}\n")
        with Vertical(id="help"):
            yield Static(Text("ldtui keys", style="bold"), id="help-title")
            with VerticalScroll():
                yield Static(keys, id="help-keys")
                yield Static(Text(ABOUT, style="dim"), id="help-about")
            yield Static(Text("Esc closes", style="dim"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
