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
from datetime import date, datetime
from typing import TYPE_CHECKING

from ldtui.insights.streaks import Status
from ldtui.insights.timeline import day_closed
from ldtui.insights.topics import compile_pattern, fold_case, required_literals
from ldtui.store.schema import StoreError

if TYPE_CHECKING:
    from ldtui.records import RosterEntry
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
    found: list[Signal] = []
    skips = store.skips()
    history = _History(store)  # read once for every day asked about
    learned: list[tuple[str, str, str, list[str]]] = []
    for day in sorted(days, reverse=True):
        if day in skips:
            continue
        roster = store.roster(day, with_text=False, team=team)
        known, unknown = store.summary_work_hits(day, patterns.fingerprint)
        for entry in roster:
            if entry.plan_at and not entry.summary_at and day_closed(day, now, entry.tz):
                if entry.away is None:
                    found.append(
                        Signal("plan-no-summary", day, entry.id, entry.name, "planned, no summary")
                    )
            hits = known.get(entry.id)
            if hits is None and entry.id in unknown:
                channel_id, ts, summary = unknown[entry.id]
                hits = patterns.matches(summary)
                learned.append((channel_id, ts, summary, hits))
            if hits:
                found.append(Signal("work-items", day, entry.id, entry.name, ", ".join(hits)))
        found.extend(_missing_runs(history, day, roster, skips))
    if learned and remember:
        try:
            store.remember_work_hits(patterns.fingerprint, learned)
        except StoreError:
            pass  # not remembered (a read-only file, a busy writer): matched again next time
    return found


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


class _History:
    """What missing runs need from the store, read once per :func:`find_signals` call: the
    Learning Days on record, everyone's first one, away periods by person, and each day's
    posters (read when first needed)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.days = store.learning_days()
        self.first = store.first_days()
        self.away: dict[str, list[tuple[date, date]]] = {}
        for person_id, first, last, _ in store.away_periods():
            self.away.setdefault(person_id, []).append((first, last))
        self._posters: dict[date, set[str]] = {}

    def posters(self, day: date) -> set[str]:
        if day not in self._posters:
            self._posters[day] = self.store.posters(day)
        return self._posters[day]


def _missing_runs(
    history: _History, day: date, roster: Sequence[RosterEntry], skips: dict[date, str]
) -> list[Signal]:
    recent = [d for d in history.days if d <= day][: MISSING_RUN_SIGNAL * 3]
    if len(recent) < MISSING_RUN_SIGNAL:
        return []
    posted = {d: history.posters(d) for d in recent}
    result = []
    for entry in roster:
        if entry.deleted:
            continue
        # missing_run over the statuses of the recent Thursdays (status_of with plan = summary
        # = posted), walked newest first without building them: a skipped or away Thursday is
        # transparent, a post ends the run, Thursdays before the first post do not count.
        start = history.first.get(entry.id)
        spans = history.away.get(entry.id, ())
        run = 0
        for d in recent:
            if start is not None and d < start:
                break
            if d in skips:
                continue
            if entry.id in posted[d]:
                break
            if any(f <= d <= last for f, last in spans):
                continue
            run += 1
        if run >= MISSING_RUN_SIGNAL:
            result.append(
                Signal(
                    "missing-run",
                    day,
                    entry.id,
                    entry.name,
                    f"no post for {run} Thursdays in a row",
                )
            )
    return result
