"""The web server of ``ldtui serve``: textual-serve's :class:`~textual_serve.server.Server`,
with a console command per session, a limit on sessions, a check that the page asking for a
session is this server's own, and every console ended when its tab closes or the server stops.

textual-serve (1.1.3) runs ``Server.command`` through the shell for each WebSocket on
``/ws`` (:class:`~textual_serve.app_service.AppService`); a closed WebSocket sends the app a
``quit`` and waits for its output to end. Here the command is built per session (its
facilitator may come from the proxy's user header), a console that does not quit within
:data:`QUIT_GRACE` seconds is terminated, and on SIGTERM every session is ended before the
server returns. textual-serve has no login: see the README's proxy recipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from ldtui.config import ConfigError
from ldtui.sanitize import inert_line

log = logging.getLogger("ldtui.serve")

QUIT_GRACE = 5.0
"""Seconds a session's console has to quit after its tab closes (or the server stops)
before it is terminated (then killed after as long again)."""


class Session(AppService):
    """One browser tab's console process (textual-serve's :class:`AppService`) that is sure
    to end: :meth:`stop` asks it to quit, then terminates it."""

    @property
    def pid(self) -> int | None:
        """The console's process id (the shell ``exec``-ed it), or ``None`` before start."""
        process = self._process
        return process.pid if process is not None else None

    def _end_process(self, kill: bool) -> None:
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                if kill:
                    process.kill()
                else:
                    process.terminate()

    async def stop(self) -> None:
        """Ask the console to quit (textual-serve's ``quit`` message); terminate it when it
        has not ended within :data:`QUIT_GRACE` seconds, kill it after as long again; return
        when it has ended. Safe to call twice."""
        process = self._process
        stopping = asyncio.ensure_future(super().stop())
        for kill in (False, True):
            done, _ = await asyncio.wait({stopping}, timeout=QUIT_GRACE)
            if done:
                break
            log.warning("console %s did not quit: %s", self.pid, "killed" if kill else "ended")
            self._end_process(kill)
        await stopping
        if process is not None:
            await process.wait()


async def _close(websocket: web.WebSocketResponse) -> None:
    """Close a tab's WebSocket (the console exited)."""
    await websocket.close()


class LdtuiServer(Server):
    """textual-serve's server for ldtui.

    ``command_for(facilitator)`` returns the shell command of one session's console;
    ``facilitator_of(headers)`` names a session's facilitator from its WebSocket request's
    headers, or raises :class:`~ldtui.config.ConfigError` (the proxy's header is missing or
    bad: the tab is refused with that message); ``display_command`` is what the banner
    prints; ``max_sessions`` consoles run at once, one more tab is told so; ``host``,
    ``port`` and ``public_url`` are textual-serve's (``public_url``: the address browsers
    open, when a proxy serves it)."""

    def __init__(
        self,
        command_for: Callable[[str], str],
        facilitator_of: Callable[[Mapping[str, str]], str],
        *,
        display_command: str,
        host: str,
        port: int,
        public_url: str | None,
        max_sessions: int,
    ) -> None:
        super().__init__(
            display_command, host=host, port=port, title="ldtui", public_url=public_url
        )
        self.command_for = command_for
        self.facilitator_of = facilitator_of
        self.max_sessions = max_sessions
        self.sessions: dict[Session, web.WebSocketResponse] = {}
        """The running sessions and their tabs' WebSockets."""

    def _same_origin(self, request: web.Request) -> bool:
        """Whether the WebSocket request comes from this server's own page: its ``Origin``
        (sent by every browser) names this host, as the browser reached it or as
        ``public_url`` says. A page of another site open in the facilitator's browser could
        otherwise drive a console on 127.0.0.1 (cross-site WebSocket hijacking)."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser: it could send any Origin anyway
        netloc = urlsplit(origin).netloc.lower()
        return netloc in {request.host.lower(), urlsplit(self.public_url).netloc.lower()}

    def _refusal(self, request: web.Request) -> tuple[str | None, str]:
        """Return (facilitator, "") for a session that may start, else (None, why not)."""
        if not self._same_origin(request):
            return None, "this page is not ldtui serve's own: refused"
        if len(self.sessions) >= self.max_sessions:
            return None, (
                f"ldtui serve: all {self.max_sessions} sessions are in use "
                "(serve_max_sessions); close another tab or try again later."
            )
        try:
            return self.facilitator_of(request.headers), ""
        except ConfigError as exc:
            return None, f"ldtui serve: {exc}"

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Run one tab's console for as long as its WebSocket is open (textual-serve's
        handler, with the refusals of :meth:`_refusal` shown in the tab, the command built
        for the session's facilitator, and the session counted)."""
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        facilitator, why = self._refusal(request)
        if facilitator is None:
            log.warning("%s", inert_line(why))
            await websocket.send_bytes(f"\r\n  {inert_line(why)}\r\n".encode())
            await websocket.close()
            return websocket
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        session = Session(
            self.command_for(facilitator),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=lambda: _close(websocket),
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.sessions[session] = websocket  # counted before the first await
        try:
            await session.start(width, height)
            log.info(
                "session %s started as %s (%d running)",
                session.pid,
                inert_line(facilitator),
                len(self.sessions),
            )
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            await session.stop()
            self.sessions.pop(session, None)
            log.info("session %s ended (%d running)", session.pid, len(self.sessions))
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """On SIGTERM or Ctrl+C: end every session's console and close its tab, so the
        server returns with no console left running."""
        sessions = list(self.sessions.items())
        await asyncio.gather(*(session.stop() for session, _ in sessions))
        for _, websocket in sessions:
            await websocket.close()
