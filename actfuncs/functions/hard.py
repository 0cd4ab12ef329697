r"""Piecewise-linear approximations of smooth functions: hard sigmoid, hard tanh, hard swish.

The forms are PyTorch's (MobileNetV3): $\mathrm{hardsigmoid}(x) = \mathrm{ReLU6}(x+3)/6$ and
$\mathrm{hardswish}(x) = x\,\mathrm{ReLU6}(x+3)/6$. $x + 3$ is exact near $x = -3$
(Sterbenz), so both keep full relative accuracy next to their roots.
"""

from __future__ import annotations

import numpy as np

from actfuncs.functions import _narrow as nw
from actfuncs.functions import _single as sg
from actfuncs.functions._stable import keep_nan
from actfuncs.functions.rectifiers import clamp
from actfuncs.registry import Param, Properties, Spec, register


def _relu6_shift(x: np.ndarray) -> np.ndarray:
    return np.minimum(np.maximum(x + 3.0, 0.0), 6.0)


def _zero(x: np.ndarray, **_: object) -> np.ndarray:
    return keep_nan(x, np.zeros_like(x))


def _plateau(x: np.ndarray, c: float) -> np.ndarray:
    r"""$c$ for $-3 < x < 3$, 0 elsewhere, NaN for NaN: the test $|x| < 3$ written straight
    into the float output and scaled by $c$ (exact: $1 \cdot c$ or $0 \cdot c$). The same numbers
    as ``np.where(...)``, about 10x faster."""
    y = np.empty_like(x)
    np.less(np.abs(x), 3.0, out=y)
    y *= c
    return keep_nan(x, y)

register(
    Spec(
        name="hard_sigmoid",
        aliases=("hardsigmoid",),
        display_name="hard sigmoid",
        family="hard",
        fn=lambda x: _relu6_shift(x) / 6.0,
        narrow={"fn": nw.hard_sigmoid},
        # f' and f'' are exact in float32 too (the plateau is 1/6 rounded once): no float64 copy
        single={"fn": sg.hard_sigmoid, "grad": lambda x: _plateau(x, 1.0 / 6.0), "grad2": _zero},
        grad=lambda x: _plateau(x, 1.0 / 6.0),
        grad2=_zero,
        latex=r"f(x) = \frac{\mathrm{ReLU6}(x + 3)}{6}",
        latex_grad=r"f'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \mathrm{otherwise} \end{cases}",
        latex_grad2=r"f''(x) = 0 \quad (x \ne \pm 3)",
        properties=Properties(
            monotonic=True,
            smoothness="C0",
            zero_centred=False,
            bounded_above=True,
            bounded_below=True,
            saturating=True,
            sparse=True,
            self_gated=False,
        ),
        paper="howard2019mobilenetv3",
        year=2019,
        summary="A three-piece linear stand-in for the sigmoid, cheap on mobile hardware.",
        output_range=(0.0, 1.0),
        uses="Squeeze-and-excitation gates in MobileNetV3; quantised networks.",
        pitfalls="Exactly flat outside [-3, 3]: zero gradient there. Other libraries use x/5 + 1/2.",
    )
)


def _hard_tanh_check(min_val: float, max_val: float) -> None:
    if not min_val < max_val:
        raise ValueError(
            f"hard_tanh: need min_val < max_val, got min_val={min_val!r} and max_val={max_val!r}"
        )


register(
    Spec(
        name="hard_tanh",
        aliases=("hardtanh",),
        display_name="hard tanh",
        family="hard",
        fn=lambda x, min_val, max_val: clamp(x, min_val, max_val),
        grad=lambda x, min_val, max_val: keep_nan(
            x, ((x > min_val) & (x < max_val)).astype(x.dtype)
        ),
        grad2=lambda x, min_val, max_val: _zero(x),
        exact=True,
        params=(
            Param("min_val", -1.0, widget=(-3.0, 0.0), doc="lower clip value"),
            Param("max_val", 1.0, widget=(0.0, 3.0), doc="upper clip value"),
        ),
        check=_hard_tanh_check,
        latex=r"f(x) = \min(\max(x, a), b)",
        latex_grad=r"f'(x) = \begin{cases} 1 & a < x < b \\ 0 & \mathrm{otherwise} \end{cases}",
        latex_grad2=r"f''(x) = 0 \quad (x \ne a, b)",
        properties=Properties(
            monotonic=True,
            smoothness="C0",
            zero_centred=True,
            bounded_above=True,
            bounded_below=True,
            saturating=True,
            sparse=False,
            self_gated=False,
        ),
        paper="collobert2004large",
        year=2004,
        summary="Clips its input to [min_val, max_val]; a piecewise-linear tanh.",
        output_range=lambda min_val, max_val: (min_val, max_val),
        uses="Bounded activations in low-precision and some speech models.",
        pitfalls="Zero gradient outside the interval; zero-centred only when min_val = -max_val.",
    )
)


def _hard_swish(x: np.ndarray) -> np.ndarray:
    r"""$x\,\mathrm{ReLU6}(x+3)/6$, with $x$ zeroed where the ReLU6 factor is 0 (no $0\cdot\infty$)."""
    return np.where(x <= -3.0, 0.0, x) * (_relu6_shift(x) / 6.0)


register(
    Spec(
        name="hard_swish",
        aliases=("hardswish",),
        display_name="hard swish",
        family="hard",
        fn=_hard_swish,
        narrow={"fn": nw.hard_swish},
        grad=lambda x: keep_nan(
            x, np.where(x <= -3, 0.0, np.where(x >= 3, 1.0, (2.0 * np.clip(x, -4, 4) + 3.0) / 6.0))
        ),
        grad2=lambda x: _plateau(x, 1.0 / 3.0),
        latex=r"f(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6}",
        latex_grad=r"f'(x) = \begin{cases} 0 & x \le -3 \\ (2x + 3)/6 & -3 < x < 3 \\ "
        r"1 & x \ge 3 \end{cases}",
        latex_grad2=r"f''(x) = \begin{cases} 1/3 & -3 < x < 3 \\ 0 & |x| > 3 \end{cases}",
        properties=Properties(
            monotonic=False,
            smoothness="C0",
            zero_centred=False,
            bounded_above=False,
            bounded_below=True,
            saturating=True,
            sparse=True,
            self_gated=True,
        ),
        paper="howard2019mobilenetv3",
        year=2019,
        summary="A piecewise-quadratic stand-in for SiLU/swish, cheap on mobile hardware.",
        output_range=(-0.375, float("inf")),
        uses="MobileNetV3 and other efficient CNNs.",
        pitfalls="Its minimum, -3/8 at x = -3/2, differs from SiLU's (-0.2785 at x = -1.2785).",
    )
)
