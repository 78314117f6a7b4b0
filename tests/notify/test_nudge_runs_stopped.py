"""A nudge run that is stopped, or whose next rows another process swept, for every via.

``channel`` (a loopback webhook), ``dm`` (a loopback Slack Web API) and ``geekbot`` (a loopback
Geekbot) each send one message (or batch) at a time; between two of them the facilitator may
stop the run, or a process that opened the file may sweep rows it thinks were left behind. The
tests assert on the outcomes the facilitator is shown, the progress reported, what each server
received and the ledger rows, on a real SQLite store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from export_builder import person, write_export
from fake_apis import FakeSlackAPI, slack_user
from geekbot_api import GeekbotAPI, gb_question, gb_user
from webhook_server import FakeSlack

from ldtui.importers import geekbot
from ldtui.importers.geekbot import QuestionMap, import_standup
from ldtui.importers.slack_export import read_slack_export
from ldtui.notify.nudger import Nudger, NudgeTarget
from ldtui.records import NudgeStatus
from ldtui.store import NOT_SENT_STOPPED, Store

THU = date(2025, 11, 27)
NOW = datetime(2025, 11, 27, 9, 30, tzinfo=UTC)
COOL = timedelta(minutes=120)
TOKEN = "xoxb-stop-secret-token"
KEY = "gb-stop-s3cr3t-key"
QUIT = "not sent: console quit"

ANN = NudgeTarget("U1", "Ann", "plan")
BO = NudgeTarget("U2", "Bo", "summary")
CY = NudgeTarget("U3", "Cy", "summary")
TARGETS = [ANN, BO, CY]


async def no_sleep(_: float) -> None:
    return None


@pytest.fixture(params=["channel", "dm", "geekbot"])
def via(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make(
    via: str, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Callable[[], Nudger], Callable[[], int]]]:
    """A nudger for ``via`` against its loopback server, and a count of the messages (or
    Geekbot batches) that server received. Geekbot asks one person per request here, so
    every via sends Ann, Bo and Cy in the same turns as the channel (Ann's plan, then the
    summaries of Bo and Cy)."""
    people = [person(t.id, t.name, tz="UTC") for t in TARGETS]
    store.import_batch(read_slack_export(write_export(tmp_path, people=people), "learning-day"))
    if via == "channel":
        with FakeSlack() as server:
            yield (
                lambda: Nudger(store, server.url, cooldown=COOL, clock=lambda: NOW, spacing=0),
                lambda: len(server.requests),
            )
    elif via == "dm":
        with FakeSlackAPI(token=TOKEN) as slack:
            slack.users.extend(slack_user(t.id, t.name) for t in TARGETS)
            yield (
                lambda: Nudger(
                    store,
                    None,
                    cooldown=COOL,
                    clock=lambda: NOW,
                    sleep=no_sleep,
                    spacing=0,
                    via="dm",
                    slack_token=TOKEN,
                    slack_api_url=slack.url,
                ),
                lambda: len(slack.posted),
            )
    else:
        monkeypatch.setattr(geekbot, "START_BATCH", 1)
        with GeekbotAPI(key=KEY) as gb:
            users = [gb_user(t.id, t.name.lower(), t.name) for t in TARGETS]
            gb.add_standup(42, "Learning Day", users, [gb_question(7, "Your plan?")])
            questions = QuestionMap(frozenset({"7"}), frozenset())
            import_standup(store, KEY, 42, questions, base_url=gb.url, read_ooo=False)
            yield (
                lambda: Nudger(
                    store,
                    None,
                    cooldown=COOL,
                    clock=lambda: NOW,
                    via="geekbot",
                    geekbot_key=KEY,
                    geekbot_standup_id=42,
                    geekbot_api_url=gb.url,
                ),
                lambda: len(gb.started),
            )


def rows(store: Store) -> dict[str, tuple[str, str | None]]:
    return {r.person_id: (r.status, r.error) for r in store.nudges(THU)}


async def test_stop_after_the_first_message_cancels_the_rest(
    make: tuple[Callable[[], Nudger], Callable[[], int]], store: Store
) -> None:
    build, received = make
    nudger = build()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        nudger.stop(QUIT)

    outcomes = await nudger.nudge(TARGETS, THU, progress=progress)
    assert received() == 1
    assert seen[0][0] == 1 and len(seen) == 1
    assert [(o.target.id, o.status, o.error) for o in outcomes] == [
        ("U1", NudgeStatus.SENT, None),
        ("U2", NudgeStatus.CANCELLED, QUIT),
        ("U3", NudgeStatus.CANCELLED, QUIT),
    ]
    assert rows(store) == {
        "U1": (NudgeStatus.SENT, None),
        "U2": (NudgeStatus.CANCELLED, QUIT),
        "U3": (NudgeStatus.CANCELLED, QUIT),
    }


async def test_a_row_swept_meanwhile_is_not_sent_and_the_rest_still_are(
    make: tuple[Callable[[], Nudger], Callable[[], int]], store: Store, tmp_path: Path
) -> None:
    """After Ann's message another process (its own connection) finishes Bo's pending row,
    as its sweep would after this machine slept past the deadline: Bo is not this run's to
    send any more; Cy still gets hers (in the channel, a message of her own)."""
    build, received = make
    other = Store(tmp_path / "ldtui.db")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 1:
            [bo] = [r.id for r in other.nudges(THU) if r.person_id == "U2"]
            other.finish_nudges([bo], NOW, status=NudgeStatus.CANCELLED, error=NOT_SENT_STOPPED)

    outcomes = await build().nudge(TARGETS, THU, progress=progress)
    other.close()
    assert received() == 2
    assert [done for done, _ in seen] == [1, 2]
    assert [(o.target.id, o.status, o.error) for o in outcomes] == [
        ("U1", NudgeStatus.SENT, None),
        ("U2", NudgeStatus.CANCELLED, NOT_SENT_STOPPED),
        ("U3", NudgeStatus.SENT, None),
    ]
    assert rows(store) == {
        "U1": (NudgeStatus.SENT, None),
        "U2": (NudgeStatus.CANCELLED, NOT_SENT_STOPPED),
        "U3": (NudgeStatus.SENT, None),
    }
