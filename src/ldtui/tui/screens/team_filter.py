"""The team filter shared by the console, the history and the signals screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from ldtui.tui.guard import guarded

if TYPE_CHECKING:
    from ldtui.tui.app import LdtuiApp

ResultT = TypeVar("ResultT")

NO_TEAMS = "No teams yet: import a people file or use --team on import."
"""What ``t`` says when no person has a team."""


class TeamFilterScreen(Screen[ResultT]):
    """A screen filtered by team: ``team`` is the shown team (``None`` for all teams, ``""``
    for people without a team), and :meth:`action_team` cycles it. A subclass binds ``t`` to
    ``team`` and re-reads what it shows in :meth:`team_changed`."""

    app: LdtuiApp

    team: str | None = None
    """The shown team: ``None`` for all teams."""

    @guarded(None)
    def action_team(self) -> None:
        """Cycle the team filter: all teams, then each team in turn (the store's order)."""
        teams: list[str | None] = [None, *self.app.store.teams()]
        if len(teams) == 1:
            self.notify(NO_TEAMS)
            return
        index = teams.index(self.team) if self.team in teams else 0
        self.team = teams[(index + 1) % len(teams)]
        self.team_changed()

    def team_changed(self) -> None:
        """Show the screen's data for the new ``team``; subclasses override it."""
        raise NotImplementedError
