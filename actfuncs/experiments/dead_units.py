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


def _trained(activation, lr, bias_init, steps, seed, optimizer, init) -> tuple[MLP, np.ndarray, np.ndarray]:
    X, y = _data(seed)
    net = MLP([2, *HIDDEN, 1], activation=activation, init=init, seed=seed, bias_init=bias_init)
    train(net, X, y, loss="bce", optimizer=optimizer, lr=lr, steps=steps, seed=seed, clip=CLIP)
    net.forward(X)
    return net, X, y


def _dead(net: MLP) -> float:
    dead = [np.all(layer.last_grad == 0, axis=0) for layer in net.act_layers]
    return float(np.mean(np.concatenate(dead)))


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
    return _dead(_trained(activation, lr, bias_init, steps, seed, optimizer, init)[0])


def dead_fraction(
    activation: str = "relu", lr: float = 0.1, bias_init: float = 0.0, steps: int = 50, seed: int = 0
) -> float:
    """Share of the 64 hidden units (two layers of 32) never active on 200 moons points after
    ``steps`` steps of full-batch SGD with BCE loss, He init, hidden biases ``bias_init`` and
    the global gradient norm clipped at :data:`CLIP` (so large rates stay finite)."""
    return dead_after_training(activation, lr, bias_init, steps, seed)


KEYS = ("activation", "optimizer", "lr", "bias_init", "init", "seed")


@dataclass(frozen=True)
class DeadUnitsResult:
    """Tidy rows ``(activation, optimizer, lr, bias_init, init, seed, dead, accuracy)``.

    ``dead``: share of hidden units never active on the training data after training;
    ``accuracy``: training accuracy of the same network (does the setting still learn?).
    """

    rows: list[tuple[str, str, float, float, str, int, float, float]]

    def _select(self, column: int, where: dict[str, object]) -> list[float]:
        sel = [r[column] for r in self.rows if all(r[KEYS.index(k)] == v for k, v in where.items())]
        if not sel:
            raise KeyError(f"no rows match {where}")
        return sel

    def mean(self, **where: object) -> float:
        """Mean dead fraction over the rows matching ``where`` (e.g. ``activation="relu"``)."""
        return float(np.mean(self._select(6, where)))

    def mean_accuracy(self, **where: object) -> float:
        """Mean training accuracy over the rows matching ``where``."""
        return float(np.mean(self._select(7, where)))

    def values(self, key: str) -> list:
        """The distinct values of one column, sorted."""
        return sorted({r[KEYS.index(key)] for r in self.rows})


def dead_units(
    lrs: Sequence[float] = (0.01, 0.1, 1.0, 3.0),
    bias_inits: Sequence[float] = (0.1, 0.0, -1.0),
    optimizers: Sequence[str] = ("sgd", "adam"),
    inits: Sequence[str] = ("he", "xavier"),
    seeds: Sequence[int] = (0, 1),
    steps: int = 50,
    leaky: bool = True,
) -> DeadUnitsResult:
    r"""Dead fraction over a grid of learning rate, bias init, optimiser, init and seed for ReLU;
    with ``leaky`` the same grid for Leaky ReLU ($\alpha = 0.01$) with He init only (its
    derivative is never 0, so it cannot die; its rows show whether it still learns)."""
    rows = []
    combos = [("relu", i) for i in inits] + ([("leaky_relu", "he")] if leaky else [])
    for a, init in combos:
        for opt in optimizers:
            for lr in lrs:
                for b in bias_inits:
                    for s in seeds:
                        net, X, y = _trained(a, lr, b, steps, s, opt, init)
                        acc = float(np.mean((net.outputs[-1][:, 0] > 0) == y))
                        rows.append((a, opt, float(lr), float(b), init, int(s), _dead(net), acc))
    return DeadUnitsResult(rows)


def plot(result: DeadUnitsResult):
    """Dead fraction against learning rate: rows = optimiser, columns = initialiser, one line per
    activation and bias initialisation."""
    import matplotlib.pyplot as plt

    opts, inits = result.values("optimizer"), result.values("init")
    fig, axes = plt.subplots(len(opts), len(inits), figsize=(4.3 * len(inits), 3.0 * len(opts)),
                             sharey=True, sharex=True, squeeze=False)
    lrs = result.values("lr")
    pairs = [(a, b) for a in result.values("activation") for b in result.values("bias_init")]
    colour = {pair: f"C{i}" for i, pair in enumerate(pairs)}  # one colour per line in every panel
    for r, opt in enumerate(opts):
        for c, init in enumerate(inits):
            ax = axes[r][c]
            for a in result.values("activation"):
                for b in result.values("bias_init"):
                    try:
                        ys = [result.mean(activation=a, optimizer=opt, lr=lr, bias_init=b, init=init)
                              for lr in lrs]
                    except KeyError:
                        continue
                    ax.semilogx(lrs, ys, marker="o", ls="-" if a == "relu" else ":",
                                color=colour[(a, b)], label=f"{a}, bias {b:g}")
            ax.set_title(f"{opt}, {init} init: dead hidden units after 50 steps", fontsize=9)
            ax.set_ylim(-0.02, 1.02)
            if r == len(opts) - 1:
                ax.set_xlabel("learning rate")
        axes[r][0].set_ylabel("dead fraction")
    axes[0][0].legend(frameon=False, fontsize=7)
    fig.tight_layout()
    return fig
