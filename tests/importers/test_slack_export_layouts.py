"""Exports as they really arrive: nested in folders, zipped on a Mac or with Windows tools."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from export_builder import message, person, write_export, zip_export

from ldtui.importers.slack_export import ExportError, list_channels, read_slack_export

THU = datetime(2025, 11, 27, 9, tzinfo=UTC)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(
        tmp_path / "src", [person("U1", "Alice")], [message("U1", THU, "Plan: read")]
    )


def posts_of(path: Path) -> list[str]:
    return [p.text for p in read_slack_export(path, "learning-day").posts]


@pytest.mark.parametrize("inside", ["", "MyTeam export", "Downloads/MyTeam export Nov 27 2025"])
@pytest.mark.parametrize("backslashes", [False, True])
def test_zips_nested_mac_and_windows(
    tmp_path: Path, export: Path, inside: str, backslashes: bool
) -> None:
    extra = {
        "__MACOSX/._users.json": b"\x00\x05\x16\x07 resource fork",
        f"__MACOSX/{inside}/._users.json" if inside else "__MACOSX/x/._y": b"junk",
        "README.txt": b"stray file next to the export",
    }
    archive = zip_export(
        export, tmp_path / "e.zip", inside=inside, backslashes=backslashes, extra=extra
    )
    assert posts_of(archive) == ["Plan: read"]
    assert list_channels(archive) == ["learning-day"]


@pytest.mark.parametrize("inside", ["MyTeam export", "Downloads/MyTeam export"])
def test_folders_nested(tmp_path: Path, export: Path, inside: str) -> None:
    outer = tmp_path / "outer"
    target = outer / inside
    target.parent.mkdir(parents=True)
    export.rename(target)
    (outer / "stray.txt").write_text("hello")
    (outer / "__MACOSX").mkdir()
    assert posts_of(outer) == ["Plan: read"]


def test_errors_name_the_nested_path(tmp_path: Path, export: Path) -> None:
    (export / "learning-day" / "2025-11-27.json").write_text("[")
    archive = zip_export(export, tmp_path / "e.zip", inside="Downloads/T")
    with pytest.raises(ExportError) as info:
        read_slack_export(archive, "learning-day")
    assert info.value.file == "e.zip:Downloads/T/learning-day/2025-11-27.json"


def test_two_exports_side_by_side_are_refused(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    for name in ("a", "b"):
        write_export(outer, [person("U1", "Alice")], folder=name)
    with pytest.raises(ExportError, match="more than one export"):
        read_slack_export(outer, "learning-day")


def test_too_deep_is_not_an_export(tmp_path: Path, export: Path) -> None:
    archive = zip_export(export, tmp_path / "e.zip", inside="a/b/c")
    with pytest.raises(ExportError, match="users.json"):
        read_slack_export(archive, "learning-day")


def test_real_export_zipped_inside_folders(tmp_path: Path, slack_export_2016: Path) -> None:
    plain = read_slack_export(slack_export_2016, "general")
    archive = zip_export(slack_export_2016, tmp_path / "r.zip", inside="Downloads/export")
    zipped = read_slack_export(archive, "general")
    assert [(p.ts, p.text) for p in zipped.posts] == [(p.ts, p.text) for p in plain.posts]
    assert plain.posts
