#!/usr/bin/env python3
"""Generate the bundled demo data set: a Slack workspace export of a #learning-day channel.

Usage (from the project root)::

    .venv/bin/python scripts/make_demo_data.py

Writes ``src/ldtui/demo/data/`` (``users.json``, ``channels.json``, ``learning-day/*.json``),
replacing the export there (``people.csv`` next to it stays), from the people below and the
hand-written texts in ``src/ldtui/demo/texts.toml``. The output is deterministic (fixed seed,
fixed dates): running the script twice gives byte-identical files, so the committed data only
changes when this script or its texts do.

What the data set looks like (see the product seed, ``learning-day.txt``): every Thursday is
Learning Day; each person posts a *plan* in their local morning and a *summary* at the end of
their day in one Slack channel. Eight Thursdays end on ``BASE_NEWEST_THURSDAY`` (2026-11-26);
the newest one is frozen "in progress" at ``SNAPSHOT`` (17:30 UTC): Asia/Pacific is done,
Europe is wrapping up, the Americas have plans but (almost) no summaries yet.
"""

from __future__ import annotations

import copy
import functools
import random
import re
import tomllib
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from ldtui.demo import (
    BASE_NEWEST_THURSDAY,
    CHANNEL_NAME,
    DATA_DIR,
    rebuild_thread_metadata,
)
from ldtui.importers.slack_export_writer import SlackExportWriter

SEED = 20190801  # the day OpenAI's "Learning Day" post went up
TEAM = "T04LDAY7QZ"
CHANNEL_ID = "C0LDAY0001"
BOT_ID = "B05GKBT9RQ"
APP_ID = "A05GKBTAPP"
WEEKS = 8
THURSDAYS = [BASE_NEWEST_THURSDAY - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
SNAPSHOT = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
"""The export "was taken" at this instant: nothing later exists in the data."""
PARTICIPATION = [0.78, 0.84, 0.66, 0.88, 0.72, 0.63, 0.81, 0.86]
"""Share of the channel's members who take part in each Learning Day (oldest first)."""

TZ_LABELS = {
    "America/Los_Angeles": "Pacific Standard Time",
    "America/Denver": "Mountain Standard Time",
    "America/Chicago": "Central Standard Time",
    "America/New_York": "Eastern Standard Time",
    "America/Toronto": "Eastern Standard Time",
    "America/Sao_Paulo": "Brasilia Standard Time",
    "Europe/London": "Greenwich Mean Time",
    "Europe/Berlin": "Central European Time",
    "Europe/Warsaw": "Central European Time",
    "Africa/Lagos": "West Africa Standard Time",
    "Asia/Kolkata": "India Standard Time",
    "Asia/Kathmandu": "Nepal Time",
    "Asia/Singapore": "Singapore Standard Time",
    "Asia/Tokyo": "Japan Standard Time",
    "Australia/Sydney": "Australian Eastern Daylight Time",
    "Pacific/Auckland": "New Zealand Daylight Time",
}


@dataclass
class Person:
    """One channel member and their posting habits."""

    name: str
    real_name: str
    display_name: str
    tz: str | None
    title: str
    style: str = "plain"
    reliability: float = 0.8
    plan_hour: float = 9.5
    summary_hour: float = 16.5
    grace: str = ""  # "W": often plans on Wednesday evening; "F": often summarises on Friday
    join_week: int = 0
    last_week: int = WEEKS - 1
    deleted: bool = False
    admin: bool = False
    pinned_arc: str | None = None
    uid: str = ""
    queue: list[Pair] = field(default_factory=list)

    @property
    def zone(self) -> tzinfo:
        """The person's zone (UTC when they have none)."""
        return ZoneInfo(self.tz) if self.tz else UTC


LA, NY, SP = "America/Los_Angeles", "America/New_York", "America/Sao_Paulo"
LON, BER, WAW = "Europe/London", "Europe/Berlin", "Europe/Warsaw"

# fmt: off
PEOPLE = [
    Person("maya.chen", "Maya Chen", "Maya", LA,
           "Research Engineer, Robotics", "plain", 0.9, 9.0, 17.0),
    Person("diego.ramirez", "Diego Ramírez", "diego", LA,
           "Software Engineer", "colon", 0.8, 9.5, 16.5, "F"),
    Person("sam.oneil", "Samantha O'Neil", "Sam [ops] O'Neil", LA,
           "Infrastructure", "lower", 0.75, 10.4, 17.5),
    Person("hannah.kowalski", "Hannah Kowalski", "hannah.k", LA,
           "Mechanical Engineer", "plain", 0.85, 8.5, 16.0, pinned_arc="actuator"),
    Person("kenji.watanabe", "Kenji Watanabe", "kenji", LA,
           "Research Scientist", "hash", 0.9, 9.0, 18.0, "W", pinned_arc="sparse"),
    Person("aisha.bello", "Aisha Bello", "Aisha", LA, "Data Engineer", "til", 0.7, 10.0, 16.0),
    Person("jon.petersen", "Jon Petersen", "jonp", LA,
           "Engineering Manager, Robotics", "colon", 0.95, 8.5, 17.0, admin=True,
           pinned_arc="belllabs"),
    Person("ruth.abernathy", "Ruth Abernathy", "", "America/Denver",
           "Controls Engineer", "plain", 0.8, 8.3, 15.5),
    Person("marcus.lee", "Marcus Lee", "marcus", "America/Chicago",
           "Software Engineer", "emoji", 0.65, 10.0, 17.5),
    Person("olivia.grant", "Olivia Grant", "Liv", NY,
           "Research Scientist", "bold", 0.85, 9.0, 16.5),
    Person("noah.friedman", "Noah Friedman", "noah", NY,
           "Security Engineer", "plain", 0.6, 10.5, 18.0, "F"),
    Person("chioma.eze", "Chioma Eze", "Chioma", NY, "Research Engineer", "colon", 0.9, 8.8, 16.0),
    Person("ben.tran", "Ben Tran", "ben", NY,
           "Software Engineer, Infra", "til_lower", 0.7, 9.5, 17.0),
    Person("zeynep.arslan", "Zeynep Arslan", "Zeynep", NY,
           "Research Scientist", "plain", 0.85, 9.0, 17.5, "W"),
    Person("mateo.alvarez", "Mateo Álvarez", "Mateo", NY,
           "Software Engineer, Infra", "plain", 1.0, 9.6, 17.0, join_week=7),
    Person("dmitri.volkov", "Dmitri Volkov", "dmitri", "America/Toronto",
           "Research Engineer", "hash", 0.9, 9.5, 16.5, last_week=3, deleted=True),
    Person("rafael.souza", "Rafael Souza", "Rafa", SP,
           "Software Engineer", "lower", 0.75, 9.0, 17.0),
    Person("beatriz.lima", "Beatriz Lima", "Bia", SP, "Research Engineer", "plain", 0.8, 8.5, 14.4),
    Person("tom.hughes", "Tom Hughes", "tom", LON,
           "Site Reliability Engineer", "plain", 0.85, 9.5, 16.5, pinned_arc="fastai"),
    Person("fatima.rahman", "Fatima Rahman", "Fatima", LON,
           "Research Scientist", "colon", 0.9, 9.0, 16.0),
    Person("ian.mcallister", "Ian McAllister", "ian", LON,
           "Software Engineer", "til", 0.6, 10.0, 17.5, "F"),
    Person("grace.adeyemi", "Grace Adeyemi", "Grace A.", LON,
           "Product Engineer", "plain", 0.85, 9.0, 16.0, join_week=2),
    Person("lena.fischer", "Lena Fischer", "Lena", BER,
           "Research Scientist", "hash", 0.9, 8.5, 16.0, pinned_arc="diffusion"),
    Person("jonas.weber", "Jonas Weber", "jonas", BER,
           "Software Engineer", "plain", 0.7, 10.0, 18.0, "W"),
    Person("elif.demir", "Elif Demir", "Elif", BER, "Research Engineer", "bold", 0.8, 9.0, 17.0),
    Person("piotr.nowak", "Piotr Nowak", "piotr", WAW,
           "Software Engineer, Infra", "lower", 0.85, 9.0, 16.5, pinned_arc="raft"),
    Person("agnieszka.wojcik", "Agnieszka Wójcik", "Aga", WAW,
           "Data Scientist", "plain", 0.75, 8.5, 15.5),
    Person("tunde.balogun", "Tunde Balogun", "Tunde", "Africa/Lagos",
           "Software Engineer", "colon", 0.9, 9.0, 17.0, join_week=5),
    Person("ananya.iyer", "Ananya Iyer", "Ananya", "Asia/Kolkata",
           "Research Engineer", "plain", 0.9, 9.5, 17.5, pinned_arc="axler"),
    Person("vikram.rao", "Vikram Rao", "vikram", "Asia/Kolkata",
           "Software Engineer", "til_lower", 0.7, 10.0, 18.0),
    Person("sujan.shrestha", "Sujan Shrestha", "Sujan", "Asia/Kathmandu",
           "Research Engineer", "plain", 0.85, 9.0, 17.0, pinned_arc="english"),
    Person("lim.weiling", "Lim Wei Ling", "weiling", "Asia/Singapore",
           "Research Scientist", "emoji", 0.8, 9.0, 17.0),
    Person("yuki.tanaka", "Yuki Tanaka", "Yuki", "Asia/Tokyo",
           "Research Engineer", "plain", 0.85, 9.5, 17.5),
    Person("haruto.sato", "Haruto Sato", "haruto", "Asia/Tokyo",
           "Hardware Engineer", "colon", 0.65, 10.0, 18.0, "F"),
    Person("chloe.nguyen", "Chloe Nguyen", "Chloe", "Australia/Sydney",
           "Software Engineer", "plain", 0.8, 9.0, 16.0),
    Person("aroha.ngata", "Aroha Ngata", "Aroha", "Pacific/Auckland",
           "Research Scientist", "lower", 0.85, 8.5, 15.5, "W"),
    Person("liam.walker", "Liam Walker", "liam", "Pacific/Auckland",
           "Robotics Technician", "plain", 0.7, 9.5, 17.0, "F"),
    Person("alex.morgan", "Alex Morgan", "Alex (contractor)", None,
           "Contractor, Tooling", "plain", 0.6, 9.0, 17.0),
]
# fmt: on

BOT = Person("geekbot", "Geekbot", "", LA, "")
"""Stands in for the bot user when placing its posts in local time."""

STYLES: dict[str, tuple[str, str]] = {
    "plain": ("", ""),
    "colon": ("Plan: ", "Summary: "),
    "lower": ("plan: ", "summary: "),
    "hash": ("#plan ", "#summary "),
    "til": ("", "TIL: "),
    "til_lower": ("plan for today: ", "til: "),
    "bold": ("*Plan*\n", "*What I learned*\n"),
    "emoji": (":dart: ", ":white_check_mark: "),
}

# --------------------------------------------------------------------------------------------
# The hand-written texts live in src/ldtui/demo/texts.toml (its header says how they are
# written): the topics dealt out to people, the scripted posts, the chatter and the bot's posts.
# --------------------------------------------------------------------------------------------
TEXTS_FILE = resources.files("ldtui.demo") / "texts.toml"


@dataclass
class Reply:
    """A thread reply: ``who`` is "peer", "author" or a person's user name."""

    who: str
    text: str


@dataclass
class Pair:
    """A plan and the summary that goes with it, with optional thread replies."""

    plan: str
    summary: str
    plan_replies: list[Reply] = field(default_factory=list)
    summary_replies: list[Reply] = field(default_factory=list)


def load_texts() -> dict[str, Any]:
    """The parsed ``texts.toml`` (UTF-8 TOML; raises ``tomllib.TOMLDecodeError`` if broken)."""
    return tomllib.loads(TEXTS_FILE.read_text(encoding="utf-8"))


def _replies(entries: list[dict[str, str]]) -> list[Reply]:
    return [Reply(entry["who"], entry["text"]) for entry in entries]


def _pair(entry: dict[str, Any]) -> Pair:
    """A :class:`Pair` from a table with ``plan``, ``summary`` and optional reply lists."""
    return Pair(
        entry["plan"],
        entry["summary"],
        _replies(entry.get("plan_replies", [])),
        _replies(entry.get("summary_replies", [])),
    )


def load_pool(texts: dict[str, Any]) -> tuple[dict[str, list[Pair]], list[list[Pair]]]:
    """The topics of ``texts``: (multi-week arcs by key, all topics in file order; a topic is a
    list of steps). Each arc is also one of the topics (the same list). Fresh lists each call."""
    units = [[_pair(step) for step in topic["step"]] for topic in texts["topic"]]
    arcs = {
        topic["arc"]: unit
        for topic, unit in zip(texts["topic"], units, strict=True)
        if "arc" in topic
    }
    return arcs, units


TEXTS = load_texts()

SCRIPTED: dict[tuple[int, str], Pair] = {
    (entry["week"], entry["person"]): _pair(entry) for entry in TEXTS["scripted"]
}
"""Posts that must exist, by (week, person's user name)."""

CHATTER: list[tuple[int, str, int, float, str, list[Reply]]] = [
    (
        entry["week"],
        entry["author"],
        entry["day_offset"],
        entry["hour"],
        entry["text"],
        _replies(entry.get("replies", [])),
    )
    for entry in TEXTS["chatter"]
]
"""Top-level chatter: (week, author, day offset from Thursday, local hour, text, replies)."""

BOT_POSTS: list[tuple[int, int, float, str, bool]] = [
    (entry["week"], entry["day_offset"], entry["hour"], entry["text"], entry["with_user"])
    for entry in TEXTS["bot_post"]
]
"""(week, day offset from Thursday, local hour in the bot's zone, text, has "user" field)"""

REACTIONS: list[str] = TEXTS["reactions"]

# --------------------------------------------------------------------------------------------


@dataclass
class Msg:
    """A message being built; ``data`` is the Slack JSON object."""

    data: dict[str, Any]
    author: Person | None
    kind: str  # plan, summary, reply, chatter, join, bot
    week: int

    @property
    def ts(self) -> str:
        """The Slack ts string."""
        return str(self.data["ts"])

    @property
    def instant(self) -> datetime:
        """The aware UTC instant of the ts (whole seconds)."""
        return datetime.fromtimestamp(int(self.ts.split(".")[0]), UTC)


TOKEN = re.compile(r"<(@U[A-Z0-9]+|https?://[^|>\s]+)(?:\|([^>]*))?>")
INLINE = re.compile(r"`([^`\n]+)`|(?<![\w*])\*([^*\n]+)\*(?![\w*])|:([a-z][a-z0-9_+\-]*):")


def escape(text: str) -> str:
    """Escape &, < and > the way Slack stores message text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slackify(raw: str) -> tuple[str, list[dict[str, Any]]]:
    """Turn pool text (plain, with Slack tokens) into Slack ``text`` and ``rich_text`` elements."""
    text_parts: list[str] = []
    elements: list[dict[str, Any]] = []

    def plain(segment: str) -> None:
        """Append a segment of plain text (with inline code, bold and emoji) to both outputs."""
        text_parts.append(escape(segment))
        pos = 0
        for match in INLINE.finditer(segment):
            if match.start() > pos:
                elements.append({"type": "text", "text": segment[pos : match.start()]})
            code, bold, emoji = match.groups()
            if code is not None:
                elements.append({"type": "text", "text": code, "style": {"code": True}})
            elif bold is not None:
                elements.append({"type": "text", "text": bold, "style": {"bold": True}})
            else:
                elements.append({"type": "emoji", "name": emoji})
            pos = match.end()
        if pos < len(segment):
            elements.append({"type": "text", "text": segment[pos:]})

    pos = 0
    for match in TOKEN.finditer(raw):
        if match.start() > pos:
            plain(raw[pos : match.start()])
        target, label = match.groups()
        if target.startswith("@"):
            text_parts.append(f"<{target}>")
            elements.append({"type": "user", "user_id": target[1:]})
        else:
            text_parts.append(f"<{target}|{escape(label)}>" if label else f"<{target}>")
            link: dict[str, Any] = {"type": "link", "url": target}
            if label:
                link["text"] = label
            elements.append(link)
        pos = match.end()
    if pos < len(raw):
        plain(raw[pos:])
    return "".join(text_parts), elements


@functools.cache
def _offset_pattern(tz: str | None) -> tuple[int, ...]:
    """UTC offsets (seconds) of ``tz`` each day of 2024-2029, minus the first one."""
    zone = ZoneInfo(tz) if tz else UTC
    start = datetime(2024, 1, 1, 12, tzinfo=UTC)
    offsets = []
    for day in range(0, 6 * 366):
        offset = (start + timedelta(days=day)).astimezone(zone).utcoffset()
        assert offset is not None
        offsets.append(int(offset.total_seconds()))
    return tuple(o - offsets[0] for o in offsets)


def dst_rules(person: Person) -> tuple[int, ...]:
    """How a person's UTC offset changes over 2024-2029, relative to its January 2024 value.

    Thread replies come only from people whose offset changes at the same moments as the
    parent author's: the demo shifts each message in its author's local time, so only then
    does a reply stay after its parent (and keep its distance) in every week of the year.
    """
    return _offset_pattern(person.tz)


def first_last(person: Person) -> tuple[str, str]:
    """Slack's profile first_name/last_name (family name first for Lim Wei Ling)."""
    if person.name == "lim.weiling":
        return "Wei Ling", "Lim"
    first, _, last = person.real_name.partition(" ")
    return first, last


def ascii_fold(text: str) -> str:
    """Slack's *_normalized profile fields: the text with accents removed."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


class Generator:
    """Builds the whole data set from the seed; call :meth:`run`."""

    def __init__(self) -> None:
        """Seed the random generator, give everyone an id and shuffle the text pool."""
        self.rng = random.Random(SEED)
        self.people = copy.deepcopy(PEOPLE)
        self.by_name = {p.name: p for p in self.people}
        self.messages: list[Msg] = []
        self.fractions: Iterator[int] = iter(self.rng.sample(range(1000, 999_999), 4000))
        used: set[str] = set()
        for person in self.people:
            person.uid = self.make_id("U", used)
        self.bot_uid = self.make_id("U", used)
        arcs, units = load_pool(TEXTS)
        self.rng.shuffle(units)
        for person in self.people:
            if person.pinned_arc:
                unit = arcs[person.pinned_arc]
                units.remove(unit)
                person.queue = list(unit)
        self.units = units
        self.reused = 0

    def make_id(self, prefix: str, used: set[str]) -> str:
        """Return a new Slack-looking id (``U0...``) with ``prefix``, not yet in ``used``."""
        alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
        while True:
            candidate = (
                prefix
                + "0"
                + self.rng.choice("4567")
                + "".join(self.rng.choice(alphabet) for _ in range(7))
            )
            if candidate not in used:
                used.add(candidate)
                return candidate

    # ---- time helpers --------------------------------------------------------------------

    def local_instant(self, person: Person | None, day: date, hour: float) -> datetime:
        """The UTC instant of local ``day`` at ``hour`` (fractional), with random seconds."""
        zone = person.zone if person else UTC
        minutes = int(hour * 60)
        local = datetime(
            day.year,
            day.month,
            day.day,
            minutes // 60,
            minutes % 60,
            self.rng.randrange(60),
            tzinfo=zone,
        )
        return local.astimezone(UTC)

    def hour_near(self, mean: float, spread: float, low: float, high: float) -> float:
        """A local hour around a person's habit, kept inside the [low, high] window."""
        for _ in range(20):
            hour = self.rng.gauss(mean, spread)
            if low <= hour <= high:
                return hour
        return min(high, max(low, mean))

    def new_ts(self, instant: datetime) -> str:
        """Return a Slack ts for ``instant`` (UTC) with a unique 6-digit fraction."""
        return f"{int(instant.timestamp())}.{next(self.fractions):06d}"

    @staticmethod
    def local_hour(person: Person, instant: datetime) -> float:
        """The local wall-clock hour (fractional) of ``instant`` for ``person``."""
        local = instant.astimezone(person.zone)
        return local.hour + local.minute / 60

    # ---- message builders ----------------------------------------------------------------

    def user_profile(self, person: Person) -> dict[str, Any]:
        """The ``user_profile`` object Slack embeds in a person's messages."""
        first, _ = first_last(person)
        return {
            "avatar_hash": "g" + person.uid[-6:].lower() + "a1b2c",
            "image_72": f"https://avatars.slack-edge.com/2024-01-15/{person.uid}_72.png",
            "first_name": first,
            "real_name": person.real_name,
            "display_name": person.display_name,
            "team": TEAM,
            "name": person.name,
            "is_restricted": False,
            "is_ultra_restricted": False,
        }

    def human(self, person: Person, instant: datetime, raw: str, kind: str, week: int) -> Msg:
        """Create, record and return a person's message posted at ``instant`` (UTC)."""
        text, elements = slackify(raw)
        data: dict[str, Any] = {
            "client_msg_id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "type": "message",
            "text": text,
            "user": person.uid,
            "ts": self.new_ts(instant),
            "blocks": [
                {
                    "type": "rich_text",
                    "block_id": "".join(
                        self.rng.choice("abcdefghijkmnopqrstuvwxyzAB0123456789+=") for _ in range(5)
                    ),
                    "elements": [{"type": "rich_text_section", "elements": elements}],
                }
            ],
            "team": TEAM,
            "user_team": TEAM,
            "source_team": TEAM,
            "user_profile": self.user_profile(person),
        }
        msg = Msg(data, person, kind, week)
        self.messages.append(msg)
        return msg

    def fill(
        self,
        raw: str,
        author: Person,
        week: int,
        parent_author: Person | None = None,
        peer: Person | None = None,
    ) -> str:
        """Replace {peer} and {author} in ``raw`` with Slack mentions."""
        if "{peer}" in raw:
            if peer is None:
                peer = self.rng.choice(
                    [p for p in self.active(week) if p is not author and p is not parent_author]
                )
            raw = raw.replace("{peer}", f"<@{peer.uid}>")
        if "{author}" in raw:
            target = parent_author or author
            raw = raw.replace("{author}", f"<@{target.uid}>")
        return raw

    def styled(self, person: Person, raw: str, kind: str) -> str:
        """Add the person's plan/summary marker habit (``plan:``, ``#summary``, ``TIL``...)."""
        plan_prefix, summary_prefix = STYLES[person.style]
        prefix = plan_prefix if kind == "plan" else summary_prefix
        lowered = raw.lower()
        if kind == "plan" and lowered.startswith(("plan", "today", "hi all")):
            prefix = ""
        if prefix and self.rng.random() < 0.15:  # markers are a habit, not a rule
            prefix = ""
        if not prefix:
            return raw
        if person.style in ("lower", "til_lower") and raw[1:2].islower():
            raw = raw[0].lower() + raw[1:]
        if raw.startswith("- ") and not prefix.endswith("\n"):
            return prefix.rstrip() + "\n" + raw
        return prefix + raw

    def replies(
        self, parent: Msg, replies: list[Reply], week: int, participants: list[Person]
    ) -> None:
        """Post thread replies under ``parent`` from people awake at that time."""
        assert parent.author is not None
        when = parent.instant
        peer_used: Person | None = None
        for reply in replies:
            when = when + timedelta(minutes=self.rng.uniform(4, 95))
            if reply.who == "author":
                who: Person | None = parent.author
            elif reply.who == "peer":
                awake = [
                    p
                    for p in participants
                    if p is not parent.author
                    and not p.deleted
                    and dst_rules(p) == dst_rules(parent.author)
                    and 7.5 <= self.local_hour(p, when) <= 22.5
                ]
                who = self.rng.choice(awake) if awake else None
                peer_used = who
            else:
                who = self.by_name[reply.who]
            if who is None or not 7.5 <= self.local_hour(who, when) <= 23.0:
                break
            assert dst_rules(who) == dst_rules(parent.author), (who.name, parent.author.name)
            raw = self.fill(
                reply.text,
                who,
                week,
                parent_author=parent.author,
                peer=peer_used if reply.who == "author" else None,
            )
            msg = self.human(who, when, raw, "reply", week)
            msg.data["thread_ts"] = parent.ts
            msg.data["parent_user_id"] = parent.author.uid
            parent.data["thread_ts"] = parent.ts

    # ---- weekly simulation ---------------------------------------------------------------

    def active(self, week: int) -> list[Person]:
        """Channel members (joined and not yet gone) in week ``week`` (0 = oldest)."""
        return [p for p in self.people if p.join_week <= week <= p.last_week]

    def next_pair(self, person: Person) -> Pair:
        """The person's next topic: the next step of their arc, or a new arc or one-off."""
        if not person.queue:
            if self.units:
                person.queue = list(self.units.pop())
            else:
                raise SystemExit(f"text pool exhausted: add more topics to {TEXTS_FILE}")
        return person.queue.pop(0)

    def choose_participants(self, week: int) -> list[Person]:
        """Who takes part in week ``week``: a share of members, by reliability."""
        eligible = self.active(week)
        forced = {name for (w, name) in SCRIPTED if w == week}
        forced |= {p.name for p in eligible if p.join_week == week and week > 0}
        count = round(PARTICIPATION[week] * len(eligible))
        keyed = sorted(
            eligible,
            key=lambda p: (p.name not in forced, -(self.rng.random() ** (1 / p.reliability))),
        )
        return keyed[:count]

    def run_week(self, week: int) -> None:
        """Generate all messages of one Learning Day week (0 = oldest)."""
        thursday = THURSDAYS[week]
        participants = self.choose_participants(week)
        for person in self.active(week):
            if person.join_week == week and week > 0:
                when = self.local_instant(person, thursday, person.plan_hour - 0.3)
                data = {
                    "type": "message",
                    "subtype": "channel_join",
                    "ts": self.new_ts(when),
                    "user": person.uid,
                    "text": f"<@{person.uid}> has joined the channel",
                }
                if person.name == "mateo.alvarez":
                    data["inviter"] = self.by_name["jon.petersen"].uid
                self.messages.append(Msg(data, person, "join", week))
        for person in participants:
            scripted = SCRIPTED.get((week, person.name))
            pair = scripted or self.next_pair(person)
            has_plan = scripted is not None or self.rng.random() < 0.9
            has_summary = scripted is not None or self.rng.random() < 0.84
            if not (has_plan or has_summary):
                has_plan = True
            plan_at: datetime | None = None
            if has_plan:
                if ("W" in person.grace and self.rng.random() < 0.45) or self.rng.random() < 0.03:
                    hour = self.rng.uniform(18.1, 22.4)
                    plan_at = self.local_instant(person, thursday - timedelta(days=1), hour)
                else:
                    hour = self.hour_near(person.plan_hour, 0.45, 8.0, 11.5)
                    plan_at = self.local_instant(person, thursday, hour)
                raw = self.fill(self.styled(person, pair.plan, "plan"), person, week)
                msg = self.human(person, plan_at, raw, "plan", week)
                self.replies(msg, pair.plan_replies, week, participants)
            if has_summary:
                if ("F" in person.grace and self.rng.random() < 0.45) or self.rng.random() < 0.03:
                    hour = self.rng.uniform(8.0, 11.8)
                    summary_at = self.local_instant(person, thursday + timedelta(days=1), hour)
                else:
                    hour = self.hour_near(person.summary_hour, 0.6, 14.0, 19.0)
                    summary_at = self.local_instant(person, thursday, hour)
                raw = self.fill(self.styled(person, pair.summary, "summary"), person, week)
                msg = self.human(person, summary_at, raw, "summary", week)
                self.replies(msg, pair.summary_replies, week, participants)
                if self.rng.random() < 0.3:
                    fans = self.rng.sample(
                        [p for p in participants if p is not person], k=self.rng.randint(1, 4)
                    )
                    msg.data["reactions"] = [
                        {
                            "name": self.rng.choice(REACTIONS),
                            "users": [p.uid for p in fans],
                            "count": len(fans),
                        }
                    ]
        for w, name, offset, hour, text, replies in CHATTER:
            if w == week:
                person = self.by_name[name]
                when = self.local_instant(person, thursday + timedelta(days=offset), hour)
                msg = self.human(person, when, self.fill(text, person, week), "chatter", week)
                self.replies(msg, replies, week, participants)
        for w, offset, hour, text, with_user in BOT_POSTS:
            if w == week:
                # The bot's zone is America/Los_Angeles, as Slack gives bot users.
                when = self.local_instant(BOT, thursday + timedelta(days=offset), hour)
                bot: dict[str, Any] = {
                    "type": "message",
                    "subtype": "bot_message",
                    "text": escape(text),
                    "ts": self.new_ts(when),
                    "bot_id": BOT_ID,
                    "username": "Geekbot",
                    "icons": {"image_48": "https://avatars.slack-edge.com/geekbot_48.png"},
                }
                if with_user:
                    bot["user"] = self.bot_uid
                self.messages.append(Msg(bot, None, "bot", week))

    def add_edits(self) -> None:
        """Mark some plans and summaries as edited a few minutes after posting."""
        candidates = [m for m in self.messages if m.kind in ("plan", "summary")]
        for msg in self.rng.sample(candidates, k=14):
            assert msg.author is not None
            edited_at = int(msg.ts.split(".")[0]) + self.rng.randint(45, 1500)
            if edited_at <= SNAPSHOT.timestamp():
                msg.data["edited"] = {"user": msg.author.uid, "ts": f"{edited_at}.000000"}

    # ---- output ------------------------------------------------------------------------

    def users_json(self) -> list[dict[str, Any]]:
        """The ``users.json`` list (people, then the bot user)."""
        users: list[dict[str, Any]] = []
        colors = [
            "9f69e7",
            "4bbe2e",
            "e7392d",
            "3c989f",
            "674b1b",
            "e96699",
            "e0a729",
            "5b89d5",
            "43761b",
            "df3dc0",
            "2b6836",
            "d58247",
            "bb86b7",
            "902d59",
            "99a949",
            "8d4b84",
        ]
        for person in self.people:
            first, last = first_last(person)
            profile = {
                "title": person.title,
                "phone": "",
                "skype": "",
                "real_name": person.real_name,
                "real_name_normalized": ascii_fold(person.real_name),
                "display_name": person.display_name,
                "display_name_normalized": ascii_fold(person.display_name),
                "fields": None,
                "status_text": "",
                "status_emoji": "",
                "status_expiration": 0,
                "avatar_hash": "g" + person.uid[-6:].lower() + "a1b2c",
                "first_name": first,
                "last_name": last,
                "image_72": f"https://avatars.slack-edge.com/2024-01-15/{person.uid}_72.png",
                "image_192": f"https://avatars.slack-edge.com/2024-01-15/{person.uid}_192.png",
                "team": TEAM,
            }
            user: dict[str, Any] = {
                "id": person.uid,
                "team_id": TEAM,
                "name": person.name,
                "deleted": person.deleted,
                "color": self.rng.choice(colors),
                "real_name": person.real_name,
                "tz": person.tz,
            }
            if person.tz:
                offset = ZoneInfo(person.tz).utcoffset(SNAPSHOT.replace(tzinfo=None))
                assert offset is not None
                user["tz_label"] = TZ_LABELS[person.tz]
                user["tz_offset"] = int(offset.total_seconds())
            user.update(
                {
                    "profile": profile,
                    "is_admin": person.admin,
                    "is_owner": person.admin,
                    "is_primary_owner": False,
                    "is_restricted": person.name == "alex.morgan",
                    "is_ultra_restricted": False,
                    "is_bot": False,
                    "is_app_user": False,
                    "updated": int(SNAPSHOT.timestamp()) - self.rng.randrange(86400 * 200),
                }
            )
            users.append(user)
        users.append(
            {
                "id": self.bot_uid,
                "team_id": TEAM,
                "name": "geekbot",
                "deleted": False,
                "color": "757575",
                "real_name": "Geekbot",
                "tz": LA,
                "tz_label": TZ_LABELS[LA],
                "tz_offset": -28800,
                "profile": {
                    "title": "",
                    "phone": "",
                    "skype": "",
                    "real_name": "Geekbot",
                    "real_name_normalized": "Geekbot",
                    "display_name": "",
                    "display_name_normalized": "",
                    "fields": None,
                    "status_text": "",
                    "status_emoji": "",
                    "status_expiration": 0,
                    "avatar_hash": "a1b2c3d4e5f6",
                    "api_app_id": APP_ID,
                    "always_active": True,
                    "bot_id": BOT_ID,
                    "first_name": "Geekbot",
                    "last_name": "",
                    "image_72": "https://avatars.slack-edge.com/geekbot_72.png",
                    "team": TEAM,
                },
                "is_admin": False,
                "is_owner": False,
                "is_primary_owner": False,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": True,
                "is_app_user": False,
                "updated": 1690000000,
            }
        )
        return users

    def channels_json(self) -> list[dict[str, Any]]:
        """The ``channels.json`` list (the one #learning-day channel)."""
        jon = self.by_name["jon.petersen"].uid
        created = int(datetime(2026, 6, 4, 16, 2, 11, tzinfo=UTC).timestamp())
        members = [p.uid for p in self.people if not p.deleted] + [self.bot_uid]
        return [
            {
                "id": CHANNEL_ID,
                "name": CHANNEL_NAME,
                "created": created,
                "creator": jon,
                "is_archived": False,
                "is_general": False,
                "members": members,
                "topic": {
                    "value": "Every Thursday: post your plan in the morning and a summary at the "
                    "end of your day :books:",
                    "creator": jon,
                    "last_set": created + 3600,
                },
                "purpose": {
                    "value": "Learning Day is a gift :heart: Share what you plan to learn and what "
                    "you learned, it keeps all of us going.",
                    "creator": jon,
                    "last_set": created,
                },
            }
        ]

    def run(self) -> None:
        """Generate the whole data set and write it to DATA_DIR."""
        for week in range(WEEKS):
            self.run_week(week)
        limit = SNAPSHOT.timestamp()
        self.messages = [m for m in self.messages if m.instant.timestamp() <= limit]
        self.add_edits()
        self.check()
        data = [m.data for m in self.messages]
        rebuild_thread_metadata(data)
        self.write(data)

    def check(self) -> None:
        """Fail loudly if the data set lost a property the demo and the tests rely on."""
        texts = "\n".join(str(m.data["text"]) for m in self.messages)
        for needle in (
            "[bold]not markup[/bold]",
            "[/",
            "&amp;",
            "&lt;",
            "&gt;",
            "<@U",
            "<https://arxiv.org/abs/1706.03762|Attention Is All You Need>",
        ):
            assert needle in texts, needle
        newest = [m for m in self.messages if m.week == WEEKS - 1]
        members = [p for p in self.active(WEEKS - 1)]
        with_plan = {m.author.name for m in newest if m.kind == "plan" and m.author}
        with_summary = {m.author.name for m in newest if m.kind == "summary" and m.author}
        lacking = [p for p in members if p.name not in with_plan or p.name not in with_summary]
        assert len(lacking) >= 10, len(lacking)
        assert len(with_plan) >= 15, len(with_plan)
        assert any("edited" in m.data for m in self.messages)
        assert any(m.kind == "reply" for m in self.messages)
        stamps = [m.ts for m in self.messages]
        assert len(stamps) == len(set(stamps))
        for m in self.messages:
            if m.author is not None and m.kind in ("plan", "summary", "reply", "chatter"):
                hour = self.local_hour(m.author, m.instant)
                assert 7.5 <= hour <= 23.0, (m.author.name, hour)

    def write(self, data: list[dict[str, Any]]) -> None:
        """Write the export files into DATA_DIR (replacing the export there, keeping the people
        file) in the layout of a Slack export, and print a short report."""
        with SlackExportWriter(DATA_DIR) as writer:
            writer.write_users(self.users_json())
            writer.write_channels(self.channels_json())
            day_files = writer.write_messages(CHANNEL_NAME, data)
        self.report(data, day_files)

    def report(self, data: list[dict[str, Any]], day_files: int) -> None:
        """Print counts and the size of the data set."""
        kinds: dict[str, int] = {}
        for m in self.messages:
            kinds[m.kind] = kinds.get(m.kind, 0) + 1
        size = sum(p.stat().st_size for p in DATA_DIR.rglob("*.json"))
        zones = {p.tz for p in self.people if p.tz}
        print(f"people: {len(self.people)} (+1 bot), zones: {len(zones)}, messages: {len(data)}")
        print(f"by kind: {kinds}; day files: {day_files}; size: {size / 1024:.0f} KiB")
        print(f"pool units left: {len(self.units)}")


def main() -> None:
    """Entry point: regenerate the bundled demo data set."""
    Generator().run()


if __name__ == "__main__":
    main()
