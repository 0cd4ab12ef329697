r"""Smooth rectifiers: softplus, GELU (exact and tanh form), SiLU/swish and Mish.

Accuracy notes, each measured against mpmath in the tests:

* GELU is $-tQ(t)$ for $x \le 0$ and $x - tQ(t)$ for $x > 0$, $t = |x|$, $Q(t) = \Phi(-t)$,
  with $tQ(t) = t\,e^{-t^2/2}K(t)$ from the vectorised table of :mod:`._normal` multiplied in
  double-double (about 1 ULP over the whole line, subnormal results rounded once); its
  derivatives $e^{-t^2/2}(K(t) - t/\sqrt{2\pi})$ and $\varphi(x)(2 - x^2)$ likewise. SciPy's
  ``ndtr`` is off by thousands of ULP in the left tail, and ``erfcx(-x/\sqrt2)`` with a
  rounded argument (the earlier kernel) left up to 6 ULP.
* The tanh-approximate GELU is written $x\,\sigma(2u)$, since $1 + \tanh u = 2\sigma(2u)$:
  the textbook $\tfrac12 x(1+\tanh u)$ is 0 for $x \lesssim -10$.
* Inside a sigmoid or exponential that is already saturated in float64, the argument is
  limited to $\pm 800/\beta$ ("argument reduction"): the result is bit-identical and no
  intermediate like $\beta x$ or $x^3$ can overflow. Infinite inputs give the limits.
* Near the root of a derivative the sum that forms it cancels; the relative error there is
  reported by the accuracy benchmark.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np

from actfuncs.functions import _narrow as nw
from actfuncs.functions import _normal as nm
from actfuncs.functions import _stable as st
from actfuncs.functions import _wide as wd
from actfuncs.functions._roots import fix_roots
from actfuncs.registry import Param, Properties, Spec, register

_SAT = 800.0  # |argument| beyond which sigmoid/exp are exactly saturated in float64


def _finite_outer(x: np.ndarray) -> np.ndarray:
    """``x`` with -inf replaced by 0, for products ``x * g(x)`` whose ``g(-inf) = 0``."""
    return np.where(x == -np.inf, 0.0, x)


def _sig_dd(u: np.ndarray, u_lo: np.ndarray) -> np.ndarray:
    r"""$\sigma(u + u_{lo}) \approx \sigma(u)\,(1 + u_{lo}\,\sigma(-u))$ for a tiny $u_{lo}$."""
    return st.sigmoid(u) * (1.0 + u_lo * st.sigmoid(-u))


def _dsig_dd(v: np.ndarray, v_lo: np.ndarray) -> np.ndarray:
    r"""$\sigma'(v + v_{lo}) \approx \sigma'(v)\,(1 - v_{lo}\tanh(v/2))$."""
    return st.sigmoid_grad(v) * (1.0 - v_lo * np.tanh(0.5 * v))


# -- softplus --------------------------------------------------------------------------------


def _softplus(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\max(x, 0) + \log(1 + e^{-\beta|x|})/\beta$: $\beta x$ is never formed outside ``exp``."""
    ax = np.minimum(np.abs(x), _SAT / beta)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-beta * ax)) / beta


def _softplus_grad(x: np.ndarray, beta: float) -> np.ndarray:
    return st.sigmoid(beta * np.clip(x, -_SAT / beta, _SAT / beta))


def _softplus_grad2(x: np.ndarray, beta: float) -> np.ndarray:
    return beta * st.sigmoid_grad(beta * np.clip(x, -_SAT / beta, _SAT / beta))


BETA = Param("beta", 1.0, low=0.0, low_open=True, widget=(0.25, 5.0), doc="sharpness")

register(
    Spec(
        name="softplus",
        display_name="softplus",
        family="smooth",
        fn=_softplus,
        narrow={"fn": nw.softplus, "grad": nw.softplus_grad, "grad2": nw.softplus_grad2},
        grad=_softplus_grad,
        grad2=_softplus_grad2,
        params=(BETA,),
        latex=r"f(x) = \frac{1}{\beta}\log(1 + e^{\beta x})",
        latex_grad=r"f'(x) = \sigma(\beta x)",
        latex_grad2=r"f''(x) = \beta\,\sigma'(\beta x)",
        properties=Properties(
            monotonic=True,
            smoothness="Cinf",
            zero_centred=False,
            bounded_above=False,
            bounded_below=True,
            saturating=True,
            sparse=False,
            self_gated=False,
        ),
        paper="dugas2001softplus",
        year=2001,
        summary="A smooth ReLU: the log of one plus the exponential; its derivative is the sigmoid.",
        output_range=(0.0, math.inf),
        uses="Positive outputs (variances, rates); a smooth ReLU inside Mish.",
        pitfalls=(
            "Libraries that switch to x above a threshold return x where x + log1p(exp(-x)) "
            "differs by up to e^-20 relative; beta*x is rounded once for beta != 1."
        ),
    )
)

# -- GELU (exact) ------------------------------------------------------------------------------


def _gelu(x: np.ndarray) -> np.ndarray:
    r"""$x\Phi(x)$ as $-tQ(t)$ or $x - tQ(t)$, $t = |x|$, to about 1 ULP (:mod:`._normal`)."""
    return nm.gelu(x)


_GELU_ROOT_WINDOW = 0.05  # the double-double formula is within ~1.3 ULP outside it


def _gelu_grad_scaled(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""$\Phi(x) + x\varphi(x) = m\,2^{-k}$ in double-double (:func:`._normal.gelu_grad_scaled`);
    within 0.05 of its root the Taylor window of :mod:`._roots` (the sum cancels there)."""
    m, k = nm.gelu_grad_scaled(x)
    near = np.abs(x - nm._GRAD_ROOT) < _GELU_ROOT_WINDOW  # k = 0 there
    if near.any():
        m[near] = fix_roots("gelu.grad", x[near], m[near])
    return m, k


def _gelu_grad(x: np.ndarray) -> np.ndarray:
    r"""$\Phi(x) + x\varphi(x)$ (see :func:`_gelu_grad_scaled`)."""
    m, k = _gelu_grad_scaled(x)
    return np.ldexp(m, -k)


def _gelu_grad2(x: np.ndarray) -> np.ndarray:
    r"""$\varphi(x)(2 - x^2)$ in double-double (:func:`._normal.gelu_grad2`)."""
    return nm.gelu_grad2(x)


SELF_GATED = Properties(
    monotonic=False,
    smoothness="Cinf",
    zero_centred=False,
    bounded_above=False,
    bounded_below=True,
    saturating=True,
    sparse=False,
    self_gated=True,
)

register(
    Spec(
        name="gelu",
        display_name="GELU",
        family="smooth",
        fn=_gelu,
        narrow={"fn": nm.gelu_fast, "grad": lambda x: nm.gelu_grad_fast(x, _gelu_grad),
                "grad2": nm.gelu_grad2_fast},
        grad=_gelu_grad,
        grad2=_gelu_grad2,
        latex=r"f(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \mathrm{erf}(x/\sqrt{2})\right)",
        latex_grad=r"f'(x) = \Phi(x) + x\,\varphi(x)",
        latex_grad2=r"f''(x) = \varphi(x)\,(2 - x^2)",
        properties=SELF_GATED,
        paper="hendrycks2016gelu",
        year=2016,
        summary="Weights its input by the probability that a standard normal lies below it.",
        output_range=(-0.16997120747990366, math.inf),
        uses="Feed-forward blocks of BERT, GPT-2/3 and ViT.",
        pitfalls=(
            "Written as x/2 (1 + erf(x/sqrt 2)) it is exactly 0 for x < -5.9 and loses all "
            "digits before that; its minimum is about -0.17 at x = -0.75."
        ),
    )
)

# -- GELU (tanh approximation) -------------------------------------------------------------------

def _split_const(value: mpmath.mpf) -> tuple[float, float]:
    hi = float(value)
    return hi, float(value - mpmath.mpf(hi))


with mpmath.workdps(40):
    _K0, _K0_LO = _split_const(mpmath.sqrt(2 / mpmath.pi))
    _K1, _K1_LO = _split_const(mpmath.mpf("0.044715"))


def _gelu_tanh_u(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""$(x_c, u, u_{lo})$ with $u + u_{lo} = \sqrt{2/\pi}\,(x_c + 0.044715\,x_c^3)$ in double-double.

    In the tails $\sigma(2u)$ amplifies the relative error of $u$ by about $|2u|$ (up to ~150
    ULP with plain float64); carrying $u$'s rounding error as $u_{lo}$ removes that.
    """
    xc = np.clip(x, -1e4, 1e4)  # beyond, sigma(2u) is exactly 0 or 1
    p, e = st.two_prod(xc, xc)  # x^2 = p + e
    q, f = st.two_prod(p, xc)  # x^3 = q + f + e x
    x3_lo = f + e * xc
    r, g = st.two_prod(np.full_like(q, _K1), q)  # K1 x^3
    r_lo = g + _K1 * x3_lo + _K1_LO * q
    t = xc + r  # TwoSum(x, r)
    bb = t - xc
    t_lo = ((xc - (t - bb)) + (r - bb)) + r_lo
    u, h = st.two_prod(np.full_like(t, _K0), t)
    u_lo = h + _K0 * t_lo + _K0_LO * t
    return xc, u, u_lo


def _gelu_tanh(x: np.ndarray) -> np.ndarray:
    r"""$\tfrac12 x(1 + \tanh u) = x\,\sigma(2u)$, $u = \sqrt{2/\pi}(x + 0.044715x^3)$
    (in the far left tail $x\,e^{2u}$, scaled out of the subnormal range)."""
    xc, u, u_lo = _gelu_tanh_u(x)
    out = _finite_outer(x) * _sig_dd(2.0 * u, 2.0 * u_lo)
    return st.patch_tail(out, 2.0 * u, lambda m: xc[m] * st.exp_scaled(2.0 * u[m], 2.0 * u_lo[m]))


def _gelu_tanh_grad(x: np.ndarray) -> np.ndarray:
    r"""$\sigma(2u) + 2x u'\sigma'(2u)$."""
    xc, u, u_lo = _gelu_tanh_u(x)
    du = _K0 * (1.0 + 3.0 * _K1 * xc * xc)
    out = _sig_dd(2.0 * u, 2.0 * u_lo) + 2.0 * xc * du * _dsig_dd(2.0 * u, 2.0 * u_lo)
    out = fix_roots("gelu_tanh.grad", x, out)
    return st.patch_tail(out, 2.0 * u, lambda m: st.exp_scaled(2.0 * u[m], 2.0 * u_lo[m])
                         * (1.0 + 2.0 * xc[m] * du[m]))


def _gelu_tanh_grad2(x: np.ndarray) -> np.ndarray:
    r"""$\sigma'(2u)\,[4u' + 2xu'' - 4x u'^2 \tanh u]$."""
    xc, u, u_lo = _gelu_tanh_u(x)
    du = _K0 * (1.0 + 3.0 * _K1 * xc * xc)
    d2u = _K0 * 6.0 * _K1 * xc
    bracket = 4.0 * du + 2.0 * xc * d2u - 4.0 * xc * du * du * np.tanh(u)
    out = fix_roots("gelu_tanh.grad2", x, _dsig_dd(2.0 * u, 2.0 * u_lo) * bracket)
    out = st.patch_tail(out, 2.0 * u, lambda m: st.exp_scaled(2.0 * u[m], 2.0 * u_lo[m])
                        * bracket[m])
    return st.patch_tail(out, -2.0 * u, lambda m: st.exp_scaled(-2.0 * u[m], -2.0 * u_lo[m])
                         * bracket[m])


register(
    Spec(
        name="gelu_tanh",
        aliases=("gelu_approx",),
        display_name="GELU (tanh approx.)",
        family="smooth",
        fn=_gelu_tanh,
        narrow={"fn": nw.gelu_tanh, "grad": nw.gelu_tanh_grad, "grad2": nw.gelu_tanh_grad2},
        wide=wd.kernels(fn=wd.gelu_tanh, grad=wd.gelu_tanh_grad, grad2=wd.gelu_tanh_grad2),
        grad=_gelu_tanh_grad,
        grad2=_gelu_tanh_grad2,
        latex=r"f(x) = \frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right)\right)",
        latex_grad=r"f'(x) = \sigma(2u) + 2x\,u'\,\sigma'(2u),\ u = \sqrt{2/\pi}(x + 0.044715x^3)",
        latex_grad2=r"f''(x) = \sigma'(2u)\,(4u' + 2xu'' - 4xu'^2\tanh u)",
        properties=SELF_GATED,
        paper="hendrycks2016gelu",
        year=2016,
        summary="The tanh-based approximation of GELU used by the original BERT and GPT-2 code.",
        output_range=(-0.17004075057125406, math.inf),
        uses="Reproducing models trained with it (GPT-2; PyTorch's approximate='tanh').",
        pitfalls="Differs from exact GELU by up to about 5e-4; not a faster function on CPUs today.",
    )
)

# -- SiLU / swish ------------------------------------------------------------------------------


def _silu_u(x: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""$(x_c, u, u_{lo})$: $x$ limited to the unsaturated range and $\beta x_c = u + u_{lo}$ exactly."""
    xc = np.clip(x, -_SAT / beta, _SAT / beta)
    if beta == 1.0:
        return xc, xc, np.zeros_like(xc)
    u, u_lo = st.two_prod(np.full_like(xc, beta), xc)
    return xc, u, u_lo


def _silu(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$x\,\sigma(\beta x)$."""
    xc, u, u_lo = _silu_u(x, beta)
    out = _finite_outer(x) * _sig_dd(u, u_lo)
    return st.patch_tail(out, u, lambda m: xc[m] * st.exp_scaled(u[m], u_lo[m]))


def _silu_grad(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\sigma(u)\,(1 + u\,\sigma(-u))$, $u = \beta x$."""
    _, u, u_lo = _silu_u(x, beta)
    out = fix_roots("silu.grad", u, _sig_dd(u, u_lo) * (1.0 + u * _sig_dd(-u, -u_lo)), u_lo)
    # tail: sigma(w) (1 + w sigma(-w)) = e^w (1 + w) to 1e-300, w = u + u_lo
    return st.patch_tail(out, u, lambda m: st.exp_scaled(u[m], u_lo[m]) * ((1.0 + u[m]) + u_lo[m]))


def _silu_grad2(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\beta\,\sigma'(u)\,(2 - u\tanh(u/2))$."""
    _, u, u_lo = _silu_u(x, beta)
    g = fix_roots("silu.grad2", u, _dsig_dd(u, u_lo) * (2.0 - u * np.tanh(0.5 * u)), u_lo)
    # tail: sigma'(w) (2 - w tanh(w/2)) = e^w (2 + w)
    g = st.patch_tail(g, u, lambda m: st.exp_scaled(u[m], u_lo[m]) * ((2.0 + u[m]) + u_lo[m]))
    # right tail: sigma'(w) = e^-w, tanh(w/2) = 1: e^-w (2 - w)
    g = st.patch_tail(g, -u, lambda m: st.exp_scaled(-u[m], -u_lo[m]) * ((2.0 - u[m]) - u_lo[m]))
    return beta * g


def _silu_dbeta(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\partial f/\partial\beta = x^2\,\sigma'(\beta x)$."""
    xc, u, u_lo = _silu_u(x, beta)
    out = xc * xc * _dsig_dd(u, u_lo)
    out = st.patch_tail(out, u, lambda m: xc[m] * xc[m] * st.exp_scaled(u[m], u_lo[m]))
    return st.patch_tail(out, -u, lambda m: xc[m] * xc[m] * st.exp_scaled(-u[m], -u_lo[m]))


register(
    Spec(
        name="silu",
        aliases=("swish",),
        display_name="SiLU / swish",
        family="smooth",
        fn=_silu,
        narrow={"fn": nw.silu, "grad": nw.silu_grad, "grad2": nw.silu_grad2},
        wide=wd.kernels(fn=wd.silu, grad=wd.silu_grad, grad2=wd.silu_grad2,
                        **{"param_grad[beta]": wd.silu_dbeta}),
        grad=_silu_grad,
        grad2=_silu_grad2,
        param_grads={"beta": _silu_dbeta},
        params=(
            Param(
                "beta",
                1.0,
                low=0.0,
                low_open=True,
                learnable=True,
                widget=(0.1, 5.0),
                doc="gate sharpness (swish-beta); 1 gives SiLU",
            ),
        ),
        latex=r"f(x) = x\,\sigma(\beta x)",
        latex_grad=r"f'(x) = \sigma(\beta x)\,(1 + \beta x\,\sigma(-\beta x))",
        latex_grad2=r"f''(x) = \beta\,\sigma'(\beta x)\,(2 - \beta x\tanh(\beta x/2))",
        properties=SELF_GATED,
        paper="ramachandran2017swish",
        year=2017,
        summary="The input gated by its own sigmoid; beta interpolates between linear/2 and ReLU.",
        output_range=lambda beta: (-0.27846454276107380 / beta, math.inf),
        uses="EfficientNet, MobileNetV3 (hard form); inside SwiGLU in LLaMA-style transformers.",
        pitfalls=(
            "Not monotonic: a dip to about -0.278 at x = -1.278 (beta = 1). The name SiLU "
            "comes from Hendrycks & Gimpel (2016) and Elfwing et al. (2018)."
        ),
    )
)

# -- Mish ---------------------------------------------------------------------------------------


def _mish_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""$T = \tanh(\mathrm{softplus}(x))$, $1 - T^2$ and $\sigma(x)$, each without cancellation."""
    xc = np.clip(x, -_SAT, _SAT)
    neg = xc <= 0
    e = np.exp(-np.abs(xc))
    # x <= 0: n = e(e + 2), T = n/(n + 2), 1 - T^2 = 4(n + 1)/(n + 2)^2  (e = e^x)
    n = e * (e + 2.0)
    t_neg = n / (n + 2.0)
    s_neg = 4.0 * (n + 1.0) / ((n + 2.0) * (n + 2.0))
    # x > 0:  T = (1 + 2e)/(1 + 2e + 2e^2), 1 - T^2 = 4e^2(1 + e)^2/(1 + 2e + 2e^2)^2  (e = e^-x)
    d = 1.0 + 2.0 * e + 2.0 * e * e
    t_pos = (1.0 + 2.0 * e) / d
    s_pos = 4.0 * (e * (1.0 + e) / d) ** 2
    return np.where(neg, t_neg, t_pos), np.where(neg, s_neg, s_pos), st.sigmoid(xc)


def _mish(x: np.ndarray) -> np.ndarray:
    r"""$x\tanh(\mathrm{softplus}(x))$; in the far left tail $x e^x$, scaled out of the
    subnormal range (there $T = e^x$ and $1 - T^2 = 1$ to $10^{-300}$)."""
    t, _, _ = _mish_parts(x)
    xc = np.clip(x, -_SAT, _SAT)
    return st.patch_tail(_finite_outer(x) * t, xc, lambda m: xc[m] * st.exp_scaled(xc[m]))


def _mish_grad(x: np.ndarray) -> np.ndarray:
    r"""$T + x\,\sigma(x)(1 - T^2)$."""
    t, s2, sg = _mish_parts(x)
    xc = np.clip(x, -_SAT, _SAT)
    out = fix_roots("mish.grad", x, t + xc * sg * s2)
    return st.patch_tail(out, xc, lambda m: st.exp_scaled(xc[m]) * (1.0 + xc[m]))


def _mish_grad2(x: np.ndarray) -> np.ndarray:
    r"""$(1 - T^2)\,\sigma(x)\,[2 - 2xT\sigma(x) + x\,\sigma(-x)]$."""
    t, s2, sg = _mish_parts(x)
    xc = np.clip(x, -_SAT, _SAT)
    out = fix_roots("mish.grad2", x, s2 * sg * (2.0 - 2.0 * xc * t * sg + xc * st.sigmoid(-xc)))
    out = st.patch_tail(out, xc, lambda m: st.exp_scaled(xc[m]) * (2.0 + xc[m]))
    # right tail: 1 - T^2 = 4 e^-2x, sigma(x) = T = 1 to 1e-150: 8 e^-2x (1 - x)
    return st.patch_tail(out, -2.0 * xc, lambda m: 8.0 * st.exp_scaled(-2.0 * xc[m]) * (1.0 - xc[m]))


register(
    Spec(
        name="mish",
        display_name="Mish",
        family="smooth",
        fn=_mish,
        narrow={"fn": nw.mish, "grad": nw.mish_grad, "grad2": nw.mish_grad2},
        wide=wd.kernels(fn=wd.mish, grad=wd.mish_grad, grad2=wd.mish_grad2),
        grad=_mish_grad,
        grad2=_mish_grad2,
        latex=r"f(x) = x\tanh(\mathrm{softplus}(x))",
        latex_grad=r"f'(x) = T + x\,\sigma(x)\,(1 - T^2),\ T = \tanh(\mathrm{softplus}(x))",
        latex_grad2=r"f''(x) = (1 - T^2)\,\sigma(x)\,(2 - 2xT\sigma(x) + x\,\sigma(-x))",
        properties=SELF_GATED,
        paper="misra2019mish",
        year=2019,
        summary="x times tanh of softplus: a smooth, non-monotonic, self-gated rectifier.",
        output_range=(-0.30884341301725043, math.inf),
        uses="YOLOv4 backbones and other CNNs.",
        pitfalls="About twice the cost of SiLU for a difference that is often inside the noise.",
    )
)
