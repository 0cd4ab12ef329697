r"""Diagnose a network on a batch: dead units, saturated units, vanishing or exploding layers.

For each activation layer $k$ on the batch:

* dead units: share of units with $f'(z) = 0$ on every example (they cannot learn from it);
* saturated entries: share of $(\text{example}, \text{unit})$ pairs with $|f'(z)| <$ ``threshold``
  and $f(z) \ne 0$ (a squashing function pinned near an asymptote; ReLU's flat side, where
  $f = f' = 0$, is sparsity and is counted in ``zero_fraction`` instead);
* the norm of $\partial L / \partial W_k$ from one backward pass.

A layer's gradient is flagged *vanishing* when its norm is below ``vanish`` times the output
layer's (the layer next to the loss) or below the absolute floor ``min_norm``, *exploding*
when above ``explode`` times it or above ``max_norm``.
Without a loss, the upstream gradient is a fixed random direction $u / n$,
$u \sim \mathcal{N}(0, 1)$ (seeded).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from actfuncs.nn.layers import Act
from actfuncs.nn.losses import Loss
from actfuncs.nn.losses import loss as make_loss
from actfuncs.nn.model import MLP, TrainingDiverged, act_stats


@dataclass(frozen=True)
class LayerReport:
    """Numbers for one hidden layer (its Dense layer and the activation after it)."""

    name: str
    activation: str
    units: int
    dead_fraction: float
    saturated_fraction: float
    zero_fraction: float
    mean: float
    var: float
    grad_norm: float
    vanishing: bool
    exploding: bool


@dataclass(frozen=True)
class Diagnosis:
    """Per-layer reports plus the output layer's gradient norm and the thresholds used."""

    layers: tuple[LayerReport, ...]
    output_grad_norm: float
    loss: float | None
    threshold: float
    vanish: float
    explode: float
    saturated_limit: float = 0.5

    @property
    def dead_fraction(self) -> float:
        """Share of all hidden units that are dead."""
        total = sum(r.units for r in self.layers)
        return sum(r.dead_fraction * r.units for r in self.layers) / total if total else 0.0

    @property
    def problems(self) -> list[str]:
        """Plain-language findings, empty when nothing is flagged."""
        out = []
        for r in self.layers:
            if r.dead_fraction > 0:
                out.append(f"{r.name}: {r.dead_fraction:.0%} of {r.units} units dead")
            if r.saturated_fraction > self.saturated_limit:
                out.append(f"{r.name}: {r.saturated_fraction:.0%} of activations saturated "
                           f"(|f'| < {self.threshold:g})")
            if r.vanishing:
                out.append(f"{r.name}: vanishing gradient (norm {r.grad_norm:.2e})")
            if r.exploding:
                out.append(f"{r.name}: exploding gradient (norm {r.grad_norm:.2e})")
        return out

    def _rows(self) -> list[list[str]]:
        return [
            [r.name, r.activation, str(r.units), f"{r.dead_fraction:.1%}",
             f"{r.saturated_fraction:.1%}", f"{r.mean:+.3g}", f"{r.var:.3g}", f"{r.grad_norm:.2e}",
             ("vanishing" if r.vanishing else "exploding" if r.exploding else "ok")]
            for r in self.layers
        ]

    _HEAD = ("layer", "activation", "units", "dead", "saturated", "mean", "var", "‖dL/dW‖", "gradient")

    def __str__(self) -> str:
        rows = [list(self._HEAD), *self._rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(self._HEAD))]
        lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
        lines.append(f"output layer ‖dL/dW‖ = {self.output_grad_norm:.2e}"
                     + (f", loss = {self.loss:.4g}" if self.loss is not None else ""))
        lines += [f"! {p}" for p in self.problems] or ["no dead, saturated, vanishing or exploding layers"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self._HEAD)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in self._rows()
        )
        probs = "".join(f"<li>{html.escape(p)}</li>" for p in self.problems)
        summary = (f"<ul>{probs}</ul>" if probs
                   else "<p>No dead, saturated, vanishing or exploding layers.</p>")
        return (f"<table><caption>Network diagnosis (saturated: |f'| &lt; {self.threshold:g})</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{summary}")


def diagnose(
    model: MLP,
    X: Any,
    y: Any = None,
    loss: str | Loss | None = None,
    threshold: float = 1e-3,
    vanish: float = 1e-3,
    explode: float = 1e3,
    seed: int = 0,
    min_norm: float = 0.0,
    max_norm: float = float("inf"),
    saturated_limit: float = 0.5,
) -> Diagnosis:
    """Run one forward and backward pass of ``model`` on ``X`` and report on every hidden layer.

    The model's gradients are overwritten (its weights, batch-norm running statistics and
    random generator are not).  The pass runs in the model's current mode: in training mode
    batch norm uses the batch's statistics and dropout draws a mask, as in a training step.
    ``saturated_limit``: a layer is reported as saturated when more than this share of its
    entries is saturated.
    """
    for name, v in (("threshold", threshold), ("vanish", vanish), ("explode", explode),
                    ("min_norm", min_norm)):
        if not (np.isfinite(v) and v >= 0):
            raise ValueError(f"diagnose: {name}={v!r} must be finite and >= 0")
    if loss is not None and y is None:
        raise ValueError("diagnose: a loss needs targets y")
    X = np.asarray(X, dtype=np.float64)
    saved = [(bn, bn.running_mean.copy(), bn.running_var.copy()) for bn in model.norm_layers]
    rng_state = model.rng.bit_generator.state
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            out = model.forward(X)
        bad = model.first_nonfinite()
        if bad is not None:
            raise TrainingDiverged(0, bad, "forward pass of diagnose")
        if loss is not None:
            value, g = make_loss(loss)(out, y)
        else:
            value = None
            g = np.random.default_rng(seed).normal(size=out.shape) / out.shape[0]
        with np.errstate(over="ignore", invalid="ignore"):
            model.backward(g)
    finally:  # leave batch-norm running statistics and the dropout generator as they were
        for bn, mean, var in saved:
            bn.running_mean[...], bn.running_var[...] = mean, var
        model.rng.bit_generator.state = rng_state
    norms = model.grad_norms()
    hidden_norms, ref = norms[:-1], float(norms[-1])
    reports = []
    pairs = [(layer, h) for layer, h in zip(model.layers, model.outputs, strict=True)
             if isinstance(layer, Act) and layer.name != "output_act"]
    for (a, h), d, gn in zip(pairs, model.dense_layers[:-1], hidden_norms, strict=True):
        s = act_stats(a, h, threshold)
        if a.last_grad is None:  # gated: no single f' array
            sat = float("nan")
        else:
            sat = float(np.mean((np.abs(a.last_grad) < threshold) & (h != 0)))
        gn = float(gn)
        reports.append(LayerReport(
            d.name, a.act.name, a.out_width(d.n_out), s.dead_fraction, sat,
            s.zero_fraction, s.mean, s.var, gn,
            bool(gn < vanish * ref or gn < min_norm),
            bool(gn > explode * ref or gn > max_norm or not np.isfinite(gn)),
        ))
    return Diagnosis(tuple(reports), ref, value, threshold, vanish, explode, saturated_limit)


# -- whole-network checks ------------------------------------------------------------------------
def linearity_gap(model: MLP, X: Any, pairs: int = 64, seed: int = 0) -> float:
    r"""How far ``model`` is from an affine map, on pairs of rows of ``X``.

    An affine $g$ satisfies $g(\tfrac{a+b}{2}) = \tfrac12 (g(a) + g(b))$ for every $a, b$.
    Returns $\max \lvert g(\tfrac{a+b}{2}) - \tfrac12(g(a)+g(b)) \rvert / \max \lvert g \rvert$
    over ``pairs`` random pairs: about $10^{-16}$ for a network whose hidden layers are all
    linear (it has collapsed to one matrix), clearly above 0 otherwise.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 2:
        raise ValueError(f"linearity_gap: expected X of shape (n >= 2, d), got {X.shape}")
    rng = np.random.default_rng(seed)
    i, j = rng.integers(0, X.shape[0], size=(2, pairs))
    a, b = X[i], X[j]
    ga, gb, gm = model.forward(a), model.forward(b), model.forward((a + b) / 2)
    scale = max(float(np.max(np.abs(np.concatenate([ga, gb])))), np.finfo(float).tiny)
    return float(np.max(np.abs(gm - (ga + gb) / 2)) / scale)


@dataclass(frozen=True)
class OutputCheck:
    """Whether a network's outputs can be what the task needs; ``problems`` is empty when they can."""

    task: str
    out_of_range: float
    sums_to_one: bool
    multi_label_share: float
    problems: tuple[str, ...]

    def __str__(self) -> str:
        if not self.problems:
            return f"{self.task}: outputs fit the task"
        return "\n".join(f"! {p}" for p in self.problems)


TASKS = ("binary", "multiclass", "multilabel", "regression")


def check_outputs(p: Any, task: str, y: Any = None, tol: float = 1e-6) -> OutputCheck:
    r"""Check outputs ``p`` (what the network reports, after its output activation) against ``task``.

    * ``binary`` / ``multilabel``: every value must be a probability, $0 \le p \le 1$;
      for ``multilabel`` with 0/1 targets ``y`` of shape (n, k), rows that always sum to 1
      (softmax) are flagged when some examples carry two or more labels.
    * ``multiclass``: probabilities whose rows sum to 1.
    * ``regression`` with targets ``y``: the share of targets outside the range the outputs
      ever reach (an output activation that cannot reach them, such as ReLU for negative values).
    """
    if task not in TASKS:
        raise ValueError(f"check_outputs: task={task!r}; choose one of {', '.join(TASKS)}")
    p = np.asarray(p, dtype=np.float64)
    if p.ndim == 1:
        p = p[:, None]
    probs: list[str] = []
    sums = bool(p.shape[1] > 1 and np.all(np.abs(p.sum(axis=1) - 1) <= tol))
    multi = 0.0
    if task == "regression":
        if y is None:
            raise ValueError("check_outputs: regression needs the targets y")
        t = np.asarray(y, dtype=np.float64).reshape(p.shape)
        out = float(np.mean((t < p.min() - tol) | (t > p.max() + tol)))
        if out > 0:
            probs.append(f"{out:.0%} of the targets lie outside [{p.min():.3g}, {p.max():.3g}], "
                         "the range the outputs reach: the output activation cannot produce them")
    else:
        out = float(np.mean((p < 0) | (p > 1)))
        if out > 0:
            probs.append(f"{out:.0%} of the outputs lie outside [0, 1]: they are not probabilities "
                         "(is the output activation missing?)")
        if task == "multiclass" and not sums:
            probs.append("rows do not sum to 1: use softmax for one label out of several")
        if task == "multilabel" and y is not None:
            t = np.asarray(y, dtype=np.float64).reshape(p.shape)
            multi = float(np.mean(t.sum(axis=1) >= 2))
            if sums and multi > 0:
                probs.append(f"every row sums to 1 but {multi:.0%} of the examples carry two or more "
                             "labels: the outputs compete (softmax); use one sigmoid per label")
    return OutputCheck(task, out, sums, multi, tuple(probs))
