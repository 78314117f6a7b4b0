"""The help screen, generated from the bindings so it cannot drift from the keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ldtui.tui.dialogs.confirm import SHORT_HEIGHT
from ldtui.tui.keys import keys_in_force, own_bindings

if TYPE_CHECKING:
    from textual.dom import DOMNode

ABOUT = (
    "Every Thursday is Learning Day: each person posts a plan in the morning and a summary "
    "at the end of the day. Times in the roster are each person's own local time. "
    "A nudge mentions the person in the team's chat through the configured webhook "
    "(without one, nudges are dry runs: recorded, not sent). "
    "Keys can be changed in the [keymap] table of config.toml (the README lists the ids)."
)


def _is_ldtui(node: DOMNode) -> bool:
    return type(node).__module__.startswith("ldtui.")


class HelpScreen(ModalScreen[None]):
    """Lists every key of the screen it was opened from (the keys in force, after the
    ``[keymap]`` of the config), the keys of its focused widget, and the command palette."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, bindings: list[BindingType]) -> None:
        super().__init__()
        self._key_list = own_bindings(bindings)

    def _focused_bindings(self) -> list[Binding]:
        """The ldtui bindings of the focused widget (and its containers) on the screen
        beneath this one, e.g. the roster's up/down keys."""
        stack = self.app.screen_stack
        if self not in stack or stack.index(self) == 0:
            return []
        origin = stack[stack.index(self) - 1]
        found: list[Binding] = []
        focused = origin.focused
        nodes = list(focused.ancestors_with_self) if focused is not None else []
        for node in nodes:
            if node is origin or not _is_ldtui(node):
                continue
            found += own_bindings(list(type(node).__dict__.get("BINDINGS", [])))
        return [b for b in found if b not in self._key_list]

    def _keymap(self) -> Mapping[str, str]:
        config = getattr(self.app, "config", None)
        keymap: Mapping[str, str] = getattr(config, "keymap", None) or {}
        return keymap

    def on_resize(self) -> None:
        # A short window: no padding (class ``-short``, see styles/ldtui.tcss).
        self.set_class(self.app.size.height < SHORT_HEIGHT, "-short")

    def compose(self) -> ComposeResult:
        keymap = self._keymap()
        rows = [(keys_in_force(b, keymap), b.description) for b in self._key_list]
        rows += [(keys_in_force(b, keymap), b.description) for b in self._focused_bindings()]
        palette_key = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else ""
        if palette_key:
            rows.append((palette_key, "Command palette: every command, the theme"))
        width = max((len(keys) for keys, _ in rows), default=8)
        keys = Text()
        for shown, description in rows:
            keys.append(f"{shown:>{width}}", style="bold")
            keys.append(f"  {description}\n")
        with Vertical(id="help"):
            yield Static(Text("ldtui keys", style="bold"), id="help-title")
            with VerticalScroll():
                yield Static(keys, id="help-keys")
                yield Static(Text(ABOUT, style="dim"), id="help-about")
            yield Static(Text("Esc closes", style="dim"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
