#!/usr/bin/env python3
"""Generate a synthetic Slack workspace export of a ``#learning-day`` channel, for benchmarks.

Usage (from the project root)::

    .venv/bin/python benchmarks/generate.py --people 40 --thursdays 12 --seed 1 \
        --out /tmp/bench-small
    .venv/bin/python benchmarks/generate.py --people 5000 --thursdays 260 --seed 1 \
        --out /tmp/bench-company --zip

Writes ``users.json``, ``channels.json`` (one channel ``learning-day``, id ``C0BENCH001``, whose
members are every user) and ``learning-day/YYYY-MM-DD.json`` day files (named by UTC date, each a
JSON list of messages sorted by ``ts``, one message per line), or the same files in ``DIR.zip``
with ``--zip``.  The data covers ``--thursdays`` consecutive Thursdays ending on the last Thursday
on or before :data:`END_DATE`.

The output depends only on the arguments: the people come from ``random.Random(seed)`` and each
Learning Day from its own ``random.Random(f"{seed}:week:{w}")``; no clock or other entropy is
read for the data, so the same arguments give byte-identical files (also with a different
``--jobs``).  Day files are produced one Learning Day (week) at a time, in worker processes, and
written to disk in order as they come, so memory stays at a few weeks' worth whatever the size.
See ``benchmarks/README.md`` for what the data looks like and the search words.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import tomllib
import unicodedata
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from ldtui.importers.slack_export_writer import JsonLayout, SlackExportWriter, messages_by_day

END_DATE = date(2026, 11, 26)
"""The newest Learning Day is the last Thursday on or before this date (fixed: deterministic)."""
TEAM_ID = "T0BENCH001"
CHANNEL_ID = "C0BENCH001"
CHANNEL_NAME = "learning-day"
RARE_WORD = "zymurgy"
"""Appears in exactly :data:`RARE_POSTS` posts (fewer only if there are fewer person-weeks)."""
RARE_POSTS = 5
COMMON_WORD = "learning"
"""Appears (case-insensitively, also inside "meta-learning", "Learning Day") in many posts."""
T = TypeVar("T")
ZIP_DATE_TIME = (2026, 11, 27, 0, 0, 0)
"""Timestamp of every zip entry (fixed: deterministic)."""
LAYOUT = JsonLayout(indent=4, ensure_ascii=True, message_per_line=True)
"""JSON spelling of the files: ASCII only, day files with one message a line."""

# Share of messages / posts with a feature (per generated message unless said otherwise).
THREAD_PARENT_P = 0.021  # a person's top-level message starts a thread (1.4 replies on average)
THREAD_MORE_P = 0.3  # ... and each reply is followed by another one
BROADCAST_P = 0.05  # a thread reply is also sent to the channel (subtype thread_broadcast)
EDITED_P = 0.02
# Share of people (from 10 people on at least 1, and at least 3 joiners):
JOINER_P = 0.02  # joins the channel during the period (a channel_join message)
DELETED_P = 0.01  # account deactivated during the period (posts stop before then)
NO_TZ_P = 0.01  # profile has no time zone

# --------------------------------------------------------------------------- data files

HERE = Path(__file__).resolve().parent
PEOPLE_FILE = HERE / "people.toml"
"""Zones, names, teams, roles and colours of the people (order matters: picks are by position)."""
VOCABULARY_FILE = HERE / "vocabulary.toml"
"""The words and phrases message texts are built from."""


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(data[key])


def _pairs(data: dict[str, Any], key: str) -> tuple[tuple[str, str], ...]:
    return tuple((first, second) for first, second in data[key])


_PEOPLE = _load(PEOPLE_FILE)
_VOCABULARY = _load(VOCABULARY_FILE)

ZONES: tuple[tuple[str, float, str, str], ...] = tuple(
    (zone, weight, pool, label) for zone, weight, pool, label in _PEOPLE["zones"]
)
"""(IANA zone, weight, name pool, Slack's tz_label in late November)"""
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    pool: (tuple(names["first"]), tuple(names["last"])) for pool, names in _PEOPLE["names"].items()
}
"""First and last names by name pool."""
POOLS = tuple(NAMES)
TEAM_NAMES = _strings(_PEOPLE, "teams")
ROLES = _strings(_PEOPLE, "roles")
COLORS = _strings(_PEOPLE, "colors")

TOPICS = _strings(_VOCABULARY, "topics")
BOOKS = _strings(_VOCABULARY, "books")
PAPERS = _pairs(_VOCABULARY, "papers")
LINKS = _strings(_VOCABULARY, "links")
ACTS = _strings(_VOCABULARY, "acts")
GOALS = _strings(_VOCABULARY, "goals")
FACTS = _strings(_VOCABULARY, "facts")
BLOCKERS = _strings(_VOCABULARY, "blockers")
OPENERS = _strings(_VOCABULARY, "openers")
SUMMARY_OPENERS = _strings(_VOCABULARY, "summary_openers")
EMOJI = _strings(_VOCABULARY, "emoji")
PLAN_MARKERS = _pairs(_VOCABULARY, "plan_markers")
AMP = _strings(_VOCABULARY, "amp")  # Slack escapes &, < and > in message text
REPLIES = _strings(_VOCABULARY, "replies")
RARE_SENTENCES = tuple(s.format(word=RARE_WORD) for s in _VOCABULARY["rare_sentences"])


# --------------------------------------------------------------------------- randomness


class Rng(Random):
    """``random.Random`` plus a faster uniform pick (``choice`` is the generator's hot spot)."""

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def uuid4(self) -> str:
        """A random (version 4) UUID string, like Slack's ``client_msg_id``."""
        n = self.getrandbits(128)
        n = (n & ~(0xC000 << 48)) | (0x8000 << 48)
        n = (n & ~(0xF000 << 64)) | (4 << 76)
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# --------------------------------------------------------------------------- people


@dataclass
class Person:
    idx: int
    uid: str
    zone: str
    zi: ZoneInfo
    first: str
    real_name: str
    reliability: float
    p_plan: float
    p_summary: float
    late_plan: float
    late_summary: float
    chatty: float  # expected extra posts per active day = chatty / (1 - chatty)
    plan_hour: float
    summary_hour: float
    markers: tuple[str, str] | None
    topics: list[str]
    start: int  # first week in the channel (a channel_join message that week if > 0)
    end: int  # first week no longer active (deleted users stop posting)
    joins: bool
    user: dict[str, Any] = field(repr=False, default_factory=dict)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum() or c in "-")


def _uid(rng: Rng, prefix: str, used: set[str]) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    while True:
        uid = prefix + "".join(rng.choices(alphabet, k=8))
        if uid not in used:
            used.add(uid)
            return uid


def _teams(count: int) -> list[str]:
    names = list(TEAM_NAMES[:count])
    n = 2
    while len(names) < count:
        names.extend(f"{t}-{n}" for t in TEAM_NAMES[: count - len(names)])
        n += 1
    return names


def make_people(
    rng: Rng, count: int, weeks: int, ref: datetime
) -> tuple[list[Person], list[dict[str, Any]]]:
    """``count`` people (deterministic for ``rng``) and the bots' user dicts."""
    used_ids: set[str] = set()
    used_names: set[str] = set()
    used_usernames: set[str] = set()
    zones = [z[0] for z in ZONES]
    zone_weights = [z[1] for z in ZONES]
    zone_info = {z[0]: z for z in ZONES}
    pool_weights = {p: 0.0 for p in POOLS}
    for z in ZONES:
        pool_weights[z[2]] += z[1]
    teams = _teams(min(200, max(10, count // 25)))
    team_cum: list[float] = []
    total = 0.0
    for i in range(len(teams)):
        total += 1 / (i + 1) ** 0.8
        team_cum.append(total)
    tzinfos = {z: ZoneInfo(z) for z in zones}

    def some(share: float, at_least: int) -> set[int]:
        # from 10 people on, at least one (three joiners), so that small sets have them too
        k = round(count * share) if count < 10 else max(at_least, round(count * share))
        return set(rng.sample(range(count), k))

    deleted_ids = some(DELETED_P, 1)
    no_tz_ids = some(NO_TZ_P, 1)
    joiner_ids = some(JOINER_P, 3) if weeks > 1 else set()
    people: list[Person] = []
    for idx in range(count):
        zone = rng.choices(zones, zone_weights)[0]
        pool = zone_info[zone][2]
        real_name = first = last = ""
        for attempt in range(16):
            p = (
                pool
                if attempt < 8 and rng.random() < 0.8
                else rng.choices(POOLS, [pool_weights[x] for x in POOLS])[0]
            )
            firsts, lasts = NAMES[p]
            first, last = rng.choice(firsts), rng.choice(lasts)
            real_name = f"{first} {last}"
            if real_name not in used_names:
                break
        else:
            n = 2
            while f"{first} {last} {n}" in used_names:
                n += 1
            last = f"{last} {n}"
            real_name = f"{first} {last}"
        used_names.add(real_name)
        base = f"{_ascii(first)}.{_ascii(last)}".strip(".") or "user"
        username, n = base, 2
        while username in used_usernames:
            username, n = f"{base}{n}", n + 1
        used_usernames.add(username)
        uid = _uid(rng, "U", used_ids)
        r = rng.random()
        if r < 0.65:
            display = first
        elif r < 0.85:
            display = ""  # the reader falls back to the real name
        elif r < 0.95:
            display = f"{first} {last[0]}."
        else:
            display = username
        deleted = idx in deleted_ids
        no_tz = idx in no_tz_ids
        joins = idx in joiner_ids
        start = rng.randrange(1, weeks) if joins else 0
        end = rng.randrange(max(1, weeks // 3), weeks + 1) if deleted else weeks
        team = teams[rng.choices(range(len(teams)), cum_weights=team_cum)[0]]
        role = rng.choice(ROLES)
        zi = tzinfos[zone]
        offset = ref.astimezone(zi).utcoffset()
        user: dict[str, Any] = {
            "id": uid,
            "team_id": TEAM_ID,
            "name": username,
            "deleted": deleted,
            "color": rng.choice(COLORS),
            "real_name": real_name,
        }
        if not no_tz:
            user["tz"] = zone
            user["tz_label"] = zone_info[zone][3]
            user["tz_offset"] = int(offset.total_seconds()) if offset else 0
        avatar = f"g{uid[1:8].lower()}a1b"
        user["profile"] = {
            "title": f"{role}, {team}" if role else "",
            "phone": "",
            "skype": "",
            "real_name": real_name,
            "real_name_normalized": unicodedata.normalize("NFKD", real_name)
            .encode("ascii", "ignore")
            .decode(),
            "display_name": display,
            "display_name_normalized": display,
            "fields": None,
            "status_text": "",
            "status_emoji": "",
            "status_expiration": 0,
            "avatar_hash": avatar,
            "first_name": first,
            "last_name": last,
            "image_72": f"https://avatars.slack-edge.com/2024-01-15/{uid}_72.png",
            "team": TEAM_ID,
        }
        user.update(
            {
                "is_admin": idx == 0,
                "is_owner": idx == 0,
                "is_primary_owner": idx == 0,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": False,
                "is_app_user": False,
                "updated": 1_700_000_000 + rng.randrange(60_000_000),
                "team": team,
            }
        )
        style = rng.random()
        markers = rng.choice(PLAN_MARKERS) if style < 0.4 else None
        # quiet (0-0.33 extra posts a day), medium (0.5-1.5), chatty (1.5-3)
        chatty_kind = rng.random()
        chatty = (
            rng.uniform(0.0, 0.25)
            if chatty_kind < 0.35
            else rng.uniform(0.33, 0.6)
            if chatty_kind < 0.8
            else rng.uniform(0.6, 0.75)
        )
        people.append(
            Person(
                idx=idx,
                uid=uid,
                zone=zone,
                zi=zi,
                first=first,
                real_name=real_name,
                reliability=rng.uniform(0.5, 0.98),
                p_plan=rng.uniform(0.85, 0.99),
                p_summary=rng.uniform(0.7, 0.97),
                late_plan=rng.uniform(0.0, 0.12) if rng.random() < 0.3 else 0.0,
                late_summary=rng.uniform(0.0, 0.15) if rng.random() < 0.35 else 0.0,
                chatty=chatty,
                plan_hour=rng.uniform(8.0, 11.0),
                summary_hour=rng.uniform(14.0, 18.5),
                markers=markers,
                topics=rng.sample(TOPICS, rng.randrange(2, 6)),
                start=start,
                end=end,
                joins=joins,
                user=user,
            )
        )
    bots = []
    for name, real, emoji in (
        ("learningday-bot", "Learning Day Bot", ":books:"),
        ("geekbot", "Geekbot", ":robot_face:"),
        ("polly", "Polly", ":bar_chart:"),
    ):
        uid = _uid(rng, "U", used_ids)
        bot_id = _uid(rng, "B", used_ids)
        bots.append(
            {
                "id": uid,
                "team_id": TEAM_ID,
                "name": name,
                "deleted": False,
                "color": "757575",
                "real_name": real,
                "tz": "America/Los_Angeles",
                "tz_label": "Pacific Standard Time",
                "tz_offset": -28800,
                "profile": {
                    "title": "",
                    "real_name": real,
                    "real_name_normalized": real,
                    "display_name": "",
                    "display_name_normalized": "",
                    "avatar_hash": "a1b2c3d4e5f6",
                    "api_app_id": "A" + bot_id[1:],
                    "always_active": True,
                    "bot_id": bot_id,
                    "first_name": real,
                    "last_name": "",
                    "status_emoji": emoji,
                    "team": TEAM_ID,
                },
                "is_admin": False,
                "is_owner": False,
                "is_primary_owner": False,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": True,
                "is_app_user": False,
                "updated": 1_690_000_000,
                "team": "platform",
            }
        )
    return people, bots


# --------------------------------------------------------------------------- text


class Text:
    """Message texts built from the vocabulary, 20-600 characters."""

    def __init__(self, rng: Rng, people: list[Person]) -> None:
        self.rng = rng
        self.people = people

    def _topic(self, person: Person) -> str:
        rng = self.rng
        return rng.pick(person.topics) if rng.random() < 0.7 else rng.pick(TOPICS)

    def _resource(self, person: Person) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return f"chapter {rng.randrange(1, 15)} of {rng.pick(BOOKS)}"
        if r < 0.45:
            aid, title = rng.pick(PAPERS)
            return f"<https://arxiv.org/abs/{aid}|{title}>"
        if r < 0.53:
            return rng.pick(LINKS)
        if r < 0.6:
            aid, title = rng.pick(PAPERS)
            return f"the {title} paper"
        return f"{rng.pick(('a tutorial on', 'the docs for', 'a course on', 'notes on'))} " + (
            self._topic(person)
        )

    def _mention(self) -> str:
        return f"<@{self.rng.pick(self.people).uid}>"

    def _sentence(self, person: Person, kind: str) -> str:
        rng = self.rng
        r = rng.random()
        t = self._topic(person)
        if kind == "plan":
            if r < 0.3:
                return f"{rng.pick(ACTS).capitalize()} {self._resource(person)}."
            if r < 0.5:
                return f"Goal: {rng.pick(GOALS).format(t=t)}."
            if r < 0.62:
                return f"Continuing with {t} from last week."
            if r < 0.7:
                return f"Pairing with {self._mention()} on {t}."
            if r < 0.78:
                return rng.pick(AMP).format(t=t)
            if r < 0.86:
                return f"Then {rng.pick(ACTS)} {self._resource(person)} if there is time."
            return f"My learning goal for today: {rng.pick(GOALS).format(t=t)}."
        if kind == "summary":
            if r < 0.25:
                return f"Got through {self._resource(person)}."
            if r < 0.45:
                return f"Learned that {rng.pick(FACTS)}."
            if r < 0.55:
                return f"Didn't get as far as I hoped: {rng.pick(BLOCKERS)}."
            if r < 0.65:
                return f"Wrote up notes on {t}: {rng.pick(LINKS)}"
            if r < 0.73:
                return f"Thanks {self._mention()} for the help with {t}!"
            if r < 0.8:
                return f"The {t} part finally clicked."
            if r < 0.87:
                return f"Next week: {rng.pick(GOALS).format(t=self._topic(person))}."
            return rng.pick(AMP).format(t=t)
        # extra / reply
        if r < 0.3:
            return f"Halfway through {self._resource(person)}; {rng.pick(FACTS)}."
        if r < 0.45:
            return f"Anyone know a good intro to {t}?"
        if r < 0.6:
            return f"Sharing in case it helps: {self._resource(person)}."
        if r < 0.7:
            return f"{self._mention()} you asked about {t} last week, this is the one."
        if r < 0.8:
            return f"Quick break, {t} is heavier than expected."
        return f"TIL {rng.pick(FACTS)}."

    def build(
        self, person: Person, kind: str, lo: int, hi: int, mode: int, limit: int = 560
    ) -> str:
        """A ``kind`` text aimed at a triangular length in ``lo..hi`` peaking at ``mode``.

        Whole sentences only (never a cut Slack token), at most ``limit`` characters plus an
        emoji code, so that with an opener or marker the message stays within 600.
        """
        rng = self.rng
        target = int(rng.triangular(lo, hi, mode))
        if kind == "reply":
            text = rng.pick(REPLIES)
            if rng.random() < 0.5:
                text += ". " + self._sentence(person, "extra")
        else:
            parts = [self._sentence(person, kind)]
            size = len(parts[0])
            bullets = kind == "summary" and target > 250 and rng.random() < 0.3
            more = (kind,) if kind != "extra" else ("extra", "plan", "summary")
            while size < target:
                s = self._sentence(person, rng.pick(more))
                if size + len(s) + 3 > limit:
                    break
                parts.append(s)
                size += len(s) + 3
            if bullets:
                text = "\n".join("• " + p for p in parts)
            else:
                text = " ".join(parts)
        if rng.random() < 0.12:
            text += rng.pick(EMOJI)
        if len(text) < 20:
            text += " Happy Learning Day!"
        return text


# --------------------------------------------------------------------------- messages


class Week:
    """One Learning Day's messages: held in memory, then sorted and written."""

    def __init__(self, rng: Rng) -> None:
        self.rng = rng
        self.used: set[int] = set()
        self.messages: list[tuple[int, dict[str, Any]]] = []

    def ts(self, when: datetime) -> tuple[int, str]:
        """A channel-unique ts (microseconds, string) in the second of ``when``."""
        t = int(when.timestamp()) * 1_000_000 + int(self.rng.random() * 1_000_000)
        while t in self.used:
            t += 1
        self.used.add(t)
        return t, f"{t // 1_000_000}.{t % 1_000_000:06d}"


def local(day: date, hours: float, zi: ZoneInfo) -> datetime:
    """``hours`` after local midnight of ``day`` (wall clock) as an aware datetime."""
    seconds = int(hours * 3600)
    return datetime(
        day.year, day.month, day.day, seconds // 3600, seconds // 60 % 60, seconds % 60, tzinfo=zi
    )


def person_message(
    week: Week, person: Person, when: datetime, text: str
) -> tuple[int, dict[str, Any]]:
    rng = week.rng
    t, ts = week.ts(when)
    msg: dict[str, Any] = {
        "client_msg_id": rng.uuid4(),
        "type": "message",
        "text": text,
        "user": person.uid,
        "ts": ts,
        "team": TEAM_ID,
    }
    if rng.random() < EDITED_P:
        msg["edited"] = {
            "user": person.uid,
            "ts": f"{t // 1_000_000 + rng.randrange(20, 3600)}.000000",
        }
    item = (t, msg)
    week.messages.append(item)
    return item


def gen_week(
    rng: Rng,
    texts: Text,
    people: list[Person],
    bots: list[dict[str, Any]],
    w: int,
    thursday: date,
    rare: set[tuple[int, int]],
) -> Week:
    week = Week(rng)
    wed, fri = thursday - timedelta(days=1), thursday + timedelta(days=1)
    random_ = rng.random
    uniform = rng.uniform
    top: list[tuple[int, dict[str, Any], Person]] = []
    active: list[Person] = []
    for p in people:
        if w < p.start or w >= p.end:
            continue
        if p.joins and w == p.start:
            t, ts = week.ts(local(wed, uniform(9.0, 17.0), p.zi))
            week.messages.append(
                (
                    t,
                    {
                        "type": "message",
                        "subtype": "channel_join",
                        "ts": ts,
                        "user": p.uid,
                        "text": f"<@{p.uid}> has joined the channel",
                    },
                )
            )
        forced = (w, p.idx) in rare
        if not forced and random_() >= p.reliability:
            continue
        active.append(p)
        plan_h = summary_h = None
        if random_() < p.p_plan:
            if random_() < p.late_plan:
                plan_at = local(wed, uniform(18.0, 23.9), p.zi)
            else:
                plan_h = min(11.5, max(8.0, p.plan_hour + uniform(-0.6, 0.6)))
                plan_at = local(thursday, plan_h, p.zi)
            text = texts.build(p, "plan", 20, 400, 90)
            if p.markers and random_() < 0.85:
                text = p.markers[0] + text
            else:
                text = rng.pick(OPENERS) + text
            top.append((*person_message(week, p, plan_at, text), p))
        if forced or random_() < p.p_summary:
            if not forced and random_() < p.late_summary:
                summary_at = local(fri, uniform(7.0, 11.95), p.zi)
            else:
                summary_h = min(19.0, max(13.0, p.summary_hour + uniform(-0.8, 0.8)))
                summary_at = local(thursday, summary_h, p.zi)
            if forced:
                text = texts.build(p, "summary", 30, 450, 150, limit=460)
                text += " " + rng.pick(RARE_SENTENCES)
            else:
                text = texts.build(p, "summary", 30, 600, 180)
            if p.markers and random_() < 0.85:
                text = p.markers[1] + text
            else:
                text = rng.pick(SUMMARY_OPENERS) + text
            top.append((*person_message(week, p, summary_at, text), p))
        # extra posts (progress notes, questions, links) between plan and summary
        lo = (plan_h or 9.0) + 0.2
        hi = max(lo + 0.5, (summary_h or 17.5) - 0.2)
        while random_() < p.chatty:
            text = texts.build(p, "extra", 20, 300, 70)
            top.append((*person_message(week, p, local(thursday, uniform(lo, hi), p.zi), text), p))
    # thread replies: ~3% of messages
    if active:
        for t, parent, author in top:
            if random_() >= THREAD_PARENT_P:
                continue
            replies: list[dict[str, str]] = []
            when = t // 1_000_000
            while True:
                when += int(rng.triangular(60, 6 * 3600, 600))
                replier = author if random_() < 0.2 else rng.pick(active)
                text = texts.build(replier, "reply", 20, 200, 40)
                _, msg = person_message(week, replier, datetime.fromtimestamp(when, UTC), text)
                msg["thread_ts"] = parent["ts"]
                msg["parent_user_id"] = author.uid
                if random_() < BROADCAST_P:
                    msg["subtype"] = "thread_broadcast"
                replies.append({"user": replier.uid, "ts": msg["ts"]})
                if random_() >= THREAD_MORE_P:
                    break
            users = list(dict.fromkeys(r["user"] for r in replies))
            parent["thread_ts"] = parent["ts"]
            parent["reply_count"] = len(replies)
            parent["reply_users_count"] = len(users)
            parent["latest_reply"] = max(replies, key=lambda r: float(r["ts"]))["ts"]
            parent["reply_users"] = users
            parent["replies"] = replies
            parent["is_locked"] = False
            parent["subscribed"] = False
    # bots: reminders on Thursday, a digest on Friday, an occasional poll
    reminder, digest, poll = bots

    def bot_message(bot: dict[str, Any], when: datetime, text: str, emoji: str) -> None:
        t, ts = week.ts(when)
        week.messages.append(
            (
                t,
                {
                    "type": "message",
                    "subtype": "bot_message",
                    "text": text,
                    "ts": ts,
                    "username": bot["real_name"],
                    "bot_id": bot["profile"]["bot_id"],
                    "icons": {"emoji": emoji},
                },
            )
        )

    for zone in ("Asia/Tokyo", "Europe/Berlin", "America/New_York"):
        bot_message(
            reminder,
            local(thursday, 9.0, ZoneInfo(zone)),
            "Happy Learning Day! :books: Post your plan for today in this channel "
            "(start with `plan:` if you like) and a summary before you log off.",
            ":books:",
        )
    bot_message(
        reminder,
        local(thursday, 16.5, ZoneInfo("America/New_York")),
        "Reminder: wrap up your Learning Day with a short summary of what you learned. <!here>",
        ":books:",
    )
    bot_message(
        digest,
        local(fri, 19.0, ZoneInfo("UTC")),
        f"Weekly digest for {thursday.isoformat()}: {len(active):,} people posted "
        f"{len(top):,} messages in <#{CHANNEL_ID}|{CHANNEL_NAME}>. Keep learning!",
        ":robot_face:",
    )
    if random_() < 0.3:
        bot_message(
            poll,
            local(thursday, 12.0, ZoneInfo("Europe/London")),
            f"*Poll:* what should next month's Learning Day theme be? "
            f":one: {rng.pick(TOPICS)} :two: {rng.pick(TOPICS)} "
            f":three: {rng.pick(TOPICS)}",
            ":bar_chart:",
        )
    return week


# --------------------------------------------------------------------------- output


def thursdays(count: int) -> list[date]:
    newest = END_DATE - timedelta(days=(END_DATE.weekday() - 3) % 7)
    return [newest - timedelta(weeks=count - 1 - i) for i in range(count)]


def pick_rare(rng: Rng, people: list[Person], weeks: int) -> set[tuple[int, int]]:
    """The (week, person) slots whose summary mentions :data:`RARE_WORD`."""
    slots = sum(max(0, p.end - p.start) for p in people)
    rare: set[tuple[int, int]] = set()
    while len(rare) < min(RARE_POSTS, slots):
        p = rng.choice(people)
        w = rng.randrange(weeks)
        if p.start <= w < p.end:
            rare.add((w, p.idx))
    return rare


_STATE: dict[str, Any] = {}
"""Per process: what :func:`week_files` needs (set by :func:`_init` in worker processes)."""


def _init(state: dict[str, Any]) -> None:
    _STATE.update(state)


def week_files(w: int) -> tuple[list[tuple[date, bytes]], int, int]:
    """Learning Day ``w``'s day files (UTC date, bytes), its message count and post count.

    Each week has its own generator seeded from ``(seed, w)``, so weeks can be made in any
    order or in parallel and the bytes do not depend on ``--jobs``.
    """
    st = _STATE
    rng = Rng(f"{st['seed']}:week:{w}")
    week = gen_week(
        rng, Text(rng, st["people"]), st["people"], st["bots"], w, st["days"][w], st["rare"]
    )
    week.messages.sort(key=lambda item: item[0])
    messages = [msg for _, msg in week.messages]
    posts = sum(1 for msg in messages if msg.get("subtype") in (None, "thread_broadcast"))
    by_day = messages_by_day(messages, sort=False)
    files = [(day, LAYOUT.encode_day(day_messages)) for day, day_messages in by_day.items()]
    return files, len(messages), posts


def _weeks_in_order(count: int, jobs: int, state: dict[str, Any]) -> Iterator[Any]:
    """``week_files(0..count-1)`` in order, computed by ``jobs`` processes, few at a time."""
    if jobs <= 1 or count <= 1:
        _init(state)
        yield from map(week_files, range(count))
        return
    with multiprocessing.Pool(jobs, initializer=_init, initargs=(state,)) as pool:
        pending: deque[Any] = deque()
        for w in range(count):
            pending.append(pool.apply_async(week_files, (w,)))
            if len(pending) >= 2 * jobs:  # bounded: memory stays a few weeks' worth
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def channel_object(first_day: date, creator: str, users: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``channels.json`` entry of the channel: created 9 days before the first Learning
    Day by ``creator``, every user a member."""
    created = datetime(first_day.year, first_day.month, first_day.day, tzinfo=UTC)
    created -= timedelta(days=9)
    return {
        "id": CHANNEL_ID,
        "name": CHANNEL_NAME,
        "created": int(created.timestamp()),
        "creator": creator,
        "is_archived": False,
        "is_general": False,
        "members": [u["id"] for u in users],
        "pins": [],
        "topic": {
            "value": "Learning Day: a plan in the morning, a summary at the end of the day",
            "creator": creator,
            "last_set": int(created.timestamp()),
        },
        "purpose": {"value": "Every Thursday is Learning Day", "creator": "", "last_set": 0},
    }


def generate(
    people_count: int, weeks: int, seed: int, out: Path, as_zip: bool, jobs: int = 1
) -> dict[str, Any]:
    """Write the data set; return counts (people, bots, posts, messages, files, bytes, path)."""
    rng = Rng(seed)
    days = thursdays(weeks)
    ref = datetime(END_DATE.year, END_DATE.month, END_DATE.day, 12, tzinfo=UTC)
    people, bots = make_people(rng, people_count, weeks, ref)
    rare = pick_rare(rng, people, weeks)
    path = out if not as_zip or out.suffix == ".zip" else out.with_name(out.name + ".zip")
    try:
        writer = SlackExportWriter(path, as_zip=as_zip, layout=LAYOUT, zip_date_time=ZIP_DATE_TIME)
    except FileExistsError as error:
        sys.exit(str(error))
    stats: dict[str, Any] = {
        "people": people_count,
        "bots": len(bots),
        "posts": 0,
        "messages": 0,
        "files": 0,
    }
    with writer:
        users = [p.user for p in people] + bots
        writer.write_users(users)
        writer.write_channels([channel_object(days[0], people[0].uid, users)])
        state = {"seed": seed, "people": people, "bots": bots, "days": days, "rare": rare}
        for files, messages, posts in _weeks_in_order(weeks, jobs, state):
            for day, data in files:
                writer.write_encoded_day(CHANNEL_NAME, day, data)
            stats["files"] += len(files)
            stats["messages"] += messages
            stats["posts"] += posts
    stats["bytes"] = writer.bytes_written
    stats["path"] = str(writer.path)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic Slack export of a #learning-day channel (benchmarks)."
    )
    parser.add_argument("--people", type=int, required=True, help="number of people (not bots)")
    parser.add_argument("--thursdays", type=int, required=True, help="number of Learning Days")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--zip", action="store_true", help="write OUT.zip instead of a folder")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(8, os.cpu_count() or 1),
        help="worker processes (default: CPUs, at most 8); the output does not depend on it",
    )
    args = parser.parse_args(argv)
    if args.people < 1 or args.thursdays < 1:
        parser.error("--people and --thursdays must be at least 1")
    started = time.perf_counter()
    stats = generate(args.people, args.thursdays, args.seed, args.out, args.zip, args.jobs)
    seconds = time.perf_counter() - started
    zipped = f" (zip {Path(stats['path']).stat().st_size / 1e6:,.1f} MB)" if args.zip else ""
    print(
        f"people {stats['people']:,} (+{stats['bots']} bots) · posts {stats['posts']:,} · "
        f"messages {stats['messages']:,} · files {stats['files']:,} · "
        f"{stats['bytes'] / 1e6:,.1f} MB{zipped} · {seconds:.1f} s → {stats['path']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
