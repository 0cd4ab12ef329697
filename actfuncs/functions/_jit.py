r"""One-pass compiled loops for the leaky family, used when the optional ``numba`` is installed.

Leaky ReLU, PReLU and RReLU with one slope are $x$ for $x \ge 0$ and $a x$ below. NumPy has no
fused multiply-max, so its exact form is two passes (``a * x``, then ``max(x, a x)`` in place),
about two memory copies per element. The loop here reads each element once, picks the branch
and writes the result: about one copy, the cost of ReLU's single ``np.clip``. Its numbers are
the NumPy path's, bit for bit: the slope is first rounded to the input's dtype, as NumPy does
with a Python float, and $a x$ is one multiplication in that dtype (tests compare both paths
on every kind of input).

The compiled path is taken only when it helps and cannot differ:

- ``numba`` imports (``pip install actfuncs[fast]``; the repository's ``make`` installs it);
  ``ACTFUNCS_NO_JIT=1`` in the environment, or :data:`ENABLED` set to ``False``, turns it off;
- the input is float32 or float64, C-contiguous, with at least :data:`MIN_SIZE` elements (small
  arrays never pay numba's import or its first-call compilation, ~0.2 s each; compiled loops
  are cached on disk after that);
- the slope is one number that is finite in the input's dtype.

Everything else (float16, strided views, per-channel or per-element slopes) takes the NumPy
path, which is also what runs wherever ``numba`` is not installed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

#: set to False to force the NumPy path (tests do, to compare the two)
ENABLED: bool = os.environ.get("ACTFUNCS_NO_JIT", "") in ("", "0")
#: below this many elements the NumPy path is used (it is fast enough there, and numba is
#: never imported by a session that only touches small arrays, such as the book's pages)
MIN_SIZE: int = 1 << 15

_kernels: dict[str, Callable[..., None]] | None = None
_failed = False


def _compile() -> dict[str, Callable[..., None]] | None:
    """The numba loops, built on first use; None when numba is missing."""
    global _kernels, _failed
    if _kernels is not None or _failed:
        return _kernels
    try:
        import numba
    except ImportError:
        _failed = True
        return None
    jit = numba.njit(cache=True, nogil=True, error_model="numpy")

    @jit
    def leaky(x: Any, a: Any, out: Any) -> None:  # pragma: no cover - compiled
        for i in range(x.size):
            v = x[i]
            out[i] = v if v >= 0 else a * v

    @jit
    def leaky_grad(x: Any, a: Any, out: Any) -> None:  # pragma: no cover - compiled
        for i in range(x.size):
            v = x[i]
            out[i] = 1 if v > 0 else (a if v <= 0 else v)

    _kernels = {"leaky": leaky, "leaky_grad": leaky_grad}
    return _kernels


def available() -> bool:
    """Whether the compiled loops can run here (numba importable and not switched off)."""
    return ENABLED and _compile() is not None


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Within the block every call takes the NumPy path (to time or compare it)."""
    global ENABLED
    was, ENABLED = ENABLED, False
    try:
        yield
    finally:
        ENABLED = was


def _run(kernel: str, x: np.ndarray, a: Any) -> np.ndarray | None:
    if not (ENABLED and x.size >= MIN_SIZE and x.dtype in (np.float32, np.float64)
            and x.flags.c_contiguous and np.ndim(a) == 0):
        return None
    with np.errstate(over="ignore"):  # a slope beyond float32's range: leave it to NumPy
        t = x.dtype.type(a)
    if not np.isfinite(t):
        return None
    loops = _compile()
    if loops is None:
        return None
    out = np.empty_like(x)
    loops[kernel](x.reshape(-1), t, out.reshape(-1))
    return out


def leaky(x: np.ndarray, a: Any) -> np.ndarray | None:
    r"""$x$ for $x \ge 0$, $a x$ otherwise (NaN stays NaN) in one pass, or None when the
    compiled path does not apply (the caller then computes it with NumPy)."""
    return _run("leaky", x, a)


def leaky_grad(x: np.ndarray, a: Any) -> np.ndarray | None:
    r"""1 for $x > 0$, $a$ for $x \le 0$, NaN for NaN, in one pass; or None (see :func:`leaky`)."""
    return _run("leaky_grad", x, a)
