"""Build-level failures: a broken page must fail the build, loudly and by name.

A tiny book is built in a temporary folder with the project's own ``_config.yml``, local
extension and vendored assets, and the same command as ``make book``. Each defect the issue
names must make the build exit non-zero and say what and where.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

JB = Path(sys.executable).parent / "jupyter-book"


def _tiny_book(tmp_path: Path, pages: dict[str, str], toc_files: list[str]) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copytree(ROOT / "_ext", book / "_ext")
    (book / "vendor").symlink_to(ROOT / "vendor")
    (book / "references.bib").write_text((ROOT / "references.bib").read_text())
    toc = "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"  - file: {f}\n" for f in toc_files)
    (book / "_toc.yml").write_text(toc)
    (book / "intro.md").write_text("# Intro\n\nA tiny book.\n")
    for name, text in pages.items():
        (book / name).write_text(text)
    return book


def _build(book: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [str(JB), "build", str(book), "--path-output", str(book), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_missing_toc_page_broken_ref_and_header_jump_fail_the_build(tmp_path):
    pages = {
        "good.md": "# Good\n\nSee {ref}`no-such-label`.\n",
        "jump.md": "# Jump\n\n### Skipped a level\n\nText.\n",
        "orphan.md": "# Orphan\n\nNot in the TOC.\n",
    }
    book = _tiny_book(tmp_path, pages, ["good", "jump"])
    result = _build(book)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-2000:]
    assert "orphan.md" in log and "isn't included in any toctree" in log
    assert "no-such-label" in log
    assert "jump.md" in log and "Non-consecutive header level" in log


def test_a_raising_notebook_fails_with_its_name_and_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Broken notebook"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise RuntimeError('this cell is broken on purpose')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book = _tiny_book(tmp_path, {}, ["broken"])
    nbformat.write(nb, book / "broken.ipynb")
    result = _build(book)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "broken" in log and "this cell is broken on purpose" in log
    assert "raise RuntimeError" in log  # the failing cell's source is shown


def test_make_refuses_python_older_than_311(tmp_path):
    fake = tmp_path / "python3.10"
    fake.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Python 3.10.14"; exit 0; fi\nexit 1\n')
    fake.chmod(0o755)
    result = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "python-version", f"PY={fake}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "needs Python 3.11 or newer" in result.stdout + result.stderr
    assert "3.10.14" in result.stdout + result.stderr


@pytest.mark.parametrize("target", ["book", "test"])
def test_the_two_commands_check_python_first(target):
    """`make book` and `make test` both depend on the version check (dry run)."""
    result = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target, "PY=/nonexistent/python3"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "sys.version_info >= (3, 11)" in result.stdout
