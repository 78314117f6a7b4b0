"""Full-text search of posts (``Store.search``): plain words with punctuation always work;
query syntax that SQLite FTS5 refuses is answered with a clear error."""

from __future__ import annotations

from console_data import build_store


def test_plain_words_with_punctuation_are_searchable(tmp_path):
    from console_data import CHANNEL, local

    from ldtui import slack_ts
    from ldtui.records import NewPost
    from ldtui.store import SearchError

    store = build_store(tmp_path / "ldtui.db")
    when = local("Europe/London", 2026, 11, 26, 16)
    text = "summary: on-call handbook, MIT 6.824 lab 2 and C++ templates"
    store.add_posts([NewPost(CHANNEL, slack_ts.from_datetime(when), "U1ADA", text, text, when)])
    for query in ("on-call", "6.824", "C++", "lab 2"):
        assert [h.person_id for h in store.search(query)] == ["U1ADA"], query
    for bad in ('"open', "AND"):
        try:
            store.search(bad)
        except SearchError as exc:
            assert "plain words always work" in str(exc)
        else:
            raise AssertionError(f"{bad!r} should be refused")
    store.close()
