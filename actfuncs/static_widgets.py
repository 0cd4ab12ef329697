"""Kernel-free interactivity for the static HTML book.

Frames are rendered in advance (at execute time) and a tiny inline script switches
them when the range input moves: no Python and no network in the browser.  The HTML is
a ``<div class="af-static-widget">`` holding a caption, an ``<input type="range">``
with one step per frame and an ``<img>`` whose ``src`` is swapped between base64 PNG
frames.  Ids are derived from a hash of the content, so two builds of the same figure
give byte-identical HTML (nbval strict comparisons stay stable).

The script runs in Jupyter Book 1 HTML (outputs are copied as raw HTML).  JupyterLab
does not run inline scripts of untrusted outputs; live users have :mod:`actfuncs.widgets`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

import actfuncs
from actfuncs import widgets as live
from actfuncs.plotting import x_limits

#: frames are kept small: the whole block should stay under this many bytes
MAX_BYTES = 1_500_000


def slider_html(frames: Sequence[bytes], labels: Sequence[str], *, title: str, alt: str,
                param: str, start: int = 0) -> str:
    """The self-contained HTML block for PNG ``frames`` labelled by ``labels``."""
    if len(frames) != len(labels) or not frames:
        raise ValueError("static slider: need as many labels as frames, at least one")
    uris = ["data:image/png;base64," + base64.b64encode(f).decode("ascii") for f in frames]
    digest = hashlib.sha256(("".join(uris) + title + "|".join(labels)).encode()).hexdigest()
    wid = f"afsw-{digest[:12]}"
    data = json.dumps({"src": uris, "label": list(labels)})
    esc = html.escape
    out = (
        f'<div class="af-static-widget" id="{wid}">'
        f'<div class="af-static-title">{esc(title)}</div>'
        f'<label>{esc(param)} <input type="range" min="0" max="{len(frames) - 1}" step="1" '
        f'value="{start}" aria-label="{esc(param)}"/> '
        f'<output>{esc(labels[start])}</output></label><br/>'
        f'<img alt="{esc(alt)}" src="{uris[start]}"/>'
        f'<script type="application/json">{data}</script>'
        "<script>(function(){"
        f'var r=document.getElementById("{wid}");'
        "if(!r)return;var d=JSON.parse(r.querySelector('script[type=\"application/json\"]')"
        ".textContent);var i=r.querySelector('input'),m=r.querySelector('img'),"
        "o=r.querySelector('output');i.addEventListener('input',function(){"
        "var k=+i.value;m.src=d.src[k];o.textContent=d.label[k];});})();</script></div>"
    )
    if len(out) > MAX_BYTES:
        raise ValueError(f"static slider {title!r} is {len(out)} bytes (limit {MAX_BYTES})")
    return out


def _frames(draw: Callable[[Figure, Any], None], values: Sequence[Any],
            size: tuple[float, float], dpi: int = 60) -> list[bytes]:
    return [live.render_png(lambda fig, v=v: draw(fig, v), size, dpi=dpi) for v in values]


def explorer_html(name: str, param: str | None = None, values: Sequence[float] | None = None,
                  n: int = 17) -> str:
    """Static explorer: sweep one parameter over its slider range (``n`` frames), or for a
    function without parameters, the half-width of the input range."""
    s = actfuncs.spec(name)
    if param is None and s.params:
        param = s.params[0].name
    if param is not None:
        if param not in {q.name for q in s.params}:
            actfuncs.get(name, **{param: 0.0})  # raises the registry's unknown-parameter error
        p = s.param(param)
        if values is None:
            lo, hi = live.slider_range(p)
            values = [lo + (hi - lo) * k / (n - 1) for k in range(n)]
        for v in values:
            actfuncs.get(name, **{param: v})
        lim = x_limits(name)

        def draw(fig: Figure, v: float) -> None:
            live.draw_explorer(live.explorer_data(name, {param: v}, lim), fig)

        labels = [f"{param}={v:.3g}" for v in values]
    else:
        base = max(abs(t) for t in x_limits(name))
        values = values if values is not None else [base * (0.25 + 1.75 * k / (n - 1))
                                                    for k in range(n)]

        def draw(fig: Figure, v: float) -> None:
            live.draw_explorer(live.explorer_data(name, None, (-v, v)), fig)

        labels = [f"|x| ≤ {v:.3g}" for v in values]
        param = "input range"
    frames = _frames(draw, values, (6.0, 2.4))
    return slider_html(frames, labels, title=f"{s.display_name or s.name} explorer",
                       alt=f"{s.display_name or s.name} and its derivative; the slider "
                           f"changes {param}.", param=param)


def softmax_html(logits: Sequence[float] = (2.0, 1.0, 0.5, -1.0), n: int = 17) -> str:
    """Static softmax-temperature widget: ``n`` temperatures from 0.05 to 20 (log scale)."""
    temps = [10 ** (-1.3 + 2.6 * k / (n - 1)) for k in range(n)]
    frames = _frames(lambda fig, t: live.draw_softmax(list(logits), t, fig), temps, (4.5, 2.4))
    return slider_html(frames, [f"T={t:.3g}" for t in temps], title="softmax temperature",
                       alt="Bar chart of softmax probabilities of the logits "
                           f"{', '.join(f'{v:g}' for v in logits)}; the slider changes the "
                           "temperature.", param="temperature", start=n // 2)


#: the settings the static gradient-flow twin compares (activation, initialiser)
FLOW_SETTINGS = (("sigmoid", "xavier"), ("relu", "he"), ("relu", "xavier"))


def gradient_flow_html(depths: Sequence[int] = (2, 5, 10, 20, 30)) -> str:
    """Static twin of :func:`actfuncs.widgets.gradient_flow_widget`: one frame per depth, each
    with the gradient norm per layer for the :data:`FLOW_SETTINGS` (fixed y-axis, so the
    frames can be compared)."""
    lo, hi = live.DEPTH_RANGE
    for d in depths:
        if not lo <= d <= hi:
            raise ValueError(f"gradient_flow_html: depth {d!r} outside the widget's range [{lo}, {hi}]")
    data = {d: {f"{a}, {i}": live.gradient_flow_data(a, d, i) for a, i in FLOW_SETTINGS}
            for d in depths}
    vals = np.concatenate([v for frame in data.values() for v in frame.values()])
    vals = vals[np.isfinite(vals) & (vals > 0)]
    ylim = (float(vals.min()) / 3, float(vals.max()) * 3)
    frames = _frames(lambda fig, d: live.draw_gradient_flow(data[d], "", fig, ylim), depths,
                     (5.0, 2.6), dpi=90)
    return slider_html(frames, [f"depth {d}" for d in depths], title="gradient flow",
                       alt="Gradient norm per layer on a log scale for sigmoid with Xavier init "
                           "and ReLU with He and Xavier init; the slider changes the depth.",
                       param="depth", start=min(2, len(depths) - 1))


#: the settings the static dead-units twin compares (label, activation, bias init)
DEAD_SETTINGS = (("relu, bias 0", "relu", 0.0), ("relu, bias -1", "relu", -1.0),
                 ("leaky_relu, bias -1", "leaky_relu", -1.0))


def dead_units_html(lrs: Sequence[float] = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)) -> str:
    """Static twin of :func:`actfuncs.widgets.dead_units_widget`: one frame per learning rate,
    bars for the :data:`DEAD_SETTINGS`."""
    data = {lr: {lab: live.dead_units_data(a, lr, b) for lab, a, b in DEAD_SETTINGS} for lr in lrs}
    frames = _frames(lambda fig, lr: live.draw_dead_units(data[lr], f"learning rate {lr:g}", fig),
                     lrs, (5.0, 1.8), dpi=90)
    return slider_html(frames, [f"lr={lr:g}" for lr in lrs], title="dead units",
                       alt="Share of dead hidden units after 50 SGD steps for ReLU with bias 0 "
                           "and -1 and Leaky ReLU with bias -1; the slider changes the "
                           "learning rate.", param="learning rate", start=min(2, len(lrs) - 1))


def decision_boundary_html(activation: str = "relu", widths: Sequence[int] = (1, 2, 4, 8, 16),
                           depth: int = 2, dataset: str = "moons") -> str:
    """Static twin of :func:`actfuncs.widgets.decision_boundary_widget`: one trained network per
    hidden width (each frame trains in well under a second)."""
    data = {w: live.decision_boundary_data(activation, w, depth, dataset) for w in widths}
    frames = _frames(lambda fig, w: live.draw_boundary(data[w], fig), widths, (4.0, 3.6), dpi=70)
    name = actfuncs.spec(activation).name
    return slider_html(frames, [f"width {w}" for w in widths], title="decision boundary",
                       alt=f"Decision boundary of a {depth}-layer {name} network trained on the "
                           f"{dataset} data; the slider changes the number of units per layer.",
                       param="width", start=len(widths) - 1)


def hinge_html(max_units: int = 12) -> str:
    """Static twin of :func:`actfuncs.widgets.hinge_widget`: one frame per number of ReLU units."""
    from actfuncs.experiments.hinges import hinge_fit

    values = list(range(max_units + 1))

    def draw(fig: Figure, n: int) -> None:
        live.draw_hinge_fit(hinge_fit(n), fig.add_subplot())

    frames = _frames(draw, values, (6.0, 2.6))
    return slider_html(frames, [f"{n} units" for n in values], title="curves from kinks",
                       alt="A sum of ReLU units fitted to sin(x); the slider changes how many "
                           "units are used.", param="ReLU units", start=3)


def show(block: str) -> Any:
    """Wrap a block for notebook display."""
    from IPython.display import HTML

    return HTML(block)
