r"""Dead units: ReLU units that output 0 (and pass no gradient) for every training example.

A unit with pre-activation $z = w^\top x + b < 0$ on all inputs has $f'(z) = 0$ everywhere, so
its weights receive $\partial L / \partial w = 0$ and it never recovers.  A large learning rate
(one big step pushes $b$ far negative) and a negative bias initialisation make this likely;
Leaky ReLU ($f' = \alpha > 0$ on the left) cannot die by construction.  Measured here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from actfuncs import datasets
from actfuncs.nn.model import MLP
from actfuncs.nn.train import train

HIDDEN = (32, 32)
#: global gradient-norm clip: keeps every (lr, bias) setting finite for 50 steps
CLIP = 1.0


def _data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.moons(200, noise=0.1, seed=seed)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def dead_after_training(
    activation: str = "relu",
    lr: float = 0.1,
    bias_init: float = 0.0,
    steps: int = 50,
    seed: int = 0,
    optimizer: str = "sgd",
    init: str = "he",
) -> float:
    """Fraction of hidden units with $f'(z) = 0$ on every example after ``steps`` full-batch steps."""
    X, y = _data(seed)
    net = MLP([2, *HIDDEN, 1], activation=activation, init=init, seed=seed, bias_init=bias_init)
    train(net, X, y, loss="bce", optimizer=optimizer, lr=lr, steps=steps, seed=seed, clip=CLIP)
    net.forward(X)
    dead = [np.all(layer.last_grad == 0, axis=0) for layer in net.act_layers]
    return float(np.mean(np.concatenate(dead)))


def dead_fraction(
    activation: str = "relu", lr: float = 0.1, bias_init: float = 0.0, steps: int = 50, seed: int = 0
) -> float:
    """Share of the 64 hidden units (two layers of 32) never active on 200 moons points after
    ``steps`` steps of full-batch SGD with BCE loss, He init, hidden biases ``bias_init`` and
    the global gradient norm clipped at :data:`CLIP` (so large rates stay finite)."""
    return dead_after_training(activation, lr, bias_init, steps, seed)


@dataclass(frozen=True)
class DeadUnitsResult:
    """Tidy rows ``(activation, optimizer, lr, bias_init, init, seed, dead)``."""

    rows: list[tuple[str, str, float, float, str, int, float]]

    def mean(self, **where: object) -> float:
        """Mean dead fraction over the rows matching ``where`` (e.g. ``activation="relu"``)."""
        keys = ("activation", "optimizer", "lr", "bias_init", "init", "seed")
        sel = [r[-1] for r in self.rows if all(r[keys.index(k)] == v for k, v in where.items())]
        if not sel:
            raise KeyError(f"no rows match {where}")
        return float(np.mean(sel))


def dead_units(
    activations: Sequence[str] = ("relu", "leaky_relu"),
    lrs: Sequence[float] = (0.01, 0.1, 1.0, 3.0),
    bias_inits: Sequence[float] = (0.0, -1.0),
    optimizers: Sequence[str] = ("sgd", "adam"),
    seeds: Sequence[int] = (0, 1),
    steps: int = 50,
) -> DeadUnitsResult:
    """Dead fraction over a grid of activation, learning rate, bias init, optimiser and seed."""
    rows = []
    for a in activations:
        for opt in optimizers:
            for lr in lrs:
                for b in bias_inits:
                    for s in seeds:
                        d = dead_after_training(a, lr, b, steps, s, optimizer=opt)
                        rows.append((a, opt, float(lr), float(b), "he", int(s), d))
    return DeadUnitsResult(rows)


def plot(result: DeadUnitsResult):
    """Dead fraction against learning rate, one panel per optimiser, lines per activation and bias."""
    import matplotlib.pyplot as plt

    opts = sorted({r[1] for r in result.rows})
    fig, axes = plt.subplots(1, len(opts), figsize=(4.2 * len(opts), 3.2), sharey=True, squeeze=False)
    for ax, opt in zip(axes[0], opts, strict=True):
        for a in sorted({r[0] for r in result.rows}):
            for b in sorted({r[3] for r in result.rows}):
                lrs = sorted({r[2] for r in result.rows})
                ys = [result.mean(activation=a, optimizer=opt, lr=lr, bias_init=b) for lr in lrs]
                ax.semilogx(lrs, ys, marker="o", label=f"{a}, bias {b:g}")
        ax.set_title(f"{opt}: share of dead hidden units after training vs learning rate")
        ax.set_xlabel("learning rate")
        ax.set_ylim(-0.02, 1.02)
    axes[0][0].set_ylabel("dead fraction")
    axes[0][-1].legend(frameon=False, fontsize=7)
    fig.tight_layout()
    return fig
