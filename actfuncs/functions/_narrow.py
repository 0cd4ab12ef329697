r"""Float64 kernels for float16/float32 output: the plain formulas, without the float64 extras.

The float64 kernels carry double-double arguments, Taylor windows at roots and scaled tails,
each a few extra passes over the data, to be exact to the last float64 bit. A float32 result
needs none of that: the plain stable formula evaluated in float64 is within a few float64 ULP,
i.e. about $2^{-29}$ of a float32 ULP, and the single rounding to float32 leaves at most
0.5 ULP (+ that tiny amount). These kernels are 2-5x faster than the float64 ones on float32
input; the accuracy tests run them on float16 and the benchmark on float32.

The kernels overwrite their argument: the registry gives them a private float64 copy of the
float16/32 input (``Spec.narrow`` is only used then). Above 2^17 elements it does so block by
block (``registry._blocked``): one reused float64 buffer, so no pass of a kernel touches a fresh
8 MB allocation (its page faults measured up to 7x the arithmetic here). Inside a block every
pass still costs about one memory copy of the float32 input, which is why the kernels count
their passes: ``copysign(x, -1)`` for $-|x|$, $x/(1 + e^{-z})$ rather than a reciprocal and a
product, no product by a parameter equal to 1.

Arguments of ``exp`` are limited to $\pm 700$ (a saturation bound, not a clipping hack: every
result beyond it is exactly 0 or 1 once rounded to float32 or float16), so nothing overflows.
"""

from __future__ import annotations

import numpy as np

_SAT = 700.0  # e^700 is finite in float64; sigma(-700) ~ 1e-304 is 0 in float32 and float16
_LOW = -1e39  # below every finite float32: turns -inf into a finite factor whose products round to -0


def _log1p_exp_neg_abs(x: np.ndarray) -> np.ndarray:
    r"""$\log(1 + e^{-|x|})$ in a new array ($-|x|$ in one pass: ``copysign(x, -1)``)."""
    t = np.copysign(x, -1.0)
    np.exp(t, out=t)
    return np.log1p(t, out=t)


def sigmoid(x: np.ndarray) -> np.ndarray:
    r"""$e^x/(1 + e^x)$: one vectorised ``exp`` (SciPy's ``expit`` is a scalar loop), 4 passes."""
    np.clip(x, -_SAT, _SAT, out=x)
    np.exp(x, out=x)
    t = np.add(x, 1.0)
    x /= t
    return x


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    r"""$\min(x, 0) - \log(1 + e^{-|x|})$."""
    t = _log1p_exp_neg_abs(x)
    np.clip(x, -np.inf, 0.0, out=x)
    x -= t
    return x


def softsign(x: np.ndarray) -> np.ndarray:
    """Infinities become +-1e300, whose quotient is exactly +-1.0: the limit, without inf/inf."""
    np.clip(x, -1e300, 1e300, out=x)
    t = np.abs(x)
    t += 1.0
    x /= t
    return x


def hard_sigmoid(x: np.ndarray) -> np.ndarray:
    x += 3.0
    x /= 6.0
    return np.clip(x, 0.0, 1.0, out=x)


def hard_swish(x: np.ndarray) -> np.ndarray:
    t = np.add(x, 3.0)
    np.clip(t, 0.0, 6.0, out=t)
    np.clip(x, -3.0, np.inf, out=x)  # -inf: 0 * -3, not 0 * inf
    x *= t
    x /= 6.0
    return x


def softplus(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\max(x, 0) + \mathrm{log1p}(e^{-\beta|x|})/\beta$ (5 passes when $\beta = 1$)."""
    if beta == 1.0:
        t = _log1p_exp_neg_abs(x)
        np.clip(x, 0.0, np.inf, out=x)
        x += t
        return x
    t = np.abs(x)
    np.clip(t, 0.0, _SAT / beta, out=t)
    t *= -beta
    np.exp(t, out=t)
    np.log1p(t, out=t)
    t /= beta
    np.clip(x, 0.0, np.inf, out=x)
    x += t
    return x


def silu(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$x/(1 + e^{-\beta x})$: one division instead of a reciprocal and a product (6 passes)."""
    t = np.multiply(x, -beta)
    np.clip(t, -np.inf, _SAT, out=t)
    np.exp(t, out=t)
    t += 1.0
    np.clip(x, _LOW, np.inf, out=x)
    x /= t
    return x


_K0 = 0.7978845608028654  # sqrt(2/pi)


_C3 = 2.0 * _K0 * 0.044715


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    r"""$x/(1 + e^{-z})$ with $-z = x(-2k_0 - 2k_0 c\,x^2)$, in 9 passes.

    Float16/32 inputs are below $3.5 \cdot 10^{38}$, so $x^3 \cdot 0.07$ stays finite in
    float64 and infinities give $\pm\infty$ products, never $0 \cdot \infty$; $-z$ is capped at
    700 (beyond it the result is 0 in the narrow type). Reassociating the constants moves $z$ by a
    few float64 ULP, which $e^{-z}$ amplifies by $|z| < 150$ where the result is not 0: far below
    a float32 ULP.
    """
    u = np.multiply(x, x)
    u *= -_C3
    u -= 2.0 * _K0
    u *= x
    np.clip(u, -np.inf, _SAT, out=u)
    np.exp(u, out=u)
    u += 1.0
    np.clip(x, _LOW, np.inf, out=x)
    x /= u
    return x


def mish(x: np.ndarray) -> np.ndarray:
    t = _log1p_exp_neg_abs(x)
    u = np.clip(x, 0.0, np.inf)
    u += t  # softplus, stable
    np.tanh(u, out=u)
    np.clip(x, _LOW, np.inf, out=x)
    x *= u
    return x


def elu(x: np.ndarray, alpha: float, scale: float = 1.0) -> np.ndarray:
    r"""$s\max(x, 0) + s\alpha\,\mathrm{expm1}(\min(x, 0))$ (one of the terms is exactly 0);
    products by 1 are skipped (each pass over a block costs about a memory copy).

    Without a scale and for $\alpha \le 1$ it is $\max(x, \alpha\,\mathrm{expm1}(\min(x, 0)))$,
    one pass fewer: for $x \le 0$, $\alpha(e^x - 1) \ge e^x - 1 \ge x$, and for $x > 0$ the
    second term is 0. NaN propagates through ``maximum``.
    """
    t = np.clip(x, -np.inf, 0.0)
    np.expm1(t, out=t)
    if alpha * scale != 1.0:
        t *= alpha * scale
    if scale == 1.0 and alpha <= 1.0:
        return np.maximum(x, t, out=x)
    np.clip(x, 0.0, np.inf, out=x)
    if scale != 1.0:
        x *= scale
    x += t
    return x


def celu(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$\max(x, \alpha\,\mathrm{expm1}(\min(x, 0)/\alpha))$: for $x \le 0$ and $u = x/\alpha$,
    $\alpha(e^u - 1) \ge \alpha u = x$ for every $\alpha > 0$ (so one pass fewer than a sum)."""
    if alpha == 1.0:
        return elu(x, 1.0)
    t = np.clip(x, -np.inf, 0.0)
    t /= alpha
    np.expm1(t, out=t)
    t *= alpha
    return np.maximum(x, t, out=x)
