"""Hostile outside text never controls the terminal: every screen and every text output.

A Slack-export-shaped folder holds people whose display names carry escape sequences (retitle
``ESC ] 0``, clear ``ESC [ 2 J``, clipboard write OSC 52), the one-byte C1 CSI, a right-to-left
override and markup-looking text, and posts that carry the same. It is imported through the
real ``ldtui import slack-export`` command; then each screen is driven in Pilot and what the
compositor paints is checked, and each CLI output is checked on stdout and stderr. JSON output
keeps the exact original strings.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cli_runner import ANY_HOUR
from click.testing import CliRunner, Result
from console_pilot import EVERY_HOUR
from export_builder import message, person, write_export
from screen_text import painted
from webhook_server import FakeSlack, error

from ldtui.cli import main
from ldtui.config import Config
from ldtui.store import Store
from ldtui.tui.app import make_app
from ldtui.tui.dialogs.confirm import ConfirmScreen
from ldtui.tui.screens.search import SearchScreen
from ldtui.tui.screens.signals import SignalsScreen
from ldtui.tui.screens.timeline import TimelineScreen

THU = date(2025, 11, 27)
PREV = date(2025, 11, 20)
OLD = date(2025, 11, 6)
NOW = datetime(2025, 11, 27, 20, 0, tzinfo=UTC)

EVE = "Eve \x1b]0;pwned\x07 \x1b[2J \x1b]52;c;aGk=\x07 \u202eevil \x9b31m [bold]markup[/]"
MAL = "Grace [/]Hopper\x1b[2J\u202e"
TEAM = "Team\x1b]0;t\x07"
AWAY_REASON = "leave\x1b[2J\u202e"
SKIP_REASON = "offsite\x1b]52;c;aGk=\x07"
PLAN = "Plan: read \x1b]0;pwned\x07 raft \u202eevil\u202c [bold]x[/] \x9b2J"
SUMMARY = "Summary: raft\nleader \x1b[2J election \x1b]52;c;aGk=\x07 done \u2066iso\u2069"
ERROR_BODY = "invalid_payload \x1b]0;pwned\x07 \x1b[2J \u202eoops \x9b31m"

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
SIZE = (140, 45)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def forbidden(text: str) -> list[str]:
    """Characters a terminal would obey: C0 but newline and tab, DEL, C1, bidi controls."""
    return [
        c
        for c in text
        if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or c in BIDI
    ]


def assert_inert(text: str) -> None:
    assert forbidden(text) == [], text
    assert "\x1b" not in text


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(
        tmp_path,
        people=[
            person("U1EVE", EVE),
            person("U2MAL", MAL),
            person("U3BOB", "Bob"),
        ],
        messages=[
            message("U1EVE", at(THU, 8), PLAN),
            message("U1EVE", at(THU, 17), SUMMARY),
            message("U3BOB", at(THU, 8), "Plan: \x1b[2Jsomething"),
            message("U1EVE", at(PREV, 8), PLAN),
            message("U1EVE", at(OLD, 8), "Plan: old"),
            message("U1EVE", at(OLD, 17), "Summary: old"),
        ],
    )


def run(db: Path, config: Path, *args: str) -> Result:
    command, rest = (
        (args[:2], args[2:]) if args[0] in ("import", "people") else (args[:1], args[1:])
    )
    argv = [*command, "--db", str(db), "--config", str(config), *rest]
    return CliRunner().invoke(main, argv)


@pytest.fixture
def db(tmp_path: Path, export: Path) -> Path:
    path = tmp_path / "ldtui.db"
    config = tmp_path / "config.toml"
    config.write_text(ANY_HOUR, encoding="utf-8")  # nudges must not depend on the hour
    result = run(
        path,
        config,
        "import",
        "slack-export",
        str(export),
        "--channel",
        "learning-day",
        "--team",
        TEAM,
    )
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    store = Store(path)
    store.add_away("U3BOB", THU, THU, AWAY_REASON)
    store.add_skips([(date(2025, 11, 13), SKIP_REASON)])
    # Stored data is unchanged: sanitising happens at output.
    assert store.person_name("U1EVE") == EVE
    store.close()
    return path


# --------------------------------------------------------------------------- screens


async def settle(pilot) -> None:  # noqa: ANN001
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def check(app, *visible: str) -> str:  # noqa: ANN001
    """Every painted frame is inert; wait (up to 10 s) until each of ``visible`` is painted:
    screens fill in from workers and timers, later on a loaded machine."""
    deadline = time.monotonic() + 10
    while True:
        text = painted(app)
        assert_inert(text)
        flat = text.replace("\n", "")
        missing = [piece for piece in visible if piece not in flat]
        if not missing:
            return text
        assert time.monotonic() < deadline, (missing, text)
        await asyncio.sleep(0.05)


def app_for(db: Path, webhook: str | None = None):  # noqa: ANN201
    store = Store(db)
    return make_app(
        store, Config(webhook_url=webhook, quiet_hours=EVERY_HOUR), day=THU, clock=lambda: NOW
    )


async def test_console_roster_detail_and_nudge_confirmation(db: Path) -> None:
    app = app_for(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = []
        for _ in range(3):
            shown.append(await check(app))
            await pilot.press("down")
            await settle(pilot)
        everything = "".join(shown).replace("\n", "")
        for piece in (
            "␛]0;pwned␇",
            "␛[2J",
            "⟨U+202E⟩",
            "⟨U+009B⟩31m",
            "[bold]markup[/]",
            "Grace [/]Hopper",
            "␛]52;c;aGk=␇",
            "leave␛[2J",
            "Team␛]0;t␇",
        ):
            assert piece in everything, piece
        assert "Summary: raft" in everything and "leader ␛[2J election" in everything

        await pilot.press("N")  # nudge everyone missing: Grace (Mallory) has nothing
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await check(app, "Grace [/]Hopper␛[2J⟨U+202E⟩")


async def test_failed_nudge_toast_shows_error_body_inertly(db: Path, fake_slack: FakeSlack):
    fake_slack.respond(error(400, ERROR_BODY))
    app = app_for(db, fake_slack.url)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert fake_slack.requests
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await check(
            app, "Nudge failed", "invalid_payload", "␛]0;pwned␇", "⟨U+202E⟩oops", "⟨U+009B⟩31m"
        )


async def test_digest_preview(db: Path) -> None:
    app = app_for(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await check(app, "␛]0;pwned␇", "⟨U+202E⟩")


async def test_history_timeline_search_signals(db: Path) -> None:
    app = app_for(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("down")  # the Thursday before: Eve planned, no summary
        await settle(pilot)
        await check(app, "␛]0;pwned␇")
        await pilot.press("escape")

        await app.push_screen(TimelineScreen("U1EVE", until=THU))
        await settle(pilot)
        await check(
            app, "␛]0;pwned␇", "⟨U+202E⟩evil", "␛]52;c;aGk=␇", "Team␛]0;t␇", "offsite␛]52;c;aGk=␇"
        )
        await pilot.press("escape")

        await app.push_screen(SearchScreen("raft"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await check(app, "␛]0;pwned␇", "⟨U+202E⟩evil")
        await pilot.press("escape")

        await app.push_screen(SignalsScreen([PREV]))
        await settle(pilot)
        await check(app, "␛]0;pwned␇", "⟨U+202E⟩evil")


# --------------------------------------------------------------------------- command line


@pytest.fixture
def cli(tmp_path: Path, db: Path):  # noqa: ANN201
    config = tmp_path / "config.toml"

    def invoke(*args: str) -> Result:
        result = run(db, config, *args)
        assert_inert(result.stdout)
        assert_inert(result.stderr)
        return result

    return invoke


def test_text_outputs_are_inert(cli) -> None:  # noqa: ANN001
    day = ("--day", THU.isoformat())
    out = cli("roster", *day, "--format", "csv").stdout
    assert "Eve ␛]0;pwned␇ ␛[2J ␛]52;c;aGk=␇ ⟨U+202E⟩evil ⟨U+009B⟩31m [bold]markup[/]" in out
    people = cli("people", "list").stdout
    assert "Grace [/]Hopper␛[2J⟨U+202E⟩\tTeam␛]0;t␇" in people
    for fmt in ("md", "text"):
        assert "⟨U+202E⟩" in cli("digest", *day, "--format", fmt).stdout
    span = ("--from", PREV.isoformat(), "--to", THU.isoformat())
    assert "␛]52;c;aGk=␇" in cli("export", *span, "--format", "csv").stdout
    assert "**Eve ␛\\]0;pwned␇" in cli("export", *span, "--format", "md").stdout
    nudged = cli("nudge", "--missing", "summary", *day)  # no webhook: dry runs
    assert "Grace [/]Hopper␛[2J⟨U+202E⟩ (U2MAL)" in nudged.stdout
    skipped = cli("skip", "--list").stdout
    assert "offsite␛]52;c;aGk=␇" in skipped
    refused = cli("away", "nobody\x1b]0;x\x07", "--from", THU.isoformat(), "--to", THU.isoformat())
    assert refused.exit_code != 0 and "nobody called" in refused.stderr


def test_json_output_is_exact(cli) -> None:  # noqa: ANN001
    roster = json.loads(cli("roster", "--day", THU.isoformat()).stdout)
    assert EVE in {p["name"] for p in roster["people"]}
    assert "Plan: \x1b[2Jsomething" in {p["plan"] for p in roster["people"]}
    rows = json.loads(
        cli(
            "export", "--from", PREV.isoformat(), "--to", THU.isoformat(), "--format", "json"
        ).stdout
    )
    assert EVE in {r["name"] for r in rows} and SUMMARY in {r["text"] for r in rows}


def test_webhook_error_body_is_inert(cli, tmp_path: Path, fake_slack: FakeSlack) -> None:  # noqa: ANN001
    config = tmp_path / "config.toml"
    config.write_text(ANY_HOUR + f'webhook_url = "{fake_slack.url}"\n', encoding="utf-8")
    config.chmod(0o600)
    fake_slack.respond(error(400, ERROR_BODY))
    result = cli("nudge", "--missing", "summary", "--day", THU.isoformat())
    assert result.exit_code == 1
    assert "invalid_payload ␛]0;pwned␇ ␛[2J ⟨U+202E⟩oops ⟨U+009B⟩31m" in result.stdout


FORMULAS = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\tx", "\rx"]


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    export = write_export(
        tmp_path,
        people=[person(f"U{i}", name) for i, name in enumerate(FORMULAS)],
        messages=[message(f"U{i}", at(THU, 8 + i), "Plan: ok") for i in range(len(FORMULAS))],
        folder="formulas",
    )
    db, config = tmp_path / "f.db", tmp_path / "f.toml"
    config.write_text("", encoding="utf-8")
    assert (
        run(
            db, config, "import", "slack-export", str(export), "--channel", "learning-day"
        ).exit_code
        == 0
    )
    for command in (
        ("roster", "--day", THU.isoformat()),
        ("export", "--from", THU.isoformat(), "--to", THU.isoformat()),
    ):
        guarded = run(db, config, *command, "--format", "csv").stdout
        names = {row["name"] for row in csv.DictReader(io.StringIO(guarded))}
        assert names == {"'=cmd|' /C calc'!A0", "'+1", "'-1", "'@SUM(1)", "'\tx", "'␍x"}
        raw = run(db, config, *command, "--format", "csv", "--raw").stdout
        names = {row["name"] for row in csv.DictReader(io.StringIO(raw))}
        assert names == {"=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\tx", "␍x"}
