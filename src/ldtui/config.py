"""Settings: where the database and config file live, and what is in ``config.toml``.

The config file is TOML (read with :mod:`tomllib`) in the platformdirs user config
directory unless ``--config PATH`` names another. Keys (all optional)::

    webhook_url = "https://hooks.slack.com/services/..."   # a secret: never printed in full
    default_timezone = "UTC"          # IANA zone for people with no or an unknown zone
    channel = "learning-day"          # the channel whose members make the roster
    plan_markers = ["plan:", "#plan"]
    summary_markers = ["summary:", "#summary", "til:", "#til"]
    nudge_cooldown_minutes = 120      # also the least time between two scheduled nudges
    plan_nudge_at = "10:30"           # scheduled nudges: each person's own local time on
    summary_nudge_at = "16:30"        # their Thursday (ldtui nudge without --at)
    quiet_hours = "08:00-20:00"       # local hours a person may be nudged ("00:00-24:00": any)
    max_nudges_per_day = 1            # scheduled nudges per person, kind and Learning Day
    nudge_send_deadline_seconds = 30  # the longest one nudge message may take (default:
                                      # its worst case, retries included, about 211 s)
    theme = "nord"                    # a Textual theme; the console writes the one picked
                                      # in its command palette here
    nudge_via = "channel"             # or "dm": a direct message each (Slack Web API, bot
                                      # token in $SLACK_BOT_TOKEN, scopes chat:write, im:write)
                                      # or "geekbot": Geekbot asks them again, privately
    geekbot_standup_id = 42           # the standup nudge_via = "geekbot" starts (key in
                                      # $GEEKBOT_API_KEY, as for ldtui import geekbot)
    thread_under = "U0KICKOFF"        # with a bot token: nudges and digests go in the thread
                                      # under this user's first post of the day
    facilitator = "Ada"               # who nudges, recorded on every ledger row (default:
                                      # --as NAME, else the operating-system user)
    serve_max_sessions = 20           # ``ldtui serve``: browser tabs open at once

    [templates]                       # direct messages; fields {name} {missing} {day}
    plan = "Hi {name}! ..."           # {local_time} {count} {shared} {question}

    [keymap]                          # binding id -> keys (Textual's App.set_keymap)
    "console.nudge" = "n,ctrl+n"      # the README lists the ids

``LDTUI_WEBHOOK_URL`` overrides ``webhook_url``; ``LDTUI_DB`` chooses the database file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from ldtui.learning_day import DEFAULT_MARKERS, NOON, Markers, QuietHours, parse_clock

APP_NAME = "ldtui"
CONFIG_FILE_NAME = "config.toml"
DB_FILE_NAME = "ldtui.db"


GEEKBOT_STANDUP_MISSING = (
    "nudge_via = \"geekbot\" needs 'geekbot_standup_id' in the config file (the id of the "
    "standup Geekbot asks again, e.g. geekbot_standup_id = 42)"
)
"""The error when nudges go through Geekbot but no standup is set (config, CLI, console)."""


class ConfigError(Exception):
    """The config file cannot be read or holds a bad value; the message names file and key."""


def default_config_path() -> Path:
    """Return the config file path: ``<user config dir>/ldtui/config.toml`` (platformdirs)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / CONFIG_FILE_NAME


def default_db_path() -> Path:
    """Return the database path: ``$LDTUI_DB`` if set, else ``<user data dir>/ldtui/ldtui.db``."""
    env = os.environ.get("LDTUI_DB")
    if env:
        return Path(env).expanduser()
    return data_folder_db_path()


def data_folder_db_path() -> Path:
    """Return ``<user data dir>/ldtui/ldtui.db`` (platformdirs' data folder of this user and
    system), the database used when neither ``--db`` nor ``$LDTUI_DB`` names one."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / DB_FILE_NAME


@dataclass(frozen=True)
class Config:
    """The facilitator's settings, as read from ``config.toml`` (every field has a default)."""

    webhook_url: str | None = None
    """Incoming-webhook URL of the team's chat; ``None`` makes every nudge a dry run. A secret."""
    default_timezone: str = "UTC"
    """IANA zone used for people whose own zone is missing or unknown (never the machine's)."""
    channel: str | None = None
    """Channel name or id whose members form the roster; ``None`` means every imported channel."""
    markers: Markers = field(default_factory=lambda: DEFAULT_MARKERS)
    """Text prefixes that mark a post as a plan or a summary (case-insensitive)."""
    nudge_cooldown_minutes: int = 120
    """A second nudge of the same person and kind for the same Learning Day within this many
    minutes needs the facilitator's confirmation."""
    skip_days: dict[date, str] = field(default_factory=dict)
    """Thursdays with no Learning Day (company holidays), from ``skip_days``."""
    topics: dict[str, list[str]] | None = None
    """``[topics]`` table: topic id -> keyword patterns (see :mod:`ldtui.insights.topics`)."""
    work_patterns: list[str] | None = None
    """``work_patterns``: regexes of work items in summaries (see :mod:`ldtui.insights.signals`)."""
    webhook_kind: str | None = None
    """``webhook_kind``: the chat platform of the webhook (default: guessed from its host)."""
    nudge_send_deadline_seconds: float | None = None
    """``nudge_send_deadline_seconds``: the longest one nudge message may take, retries and
    waits included; a nudge still ``pending`` that long after its request began is
    ``interrupted``. ``None``: the sender's worst case (:attr:`Sender.deadline`)."""
    theme: str | None = None
    """``theme``: the name of the Textual theme the console opens with (``None``: Textual's
    default). An unknown name is reported by the console, which then uses the default."""
    keymap: dict[str, str] = field(default_factory=dict)
    """``[keymap]`` table: binding id -> comma-separated keys, applied with Textual's
    ``App.set_keymap``. Ids are checked when the console starts (the core knows no keys)."""
    nudge_via: str = "channel"
    """``nudge_via``: how nudges reach people, one of :data:`ldtui.records.NUDGE_VIAS`
    (``channel``: one mention in the channel; ``dm``: a direct message each; ``geekbot``:
    Geekbot asks each again, privately)."""
    geekbot_standup_id: int | None = None
    """``geekbot_standup_id``: the Geekbot standup that ``nudge_via = "geekbot"`` starts for
    the people missing a post (required with that via)."""
    thread_under: str | None = None
    """``thread_under``: a Slack user id; with a bot token, channel nudges and digests go in
    the thread under that user's first synced post of the Learning Day."""
    templates: dict[str, str] = field(default_factory=dict)
    """``[templates]`` table: ``plan`` / ``summary`` -> direct-message text with named fields
    (checked on load by :func:`ldtui.notify.wording.check_template`)."""
    facilitator: str | None = None
    """``facilitator``: the name recorded on every nudge this ldtui makes (``--as NAME`` wins
    over it; without either, the operating-system user: :func:`facilitator_name`)."""
    serve_max_sessions: int = 20
    """``serve_max_sessions``: how many browser sessions ``ldtui serve`` runs at once (each is
    one console process); one more is refused with a message in the tab."""
    plan_nudge_at: time = time(10, 30)
    """``plan_nudge_at``: from this local time on their Thursday (before 12:00) a person
    missing a plan is due a scheduled nudge (``ldtui nudge --missing plan``)."""
    summary_nudge_at: time = time(16, 30)
    """``summary_nudge_at``: from this local time on their Thursday (12:00 or later) a person
    missing a summary is due a scheduled nudge."""
    quiet_hours: QuietHours = field(default_factory=QuietHours)
    """``quiet_hours``: the local hours in which anyone may be nudged (CLI and console)."""
    max_nudges_per_day: int = 1
    """``max_nudges_per_day``: how many scheduled nudges one person gets per kind and
    Learning Day, at least ``nudge_cooldown_minutes`` apart."""
    path: Path | None = None
    """The file this was read from, or ``None`` when no file existed."""


FACILITATOR_MAX = 64
"""The longest facilitator name accepted (characters)."""


def clean_facilitator(name: str, where: str) -> str:
    """Return ``name`` stripped, as recorded on ledger rows. Raises :class:`ConfigError`
    (naming ``where``: a config file and key, or an option) when it is empty or longer than
    :data:`FACILITATOR_MAX`. The name is data: every output point makes it inert."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > FACILITATOR_MAX:
        raise ConfigError(f"{where} must be 1 to {FACILITATOR_MAX} characters, not {name!r}")
    return cleaned


def facilitator_name(config: Config, given: str | None = None) -> str:
    """Return who is nudging: ``given`` (``--as NAME``, or the user header of ``ldtui
    serve``'s proxy), else ``config.facilitator``, else the operating-system user
    (:func:`getpass.getuser`), else ``"unknown"`` when the system names none.
    Raises :class:`ConfigError` for an empty or over-long ``given``."""
    if given is not None:
        return clean_facilitator(given, "--as")
    if config.facilitator:
        return config.facilitator
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no LOGNAME/USER and no passwd entry (a bare container)
        return "unknown"


def readable_by_others(path: Path) -> bool:
    """Whether the file's permissions let other users read it (it holds the webhook secret)."""
    try:
        return bool(path.stat().st_mode & 0o077)
    except OSError:
        return False


def write_config_value(path: Path | None, key: str, value: str | int | list[str]) -> Path:
    """Set ``key`` to ``value`` in the config file (created with owner-only permissions,
    0600, in a folder of its own), keeping the other lines as they are. Returns the path.

    Only simple values are written (a string, an integer, a list of strings); TOML quoting is
    done here. Raises :class:`ConfigError` if the file cannot be written.
    """
    import json
    import re

    path = path or default_config_path()
    if isinstance(value, bool) or not isinstance(value, (str, int, list)):
        raise ConfigError(f"{path}: cannot write {key} = {value!r}")
    rendered = json.dumps(value, ensure_ascii=False)  # JSON strings/lists are valid TOML
    line = f"{key} = {rendered}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for index, old in enumerate(lines):
            if pattern.match(old):
                lines[index] = line
                break
        else:
            # top-level keys go before the first [table]
            tables = [i for i, old in enumerate(lines) if old.lstrip().startswith("[")]
            lines.insert(tables[0] if tables else len(lines), line)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        os.chmod(path, 0o600)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc.strerror}") from exc
    return path


def save_config_value(path: Path | None, key: str, value: str | int | list[str]) -> Path:
    """Write ``key = value`` with :func:`write_config_value`, then read the file back with
    :func:`load_config`'s rules; when that fails the file is put back as it was (or removed,
    if it did not exist). Returns the path; raises :class:`ConfigError` (nothing changed)."""
    target = path or default_config_path()
    try:
        before = target.read_bytes() if target.exists() else None
    except OSError as exc:
        raise ConfigError(f"{target}: cannot read: {exc.strerror}") from exc
    try:
        written = write_config_value(target, key, value)
        load_config(written, environ={})
    except ConfigError:
        try:
            if before is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(before)
        except OSError:
            pass
        raise
    return written


def load_config(path: Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """Read settings from ``path`` (default :func:`default_config_path`) and the environment.

    A missing file gives the defaults. ``LDTUI_WEBHOOK_URL`` in ``environ`` (default
    ``os.environ``) overrides ``webhook_url``.

    Raises :class:`ConfigError` naming the file (and line, for TOML syntax errors) or the key
    when the file is not valid TOML or a value has the wrong type or an unknown time zone.
    """
    environ = dict(os.environ) if environ is None else environ
    explicit = path is not None
    path = path or default_config_path()
    data: dict[str, Any] = {}
    if path.exists():
        import tomllib

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    elif explicit:
        raise ConfigError(f"{path}: config file not found")

    def get(key: str, kind: type | tuple[type, ...], default: object) -> object:
        value = data.get(key, default)
        if value is not default and not isinstance(value, kind):
            raise ConfigError(f"{path}: '{key}' has the wrong type ({type(value).__name__})")
        return value

    def markers(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = get(key, list, None)
        if value is None:
            return default
        assert isinstance(value, list)
        if not all(isinstance(m, str) and m.strip() for m in value):
            raise ConfigError(f"{path}: '{key}' must be a list of non-empty strings")
        return tuple(m.strip().lower() for m in value)

    default_timezone = str(get("default_timezone", str, "UTC"))
    try:
        ZoneInfo(default_timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{path}: 'default_timezone' = {default_timezone!r} is not an IANA time zone"
        ) from exc
    cooldown = get("nudge_cooldown_minutes", int, 120)
    assert isinstance(cooldown, int)
    if cooldown < 0:
        raise ConfigError(f"{path}: 'nudge_cooldown_minutes' must be 0 or more")
    send_deadline = get("nudge_send_deadline_seconds", (int, float), None)
    if send_deadline is not None and not (
        isinstance(send_deadline, int | float) and 1 <= send_deadline <= 3600
    ):
        raise ConfigError(f"{path}: 'nudge_send_deadline_seconds' must be 1 to 3600 seconds")
    skip_days: dict[date, str] = {}
    raw_skips = get("skip_days", list, [])
    assert isinstance(raw_skips, list)
    for item in raw_skips:
        try:
            day = item if isinstance(item, date) else date.fromisoformat(str(item))
        except ValueError as exc:
            raise ConfigError(f"{path}: 'skip_days' has {item!r}, not a YYYY-MM-DD date") from exc
        skip_days[day] = "skipped (config)"
    topics = get("topics", dict, None)
    work_patterns = get("work_patterns", list, None)
    if topics is not None or work_patterns is not None:
        from ldtui.insights.signals import WorkPatterns
        from ldtui.insights.topics import TopicRules

        try:
            TopicRules.from_config(topics)  # type: ignore[arg-type]
            WorkPatterns.from_config(work_patterns)
        except ValueError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
    kind = get("webhook_kind", str, None)
    if kind:
        from ldtui.notify.platforms import PLATFORM_NAMES, normalize_platform

        try:
            kind = normalize_platform(str(kind))
        except ValueError as exc:
            raise ConfigError(
                f"{path}: 'webhook_kind' = {kind!r} is not one of {', '.join(PLATFORM_NAMES)}"
            ) from exc
    webhook = environ.get("LDTUI_WEBHOOK_URL") or get("webhook_url", str, None) or None
    if webhook:
        from ldtui.notify.redact import SECRETS

        SECRETS.add_url(str(webhook))  # scrubbed from every error text and log line from now on
    channel = get("channel", str, None) or None
    theme = get("theme", str, None) or None
    raw_keymap = get("keymap", dict, {})
    assert isinstance(raw_keymap, dict)
    keymap: dict[str, str] = {}
    for binding_id, keys in raw_keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(
                f'{path}: [keymap] {binding_id!r} must be a string of keys such as "n,ctrl+n"'
            )
        keymap[binding_id] = keys.replace(" ", "")
    from ldtui.records import NUDGE_VIAS

    via = str(get("nudge_via", str, "channel")).strip().lower()
    if via not in NUDGE_VIAS:
        raise ConfigError(f"{path}: 'nudge_via' = {via!r} is not one of {', '.join(NUDGE_VIAS)}")
    raw_standup = get("geekbot_standup_id", int, None)
    standup: int | None = None
    if raw_standup is not None:
        if isinstance(raw_standup, bool) or not isinstance(raw_standup, int) or raw_standup <= 0:
            raise ConfigError(f"{path}: 'geekbot_standup_id' must be a standup id, e.g. 42")
        standup = raw_standup
    if via == "geekbot" and standup is None:
        raise ConfigError(f"{path}: {GEEKBOT_STANDUP_MISSING}")
    thread_under = str(get("thread_under", str, "") or "").strip() or None
    raw_templates = get("templates", dict, {})
    assert isinstance(raw_templates, dict)
    templates: dict[str, str] = {}
    if raw_templates:
        from ldtui.notify.wording import check_template

        for name, text in raw_templates.items():
            if not isinstance(text, str) or not text.strip():
                raise ConfigError(f"{path}: [templates] {name!r} must be a non-empty string")
            try:
                check_template(str(name), text)
            except ValueError as exc:
                raise ConfigError(f"{path}: {exc}") from exc
            templates[str(name)] = text
    facilitator = get("facilitator", str, None)
    if facilitator is not None:
        facilitator = clean_facilitator(str(facilitator), f"{path}: 'facilitator'")
    max_sessions = get("serve_max_sessions", int, 20)
    if isinstance(max_sessions, bool) or not (isinstance(max_sessions, int) and max_sessions >= 1):
        raise ConfigError(f"{path}: 'serve_max_sessions' must be 1 or more")

    def clock_value(key: str, default: time) -> time:
        value = get(key, (str, time), None)  # "10:30", or a TOML local time 10:30:00
        if value is None:
            return default
        if isinstance(value, time):
            return value.replace(second=0, microsecond=0)
        try:
            return parse_clock(str(value))
        except ValueError as exc:
            raise ConfigError(f"{path}: '{key}' = {exc}") from exc

    plan_at = clock_value("plan_nudge_at", time(10, 30))
    if plan_at >= NOON:
        raise ConfigError(
            f"{path}: 'plan_nudge_at' must be before 12:00 (a post after noon is a summary)"
        )
    summary_at = clock_value("summary_nudge_at", time(16, 30))
    if summary_at < NOON:
        raise ConfigError(
            f"{path}: 'summary_nudge_at' must be 12:00 or later (a post before noon is a plan)"
        )
    raw_quiet = get("quiet_hours", str, None)
    try:
        quiet = QuietHours.parse(str(raw_quiet)) if raw_quiet is not None else QuietHours()
    except ValueError as exc:
        raise ConfigError(f"{path}: 'quiet_hours' = {exc}") from exc
    max_nudges = get("max_nudges_per_day", int, 1)
    if not isinstance(max_nudges, int) or isinstance(max_nudges, bool) or not 1 <= max_nudges <= 5:
        raise ConfigError(f"{path}: 'max_nudges_per_day' must be 1 to 5")
    return Config(
        nudge_via=via,
        geekbot_standup_id=standup,
        thread_under=thread_under,
        templates=templates,
        plan_nudge_at=plan_at,
        summary_nudge_at=summary_at,
        quiet_hours=quiet,
        max_nudges_per_day=max_nudges,
        webhook_url=str(webhook) if webhook else None,
        default_timezone=default_timezone,
        channel=str(channel).lstrip("#") if channel else None,
        markers=Markers(
            plan=markers("plan_markers", DEFAULT_MARKERS.plan),
            summary=markers("summary_markers", DEFAULT_MARKERS.summary),
        ),
        nudge_cooldown_minutes=cooldown,
        skip_days=skip_days,
        topics=topics,  # type: ignore[arg-type]
        work_patterns=work_patterns,  # type: ignore[arg-type]
        webhook_kind=str(kind) if kind else None,
        nudge_send_deadline_seconds=float(send_deadline) if send_deadline is not None else None,
        theme=str(theme) if theme else None,
        keymap=keymap,
        facilitator=facilitator,
        serve_max_sessions=max_sessions,
        path=path if path.exists() else None,
    )
