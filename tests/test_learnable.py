"""LEAF (Bodyanskiy & Kostiuk 2023) and the KAN B-spline edge function (Liu et al. 2024)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.interpolate import BSpline
from scipy.special import expit

import actfuncs
from actfuncs.functions.learnable import kan_design, kan_knots

X = np.linspace(-6, 6, 121) + 0.003


@pytest.mark.parametrize(
    ("params", "classic"),
    [
        (dict(p1=1.0, p2=0.0, p3=1.0, p4=0.0), "silu"),
        (dict(p1=0.0, p2=1.0, p3=1.0, p4=0.0), "sigmoid"),
        (dict(p1=0.0, p2=2.0, p3=2.0, p4=-1.0), "tanh"),
        (dict(p1=2.0, p2=0.0, p3=0.0, p4=0.0), "identity"),
    ],
)
def test_leaf_reproduces_classic_functions(params: dict, classic: str) -> None:
    leaf, ref = actfuncs.get("leaf", **params), actfuncs.get(classic)
    np.testing.assert_allclose(leaf(X), ref(X), rtol=1e-14, atol=4e-16)
    np.testing.assert_allclose(leaf.grad(X), ref.grad(X), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(leaf.grad2(X), ref.grad2(X), rtol=1e-12, atol=1e-14)


def test_leaf_tends_to_relu_for_a_sharp_gate() -> None:
    f = actfuncs.get("leaf", p1=1.0, p2=0.0, p3=200.0, p4=0.0)
    np.testing.assert_allclose(f(X), np.maximum(X, 0), atol=2e-3)


def test_leaf_formula_and_limits() -> None:
    p = dict(p1=0.7, p2=-0.3, p3=1.3, p4=0.2)
    f = actfuncs.get("leaf", **p)
    np.testing.assert_allclose(f(X), (0.7 * X - 0.3) * expit(1.3 * X) + 0.2, rtol=1e-13, atol=1e-15)
    assert f(-math.inf) == 0.2 and f(math.inf) == math.inf


def test_leaf_param_grads() -> None:
    p = dict(p1=0.7, p2=-0.3, p3=1.3, p4=0.2)
    f = actfuncs.get("leaf", **p)
    s = expit(1.3 * X)
    want = {"p1": X * s, "p2": s, "p3": (0.7 * X - 0.3) * X * s * (1 - s), "p4": np.ones_like(X)}
    for k, w in want.items():
        np.testing.assert_allclose(f.param_grad(k, X), w, rtol=1e-12, atol=1e-15)


def test_kan_knots_and_basis() -> None:
    t = kan_knots()
    assert len(t) == 5 + 1 + 2 * 3  # 5 intervals on [-1, 1], extended by 3 knots each side
    np.testing.assert_allclose(np.diff(t), 0.4)
    assert t[3] == pytest.approx(-1.0) and t[-4] == pytest.approx(1.0)
    B = kan_design(np.linspace(-0.99, 0.99, 50))
    assert B.shape == (50, 8)
    np.testing.assert_allclose(B.sum(axis=-1), 1.0, rtol=1e-14)  # partition of unity on [-1, 1]
    assert np.all(kan_design(np.array([-5.0, 5.0])) == 0)


def test_kan_spline_matches_scipy_bspline() -> None:
    c = np.random.default_rng(5).normal(size=8)
    f = actfuncs.get("kan_spline", w_b=0.5, w_s=2.0, coef=c)
    t = kan_knots()
    # the basis lives on the whole extended knot vector (as in pykan), not only on [-1, 1]
    elems = [BSpline.basis_element(t[i:i + 5], extrapolate=False) for i in range(8)]
    x = np.linspace(-2.5, 2.5, 101)
    s = sum(ci * np.nan_to_num(b(x)) for ci, b in zip(c, elems, strict=True))
    ds = sum(ci * np.nan_to_num(b(x, 1)) for ci, b in zip(c, elems, strict=True))
    np.testing.assert_allclose(f(x), 0.5 * x * expit(x) + 2.0 * s, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(
        f.grad(x), 0.5 * (expit(x) * (1 + x * (1 - expit(x)))) + 2.0 * ds,
        rtol=1e-12, atol=1e-13,
    )


def test_kan_coefficient_gradient() -> None:
    c = np.random.default_rng(6).normal(size=8)
    f = actfuncs.get("kan_spline", w_s=1.5, coef=c)
    x = np.array([-0.7, 0.1, 0.55])
    G = f.param_grad("coef", x)
    assert G.shape == (3, 8)
    h = 0.5  # f is linear in the coefficients: a central difference is exact up to rounding
    for i in range(8):
        e = np.zeros(8)
        e[i] = h
        fd = (actfuncs.get("kan_spline", w_s=1.5, coef=c + e)(x)
              - actfuncs.get("kan_spline", w_s=1.5, coef=c - e)(x)) / (2 * h)
        np.testing.assert_allclose(G[:, i], fd, rtol=1e-13, atol=1e-15)
    assert f.param_grad("coef", 0.1).shape == (8,)  # scalar input: one row per coefficient
    np.testing.assert_allclose(f.param_grad("w_s", x), G @ c / 1.5, rtol=1e-13)


def test_kan_bad_coefficients() -> None:
    with pytest.raises(ValueError, match=r"shape \(8,\)"):
        actfuncs.get("kan_spline", coef=np.ones(5))(0.0)
