"""Shared fixtures: the built book, a loopback HTTP server, and a headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build" / "html"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    """Debian's chromium, or one Playwright installed; fail loudly when there is none."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        path = p.chromium.executable_path
    if path and Path(path).exists():
        return path
    pytest.fail(
        "No Chromium for the browser tests: install Debian's package (apt-get install chromium) "
        "or run '.venv/bin/playwright install chromium'.",
        pytrace=False,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class LoopbackServer:
    """Serve a folder on 127.0.0.1 on a free port; closed on exit."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The HTML book; `make test` builds it first, so a missing build is an error here."""
    if not (BUILD / "index.html").exists():
        pytest.fail(
            "_build/html is missing: run 'make book' (make test does it first)", pytrace=False
        )
    return BUILD


@pytest.fixture(scope="session")
def book_server(built_book: Path) -> Iterator[LoopbackServer]:
    with LoopbackServer(built_book) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield b
        b.close()
