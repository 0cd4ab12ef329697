r"""The linearity trap: a stack of affine layers is one affine map.

For layers $h_{k} = W_k h_{k-1} + b_k$ the composition is $W x + b$ with
$W = W_L \cdots W_1$ and $b = \sum_k W_L \cdots W_{k+1} b_k$.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CollapseResult:
    """A deep linear network, its collapsed single map, and how far apart they are."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    W: np.ndarray
    b: np.ndarray
    max_abs_error: float


def collapse(weights: list[np.ndarray], biases: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    r"""The single affine map $(W, b)$ equal to applying the layers in order."""
    if len(weights) != len(biases) or not weights:
        raise ValueError("collapse: need as many bias vectors as weight matrices (at least one)")
    W = np.eye(weights[0].shape[1])
    b = np.zeros(weights[0].shape[1])
    for k, (Wk, bk) in enumerate(zip(weights, biases, strict=True)):
        if Wk.shape[1] != W.shape[0] or bk.shape != (Wk.shape[0],):
            raise ValueError(
                f"collapse: layer {k} has W of shape {Wk.shape} and b of shape {bk.shape}; "
                f"expected W of shape (m, {W.shape[0]}) and b of shape (m,)"
            )
        W, b = Wk @ W, Wk @ b + bk
    return W, b


def linear_collapse(depth: int = 3, width: int = 5, n: int = 100, seed: int = 0) -> CollapseResult:
    """Build a random deep linear network and compare it with its collapsed map on ``n`` inputs."""
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(width, width)) / np.sqrt(width) for _ in range(depth)]
    biases = [rng.normal(size=width) for _ in range(depth)]
    W, b = collapse(weights, biases)
    x = rng.normal(size=(n, width))
    h = x
    for Wk, bk in zip(weights, biases, strict=True):
        h = h @ Wk.T + bk
    err = float(np.max(np.abs(h - (x @ W.T + b))))
    return CollapseResult(tuple(weights), tuple(biases), W, b, err)


@dataclass(frozen=True)
class XorResult:
    """XOR fitted by a linear model and by one with a hidden non-linearity.

    ``linear_accuracy`` is at most 3/4 for every linear classifier (no line separates
    the XOR corners); ``deep_linear_accuracy`` is the same for a stack of identity layers.
    """

    activation: str
    linear_accuracy: float
    deep_linear_accuracy: float
    nonlinear_accuracy: float
    linear_loss: float
    nonlinear_loss: float
    grid: np.ndarray  # (g, g, 2) points where the decision functions were evaluated
    linear_logits: np.ndarray  # (g, g)
    nonlinear_logits: np.ndarray  # (g, g)


def xor_experiment(
    activation: str = "tanh", hidden: int = 4, steps: int = 500, seed: int = 0, grid: int = 41
) -> XorResult:
    r"""Train logistic regression, a 3-layer linear network and a one-hidden-layer net on XOR.

    All three minimise binary cross-entropy with Adam ($\eta = 0.05$) for ``steps`` steps.
    """
    from actfuncs import datasets
    from actfuncs.nn import MLP, accuracy, train

    X, y = datasets.xor()
    lin = MLP([2, 1], init="xavier", seed=seed)
    h_lin = train(lin, X, y, loss="bce", optimizer="adam", lr=0.05, steps=steps)
    deep = MLP([2, hidden, hidden, 1], activation="identity", init="xavier", seed=seed)
    train(deep, X, y, loss="bce", optimizer="adam", lr=0.05, steps=steps)
    net = MLP([2, hidden, 1], activation=activation, init="xavier", seed=seed)
    h_net = train(net, X, y, loss="bce", optimizer="adam", lr=0.05, steps=steps)
    t = np.linspace(-0.5, 1.5, grid)
    pts = np.stack(np.meshgrid(t, t), axis=-1)
    flat = pts.reshape(-1, 2)
    return XorResult(
        activation,
        accuracy(lin, X, y),
        accuracy(deep, X, y),
        accuracy(net, X, y),
        h_lin.final_loss,
        h_net.final_loss,
        pts,
        lin.forward(flat).reshape(grid, grid),
        net.forward(flat).reshape(grid, grid),
    )


def plot(result: XorResult):
    """Decision regions of the linear model and of the non-linear one on the four XOR points."""
    import matplotlib.pyplot as plt

    from actfuncs import datasets

    X, y = datasets.xor()
    fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.4), sharey=True)
    panels = (
        (result.linear_logits, f"linear: accuracy {result.linear_accuracy:.2f}"),
        (result.nonlinear_logits, f"{result.activation} hidden layer: accuracy "
                                  f"{result.nonlinear_accuracy:.2f}"),
    )
    for ax, (z, title) in zip(axes, panels, strict=True):
        ax.contourf(result.grid[..., 0], result.grid[..., 1], z > 0, levels=[-0.5, 0.5, 1.5],
                    colors=["#dde6f2", "#f5dccb"])
        ax.contour(result.grid[..., 0], result.grid[..., 1], z, levels=[0.0], colors="k",
                   linewidths=1)
        for label, marker in ((0, "o"), (1, "s")):
            ax.scatter(*X[y == label].T, marker=marker, s=60, edgecolor="k",
                       label=f"class {label}")
        ax.set_title(f"XOR, {title}", fontsize=9)
        ax.set_xlabel("$x_1$")
    axes[0].set_ylabel("$x_2$")
    axes[1].legend(frameon=False, fontsize=8, loc="center right")
    fig.tight_layout()
    return fig
