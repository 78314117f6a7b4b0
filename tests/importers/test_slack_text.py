"""Tests for ldtui.importers.slack_text.to_plain (Slack formatting -> plain text)."""

from __future__ import annotations

import emoji
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldtui.importers.slack_text import emojize, to_plain, unescape

USERS = {"U123": "Ada Lovelace", "W999": "Grace", "UEMPTY": ""}
CHANNELS = {"C1": "general", "C2": "learning-day"}


def plain(text: str) -> str:
    return to_plain(text, USERS, CHANNELS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # user mentions: mapping first, then label, then raw id
        ("hi <@U123>", "hi @Ada Lovelace"),
        ("hi <@U123|ada>", "hi @Ada Lovelace"),
        ("<@W999> and <@U123>", "@Grace and @Ada Lovelace"),
        ("hi <@UNKNOWN|bob>", "hi @bob"),
        ("hi <@UNKNOWN>", "hi @UNKNOWN"),
        ("hi <@UEMPTY|label>", "hi @label"),
        ("hi <@UEMPTY>", "hi @UEMPTY"),
        # channels
        ("see <#C9|random>", "see #random"),
        ("see <#C2>", "see #learning-day"),
        ("see <#C404>", "see #C404"),
        # special mentions
        ("<!here> plans please", "@here plans please"),
        ("<!channel>", "@channel"),
        ("<!everyone>", "@everyone"),
        ("<!here|here>", "@here"),
        ("<!group> hi", "@group hi"),
        ("ping <!subteam^S1|@team>", "ping @team"),
        ("ping <!subteam^S1>", "ping @S1"),
        (
            "<!date^1392734382^{date_num} {time_secs}|2014-02-18 6:39:42 AM PST>",
            "2014-02-18 6:39:42 AM PST",
        ),
        ("<!date^1392734382^{date}^https://example.com|Feb 18th>", "Feb 18th"),
        # links
        ("<https://example.com|the site>", "the site (https://example.com)"),
        ("<https://example.com>", "https://example.com"),
        ("<https://example.com|https://example.com>", "https://example.com"),
        ("<mailto:ada@example.com|Ada>", "Ada (mailto:ada@example.com)"),
        ("<mailto:ada@example.com>", "mailto:ada@example.com"),
        ("<https://x.test/?a=1&amp;b=2|A &amp; B>", "A & B (https://x.test/?a=1&b=2)"),
    ],
)
def test_tokens(text: str, expected: str) -> None:
    assert plain(text) == expected


def test_escapes_are_decoded_after_tokens() -> None:
    # "&lt;@U123&gt;" is literal text someone typed, not a mention.
    assert plain("a &lt;@U123&gt; b") == "a <@U123> b"
    assert plain("x &amp; y &gt; z &lt; w") == "x & y > z < w"


def test_only_three_entities_and_single_pass() -> None:
    assert plain("&amp;lt; stays &lt;") == "&lt; stays <"
    assert plain("&quot;hi&quot; &nbsp; &#60;") == "&quot;hi&quot; &nbsp; &#60;"
    assert unescape("&amp;amp;") == "&amp;"


def test_mapped_names_are_not_unescaped() -> None:
    assert to_plain("<@U1>", {"U1": "Tom &amp; Jerry"}, {}) == "@Tom &amp; Jerry"


@pytest.mark.parametrize(
    "text",
    [
        "[bold]plan[/] for today",
        "[/]",
        "[red]x[/red] [link=https://x]y[/link]",
        "*bold* _italic_ ~strike~ `code` :not_an_emoji_code:",
        "```\ncode block\n```",
        "",
        "no tokens at all",
    ],
)
def test_other_text_untouched(text: str) -> None:
    assert plain(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plan: ship it :dart:", "plan: ship it 🎯"),
        (":+1: thanks <@U1> :tada:", "👍 thanks @Ann 🎉"),
        ("summary: :unknown_x: stays", "summary: :unknown_x: stays"),
        ("at 10:30:00 &amp; :dart:", "at 10:30:00 & 🎯"),
        # Never inside a link: the URL is kept exactly.
        ("<https://example.com/:dart:/>", "https://example.com/:dart:/"),
    ],
)
def test_emoji_codes_become_emoji(text: str, shown: str) -> None:
    assert to_plain(text, {"U1": "Ann"}, {}) == shown


def test_unknown_tokens_left_alone() -> None:
    assert plain("<!foo>") == "<!foo>"
    assert plain("<!foo|Foo>") == "Foo"
    assert plain("<>") == "<>"
    assert plain("<not a link>") == "<not a link>"


def test_multiline_and_mixed() -> None:
    text = "*Plan* <@U123>:\n• read <https://docs.test|docs> &amp; <#C1>\n• [ ] test <!here>"
    assert plain(text) == (
        "*Plan* @Ada Lovelace:\n• read docs (https://docs.test) & #general\n• [ ] test @here"
    )


_EMOJI_ALPHABET = st.sampled_from(
    [":", " ", "a", "b", "_", "-", "+", "1", "é", "::", "dart", "tada", "+1", "skin-tone-2", "\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_EMOJI_ALPHABET, max_size=30).map("".join))
def test_emoji_codes_as_the_library_replaces_them(text: str) -> None:
    # Codes are looked up once each and cached; the result is the library's, letter for letter.
    assert emojize(text) == emoji.emojize(text, language="alias")
