r"""Exponential linear units: ELU, SELU and CELU.

For $x \le 0$ they use ``expm1``, which keeps full relative accuracy near 0 where
$e^x - 1$ would cancel. SELU's constants are derived here, at import, from its
self-normalisation conditions rather than typed in.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np

from actfuncs.functions import _narrow as nw
from actfuncs.functions import _wide as wd
from actfuncs.functions._stable import keep_nan
from actfuncs.registry import Param, Properties, Spec, register


def _selu_mp(dps: int) -> tuple[mpmath.mpf, mpmath.mpf]:
    r"""$(\lambda, \alpha)$ as mpmath numbers at ``dps`` digits (see :func:`selu_constants`)."""
    with mpmath.workdps(dps):
        phi1 = mpmath.ncdf(-1)
        phi2 = mpmath.ncdf(-2)
        half = mpmath.mpf(1) / 2
        alpha = (1 / mpmath.sqrt(2 * mpmath.pi)) / (half - mpmath.exp(half) * phi1)
        second = half + alpha**2 * (mpmath.exp(2) * phi2 - 2 * mpmath.exp(half) * phi1 + half)
        return 1 / mpmath.sqrt(second), alpha


def selu_constants(dps: int = 40) -> tuple[float, float]:
    r"""$(\lambda, \alpha)$ that make $\mathrm{SELU}$ map $N(0, 1)$ to mean 0 and variance 1.

    For $z \sim N(0,1)$ and $f(z) = \lambda z$ ($z > 0$), $\lambda\alpha(e^z - 1)$ ($z \le 0$):

    * $E[f]/\lambda = \tfrac{1}{\sqrt{2\pi}} + \alpha\,(e^{1/2}\Phi(-1) - \tfrac12) = 0$ gives $\alpha$;
    * $E[f^2]/\lambda^2 = \tfrac12 + \alpha^2 (e^{2}\Phi(-2) - 2e^{1/2}\Phi(-1) + \tfrac12) = 1/\lambda^2$
      gives $\lambda$.

    The expectations use $E[e^{z}; z \le 0] = e^{1/2}\Phi(-1)$ and
    $E[e^{2z}; z \le 0] = e^{2}\Phi(-2)$. Solved in ``dps`` decimal digits, rounded once.
    """
    lam, alpha = _selu_mp(dps)
    return float(lam), float(alpha)


SELU_LAMBDA, SELU_ALPHA = selu_constants()
with mpmath.workdps(40):
    _LAM_MP, _LAM_ALPHA_MP = _selu_mp(40)[0], mpmath.fmul(*_selu_mp(40))
#: $\lambda\alpha$ rounded once from 40 digits; ``SELU_LAMBDA * SELU_ALPHA`` would round twice
SELU_LAMBDA_ALPHA = float(_LAM_ALPHA_MP)
#: the same two constants to 64 bits, for the long-double kernel
_LAM_LD, _LAM_ALPHA_LD = (np.longdouble(mpmath.nstr(v, 30)) for v in (_LAM_MP, _LAM_ALPHA_MP))


def _selu_wide(x: np.ndarray) -> np.ndarray:
    r"""SELU for float64 output in long double: $\lambda$ and $\lambda\alpha$ carried to 64
    bits, so the result is rounded once (0.5 ULP; the float64 kernel is 1.3 ULP)."""
    X = np.asarray(x, dtype=np.longdouble)
    return _LAM_LD * np.maximum(X, 0) + _LAM_ALPHA_LD * np.expm1(np.minimum(X, 0))


def _elu(x: np.ndarray, alpha: float) -> np.ndarray:
    # branch-free: one of the two terms is exactly 0 (expm1(0) = 0), NaN propagates; np.where
    # would evaluate both sides anyway and costs a further pass
    return np.maximum(x, 0.0) + alpha * np.expm1(np.minimum(x, 0.0))


def _elu_grad(x: np.ndarray, alpha: float, one: float = 1.0) -> np.ndarray:
    # ``one`` and ``alpha`` are the slopes right and left; SELU passes lambda and lambda*alpha
    return np.where(x > 0, one, alpha * np.exp(np.minimum(x, 0.0)))


def _elu_grad2(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, keep_nan(x, np.zeros_like(x)), alpha * np.exp(np.minimum(x, 0.0)))


def _props(**kw: Any) -> Properties:
    base = dict(
        monotonic=True,
        smoothness="C1",
        zero_centred=False,
        bounded_above=False,
        bounded_below=True,
        saturating=True,
        sparse=False,
        self_gated=False,
    )
    base.update(kw)
    return Properties(**base)


ALPHA = Param("alpha", 1.0, low=0.0, low_open=True, widget=(0.1, 3.0), doc="negative saturation")

register(
    Spec(
        name="elu",
        display_name="ELU",
        family="exponential",
        fn=_elu,
        narrow={"fn": nw.elu, "grad": nw.elu_grad, "grad2": nw.elu_grad2},
        grad=_elu_grad,
        grad2=_elu_grad2,
        params=(ALPHA,),
        latex=r"f(x) = \begin{cases} x & x > 0 \\ \alpha(e^{x} - 1) & x \le 0 \end{cases}",
        latex_grad=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        latex_grad2=r"f''(x) = \begin{cases} 0 & x > 0 \\ \alpha e^{x} & x < 0 \end{cases}",
        properties=_props(),
        paper="clevert2016elu",
        year=2016,
        summary="Identity for positive inputs, a smooth exponential floor at -alpha for negative.",
        output_range=lambda alpha: (-alpha, math.inf),
        uses="Deeper CNNs and MLPs where mean activations near zero speed up learning.",
        pitfalls="Differentiable at 0 only for alpha = 1 (f' jumps from alpha to 1 otherwise).",
    )
)


def _selu(x: np.ndarray) -> np.ndarray:
    r"""$\lambda\max(x, 0) + (\lambda\alpha)\,\mathrm{expm1}(\min(x, 0))$ with $\lambda\alpha$
    rounded once (1.3 ULP; $\lambda$ times ELU with $\alpha$ rounds the constant twice: 2.5)."""
    # lambda > 1: for x above max/lambda the exact result exceeds float64, and inf is its
    # correct rounding, so the overflow is expected rather than warned about.
    with np.errstate(over="ignore"):
        return SELU_LAMBDA * np.maximum(x, 0.0) + SELU_LAMBDA_ALPHA * np.expm1(np.minimum(x, 0.0))


register(
    Spec(
        name="selu",
        display_name="SELU",
        family="exponential",
        fn=_selu,
        wide=wd.kernels(fn=_selu_wide),
        narrow={"fn": lambda x: nw.elu(x, SELU_ALPHA, SELU_LAMBDA),
                "grad": lambda x: nw.elu_grad(x, SELU_ALPHA, SELU_LAMBDA),
                "grad2": lambda x: nw.elu_grad2(x, SELU_ALPHA, SELU_LAMBDA)},
        grad=lambda x: _elu_grad(x, SELU_LAMBDA_ALPHA, SELU_LAMBDA),
        grad2=lambda x: _elu_grad2(x, SELU_LAMBDA_ALPHA),
        latex=r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha(e^{x} - 1) & x \le 0 \end{cases}"
        r",\ \lambda \approx 1.0507,\ \alpha \approx 1.6733",
        latex_grad=r"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        latex_grad2=r"f''(x) = \begin{cases} 0 & x > 0 \\ \lambda\alpha e^{x} & x < 0 \end{cases}",
        properties=_props(smoothness="C0"),
        paper="klambauer2017selu",
        year=2017,
        summary="A scaled ELU whose constants make activations keep mean 0 and variance 1.",
        output_range=(-SELU_LAMBDA * SELU_ALPHA, math.inf),
        uses="Self-normalising fully connected networks (with LeCun-normal initialisation).",
        pitfalls=(
            "Self-normalisation holds only with LeCun-normal weights, standardised inputs and "
            "alpha-dropout; batch norm or He initialisation break its assumptions."
        ),
    )
)


def _celu(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.maximum(x, 0.0) + alpha * np.expm1(np.minimum(x, 0.0) / alpha)


register(
    Spec(
        name="celu",
        display_name="CELU",
        family="exponential",
        fn=_celu,
        narrow={"fn": nw.celu, "grad": nw.celu_grad, "grad2": nw.celu_grad2},
        grad=lambda x, alpha: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0) / alpha)),
        grad2=lambda x, alpha: np.where(
            x > 0, keep_nan(x, np.zeros_like(x)), np.exp(np.minimum(x, 0.0) / alpha) / alpha
        ),
        params=(ALPHA,),
        latex=r"f(x) = \max(0, x) + \min(0, \alpha(e^{x/\alpha} - 1))",
        latex_grad=r"f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        latex_grad2=r"f''(x) = \begin{cases} 0 & x > 0 \\ e^{x/\alpha}/\alpha & x < 0 \end{cases}",
        properties=_props(),
        paper="barron2017celu",
        year=2017,
        summary="ELU reparameterised so that it is continuously differentiable for every alpha.",
        output_range=lambda alpha: (-alpha, math.inf),
        uses="Where ELU's behaviour is wanted with alpha != 1 without a kink in f'.",
        pitfalls="x/alpha is rounded before the exponential (at most half an ULP of the argument).",
    )
)
