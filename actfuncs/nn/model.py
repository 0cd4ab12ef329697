r"""A multilayer perceptron with manual backpropagation.

The network is a list of layers ``Dense -> Act -> Dense -> Act -> ... -> Dense [-> Act]``
(with ``batch_norm=True`` each hidden block is ``Dense -> BatchNorm -> Act``, with ``dropout=p``
a :class:`~actfuncs.nn.regularise.Dropout` follows each hidden ``Act``);
``forward`` runs them in order and keeps every output, ``backward`` runs the chain rule
in reverse,

$$\frac{\partial L}{\partial h_{k-1}} = \frac{\partial L}{\partial h_k}\,
\frac{\partial h_k}{\partial h_{k-1}},$$

and leaves each parameter's gradient in the layer's ``grads``.  All randomness comes from
one :class:`numpy.random.Generator` seeded by ``seed``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

import actfuncs
from actfuncs.nn.init import Initializer
from actfuncs.nn.layers import Act, Dense, Layer
from actfuncs.nn.regularise import BatchNorm, Dropout


class TrainingDiverged(FloatingPointError):
    """Raised when the loss or a layer's values stop being finite; names the step and the layer."""

    def __init__(self, step: int, layer: str, detail: str = ""):
        self.step, self.layer = step, layer
        msg = f"training diverged at step {step}: non-finite values first appear in layer {layer!r}"
        super().__init__(msg + (f" ({detail})" if detail else ""))


@dataclass(frozen=True)
class LayerStats:
    r"""Statistics of one activation layer on one batch.

    ``zero_fraction``: share of outputs exactly 0; ``dead_fraction``: share of units with
    $f'(z) = 0$ on every example (no gradient can reach their weights); ``saturated_fraction``:
    share of entries with $|f'(z)| <$ ``threshold`` (for ReLU this includes its flat side);
    ``mean``/``var``: of all outputs.
    """

    name: str
    zero_fraction: float
    dead_fraction: float
    saturated_fraction: float
    mean: float
    var: float


def act_stats(layer: Act, output: np.ndarray, threshold: float = 1e-3) -> LayerStats:
    """The :class:`LayerStats` of ``layer`` after a forward pass that produced ``output``."""
    if layer.last_grad is None:  # gated/vector: derivative not one array; count exact zeros only
        dead = float(np.mean(np.all(output == 0, axis=0)))
        sat = float("nan")
    else:
        d = np.abs(layer.last_grad)
        dead = float(np.mean(np.all(d == 0, axis=0)))
        sat = float(np.mean(d < threshold))
    return LayerStats(
        layer.name,
        float(np.mean(output == 0)),
        dead,
        sat,
        float(np.mean(output)),
        float(np.var(output)),
    )


class MLP:
    """A fully connected network.

    ``sizes`` = ``[n_in, h_1, ..., h_L, n_out]``.  ``activation`` is one registry name for every
    hidden layer or a sequence of ``L`` names, one per hidden layer; ``activation_params`` is
    likewise one mapping for all or a sequence of ``L`` mappings (``None`` for defaults).
    ``output_activation`` (default none: the output is logits for a loss that takes logits) may
    be any registry name, including ``softmax``.  Gated activations (``glu``, ``swiglu``,
    ``geglu``) get a Dense layer twice as wide.  ``init`` may likewise be one initialiser or one
    per Dense layer (``L + 1`` of them; ``output_init`` overrides the last).

    ``batch_norm=True`` inserts a :class:`~actfuncs.nn.regularise.BatchNorm` (``bn_momentum``,
    ``bn_eps``) between each hidden Dense layer and its activation; ``dropout=p > 0`` inserts a
    :class:`~actfuncs.nn.regularise.Dropout` after each hidden activation, drawing its masks from
    the network's generator (after the weights are drawn, so the weights do not depend on ``p``).
    The defaults add neither layer.  The network starts in training mode; ``evaluating()``
    (a context manager), ``predict`` and :func:`~actfuncs.nn.train.accuracy` use evaluation mode
    (running statistics, no dropout).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Sequence[str] = "relu",
        init: str | Initializer | Sequence[str | Initializer] = "he",
        seed: int = 0,
        bias_init: float = 0.0,
        output_activation: str | None = None,
        activation_params: Mapping[str, Any] | Sequence[Mapping[str, Any] | None] | None = None,
        output_init: str | Initializer | None = None,
        batch_norm: bool = False,
        dropout: float = 0.0,
        bn_momentum: float = 0.1,
        bn_eps: float = 1e-5,
    ):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"MLP: sizes must be at least [n_in, n_out] of positive ints, got {sizes}")
        self.sizes = sizes
        hidden = len(sizes) - 2
        acts = [activation] * hidden if isinstance(activation, str) else list(activation)
        if len(acts) != hidden:
            raise ValueError(
                f"MLP: sizes {sizes} have {hidden} hidden layers; expected one activation name or "
                f"a sequence of {hidden}, got {len(acts)}"
            )
        if activation_params is None or isinstance(activation_params, Mapping):
            params_list = [dict(activation_params or {})] * hidden
        else:
            params_list = [dict(p or {}) for p in activation_params]
            if len(params_list) != hidden:
                raise ValueError(
                    f"MLP: expected one activation_params mapping or a sequence of {hidden}, "
                    f"got {len(params_list)}"
                )
        n_dense = hidden + 1
        inits = [init] * n_dense if isinstance(init, str) or callable(init) else list(init)
        if len(inits) != n_dense:
            raise ValueError(
                f"MLP: expected one initialiser or a sequence of {n_dense} (one per Dense layer), "
                f"got {len(inits)}"
            )
        if output_init is not None:
            inits[-1] = output_init
        if not isinstance(batch_norm, (bool, np.bool_)):
            raise TypeError(f"MLP: batch_norm must be True or False, got {batch_norm!r}")
        self.rng = np.random.default_rng(seed)
        self.activations = tuple(actfuncs.spec(a).name for a in acts)
        self.activation = (
            self.activations[0] if len(set(self.activations)) == 1 else self.activations
        ) if hidden else None
        self.layers: list[Layer] = []
        for k, (a, b) in enumerate(zip(sizes[:-2], sizes[1:-1], strict=True), start=1):
            gated = actfuncs.spec(acts[k - 1]).kind == "gated"
            self.layers.append(
                Dense(a, 2 * b if gated else b, self.rng, inits[k - 1], bias_init, name=f"dense{k}")
            )
            if batch_norm:
                self.layers.append(BatchNorm(2 * b if gated else b, bn_momentum, bn_eps, name=f"bn{k}"))
            self.layers.append(Act(acts[k - 1], name=f"act{k}", **params_list[k - 1]))
            if dropout:
                self.layers.append(Dropout(dropout, self.rng, name=f"dropout{k}"))
        self.layers.append(Dense(sizes[-2], sizes[-1], self.rng, inits[-1], 0.0, name="output"))
        if output_activation is not None:
            self.layers.append(Act(output_activation, name="output_act"))
        if dropout:  # validate p even without hidden layers; masks come from self.rng after the weights
            Dropout(dropout, self.rng)
        self.batch_norm, self.dropout = bool(batch_norm), float(dropout)
        self.outputs: list[np.ndarray] = []
        self._training = True

    def __repr__(self) -> str:
        extra = (", batch_norm=True" if self.batch_norm else "") + (
            f", dropout={self.dropout:g}" if self.dropout else "")
        return f"MLP({self.sizes}, activation={self.activation!r}{extra})"

    @property
    def training(self) -> bool:
        """Training mode (batch statistics, dropout on) or evaluation mode; set it to switch every layer."""
        return self._training

    @training.setter
    def training(self, value: bool) -> None:
        self._training = bool(value)
        for layer in self.layers:
            if isinstance(layer, (BatchNorm, Dropout)):
                layer.training = self._training

    @contextmanager
    def evaluating(self) -> Iterator[MLP]:
        """``with model.evaluating(): ...`` runs in evaluation mode and restores the previous mode."""
        old = self.training
        self.training = False
        try:
            yield self
        finally:
            self.training = old

    def predict(self, x: Any) -> np.ndarray:
        """The output in evaluation mode (running batch-norm statistics, no dropout)."""
        with self.evaluating():
            return self.forward(x)

    @property
    def norm_layers(self) -> list[BatchNorm]:
        return [layer for layer in self.layers if isinstance(layer, BatchNorm)]

    @property
    def dropout_layers(self) -> list[Dropout]:
        return [layer for layer in self.layers if isinstance(layer, Dropout)]

    @property
    def dense_layers(self) -> list[Dense]:
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    @property
    def act_layers(self) -> list[Act]:
        return [layer for layer in self.layers if isinstance(layer, Act)]

    @property
    def params(self) -> list[np.ndarray]:
        return [p for layer in self.layers for p in layer.params]

    @property
    def grads(self) -> list[np.ndarray]:
        return [g for layer in self.layers for g in layer.grads]

    def forward(self, x: Any) -> np.ndarray:
        """Run all layers; the outputs of each layer stay in ``self.outputs``."""
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != self.sizes[0]:
            raise ValueError(f"MLP: expected input of shape (n, {self.sizes[0]}), got {x.shape}")
        h = x
        outs = []
        for layer in self.layers:
            h = layer.forward(h)
            outs.append(h)
        self.outputs = outs
        return h

    __call__ = forward

    def backward(self, g: np.ndarray) -> np.ndarray:
        """Backpropagate ``dL/doutput``; returns ``dL/dinput``."""
        for layer in reversed(self.layers):
            g = layer.backward(g)
        return g

    def first_nonfinite(self) -> str | None:
        """Name of the first layer whose last output holds inf or NaN (None if all finite)."""
        for layer, out in zip(self.layers, self.outputs, strict=True):
            if not np.all(np.isfinite(out)):
                return layer.name
        return None

    def stats(self, threshold: float = 1e-3) -> list[LayerStats]:
        """Per activation layer statistics of the last forward pass."""
        return [
            act_stats(layer, out, threshold)
            for layer, out in zip(self.layers, self.outputs, strict=True)
            if isinstance(layer, Act)
        ]

    def grad_norms(self) -> np.ndarray:
        """Frobenius norm of dL/dW for each Dense layer (after ``backward``)."""
        return np.array([float(np.linalg.norm(d.grads[0])) for d in self.dense_layers])
