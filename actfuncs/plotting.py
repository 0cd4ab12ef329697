"""Every figure the book shows, drawn from the registry.

All figures use one colour-blind-safe palette (Okabe & Ito) through :func:`style`, a
context manager, so importing this module changes no global matplotlib state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

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


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The book's plotting style, applied only inside the ``with`` block."""
    with plt.rc_context(_RC):
        yield


def _activation(obj: str | Activation, params: dict[str, Any] | None) -> Activation:
    if isinstance(obj, Activation):
        if params:
            return actfuncs.get(obj.name, **{**obj.params, **params})
        return obj
    return actfuncs.get(obj, **(params or {}))


def plot_activation(
    act: str | Activation,
    *,
    params: dict[str, Any] | None = None,
    x_range: tuple[float, float] | None = None,
    show_grad: bool = True,
) -> Figure:
    """f (left) and f' (right) of one registry activation, with its LaTeX formula."""
    a = _activation(act, params)
    lo, hi = x_range if x_range is not None else (-4.0, 4.0)
    x = np.linspace(lo, hi, 801)
    with style():
        ncols = 2 if show_grad else 1
        fig, axes = plt.subplots(1, ncols, figsize=(4 * ncols, 3.2), squeeze=False)
        ax = axes[0, 0]
        ax.plot(x, a(x), color=PALETTE[0], label=a.label())
        ax.set_title(f"${a.spec.latex}$", fontsize=10)
        ax.set_xlabel("$x$")
        ax.legend(loc="upper left", frameon=False)
        if show_grad:
            ax2 = axes[0, 1]
            ax2.plot(x, a.grad(x), color=PALETTE[1], label=f"{a.label()}'")
            ax2.set_title("derivative $f'(x)$", fontsize=10)
            ax2.set_xlabel("$x$")
            ax2.legend(loc="upper left", frameon=False)
        fig.tight_layout()
    fig.alt_text = f"Plot of {a.label()} and its derivative for x from {lo:g} to {hi:g}."
    return fig
