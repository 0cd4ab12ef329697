"""Experiment runs shared by several claims, each computed once per process (small settings).

The ledger must compute in a few seconds, so every run here uses the training lab's
experiments at reduced size and is cached: claims that cite the same experiment share one run.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from actfuncs import selection
from actfuncs.experiments import (
    comparison,
    dead_units,
    gradient_flow,
    linearity,
    output_layers,
    selu_norm,
    zero_centring,
)

#: learning rates and hidden-bias initial values of the dead-unit runs
DEAD_LRS = (0.01, 3.0)
DEAD_BIASES = (0.0, -1.0)
GRAD_DEPTH = 10
NORM_DEPTH = 20


@cache
def selu_race() -> selu_norm.ConvergenceRace:
    """SELU (LeCun) against ReLU + He + batch norm on digits: steps to a smoothed loss of 0.1."""
    return selu_norm.selu_vs_batchnorm()


@cache
def dead() -> dict[tuple[str, float, float], float]:
    """Dead fraction of 64 hidden units after 50 SGD steps on moons, per (activation, lr, bias)."""
    return {(a, lr, b): dead_units.dead_fraction(a, lr=lr, bias_init=b)
            for a in ("relu", "leaky_relu") for lr in DEAD_LRS for b in DEAD_BIASES}


@cache
def grad_norms() -> dict[tuple[str, str], np.ndarray]:
    """Per-layer weight-gradient norms of a random 10-layer net (input layer first)."""
    return {(a, init): gradient_flow.layer_gradient_norms(a, GRAD_DEPTH, init, width=64, n=128)
            for a in ("sigmoid", "tanh", "relu") for init in ("xavier", "he")}


def first_over_last(a: str, init: str) -> float:
    """How much smaller the first layer's gradient is than the last one's (ratio first/last)."""
    g = grad_norms()[(a, init)]
    return float(g[0] / g[-1])


@cache
def moments() -> dict[tuple[str, str], tuple[float, float]]:
    """Mean and variance of the last layer's outputs of a random 20-layer net."""
    out = {}
    for a in ("selu", "relu"):
        for init in ("lecun", "he"):
            m, v = selu_norm.activation_moments(a, init, depth=NORM_DEPTH, width=128, n=256)
            out[(a, init)] = (float(m[-1]), float(v[-1]))
    return out


@cache
def signs() -> zero_centring.SignResult:
    return zero_centring.zero_centring(("sigmoid", "tanh", "relu"))


@cache
def accuracy() -> dict[str, float]:
    """Mean test accuracy on digits over two seeds, 60 steps, per hidden activation."""
    r = comparison.comparison(("relu", "leaky_relu", "tanh", "sigmoid"), seeds=(0, 1), steps=60)
    return {a: float(np.mean(v)) for a, v in r.accuracies.items()}


@cache
def heads() -> output_layers.OutputResult:
    return output_layers.output_layers(n=300, steps=150)


@cache
def xor() -> linearity.XorResult:
    return linearity.xor_experiment(steps=300)


@cache
def leaky_numpy_cost() -> float | None:
    """Leaky ReLU's NumPy path (two passes) relative to ReLU, as :func:`costs` times it; None
    when numba is not installed (then :func:`costs` already timed that path)."""
    from actfuncs.functions import _jit

    if not _jit.available():
        return None
    with _jit.disabled():
        return selection.relative_costs(("leaky_relu",), n=200_000, repeats=5)["leaky_relu"]


@cache
def costs() -> dict[str, float]:
    """Median time of each activation on 2e5 float32 values, relative to ReLU."""
    names = ("sigmoid", "tanh", "leaky_relu", "elu", "selu", "gelu", "silu", "mish", "softplus")
    return selection.relative_costs(names, n=200_000, repeats=5)
