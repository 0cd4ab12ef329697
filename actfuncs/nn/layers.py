r"""Layers with a hand-written backward pass.

Every layer has ``forward(x) -> y`` (which stores what the backward pass needs) and
``backward(g) -> dL/dx`` given $g = \partial L / \partial y$; layers with parameters
keep them in ``params`` and their gradients in ``grads`` (same order).

* :class:`Dense`: $y = x W + b$, so $\partial L/\partial W = x^\top g$,
  $\partial L/\partial b = \sum_n g_n$ and $\partial L/\partial x = g W^\top$.
* :class:`Act`: an elementwise activation from the registry, $y = f(z)$ and
  $\partial L/\partial z = g \odot f'(z)$; gated units (GLU, SwiGLU, GeGLU) use their
  vector-Jacobian product and halve the width; vector activations (softmax, log-softmax) act
  on each row and use $\partial L/\partial z_j = \sum_i g_i\, \partial y_i / \partial z_j$ from
  the registry's Jacobian.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import actfuncs
from actfuncs.nn.init import Initializer, initializer
from actfuncs.registry import Activation


def _as_batch(x: Any, width: int, where: str) -> np.ndarray:
    arr = np.asarray(x)
    if arr.dtype.kind not in "iufb":
        raise TypeError(f"{where}: expected real numbers, got an array of dtype {arr.dtype}")
    if arr.ndim != 2 or arr.shape[1] != width:
        raise ValueError(f"{where}: expected input of shape (n, {width}), got {arr.shape}")
    return arr.astype(np.float64, copy=False)


class Layer:
    """Base class: no parameters, identity backward (subclasses override)."""

    name: str = "layer"
    params: list[np.ndarray]
    grads: list[np.ndarray]

    def forward(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def backward(self, g: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError


class Dense(Layer):
    r"""Affine layer $y = x W + b$ with ``W`` of shape ``(n_in, n_out)``."""

    def __init__(
        self,
        n_in: int,
        n_out: int,
        rng: np.random.Generator,
        init: str | Initializer = "he",
        bias_init: float = 0.0,
        name: str = "dense",
    ):
        if not isinstance(rng, np.random.Generator):
            raise TypeError("Dense: rng must be a numpy.random.Generator (np.random.default_rng(seed))")
        self.n_in, self.n_out, self.name = int(n_in), int(n_out), name
        self.W = np.ascontiguousarray(initializer(init)(self.n_in, self.n_out, rng), dtype=np.float64)
        self.b = np.full(self.n_out, float(bias_init))
        self.params = [self.W, self.b]
        self.grads = [np.zeros_like(self.W), np.zeros_like(self.b)]
        self._x: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"Dense({self.n_in} -> {self.n_out}, name={self.name!r})"

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_batch(x, self.n_in, f"Dense {self.name!r}")
        self._x = x
        return x @ self.W + self.b

    def backward(self, g: np.ndarray) -> np.ndarray:
        if self._x is None:
            raise RuntimeError(f"Dense {self.name!r}: backward called before forward")
        g = np.asarray(g, dtype=np.float64)
        if g.shape != (self._x.shape[0], self.n_out):
            raise ValueError(
                f"Dense {self.name!r}: expected upstream gradient of shape "
                f"({self._x.shape[0]}, {self.n_out}), got {g.shape}"
            )
        np.matmul(self._x.T, g, out=self.grads[0])
        np.sum(g, axis=0, out=self.grads[1])
        return g @ self.W.T


class Act(Layer):
    """An activation layer over any registry entry: elementwise, gated or vector (row-wise).

    For elementwise units ``f'`` at the stored pre-activation is kept in ``last_grad`` for the
    recording hooks (``None`` for gated and vector units, whose derivative is not one array).
    """

    def __init__(self, activation: str | Activation, name: str = "act", **params: Any):
        act = activation if isinstance(activation, Activation) else actfuncs.get(activation, **params)
        if isinstance(activation, Activation) and params:
            raise TypeError("Act: give parameters either in the Activation or as keywords, not both")
        kind = act.spec.kind
        if kind == "gated" and "vjp" not in act.spec.methods:
            raise ValueError(f"Act: gated activation {act.name} has no vjp")
        if kind == "vector" and "jacobian" not in act.spec.methods:
            raise ValueError(f"Act: vector activation {act.name} has no jacobian")
        self.act, self.name, self.gated, self.vector = act, name, kind == "gated", kind == "vector"
        self.params, self.grads = [], []
        self._z: np.ndarray | None = None
        self.last_grad: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"Act({self.act.label()}, name={self.name!r})"

    def forward(self, x: np.ndarray) -> np.ndarray:
        z = np.asarray(x, dtype=np.float64)
        if self.gated and (z.ndim != 2 or z.shape[1] % 2):
            raise ValueError(
                f"Act {self.name!r} ({self.act.name}): expected input of shape (n, 2k), got {z.shape}"
            )
        if self.vector and z.ndim != 2:
            raise ValueError(
                f"Act {self.name!r} ({self.act.name}): expected input of shape (n, k), got {z.shape}"
            )
        self._z = z
        self.last_grad = None if (self.gated or self.vector) else np.asarray(self.act.grad(z))
        return np.asarray(self.act.fn(z, axis=-1) if self.vector else self.act.fn(z))

    def backward(self, g: np.ndarray) -> np.ndarray:
        if self._z is None:
            raise RuntimeError(f"Act {self.name!r}: backward called before forward")
        if self.gated:
            return np.asarray(self.act.vjp(self._z, g))
        g = np.asarray(g, dtype=np.float64)
        if g.shape != self._z.shape:
            raise ValueError(
                f"Act {self.name!r}: expected upstream gradient of shape {self._z.shape}, got {g.shape}"
            )
        if self.vector:
            return np.einsum("ni,nij->nj", g, np.asarray(self.act.jacobian(self._z, axis=-1)))
        return g * self.last_grad

    def out_width(self, width: int) -> int:
        """Output width for an input of ``width`` columns (gated units halve it)."""
        return width // 2 if self.gated else width
