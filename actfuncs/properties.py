r"""Computed properties of elementwise activations: measured, not asserted.

Every function here takes an :class:`~actfuncs.registry.Activation` (or a name) and
evaluates it numerically, so figures, tables and tests can compare the flags a
:class:`~actfuncs.registry.Properties` declares with what the function actually does::

    >>> from actfuncs import properties as P
    >>> x, fx = P.minimum("silu")
    >>> round(x, 6), round(fx, 6)
    (-1.278465, -0.278465)

Conventions

* The scan grid is uniform on $[-10, 10]$ (kinks of ReLU6 at 6 and the hard functions
  at $\pm 3$ lie inside); the behaviour at the ends comes from $f(\pm\infty)$, which the
  package evaluates as the mathematical limit.
* A derivative is called continuous on the grid when no step changes it by more than
  ``jump_tol`` (its variation over one step $h$ is at most $h \sup|f^{(k+1)}|$, tiny for
  $h = 10^{-4}$), so a jump of a kink (0.01 for a Leaky ReLU slope and above) is caught.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

import actfuncs
from actfuncs.registry import Activation

GRID = (-10.0, 10.0)
_FAR = 1e6


def _act(f: Activation | str) -> Activation:
    a = actfuncs.get(f) if isinstance(f, str) else f
    if a.spec.kind != "elementwise":
        raise ValueError(f"{a.name}: computed properties are defined for elementwise activations")
    return a


def grid(n: int = 200_001, lo: float = GRID[0], hi: float = GRID[1]) -> np.ndarray:
    """The uniform scan grid (float64, ``n`` points, endpoints included)."""
    return np.linspace(lo, hi, n)


def limits(f: Activation | str) -> tuple[float, float]:
    r"""$(f(-\infty), f(+\infty))$ as the package evaluates them (the mathematical limits)."""
    a = _act(f)
    y = np.asarray(a(np.array([-math.inf, math.inf])), dtype=np.float64)
    return float(y[0]), float(y[1])


def output_range(f: Activation | str, n: int = 200_001) -> tuple[float, float]:
    r"""Numerical estimate of $(\inf f, \sup f)$: the grid values, far values and limits.

    Unbounded directions come out as $\pm\infty$ (from the limits); an extremum inside the
    grid is refined with :func:`extrema`, so the minimum of GELU or SiLU is accurate.
    """
    a = _act(f)
    x = np.concatenate([grid(n), [-_FAR, _FAR]])
    y = np.asarray(a(x), dtype=np.float64)
    vals = [float(y.min()), float(y.max()), *limits(a)]
    vals += [v for _, v, _ in extrema(a)]
    return min(vals), max(vals)


def is_monotonic(f: Activation | str, n: int = 200_001) -> bool:
    """True when f is non-decreasing on the grid and towards both limits."""
    a = _act(f)
    x = np.concatenate([[-math.inf, -_FAR], grid(n), [_FAR, math.inf]])
    y = np.asarray(a(x), dtype=np.float64)
    return bool(np.all(np.diff(y) >= 0))


def is_zero_centred(f: Activation | str, n: int = 20_001) -> bool:
    r"""True when f is odd, $f(-x) = -f(x)$ (so $f(0) = 0$ and outputs average to zero for
    inputs symmetric about 0) — the sense in which tanh is zero-centred and ReLU is not."""
    a = _act(f)
    x = grid(n)
    y = np.asarray(a(x), dtype=np.float64)
    ym = np.asarray(a(-x), dtype=np.float64)
    return bool(np.allclose(ym, -y, rtol=1e-12, atol=1e-15))


def is_bounded(f: Activation | str) -> tuple[bool, bool]:
    """``(bounded_below, bounded_above)`` of a continuous-on-pieces f: finite limits at both ends."""
    lo, hi = output_range(f, n=20_001)
    return math.isfinite(lo), math.isfinite(hi)


def is_sparse(f: Activation | str) -> bool:
    """True when f is exactly 0 on a whole half-line (checked on [-1e6, -10] or [10, 1e6])."""
    a = _act(f)
    far = np.geomspace(10.0, _FAR, 2001)
    return bool(np.all(a(-far) == 0) or np.all(a(far) == 0))


def saturates(f: Activation | str, tol: float = 1e-6) -> bool:
    r"""True when $f'(x) \to 0$ on at least one side ($|f'(\pm 10^6)| <$ ``tol``)."""
    a = _act(f)
    d = np.abs(np.asarray(a.grad(np.array([-_FAR, _FAR])), dtype=np.float64))
    return bool(np.any(d < tol))


def is_self_gated(f: Activation | str, n: int = 20_001) -> bool:
    r"""True when $f(x) = x\,g(x)$ with a gate $0 \le g \le 1$ that goes from 0 (at $-\infty$)
    to 1 (at $+\infty$) and is not a hard switch: $0 < g(x) < 1$ somewhere on both sides of 0."""
    a = _act(f)
    x = grid(n)
    x = x[x != 0]
    g = np.asarray(a(x), dtype=np.float64) / x
    far = np.asarray(a(np.array([-_FAR, _FAR])), dtype=np.float64) / np.array([-_FAR, _FAR])
    soft = (g > 1e-9) & (g < 1 - 1e-9)
    return bool(
        abs(far[0]) < 1e-6
        and abs(far[1] - 1) < 1e-6
        and bool(np.all((g >= 0) & (g <= 1)))
        and soft[x < 0].any()
        and soft[x > 0].any()
    )


SMOOTHNESS_ORDER = ("discontinuous", "C0", "C1", "C2", "Cinf")


def smoothness(f: Activation | str, n: int = 200_001, jump_tol: float = 1e-2) -> str:
    """``"discontinuous"``, ``"C0"``, ``"C1"`` or ``"C2"`` (at least C2) from jumps of f, f', f''.

    Analytic functions and C2 splines both come out as ``"C2"``: a grid cannot tell C2 from
    C-infinity, so compare with ``"Cinf"`` through :data:`SMOOTHNESS_ORDER`.
    """
    a = _act(f)
    x = grid(n)
    for level, kernel in zip(("discontinuous", "C0", "C1"), (a.fn, a.grad, a.grad2), strict=True):
        y = np.asarray(kernel(x), dtype=np.float64)
        if np.max(np.abs(np.diff(y))) > jump_tol:
            return level
    return "C2"


@dataclass(frozen=True)
class Extremum:
    """A local extremum found as a root of f' (refined with Brent's method)."""

    x: float
    value: float
    kind: str  # "min" or "max"

    def __iter__(self):  # unpack as (x, value, kind)
        return iter((self.x, self.value, self.kind))


def extrema(f: Activation | str, n: int = 20_001) -> list[Extremum]:
    r"""Local minima and maxima of f inside the grid: sign changes of $f'$ from − to + (min)
    or + to − (max), each refined to full precision by ``scipy.optimize.brentq`` on $f'$.

    Grid points where $f'$ is exactly 0 are skipped when looking for the sign change, so a root
    that falls on a grid point (hard swish: $f'(-1.5) = 0$ on the default grid) is still found;
    a sign change across a run of zeros (a flat-bottomed extremum) is reported at the run's
    midpoint. Plateaus (f' exactly 0 on an interval with the same sign on both sides, or at the
    end of the grid, as for ReLU) are not extrema in this sense.
    """
    a = _act(f)
    x = grid(n)
    d = np.asarray(a.grad(x), dtype=np.float64)
    s = np.sign(d)
    nz = np.nonzero(s)[0]  # NaN signs are NaN, not 0: they never form a sign change
    out: list[Extremum] = []
    for i, j in zip(nz[:-1], nz[1:], strict=True):
        if not s[i] * s[j] < 0:
            continue
        kind = "min" if s[i] < 0 else "max"
        if j == i + 1:
            r = brentq(lambda t: float(a.grad(t)), x[i], x[j], xtol=1e-15, rtol=8.9e-16)
        elif j == i + 2:
            r = float(x[i + 1])  # f' is exactly 0 at the one grid point between
        else:
            r = float(0.5 * (x[i + 1] + x[j - 1]))
        out.append(Extremum(r, float(a(r)), kind))
    return out


def minimum(f: Activation | str) -> tuple[float, float]:
    """Location and value of the global minimum inside the grid (e.g. GELU, SiLU, Mish)."""
    mins = [e for e in extrema(f) if e.kind == "min"]
    if not mins:
        raise ValueError(f"{_act(f).name} has no interior minimum on {GRID}")
    best = min(mins, key=lambda e: e.value)
    return best.x, best.value


def saturation_regions(
    f: Activation | str, tol: float = 1e-3, n: int = 20_001
) -> list[tuple[float, float]]:
    r"""Maximal intervals of the grid where $|f'(x)| <$ ``tol``; an interval touching an end
    of the grid extends to $\pm\infty$ when $f'$ also stays below ``tol`` at $\pm 10^6$."""
    a = _act(f)
    x = grid(n)
    small = np.abs(np.asarray(a.grad(x), dtype=np.float64)) < tol
    far = np.abs(np.asarray(a.grad(np.array([-_FAR, _FAR])), dtype=np.float64)) < tol
    out: list[tuple[float, float]] = []
    i = 0
    while i < len(x):
        if not small[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(x) and small[j + 1]:
            j += 1
        lo = -math.inf if i == 0 and far[0] else float(x[i])
        hi = math.inf if j == len(x) - 1 and far[1] else float(x[j])
        out.append((lo, hi))
        i = j + 1
    return out


def measured(f: Activation | str) -> dict[str, object]:
    """Every computed property in one mapping, keyed like :class:`~actfuncs.registry.Properties`."""
    a = _act(f)
    below, above = is_bounded(a)
    return {
        "monotonic": is_monotonic(a),
        "smoothness": smoothness(a),
        "zero_centred": is_zero_centred(a),
        "bounded_above": above,
        "bounded_below": below,
        "saturating": saturates(a),
        "sparse": is_sparse(a),
        "self_gated": is_self_gated(a),
    }
