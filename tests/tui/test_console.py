"""The Thursday console, driven as a facilitator would: keys in, what the screen shows out.

Nudges go to a real HTTP server on 127.0.0.1 (tests/helpers/webhook_server.py) answering as
Slack does.
"""

from __future__ import annotations

import getpass
from dataclasses import replace

import pytest
from console_data import NOW, PREV, THU, fill
from console_pilot import EVERY_HOUR
from textual.widgets import DataTable, Input, Static
from webhook_server import error, ok, rate_limited

from ldtui.config import Config
from ldtui.store import Store
from ldtui.tui.app import make_app
from ldtui.tui.widgets.roster import RosterTable


async def no_sleep(seconds: float) -> None:
    """Stands in for asyncio.sleep so 429 retries do not slow the suite (the wait asked for
    is recorded instead)."""
    SLEPT.append(seconds)


SLEPT: list[float] = []


def screen_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def roster_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#roster", RosterTable)
    return [table.row_texts(i) for i in range(table.row_count)]


def toasts(app) -> list[str]:
    return [str(t.render()) for t in app.screen.query("Toast")]


@pytest.fixture
def store(store: Store) -> Store:
    """The shared store with :mod:`console_data`."""
    return fill(store)


def console(store, webhook_url: str | None = None, **config):
    cfg = replace(Config(), webhook_url=webhook_url, quiet_hours=EVERY_HOUR, **config)
    return make_app(store, cfg, day=THU, clock=lambda: NOW, sleep=no_sleep)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_counts_and_roster(store):
    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "plans 2/4 · summaries 1/4" in screen_text(app, "#counts")
        rows = roster_rows(app)
        # Bots and deactivated non-posters are not on the roster; names sorted, shown literally.
        assert [r[0] for r in rows] == [
            "Ada Lovelace",
            "Grace [/]Hopper & <Co>",
            "Kai [bold]Tanaka[/bold]",
            "Priya Shah",
        ]
        ada, grace, kai, priya = rows
        assert ada[1] == "Thu 15:00"  # London is UTC in November
        assert grace[1] == "Thu 10:00"
        assert kai[1] == "Fri 00:00"
        assert priya[1] == "Thu 20:30"  # Kolkata, a non-hour offset
        assert ada[2] == "✓ 09:10" and ada[3] == "not yet"
        assert kai[2] == "✓ 09:00" and kai[3] == "✓ 17:30"
        assert grace[2] == "not yet" and priya[2] == "not yet"


async def test_detail_pane_shows_text_exactly_as_written(store):
    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down")
        detail = screen_text(app, "#detail-body")
        assert "Kai [bold]Tanaka[/bold]" in detail
        assert "Read the Raft paper [bold]x[/bold]" in detail
        assert "[link=http://x]not a link[/link] and [/" in detail
        assert "Asia/Tokyo" in detail


async def test_previous_and_next_thursday(store):
    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("left_square_bracket")
        counts = screen_text(app, "#counts")
        assert "Thursday 19 Nov 2026" in counts
        assert "plans 2/4 · summaries 2/4" in counts
        priya = roster_rows(app)[3]
        # A Wednesday-evening plan and a Friday-morning summary (grace windows).
        assert priya[2] == "✓ Wed 19:00" and priya[3] == "✓ Fri 10:00"
        await pilot.press("right_square_bracket")
        assert "Thursday 26 Nov 2026" in screen_text(app, "#counts")
        await pilot.press("right_square_bracket")  # not past the current Learning Day
        assert "Thursday 26 Nov 2026" in screen_text(app, "#counts")


async def test_history_lists_thursdays_and_enter_opens_one(store):
    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        table = app.screen.query_one("#history", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:4] == ["Thu 26 Nov 2026", "2/4", "1/4", "1/4"]
        assert rows[1][:4] == ["Thu 19 Nov 2026", "2/4", "2/4", "2/4"]
        assert "50%" in rows[1][4]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "Thursday 19 Nov 2026" in screen_text(app, "#counts")


async def test_filter_by_name(store):
    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert app.screen.query_one("#filter", Input).has_focus
        await pilot.press(*"gra")
        assert [r[0] for r in roster_rows(app)] == ["Grace [/]Hopper & <Co>"]
        assert "plans 2/4" in screen_text(app, "#counts")  # counts stay those of the day
        await pilot.press("enter", "escape")
        assert len(roster_rows(app)) == 4


async def test_nudge_selected_person_through_slack(store, fake_slack):
    app = console(store, fake_slack.url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("down", "n")  # Grace, 10:00 in New York: her plan is due
        await settle(pilot)
        assert len(fake_slack.requests) == 1
        text = fake_slack.bodies[0]["text"]
        assert "<@U2GRACE>" in text and "plan" in text and "Thursday 26 Nov 2026" in text
        assert roster_rows(app)[1][4] == "1"
        assert any("Nudged Grace [/]Hopper & <Co>" in t for t in toasts(app))
        who = getpass.getuser()  # no facilitator configured: the login name
        assert f"plan    sent  by {who}  HTTP 200" in screen_text(app, "#detail-body")
        # The webhook URL is a secret: only its host is ever shown.
        assert "XXXX" not in screen_text(app, "#counts")
        assert "127.0.0.1" in screen_text(app, "#counts")


async def test_nudge_retries_after_429(store, fake_slack):
    fake_slack.respond(rate_limited(retry_after=1), ok())
    app = console(store, fake_slack.url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        SLEPT.clear()
        await pilot.press("n")  # Ada, 15:00 in London: her summary is due
        await settle(pilot)
        assert len(fake_slack.requests) == 2
        assert SLEPT == [1.0]
        assert "summary" in fake_slack.bodies[1]["text"]
        assert roster_rows(app)[0][4] == "1"


async def test_nudge_failure_shows_slack_error(store, fake_slack):
    fake_slack.respond(error(404, "channel_not_found"))
    app = console(store, fake_slack.url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("n")
        await settle(pilot)
        assert any("channel_not_found" in t for t in toasts(app))
        assert "failed" in roster_rows(app)[0][4]
        assert "404" in screen_text(app, "#detail-body")


async def test_nobody_is_nudged_twice_by_accident(store, fake_slack):
    app = console(store, fake_slack.url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("n")  # within the cooldown: a question, not a nudge
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmScreen"
        assert "Nudge again?" in str(app.screen.query_one("#dialog-title", Static).render())
        await pilot.press("n")  # no
        await settle(pilot)
        assert len(fake_slack.requests) == 1
        await pilot.press("n", "y")  # asked again, and yes
        await settle(pilot)
        assert len(fake_slack.requests) == 2
        assert roster_rows(app)[0][4] == "2"


async def test_nudge_all_missing_after_confirmation(store, fake_slack):
    app = console(store, fake_slack.url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("N")
        await pilot.pause()
        body = "\n".join(str(s.render()) for s in app.screen.query("#dialog-body Static"))
        assert "Ada Lovelace  — summary" in body
        assert "Grace [/]Hopper & <Co>  — plan" in body
        assert "Priya Shah  — summary" in body
        assert "Kai" not in body  # Kai posted both
        await pilot.press("y")
        await settle(pilot)
        texts = sorted(b["text"] for b in fake_slack.bodies)
        assert len(texts) == 2  # one message per kind, mentioning everyone missing it
        plan, summary = sorted(texts, key=lambda t: "What did you learn?" in t)
        assert "<@U2GRACE>" in plan
        assert "<@U1ADA>" in summary and "<@U4PRIYA>" in summary
        assert [r[4] for r in roster_rows(app)] == ["1", "1", "", "1"]


async def test_nudge_all_can_be_cancelled(store, fake_slack):
    app = console(store, fake_slack.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("N", "escape")
        await settle(pilot)
        assert fake_slack.requests == []


async def test_without_webhook_a_nudge_is_a_recorded_dry_run(store):
    app = console(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("n")
        await settle(pilot)
        assert any("Dry run" in t and "<@U1ADA>" in t for t in toasts(app))
        assert "dry run" in roster_rows(app)[0][4]
        assert store.nudges(THU, "U1ADA")[0].status == "dry-run"


async def test_help_lists_every_key(store):
    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-keys", Static).render())
        for key, words in [
            ("n", "Nudge"),
            ("N", "Nudge all missing"),
            ("[", "Prev Thu"),
            ("]", "Next Thu"),
            ("h", "History"),
            ("/", "Filter"),
            ("r", "Re-read"),
            ("q", "Quit"),
        ]:
            assert key in text and words in text
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "ConsoleScreen"


async def test_reload_sees_another_connections_import(store, tmp_path):
    from console_data import CHANNEL, local

    from ldtui import slack_ts
    from ldtui.records import NewPost
    from ldtui.store import Store

    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        other = Store(tmp_path / "ldtui.db")
        when = local("America/New_York", 2026, 11, 26, 9, 30)
        other.add_posts(
            [
                NewPost(
                    CHANNEL, slack_ts.from_datetime(when), "U2GRACE", "plan: JAX", "plan: JAX", when
                )
            ]
        )
        other.close()
        await pilot.press("r")
        assert "plans 3/4" in screen_text(app, "#counts")


def test_previous_day_constant_is_a_thursday():
    assert PREV.weekday() == 3 and THU.weekday() == 3


async def test_footer_lists_the_keys_on_the_first_screen(store):
    app = console(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        keys = [str(k.render()) for k in app.screen.query("FooterKey")]
        assert any("Nudge" in k for k in keys) and any("History" in k for k in keys)


async def test_a_direct_message_dry_run_says_why(store):
    """Without a bot token a DM nudge is a recorded dry run, and the toast names the missing
    token, not a webhook (the webhook plays no part in direct messages)."""
    app = console(store, nudge_via="dm")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("n")
        await settle(pilot)
        assert any("Dry run (no SLACK_BOT_TOKEN)" in t for t in toasts(app)), toasts(app)
        assert not any("webhook" in t for t in toasts(app))
