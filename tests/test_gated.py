"""GLU, SwiGLU, GeGLU: halves, axis, odd-length errors, vector-Jacobian products."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import erfc, expit

import actfuncs

RNG = np.random.default_rng(11)


def _silu(v: np.ndarray) -> np.ndarray:
    return v * expit(v)


def _gelu(v: np.ndarray) -> np.ndarray:
    return 0.5 * v * erfc(-v / math.sqrt(2))  # erfc: no cancellation for v < 0


FORMS = {
    "glu": lambda a, b: a * expit(b),
    "swiglu": lambda a, b: _silu(a) * b,
    "geglu": lambda a, b: _gelu(a) * b,
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_values_match_definition(name: str) -> None:
    x = RNG.normal(size=(3, 8)) * 3
    a, b = x[:, :4], x[:, 4:]
    np.testing.assert_allclose(actfuncs.get(name)(x), FORMS[name](a, b), rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_axis_argument(name: str) -> None:
    f = actfuncs.get(name)
    x = RNG.normal(size=(4, 3, 2))
    y = f(x, axis=0)
    assert y.shape == (2, 3, 2)
    np.testing.assert_allclose(y, FORMS[name](x[:2], x[2:]), rtol=1e-14)
    np.testing.assert_allclose(f(np.moveaxis(x, 0, -1)), np.moveaxis(y, 0, -1), rtol=1e-15)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_odd_length_and_bad_axis_errors(name: str) -> None:
    f = actfuncs.get(name)
    with pytest.raises(ValueError, match=r"even length.*\(2, 5\)"):
        f(np.ones((2, 5)))
    with pytest.raises(ValueError, match=r"axis 3 .*\(2, 4\)"):
        f(np.ones((2, 4)), axis=3)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_vjp_matches_finite_differences(name: str) -> None:
    f = actfuncs.get(name)
    x = RNG.normal(size=(2, 6))
    g = RNG.normal(size=(2, 3))
    got = f.vjp(x, g)
    assert got.shape == x.shape
    h = 1e-6
    fd = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        fd[idx] = np.sum(g * (f(x + e) - f(x - e))) / (2 * h)
    np.testing.assert_allclose(got, fd, rtol=1e-7, atol=1e-9)
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        f.vjp(x, np.ones((2, 6)))


def test_vjp_along_axis_0() -> None:
    f = actfuncs.get("swiglu")
    x = RNG.normal(size=(4, 3))
    g = np.ones((2, 3))
    np.testing.assert_allclose(f.vjp(x, g, axis=0), f.vjp(x.T, g.T).T, rtol=1e-15)


def test_infinite_gate_products_are_limits() -> None:
    # SiLU(-tiny) is a tiny negative number: times +inf the product is -inf, not NaN.
    y = actfuncs.get("swiglu")(np.array([-5e-324, 0.0, math.inf, math.inf]))
    np.testing.assert_array_equal(y, [-math.inf, 0.0])
    assert actfuncs.get("glu")(np.array([2.0, math.inf])) == 2.0


def test_vjp_follows_dtype_rules_and_is_calm() -> None:
    f = actfuncs.get("geglu")
    assert f.vjp(np.float16([1, 2, 3, 4]), np.ones(2)).dtype == np.float16
    with pytest.raises(TypeError, match=r"geglu\.vjp.*<U1"):
        f.vjp(np.array(["a", "b"]), np.ones(1))
    big = np.array([1e200, 1e200])
    assert np.isinf(f.vjp(big, np.array([1e200]))).any()  # overflow to inf, no warning


def test_swiglu_rounds_once_where_the_plain_product_was_two_ulp_off():
    """The full sweep found 2.24 ULP at this pair when SiLU(a) was rounded before the product."""
    import mpmath as mp

    from actfuncs.functions import _wide

    a, b = -1.3120422555093914, 6.680585780001088
    with mp.workdps(60):
        want = float(mp.mpf(a) / (1 + mp.exp(-mp.mpf(a))) * mp.mpf(b))
    got = float(actfuncs.get("swiglu")(np.array([a, b]))[0])
    ulps = abs(got - want) / np.spacing(abs(want))
    assert ulps <= (0.5 if _wide.WIDE is not None else 2.5), ulps


def test_swiglu_tiny_gate_times_huge_b_keeps_its_digits():
    import mpmath as mp

    from actfuncs.functions import _wide

    if _wide.WIDE is None:  # the float64-only path rounds the subnormal gate first
        return
    a, b = -740.0, 1e300
    with mp.workdps(60):
        want = float(mp.mpf(a) / (1 + mp.exp(-mp.mpf(a))) * mp.mpf(b))
    got = float(actfuncs.get("swiglu")(np.array([a, b]))[0])
    assert abs(got - want) <= np.spacing(abs(want)), (got, want)
