"""``ldtui serve`` in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by Selenium) opens the served console on the demo data, reads
the terminal's text from xterm.js's buffer, presses keys in the page, and two tabs nudging
the same person at once send exactly one message to the loopback webhook.

Skipped, saying why, only where no Chromium or chromedriver is installed (``.ci/run``
installs them with apt-get when it can).

xterm.js draws on a canvas here (textual-serve loads its WebGL and canvas renderers), so the
text is read from the ``Terminal`` object's buffer. textual-serve's page keeps that object
in a closure; a script run before the page's own (Chrome DevTools'
``Page.addScriptToEvaluateOnNewDocument``) catches it when the page assigns it to
``.terminal`` and lists it in ``window.ldtuiTerminals``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from serve_process import ServeProcess, demo_database, serve, wait_until
from webhook_server import FakeSlack, slow

from ldtui.cli.base import facilitator_today
from ldtui.notify.wording import format_day

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="no Chromium and chromedriver found (Debian: apt-get install chromium "
    "chromium-driver; .ci/run does it)",
)

CATCH_TERMINAL = """
window.ldtuiTerminals = [];
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, 'terminal',
      {value: value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) window.ldtuiTerminals.push(value);
  },
});
"""
"""Run before the page's scripts: keeps the xterm.js ``Terminal`` textual-serve creates."""

READ_SCREEN = """
const terminal = (window.ldtuiTerminals || [])[0];
if (!terminal) return '';
const buffer = terminal.buffer.active, lines = [];
for (let i = 0; i < buffer.length; i++) {
  const line = buffer.getLine(i);
  lines.push(line ? line.translateToString(true) : '');
}
return lines.join('\\n');
"""
"""The terminal's text, one line per row (what the page shows, without colours)."""

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # the page links a web font: offline, fail that at once rather than wait for DNS
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)

ROW = re.compile(r"^ (\S.*?\S)  +(?:\w{3} \d\d:\d\d|✓|not yet|missing)")
"""A roster row: name, then the person's local day and time (or, in a narrow window that
drops that column, their plan cell)."""
DUE_ROW = re.compile(r"^ (\S.*?\S) +\w{3} \d\d:\d\d +(?:not yet|missing) +(?:not yet|missing)")
"""A roster row of someone with neither a plan nor a summary: always due a nudge."""


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.set_page_load_timeout(30)
        yield driver
    finally:
        driver.quit()


def roster_names(screen: str) -> list[str]:
    """The names on the roster the page shows."""
    return [m.group(1) for line in screen.splitlines() if (m := ROW.match(line))]


class Page:
    """One tab of the served console."""

    def __init__(self, driver, handle: str) -> None:  # noqa: ANN001
        self.driver = driver
        self.handle = handle

    def focus(self) -> None:
        self.driver.switch_to.window(self.handle)

    def text(self) -> str:
        self.focus()
        return str(self.driver.execute_script(READ_SCREEN))

    def shows(self, *wanted: str, timeout: float = 30) -> str:
        """Wait until the terminal shows every string of ``wanted``; return its text."""
        return str(
            wait_until(
                lambda: (t := self.text()) and all(w in t for w in wanted) and t,
                timeout,
                f"the page to show {wanted!r}",
                every=0.2,
            )
        )

    def filter(self, name: str, timeout: float = 30) -> str:
        """Filter the roster to ``name`` (``/``, the name, Enter) and wait until it shows
        only them; return the terminal's text."""
        self.press("/")
        self.shows("Filter by name…")  # the box has the focus: type into it
        self.press(name, "\n")
        return str(
            wait_until(
                lambda: (t := self.text()) and roster_names(t) == [name] and t,
                timeout,
                f"the roster to show only {name}",
                every=0.2,
            )
        )

    def press(self, *keys: str) -> None:
        """Type into the terminal (xterm.js's input element), as a user would."""
        from selenium.webdriver.common.by import By

        self.focus()
        self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(*keys)


def open_tab(driver, url: str, size: tuple[int, int], new: bool) -> Page:  # noqa: ANN001
    if new:
        driver.switch_to.new_window("tab")
    width, height = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
    driver.get(url)
    return Page(driver, driver.current_window_handle)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServeProcess, FakeSlack]]:
    db = demo_database(tmp_path)
    with FakeSlack() as slack:
        config = tmp_path / "config.toml"
        config.write_text(f'webhook_url = "{slack.url}"\nquiet_hours = "00:00-24:00"\n')
        config.chmod(0o600)
        with serve(db, config, tmp_path, "--as", "Ada") as server:
            yield server, slack


def test_console_in_the_browser(browser, served, tmp_path: Path) -> None:  # noqa: ANN001
    server, slack = served
    today = facilitator_today()
    page = open_tab(browser, server.url, (1280, 800), new=False)
    screen = page.shows(format_day(today), "Person", "Plan", "Summary", timeout=45)
    assert "plans" in screen and "summaries" in screen  # the counts line
    browser.save_screenshot(str(tmp_path / "console-1280x800.png"))

    page.press("[")
    page.shows(format_day(today - timedelta(days=7)))
    page.press("]")
    page.shows(format_day(today))

    due = next(m.group(1) for line in page.text().splitlines() if (m := DUE_ROW.match(line)))
    page.filter(due)

    other = open_tab(browser, server.url, (390, 844), new=True)
    other.shows("Person", timeout=45)
    other.filter(due)

    slack.respond(slow(1.5))  # the first nudge is still in flight when the second tab asks
    page.press("n")
    other.press("n")
    page.shows("by Ada", timeout=20)  # the detail pane: who nudged
    wait_until(lambda: slack.requests, 10, "the nudge to reach the webhook")
    other_screen = other.shows("by Ada", timeout=20)  # the other tab sees it (live refresh)
    browser.save_screenshot(str(tmp_path / "console-390x844.png"))
    page.focus()
    browser.save_screenshot(str(tmp_path / "console-1280x800-nudged.png"))
    assert len(slack.requests) == 1, [r.json for r in slack.requests]
    assert due.split()[0] in other_screen
