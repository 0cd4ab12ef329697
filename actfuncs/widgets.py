"""Widgets for live notebooks: thin ipywidgets layers over pure compute functions."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from actfuncs.experiments.hinges import HingeFit, hinge_fit
from actfuncs.plotting import PALETTE, style


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
