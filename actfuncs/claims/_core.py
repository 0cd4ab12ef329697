"""The ledger's machinery: the :class:`Claim` and :class:`Evidence` types, the registry, the
shared helpers the evidence functions use, and the renderers (HTML, Markdown, back-links)."""

from __future__ import annotations

import html as _html
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import actfuncs

VERDICTS = ("correct", "wrong", "imprecise", "unverifiable", "measured")
SOURCES = {
    "000": "000_22f13598c0ec66c7.txt (study guide)",
    "001": "001_e02e5c40da929c27.txt (12 types article)",
    "002": "002_f52c6d59d6177d29.txt (Q&A page)",
    "003": "003_e9c1b3ab6324def8.txt (snippets post)",
    "004": "004_89e456850066aea5.txt (NumPy implementation)",
}
CATEGORIES = ("formula", "derivative", "range", "identity", "numeric", "performance", "training",
              "recommendation", "code")

#: every page a claim may name as its section: the pages that exist and those being written.
#: The ledger links a row to its section only when the page file exists at build time, so the
#: same data works before and after the pages being written are merged.
PAGES = (
    "chapters/foundations/why-nonlinearity",
    "chapters/foundations/neuron-pipeline",
    "chapters/foundations/linearity-trap",
    "chapters/foundations/chain-rule",
    "chapters/foundations/gradient-pathologies",
    "chapters/catalog/overview",
    "chapters/catalog/linear-and-step",
    "chapters/catalog/sigmoidal",
    "chapters/catalog/rectifiers",
    "chapters/catalog/exponential",
    "chapters/catalog/smooth",
    "chapters/catalog/mish-hard-swish",
    "chapters/catalog/softmax",
    "chapters/catalog/gated",
    "chapters/catalog/learnable",
    "chapters/selection/decision-tree",
    "chapters/selection/comparison",
    "chapters/selection/domains",
    "chapters/selection/experiments",
    "chapters/debugging/handwritten-code",
    "chapters/debugging/mistakes",
    "chapters/debugging/symptoms",
    "chapters/qa/fundamentals",
    "chapters/qa/gradients",
    "chapters/qa/rectifiers",
    "chapters/qa/smooth",
    "chapters/qa/outputs",
    "chapters/appendix/measured",
)
#: the book's root folder (where ``_toc.yml`` lives): the package sits directly in it
BOOK_ROOT = Path(__file__).resolve().parents[2]


def page_exists(page: str, root: Path | None = None) -> bool:
    """True when the page ``page`` (path from the book root, no suffix) has a source file."""
    base = (BOOK_ROOT if root is None else Path(root)) / page
    return any(base.with_name(base.name + ext).is_file() for ext in (".ipynb", ".md"))


@dataclass(frozen=True)
class Evidence:
    verdict: str
    summary: str
    numbers: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict {self.verdict!r} is not one of {VERDICTS}")


@dataclass(frozen=True)
class Claim:
    id: str
    source: str  # key of SOURCES
    quote: str  # at most 25 words, the source's own
    category: str  # one of CATEGORIES
    check: Callable[[], Evidence]
    section: str | None = None  # the book page that shows the evidence at length (one of PAGES)


_REGISTRY: dict[str, Claim] = {}


def claim(id: str, source: str, quote: str, category: str, section: str | None = None):
    """Register the decorated evidence function as the check of a new claim."""

    def wrap(fn: Callable[[], Evidence]) -> Callable[[], Evidence]:
        if id in _REGISTRY:
            raise ValueError(f"claim {id!r} registered twice")
        if source not in SOURCES or category not in CATEGORIES:
            raise ValueError(f"claim {id!r}: unknown source {source!r} or category {category!r}")
        if section is not None and section not in PAGES:
            raise ValueError(f"claim {id!r}: section {section!r} is not a book page")
        _REGISTRY[id] = Claim(id, source, quote, category, fn, section)
        return fn

    return wrap


def verdict_if(ok: bool, summary: str, numbers: dict | None = None, *, yes: str = "correct",
               no: str = "wrong") -> Evidence:
    """Evidence whose verdict is ``yes`` when the computed condition ``ok`` holds, else ``no``."""
    return Evidence(yes if ok else no, summary, numbers or {})


def grid(lo: float = -20.0, hi: float = 20.0, n: int = 40001) -> np.ndarray:
    return np.linspace(lo, hi, n)


def max_diff(a: object, b: object) -> float:
    return float(np.max(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))))


def quiet(fn: Callable[[], object]) -> tuple[object, list[str]]:
    """Run naive code, collecting the floating-point warnings it raises instead of failing."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        out = fn()
    return out, sorted({str(w.message) for w in caught})


def median_time(fn: Callable[[], object], repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def f(name: str, **params: float):
    """Shorthand for :func:`actfuncs.get`."""
    return actfuncs.get(name, **params)


# -- the public face ----------------------------------------------------------------------------


def claims() -> list[Claim]:
    """Every registered claim, in source order (registration order within a source)."""
    order = {k: i for i, k in enumerate(_REGISTRY)}
    return sorted(_REGISTRY.values(), key=lambda c: (c.source, order[c.id]))


def get(claim_id: str) -> Claim:
    try:
        return _REGISTRY[claim_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(claim_id, list(_REGISTRY), n=3)
        raise KeyError(f"unknown claim {claim_id!r}; closest: {close}") from None


def ledger() -> list[tuple[Claim, Evidence]]:
    """Every claim with its freshly computed evidence."""
    return [(c, c.check()) for c in claims()]


def verdict_counts(rows: list[tuple[Claim, Evidence]] | None = None) -> dict[str, int]:
    rows = ledger() if rows is None else rows
    counts = dict.fromkeys(VERDICTS, 0)
    for _, e in rows:
        counts[e.verdict] += 1
    return counts


def counts_by_source(rows: list[tuple[Claim, Evidence]] | None = None) -> dict[str, dict[str, int]]:
    """``{source: {verdict: count}}`` for every source, every verdict (zeros included)."""
    rows = ledger() if rows is None else rows
    table = {s: dict.fromkeys(VERDICTS, 0) for s in SOURCES}
    for c, e in rows:
        table[c.source][e.verdict] += 1
    return table


def counts_table(rows: list[tuple[Claim, Evidence]] | None = None) -> str:
    """Counts by source and verdict as a Markdown table with totals."""
    table = counts_by_source(rows)
    out = ["| source | " + " | ".join(VERDICTS) + " | total |", "|---" * (len(VERDICTS) + 2) + "|"]
    for s, row in table.items():
        out.append(f"| {SOURCES[s]} | " + " | ".join(str(row[v]) for v in VERDICTS)
                   + f" | {sum(row.values())} |")
    tot = {v: sum(r[v] for r in table.values()) for v in VERDICTS}
    out.append("| **all** | " + " | ".join(str(tot[v]) for v in VERDICTS) + f" | {sum(tot.values())} |")
    return "\n".join(out)


def _link(c: Claim, root: str, root_dir: Path | None) -> str | None:
    if c.section and page_exists(c.section, root_dir):
        return f"{root}{c.section}.html"
    return None


def ledger_markdown(rows: list[tuple[Claim, Evidence]] | None = None, root_dir: Path | None = None) -> str:
    """The ledger as a Markdown table; a row links to its section when that page exists."""
    rows = ledger() if rows is None else rows
    out = ["| source | claim | category | verdict | evidence |", "|---|---|---|---|---|"]
    for c, e in rows:
        quote = c.quote.replace("|", "\\|")
        summary = e.summary.replace("|", "\\|")
        link = f" ([more]({'/' + c.section}))" if _link(c, "", root_dir) else ""
        out.append(f"| {c.source} | “{quote}” | {c.category} | **{e.verdict}** | {summary}{link} |")
    return "\n".join(out)


def ledger_html(rows: list[tuple[Claim, Evidence]] | None = None, root: str = "../../",
                root_dir: Path | None = None) -> str:
    """The ledger as an HTML table with a verdict filter that works in the static book.

    ``root`` is the relative URL from the page to the book root, for the section links; a row
    links to its section only when that page's file exists under ``root_dir`` (the book root).
    """
    rows = ledger() if rows is None else rows
    counts = verdict_counts(rows)
    options = "".join(
        f'<option value="{v}">{v} ({counts[v]})</option>' for v in VERDICTS if counts[v]
    )
    body = []
    for c, e in rows:
        href = _link(c, root, root_dir)
        more = f' <a href="{href}">evidence in the book</a>' if href else ""
        body.append(
            f'<tr id="claim-{c.id}" data-verdict="{e.verdict}" data-source="{c.source}">'
            f"<td>{c.source}</td>"
            f"<td>“{_html.escape(c.quote)}”</td><td>{c.category}</td>"
            f'<td class="af-verdict af-{e.verdict}"><strong>{e.verdict}</strong></td>'
            f"<td>{_html.escape(e.summary)}{more}</td></tr>"
        )
    return (
        '<div class="af-ledger">'
        '<label>Show verdict: <select class="af-ledger-filter">'
        f'<option value="all">all ({len(rows)})</option>{options}</select></label>'
        '<table class="table" style="width:100%;table-layout:fixed;font-size:0.9em">'
        '<colgroup><col style="width:6%"><col style="width:25%"><col style="width:13%">'
        '<col style="width:13%"><col style="width:43%"></colgroup>'
        "<thead><tr><th>source</th><th>claim</th><th>category</th>"
        "<th>verdict</th><th>evidence</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
        "<script>document.querySelectorAll('.af-ledger').forEach(function (box) {"
        "var sel = box.querySelector('select');"
        "sel.addEventListener('change', function () {"
        "box.querySelectorAll('tbody tr').forEach(function (tr) {"
        "tr.style.display = (sel.value === 'all' || tr.dataset.verdict === sel.value) ? '' : 'none';"
        "});});});</script></div>"
    )


def backlinks(page: str):
    """The claims a chapter page discusses, each with its verdict and a link to the ledger.

    ``page`` is the page's path from the book root without suffix (``"chapters/catalog/sigmoidal"``),
    the same form as :attr:`Claim.section`; the claims listed are those whose ``section`` is that
    page.  A chapter calls this where it corrects or confirms a source, so the link back to the
    ledger is generated, never typed.  The result renders as MyST Markdown, so the build checks
    the link.
    """
    from IPython.display import Markdown

    mine = [c for c in claims() if c.section == page]
    if not mine:
        known = sorted({c.section for c in claims() if c.section})
        raise ValueError(f"no claim in the ledger names the page {page!r} as its section; "
                         f"pages with claims: {known}")
    lines = []
    for c in mine:
        e = c.check()
        lines.append(f"- **{e.verdict}**: source {c.source} says \u201c{c.quote}\u201d. {e.summary} "
                     f"(claim `{c.id}` in the {{doc}}`claims ledger </chapters/appendix/claims-ledger>`)")
    return Markdown("\n".join(lines))


#: topics on which two sources (or one source with itself) disagree: (topic, claim ids, which
#: side the evidence supports). The verdicts shown next to each side are computed.
CONTRADICTIONS: list[tuple[str, tuple[str, ...], str]] = []


def contradiction(topic: str, *ids: str, right: str) -> None:
    CONTRADICTIONS.append((topic, ids, right))


def contradictions_markdown(rows: list[tuple[Claim, Evidence]] | None = None) -> str:
    """Where the sources contradict each other, with each side's computed verdict."""
    rows = ledger() if rows is None else rows
    verdicts = {c.id: (c, e) for c, e in rows}
    out = ["| topic | what each source says (computed verdict) | which is right |", "|---|---|---|"]
    for topic, ids, right in CONTRADICTIONS:
        sides = "; ".join(
            f"{verdicts[i][0].source}: “{verdicts[i][0].quote}” (**{verdicts[i][1].verdict}**)"
            for i in ids)
        out.append(f"| {topic} | {sides.replace('|', '/')} | {right} |")
    return "\n".join(out)
