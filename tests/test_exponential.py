"""ELU family: SELU's constants are derived, not typed in, and do what they are for."""

from __future__ import annotations

import mpmath
import numpy as np

import actfuncs
from actfuncs.functions.exponential import SELU_ALPHA, SELU_LAMBDA, selu_constants


def _moments(lam: mpmath.mpf, alpha: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """E[f(z)] and E[f(z)^2] for z ~ N(0, 1), by numerical integration (independent of the
    closed forms the package solves)."""
    def f(z: mpmath.mpf) -> mpmath.mpf:
        return lam * z if z > 0 else lam * alpha * mpmath.expm1(z)

    m1 = mpmath.quad(lambda z: f(z) * mpmath.npdf(z), [-mpmath.inf, 0, mpmath.inf])
    m2 = mpmath.quad(lambda z: f(z) ** 2 * mpmath.npdf(z), [-mpmath.inf, 0, mpmath.inf])
    return m1, m2


def test_selu_constants_satisfy_the_fixed_point_conditions() -> None:
    with mpmath.workdps(30):
        m1, m2 = _moments(mpmath.mpf(SELU_LAMBDA), mpmath.mpf(SELU_ALPHA))
        assert abs(m1) < 1e-15 and abs(m2 - 1) < 1e-15
        # a constant off by one unit in the 8th digit (as typed-in truncations are) fails
        m1b, m2b = _moments(mpmath.mpf(SELU_LAMBDA) + 1e-8, mpmath.mpf(SELU_ALPHA))
        assert abs(m2b - 1) > 1e-9


def test_selu_constants_are_the_papers_to_full_precision() -> None:
    lam, alpha = selu_constants(dps=60)
    # Klambauer et al. (2017), to the digits they print: derived, then compared
    assert abs(lam - 1.0507009873554804934193349852946) < 2e-16
    assert abs(alpha - 1.6732632423543772848170429916717) < 4e-16
    assert (lam, alpha) == (SELU_LAMBDA, SELU_ALPHA)  # the registry uses the derived pair
    selu = actfuncs.get("selu")
    assert selu(1.0) == SELU_LAMBDA
    # the limit is -lambda*alpha correctly rounded (long double path), which the product of
    # the two rounded float64 constants misses by an ULP
    with mpmath.workdps(40):
        la = _exact_lambda_alpha()
    assert selu(-np.inf) == -float(la)
    assert abs(selu(np.float32(-np.inf)) + np.float32(la)) <= np.spacing(np.float32(la))


def _exact_lambda_alpha() -> mpmath.mpf:
    lam = mpmath.mpf("1.0507009873554804934193349852946")
    alpha = mpmath.mpf("1.6732632423543772848170429916717")
    return lam * alpha


def test_elu_family_fast_paths_agree_with_float64() -> None:
    """float32 output (plain float64 kernel, rounded once) equals the float64 result rounded."""
    x = np.linspace(-30, 30, 2001).astype(np.float32)
    for name in ("elu", "selu", "celu"):
        act = actfuncs.get(name)
        np.testing.assert_array_equal(act(x), act(x.astype(np.float64)).astype(np.float32))
