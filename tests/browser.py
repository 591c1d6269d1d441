"""Drive Debian's headless Chromium from tests (Selenium with the system's chromedriver).

Reusable by any test that must see a page as a user does (the web view, the run report):

    with Browser() as browser:
        browser.open("http://127.0.0.1:8001/municipal")
        assert "pages" in browser.text()
        browser.screenshot(artifact_path(tmp_path, "web.png"))
        assert browser.console_errors() == []

Only the browser the project's set-up installed is used (/usr/bin/chromium and
/usr/bin/chromedriver, from `scripts/system-deps.sh`): Selenium is given both paths, so it never
looks for or downloads a browser or a driver. The flags let Chromium run as root on a machine
without a display or network: a fresh profile each time, no sandbox, no GPU, no background
traffic.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1400, 1000)

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--hide-scrollbars",
)


def missing() -> str | None:
    """Why no browser test can run here (None when Chromium and its driver are installed)."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is not installed: run `make system-deps` (scripts/system-deps.sh)"
    return None


def artifact_path(tmp_dir: Path, name: str) -> Path:
    """Where a test keeps a screenshot: its tmp dir; copied to $MUNIDOCS_ARTIFACTS by `keep`."""
    return tmp_dir / name


def keep(path: Path) -> Path:
    """Copy an artifact into $MUNIDOCS_ARTIFACTS when set (CI keeps that folder)."""
    folder = os.environ.get("MUNIDOCS_ARTIFACTS")
    if not folder:
        return path
    target = Path(folder) / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, target)
    return target


class Browser:
    """One headless Chromium session with its console log kept."""

    def __init__(self, width: int = WINDOW[0], height: int = WINDOW[1]) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        reason = missing()
        if reason:
            raise RuntimeError(reason)
        self._profile = tempfile.mkdtemp(prefix="munidocs-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self._profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        self.driver.set_page_load_timeout(60)
        self._console: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._profile, ignore_errors=True)

    def open(self, url: str) -> None:
        """Load a page and wait until it has loaded."""
        self._collect()
        self.driver.get(url)
        self.wait_for("return document.readyState === 'complete'")

    def wait_for(self, script: str, timeout: float = 20) -> Any:
        """Wait until a JavaScript expression returns something truthy; return it."""
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout).until(lambda d: d.execute_script(script))

    def run(self, script: str, *args: Any) -> Any:
        """Run JavaScript in the page and return its result."""
        return self.driver.execute_script(script, *args)

    def text(self) -> str:
        """The page's visible text."""
        return str(self.run("return document.body.innerText"))

    def fill(self, css: str, value: str) -> None:
        """Type into the input a CSS selector names (what was there is cleared)."""
        from selenium.webdriver.common.by import By

        field = self.driver.find_element(By.CSS_SELECTOR, css)
        field.clear()
        field.send_keys(value)

    def click(self, css: str) -> None:
        """Click the element a CSS selector names and wait for the page it leads to."""
        from selenium.webdriver.common.by import By

        self._collect()
        # mark the page we leave: right after a click the old page still says "complete", and a
        # test read its results instead of the new page's (a canned query's unfiltered rows)
        self.run("window.__munidocsLeaving = true")
        self.driver.find_element(By.CSS_SELECTOR, css).click()
        self.wait_for("return !window.__munidocsLeaving && document.readyState === 'complete'")

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """The page as a PNG: all of it (the window grown to the page's height), or the window."""
        path.parent.mkdir(parents=True, exist_ok=True)
        size = self.driver.get_window_size()
        if full_page:
            height = int(self.run("return document.documentElement.scrollHeight"))
            self.driver.set_window_size(size["width"], min(max(height, 200), 8000))
        try:
            self.driver.save_screenshot(str(path))
        finally:
            self.driver.set_window_size(size["width"], size["height"])
        return path

    def _collect(self) -> None:
        self._console.extend(self.driver.get_log("browser"))

    def console(self) -> list[dict[str, Any]]:
        """Every console message so far (level, message, source)."""
        self._collect()
        return list(self._console)

    def console_errors(self) -> list[str]:
        """Console errors and failed loads so far, as text (warnings are left out)."""
        return [e["message"] for e in self.console() if e.get("level") == "SEVERE"]
