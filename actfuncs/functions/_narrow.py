r"""Float64 kernels for float16/float32 output: the plain formulas, without the float64 extras.

The float64 kernels carry double-double arguments, Taylor windows at roots and scaled tails,
each a few extra passes over the data, to be exact to the last float64 bit. A float32 result
needs none of that: the plain stable formula evaluated in float64 is within a few float64 ULP,
i.e. about $2^{-29}$ of a float32 ULP, and the single rounding to float32 leaves at most
0.5 ULP (+ that tiny amount). The function kernels are 2-5x faster than the float64 ones on
float32 input, the derivative kernels 3-20x (the float64 derivatives of SiLU, Mish and tanh-GELU
run in long double or double-double); the accuracy tests run them on float16 and float32, the
benchmarks on float32.

The kernels overwrite their argument: the registry gives them a private float64 copy of the
float16/32 input (``Spec.narrow`` is only used then). Above 2^17 elements it does so block by
block (``registry._blocked``): one reused float64 buffer, so no pass of a kernel touches a fresh
8 MB allocation (its page faults measured up to 7x the arithmetic here). Inside a block every
pass still costs about one memory copy of the float32 input, which is why the kernels count
their passes: $x/(1 + e^{-z})$ rather than a reciprocal and a product, no product by a
parameter equal to 1, ``abs`` then ``negative`` for $-|x|$ (two SIMD passes, 2.5x faster here than
the one ``copysign(x, -1)``, which is a scalar loop), no masked ``copyto`` (24x a copy).

Arguments of ``exp`` are limited to $\pm 700$ (a saturation bound, not a clipping hack: every
result beyond it is exactly 0 or 1 once rounded to float32 or float16), so nothing overflows.
"""

from __future__ import annotations

import numpy as np

_SAT = 700.0  # e^700 is finite in float64; sigma(-700) ~ 1e-304 is 0 in float32 and float16
_LOW = -1e39  # below every finite float32: turns -inf into a finite factor whose products round to -0


def _neg_abs(x: np.ndarray) -> np.ndarray:
    r"""$-|x|$ in a new array."""
    t = np.abs(x)
    return np.negative(t, out=t)


def _log1p_exp_neg_abs(x: np.ndarray) -> np.ndarray:
    r"""$\log(1 + e^{-|x|})$ in a new array."""
    t = _neg_abs(x)
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


# -- derivatives ------------------------------------------------------------------------------
# The same contract as above: ``x`` is a private float64 copy of float16/32 input, so |x| is at
# most 3.4e38 or infinite, and every kernel may overwrite it. Each formula below is the plain
# stable one; near an irrational root of a derivative its relative error grows like 1e-16 / |f|,
# still far below a float32 ULP at every float32 the accuracy tests and sweep visit.


def _ln_big(beta: float) -> float:
    """Where $\\beta\\,|z|\\,e^{-|z|}$ is 0 in every narrow type: $|z| > 800 + \\ln\\max(\\beta, 1)$."""
    return 800.0 + float(np.log(max(beta, 1.0)))


def _scaled(x: np.ndarray, beta: float, bound: float) -> np.ndarray:
    r"""$z = \beta x$ with $|z|$ capped at ``bound`` (beyond it every result below is a limit)."""
    if beta == 1.0:
        return np.clip(x, -bound, bound, out=x)
    np.clip(x, -bound / beta, bound / beta, out=x)
    x *= beta
    return x


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    r"""$\sigma'(x) = e/(1 + e)^2$ with $e = e^{-|x|} \le 1$ (4 passes)."""
    e = _neg_abs(x)
    np.exp(e, out=e)
    np.add(e, 1.0, out=x)
    np.square(x, out=x)
    np.divide(e, x, out=x)
    return x


def sigmoid_grad2(x: np.ndarray) -> np.ndarray:
    r"""$\sigma''(x) = -\mathrm{sign}(x)\,|e\,m|/(1 + e)^3$ with $e = e^{-|x|}$ and
    $m = \mathrm{expm1}(-|x|)$, each from its own call: $m$ keeps its digits near 0, where
    $\sigma''$ changes sign, and $e$ in the tails, where $1 + m$ would cancel."""
    e = _neg_abs(x)
    m = np.expm1(e)
    np.exp(e, out=e)
    d = np.add(e, 1.0)
    t = np.square(d)
    t *= d
    e *= m
    e /= t
    np.copysign(e, x, out=e)
    return np.negative(e, out=e)


def tanh_grad(x: np.ndarray) -> np.ndarray:
    r"""$\tanh'(x) = 4\,\sigma'(2x)$ (both factors of 2 are exact)."""
    x *= 2.0
    y = sigmoid_grad(x)
    y *= 4.0
    return y


def tanh_grad2(x: np.ndarray) -> np.ndarray:
    r"""$\tanh''(x) = 8\,\sigma''(2x)$."""
    x *= 2.0
    y = sigmoid_grad2(x)
    y *= 8.0
    return y


def log_sigmoid_grad(x: np.ndarray) -> np.ndarray:
    r"""$\sigma(-x)$."""
    return sigmoid(np.negative(x, out=x))


def log_sigmoid_grad2(x: np.ndarray) -> np.ndarray:
    r"""$-\sigma'(x)$."""
    return np.negative(sigmoid_grad(x), out=x)


def softsign_grad(x: np.ndarray) -> np.ndarray:
    r"""$1/(1 + |x|)^2$; $(1 + 3.4\cdot10^{38})^2$ is finite in float64 and $1/\infty = 0$."""
    np.abs(x, out=x)
    x += 1.0
    np.square(x, out=x)
    return np.divide(1.0, x, out=x)


def softsign_grad2(x: np.ndarray) -> np.ndarray:
    r"""$-2\,\mathrm{sign}(x)/(1 + |x|)^3$ (0 at $x = 0$).

    $-2\,\mathrm{sign}(x)$ is $\mathrm{clip}(-2\cdot10^{50}x, -2, 2)$: every nonzero float16/32,
    subnormals included, times $10^{50}$ exceeds 1, and $3.4\cdot10^{38}\cdot10^{50}$ is finite
    (two SIMD passes; ``np.sign`` is a scalar loop, 4x a copy)."""
    t = np.abs(x)
    t += 1.0
    c = np.square(t)
    c *= t
    x *= -2e50
    np.clip(x, -2.0, 2.0, out=x)
    x /= c
    return x


def softplus_grad(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\sigma(\beta x)$."""
    return sigmoid(_scaled(x, beta, _SAT))


def softplus_grad2(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\beta\,\sigma'(\beta x)$."""
    y = sigmoid_grad(_scaled(x, beta, _ln_big(beta)))
    if beta != 1.0:
        y *= beta
    return y


def _sig_and_dsig(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""$\sigma(z)$ and $\sigma'(z) = \sigma(z)\sigma(-z)$ as new arrays ($|z| \le 10^{39}$)."""
    s = sigmoid(np.clip(z, -_SAT, _SAT))
    return s, sigmoid_grad(z.copy())


def silu_grad(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\sigma(z) + z\,\sigma'(z)$, $z = \beta x$; $z$ capped where the result is 1 or 0."""
    z = _scaled(x, beta, _SAT)
    s, ds = _sig_and_dsig(z)
    z *= ds
    z += s
    return z


def silu_grad2(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\beta\,\sigma'(z)\,(2 + z(\sigma(-z) - \sigma(z)))$ with $\sigma(-z) - \sigma(z) =
    -\tanh(z/2)$, $z = \beta x$."""
    z = _scaled(x, beta, _ln_big(beta))
    ds = sigmoid_grad(z.copy())
    t = np.multiply(z, 0.5)
    np.tanh(t, out=t)
    z *= t
    np.subtract(2.0, z, out=z)
    z *= ds
    if beta != 1.0:
        z *= beta
    return z


_C1 = 2.0 * _K0  # z = x (C1 + C3 x^2) = 2u


def gelu_tanh_grad(x: np.ndarray) -> np.ndarray:
    r"""$\sigma(z) + x\,\sigma'(z)\,z'$ with $z = 2u = x(c_1 + c_3x^2)$, $z' = c_1 + 3c_3x^2$;
    $x$ capped at $\pm10^{39}$ so $\pm\infty$ never meets a zero factor ($z'x \approx 10^{116}$)."""
    np.clip(x, _LOW, -_LOW, out=x)
    x2 = np.square(x)
    zp = np.multiply(x2, 3.0 * _C3)
    zp += _C1
    x2 *= _C3
    x2 += _C1
    x2 *= x  # z
    s, ds = _sig_and_dsig(x2)
    zp *= x
    zp *= ds
    zp += s
    return zp


def gelu_tanh_grad2(x: np.ndarray) -> np.ndarray:
    r"""$\sigma'(z)\,(2z' - x z'^2\tanh(z/2) + 6c_3x^2)$, the $z$ of :func:`gelu_tanh_grad`."""
    np.clip(x, _LOW, -_LOW, out=x)
    x2 = np.square(x)
    z = np.multiply(x2, _C3)
    z += _C1
    z *= x
    ds = sigmoid_grad(z.copy())
    z *= 0.5
    np.tanh(z, out=z)  # tanh(z/2) = s - q
    zp = np.multiply(x2, 3.0 * _C3)
    zp += _C1  # z'
    z *= zp
    z *= zp
    z *= x  # x z'^2 tanh(z/2)
    x2 *= 6.0 * _C3
    zp *= 2.0
    zp += x2
    zp -= z
    zp *= ds
    return zp


def _mish_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""$T = \tanh(\mathrm{sp}(x))$, $S = 1 - T^2 = \mathrm{sech}^2(\mathrm{sp}(x))$ and $\sigma(x)$
    as new arrays; $x$ is capped at $\pm10^{39}$ in place (no $\infty \cdot 0$ later)."""
    np.clip(x, _LOW, -_LOW, out=x)
    sp = _log1p_exp_neg_abs(x)
    sp += np.clip(x, 0.0, np.inf)
    T = np.tanh(sp)
    sp *= -2.0
    S = np.exp(sp, out=sp)  # e^{-2 sp} <= 1
    d = np.add(S, 1.0)
    np.square(d, out=d)
    S *= 4.0
    S /= d  # sech^2(sp) = 4 e^{-2sp} / (1 + e^{-2sp})^2, accurate in the far right tail too
    return T, S, sigmoid(np.clip(x, -_SAT, _SAT))


def mish_grad(x: np.ndarray) -> np.ndarray:
    r"""$T + x\,\sigma(x)\,S$ (:func:`_mish_parts`)."""
    T, S, s = _mish_parts(x)
    x *= s
    x *= S
    x += T
    return x


def mish_grad2(x: np.ndarray) -> np.ndarray:
    r"""$S\,\sigma(x)\,(2 - 2xT\sigma(x) + x\,\sigma(-x))$ (:func:`_mish_parts`)."""
    T, S, s = _mish_parts(x)
    q = np.subtract(1.0, s)  # sigma(-x): only multiplied by x where it is not small
    T *= s
    T *= -2.0
    T += q
    T *= x
    T += 2.0
    T *= s
    T *= S
    return T


def _step_pos(x: np.ndarray) -> np.ndarray:
    r"""$[x > 0]$ as floats in a new array, NaN for NaN: $\lceil \mathrm{clip}(x, 0, 1)\rceil$."""
    h = np.clip(x, 0.0, 1.0)
    return np.ceil(h, out=h)


def elu_grad(x: np.ndarray, alpha: float, scale: float = 1.0) -> np.ndarray:
    r"""$s$ for $x > 0$, $s\alpha e^{x}$ for $x \le 0$ (so $s\alpha$ at 0, like the float64 kernel):
    $s\alpha e^{\min(x, 0)} + s(1 - \alpha)[x > 0]$, one term skipped when $\alpha = 1$."""
    h = _step_pos(x) if alpha != 1.0 else None
    np.clip(x, -np.inf, 0.0, out=x)
    np.exp(x, out=x)
    if alpha * scale != 1.0:
        x *= alpha * scale
    if h is not None:
        h *= scale * (1.0 - alpha)
        x += h
    return x


def elu_grad2(x: np.ndarray, alpha: float, scale: float = 1.0) -> np.ndarray:
    r"""0 for $x > 0$, $s\alpha e^{x}$ for $x \le 0$: $s\alpha e^{\min(x, 0)}(1 - [x > 0])$."""
    h = _step_pos(x)
    np.subtract(1.0, h, out=h)
    np.clip(x, -np.inf, 0.0, out=x)
    np.exp(x, out=x)
    x *= h
    if alpha * scale != 1.0:
        x *= alpha * scale
    return x


def celu_grad(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""1 for $x > 0$, $e^{x/\alpha}$ for $x \le 0$: $e^{\min(x, 0)/\alpha}$ (1 for $x > 0$)."""
    np.clip(x, -800.0 * alpha, 0.0, out=x)  # e^{-800} = 0: no overflow of x / alpha
    x /= alpha
    return np.exp(x, out=x)


def celu_grad2(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""0 for $x > 0$, $e^{x/\alpha}/\alpha$ for $x \le 0$."""
    h = _step_pos(x)
    np.subtract(1.0, h, out=h)
    np.clip(x, -800.0 * alpha, 0.0, out=x)
    x /= alpha
    np.exp(x, out=x)
    x /= alpha
    x *= h
    return x
