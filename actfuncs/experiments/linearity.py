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
