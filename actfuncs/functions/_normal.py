r"""The normal upper tail $t\,Q(t) = t\,\Phi(-t)$, vectorised and accurate to about 1 ULP.

GELU is $x\Phi(x)$. With $t = |x|$ and $Q(t) = \Phi(-t) = e^{-t^2/2} K(t)$, where
$K(t) = \tfrac12\,\mathrm{erfcx}(t/\sqrt2)$ is smooth and slowly varying, it is

$$\mathrm{GELU}(x) = -\,t\,e^{-t^2/2} K(t) \quad (x \le 0), \qquad
  \mathrm{GELU}(x) = x - t\,e^{-t^2/2} K(t) \quad (x > 0).$$

The kernel evaluates three factors and multiplies them in double-double arithmetic, so that
only two roundings reach the result (``np.exp``'s and the last one):

* $e^{-t^2/2}$: $t^2 = p + e$ exactly (Dekker's product); ``np.exp(-p/2)`` (scaled by
  $2^{700}$ or $2^{1400}$ where it would underflow) and the factor $1 - e/2$ carried in the low part;
* $tK(t)$ from a table of polynomials: on $[0, 4)$, 16 intervals of width $1/4$ in $t$ for
  $K$; on $[4, 55]$, 8 intervals of width $1/32$ in $s = 1/t$ for $H = tK$ (which tends to
  $1/\sqrt{2\pi}$). Each is $c_0 + z(c_1 + z(c_2 + \dots))$ in $z$ = distance to the
  interval centre, with $c_0$ in two parts; the float64 Horner part is at most ~10% of
  $c_0$, so its rounding errors are damped tenfold. The coefficients interpolate the
  function at Chebyshev nodes, computed with mpmath (:func:`compute_table`) and stored in
  ``actfuncs/data/normal_table.json``; ``tests/test_normal.py`` recomputes them bit for bit.
* the products $t \cdot K$, the correction and $e^{-t^2/2} \cdot (tK)$ as exact products
  (:func:`actfuncs.functions._stable.two_prod`), rounded once at the end, after which the
  power of two is applied with ``np.ldexp`` so subnormal results are rounded once too.

The derivatives use the same parts: GELU$'$ is $D(t) = e^{-t^2/2}(K(t) - t/\sqrt{2\pi})$
for $x < 0$ and $1 - D(t)$ else (:func:`grad_tail`; the caller adds a Taylor window at its
root), GELU$''$ is $\varphi(x)(2 - x^2)$ with $2 - x^2$ exact in two parts. :func:`gelu_dd`
returns GELU unrounded and scaled, for products such as GeGLU's that should round once.

Everything is a whole-array NumPy operation (a table gather and about 100 arithmetic passes, run
block by block so that the temporaries stay in the CPU caches),
unlike SciPy's ``ndtr``/``erfcx``, which are scalar loops. For float16/float32 output
:func:`gelu_fast`, :func:`gelu_grad_fast` and :func:`gelu_grad2_fast` use a second, smaller
table (K on $[0, 20)$ in 80 intervals of width 1/4, degree 7, relative error ~1e-12, far below
float32's 6e-8) in plain float64, without the double-double passes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import mpmath as mp
import numpy as np

from actfuncs.functions import _stable as st

DEG = 11  # degree of each interval's polynomial
K_END = 4.0  # K(t) on [0, K_END) in t, H(t) = t K(t) beyond it in s = 1/t
K_N = 16  # intervals of width K_END / K_N for K
H_N = 8  # intervals of width 1 / (K_END * H_N) in s for H
T_MAX = 55.0  # t Q(t) < 1e-656 beyond: 0 (or x), and 0 even times 1.8e308 (GeGLU)
FAST_DEG = 7  # the float16/float32 table: K on [0, FAST_END) in FAST_N intervals of width 1/4
FAST_N = 80
FAST_END = 20.0
_STORE = "data/normal_table.json"
_PREC = 160
_SCALE = st._SCALE_K  # 700: exp(-t^2/2) is carried as g 2^-k, k in {0, 700, 1400}
_DELTA = float(np.expm1(_SCALE * st.LN2_LO))  # e^{700 (ln 2 - LN2_HI)} - 1 = 1.3e-7
_DELTA2 = float(np.expm1(2 * _SCALE * st.LN2_LO))
with mp.workprec(120):
    _C_HI = float(1 / mp.sqrt(2 * mp.pi))  # 1/sqrt(2 pi) in two parts
    _C_LO = float(1 / mp.sqrt(2 * mp.pi) - mp.mpf(_C_HI))


def _k_mp(t: mp.mpf) -> mp.mpf:
    return mp.erfc(t / mp.sqrt(2)) * mp.exp(t * t / 2) / 2


def _h_of_s(s: mp.mpf) -> mp.mpf:
    t = 1 / s
    return t * _k_mp(t)


def _intervals() -> list[tuple[str, mp.mpf, mp.mpf]]:
    """(function, centre, half-width) of every table row, K rows first."""
    with mp.workprec(_PREC):
        wk = mp.mpf(K_END) / K_N
        ws = 1 / (mp.mpf(K_END) * H_N)
        rows = [("K", (i + mp.mpf(1) / 2) * wk, wk / 2) for i in range(K_N)]
        rows += [("H", (i + mp.mpf(1) / 2) * ws, ws / 2) for i in range(H_N)]
    return rows


def _fit(f, c: mp.mpf, w: mp.mpf, n: int) -> list[mp.mpf]:
    """Coefficients in $z = v - c$ of the degree-``n`` interpolant of ``f`` at Chebyshev nodes."""
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / (n + 1)) for k in range(n + 1)]
    a = mp.matrix([[u**j for j in range(n + 1)] for u in nodes])
    cu = mp.lu_solve(a, mp.matrix([f(c + w * u) for u in nodes]))
    return [cu[j] / w**j for j in range(n + 1)]


def compute_table() -> dict[str, list]:
    """The interval centres and coefficients (c0 in two float64 parts, c1..c_DEG rounded)."""
    out: dict[str, list] = {"deg": [DEG], "centre": [], "c0_hi": [], "c0_lo": [], "coef": []}
    with mp.workprec(_PREC):
        for kind, c, w in _intervals():
            co = _fit(_k_mp if kind == "K" else _h_of_s, c, w, DEG)
            hi = float(co[0])
            out["centre"].append(float(c))
            out["c0_hi"].append(hi)
            out["c0_lo"].append(float(co[0] - hi))
            out["coef"].append([float(v) for v in co[1:]])
        out["fast"] = []
        for i in range(FAST_N):
            co = _fit(_k_mp, (i + mp.mpf(1) / 2) / 4, mp.mpf(1) / 8, FAST_DEG)
            out["fast"].append([float(v / mp.mpf(4) ** j) for j, v in enumerate(co)])  # in u = 4z
    return out


def write_table(path: Path | None = None) -> Path:
    """Recompute the table with mpmath and write it (``tools/make_normal_table.py``)."""
    path = path or Path(__file__).resolve().parent.parent / _STORE
    path.write_text(json.dumps(compute_table(), indent=1) + "\n", encoding="utf-8")
    return path


@functools.cache
def stored_table() -> dict[str, list]:
    return json.loads(resources.files("actfuncs").joinpath(_STORE).read_text(encoding="utf-8"))


@functools.cache
def _arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    tab = stored_table()
    coef = np.ascontiguousarray(np.array(tab["coef"], dtype=np.float64).T)  # (DEG, rows)
    return (np.array(tab["centre"]), np.array(tab["c0_hi"]), np.array(tab["c0_lo"]), coef)


def _index(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row of the table, the local variable z, and whether the row holds K (else H)."""
    small = t < K_END
    s = 1.0 / np.maximum(t, K_END)
    v = np.where(small, t, s)
    pos = np.where(small, t * (K_N / K_END), np.minimum(s * (K_END * H_N), H_N - 1) + K_N)
    idx = pos.astype(np.intp)
    centre = _arrays()[0]
    z = v - centre[idx]
    return idx, z, small


def _horner_tail(idx: np.ndarray, z: np.ndarray) -> np.ndarray:
    r"""$c_1 + z(c_2 + \dots + z\,c_{DEG})$ in float64."""
    coef = _arrays()[3]
    p = coef[-1][idx]
    for j in range(DEG - 2, -1, -1):
        p *= z
        p += coef[j][idx]
    return p


def _table_dd(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The table's value at ``t`` in two parts (K on K rows, H = tK on H rows), and ``small``."""
    idx, z, small = _index(t)
    _, c0h, c0l, _ = _arrays()
    r = z * _horner_tail(idx, z)
    c0 = c0h[idx]
    vh = c0 + r  # |r| < |c0|/8: Fast2Sum is exact
    vl = (r - (vh - c0)) + c0l[idx]
    return vh, vl, small


def _gauss_dd(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""$e^{-t^2/2} = g\,(1 + c)\,2^{-k}$: ``(g, c, k, t^2 rounded)``, $|c| < 2^{-21}$.

    $t^2 = p + e$ exactly; ``g = np.exp(k ln2_hi - p/2)`` with $k \in \{0, 700, 1400\}$ chosen
    so that $g$ is a normal number up to $t = 55$ (the argument is exact by Sterbenz), and the
    small relative factor $1 + c$ collects $1 - e/2$ and $1 + \delta_k$, the low part of
    $k\ln 2$, so neither costs a rounding: callers put $c$ into a low part.
    """
    p, e = st.two_prod(t, t)
    half = 0.5 * p
    k = np.where(half > 300.0, _SCALE, 0)
    k = np.where(half > 900.0, 2 * _SCALE, k)
    g = np.exp(k * st.LN2_HI - half)
    c = np.where(k == 0, 0.0, np.where(k == _SCALE, _DELTA, _DELTA2)) - 0.5 * e
    return g, c, k, p


def upper_tail(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""$tQ(t) = (y_{hi} + y_{lo})\,2^{-k}$ for $0 \le t \le$ ``T_MAX``, to about 1 ULP.

    ``t`` must be finite, non-negative and at most ``T_MAX`` (callers clip: beyond it the
    value is below the smallest subnormal). Returns ``(y_hi, y_lo, k)``.
    """
    vh, vl, small = _table_dd(t)
    m = np.where(small, t, 1.0)  # tK on K rows; H rows hold tK already
    ah, al = st.two_prod(m, vh)
    al += m * vl
    g, c, k, _ = _gauss_dd(t)
    al += ah * c
    yh, yl = st.two_prod(g, ah)
    yl += g * al
    return yh, yl, k


def grad_tail(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""$D(t) = e^{-t^2/2}\,(K(t) - t/\sqrt{2\pi}) = (d_{hi} + d_{lo})\,2^{-k}$, $0 \le t \le$ ``T_MAX``.

    GELU$'(x) = \Phi(x) + x\varphi(x)$ is $D(-x)$ for $x < 0$ and $1 - D(x)$ for $x \ge 0$.
    On H rows $K = H/t$ is formed in two parts (the remainder of the division from an exact
    product). $K - t/\sqrt{2\pi}$ cancels only near the root of GELU$'$ ($t \approx 0.752$),
    which the caller's Taylor window covers.
    """
    vh, vl, small = _table_dd(t)
    ts = np.where(small, 1.0, t)
    qh = vh / ts
    ph, pl = st.two_prod(qh, ts)
    ql = (((vh - ph) - pl) + vl) / ts
    kh = np.where(small, vh, qh)
    kl = np.where(small, vl, ql)
    ch, cl = st.two_prod(t, _C_HI)
    cl += t * _C_LO
    wh, wl = st.two_sum(kh, -ch)
    wl += kl - cl
    g, c, k, _ = _gauss_dd(t)
    wl += wh * c
    dh, dl = st.two_prod(g, wh)
    dl += g * wl
    return dh, dl, k


_BLOCK = 16384  # elements per pass: the ~100 temporaries of a block stay in the CPU caches


def _blocked(kernel: Callable) -> Callable:
    """Apply ``kernel`` to a flat copy block by block (about 2x faster on 10^6 elements).

    ``kernel`` returns one array or a tuple of arrays shaped like its input."""

    @functools.wraps(kernel)
    def run(x: np.ndarray):
        if x.size <= 2 * _BLOCK:
            return kernel(x)
        flat = x.ravel()
        outs = None
        for i in range(0, flat.size, _BLOCK):
            res = kernel(flat[i : i + _BLOCK])
            parts = res if isinstance(res, tuple) else (res,)
            if outs is None:
                outs = [np.empty(flat.shape, dtype=r.dtype) for r in parts]
            for o, r in zip(outs, parts, strict=True):
                o[i : i + _BLOCK] = r
        shaped = tuple(o.reshape(x.shape) for o in outs)
        return shaped if isinstance(res, tuple) else shaped[0]

    return run


@_blocked
def gelu_dd(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""$x\Phi(x) = (m_{hi} + m_{lo})\,2^{-k}$, unrounded (``k`` is 0, 700 or 1400; 0 for $x > 0$).

    Products such as GeGLU's $\mathrm{GELU}(a)\,b$ use both parts and scale last
    (:func:`times_dd`), so neither the rounding of GELU nor a subnormal GELU value costs
    accuracy before the product.
    """
    t = np.fmin(np.abs(x), T_MAX)  # NaN -> T_MAX (restored below); no NaN reaches the index
    yh, yl, k = upper_tail(t)
    pos = x >= 0
    # x > 0: x - tQ(t), the subtraction in two parts (tQ(t) <= x/2, so at most one bit is lost)
    # where k > 0 (t > 24.4), tQ(t) < 1e-130 is far below half an ULP of x: the result is x
    near = k == 0
    s, se = st.two_sum(np.where(pos & near, x, 0.0), np.where(near, -yh, 0.0))
    zero = x < -T_MAX  # a true 0 stands for values below 1e-656
    mh = np.where(pos, np.where(near, s, x), np.where(zero, -0.0, -yh))
    ml = np.where(pos, np.where(near, se - yl, 0.0), np.where(zero, 0.0, -yl))
    return st.keep_nan(x, mh), ml, np.where(pos, 0, k)


def gelu_scaled(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""$x\Phi(x) = m\,2^{-k}$ with $m$ normal (see :func:`gelu_dd`)."""
    mh, ml, k = gelu_dd(x)
    return mh + ml, k


def times_dd(mh: np.ndarray, ml: np.ndarray, k: np.ndarray, b: np.ndarray) -> np.ndarray:
    r"""$(m_{hi} + m_{lo})\,b\,2^{-k}$ rounded once: the exact product of the high part with
    $b$, then the low parts, then the power of two. Huge or non-finite factors (where the
    exact product would overflow) use the plain product, whose rounding is then harmless."""
    ok = np.isfinite(mh) & np.isfinite(b) & (np.abs(b) < 1e150) & (np.abs(mh) < 1e150)
    bb = np.where(ok, b, 0.0)
    ph, pl = st.two_prod(np.where(ok, mh, 0.0), bb)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(ok, np.ldexp(ph + (pl + ml * bb), -k), np.ldexp((mh + ml) * b, -k))


def gelu(x: np.ndarray) -> np.ndarray:
    r"""$x\Phi(x)$ in float64 to about 1 ULP (see the module docstring)."""
    m, k = gelu_scaled(x)
    return np.ldexp(m, -k)


@_blocked
def gelu_grad_scaled(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""GELU$'(x) = \Phi(x) + x\varphi(x) = m\,2^{-k}$ from :func:`grad_tail` (before the
    root window of the caller): $D(t)$ for $x < 0$, $1 - D(t)$ for $x \ge 0$."""
    t = np.fmin(np.abs(x), T_MAX)
    dh, dl, k = grad_tail(t)
    pos = x >= 0
    near = k == 0  # beyond, |D| < 1e-120: GELU' is 1 for x > 0
    s, se = st.two_sum(np.ones_like(x), np.where(near, -dh, 0.0))
    neg = np.where(x < -T_MAX, -0.0, dh + dl)  # a true 0 stands for values below 1e-650
    m = np.where(pos, np.where(near, s + (se - np.where(near, dl, 0.0)), 1.0), neg)
    return st.keep_nan(x, m), np.where(pos, 0, k)


def gelu_grad(x: np.ndarray) -> np.ndarray:
    """GELU' before the root window (see :func:`gelu_grad_scaled`)."""
    m, k = gelu_grad_scaled(x)
    return np.ldexp(m, -k)


@_blocked
def gelu_grad2(x: np.ndarray) -> np.ndarray:
    r"""GELU$''(x) = \varphi(x)(2 - x^2)$: $2 - x^2$ exactly in two parts (TwoSum of $2 - p$
    and the low part of $x^2$), times $1/\sqrt{2\pi}$ and $e^{-x^2/2}$ as exact products,
    rounded once (subnormal results too, by the scale applied last)."""
    t = np.fmin(np.abs(x), T_MAX)
    g, c, k, p = _gauss_dd(t)
    _, e = st.two_prod(t, t)
    ah, al = st.two_sum(np.full_like(t, 2.0), -p)
    al -= e
    bh, bl = st.two_prod(ah, np.full_like(t, _C_HI))
    bl += ah * _C_LO + al * _C_HI
    bl += bh * c
    yh, yl = st.two_prod(g, bh)
    out = np.ldexp(yh + (yl + g * bl), -k)
    return st.keep_nan(x, np.where(np.abs(x) > T_MAX, -0.0, out))


@functools.cache
def _fast_coef() -> np.ndarray:
    return np.ascontiguousarray(np.array(stored_table()["fast"], dtype=np.float64).T)


_FAST_T = FAST_END - 0.25  # |x| is limited to this: tQ(t) < 1e-84 there, 0 in float32
_INV_SQRT_2PI = 0.3989422804014327


def _fast_k_e(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""$t = \min(|x|, 19.75)$, $K(t)$ to ~1e-12 relative and $e^{-t^2/2}$, plain float64."""
    t = np.fmin(np.abs(x), _FAST_T)  # NaN -> 19.75: callers keep NaN
    u = t * 4.0
    idx = u.astype(np.intp)
    u -= idx
    u -= 0.5  # u in [-1/2, 1/2): the interval's local variable
    coef = _fast_coef()
    k = coef[-1][idx]
    for j in range(FAST_DEG - 1, -1, -1):
        k *= u
        k += coef[j][idx]
    e = t * t
    e *= -0.5
    np.exp(e, out=e)
    return t, k, e


@_blocked
def gelu_fast(x: np.ndarray) -> np.ndarray:
    r"""$x\Phi(x) = \max(x, 0) - tQ(t)$ in plain float64 (for float16/float32 output).

    $K$ comes from the float16/float32 table (80 intervals of width 1/4, degree 7, relative
    error ~1e-12, far below float32's 6e-8). NaN propagates through ``np.maximum``.
    """
    t, k, e = _fast_k_e(x)
    k *= t
    k *= e
    return np.maximum(x, 0.0) - k


@_blocked
def _grad_table(x: np.ndarray) -> np.ndarray:
    t, k, e = _fast_k_e(x)
    k -= t * _INV_SQRT_2PI
    k *= e
    return st.keep_nan(x, np.where(x >= 0, 1.0 - k, k))


_GRAD_ROOT = -0.7517915246935645  # GELU'(x) = 0


def gelu_grad_fast(x: np.ndarray, accurate: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    r"""$\Phi(x) + x\varphi(x)$: $D = e^{-t^2/2}(K(t) - t/\sqrt{2\pi})$ for $x < 0$, $1 - D$ else.

    Near the root $x_0 \approx -0.752$ the difference cancels and the table's ~1e-13 absolute
    error would be several float32 ULP of the result, so within $|x - x_0| < 10^{-3}$ the
    values come from ``accurate`` (the float64 kernel with its Taylor window at the root).
    """
    out = _grad_table(x)
    near = np.abs(x - _GRAD_ROOT) < 1e-3
    if near.any():
        out[near] = accurate(x[near])
    return out


@_blocked
def gelu_grad2_fast(x: np.ndarray) -> np.ndarray:
    r"""$\varphi(x)(2 - x^2)$ in plain float64 ($x^2$ of a float32 number is exact)."""
    t = np.fmin(np.abs(x), _FAST_T)
    e = t * t
    out = 2.0 - e
    e *= -0.5
    np.exp(e, out=e)
    out *= e
    out *= _INV_SQRT_2PI
    return st.keep_nan(x, out)
