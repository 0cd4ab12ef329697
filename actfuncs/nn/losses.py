r"""Losses with their gradient with respect to the network's output (the logits).

All return ``(loss, dloss/doutput)`` with the mean over the batch.

* :class:`MSE`: $L = \frac{1}{N}\sum_n \frac{1}{2}\lVert z_n - y_n \rVert^2$ (the ½ keeps the
  gradient $(z - y)/N$).
* :class:`BCEWithLogits`: $\ell(z, y) = \max(z, 0) - z y + \log(1 + e^{-|z|})$, which equals
  $-y \log\sigma(z) - (1-y)\log(1-\sigma(z))$ without ever taking $\log 0$; gradient
  $(\sigma(z) - y)/N$.  One column per independent (multi-label) target.
* :class:`SoftmaxCrossEntropy`: $\ell(z, k) = \operatorname{logsumexp}(z) - z_k$ with the
  maximum subtracted before exponentiating; gradient $(\mathrm{softmax}(z) - e_k)/N$.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _logits(z: Any, where: str) -> np.ndarray:
    arr = np.asarray(z, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(f"{where}: expected outputs of shape (n, k), got {arr.shape}")
    return arr


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Loss:
    """Interface: ``loss(z, y) -> (value, grad)``."""

    name = "loss"

    def __call__(self, z: Any, y: Any) -> tuple[float, np.ndarray]:  # pragma: no cover
        raise NotImplementedError

    def targets(self, y: Any, k: int) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError


class MSE(Loss):
    r"""Half squared error, mean over the batch."""

    name = "mse"

    def targets(self, y: Any, k: int) -> np.ndarray:
        return np.asarray(y, dtype=np.float64).reshape(-1, k) if np.ndim(y) == 1 and k == 1 else (
            np.asarray(y, dtype=np.float64))

    def __call__(self, z: Any, y: Any) -> tuple[float, np.ndarray]:
        z = _logits(z, "MSE")
        t = self.targets(y, z.shape[1])
        if t.shape != z.shape:
            raise ValueError(f"MSE: expected targets of shape {z.shape}, got {t.shape}")
        d = z - t
        n = z.shape[0]
        return float(0.5 * np.sum(d * d) / n), d / n


class BCEWithLogits(Loss):
    r"""Binary cross-entropy on logits; targets in [0, 1] with the outputs' shape (or (n,) for k=1)."""

    name = "bce"

    def targets(self, y: Any, k: int) -> np.ndarray:
        t = np.asarray(y)
        if t.dtype.kind not in "iufb":
            raise TypeError(f"BCEWithLogits: targets must be numbers in [0, 1], got dtype {t.dtype}")
        t = t.astype(np.float64)
        if t.ndim == 1 and k == 1:
            t = t[:, None]
        if not np.all((t >= 0) & (t <= 1)):
            raise ValueError("BCEWithLogits: targets must lie in [0, 1] (0/1 labels or probabilities)")
        return t

    def __call__(self, z: Any, y: Any) -> tuple[float, np.ndarray]:
        z = _logits(z, "BCEWithLogits")
        t = self.targets(y, z.shape[1])
        if t.shape != z.shape:
            raise ValueError(f"BCEWithLogits: expected targets of shape {z.shape}, got {t.shape}")
        n = z.shape[0]
        ell = np.maximum(z, 0.0) - z * t + np.log1p(np.exp(-np.abs(z)))
        return float(np.sum(ell) / n), (_sigmoid(z) - t) / n


class SoftmaxCrossEntropy(Loss):
    r"""Categorical cross-entropy on logits; targets are integer labels (n,) or one-hot (n, k)."""

    name = "cross_entropy"

    def targets(self, y: Any, k: int) -> np.ndarray:
        t = np.asarray(y)
        if t.ndim == 1:
            if t.dtype.kind not in "iu":
                if t.dtype.kind == "f" and np.all(t == np.round(t)):
                    t = t.astype(np.int64)
                else:
                    raise ValueError(
                        f"SoftmaxCrossEntropy: labels of shape (n,) must be integers in 0..{k - 1}, "
                        f"got dtype {t.dtype}"
                    )
            if t.size and (t.min() < 0 or t.max() >= k):
                raise ValueError(
                    f"SoftmaxCrossEntropy: labels must be integers in 0..{k - 1} for {k} outputs, "
                    f"got values in {t.min()}..{t.max()}"
                )
            onehot = np.zeros((t.size, k))
            onehot[np.arange(t.size), t] = 1.0
            return onehot
        if t.ndim == 2 and t.shape[1] == k:
            t = t.astype(np.float64)
            if not np.allclose(t.sum(axis=1), 1.0) or np.any(t < 0):
                raise ValueError("SoftmaxCrossEntropy: one-hot (n, k) targets must be rows summing to 1")
            return t
        raise ValueError(
            f"SoftmaxCrossEntropy: expected labels of shape (n,) or one-hot of shape (n, {k}), "
            f"got {t.shape}"
        )

    def __call__(self, z: Any, y: Any) -> tuple[float, np.ndarray]:
        z = _logits(z, "SoftmaxCrossEntropy")
        t = self.targets(y, z.shape[1])
        if t.shape != z.shape:
            raise ValueError(f"SoftmaxCrossEntropy: expected targets for shape {z.shape}, got {t.shape}")
        n = z.shape[0]
        m = np.max(z, axis=1, keepdims=True)
        if not np.all(np.isfinite(m)):
            m = np.where(np.isfinite(m), m, 0.0)
        s = z - m
        e = np.exp(s)
        se = np.sum(e, axis=1, keepdims=True)
        logp = s - np.log(se)
        # only entries with t > 0 contribute (0 * -inf would be nan)
        ell = -np.sum(np.where(t > 0, t * logp, 0.0))
        return float(ell / n), (e / se - t) / n


LOSSES: dict[str, type[Loss]] = {
    "mse": MSE,
    "bce": BCEWithLogits,
    "binary_cross_entropy": BCEWithLogits,
    "cross_entropy": SoftmaxCrossEntropy,
    "softmax_cross_entropy": SoftmaxCrossEntropy,
}


def loss(name: str | Loss) -> Loss:
    """A loss by name (``mse``, ``bce``, ``cross_entropy``) or pass an instance through."""
    if isinstance(name, Loss):
        return name
    try:
        return LOSSES[str(name).lower()]()
    except KeyError:
        raise ValueError(f"unknown loss {name!r} (known: {', '.join(LOSSES)})") from None
