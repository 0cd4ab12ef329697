r"""Vector activations: softmax and log-softmax along any axis, with JVPs and Jacobians.

Two details keep every entry accurate, not just the large ones:

* $x_i - \max x$ is rounded when the two differ a lot; its exact error $\delta_i$ (TwoSum) is
  put back as $e^{d_i}(1 + \delta_i)$. Without it an entry like $e^{-600}$ has ~500 ULP error.
* The sum is $1 + S$ with $S$ the sum over the entries other than one argmax, so
  log-softmax of the dominant class is $-\mathrm{log1p}(S)$, never exactly 0 for a tiny $S$.

Rows containing $+\infty$ share the probability equally among their $+\infty$ entries (the
limit); rows that are all $-\infty$, or contain NaN, give NaN.
"""

from __future__ import annotations

import numpy as np

from actfuncs import _arrays
from actfuncs.registry import Activation, Properties, Spec, register


def _axis(x: np.ndarray, axis: int, where: str) -> int:
    if not isinstance(axis, int | np.integer):
        raise TypeError(f"{where}: axis must be an integer, got {axis!r}")
    if x.ndim == 0:
        raise ValueError(f"{where}: needs at least one dimension, got a scalar (shape ())")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(
            f"{where}: axis {axis} is out of range for an input of shape {x.shape} "
            f"(valid axes: {-x.ndim} to {x.ndim - 1})"
        )
    return int(axis) % x.ndim


def _parts(x: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(d, delta, S, bad): x - max = d + delta exactly, S = sum of exp over non-argmax entries."""
    m = np.max(x, axis=axis, keepdims=True)
    bad = ~np.isfinite(m)
    m0 = np.where(bad, 0.0, m)
    xf = np.where(bad | (x == -np.inf), m0 - 1e4, x)  # exp(-1e4) == 0: same result, no inf-inf
    d = xf - m0
    bb = d - xf
    delta = (xf - (d - bb)) + (-m0 - bb)  # TwoSum error of xf + (-m0)
    e = np.exp(d) * (1.0 + delta)
    first = np.argmax(xf, axis=axis)
    np.put_along_axis(e, np.expand_dims(first, axis), 0.0, axis=axis)
    s_other = np.sum(e, axis=axis, keepdims=True)
    return d, delta, s_other, bad


def _fix_bad_rows(out: np.ndarray, x: np.ndarray, bad: np.ndarray, axis: int, log: bool) -> None:
    if not bad.any():
        return
    pos = x == np.inf
    count = np.sum(pos, axis=axis, keepdims=True)
    has_nan = np.any(np.isnan(x), axis=axis, keepdims=True)
    share = pos / np.maximum(count, 1)
    if log:
        with np.errstate(divide="ignore"):  # log(0) = -inf is the intended limit here
            share = np.log(share)
    rows = np.broadcast_to(bad, x.shape)
    limit = np.where((count > 0) & ~has_nan, share, np.nan)
    out[rows] = np.broadcast_to(limit, x.shape)[rows]


def _softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    r"""$\mathrm{softmax}(x)_i = e^{x_i - m}/\sum_j e^{x_j - m}$, $m = \max_j x_j$."""
    ax = _axis(x, axis, "softmax")
    d, delta, s_other, bad = _parts(x, ax)
    out = np.exp(d) * (1.0 + delta) / (1.0 + s_other)
    _fix_bad_rows(out, x, bad, ax, log=False)
    return out


def _log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    r"""$\log\mathrm{softmax}(x)_i = (x_i - m) - \mathrm{log1p}(S)$."""
    ax = _axis(x, axis, "log_softmax")
    d, delta, s_other, bad = _parts(x, ax)
    out = (d - np.log1p(s_other)) + delta
    out[x == -np.inf] = -np.inf  # _parts moved these to max - 1e4; their log-probability is -inf
    _fix_bad_rows(out, x, bad, ax, log=True)
    return out


#: elements per block of rows in the float32 path (a reused float64 block of 1 MiB, in cache)
_BLOCK = 1 << 17


def _finite_rows(d: np.ndarray, m: np.ndarray, log: bool) -> np.ndarray:
    r"""Softmax (or log-softmax) of float64 rows with finite maxima ``m``, in place in ``d``.

    For float32 output neither refinement of the float64 kernel is needed: ``x - m`` of two
    float32 values is exact in float64 wherever $e^{x - m}$ survives in float32 (or off by
    $2^{-53}$ relative, amplified by at most $|x - m| < 104$), and the sum of at most a few
    thousand float64 terms is far inside a float32 ULP. log-softmax still adds the non-maximal
    terms apart, $\mathrm{log1p}(S + k - 1)$ with $k$ maxima, so that the dominant class keeps
    its tiny $-S$ instead of 0.
    """
    d -= m
    if not log:
        np.exp(d, out=d)
        d /= np.sum(d, axis=1, keepdims=True)
        return d
    top = d == 0.0
    e = np.exp(d)
    np.copyto(e, 0.0, where=top)
    s = np.sum(e, axis=1, keepdims=True)
    s += np.count_nonzero(top, axis=1, keepdims=True) - 1.0
    d -= np.log1p(s)
    return d


def _single(x: np.ndarray, axis: int, log: bool) -> np.ndarray:
    """float32 input: rows converted block by block into one float64 buffer (the last axis of a
    C-contiguous array; other layouts, and rows with an infinite or NaN maximum, take the
    general float64 kernel)."""
    general = _log_softmax if log else _softmax
    ax = _axis(x, axis, "log_softmax" if log else "softmax")
    if ax != x.ndim - 1 or not x.flags.c_contiguous or x.size == 0:
        return general(x.astype(np.float64), ax)
    rows = x.reshape(-1, x.shape[-1])
    out = np.empty(rows.shape, x.dtype)
    step = max(1, _BLOCK // rows.shape[1])
    buf = np.empty((min(step, rows.shape[0]), rows.shape[1]))
    for i in range(0, rows.shape[0], step):
        b = buf[: min(step, rows.shape[0] - i)]
        np.copyto(b, rows[i : i + step])
        m = np.max(b, axis=1, keepdims=True)  # NaN propagates
        r = _finite_rows(b, m, log) if np.isfinite(m).all() else general(b, 1)
        np.copyto(out[i : i + step], r, casting="same_kind")
    return out.reshape(x.shape)


def _as_tangent(x: np.ndarray, v: object, where: str) -> np.ndarray:
    vv = np.asarray(v, dtype=np.float64)
    if vv.shape != np.shape(x):
        raise ValueError(f"{where}: v must have the shape of x, {np.shape(x)}; got {vv.shape}")
    return vv


def _centred(s: np.ndarray, v: np.ndarray, axis: int) -> np.ndarray:
    r"""$v - v_k$ with $k$ the argmax of $s$: both JVPs are invariant under adding a constant
    to $v$, and after the shift the dominant entry no longer cancels in $\langle s, v\rangle$
    (so $J\mathbf{1} = 0$ exactly instead of $\pm 10^{-17}$)."""
    k = np.expand_dims(np.argmax(s, axis=axis), axis)
    return v - np.take_along_axis(v, k, axis=axis)


def _softmax_jvp(act: Activation, x: object, v: object, axis: int = -1) -> np.ndarray:
    r"""$J v = s \odot (v - \langle s, v\rangle)$ along ``axis`` (in x's dtype)."""
    xx, out = _arrays.as_float64(x, "softmax.jvp")
    s = _softmax(xx, axis)
    w = _centred(s, _as_tangent(s, v, "softmax.jvp"), axis)
    return _arrays.finish(s * (w - np.sum(s * w, axis=axis, keepdims=True)), out, False)


def _softmax_jacobian(act: Activation, x: object, axis: int = -1) -> np.ndarray:
    r"""$J = \mathrm{diag}(s) - s s^\top$; shape ``(..., n, n)`` with ``axis`` moved last."""
    xx, out = _arrays.as_float64(x, "softmax.jacobian")
    s = np.moveaxis(_softmax(xx, axis), axis, -1)
    return _arrays.finish(s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :]), out, False)


def _log_softmax_jvp(act: Activation, x: object, v: object, axis: int = -1) -> np.ndarray:
    r"""$J v = v - \langle \mathrm{softmax}(x), v\rangle$ along ``axis`` (in x's dtype)."""
    xx, out = _arrays.as_float64(x, "log_softmax.jvp")
    s = _softmax(xx, axis)
    w = _centred(s, _as_tangent(s, v, "log_softmax.jvp"), axis)
    return _arrays.finish(w - np.sum(s * w, axis=axis, keepdims=True), out, False)


def _log_softmax_jacobian(act: Activation, x: object, axis: int = -1) -> np.ndarray:
    r"""$J = I - \mathbf{1} s^\top$; shape ``(..., n, n)`` with ``axis`` moved last."""
    xx, out = _arrays.as_float64(x, "log_softmax.jacobian")
    s = np.moveaxis(_softmax(xx, axis), axis, -1)
    return _arrays.finish(np.eye(s.shape[-1]) - s[..., None, :], out, False)


VECTOR_PROPS = Properties(
    monotonic=True,
    smoothness="Cinf",
    zero_centred=False,
    bounded_above=True,
    bounded_below=True,
    saturating=True,
    sparse=False,
    self_gated=False,
)

register(
    Spec(
        name="softmax",
        display_name="softmax",
        family="vector",
        kind="vector",
        fn=_softmax,
        single={"fn": lambda x, axis=-1: _single(x, axis, log=False)},
        grad=None,
        methods={"jvp": _softmax_jvp, "jacobian": _softmax_jacobian},
        latex=r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}",
        latex_grad=r"\frac{\partial s_i}{\partial x_j} = s_i(\delta_{ij} - s_j)",
        properties=VECTOR_PROPS,
        paper="bridle1990softmax",
        year=1990,
        summary="Turns a vector of scores into a probability distribution along one axis.",
        output_range=(0.0, 1.0),
        uses="Multi-class output layers (with cross-entropy); attention weights.",
        pitfalls=(
            "Use it for mutually exclusive classes only; for multi-label targets use one "
            "sigmoid per class. Combine log and softmax with log_softmax, never log(softmax)."
        ),
    )
)

register(
    Spec(
        name="log_softmax",
        aliases=("logsoftmax",),
        display_name="log-softmax",
        family="vector",
        kind="vector",
        fn=_log_softmax,
        single={"fn": lambda x, axis=-1: _single(x, axis, log=True)},
        grad=None,
        methods={"jvp": _log_softmax_jvp, "jacobian": _log_softmax_jacobian},
        latex=r"\log\mathrm{softmax}(x)_i = x_i - \log\sum_j e^{x_j}",
        latex_grad=r"\frac{\partial \ell_i}{\partial x_j} = \delta_{ij} - s_j",
        properties=Properties(
            monotonic=True,
            smoothness="Cinf",
            zero_centred=False,
            bounded_above=True,
            bounded_below=False,
            saturating=True,
            sparse=False,
            self_gated=False,
        ),
        paper="bridle1990softmax",
        year=1990,
        summary="The logarithm of softmax, computed without forming softmax.",
        output_range=(-float("inf"), 0.0),
        uses="Cross-entropy losses and log-likelihoods of classifiers.",
        pitfalls="np.log(softmax(x)) is -inf where softmax underflows; log_softmax stays finite.",
    )
)
