r"""Output layers: independent sigmoids for multi-label targets, softmax for one class of many.

Softmax outputs sum to 1, $\sum_k \mathrm{softmax}(z)_k = 1$, so at most one class can have
probability above ½: it cannot say "both labels apply".  Independent sigmoids with binary
cross-entropy model each label on its own, but their outputs need not sum to 1 when exactly one
class is true.  Both are trained here on both kinds of targets and scored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actfuncs.nn import MLP, train


@dataclass(frozen=True)
class OutputResult:
    r"""``exact_match[(head, task)]``: share of examples whose predicted label set (p > ½) equals
    the true set; ``sum_error[(head, task)]``: mean $|\sum_k p_k - 1|$;
    ``multi_label_share``: share of multi-label examples with two or more labels."""

    exact_match: dict[tuple[str, str], float]
    sum_error: dict[tuple[str, str], float]
    multi_label_share: float


def _data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    multi = np.column_stack([X[:, 0] > -0.3, X[:, 0] < 0.3, X[:, 1] > 0]).astype(float)
    angle = np.arctan2(X[:, 1], X[:, 0])
    single = ((angle + np.pi) // (2 * np.pi / 3)).astype(int) % 3
    return X, multi, single


def _probs(head: str, z: np.ndarray) -> np.ndarray:
    if head == "sigmoid":
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def output_layers(n: int = 600, steps: int = 300, seed: int = 0) -> OutputResult:
    """Train a [2, 32, 3] tanh net with each head on each task and score it on the training data."""
    X, multi, single = _data(n, seed)
    onehot = np.eye(3)[single]
    tasks = {"multi-label": multi, "multi-class": onehot}
    exact, sums = {}, {}
    for head, loss in (("sigmoid", "bce"), ("softmax", "cross_entropy")):
        for task, t in tasks.items():
            target = t if head == "sigmoid" else t / t.sum(axis=1, keepdims=True)
            net = MLP([2, 32, 3], activation="tanh", init="xavier", seed=seed)
            train(net, X, target, loss=loss, optimizer="adam", lr=0.02, steps=steps)
            p = _probs(head, net.forward(X))
            exact[(head, task)] = float(np.mean(np.all((p > 0.5) == (t > 0.5), axis=1)))
            sums[(head, task)] = float(np.mean(np.abs(p.sum(axis=1) - 1)))
    return OutputResult(exact, sums, float(np.mean(multi.sum(axis=1) >= 2)))


def plot(result: OutputResult):
    """Grouped bars: exact-match rate of each output head on each task."""
    import matplotlib.pyplot as plt

    tasks = ("multi-label", "multi-class")
    fig, ax = plt.subplots(figsize=(5.2, 3.0))
    for j, head in enumerate(("sigmoid", "softmax")):
        vals = [result.exact_match[(head, t)] for t in tasks]
        ax.bar(np.arange(2) + 0.38 * j, vals, width=0.36, label=f"{head} outputs")
    ax.set_xticks(np.arange(2) + 0.19, tasks)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("exact-match rate")
    ax.set_title("Sigmoid vs softmax outputs on multi-label and multi-class targets")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig
