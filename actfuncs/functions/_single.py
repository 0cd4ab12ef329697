r"""Float32 kernels computed natively in float32, for short well-conditioned formulas.

Converting a float32 array to float64 and back costs more than the whole of a short formula
(about 2.5 memory copies against 1), so these kernels stay in float32. Each has at most two
roundings and no cancellation, so its error stays below 2 ULP (the float32 bound of the
package): hard sigmoid 1.0 ULP and softsign 1.5 ULP, measured against the float64 kernel on
every float32 input by ``benchmarks/float32_exhaustive.py``; the tests check a dense sample.
They receive the caller's array and must not modify it. NumPy's own float32 ``tanh`` would be
~6x faster than tanh through float64 but is 1.37 ULP off; tanh already beats PyTorch through
float64 (0.5 ULP), so the package keeps the exact path.
"""

from __future__ import annotations

import numpy as np


def hard_sigmoid(x: np.ndarray) -> np.ndarray:
    r"""$(\min(\max(x, -3), 3) + 3) / 6$: three float32 passes, two of them in place.

    Near $x = -3$ the sum is exact (Sterbenz), elsewhere the sum and the quotient round once
    each: at most $0.5 + 0.5 \cdot 8/6 \approx 1.17$ ULP. NaN propagates through ``clip``.
    """
    y = np.clip(x, -3.0, 3.0)
    y += 3.0
    y /= 6.0
    return y


_FMAX = float(np.finfo(np.float32).max)


def softsign(x: np.ndarray) -> np.ndarray:
    r"""$x/(1 + |x|)$ in float32: the sum and the quotient round once each, no cancellation.

    Infinities are first clipped to the largest float32, whose quotient is exactly $\pm 1$ (the
    limit) instead of $\infty/\infty$.
    """
    t = np.clip(x, -_FMAX, _FMAX)
    d = np.abs(t)
    d += 1.0
    t /= d
    return t
