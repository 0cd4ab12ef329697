r"""Zero-centring: why sigmoid's positive outputs make weight updates zig-zag.

For a layer after the activation, $z_j = \sum_i h_i w_{ij}$, the per-example gradient is
$\partial L/\partial w_{ij} = h_i\,\delta_j$.  After a sigmoid every $h_i > 0$, so all
incoming weights of unit $j$ get the sign of $\delta_j$: they can only all grow or all shrink
in one example's update, and reaching a target with mixed signs takes a zig-zag path.
After tanh, $h_i$ has both signs and the gradient signs mix.  ReLU's outputs are $\ge 0$
too: its non-zero gradients share one sign just like sigmoid's (measured).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

import actfuncs
from actfuncs.nn.init import initializer


@dataclass(frozen=True)
class SignResult:
    """Per activation: share of (example, unit) pairs whose non-zero incoming-weight gradients all
    share one sign (``same_sign``), and the mean of the previous layer's outputs (``mean_input``)."""

    activations: tuple[str, ...]
    same_sign: dict[str, float]
    mean_input: dict[str, float]
    fan_in: int


def same_sign_fraction(
    activation: str, fan_in: int = 16, units: int = 8, n: int = 256, seed: int = 0
) -> tuple[float, float]:
    """Share of (example, unit) pairs with all ``fan_in`` gradient signs equal, and mean input."""
    act = actfuncs.get(activation)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4))
    h = act.fn(x @ initializer("xavier")(4, fan_in, rng))
    delta = rng.normal(size=(n, units))  # any upstream gradient: the sign pattern comes from h
    g = h[:, :, None] * delta[:, None, :]  # (n, fan_in, units): dL/dw_ij for each example
    s = np.sign(g)
    # zero gradients (a ReLU input that is 0) move nothing; compare the signs of the rest
    pos, neg = np.any(s > 0, axis=1), np.any(s < 0, axis=1)
    same = pos ^ neg
    return float(np.mean(same)), float(np.mean(h))


def zero_centring(activations: Sequence[str] = ("sigmoid", "tanh", "relu"), seed: int = 0,
                  fan_in: int = 16) -> SignResult:
    """Measure the same-sign share for each activation."""
    same, mean = {}, {}
    for a in activations:
        same[a], mean[a] = same_sign_fraction(a, fan_in=fan_in, seed=seed)
    return SignResult(tuple(activations), same, mean, fan_in)


def plot(result: SignResult):
    """Bar chart of the share of per-example updates whose incoming weights all move one way."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    vals = [result.same_sign[a] for a in result.activations]
    ax.bar(result.activations, vals, color="#4c72b0")
    for i, v in enumerate(vals):
        ax.text(i, v + 0.02, f"{v:.3f}", ha="center", fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("share of (example, unit) pairs")
    ax.set_title(f"All {result.fan_in} incoming-weight gradients share one sign")
    fig.tight_layout()
    return fig
