"""Write small Slack-export-shaped folders for tests.

Layout as in https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports:
``users.json``, ``channels.json`` and ``<channel>/YYYY-MM-DD.json`` day files holding lists of
message objects. Usage::

    from export_builder import message, person, write_export

    export = write_export(
        tmp_path,
        people=[person("U1", "Alice", tz="Europe/Berlin")],
        messages=[message("U1", datetime(2025, 11, 27, 8, tzinfo=UTC), "Plan: read")],
    )

``people`` and ``messages`` may also be plain dicts with the same keys as the helpers take.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ldtui import slack_ts as ldtui_slack_ts
from ldtui.importers.slack_export_writer import SlackExportWriter

__all__ = ["CHANNEL_ID", "message", "person", "slack_ts", "write_export", "zip_export"]

CHANNEL_ID = "C0LEARN"
"""Id of the exported channel unless ``channel_id`` says otherwise."""


def slack_ts(moment: datetime) -> str:
    """Slack ``ts`` string of an aware datetime (see :func:`ldtui.slack_ts.from_datetime`)."""
    return ldtui_slack_ts.from_datetime(moment)


def person(
    id: str,
    name: str,
    *,
    tz: str | None = "UTC",
    deleted: bool = False,
    is_bot: bool = False,
    member: bool = True,
) -> dict[str, Any]:
    """A person: ``name`` becomes the profile's display name; ``member`` puts them in the
    exported channel's member list."""
    return {
        "id": id,
        "name": name,
        "tz": tz,
        "deleted": deleted,
        "is_bot": is_bot,
        "member": member,
    }


def message(user: str | None, at: datetime, text: str, **extra: Any) -> dict[str, Any]:
    """A message by ``user`` at ``at`` (aware). ``extra`` is copied into the message object
    (``subtype``, ``edited``, ``thread_ts``, ``ts`` to override the computed one...)."""
    return {"user": user, "at": at, "text": text, **extra}


def _user_json(p: Mapping[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": p["id"],
        "name": str(p["name"]).lower().replace(" ", "."),
        "deleted": bool(p.get("deleted", False)),
        "is_bot": bool(p.get("is_bot", False)),
        "real_name": p["name"],
        "profile": {"display_name": p["name"], "real_name": p["name"]},
    }
    if p.get("tz", "UTC") is not None:
        entry["tz"] = p.get("tz", "UTC")
    return entry


def _message_json(m: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "message"}
    if m.get("user") is not None:
        out["user"] = m["user"]
    out["text"] = m["text"]
    out["ts"] = m.get("ts") or slack_ts(m["at"])
    for key, value in m.items():
        if key not in {"user", "text", "ts", "at"}:
            out[key] = value
    return out


def write_export(
    tmp_path: Path,
    people: Sequence[Mapping[str, Any]] = (),
    messages: Iterable[Mapping[str, Any]] = (),
    channel: str = "learning-day",
    *,
    channel_id: str = CHANNEL_ID,
    members: Sequence[str] | None = None,
    folder: str = "export",
    other_channels: Sequence[str] = (),
    raw_files: Mapping[str, bytes | str] | None = None,
    raw_messages: Sequence[Any] | None = None,
) -> Path:
    """Write a Slack export folder ``tmp_path / folder`` and return its path.

    ``people`` become ``users.json``; the channel's members are ``members`` if given, else the
    people with ``member`` true (the default). ``messages`` go into day files named after the
    UTC date of their ``ts``, in ``ts`` order. ``other_channels`` adds empty channels to
    ``channels.json`` (each with an empty folder). ``raw_messages`` are message objects
    written as they are (any shape) into the channel's ``2025-11-27.json``; ``raw_files``
    (path relative to the export -> bytes or text) are written last, exactly, replacing any
    file of that name (for malformed files). The files are written by
    :class:`ldtui.importers.slack_export_writer.SlackExportWriter`. Writing to the same
    ``folder`` again replaces the earlier export (handy for "re-import after an edit").
    """
    root = tmp_path / folder
    if root.exists():
        shutil.rmtree(root)
    people = list(people)
    if members is None:
        members = [p["id"] for p in people if p.get("member", True)]
    channels = [{"id": channel_id, "name": channel, "members": list(members)}]
    for index, name in enumerate(other_channels):
        channels.append({"id": f"C0OTHER{index}", "name": name, "members": []})
    with SlackExportWriter(root) as writer:
        writer.write_users([_user_json(p) for p in people])
        writer.write_channels(channels)
        writer.write_messages(channel, [_message_json(m) for m in messages])
    folder_path = root / channel
    if raw_messages is not None:
        (folder_path / "2025-11-27.json").write_text(
            json.dumps(list(raw_messages), indent=1), encoding="utf-8"
        )
    for rel, content in (raw_files or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        target.write_bytes(content)
    return root


def zip_export(
    root: Path,
    target: Path,
    *,
    inside: str = "",
    backslashes: bool = False,
    extra: Mapping[str, bytes] | None = None,
) -> Path:
    """Zip the export folder ``root`` into ``target`` and return it.

    ``inside`` puts the export in folders within the zip (``"Downloads/My export"``);
    ``backslashes`` writes member names with ``\\`` as Windows tools do; ``extra`` adds
    members by exact name (``__MACOSX/...``, a stray file)."""
    import zipfile

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            if path.is_dir():
                continue
            name = path.relative_to(root).as_posix()
            if inside:
                name = f"{inside}/{name}"
            if backslashes:
                name = name.replace("/", "\\")
            info = zipfile.ZipInfo(name, date_time=(2025, 11, 27, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return target
