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


def test_hits_and_snippets_are_those_of_each_matching_post(tmp_path):
    # Newest first, at most ``limit``, each with the snippet FTS5 makes for that post alone.
    from console_data import CHANNEL, local

    from ldtui import slack_ts
    from ldtui.records import MATCH_END, MATCH_START, NewPost

    store = build_store(tmp_path / "ldtui.db")
    words = ["rust", "learning", "deep", "jax", "notes", "types", "typed", "zymurgy"]
    posts = []
    for n in range(120):
        when = local("Europe/London", 2026, 11, 26, 9, n % 60)
        chosen = [words[(n * k + k) % len(words)] for k in range(1, 6)]
        text = f"plan {n}: " + " ".join(chosen) + " and some filler text" * (n % 4)
        ts = slack_ts.from_datetime(when.replace(second=n % 60, microsecond=n))
        posts.append(NewPost(CHANNEL, ts, "U1ADA", text, text, when))
    store.add_posts(posts)
    queries = [("rust", 50), ("learning", 7), ("type*", 50), ('"deep jax"', 5)]
    queries += [("rust OR jax", 200), ("zymurgy NOT rust", 50), ("absent", 50)]
    for query, limit in queries:
        expected = store.conn.execute(
            "select p.ts, snippet(posts_fts, 0, ?, ?, '…', 16) from posts_fts"
            " join posts p on p.rowid = posts_fts.rowid where posts_fts match ?"
            " order by posts_fts.rowid desc",
            [MATCH_START, MATCH_END, query],
        ).fetchall()[:limit]
        hits = store.search(query, limit=limit)
        assert [(h.ts, h.snippet) for h in hits] == expected, query
        assert len(hits) == min(limit, len(expected))
    store.close()
