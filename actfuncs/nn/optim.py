r"""Optimisers updating parameter arrays in place.

* :class:`SGD`: $\theta \leftarrow \theta - \eta g$.
* :class:`Momentum`: $v \leftarrow \mu v + g$, $\theta \leftarrow \theta - \eta v$.
* :class:`Adam`: $m \leftarrow \beta_1 m + (1-\beta_1) g$, $v \leftarrow \beta_2 v + (1-\beta_2) g^2$,
  $\theta \leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)$ with the bias corrections
  $\hat m = m / (1-\beta_1^t)$, $\hat v = v / (1-\beta_2^t)$.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def _positive(name: str, v: float, owner: str, upper: float | None = None) -> float:
    v = float(v)
    if not math.isfinite(v) or v < 0 or (upper is not None and v >= upper):
        rng = f"0 <= {name} < {upper:g}" if upper is not None else f"{name} >= 0 and finite"
        raise ValueError(f"{owner}: {name}={v!r} is outside the allowed range {rng}")
    return v


class Optimizer:
    """Interface: ``step(params, grads)`` updates each parameter array in place."""

    name = "optimizer"

    def __init__(self, lr: float):
        self.lr = _positive("lr", lr, type(self).__name__)
        self.t = 0

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        if len(params) != len(grads):
            raise ValueError(f"{type(self).__name__}: {len(params)} parameters but {len(grads)} gradients")
        self.t += 1
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if p.shape != g.shape:
                raise ValueError(
                    f"{type(self).__name__}: gradient {i} has shape {g.shape}, expected {p.shape}"
                )
            self._update(i, p, g)

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:  # pragma: no cover
        raise NotImplementedError


class SGD(Optimizer):
    """Plain gradient descent."""

    name = "sgd"

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        p -= self.lr * g


class Momentum(Optimizer):
    """Heavy-ball momentum (PyTorch's convention: velocity accumulates raw gradients)."""

    name = "momentum"

    def __init__(self, lr: float, beta: float = 0.9):
        super().__init__(lr)
        self.beta = _positive("beta", beta, "Momentum", 1.0)
        self._v: dict[int, np.ndarray] = {}

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        v = self._v.get(i)
        if v is None:
            v = self._v[i] = np.zeros_like(p)
        v *= self.beta
        v += g
        p -= self.lr * v


class Adam(Optimizer):
    """Adam with bias correction."""

    name = "adam"

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(lr)
        self.beta1 = _positive("beta1", beta1, "Adam", 1.0)
        self.beta2 = _positive("beta2", beta2, "Adam", 1.0)
        self.eps = _positive("eps", eps, "Adam")
        self._m: dict[int, np.ndarray] = {}
        self._v: dict[int, np.ndarray] = {}

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        if i not in self._m:
            self._m[i], self._v[i] = np.zeros_like(p), np.zeros_like(p)
        m, v = self._m[i], self._v[i]
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * g * g
        mhat = m / (1 - self.beta1**self.t)
        vhat = v / (1 - self.beta2**self.t)
        p -= self.lr * mhat / (np.sqrt(vhat) + self.eps)


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def optimizer(name: str | Optimizer, lr: float) -> Optimizer:
    """An optimiser by name (``sgd``, ``momentum``, ``adam``) or pass an instance through."""
    if isinstance(name, Optimizer):
        return name
    try:
        return OPTIMIZERS[str(name).lower()](lr)
    except KeyError:
        raise ValueError(f"unknown optimiser {name!r} (known: {', '.join(OPTIMIZERS)})") from None
