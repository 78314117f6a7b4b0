"""Keys and theme the Textual way: the ``[keymap]`` of config.toml remaps keys by binding id
(``App.set_keymap``), the help screen shows the keys in force, the footer shows the main keys
at 80 and 120 columns, and the theme picked in the command palette is remembered in
config.toml and used at the next start."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from console_data import NOW, THU, fill
from textual.widgets import Static

from ldtui.config import Config, ConfigError, default_config_path, load_config
from ldtui.store import Store
from ldtui.tui.app import make_app
from ldtui.tui.screens.history import HistoryScreen


@pytest.fixture
def store(store: Store) -> Store:
    return fill(store)


def console(store: Store, config: Config | None = None):
    return make_app(store, config or Config(), day=THU, clock=lambda: NOW)


def help_text(app) -> str:
    return str(app.screen.query_one("#help-keys", Static).render())


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_keymap_remaps_a_key_and_help_shows_it(store, tmp_path):
    path = write_config(tmp_path, '[keymap]\n"console.history" = "y"\n')
    app = console(store, load_config(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)
        await pilot.press("question_mark")
        lines = help_text(app).splitlines()
        assert any(line.split() == ["y", "History"] for line in lines), lines
        assert not any(line.split() == ["h", "History"] for line in lines)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


def test_unknown_binding_id_is_a_config_error_naming_it(store, tmp_path):
    path = write_config(tmp_path, '[keymap]\n"console.nudgee" = "x"\n')
    with pytest.raises(ConfigError, match=r"config\.toml.*'console\.nudgee'"):
        console(store, load_config(path))


def test_keymap_value_must_be_keys(tmp_path):
    path = write_config(tmp_path, '[keymap]\n"console.nudge" = 3\n')
    with pytest.raises(ConfigError, match=r"\[keymap\] 'console\.nudge'"):
        load_config(path)


async def test_help_lists_enter_palette_and_roster_keys(store):
    app = console(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        lines = [line.strip() for line in help_text(app).splitlines()]
        assert "p, enter  Timeline" in lines
        assert "ctrl+p  Command palette: every command, the theme" in lines
        assert "ctrl+f  Search" in lines
        assert "up, k  Up" in lines


async def test_configured_theme_is_used_at_start(store):
    app = console(store, Config(theme="nord"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_unknown_theme_is_a_notification_and_the_default(store):
    default = console(store).theme
    app = console(store, Config(theme="no-such-theme"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.theme == default
        shown = [str(t.render()) for t in app.screen.query("Toast")]
        assert any("no-such-theme" in text and default in text for text in shown), shown


async def test_picked_theme_is_written_to_the_config(store):
    path = default_config_path()
    assert not path.exists()
    app = console(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "gruvbox"
        await pilot.pause()
        await pilot.pause()
    assert 'theme = "gruvbox"' in path.read_text(encoding="utf-8").splitlines()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_config(path).theme == "gruvbox"


async def test_picked_theme_keeps_the_rest_of_the_config(store, tmp_path):
    path = write_config(tmp_path, 'channel = "learning-day"\n\n[keymap]\n"quit" = "q,x"\n')
    app = console(store, load_config(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
        await pilot.pause()
    config = load_config(path)
    assert config.theme == "nord"
    assert (config.channel, config.keymap) == ("learning-day", {"quit": "q,x"})


def test_theme_cannot_be_written_over_a_bad_file(tmp_path):
    from ldtui.config import save_config_value

    path = write_config(tmp_path, "nudge_cooldown_minutes = -1\n")
    with pytest.raises(ConfigError):
        save_config_value(path, "theme", "nord")
    assert path.read_text(encoding="utf-8") == "nudge_cooldown_minutes = -1\n"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_footer_shows_the_main_keys_whole(store, size):
    app = console(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one("Footer")
        keys = sorted(footer.query("FooterKey"), key=lambda k: k.region.x)
        shown = [str(k.render()) for k in keys]
        for words in ("n Nudge", "[ Prev Thu", "] Next Thu", "h History", "? Help", "q Quit"):
            assert words in shown, shown
        assert shown[-1] == "^p palette"
        regions = [k.region for k in keys]
        assert all(
            r.right <= size[0] and r.width >= len(s) for r, s in zip(regions, shown, strict=True)
        )
        assert all(a.right <= b.x for a, b in zip(regions, regions[1:], strict=False)), regions


async def until(pilot, condition, seconds: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (the palette searches in a worker)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the condition never held")


def palette_offers(app, words: str):
    def check() -> bool:
        from textual.command import CommandList

        lists = app.screen.query(CommandList)
        return (
            bool(lists)
            and any(words in str(option.prompt) for option in lists.first().options)
            and lists.first().highlighted is not None
        )

    return check


async def test_theme_picked_in_the_command_palette_is_remembered(store, tmp_path):
    path = write_config(tmp_path, 'channel = "learning-day"\n')
    app = console(store, load_config(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"theme")
        await until(pilot, palette_offers(app, "Change the current theme"))
        await pilot.press("enter")
        await pilot.press(*"gruvbox")
        await until(pilot, palette_offers(app, "gruvbox"))
        await pilot.press("enter")
        await until(pilot, lambda: app.theme == "gruvbox")
        await pilot.pause()
    assert load_config(path).theme == "gruvbox"
