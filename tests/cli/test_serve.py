"""``ldtui serve`` as a real process, driven over its WebSocket as a browser tab would: a tab
runs one console process as its facilitator, a closed tab ends it, the session limit and the
same-origin check refuse with a message in the tab, SIGTERM stops the server and every
console. (The page itself, in headless Chromium: tests/tui/test_serve_browser.py.)"""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest
from cli_runner import Ldtui
from serve_process import ServeProcess, demo_database, serve


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("serve_max_sessions = 1\n")
    return path


async def poll(check, seconds: float, what: str):  # noqa: ANN001, ANN201
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not (value := check()):
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        await asyncio.sleep(0.1)
    return value


async def first_output(ws: aiohttp.ClientWebSocketResponse, seconds: float = 30) -> bytes:
    """The first bytes the tab would write to its terminal (b"" if it was closed first)."""
    async with asyncio.timeout(seconds):
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                return bytes(message.data)
    return b""


def cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def ws_url(server: ServeProcess) -> str:
    return f"ws://127.0.0.1:{server.port}/ws?width=100&height=30"


async def test_a_tab_runs_one_console_that_ends_with_it(demo_db, config, tmp_path) -> None:
    with serve(demo_db, config, tmp_path, "--as", "Ada O'Brien; rm -rf /") as server:
        assert "127.0.0.1" in server.output() and "at most 1 sessions" in server.output()
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(ws_url(server), origin=server.url)
            assert await first_output(ws)  # the console painted its first frame
            [console] = await poll(server.consoles, 10, "the console process")
            words = cmdline(console)
            assert words[1:3] == ["-m", "ldtui"]  # exec: the console, no shell between
            assert words[words.index("--as") + 1] == "Ada O'Brien; rm -rf /"  # one word
            assert words[words.index("--db") + 1] == str(demo_db)

            # one session is the limit here: a second tab is told so, and runs nothing
            second = await http.ws_connect(ws_url(server), origin=server.url)
            refused = await first_output(second)
            assert b"all 1 sessions are in use" in refused
            assert server.consoles() == [console]

            await ws.close()  # the tab closes
            await poll(lambda: gone(console), 15, "the closed tab's console to end")
            assert server.consoles() == []
        assert server.stop() == 0


async def test_another_site_cannot_drive_the_console(demo_db, config, tmp_path) -> None:
    with serve(demo_db, config, tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(ws_url(server), origin="http://evil.example")
            assert b"not ldtui serve's own" in await first_output(ws)
            assert server.consoles() == []


async def test_facilitator_from_the_proxy_header(demo_db, config, tmp_path) -> None:
    with serve(demo_db, config, tmp_path, "--user-header", "X-Forwarded-User") as server:
        async with aiohttp.ClientSession() as http:
            bare = await http.ws_connect(ws_url(server))
            assert b"no X-Forwarded-User header" in await first_output(bare)
            assert server.consoles() == []
            ws = await http.ws_connect(ws_url(server), headers={"X-Forwarded-User": "grace"})
            assert await first_output(ws)
            [console] = await poll(server.consoles, 10, "the console process")
            words = cmdline(console)
            assert words[words.index("--as") + 1] == "grace"
            await ws.close()


async def test_sigterm_stops_the_server_and_every_console(demo_db, tmp_path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("")
    with serve(demo_db, config, tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            tabs = [await http.ws_connect(ws_url(server)) for _ in range(2)]
            for tab in tabs:
                assert await first_output(tab)
            consoles = await poll(
                lambda: len(server.consoles()) == 2 and server.consoles(), 10, "two consoles"
            )
            status = await asyncio.to_thread(server.stop)
            assert status == 0
            for pid in consoles:
                assert gone(pid), f"console {pid} outlived the server"
            for tab in tabs:  # the tabs were told: their connection is closed
                async with asyncio.timeout(5):
                    async for _ in tab:
                        pass
                assert tab.closed


def test_non_loopback_needs_public_and_says_there_is_no_login(ldtui: Ldtui) -> None:
    refused = ldtui("serve", "--host", "192.0.2.7")
    assert refused.exit_code == 1
    assert "not a loopback address" in refused.output and "--public" in refused.output
    wildcard = ldtui("serve", "--host", "0.0.0.0", "--public")
    assert wildcard.exit_code == 1
    assert "--public-url" in wildcard.output
    bad_url = ldtui("serve", "--public-url", "ftp://x")
    assert bad_url.exit_code == 1 and "not an http(s) URL" in bad_url.output


def test_public_address_is_served_with_the_no_login_warning(
    ldtui: Ldtui, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ldtui.cli.serve as serve_cli

    started: list[dict] = []

    class Fake:
        def serve(self) -> None:
            pass

    def fake_server(context, **kw):  # noqa: ANN001, ANN202
        started.append(kw)
        return Fake()

    monkeypatch.setattr(serve_cli, "_server", fake_server)
    result = ldtui(
        "serve", "--host", "192.0.2.7", "--public", "--public-url", "https://ld.example.com/"
    )
    assert result.exit_code == 0, result.output
    assert "textual-serve has no login" in result.output
    assert "authenticating reverse proxy" in result.output
    assert started[0]["public_url"] == "https://ld.example.com"
