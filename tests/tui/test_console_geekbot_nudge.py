"""Choosing "Nudge through Geekbot" in the console's command palette: ``N`` then has the
documented loopback Geekbot ask everyone missing a post, and the detail pane shows the rows
"via Geekbot". Real SQLite file; the people's Geekbot ids come from the Geekbot import."""

from __future__ import annotations

from dataclasses import replace

import pytest
from console_data import NOW, THU
from console_pilot import EVERY_HOUR, counts, dialog_title, toasts
from geekbot_api import GeekbotAPI, gb_question, gb_user
from textual.widgets import Static

from ldtui.config import Config
from ldtui.importers.geekbot import QuestionMap, import_standup
from ldtui.store import Store
from ldtui.tui.app import make_app
from ldtui.tui.widgets.roster import RosterTable

KEY = "gb-console-s3cr3t-key"


async def until(pilot, condition, seconds: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (the palette searches in a worker)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the condition never held")


def palette_offers(app, words: str):
    def check() -> bool:
        from textual.command import CommandList

        lists = app.screen.query(CommandList)
        return (
            bool(lists)
            and any(words in str(option.prompt) for option in lists.first().options)
            and lists.first().highlighted is not None
        )

    return check


@pytest.fixture
def gb():
    with GeekbotAPI(key=KEY) as fake:
        fake.add_standup(
            42,
            "Learning Day",
            [gb_user("U1ADA", "ada", "Ada Lovelace"), gb_user("U2GRACE", "grace", "Grace")],
            [gb_question(7, "Your plan?")],
        )
        yield fake


def console_with_geekbot(store: Store, gb: GeekbotAPI, monkeypatch, **settings):
    """The console data, Ada and Grace members of Geekbot standup 42 (the others have no
    Geekbot id), the key and the loopback URL in the environment."""
    from console_data import fill

    fill(store)
    questions = QuestionMap(frozenset({"7"}), frozenset())
    import_standup(store, KEY, 42, questions, base_url=gb.url, read_ooo=False)
    gb.requests.clear()
    monkeypatch.setenv("GEEKBOT_API_KEY", KEY)
    monkeypatch.setenv("LDTUI_GEEKBOT_API_URL", gb.url)
    cfg = replace(Config(), quiet_hours=EVERY_HOUR, **settings)
    return make_app(store, cfg, day=THU, clock=lambda: NOW, spacing=0)


async def choose(pilot, app, command: str) -> None:
    await pilot.press("ctrl+p", *command.lower())
    await until(pilot, palette_offers(app, command))
    await pilot.press("enter")
    await pilot.pause()


async def test_choosing_geekbot_in_the_palette_has_geekbot_ask_everyone_missing(
    store, gb, monkeypatch
):
    app = console_with_geekbot(store, gb, monkeypatch, geekbot_standup_id=42)
    host = gb.url.split("//")[1]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await choose(pilot, app, "Nudge through Geekbot")
        await until(pilot, lambda: f"Geekbot standup 42 ({host})" in counts(app))
        assert app.nudger.via == "geekbot"
        await pilot.press("N")
        await until(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        assert dialog_title(app).endswith(f"(Geekbot standup 42 ({host}))")
        await pilot.press("y")
        await until(pilot, lambda: any("Nudge failed" in t or "Nudged" in t for t in toasts(app)))
        await app.workers.wait_for_complete()
        await pilot.pause()

        rows = {r.person_id: r for r in store.nudges(THU)}
        assert {r.via for r in rows.values()} == {"geekbot"}
        assert rows["U1ADA"].status == "sent" and rows["U2GRACE"].status == "sent"
        assert sorted(u for batch in gb.started for u in batch) == ["U1ADA", "U2GRACE"]
        [call] = gb.calls("/v1/standups/42/start", "POST")
        assert call.headers["authorization"] == KEY
        assert sorted(call.body["users"]) == ["U1ADA", "U2GRACE"]
        no_id = [r for r in rows.values() if r.status == "failed"]
        assert no_id and all("no Geekbot user id" in (r.error or "") for r in no_id)

        table = app.screen.query_one("#roster", RosterTable)
        row = next(i for i in range(table.row_count) if table.row_texts(i)[0] == "Ada Lovelace")
        table.move_cursor(row=row)
        await pilot.pause()
        detail = str(app.screen.query_one("#detail-body", Static).render())
        assert "sent  via Geekbot  by" in detail
        assert KEY not in detail + counts(app) + "".join(toasts(app))


async def test_geekbot_without_a_standup_id_is_refused_and_names_the_setting(
    store, gb, monkeypatch
):
    app = console_with_geekbot(store, gb, monkeypatch)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await choose(pilot, app, "Nudge through Geekbot")
        await until(pilot, lambda: any("geekbot_standup_id" in t for t in toasts(app)))
        assert app.nudger.via == "channel"
        assert gb.requests == []
