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


@dataclass(frozen=True)
class ZigZagResult:
    r"""One linear unit $y = h^\top w$ fitted by per-example SGD to targets $t = h^\top w^\*$ with
    $w^\* = (1, -1)$, where $h = f(x)$, $x \sim \mathcal{N}(0, I_2)$.

    ``paths[f]``: the weights after each step, shape ``(steps + 1, 2)``;
    ``same_sign[f]``: share of updates whose two components have one sign;
    ``path_ratio[f]``: length of the path over the straight distance from start to end;
    ``distance[f]``: $\lVert w - w^\*\rVert$ after the last step.
    """

    activations: tuple[str, ...]
    target: np.ndarray
    paths: dict[str, np.ndarray]
    same_sign: dict[str, float]
    path_ratio: dict[str, float]
    distance: dict[str, float]


def zigzag(
    activations: Sequence[str] = ("sigmoid", "tanh"), steps: int = 300, lr: float = 0.3, seed: int = 0
) -> ZigZagResult:
    r"""Measure the path SGD takes when the unit's inputs come from each activation.

    The gradient of $\tfrac12(h^\top w - t)^2$ is $(h^\top w - t)\,h$: after a sigmoid both
    entries of $h$ are positive, so each update moves $w_1$ and $w_2$ the same way, and reaching
    $w^\* = (1, -1)$ takes a zig-zag; after tanh the signs mix.
    """
    target = np.array([1.0, -1.0])
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(steps, 2))
    paths, same, ratio, dist = {}, {}, {}, {}
    for a in activations:
        h = np.asarray(actfuncs.get(a).fn(x))
        t = h @ target
        w = np.zeros(2)
        path = np.empty((steps + 1, 2))
        path[0] = w
        for k in range(steps):
            w = w - lr * (h[k] @ w - t[k]) * h[k]
            path[k + 1] = w
        upd = np.diff(path, axis=0)
        moving = np.any(upd != 0, axis=1)
        same[a] = float(np.mean(np.sign(upd[moving, 0]) == np.sign(upd[moving, 1])))
        length = float(np.sum(np.linalg.norm(upd, axis=1)))
        ratio[a] = length / float(np.linalg.norm(path[-1] - path[0]))
        dist[a] = float(np.linalg.norm(path[-1] - target))
        paths[a] = path
    return ZigZagResult(tuple(activations), target, paths, same, ratio, dist)


def plot_zigzag(result: ZigZagResult):
    """The weight path of per-example SGD in the $(w_1, w_2)$ plane for each input activation."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(result.activations), figsize=(3.6 * len(result.activations), 3.4),
                             sharex=True, sharey=True, squeeze=False)
    for ax, a in zip(axes[0], result.activations, strict=True):
        p = result.paths[a][:80]
        ax.plot(p[:, 0], p[:, 1], "-", lw=0.9, color="#4c72b0", marker=".", ms=3)
        ax.plot(*result.target, "*", color="#c44e52", ms=12, label="target $w^*$")
        ax.plot(0, 0, "ko", ms=4, label="start")
        ax.set_title(f"inputs from {a}: {result.same_sign[a]:.0%} of updates\nmove both weights one way",
                     fontsize=9)
        ax.set_xlabel("$w_1$")
        ax.set_aspect("equal")
    axes[0][0].set_ylabel("$w_2$")
    axes[0][0].legend(frameon=False, fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig
