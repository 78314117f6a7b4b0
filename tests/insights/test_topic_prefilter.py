"""Tagging skips a topic's expression when none of its required literals is in the text; the
tags must be exactly those of running every expression."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ldtui.insights.topics import (
    DEFAULT_TOPIC_RULES,
    TopicRules,
    fold_case,
    required_literals,
)

_CUSTOM = {
    **DEFAULT_TOPIC_RULES,
    "robotics": ("robots?", "ros2?", r"c\+\+", "(?-i:ROS)", r"(?x: arm \s controller)"),
    "mixed": ("[kq]ube", "x|yz", "a(b|cd)e", r"(\w+)-\1"),
}

_PIECES = st.sampled_from(
    [
        "paper", "Papers", "ARXIV", "rust", "Trust", "c++", "ROS", "ros2", "robot", "kube",
        "from scratch", "Linear Algebra", "deep learning", "mlir", "ml", "writing", " ", ".",
        "-", "\n", "ı", "İ", "ſ", "\u212a", "K", "s", "i", "e", "abe", "acde", "yz", "aa-aa",
        "arm controller", "arm\tcontroller", "Pytorch", "jax", "DEPLOY", "é", "_", "x",
    ]
)  # fmt: skip


def _every_expression(rules: TopicRules, text: str) -> list[str]:
    return sorted(
        topic
        for topic in rules.topics
        if any(p.search(text) for p in rules._compiled[topic])  # the unfiltered rule
    )


_RULES = (TopicRules(DEFAULT_TOPIC_RULES), TopicRules(_CUSTOM))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_tags_with_the_shortcut_are_the_tags_of_every_expression(text: str) -> None:
    for rules in _RULES:
        assert sorted(rules.tag(text)) == _every_expression(rules, text)


def test_required_literals_read_from_the_expression() -> None:
    assert required_literals("papers?") == {"paper"}
    assert required_literals(r"c\+\+") == {"c++"}
    assert required_literals("neurips|ICML") == {"neurips", "icml"}
    assert required_literals(r"re-?implement\w*") == {"implement"}
    assert required_literals(r"(\w+)-\1") == {"-"}
    # No literal every match must contain: the expression always runs.
    assert required_literals(r"\w+ing") == {"ing"}
    assert required_literals("x?|y") is None
    assert required_literals("[ab]") is None


def test_fold_case_keeps_what_ignorecase_matches_to_ascii() -> None:
    assert fold_case("PİP ſIX \u212aUBE") == "pip six kube"
    assert "rust" in fold_case("RUST")
