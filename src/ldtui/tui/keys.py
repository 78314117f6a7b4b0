"""The console's key bindings as a whole: every binding id, and the keys in force once the
``[keymap]`` table of ``config.toml`` is applied (Textual's ``App.set_keymap``).

A binding id names one thing a key does (``console.nudge``); ``help`` and ``quit`` are shared
by every screen that has them, so one line remaps them everywhere. Posting and Harlequin let
users remap keys the same way.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from pathlib import Path

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from ldtui.config import ConfigError

KEY_LABELS = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
    "slash": "/",
    "comma": ",",
    "full_stop": ".",
}
"""Textual key names shown as the character they type."""


def key_label(keys: str) -> str:
    """Return a comma-separated Textual key list (``"p,enter"``) as a person reads it
    (``"p, enter"``; ``left_square_bracket`` as ``[``)."""
    return ", ".join(KEY_LABELS.get(k.strip(), k.strip()) for k in keys.split(","))


def _binding_owners() -> list[type[DOMNode]]:
    """Every screen, dialog and widget class defined in ``ldtui.tui`` (each module imported
    here, when first needed, so a new screen is found without being listed)."""
    import ldtui.tui

    owners: list[type[DOMNode]] = []
    for info in pkgutil.walk_packages(ldtui.tui.__path__, "ldtui.tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == info.name
                and value not in owners
            ):
                owners.append(value)
    return owners


def all_bindings() -> Iterator[tuple[str, Binding]]:
    """Yield ``(class name, binding)`` for every binding the console's classes declare
    (their own ``BINDINGS``, not those inherited from Textual)."""
    for owner in _binding_owners():
        for binding in owner.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                yield owner.__name__, binding


def binding_ids() -> set[str]:
    """Return every binding id a ``[keymap]`` entry may name."""
    return {binding.id for _, binding in all_bindings() if binding.id}


def check_keymap(keymap: Mapping[str, str], path: Path | None) -> None:
    """Raise :class:`ConfigError` naming ``path`` and the id when ``keymap`` names a binding
    id the console does not have. An empty keymap loads nothing (the screens' modules are
    imported only to check ids)."""
    if not keymap:
        return
    known = binding_ids()
    unknown = sorted(set(keymap) - known)
    if unknown:
        where = f"{path}: " if path else ""
        raise ConfigError(
            f"{where}[keymap] has unknown binding id {', '.join(map(repr, unknown))} "
            "(the ids are listed in the README)"
        )


def keys_in_force(binding: Binding, keymap: Mapping[str, str]) -> str:
    """Return the keys that trigger ``binding`` as a person reads them: the ``[keymap]``
    entry of its id if there is one, else its own keys (``key_display`` for a single key)."""
    if binding.id and binding.id in keymap:
        return key_label(keymap[binding.id])
    if binding.key_display and "," not in binding.key:
        return binding.key_display
    return key_label(binding.key)


def own_bindings(bindings: list[BindingType]) -> list[Binding]:
    """Return the :class:`Binding` objects of a ``BINDINGS`` list (tuples passed over)."""
    return [b for b in bindings if isinstance(b, Binding)]
