r"""Float64 kernels computed in extended precision (x87 long double, 64-bit significand).

A float64 formula such as $T + x\,\sigma(x)(1 - T^2)$ (Mish$'$) rounds a dozen times; each
rounding is half an ULP, and the sum of them reached 5-10 ULP for Mish, SiLU$''$ and the tanh
GELU. Evaluating the same stable formulas with 11 more bits and rounding once to float64 leaves
about 0.5 ULP plus $2^{-11}$ times the old error. Near a root of a derivative the sum still
cancels, so the Taylor windows of :mod:`actfuncs.functions._roots` are applied afterwards as in
the float64 kernels.

Cost: long-double ``exp``/``tanh`` are scalar x87 code, roughly 30x slower than float64 ones;
that is the price of the last few ULP and it is paid only for float64 output (float16/32 are
computed in float64, which is already far finer than they need). On platforms whose long
double is plain float64 (MSVC, Apple arm64) :data:`WIDE` is ``None``, no wide kernel is
registered, and the float64 kernels with their measured error bounds are used.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from actfuncs.functions import _stable as st
from actfuncs.functions._roots import fix_roots

WIDE: type | None = np.longdouble if np.finfo(np.longdouble).nmant >= 63 else None
_LD = np.longdouble
_SAT = 800.0  # the float64 kernels' saturation bound (kept for the root windows' arguments)
_BIG = 1e4  # saturation bound in long double: e^-10000 ~ 1e-4343 is still a normal long double

Kernel = Callable[..., np.ndarray]


def _ld(x: np.ndarray) -> np.ndarray:
    return np.asarray(x, dtype=_LD)


def _f64(y: np.ndarray) -> np.ndarray:
    return np.asarray(y, dtype=np.float64)


def sig(z: np.ndarray) -> np.ndarray:
    r"""$\sigma(z)$ from $e^{-|z|}$ only (no overflow), in the precision of ``z``."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def dsig(z: np.ndarray) -> np.ndarray:
    r"""$\sigma'(z) = e^{-|z|}/(1 + e^{-|z|})^2$."""
    e = np.exp(-np.abs(z))
    d = 1 + e
    return e / (d * d)


def sigmoid_grad2(x: np.ndarray) -> np.ndarray:
    r"""$\sigma''(x) = -\mathrm{sign}(x)\,e(1 - e)/(1 + e)^3$, $e = e^{-|x|}$, $1 - e$ by ``expm1``."""
    X = _ld(x)
    a = -np.abs(X)
    e = np.exp(a)
    d = 1 + e
    return -np.sign(X) * (e * -np.expm1(a)) / (d * d * d)


def _outer(x: np.ndarray) -> np.ndarray:
    return np.where(x == -np.inf, 0.0, x)


# -- SiLU / swish -------------------------------------------------------------------------------


def _silu_u(x: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x clipped, beta*x in float64 hi/lo for the root windows, beta*x in long double)."""
    xc = np.clip(x, -_SAT / beta, _SAT / beta)
    # long double has room for e^-10000: sigma and sigma' of beta x are exact (not saturated
    # early) up to there, and the clip only keeps inf * 0 out of the derivatives
    U = np.clip(_ld(x) * _LD(beta), -_BIG, _BIG)
    if beta == 1.0:
        return xc, xc, np.zeros_like(xc), U
    u, u_lo = st.two_prod(np.full_like(xc, beta), xc)
    return xc, u, u_lo, U


def silu(x: np.ndarray, beta: float) -> np.ndarray:
    return _ld(_outer(x)) * sig(_ld(x) * _LD(beta))


def silu_grad(x: np.ndarray, beta: float) -> np.ndarray:
    _, u, u_lo, U = _silu_u(x, beta)
    return fix_roots("silu.grad", u, _f64(sig(U) * (1 + U * sig(-U))), u_lo)


def silu_grad2(x: np.ndarray, beta: float) -> np.ndarray:
    _, u, u_lo, U = _silu_u(x, beta)
    g = dsig(U) * (2 - U * np.tanh(U / 2))
    if beta == 1.0:
        return fix_roots("silu.grad2", u, _f64(g), u_lo)
    # outside the windows multiply by beta in long double; inside, after the Taylor value
    out = _f64(_LD(beta) * g)
    win = fix_roots("silu.grad2", u, _f64(g), u_lo)
    changed = win != _f64(g)
    out[changed] = beta * win[changed]
    return out


def silu_dbeta(x: np.ndarray, beta: float) -> np.ndarray:
    _, _, _, U = _silu_u(x, beta)
    X = np.clip(_ld(x), -_BIG / _LD(beta), _BIG / _LD(beta))
    return X * X * dsig(U)


# -- Mish -----------------------------------------------------------------------------------------


def _mish_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Long-double $x_c$, $T = \tanh(\mathrm{softplus}(x))$, $1 - T^2$, $\sigma(x)$."""
    X = np.clip(_ld(x), -_BIG, _BIG)
    e = np.exp(-np.abs(X))
    n = e * (e + 2)  # x <= 0 (e = e^x): T = n/(n + 2), 1 - T^2 = 4(n + 1)/(n + 2)^2
    d = 1 + 2 * e + 2 * e * e  # x > 0 (e = e^-x)
    neg = X <= 0
    t = np.where(neg, n / (n + 2), (1 + 2 * e) / d)
    s2 = np.where(neg, 4 * (n + 1) / ((n + 2) * (n + 2)), 4 * (e * (1 + e) / d) ** 2)
    return X, t, s2, sig(X)


def mish(x: np.ndarray) -> np.ndarray:
    _, t, _, _ = _mish_parts(x)
    return _ld(_outer(x)) * t


def mish_grad(x: np.ndarray) -> np.ndarray:
    X, t, s2, sg = _mish_parts(x)
    return fix_roots("mish.grad", x, _f64(t + X * sg * s2))


def mish_grad2(x: np.ndarray) -> np.ndarray:
    X, t, s2, sg = _mish_parts(x)
    return fix_roots("mish.grad2", x, _f64(s2 * sg * (2 - 2 * X * t * sg + X * sig(-X))))


# -- GELU, tanh approximation ---------------------------------------------------------------------

_K0 = _LD("0.79788456080286535587989211986876373695171726232986931533185")  # sqrt(2/pi)
_K1 = _LD("0.044715")


def _gelu_tanh_u(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = _ld(np.clip(x, -1e4, 1e4))  # beyond, sigma(2u) is exactly 0 or 1
    return X, _K0 * (X + _K1 * X * X * X)


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    _, u = _gelu_tanh_u(x)
    return _ld(_outer(x)) * sig(2 * u)


def gelu_tanh_grad(x: np.ndarray) -> np.ndarray:
    X, u = _gelu_tanh_u(x)
    du = _K0 * (1 + 3 * _K1 * X * X)
    return fix_roots("gelu_tanh.grad", x, _f64(sig(2 * u) + 2 * X * du * dsig(2 * u)))


def gelu_tanh_grad2(x: np.ndarray) -> np.ndarray:
    X, u = _gelu_tanh_u(x)
    du = _K0 * (1 + 3 * _K1 * X * X)
    d2u = _K0 * 6 * _K1 * X
    bracket = 4 * du + 2 * X * d2u - 4 * X * du * du * np.tanh(u)
    return fix_roots("gelu_tanh.grad2", x, _f64(dsig(2 * u) * bracket))


def kernels(**ks: Kernel) -> dict[str, Kernel]:
    """The ``Spec.wide`` mapping, or an empty one where long double is float64."""
    return dict(ks) if WIDE is not None else {}
