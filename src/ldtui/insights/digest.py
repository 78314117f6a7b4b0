"""The digest of one Learning Day, for sharing in the team channel: who learned what; the export.

Plain Python, no Textual and no SQL: :func:`build_digest` gathers the numbers and posts with
intent-named store methods, :func:`render` lays them out. The Learning Day article says why: people
post summaries because "This will help to motivate others to keep on pushing", and sharing progress
"keeps the excitement high and provides an accountability mechanism". So the digest celebrates what
was learned; people who planned but have not summarised yet are listed briefly and neutrally, and
people who posted nothing are not named at all (never shaming).

* :func:`render` gives Markdown (CommonMark/GFM, as Discord and most chat tools read it, with
  every piece of user text escaped so it stays literal), Slack mrkdwn, or plain text.
* :func:`split_message` cuts a long digest into chunks that fit a chat message limit (Slack
  about 40,000 characters of text, Discord 2,000), at line boundaries, losing nothing.
* :func:`export_rows` gives every counted post of a date range as flat rows for
  ``ldtui export`` (columns :data:`EXPORT_FIELDS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from ldtui.insights.topics import TopicRules, count_topics, label, rank_topics
from ldtui.sanitize import inert_line

if TYPE_CHECKING:
    from ldtui.store import Store

Format = Literal["md", "slack", "text"]
"""A digest layout: Markdown, Slack mrkdwn (``*bold*``, ``&amp;``-escaped) or plain text."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""English weekday names (not the machine locale's ``%A``)."""
ELLIPSIS = "…"
"""Marks a shortened summary (one character)."""
NO_TEAM = "No team"
"""Heading of people without a team, when others have one (listed last)."""
PLANNED_HEADING = "Planned but no summary yet"
"""Neutral heading for people with a plan and no summary yet (the article: never shame)."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|#])")
_SPACES = re.compile(r"\s+")


@dataclass
class DigestPerson:
    """One person's Learning Day, as shown in the digest."""

    name: str
    """Display name, shown literally."""
    team: str | None
    """Team name, or ``None``; the digest groups by team when anyone has one."""
    plan: str | None
    """Their plan text (plain, as in the console), or ``None`` if they posted none."""
    summary: str | None
    """Their summary text (plain), or ``None`` if they posted none yet."""
    topics: list[str] = field(default_factory=list)
    """Topic ids of their posts (see :mod:`ldtui.insights.topics`), shown by label."""


@dataclass
class Digest:
    """The numbers and posts of one Learning Day (a local Thursday date)."""

    day: date
    """The Learning Day."""
    roster: int
    """People expected to post (the roster size)."""
    plans: int
    """People with a plan."""
    summaries: int
    """People with a summary."""
    both: int
    """People with a plan and a summary (what the Learning Day article asks)."""
    people: list[DigestPerson]
    """Everyone to mention: people with a summary, and people with a plan only. Others (no post)
    may be passed but are never listed."""
    topic_counts: dict[str, int]
    """Topic id -> number of people tagged with it (zero counts are not shown); shown in the
    order of :func:`ldtui.insights.topics.rank_topics`."""
    skipped_reason: str | None = None
    """Why the team had no Learning Day that Thursday (a holiday), or ``None``."""


def percent(part: int, whole: int) -> int | None:
    """Return ``part / whole`` as a whole percentage rounded half up, or ``None`` if ``whole``
    is 0 (``percent(24, 39) == 62``, ``percent(1, 8) == 13``)."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)


def shorten(text: str, width: int) -> str:
    """Return ``text`` with runs of whitespace collapsed, cut to at most ``width`` characters.

    A cut text ends with "…" (counted in ``width``) after the last whole word that fits, unless
    that would drop more than half the room (one long URL), when it cuts mid-word. Trailing
    ``,;:`` and dashes before the "…" are dropped. Raises ``ValueError`` if ``width`` < 1.
    """
    if width < 1:
        raise ValueError(f"width must be 1 or more, got {width}")
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if text[width - 1] == " ":
        space = width - 1
    if space >= (width - 1) // 2 and space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def escape_md(text: str) -> str:
    """Return ``text`` with Markdown punctuation backslash-escaped so it renders literally.

    Escapes ``\\ ` * _ [ ] < > & ~ | #`` (CommonMark allows a backslash before any ASCII
    punctuation; ``~`` and ``|`` are GFM/Discord strikethrough and spoilers, ``&`` starts an
    entity, ``<`` HTML or an autolink). Line-start markers (``-``, ``1.``, ``>``) cannot occur:
    :func:`render` collapses user text to one line and places it after a prefix.
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


def escape_slack(text: str) -> str:
    """Return ``text`` escaped for Slack mrkdwn: ``&``, ``<`` and ``>`` as ``&amp;``, ``&lt;``
    and ``&gt;``, the three characters Slack reads as control sequences (mentions, links).
    Rule: https://api.slack.com/reference/surfaces/formatting#escaping (no other escaping
    exists there; ``*`` and ``_`` in user text may still format)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _title(day: date) -> str:
    return f"Learning Day digest: {WEEKDAYS[day.weekday()]} {day.isoformat()}"


def _participation(digest: Digest) -> str:
    pct = percent(digest.both, digest.roster)
    share = f" ({pct}%)" if pct is not None else ""
    return (
        f"{digest.both} of {digest.roster} posted a plan and a summary{share}. "
        f"Plans: {digest.plans}. Summaries: {digest.summaries}."
    )


def _topics_line(counts: dict[str, int], esc: _Esc) -> str | None:
    shown = [(topic, n) for topic, n in rank_topics(counts).items() if n > 0]
    if not shown:
        return None
    return "Topics: " + " · ".join(f"{esc(label(topic))} {n}" for topic, n in shown)


def _groups(people: Iterable[DigestPerson]) -> list[tuple[str | None, list[DigestPerson]]]:
    """People with a post, grouped by team (sorted; no team last), names sorted in a group."""
    listed = [p for p in people if p.summary or p.plan]
    by_name = sorted(listed, key=lambda p: (_one_line(p.name).casefold(), p.name))
    if not any(p.team for p in by_name):
        return [(None, by_name)] if by_name else []
    teams: dict[str, list[DigestPerson]] = {}
    for person in by_name:
        teams.setdefault(_one_line(person.team or "") or NO_TEAM, []).append(person)
    order = sorted(teams, key=lambda t: (t == NO_TEAM, t.casefold(), t))
    return [(team, teams[team]) for team in order]


class _Esc:
    """Formats user text for one output format (one line; escaped for Markdown or Slack)."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt

    def __call__(self, text: str) -> str:
        text = inert_line(_one_line(text))
        if self.fmt == "md":
            return escape_md(text)
        return escape_slack(text) if self.fmt == "slack" else text


def render(digest: Digest, fmt: Format, width: int = 280) -> str:
    """Render ``digest`` as Markdown (``fmt="md"``), Slack mrkdwn (``fmt="slack"``) or plain
    text (``fmt="text"``).

    Layout: a title with the weekday and ISO date; the participation line ("24 of 39 posted a
    plan and a summary (62%). Plans: 30. Summaries: 26.", no percentage when the roster is
    empty) or, on a skipped Thursday, "No Learning Day this Thursday: <reason>."; the topic
    counts by label, most frequent first; then, grouped by team when anyone has a team (teams
    sorted, "No team" last; names sorted), one line per person with a summary, shortened to
    ``width`` characters on a word boundary with "…" (see :func:`shorten`), and the people with
    only a plan named after "Planned but no summary yet:". People with no post are not named.

    All user text (names, teams, summaries, the skipped reason, topic labels) is collapsed to
    one line and made inert (:func:`ldtui.sanitize.inert_line`: escape sequences and bidi
    controls shown visibly); in Markdown it is escaped (:func:`escape_md`) so ``*bold*``,
    ``[x](y)`` or ``<@U1>`` stay literal. Slack mrkdwn is laid out as Markdown, with ``*bold*``
    title, team headings and names, and user text escaped by :func:`escape_slack` (so
    ``<@U1>`` or ``<!channel>`` cannot mention anyone). Returns the text with a final newline.
    Raises ``ValueError`` for an unknown ``fmt`` or ``width`` < 1.
    """
    if fmt not in ("md", "slack", "text"):
        raise ValueError(f"unknown digest format {fmt!r} (expected 'md', 'slack' or 'text')")
    if width < 1:
        raise ValueError(f"width must be 1 or more, got {width}")
    esc = _Esc(fmt)
    md = fmt in ("md", "slack")  # Slack: the Markdown layout, its own bold and escaping
    slack = fmt == "slack"

    def heading(text: str, level: str) -> str:
        return f"*{text}*" if slack else (level + text if md else text)

    blocks: list[list[str]] = [[heading(_title(digest.day), "# ")]]

    head: list[str] = []
    if digest.skipped_reason is not None:
        reason = esc(digest.skipped_reason)
        head.append(
            f"No Learning Day this Thursday: {reason}."
            if reason
            else "No Learning Day this Thursday."
        )
    else:
        head.append(_participation(digest))
    topics = _topics_line(digest.topic_counts, esc)
    if topics:
        head.append(topics)
    if md:
        blocks.extend([line] for line in head)  # separate paragraphs
    else:
        blocks.append(head)

    groups = _groups(digest.people)
    for team, people in groups:
        summaries: list[str] = []
        planned: list[str] = []
        for person in people:
            name = esc(person.name) or "(no name)"
            if person.summary and _one_line(person.summary):
                tags = ", ".join(esc(label(t)) for t in person.topics)
                who = (f"*{name}*" if slack else f"**{name}**") if md else name
                if tags:
                    who += f" ({tags})"
                summaries.append(f"- {who}: {esc(shorten(person.summary, width))}")
            else:
                planned.append(name)
        section: list[list[str]] = []
        if team is not None:
            section.append([heading(esc(team), "## ")])
        if summaries:
            section.append(summaries)
        if planned:
            section.append([f"{PLANNED_HEADING}: {', '.join(planned)}"])
        if md:
            blocks.extend(section)
        else:
            blocks.append([line for part in section for line in part])
    if not groups and digest.skipped_reason is None:
        blocks.append(["No posts yet."])
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def split_message(text: str, limit: int) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` characters; ``"".join`` gives it back.

    Chunks end at line boundaries (each keeps its ``\\n``) and take as many whole lines as fit.
    A line longer than ``limit`` is cut after the last space that fits (the space stays at the
    end of the earlier chunk), or hard at ``limit`` when a single word is longer. Use for chat
    limits: Slack about 40,000 characters of text, Discord 2,000. ``""`` gives ``[]``. Raises
    ``ValueError`` if ``limit`` < 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be 1 or more, got {limit}")
    chunks: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        if len(current) + len(line) <= limit:
            current += line
            continue
        if current:
            chunks.append(current)
            current = ""
        while len(line) > limit:
            cut = line.rfind(" ", 1, limit) + 1  # 0 when no space: hard cut
            if cut <= 0:
                cut = limit
            chunks.append(line[:cut])
            line = line[cut:]
        current = line
    if current:
        chunks.append(current)
    return chunks


def build_digest(store: Store, day: date, rules: TopicRules, team: str | None = None) -> Digest:
    """Gather the digest of Learning Day ``day`` (a local Thursday) from ``store``.

    ``rules`` tags each person's plan and summary; ``team`` limits it to one team (``None``:
    everyone). Lists everyone with a plan or a summary; counts the roster, plans, summaries and
    both; topic counts come from :func:`ldtui.insights.topics.count_topics` (one per person);
    ``skipped_reason`` is set when the Thursday was skipped. Raises what the store raises
    (:class:`ldtui.store.StoreError`).
    """
    roster = store.roster(day, team=team)
    expected = [e for e in roster if e.expected]
    people = [
        DigestPerson(
            e.name,
            e.team,
            e.plan,
            e.summary,
            rules.tag(" ".join(t for t in (e.plan, e.summary) if t)),
        )
        for e in roster
        if e.plan or e.summary
    ]
    return Digest(
        day=day,
        roster=len(expected),
        plans=sum(1 for e in roster if e.plan_at),
        summaries=sum(1 for e in roster if e.summary_at),
        both=sum(1 for e in roster if e.plan_at and e.summary_at),
        people=people,
        topic_counts=count_topics(p.topics for p in people),
        skipped_reason=store.skip_reason(day),
    )


EXPORT_FIELDS = [
    "day",
    "kind",
    "person_id",
    "name",
    "team",
    "tz",
    "posted_at_utc",
    "posted_at_local",
    "topics",
    "text",
    "channel_id",
    "ts",
]
"""Columns of ``ldtui export`` (CSV header, JSON keys)."""


def export_rows(store: Store, first: date, last: date, rules: TopicRules) -> list[dict[str, Any]]:
    """Every post counted for a Learning Day from ``first`` to ``last`` (inclusive), oldest
    first: one dict per post with the keys of :data:`EXPORT_FIELDS`: person, team, day, kind,
    UTC and local (author's zone) ISO 8601 times, topic ids joined by ``,``, plain text."""
    rows = []
    for post in store.posts_between(first, last):
        posted = datetime.fromisoformat(post["posted_at"])
        local = posted.astimezone(store.zone_of(post["tz"]))
        rows.append(
            {
                "day": post["day"],
                "kind": post["kind"],
                "person_id": post["person_id"],
                "name": post["name"],
                "team": post["team"],
                "tz": post["tz"],
                "posted_at_utc": posted.isoformat(),
                "posted_at_local": local.isoformat(),
                "topics": ",".join(rules.tag(post["text_plain"])),
                "text": post["text_plain"],
                "channel_id": post["channel_id"],
                "ts": post["ts"],
            }
        )
    return rows


@dataclass
class Addendum:
    """The summaries of one Learning Day that arrived after its last posted digest."""

    day: date
    people: list[DigestPerson]
    """People whose counted summary no posted digest of ``day`` included, sorted by name."""
    post_ids: list[str]
    """Their summary posts (``"<channel id>/<ts>"``), to record with the addendum."""
    last_posted: datetime | None
    """When the latest digest of ``day`` was posted (UTC), or ``None`` if none was."""


def build_addendum(store: Store, day: date, rules: TopicRules, team: str | None = None) -> Addendum:
    """Gather the summaries of Learning Day ``day`` (only ``team``'s when given) that no
    recorded digest of ``day`` included (:meth:`ldtui.store.Store.digests`): a late summary,
    or a newer summary that replaced the counted one. Raises what the store raises."""
    recorded = store.digests(day)
    included = {post_id for record in recorded for post_id in record.post_ids}
    current = store.summary_post_ids(day, team)
    fresh = {pid: post_id for pid, post_id in current.items() if post_id not in included}
    people = [
        DigestPerson(e.name, e.team, e.plan, e.summary, rules.tag(e.summary or ""))
        for e in store.roster(day, team=team)
        if e.id in fresh and e.summary
    ]
    people.sort(key=lambda p: (_one_line(p.name).casefold(), p.name))
    return Addendum(
        day=day,
        people=people,
        post_ids=[fresh[pid] for pid in sorted(fresh)],
        last_posted=recorded[-1].posted_at if recorded else None,
    )


def addendum_title(count: int, day: date) -> str:
    """``3 more summaries for Thursday 26 Nov`` (``1 more summary ...``)."""
    noun = "summary" if count == 1 else "summaries"
    return f"{count} more {noun} for {WEEKDAYS[day.weekday()]} {day.day} {_MONTH[day.month - 1]}"


_MONTH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def render_addendum(addendum: Addendum, fmt: Format, width: int = 280) -> str:
    """Render an addendum like :func:`render` renders the summaries: the title
    (:func:`addendum_title`), then one line per person, user text escaped for ``fmt``.
    Returns ``""`` when it holds nobody. Raises ``ValueError`` for an unknown ``fmt``."""
    if fmt not in ("md", "slack", "text"):
        raise ValueError(f"unknown digest format {fmt!r} (expected 'md', 'slack' or 'text')")
    if not addendum.people:
        return ""
    esc = _Esc(fmt)
    title = addendum_title(len(addendum.people), addendum.day)
    head = {"md": f"# {title}", "slack": f"*{title}*", "text": title}[fmt]
    lines = []
    for person in addendum.people:
        name = esc(person.name) or "(no name)"
        who = {"md": f"**{name}**", "slack": f"*{name}*", "text": name}[fmt]
        tags = ", ".join(esc(label(t)) for t in person.topics)
        if tags:
            who += f" ({tags})"
        lines.append(f"- {who}: {esc(shorten(person.summary or '', width))}")
    return head + "\n\n" + "\n".join(lines) + "\n"
