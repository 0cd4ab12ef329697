r"""Self-normalisation: SELU keeps activations at mean 0 and variance 1 through depth.

With LeCun init ($\mathrm{Var}(W) = 1/n_\mathrm{in}$) and standardised inputs, SELU's constants
$\lambda \approx 1.0507$, $\alpha \approx 1.6733$ make $(\mu, \sigma^2) = (0, 1)$ a stable fixed
point of the layer map; He init ($2/n_\mathrm{in}$) moves the fixed point.  Measured here by
propagating Gaussian inputs through a deep random network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

import actfuncs
from actfuncs.nn.init import initializer


@dataclass(frozen=True)
class NormResult:
    """``means[(activation, init)]`` and ``variances[...]``: arrays of shape (depth,)."""

    depth: int
    means: dict[tuple[str, str], np.ndarray]
    variances: dict[tuple[str, str], np.ndarray]


def activation_moments(
    activation: str, init: str, depth: int = 30, width: int = 256, n: int = 512, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of each layer's outputs for a random ``depth``-layer network."""
    act = actfuncs.get(activation)
    draw = initializer(init)
    rng = np.random.default_rng(seed)
    h = rng.normal(size=(n, width))
    means, variances = np.empty(depth), np.empty(depth)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(depth):
            h = act.fn(h @ draw(width, width, rng))
            means[k], variances[k] = h.mean(), h.var()
    return means, variances


def selu_norm(
    activations: Sequence[str] = ("selu", "elu", "relu", "tanh"),
    inits: Sequence[str] = ("lecun", "he"),
    depth: int = 30,
    seed: int = 0,
) -> NormResult:
    """Moments per layer for each activation and initialiser."""
    means, variances = {}, {}
    for a in activations:
        for i in inits:
            means[(a, i)], variances[(a, i)] = activation_moments(a, i, depth, seed=seed)
    return NormResult(depth, means, variances)


def plot(result: NormResult):
    """Mean (left) and variance (right, log scale) of activations against depth."""
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.2))
    layers = np.arange(1, result.depth + 1)
    for key in result.means:
        ls = "-" if key[1] == "lecun" else "--"
        ax1.plot(layers, result.means[key], ls, label=f"{key[0]}, {key[1]}")
        ax2.semilogy(layers, result.variances[key], ls, label=f"{key[0]}, {key[1]}")
    ax1.set_title("Mean of activations against layer")
    ax2.set_title("Variance of activations against layer")
    for ax in (ax1, ax2):
        ax.set_xlabel("layer")
    ax2.legend(frameon=False, fontsize=7)
    fig.tight_layout()
    return fig
