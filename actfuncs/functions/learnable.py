r"""Learnable activations: LEAF and the B-spline activation of Kolmogorov–Arnold networks.

**LEAF** (Bodyanskiy & Kostiuk, 2023) is $f(x) = (p_1 x + p_2)\,\sigma(p_3 x) + p_4$ with four
learnable parameters. It contains classic functions as special cases: SiLU
$(1, 0, 1, 0)$, the sigmoid $(0, 1, 1, 0)$, tanh $(0, 2, 2, -1)$, the identity $(2, 0, 0, 0)$,
and ReLU as the limit $p_3 \to \infty$ of $(1, 0, p_3, 0)$. (Some secondary sources describe a
"LEAF" that is just PReLU; that is not the paper's function.)

**KAN spline**: a Kolmogorov–Arnold network (Liu et al., 2024) puts a learnable
one-dimensional function on every *edge* instead of a fixed activation on every node; KAN is an
architecture, not one activation. The function on an edge is
$\phi(x) = w_b\,\mathrm{SiLU}(x) + w_s \sum_i c_i B_i(x)$ with cubic B-splines $B_i$ on a
uniform grid. ``kan_spline`` is one such edge function, with the grid fixed to 5 intervals on
$[-1, 1]$ (extended by 3 knots each side, so 8 coefficients).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy.interpolate import BSpline
from scipy.optimize import brentq

from actfuncs.functions import _stable as st
from actfuncs.functions import _wide as wd
from actfuncs.functions.smooth import _silu, _silu_dbeta, _silu_grad, _silu_grad2
from actfuncs.registry import Param, Properties, Spec, register

# -- LEAF ---------------------------------------------------------------------------------------


def _ld(y: np.ndarray) -> np.ndarray:
    return np.asarray(y, dtype=np.longdouble)


def _linear(x: np.ndarray, p1: float, p2: float) -> np.ndarray:
    r"""$p_1 x + p_2$ with $p_1 x$ split exactly, so the sum keeps its digits near its root."""
    if p1 == 0.0:
        return np.full_like(x, p2)
    finite = np.isfinite(x) & (np.abs(x) < 1e300)
    xs = np.where(finite, x, 0.0)
    hi, lo = st.two_prod(np.full_like(xs, p1), xs)
    s = hi + p2
    bb = s - hi
    err = (hi - (s - bb)) + (p2 - bb)  # TwoSum error of hi + p2
    out = s + (err + lo)
    with np.errstate(over="ignore"):  # |p1| > 1 times a huge x: inf is the correct rounding
        return np.where(finite, out, p1 * x + p2)


def _linear_ld(x: np.ndarray, p1: float, p2: float) -> np.ndarray:
    r"""$p_1 x + p_2$ in long double from its float64 double-double parts (finite ``x``)."""
    hi, lo = st.two_prod(np.full_like(x, p1), x)
    s, err = st.two_sum(hi, np.full_like(x, p2))
    return _ld(s) + _ld(err + lo)


def _gate(x: np.ndarray, p3: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""``(u, xc, s, sp)``: $u = p_3 x$ (clipped), $x_c = u/p_3$, $s = \sigma(p_3x)$, $s' = \sigma'(p_3x)$.

    $p_3 x$ is rounded with error $\ell$ (its exact remainder, TwoProd); in the tails that
    rounding is amplified to $|u|\epsilon$ relative error of $\sigma$ and $\sigma'$, so it is put
    back to first order: $\sigma(u + \ell) = \sigma(u)(1 + \sigma(-u)\ell)$ and
    $\sigma'(u + \ell) = \sigma'(u)(1 - \tanh(u/2)\ell)$.
    """
    lim = 800.0 / abs(p3) if p3 else math.inf
    xcl = np.clip(x, -lim, lim)
    if p3 == 0.0:
        u = np.where(np.isnan(x), x, 0.0)  # sigma(0 * x) = 1/2 for every x but NaN
        return u, np.where(np.isinf(x), 0.0, x), st.sigmoid(u), st.sigmoid_grad(u)
    u, lo = st.two_prod(np.full_like(xcl, p3), xcl)
    lo = np.where(np.isfinite(lo), lo, 0.0)
    s = st.sigmoid(u) * (1.0 + st.sigmoid(-u) * lo)
    sp = (st.sigmoid(u) * st.sigmoid(-u)) * (1.0 - np.tanh(0.5 * u) * lo)
    return u, xcl, s, sp


def _exp_tail(xc: np.ndarray, p3: float) -> np.ndarray:
    r"""$e^{p_3 x}\,2^{1024}$ from the exact product $p_3x = u + u_{lo}$, for $p_3x$ in the far
    left tail (:func:`~actfuncs.functions._stable.exp_scaled`)."""
    u, lo = st.two_prod(np.full_like(xc, p3), xc)
    return st.exp_scaled(u, lo)


def _as_silu(p1: float, p2: float, p3: float, p4: float) -> bool:
    """LEAF is exactly SiLU with beta = p3 here; its kernels then carry SiLU's root windows."""
    return p1 == 1.0 and p2 == 0.0 and p4 == 0.0 and p3 > 0.0


def _leaf(x: np.ndarray, p1: float, p2: float, p3: float, p4: float) -> np.ndarray:
    r"""$(p_1 x + p_2)\sigma(p_3 x) + p_4$ (a zero factor times an infinite one is its limit 0)."""
    if _as_silu(p1, p2, p3, p4):
        return _silu(x, p3)
    u, xc, s, _ = _gate(x, p3)
    lin = _linear(np.where(np.isinf(x) & (s == 0), 0.0, x), p1, p2)
    out = lin * s + p4
    if p4 != 0.0:  # p4 plus a tail term is p4's neighbourhood: nothing subnormal to keep
        return out
    return st.patch_tail(out, u, lambda m: lin[m] * _exp_tail(xc[m], p3))


def _leaf_grad(x: np.ndarray, p1: float, p2: float, p3: float, p4: float) -> np.ndarray:
    r"""$p_1\sigma(p_3x) + p_3(p_1x + p_2)\sigma'(p_3x)$."""
    if _as_silu(p1, p2, p3, p4):
        return _silu_grad(x, p3)
    u, xc, s, sp = _gate(x, p3)
    lin = _linear(xc, p1, p2)
    out = p1 * s + p3 * lin * sp
    # left tail: sigma = sigma' = e^w (w = p3 x): e^w (p1 + p3 (p1 x + p2))
    return st.patch_tail(out, u, lambda m: _exp_tail(xc[m], p3) * (p1 + p3 * lin[m]))


def _leaf_grad2(x: np.ndarray, p1: float, p2: float, p3: float, p4: float) -> np.ndarray:
    r"""$2p_1p_3\sigma'(p_3x) + p_3^2(p_1x + p_2)\sigma''(p_3x)$."""
    if _as_silu(p1, p2, p3, p4):
        return _silu_grad2(x, p3)
    u, xc, _, sp = _gate(x, p3)
    lin = _linear(xc, p1, p2)
    out = 2 * p1 * p3 * sp - p3 * p3 * lin * sp * np.tanh(0.5 * u)
    # tails: sigma' = e^-|w|, tanh(w/2) = -+1
    out = st.patch_tail(out, u, lambda m: _exp_tail(xc[m], p3) * (2 * p1 * p3 + p3 * p3 * lin[m]))
    return st.patch_tail(out, -u, lambda m: _exp_tail(xc[m], -p3)
                         * (2 * p1 * p3 - p3 * p3 * lin[m]))


def _leaf_dp(which: int):
    def grad(x: np.ndarray, p1: float, p2: float, p3: float, p4: float) -> np.ndarray:
        # x sigma(p3 x) and, at p1 = 1, p2 = 0, x^2 sigma'(p3 x) are SiLU's f and d/d beta:
        # their kernels also keep the far left tail's subnormal results exact
        if which == 1 and p3 > 0.0:
            return _silu(x, p3)
        if which == 3 and p3 > 0.0 and p1 == 1.0 and p2 == 0.0:
            return _silu_dbeta(x, p3)
        _, xc, s, sp = _gate(x, p3)
        if which == 1:
            return np.where(s == 0, 0.0, x) * s
        if which == 2:
            return s
        if which == 3:
            if p3 == 0.0:  # (p1 x + p2) x / 4, whose limits at +-inf are infinite
                with np.errstate(invalid="ignore", over="ignore"):
                    v = (p1 * x + p2) * x * 0.25
                return np.where(np.isnan(v) & ~np.isnan(x), 0.0, v)
            lin = _linear(xc, p1, p2)
            out = lin * xc * sp
            out = st.patch_tail(out, p3 * xc, lambda m: lin[m] * xc[m] * _exp_tail(xc[m], p3))
            return st.patch_tail(out, -p3 * xc,
                                 lambda m: lin[m] * xc[m] * _exp_tail(xc[m], -p3))
        return st.keep_nan(x, np.ones_like(x))

    return grad


def _leaf_dp3_wide(x: np.ndarray, p1: float, p2: float, p3: float, p4: float) -> np.ndarray:
    r"""$\partial f/\partial p_3 = (p_1x + p_2)\,x\,\sigma'(p_3x)$ in long double, rounded once.

    The float64 form rounds five times (the linear factor, the product with $x$, the two
    sigmoids of $\sigma' = \sigma(u)\sigma(-u)$ and their product): up to 4.3 ULP. Here
    $p_1x + p_2$ is the compensated float64 sum of :func:`_linear` carried in long double
    (its two parts), so it keeps its digits near its root, and $\sigma'(p_3x)$ is
    $e^{-|u|}/(1 + e^{-|u|})^2$ in long double, which stays normal far beyond float64's range.
    """
    lim = wd._BIG / abs(p3) if p3 else math.inf
    if lim > 1e150:  # |p3| < 1e-146: keep the exact products of _linear_ld in range
        return _leaf_dp(3)(x, p1, p2, p3, p4)
    xc = np.clip(x, -lim, lim)  # sigma'(p3 x) < e^-10000 beyond: the product rounds to 0
    X = _ld(xc)
    return _linear_ld(xc, p1, p2) * X * wd.dsig(X * _ld(p3))


def _leaf_wide(which: str):
    r"""The float64-output kernel for ``which`` ("fn", "grad", "grad2", "p1"): at the SiLU
    parameters SiLU's long-double kernels (in the far left tail, where the result is subnormal,
    the float64 product of $x$ and a subnormal $\sigma$ loses up to ~360 ULP), else the float64
    kernel."""
    plain = {"fn": _leaf, "grad": _leaf_grad, "grad2": _leaf_grad2, "p1": _leaf_dp(1)}[which]
    wide = {"fn": wd.silu, "grad": wd.silu_grad, "grad2": wd.silu_grad2, "p1": wd.silu}[which]

    def kernel(x: np.ndarray, p1: float, p2: float, p3: float, p4: float) -> np.ndarray:
        # d f / d p1 = x sigma(p3 x) is SiLU with beta = p3 whatever p1, p2, p4 are
        silu = p3 > 0.0 if which == "p1" else _as_silu(p1, p2, p3, p4)
        return wide(x, p3) if silu else plain(x, p1, p2, p3, p4)

    return kernel


def _leaf_range(p1: float, p2: float, p3: float, p4: float) -> tuple[float, float]:
    r"""$(\inf f, \sup f)$ for these parameters: the limits at $\pm\infty$ and every interior
    extremum (roots of $f'$ bracketed on a grid scaled by $1/|p_3|$, refined by Brent's method)."""
    if _as_silu(p1, p2, p3, p4):
        return (-0.27846454276107380 / p3, math.inf)
    kw = dict(p1=p1, p2=p2, p3=p3, p4=p4)
    vals = list(_leaf(np.array([-math.inf, math.inf]), **kw))
    scale = 1.0 / abs(p3) if p3 else 1.0
    x = np.unique(np.concatenate([np.linspace(-60.0, 60.0, 12001) * scale, np.linspace(-10, 10, 2001)]))
    d = _leaf_grad(x, **kw)
    sg = np.sign(d)
    for i in np.nonzero(sg[:-1] * sg[1:] < 0)[0]:
        r = brentq(lambda t: float(_leaf_grad(np.array([t]), **kw)[0]), x[i], x[i + 1], xtol=1e-300)
        vals.append(float(_leaf(np.array([r]), **kw)[0]))
    vals.extend(_leaf(x, **kw))
    return float(np.min(vals)), float(np.max(vals))


LEAF_PARAMS = (
    Param("p1", 1.0, learnable=True, widget=(-2.0, 2.0), doc="slope of the linear factor"),
    Param("p2", 0.0, learnable=True, widget=(-2.0, 2.0), doc="offset of the linear factor"),
    Param("p3", 1.0, learnable=True, widget=(-5.0, 5.0), doc="sharpness of the sigmoid gate"),
    Param("p4", 0.0, learnable=True, widget=(-2.0, 2.0), doc="output shift"),
)

register(
    Spec(
        name="leaf",
        display_name="LEAF",
        family="learnable",
        fn=_leaf,
        grad=_leaf_grad,
        grad2=_leaf_grad2,
        params=LEAF_PARAMS,
        param_grads={f"p{i}": _leaf_dp(i) for i in range(1, 5)},
        wide=wd.kernels(fn=_leaf_wide("fn"), grad=_leaf_wide("grad"), grad2=_leaf_wide("grad2"),
                        **{"param_grad[p1]": _leaf_wide("p1"), "param_grad[p3]": _leaf_dp3_wide}),
        latex=r"f(x) = (p_1 x + p_2)\,\sigma(p_3 x) + p_4",
        latex_grad=r"f'(x) = p_1\sigma(p_3 x) + p_3(p_1 x + p_2)\,\sigma'(p_3 x)",
        latex_grad2=r"f''(x) = 2p_1p_3\,\sigma'(p_3x) + p_3^2(p_1x + p_2)\,\sigma''(p_3x)",
        properties=Properties(
            monotonic=False,
            smoothness="Cinf",
            zero_centred=False,
            bounded_above=False,
            bounded_below=True,
            saturating=True,
            sparse=False,
            self_gated=True,
        ),
        paper="bodyanskiy2023leaf",
        year=2023,
        summary="A four-parameter learnable family that contains SiLU, sigmoid, tanh and linear.",
        output_range=_leaf_range,
        uses="Small CNNs and MLPs where the activation's shape is learned with the weights.",
        pitfalls=(
            "Properties listed are those of the default (SiLU) parameters; other parameters "
            "give bounded (sigmoid, tanh) or linear functions."
        ),
    )
)

# -- KAN B-spline edge function ---------------------------------------------------------------

KAN_ORDER = 3
KAN_GRID = (-1.0, 1.0, 5)  # lo, hi, intervals


def kan_knots(lo: float = KAN_GRID[0], hi: float = KAN_GRID[1], size: int = KAN_GRID[2]) -> np.ndarray:
    """Uniform knots on ``[lo, hi]`` extended by ``KAN_ORDER`` knots on each side."""
    h = (hi - lo) / size
    return lo + h * np.arange(-KAN_ORDER, size + KAN_ORDER + 1)


KAN_KNOTS = kan_knots()
KAN_NCOEF = len(KAN_KNOTS) - KAN_ORDER - 1


def _coef(coef: object) -> np.ndarray:
    c = np.broadcast_to(np.asarray(coef, dtype=np.float64), (KAN_NCOEF,)) if np.ndim(coef) == 0 \
        else np.asarray(coef, dtype=np.float64)
    if c.shape != (KAN_NCOEF,):
        raise ValueError(f"kan_spline: coef must have shape ({KAN_NCOEF},); got {c.shape}")
    return c


@functools.cache
def _basis(i: int, nu: int) -> BSpline:
    """The i-th cubic B-spline on ``KAN_KNOTS`` (or its nu-th derivative), 0 outside its support."""
    b = BSpline.basis_element(KAN_KNOTS[i : i + KAN_ORDER + 2], extrapolate=False)
    return b.derivative(nu) if nu else b


def _basis_values(x: np.ndarray, nu: int = 0) -> np.ndarray:
    """$B_i^{(\nu)}(x)$ for every i, shape ``x.shape + (n_coef,)``; NaN rows for NaN inputs."""
    flat = np.asarray(x, dtype=np.float64).ravel()
    out = np.zeros((flat.size, KAN_NCOEF))
    for i in range(KAN_NCOEF):
        lo, hi = KAN_KNOTS[i], KAN_KNOTS[i + KAN_ORDER + 1]
        inside = (flat >= lo) & (flat < hi)
        if inside.any():
            out[inside, i] = _basis(i, nu)(flat[inside])
    out[np.isnan(flat)] = np.nan
    return out.reshape(np.shape(x) + (KAN_NCOEF,))


def _spline(x: np.ndarray, coef: object, nu: int = 0) -> np.ndarray:
    r"""$\sum_i c_i B_i^{(\nu)}(x)$."""
    return _basis_values(x, nu) @ _coef(coef)


def _basis_ld(x: np.ndarray, nu: int = 0) -> np.ndarray:
    r"""$B_i^{(\nu)}(x)$ for every i in long double, shape ``x.shape + (n_coef,)``: Cox-de Boor
    on the float64 knots up to degree $3 - \nu$, then $\nu$ steps of the derivative rule
    $B_{i,k}' = \frac{k}{t_{i+k} - t_i}B_{i,k-1} - \frac{k}{t_{i+k+1} - t_{i+1}}B_{i+1,k-1}$
    (NaN rows for NaN inputs).

    SciPy's float64 basis values carry a few roundings each (up to ~3 ULP); here every step
    has 11 more bits, so sums and products built on them round once (the ``wide`` kernels of
    ``kan_spline``).
    """
    flat = np.asarray(x, dtype=np.float64).ravel()
    # outside the knots every B_i is 0; the clip keeps infinities out of (x - t) * 0
    xv = _ld(np.clip(flat, KAN_KNOTS[0] - 1.0, KAN_KNOTS[-1] + 1.0))[:, None]
    t = _ld(KAN_KNOTS)
    n = t.size - 1
    b = ((t[:-1] <= xv) & (xv < t[1:])).astype(np.longdouble)  # degree 0
    for k in range(1, KAN_ORDER + 1):
        m = n - k
        if k > KAN_ORDER - nu:  # derivative step
            b = k / (t[k : k + m] - t[:m]) * b[:, :m] \
                - k / (t[k + 1 : k + 1 + m] - t[1 : 1 + m]) * b[:, 1 : 1 + m]
            continue
        left = (xv - t[:m]) / (t[k : k + m] - t[:m]) * b[:, :m]
        right = (t[k + 1 : k + 1 + m] - xv) / (t[k + 1 : k + 1 + m] - t[1 : 1 + m]) * b[:, 1 : 1 + m]
        b = left + right  # NaN inputs stay NaN through the clip
    return b.reshape(np.shape(x) + (KAN_NCOEF,))


def _spline_ld(x: np.ndarray, coef: object, nu: int = 0) -> np.ndarray:
    r"""$\sum_i c_i B_i^{(\nu)}(x)$ in long double (see :func:`_basis_ld`)."""
    return (_basis_ld(x, nu) * _ld(_coef(coef))).sum(axis=-1)


def kan_design(x: np.ndarray) -> np.ndarray:
    """The basis values $B_i(x)$, shape ``x.shape + (n_coef,)`` (0 outside the knots)."""
    return _basis_values(np.asarray(x, dtype=np.float64))


KAN_PARAMS = (
    Param("w_b", 1.0, learnable=True, widget=(-2.0, 2.0), doc="weight of the SiLU base"),
    Param("w_s", 1.0, learnable=True, widget=(-2.0, 2.0), doc="weight of the spline"),
    Param("coef", 0.0, learnable=True, widget=(-1.0, 1.0), doc="spline coefficients", array_ok=True),
)


register(
    Spec(
        name="kan_spline",
        display_name="KAN spline",
        family="learnable",
        fn=lambda x, w_b, w_s, coef: w_b * _silu(x, 1.0) + w_s * _spline(x, coef),
        grad=lambda x, w_b, w_s, coef: w_b * _silu_grad(x, 1.0) + w_s * _spline(x, coef, 1),
        grad2=lambda x, w_b, w_s, coef: w_b * _silu_grad2(x, 1.0) + w_s * _spline(x, coef, 2),
        # float64 output: SiLU and the B-spline basis (and its derivatives) in long double,
        # summed before the one rounding
        wide=wd.kernels(
            fn=lambda x, w_b, w_s, coef: w_b * wd.silu(x, 1.0) + w_s * _spline_ld(x, coef),
            grad=lambda x, w_b, w_s, coef: w_b * _ld(wd.silu_grad(x, 1.0))
            + w_s * _spline_ld(x, coef, 1),
            grad2=lambda x, w_b, w_s, coef: w_b * _ld(wd.silu_grad2(x, 1.0))
            + w_s * _spline_ld(x, coef, 2),
            **{"param_grad[w_b]": lambda x, w_b, w_s, coef: wd.silu(x, 1.0),
               "param_grad[w_s]": lambda x, w_b, w_s, coef: _spline_ld(x, coef),
               "param_grad[coef]": lambda x, w_b, w_s, coef: _ld(w_s) * _basis_ld(x)},
        ),
        params=KAN_PARAMS,
        param_grads={
            "w_b": lambda x, w_b, w_s, coef: _silu(x, 1.0),
            "w_s": lambda x, w_b, w_s, coef: _spline(x, coef),
            "coef": lambda x, w_b, w_s, coef: w_s * kan_design(x),
        },
        latex=r"\phi(x) = w_b\,\mathrm{SiLU}(x) + w_s \sum_i c_i B_i(x)",
        latex_grad=r"\phi'(x) = w_b\,\mathrm{SiLU}'(x) + w_s \sum_i c_i B_i'(x)",
        latex_grad2=r"\phi''(x) = w_b\,\mathrm{SiLU}''(x) + w_s \sum_i c_i B_i''(x)",
        properties=Properties(
            monotonic=False,
            smoothness="C2",
            zero_centred=False,
            bounded_above=False,
            bounded_below=True,
            saturating=True,
            sparse=False,
            self_gated=False,
        ),
        paper="liu2024kan",
        year=2024,
        summary="One learnable edge function of a Kolmogorov–Arnold network: SiLU plus a B-spline.",
        output_range=(-math.inf, math.inf),
        uses="KAN layers, where every input-output edge carries its own such function.",
        pitfalls=(
            "KAN is an architecture, not an activation you drop into an MLP; the spline acts "
            "only on the grid [-1, 1] (plus 3 knots each side) and is 0 outside it. The "
            "coefficient gradient has one extra trailing axis, one entry per coefficient."
        ),
    )
)
