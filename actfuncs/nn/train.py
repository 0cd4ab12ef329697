r"""The training loop: forward, loss, backward, update, with optional recording.

With ``record=True`` every step stores, per activation layer, the
:class:`~actfuncs.nn.model.LayerStats` (zeros, dead units, saturation, mean, variance) of the
step's batch and, per Dense layer, $\lVert \partial L / \partial W \rVert_F$; after the last
step one forward pass over all of ``X`` gives each layer's share of units never active on the
data (``History.dead_on_data``).  ``callback(step, model, loss)``, if given, runs after every
backward pass (before the update): a hook for any other measurement.  A loss that is not
finite stops the loop with :class:`~actfuncs.nn.model.TrainingDiverged` naming the step and
the first layer whose values exploded (or, if every layer is still finite, the layer with the
largest values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actfuncs.nn.losses import Loss
from actfuncs.nn.losses import loss as make_loss
from actfuncs.nn.model import MLP, TrainingDiverged
from actfuncs.nn.optim import Optimizer
from actfuncs.nn.optim import optimizer as make_optimizer

STAT_FIELDS = ("zero_fraction", "dead_fraction", "saturated_fraction", "mean", "var")


@dataclass
class History:
    """Loss per step, and (when recorded) per-step, per-layer statistics.

    ``stats[field]`` has shape ``(steps, n_act_layers)`` (measured on each step's batch);
    ``grad_norms`` has shape ``(steps, n_dense_layers)``; ``dead_on_data`` has shape
    ``(n_act_layers,)``: the share of each layer's units never active on the whole training set
    after the last step.
    """

    losses: np.ndarray
    act_names: list[str] = field(default_factory=list)
    dense_names: list[str] = field(default_factory=list)
    stats: dict[str, np.ndarray] = field(default_factory=dict)
    grad_norms: np.ndarray | None = None
    dead_on_data: np.ndarray | None = None

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])


def train(
    model: MLP,
    X: Any,
    y: Any,
    loss: str | Loss = "bce",
    optimizer: str | Optimizer = "sgd",
    lr: float = 0.1,
    steps: int = 100,
    batch_size: int | None = None,
    seed: int = 0,
    record: bool = False,
    threshold: float = 1e-3,
    clip: float | None = None,
    callback: Callable[[int, MLP, float], None] | None = None,
) -> History:
    r"""Train ``model`` in place for ``steps`` updates; minibatches drawn with ``seed``.

    ``clip``: if given, gradients are rescaled so that their global norm
    $\sqrt{\sum \lVert g \rVert^2}$ is at most ``clip`` (each update then moves the
    parameters by at most ``lr * clip`` with SGD).  The model is switched to training mode
    (batch statistics, dropout on) and stays in it; evaluate with ``model.predict`` or
    ``with model.evaluating():``.
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != model.sizes[0]:
        raise ValueError(f"train: expected X of shape (n, {model.sizes[0]}), got {X.shape}")
    if X.dtype.kind not in "iufb":
        raise TypeError(f"train: expected X of real numbers, got dtype {X.dtype}")
    X = X.astype(np.float64, copy=False)
    if not np.all(np.isfinite(X)):
        bad = np.argwhere(~np.isfinite(X))[0]
        raise ValueError(f"train: X must be finite; X[{bad[0]}, {bad[1]}] = {X[tuple(bad)]}")
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(f"train: expected y with {X.shape[0]} rows (one per example), got {y.shape}")
    lossf0 = make_loss(loss)
    lossf0.targets(y, model.sizes[-1])  # label format checked once, before any step
    if steps < 1:
        raise ValueError(f"train: steps={steps!r} must be >= 1")
    lossf = lossf0
    opt = make_optimizer(optimizer, lr)
    model.training = True
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    losses = np.empty(steps)
    acts, denses = model.act_layers, model.dense_layers
    stats = {f: np.empty((steps, len(acts))) for f in STAT_FIELDS} if record else {}
    gnorms = np.empty((steps, len(denses))) if record else None
    order = np.arange(n)
    pos = n
    params, grads = model.params, model.grads
    for step in range(steps):
        if batch_size is None or batch_size >= n:
            xb, yb = X, y
        else:
            if pos + batch_size > n:
                order = rng.permutation(n)
                pos = 0
            idx = order[pos : pos + batch_size]
            pos += batch_size
            xb, yb = X[idx], y[idx]
        with np.errstate(over="ignore", invalid="ignore"):
            out = model.forward(xb)
            value, g = lossf(out, yb)
        if not np.isfinite(value):
            layer = model.first_nonfinite()
            if layer is not None:
                raise TrainingDiverged(step, layer, f"loss={value}")
            big = max(zip(model.layers, model.outputs, strict=True), key=lambda lo: np.max(np.abs(lo[1])))
            raise TrainingDiverged(
                step, big[0].name,
                f"loss={value}; every layer finite, largest |value| {np.max(np.abs(big[1])):.3g} here",
            )
        losses[step] = value
        with np.errstate(over="ignore", invalid="ignore"):
            model.backward(g)
        if callback is not None:
            callback(step, model, value)
        if record:
            for j, s in enumerate(model.stats(threshold)):
                for f in STAT_FIELDS:
                    stats[f][step, j] = getattr(s, f)
            gnorms[step] = model.grad_norms()
        if clip is not None:
            total = float(np.sqrt(sum(np.vdot(gr, gr) for gr in grads)))
            if not np.isfinite(total):
                raise TrainingDiverged(step, model.first_nonfinite() or "gradients", "gradient not finite")
            if total > clip:
                for gr in grads:
                    gr *= clip / total
        opt.step(params, grads)
    bad = [layer.name for layer in model.layers if not all(np.all(np.isfinite(p)) for p in layer.params)]
    if bad:
        raise TrainingDiverged(steps - 1, bad[0], "parameters not finite after the last update")
    dead_on_data = None
    if record:
        with np.errstate(over="ignore", invalid="ignore"), model.evaluating():
            model.forward(X)
        dead_on_data = np.array([s.dead_fraction for s in model.stats(threshold)])
    return History(losses, [a.name for a in acts], [d.name for d in denses], stats, gnorms, dead_on_data)


def accuracy(model: MLP, X: Any, y: Any) -> float:
    """Share of correct predictions: argmax for several outputs, logit > 0 for one (evaluation mode).

    ``y`` holds integer labels of shape ``(n,)`` (or ``(n, 1)`` for one output).
    """
    out = model.predict(np.asarray(X, dtype=np.float64))
    y = np.asarray(y)
    if y.size != out.shape[0] or (y.ndim == 2 and y.shape[1] != 1) or y.ndim > 2:
        raise ValueError(f"accuracy: expected labels of shape ({out.shape[0]},), got {y.shape}")
    if out.shape[1] == 1:
        pred = (out[:, 0] > 0).astype(int)
        return float(np.mean(pred == y.reshape(-1)))
    return float(np.mean(np.argmax(out, axis=1) == y.reshape(-1)))
