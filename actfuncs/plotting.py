r"""Every figure the book shows, drawn from the registry.

All figures use one colour-blind-safe palette (Okabe & Ito) through :func:`style`, a
context manager, so importing this module changes no global matplotlib state.

Each figure carries alt text: ``fig.alt_text`` (also :func:`alt_text`).  In a notebook,
:func:`show` displays a figure as an ``<img alt="...">`` HTML output, which Jupyter Book 1
copies verbatim into the page, so the alt text reaches the static HTML book.  (A plain
figure output becomes an ``<img>`` whose alt text is the figure's ``text/plain`` repr;
myst-nb's ``mystnb: image: alt:`` cell metadata is the other route.)

Landmarks found from the function itself are stored in ``fig.landmarks`` (a list of
:class:`Landmark`) so tests can compare what is drawn with what is computed:

* bounds of the output range $(y_{\min}, y_{\max})$ from the registry (asymptotes),
* local extrema, roots of $f'$ refined by Brent's method (:func:`actfuncs.properties.extrema`),
* kinks, points where $f'$ jumps, located by bisection on the jump,
* saturation regions, where $|f'(x)| < 10^{-2}$ on the plotted range.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

import actfuncs
from actfuncs.registry import Activation

#: Okabe–Ito colour-blind-safe palette.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")

_RC = {
    "axes.prop_cycle": plt.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
}

#: |f'| below this counts as saturated in the figures
SATURATION_TOL = 1e-2
_N = 801


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The book's plotting style, applied only inside the ``with`` block.

    Interactive mode is carried out of the block: the first figure of a Jupyter kernel loads the
    inline backend inside ``rc_context``, which switches interactive mode on; without this, the
    context's exit would switch it off again and no later figure of the notebook would be shown.
    """
    with plt.rc_context(_RC):
        try:
            yield
        finally:
            interactive = matplotlib.is_interactive()
    matplotlib.interactive(interactive)  # keep what the backend set up inside the block


@dataclass(frozen=True)
class Landmark:
    """A computed feature drawn on a figure: ``kind`` is one of ``"bound"``, ``"min"``,
    ``"max"``, ``"kink"``, ``"jump"``, ``"saturation"``; ``x``/``y`` locate it (for a
    saturation region ``x`` is the interval and ``y`` is NaN; for a bound ``x`` is NaN)."""

    kind: str
    x: float | tuple[float, float]
    y: float
    text: str


def _activation(obj: str | Activation, params: dict[str, Any] | None) -> Activation:
    if isinstance(obj, Activation):
        if params:
            return actfuncs.get(obj.name, **{**obj.params, **params})
        return obj
    return actfuncs.get(obj, **(params or {}))


# -- one-dimensional views of every kind ------------------------------------------
def curve(a: Activation, x: np.ndarray, *, second: bool = True
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    r"""$(f(x), f'(x), f''(x))$ on a 1-D grid, for every kind of activation.

    Elementwise: the kernels.  Vector (softmax, log_softmax): the first output for the
    logits $(x, 0)$, i.e. $\sigma(x)$ and $\log\sigma(x)$, with $f' = p(1-p)$ and
    $f' = 1-p$.  Gated (glu, swiglu, geglu): the diagonal slice $a = b = x$, with $f'$
    from central differences ($h = 10^{-5}$; a figure, not a measurement).
    With ``second=False`` an elementwise $f''$ is not computed (``None``): a first call of
    some second derivatives sets up their series windows, which costs time.
    """
    x = np.asarray(x, dtype=np.float64)
    kind = a.spec.kind
    if kind == "elementwise":
        f = np.asarray(a(x), dtype=np.float64)
        g = np.asarray(a.grad(x), dtype=np.float64)
        g2 = None
        if second and a.spec.grad2 is not None:
            g2 = np.asarray(a.grad2(x), dtype=np.float64)
        return f, g, g2
    if kind == "vector":
        z = np.stack([x, np.zeros_like(x)], axis=-1)
        f = np.asarray(a(z), dtype=np.float64)[..., 0]
        p = np.asarray(actfuncs.get("softmax")(z), dtype=np.float64)[..., 0]
        g = p * (1 - p) if a.name == "softmax" else 1 - p
        g2 = p * (1 - p) * (1 - 2 * p) if a.name == "softmax" else -p * (1 - p)
        return f, g, g2

    def slice_(t: np.ndarray) -> np.ndarray:
        return np.asarray(a(np.stack([t, t], axis=-1)), dtype=np.float64)[..., 0]

    h = 1e-5
    f = slice_(x)
    g = (slice_(x + h) - slice_(x - h)) / (2 * h)
    return f, g, None


def x_limits(act: str | Activation, params: dict[str, Any] | None = None) -> tuple[float, float]:
    r"""Plot limits chosen from the function: the interval where $f'$ differs from both of
    its tail values $f'(\pm 20)$ by more than 5 % of its spread (where the function
    bends or saturates) plus the kinks, widened by a quarter of its width plus 0.5,
    containing $[-1.5, 1.5]$ and inside $[-12, 12]$.  Sigmoid gets about $\pm 7$,
    GELU about $\pm 3$, ReLU $\pm 1.5$."""
    a = _activation(act, params)
    x = np.linspace(-20.0, 20.0, 8001)
    _, g, _ = curve(a, x, second=False)
    g = np.where(np.isfinite(g), g, 0.0)
    spread = float(np.max(g) - np.min(g))
    if spread == 0.0:
        return (-3.0, 3.0)
    tol = 0.05 * spread
    mask = (np.abs(g - g[0]) > tol) & (np.abs(g - g[-1]) > tol)
    kinks = np.nonzero(np.abs(np.diff(g)) > 0.1 * spread)[0]
    pts = np.concatenate([x[mask], x[kinks], x[kinks + 1]])
    if pts.size == 0:
        return (-3.0, 3.0)
    lo, hi = float(pts.min()), float(pts.max())
    pad = 0.25 * (hi - lo) + 0.5
    lo, hi = max(min(lo - pad, -1.5), -12.0), min(max(hi + pad, 1.5), 12.0)
    return (round(lo, 1), round(hi, 1))


def _bisect_jump(func: Any, lo: float, hi: float) -> float:
    """Locate a jump of ``func`` between ``lo`` and ``hi`` by bisection."""
    flo, fhi = float(func(lo)), float(func(hi))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        fm = float(func(mid))
        if abs(fm - flo) <= abs(fm - fhi):
            lo, flo = mid, fm
        else:
            hi, fhi = mid, fm
    return 0.5 * (lo + hi) if abs(hi - lo) > 1e-300 else lo


def landmarks(a: Activation, lo: float, hi: float) -> list[Landmark]:
    """The computed landmarks of ``a`` inside ``[lo, hi]`` (see the module docstring)."""
    out: list[Landmark] = []
    ylo, yhi = a.output_range if a.spec.kind != "gated" else (-math.inf, math.inf)
    for y, side in ((ylo, "lower"), (yhi, "upper")):
        if math.isfinite(y):
            out.append(Landmark("bound", math.nan, float(y), f"{side} bound y={y:.4g}"))
    if a.spec.kind == "elementwise":
        from actfuncs import properties

        for e in properties.extrema(a):
            if lo <= e.x <= hi:
                out.append(Landmark(e.kind, e.x, e.value, f"{e.kind} ({e.x:.4f}, {e.value:.4f})"))
    x = np.linspace(lo, hi, _N)
    f, g, _ = curve(a, x, second=False)
    spread = float(np.nanmax(g) - np.nanmin(g)) or 1.0
    scale = float(np.nanmax(f) - np.nanmin(f)) or 1.0
    jumps_f = np.nonzero(np.abs(np.diff(f)) > 0.2 * scale)[0]
    for i in jumps_f:
        xj = _bisect_jump(a if a.spec.kind == "elementwise" else lambda t: curve(a, t, second=False)[0],
                          float(x[i]), float(x[i + 1]))
        xj = 0.0 if abs(xj) < 1e-12 else xj
        out.append(Landmark("jump", xj, float(a(xj)), f"jump at x={xj:.4g}"))
    jump_set = set(int(i) for i in jumps_f)
    if a.spec.kind == "elementwise":
        for i in np.nonzero(np.abs(np.diff(g)) > 0.1 * spread)[0]:
            if int(i) in jump_set:
                continue
            xk = _bisect_jump(a.grad, float(x[i]), float(x[i + 1]))
            xk = 0.0 if abs(xk) < 1e-12 else xk
            out.append(Landmark("kink", xk, float(a(xk)), f"kink at x={xk:.4g}"))
    sat = np.abs(g) < SATURATION_TOL
    i = 0
    while i < len(x):
        if not sat[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(x) and sat[j + 1]:
            j += 1
        if j > i:
            out.append(Landmark("saturation", (float(x[i]), float(x[j])), math.nan,
                                f"|f'| < {SATURATION_TOL:g}"))
        i = j + 1
    return out


_MATHTEXT_SUBS = (
    (r"\operatorname", r"\mathrm"), (r"\tfrac", r"\frac"), (r"\dfrac", r"\frac"),
    (r"\,", r"\ "), (r"\!", ""), (r"\tanh", r"\mathrm{tanh}"),
)


def mathtext_title(a: Activation) -> str:
    """The registry's LaTeX as matplotlib mathtext, or the plain label when mathtext
    cannot typeset it (e.g. ``cases`` environments)."""
    from matplotlib.mathtext import MathTextParser

    tex = a.spec.latex
    for old, new in _MATHTEXT_SUBS:
        tex = tex.replace(old, new)
    try:
        MathTextParser("path").parse(f"${tex}$")
    except ValueError:
        return a.spec.display_name or a.name
    return f"${tex}$"


def _describe(a: Activation, lo: float, hi: float, marks: Sequence[Landmark]) -> str:
    parts = [f"Plot of the {a.label()} activation and its derivative for x from {lo:g} to "
             f"{hi:g}. Formula: {a.spec.latex}."]
    for m in marks:
        if m.kind in ("min", "max", "kink", "jump"):
            parts.append(f"Marked: {m.text}.")
        elif m.kind == "bound":
            parts.append(f"Dashed line: {m.text}.")
    if any(m.kind == "saturation" for m in marks):
        parts.append(f"Shaded: regions where |f'(x)| < {SATURATION_TOL:g}.")
    return " ".join(parts)


def _draw_one(ax: Axes, x: np.ndarray, y: np.ndarray, color: str, label: str,
              marks: Sequence[Landmark], which: str) -> None:
    ax.plot(x, y, color=color, label=label)
    for m in marks:
        if m.kind == "saturation":
            a0, a1 = m.x  # type: ignore[misc]
            ax.axvspan(a0, a1, color=PALETTE[7], alpha=0.06, lw=0)
        elif which == "f" and m.kind == "bound":
            ax.axhline(m.y, color=PALETTE[7], ls="--", lw=0.8, alpha=0.6)
        elif which == "f" and m.kind in ("min", "max", "kink", "jump"):
            ax.plot([m.x], [m.y], "o", ms=4, color=PALETTE[1])
            ax.annotate(m.text, (m.x, m.y), textcoords="offset points", xytext=(6, -12),
                        fontsize=8)
    ax.set_xlim(x[0], x[-1])
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left", frameon=False, fontsize=8)


def plot_activation(
    act: str | Activation,
    *,
    params: dict[str, Any] | None = None,
    x_range: tuple[float, float] | None = None,
    show_grad: bool = True,
    show_grad2: bool = False,
    ax: Axes | Sequence[Axes] | None = None,
) -> Figure:
    r"""$f$ and $f'$ (and $f''$ if asked) of one registry activation side by side, with
    per-function x limits (:func:`x_limits`), computed landmarks, the LaTeX formula as
    the title and the parameter values in the legend.  ``ax`` may be a sequence of
    axes, one per panel.  Returns the figure, with ``fig.alt_text`` and ``fig.landmarks``."""
    a = _activation(act, params)
    lo, hi = x_range if x_range is not None else x_limits(a)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"plot_activation: x_range must be finite with lo < hi, got {x_range!r}")
    x = np.linspace(lo, hi, _N)
    f, g, g2 = curve(a, x, second=show_grad2)
    if show_grad2 and g2 is None:
        raise NotImplementedError(f"{a.name}: f'' is not defined in the registry")
    panels = [("f", f, "$f(x)$" if a.spec.kind == "elementwise" else "slice $f(x)$")]
    if show_grad:
        panels.append(("g", g, "$f'(x)$"))
    if show_grad2:
        panels.append(("g2", g2, "$f''(x)$"))
    marks = landmarks(a, lo, hi)
    with style():
        if ax is None:
            fig, axes = plt.subplots(1, len(panels), figsize=(3.6 * len(panels), 3.0),
                                     squeeze=False)
            axs = list(axes[0])
        else:
            axs = [ax] if isinstance(ax, Axes) else list(ax)
            if len(axs) != len(panels):
                raise ValueError(f"plot_activation: need {len(panels)} axes, got {len(axs)}")
            fig = axs[0].figure
        for k, ((which, y, title), axk) in enumerate(zip(panels, axs, strict=True)):
            suffix = {"f": "", "g": "′", "g2": "″"}[which]
            _draw_one(axk, x, y, PALETTE[k], a.label() + suffix, marks, which)
            axk.set_title(mathtext_title(a) if which == "f" else title, fontsize=9)
        if ax is None:
            fig.tight_layout()
    fig.alt_text = _describe(a, lo, hi, marks)  # type: ignore[attr-defined]
    fig.landmarks = marks  # type: ignore[attr-defined]
    return fig


def plot_overlay(
    acts: Sequence[str | Activation],
    *,
    x_range: tuple[float, float] | None = None,
    show_grad: bool = True,
) -> Figure:
    """Several activations on shared axes (f left, f' right); limits span all of them."""
    items = [_activation(a, None) for a in acts]
    if not items:
        raise ValueError("plot_overlay: need at least one activation")
    if x_range is None:
        lims = [x_limits(a) for a in items]
        x_range = (min(lo for lo, _ in lims), max(hi for _, hi in lims))
    lo, hi = x_range
    x = np.linspace(lo, hi, _N)
    with style():
        ncols = 2 if show_grad else 1
        fig, axes = plt.subplots(1, ncols, figsize=(4 * ncols, 3.2), squeeze=False)
        for i, a in enumerate(items):
            f, g, _ = curve(a, x, second=False)
            c = PALETTE[i % len(PALETTE)]
            axes[0, 0].plot(x, f, color=c, label=a.label())
            if show_grad:
                axes[0, 1].plot(x, g, color=c, label=a.label() + "′")
        for axk, t in zip(axes[0], ("$f(x)$", "$f'(x)$"), strict=False):
            axk.set_title(t, fontsize=9)
            axk.set_xlim(lo, hi)
            axk.set_xlabel("$x$")
            axk.legend(loc="upper left", frameon=False, fontsize=8)
        fig.tight_layout()
    fig.alt_text = (  # type: ignore[attr-defined]
        f"Overlay of {', '.join(a.label() for a in items)} and their derivatives "
        f"for x from {lo:g} to {hi:g}."
    )
    return fig


def plot_param_sweep(
    name: str,
    param: str,
    values: Sequence[float],
    *,
    x_range: tuple[float, float] | None = None,
    show_grad: bool = True,
) -> Figure:
    """One activation for several values of one parameter (each validated by the registry)."""
    s = actfuncs.spec(name)
    if param not in {p.name for p in s.params}:
        _no_param(s.name, param, s)
    items = [actfuncs.get(name, **{param: v}) for v in values]
    fig = plot_overlay(items, x_range=x_range, show_grad=show_grad)
    fig.alt_text = (  # type: ignore[attr-defined]
        f"{s.display_name or s.name} for {param} = "
        f"{', '.join(f'{v:g}' for v in values)}, with derivatives."
    )
    return fig


def _no_param(name: str, param: str, s: Any) -> None:
    allowed = ", ".join(p.name for p in s.params) or "no parameters"
    raise TypeError(f"{name}: unknown parameter {param!r} (it takes {allowed})")


def plot_gallery(names: Sequence[str] | None = None, ncols: int = 5) -> Figure:
    """A grid of the catalog: each panel f (solid) and f' (dashed) on its own limits."""
    names = list(actfuncs.names() if names is None else names)
    nrows = math.ceil(len(names) / ncols)
    with style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(2.4 * ncols, 1.9 * nrows),
                                 squeeze=False)
        for axk, n in zip(axes.ravel(), names, strict=False):
            a = actfuncs.get(n)
            lo, hi = x_limits(a)
            x = np.linspace(lo, hi, 401)
            f, g, _ = curve(a, x, second=False)
            axk.plot(x, f, color=PALETTE[0])
            axk.plot(x, g, color=PALETTE[1], ls="--")
            axk.set_title(a.spec.display_name or n, fontsize=8)
            axk.tick_params(labelsize=6)
            axk.set_xlim(lo, hi)
        for axk in axes.ravel()[len(names):]:
            axk.set_visible(False)
        fig.tight_layout()
    fig.alt_text = (  # type: ignore[attr-defined]
        f"Grid of {len(names)} activation functions ({', '.join(names)}), each with f solid "
        "and its derivative dashed, on limits chosen per function."
    )
    return fig


# -- per-layer measurements (gradient flow) -------------------------------------------
def _first_over_last(v: Any) -> float:
    """``v[0] / v[-1]`` of a norm series; nan for 0/0 (e.g. binary step: every norm is 0)."""
    v = np.asarray(v, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(v[0] / v[-1])


def draw_layer_norms(ax: Axes, series: Mapping[str, np.ndarray],
                     ylim: tuple[float, float] | None = None) -> None:
    r"""Gradient norm per layer, one line per labelled series; the legend gives each series'
    ratio first layer / last layer (< 1: the gradient shrinks towards the input).

    The y axis shows $\log_{10}$ of the norm on a linear axis with ticks labelled ``1e<k>``
    (a matplotlib log axis costs several times more to render, which matters for the live
    widget).  ``ylim`` is given in norm units."""
    if not series:
        raise ValueError("draw_layer_norms: need at least one series")
    lows, highs = [], []
    for k, (lab, v) in enumerate(series.items()):
        v = np.asarray(v, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            lv = np.log10(v)
        ok = lv[np.isfinite(lv)]
        if ok.size:
            lows.append(ok.min())
            highs.append(ok.max())
        ax.plot(np.arange(1, len(v) + 1), lv, "o-", ms=3, color=PALETTE[k % len(PALETTE)],
                label=f"{lab}: first/last {_first_over_last(v):.2g}")
    if ylim is not None:
        lo, hi = math.log10(ylim[0]), math.log10(ylim[1])
    else:
        lo, hi = (min(lows) - 0.5, max(highs) + 0.5) if lows else (-1.0, 1.0)
    ax.set_ylim(lo, hi)
    step = max(1, math.ceil((hi - lo) / 6))
    ticks = np.arange(math.ceil(lo), math.floor(hi) + 1, step)
    ax.set_yticks(ticks, [f"1e{int(t)}" for t in ticks])
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel("‖dL/dW‖ (log scale)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=7, loc="best")


def plot_layer_norms(series: Mapping[str, np.ndarray], title: str = "") -> Figure:
    """A figure of :func:`draw_layer_norms` with alt text naming every series and its ratio."""
    with style():
        fig, ax = plt.subplots(figsize=(6, 3.2))
        draw_layer_norms(ax, series)
        if title:
            ax.set_title(title, fontsize=9)
        fig.tight_layout()
    parts = [f"{lab} (first/last layer {_first_over_last(v):.2g})"
             for lab, v in series.items()]
    fig.alt_text = (  # type: ignore[attr-defined]
        f"Gradient norm per layer on a log scale, layer 1 next to the input, for {'; '.join(parts)}."
    )
    return fig


def with_alt(fig: Figure, text: str) -> Figure:
    """Attach alt text to a figure drawn elsewhere (e.g. an experiment's ``plot``)."""
    if not text.strip():
        raise ValueError("with_alt: alt text must not be empty")
    fig.alt_text = text  # type: ignore[attr-defined]
    return fig


# -- display with alt text -----------------------------------------------------------
def alt_text(fig: Figure) -> str:
    """The figure's alt text (set by every plotting function here)."""
    text = getattr(fig, "alt_text", "")
    if not text:
        raise ValueError("figure has no alt text; draw it with actfuncs.plotting")
    return text


def png_bytes(fig: Figure, dpi: int = 80) -> bytes:
    """The figure as PNG bytes (no timestamp metadata, so deterministic)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def img_tag(fig: Figure, dpi: int = 80) -> str:
    """``<img>`` with the PNG inlined as base64 and the figure's alt text."""
    data = base64.b64encode(png_bytes(fig, dpi)).decode("ascii")
    return f'<img alt="{html.escape(alt_text(fig))}" src="data:image/png;base64,{data}"/>'


def show(fig: Figure, dpi: int = 100) -> Any:
    """Display ``fig`` in a notebook as HTML ``<img alt=...>`` (the alt text survives into
    the Jupyter Book HTML) and close it so the inline backend does not draw it twice."""
    from IPython.display import HTML

    out = HTML(img_tag(fig, dpi))
    plt.close(fig)
    return out
