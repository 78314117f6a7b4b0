"""Nudging people on the team chat: who is due, what the message says, and sending it.

* :mod:`ldtui.notify.nudger`: who is due a reminder, the nudge ledger and cooldown; built from
  the settings by :meth:`Nudger.from_config <ldtui.notify.nudger.Nudger.from_config>` (the
  CLI's ``ldtui nudge`` and the console use the same factory).
* :mod:`ldtui.notify.wording`: the words of every message, the same on every platform.
* :mod:`ldtui.notify.platforms`: one module per chat platform (Slack, Discord, Mattermost,
  Teams, Google Chat, generic JSON): payload, mentions, escaping, limits, reading answers;
  :func:`~ldtui.notify.platforms.platform_for` picks one. No HTTP there.
* :mod:`ldtui.notify.sender`: the :class:`~ldtui.notify.sender.Sender` posts a batch through
  one HTTP client, spaced, with one deadline per send and ``429`` retries.
* :mod:`ldtui.notify.redact`: the secret scrubber (webhook URLs, tokens) every error text and
  log line goes through; the importers use it too.

Pure core: nothing here imports Textual.
"""
