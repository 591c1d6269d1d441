"""A real headless Chromium for the tests, driven through Debian's chromedriver (Selenium).

Debian's `chromium` and `chromium-driver` are installed by scripts/system-deps.sh like any
system package; nothing here downloads a browser or a driver (the driver's path is given, so
Selenium Manager never runs, and SE_OFFLINE keeps it from trying). The console of every page is
recorded, so a test can say "no console errors". Shaped to merge into a shared tests/browser.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_missing() -> str | None:
    """Why no browser test can run here (None when Chromium and its driver are installed)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    if _binary("chromium", "chromium-browser") is None:
        return "chromium is not installed (scripts/system-deps.sh)"
    if _binary("chromedriver") is None:
        return "chromedriver is not installed (scripts/system-deps.sh)"
    return None


@contextmanager
def chromium(width: int = 1280, height: int = 1600) -> Iterator[Any]:
    """A Selenium WebDriver on headless Chromium with a new empty profile, console logged."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    profile = tempfile.mkdtemp(prefix="munidocs-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = _binary("chromium", "chromium-browser") or "chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=_binary("chromedriver") or "chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver: Any) -> list[str]:
    """Messages the page logged to the console at level SEVERE (errors), since the last call."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def save_screenshot(driver: Any, path: Path) -> Path:
    """The whole page as a PNG (the window grown to the page's height first)."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    driver.set_window_size(max(width, 800), min(max(height, 600), 16000))
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))
    return path
