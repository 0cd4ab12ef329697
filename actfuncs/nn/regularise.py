r"""Batch normalisation and inverted dropout, with a hand-written backward pass.

Both layers behave differently while training and while evaluating; the flag is each layer's
``training`` attribute (:class:`~actfuncs.nn.model.MLP` sets it for all its layers).

* :class:`BatchNorm`: per feature $j$ over the $n$ rows of a batch,
  $\mu_j = \frac1n \sum_i x_{ij}$, $\sigma_j^2 = \frac1n \sum_i (x_{ij} - \mu_j)^2$,
  $\hat x_{ij} = (x_{ij} - \mu_j) / \sqrt{\sigma_j^2 + \epsilon}$ and
  $y_{ij} = \gamma_j \hat x_{ij} + \beta_j$ with learnable $\gamma, \beta$
  (Ioffe and Szegedy, 2015).  In evaluation the running averages replace the batch statistics.
* :class:`Dropout`: while training, $y = x \odot m / (1 - p)$ with
  $m_{ij} \sim \text{Bernoulli}(1 - p)$ drawn afresh at every forward pass (inverted dropout:
  $\mathbb{E}[y] = x$, so evaluation is the identity) (Srivastava et al., 2014).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from actfuncs.nn.layers import Layer, _as_batch


class BatchNorm(Layer):
    r"""Batch normalisation over the batch axis of an ``(n, width)`` input.

    Training (batch statistics, $n \ge 2$):

    $$\hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}, \qquad y = \gamma \odot \hat x + \beta,$$

    and the running averages move by ``momentum`` $= \rho$:
    $\bar\mu \leftarrow (1-\rho)\bar\mu + \rho\mu$,
    $\bar\sigma^2 \leftarrow (1-\rho)\bar\sigma^2 + \rho \frac{n}{n-1}\sigma^2$
    (the unbiased variance, PyTorch's convention).  Backward, with $g = \partial L/\partial y$
    and $s = \sqrt{\sigma^2 + \epsilon}$:

    $$\frac{\partial L}{\partial \gamma} = \sum_i g_i \odot \hat x_i, \quad
    \frac{\partial L}{\partial \beta} = \sum_i g_i, \quad
    \frac{\partial L}{\partial x_i} = \frac{\gamma}{n s}\Big(n g_i - \sum_k g_k
    - \hat x_i \odot \sum_k g_k \odot \hat x_k\Big),$$

    the last because $\mu$ and $\sigma^2$ depend on every row.  Evaluation uses $\bar\mu$,
    $\bar\sigma^2$: $y = \gamma \odot (x - \bar\mu)/\sqrt{\bar\sigma^2 + \epsilon} + \beta$, an
    affine map with $\partial L/\partial x = g \odot \gamma / \sqrt{\bar\sigma^2 + \epsilon}$.
    ``params = [gamma, beta]`` (initially ones and zeros), trained like any weight.
    """

    def __init__(self, width: int, momentum: float = 0.1, eps: float = 1e-5, name: str = "bn"):
        width = int(width)
        if width < 1:
            raise ValueError(f"BatchNorm {name!r}: width={width} must be >= 1")
        momentum, eps = float(momentum), float(eps)
        if not (math.isfinite(momentum) and 0 < momentum <= 1):
            raise ValueError(f"BatchNorm {name!r}: momentum={momentum!r} is outside the allowed range (0, 1]")
        if not (math.isfinite(eps) and eps > 0):
            raise ValueError(f"BatchNorm {name!r}: eps={eps!r} must be finite and > 0")
        self.width, self.momentum, self.eps, self.name = width, momentum, eps, name
        self.gamma = np.ones(width)
        self.beta = np.zeros(width)
        self.params = [self.gamma, self.beta]
        self.grads = [np.zeros(width), np.zeros(width)]
        self.running_mean = np.zeros(width)
        self.running_var = np.ones(width)
        self.training = True
        self._xhat: np.ndarray | None = None
        self._inv_std: np.ndarray | None = None
        self._was_training = True

    def __repr__(self) -> str:
        return f"BatchNorm({self.width}, momentum={self.momentum:g}, eps={self.eps:g}, name={self.name!r})"

    def forward(self, x: Any) -> np.ndarray:
        x = _as_batch(x, self.width, f"BatchNorm {self.name!r}")
        if self.training:
            n = x.shape[0]
            if n < 2:
                raise ValueError(
                    f"BatchNorm {self.name!r}: training needs a batch of at least 2 rows, got {n} "
                    "(evaluate with the running statistics instead: model.evaluating())"
                )
            mu = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean *= 1 - self.momentum
            self.running_mean += self.momentum * mu
            self.running_var *= 1 - self.momentum
            self.running_var += self.momentum * var * (n / (n - 1))
        else:
            mu, var = self.running_mean, self.running_var
        self._inv_std = 1.0 / np.sqrt(var + self.eps)
        self._xhat = (x - mu) * self._inv_std
        self._was_training = self.training
        return self.gamma * self._xhat + self.beta

    def backward(self, g: np.ndarray) -> np.ndarray:
        if self._xhat is None or self._inv_std is None:
            raise RuntimeError(f"BatchNorm {self.name!r}: backward called before forward")
        g = np.asarray(g, dtype=np.float64)
        if g.shape != self._xhat.shape:
            raise ValueError(
                f"BatchNorm {self.name!r}: expected upstream gradient of shape {self._xhat.shape}, "
                f"got {g.shape}"
            )
        xhat = self._xhat
        sum_g = np.sum(g, axis=0)
        sum_gx = np.sum(g * xhat, axis=0)
        self.grads[0][...] = sum_gx
        self.grads[1][...] = sum_g
        scale = self.gamma * self._inv_std
        if not self._was_training:
            return g * scale
        n = g.shape[0]
        return (scale / n) * (n * g - sum_g - xhat * sum_gx)


class Dropout(Layer):
    r"""Inverted dropout with rate ``p`` (the share of units zeroed while training).

    Training: $y = x \odot m / (1 - p)$, $m_{ij} \sim \text{Bernoulli}(1 - p)$ from ``rng``, so
    $\mathbb{E}[y_{ij}] = x_{ij}$; backward $\partial L/\partial x = g \odot m / (1 - p)$ with the
    same mask.  Evaluation (``training = False``) and ``p = 0``: $y = x$, no random numbers drawn.
    ``keep_mask = True`` reuses the last mask (for finite-difference checks).
    """

    def __init__(self, p: float, rng: np.random.Generator | int | None = 0, name: str = "dropout"):
        try:
            pv = float(p)
        except (TypeError, ValueError):
            raise TypeError(f"Dropout {name!r}: p must be a real number in [0, 1), got {p!r}") from None
        if not (math.isfinite(pv) and 0 <= pv < 1):
            raise ValueError(f"Dropout {name!r}: p={p!r} is outside the allowed range 0 <= p < 1")
        if rng is None or isinstance(rng, (int, np.integer)):
            rng = np.random.default_rng(rng)
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"Dropout {name!r}: rng must be a numpy.random.Generator or an int seed")
        self.p, self.rng, self.name = pv, rng, name
        self.params, self.grads = [], []
        self.training = True
        self.keep_mask = False
        self.mask: np.ndarray | None = None  # m / (1 - p) of the last training pass
        self._active = False

    def __repr__(self) -> str:
        return f"Dropout(p={self.p:g}, name={self.name!r})"

    def forward(self, x: Any) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        self._active = self.training and self.p > 0
        if not self._active:
            return x
        if not (self.keep_mask and self.mask is not None and self.mask.shape == x.shape):
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask

    def backward(self, g: np.ndarray) -> np.ndarray:
        g = np.asarray(g, dtype=np.float64)
        if not self._active:
            return g
        assert self.mask is not None
        if g.shape != self.mask.shape:
            raise ValueError(
                f"Dropout {self.name!r}: expected upstream gradient of shape {self.mask.shape}, got {g.shape}"
            )
        return g * self.mask
