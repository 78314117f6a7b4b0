"""Learning topics: tag a plan or summary with what kind of learning it describes.

Plain Python, no Textual and no SQL. The topics are the Learning Day article's list of what the
day is for ("Feel free to use learning day for: Reading AI papers,
Reimplementing AI papers, Going over AI tutorials, Having your tiny side research AI projects,
Learning about fundamentals: linear algebra, statistics etc., ... ML fundamentals: information
theory, Bayesian inference etc., ... engineering ... (e.g. what is Rust?), ... management:
self-management, prioritization, how renowned research labs works (e.g. Manhattan project, Bell
labs), ... mechanical engineering ... (e.g. build a linear actuator), ... any skill that will
level you up in your work (in my case, it's better writing)") and its examples ("Implement LSTM
and transformer from scratch", "Play with code in JAX", "cluster management, compilation").

Tags are a reading aid for the facilitator (topic counts in the digest, the history and a
timeline), never a judgement: an untagged post is fine. :func:`count_topics` is the one way
topics are counted and ordered (most common first, ties by label), so every screen and the digest
list tied topics in the same order.

Keywords are regular expressions matched case-insensitively at word boundaries: a pattern ``p``
is searched as ``(?<!\\w)(?:p)(?!\\w)``, so ``rust`` matches "Rust," but not "trust", and
patterns that start or end with punctuation (``c\\+\\+``) work too. They can be changed in
``config.toml``::

    [topics]
    engineering = ["rust", "kubernetes", "zig"]   # replaces the engineering keywords
    robotics = ["robots?", "ros2?"]               # a new topic
    mechanical = []                               # removes the topic
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, cached_property
from typing import Any

try:
    _sre: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - a Python without it: every expression always runs
    _sre = None
"""The standard library's own parser of regular expressions (read by :func:`required_literals`)."""

PAPERS = "papers"
REIMPLEMENTATION = "reimplementation"
TUTORIALS = "tutorials"
SIDE_PROJECT = "side-project"
MATH_STATS = "math-stats"
ML_FUNDAMENTALS = "ml-fundamentals"
ENGINEERING = "engineering"
MANAGEMENT = "management"
MECHANICAL = "mechanical"
OTHER_SKILLS = "other-skills"

TOPIC_LABELS: dict[str, str] = {
    PAPERS: "Reading papers",
    REIMPLEMENTATION: "Reimplementing papers",
    TUTORIALS: "Tutorials and courses",
    SIDE_PROJECT: "Side research projects",
    MATH_STATS: "Maths and statistics",
    ML_FUNDAMENTALS: "ML fundamentals",
    ENGINEERING: "Engineering",
    MANAGEMENT: "Management",
    MECHANICAL: "Mechanical engineering",
    OTHER_SKILLS: "Other skills",
}
"""Human labels of the default topics, in the article's order (a topic added in config is labelled
by its id: see :func:`label`)."""

DEFAULT_TOPIC_RULES: dict[str, tuple[str, ...]] = {
    PAPERS: (
        r"papers?",
        r"arxiv",
        r"preprints?",
        r"openreview",
        r"neurips|nips|icml|iclr|cvpr|iccv|eccv|emnlp|corl|rss|aaai",
        r"paperswithcode",
        r"semantic scholar",
        r"doi\.org",
        r"literature (?:review|survey)",
        r"survey (?:of|on)",
        r"reading group",
        r"journal club",
    ),
    REIMPLEMENTATION: (
        r"re-?implement\w*",
        r"from scratch",
        r"reproduc(?:e|ed|es|ing|tion|ible)",
        r"replicat(?:e|ed|es|ing|ion)",
        r"implement(?:ed|ing)? (?:the |a |this )?paper",
        r"minimal implementation",
        r"clean[- ]room",
    ),
    TUTORIALS: (
        r"tutorials?",
        r"(?<!of )courses?",
        r"coursework",
        r"mooc",
        r"coursera|udemy|udacity|edx|khan academy",
        r"fast\.?ai",
        r"cs ?\d{3}[a-z]?",
        r"lectures?",
        r"lessons?",
        r"walk-?through",
        r"codelabs?",
        r"workshop",
        r"exercises?",
        r"zero to hero",
    ),
    SIDE_PROJECT: (
        r"side[- ](?:research )?projects?",
        r"side research",
        r"pet projects?",
        r"toy (?:projects?|problems?|models?)",
        r"hobby projects?",
        r"personal projects?",
        r"weekend projects?",
        r"mini[- ]projects?",
        r"tiny (?:research )?projects?",
        r"bite-sized (?:research|problems?)",
        r"prototyp(?:e|ed|es|ing)",
    ),
    MATH_STATS: (
        r"math(?:s|ematics|ematical)?",
        r"linear algebra",
        r"matri(?:x|ces)",
        r"eigen\w*",
        r"singular value\w*",
        r"svd",
        r"vector spaces?",
        r"statistic(?:s|al)?",
        r"probabilit(?:y|ies|istic)",
        r"random variables?",
        r"(?:co)?variance",
        r"hypothesis test(?:s|ing)?",
        r"p-values?",
        r"confidence intervals?",
        r"linear regression",
        r"markov chains?",
        r"stochastic process(?:es)?",
        r"calculus",
        r"derivatives?",
        r"integrals?",
        r"differential equations?",
        r"odes|pdes",
        r"fourier",
        r"topology",
        r"group theory",
        r"(?:real|complex|functional) analysis",
        r"measure theory",
        r"combinatorics",
        r"number theory",
        r"geometry",
        r"theorems?|lemmas?",
    ),
    ML_FUNDAMENTALS: (
        r"information theory",
        r"entropy",
        r"kl[- ]divergence",
        r"mutual information",
        r"bayes(?:ian)?",
        r"variational",
        r"causal(?:ity| inference)",
        r"optimi[sz](?:ation|ations|er|ers|e|ing)",
        r"(?:stochastic )?gradient descent",
        r"sgd",
        r"adam(?:w)? optimi[sz]er",
        r"backprop(?:agation)?",
        r"loss functions?",
        r"regulari[sz](?:ation|er)",
        r"overfitting",
        r"bias[- ]variance",
        r"convex(?:ity)?",
        r"kernel methods?",
        r"gaussian process(?:es)?",
        r"expectation[- ]maximi[sz]ation",
        r"machine learning",
        r"deep learning",
        r"ml",
        r"neural (?:net|nets|network|networks)",
        r"reinforcement learning",
        r"rl",
        r"policy gradients?",
        r"q-learning",
        r"discounted reward",
        r"maml",
        r"meta-?learning",
        r"reptile",
        r"self-attention",
        r"(?:multi-head|cross|flash|linear|sparse) attention",
        r"attention (?:mechanisms?|heads?|layers?)",
        r"transformers?",
        r"lstms?|rnns?|cnns?|gans?|vaes?",
        r"diffusion models?",
        r"energy-based models?",
        r"embeddings?",
    ),
    ENGINEERING: (
        r"(?<!mechanical )engineering",
        r"programming languages?",
        r"frameworks?",
        r"rust",
        r"kubernetes|k8s",
        r"statefulsets?",
        r"docker|containers?",
        r"cluster management",
        r"compil(?:er|ers|ation|ing)",
        r"llvm|mlir",
        r"cuda|triton",
        r"jax|pytorch|tensorflow",
        r"haskell|ocaml|golang|zig|elixir|erlang|clojure|lisp|scala|kotlin|typescript",
        r"c\+\+",
        r"webassembly|wasm",
        r"functional programming",
        r"type systems?",
        r"coding paradigms?",
        r"domain-driven design",
        r"design patterns?",
        r"distributed systems?",
        r"raft|paxos",
        r"databases?",
        r"sql|sqlite|postgres(?:ql)?",
        r"terraform",
        r"linux kernel",
        r"profil(?:er|ers|ing)",
        r"simd|sram",
        r"gpu programming",
        r"git",
        r"vim|neovim|emacs",
    ),
    MANAGEMENT: (
        r"(?<!cluster )(?<!memory )(?<!package )(?<!data )management",
        r"self-management",
        r"managers?",
        r"prioriti[sz](?:ation|e|es|ing)",
        r"time management",
        r"productivity",
        r"leadership",
        r"mentor(?:ing|ship)?",
        r"delegation",
        r"one-on-ones?",
        r"decision[- ]making",
        r"hiring",
        r"bell labs",
        r"manhattan project",
        r"xerox parc",
        r"research labs?",
        r"deep work",
        r"getting things done",
    ),
    MECHANICAL: (
        r"mechanical",
        r"mechatronics",
        r"actuators?",
        r"cad",
        r"solidworks|onshape|freecad|fusion ?360",
        r"3d[- ]print(?:ing|er|ers|ed|s)?",
        r"cnc",
        r"machining",
        r"laser[- ]cut(?:ter|ting)?",
        r"gears?|gearbox(?:es)?",
        r"motors?",
        r"servos?",
        r"stepper",
        r"bearings?",
        r"kinematics",
        r"torque",
        r"soldering",
    ),
    OTHER_SKILLS: (
        r"(?:better|clear|clearer|technical|academic|scientific|business) writing",
        r"writing (?:skills?|style|essays?|docs|documentation)",
        r"public speaking",
        r"speaking skills?",
        r"presentations?",
        r"communication",
        r"storytelling",
        r"negotiation",
        r"touch[- ]typing",
        r"sketching|drawing",
    ),
}
"""Default keyword patterns per topic id, from the article's list and examples (see the module
docstring). Each is a regular expression, matched case-insensitively at word boundaries."""


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile one keyword ``pattern`` case-insensitively, anchored at word boundaries.

    The pattern ``p`` becomes ``(?<!\\w)(?:p)(?!\\w)`` with ``re.IGNORECASE``: it matches only
    where it is not part of a longer word, also when it starts or ends with punctuation. A
    scoped flag ``(?-i:...)`` makes part of it case-sensitive. Raises ``re.error`` if ``p`` is
    not a valid regular expression, ``ValueError`` if it is empty or can match empty text.
    """
    if not pattern.strip():
        raise ValueError("empty pattern")
    compiled = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
    if compiled.fullmatch(""):
        raise ValueError(f"pattern {pattern!r} matches empty text")
    return compiled


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case ASCII strings of which every match of ``pattern`` (compiled as
    :func:`compile_pattern` does) contains at least one, read from the parsed expression: the
    longest run of plain characters, or for alternatives the union of theirs. ``None`` when no
    such string is known (then the expression must always run). A text whose
    :func:`fold_case` form contains none of them cannot match; this only skips work."""
    if _sre is None:
        return None
    try:
        parsed = _sre.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, AttributeError):
        return None
    return _required(list(parsed))


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    best: frozenset[str] | None = None

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    run: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        consider(frozenset({"".join(run)}) if run else None)
        run = []
        if op is _sre.SUBPATTERN:
            consider(_required(list(av[3])))
        elif op is _sre.BRANCH:
            alternatives = [_required(list(alternative)) for alternative in av[1]]
            if all(alternatives):
                consider(_union(alternatives))
    consider(frozenset({"".join(run)}) if run else None)
    return best


def _union(sets: list[frozenset[str] | None]) -> frozenset[str]:
    return frozenset(item for found in sets if found for item in found)


def fold_case(text: str) -> str:
    """Return ``text`` lower-cased so that the text any case-insensitive match of ASCII
    letters, digits, spaces and punctuation in ``text`` covers is, lower-cased, a substring of
    the result: ``re.IGNORECASE`` also matches dotless i and long s to i and s, and capital I
    with dot (which ``str.lower`` makes i plus a combining dot) to i. Dropping combining dots
    and replacing those two letters can only join ASCII text, never split it (the Kelvin sign
    lowers to k by itself). The one fold of the topic literals and the work-pattern gates
    (:mod:`ldtui.insights.signals`); ``str.replace`` is several times faster than a
    ``str.translate`` table here."""
    lowered = text.lower()
    if text.isascii():
        return lowered
    return lowered.replace("\u0307", "").replace("\u0131", "i").replace("\u017f", "s")


def label(topic: str) -> str:
    """Return the human label of ``topic`` (:data:`TOPIC_LABELS`), or the id itself."""
    return TOPIC_LABELS.get(topic, topic)


class TopicRules:
    """Compiled keyword rules: topic id -> patterns; :meth:`tag` tags a text with topic ids.

    Build it with :meth:`from_config` (defaults merged with the ``[topics]`` config table) or
    directly from a mapping of topic id to patterns. Raises ``ValueError`` naming the topic and
    pattern for an invalid regular expression.
    """

    def __init__(self, rules: Mapping[str, Sequence[str]]) -> None:
        """Compile ``rules`` (topic id -> regular expressions; see :func:`compile_pattern`)."""
        self._rules: dict[str, tuple[str, ...]] = {}
        self._compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
        for topic, patterns in rules.items():
            compiled = []
            for pattern in patterns:
                try:
                    compiled.append(compile_pattern(pattern))
                except (re.error, ValueError) as exc:
                    raise ValueError(
                        f"[topics] '{topic}': {pattern!r} is not a usable regular expression "
                        f"({exc})"
                    ) from exc
            self._rules[topic] = tuple(patterns)
            self._compiled[topic] = tuple(compiled)
        self._combined = self._combine()

    @cached_property
    def _literals(self) -> dict[str, re.Pattern[str] | None]:
        """Per topic, one case-sensitive search for any of its required literals in the folded
        text (``None``: the topic's expression always runs). Built on the first :meth:`tag`,
        so a program that never tags (the console's first frame) does not pay for it."""
        gates: dict[str, re.Pattern[str] | None] = {}
        for topic, patterns in self._rules.items():
            each = [required_literals(p) for p in patterns]
            gates[topic] = (
                re.compile("|".join(re.escape(lit) for lit in sorted(_union(each))))
                if all(each)
                else None
            )
        return gates

    def _combine(self) -> list[tuple[str, re.Pattern[str]]] | None:
        """One expression per topic (its patterns as alternatives inside one pair of word
        boundaries): about 4x faster than trying each pattern, which matters for a company
        Thursday (~10,000 posts). ``None`` when a pattern refers to a group by number or
        name (combining would renumber it): then each pattern is tried on its own."""
        combined = []
        for topic in sorted(self._rules):
            patterns = self._rules[topic]
            if not patterns:
                continue
            if any(re.search(r"\\\d|\(\?P=", p) for p in patterns):
                return None
            try:
                combined.append(
                    (
                        topic,
                        re.compile(
                            r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)",
                            re.IGNORECASE,
                        ),
                    )
                )
            except re.error:
                return None
        return combined

    @classmethod
    def from_config(cls, table: Mapping[str, Any] | None) -> TopicRules:
        """Return the default rules merged with the ``[topics]`` table of ``config.toml``.

        ``table`` maps a topic id to a list of regular-expression strings (``None`` or ``{}``
        gives the defaults). A known id's list replaces that topic's keywords, a new id adds a
        topic (labelled by its id), and an empty list removes the topic. Raises ``ValueError``
        naming the key when ``table`` is not a table, a key is empty, a value is not a list of
        non-empty strings, or a pattern is not a valid regular expression.
        """
        if table is None and cls is TopicRules:
            return default_topic_rules()  # compiled once per process
        merged: dict[str, tuple[str, ...]] = dict(DEFAULT_TOPIC_RULES)
        if table is None:
            return cls(merged)
        if not isinstance(table, Mapping):
            raise ValueError(f"[topics] must be a table, got {type(table).__name__}")
        for key, value in table.items():
            if not isinstance(key, str) or not key.strip():
                raise ValueError(f"[topics] {key!r}: a topic id must be a non-empty string")
            if not isinstance(value, list) or not all(
                isinstance(p, str) and p.strip() for p in value
            ):
                raise ValueError(
                    f"[topics] '{key}' must be a list of non-empty strings "
                    f"(regular expressions), got {value!r}"
                )
            if value:
                merged[key] = tuple(value)
            else:
                merged.pop(key, None)
        return cls(merged)

    @property
    def topics(self) -> list[str]:
        """The topic ids, in rule order (the defaults in the article's order, then added ones)."""
        return list(self._rules)

    def patterns(self, topic: str) -> tuple[str, ...]:
        """Return the source patterns of ``topic``; raises ``KeyError`` for an unknown id."""
        return self._rules[topic]

    def matches(self, text: str) -> dict[str, list[str]]:
        """Return, per matching topic id, the substrings of ``text`` that matched (in order).

        For explaining a tag to the facilitator ("tagged *papers* because of 'arXiv'"); topics
        without a match are left out.
        """
        found: dict[str, list[str]] = {}
        for topic, compiled in self._compiled.items():
            hits = sorted(
                ((m.start(), m.group(0)) for p in compiled for m in p.finditer(text)),
            )
            if hits:
                found[topic] = [hit for _, hit in hits]
        return found

    def tag(self, text: str) -> list[str]:
        """Return the sorted ids of the topics whose keywords occur in ``text`` ([] if none).

        A topic none of whose :func:`required_literals` occurs in the text is not searched
        (most topics of most posts): the answer is the same, found without the expression."""
        folded = fold_case(text)
        literals = self._literals

        def maybe(topic: str) -> bool:
            found = literals[topic]
            return found is None or found.search(folded) is not None

        if self._combined is not None:
            return [
                topic for topic, pattern in self._combined if maybe(topic) and pattern.search(text)
            ]
        return sorted(
            topic
            for topic, compiled in self._compiled.items()
            if maybe(topic) and any(p.search(text) for p in compiled)
        )

    def __repr__(self) -> str:
        return f"TopicRules(topics={self.topics!r})"


@cache
def default_topic_rules() -> TopicRules:
    """The default rules, compiled on the first call and kept (what
    :meth:`TopicRules.from_config` gives for ``None``). Not at import: compiling the ~200
    keyword expressions takes ~0.1–0.2 s, which a screen that imports this module for
    :func:`label` or :func:`count_topics` should not pay on the main thread."""
    return TopicRules(DEFAULT_TOPIC_RULES)


TAG_CHUNK = 40
"""Posts tagged between two yields to the event loop by :func:`count_post_topics_politely`
(about 10 ms of work)."""


def count_topics(tagged: Iterable[Iterable[str]]) -> dict[str, int]:
    """Count topics over units (people, Thursdays) and order them: the one way topics are ranked.

    ``tagged`` holds the topic ids of each unit (a person's posts of one day, one Thursday of a
    timeline); a topic counts once per unit however often it repeats there. Returns topic id ->
    units carrying it, most common first; ties by label (:func:`label`, case-folded), then by id,
    so the digest, the history and a timeline list tied topics in the same order on every run.
    """
    return rank_topics(Counter(topic for topics in tagged for topic in set(topics)))


def rank_topics(counts: Mapping[str, int]) -> dict[str, int]:
    """Return ``counts`` (topic id -> count) in the one order topics are shown in: most common
    first, ties by label (:func:`label`, case-folded), then by id."""
    return dict(
        sorted(counts.items(), key=lambda item: (-item[1], label(item[0]).casefold(), item[0]))
    )


def _tag_person(
    per_person: dict[str, set[str]],
    posts: Iterable[tuple[str, str, str]],
    tag: Callable[[str], list[str]],
    people: set[str] | None,
) -> None:
    for person_id, _, text in posts:
        if people is None or person_id in people:
            per_person.setdefault(person_id, set()).update(tag(text))


def count_post_topics(
    posts: Iterable[tuple[str, str, str]],
    tag: Callable[[str], list[str]],
    people: set[str] | None = None,
) -> dict[str, int]:
    """Topic id -> people whose posts carry it, ordered by :func:`count_topics`.

    ``posts`` are ``(person_id, kind, text)`` of one day (as :meth:`ldtui.store.Store.day_posts`
    gives them), ``tag`` tags one text (:meth:`TopicRules.tag`), ``people`` limits the count to
    those ids (``None``: everyone).
    """
    per_person: dict[str, set[str]] = {}
    _tag_person(per_person, posts, tag, people)
    return count_topics(per_person.values())


async def count_post_topics_politely(
    posts: Sequence[tuple[str, str, str]],
    tag: Callable[[str], list[str]],
    people: set[str] | None = None,
    chunk: int = TAG_CHUNK,
) -> dict[str, int]:
    """:func:`count_post_topics` on the event loop, yielding to it after every ``chunk`` posts
    so keys and repaints keep flowing (a thread would fight the UI for the GIL instead)."""
    import asyncio  # here: the CLI's imports tag topics without an event loop

    per_person: dict[str, set[str]] = {}
    for start in range(0, len(posts), chunk):
        _tag_person(per_person, posts[start : start + chunk], tag, people)
        await asyncio.sleep(0)
    return count_topics(per_person.values())
