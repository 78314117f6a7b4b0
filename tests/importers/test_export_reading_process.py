"""A large export is read in a second process while the store writes: the rows, the counts,
the bots' anchors and the errors (file and line) are those of reading it in this process, and
no reading process outlives the import, whether it ends, fails or is stopped."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from export_builder import message, person, write_export, zip_export
from generated_export import generate_export

from ldtui.importers import slack_export
from ldtui.importers.slack_export import ExportError, SlackExportReader

THU = datetime(2025, 11, 27, 8, tzinfo=UTC)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generate_export(tmp_path_factory.mktemp("gen"), 25, 6, 7)


def read(export: Path, in_process: bool) -> tuple[list[tuple[object, ...]], tuple[object, ...]]:
    with SlackExportReader(export, "learning-day") as reader:
        rows = reader.iter_rows_in_process() if in_process else reader.iter_rows()
        found = [tuple(row) for row in rows]
        counts = (
            reader.files_read,
            reader.messages_seen,
            dict(reader.skipped),
            reader.thread_anchors,
            reader.repaired,
        )
    return found, counts


def test_rows_and_counts_are_those_read_here(generated):
    rows, counts = read(generated, in_process=True)
    assert len(rows) > 200
    assert (rows, counts) == read(generated, in_process=False)


def test_a_zipped_export_with_repairs_and_bots(tmp_path):
    people = [person("U1", "Ana"), person("UBOT", "Kickoff", is_bot=True)]
    messages = [
        message("UBOT", THU - timedelta(hours=1), "Learning Day today"),
        message("U1", THU + timedelta(hours=5), "til: joins"),
    ]
    # Slack cuts long texts in the middle of a surrogate pair; the half is repaired.
    cut = (
        '[{"type": "message", "user": "U1", "ts": "1764234000.000100",'
        ' "text": "Plan: caf\\ud83d &amp; <https://x.y|links>"}]'
    )
    export = write_export(
        tmp_path, people, messages, raw_files={"learning-day/2025-11-26.json": cut}
    )
    rows, counts = read(export, in_process=True)
    assert counts[3] and counts[4] == 1  # an anchor and a repaired string
    assert (rows, counts) == read(export, in_process=False)
    archive = zip_export(export, tmp_path / "export.zip")
    assert read(archive, in_process=True) == (rows, counts)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('[{"type": "message", "user": "U1", "ts": "soon"}]', ["message 1", "ts is not"]),
        ('[\n{"type": "message",\n "ts": }\n]', ["malformed JSON", "line 3"]),
    ],
)
def test_an_error_names_the_file_and_line_as_here(tmp_path, content, words):
    export = write_export(
        tmp_path,
        [person("U1", "Ana")],
        [message("U1", THU, "Plan: read")],
        raw_files={"learning-day/2025-11-28.json": content},
    )
    with pytest.raises(ExportError) as here:
        read(export, in_process=False)
    with pytest.raises(ExportError) as there:
        read(export, in_process=True)
    assert str(there.value) == str(here.value)
    assert there.value.file == "learning-day/2025-11-28.json"
    for word in words:
        assert word in str(there.value)


def test_no_reading_process_outlives_a_stopped_import(generated, monkeypatch):
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        child = real_popen(*args, **kwargs)
        started.append(child)
        return child

    monkeypatch.setattr(slack_export.subprocess, "Popen", recording_popen)
    with SlackExportReader(generated, "learning-day") as reader:
        rows = reader.iter_rows_in_process()
        next(rows)
        rows.close()  # what an error while storing, or Ctrl-C, does to the iterator
    assert len(started) == 1
    assert started[0].poll() is not None
    monkeypatch.setattr(slack_export, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(slack_export.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    with SlackExportReader(generated, "learning-day") as reader:
        reader.batch()  # started, never read: the store could not be opened
    assert len(started) == 2
    assert started[1].poll() is not None


def test_only_a_large_channel_is_read_in_a_second_process(generated, monkeypatch):
    with SlackExportReader(generated, "learning-day") as reader:
        assert not reader._worth_a_process()  # a small export: starting a process costs more
        monkeypatch.setattr(slack_export, "PARALLEL_MIN_BYTES", 1)
        monkeypatch.setattr(slack_export.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
        assert reader._worth_a_process()
        monkeypatch.setattr(slack_export.os, "sched_getaffinity", lambda _: {0}, raising=False)
        assert not reader._worth_a_process()
