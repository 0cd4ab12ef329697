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


@dataclass(frozen=True)
class ConvergenceRace:
    """Steps each set-up needs before its smoothed training loss first reaches ``target``.

    ``steps[label]`` holds one entry per seed (``None``: not reached in ``max_steps``).
    """

    target: float
    max_steps: int
    seeds: tuple[int, ...]
    steps: dict[str, list[int | None]]


#: the two ways to keep activations normalised: inside the activation, or by a layer
RACE_SETUPS = {
    "SELU, LeCun init": dict(activation="selu", init="lecun", batch_norm=False),
    "ReLU, He init, batch norm": dict(activation="relu", init="he", batch_norm=True),
}


def first_step_below(losses: np.ndarray, target: float, window: int = 10) -> int | None:
    """First step (1-based) at which the mean of the last ``window`` minibatch losses is <= target."""
    if len(losses) < window:
        return None
    smooth = np.convolve(losses, np.ones(window) / window, mode="valid")
    hit = np.flatnonzero(smooth <= target)
    return int(hit[0]) + window if hit.size else None


def selu_vs_batchnorm(
    seeds: Sequence[int] = (0, 1, 2),
    depth: int = 8,
    width: int = 32,
    lr: float = 0.1,
    batch_size: int = 64,
    target: float = 0.1,
    max_steps: int = 300,
) -> ConvergenceRace:
    r"""SELU's internal normalisation against batch normalisation, in optimisation steps.

    A ``depth`` x ``width`` network on the 8×8 digits (softmax cross-entropy, SGD at ``lr``,
    minibatches of ``batch_size``), once with SELU and LeCun init, once with ReLU, He init and
    batch norm before each activation; the result is the first step at which the loss averaged
    over 10 minibatches falls to ``target``.  Steps, not seconds: a SELU step costs an
    exponential per unit, a batch-norm step two reductions per layer.
    """
    from actfuncs import datasets
    from actfuncs.nn.model import MLP
    from actfuncs.nn.train import train

    X, y = datasets.digits()
    Xtr, _, ytr, _ = datasets.train_test_split(X, y, seed=0)
    sizes = [Xtr.shape[1], *([width] * depth), 10]
    out: dict[str, list[int | None]] = {}
    for label, setup in RACE_SETUPS.items():
        out[label] = []
        for s in seeds:
            net = MLP(sizes, activation=setup["activation"], init=setup["init"], seed=s,
                      batch_norm=setup["batch_norm"])
            hist = train(net, Xtr, ytr, loss="cross_entropy", optimizer="sgd", lr=lr,
                         steps=max_steps, batch_size=batch_size, seed=s)
            out[label].append(first_step_below(hist.losses, target))
    return ConvergenceRace(target, max_steps, tuple(seeds), out)
