r"""Diagnose a network on a batch: dead units, saturated units, vanishing or exploding layers.

For each activation layer $k$ on the batch:

* dead units: share of units with $f'(z) = 0$ on every example (they cannot learn from it);
* saturated entries: share of $(\text{example}, \text{unit})$ pairs with $|f'(z)| <$ ``threshold``;
* the norm of $\partial L / \partial W_k$ from one backward pass.

A layer's gradient is flagged *vanishing* when its norm is below ``vanish`` times the output
layer's (the layer next to the loss), *exploding* when above ``explode`` times it.
Without a loss, the upstream gradient is a fixed random direction $u / n$,
$u \sim \mathcal{N}(0, 1)$ (seeded).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from actfuncs.nn.losses import Loss
from actfuncs.nn.losses import loss as make_loss
from actfuncs.nn.model import MLP, TrainingDiverged


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
            if r.saturated_fraction > 0.5:
                out.append(f"{r.name}: {r.saturated_fraction:.0%} of activations have |f'| < "
                           f"{self.threshold:g} (saturated or on a flat side)")
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
) -> Diagnosis:
    """Run one forward and backward pass of ``model`` on ``X`` and report on every hidden layer."""
    X = np.asarray(X, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        out = model.forward(X)
    bad = model.first_nonfinite()
    if bad is not None:
        raise TrainingDiverged(0, bad, "forward pass of diagnose")
    if loss is not None:
        if y is None:
            raise ValueError("diagnose: a loss needs targets y")
        value, g = make_loss(loss)(out, y)
    else:
        value = None
        g = np.random.default_rng(seed).normal(size=out.shape) / out.shape[0]
    model.backward(g)
    stats = model.stats(threshold)
    norms = model.grad_norms()
    hidden_norms, ref = norms[:-1], float(norms[-1])
    reports = []
    acts = [a for a in model.act_layers if a.name != "output_act"]
    for s, a, d, gn in zip(stats, acts, model.dense_layers, hidden_norms, strict=False):
        reports.append(LayerReport(
            d.name, a.act.name, a.out_width(d.n_out), s.dead_fraction, s.saturated_fraction,
            s.zero_fraction, s.mean, s.var, float(gn),
            bool(gn < vanish * ref), bool(gn > explode * ref),
        ))
    return Diagnosis(tuple(reports), float(norms[-1]), value, threshold, vanish, explode)
