"""Run the ``ldtui`` command line in-process (click's CliRunner) against files in a folder.

Every run gets ``--db`` and ``--config`` pointing into that folder; outputs are kept so a
fixture can check afterwards that no secret ever showed.

Commands run at the machine's real time, so the config allows nudges at every hour
(:data:`ANY_HOUR`) unless a test sets ``quiet_hours`` itself: a nudge test must not depend on
the hour it runs at. Tests of quiet hours set them and fix the moment with ``--now``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result

from ldtui.cli import main
from ldtui.store import Store

ANY_HOUR = 'quiet_hours = "00:00-24:00"\n'
"""The config line the runner adds unless the test's config sets ``quiet_hours``."""


class Ldtui:
    """Runs ``ldtui`` with ``--db`` and ``--config`` in ``tmp_path``."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.db = tmp_path / "ldtui.db"
        self.config = tmp_path / "config.toml"
        self.config.write_text(ANY_HOUR, encoding="utf-8")
        self.outputs: list[str] = []

    def write_config(self, text: str) -> None:
        """Write the config file (with :data:`ANY_HOUR` first unless ``text`` has
        ``quiet_hours``), readable by its owner only."""
        if "quiet_hours" not in text:
            text = ANY_HOUR + text
        self.config.write_text(text, encoding="utf-8")
        self.config.chmod(0o600)  # it holds the webhook secret (else ldtui warns on stderr)

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        command, rest = self._split(list(args))
        argv = [*command, "--db", str(self.db), "--config", str(self.config), *rest]
        result = CliRunner().invoke(main, argv, env=env)
        self.outputs.append(result.output)
        return result

    @staticmethod
    def _split(args: list[str]) -> tuple[list[str], list[str]]:
        """``["import", "slack-export", PATH, ...]`` -> command words and the rest (groups:
        ``import``, ``people``, ``config``, ``sync``)."""
        if args[0] in ("import", "people", "config", "sync"):
            return args[:2], args[2:]
        return args[:1], args[1:]

    def store(self) -> Store:
        return Store(self.db)

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, (args, result.output)
        return result.output

    def people(self, team: str | None = None) -> dict[str, list[str]]:
        """``people list`` as id -> [name, team, tz]."""
        extra = ("--team", team) if team is not None else ()
        rows = {}
        for line in self.ok("people", "list", *extra).splitlines():
            pid, *rest = line.split("\t")
            rows[pid] = rest
        return rows

    def history(self) -> dict[str, dict]:
        return {row["day"]: row for row in json.loads(self.ok("history", "--format", "json"))}

    def nudges(self, day: date) -> list:
        store = Store(self.db)
        try:
            return store.nudges(day)
        finally:
            store.close()

    def write_people(self, text: str, name: str = "people.csv") -> Path:
        path = self.tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
