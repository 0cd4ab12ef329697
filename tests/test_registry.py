"""The registry contract: lookup, aliases, parameter validation and the dtype rules,
checked for every registered activation (all families) through the public API."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

import actfuncs
from actfuncs.registry import Activation, Param

NAMES = actfuncs.names()
ELEMENTWISE = actfuncs.names("elementwise")
DTYPES = (np.float16, np.float32, np.float64)
SPECIALS = [-math.inf, -1e308, -1e30, -1000.0, -1.0, -5e-324, 0.0, 5e-324, 1.0, 1000.0, 1e308, math.inf]
KERNELS = ("fn", "grad", "grad2")

CANONICAL = [
    "identity", "binary_step", "sigmoid", "hard_sigmoid", "log_sigmoid", "tanh", "hard_tanh",
    "softsign", "relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu", "selu", "celu",
    "softplus", "gelu", "gelu_tanh", "silu", "hard_swish", "mish", "softmax", "log_softmax",
    "glu", "swiglu", "geglu", "leaf", "kan_spline",
]
ALIASES = {
    "linear": "identity", "step": "binary_step", "heaviside": "binary_step",
    "logistic": "sigmoid", "hardsigmoid": "hard_sigmoid", "logsigmoid": "log_sigmoid",
    "hardtanh": "hard_tanh", "lrelu": "leaky_relu", "gelu_approx": "gelu_tanh",
    "swish": "silu", "hardswish": "hard_swish", "Leaky-ReLU": "leaky_relu", " ReLU ": "relu",
}


def _methods(act: Activation) -> list[str]:
    return [k for k in KERNELS if getattr(act.spec, k) is not None]


# -- lookup ---------------------------------------------------------------------------------


def test_every_canonical_name_is_registered() -> None:
    assert sorted(NAMES) == sorted(CANONICAL)


@pytest.mark.parametrize(("alias", "name"), sorted(ALIASES.items()))
def test_aliases_resolve(alias: str, name: str) -> None:
    assert actfuncs.spec(alias).name == name
    assert actfuncs.get(alias).name == name


def test_catalog_and_kinds_partition_the_names() -> None:
    specs = list(actfuncs.catalog())
    assert [s.name for s in specs] == NAMES
    kinds = {k: actfuncs.names(k) for k in ("elementwise", "vector", "gated")}
    assert sorted(sum(kinds.values(), [])) == sorted(NAMES)
    assert set(kinds["vector"]) == {"softmax", "log_softmax"}
    assert set(kinds["gated"]) == {"glu", "swiglu", "geglu"}


@pytest.mark.parametrize(("typo", "suggestion"), [("relu7", "relu6"), ("sigmod", "sigmoid"),
                                                  ("lealy_relu", "leaky_relu"), ("softmx", "softmax")])
def test_unknown_name_suggests_closest(typo: str, suggestion: str) -> None:
    with pytest.raises(actfuncs.UnknownActivationError) as info:
        actfuncs.get(typo)
    msg = str(info.value)
    assert repr(typo) in msg and repr(suggestion) in msg
    assert isinstance(info.value, KeyError)


def test_far_name_has_no_bogus_suggestion() -> None:
    with pytest.raises(actfuncs.UnknownActivationError, match="unknown activation") as info:
        actfuncs.get("zzzzqqqq")
    assert "did you mean" not in str(info.value)


def test_name_must_be_string() -> None:
    with pytest.raises(TypeError, match="string"):
        actfuncs.spec(3)  # type: ignore[arg-type]


def test_register_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        actfuncs.registry.register(actfuncs.spec("relu"))


# -- parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "param", "value", "range_text"),
    [
        ("leaky_relu", "alpha", -0.5, "0 <= alpha <= 1"),
        ("leaky_relu", "alpha", 2.0, "0 <= alpha <= 1"),
        ("rrelu", "lower", -1.0, "lower"),
        ("elu", "alpha", -1.0, "alpha"),
        ("softplus", "beta", 0.0, "beta"),
        ("celu", "alpha", 0.0, "alpha"),
    ],
)
def test_out_of_range_param_names_param_value_range(
    name: str, param: str, value: float, range_text: str
) -> None:
    with pytest.raises(ValueError) as info:
        actfuncs.get(name, **{param: value})
    msg = str(info.value)
    assert name in msg and param in msg and repr(float(value)) in msg and range_text in msg


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nonfinite_params_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="alpha"):
        actfuncs.get("leaky_relu", alpha=bad)


def test_unknown_param_lists_known_ones() -> None:
    with pytest.raises(TypeError, match=r"leaky_relu: unknown parameter 'beta'.*alpha"):
        actfuncs.get("leaky_relu", beta=0.1)
    with pytest.raises(TypeError, match="no parameters"):
        actfuncs.get("relu", alpha=0.1)


@pytest.mark.parametrize("bad", [True, None, "0.1", [0.1, 0.2]])
def test_param_type_errors(bad: object) -> None:
    with pytest.raises(TypeError, match="alpha"):
        actfuncs.get("leaky_relu", alpha=bad)


def test_cross_param_checks() -> None:
    with pytest.raises(ValueError, match="lower"):
        actfuncs.get("rrelu", lower=0.4, upper=0.2)
    with pytest.raises(ValueError, match="min_val"):
        actfuncs.get("hard_tanh", min_val=1.0, max_val=-1.0)


def test_param_range_text() -> None:
    p = Param("a", 1.0, low=0.0, high=2.0, low_open=True)
    assert p.describe_range() == "0 < a <= 2"
    assert Param("b", 0.0).describe_range() == "b finite"
    assert p.contains(2.0) and not p.contains(0.0) and not p.contains(math.nan)


@pytest.mark.parametrize("name", NAMES)
def test_spec_is_complete(name: str) -> None:
    s = actfuncs.spec(name)
    assert s.summary and s.uses and s.pitfalls and s.paper and s.latex and s.latex_grad
    assert 1900 < s.year < 2030
    if s.kind == "elementwise":
        assert s.grad is not None and s.grad2 is not None and s.latex_grad2
    for p in s.params:
        assert p.widget is not None, f"{name}.{p.name} needs a slider range"
        lo, hi = p.widget
        assert math.isfinite(lo) and math.isfinite(hi) and lo < hi
        if np.ndim(p.default) == 0:
            assert p.contains(float(p.default)), f"{name}.{p.name} default outside its range"
            # the slider stays inside the allowed range (ends may touch an open end)
            assert p.low <= lo and hi <= p.high
    for pname in s.param_grads:
        assert pname in {p.name for p in s.params}
    for p in s.params:
        if p.learnable:
            assert p.name in s.param_grads, f"{name}.{p.name} is learnable but has no gradient"
    lo, hi = actfuncs.get(name).output_range
    assert lo <= hi


def test_bib_has_every_paper_key() -> None:
    from pathlib import Path

    bib = (Path(__file__).resolve().parent.parent / "references.bib").read_text()
    keys = set(re.findall(r"@\w+\{([^,\s]+),", bib))
    assert len(keys) == len(re.findall(r"@\w+\{", bib)), "duplicate or malformed entries"
    missing = {s.paper for s in actfuncs.catalog()} - keys
    assert not missing, f"references.bib lacks {sorted(missing)}"
    assert bib.count("{") == bib.count("}")
    # the parser the book uses (sphinxcontrib-bibtex) must read every entry
    from pybtex.database import parse_string

    db = parse_string(bib, "bibtex")
    assert set(db.entries) == keys


def test_activation_surface() -> None:
    f = actfuncs.get("leaky_relu", alpha=0.1)
    assert f.params["alpha"] == 0.1
    with pytest.raises(TypeError):
        f.params["alpha"] = 0.2  # type: ignore[index]
    assert "alpha=0.1" in f.label() and "0.1" in repr(f)
    assert f.spec is actfuncs.spec("lrelu")
    with pytest.raises(AttributeError, match="jvp"):
        f.jvp  # noqa: B018
    with pytest.raises(KeyError, match="no gradient for parameter 'alpha'"):
        f.param_grad("alpha", 1.0)
    with pytest.raises(NotImplementedError, match="softmax: grad"):
        actfuncs.get("softmax").grad([1.0, 2.0])


# -- dtype rules ---------------------------------------------------------------------------


def _sample(name: str, dtype: type | None = None) -> np.ndarray:
    x = np.array([-2.0, -0.5, 0.25, 1.5, 3.0, -7.0])
    return x if dtype is None else x.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", NAMES)
def test_float_dtypes_kept(name: str, dtype: type) -> None:
    act = actfuncs.get(name)
    for m in _methods(act):
        y = getattr(act, m)(_sample(name, dtype))
        assert y.dtype == np.dtype(dtype), f"{name}.{m}"
        assert y.shape == (6,) if act.spec.kind != "gated" else y.shape == (3,)


@pytest.mark.parametrize("name", NAMES)
def test_narrow_dtypes_are_rounded_float64(name: str) -> None:
    """float32 results equal the float64 result rounded once (or are exact natively); the
    ``native`` units (a slope rounded to float32, then the product) are within 1 ULP of it, the
    float32-native kernels (``Spec.single``, <= 1.5 ULP of the exact value) within 2."""
    act = actfuncs.get(name)
    x = np.concatenate([_sample(name, np.float32), np.float32([-1.7, -0.3, 2.9, -2.2, 0.1, 1.3])])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expect = np.asarray(act(x.astype(np.float64))).astype(np.float32)
    if act.spec.native:
        np.testing.assert_array_max_ulp(act(x), expect, maxulp=1)
    elif act.spec.single and act.spec.kind == "elementwise":
        np.testing.assert_array_max_ulp(act(x), expect, maxulp=2)
    else:
        np.testing.assert_array_equal(act(x), expect)


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint16, np.bool_])
@pytest.mark.parametrize("name", NAMES)
def test_ints_and_bools_become_float64(name: str, dtype: type) -> None:
    act = actfuncs.get(name)
    x = np.array([0, 1, 1, 0], dtype=dtype)
    y = act(x)
    assert y.dtype == np.float64
    np.testing.assert_array_equal(y, act(x.astype(np.float64)))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_scalars_lists_zero_d_and_shapes(name: str) -> None:
    act = actfuncs.get(name)
    for m in _methods(act):
        f = getattr(act, m)
        for s in (0.5, 2, np.float32(0.5), np.array(0.5)):
            y = f(s)
            assert isinstance(y, np.generic) and np.ndim(y) == 0, f"{name}.{m}({s!r})"
        assert isinstance(f(np.float32(0.5)), np.float32)
        y = f([0.5, -1.0])
        assert isinstance(y, np.ndarray) and y.shape == (2,)
        x = np.linspace(-3, 3, 24).reshape(2, 3, 4)
        y3 = f(x)
        assert y3.shape == (2, 3, 4)
        np.testing.assert_array_equal(y3.ravel(), f(x.ravel()))
        np.testing.assert_array_equal(np.asarray(f(np.float64(0.5))), f(np.array([0.5]))[0])
        assert f(np.empty((0, 3))).shape == (0, 3)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    ("data", "dtype_text"),
    [(np.array([1 + 2j, 0j]), "complex128"), (np.array(["a", "b"]), "<U1"),
     (np.array([object(), object()], dtype=object), "object"),
     (np.array(["2020-01-01", "2020-01-02"], dtype="datetime64[D]"), "datetime64")],
)
def test_non_numeric_input_is_a_type_error(name: str, data: np.ndarray, dtype_text: str) -> None:
    act = actfuncs.get(name)
    for m in _methods(act) or ["fn"]:
        with pytest.raises(TypeError) as info:
            getattr(act, m)(data)
        msg = str(info.value)
        assert name in msg and dtype_text in msg, msg


@pytest.mark.parametrize("name", NAMES)
def test_ragged_and_longdouble_are_type_errors(name: str) -> None:
    act = actfuncs.get(name)
    with pytest.raises(TypeError, match=name):
        act([[1.0, 2.0], [3.0]])
    if np.dtype(np.longdouble) != np.dtype(np.float64):
        with pytest.raises(TypeError, match="longdouble|float128"):
            act(np.ones(2, dtype=np.longdouble))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", NAMES)
def test_specials_are_calm_and_nan_propagates(name: str, dtype: type) -> None:
    """No warnings (pytest turns them into errors) and NaN in -> NaN out, in every dtype."""
    act = actfuncs.get(name)
    x = np.array(SPECIALS, dtype=np.float64).astype(dtype) if dtype is np.float64 else None
    if x is None:
        with np.errstate(over="ignore", under="ignore"):
            x = np.array(SPECIALS).astype(dtype)
    xn = np.append(x, np.array([np.nan, np.nan], dtype=dtype))  # even length for gated units
    for m in _methods(act):
        y = getattr(act, m)(x)
        assert not np.any(np.isnan(y)), f"{name}.{m} gives NaN for a non-NaN input: {x[np.isnan(y)]}"
        yn = getattr(act, m)(xn)
        if act.spec.kind == "elementwise":
            assert np.all(np.isnan(yn[-2:])), f"{name}.{m}(nan)"
            np.testing.assert_array_equal(yn[:-2], y)
        else:
            assert np.any(np.isnan(yn)), f"{name}.{m}: NaN lost"
    for pname in act.spec.param_grads:
        y = np.asarray(act.param_grad(pname, x))
        assert y.dtype == np.dtype(dtype) and not np.any(np.isnan(y)), f"{name}.param_grad[{pname}]"
        yn = np.asarray(act.param_grad(pname, xn))
        assert np.all(np.isnan(yn[-2:])), f"{name}.param_grad[{pname}](nan)"


def _limit(act: Activation, sign: float) -> float:
    """f(+-inf) is the limit of f at a large finite argument (checked against its trend)."""
    return float(act(sign * 1e300))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_infinities_give_limits(name: str) -> None:
    act = actfuncs.get(name)
    for sign in (-1.0, 1.0):
        y = float(act(sign * math.inf))
        far = _limit(act, sign)
        if math.isinf(far) or abs(far) > 1e200:
            assert math.isinf(y) and np.sign(y) == np.sign(far), f"{name}({sign}inf)={y}"
        else:
            assert y == pytest.approx(far, abs=1e-12), f"{name}({sign}inf)={y}, f({sign}1e300)={far}"
    for m in ("grad", "grad2"):
        for sign in (-1.0, 1.0):
            y = float(getattr(act, m)(sign * math.inf))
            far = float(getattr(act, m)(sign * 1e300))
            assert not math.isnan(y)
            if math.isfinite(far) and abs(far) < 1e200:
                assert y == pytest.approx(far, abs=1e-12), f"{name}.{m}({sign}inf)"


@pytest.mark.parametrize("name", NAMES)
def test_inputs_are_not_modified(name: str) -> None:
    act = actfuncs.get(name)
    x = _sample(name)
    keep = x.copy()
    for m in _methods(act):
        getattr(act, m)(x)
    np.testing.assert_array_equal(x, keep)
