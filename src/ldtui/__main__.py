"""``python -m ldtui`` runs the ``ldtui`` command."""

from ldtui.cli import main

main()
