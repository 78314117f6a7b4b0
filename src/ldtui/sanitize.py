"""Make text from outside inert before it is shown: the one sanitiser of ldtui.

Names, posts, channel and team names, reasons, file names and error bodies come from Slack,
webhooks, APIs and files, and may hold terminal control characters. Written raw to a terminal,
``ESC ] 0 ; … BEL`` retitles the window, ``ESC [ 2 J`` clears it, ``ESC ] 52`` writes the
clipboard (xterm's "Operating System Commands"), and the bidirectional overrides (U+202A–U+202E,
U+2066–U+2069) reorder what follows them ("Trojan Source", CVE-2021-42574). This module shows
each such character visibly instead:

- C0 controls (U+0000–U+001F) and DEL as their Unicode control pictures (``ESC`` -> ``␛``,
  ``BEL`` -> ``␇``, U+2400–U+2421), so a whole escape sequence reads as ``␛]0;title␇``: the
  ESC is gone, and the rest was printable already;
- C1 controls (U+0080–U+009F, e.g. the one-byte CSI U+009B), the bidi embeddings, overrides and
  isolates (U+202A–U+202E, U+2066–U+2069), the marks U+200E, U+200F, U+061C, the line and
  paragraph separators U+2028, U+2029, and lone surrogates as ``⟨U+XXXX⟩``.

Newline and tab are kept by :func:`inert` (post bodies have lines) and shown as ``␊`` and
``␉`` by :func:`inert_line` (a name in a table cell or a tab-separated field is one line).
Everything else, printable text in any script, emoji, markup-like ``[bold]``, passes unchanged.

Stored data is never sanitised: this runs at output only. JSON output stays exact (written with
``ensure_ascii=True``, so it holds no raw control or bidi character). Pure: no Textual import.
"""

from __future__ import annotations

import logging
import re

__all__ = ["InertLogRecords", "inert", "inert_line", "is_inert"]

# Every character that is shown visibly, whatever the mode.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)
# The same plus newline and tab, for single-line fields.
_UNSAFE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _visible(char: str) -> str:
    """The visible stand-in for one unsafe character."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"⟨U+{code:04X}⟩"


def _replace(match: re.Match[str]) -> str:
    return _visible(match.group())


def inert(text: str) -> str:
    """Return ``text`` with every control, bidi and separator character shown visibly.

    Takes any ``str`` (names, posts, error bodies) and returns it with C0 controls except
    newline and tab, DEL, C1 controls, the bidi controls and marks, U+2028/U+2029 and lone
    surrogates replaced by visible stand-ins (``␛``, ``␇``, ``⟨U+202E⟩``; see the module
    docstring). Printable text, newlines and tabs are unchanged; the result holds no character
    a terminal interprets, and ``inert(inert(t)) == inert(t)``. Never raises.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_replace, text)


def inert_line(text: str) -> str:
    """Return ``text`` made inert for a one-line field: like :func:`inert`, and newline and
    tab are shown too (``␊``, ``␉``), so a name cannot break a table row or a
    tab-separated line. Idempotent; never raises."""
    if _UNSAFE_LINE.search(text) is None:
        return text
    return _UNSAFE_LINE.sub(_replace, text)


def is_inert(text: str) -> bool:
    """Return True when ``text`` holds nothing :func:`inert` would change."""
    return _UNSAFE.search(text) is None


class InertLogRecords(logging.Filter):
    """A logging filter for handlers that print: the formatted message (which may quote an
    error body or a name) is made inert (:func:`inert`) before the handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace ``record``'s message with its inert form; always keeps the record."""
        record.msg = inert(record.getMessage())
        record.args = None
        return True
