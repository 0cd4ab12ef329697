"""The claims ledger: checkable statements from the five sources, each with computed evidence.

Every :class:`Claim` quotes its source briefly, names a category, and carries a ``check``
function that recomputes the evidence with the package and returns an :class:`Evidence` with
the verdict and the numbers. Nothing in a verdict is typed in: run :func:`ledger` and every
number is measured again. Verdicts:

* ``correct``: the computation agrees with the claim;
* ``wrong``: it contradicts the claim;
* ``imprecise``: right in spirit, wrong or overstated as written;
* ``unverifiable``: not checkable as stated (no task, model or data given);
* ``measured``: a performance number that depends on the machine; the measured value is shown.

The "defective code" claims re-create a defect of source 004 in a minimal snippet of our own
(never the source's code) and show the input that exposes it.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize

import actfuncs

VERDICTS = ("correct", "wrong", "imprecise", "unverifiable", "measured")
SOURCES = {
    "000": "000_22f13598c0ec66c7.txt (study guide)",
    "001": "001_e02e5c40da929c27.txt (12 types article)",
    "002": "002_f52c6d59d6177d29.txt (Q&A page)",
    "003": "003_e9c1b3ab6324def8.txt (snippets post)",
    "004": "004_89e456850066aea5.txt (NumPy implementation)",
}


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
    quote: str
    category: str  # formula, derivative, range, identity, numeric, performance, code, ...
    check: Callable[[], Evidence]
    section: str | None = None  # the book page that shows the evidence at length


_REGISTRY: dict[str, Claim] = {}


def claim(id: str, source: str, quote: str, category: str, section: str | None = None):
    """Register the decorated evidence function as the check of a new claim."""

    def wrap(fn: Callable[[], Evidence]) -> Callable[[], Evidence]:
        if id in _REGISTRY:
            raise ValueError(f"claim {id!r} registered twice")
        _REGISTRY[id] = Claim(id, source, quote, category, fn, section)
        return fn

    return wrap


def _grid(lo: float = -20.0, hi: float = 20.0, n: int = 40001) -> np.ndarray:
    return np.linspace(lo, hi, n)


def _minimum(name: str) -> tuple[float, float]:
    """Location and value of the global minimum of a self-gated function (f'(x) = 0)."""
    f = actfuncs.get(name)
    x0 = optimize.brentq(lambda t: float(f.grad(t)), -3.0, -0.2, xtol=1e-15)
    return x0, float(f(x0))


def _quiet(fn: Callable[[], object]) -> tuple[object, list[str]]:
    """Run naive code, collecting the floating-point warnings it raises instead of failing."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        out = fn()
    return out, sorted({str(w.message) for w in caught})


def _median_time(fn: Callable[[], object], repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


# -- identities, maxima and ranges ------------------------------------------------------------


@claim("tanh-sigmoid-identity", "000", "tanh(z) = 2σ(2z) − 1", "identity",
       "chapters/catalog/overview")
def _() -> Evidence:
    x = _grid()
    err = float(np.max(np.abs(actfuncs.get("tanh")(x) - (2 * actfuncs.get("sigmoid")(2 * x) - 1))))
    return Evidence("correct" if err < 1e-15 else "wrong",
                    f"max |tanh(x) − (2σ(2x) − 1)| on [−20, 20] is {err:.1e} (rounding only).",
                    {"max_abs_diff": err})


@claim("sigmoid-grad-max", "000", "Sigmoid: max f′(z) = 0.25 at z = 0", "derivative")
def _() -> Evidence:
    g = actfuncs.get("sigmoid").grad
    x = _grid()
    i = int(np.argmax(g(x)))
    return Evidence("correct" if abs(g(x)[i] - 0.25) < 1e-15 and x[i] == 0 else "wrong",
                    f"σ′ peaks at x = {x[i]:g} with value {float(g(x)[i])}.",
                    {"argmax": float(x[i]), "max": float(g(x)[i])})


@claim("tanh-4x-gradient", "000", "Tanh … 4x stronger gradient flow [than sigmoid]", "derivative")
def _() -> Evidence:
    t, s = actfuncs.get("tanh").grad, actfuncs.get("sigmoid").grad
    cross = optimize.brentq(lambda z: float(t(z) - s(z)), 0.5, 5.0)
    ratio0 = float(t(0.0) / s(0.0))
    return Evidence(
        "imprecise",
        f"The peaks differ by {ratio0:g}x (1 vs 0.25), but tanh′(z) > σ′(z) only for "
        f"|z| < {cross:.3f}; beyond that tanh saturates faster (tanh′/σ′ → 0), so '4x "
        "stronger' holds only near z = 0.",
        {"peak_ratio": ratio0, "crossover": cross},
    )


@claim("sigmoid-10-layers", "000", "For Sigmoid, f′(z) ≤ 0.25. In a 10-layer network: (0.25)^10 ≈ 10^-6",
       "numeric")
def _() -> Evidence:
    v = 0.25**10
    return Evidence(
        "correct" if 5e-7 < v < 2e-6 else "wrong",
        f"0.25^10 = {v:.3e}: the arithmetic holds, as an upper bound on the product of the "
        "activation factors alone (weights multiply in too and can offset it).",
        {"product": v},
    )


@claim("sigmoid-significant-range", "001",
       "the gradient values are only significant for range -3 to 3", "derivative")
def _() -> Evidence:
    g = actfuncs.get("sigmoid").grad
    rel = float(g(3.0) / g(0.0))
    return Evidence("imprecise",
                    f"σ′(3) is {rel:.1%} of σ′(0): small but not negligible; the cut-off at ±3 "
                    "is a rule of thumb, not a property of the function.",
                    {"relative_grad_at_3": rel})


@claim("derivative-ranges", "003",
       "Sigmoid: 0 to 0.25; Tanh: 0 to 1; ReLU: 0 to 1; Leaky ReLU: α to 1", "derivative")
def _() -> Evidence:
    x = _grid(-40, 40)
    found = {}
    for name in ("sigmoid", "tanh", "relu", "leaky_relu"):
        g = actfuncs.get(name).grad(x)
        found[name] = (float(g.min()), float(g.max()))
    ok = (found["sigmoid"][1] == 0.25 and found["tanh"][1] == 1.0 and found["relu"] == (0.0, 1.0)
          and found["leaky_relu"] == (0.01, 1.0))
    return Evidence("correct" if ok else "wrong",
                    "Measured on [−40, 40]: " + "; ".join(
                        f"{k} ∈ [{lo:.3g}, {hi:.3g}]" for k, (lo, hi) in found.items()),
                    {k: list(v) for k, v in found.items()})


@claim("gelu-range", "000", "GELU … Range (−∞, ∞)", "range", "chapters/catalog/overview")
def _() -> Evidence:
    x0, v = _minimum("gelu")
    return Evidence("wrong", f"GELU is bounded below: its minimum is {v:.6f} at x = {x0:.6f}.",
                    {"argmin": x0, "min": v})


@claim("swish-range", "000", "Swish … Range (−∞, ∞)", "range", "chapters/catalog/overview")
def _() -> Evidence:
    x0, v = _minimum("silu")
    return Evidence("wrong", f"Swish/SiLU is bounded below: its minimum is {v:.6f} at x = {x0:.6f}.",
                    {"argmin": x0, "min": v})


@claim("swish-range-003", "003", "Swish … Range: (−0.28, ∞)", "range")
def _() -> Evidence:
    x0, v = _minimum("silu")
    return Evidence("correct" if abs(v + 0.28) < 0.005 else "wrong",
                    f"The minimum is {v:.6f} (at x = {x0:.6f}); −0.28 is its rounded value. "
                    "Source 003 is right here and source 000's table is not.",
                    {"min": v})


@claim("elu-range", "003", "ELU … Range: (−α, ∞)", "range")
def _() -> Evidence:
    y = actfuncs.get("elu")(np.array([-1.0, -5.0, -20.0]))
    ok = bool(np.all(np.diff(y) < 0) and np.all(y > -1.0))
    return Evidence("correct" if ok else "wrong",
                    "ELU decreases towards −α without reaching it: ELU(−1), ELU(−5), ELU(−20) = "
                    + ", ".join(f"{v:.9f}" for v in y) + " (α = 1); far enough left the float64 "
                    "result rounds to −1.", {"values": [float(v) for v in y]})


@claim("elu-derivative", "001", "ELU′(x) = f(x) + α for x < 0", "derivative")
def _() -> Evidence:
    x = np.linspace(-10, -1e-3, 1000)
    e = actfuncs.get("elu", alpha=1.5)
    err = float(np.max(np.abs(e.grad(x) - (e(x) + 1.5))))
    return Evidence("correct" if err < 1e-14 else "wrong",
                    f"α eˣ = α(eˣ − 1) + α; max difference {err:.1e} for α = 1.5.",
                    {"max_abs_diff": err})


@claim("gelu-tanh-approx", "000", "GELU(z) ≈ 0.5z(1 + tanh[√(2/π)(z + 0.044715z³)])", "formula")
def _() -> Evidence:
    x = _grid(-10, 10, 200001)
    d = np.abs(actfuncs.get("gelu")(x) - actfuncs.get("gelu_tanh")(x))
    i = int(np.argmax(d))
    return Evidence("correct",
                    f"A close approximation: the largest difference from x·Φ(x) is "
                    f"{float(d[i]):.2e} (at x = {x[i]:.3f}).", {"max_abs_diff": float(d[i])})


@claim("softmax-example", "001", "[1.8, 0.9, 0.68] … will result in [0.58, 0.23, 0.19]", "numeric",
       "chapters/foundations/neuron-pipeline")
def _() -> Evidence:
    p = actfuncs.get("softmax")(np.array([1.8, 0.9, 0.68]))
    ok = np.allclose(np.round(p, 2), [0.58, 0.23, 0.19], atol=0.011)
    return Evidence("correct" if ok else "wrong",
                    "softmax gives " + ", ".join(f"{v:.4f}" for v in p) + ".",
                    {"probs": [float(v) for v in p]})


@claim("softmax-one-hot", "001", "The function returns 1 for the largest probability index while it "
       "returns 0 for the other two", "formula", "chapters/foundations/neuron-pipeline")
def _() -> Evidence:
    p = actfuncs.get("softmax")(np.array([1.8, 0.9, 0.68]))
    return Evidence("wrong",
                    f"That is argmax. softmax keeps every class: the smallest share here is "
                    f"{float(p.min()):.4f}, not 0, and the largest {float(p.max()):.4f}, not 1.",
                    {"min": float(p.min()), "max": float(p.max())})


@claim("selu-constants", "002", "α and λ are constants chosen to keep the network's outputs in a range "
       "that helps prevent the gradients from getting too small", "formula")
def _() -> Evidence:
    from actfuncs.functions.exponential import SELU_ALPHA, SELU_LAMBDA

    return Evidence(
        "imprecise",
        f"λ = {SELU_LAMBDA!r} and α = {SELU_ALPHA!r} are the unique values that make mean 0 and "
        "variance 1 a fixed point of the layer map for standard-normal inputs (derived in "
        "actfuncs.functions.exponential); 'a range' understates that exact condition.",
        {"lambda": SELU_LAMBDA, "alpha": SELU_ALPHA},
    )


@claim("leaf-definition", "002", "LEAF … defined as f(x) = max(0, x) + α min(0, x)", "formula")
def _() -> Evidence:
    x = np.linspace(-4, 4, 801)
    leaf_as_tanh = actfuncs.get("leaf", p1=0.0, p2=2.0, p3=2.0, p4=-1.0)(x)
    err_tanh = float(np.max(np.abs(leaf_as_tanh - np.tanh(x))))
    return Evidence(
        "wrong",
        "That formula is PReLU. LEAF (Bodyanskiy & Kostiuk, 2023) is (p₁x + p₂)σ(p₃x) + p₄; "
        f"with (0, 2, 2, −1) it reproduces tanh to {err_tanh:.1e}, which no PReLU can.",
        {"max_abs_diff_tanh": err_tanh},
    )


# -- performance -------------------------------------------------------------------------------


def _cost_ratio(slow: Callable[[np.ndarray], object], fast: Callable[[np.ndarray], object],
                dtype: type = np.float32) -> float:
    x = np.random.default_rng(0).normal(size=1_000_000).astype(dtype)
    slow(x), fast(x)  # warm up
    return _median_time(lambda: slow(x)) / _median_time(lambda: fast(x))


@claim("relu-6x-faster", "000", "Benchmark: ReLU is ~6x faster than Sigmoid in practice", "performance")
def _() -> Evidence:
    bare = _cost_ratio(lambda x: 1 / (1 + np.exp(-x)), lambda x: np.maximum(x, 0))
    pkg = _cost_ratio(actfuncs.get("sigmoid"), actfuncs.get("relu"))
    return Evidence("measured",
                    f"On this machine, for 10⁶ float32 values, a bare NumPy sigmoid takes {bare:.1f}x "
                    f"the time of a bare ReLU, and actfuncs' exact sigmoid {pkg:.1f}x its ReLU (it "
                    "computes narrow types in float64). The ratio depends on library, dtype and "
                    "hardware, and in a network the matrix products dominate both.",
                    {"bare_numpy_ratio": bare, "actfuncs_ratio": pkg})


@claim("elu-2x-cost", "000", "ELU offers ~1-2% improvement in accuracy for ~2x compute cost",
       "performance")
def _() -> Evidence:
    bare = _cost_ratio(lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
                       lambda x: np.maximum(x, 0), np.float64)
    return Evidence("unverifiable",
                    f"The cost part is measurable: a bare NumPy ELU takes {bare:.1f}x the time of ReLU "
                    "here (float64, 10⁶ values). The '1-2% accuracy' names no task, model or data.",
                    {"cost_ratio": bare})


# -- the behaviour of hand-written code (source 004), re-created minimally ------------------------


@claim("clip-sigmoid", "004", "The _clip helper prevents numerical overflow in functions like "
       "sigmoid and softplus", "code")
def _() -> Evidence:
    def clipped_sigmoid(z: np.ndarray) -> np.ndarray:  # the same defect, our own code
        return 1 / (1 + np.exp(-np.clip(z, -500, 500)))

    z = np.array([-1000.0])
    naive, _w = _quiet(lambda: clipped_sigmoid(z))
    exact = actfuncs.get("sigmoid")(z)
    return Evidence("wrong",
                    f"Clipping changes results instead of preventing overflow: at z = −1000 it "
                    f"returns {float(naive[0]):.3e}, while σ(−1000) ≈ 5e−435 rounds to "
                    f"{float(exact[0])!r}. A stable formula needs no clip.",
                    {"clipped": float(naive[0]), "exact": float(exact[0])})


@claim("clip-softplus", "004", "softplus: z = _clip(z); np.log1p(np.exp(z))", "code")
def _() -> Evidence:
    z = np.array([1000.0])
    naive = np.log1p(np.exp(np.clip(z, -500, 500)))
    exact = actfuncs.get("softplus")(z)
    return Evidence("wrong",
                    f"softplus(1000) should be 1000; the clipped version returns {float(naive[0])!r}.",
                    {"clipped": float(naive[0]), "exact": float(exact[0])})


@claim("sigmoid-deriv-s1ms", "004", "sigmoid_deriv: s * (1 - s)", "code")
def _() -> Evidence:
    z = np.array([40.0])
    s = actfuncs.get("sigmoid")(z)
    naive = s * (1 - s)
    exact = actfuncs.get("sigmoid").grad(z)
    return Evidence("wrong",
                    f"At z = 40, s(1 − s) = {float(naive[0])!r} but σ′(40) = {float(exact[0]):.4e}: "
                    "1 − s rounds to 0 once s rounds to 1 (z ≳ 36.7), and loses digits long before.",
                    {"naive": float(naive[0]), "exact": float(exact[0])})


@claim("softmax-no-axis", "004", "softmax: shift = z - np.max(z) … / np.sum(exp_vals)", "code")
def _() -> Evidence:
    batch = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    e = np.exp(batch - batch.max())
    naive_rows = (e / e.sum()).sum(axis=1)
    good_rows = actfuncs.get("softmax")(batch, axis=-1).sum(axis=1)
    return Evidence("wrong",
                    "Without an axis, a batch is normalised as one vector: the rows of a 2×3 batch "
                    f"sum to {naive_rows.round(4).tolist()} instead of {good_rows.round(4).tolist()}.",
                    {"naive_row_sums": naive_rows.tolist()})


@claim("softmax-deriv-placeholder", "004", "softmax_deriv: return s  # placeholder", "code")
def _() -> Evidence:
    x = np.array([0.5, -1.0, 2.0])
    sm = actfuncs.get("softmax")
    jac = sm.jacobian(x)
    s = sm(x)
    err = float(np.max(np.abs(np.diag(jac) - s)))
    return Evidence("wrong",
                    "The derivative of softmax is the matrix diag(s) − s sᵀ, not s: even its "
                    f"diagonal s(1 − s) differs from s by up to {err:.3f} here.", {"max_diff": err})


@claim("elu-exp-minus-one", "004", "elu: np.where(z >= 0, z, alpha * (np.exp(z) - 1))", "code")
def _() -> Evidence:
    z = np.array([-1e-10, 1000.0])
    naive, caught = _quiet(lambda: np.where(z >= 0, z, np.exp(z) - 1))
    exact = actfuncs.get("elu")(z)
    rel = float(abs(naive[0] - exact[0]) / abs(exact[0]))
    return Evidence("wrong",
                    f"exp(z) − 1 loses digits near 0 (relative error {rel:.1e} at z = −1e−10; "
                    "expm1 is exact) and np.where evaluates exp on every input, so z = 1000 "
                    f"raises: {', '.join(caught) or 'no warning'}.",
                    {"relative_error": rel, "warnings": caught})


@claim("tanh-deriv-1mt2", "004", "tanh_deriv: 1 - t**2", "code")
def _() -> Evidence:
    z = np.array([20.0])
    t = np.tanh(z)
    naive = 1 - t**2
    exact = actfuncs.get("tanh").grad(z)
    return Evidence("wrong",
                    f"At z = 20, 1 − tanh² = {float(naive[0])!r} while sech²(20) = {float(exact[0]):.4e}.",
                    {"naive": float(naive[0]), "exact": float(exact[0])})


# -- training claims that need experiments ------------------------------------------------------


@claim("dead-30-40", "000", "Ignoring dying ReLU problem: 30-40% of neurons may be dead", "training")
def _() -> Evidence:
    return Evidence("unverifiable",
                    "As stated it names no network, initialisation or learning rate, and the dead "
                    "fraction ranges from 0% to 100% with those; the training-lab experiment on "
                    "dead units measures it across settings.", {})


@claim("swish-40-layers", "000", "Swish/GELU … Deep Network 40+ layers … Best Performance",
       "recommendation")
def _() -> Evidence:
    return Evidence("unverifiable",
                    "No task or data set; the Swish paper reports gains on specific benchmarks, "
                    "not a depth threshold of 40 layers.", {})


# -- the public face ----------------------------------------------------------------------------


def claims() -> list[Claim]:
    """Every registered claim, in source order."""
    return sorted(_REGISTRY.values(), key=lambda c: (c.source, list(_REGISTRY).index(c.id)))


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


def ledger_markdown(rows: list[tuple[Claim, Evidence]] | None = None) -> str:
    """The ledger as a Markdown table (for the appendix page)."""
    rows = ledger() if rows is None else rows
    out = ["| source | claim | category | verdict | evidence |", "|---|---|---|---|---|"]
    for c, e in rows:
        quote = c.quote.replace("|", "\\|")
        summary = e.summary.replace("|", "\\|")
        link = f" ([more]({'/' + c.section}))" if c.section else ""
        out.append(f"| {c.source} | “{quote}” | {c.category} | **{e.verdict}** | {summary}{link} |")
    return "\n".join(out)


def verdict_counts(rows: list[tuple[Claim, Evidence]] | None = None) -> dict[str, int]:
    rows = ledger() if rows is None else rows
    counts = dict.fromkeys(VERDICTS, 0)
    for _, e in rows:
        counts[e.verdict] += 1
    return counts


def ledger_html(rows: list[tuple[Claim, Evidence]] | None = None, root: str = "../../") -> str:
    """The ledger as an HTML table with a verdict filter that works in the static book.

    ``root`` is the relative path from the page to the book root, for the section links.
    """
    import html as _html

    rows = ledger() if rows is None else rows
    counts = verdict_counts(rows)
    options = "".join(
        f'<option value="{v}">{v} ({counts[v]})</option>' for v in VERDICTS if counts[v]
    )
    body = []
    for c, e in rows:
        more = (f' <a href="{root}{c.section}.html">evidence in the book</a>' if c.section else "")
        body.append(
            f'<tr id="claim-{c.id}" data-verdict="{e.verdict}"><td>{c.source}</td>'
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
    the same form as :attr:`Claim.section`;
    the claims listed are those whose ``section`` is that page.  A chapter calls this where it
    corrects or confirms a source, so the link back to the ledger is generated, never typed.
    The result renders as MyST Markdown, so the build checks the link.
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
