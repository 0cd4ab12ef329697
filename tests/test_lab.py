"""End to end in a real JupyterLab: run a widget notebook in headless Chromium, move a
slider with the keyboard and check that the figure was redrawn by the kernel."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT

CELL = 'from actfuncs import widgets\nwidgets.explorer("elu")'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(path: Path) -> None:
    nb = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "explorer",
                   "metadata": {}, "outputs": [], "source": CELL}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb))


def _wait_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError("jupyter lab exited early:\n" + log.read_text()[-2000:])
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"jupyter lab did not answer at {url} within {timeout} s")


def test_slider_redraws_in_jupyterlab(tmp_path, browser):
    """Uses the session's Chromium (conftest): one sync Playwright per process."""
    _notebook(tmp_path / "explorer.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "PYTHONPATH": str(ROOT),
           "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
           f"--port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
           f"--LabApp.workspaces_dir={tmp_path / 'ws'}",
           f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
           "--LabApp.expose_app_in_browser=True",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
           "--ServerApp.terminals_enabled=False", "--allow-root"]
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(f"{base}/api/status?token={token}", proc, tmp_path / "lab.log")
        context = browser.new_context()
        try:
            page = context.new_page()
            page.set_default_timeout(20_000)
            external: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(
                (base, "data:", "blob:", "ws://127.0.0.1")) else external.append(r.url))
            page.goto(f"{base}/lab/tree/explorer.ipynb?token={token}")
            page.wait_for_function(
                "() => window.jupyterapp && document.querySelector('.jp-Notebook')",
                timeout=30_000)
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=30_000)
            page.click(".jp-Cell .jp-InputArea-editor")
            page.keyboard.press("Shift+Enter")  # run the cell
            try:
                img = page.wait_for_selector(".jp-OutputArea img", timeout=30_000)
            except Exception:
                page.screenshot(path=str(tmp_path / "lab.png"))
                raise
            page.wait_for_function(
                "() => { const i = document.querySelector('.jp-OutputArea img');"
                " return i && i.naturalWidth > 0; }", timeout=30_000)
            before = img.get_attribute("src")
            handle = page.locator(".widget-slider .noUi-handle").first
            handle.focus()
            for _ in range(5):
                page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "(old) => { const i = document.querySelector('.jp-OutputArea img');"
                " return i && i.src !== old && i.naturalWidth > 0; }",
                arg=before, timeout=20_000)
            readout = page.locator(".widget-readout").first.inner_text()
            assert readout != "1", readout  # alpha moved away from its default 1
            assert not external, external
        finally:
            context.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
