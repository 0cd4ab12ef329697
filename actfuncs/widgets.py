"""Widgets for live notebooks: thin ipywidgets layers over pure compute functions.

Each widget redraws a PNG into an ``ipywidgets.Image`` (no pyplot state, no Output
capture), so a redraw is one Agg render.  The compute functions (``explorer_data``,
``softmax_temperature``, ``gradient_flow_data``, ``dead_units_data``,
``decision_boundary_data``) are plain Python and unit-tested without a browser.  For the
static book see :mod:`actfuncs.static_widgets`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

import actfuncs
from actfuncs.experiments.hinges import HingeFit, hinge_fit
from actfuncs.plotting import PALETTE, curve, draw_layer_norms, png_bytes, style, x_limits
from actfuncs.registry import Activation, Param


def draw_hinge_fit(result: HingeFit, ax: plt.Axes) -> None:
    """Draw a :class:`HingeFit` onto ``ax``."""
    ax.plot(result.x, result.target, color=PALETTE[7], lw=1, label="target sin(x)")
    ax.plot(result.x, result.fit, color=PALETTE[0], label=f"{len(result.knots)} ReLU units")
    for t in result.knots:
        ax.axvline(t, color=PALETTE[0], alpha=0.15, lw=0.8)
    ax.set_title(f"max error {result.max_abs_error:.3f}", fontsize=10)
    ax.legend(loc="upper left", frameon=False)


def hinge_widget(n_units: int = 3) -> widgets.VBox:
    """A slider for the number of ReLU units and the fitted curve."""
    slider = widgets.IntSlider(value=n_units, min=0, max=12, description="ReLU units")
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        with out:
            out.clear_output(wait=True)
            with style():
                fig, ax = plt.subplots(figsize=(6, 3))
                draw_hinge_fit(hinge_fit(slider.value), ax)
                plt.show()

    slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([slider, out])


# -- pure compute functions (unit-tested without a browser) ---------------------------
def slider_range(p: Param) -> tuple[float, float]:
    """The slider range of a parameter: its ``widget`` range clamped into the allowed range
    (an open end is moved inwards by 1e-3 so every slider position is valid)."""
    lo, hi = p.widget if p.widget is not None else (p.default - 1.0, p.default + 1.0)
    eps = 1e-3
    if p.low > -math.inf:
        lo = max(lo, p.low + eps if p.low_open else p.low)
    if p.high < math.inf:
        hi = min(hi, p.high - eps if p.high_open else p.high)
    if not lo <= p.default <= hi:
        lo, hi = min(lo, p.default), max(hi, p.default)
    return float(lo), float(hi)


@dataclass(frozen=True)
class ExplorerData:
    """What the explorer shows: the grid, f and f' of one bound activation."""

    activation: Activation
    x: np.ndarray
    f: np.ndarray
    grad: np.ndarray


def explorer_data(
    name: str, params: Mapping[str, Any] | None = None, x_range: tuple[float, float] | None = None,
    n: int = 401,
) -> ExplorerData:
    """f and f' of ``name`` with ``params`` (validated by the registry: an unknown name or an
    out-of-range value raises its error) on ``x_range`` (default: per-function limits)."""
    a = actfuncs.get(name, **dict(params or {}))
    lo, hi = x_range if x_range is not None else x_limits(a)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"explorer: x_range must be finite with lo < hi, got {x_range!r}")
    x = np.linspace(lo, hi, n)
    f, g, _ = curve(a, x, second=False)
    return ExplorerData(a, x, f, g)


def draw_explorer(d: ExplorerData, fig: Figure) -> None:
    """Draw :class:`ExplorerData` on ``fig`` (f left, f' right)."""
    fig.clear()
    ax1, ax2 = fig.subplots(1, 2)
    ax1.plot(d.x, d.f, color=PALETTE[0], label=d.activation.label())
    ax2.plot(d.x, d.grad, color=PALETTE[1], label=d.activation.label() + "′")
    for ax, t in ((ax1, "$f(x)$"), (ax2, "$f'(x)$")):
        ax.set_title(t, fontsize=9)
        ax.set_xlim(d.x[0], d.x[-1])
        ax.legend(loc="upper left", frameon=False, fontsize=8)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.9, wspace=0.25)


def softmax_temperature(logits: Sequence[float], temperature: float) -> tuple[np.ndarray, float]:
    r"""Probabilities $p = \mathrm{softmax}(z / T)$ and their entropy
    $H = -\sum_i p_i \log p_i$ (nats; terms with $p_i = 0$ count 0)."""
    t = float(temperature)
    if not (math.isfinite(t) and t > 0):
        raise ValueError(f"softmax_temperature: temperature={temperature!r} must be finite and > 0")
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"softmax_temperature: logits must be a non-empty 1-D list, got shape "
                         f"{z.shape}")
    p = np.asarray(actfuncs.get("softmax")(z / t), dtype=np.float64)
    logp = np.asarray(actfuncs.get("log_softmax")(z / t), dtype=np.float64)
    h = float(-np.sum(np.where(p > 0, p * logp, 0.0)))
    return p, h


def draw_softmax(logits: Sequence[float], temperature: float, fig: Figure) -> None:
    """Bar chart of the tempered softmax with the entropy in the title."""
    p, h = softmax_temperature(logits, temperature)
    fig.clear()
    ax = fig.subplots()
    ax.bar(np.arange(p.size), p, color=PALETTE[0])
    ax.set_ylim(0, 1)
    ax.set_xticks(np.arange(p.size), [f"z={v:g}" for v in logits], fontsize=8)
    ax.set_title(f"T={temperature:.3g}, entropy {h:.3f} nats (max {math.log(p.size):.3f})",
                 fontsize=9)
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.12, top=0.9)


#: initialisers offered by the gradient-flow widget (names of :mod:`actfuncs.nn.init`)
INITS = ("xavier", "he", "lecun")
#: depths offered by the gradient-flow widget
DEPTH_RANGE = (2, 30)


def gradient_flow_data(activation: str, depth: int, init: str) -> np.ndarray:
    r"""$\lVert \partial L / \partial W_k \rVert_F$ for each layer $k = 1..\mathrm{depth}$
    (input side first), from :func:`actfuncs.experiments.gradient_flow.layer_gradient_norms`
    with its defaults (width 64, 256 Gaussian inputs, seed 0)."""
    from actfuncs.experiments.gradient_flow import layer_gradient_norms

    actfuncs.spec(activation)  # the registry's error for unknown names
    return np.asarray(layer_gradient_norms(activation, depth, init, width=64, n=256, seed=0))


def draw_gradient_flow(norms: np.ndarray | Mapping[str, np.ndarray], label: str, fig: Figure,
                       ylim: tuple[float, float] | None = None) -> None:
    """Gradient norm per layer on a log axis; ``norms`` is one array or ``{label: array}``."""
    series = dict(norms) if isinstance(norms, Mapping) else {label: np.asarray(norms)}
    fig.clear()
    draw_layer_norms(fig.subplots(), series, ylim)
    fig.subplots_adjust(left=0.17, right=0.98, bottom=0.17, top=0.96)


def dead_units_data(activation: str, lr: float, bias_init: float) -> float:
    """Share of the 64 hidden units never active on the data after 50 steps, from
    :func:`actfuncs.experiments.dead_units.dead_fraction` (seed 0)."""
    from actfuncs.experiments.dead_units import dead_fraction

    actfuncs.spec(activation)
    lr = float(lr)
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"dead units: lr={lr!r} must be finite and > 0")
    return float(dead_fraction(activation=activation, lr=lr, bias_init=bias_init, steps=50,
                               seed=0))


def draw_dead_units(fractions: Mapping[str, float], title: str, fig: Figure) -> None:
    """Horizontal bars: the dead share for each labelled setting."""
    fig.clear()
    ax = fig.subplots()
    labels = list(fractions)
    vals = [fractions[k] for k in labels]
    ax.barh(np.arange(len(vals)), vals, color=[PALETTE[(k + 1) % 8] for k in range(len(vals))])
    for k, v in enumerate(vals):
        ax.text(min(v, 0.85) + 0.01, k, f"{100 * v:.0f} %", va="center", fontsize=8)
    ax.set_yticks(np.arange(len(vals)), labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel("share of hidden units dead after 50 steps")
    ax.set_title(title, fontsize=9)
    fig.subplots_adjust(left=0.3, right=0.97, bottom=0.3, top=0.85)


# -- widget 5: decision boundary ---------------------------------------------------------
#: the 2-D data sets the decision-boundary widget offers (functions of actfuncs.datasets)
BOUNDARY_DATASETS = ("moons", "circles", "spirals", "xor")


@dataclass(frozen=True)
class BoundaryData:
    """A trained network's probability of class 1 on a grid around a 2-D data set."""

    X: np.ndarray
    y: np.ndarray
    gx: np.ndarray
    gy: np.ndarray
    prob: np.ndarray
    accuracy: float
    label: str


def decision_boundary_data(activation: str = "relu", width: int = 16, depth: int = 2,
                           dataset: str = "moons", steps: int = 100, seed: int = 0,
                           grid: int = 40) -> BoundaryData:
    r"""Train an MLP ``[2, width x depth, 1]`` (BCE with logits, Adam, lr 0.03, full batch,
    He init for rectifiers and Xavier otherwise) on 200 points of ``dataset`` and return
    $p(y = 1 \mid x) = \sigma(\text{logit})$ on a ``grid`` x ``grid`` mesh."""
    from actfuncs import datasets
    from actfuncs.nn.model import MLP
    from actfuncs.nn.train import accuracy, train

    s = actfuncs.spec(activation)
    if dataset not in BOUNDARY_DATASETS:
        raise ValueError(f"decision boundary: dataset={dataset!r}; choose from {BOUNDARY_DATASETS}")
    for n, v, lo, hi in (("width", width, 1, 256), ("depth", depth, 1, 8)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not lo <= v <= hi:
            raise ValueError(f"decision boundary: {n}={v!r} must be an integer in [{lo}, {hi}]")
    if dataset == "xor":
        X, y = datasets.xor(200, noise=0.15, seed=seed)
    else:
        X, y = getattr(datasets, dataset)(200, noise=0.1, seed=seed)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    init = "he" if "relu" in s.name or s.name in ("prelu", "rrelu") else "xavier"
    net = MLP([2, *([int(width)] * int(depth)), 1], activation=s.name, init=init, seed=seed)
    train(net, X, y, loss="bce", optimizer="adam", lr=0.03, steps=steps, seed=seed)
    lo, hi = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], grid), np.linspace(lo[1], hi[1], grid))
    logit = net.forward(np.column_stack([gx.ravel(), gy.ravel()]))[:, 0].reshape(gx.shape)
    prob = np.asarray(actfuncs.get("sigmoid")(logit), dtype=np.float64)
    return BoundaryData(X, y, gx, gy, prob, accuracy(net, X, y),
                        f"{s.name}, {depth} x {width}, {dataset}")


def draw_boundary(d: BoundaryData, fig: Figure) -> None:
    """Filled probability contours, the 0.5 boundary and the training points."""
    fig.clear()
    ax = fig.subplots()
    ax.imshow(d.prob, origin="lower", extent=(d.gx[0, 0], d.gx[0, -1], d.gy[0, 0], d.gy[-1, 0]),
              cmap="RdBu_r", vmin=0, vmax=1, alpha=0.6, aspect="auto", interpolation="bilinear")
    ax.contour(d.gx, d.gy, d.prob, levels=[0.5], colors="k", linewidths=1)
    for c, mk in ((0, "o"), (1, "s")):
        m = d.y == c
        ax.plot(d.X[m, 0], d.X[m, 1], mk, ms=2.5, color=PALETTE[0 if c == 0 else 1])
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"{d.label}: training accuracy {100 * d.accuracy:.1f} %", fontsize=9)
    fig.subplots_adjust(left=0.03, right=0.97, bottom=0.03, top=0.92)


def render_png(draw: Callable[[Figure], None], size: tuple[float, float] = (7.0, 2.8),
               dpi: int = 72) -> bytes:
    """Draw on a fresh (non-pyplot) figure with the book style and return PNG bytes."""
    with style():
        fig = Figure(figsize=size, dpi=dpi)
        draw(fig)
        return png_bytes(fig, dpi)


# -- the ipywidgets layers -------------------------------------------------------------
class _Live:
    """A control box plus an Image that is redrawn by ``update`` (kept for benchmarks)."""

    def __init__(self, controls: list[widgets.Widget], draw: Callable[[Figure], None],
                 size: tuple[float, float] = (7.0, 2.8)):
        self.controls = controls
        self.image = widgets.Image(format="png")
        self.message = widgets.HTML()
        self._draw = draw
        self._size = size
        for c in controls:
            c.observe(self.update, names="value")
        self.box = widgets.VBox([*controls, self.message, self.image])
        self.box.live = self  # type: ignore[attr-defined]
        self.update()

    def update(self, change: object = None) -> None:
        try:
            self.image.value = render_png(self._draw, self._size)
            self.message.value = ""
        except (ValueError, TypeError, KeyError, FloatingPointError) as e:  # the message, shown
            self.message.value = f"<b>error:</b> {html.escape(str(e))}"


def explorer(name: str = "relu") -> widgets.VBox:
    """Pick any elementwise activation, move its parameters and the input range; f and f'
    are redrawn live.  Parameter sliders span :func:`slider_range` of each Param."""
    start = actfuncs.spec(name).name
    choices = actfuncs.names("elementwise")
    if start not in choices:
        raise ValueError(f"explorer: {start!r} is not elementwise (choose from {choices})")
    dropdown = widgets.Dropdown(options=choices, value=start, description="activation")
    xr = widgets.FloatRangeSlider(value=x_limits(start), min=-12, max=12, step=0.1,
                                  description="x range")
    params_box = widgets.VBox()

    def sliders_for(n: str) -> list[widgets.FloatSlider]:
        out = []
        for p in actfuncs.spec(n).params:
            lo, hi = slider_range(p)
            out.append(widgets.FloatSlider(value=p.default, min=lo, max=hi,
                                           step=(hi - lo) / 100, description=p.name,
                                           readout_format=".3g"))
        return out

    def draw(fig: Figure) -> None:
        ps = {s.description: s.value for s in params_box.children}
        draw_explorer(explorer_data(dropdown.value, ps, tuple(xr.value)), fig)

    live = _Live([dropdown, xr], draw)

    def on_name(change: Any) -> None:
        for s in params_box.children:
            s.unobserve(live.update, names="value")
        params_box.children = tuple(sliders_for(dropdown.value))
        for s in params_box.children:
            s.observe(live.update, names="value")
        xr.value = x_limits(dropdown.value)
        live.update()

    dropdown.unobserve(live.update, names="value")
    dropdown.observe(on_name, names="value")
    params_box.children = tuple(sliders_for(start))
    for s in params_box.children:
        s.observe(live.update, names="value")
    live.update()
    live.box.children = (dropdown, params_box, xr, live.message, live.image)
    return live.box


def softmax_widget(logits: Sequence[float] = (2.0, 1.0, 0.5, -1.0)) -> widgets.VBox:
    """Temperature slider (log scale) over fixed logits: probabilities and entropy."""
    t = widgets.FloatLogSlider(value=1.0, base=10, min=-1.5, max=1.5, step=0.05,
                               description="temperature")
    return _Live([t], lambda fig: draw_softmax(list(logits), t.value, fig), (5.0, 2.8)).box


def gradient_flow_widget(activation: str = "sigmoid") -> widgets.VBox:
    """Depth, activation and init -> gradient norm per layer (helper C's experiment)."""
    act = widgets.Dropdown(options=actfuncs.names("elementwise"),
                           value=actfuncs.spec(activation).name, description="activation")
    depth = widgets.IntSlider(value=10, min=DEPTH_RANGE[0], max=DEPTH_RANGE[1],
                              description="depth")
    init = widgets.Dropdown(options=list(INITS), value="xavier", description="init")

    def draw(fig: Figure) -> None:
        norms = gradient_flow_data(act.value, depth.value, init.value)
        draw_gradient_flow(norms, f"{act.value}, {init.value}", fig)

    return _Live([act, depth, init], draw, (5.0, 2.8)).box


def dead_units_widget(activation: str = "relu") -> widgets.VBox:
    """Learning rate, initial bias and activation -> fraction of units never active."""
    act = widgets.Dropdown(options=actfuncs.names("elementwise"),
                           value=actfuncs.spec(activation).name, description="activation")
    lr = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=1, step=0.1, description="lr")
    bias = widgets.FloatSlider(value=0.0, min=-3, max=3, step=0.1, description="bias init")

    def draw(fig: Figure) -> None:
        frac = dead_units_data(act.value, lr.value, bias.value)
        draw_dead_units({act.value: frac}, f"lr {lr.value:.3g}, bias init {bias.value:.2g}", fig)

    return _Live([act, lr, bias], draw, (5.0, 1.6)).box


def decision_boundary_widget(activation: str = "relu") -> widgets.VBox:
    """Activation, width, depth and data set -> the boundary a freshly trained MLP draws."""
    act = widgets.Dropdown(options=actfuncs.names("elementwise"),
                           value=actfuncs.spec(activation).name, description="activation")
    width = widgets.IntSlider(value=16, min=1, max=64, description="width")
    depth = widgets.IntSlider(value=2, min=1, max=4, description="depth")
    data = widgets.Dropdown(options=list(BOUNDARY_DATASETS), value="moons", description="data")

    def draw(fig: Figure) -> None:
        draw_boundary(decision_boundary_data(act.value, width.value, depth.value, data.value), fig)

    return _Live([act, width, depth, data], draw, (4.0, 3.6)).box
