"""A person's Learning Day record over many Thursdays: status per Thursday, streaks, participation.

Plain Python, no Textual and no SQL. The Learning Day article asks everyone to
"write what you are planning to learn, and please write summaries" each Thursday; a Thursday on
which a person posted both is the unit counted here. Streaks and rates are encouragement for the
facilitator to read, never an automatic judgement of anyone.

Rules:

* Only *counted* Thursdays matter. A Thursday the team skipped (a company holiday, an off-site:
  :attr:`Status.SKIPPED`) and a Thursday the person was away (:attr:`Status.AWAY`) are
  transparent: they neither break nor extend a streak and are left out of participation rates.
* :func:`participation_window` gives the participation rate over a person's most recent counted
  Thursdays (a :class:`ParticipationWindow`).
* :func:`status_of` decides a person's status for one Thursday; a skipped Thursday wins over
  everything (the day is not counted for anyone, so every person's denominator stays the same),
  and a person who posted a plan and a summary while away counts as :attr:`Status.BOTH`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """What one person did on one Thursday; the value is the id used in JSON and CSV."""

    BOTH = "both"
    """Posted a plan and a summary (what the Learning Day article asks)."""
    PLAN_ONLY = "plan-only"
    """Posted a plan but no summary."""
    SUMMARY_ONLY = "summary-only"
    """Posted a summary but no plan."""
    MISSING = "missing"
    """Posted neither, on a counted Thursday."""
    AWAY = "away"
    """Away (leave, travel, sick) and did not post both: not counted."""
    SKIPPED = "skipped"
    """The team had no Learning Day that Thursday (holiday, off-site): not counted."""

    @property
    def counted(self) -> bool:
        """``True`` unless the Thursday is :attr:`AWAY` or :attr:`SKIPPED` (transparent days)."""
        return self not in (Status.AWAY, Status.SKIPPED)


def status_of(has_plan: bool, has_summary: bool, away: bool, skipped: bool) -> Status:
    """Return a person's :class:`Status` for one Thursday.

    ``has_plan`` / ``has_summary``: the person has a plan / summary for that Thursday (see
    :func:`ldtui.learning_day.plan_and_summary`); ``away``: the person was marked away that day;
    ``skipped``: the team had no Learning Day that Thursday.

    Precedence (decided here, not in the Learning Day article):

    1. ``skipped`` wins over everything, posts included: the day is not counted for anyone, so
       participation rates of a team share one denominator.
    2. ``away`` with both a plan and a summary is :attr:`Status.BOTH`: they did take part, and it
       extends their streak.
    3. ``away`` with only one post, or none, is :attr:`Status.AWAY`: posting while away can only
       help, never hurt (a lone plan while away must not break a streak or lower a rate that
       staying silent would have left alone).
    4. Otherwise the posts decide: both, plan only, summary only, or missing.
    """
    if skipped:
        return Status.SKIPPED
    if has_plan and has_summary:
        return Status.BOTH
    if away:
        return Status.AWAY
    if has_plan:
        return Status.PLAN_ONLY
    if has_summary:
        return Status.SUMMARY_ONLY
    return Status.MISSING


def streaks(statuses: Sequence[Status]) -> tuple[int, int]:
    """Return ``(current, longest)`` streaks of Thursdays with both a plan and a summary.

    ``statuses`` is one person's status per Thursday, oldest first. A streak is a run of
    consecutive *counted* Thursdays (see :attr:`Status.counted`) with :attr:`Status.BOTH`;
    :attr:`Status.AWAY` and :attr:`Status.SKIPPED` neither break nor extend it. ``current`` is the
    run ending at the newest counted Thursday (0 if that Thursday is not BOTH or nothing is
    counted); ``longest`` is the longest run anywhere (``longest >= current``). Both are counts of
    Thursdays. Empty input gives ``(0, 0)``.
    """
    run = longest = 0
    for status in statuses:
        if not status.counted:
            continue
        run = run + 1 if status is Status.BOTH else 0
        longest = max(longest, run)
    return run, longest


@dataclass(frozen=True)
class ParticipationWindow:
    """How often a person posted both over their most recent counted Thursdays."""

    both: int
    """Counted Thursdays with :attr:`Status.BOTH`."""
    counted: int
    """Counted Thursdays looked at (at most the ``last`` asked for; fewer if history is short)."""
    rate: float | None
    """``both / counted`` in ``[0, 1]``, or ``None`` when no Thursday was counted."""


def participation_window(statuses: Sequence[Status], last: int) -> ParticipationWindow:
    """Return the participation window over the newest ``last`` counted Thursdays of ``statuses``.

    ``statuses`` is one person's status per Thursday, oldest first; away and skipped Thursdays
    are passed over (not counted), so ``last=8`` looks at the eight most recent Thursdays the
    person was expected to post. Raises ``ValueError`` if ``last`` is less than 1.
    """
    if last < 1:
        raise ValueError(f"last must be 1 or more, got {last}")
    window = [s for s in statuses if s.counted][-last:]
    both = sum(1 for s in window if s is Status.BOTH)
    return ParticipationWindow(
        both=both, counted=len(window), rate=both / len(window) if window else None
    )
