"""The built book in a real headless Chromium, served on 127.0.0.1, with the network cut off.

Every page in the TOC must: request nothing outside 127.0.0.1, typeset all its math, show
every figure, raise no page error and log no console error. Widget pages render their
widgets; kernel-free widgets change their picture when the slider moves; exercise pages keep
solutions hidden until clicked; the book's own search works offline. A deliberately
CDN-loading page must be reported broken by the same checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from conftest import ROOT, LoopbackServer

MATHJAX_READY = """async () => {
  if (!window.MathJax || !window.MathJax.startup) return false;
  await window.MathJax.startup.promise;
  return true;
}"""

# Text outside code, scripts and typeset math that still looks like TeX.
RAW_TEX = r"""() => {
  const clone = document.body.cloneNode(true);
  const skip = 'pre, code, script, style, mjx-container, textarea';
  clone.querySelectorAll(skip).forEach(e => e.remove());
  const text = clone.textContent;
  const m = text.match(/\$\$|\\\(|\\\[|\\begin\{|\\frac\{|\\mathbf\{/);
  return m ? text.slice(Math.max(0, m.index - 30), m.index + 40) : null;
}"""

UNTYPESET = """() => Array.from(document.querySelectorAll('.math'))
  .filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 60))"""

BROKEN_IMAGES = """() => Array.from(document.images)
  .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src').slice(0, 80))"""


def toc_pages() -> list[str]:
    """Every page the TOC lists, as paths of HTML files relative to the build root."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for e in entries:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return [f"{f}.html" for f in files]


@dataclass
class PageReport:
    url: str
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    math_count: int = 0
    untypeset: list[str] = field(default_factory=list)
    raw_tex: str | None = None
    broken_images: list[str] = field(default_factory=list)
    image_count: int = 0

    def problems(self) -> list[str]:
        out = []
        if self.external:
            out.append(f"requests leaving 127.0.0.1: {self.external[:5]}")
        if self.errors:
            out.append(f"page or console errors: {self.errors[:5]}")
        if self.untypeset:
            out.append(f"untypeset math: {self.untypeset[:3]}")
        if self.raw_tex:
            out.append(f"raw TeX on the page: {self.raw_tex!r}")
        if self.broken_images:
            out.append(f"figures not shown: {self.broken_images[:3]}")
        return out


def open_page(browser, url: str):
    """A fresh page with every non-loopback request aborted and recorded; errors collected."""
    context = browser.new_context()
    page = context.new_page()
    report = PageReport(url)

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            report.external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: report.errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: (
            report.errors.append(f"console.error: {msg.text}") if msg.type == "error" else None
        ),
    )
    return context, page, report


def inspect(browser, url: str) -> PageReport:
    """Load ``url`` and collect everything a reader would notice is broken."""
    context, page, report = open_page(browser, url)
    try:
        page.goto(url, wait_until="load")
        report.math_count = page.locator(".math").count()
        if report.math_count or page.evaluate("() => !!window.MathJax"):
            page.evaluate(MATHJAX_READY)
        page.wait_for_load_state("networkidle")
        report.untypeset = page.evaluate(UNTYPESET)
        report.raw_tex = page.evaluate(RAW_TEX)
        report.image_count = page.locator("img").count()
        report.broken_images = page.evaluate(BROKEN_IMAGES)
    finally:
        context.close()
    return report


@pytest.mark.parametrize("path", toc_pages())
def test_page_is_offline_typeset_and_clean(browser, book_server, built_book: Path, path: str):
    assert (built_book / path).exists(), f"{path} is in the TOC but was not built"
    report = inspect(browser, book_server.base + path)
    assert report.problems() == [], f"{path}: " + "; ".join(report.problems())


def test_notebook_figures_and_math_are_on_the_foundations_page(browser, book_server):
    report = inspect(browser, book_server.base + "chapters/foundations/why-nonlinearity.html")
    assert report.math_count >= 2, "the display math of the page is missing"
    assert report.image_count >= 1, "the figure drawn by the package is missing"
    assert report.problems() == []


def test_widgets_render(browser, book_server, built_book: Path):
    widget_pages = [
        p
        for p in toc_pages()
        if "application/vnd.jupyter.widget-view+json" in (built_book / p).read_text()
    ]
    assert widget_pages, "no page embeds a widget: the widget state was not saved"
    for path in widget_pages:
        context, page, report = open_page(browser, book_server.base + path)
        try:
            page.goto(book_server.base + path, wait_until="load")
            page.wait_for_selector(
                ".widget-slider, .jupyter-widgets .widget-hslider", timeout=15000
            )
            assert page.locator(".widget-slider, .widget-hslider").first.is_visible()
        finally:
            context.close()
        assert report.problems() == [], f"{path}: {report.problems()}"


def test_static_widgets_change_picture_when_the_slider_moves(browser, book_server, built_book):
    pages = [p for p in toc_pages() if "af-static-widget" in (built_book / p).read_text()]
    assert pages, "no page carries a kernel-free widget"
    for path in pages:
        context, page, _ = open_page(browser, book_server.base + path)
        try:
            page.goto(book_server.base + path, wait_until="load")
            boxes = page.locator(".af-static-widget")
            for k in range(boxes.count()):
                box = boxes.nth(k)
                img = box.locator("img").first
                before = img.get_attribute("src")
                slider = box.locator("input[type=range]").first
                slider.focus()
                # Some sliders start at their last frame: move back if forward is the end.
                at_end = slider.get_attribute("value") == slider.get_attribute("max")
                key = "ArrowLeft" if at_end else "ArrowRight"
                for _ in range(3):
                    page.keyboard.press(key)
                assert img.get_attribute("src") != before, f"{path}: slider {k} moved, picture did not"
        finally:
            context.close()


def test_ledger_filter_shows_one_verdict(browser, book_server):
    path = "chapters/appendix/claims-ledger.html"
    context, page, report = open_page(browser, book_server.base + path)
    try:
        page.goto(book_server.base + path, wait_until="load")
        rows = page.locator(".af-ledger tbody tr")
        total = rows.count()
        wrong = page.locator('.af-ledger tbody tr[data-verdict="wrong"]').count()
        assert 0 < wrong < total
        page.select_option(".af-ledger-filter", "wrong")
        visible = [rows.nth(i).is_visible() for i in range(total)]
        assert sum(visible) == wrong
        page.select_option(".af-ledger-filter", "all")
        assert all(rows.nth(i).is_visible() for i in range(total))
    finally:
        context.close()
    assert report.problems() == []


def test_solutions_hidden_until_clicked(browser, book_server, built_book):
    pages = [p for p in toc_pages() if 'class="solution' in (built_book / p).read_text()]
    assert pages, "no exercise page with a solution was built"
    for path in pages:
        context, page, _ = open_page(browser, book_server.base + path)
        try:
            page.goto(book_server.base + path, wait_until="load")
            solutions = page.locator("div.solution")
            assert solutions.count() >= 1
            for i in range(solutions.count()):
                body = solutions.nth(i).locator("section").first
                assert not body.is_visible(), f"{path}: solution {i} is visible before a click"
                solutions.nth(i).locator("button.toggle-button").first.click()
                body.wait_for(state="visible", timeout=5000)
        finally:
            context.close()


def test_search_works_offline(browser, book_server):
    context, page, report = open_page(browser, book_server.base + "search.html?q=linearity")
    try:
        page.goto(book_server.base + "search.html?q=linearity", wait_until="load")
        page.wait_for_selector("#search-results li, ul.search li", timeout=15000)
        assert page.locator("#search-results li, ul.search li").count() >= 1
    finally:
        context.close()
    assert report.external == []


def test_checks_catch_a_cdn_page(browser, tmp_path):
    """The same checks must report a page that loads MathJax from a CDN as broken."""
    (tmp_path / "cdn.html").write_text(
        "<!doctype html><html><head>"
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>'
        "</head><body><p>Euler: $$e^{i\\pi} + 1 = 0$$</p>"
        '<div class="math notranslate nohighlight">\\[\\frac{1}{2}\\]</div>'
        '<img src="https://example.org/figure.png"></body></html>'
    )
    with LoopbackServer(tmp_path) as server:
        report = inspect(browser, server.base + "cdn.html")
    problems = " | ".join(report.problems())
    assert "requests leaving 127.0.0.1" in problems
    assert "untypeset math" in problems
    assert "raw TeX" in problems
    assert "figures not shown" in problems
