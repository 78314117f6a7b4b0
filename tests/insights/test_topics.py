"""Topic tags (insights.topics): the seed's examples, word boundaries, and the [topics] config."""

from __future__ import annotations

import re

import pytest

from ldtui.insights.topics import (
    DEFAULT_TOPIC_RULES,
    TOPIC_LABELS,
    TopicRules,
    compile_pattern,
    default_topic_rules,
    label,
)

RULES = default_topic_rules()

SEED_IDS = [
    "papers",
    "reimplementation",
    "tutorials",
    "side-project",
    "math-stats",
    "ml-fundamentals",
    "engineering",
    "management",
    "mechanical",
    "other-skills",
]


def test_the_default_topics_are_the_seeds_list_in_order():
    assert list(DEFAULT_TOPIC_RULES) == SEED_IDS
    assert list(TOPIC_LABELS) == SEED_IDS
    assert RULES.topics == SEED_IDS
    assert all(DEFAULT_TOPIC_RULES[t] for t in SEED_IDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The seed's own examples of a Learning Day.
        (
            "Implement LSTM and transformer from scratch; train them on Penn treebank",
            ["ml-fundamentals", "reimplementation"],
        ),
        ("Play with code in JAX", ["engineering"]),
        ("Reptile and MAML", ["ml-fundamentals"]),
        ("Follow deep learning tutorials", ["ml-fundamentals", "tutorials"]),
        ("Reimplement papers", ["papers", "reimplementation"]),
        ("Learning about fundamentals: linear algebra, statistics etc.", ["math-stats"]),
        ("information theory, Bayesian inference", ["ml-fundamentals"]),
        ("Read about new programming languages (e.g. what is Rust?)", ["engineering"]),
        (
            "self-management, prioritization, how Bell Labs and the Manhattan project worked",
            ["management"],
        ),
        ("build a linear actuator", ["mechanical"]),
        ("Working on better writing", ["other-skills"]),
        ("my tiny side research project on bite-sized problems", ["side-project"]),
        ("Play with new tools in cluster management, compilation", ["engineering"]),
        # Links and other everyday phrasings.
        ("Reading https://arxiv.org/abs/1706.03762 today", ["papers"]),
        ("reproduce the results of the ResNet paper", ["papers", "reimplementation"]),
        ("fast.ai lesson 3 and CS231n lecture 5", ["tutorials"]),
        ("3D printing a gearbox designed in CAD", ["mechanical"]),
        ("C++ templates and k8s StatefulSets", ["engineering"]),
        ("eigenvalues of a covariance matrix", ["math-stats"]),
        ("mechanical engineering basics", ["mechanical"]),
        # Untagged is fine.
        ("", []),
        ("Nothing in particular", []),
    ],
)
def test_tag(text, expected):
    assert RULES.tag(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I trust the process",  # rust inside a word
        "of course, of course",  # not a course
        "the catalyst",  # cad/ml/rl nowhere as words
        "generally speaking, a papery texture",
        "HTML and XML",  # ml only as a word
    ],
)
def test_keywords_match_whole_words_only(text):
    assert RULES.tag(text) == []


def test_case_insensitive():
    assert RULES.tag("RUST") == RULES.tag("rust") == ["engineering"]
    assert RULES.tag("ArXiv") == ["papers"]


def test_matches_explains_a_tag_in_text_order():
    assert RULES.matches("MAML paper, then Rust; another paper") == {
        "papers": ["paper", "paper"],
        "ml-fundamentals": ["MAML"],
        "engineering": ["Rust"],
    }
    assert RULES.matches("nothing") == {}


def test_compile_pattern_handles_punctuation_at_the_edges():
    pattern = compile_pattern(r"c\+\+")
    assert pattern.search("learning C++ today")
    assert pattern.search("(c++)")
    assert not pattern.search("c++x")
    with pytest.raises(re.error):
        compile_pattern("[z-a]")
    with pytest.raises(ValueError, match="empty"):
        compile_pattern("  ")
    with pytest.raises(ValueError, match="matches empty text"):
        compile_pattern("x?")


def test_from_config_none_and_empty_give_the_defaults():
    for table in (None, {}):
        rules = TopicRules.from_config(table)
        assert rules.topics == SEED_IDS
        assert rules.patterns("papers") == DEFAULT_TOPIC_RULES["papers"]


def test_from_config_replaces_adds_and_removes():
    rules = TopicRules.from_config(
        {
            "engineering": ["zig"],
            "robotics": ["robots?", r"ros ?2"],
            "mechanical": [],
            "not-a-topic": [],
        }
    )
    assert rules.topics == [t for t in SEED_IDS if t != "mechanical"] + ["robotics"]
    assert rules.tag("Zig and Rust") == ["engineering"]  # rust no longer listed
    assert rules.tag("ROS2 robots with an actuator") == ["robotics"]
    assert rules.patterns("engineering") == ("zig",)
    assert label("robotics") == "robotics"
    assert label("papers") == "Reading papers"
    # The defaults are untouched.
    assert "rust" in DEFAULT_TOPIC_RULES["engineering"]
    assert RULES.tag("Rust") == ["engineering"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"papers": "arxiv"}, r"\[topics\] 'papers' must be a list of non-empty strings"),
        ({"papers": ["arxiv", 3]}, r"'papers' must be a list of non-empty strings"),
        ({"papers": [""]}, r"'papers' must be a list of non-empty strings"),
        ({"robotics": ["ros("]}, r"\[topics\] 'robotics': 'ros\(' is not a usable regular"),
        ({"robotics": ["[z-a]"]}, r"'robotics': '\[z-a\]' is not a usable regular"),
        ({"robotics": ["a*"]}, r"'robotics': 'a\*' is not a usable regular"),
        ({"": ["x"]}, r"topic id must be a non-empty string"),
        (["papers"], r"\[topics\] must be a table"),
    ],
)
def test_from_config_rejects_bad_input_naming_the_key(table, message):
    with pytest.raises(ValueError, match=message):
        TopicRules.from_config(table)


def test_every_default_pattern_compiles_and_matches_something_sensible():
    for topic, patterns in DEFAULT_TOPIC_RULES.items():
        for pattern in patterns:
            compiled = compile_pattern(pattern)
            assert not compiled.search(""), (topic, pattern)
