"""The leaky family's compiled one-pass loop (actfuncs/functions/_jit.py) against its NumPy path.

numba is installed by ``make`` (the ``fast`` extra), so these tests import it outright: a missing
numba fails here instead of silently testing the NumPy path twice. The small arrays of the other
tests never reach the loop (``MIN_SIZE``); these use arrays above it.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest

import actfuncs
from actfuncs.functions import _jit

N = _jit.MIN_SIZE + 7  # above the threshold, and not a multiple of any SIMD width

UNITS = [
    ("leaky_relu", {}),
    ("leaky_relu", {"alpha": 0.3}),
    ("leaky_relu", {"alpha": 1.0}),
    ("prelu", {}),
    ("prelu", {"alpha": -0.5}),  # bent upwards: f(x) = -x/2 > 0 for x < 0
    ("prelu", {"alpha": 3.7}),  # steeper than the identity: a x overflows for large |x|
    ("prelu", {"alpha": 1e39}),  # beyond float32: float32 input is computed in float64
    ("leaky_relu", {"alpha": 1e-41}),  # subnormal in float32: likewise
    ("rrelu", {}),
]


def _inputs(dtype: type) -> np.ndarray:
    """Every kind of value: signed zeros, infinities, NaN, subnormals, the largest finite
    values, and random magnitudes over the whole range, both signs (seeded)."""
    info = np.finfo(dtype)
    special = np.array([0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0,
                        info.smallest_subnormal, -info.smallest_subnormal,
                        info.smallest_normal, -info.smallest_normal, info.max, -info.max],
                       dtype=dtype)
    rng = np.random.default_rng(7)
    lo, hi = math.log2(info.smallest_subnormal), math.log2(info.max)
    mag = np.exp2(rng.uniform(lo, hi, N - special.size))
    rand = (mag * rng.choice([-1.0, 1.0], mag.size)).astype(dtype)
    return np.concatenate([special, rand])


def _bits(a: np.ndarray) -> np.ndarray:
    return a.view(np.uint32 if a.dtype == np.float32 else np.uint64)


def _numpy_path(f, x):
    _jit.ENABLED = False
    try:
        return f(x)
    finally:
        _jit.ENABLED = True


def test_numba_is_installed_and_the_loop_is_available() -> None:
    import numba  # noqa: F401  (no skip: make installs it)

    assert _jit.ENABLED and _jit.available()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "params"), UNITS)
def test_compiled_loop_matches_the_numpy_path_bit_for_bit(name, params, dtype) -> None:
    act = actfuncs.get(name, **params)
    x = _inputs(dtype)
    for f in (act, act.grad):
        fast, slow = f(x), _numpy_path(f, x)
        assert fast.dtype == slow.dtype == dtype and fast.shape == x.shape
        np.testing.assert_array_equal(_bits(fast), _bits(slow), err_msg=f"{name} {params} {f}")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_loop_runs_and_keeps_signed_zeros(dtype, monkeypatch) -> None:
    """f(x) = x for x >= 0, so f(-0) = -0 and f(+0) = +0 for every slope, on both paths."""
    calls = []
    real = _jit._run

    def spy(kernel, x, a):
        out = real(kernel, x, a)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(_jit, "_run", spy)
    x = np.zeros(N, dtype=dtype)
    x[1::2] = -0.0
    for alpha in (0.01, -0.5, 2.0):
        f = actfuncs.get("prelu", alpha=alpha)
        for y in (f(x), _numpy_path(f, x)):
            assert np.array_equal(np.signbit(y), np.signbit(x)), alpha
    assert calls == [True, False] * 3  # compiled, then NumPy, for each slope


def test_inputs_the_loop_does_not_take(monkeypatch) -> None:
    """float16, small arrays, strided views, per-channel and per-element slopes and a zero
    slope all take the NumPy path (and still give the right numbers)."""

    def boom(*_):
        raise AssertionError("the compiled loop ran")

    monkeypatch.setattr(_jit, "_kernels", {"leaky": boom, "leaky_grad": boom})
    big = _inputs(np.float32)
    leaky = actfuncs.get("leaky_relu")
    for x in (_inputs(np.float16), big[: _jit.MIN_SIZE - 1], big[::2]):
        y = leaky(x)
        assert y.dtype == x.dtype
        with np.errstate(under="ignore"):
            np.testing.assert_array_equal(y, np.where(x >= 0, x, x * x.dtype.type(0.01)))
    per_channel = actfuncs.get("prelu", alpha=[0.1, 0.2])
    assert per_channel(np.resize(big, (20000, 2))).shape == (20000, 2)
    train = actfuncs.get("rrelu")
    assert train(big, training=True, rng=np.random.default_rng(0)).shape == big.shape
    assert actfuncs.get("leaky_relu", alpha=0.0)(big).dtype == np.float32


def test_two_dimensional_input_keeps_its_shape() -> None:
    x = _inputs(np.float64)[: 4 * (N // 4)].reshape(4, -1)
    y = actfuncs.get("leaky_relu", alpha=0.2)(x)
    assert y.shape == x.shape and y.flags.c_contiguous
    np.testing.assert_array_equal(y, np.where(x >= 0, x, 0.2 * x))


def test_environment_variable_switches_the_loop_off() -> None:
    code = "from actfuncs.functions import _jit; print(_jit.ENABLED, _jit.available())"
    env = dict(os.environ, ACTFUNCS_NO_JIT="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_without_numba_everything_runs_on_numpy() -> None:
    """A machine without the fast extra: numba fails to import, the loop is unavailable and the
    leaky family still returns the right numbers (in a fresh process, numba blocked)."""
    code = (
        "import sys; sys.modules['numba'] = None\n"
        "import numpy as np, actfuncs\n"
        "from actfuncs.functions import _jit\n"
        "x = np.linspace(-4, 4, 2 * _jit.MIN_SIZE, dtype=np.float32)\n"
        "y = actfuncs.get('leaky_relu', alpha=0.25)(x)\n"
        "assert np.array_equal(y, np.where(x >= 0, x, np.float32(0.25) * x))\n"
        "print(_jit.ENABLED, _jit.available(), y.dtype)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "ACTFUNCS_NO_JIT"}
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["True", "False", "float32"]
