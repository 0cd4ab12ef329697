r"""The normal upper tail $t\,Q(t) = t\,\Phi(-t)$, vectorised and accurate to about 1 ULP.

GELU is $x\Phi(x)$. With $t = |x|$ and $Q(t) = \Phi(-t) = e^{-t^2/2} K(t)$, where
$K(t) = \tfrac12\,\mathrm{erfcx}(t/\sqrt2)$ is smooth and slowly varying, it is

$$\mathrm{GELU}(x) = -\,t\,e^{-t^2/2} K(t) \quad (x \le 0), \qquad
  \mathrm{GELU}(x) = x - t\,e^{-t^2/2} K(t) \quad (x > 0).$$

The kernel evaluates three factors and multiplies them in double-double arithmetic, so that
only two roundings reach the result (``np.exp``'s and the last one):

* $e^{-t^2/2}$: $t^2 = p + e$ exactly (Dekker's product); ``np.exp(-p/2)`` (scaled by
  $2^{700}$ where it would underflow) and the factor $1 - e/2$ carried in the low part;
* $tK(t)$ from a table of polynomials: on $[0, 4)$, 16 intervals of width $1/4$ in $t$ for
  $K$; on $[4, 40]$, 8 intervals of width $1/32$ in $s = 1/t$ for $H = tK$ (which tends to
  $1/\sqrt{2\pi}$). Each is $c_0 + z(c_1 + z(c_2 + \dots))$ in $z$ = distance to the
  interval centre, with $c_0$ in two parts; the float64 Horner part is at most ~10% of
  $c_0$, so its rounding errors are damped tenfold. The coefficients interpolate the
  function at Chebyshev nodes, computed with mpmath (:func:`compute_table`) and stored in
  ``actfuncs/data/normal_table.json``; ``tests/test_normal.py`` recomputes them bit for bit.
* the products $t \cdot K$, the correction and $e^{-t^2/2} \cdot (tK)$ as exact products
  (:func:`actfuncs.functions._stable.two_prod`), rounded once at the end, after which the
  power of two is applied with ``np.ldexp`` so subnormal results are rounded once too.

Everything is a whole-array NumPy operation (a table gather and about 80 arithmetic passes),
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
T_MAX = 40.0  # t Q(t) < 2^-1074 / 4 beyond: the result is 0 (or x)
FAST_DEG = 7  # the float16/float32 table: K on [0, FAST_END) in FAST_N intervals of width 1/4
FAST_N = 80
FAST_END = 20.0
_STORE = "data/normal_table.json"
_PREC = 160
_DELTA = float(np.expm1(st._SCALE_K * st.LN2_LO))  # 700 (ln 2 - LN2_HI) = 1.3e-7


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
    """Row of the table, the local variable z and the factor m (t for K rows, 1 for H rows)."""
    small = t < K_END
    s = 1.0 / np.maximum(t, K_END)
    v = np.where(small, t, s)
    pos = np.where(small, t * (K_N / K_END), np.minimum(s * (K_END * H_N), H_N - 1) + K_N)
    idx = pos.astype(np.intp)
    centre = _arrays()[0]
    z = v - centre[idx]
    return idx, z, np.where(small, t, 1.0)


def _horner_tail(idx: np.ndarray, z: np.ndarray) -> np.ndarray:
    r"""$c_1 + z(c_2 + \dots + z\,c_{DEG})$ in float64."""
    coef = _arrays()[3]
    p = coef[-1][idx]
    for j in range(DEG - 2, -1, -1):
        p *= z
        p += coef[j][idx]
    return p


def upper_tail(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""$tQ(t) = (y_{hi} + y_{lo})\,2^{-k}$ for $0 \le t \le$ ``T_MAX``, to about 1 ULP.

    ``t`` must be finite, non-negative and at most ``T_MAX`` (callers clip: beyond it the
    value is below the smallest subnormal). Returns ``(y_hi, y_lo, k)``.
    """
    idx, z, m = _index(t)
    _, c0h, c0l, _ = _arrays()
    r = z * _horner_tail(idx, z)
    kh = c0h[idx] + r  # |r| < |c0|/8: Fast2Sum is exact
    kl = (r - (kh - c0h[idx])) + c0l[idx]
    ah, al = st.two_prod(m, kh)
    al += m * kl
    p, e = st.two_prod(t, t)
    half = 0.5 * p
    big = half > 300.0
    shift = np.where(big, st._SCALE_K * st.LN2_HI, 0.0)
    g = np.exp(shift - half)  # e^{-p/2} 2^{700} / (1 + _DELTA) where scaled; exact argument
    # the factors 1 - e/2 (low part of t^2) and 1 + _DELTA (low part of 700 ln 2) go into the
    # low part, so neither costs a rounding
    al -= ah * (0.5 * e - np.where(big, _DELTA, 0.0))
    yh, yl = st.two_prod(g, ah)
    yl += g * al
    return yh, yl, np.where(big, st._SCALE_K, 0)


_BLOCK = 16384  # elements per pass: the ~100 temporaries of a block stay in the CPU caches


def _blocked(kernel: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    """Apply ``kernel`` to a flat copy block by block (about 2x faster on 10^6 elements)."""

    @functools.wraps(kernel)
    def run(x: np.ndarray) -> np.ndarray:
        if x.size <= 2 * _BLOCK:
            return kernel(x)
        flat = x.ravel()
        out = np.empty_like(flat)
        for i in range(0, flat.size, _BLOCK):
            out[i : i + _BLOCK] = kernel(flat[i : i + _BLOCK])
        return out.reshape(x.shape)

    return run


@_blocked
def gelu(x: np.ndarray) -> np.ndarray:
    r"""$x\Phi(x)$ in float64 to about 1 ULP (see the module docstring)."""
    t = np.fmin(np.abs(x), T_MAX)  # NaN -> T_MAX (restored below); no NaN reaches the index
    yh, yl, k = upper_tail(t)
    pos = x >= 0
    neg = np.ldexp(-(yh + yl), -k)
    # x > 0: x - tQ(t), the subtraction in two parts (tQ(t) <= x/2, so at most one bit is lost)
    # where k > 0 (t > 24.4), tQ(t) < 1e-130 is far below half an ULP of x: the result is x
    near = k == 0
    s, se = st.two_sum(np.where(pos & near, x, 0.0), np.where(near, -yh, 0.0))
    out = np.where(pos, np.where(near, s + (se - yl), x), neg)
    return st.keep_nan(x, out)


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
