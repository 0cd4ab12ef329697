"""Local Sphinx extension: keep the book offline and its pages free of script errors.

* Copies the vendored MathJax and Jupyter widget manager (``vendor/``, filled from the npm
  registry by ``tools/vendor_assets.sh``) into ``_static/vendor`` of the output. They are not
  listed in ``html_static_path`` on purpose: Jupyter Book 1 would inject every ``.js``/``.css``
  found there into every page.
* Drops inline scripts that Sphinx 7.4 + Jupyter Book 1 emit twice on a page (the second copy
  redeclares ``THEBE_JS_URL`` and throws a SyntaxError in the browser).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

VENDOR = Path(__file__).resolve().parent.parent / "vendor"


def _dedupe_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    kept = []
    for js in scripts:
        filename = str(js.filename) if getattr(js, "filename", None) else ""
        body = str(getattr(js, "attributes", {}).get("body", ""))
        key = (filename, body)
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    scripts[:] = kept


def _check_vendor(app: Sphinx) -> None:
    if app.builder.format == "html" and not (VENDOR / "mathjax" / "tex-mml-chtml.js").exists():
        raise ExtensionError(
            "vendor/ is missing MathJax: run tools/vendor_assets.sh (make book does it)"
        )


def _copy_vendor(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "vendor"
    shutil.copytree(VENDOR, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".versions"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _check_vendor)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("build-finished", _copy_vendor)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
