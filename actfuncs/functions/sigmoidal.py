r"""Sigmoidal functions: the logistic sigmoid, its logarithm, tanh and softsign.

Derivatives are written in forms that keep full relative accuracy in the tails
(see :mod:`actfuncs.functions._stable`); the textbook $\sigma(1-\sigma)$ and $1-\tanh^2$
become exactly 0 once $\sigma$ or $\tanh$ round to 1.
"""

from __future__ import annotations

import math

import numpy as np

from actfuncs.functions import _narrow as nw
from actfuncs.functions import _single as sg
from actfuncs.functions import _stable as st
from actfuncs.functions import _wide as wd
from actfuncs.registry import Properties, Spec, register

SATURATING_S = Properties(
    monotonic=True,
    smoothness="Cinf",
    zero_centred=False,
    bounded_above=True,
    bounded_below=True,
    saturating=True,
    sparse=False,
    self_gated=False,
)


def _sigmoid_grad2(x: np.ndarray) -> np.ndarray:
    r"""$\sigma''(x) = -\sigma'(x)\tanh(x/2)$ (from $1 - 2\sigma(x) = -\tanh(x/2)$)."""
    return -st.sigmoid_grad(x) * np.tanh(0.5 * x)


register(
    Spec(
        name="sigmoid",
        aliases=("logistic",),
        display_name="sigmoid",
        family="sigmoidal",
        fn=st.sigmoid,
        narrow={"fn": nw.sigmoid, "grad": nw.sigmoid_grad, "grad2": nw.sigmoid_grad2},
        grad=st.sigmoid_grad,
        grad2=_sigmoid_grad2,
        wide=wd.kernels(grad2=wd.sigmoid_grad2),
        latex=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        latex_grad=r"\sigma'(x) = \sigma(x)\,\sigma(-x) = \frac{e^{-|x|}}{(1 + e^{-|x|})^2}",
        latex_grad2=r"\sigma''(x) = -\sigma'(x)\,\tanh(x/2)",
        properties=SATURATING_S,
        paper="rumelhart1986backprop",
        year=1986,
        summary="Squashes any real number into (0, 1); the output of logistic regression.",
        output_range=(0.0, 1.0),
        uses="Binary and multi-label output layers; gates of LSTM and GRU cells.",
        pitfalls=(
            "Its derivative is at most 1/4 and vanishes in both tails, so deep stacks of "
            "sigmoids train slowly; outputs are all positive (not zero-centred)."
        ),
    )
)


register(
    Spec(
        name="log_sigmoid",
        aliases=("logsigmoid",),
        display_name="log-sigmoid",
        family="sigmoidal",
        fn=st.log_sigmoid,
        narrow={"fn": nw.log_sigmoid, "grad": nw.log_sigmoid_grad, "grad2": nw.log_sigmoid_grad2},
        grad=lambda x: st.sigmoid(-x),
        grad2=lambda x: -st.sigmoid_grad(x),
        latex=r"f(x) = \log\sigma(x) = -\log(1 + e^{-x})",
        latex_grad=r"f'(x) = \sigma(-x)",
        latex_grad2=r"f''(x) = -\sigma'(x)",
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
        paper="rumelhart1986backprop",
        year=1986,
        summary="The logarithm of the sigmoid, computed without forming the sigmoid.",
        output_range=(-math.inf, 0.0),
        uses="Log-likelihoods of binary classifiers; losses written with logits.",
        pitfalls="np.log(sigmoid(x)) returns -inf from x ≈ -745 on; log_sigmoid(x) ≈ x there.",
    )
)


def _tanh_grad2(x: np.ndarray) -> np.ndarray:
    r"""$\tanh''(x) = -2\tanh(x)\operatorname{sech}^2(x)$ ($\mp 8e^{-2|x|}$ in the far tails,
    scaled out of the subnormal range: 8 times a rounded subnormal was 4 ULP)."""
    out = -2.0 * np.tanh(x) * st.sech2(x)
    t = -2.0 * np.minimum(np.abs(x), 400.0)
    return st.patch_tail(out, t, lambda m: np.copysign(8.0, -x[m]) * st.exp_scaled(t[m]))


register(
    Spec(
        name="tanh",
        display_name="tanh",
        family="sigmoidal",
        fn=np.tanh,
        narrow={"fn": lambda x: np.tanh(x, out=x), "grad": nw.tanh_grad, "grad2": nw.tanh_grad2},
        grad=st.sech2,
        grad2=_tanh_grad2,
        latex=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1",
        latex_grad=r"\tanh'(x) = \mathrm{sech}^2(x) = \frac{4e^{-2|x|}}{(1 + e^{-2|x|})^2}",
        latex_grad2=r"\tanh''(x) = -2\tanh(x)\,\mathrm{sech}^2(x)",
        properties=Properties(
            monotonic=True,
            smoothness="Cinf",
            zero_centred=True,
            bounded_above=True,
            bounded_below=True,
            saturating=True,
            sparse=False,
            self_gated=False,
        ),
        paper="lecun1998efficient",
        year=1998,
        summary="A rescaled sigmoid with outputs in (-1, 1), centred on zero.",
        output_range=(-1.0, 1.0),
        uses="Hidden state of RNN, LSTM and GRU cells; bounded outputs in [-1, 1].",
        pitfalls="Saturates like the sigmoid: tanh'(x) < 1e-3 once |x| > 4.2.",
    )
)


def _softsign(x: np.ndarray) -> np.ndarray:
    r"""$x/(1+|x|)$; at $\pm\infty$ the limit $\pm 1$ (``inf/inf`` would be NaN)."""
    inf = np.isinf(x)
    xs = np.where(inf, 0.0, x)
    y = xs / (1.0 + np.abs(xs))
    if inf.any():
        y[inf] = np.sign(x[inf])
    return y


def _softsign_grad(x: np.ndarray) -> np.ndarray:
    r"""$1/(1+|x|)^2$, formed as a square of a reciprocal so nothing overflows."""
    return st.recip_pow_1p(np.abs(x), 2)


def _softsign_grad2(x: np.ndarray) -> np.ndarray:
    r"""$-2\,\mathrm{sign}(x)/(1+|x|)^3$ (0 at $x = 0$, where f'' jumps)."""
    return -2.0 * np.sign(x) * st.recip_pow_1p(np.abs(x), 3)


register(
    Spec(
        name="softsign",
        display_name="softsign",
        family="sigmoidal",
        fn=_softsign,
        narrow={"fn": nw.softsign, "grad": nw.softsign_grad, "grad2": nw.softsign_grad2},
        single={"fn": sg.softsign},
        grad=_softsign_grad,
        grad2=_softsign_grad2,
        latex=r"f(x) = \frac{x}{1 + |x|}",
        latex_grad=r"f'(x) = \frac{1}{(1 + |x|)^2}",
        latex_grad2=r"f''(x) = -\frac{2\,\mathrm{sign}(x)}{(1 + |x|)^3}",
        properties=Properties(
            monotonic=True,
            smoothness="C1",
            zero_centred=True,
            bounded_above=True,
            bounded_below=True,
            saturating=True,
            sparse=False,
            self_gated=False,
        ),
        paper="bergstra2009quadratic",
        year=2009,
        summary="A tanh-like squashing function whose tails approach ±1 polynomially.",
        output_range=(-1.0, 1.0),
        uses="An alternative to tanh with slower (polynomial) saturation.",
        pitfalls="Still saturating: f'(x) = 1/(1+|x|)^2 decays, only more slowly than tanh'.",
    )
)
