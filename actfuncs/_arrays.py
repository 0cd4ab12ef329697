"""Input coercion and dtype rules shared by every activation.

Rules (the same for every function, derivative and parameter gradient):

* ``float16``, ``float32`` and ``float64`` arrays come back in the same dtype.
  Narrow types are computed in ``float64`` and rounded once at the end, unless
  the formula is exact in any precision (ReLU, hard tanh, ...), in which case
  it runs natively; a slope rounded to the narrow type (leaky/parametric/randomised
  ReLU, < 1 ULP) and the float32-native kernels of ``Spec.single`` (hard sigmoid
  1.0 ULP, softsign 1.5 ULP, checked on every float32) also run natively.
* Integers and booleans become ``float64``.
* Python scalars and 0-d arrays give a NumPy scalar; lists give arrays; the
  shape is always preserved.
* Complex, string, object and other non-real data raise :class:`TypeError`
  naming the function and the dtype.
"""

from __future__ import annotations

from typing import Any

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))
FLOAT64 = np.dtype(np.float64)
FLOAT32 = np.dtype(np.float32)
NARROW = (np.dtype(np.float16), np.dtype(np.float32))


def result_dtype(x: np.ndarray, where: str) -> np.dtype:
    """The dtype an activation returns for input ``x`` (see module docstring)."""
    kind = x.dtype.kind
    if x.dtype in FLOAT_DTYPES:
        return x.dtype
    if kind in "iub":
        return np.dtype(np.float64)
    if kind == "f":  # longdouble: not supported exactly, say so
        raise TypeError(
            f"{where}: dtype {x.dtype} is not supported; use float16, float32 or float64"
        )
    raise TypeError(
        f"{where}: expected real numbers (float16/32/64, int or bool), "
        f"got an array of dtype {x.dtype!s}"
    )


def coerce(x: Any, where: str) -> tuple[np.ndarray, np.dtype, bool]:
    """Turn ``x`` into an ndarray and report the output dtype and scalar-ness.

    Returns ``(array, out_dtype, scalar)``; ``array`` is the input as an
    ndarray, unconverted (the caller decides the compute precision).
    """
    if isinstance(x, np.ndarray):
        arr = x
    else:
        try:
            arr = np.asarray(x)
        except (ValueError, TypeError) as exc:  # ragged lists and the like
            raise TypeError(
                f"{where}: cannot read the input as an array of numbers ({exc})"
            ) from None
    out = result_dtype(arr, where)
    return arr, out, arr.ndim == 0


def compute_dtype(out: np.dtype, exact: bool) -> np.dtype:
    """float64 for narrow types unless the formula is exact in any precision."""
    return out if exact else np.dtype(np.float64)


def finish(y: np.ndarray, out: np.dtype, scalar: bool) -> Any:
    """Round to the output dtype once and unwrap 0-d results to NumPy scalars."""
    if y.dtype != out:
        # A float64 result beyond the narrow type's range rounds to +-inf: that is the correctly
        # rounded answer (e.g. SELU of float16's largest value), not an error to warn about.
        with np.errstate(over="ignore"):
            y = y.astype(out)
    return y[()] if scalar else y


def as_float64(x: Any, where: str) -> tuple[np.ndarray, np.dtype]:
    """``x`` as a float64 array (at least 1-d is not enforced) and the dtype to return in.

    For the extra methods of an activation (JVPs, Jacobians, VJPs) that work on whole arrays:
    they compute in float64 and round once with :func:`finish`, like the kernels.
    """
    arr, out, _ = coerce(x, where)
    return arr.astype(np.float64, copy=False), out
