"""``[templates]`` ``channel_plan`` / ``channel_summary``: the channel reminder in the
facilitator's words, mentions made by the platform, everything else escaped for it; a bad
template refused when the config is read."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from export_builder import message, person, write_export
from webhook_server import FakeSlack

from ldtui.config import Config, ConfigError, load_config
from ldtui.importers.slack_export import read_slack_export
from ldtui.notify.nudger import Nudger, NudgeTarget
from ldtui.notify.platforms import Recipient, platform_for
from ldtui.notify.wording import check_template
from ldtui.store import Store

THU = date(2025, 11, 27)
NOW = datetime(2025, 11, 27, 11, 0, tzinfo=UTC)
PEOPLE = [
    person("U1", "Alice", tz="UTC"),
    person("U2", "Bob", tz="UTC"),
    person("U4", "Eve", tz="UTC"),
]
MESSAGES = [message("U4", datetime(2025, 11, 27, 8, tzinfo=UTC), "Plan: read about WAL")]


@pytest.fixture
def store(store: Store, tmp_path: Path) -> Store:
    store.import_batch(read_slack_export(write_export(tmp_path, PEOPLE, MESSAGES), "learning-day"))
    return store


def configured(tmp_path: Path, url: str, templates: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(f'webhook_url = "{url}"\n[templates]\n{templates}', encoding="utf-8")
    return load_config(path, environ={})


async def test_channel_template_reaches_the_webhook_as_rendered(
    store: Store, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    config = configured(
        tmp_path,
        fake_slack.url,
        'channel_plan = "{mentions}: your {missing} for {day}, please <!channel> & co. '
        '{shared}. {question} {{{count}}}"\n',
    )
    nudger = Nudger.from_config(store, config, clock=lambda: NOW, spacing=0, environ={})
    outcomes = await nudger.nudge(
        [NudgeTarget("U1", "Alice", "plan"), NudgeTarget("U2", "Bob", "plan")], THU
    )
    assert [o.status for o in outcomes] == ["sent", "sent"]
    [request] = fake_slack.requests
    assert request.json == {
        "text": "<@U1> and <@U2>: your plan for Thursday 27 Nov, please &lt;!channel&gt; "
        "&amp; co. 1 colleague has shared their plan. What will you learn today? {1}"
    }
    assert store.nudges(THU)[0].message == request.json["text"]


async def test_without_a_channel_template_the_wording_is_unchanged(
    store: Store, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    config = configured(tmp_path, fake_slack.url, 'plan = "Hi {name}, a direct message"\n')
    nudger = Nudger.from_config(store, config, clock=lambda: NOW, spacing=0, environ={})
    await nudger.nudge([NudgeTarget("U1", "Alice", "plan")], THU)
    assert fake_slack.requests[0].json["text"] == (
        "Hi <@U1>, friendly Learning Day reminder: your plan for Thursday 27 Nov 2025 is not "
        "posted yet. What will you learn today?"
    )


def test_bad_channel_template_is_refused_naming_key_and_field(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[templates]\nchannel_summary = "Hi {name}, {day}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[templates\] channel_summary: unknown field \{name\}"):
        load_config(path, environ={})
    with pytest.raises(ValueError, match=r"channel_plan: unknown field \{mention\}.*\{mentions\}"):
        check_template("channel_plan", "{mention} please")
    check_template("channel_plan", "{mentions} {missing} {day} {count} {shared} {question}")


def test_names_and_template_text_are_escaped_per_platform() -> None:
    people = [Recipient("Bob *bold* @channel <x>", {}), Recipient("Ann", {"mattermost": "ann"})]
    template = "{mentions} @here *now*: {missing}"
    mattermost = platform_for("mattermost")
    [message] = mattermost.messages(people, "summary", THU, template=template)
    assert message.text == (
        "Bob \\*bold\\* @\u200bchannel \\<x\\> and @ann @\u200bhere \\*now\\*: summary"
    )
    slack = platform_for("slack")
    [message] = slack.messages(
        [Recipient("Ann", {"slack": "U9"})], "plan", THU, template="{mentions} <b>"
    )
    assert message.text == "<@U9> &lt;b&gt;"
    discord = platform_for("discord")
    [message] = discord.messages([Recipient("Ann_x", {})], "plan", THU, template="{mentions}!")
    assert message.text == "Ann\\_x!" and message.payload["allowed_mentions"]["parse"] == []
