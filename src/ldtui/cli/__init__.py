"""The ``ldtui`` command line: thin click commands over the store, importers and nudger.

``ldtui`` alone opens the Thursday console; ``ldtui demo`` opens it on the bundled demo data.
Every command takes ``--db PATH`` (or ``LDTUI_DB``) and ``--config PATH``.

One module per command group, each registering its commands on the root group
:func:`~ldtui.cli.base.main` when imported. The root group imports a command's module only
when that command runs (:data:`~ldtui.cli.base.COMMANDS` names each command's module and
short help, for ``ldtui --help`` and shell completion), so opening the console loads none of
them:

- :mod:`~ldtui.cli.base`: the root group, shared options, the clock, opening the console
- :mod:`~ldtui.cli.demo`: ``demo``
- :mod:`~ldtui.cli.imports`: ``import slack-export``, ``import geekbot``, ``sync slack``
- :mod:`~ldtui.cli.reports`: ``roster``, ``history``, ``digest``, ``export``
- :mod:`~ldtui.cli.nudge`: ``nudge``
- :mod:`~ldtui.cli.ledger`: ``ledger``
- :mod:`~ldtui.cli.serve`: ``serve``
- :mod:`~ldtui.cli.schedule`: ``schedule``
- :mod:`~ldtui.cli.people`: ``people import|list``, ``away``, ``skip``, ``post``
- :mod:`~ldtui.cli.config_cmd`: ``config set|show``
- :mod:`~ldtui.cli.db`: ``db check|backup``

Heavy libraries (Textual, httpx, the importers) are imported inside the commands that need
them, so ``ldtui --help`` and every other command start quickly.
"""

from ldtui.cli.base import Context, main

__all__ = ["Context", "main"]
