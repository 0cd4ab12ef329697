"""Find a Chromium for the browser tests, or install one with Playwright, or say how to get one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as p:
        path = p.chromium.executable_path
    return path if path and Path(path).exists() else None


def find() -> str | None:
    for path in DEBIAN:
        if Path(path).exists():
            return path
    return shutil.which("chromium") or playwright_chromium()


def main() -> int:
    path = find()
    if path is None:
        print("No Chromium found; trying 'playwright install chromium' ...")
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
        path = find()
    if path is None:
        print(
            "The browser tests need Chromium and none could be found or installed.\n"
            "Get one either way:\n"
            "  * Debian/Ubuntu: sudo apt-get install chromium   (gives /usr/bin/chromium)\n"
            "  * Playwright:    .venv/bin/playwright install chromium",
            file=sys.stderr,
        )
        return 1
    print(f"Chromium for the browser tests: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
