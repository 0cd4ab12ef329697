"""Softmax and log-softmax: accuracy against mpmath, axis handling, limits, JVPs and Jacobians."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import actfuncs

SM, LSM = actfuncs.get("softmax"), actfuncs.get("log_softmax")


def _ulps(got: np.ndarray, want: list) -> np.ndarray:
    w = np.array([float(v) for v in want])
    return np.abs(got - w) / np.spacing(np.abs(w))


def _mp_log_softmax(row: list[float]) -> list:
    """(x_i - m) - log1p(sum over the others of e^(x_j - m)), in 60 digits: no cancellation."""
    with mpmath.workdps(60):
        v = [mpmath.mpf(t) for t in row]
        k = max(range(len(v)), key=lambda i: v[i])
        rest = mpmath.fsum(mpmath.exp(t - v[k]) for i, t in enumerate(v) if i != k)
        return [t - v[k] - mpmath.log1p(rest) for t in v]


ROWS = [
    [0.0, -1e-20, -1000.0],
    [0.0, -40.0],
    [1000.0, 999.0, -1000.0],
    [3.0, 1.0, 0.2, -700.0, -740.0],
    [1e-300, -1e-300, 5e-324],
    [0.5, 0.5000000000000001, 0.4999999999999999, 600.0, -600.0],
    [-745.0, -744.0, -746.0],
]


@pytest.mark.parametrize("row", ROWS)
def test_log_softmax_and_softmax_within_4_ulp(row: list[float]) -> None:
    ref = _mp_log_softmax(row)
    got = LSM(np.array(row))
    assert _ulps(got, ref).max() <= 4, (got, [float(r) for r in ref])
    with mpmath.workdps(60):
        p = [mpmath.exp(r) for r in ref]
    sp = SM(np.array(row))
    nz = np.array([float(v) for v in p]) > 1e-300  # below that the float result is subnormal
    assert (_ulps(sp, p)[nz]).max() <= 4


def test_dominant_class_of_log_softmax_is_not_rounded_to_zero() -> None:
    y = LSM(np.array([0.0, -40.0]))
    assert y[0] < 0 and y[0] == pytest.approx(-math.exp(-40), rel=1e-15)
    y = LSM(np.array([0.0, -700.0]))
    assert y[0] == pytest.approx(-math.exp(-700), rel=1e-15)


def test_shift_invariance_and_any_axis() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 4, 5)) * 10
    for axis in (0, 1, 2, -1, -3):
        p = SM(x, axis=axis)
        np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=0, atol=4e-16)
        np.testing.assert_allclose(SM(x + 1e3, axis=axis), p, rtol=1e-12)
        np.testing.assert_allclose(np.exp(LSM(x, axis=axis)), p, rtol=1e-14)


def test_axis_errors_name_axis_and_shape() -> None:
    with pytest.raises(ValueError, match=r"axis 2 .*shape \(2, 3\)"):
        SM(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match=r"axis -4 .*shape \(2, 3, 1\)"):
        LSM(np.ones((2, 3, 1)), axis=-4)
    assert SM(1.0) == 1.0 and LSM(2.0) == 0.0  # a single logit is certain
    with pytest.raises(TypeError, match="axis"):
        SM(np.ones(3), axis=1.5)


def test_infinite_rows() -> None:
    np.testing.assert_array_equal(SM(np.array([math.inf, 0.0, math.inf])), [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(SM(np.array([-math.inf, 0.0])), [0.0, 1.0])
    np.testing.assert_array_equal(LSM(np.array([-math.inf, 0.0])), [-math.inf, 0.0])
    assert np.isnan(SM(np.array([math.nan, 0.0]))).all()
    assert np.isnan(SM(np.array([-math.inf, -math.inf]))).all()


def test_dtypes() -> None:
    x = np.array([[1, 2, 3]], dtype=np.float16)
    assert SM(x).dtype == np.float16 and LSM(x.astype(np.float32)).dtype == np.float32
    assert SM([1, 2]).dtype == np.float64


def _fd_jacobian(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    n = x.size
    out = np.empty((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        out[:, j] = (f(x + e) - f(x - e)) / (2 * h)
    return out


@pytest.mark.parametrize("act", [SM, LSM], ids=["softmax", "log_softmax"])
def test_jacobian_and_jvp(act: actfuncs.Activation) -> None:
    x = np.array([0.3, -1.2, 2.0, 0.0])
    J = act.jacobian(x)
    np.testing.assert_allclose(J, _fd_jacobian(act, x), atol=1e-9)
    v = np.array([1.0, -2.0, 0.5, 3.0])
    np.testing.assert_allclose(act.jvp(x, v), J @ v, atol=1e-15)
    np.testing.assert_array_equal(act.jvp(x, np.full(4, 7.0)), 0.0)  # shifting x changes nothing
    X = np.stack([x, x[::-1]], axis=0)  # batch of two rows, softmax over axis 0 too
    Jb = act.jacobian(X, axis=0)
    assert Jb.shape == (4, 2, 2)
    np.testing.assert_allclose(act.jvp(X, np.ones_like(X) * [[1.0], [2.0]], axis=0),
                               np.einsum("kij,jk->ik", Jb, np.ones_like(X) * [[1.0], [2.0]]),
                               atol=1e-15)
    with pytest.raises(ValueError, match="shape"):
        act.jvp(x, np.ones(3))


def test_jvp_and_jacobian_follow_dtype_rules() -> None:
    x32 = np.float32([0.5, -1.0, 2.0])
    assert SM.jvp(x32, np.ones(3)).dtype == np.float32
    assert LSM.jacobian(x32).dtype == np.float32
    assert SM.jacobian([1, 2]).dtype == np.float64
    with pytest.raises(TypeError, match=r"softmax\.jvp.*complex128"):
        SM.jvp(np.array([1j, 0]), np.ones(2))
