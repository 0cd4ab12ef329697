r"""Stable numerical primitives shared by the smooth families (float64 in, float64 out).

Everything here is written so that no intermediate overflows, no subtraction cancels where
the result is small, and no warning is raised for any finite or infinite input:

* :func:`sigmoid` uses $e^{-|x|}$ only, so ``exp`` never sees a large positive argument.
* :func:`sigmoid_grad` is $e^{-|x|}/(1+e^{-|x|})^2$, not $\sigma(1-\sigma)$, which is exactly
  0 (and for $x \gtrsim 17$ has no correct digits) in the right tail.
* :func:`two_prod` splits a product exactly (Dekker); the normal-tail kernels of
  :mod:`actfuncs.functions._normal` build $\Phi$ and $\varphi$ on it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.special as sc

_SPLIT = 134217729.0  # 2**27 + 1, Dekker's splitting constant for float64
LN2_HI = 6.93147180369123816490e-01  # fdlibm: 32 significant bits, k * LN2_HI exact for k < 2**21
LN2_LO = 1.90821492927058770002e-10
_SCALE_K = 700  # exp(-t) = exp(-(t - K ln2)) * 2**-K keeps the mantissa of tiny results exact


def two_prod(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dekker's exact product ``a*b = p + e`` (valid for |a|, |b| < 1e150)."""
    p = a * b
    c = _SPLIT * a
    ah = c - (c - a)
    al = a - ah
    c = _SPLIT * b
    bh = c - (c - b)
    bl = b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Knuth's exact sum ``a+b = s + e`` (any order of magnitude, finite inputs)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def recip_pow_1p(a: np.ndarray, k: int) -> np.ndarray:
    r"""$(1 + a)^{-k}$ for $a \ge 0$ and $k \in \{2, 3\}$, to about 0.5 ULP.

    $1 + a = d + d_{lo}$ exactly (TwoSum), $q = \mathrm{fl}(1/d)$ with its residual
    $1 - dq$ from an exact product, so $1/(1+a) = q(1 + c)$ with a tiny known $c$; then
    $q^k$ is formed with exact products and the result is $q^k(1 + kc)$ plus the low parts.
    The plain $r\cdot r\cdot r$ with $r = \mathrm{fl}(1/(1+a))$ is off by up to about 4 ULP.
    Beyond $a = 10^{150}$ the plain form is used: the result is then below $10^{-300}$, in or
    near the subnormal range, where its relative errors are far below one ULP of the output.
    """
    ac = np.minimum(a, 1e150)  # keeps the Dekker splits finite; the big ones are replaced below
    d, dl = two_sum(np.ones_like(ac), ac)
    q = 1.0 / d
    p, pe = two_prod(d, q)
    c = ((1.0 - p) - pe) * q - dl * q * q  # 1/(d + dl) = q + c (absolute)
    c = c / q  # relative
    q2, q2e = two_prod(q, q)
    if k == 2:
        y = q2 + (q2e + 2.0 * c * q2)
    else:
        q3, q3e = two_prod(q2, q)
        y = q3 + ((q3e + q2e * q) + 3.0 * c * q3)
    big = a > 1e150
    if big.any():
        r = 1.0 / (1.0 + a[big])
        y[big] = r**k
    return y


#: below this SciPy's ``expit`` returns 0 where $\sigma(x) = e^x/(1 + e^x)$ is a subnormal
#: number (its $e^{-x}$ overflows first); there $\sigma(x)$ rounds to exactly what $e^x$ does
_EXPIT_FLUSH = -708.0


def sigmoid(x: np.ndarray) -> np.ndarray:
    r"""$\sigma(x) = 1/(1+e^{-x})$ via SciPy's ``expit`` (branch on the sign, ≤ 1 ULP).

    ``expit`` flushes $\sigma(x)$ to 0 for $x \lesssim -709.8$, where the exact value is a
    subnormal float64 down to $x \approx -745.1$; those inputs take $e^x$ instead (the
    remaining factor $1/(1 + e^x)$ is 1 to within $10^{-307}$).
    """
    y = sc.expit(x)
    tail = x < _EXPIT_FLUSH
    if np.any(tail):
        y = np.where(tail, np.exp(np.minimum(x, 0.0)), y)
    return y


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    r"""$\log\sigma(x) = -\log(1 + e^{-x})$ via SciPy's ``log_expit``."""
    return sc.log_expit(x)


def softplus(x: np.ndarray) -> np.ndarray:
    r"""$\log(1+e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})$, both terms non-negative."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    r"""$\sigma'(x) = e^{-|x|}/(1+e^{-|x|})^2$ (even in $x$; full relative accuracy in the tails)."""
    e = np.exp(-np.abs(x))
    d = 1.0 + e
    return e / (d * d)


def sech2(x: np.ndarray) -> np.ndarray:
    r"""$\operatorname{sech}^2 x = 4e^{-2|x|}/(1+e^{-2|x|})^2$, never $1-\tanh^2 x$."""
    t = -2.0 * np.minimum(np.abs(x), 400.0)  # e^-800 == 0: saturated, no overflow of 2|x|
    e = np.exp(t)
    d = 1.0 + e
    # far tail: 4 e^-2|x| from the scaled exponential (4 times a rounded subnormal is 2 ULP)
    return patch_tail(4.0 * e / (d * d), t, lambda m: 4.0 * exp_scaled(t[m]))


def keep_nan(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``y`` with NaN wherever ``x`` is NaN (for kernels built from comparisons)."""
    # a max-reduction propagates NaN and is a single vectorised pass (~3x faster than isnan().any())
    if x.size == 0 or not np.isnan(np.max(x)):
        return y
    nan = np.isnan(x)
    if nan.any():
        y = np.array(y, dtype=np.float64, copy=True)
        y[nan] = np.nan
    return y

# -- the far left tail: results that are subnormal or nearly so ------------------------------

#: $1024\ln 2 = C_{hi} + C_{lo}$ with $C_{hi}$ a multiple of $2^{-42}$, so that $v + C_{hi}$ is
#: exact for $-1400 < v < -600$ (both are multiples of $2^{-43}$ and the sum is below $2^{10}$)
_C_HI = 709.7827128933841
_C_LO = -8.993979834782992e-14
#: the window of arguments $v$ in which $e^v$ is below $2^{-1010}$ (subnormal results lose digits)
#: but not yet so small that every product with it is 0
TAIL = (-800.0, -700.0)


def exp_scaled(v: np.ndarray, v_lo: np.ndarray | float = 0.0) -> np.ndarray:
    r"""$e^{v + v_{lo}}\,2^{1024}$, a normal number, for $v$ in :data:`TAIL` (others: clipped).

    $e^v$ itself is subnormal there, with as few as 0 significant bits: a product such as
    $x\,\sigma(x)$ built on it loses up to hundreds of ULP (242 for SiLU at $x = -733$). The
    shift by $1024\ln 2$ is exact in its high part, its low part and $v_{lo}$ enter to first
    order, and the caller scales the finished product back with one ``ldexp`` (one rounding).
    """
    vc = np.clip(v, -1400.0, -600.0)
    return np.exp(vc + _C_HI) * (1.0 + (_C_LO + v_lo))


def patch_tail(out: np.ndarray, v: np.ndarray, scaled: Callable[[np.ndarray], np.ndarray]
               ) -> np.ndarray:
    """``out`` with the entries whose argument ``v`` lies in :data:`TAIL` replaced by
    ``ldexp(scaled(mask), -1024)``; ``scaled(mask)`` returns the result times $2^{1024}$ for the
    masked entries (built on :func:`exp_scaled`). Costs one comparison pass when no entry is
    in the window."""
    mask = (v > TAIL[0]) & (v < TAIL[1])
    if not np.any(mask):
        return out
    out = np.array(out, dtype=np.float64, copy=True)
    out[mask] = np.ldexp(scaled(mask), -1024)
    return out
