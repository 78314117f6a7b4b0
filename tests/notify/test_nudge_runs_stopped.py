"""A nudge run that is stopped, cancelled mid-request, or whose next rows another process
swept, for every via.

``channel`` (a loopback webhook), ``dm`` (a loopback Slack Web API) and ``geekbot`` (a loopback
Geekbot) each send one message (or batch) at a time; between two of them the facilitator may
stop the run (or quit the console, cancelling the request in flight), or a process that opened
the file may sweep rows it thinks were left behind. The
tests assert on the outcomes the facilitator is shown, the progress reported, what each server
received and the ledger rows, on a real SQLite store."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from export_builder import person, write_export
from fake_apis import FakeSlackAPI, slack_user
from geekbot_api import GeekbotAPI, gb_question, gb_user
from webhook_server import FakeSlack, ok, slow

from ldtui.importers import geekbot
from ldtui.importers.geekbot import QuestionMap, import_standup
from ldtui.importers.slack_export import read_slack_export
from ldtui.notify.nudger import SEND_CUT_OFF, NudgeOutcome, Nudger, NudgeTarget
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


@dataclass
class Loopback:
    build: Callable[[], Nudger]
    """A nudger for the via, against its loopback server."""
    received: Callable[[], int]
    """How many messages (or Geekbot batches) the server answered."""
    hang_second: Callable[[], Callable[[], bool]]
    """Make the second message get no answer; returns whether it has reached the server."""
    release: threading.Event
    """Set: the hanging answer goes out (dm, geekbot; their request runs in a thread the
    event loop waits for when it closes)."""


def hang_second_call(
    monkeypatch: pytest.MonkeyPatch, server: object, name: str, release: threading.Event
) -> Callable[[], bool]:
    """Make the loopback ``server``'s answering method ``name`` block on its second call until
    ``release``; returns whether that call has come."""
    answer = getattr(server, name)
    calls: list[int] = []

    def hanging(*args: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            release.wait(30)
        return answer(*args)

    monkeypatch.setattr(server, name, hanging)
    return lambda: len(calls) >= 2


@pytest.fixture
def make(
    via: str, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Loopback]:
    """The nudger for ``via`` and its loopback server. Geekbot asks one person per request
    here, so every via sends Ann, Bo and Cy in the same turns as the channel (Ann's plan,
    then the summaries of Bo and Cy)."""
    people = [person(t.id, t.name, tz="UTC") for t in TARGETS]
    store.import_batch(read_slack_export(write_export(tmp_path, people=people), "learning-day"))
    release = threading.Event()

    def nudger(url: str | None = None, **kw: Any) -> Callable[[], Nudger]:
        return lambda: Nudger(store, url, cooldown=COOL, clock=lambda: NOW, spacing=0, **kw)

    if via == "channel":
        with FakeSlack() as server:

            def hang_webhook() -> Callable[[], bool]:
                server.respond(ok(), slow(30, ok()))
                return lambda: len(server.requests) >= 2

            yield Loopback(nudger(server.url), lambda: len(server.requests), hang_webhook, release)
    elif via == "dm":
        with FakeSlackAPI(token=TOKEN) as slack:
            slack.users.extend(slack_user(t.id, t.name) for t in TARGETS)
            yield Loopback(
                nudger(sleep=no_sleep, via="dm", slack_token=TOKEN, slack_api_url=slack.url),
                lambda: len(slack.posted),
                lambda: hang_second_call(monkeypatch, slack, "_chat_postMessage", release),
                release,
            )
            release.set()
    else:
        monkeypatch.setattr(geekbot, "START_BATCH", 1)
        with GeekbotAPI(key=KEY) as gb:
            users = [gb_user(t.id, t.name.lower(), t.name) for t in TARGETS]
            gb.add_standup(42, "Learning Day", users, [gb_question(7, "Your plan?")])
            questions = QuestionMap(frozenset({"7"}), frozenset())
            import_standup(store, KEY, 42, questions, base_url=gb.url, read_ooo=False)
            yield Loopback(
                nudger(
                    via="geekbot", geekbot_key=KEY, geekbot_standup_id=42, geekbot_api_url=gb.url
                ),
                lambda: len(gb.started),
                lambda: hang_second_call(monkeypatch, gb, "_start", release),
                release,
            )
            release.set()


def rows(store: Store) -> dict[str, tuple[str, str | None]]:
    return {r.person_id: (r.status, r.error) for r in store.nudges(THU)}


def shown_and_recorded(outcomes: list[NudgeOutcome], store: Store) -> dict[str, tuple]:
    """Each person's (status, error) as the outcomes show it, checked equal to the ledger's."""
    shown = {o.target.id: (o.status, o.error) for o in outcomes}
    assert [o.target.id for o in outcomes] == [t.id for t in TARGETS]
    assert rows(store) == shown
    return shown


async def test_stop_after_the_first_message_cancels_the_rest(make: Loopback, store: Store) -> None:
    nudger = make.build()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        nudger.stop(QUIT)

    outcomes = await nudger.nudge(TARGETS, THU, progress=progress)
    assert make.received() == 1
    assert seen[0][0] == 1 and len(seen) == 1
    assert shown_and_recorded(outcomes, store) == {
        "U1": (NudgeStatus.SENT, None),
        "U2": (NudgeStatus.CANCELLED, QUIT),
        "U3": (NudgeStatus.CANCELLED, QUIT),
    }


async def test_a_row_swept_meanwhile_is_not_sent_and_the_rest_still_are(
    make: Loopback, store: Store, tmp_path: Path
) -> None:
    """After Ann's message another process (its own connection) finishes Bo's pending row,
    as its sweep would after this machine slept past the deadline: Bo is not this run's to
    send any more; Cy still gets hers (in the channel, a message of her own)."""
    other = Store(tmp_path / "ldtui.db")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 1:
            [bo] = [r.id for r in other.nudges(THU) if r.person_id == "U2"]
            other.finish_nudges([bo], NOW, status=NudgeStatus.CANCELLED, error=NOT_SENT_STOPPED)

    outcomes = await make.build().nudge(TARGETS, THU, progress=progress)
    other.close()
    assert make.received() == 2
    assert [done for done, _ in seen] == [1, 2]
    assert seen[-1] == (2, 2)  # the progress the facilitator sees ends complete
    assert shown_and_recorded(outcomes, store) == {
        "U1": (NudgeStatus.SENT, None),
        "U2": (NudgeStatus.CANCELLED, NOT_SENT_STOPPED),
        "U3": (NudgeStatus.SENT, None),
    }


async def test_cancelled_mid_request_records_it_interrupted_and_the_rest_cancelled(
    make: Loopback, store: Store, via: str
) -> None:
    """The console quits while Bo's message waits for its answer: Bo's row is ``interrupted``
    (delivery unknown: it blocks an automatic re-nudge), Cy's ``cancelled`` (in the channel
    Cy is in Bo's message, so hers is interrupted too), and the cancellation reaches the
    caller."""
    arrived = make.hang_second()
    task = asyncio.create_task(make.build().nudge(TARGETS, THU))
    for _ in range(1500):
        if arrived():
            break
        await asyncio.sleep(0.02)  # the server notes the request from its own thread
    assert arrived()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    make.release.set()
    assert rows(store) == {
        "U1": (NudgeStatus.SENT, None),
        "U2": (NudgeStatus.INTERRUPTED, SEND_CUT_OFF),
        "U3": (NudgeStatus.INTERRUPTED, SEND_CUT_OFF)
        if via == "channel"
        else (NudgeStatus.CANCELLED, "not sent: the nudge run was stopped"),
    }
