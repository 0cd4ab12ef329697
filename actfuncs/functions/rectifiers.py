r"""Piecewise-linear units: identity, binary step, ReLU and its leaky, parametric and
randomised relatives.

Derivative conventions at the kink follow PyTorch: $\mathrm{ReLU}'(0) = 0$,
$\mathrm{LeakyReLU}'(0) = \alpha$, $\mathrm{ReLU6}'$ is 1 strictly inside $(0, 6)$, and the
binary step has derivative 0 everywhere it is defined.

PReLU takes one slope or one slope per channel; per-channel slopes broadcast along axis 1 of an
input with at least two dimensions (``(N, C, ...)``, as PyTorch's ``nn.PReLU``), and
``param_grad("alpha", x)`` returns the per-element derivative $\min(0, x)$, to be summed over
every axis but 1. RReLU is deterministic unless called with ``training=True`` and a seeded
``rng=np.random.default_rng(seed)``; it then draws one slope per element from $U(l, u)$.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from actfuncs.functions import _jit
from actfuncs.functions._stable import keep_nan
from actfuncs.registry import Param, Properties, Spec, register


def scale(a: Any, x: np.ndarray) -> np.ndarray:
    r"""$a x$ with $0 \cdot (\pm\infty) := 0$, the limit of $a x$ as $x \to \pm\infty$ at $a = 0$."""
    # |a| > 1 can overflow a finite x: the exact product is then beyond float64 and inf is its
    # correct rounding, so that overflow is expected, not warned about.
    with np.errstate(over="ignore"):
        if np.all(np.asarray(a) != 0):
            return a * x
        return a * np.where(np.isinf(x) & (np.asarray(a) == 0), 0.0, x)


def _zero(x: np.ndarray, **_: Any) -> np.ndarray:
    return keep_nan(x, np.zeros_like(x))


def _props(**kw: Any) -> Properties:
    base = dict(
        monotonic=True,
        smoothness="C0",
        zero_centred=False,
        bounded_above=False,
        bounded_below=True,
        saturating=True,
        sparse=True,
        self_gated=False,
    )
    base.update(kw)
    return Properties(**base)


# -- identity ---------------------------------------------------------------------------
register(
    Spec(
        name="identity",
        aliases=("linear",),
        display_name="linear",
        family="linear_step",
        fn=lambda x, slope: scale(slope, x),
        grad=lambda x, slope: keep_nan(x, np.full_like(x, slope)),
        grad2=_zero,
        params=(Param("slope", 1.0, widget=(-2.0, 2.0), doc="the constant derivative m"),),
        native=True,
        latex=r"f(x) = m\,x",
        latex_grad=r"f'(x) = m",
        latex_grad2=r"f''(x) = 0",
        properties=_props(
            smoothness="Cinf",
            zero_centred=True,
            bounded_below=False,
            saturating=False,
            sparse=False,
        ),
        paper="rosenblatt1958perceptron",
        year=1958,
        summary="Passes the pre-activation through, scaled by a constant slope.",
        output_range=lambda slope: (0.0, 0.0) if slope == 0 else (-math.inf, math.inf),
        uses="Regression output layers; the 'no activation' baseline.",
        pitfalls="Between hidden layers it makes the whole network one affine map.",
    )
)

def _step(x: np.ndarray) -> np.ndarray:
    r"""$\lfloor \min(\max(x, -1), 0) \rfloor + 1$: 0 for $x < 0$ (subnormals and $-\infty$
    too), 1 for $\pm 0$ and $x > 0$, NaN for NaN, in three float passes of which the last two
    are in place (a comparison plus a NaN check costs two full reads and a bool-to-float cast).
    Every step is exact."""
    y = np.clip(x, -1.0, 0.0)
    np.floor(y, out=y)
    y += 1.0
    return y


# -- binary step --------------------------------------------------------------------------
register(
    Spec(
        name="binary_step",
        aliases=("step", "heaviside"),
        display_name="binary step",
        family="linear_step",
        fn=_step,
        grad=_zero,
        grad2=_zero,
        exact=True,
        latex=r"f(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
        latex_grad=r"f'(x) = 0 \quad (x \ne 0)",
        latex_grad2=r"f''(x) = 0 \quad (x \ne 0)",
        properties=_props(
            smoothness="discontinuous",
            bounded_above=True,
            sparse=True,
        ),
        paper="mcculloch1943logical",
        year=1943,
        summary="Fires 1 for non-negative inputs and 0 otherwise: the threshold neuron.",
        output_range=(0.0, 1.0),
        uses="Perceptrons and teaching; never in networks trained by gradient descent.",
        pitfalls="Its derivative is 0 wherever it exists, so back-propagation gets no signal.",
    )
)

# -- ReLU and ReLU6 --------------------------------------------------------------------------


def clamp(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    r"""$\min(\max(x, lo), hi)$ in one pass; NaN propagates.

    ``np.clip`` with two scalar bounds of ``x``'s dtype is a single vectorised loop, about the
    cost of a copy; ``np.maximum(x, 0)`` with a scalar is about 4x slower here, and a
    ``maximum`` then ``minimum`` pair is two passes plus a temporary.
    """
    t = x.dtype.type
    return np.clip(x, t(lo), t(hi))


def _relu(x: np.ndarray) -> np.ndarray:
    r"""$\max(0, x)$ as a clamp to $[0, \infty]$ (one pass, NaN propagates)."""
    return clamp(x, 0.0, math.inf)


register(
    Spec(
        name="relu",
        display_name="ReLU",
        family="rectifiers",
        fn=_relu,
        grad=lambda x: keep_nan(x, (x > 0).astype(x.dtype)),
        grad2=_zero,
        exact=True,
        latex=r"f(x) = \max(0, x)",
        latex_grad=r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        latex_grad2=r"f''(x) = 0 \quad (x \ne 0)",
        properties=_props(),
        paper="nair2010relu",
        year=2010,
        summary="Passes positive inputs unchanged and zeroes the rest.",
        output_range=(0.0, math.inf),
        uses="The default hidden activation of CNNs and MLPs.",
        pitfalls="A unit whose pre-activation stays negative gets no gradient (dying ReLU).",
    )
)

register(
    Spec(
        name="relu6",
        display_name="ReLU6",
        family="rectifiers",
        fn=lambda x: clamp(x, 0.0, 6.0),
        grad=lambda x: keep_nan(x, ((x > 0) & (x < 6)).astype(x.dtype)),
        grad2=_zero,
        exact=True,
        latex=r"f(x) = \min(\max(0, x), 6)",
        latex_grad=r"f'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \mathrm{otherwise} \end{cases}",
        latex_grad2=r"f''(x) = 0 \quad (x \ne 0, 6)",
        properties=_props(bounded_above=True),
        paper="howard2017mobilenets",
        year=2017,
        summary="ReLU capped at 6, which keeps activations small for low-precision inference.",
        output_range=(0.0, 6.0),
        uses="Mobile networks (MobileNet v1/v2) and quantised models.",
        pitfalls="Saturates on both sides: units stuck above 6 get no gradient either.",
    )
)

# -- Leaky ReLU ---------------------------------------------------------------------------------


def _normal_in(dtype: np.dtype, a: float) -> bool:
    r"""Whether the slope $a \ne 0$ rounds to a normal number of ``dtype``.

    Then $a x$ may be formed in ``dtype`` (NumPy rounds a Python float to the array's dtype
    first): the rounded slope is within half an ULP, and the product stays within one ULP of
    the exact $a x$. A slope beyond the dtype's range would become $\infty$ (and $0 \cdot \infty$
    NaN at $x = 0$), a subnormal one would lose its digits and a tiny one would become 0
    ($0 \cdot (-\infty)$ NaN): those are computed in float64 instead.
    """
    with np.errstate(over="ignore", under="ignore"):
        t = abs(dtype.type(a))
    return bool(np.finfo(dtype).smallest_normal <= t < np.inf)


def _leaky(x: np.ndarray, alpha: Any) -> np.ndarray:
    r"""Branch-free leaky ReLU, every branch giving the correctly rounded $\alpha x$ or $x$.

    For one slope: $\max(x, \alpha x)$ when $\alpha \le 1$ and $\min(x, \alpha x)$ when
    $\alpha > 1$ (two passes, one temporary reused as the output; ``np.where`` is ~50x slower
    here); $\alpha = 0$ is ReLU (so that $0 \cdot (-\infty)$ is never formed); a slope that is not
    a normal number of the input's dtype is applied in float64 (:func:`_normal_in`). For per-channel or
    per-element slopes: $\max(x, 0) + \alpha\min(x, 0)$, exact since one term is always 0.
    NaN propagates in every form. With ``numba`` installed, large float32/float64 arrays and a
    nonzero slope take the one-pass loop of :mod:`actfuncs.functions._jit` (same numbers, about
    half the time).
    """
    if np.ndim(alpha) == 0:
        a = float(alpha)
        if a == 0.0:
            return _relu(x)
        if not _normal_in(x.dtype, a):  # computed in float64 and rounded once
            with np.errstate(over="ignore"):
                return _leaky(x.astype(np.float64), a).astype(x.dtype)
        y = _jit.leaky(x, a)
        if y is not None:
            return y
        if a <= 1.0:
            y = np.multiply(x, a)
            np.maximum(x, y, out=y)
            if a < 0.0:  # max(+0, -0) may be either zero; f(x) = x at x = +-0 keeps its sign
                np.copyto(y, x, where=x == 0)
            return y
        with np.errstate(over="ignore"):  # a x beyond the range is inf: min(x, inf) = x, exact
            y = np.multiply(x, a)
        return np.minimum(x, y, out=y)
    y = np.maximum(x, 0, dtype=x.dtype) + scale(alpha, np.minimum(x, 0, dtype=x.dtype))
    np.copyto(y, x, where=x == 0, casting="same_kind")  # the sum of two zeros loses -0's sign
    return y


def _leaky_grad(x: np.ndarray, alpha: Any) -> np.ndarray:
    r"""1 for $x > 0$, $\alpha$ for $x \le 0$, NaN for NaN.

    A scalar slope starts from the indicator $y = [x > 0]$, compared straight into the float
    output: for $0 \le \alpha \le 1$ one clip to $[\alpha, 1]$ turns it into the answer,
    otherwise $y + (1 - y)\,\alpha$, exact because one of the two terms is always 0.
    ``np.where(x > 0, 1, alpha)`` gives the same numbers at about 10x the time (it was this
    function's kernel: ~20 memory copies per float32 element). Per-channel or per-element
    slopes broadcast through ``np.where``. The one-pass loop of :mod:`actfuncs.functions._jit`
    is used when it applies.
    """
    a = float(alpha) if np.ndim(alpha) == 0 else math.nan
    y = _jit.leaky_grad(x, a) if np.ndim(alpha) == 0 else None
    if y is not None:
        return y
    with np.errstate(over="ignore"):  # a slope beyond x's range rounds to inf, correctly
        if not np.isfinite(x.dtype.type(a)):
            return keep_nan(x, np.where(x > 0, 1.0, alpha * np.ones_like(x)))
    y = np.empty_like(x)
    np.greater(x, 0, out=y)
    if 0.0 <= a <= 1.0:
        np.clip(y, a, 1.0, out=y)
    else:
        y += np.multiply(np.subtract(1.0, y), a)
    return keep_nan(x, y)


def _negative_slope_range(alpha: Any) -> tuple[float, float]:
    """Range of a unit that is x for x >= 0 and alpha*x below: [0, inf) when every slope is
    <= 0 (ReLU, or the upward-bent PReLU), otherwise the whole line."""
    return (0.0, math.inf) if np.all(np.asarray(alpha) <= 0) else (-math.inf, math.inf)


LEAKY_PROPS = _props(bounded_below=False, saturating=False, sparse=False)

register(
    Spec(
        name="leaky_relu",
        aliases=("lrelu", "leakyrelu"),
        display_name="Leaky ReLU",
        family="rectifiers",
        fn=_leaky,
        grad=_leaky_grad,
        grad2=lambda x, alpha: _zero(x),
        params=(
            Param("alpha", 0.01, low=0.0, high=1.0, widget=(0.0, 0.5), doc="slope for x < 0"),
        ),
        native=True,
        latex=r"f(x) = \begin{cases} x & x \ge 0 \\ \alpha x & x < 0 \end{cases}",
        latex_grad=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        latex_grad2=r"f''(x) = 0 \quad (x \ne 0)",
        properties=LEAKY_PROPS,
        paper="maas2013leaky",
        year=2013,
        summary="ReLU with a small fixed slope for negative inputs, so no unit is ever silent.",
        output_range=lambda alpha: _negative_slope_range(alpha),
        uses="GAN discriminators; a drop-in fix when many ReLU units die.",
        pitfalls="alpha = 0 is ReLU and alpha = 1 is linear; the benefit over ReLU is often small.",
    )
)

# -- PReLU (learnable, per channel) ---------------------------------------------------------------


def _channel_alpha(x: np.ndarray, alpha: Any) -> Any:
    """Broadcast one slope per channel along axis 1, as PyTorch's PReLU does."""
    if np.ndim(alpha) == 0:
        return alpha
    a = np.asarray(alpha, dtype=np.float64).ravel()
    if a.size == 1:
        return float(a[0])
    if x.ndim < 2 or x.shape[1] != a.size:
        raise ValueError(
            f"prelu: {a.size} per-channel slopes need an input of shape (N, {a.size}, ...) "
            f"with channels on axis 1; got shape {x.shape}"
        )
    return a.reshape((1, a.size) + (1,) * (x.ndim - 2))


register(
    Spec(
        name="prelu",
        display_name="PReLU",
        family="rectifiers",
        fn=lambda x, alpha: _leaky(x, _channel_alpha(x, alpha)),
        grad=lambda x, alpha: _leaky_grad(x, _channel_alpha(x, alpha)),
        grad2=lambda x, alpha: _zero(x),
        param_grads={"alpha": lambda x, alpha: np.minimum(x, 0.0)},
        params=(
            Param(
                "alpha",
                0.25,
                low=-math.inf,
                high=math.inf,
                learnable=True,
                widget=(-0.5, 1.0),
                doc="learnable slope for x < 0; a scalar or one value per channel (axis 1)",
                array_ok=True,
            ),
        ),
        native=True,
        latex=r"f(x) = \begin{cases} x & x \ge 0 \\ a x & x < 0 \end{cases}",
        latex_grad=r"f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}, \quad "
        r"\frac{\partial f}{\partial a} = \min(0, x)",
        latex_grad2=r"f''(x) = 0 \quad (x \ne 0)",
        properties=LEAKY_PROPS,
        paper="he2015prelu",
        year=2015,
        summary="Leaky ReLU whose negative slope is learned, one value per channel.",
        output_range=lambda alpha: _negative_slope_range(alpha),
        uses="Deep CNNs (introduced with He initialisation for ImageNet).",
        pitfalls=(
            "param_grad returns the per-element derivative min(0, x); sum it over every axis "
            "but the channel axis to get the gradient of a per-channel slope."
        ),
    )
)

# -- RReLU (random slope in training) ---------------------------------------------------------


def _rrelu_slope(
    x: np.ndarray, lower: float, upper: float, training: bool, rng: np.random.Generator | None
) -> Any:
    if not training:
        return 0.5 * (lower + upper)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rrelu: training=True draws random slopes and needs rng=np.random.default_rng(seed)"
        )
    return rng.uniform(lower, upper, size=x.shape)


def _rrelu_check(lower: float, upper: float) -> None:
    if not lower <= upper:
        raise ValueError(f"rrelu: need lower <= upper, got lower={lower!r} and upper={upper!r}")


register(
    Spec(
        name="rrelu",
        display_name="RReLU",
        family="rectifiers",
        fn=lambda x, lower, upper, training=False, rng=None: _leaky(
            x, _rrelu_slope(x, lower, upper, training, rng)
        ),
        grad=lambda x, lower, upper, training=False, rng=None: _leaky_grad(
            x, _rrelu_slope(x, lower, upper, training, rng)
        ),
        grad2=lambda x, lower, upper, training=False, rng=None: _zero(x),
        params=(
            Param("lower", 1 / 8, low=0.0, high=1.0, widget=(0.0, 0.5), doc="lower bound l"),
            Param("upper", 1 / 3, low=0.0, high=1.0, widget=(0.0, 0.5), doc="upper bound u"),
        ),
        check=_rrelu_check,
        native=True,
        latex=r"f(x) = \begin{cases} x & x \ge 0 \\ a x & x < 0 \end{cases}, "
        r"\quad a \sim U(l, u)\ \mathrm{(training)},\ a = \frac{l + u}{2}\ \mathrm{(eval)}",
        latex_grad=r"f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
        latex_grad2=r"f''(x) = 0 \quad (x \ne 0)",
        properties=LEAKY_PROPS,
        paper="xu2015rrelu",
        year=2015,
        summary="Leaky ReLU with a random negative slope while training, its mean afterwards.",
        output_range=lambda lower, upper: _negative_slope_range(max(lower, upper)),
        uses="A regulariser in small-data CNN training.",
        pitfalls=(
            "Training mode is random: pass the same seeded rng to fn and grad to get the same "
            "slopes; evaluation mode (the default) is deterministic."
        ),
    )
)
