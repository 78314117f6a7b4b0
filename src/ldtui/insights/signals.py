"""Signals a facilitator may want to look at: work-like posts and runs of missing Thursdays.

Plain Python, no Textual and no SQL. The Learning Day article ("How we sustain it") names the
failure modes a facilitator counteracts: "Learning Day could be used for work ... because people may
want to accomplish their main project faster" and "Learning Day could be used for leisure",
countered by everyone sharing their progress. These functions only *point at* things for a person to
read — a ticket id in a summary may well be a learning exercise — and never judge anyone
automatically.

* :class:`WorkPatterns` finds work vocabulary (ticket ids, pull requests, deploys, on-call,
  incidents, sprints...) in a plan or summary.
* :func:`missing_run` counts how many of a person's most recent counted Thursdays in a row had
  no post at all, for "the same person missing several Thursdays in a row".
* :func:`find_signals` reads Learning Days from the store and lists every :class:`Signal` on
  them (what the Signals screen shows).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from ldtui.insights.streaks import Status
from ldtui.insights.timeline import day_closed
from ldtui.insights.topics import compile_pattern, fold_case, required_literals
from ldtui.store.schema import StoreError

if TYPE_CHECKING:
    from ldtui.store import Store

TICKET_LOOKALIKES: tuple[str, ...] = (
    "GPT", "COVID", "UTF", "ISO", "SHA", "AES", "RSA", "RFC", "PEP", "CVE", "IEEE", "ECMA",
    "HTTP", "TLS", "SSL", "MD", "DDR", "GDDR", "LPDDR", "PCIE", "USB", "FP", "BF", "INT", "UINT",
    "VGG", "YOLO", "GLM", "LLAMA", "CIFAR", "MNIST", "WMT", "BLEU", "ROUGE", "RGB", "RGBD",
)  # fmt: skip
"""Upper-case names followed by ``-digits`` that are not tickets (GPT-4, SHA-256, UTF-8, CIFAR-10,
ISO-8601): the ticket pattern skips them, since learning posts mention them all the time."""

TICKET_PATTERN = r"(?-i:(?!(?:" + "|".join(TICKET_LOOKALIKES) + r")-\d)[A-Z]{2,}[A-Z0-9]*-\d+)"
"""A ticket id such as ``ABC-123`` or ``PLAT2-7``: two or more capital letters (then capitals or
digits), a dash and digits; case-sensitive (so "covid-19" or "Therac-25" is not one)."""

DEFAULT_WORK_PATTERNS: tuple[str, ...] = (
    TICKET_PATTERN,
    r"PRs?\s*#\d+|PR\s*\d+|PRs",
    r"pull[- ]requests?",
    r"merge[- ]requests?",
    r"code[- ]reviews?",
    r"deploy(?:s|ed|ing|ment|ments)?",
    r"on-?call",
    r"paged|pager(?:duty)?",
    r"incidents?",
    r"outages?",
    r"post-?mortems?",
    r"hot-?fix(?:es|ed|ing)?",
    r"bug-?fix(?:es|ed|ing)?",
    r"fix(?:ed|ing)? (?:a |the |some |that |this )?bugs?",
    r"sprints?",
    r"stand-?ups?",
    r"retrospectives?",
    r"backlog",
    r"jira",
    r"tickets?",
    r"deadlines?",
    r"release (?:notes|branch|candidate)",
    r"main project",
    r"catch(?:ing)? up on (?:work|e-?mails?|slack|tickets|reviews)",
)
"""Default work vocabulary (regular expressions, case-insensitive, at word boundaries; see
:func:`ldtui.insights.topics.compile_pattern`). Replaced as a whole by ``work_patterns = [...]`` in
``config.toml``; an empty list turns the signal off."""

DEFAULT_WORK_GATES: dict[str, str] = dict(
    zip(
        DEFAULT_WORK_PATTERNS,
        (
            r"-\d", r"pr[s#\d\s]", r"pull[- ]request", r"merge[- ]request", r"code[- ]review",
            "deploy", r"on-?call", r"page[dr]", "incident", "outage", "mortem", r"hot-?fix",
            r"bug-?fix", "bug", "sprint", r"stand-?up", "retrospective", "backlog", "jira",
            "ticket", "deadline", r"release (?:notes|branch|candidate)", "main project",
            r"catch(?:ing)? up on ",
        ),
        strict=True,
    )
)  # fmt: skip
"""A quick gate for each default pattern: a case-sensitive expression over the folded text
(:func:`ldtui.insights.topics.fold_case`) with a literal start, which the folded form of every
match of the pattern contains (declared by hand next to the patterns, checked by a test). A
text the gate does not find cannot match, so the slower case-insensitive, word-bounded pattern
is not run on it.
Patterns from ``config.toml`` have no gate and always run."""


def _gate(gate: str) -> tuple[tuple[str, ...], Callable[[str], object] | None]:
    """The quick test of ``gate`` over a folded text: literals one of which it must contain
    (``in``, far cheaper than a search), and the gate's search when the literals alone do not
    decide (``None``: the gate is that one literal)."""
    literals = required_literals(gate) or frozenset({""})
    if len(literals) == 1 and re.escape(next(iter(literals))) == gate:
        return tuple(literals), None
    return tuple(sorted(literals)), re.compile(gate).search


_GATES = {pattern: _gate(gate) for pattern, gate in DEFAULT_WORK_GATES.items()}

MATCHING_RULES = 1
"""Changed whenever :meth:`WorkPatterns.matches` would give other items for the same patterns
(it is part of :attr:`WorkPatterns.fingerprint`, so stored items are found again)."""

MISSING_RUN_SIGNAL = 3
"""A suggested threshold: :func:`missing_run` at or above this is worth a friendly word (the
Learning Day article gives no number; the facilitator decides)."""


class WorkPatterns:
    """Compiled work vocabulary; :meth:`matches` lists what in a text looks like regular work.

    Build it with :meth:`from_config` or from a sequence of regular expressions (each compiled
    by :func:`ldtui.insights.topics.compile_pattern`). Raises ``ValueError`` naming the pattern
    when one is not a valid regular expression.
    """

    def __init__(self, patterns: Sequence[str] = DEFAULT_WORK_PATTERNS) -> None:
        """Compile ``patterns`` (regular expressions, case-insensitive, word-bounded)."""
        compiled = []
        for pattern in patterns:
            try:
                compiled.append(compile_pattern(pattern))
            except (re.error, ValueError) as exc:
                raise ValueError(
                    f"'work_patterns': {pattern!r} is not a usable regular expression ({exc})"
                ) from exc
        self.patterns: tuple[str, ...] = tuple(patterns)
        """The source patterns, as given."""
        self.fingerprint: str = hashlib.sha256(
            json.dumps([MATCHING_RULES, self.patterns]).encode()
        ).hexdigest()[:32]
        """Names these patterns and the matching rules, for work items stored by post
        (:meth:`ldtui.store.Store.remember_work_hits`)."""
        self._compiled = tuple(compiled)
        self._gated = tuple(
            (*_GATES.get(pattern, ((), None)), regex)
            for pattern, regex in zip(self.patterns, compiled, strict=True)
        )

    @classmethod
    def from_config(cls, value: object) -> WorkPatterns:
        """Return the patterns of ``work_patterns`` in ``config.toml``, or the defaults.

        ``value`` is the config value: ``None`` (key absent) gives :data:`DEFAULT_WORK_PATTERNS`;
        a list of non-empty strings replaces them (``[]`` turns the signal off). Raises
        ``ValueError`` naming ``'work_patterns'`` for anything else or an invalid regex.
        """
        if value is None:
            return cls(DEFAULT_WORK_PATTERNS)
        if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
            raise ValueError(
                f"'work_patterns' must be a list of non-empty strings (regular expressions), "
                f"got {value!r}"
            )
        return cls(value)

    def matches(self, text: str) -> list[str]:
        """Return the substrings of ``text`` that look like work, in order of position.

        Overlapping matches keep the one that starts first (the longer one on a tie); repeats
        are dropped case-insensitively, keeping the first spelling ("Deploy", "deploy" ->
        ``["Deploy"]``). ``[]`` means nothing work-like was found.
        """
        folded = fold_case(text)
        spans: list[tuple[int, int, str]] = []
        for literals, gate, regex in self._gated:
            if literals:  # a default pattern: skipped unless its gate is in the folded text
                for literal in literals:
                    if literal in folded:
                        break
                else:
                    continue
                if gate is not None and not gate(folded):
                    continue
            spans.extend((m.start(), -m.end(), m.group(0)) for m in regex.finditer(text))
        spans.sort()
        found: list[str] = []
        seen: set[str] = set()
        end = -1
        for start, neg_end, hit in spans:
            if start < end:
                continue
            end = -neg_end
            key = hit.casefold()
            if key not in seen:
                seen.add(key)
                found.append(hit)
        return found

    def __repr__(self) -> str:
        return f"WorkPatterns({len(self.patterns)} patterns)"


@dataclass(frozen=True)
class Week:
    """One person's status on one Thursday."""

    day: date
    """The Thursday (a local calendar date, as in :mod:`ldtui.learning_day`)."""
    status: Status
    """What the person did that day (see :func:`ldtui.insights.streaks.status_of`)."""


def missing_run(weeks: Sequence[Week]) -> int:
    """Return how many of the most recent *counted* Thursdays in a row are :attr:`Status.MISSING`.

    ``weeks`` is one person's history in any order (sorted by ``day`` here). Away and skipped
    Thursdays are transparent: they neither end nor extend the run (the Learning Day article: a
    facilitator looks at "the same person missing several Thursdays in a row"; being away is not
    missing). Any post (plan only, summary only, both) ends the run. Returns 0 for an empty history
    or when the newest counted Thursday is not MISSING. Raises ``ValueError`` if a day appears
    twice.
    """
    ordered = sorted(weeks, key=lambda w: w.day)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.day == later.day:
            raise ValueError(f"two statuses for {later.day.isoformat()}")
    run = 0
    for week in reversed(ordered):
        if not week.status.counted:
            continue
        if week.status is not Status.MISSING:
            break
        run += 1
    return run


@dataclass(frozen=True)
class Signal:
    """Something for the facilitator to look at (never an automatic judgement)."""

    kind: str
    """``plan-no-summary`` (the article's "day off" risk), ``missing-run`` (several Thursdays in
    a row without a post) or ``work-items`` (a summary that mentions work: the "work day" risk)."""
    day: date
    person_id: str
    name: str
    detail: str
    """Human-readable: what was found (the matched work items, how many Thursdays...)."""


SIGNAL_LABELS = {
    "plan-no-summary": "Plan without summary",
    "missing-run": "Missing several Thursdays in a row",
    "work-items": "Summary mentions work items",
}
"""Heading of each :attr:`Signal.kind`, as the Signals screen shows it."""


def find_signals(
    store: Store,
    days: list[date],
    *,
    now: datetime,
    patterns: WorkPatterns,
    team: str | None = None,
    remember: bool = True,
) -> list[Signal]:
    """Collect the signals of Learning Days ``days`` (any order), newest day first.

    Plan without summary counts only once the day is over for the person (Friday noon their
    time, :func:`ldtui.insights.timeline.day_closed`); missing runs are computed over the
    recorded Thursdays up to each day, away and skipped ones transparent (:func:`missing_run`),
    and reported from :data:`MISSING_RUN_SIGNAL` Thursdays on. Skipped days give no signal;
    ``team`` limits the roster to one team.

    Work items are matched in the summaries whose items ``store`` does not remember for
    these patterns (:meth:`~ldtui.store.Store.summary_work_hits`); with ``remember`` they are
    then stored (:meth:`~ldtui.store.Store.remember_work_hits`; a store that cannot be written
    is left as it is), so the next call reads them instead of matching text.
    """
    skips = store.skips()
    asked = sorted((d for d in days if d not in skips), reverse=True)
    on_record = store.learning_days()
    # The Thursdays each asked day's missing runs look back on, newest first (itself too).
    recent = {day: [d for d in on_record if d <= day][: MISSING_RUN_SIGNAL * 3] for day in asked}
    marks = store.day_marks(asked, patterns.fingerprint)
    older = {d for days_back in recent.values() for d in days_back} - marks.keys()
    marks.update(store.day_marks(older))
    members, people = store.roster_people()
    first = store.first_days()
    away: dict[str, list[tuple[date, date]]] = {}
    for person_id, first_day, last_day, _ in store.away_periods():
        away.setdefault(person_id, []).append((first_day, last_day))
    found: list[Signal] = []
    learned: list[tuple[str, str, str, list[str]]] = []
    for day in asked:
        posted = marks[day]
        closed: dict[tzinfo, bool] = {}  # day_closed by zone: a company has few zones
        unknown: dict[str, tuple[str, str, str]] | None = None  # summaries to match, if any
        runs: list[Signal] = []
        back = recent[day]
        if len(back) < MISSING_RUN_SIGNAL:
            back = []
        back_posted = [(d, marks[d], d in skips) for d in back]
        # The day's roster (Store.roster: members and posters, by name), without its texts.
        for person_id, name, _, tz, deleted, person_team in people:
            mark = posted.get(person_id)
            if mark is None and person_id not in members:
                continue
            if team is not None and person_team != team:
                continue
            spans = away.get(person_id, ())
            if mark is not None:
                has_plan, has_summary, items = mark
                if has_plan and not has_summary:
                    is_closed = closed.get(tz)
                    if is_closed is None:
                        is_closed = closed[tz] = day_closed(day, now, tz)
                    if is_closed and not any(f <= day <= last for f, last in spans):
                        found.append(
                            Signal("plan-no-summary", day, person_id, name, "planned, no summary")
                        )
                if items is None:  # a summary with no items remembered: match its text
                    if unknown is None:
                        unknown = store.summary_work_hits(day, patterns.fingerprint)[1]
                    hits: list[str] | None = None
                    if person_id in unknown:
                        channel_id, ts, summary = unknown[person_id]
                        hits = patterns.matches(summary)
                        learned.append((channel_id, ts, summary, hits))
                else:
                    hits = json.loads(items) if items != "[]" else None
                if hits:
                    found.append(Signal("work-items", day, person_id, name, ", ".join(hits)))
            if deleted or not back_posted:
                continue
            run = _missing_run(person_id, first.get(person_id), spans, back_posted)
            if run >= MISSING_RUN_SIGNAL:
                runs.append(
                    Signal(
                        "missing-run",
                        day,
                        person_id,
                        name,
                        f"no post for {run} Thursdays in a row",
                    )
                )
        found.extend(runs)
    if learned and remember:
        try:
            store.remember_work_hits(patterns.fingerprint, learned)
        except StoreError:
            pass  # not remembered (a read-only file, a busy writer): matched again next time
    return found


def _missing_run(
    person_id: str,
    start: date | None,
    spans: Sequence[tuple[date, date]],
    back: list[tuple[date, dict[str, tuple[bool, bool, str | None]], bool]],
) -> int:
    """:func:`missing_run` over the statuses of the Thursdays ``back`` (newest first: day, its
    posters, skipped), as :func:`ldtui.insights.streaks.status_of` gives them with plan =
    summary = posted, walked without building them: a skipped or away Thursday is
    transparent, a post ends the run, Thursdays before ``start`` (the first post) do not
    count."""
    run = 0
    for d, posters, skipped in back:
        if start is not None and d < start:
            break
        if skipped:
            continue
        if person_id in posters:
            break
        if any(f <= d <= last for f, last in spans):
            continue
        run += 1
    return run


RECENT_REMEMBERED = 12
"""Learning Days whose summaries' work items are remembered after an import or sync: the
signals of the last 12 Thursdays then read them instead of matching text."""


def remember_work_items(
    store: Store, patterns: WorkPatterns, *, days: int = RECENT_REMEMBERED
) -> int:
    """Match ``patterns`` in the summaries of the newest ``days`` Learning Days that have no
    work items remembered for them yet, and remember the items (the same rows
    :func:`find_signals` remembers), so the signals screen opened after an import or a sync
    reads them instead of matching thousands of texts. Returns how many summaries were
    matched (``0``: everything was remembered already, or the file cannot be written: a
    read-only file or a busy writer is left as it is, as :func:`find_signals` leaves it)."""
    learned: list[tuple[str, str, str, list[str]]] = []
    for day in store.learning_days()[:days]:
        _, unknown = store.summary_work_hits(day, patterns.fingerprint)
        learned.extend(
            (channel_id, ts, text, patterns.matches(text))
            for channel_id, ts, text in unknown.values()
        )
    if not learned:
        return 0
    try:
        store.remember_work_hits(patterns.fingerprint, learned)
    except StoreError:
        return 0
    return len(learned)
