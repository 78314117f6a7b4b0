"""The bundled demo data set (a Slack export) and its time shifting (ldtui.demo)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ldtui.demo import (
    BASE_NEWEST_THURSDAY,
    CHANNEL_NAME,
    DATA_DIR,
    prepare_demo_export,
)
from ldtui.learning_day import learning_day_on_or_before

TS_RE = re.compile(r"^\d{10}\.\d{6}$")
THURSDAY = 3

Message = dict[str, Any]


def load_export(root: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Return (users, channels, {day-file name: messages}) of the export in ``root``."""
    users = json.loads((root / "users.json").read_text(encoding="utf-8"))
    channels = json.loads((root / "channels.json").read_text(encoding="utf-8"))
    days = {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((root / CHANNEL_NAME).glob("*.json"))
    }
    return users, channels, days


def all_messages(days: dict[str, list[Message]]) -> list[Message]:
    return [message for messages in days.values() for message in messages]


def zones_of(users: list[dict[str, Any]]) -> dict[str, tzinfo]:
    return {u["id"]: ZoneInfo(u["tz"]) if u.get("tz") else UTC for u in users}


def instant(ts: str) -> datetime:
    return datetime.fromtimestamp(int(ts.split(".")[0]), UTC)


def local_of(message: Message, zones: dict[str, tzinfo]) -> datetime:
    return instant(message["ts"]).astimezone(zones.get(message.get("user", ""), UTC))


def is_post(message: Message) -> bool:
    """A top-level human message (plan, summary or chatter), not a reply or system message."""
    if message.get("subtype"):
        return False
    return message.get("thread_ts") in (None, message["ts"])


def learning_day(local: datetime) -> date:
    """The Thursday a post belongs to: Wednesday-evening plans and Friday summaries count."""
    if local.weekday() == THURSDAY - 1 and local.hour >= 18:
        return local.date() + timedelta(days=1)
    if local.weekday() == THURSDAY + 1 and local.hour < 12:
        return local.date() - timedelta(days=1)
    return local.date()


TIME_KEYS = ("ts", "thread_ts", "edited", "latest_reply", "replies")


def strip_times(message: Message) -> Message:
    """The message without the fields that hold timestamps."""
    return {k: v for k, v in message.items() if k not in TIME_KEYS}


@pytest.fixture(scope="module")
def bundled() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    return load_export(DATA_DIR)


# ---- the bundled data set ------------------------------------------------------------------


def test_bundled_export_is_a_slack_export(bundled: Any) -> None:
    users, channels, days = bundled
    assert isinstance(users, list) and all("id" in u and "name" in u for u in users)
    assert len(channels) == 1
    channel = channels[0]
    assert channel["name"] == CHANNEL_NAME
    assert re.fullmatch(r"C[A-Z0-9]{8,}", channel["id"])
    user_ids = {u["id"] for u in users}
    assert set(channel["members"]) <= user_ids
    messages = all_messages(days)
    stamps = [m["ts"] for m in messages]
    assert all(TS_RE.match(ts) for ts in stamps)
    assert len(set(stamps)) == len(stamps)
    for name, day_messages in days.items():
        assert [m["ts"] for m in day_messages] == sorted(m["ts"] for m in day_messages)
        for message in day_messages:
            assert f"{instant(message['ts']).date().isoformat()}.json" == name
            assert message["type"] == "message"
            assert message.get("user") in user_ids | {None}


def test_bundled_people_and_zones(bundled: Any) -> None:
    users, _, days = bundled
    people = [u for u in users if not u.get("is_bot")]
    assert len(people) >= 34
    zones = {u["tz"] for u in people if u.get("tz")}
    assert len(zones) >= 7
    assert zones & {"Pacific/Auckland", "Pacific/Kiritimati", "Pacific/Chatham"}
    assert zones & {"Asia/Kolkata", "Asia/Kathmandu"}
    assert any(not u.get("tz") for u in people)
    assert any(u["deleted"] for u in people)
    bots = [u for u in users if u.get("is_bot")]
    assert len(bots) == 1
    for user in users:
        assert {"id", "name", "real_name", "deleted", "is_bot", "tz", "profile"} <= user.keys()
        assert "display_name" in user["profile"] and "real_name" in user["profile"]
        if user.get("tz"):
            assert ZoneInfo(user["tz"]) and isinstance(user["tz_offset"], int)
    assert any("[" in u["profile"]["display_name"] for u in people)
    messages = all_messages(days)
    assert sum(m.get("subtype") == "bot_message" for m in messages) >= 2
    assert sum(m.get("subtype") == "channel_join" for m in messages) >= 2


def test_bundled_texts_keep_slack_tokens_and_literal_markup(bundled: Any) -> None:
    _, _, days = bundled
    texts = [m["text"] for m in all_messages(days)]
    joined = "\n".join(texts)
    assert "[bold]not markup[/bold]" in joined
    assert "[/" in joined
    assert "<https://arxiv.org/abs/1706.03762|Attention Is All You Need>" in joined
    assert re.search(r"<@U[A-Z0-9]+>", joined)
    for escape in ("&amp;", "&lt;", "&gt;"):
        assert escape in joined
    # Slack escapes &, < and > in text: a raw "<" only opens a token.
    for text in texts:
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), text
        assert all(part.startswith(("@U", "http")) for part in re.findall(r"<([^>]*)>", text))
    plans = {m["text"] for m in all_messages(days) if is_post(m)}
    assert len(plans) >= 120  # at least ~60 distinct plans and ~60 distinct summaries


def test_bundled_threads_and_edits(bundled: Any) -> None:
    _, _, days = bundled
    messages = all_messages(days)
    by_ts = {m["ts"]: m for m in messages}
    replies = [m for m in messages if m.get("thread_ts") not in (None, m["ts"])]
    assert replies
    for reply in replies:
        parent = by_ts[reply["thread_ts"]]
        assert reply["parent_user_id"] == parent["user"]
        assert {"user": reply["user"], "ts": reply["ts"]} in parent["replies"]
        assert parent["reply_count"] == len(parent["replies"])
    edited = [m for m in messages if "edited" in m]
    assert edited
    for message in edited:
        assert message["edited"]["user"] == message["user"]
        assert float(message["edited"]["ts"]) > float(message["ts"])


def test_bundled_has_eight_consecutive_thursdays(bundled: Any) -> None:
    users, _, days = bundled
    zones = zones_of(users)
    posts = [m for m in all_messages(days) if is_post(m)]
    learning_days = Counter(learning_day(local_of(m, zones)) for m in posts)
    expected = [BASE_NEWEST_THURSDAY - timedelta(weeks=n) for n in range(7, -1, -1)]
    assert sorted(learning_days) == expected
    assert all(day.weekday() == THURSDAY for day in learning_days)
    assert all(learning_days[day] >= 20 for day in expected)


def test_bundled_posting_times_are_local_mornings_and_evenings(bundled: Any) -> None:
    users, _, days = bundled
    zones = zones_of(users)
    hours = [local_of(m, zones).hour for m in all_messages(days) if is_post(m)]
    morning = sum(8 <= h < 12 for h in hours)
    afternoon = sum(14 <= h < 19 for h in hours)
    assert morning + afternoon >= 0.85 * len(hours)
    assert all(7 <= h <= 23 for h in hours)


def test_bundled_newest_thursday_is_in_progress(bundled: Any) -> None:
    users, channels, days = bundled
    zones = zones_of(users)
    plans: set[str] = set()
    summaries: set[str] = set()
    for message in all_messages(days):
        if not is_post(message):
            continue
        local = local_of(message, zones)
        if learning_day(local) != BASE_NEWEST_THURSDAY:
            continue
        if local.date() < BASE_NEWEST_THURSDAY or local.hour < 12:
            plans.add(message["user"])
        else:
            summaries.add(message["user"])
    people = [u["id"] for u in users if not u.get("is_bot") and not u["deleted"]]
    assert set(people) <= set(channels[0]["members"])
    lacking = [p for p in people if p not in plans or p not in summaries]
    assert len(lacking) >= 10
    assert len(plans) >= 15
    assert len(summaries) < len(plans)


def test_bundled_data_is_small() -> None:
    size = sum(path.stat().st_size for path in DATA_DIR.rglob("*") if path.is_file())
    assert size < 1_000_000


# ---- shifting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 26), date(2026, 11, 26)),  # a Thursday: itself
        (date(2026, 11, 29), date(2026, 11, 26)),  # Sunday
        (date(2026, 11, 25), date(2026, 11, 19)),  # Wednesday
        (date(2027, 3, 20), date(2027, 3, 18)),
    ],
)
def test_learning_day_on_or_before(today: date, expected: date) -> None:
    assert learning_day_on_or_before(today) == expected


@pytest.mark.parametrize(
    "today",
    [
        date(2026, 11, 26),  # the base week itself (a Thursday)
        date(2027, 1, 7),  # a Thursday
        date(2026, 12, 6),  # a Sunday
        date(2027, 3, 20),  # after the US DST start, before Europe's
        date(2027, 7, 1),  # northern summer, southern winter
        date(2025, 2, 2),  # in the past
    ],
)
def test_prepare_demo_export_moves_to_this_week(tmp_path: Path, today: date) -> None:
    base_users, base_channels, base_days = load_export(DATA_DIR)
    dest = tmp_path / "export"
    assert prepare_demo_export(dest, today) == dest
    users, channels, days = load_export(dest)
    assert users == base_users
    assert channels[0]["members"] == base_channels[0]["members"]

    zones = zones_of(users)
    expected_newest = learning_day_on_or_before(today)
    weeks = (expected_newest - BASE_NEWEST_THURSDAY).days // 7
    original = all_messages(base_days)
    shifted = all_messages(days)
    assert len(shifted) == len(original)

    # Fractions are unique in the data set, so they pair each message with its original.
    def fraction(message: Message) -> str:
        return str(message["ts"]).split(".")[1]

    assert len({fraction(m) for m in original}) == len(original)
    originals = {fraction(m): m for m in original}
    utc_moves: set[timedelta] = set()
    for message in shifted:
        before = originals[fraction(message)]
        assert strip_times(message) == strip_times(before)
        old_local, new_local = local_of(before, zones), local_of(message, zones)
        assert new_local.weekday() == old_local.weekday()
        assert new_local.time() == old_local.time()
        assert new_local.date() - old_local.date() == timedelta(weeks=weeks)
        utc_moves.add(instant(message["ts"]) - instant(before["ts"]))
        if "edited" in message:
            edit_old = instant(before["edited"]["ts"]).astimezone(zones[message["user"]])
            edit_new = instant(message["edited"]["ts"]).astimezone(zones[message["user"]])
            assert edit_new.time() == edit_old.time()

    stamps = [m["ts"] for m in shifted]
    assert len(set(stamps)) == len(stamps)
    by_ts = {m["ts"]: m for m in shifted}
    for name, day_messages in days.items():
        assert [float(m["ts"]) for m in day_messages] == sorted(
            float(m["ts"]) for m in day_messages
        )
        for message in day_messages:
            assert f"{instant(message['ts']).date().isoformat()}.json" == name
            if message.get("thread_ts"):
                parent = by_ts[message["thread_ts"]]
                assert parent.get("thread_ts") == parent["ts"]
                assert (
                    message["ts"] == parent["ts"]
                    or {
                        "user": message["user"],
                        "ts": message["ts"],
                    }
                    in parent["replies"]
                )

    newest = max(learning_day(local_of(m, zones)) for m in shifted if is_post(m))
    assert newest == expected_newest
    learning_days = {learning_day(local_of(m, zones)) for m in shifted if is_post(m)}
    assert len(learning_days) == 8 and all(d.weekday() == THURSDAY for d in learning_days)
    if today == date(2027, 3, 20):
        # Whole weeks of local time are not whole weeks of UTC time across a DST change.
        assert len(utc_moves) > 1


def test_prepare_demo_export_drops_messages_from_the_future(tmp_path: Path) -> None:
    today = date(2027, 1, 7)  # a Thursday
    now = datetime(2027, 1, 7, 12, 0, tzinfo=UTC)
    full = all_messages(load_export(prepare_demo_export(tmp_path / "full", today))[2])
    users, _, days = load_export(prepare_demo_export(tmp_path / "now", today, now=now))
    messages = all_messages(days)
    assert 0 < len(messages) < len(full)
    assert all(instant(m["ts"]) <= now for m in messages)
    assert all(instant(m["edited"]["ts"]) <= now for m in messages if "edited" in m)
    assert len(messages) == sum(instant(m["ts"]) <= now for m in full)
    zones = zones_of(users)
    # Asia/Pacific have posted on "today" already; nothing later than now exists.
    today_posts = [m for m in messages if is_post(m) and learning_day(local_of(m, zones)) == today]
    assert today_posts
    by_ts = {m["ts"]: m for m in messages}
    for message in messages:
        if message.get("reply_count"):
            present = [
                r for r in messages if r.get("thread_ts") == message["ts"] and r is not message
            ]
            assert message["reply_count"] == len(present)
        if message.get("thread_ts") and message["thread_ts"] != message["ts"]:
            assert message["thread_ts"] in by_ts
    # An aware now in another zone means the same instant.
    other = prepare_demo_export(
        tmp_path / "other", today, now=now.astimezone(ZoneInfo("Asia/Tokyo"))
    )
    assert len(all_messages(load_export(other)[2])) == len(messages)


def test_prepare_demo_export_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        prepare_demo_export(tmp_path / "a", date(2027, 1, 7), now=datetime(2027, 1, 7, 12))  # noqa: DTZ001
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "users.json").write_text("[]")
    with pytest.raises(FileExistsError):
        prepare_demo_export(busy, date(2027, 1, 7))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert prepare_demo_export(empty, date(2027, 1, 7)) == empty


def test_prepare_demo_export_keeps_people_per_week_roughly_stable(tmp_path: Path) -> None:
    users, _, days = load_export(prepare_demo_export(tmp_path / "e", date(2027, 7, 1)))
    zones = zones_of(users)
    per_day: dict[date, set[str]] = defaultdict(set)
    for message in all_messages(days):
        if is_post(message):
            per_day[learning_day(local_of(message, zones))].add(message["user"])
    members = sum(not u.get("is_bot") for u in users)
    for people in per_day.values():
        assert 0.55 * members <= len(people) <= 0.95 * members
