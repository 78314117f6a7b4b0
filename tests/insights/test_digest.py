"""The Learning Day digest (insights.digest): exact lines in both formats, literal user text in
Markdown (checked with a CommonMark parser), shortening, and message splitting."""

from __future__ import annotations

import random
from datetime import date

import pytest
from markdown_it import MarkdownIt

from ldtui.insights.digest import (
    Digest,
    DigestPerson,
    escape_md,
    percent,
    render,
    shorten,
    split_message,
)

DAY = date(2026, 11, 26)


def small_digest(**changes) -> Digest:
    values = dict(
        day=DAY,
        roster=39,
        plans=30,
        summaries=26,
        both=24,
        people=[
            DigestPerson("Bob", None, "Rust", "Read the Rust book, chapters 1-3.", ["engineering"]),
            DigestPerson(
                "Ada", None, "papers", "Read the Attention paper.", ["papers", "ml-fundamentals"]
            ),
            DigestPerson("Cy", None, "Linear algebra", None, ["math-stats"]),
            DigestPerson("Dee", None, None, None, []),  # no post: never named
        ],
        topic_counts={"papers": 5, "engineering": 3, "math-stats": 3, "mechanical": 0},
        skipped_reason=None,
    )
    values.update(changes)
    return Digest(**values)


def test_render_markdown_exact():
    assert render(small_digest(), "md").splitlines() == [
        "# Learning Day digest: Thursday 2026-11-26",
        "",
        "24 of 39 posted a plan and a summary (62%). Plans: 30. Summaries: 26.",
        "",
        "Topics: Reading papers 5 · Engineering 3 · Maths and statistics 3",
        "",
        "- **Ada** (Reading papers, ML fundamentals): Read the Attention paper.",
        "- **Bob** (Engineering): Read the Rust book, chapters 1-3.",
        "",
        "Planned but no summary yet: Cy",
    ]


def test_render_text_exact():
    text = render(small_digest(), "text")
    assert text.endswith("\n")
    assert text.splitlines() == [
        "Learning Day digest: Thursday 2026-11-26",
        "",
        "24 of 39 posted a plan and a summary (62%). Plans: 30. Summaries: 26.",
        "Topics: Reading papers 5 · Engineering 3 · Maths and statistics 3",
        "",
        "- Ada (Reading papers, ML fundamentals): Read the Attention paper.",
        "- Bob (Engineering): Read the Rust book, chapters 1-3.",
        "Planned but no summary yet: Cy",
    ]
    assert "Dee" not in text


def test_grouped_by_team_when_teams_exist():
    people = [
        DigestPerson("Zoe", "Robotics", "p", "Built a linear actuator.", []),
        DigestPerson("Ann", "Infra", "p", "Tried Kubernetes.", []),
        DigestPerson("Max", None, "p", "Reptile and MAML.", []),
        DigestPerson("Ian", "Infra", "p", None, []),
        DigestPerson("Eve", "Robotics", None, None, []),
    ]
    digest = small_digest(people=people, topic_counts={})
    assert render(digest, "text").splitlines()[3:] == [
        "",
        "Infra",
        "- Ann: Tried Kubernetes.",
        "Planned but no summary yet: Ian",
        "",
        "Robotics",
        "- Zoe: Built a linear actuator.",
        "",
        "No team",
        "- Max: Reptile and MAML.",
    ]
    md = render(digest, "md")
    assert "## Infra\n\n- **Ann**: Tried Kubernetes.\n\nPlanned but no summary yet: Ian\n" in md
    assert md.index("## Robotics") < md.index("## No team")


def test_summaries_are_shortened_on_a_word_boundary():
    long = "word " * 100
    digest = small_digest(people=[DigestPerson("Ada", None, "p", long, [])], topic_counts={})
    line = render(digest, "text", width=22).splitlines()[-1]
    assert line == "- Ada: word word word word…"
    assert len(line.removeprefix("- Ada: ")) <= 22


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("short", 10, "short"),
        ("exactly ten", 11, "exactly ten"),
        ("one two three four", 10, "one two…"),
        ("one two, three four", 10, "one two…"),  # trailing comma dropped
        ("one two three", 8, "one two…"),  # the word fits exactly before the cut
        ("https://example.com/a/very/long/path", 12, "https://exa…"),  # no space: mid-word
        ("a https://example.com/a/very/long/path", 12, "a https://e…"),  # space too early
        ("multi\n\nline   text", 40, "multi line text"),
        ("abc", 1, "…"),
    ],
)
def test_shorten(text, width, expected):
    result = shorten(text, width)
    assert result == expected
    assert len(result) <= width


def test_percent_rounds_half_up_and_handles_an_empty_roster():
    assert percent(24, 39) == 62
    assert percent(1, 8) == 13  # 12.5 -> 13
    assert percent(0, 5) == 0
    assert percent(5, 5) == 100
    assert percent(0, 0) is None
    digest = small_digest(roster=0, plans=0, summaries=0, both=0, people=[], topic_counts={})
    assert render(digest, "text").splitlines()[2:] == [
        "0 of 0 posted a plan and a summary. Plans: 0. Summaries: 0.",
        "",
        "No posts yet.",
    ]


def test_skipped_thursday():
    digest = small_digest(people=[], topic_counts={}, skipped_reason="Thanksgiving *holiday*")
    assert render(digest, "md").splitlines() == [
        "# Learning Day digest: Thursday 2026-11-26",
        "",
        r"No Learning Day this Thursday: Thanksgiving \*holiday\*.",
    ]
    assert render(digest, "text").splitlines()[2] == (
        "No Learning Day this Thursday: Thanksgiving *holiday*."
    )


HOSTILE_NAME = "Grace [/]Hopper *Admiral* _x_ <@U123> & `code`"
HOSTILE_TEAM = "R&D #1 ~~team~~ ||spoiler||"
HOSTILE_SUMMARY = (
    "Learned **bold** and [a link](http://evil.example) and <b>html</b> &amp; "
    "~~strike~~ with a\\backslash, `ticks`, # not a heading\n- not a list\n> not a quote"
)


def inline_texts(markdown: str) -> list[tuple[list[str], str]]:
    """Parse ``markdown`` as CommonMark + strikethrough; per inline run, the formatting token
    types used and the literal text a reader sees."""
    parser = MarkdownIt("commonmark").enable("strikethrough")
    runs = []
    for token in parser.parse(markdown):
        if token.type == "inline":
            children = token.children or []
            kinds = [c.type for c in children if c.type not in ("text", "softbreak")]
            runs.append((kinds, "".join(c.content for c in children)))
    return runs


def test_markup_in_names_teams_and_summaries_stays_literal_in_markdown():
    digest = small_digest(
        people=[
            DigestPerson(HOSTILE_NAME, HOSTILE_TEAM, "p", HOSTILE_SUMMARY, ["papers"]),
            DigestPerson("*Planner*_", HOSTILE_TEAM, "p", None, []),
        ],
        topic_counts={"robots_&_<b>": 1},
    )
    md = render(digest, "md", width=1000)
    runs = inline_texts(md)
    flat_summary = " ".join(HOSTILE_SUMMARY.split())
    # The team heading, the person's line (only our own bold), the planned line, topics.
    assert ([], HOSTILE_TEAM) in runs
    assert (
        ["strong_open", "strong_close"],
        f"{HOSTILE_NAME} (Reading papers): {flat_summary}",
    ) in runs
    assert ([], "Planned but no summary yet: *Planner*_") in runs
    assert ([], "Topics: robots_&_<b> 1") in runs
    # No link, HTML, emphasis, code or strike came from user text.
    for kinds, _ in runs:
        assert set(kinds) <= {"strong_open", "strong_close"}
    # Block structure: one heading per title/team, one list item, no quote.
    parser = MarkdownIt("commonmark")
    types = [t.type for t in parser.parse(md)]
    assert types.count("heading_open") == 2
    assert types.count("list_item_open") == 1
    assert "blockquote_open" not in types


def test_plain_text_keeps_user_text_as_is_on_one_line():
    digest = small_digest(
        people=[DigestPerson(HOSTILE_NAME, None, "p", HOSTILE_SUMMARY, [])], topic_counts={}
    )
    lines = render(digest, "text", width=1000).splitlines()
    assert lines[-1] == f"- {HOSTILE_NAME}: {' '.join(HOSTILE_SUMMARY.split())}"


def test_escape_md():
    assert escape_md(r"a*b_c`d[e]f<g>h&i~j|k#l\m") == r"a\*b\_c\`d\[e\]f\<g\>h\&i\~j\|k\#l\\m"
    assert escape_md("plain text, (with) dots.") == "plain text, (with) dots."


def test_render_rejects_bad_arguments():
    with pytest.raises(ValueError, match="unknown digest format 'html'"):
        render(small_digest(), "html")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="width must be 1 or more"):
        render(small_digest(), "md", width=0)


# -- split_message ----------------------------------------------------------------------------


def test_split_keeps_whole_lines_when_they_fit():
    text = "aaa\nbbb\nccc\n"
    assert split_message(text, 8) == ["aaa\nbbb\n", "ccc\n"]
    assert split_message(text, 100) == [text]
    assert split_message("", 10) == []


def test_split_hard_splits_a_long_line_at_a_word_boundary():
    text = "intro\n" + "alpha beta gamma delta" + "\nend"
    chunks = split_message(text, 12)
    assert chunks == ["intro\n", "alpha beta ", "gamma delta\n", "end"]
    assert "".join(chunks) == text


def test_split_cuts_a_word_longer_than_the_limit():
    chunks = split_message("x" * 25, 10)
    assert chunks == ["x" * 10, "x" * 10, "x" * 5]


@pytest.mark.parametrize("limit", [0, -5])
def test_split_rejects_a_non_positive_limit(limit):
    with pytest.raises(ValueError, match="limit must be 1 or more"):
        split_message("abc", limit)


@pytest.mark.parametrize("seed", range(40))
def test_split_respects_the_limit_and_loses_nothing(seed):
    rng = random.Random(seed)
    words = ["a", "learning", "day", "…", "🚀", "x" * 30, "\n", "\n\n", "  ", "\r\n", "\t"]
    text = "".join(rng.choice(words) + rng.choice(["", " "]) for _ in range(rng.randint(0, 400)))
    limit = rng.choice([1, 2, 7, 20, 50, 2000])
    chunks = split_message(text, limit)
    assert "".join(chunks) == text
    assert all(0 < len(chunk) <= limit for chunk in chunks)


def test_split_a_real_digest_for_discord():
    people = [
        DigestPerson(f"Person {i}", f"Team {i % 3}", "p", "Read papers and wrote notes. " * 12, [])
        for i in range(60)
    ]
    text = render(small_digest(people=people), "md")
    assert len(text) > 2000
    chunks = split_message(text, 2000)
    assert len(chunks) > 1
    assert "".join(chunks) == text
    assert all(len(c) <= 2000 for c in chunks)
    # Line boundaries: every chunk but the last ends with a newline.
    assert all(c.endswith("\n") for c in chunks[:-1])
