r"""Gradient flow: how the gradient's size changes from layer to layer with depth.

A stack of ``depth`` layers $z_k = h_{k-1} W_k$, $h_k = f(z_k)$ on Gaussian inputs receives a
random upstream gradient at the top. Backpropagation multiplies by $f'(z_k)$ and $W_k^\top$ at
each layer,

$$\frac{\partial L}{\partial W_k} = h_{k-1}^\top \delta_k, \qquad
\delta_k = \big(\delta_{k+1} W_{k+1}^\top\big) \odot f'(z_k),$$

so with $|f'| \le \tfrac14$ (sigmoid) the norms shrink geometrically towards the input
(vanishing gradients) unless the weights compensate.  Two views are recorded: the backward
signal $\lVert\delta_k\rVert$, which is what vanishes or explodes, and the weight gradients
$\lVert\partial L/\partial W_k\rVert$.  For ReLU with fan-in = fan-out the weight gradients are
level across layers under *both* Xavier and He init (the forward signal shrinks as fast as the
backward one grows), but under Xavier their common level is about $2^{-(L-1)/2}$ of He's and the
backward signal halves in variance at every layer: He keeps it level.
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

    See :func:`backprop_norms` for the set-up.
    """
    return backprop_norms(activation, depth, init, width, n, seed)[0]


def backprop_norms(
    activation: str, depth: int, init: str, width: int = 64, n: int = 256, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""$(\lVert \partial L/\partial W_k \rVert_F, \lVert \delta_k \rVert_F)$ for
    $k = 1..\mathrm{depth}$ (input layer first), $\delta_k = \partial L / \partial z_k$.

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
    norms, deltas = np.empty(depth), np.empty(depth)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(depth - 1, -1, -1):
            delta = g * derivs[k]
            norms[k] = np.linalg.norm(inputs[k].T @ delta)
            deltas[k] = np.linalg.norm(delta)
            g = delta @ weights[k].T
    return norms, deltas


@dataclass(frozen=True)
class GradientFlowResult:
    r"""``norms[(activation, init)]``: per-layer $\lVert\partial L/\partial W_k\rVert$;
    ``deltas[...]``: per-layer backward signal $\lVert\delta_k\rVert$."""

    depth: int
    activations: tuple[str, ...]
    inits: tuple[str, ...]
    norms: dict[tuple[str, str], np.ndarray]
    deltas: dict[tuple[str, str], np.ndarray]

    def ratio(self, activation: str, init: str) -> float:
        """Weight-gradient norm at layer 1 over the last layer's (< 1: vanishing towards the input)."""
        v = self.norms[(activation, init)]
        return float(v[0] / v[-1])

    def signal_ratio(self, activation: str, init: str) -> float:
        r"""Backward signal $\lVert\delta_1\rVert / \lVert\delta_L\rVert$."""
        v = self.deltas[(activation, init)]
        return float(v[0] / v[-1])

    def table(self) -> str:
        """Both ratios for every activation and initialiser, as plain text."""
        lines = [f"{'activation':<12} {'init':<8} {'signal layer 1 / layer L':>25} "
                 f"{'dL/dW layer 1 / layer L':>24}"]
        for a in self.activations:
            for i in self.inits:
                lines.append(f"{a:<12} {i:<8} {self.signal_ratio(a, i):25.2e} {self.ratio(a, i):24.2e}")
        return "\n".join(lines)


def gradient_flow(
    activations: Sequence[str] = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu"),
    depth: int = 20,
    inits: Sequence[str] = ("xavier", "he"),
    seed: int = 0,
) -> GradientFlowResult:
    """Per-layer gradient norms for each activation and initialiser at one depth."""
    both = {(a, i): backprop_norms(a, depth, i, seed=seed) for a in activations for i in inits}
    return GradientFlowResult(
        depth, tuple(activations), tuple(inits),
        {k: v[0] for k, v in both.items()}, {k: v[1] for k, v in both.items()},
    )


def plot(result: GradientFlowResult):
    """Top row: backward signal ‖δ_k‖; bottom row: ‖dL/dW_k‖; one column per initialiser
    (log scale, shared), one line per activation."""
    import matplotlib.pyplot as plt

    k = len(result.inits)
    fig, axes = plt.subplots(2, k, figsize=(4.2 * k, 5.6), sharey="row", sharex=True, squeeze=False)
    layers = np.arange(1, result.depth + 1)
    for j, init in enumerate(result.inits):
        for a in result.activations:
            axes[0][j].semilogy(layers, result.deltas[(a, init)], marker=".", label=a)
            axes[1][j].semilogy(layers, result.norms[(a, init)], marker=".", label=a)
        axes[0][j].set_title(f"{init} init: backward signal per layer, depth {result.depth}", fontsize=9)
        axes[1][j].set_title(f"{init} init: weight gradient per layer", fontsize=9)
        axes[1][j].set_xlabel("layer (1 = next to the input)")
    axes[0][0].set_ylabel("‖dL/dz‖")
    axes[1][0].set_ylabel("‖dL/dW‖")
    axes[0][-1].legend(frameon=False, fontsize=7)
    fig.tight_layout()
    return fig
