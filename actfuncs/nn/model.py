r"""A multilayer perceptron with manual backpropagation.

The network is a list of layers ``Dense -> Act -> Dense -> Act -> ... -> Dense [-> Act]``;
``forward`` runs them in order and keeps every output, ``backward`` runs the chain rule
in reverse,

$$\frac{\partial L}{\partial h_{k-1}} = \frac{\partial L}{\partial h_k}\,
\frac{\partial h_k}{\partial h_{k-1}},$$

and leaves each parameter's gradient in the layer's ``grads``.  All randomness comes from
one :class:`numpy.random.Generator` seeded by ``seed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

import actfuncs
from actfuncs.nn.init import Initializer
from actfuncs.nn.layers import Act, Dense, Layer


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
            self.layers.append(Act(acts[k - 1], name=f"act{k}", **params_list[k - 1]))
        self.layers.append(Dense(sizes[-2], sizes[-1], self.rng, inits[-1], 0.0, name="output"))
        if output_activation is not None:
            self.layers.append(Act(output_activation, name="output_act"))
        self.outputs: list[np.ndarray] = []

    def __repr__(self) -> str:
        return f"MLP({self.sizes}, activation={self.activation!r})"

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
