"""Property tests: each declared Properties flag against the measured function, output ranges,
identities between functions, and derivatives against finite differences (hypothesis-driven)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import actfuncs
from actfuncs import properties as P
from actfuncs.functions.learnable import kan_knots

ELEMENTWISE = actfuncs.names("elementwise")
RNG_COEF = np.random.default_rng(7).uniform(-1, 1, 8)


def _bound(name: str) -> actfuncs.Activation:
    """Default parameters, except the KAN spline gets non-zero coefficients (its defaults make
    it plain SiLU, which would hide what the spline part does to the flags)."""
    if name == "kan_spline":
        return actfuncs.get(name, coef=RNG_COEF)
    return actfuncs.get(name)


# -- every flag is measured --------------------------------------------------------------------


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_declared_flags_match_measurements(name: str) -> None:
    act = _bound(name)
    declared = dataclasses.asdict(act.spec.properties)
    measured = P.measured(act)
    for key, want in declared.items():
        got = measured[key]
        if key == "smoothness" and want in ("C2", "Cinf"):
            assert got == "C2", f"{name}: declared {want}, measured {got}"
        else:
            assert got == want, f"{name}.{key}: declared {want!r}, measured {got!r}"


def _le(a: float, b: float) -> bool:
    return a <= b or (math.isfinite(a) and math.isfinite(b) and a - b <= 1e-12 * max(1, abs(b)))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_output_range_is_tight(name: str) -> None:
    act = _bound(name)
    lo, hi = act.output_range
    mlo, mhi = P.output_range(act)
    assert _le(lo, mlo) and _le(mhi, hi), (
        f"{name}: measured range ({mlo}, {mhi}) escapes the declared ({lo}, {hi})"
    )
    if name != "kan_spline":  # its declared range is for every coefficient vector
        assert mlo == pytest.approx(lo, rel=1e-12, abs=1e-15), f"{name}: lower bound not tight"
        assert mhi == pytest.approx(hi, rel=1e-12, abs=1e-15), f"{name}: upper bound not tight"


def test_properties_module_measures_wrong_flags() -> None:
    """The measurements themselves can disagree: a wrong flag would be caught."""
    assert P.is_monotonic("relu") and not P.is_monotonic("gelu")
    assert P.is_zero_centred("tanh") and not P.is_zero_centred("sigmoid")
    assert P.is_sparse("relu") and not P.is_sparse("elu")
    assert P.smoothness("binary_step") == "discontinuous"
    assert P.smoothness("relu") == "C0" and P.smoothness("elu") == "C1"
    assert P.smoothness("softplus") == "C2"
    assert P.is_self_gated("silu") and not P.is_self_gated("relu")
    assert P.saturates("sigmoid") and not P.saturates("leaky_relu")
    assert P.is_bounded("tanh") == (True, True) and P.is_bounded("identity") == (False, False)


@pytest.mark.parametrize(
    ("name", "x_min", "f_min"),
    [
        ("gelu", -0.75179152469356445746, -0.16997120747990366),
        ("gelu_tanh", -0.75246142207101625849, -0.17004075057125406),
        ("silu", -1.2784645427610737, -0.2784645427610738),
        ("mish", -1.1924312145154952121, -0.30884341301725043),
        # f' = (2x + 3)/6 is exactly 0 at the grid point -1.5: the old scan skipped it
        ("hard_swish", -1.5, -0.375),
    ],
)
def test_minima_match_mpmath(name: str, x_min: float, f_min: float) -> None:
    """Reference values computed once with mpmath (30 digits) from the defining formulas."""
    x, fx = P.minimum(name)
    assert x == pytest.approx(x_min, rel=1e-9)
    assert fx == pytest.approx(f_min, rel=1e-15)


def test_extrema_and_saturation_regions() -> None:
    (e,) = P.extrema("silu")
    assert e.kind == "min"
    assert P.extrema("relu") == [] and P.extrema("tanh") == []
    # a root of f' on a grid point and off it (odd n moves -1.5 off the grid)
    for n in (20_001, 20_000):
        (h,) = P.extrema("hard_swish", n=n)
        assert h.kind == "min" and h.x == pytest.approx(-1.5, abs=1e-12) and h.value == -0.375
    assert P.saturation_regions("relu") == [(-math.inf, 0.0)]
    (left, right) = P.saturation_regions("sigmoid", tol=1e-3)
    assert left[0] == -math.inf and right[1] == math.inf
    # sigma'(x) = 1e-3 at |x| = 6.9 (to 2 digits)
    assert left[1] == pytest.approx(-6.9, abs=0.02) and right[0] == pytest.approx(6.9, abs=0.02)
    with pytest.raises(ValueError, match="no interior minimum"):
        P.minimum("relu")
    with pytest.raises(ValueError, match="elementwise"):
        P.measured("softmax")


# -- hypothesis: ranges, monotonicity, identities --------------------------------------------

DTYPES = st.sampled_from([np.float16, np.float32, np.float64])


@st.composite
def arrays(draw: st.DrawFn, allow_nan: bool = True) -> np.ndarray:
    dtype = draw(DTYPES)
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=5))
    width = {np.float16: 16, np.float32: 32, np.float64: 64}[dtype]
    return draw(hnp.arrays(dtype, shape, elements=st.floats(allow_nan=allow_nan, width=width)))


@settings(max_examples=40, deadline=None)
@given(x=arrays())
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_outputs_stay_in_declared_range(name: str, x: np.ndarray) -> None:
    act = _bound(name)
    y = np.asarray(act(x))
    assert y.shape == x.shape and y.dtype == x.dtype
    lo, hi = act.output_range
    # Rounding is monotone: a correctly rounded f(x) >= lo can only fall to lo rounded to the
    # output dtype (GELU's minimum -0.16997... rounds below itself in float32), never further.
    with np.errstate(over="ignore"):
        lo_r, hi_r = (np.float64(np.asarray(v, dtype=x.dtype)) for v in (lo, hi))
    ok = np.isnan(y) | ((y >= min(lo, lo_r) - 1e-12 * abs(lo)) & (y <= max(hi, hi_r)))
    if name == "kan_spline":
        ok |= True  # declared (-inf, inf)
    assert ok.all(), (x[~ok], y[~ok])
    assert np.array_equal(np.isnan(y), np.isnan(x)), "NaN exactly where the input is NaN"


@settings(max_examples=40, deadline=None)
@given(x=arrays(allow_nan=False))
@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if actfuncs.spec(n).properties.monotonic])
def test_monotonic_where_claimed(name: str, x: np.ndarray) -> None:
    act = actfuncs.get(name)
    xs = np.sort(x.ravel())
    y = np.asarray(act(xs))
    assert np.all(y[1:] >= y[:-1])


@settings(max_examples=60, deadline=None)
@given(x=arrays(allow_nan=False))
def test_sigmoid_symmetry_and_tanh_identity(x: np.ndarray) -> None:
    sig, tanh = actfuncs.get("sigmoid"), actfuncs.get("tanh")
    eps = float(np.finfo(x.dtype).eps)
    s, sm = sig(x).astype(np.float64), sig(-x).astype(np.float64)
    np.testing.assert_allclose(s + sm, 1.0, rtol=0, atol=2 * eps)
    x64 = x.astype(np.float64)
    with np.errstate(over="ignore"):
        two_x = 2 * x64
    np.testing.assert_allclose(tanh(x64), 2 * sig(two_x) - 1, rtol=0, atol=4e-16)


@settings(max_examples=60, deadline=None)
@given(x=arrays(allow_nan=False), data=st.data())
def test_softmax_is_a_distribution_on_any_axis(x: np.ndarray, data: st.DataObject) -> None:
    if x.ndim == 0 or x.size == 0 or not np.all(np.isfinite(x)):
        return
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    p = actfuncs.get("softmax")(x, axis=axis)
    assert p.dtype == x.dtype and p.shape == x.shape
    assert np.all((p >= 0) & (p <= 1))
    eps = float(np.finfo(x.dtype).eps)
    np.testing.assert_allclose(p.astype(np.float64).sum(axis=axis), 1.0, atol=x.shape[axis] * eps)
    lp = actfuncs.get("log_softmax")(x.astype(np.float64), axis=axis)
    assert np.all(lp <= 0)
    p64 = actfuncs.get("softmax")(x.astype(np.float64), axis=axis)
    np.testing.assert_array_equal(p, p64.astype(x.dtype))  # one rounding from float64
    np.testing.assert_allclose(np.exp(lp), p64, rtol=1e-14, atol=1e-300)


# -- derivatives -------------------------------------------------------------------------------

# kinks of the piecewise functions, and the spline knots (the third derivative jumps there,
# which a fourth-order difference of f' would misread)
KINKS = np.concatenate([[0.0, -3.0, 3.0, 6.0, -1.0, 1.0], kan_knots()])


def _fd(f, x: np.ndarray, h: float = 1e-3) -> np.ndarray:
    """Fourth-order central difference."""
    return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)


@settings(max_examples=25, deadline=None)
@given(x=hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-8, 8)))
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_grad_and_grad2_match_finite_differences(name: str, x: np.ndarray) -> None:
    act = _bound(name)
    x = x[np.min(np.abs(x[:, None] - KINKS[None, :]), axis=1) > 0.01]
    if x.size == 0:
        return
    np.testing.assert_allclose(act.grad(x), _fd(act.fn, x), rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(act.grad2(x), _fd(act.grad, x), rtol=1e-6, atol=1e-7)


LEARNABLE = [  # every parameter with a gradient (the KAN coefficient vector: test_learnable.py)
    (n, p) for n in ELEMENTWISE for p in actfuncs.spec(n).param_grads if p != "coef"
]


def test_learnable_list_is_complete() -> None:
    assert {("prelu", "alpha"), ("silu", "beta"), ("leaf", "p1"), ("leaf", "p4"),
            ("kan_spline", "w_b")} <= set(LEARNABLE)


@pytest.mark.parametrize(("name", "pname"), LEARNABLE)
def test_param_grads_match_finite_differences(name: str, pname: str) -> None:
    base = {"leaf": dict(p1=0.7, p2=-0.3, p3=1.3, p4=0.2)}.get(name, {})
    act = actfuncs.get(name, **base)
    x = np.linspace(-5, 5, 41) + 0.0123
    v = float(act.params[pname])
    h = 1e-5 * max(1.0, abs(v))

    def at(t: float) -> np.ndarray:
        return actfuncs.get(name, **{**base, pname: t})(x)

    fd = (at(v + h) - at(v - h)) / (2 * h)
    np.testing.assert_allclose(act.param_grad(pname, x), fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("identity", dict(slope=0.0)), ("identity", dict(slope=-2.0)),
        ("leaky_relu", dict(alpha=0.0)), ("prelu", dict(alpha=-0.5)), ("prelu", dict(alpha=0.2)),
        ("rrelu", dict(lower=0.0, upper=0.0)), ("hard_tanh", dict(min_val=-2.0, max_val=0.5)),
        ("elu", dict(alpha=2.0)), ("celu", dict(alpha=0.5)), ("softplus", dict(beta=3.0)),
        ("silu", dict(beta=2.0)),
        ("leaf", dict(p1=0.0, p2=2.0, p3=2.0, p4=-1.0)), ("leaf", dict(p1=0.0, p2=1.0, p3=1.0, p4=0.0)),
        ("leaf", dict(p1=0.7, p2=-0.3, p3=1.3, p4=0.2)), ("leaf", dict(p1=2.0, p2=0.0, p3=0.0, p4=0.0)),
        ("leaf", dict(p1=-1.0, p2=0.5, p3=-0.3, p4=0.0)),
    ],
)
def test_output_range_follows_parameters(name: str, params: dict) -> None:
    act = actfuncs.get(name, **params)
    lo, hi = act.output_range
    mlo, mhi = P.output_range(act)
    assert mlo == pytest.approx(lo, rel=1e-12, abs=1e-15) and mhi == pytest.approx(hi, rel=1e-12)
