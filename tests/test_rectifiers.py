"""Piecewise-linear units: exact values, PyTorch kink conventions, PReLU channels, RReLU modes."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actfuncs

X = np.array([-math.inf, -3.5, -1.0, -0.0, 0.0, 0.5, 6.0, 7.0, math.inf])


def test_relu_values_and_kink_convention() -> None:
    r = actfuncs.get("relu")
    np.testing.assert_array_equal(r(X), [0, 0, 0, 0, 0, 0.5, 6, 7, math.inf])
    np.testing.assert_array_equal(r.grad(X), [0, 0, 0, 0, 0, 1, 1, 1, 1])  # relu'(0) = 0
    assert r.grad2(0.5) == 0


def test_relu6_caps_and_gradient_strictly_inside() -> None:
    r = actfuncs.get("relu6")
    np.testing.assert_array_equal(r(X), [0, 0, 0, 0, 0, 0.5, 6, 6, 6])
    np.testing.assert_array_equal(r.grad(X), [0, 0, 0, 0, 0, 1, 0, 0, 0])


def test_exact_units_run_natively_and_are_bit_exact() -> None:
    x = np.float32([1.0000001, -2.5, 3.3333333])
    assert actfuncs.spec("relu").exact
    np.testing.assert_array_equal(actfuncs.get("relu")(x), np.maximum(x, np.float32(0)))
    h = np.float16([65504.0, -65504.0])
    np.testing.assert_array_equal(actfuncs.get("relu")(h), np.float16([65504.0, 0]))


def test_identity_slope_and_zero_slope_limit() -> None:
    f = actfuncs.get("identity", slope=-2.0)
    assert f(3.0) == -6.0 and f.grad(123.0) == -2.0
    z = actfuncs.get("linear", slope=0.0)
    np.testing.assert_array_equal(z(np.array([-math.inf, 1.0, math.inf])), [0.0, 0.0, 0.0])


def test_binary_step() -> None:
    s = actfuncs.get("heaviside")
    np.testing.assert_array_equal(s(X), [0, 0, 0, 1, 1, 1, 1, 1, 1])
    np.testing.assert_array_equal(s.grad(X), np.zeros(len(X)))


@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.3, 1.0])
def test_leaky_relu(alpha: float) -> None:
    f = actfuncs.get("leaky_relu", alpha=alpha)
    x = np.array([-4.0, -0.0, 0.0, 2.0])
    np.testing.assert_array_equal(f(x), [alpha * -4.0, 0, 0, 2.0])
    np.testing.assert_array_equal(f.grad(x), [alpha, alpha, alpha, 1.0])  # leaky'(0) = alpha
    assert f(-math.inf) == (-math.inf if alpha else 0.0)


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
@pytest.mark.parametrize("alpha", [1e39, 1e5, 2e-41, 1e-50, -3e-46])
def test_slopes_that_are_not_normal_numbers_of_the_dtype(alpha: float, dtype: type) -> None:
    """A slope the input's dtype cannot hold (beyond its range, subnormal or below it) is
    applied in float64 and rounded once: float32(1e39) would be inf, giving NaN at x = 0 and
    -inf for every negative x, and a flushed slope 0 would give NaN at -inf."""
    name = "prelu" if alpha > 1 or alpha < 0 else "leaky_relu"
    f = actfuncs.get(name, alpha=alpha)
    info = np.finfo(dtype)
    x = np.array([-math.inf, -info.max, -1.0, -info.smallest_subnormal, -0.0, 0.0, 2.0,
                  math.inf], dtype=dtype)
    with np.errstate(over="ignore", under="ignore"):
        want = np.where(x >= 0, x, alpha * x.astype(np.float64)).astype(dtype)
    y = f(x)
    assert y.dtype == dtype
    np.testing.assert_array_equal(y, want)
    assert np.array_equal(np.signbit(y[4:6]), [True, False])  # f(+-0) = +-0


def test_per_channel_slopes_keep_signed_zeros() -> None:
    f = actfuncs.get("prelu", alpha=[0.5, -0.5])
    x = np.array([[-0.0, -0.0], [0.0, 0.0], [-2.0, -2.0]])
    y = f(x)
    np.testing.assert_array_equal(y, [[0, 0], [0, 0], [-1.0, 1.0]])
    assert np.array_equal(np.signbit(y[:2]), np.signbit(x[:2]))


def test_prelu_scalar_and_param_grad() -> None:
    f = actfuncs.get("prelu")
    assert f.params["alpha"] == 0.25 and f.spec.param("alpha").learnable
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(f(x), [-0.5, 0.0, 3.0])
    np.testing.assert_array_equal(f.param_grad("alpha", x), [-2.0, 0.0, 0.0])


def test_prelu_per_channel_along_axis_1() -> None:
    a = np.array([0.1, 0.2, 0.3])
    f = actfuncs.get("prelu", alpha=a)
    x = -np.ones((2, 3, 4))
    y = f(x)
    np.testing.assert_allclose(y[:, :, 0], -np.broadcast_to(a, (2, 3)))
    np.testing.assert_allclose(f.grad(x)[1, :, 2], a)
    # the gradient of a per-channel slope is the per-element gradient summed over the other axes
    g = f.param_grad("alpha", x).sum(axis=(0, 2))
    np.testing.assert_allclose(g, [-8.0, -8.0, -8.0])
    with pytest.raises(ValueError, match=r"shape \(2, 4\)"):
        f(np.ones((2, 4)))
    with pytest.raises(ValueError, match="channels on axis 1"):
        f(np.ones(3))
    assert "alpha" not in f.label()  # array parameters are left out of the legend text


def test_rrelu_eval_uses_mean_slope() -> None:
    f = actfuncs.get("rrelu", lower=0.1, upper=0.3)
    assert f(-10.0) == pytest.approx(-2.0, rel=1e-15)
    assert f.grad(-1.0) == pytest.approx(0.2)


def test_rrelu_training_is_seeded_and_bounded() -> None:
    f = actfuncs.get("rrelu")
    x = -np.ones(10_000)
    y1 = f(x, training=True, rng=np.random.default_rng(0))
    y2 = f(x, training=True, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(y1, y2)
    slopes = -y1
    assert slopes.min() >= 1 / 8 and slopes.max() <= 1 / 3
    assert slopes.mean() == pytest.approx((1 / 8 + 1 / 3) / 2, abs=0.005)
    assert len(np.unique(slopes)) > 9000
    g = f.grad(x, training=True, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(g, slopes)  # the same seed gives the same slopes
    np.testing.assert_array_equal(f(np.ones(5), training=True, rng=np.random.default_rng(1)), 1.0)
    with pytest.raises(TypeError, match="rng"):
        f(x, training=True)


def test_rrelu_bounds_validated() -> None:
    with pytest.raises(ValueError, match=r"upper=0\.1"):
        actfuncs.get("rrelu", lower=0.2, upper=0.1)
    with pytest.raises(ValueError, match=r"lower=1\.5"):
        actfuncs.get("rrelu", lower=1.5)


def test_hard_family_pytorch_forms() -> None:
    hs, ht, hw = actfuncs.get("hard_sigmoid"), actfuncs.get("hard_tanh"), actfuncs.get("hard_swish")
    x = np.array([-4.0, -3.0, 0.0, 1.5, 3.0, 4.0])
    np.testing.assert_allclose(hs(x), np.clip(x + 3, 0, 6) / 6, rtol=1e-16)
    np.testing.assert_allclose(hw(x), x * np.clip(x + 3, 0, 6) / 6, rtol=1e-16)
    np.testing.assert_array_equal(ht(x), np.clip(x, -1, 1))
    np.testing.assert_array_equal(ht.grad(np.array([-1.0, -0.5, 1.0])), [0.0, 1.0, 0.0])
    t = actfuncs.get("hardtanh", min_val=-2.0, max_val=0.5)
    np.testing.assert_array_equal(t(np.array([-5.0, 0.0, 5.0])), [-2.0, 0.0, 0.5])
    assert t.output_range == (-2.0, 0.5)
