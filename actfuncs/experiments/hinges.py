r"""Curves from kinks: a sum of ReLU units fitted to a smooth target.

With $n$ hinges at fixed knots $t_i$, the model $g(x) = c_0 + c_1 x + \sum_i w_i \max(0, x - t_i)$
is piecewise linear with $n$ kinks; least squares picks the weights. No affine map (no kinks)
can follow a curve, and the error falls as kinks are added.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import actfuncs


@dataclass(frozen=True)
class HingeFit:
    x: np.ndarray
    target: np.ndarray
    fit: np.ndarray
    knots: np.ndarray
    max_abs_error: float


def hinge_fit(
    n_units: int, *, lo: float = -np.pi, hi: float = np.pi, points: int = 400
) -> HingeFit:
    """Least-squares fit of ``sin`` on ``[lo, hi]`` by an affine term plus ``n_units`` ReLUs."""
    if not isinstance(n_units, int | np.integer) or n_units < 0:
        raise ValueError(f"hinge_fit: n_units={n_units!r} must be an integer >= 0")
    relu = actfuncs.get("relu")
    x = np.linspace(lo, hi, points)
    target = np.sin(x)
    knots = np.linspace(lo, hi, n_units + 2)[1:-1]
    columns = [np.ones_like(x), x] + [relu(x - t) for t in knots]
    A = np.stack(columns, axis=1)
    coef, *_ = np.linalg.lstsq(A, target, rcond=None)
    fit = A @ coef
    return HingeFit(x, target, fit, knots, float(np.max(np.abs(fit - target))))
