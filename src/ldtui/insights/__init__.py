"""What the history teaches: plain Python over the store, no Textual and no SQL.

Each module reads with intent-named :class:`ldtui.store.Store` methods (or takes plain values)
and applies the rules of Learning Day as the Learning Day article states them:

* :mod:`ldtui.insights.streaks`: a person's status on one Thursday (both, plan only, missing,
  away, skipped), streaks of Thursdays with both, and participation windows (the participation
  rate over the last N counted Thursdays). Away and skipped Thursdays are transparent.
* :mod:`ldtui.insights.timeline`: one person's Thursdays newest first with streaks,
  participation windows and topics (:func:`~ldtui.insights.timeline.timeline`), and when a
  Thursday is over for someone (:func:`~ldtui.insights.timeline.day_closed`).
* :mod:`ldtui.insights.topics`: tagging a post with learning topics from keyword rules, and the
  one way topics are counted and ordered (:func:`~ldtui.insights.topics.count_topics`).
* :mod:`ldtui.insights.signals`: things a facilitator may want to read (a plan without a
  summary, work vocabulary, runs of missing Thursdays):
  :func:`~ldtui.insights.signals.find_signals`.
* :mod:`ldtui.insights.digest`: the digest of one Learning Day (gathered, rendered as Markdown
  or text, split for chat limits) and the rows of ``ldtui export``.

Topics and work-item signals are derived from the text when asked for, never stored, so
changing their rules in the config needs no re-import.
"""
