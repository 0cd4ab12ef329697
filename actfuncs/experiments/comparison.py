r"""Activations compared on the 8×8 digits, with the seed-to-seed noise measured.

Each activation trains the same small network ([64, 32, 10], Adam, minibatches of 128) from
several seeds (seed = weight init and batch order; the train/test split is fixed).  For each
activation we report the mean test accuracy, the standard deviation and a 95 % t-interval
$\bar a \pm t_{0.975, m-1}\, s / \sqrt{m}$ over the $m$ seeds.  Two activations whose
intervals overlap are *not* distinguishable by this experiment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as st

from actfuncs import datasets
from actfuncs.nn import MLP, accuracy, train

INITS = {"selu": "lecun", "tanh": "xavier", "sigmoid": "xavier", "softsign": "xavier"}


@dataclass(frozen=True)
class ComparisonResult:
    """``accuracies[name]`` holds one test accuracy per seed; intervals are 95 % t-intervals."""

    activations: tuple[str, ...]
    seeds: tuple[int, ...]
    accuracies: dict[str, np.ndarray]
    steps: int

    def mean(self, name: str) -> float:
        return float(np.mean(self.accuracies[name]))

    def std(self, name: str) -> float:
        return float(np.std(self.accuracies[name], ddof=1))

    def interval(self, name: str) -> tuple[float, float]:
        a = self.accuracies[name]
        half = st.t.ppf(0.975, a.size - 1) * np.std(a, ddof=1) / np.sqrt(a.size)
        return float(a.mean() - half), float(a.mean() + half)

    def indistinguishable(self) -> list[tuple[str, str]]:
        """Pairs whose 95 % intervals overlap: their difference is inside the noise."""
        out = []
        for i, a in enumerate(self.activations):
            for b in self.activations[i + 1 :]:
                (lo1, hi1), (lo2, hi2) = self.interval(a), self.interval(b)
                if lo1 <= hi2 and lo2 <= hi1:
                    out.append((a, b))
        return out

    def table(self) -> str:
        """Plain-text table, best mean first."""
        rows = sorted(self.activations, key=self.mean, reverse=True)
        lines = [f"{'activation':<12} {'mean':>7} {'std':>7} {'95% interval':>18}"]
        for a in rows:
            lo, hi = self.interval(a)
            lines.append(f"{a:<12} {self.mean(a):7.4f} {self.std(a):7.4f}   [{lo:.4f}, {hi:.4f}]")
        return "\n".join(lines)


def comparison(
    activations: Sequence[str] = ("relu", "leaky_relu", "elu", "selu", "tanh", "sigmoid", "softplus"),
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    steps: int = 150,
    hidden: int = 32,
    lr: float = 0.01,
) -> ComparisonResult:
    """Test accuracy on digits for each activation and seed (fixed split, 25 % test)."""
    if len(seeds) < 2:
        raise ValueError("comparison: need at least 2 seeds to measure the noise")
    X, y = datasets.digits()
    Xtr, Xte, ytr, yte = datasets.train_test_split(X, y, test=0.25, seed=0)
    acc = {}
    for a in activations:
        vals = []
        for s in seeds:
            net = MLP([64, hidden, 10], activation=a, init=INITS.get(a, "he"), seed=s)
            train(net, Xtr, ytr, loss="cross_entropy", optimizer="adam", lr=lr, steps=steps,
                  batch_size=128, seed=s)
            vals.append(accuracy(net, Xte, yte))
        acc[a] = np.array(vals)
    return ComparisonResult(tuple(activations), tuple(seeds), acc, steps)


def plot(result: ComparisonResult):
    """Each seed's test accuracy as a dot, the mean and its 95 % t-interval as a bar."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    order = sorted(result.activations, key=result.mean, reverse=True)
    for i, a in enumerate(order):
        lo, hi = result.interval(a)
        ax.plot([i, i], [lo, hi], color="0.4", lw=3, alpha=0.5)
        ax.plot(np.full(result.accuracies[a].size, i), result.accuracies[a], "o", color="#4c72b0")
        ax.plot(i, result.mean(a), "_", color="k", ms=14)
    ax.set_xticks(range(len(order)), order, rotation=30)
    ax.set_ylabel("test accuracy")
    ax.set_title(f"Digits test accuracy, {len(result.seeds)} seeds each, mean with 95% t-interval")
    fig.tight_layout()
    return fig
