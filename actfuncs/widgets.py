"""Widgets for live notebooks: thin ipywidgets layers over pure compute functions.

Each widget redraws a PNG into an ``ipywidgets.Image`` (no pyplot state, no Output
capture), so a redraw is one Agg render.  The compute functions (``explorer_data``,
``softmax_temperature``, ``gradient_flow_data``, ``dead_units_data``) are plain Python.
The decision-boundary widget (5) is deferred.  For the static book see
:mod:`actfuncs.static_widgets`.
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
from actfuncs.plotting import PALETTE, curve, png_bytes, style, x_limits
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
    f, g, _ = curve(a, x)
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
    fig.tight_layout()


def gradient_flow_data(activation: str, depth: int, init: str) -> np.ndarray:
    """Gradient norm per layer from helper C's experiment (imported lazily)."""
    from actfuncs.experiments.gradient_flow import layer_gradient_norms

    actfuncs.spec(activation)  # the registry's error for unknown names
    return np.asarray(layer_gradient_norms(activation, depth, init, width=64, n=256, seed=0))


def draw_gradient_flow(norms: np.ndarray, label: str, fig: Figure) -> None:
    fig.clear()
    ax = fig.subplots()
    ax.semilogy(np.arange(1, len(norms) + 1), norms, "o-", color=PALETTE[0], label=label)
    ax.set_xlabel("layer")
    ax.set_ylabel("gradient norm")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()


def dead_units_data(activation: str, lr: float, bias_init: float) -> float:
    """Fraction of never-active units from helper C's experiment (imported lazily)."""
    from actfuncs.experiments.dead_units import dead_fraction

    actfuncs.spec(activation)
    return float(dead_fraction(activation=activation, lr=lr, bias_init=bias_init, steps=50,
                               seed=0))


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
        except (ValueError, TypeError, KeyError) as e:  # the registry's message, shown
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
    depth = widgets.IntSlider(value=10, min=2, max=30, description="depth")
    init = widgets.Dropdown(options=["xavier", "he", "normal"], value="xavier",
                            description="init")

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
        fig.clear()
        ax = fig.subplots()
        ax.barh([0], [frac], color=PALETTE[1])
        ax.set_xlim(0, 1)
        ax.set_yticks([])
        ax.set_title(f"{act.value}: {100 * frac:.1f} % of units never active", fontsize=9)
        fig.tight_layout()

    return _Live([act, lr, bias], draw, (5.0, 1.6)).box
