"""Day files are parsed whole (msgspec) when small and plain, streamed otherwise: both ways
must give the same entries, repairs and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldtui.importers import slack_export
from ldtui.importers.slack_export import ExportError, _Source
from ldtui.learning_day import Markers


def both_ways(src: _Source, rel: str) -> tuple[list[object], list[object]]:
    """The entries of ``rel`` through :meth:`_Source.iter_list` and through the streaming
    parser alone."""
    whole = list(src.iter_list(rel, "messages"))
    streamed = list(src._stream_list(rel, "messages", src._chunks(rel)))
    return whole, streamed


def test_every_file_of_the_real_export_reads_the_same_both_ways(
    slack_export_2016: Path,
) -> None:
    with _Source(slack_export_2016) as src:
        rels = ["users.json", "channels.json"]
        for folder in ("general", "datasets", "examples"):
            rels += src.day_files(folder)
        for rel in rels:
            whole, streamed = both_ways(src, rel)
            assert whole == streamed, rel


ODD_FILES = {
    "big integer": b'[{"type": "message", "n": 123456789012345678901234567890}]',
    "negative big integer": b'[{"n": -98765432109876543210987654321}]',
    "NaN and infinity": b'[{"a": NaN, "b": -Infinity, "c": 1e400}]',
    "byte order mark": b'\xef\xbb\xbf[{"text": "hi"}]',
    "lone surrogate": b'[{"text": "cut \\ud83d"}, {"text": "\\udc00 low"}]',
    "surrogate pair": b'[{"text": "\\ud83c\\udf89 party"}]',
    "duplicate keys": b'[{"a": 1, "a": 2}]',
    "floats": b"[0.1, -0.0, 2.2250738585072014e-308, 1E5, 1.7976931348623157e308]",
    "nested": b"[" + b"[" * 200 + b"]" * 200 + b"]",
    "empty list": b"[]",
}


@pytest.mark.parametrize("case", sorted(ODD_FILES))
def test_unusual_json_reads_as_the_standard_library_reads_it(tmp_path: Path, case: str) -> None:
    (tmp_path / "users.json").write_text("[]")
    (tmp_path / "day.json").write_bytes(ODD_FILES[case])
    with _Source(tmp_path) as src:
        whole, streamed = both_ways(src, "day.json")
        repaired = src.repaired
    expected = json.loads(ODD_FILES[case].decode("utf-8-sig"))
    if case == "lone surrogate":
        expected = [{"text": "cut \ufffd"}, {"text": "\ufffd low"}]
        assert repaired == 4  # two strings, each repaired once per way
    assert repr(whole) == repr(streamed) == repr(expected)


@pytest.mark.parametrize(
    "content",
    [b"", b"{}", b'[{"a": 1},', b'[{"a": 1} {"b": 2}]', b"[1] 2", b'["a\x01"]', b"[1,]"],
)
def test_malformed_files_fail_with_the_streaming_errors(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "users.json").write_text("[]")
    (tmp_path / "day.json").write_bytes(content)
    with _Source(tmp_path) as src:
        with pytest.raises(ExportError) as whole:
            list(src.iter_list("day.json", "messages"))
        with pytest.raises(ExportError) as streamed:
            list(src._stream_list("day.json", "messages", src._chunks("day.json")))
    assert str(whole.value) == str(streamed.value)


def test_a_file_over_the_whole_file_size_is_streamed_with_the_same_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = [
        {"type": "message", "text": f"post {i}", "ts": f"1700000000.{i:06d}"} for i in range(500)
    ]
    (tmp_path / "users.json").write_text("[]")
    (tmp_path / "day.json").write_text(json.dumps(entries))
    monkeypatch.setattr(slack_export, "WHOLE_FILE_BYTES", 1000)
    monkeypatch.setattr(slack_export, "_CHUNK", 700)
    with _Source(tmp_path) as src:
        assert list(src.iter_list("day.json", "messages")) == entries


def reference_kind_of(markers: Markers, text: str) -> str | None:
    """The marker rule without the first-character shortcut."""
    head = text.lstrip().lstrip("*_~ \t")[: markers._head_length].lower()
    for kind, found in (("plan", markers.plan), ("summary", markers.summary)):
        for marker in found:
            if head.startswith(marker):
                rest = head[len(marker) : len(marker) + 1]
                if marker[-1].isalnum() and (rest.isalnum() or rest == "_"):
                    continue
                return kind
    return None


MARKER_TEXT = st.text(alphabet=st.sampled_from(list("plansumry:#ti _*~ PLİıK\t")), max_size=14)


@given(
    text=MARKER_TEXT,
    plan=st.lists(MARKER_TEXT.filter(bool), max_size=3),
    summary=st.lists(MARKER_TEXT.filter(bool), max_size=3),
)
def test_marker_shortcut_decides_as_the_full_rule(
    text: str, plan: list[str], summary: list[str]
) -> None:
    for markers in (Markers(), Markers(plan=tuple(plan), summary=tuple(summary))):
        assert markers.kind_of(text) == reference_kind_of(markers, text)
