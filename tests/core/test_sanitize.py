"""The sanitiser (ldtui.sanitize): outside text shown visibly, never obeyed by the terminal.

Examples of the escape sequences seen in Slack names (retitle, clear, clipboard write), the
one-byte C1 CSI and the bidi override, then Hypothesis properties over arbitrary text.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ldtui.importers.slack_text import to_plain
from ldtui.sanitize import inert, inert_line, is_inert

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def forbidden(text: str, keep: str = "\n\t") -> list[str]:
    """Characters a terminal would interpret: C0 (but ``keep``), DEL, C1, bidi, surrogates."""
    return [
        c
        for c in text
        if (ord(c) < 0x20 and c not in keep)
        or 0x7F <= ord(c) <= 0x9F
        or c in BIDI
        or c in "\u2028\u2029"
        or 0xD800 <= ord(c) <= 0xDFFF
    ]


def test_escape_sequences_show_visibly() -> None:
    assert inert("\x1b]0;pwned\x07") == "␛]0;pwned␇"
    assert inert("\x1b[2J") == "␛[2J"
    assert inert("\x1b]52;c;aGk=\x07") == "␛]52;c;aGk=␇"
    assert inert("\x1b]0;t\x1b\\") == "␛]0;t␛\\"  # OSC ended by ST
    assert inert("\x9b31m") == "⟨U+009B⟩31m"  # C1 CSI
    assert inert("a\x7fb\x00") == "a␡b␀"


def test_bidi_controls_show_visibly() -> None:
    assert inert("abc\u202edef") == "abc⟨U+202E⟩def"
    assert inert("\u2066x\u2069\u200f") == "⟨U+2066⟩x⟨U+2069⟩⟨U+200F⟩"


def test_newline_and_tab_kept_in_bodies_shown_in_lines() -> None:
    assert inert("line 1\n\tline 2\r\n") == "line 1\n\tline 2␍\n"
    assert inert_line("Grace\nHopper\tx") == "Grace␊Hopper␉x"


def test_markup_emoji_and_scripts_unchanged() -> None:
    for text in ("[bold]markup[/]", "Grace [/]Hopper", "José 🎉 שלום مرحبا 日本", ":tada:"):
        assert inert(text) == text
        assert inert_line(text) == text
        assert is_inert(text)


@given(st.text())
def test_output_holds_no_control_character(text: str) -> None:
    assert forbidden(inert(text)) == []
    assert forbidden(inert_line(text), keep="") == []


@given(st.text())
def test_idempotent(text: str) -> None:
    once = inert(text)
    assert inert(once) == once
    line = inert_line(text)
    assert inert_line(line) == line


@given(st.text(st.characters(codec="utf-8")))
def test_printable_text_unchanged(text: str) -> None:
    printable = "".join(c for c in text if c.isprintable() or c in "\n\t")
    assert inert(printable) == printable
    one_line = "".join(c for c in printable if c not in "\n\t")
    assert inert_line(one_line) == one_line


@given(st.text())
def test_every_unsafe_character_leaves_a_visible_mark(text: str) -> None:
    # Nothing is dropped silently: each replaced character becomes at least one printable one.
    shown = inert(text)
    assert len(shown) >= len(text)
    assert len(shown) - len(text) >= 5 * sum(ord(c) >= 0x80 for c in forbidden(text))


# --------------------------------------------------------------------------- the Slack renderer

_IDS = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=0, max_size=11)
_WORDS = st.text(st.characters(codec="utf-8"), max_size=12)
_PIECES = st.one_of(
    _WORDS,
    _IDS.map(lambda i: f"<@U{i}>"),
    st.tuples(_IDS, _WORDS).map(lambda p: f"<@U{p[0]}|{p[1]}>"),
    st.tuples(_IDS, _WORDS).map(lambda p: f"<#C{p[0]}|{p[1]}>"),
    _IDS.map(lambda i: f"<#C{i}>"),
    st.tuples(_WORDS, _WORDS).map(lambda p: f"<https://{p[0]}|{p[1]}>"),
    _WORDS.map(lambda w: f"<mailto:{w}>"),
    st.sampled_from(
        [
            "&lt;",
            "&gt;",
            "&amp;",
            "&amp;lt;",
            "&quot;",
            "<!here>",
            "<!channel|x>",
            "<!subteam^S1>",
            "<!date^1392734382^{date_short}|Feb 18>",
            "<!date^1>",
            ":tada:",
            ":+1::skin-tone-2:",
            "<",
            ">",
            "<>",
            "<|>",
            "<@>",
            "<#>",
            "|",
            "\x1b]0;x\x07",
            "\u202e",
            "\x9b",
            "\x00",
        ]
    ),
)


@given(
    st.lists(_PIECES, max_size=20).map("".join),
    st.dictionaries(_IDS.map(lambda i: f"U{i}"), _WORDS, max_size=3),
    st.dictionaries(_IDS.map(lambda i: f"C{i}"), _WORDS, max_size=3),
)
def test_slack_renderer_never_raises(text: str, users: dict, channels: dict) -> None:
    plain = to_plain(text, users, channels)
    assert isinstance(plain, str)
    assert forbidden(inert(plain)) == []
