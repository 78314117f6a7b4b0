"""Property tests: any Slack-shaped input either imports or ends in the importer's named error.

Messages get random types in every field Slack sets (ts, user, subtype, text, files, edited,
bot_id) and random text, lone surrogates and control characters included; they are written as
an export with :mod:`export_builder`, read, and stored in a real SQLite file.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from export_builder import person, write_export
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ldtui.importers import slack_export
from ldtui.importers.slack_export import ExportError, _Source, read_slack_export
from ldtui.store import Store

# Every code point, surrogates (Cs) and controls (Cc) included.
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
TEXT = st.text(ANY_CHAR, max_size=30)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), TEXT
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
GOOD_TS = st.builds(
    lambda s, us: f"{s}.{us:06d}",
    st.integers(min_value=0, max_value=4_000_000_000),
    st.integers(min_value=0, max_value=999_999),
)
USERS = st.sampled_from(["U1", "U2", "UBOT", "USLACKBOT", "UGUEST", ""])
SUBTYPES = st.sampled_from(
    ["thread_broadcast", "file_share", "me_message", "bot_message", "channel_join"]
)
FILES = st.lists(
    st.one_of(st.fixed_dictionaries({}, optional={"name": JSONISH, "title": JSONISH}), JSONISH),
    max_size=3,
)


def field(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a well-typed value, sometimes anything at all."""
    return st.one_of(good, good, good, JSONISH)


MESSAGES = st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "message", "message", "typing"])},
    optional={
        "ts": field(GOOD_TS),
        "user": field(USERS),
        "subtype": field(SUBTYPES),
        "text": field(TEXT),
        "files": field(FILES),
        "edited": field(st.fixed_dictionaries({"ts": field(GOOD_TS)})),
        "bot_id": field(st.sampled_from(["B1", None])),
        "thread_ts": field(GOOD_TS),
    },
)
PEOPLE = [
    person("U1", "Alice", tz="Europe/Berlin"),
    person("U2", "Bob", tz="America/Bogus"),
    person("UBOT", "Bot", is_bot=True),
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages=st.lists(st.one_of(MESSAGES, JSONISH), max_size=8))
def test_random_messages_import_or_fail_by_name(messages: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_export(Path(tmp), PEOPLE, raw_messages=messages)
        try:
            export = read_slack_export(root, "learning-day")
        except ExportError as exc:
            assert exc.file == "learning-day/2025-11-27.json"
            return
        store = Store(Path(tmp) / "ld.db")
        result = store.import_batch(export)
        store.close()
        assert result.posts_new == len(export.posts)
        assert export.messages_seen == len(messages)


@settings(max_examples=100, deadline=None)
@given(
    data=st.binary(max_size=200)
    | st.text(ANY_CHAR, max_size=60).map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_random_bytes_as_a_day_file_fail_by_name(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_export(Path(tmp), PEOPLE, raw_files={"learning-day/2025-11-27.json": data})
        try:
            read_slack_export(root, "learning-day")
        except ExportError as exc:
            assert exc.file == "learning-day/2025-11-27.json"


@settings(max_examples=100, deadline=None)
@given(
    entries=st.lists(JSONISH, max_size=6),
    indent=st.sampled_from([None, 0, 1, 4]),
    chunk=st.integers(min_value=1, max_value=40),
    cut=st.none() | st.integers(min_value=0),
)
@example(entries=[1.5, -2e-3], indent=None, chunk=3, cut=None)  # a number cut by a chunk
def test_streamed_lists_read_as_json_does(
    entries: list[Any], indent: int | None, chunk: int, cut: int | None
) -> None:
    """The streaming reader agrees with ``json.loads`` whatever the chunk boundaries; a file
    cut short anywhere is a named error."""
    raw = json.dumps(entries, indent=indent).encode()
    if cut is not None:
        raw = raw[: cut % max(len(raw), 1)]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "f.json").write_bytes(raw)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(slack_export, "_CHUNK", chunk)
            source = _Source(Path(tmp))
            try:
                got = list(source.iter_list("f.json", "things"))
            except ExportError as exc:
                assert cut is not None, exc
                assert exc.file == "f.json"
                return
        assert got == repaired(json.loads(raw.decode("utf-8")))


def repaired(value: Any) -> Any:
    """``value`` with every lone surrogate (in strings and keys) replaced by U+FFFD."""
    if isinstance(value, str):
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    if isinstance(value, list):
        return [repaired(v) for v in value]
    if isinstance(value, dict):
        return {repaired(k): repaired(v) for k, v in value.items()}
    return value
