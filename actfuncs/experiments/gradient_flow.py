r"""Gradient flow: how the gradient's size changes from layer to layer with depth.

A stack of ``depth`` layers $z_k = h_{k-1} W_k$, $h_k = f(z_k)$ on Gaussian inputs receives a
random upstream gradient at the top. Backpropagation multiplies by $f'(z_k)$ and $W_k^\top$ at
each layer,

$$\frac{\partial L}{\partial W_k} = h_{k-1}^\top \delta_k, \qquad
\delta_k = \big(\delta_{k+1} W_{k+1}^\top\big) \odot f'(z_k),$$

so with $|f'| \le \tfrac14$ (sigmoid) the norms shrink geometrically towards the input
(vanishing gradients) unless the weights compensate; He init keeps ReLU's norms level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

import actfuncs
from actfuncs.nn.init import initializer


def layer_gradient_norms(
    activation: str, depth: int, init: str, width: int = 64, n: int = 256, seed: int = 0
) -> np.ndarray:
    r"""$\lVert \partial L/\partial W_k \rVert_F$ for $k = 1..\mathrm{depth}$ (input layer first).

    ``width`` units per layer, ``n`` standard-normal inputs, zero biases, weights from the named
    initialiser (``he``, ``xavier``, ``lecun``, ..._uniform), upstream gradient $u/n$ with
    $u \sim \mathcal{N}(0, 1)$.  Everything is drawn from ``np.random.default_rng(seed)``.
    """
    act = actfuncs.get(activation)
    if act.spec.kind != "elementwise":
        raise ValueError(f"layer_gradient_norms: {act.name} is not elementwise")
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"layer_gradient_norms: depth={depth!r} must be an integer >= 1")
    draw = initializer(init)
    rng = np.random.default_rng(seed)
    h = rng.normal(size=(n, width))
    inputs, derivs, weights = [], [], []
    for _ in range(depth):
        W = draw(width, width, rng)
        z = h @ W
        inputs.append(h)
        weights.append(W)
        derivs.append(act.grad(z))
        h = act.fn(z)
    g = rng.normal(size=(n, width)) / n
    norms = np.empty(depth)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(depth - 1, -1, -1):
            delta = g * derivs[k]
            norms[k] = np.linalg.norm(inputs[k].T @ delta)
            g = delta @ weights[k].T
    return norms


@dataclass(frozen=True)
class GradientFlowResult:
    """``norms[(activation, init)]`` is the per-layer norm array; ``ratio`` is first / last layer."""

    depth: int
    activations: tuple[str, ...]
    inits: tuple[str, ...]
    norms: dict[tuple[str, str], np.ndarray]

    def ratio(self, activation: str, init: str) -> float:
        """Norm at layer 1 over the norm at the last layer (< 1: vanishing towards the input)."""
        v = self.norms[(activation, init)]
        return float(v[0] / v[-1])


def gradient_flow(
    activations: Sequence[str] = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu"),
    depth: int = 20,
    inits: Sequence[str] = ("xavier", "he"),
    seed: int = 0,
) -> GradientFlowResult:
    """Per-layer gradient norms for each activation and initialiser at one depth."""
    norms = {
        (a, i): layer_gradient_norms(a, depth, i, seed=seed) for a in activations for i in inits
    }
    return GradientFlowResult(depth, tuple(activations), tuple(inits), norms)


def plot(result: GradientFlowResult):
    """One panel per initialiser: gradient norm (log scale) against layer, one line per activation."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(result.inits), figsize=(4.2 * len(result.inits), 3.2),
                             sharey=True, squeeze=False)
    layers = np.arange(1, result.depth + 1)
    for ax, init in zip(axes[0], result.inits, strict=True):
        for a in result.activations:
            ax.semilogy(layers, result.norms[(a, init)], marker=".", label=a)
        ax.set_title(f"{init} init: gradient norm per layer, depth {result.depth}")
        ax.set_xlabel("layer (1 = next to the input)")
    axes[0][0].set_ylabel("‖dL/dW‖")
    axes[0][-1].legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig
