r"""Small classification data sets: generated with a seed, or bundled (no downloads).

Every generator takes ``n`` (total points), ``noise`` (standard deviation of Gaussian jitter)
and ``seed`` and returns ``(X, y)`` with ``X`` float64 of shape ``(n, 2)`` and ``y`` int64
labels of shape ``(n,)``.

* :func:`moons`: two interleaved half circles.
* :func:`circles`: a ring of radius 1 around a ring of radius ``factor``.
* :func:`spirals`: ``classes`` interleaved arms $r = t$, $\theta = t \cdot 4\pi/ \ldots + 2\pi c / C$.
* :func:`xor`: the four corners of $\{0, 1\}^2$ labelled $x_1 \oplus x_2$ (``n=4``, no noise:
  exactly the truth table), or ``n`` noisy points around them.
* :func:`digits`: scikit-learn's 8×8 digits (bundled; see ``actfuncs/data/README.md``).
"""

from __future__ import annotations

import math
from importlib import resources

import numpy as np


def _check(n: int, noise: float, where: str, min_n: int = 2) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < min_n:
        raise ValueError(f"{where}: n={n!r} must be an integer >= {min_n}")
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"{where}: noise={noise!r} must be finite and >= 0")


def _split(n: int, k: int) -> list[int]:
    """``n`` points over ``k`` classes, as equal as possible."""
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Two half circles: $(\cos t, \sin t)$ and $(1 - \cos t, \tfrac12 - \sin t)$, $t \in [0, \pi]$."""
    _check(n, noise, "moons")
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n, 2)
    t0, t1 = np.linspace(0, math.pi, n0), np.linspace(0, math.pi, n1)
    X = np.concatenate([
        np.column_stack([np.cos(t0), np.sin(t0)]),
        np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)]),
    ])
    y = np.repeat([0, 1], [n0, n1])
    X = X + rng.normal(0.0, noise, size=X.shape)
    p = rng.permutation(n)
    return X[p], y[p].astype(np.int64)


def circles(
    n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """An outer ring (label 0, radius 1) and an inner ring (label 1, radius ``factor``)."""
    _check(n, noise, "circles")
    if not 0 < factor < 1:
        raise ValueError(f"circles: factor={factor!r} must satisfy 0 < factor < 1")
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n, 2)
    t0 = np.linspace(0, 2 * math.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * math.pi, n1, endpoint=False)
    X = np.concatenate([
        np.column_stack([np.cos(t0), np.sin(t0)]),
        factor * np.column_stack([np.cos(t1), np.sin(t1)]),
    ])
    y = np.repeat([0, 1], [n0, n1])
    X = X + rng.normal(0.0, noise, size=X.shape)
    p = rng.permutation(n)
    return X[p], y[p].astype(np.int64)


def spirals(
    n: int = 300, classes: int = 2, noise: float = 0.05, turns: float = 1.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""``classes`` spiral arms; arm $c$ is $r(\cos\theta, \sin\theta)$ with $r \in [0.05, 1]$,
    $\theta = 2\pi\,(\mathrm{turns}\cdot r + c / C)$."""
    _check(n, noise, "spirals")
    if isinstance(classes, bool) or not isinstance(classes, (int, np.integer)) or classes < 2:
        raise ValueError(f"spirals: classes={classes!r} must be an integer >= 2")
    rng = np.random.default_rng(seed)
    parts, labels = [], []
    for c, m in enumerate(_split(n, classes)):
        r = np.linspace(0.05, 1.0, m)
        th = 2 * math.pi * (turns * r + c / classes)
        parts.append(np.column_stack([r * np.cos(th), r * np.sin(th)]))
        labels.append(np.full(m, c))
    X = np.concatenate(parts)
    X = X + rng.normal(0.0, noise, size=X.shape)
    y = np.concatenate(labels)
    p = rng.permutation(n)
    return X[p], y[p].astype(np.int64)


def xor(n: int = 4, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""XOR: corners of the unit square, label $x_1 \oplus x_2$. ``n=4`` gives the truth table."""
    _check(n, noise, "xor", min_n=4)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    labels = np.array([0, 1, 1, 0], dtype=np.int64)
    idx = np.arange(n) % 4
    rng = np.random.default_rng(seed)
    X = corners[idx] + (rng.normal(0.0, noise, size=(n, 2)) if noise > 0 else 0.0)
    return X, labels[idx]


def digits(scale: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The 8×8 digits: ``X`` (1797, 64) and ``y`` (1797,) labels 0..9.

    ``scale=True`` returns pixels divided by 16 (float64 in [0, 1]); ``False`` the raw
    uint8 counts 0..16.
    """
    with resources.files("actfuncs").joinpath("data/digits.npz").open("rb") as f:
        with np.load(f) as d:
            X, y = d["X"], d["y"]
    y = y.astype(np.int64)
    return (X / 16.0, y) if scale else (X, y)


def train_test_split(
    X: np.ndarray, y: np.ndarray, test: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A seeded random split: ``X_train, X_test, y_train, y_test``."""
    X, y = np.asarray(X), np.asarray(y)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"train_test_split: X has {X.shape[0]} rows, y has shape {y.shape}; "
                         "expected y of shape (n,) with the same n")
    if not 0 < test < 1:
        raise ValueError(f"train_test_split: test={test!r} must satisfy 0 < test < 1")
    p = np.random.default_rng(seed).permutation(X.shape[0])
    k = int(round(test * X.shape[0]))
    return X[p[k:]], X[p[:k]], y[p[k:]], y[p[:k]]
