"""Accuracy in ULPs against the mpmath reference: samplers and a pure ``measure`` function.

The error of a result ``got`` for the exact value ``ref`` is ``|got - ref| / ulp(ref)``, with
``ulp`` the spacing of the output dtype at ``ref`` rounded to that dtype (the smallest
subnormal near 0). A correctly rounded result has error at most 0.5. NaN where the reference
is a number (or a number where the reference is NaN), a finite result where the exact value
overflows the dtype, an infinity where it does not, and an infinity of the wrong sign are
counted as mismatches, not as ULPs.

Which inputs are compared:

* ``fn`` everywhere (the kinks of ReLU & co. are continuous points of ``f``);
* ``grad`` / ``grad2`` everywhere except the exact points listed by
  :func:`actfuncs.reference.kinks` (where the derivative jumps; the package follows PyTorch's
  conventions there, which other tests check). Their float neighbours *are* compared.
* vector activations (softmax, log_softmax): ``fn`` row by row, elementwise ULPs;
  ``grad`` is the Jacobian-vector product with a fixed direction, measured *normwise*
  (error over the ULP of the largest entry of the row), since ``v - <s, v>`` may cancel
  for any implementation;
* gated units (glu, swiglu, geglu): inputs are pairs ``[a, b]``; ``grad`` is the
  vector-Jacobian product with ``g = 1``, both halves compared elementwise;
* learnable sums (LEAF, the KAN spline): their terms cancel at parameter-dependent points,
  so errors are in ULPs of ``max(|ref|, sum of |terms|)`` (the reference's ``term_scale``),
  i.e. relative to the componentwise condition of the sum.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mpmath as mp
import numpy as np

import actfuncs
from actfuncs import reference

#: points near which functions or their derivatives have roots, minima or kinks
#: (the exact ones are found from the reference by :func:`critical_samples`)
LANDMARKS = (-6.0, -3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0)

#: direction of the Jacobian-vector product used for vector activations
JVP_DIRECTION = (1.0, -2.0, 0.5, 3.0)
#: length of the rows fed to vector activations
ROW = len(JVP_DIRECTION)


def _mant_bits(dtype: np.dtype) -> int:
    return int(np.finfo(dtype).nmant)


def ulp_error(got: float, ref: mp.mpf, dtype: np.dtype) -> float:
    """``|got - ref|`` in ULPs of ``dtype`` at ``ref`` (``inf`` for a NaN/inf mismatch)."""
    hi, lo = _split(ref)
    return float(_ulp_errors(np.array([got]), np.array([hi]), np.array([lo]), dtype)[0])


def _split(ref: Any) -> tuple[float, float]:
    """``ref`` as an unevaluated float64 sum ``hi + lo`` (NaN for NaN, ±inf on overflow)."""
    if mp.isnan(ref):
        return float("nan"), 0.0
    if mp.isinf(ref):
        return float(ref), 0.0
    with mp.workprec(reference.PREC):
        try:
            hi = float(ref)
            lo = float(ref - mp.mpf(hi)) if np.isfinite(hi) else 0.0
        except OverflowError:  # exponent beyond any float: 0 or inf with the sign of ref
            hi = float(mp.sign(ref)) * (0.0 if abs(ref) < 1 else float("inf"))
            lo = 0.0
    return hi, lo


def ulp(r: np.ndarray, dtype: np.dtype) -> np.ndarray:
    r"""$2^{\max(e, e_{\min}) - p}$ for $|r| \in [2^e, 2^{e+1})$: the spacing of ``dtype`` at ``r``
    (``r`` representable in ``dtype``; the smallest subnormal at and near 0)."""
    fin = np.finfo(dtype)
    _, e = np.frexp(np.abs(np.asarray(r, dtype=np.float64)))
    e = np.where(np.asarray(r) == 0, fin.minexp + 1, e)
    return np.ldexp(1.0, np.maximum(e - 1, fin.minexp) - fin.nmant)


def _ulp_errors(got: np.ndarray, hi: np.ndarray, lo: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Vectorised ULP errors; ``inf`` marks a mismatch (NaN / overflow / sign of infinity)."""
    dt = np.dtype(dtype)
    fin = np.finfo(dt)
    got = np.asarray(got, dtype=np.float64)
    top_ulp = math.ldexp(1.0, int(fin.maxexp) - 1 - int(fin.nmant))
    big = float(fin.max) + top_ulp / 2  # exact values at or beyond this round to inf
    with np.errstate(over="ignore", invalid="ignore"):
        ref_over = np.isinf(hi) | (np.abs(hi) >= big)
        ref_nan = np.isnan(hi)
        r = np.where(ref_over | ref_nan, 0.0, hi).astype(dt).astype(np.float64)
        spacing = ulp(r, dt)
        err = np.abs((got - hi) - lo) / spacing
    out = np.where(np.isfinite(err), err, np.inf)
    nan_ok = ref_nan & np.isnan(got)
    inf_ok = ref_over & np.isinf(got) & (np.sign(got) == np.sign(hi))
    out = np.where(nan_ok | inf_ok, 0.0, out)
    mismatch = (np.isnan(got) != ref_nan) | (ref_over & ~inf_ok) | (
        np.isinf(got) & ~ref_over & ~ref_nan
    )
    return np.where(mismatch, np.inf, out)


# -- samples --------------------------------------------------------------------------------


def logspaced(dtype: np.dtype, n: int, seed: int = 0) -> np.ndarray:
    """``n`` magnitudes log-evenly spaced from the smallest subnormal to the largest finite
    value of ``dtype``, with both signs and zero (``seed`` is accepted for compatibility)."""
    fin = np.finfo(dtype)
    lo, hi = float(fin.smallest_subnormal), float(fin.max)
    # exponents in float64, scaled by halves so 2**e never overflows
    e = np.linspace(np.log2(lo), np.log2(hi), max(n // 2, 2))
    with np.errstate(over="ignore"):  # the top point may round past max: clipped below
        mags = np.ldexp(np.exp2(e - np.floor(e)), np.floor(e).astype(int))
    mags = np.clip(np.nan_to_num(mags, posinf=hi), lo, hi).astype(dtype)
    return np.unique(np.concatenate([-mags, [0.0], mags]).astype(dtype))


def around(points: tuple[float, ...] | list[float], dtype: np.dtype, k: int = 4,
           width: float = 0.05, n: int = 5, seed: int = 0) -> np.ndarray:
    """Each point, its ``k`` float neighbours on each side, and ``n`` samples within ``width``."""
    rng = np.random.default_rng(seed)
    out: list[Any] = []
    for p in points:
        v = np.array(p, dtype=dtype)
        out.append(v)
        up, down = v, v
        for _ in range(k):
            up = np.nextafter(up, np.array(np.inf, dtype=dtype))
            down = np.nextafter(down, np.array(-np.inf, dtype=dtype))
            out += [up, down]
        out += list((p + rng.uniform(-width, width, n)).astype(dtype))
    return np.array(out, dtype=dtype)


def all_float16() -> np.ndarray:
    """Every finite float16 value."""
    v = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    return v[np.isfinite(v)]


@functools.lru_cache(maxsize=256)
def _critical(name: str, which: str, params_key: tuple) -> tuple[float, ...]:
    params = dict(params_key)
    pts = list(reference.critical_points(name, which, **params))
    for w in ("fn", "grad", "grad2"):
        pts += list(reference.kinks(name, w, params))
    return tuple(sorted(set(pts)))


def critical_samples(name: str, which: str, dtype: np.dtype,
                     params: Mapping[str, Any] | None = None, k: int = 4) -> np.ndarray:
    """Inputs next to the roots/extrema of ``which`` (from the reference) and every kink."""
    pts = _critical(name, which, _key(params))
    return around(tuple(pts) + LANDMARKS, dtype, k=k)


#: the tail shapes of the catalog, as the exponent t(x) of e^-t: e^-|x| (sigmoid, softplus,
#: the ELU family, SiLU, Mish, ...), e^-2|x| (tanh', Mish's 1 - T^2), e^-x^2/2 (exact GELU)
#: and e^-2u with u ~ 0.0357 |x|^3 (tanh-GELU); :func:`underflow_samples` inverts them
TAIL_INVERSES = (lambda t: t, lambda t: t / 2.0, lambda t: np.sqrt(2.0 * t),
                 lambda t: np.cbrt(t / 0.07135))


def underflow_samples(dtype: np.dtype, n: int, seed: int = 0) -> np.ndarray:
    r"""``n`` inputs per tail shape and sign where results pass from the smallest normal number
    of ``dtype`` to below its smallest subnormal.

    A log-spaced sample has a handful of points per decade, so it can miss such a window
    entirely (float64: |x| from about 708 to 745 for $e^{-|x|}$): that is where SciPy's
    ``expit`` returned 0 for subnormal $\sigma(x)$ until 2026-11-23, unseen by the sweep.
    """
    fin = np.finfo(dtype)
    t = np.random.default_rng(seed).uniform(0.97 * -np.log(float(fin.tiny)),
                                            1.02 * -np.log(float(fin.smallest_subnormal)), n)
    mags = np.concatenate([inv(t) for inv in TAIL_INVERSES])
    return np.concatenate([-mags, mags]).astype(dtype)


def default_samples(dtype: np.dtype, n: int = 200, seed: int = 0) -> np.ndarray:
    """A mixed sample: log-spaced over the whole range, uniform in [-10, 10], landmarks and
    the underflow windows (:func:`underflow_samples`, ``n // 8`` per shape and sign)."""
    rng = np.random.default_rng(seed)
    parts = [
        logspaced(dtype, n, seed),
        rng.uniform(-10, 10, n).astype(dtype),
        around(LANDMARKS, dtype, seed=seed),
        underflow_samples(dtype, max(n // 8, 4), seed),
    ]
    return np.concatenate(parts)


# -- measurement ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Accuracy:
    """Max ULP error of one function or derivative over a sample."""

    name: str
    which: str
    dtype: str
    max_ulp: float
    worst_x: float | list[float]
    mismatches: int
    n: int
    params: tuple = ()
    first_mismatch: float | list[float] | None = None
    #: warnings the package emitted on this sample (it should emit none)
    warnings: tuple[str, ...] = ()
    #: dtype of the returned array (it should equal ``dtype``)
    out_dtype: str = ""

    def row(self) -> dict:
        return self.__dict__.copy()


def _key(params: Mapping[str, Any] | None) -> tuple:
    out = []
    for k, v in sorted((params or {}).items()):
        out.append((k, tuple(float(t) for t in np.ravel(v)) if np.ndim(v) else float(v)))
    return tuple(out)


def _unkey(key: tuple) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in key}


@functools.lru_cache(maxsize=2_000_000)
def _ref_split(name: str, which: str, key: tuple, x: Any) -> tuple[tuple[float, float], ...]:
    """The reference as (hi, lo) float64 pairs, one per output entry (memoised)."""
    ref = reference.REFERENCE[name]
    if ref.kind == "vector" and which == "grad":
        with mp.workprec(reference.PREC):
            val = ref.grad([mp.mpf(t) for t in x], [mp.mpf(t) for t in JVP_DIRECTION])
    else:
        val = reference.evaluate(name, which, list(x) if isinstance(x, tuple) else x,
                                 _unkey(key))
    with mp.workprec(reference.PREC):
        vals = list(val) if isinstance(val, (list, tuple)) else [val]
        return tuple(_split(v) for v in vals)


@functools.lru_cache(maxsize=200_000)
def _term_scale(name: str, which: str, key: tuple, x: float) -> float:
    ref = reference.REFERENCE[name]
    with mp.workprec(reference.PREC):
        params = {k: reference._mp(v) for k, v in _unkey(key).items()}
        v = ref.term_scale(which, mp.mpf(x), **params)
        if v is None:  # no cancellation in this quantity: plain ULPs
            return 0.0
        with np.errstate(over="ignore"):
            try:
                return float(v)
            except OverflowError:
                return 0.0 if abs(v) < 1 else float("inf")


def rows_for(kind: str, xs: np.ndarray) -> np.ndarray:
    """Turn a 1-d sample into the 2-d input a vector (rows of 4) or gated (pairs) unit takes."""
    xs = np.asarray(xs)
    width = ROW if kind == "vector" else 2
    cols = [np.roll(xs, 7 * i) for i in range(width)]
    return np.stack(cols, axis=-1)


def evaluate_package(name: str, which: str, x: np.ndarray,
                     params: Mapping[str, Any] | None = None) -> np.ndarray:
    """What the package returns for ``which`` on ``x`` (rows for vector/gated units)."""
    act = actfuncs.get(name, **(params or {}))
    kind = act.spec.kind
    if which.startswith("param:"):
        return np.asarray(act.param_grad(which[6:], x))
    if kind == "vector" and which == "grad":
        return np.asarray(act.jvp(x, np.broadcast_to(np.asarray(JVP_DIRECTION, x.dtype),
                                                    x.shape)))
    if kind == "gated" and which == "grad":
        return np.asarray(act.vjp(x, np.ones(x.shape[:-1] + (1,), dtype=x.dtype)))
    return np.asarray(getattr(act, which)(x))


def measure(name: str, which: str, dtype: Any, samples: np.ndarray,
            params: Mapping[str, Any] | None = None, *,
            got: np.ndarray | None = None) -> Accuracy:
    """Max ULP error of ``actfuncs.get(name, **params)``'s ``which`` on ``samples``.

    ``which`` is ``"fn"``, ``"grad"``, ``"grad2"`` or ``"param:<name>"``. ``samples`` is a
    1-d array; for vector and gated units it is turned into rows by :func:`rows_for`.
    Pass ``got`` to judge another library's output for the same inputs instead (the
    benchmarks do this for SciPy, PyTorch and JAX). Kink points are dropped (see the module
    docstring). Returns the max ULP, the input where it happens and the mismatch count.
    """
    dtype = np.dtype(dtype)
    params = dict(actfuncs.get(name, **dict(params or {})).params)  # defaults made explicit
    if name not in reference.REFERENCE:
        raise KeyError(f"no reference for {name!r}; add one to actfuncs.reference")
    ref = reference.REFERENCE[name]
    xs = np.asarray(samples, dtype=dtype).ravel()
    xs = xs[~np.isnan(xs) & np.isfinite(xs)]
    if ref.kind == "elementwise" and which != "fn":
        exclude = np.array(reference.kinks(name, which if which in ("grad", "grad2") else "grad",
                                           params), dtype=np.float64)
        if exclude.size:
            xs = xs[~np.isin(xs.astype(np.float64), exclude)]
    if ref.kind == "elementwise":
        inputs = xs
        keys = [float(v) for v in xs.astype(np.float64)]
    else:
        inputs = rows_for(ref.kind, xs)
        keys = [tuple(float(t) for t in row) for row in inputs.astype(np.float64)]
    warned: tuple[str, ...] = ()
    if got is None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = evaluate_package(name, which, inputs, params)
        warned = tuple(sorted({f"{w.category.__name__}: {w.message}" for w in caught}))
    out_dtype = str(np.asarray(got).dtype)
    got = np.asarray(got, dtype=np.float64).reshape(len(keys), -1)
    key = _key(params)
    pairs = [_ref_split(name, which, key, k) for k in keys]
    width = max((len(p) for p in pairs), default=1)
    hi = np.array([[q[0] for q in p] for p in pairs]).reshape(len(keys), width)
    lo = np.array([[q[1] for q in p] for p in pairs]).reshape(len(keys), width)
    if got.shape != hi.shape:
        raise ValueError(f"{name}.{which}: output shape {got.shape} != reference {hi.shape}")
    err = _ulp_errors(got, hi, lo, dtype)
    if ref.term_scale is not None and ref.kind == "elementwise":
        scale = np.array([[_term_scale(name, which, key, k)] for k in keys])
        unit = ulp(np.maximum(np.abs(hi), scale).astype(dtype).astype(np.float64), dtype)
        err = np.where(np.isfinite(err), np.abs((got - hi) - lo) / unit, np.inf)
    if ref.kind == "vector" and which == "grad":  # normwise: ULPs of the terms' size
        with mp.workprec(reference.PREC):
            direction = [mp.mpf(t) for t in JVP_DIRECTION]
            scale = np.array([[float(ref.grad_scale([mp.mpf(t) for t in k], direction))]
                              for k in keys])
        unit = ulp(scale.astype(dtype).astype(np.float64), dtype)
        err = np.where(np.isfinite(err), np.abs((got - hi) - lo) / unit, np.inf)
    mism = ~np.isfinite(err)
    per_row_mism = mism.any(axis=1)
    clean = np.where(mism, -1.0, err)
    row_max = clean.max(axis=1) if clean.size else np.zeros(0)
    if row_max.size and row_max.max() >= 0:
        i = int(np.argmax(row_max))
        worst, worst_x = float(max(row_max[i], 0.0)), _as_x(inputs[i])
    else:
        worst, worst_x = 0.0, float("nan")
    first = _as_x(inputs[int(np.argmax(per_row_mism))]) if per_row_mism.any() else None
    return Accuracy(name, which, dtype.name, worst, worst_x, int(per_row_mism.sum()),
                    len(keys), key, first, warned, out_dtype)


def _as_x(v: Any) -> float | list[float]:
    a = np.asarray(v, dtype=np.float64)
    return float(a) if a.ndim == 0 else [float(t) for t in a]


def whiches(name: str) -> list[str]:
    """The quantities measured for ``name``: fn, grad, grad2 and each parameter gradient."""
    s = actfuncs.spec(name)
    ref = reference.REFERENCE.get(name)
    out = ["fn"]
    if s.kind == "elementwise":
        out += [w for w in ("grad", "grad2") if getattr(s, w) is not None]
        if ref is not None:
            out += [f"param:{p}" for p in s.param_grads if p in ref.param_grads]
    else:
        out.append("grad")
    return out
