# ruff: noqa: E501  (claim quotes and evidence sentences are data: long lines keep them greppable)
"""Claims about formulas, identities, derivatives and ranges, checked by computation and mpmath."""

from __future__ import annotations

import mpmath
import numpy as np

from actfuncs import properties, reference
from actfuncs.claims._core import Evidence, claim, contradiction, f, grid, max_diff, verdict_if

FOUND = "chapters/foundations"
CAT = "chapters/catalog"
PTS = (-30.0, -7.5, -2.0, -0.5, 0.0, 0.3, 1.0, 4.0, 25.0)


def _mp(name: str, which: str = "fn", params: dict | None = None) -> np.ndarray:
    """The mpmath reference of ``name`` at the check points, rounded to float64."""
    return np.array([float(reference.evaluate(name, which, x, params)) for x in PTS])


def _rel(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def _mp_formula(expr, name: str, which: str = "fn", params: dict | None = None) -> float:
    """Largest relative difference between a source's formula (evaluated in mpmath at 60 digits)
    and the package's independent reference for ``name``."""
    with mpmath.workdps(60):
        got = np.array([float(expr(mpmath.mpf(x))) for x in PTS])
    return _rel(got, _mp(name, which, params))


# -- 000: the study guide -----------------------------------------------------------------------

@claim("linear-collapse", "000", "W = W3W2W1 and b = W3W2b1 + W3b2 + b3", "identity",
       f"{FOUND}/linearity-trap")
def _() -> Evidence:
    rng = np.random.default_rng(0)
    W = [rng.normal(size=(4, 4)) for _ in range(3)]
    b = [rng.normal(size=4) for _ in range(3)]
    x = rng.normal(size=(4, 50))
    deep = W[2] @ (W[1] @ (W[0] @ x + b[0][:, None]) + b[1][:, None]) + b[2][:, None]
    Wc, bc = W[2] @ W[1] @ W[0], W[2] @ W[1] @ b[0] + W[2] @ b[1] + b[2]
    err = max_diff(deep, Wc @ x + bc[:, None])
    return verdict_if(err < 1e-12, f"Three random linear layers and the single layer (W, b) built by "
                      f"the source's formulas agree to {err:.1e} on 50 inputs.", {"max_abs_diff": err})


@claim("linear-derivative", "000", "f(z) = mz … f′(z) = m", "derivative", f"{CAT}/linear-and-step")
def _() -> Evidence:
    x = grid(-5, 5, 101)
    m = 2.5
    fd = (m * (x + 1e-6) - m * (x - 1e-6)) / 2e-6
    err = max_diff(fd, m)
    ident = float(np.max(np.abs(f("identity").grad(x) - 1)))
    return verdict_if(err < 1e-8 and ident == 0, f"The slope of mz is m everywhere (central differences "
                      f"within {err:.1e}); actfuncs' identity (m = 1) has derivative 1.", {"err": err})


@claim("sigmoid-derivative", "000", "σ′(z) = σ(z)·(1 − σ(z))", "derivative", f"{CAT}/sigmoidal")
def _() -> Evidence:
    err = _mp_formula(lambda x: (1 / (1 + mpmath.exp(-x))) * (1 - 1 / (1 + mpmath.exp(-x))),
                      "sigmoid", "grad")
    return verdict_if(err < 1e-12, f"In exact arithmetic the identity holds: relative difference "
                      f"{err:.1e} from the mpmath derivative at 9 points. (In float64 the form "
                      "1 − σ cancels for large z; see the 004 rows.)", {"max_rel_diff": err})


@claim("softmax-jacobian", "000", "∂Softmax(zi)/∂zj = Softmax(zi)(δij − Softmax(zj))", "derivative",
       f"{CAT}/softmax")
def _() -> Evidence:
    z = np.array([0.3, -1.2, 2.0, 0.5])
    s = f("softmax")(z)
    formula = np.diag(s) - np.outer(s, s)
    fd = np.empty((4, 4))
    for j in range(4):
        e = np.zeros(4)
        e[j] = 1e-6
        fd[:, j] = (f("softmax")(z + e) - f("softmax")(z - e)) / 2e-6
    err = max_diff(formula, fd)
    return verdict_if(err < 1e-8, f"The formula matches central differences of softmax to {err:.1e} "
                      "(4 classes).", {"max_abs_diff": err})


@claim("softmax-max-shift", "000", "To prevent overflow, subtract the maximum value before computing",
       "identity", f"{CAT}/softmax")
def _() -> Evidence:
    from actfuncs.claims._core import quiet

    z = np.array([1000.0, 999.0, 998.0])
    naive, caught = quiet(lambda: np.exp(z) / np.exp(z).sum())
    shifted = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    small = np.array([1.0, 0.0, -1.0])
    invariance = max_diff(f("softmax")(small), f("softmax")(small + 997.0))
    ok = bool(np.all(np.isnan(naive))) and max_diff(shifted, f("softmax")(z)) < 1e-15
    return verdict_if(ok and invariance < 1e-15,
                      f"Softmax is unchanged by a common shift (difference {invariance:.0e}); at "
                      f"z = (1000, 999, 998) the unshifted formula gives NaN ({', '.join(caught)}), "
                      "the shifted one the right answer.", {"invariance": invariance})


@claim("tanh-two-forms", "000", "tanh(z) = (e^z − e^−z)/(e^z + e^−z) = 2/(1 + e^−2z) − 1", "identity",
       f"{CAT}/sigmoidal")
def _() -> Evidence:
    e1 = _mp_formula(lambda x: (mpmath.exp(x) - mpmath.exp(-x)) / (mpmath.exp(x) + mpmath.exp(-x)), "tanh")
    e2 = _mp_formula(lambda x: 2 / (1 + mpmath.exp(-2 * x)) - 1, "tanh")
    return verdict_if(max(e1, e2) < 1e-12, f"Both forms equal the reference tanh (relative differences "
                      f"{e1:.0e} and {e2:.0e}, except where tanh = 0).", {"rel": [e1, e2]})


@claim("tanh-derivative", "000", "tanh′(z) = 1 − tanh²(z)", "derivative", f"{CAT}/sigmoidal")
def _() -> Evidence:
    err = _mp_formula(lambda x: 1 - mpmath.tanh(x) ** 2, "tanh", "grad")
    return verdict_if(err < 1e-12, f"Exact: relative difference {err:.1e} from the mpmath derivative "
                      "(sech²). Evaluated in float64 it underflows early; see the 004 rows.",
                      {"max_rel_diff": err})


@claim("tanh-sigmoid-identity", "000", "tanh(z) = 2σ(2z) − 1", "identity", f"{CAT}/sigmoidal")
def _() -> Evidence:
    x = grid()
    err = max_diff(f("tanh")(x), 2 * f("sigmoid")(2 * x) - 1)
    return verdict_if(err < 1e-15, f"max |tanh(x) − (2σ(2x) − 1)| on [−20, 20] is {err:.1e} (rounding only).",
                      {"max_abs_diff": err})


@claim("sigmoid-grad-max", "000", "Sigmoid: max f′(z) = 0.25 at z = 0", "derivative", f"{CAT}/sigmoidal")
def _() -> Evidence:
    g = f("sigmoid").grad
    x = grid()
    i = int(np.argmax(g(x)))
    return verdict_if(abs(g(x)[i] - 0.25) < 1e-15 and x[i] == 0,
                      f"σ′ peaks at x = {x[i]:g} with value {float(g(x)[i])}.",
                      {"argmax": float(x[i]), "max": float(g(x)[i])})


@claim("tanh-4x-gradient", "000", "Tanh … 4x stronger gradient flow [than sigmoid]", "derivative",
       f"{CAT}/sigmoidal")
def _() -> Evidence:
    from scipy import optimize

    t, s = f("tanh").grad, f("sigmoid").grad
    cross = optimize.brentq(lambda z: float(t(z) - s(z)), 0.5, 5.0)
    ratio0 = float(t(0.0) / s(0.0))
    return verdict_if(
        ratio0 == 4.0 and cross < 3,
        f"The peaks differ by {ratio0:g}x (1 vs 0.25), but tanh′(z) > σ′(z) only for |z| < {cross:.3f}; "
        "beyond that tanh saturates faster (tanh′/σ′ → 0), so '4x stronger' holds only near z = 0.",
        {"peak_ratio": ratio0, "crossover": cross}, yes="imprecise")


@claim("relu-derivative-at-0", "000", "ReLU′(z) = 1 if z > 0; 0 if z ≤ 0", "derivative", f"{CAT}/rectifiers")
def _() -> Evidence:
    left, right = float(f("relu").grad(-1e-300)), float(f("relu").grad(1e-300))
    at0 = float(f("relu").grad(0.0))
    return verdict_if(left == 0 and right == 1 and at0 == 0,
                      f"Right away from 0 (slopes {left:g} and {right:g}). At z = 0 ReLU has no derivative "
                      f"(a kink); 0 there is a convention, the one actfuncs and PyTorch use (ReLU′(0) = {at0:g}).",
                      {"grad_at_0": at0})


@claim("leaky-alpha-001", "000", "α is a small constant (typically 0.01)", "formula", f"{CAT}/rectifiers")
def _() -> Evidence:
    a = f("leaky_relu").params["alpha"]
    slope = float(f("leaky_relu").grad(-3.0))
    return verdict_if(a == 0.01 and slope == 0.01, f"The usual default (PyTorch's too): actfuncs' leaky_relu "
                      f"has α = {a}, slope {slope} for negative inputs.", {"alpha": a})


@claim("prelu-max-form", "000", "PReLU(z) = max(αz, z)", "formula", f"{CAT}/rectifiers")
def _() -> Evidence:
    a = 2.0
    z = np.array([-1.0, 1.0])
    as_max = np.maximum(a * z, z)
    prelu = f("prelu", alpha=a)(z)
    return verdict_if(max_diff(as_max, prelu) > 0,
                      f"Only for α ≤ 1. With a learned α = {a:g} the max form gives {as_max.tolist()} at "
                      f"z = ±1, PReLU gives {prelu.tolist()}: max(αz, z) flips which branch is used. "
                      "The piecewise definition is the safe one.", {"max_form": as_max.tolist()},
                      yes="imprecise")


@claim("rrelu-bounds", "000", "α∼U(l,u) where l<u (e.g., l=1/8,u=1/3)", "formula", f"{CAT}/rectifiers")
def _() -> Evidence:
    p = f("rrelu").params
    return verdict_if(p["lower"] == 1 / 8 and p["upper"] == 1 / 3,
                      f"These are the usual defaults (Xu et al. 2015; PyTorch): actfuncs' rrelu has lower = "
                      f"{p['lower']:.4f}, upper = {p['upper']:.4f}; at test time α = (l + u)/2.", dict(p))


@claim("elu-derivative-000", "000", "ELU′(z) = αe^z = ELU(z) + α if z ≤ 0", "derivative", f"{CAT}/exponential")
def _() -> Evidence:
    x = np.linspace(-10, 0, 1001)
    e = f("elu", alpha=1.5)
    err = max_diff(e.grad(x), e(x) + 1.5)
    err_mp = _rel(np.array([float(reference.evaluate("elu", "grad", v, {"alpha": 1.5})) for v in (-3.0, -0.5)]),
                  1.5 * np.exp([-3.0, -0.5]))
    return verdict_if(err < 1e-14 and err_mp < 1e-15, f"α eᶻ = α(eᶻ − 1) + α; max difference {err:.1e} "
                      "for α = 1.5, and the mpmath derivative agrees.", {"max_abs_diff": err})


@claim("gelu-definition", "000", "GELU(z) = zΦ(z) = zP(Z ≤ z), Z ∼ N(0,1)", "formula", f"{CAT}/smooth")
def _() -> Evidence:
    err = _mp_formula(lambda x: x * mpmath.ncdf(x), "gelu")
    return verdict_if(err < 1e-12, f"x·Φ(x) with mpmath's normal CDF matches the reference GELU "
                      f"(relative difference {err:.1e}).", {"max_rel_diff": err})


@claim("gelu-tanh-approx", "000", "GELU(z) ≈ 0.5z(1 + tanh[√(2/π)(z + 0.044715z³)])", "formula",
       f"{CAT}/smooth")
def _() -> Evidence:
    x = grid(-10, 10, 20001)
    d = np.abs(f("gelu")(x) - f("gelu_tanh")(x))
    i = int(np.argmax(d))
    return verdict_if(d[i] < 1e-3, f"A close approximation: the largest difference from x·Φ(x) is "
                      f"{float(d[i]):.2e} (at x = {x[i]:.3f}).", {"max_abs_diff": float(d[i])})


@claim("swish-formula", "000", "Swish(z) = zσ(z) = z/(1 + e^−z)", "formula", f"{CAT}/smooth")
def _() -> Evidence:
    err = _mp_formula(lambda x: x / (1 + mpmath.exp(-x)), "silu")
    return verdict_if(err < 1e-12, f"Matches the reference SiLU (relative difference {err:.1e}).",
                      {"max_rel_diff": err})


@claim("mish-formula", "000", "Mish(z) = z·tanh(ln(1+e^z)) = z·tanh(softplus(z))", "formula", f"{CAT}/mish-hard-swish")
def _() -> Evidence:
    err = _mp_formula(lambda x: x * mpmath.tanh(mpmath.log(1 + mpmath.exp(x))), "mish")
    return verdict_if(err < 1e-12, f"Matches the reference Mish (relative difference {err:.1e}).",
                      {"max_rel_diff": err})


def _minimum(name: str) -> tuple[float, float]:
    """Location and value of the minimum of a self-gated function on [−3, −0.2] (from f alone;
    f′ is not needed, so no root-window set-up is paid for)."""
    from scipy import optimize

    fn = f(name)
    r = optimize.minimize_scalar(lambda t: float(fn(t)), bounds=(-3.0, -0.2), method="bounded",
                                 options={"xatol": 1e-10})
    return float(r.x), float(r.fun)


def _range_claim(name: str, lo: float, hi: float, lo_open: bool = True) -> tuple[bool, tuple[float, float]]:
    got = properties.output_range(name, n=20_001)
    return bool(np.isclose(got[0], lo, atol=5e-3) and np.isclose(got[1], hi, atol=5e-3)), got


@claim("range-table-bounded", "000", "Sigmoid (0,1); Tanh (−1,1); ReLU [0,∞); Leaky ReLU (−∞,∞); ELU (−α,∞)",
       "range", f"{CAT}/overview")
def _() -> Evidence:
    want = {"sigmoid": (0, 1), "tanh": (-1, 1), "relu": (0, np.inf), "leaky_relu": (-np.inf, np.inf),
            "elu": (-1, np.inf)}
    got = {k: _range_claim(k, *v) for k, v in want.items()}
    ok = all(g[0] for g in got.values())
    return verdict_if(ok, "Computed ranges (limits and grid scan): " + "; ".join(
        f"{k} [{v[1][0]:.3g}, {v[1][1]:.3g}]" for k, v in got.items()) + ".",
        {k: list(v[1]) for k, v in got.items()})


@claim("gelu-range", "000", "GELU … Range (−∞, ∞)", "range", f"{CAT}/overview")
def _() -> Evidence:
    x0, v = _minimum("gelu")
    return verdict_if(v < -0.1, f"GELU is bounded below: its minimum is {v:.6f} at x = {x0:.6f}.",
                      {"argmin": x0, "min": v}, yes="wrong", no="correct")


@claim("swish-range", "000", "Swish … Range (−∞, ∞)", "range", f"{CAT}/overview")
def _() -> Evidence:
    x0, v = _minimum("silu")
    return verdict_if(v < -0.1, f"Swish/SiLU is bounded below: its minimum is {v:.6f} at x = {x0:.6f}.",
                      {"argmin": x0, "min": v}, yes="wrong", no="correct")


@claim("softmax-range-000", "000", "Softmax … (0,1), sum=1", "range", f"{CAT}/softmax")
def _() -> Evidence:
    z = np.random.default_rng(0).normal(scale=5, size=(200, 6))
    p = f("softmax")(z, axis=-1)
    sums = float(np.max(np.abs(p.sum(axis=1) - 1)))
    tiny = f("softmax")(np.array([0.0, -800.0]))
    return verdict_if(sums < 1e-14 and bool(np.all(p > 0)),
                      f"Rows sum to 1 within {sums:.0e} and every share is positive; in float64 a share can "
                      f"round to exactly 0 (softmax(0, −800) = {tiny.tolist()}), so (0, 1) is exact only "
                      "mathematically.", {"sum_err": sums})


# -- 001: the 12 types article ------------------------------------------------------------------

@claim("binary-step-definition", "001", "f(x) = 0 for x < 0, 1 for x ≥ 0", "formula", f"{CAT}/linear-and-step")
def _() -> Evidence:
    y = f("binary_step")(np.array([-1e-300, 0.0, -0.0, 2.0]))
    return verdict_if(y.tolist() == [0.0, 1.0, 1.0, 1.0], f"actfuncs' binary_step gives {y.tolist()} at "
                      "(−1e−300, 0, −0, 2): step up at 0 with value 1 there, as stated.", {"values": y.tolist()})


@claim("binary-step-gradient", "001", "The gradient of the step function is zero", "derivative",
       f"{CAT}/linear-and-step")
def _() -> Evidence:
    g = f("binary_step").grad(np.array([-3.0, -1e-9, 1e-9, 3.0]))
    jump = float(f("binary_step")(0.0) - f("binary_step")(-1e-300))
    return verdict_if(bool(np.all(g == 0)) and jump == 1.0,
                      f"Zero everywhere except at 0, where the function jumps by {jump:g} and has no derivative "
                      "at all; either way no useful gradient reaches the weights.", {"jump": jump},
                      yes="imprecise")


@claim("binary-step-multiclass", "001", "It cannot provide multi-value outputs", "range", f"{CAT}/linear-and-step")
def _() -> Evidence:
    vals = np.unique(f("binary_step")(grid(-50, 50, 10001)))
    return verdict_if(vals.tolist() == [0.0, 1.0], f"Its outputs are only {vals.tolist()}.",
                      {"values": vals.tolist()})


@claim("linear-no-backprop", "001", "It's not possible to use backpropagation as the derivative of the "
       "function is a constant", "training", f"{FOUND}/linearity-trap")
def _() -> Evidence:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.3
    w, b = np.zeros(3), 0.0
    loss0 = float(np.mean((X @ w + b - y) ** 2))
    for _ in range(200):  # gradient descent through a linear activation (derivative 1)
        r = X @ w + b - y
        w -= 0.1 * 2 * X.T @ r / len(y)
        b -= 0.1 * 2 * r.mean()
    loss = float(np.mean((X @ w + b - y) ** 2))
    return verdict_if(loss < 1e-6 * loss0, f"A constant derivative is no obstacle: gradient descent through "
                      f"a linear unit drives the squared error from {loss0:.2f} to {loss:.1e} in 200 steps. "
                      "The real problem is that stacked linear layers collapse into one.",
                      {"loss0": loss0, "loss": loss}, yes="wrong", no="correct")


@claim("sigmoid-range-001", "001", "This function takes any real value as input and outputs values in the "
       "range of 0 to 1", "range", f"{CAT}/sigmoidal")
def _() -> Evidence:
    ok, got = _range_claim("sigmoid", 0, 1)
    return verdict_if(ok, f"Computed range [{got[0]:.3g}, {got[1]:.3g}] (open interval mathematically; "
                      "float64 rounds σ(z) to 1 for z > 36.7).", {"range": list(got)})


@claim("sigmoid-significant-range", "001", "the gradient values are only significant for range -3 to 3",
       "derivative", f"{CAT}/sigmoidal")
def _() -> Evidence:
    g = f("sigmoid").grad
    rel = float(g(3.0) / g(0.0))
    return verdict_if(0.1 < rel < 0.3, f"σ′(3) is {rel:.1%} of σ′(0): small but not negligible; the cut-off "
                      "at ±3 is a rule of thumb, not a property of the function.",
                      {"relative_grad_at_3": rel}, yes="imprecise")


@claim("tanh-steeper", "001", "the gradient of the tanh function is much steeper as compared to the sigmoid",
       "derivative", f"{CAT}/sigmoidal")
def _() -> Evidence:
    t, s = f("tanh").grad, f("sigmoid").grad
    r0, r5 = float(t(0.0) / s(0.0)), float(t(5.0) / s(5.0))
    return verdict_if(r0 > 1 > r5, f"Near 0 yes (tanh′/σ′ = {r0:g} at 0), but at z = 5 the ratio is {r5:.3f}: "
                      "tanh's gradient is the smaller one in its tails.", {"ratio0": r0, "ratio5": r5},
                      yes="imprecise")


@claim("relu-derivative-001", "001", "f′(x) = 1, x ≥ 0; = 0, x < 0", "derivative", f"{CAT}/rectifiers")
def _() -> Evidence:
    at0 = float(f("relu").grad(0.0))
    return verdict_if(at0 == 0.0, "Away from 0 right; at 0 the derivative does not exist. This source takes 1 "
                      f"there, source 000 takes 0 (as actfuncs and PyTorch do: ReLU′(0) = {at0:g}); both are "
                      "conventions, so neither is wrong, but the sources disagree.", {"grad_at_0": at0},
                      yes="imprecise")


@claim("leaky-slope-mismatch", "001", "f(x) = max(0.1x, x) … f′(x) = 0.01, x < 0", "derivative",
       f"{CAT}/rectifiers")
def _() -> Evidence:
    x = -2.0
    slope = (max(0.1 * (x + 1e-6), x + 1e-6) - max(0.1 * (x - 1e-6), x - 1e-6)) / 2e-6
    return verdict_if(abs(slope - 0.01) > 1e-3, f"The function and the derivative do not match: the slope of "
                      f"max(0.1x, x) at x = −2 is {slope:.4f}, not 0.01. Either α = 0.1 or α = 0.01, "
                      "not both.", {"slope": slope}, yes="wrong", no="correct")


@claim("prelu-max-form-001", "001", "f(x) = max(ax, x)", "formula", f"{CAT}/rectifiers")
def _() -> Evidence:
    a = 1.5
    bad = float(max(a * 2.0, 2.0) - f("prelu", alpha=a)(2.0))
    return verdict_if(bad != 0, f"Holds only for a ≤ 1: with a learned a = {a:g}, max(ax, x) at x = 2 exceeds "
                      f"PReLU(2) = 2 by {bad:g}.", {"excess": bad}, yes="imprecise")


@claim("elu-log-curve", "001", "ELU uses a log curve to define the negative values", "formula",
       f"{CAT}/exponential")
def _() -> Evidence:
    x = np.linspace(-5, -0.1, 50)
    logs = np.log(f("elu")(x) + 1.0)  # log(ELU + α) is linear in x: the curve is exponential
    err = max_diff(logs, x)
    return verdict_if(err < 1e-12, f"It is an exponential curve: log(ELU(x) + α) = x + log α exactly "
                      f"(max deviation {err:.1e} for α = 1).", {"err": err}, yes="wrong", no="correct")


@claim("elu-reaches-alpha", "001", "ELU becomes smooth slowly until its output equal to −α", "range",
       f"{CAT}/exponential")
def _() -> Evidence:
    gap = float(reference.evaluate("elu", "fn", -30.0) + 1)
    return verdict_if(gap > 0, f"ELU approaches −α but never equals it: ELU(−30) + 1 = {gap:.2e} in mpmath "
                      "(float64 rounds it to −1).", {"gap": gap}, yes="imprecise")


@claim("elu-exploding", "001", "[ELU limitations:] Exploding gradient problem", "derivative",
       f"{CAT}/exponential")
def _() -> Evidence:
    g = f("elu").grad(grid(-40, 40))
    return verdict_if(float(g.max()) <= 1.0, f"ELU′ never exceeds {float(g.max()):g} for α = 1 (it is "
                      "αeˣ ≤ α on the left, 1 on the right), so ELU itself cannot make gradients grow; "
                      "explosion comes from weights and depth.", {"max_grad": float(g.max())},
                      yes="wrong", no="correct")


@claim("elu-derivative", "001", "ELU′(x) = f(x) + α for x < 0", "derivative", f"{CAT}/exponential")
def _() -> Evidence:
    x = np.linspace(-10, -1e-3, 1000)
    e = f("elu", alpha=1.5)
    err = max_diff(e.grad(x), e(x) + 1.5)
    return verdict_if(err < 1e-14, f"α eˣ = α(eˣ − 1) + α; max difference {err:.1e} for α = 1.5.",
                      {"max_abs_diff": err})


@claim("softmax-example", "001", "[1.8, 0.9, 0.68] … will result in [0.58, 0.23, 0.19]", "numeric",
       f"{CAT}/softmax")
def _() -> Evidence:
    p = f("softmax")(np.array([1.8, 0.9, 0.68]))
    ok = bool(np.all(np.round(p, 2) == [0.58, 0.23, 0.19]))
    return verdict_if(ok, "softmax gives " + ", ".join(f"{v:.4f}" for v in p) + ", which rounds to the "
                      "source's numbers.", {"probs": [float(v) for v in p]})


@claim("softmax-one-hot", "001", "The function returns 1 for the largest probability index while it "
       "returns 0 for the other two", "formula", f"{CAT}/softmax")
def _() -> Evidence:
    p = f("softmax")(np.array([1.8, 0.9, 0.68]))
    return verdict_if(float(p.min()) > 0.1, f"That is argmax. softmax keeps every class: the smallest share "
                      f"here is {float(p.min()):.4f}, not 0, and the largest {float(p.max()):.4f}, not 1. "
                      "The article contradicts its own numbers one sentence earlier.",
                      {"min": float(p.min()), "max": float(p.max())}, yes="wrong", no="correct")


@claim("softmax-sum-to-one", "001", "0.8, 0.9, 0.7, 0.8, and 0.6 … don't make sense as the sum of all the "
       "classes/output probabilities should be equal to 1", "numeric", f"{CAT}/softmax")
def _() -> Evidence:
    s = float(np.sum([0.8, 0.9, 0.7, 0.8, 0.6]))
    return verdict_if(abs(s - 1) > 0.5, f"They sum to {s:.1f}, but that is only a problem for mutually "
                      "exclusive classes; for multi-label outputs (which the same article assigns to sigmoid) "
                      "independent probabilities need not sum to 1.", {"sum": s}, yes="imprecise")


@claim("softmax-of-sigmoids", "001", "the Softmax function is described as a combination of multiple sigmoids",
       "identity", f"{CAT}/softmax")
def _() -> Evidence:
    a, b = 1.3, -0.4
    two = abs(float(f("softmax")(np.array([a, b]))[0]) - float(f("sigmoid")(a - b)))
    z = np.array([1.0, 0.5, -0.2])
    prod = f("sigmoid")(z) / f("sigmoid")(z).sum()
    three = max_diff(prod, f("softmax")(z))
    return verdict_if(two < 1e-15 and three > 1e-3,
                      f"Only for two classes: softmax(a, b)₁ = σ(a − b) (difference {two:.0e}). With three, "
                      f"normalised sigmoids differ from softmax by {three:.3f}.", {"two": two, "three": three},
                      yes="imprecise")


@claim("swish-bounded-below", "001", "This function is bounded below but unbounded above", "range",
       f"{CAT}/smooth")
def _() -> Evidence:
    x0, v = _minimum("silu")
    lo, hi = properties.limits("silu")
    return verdict_if(v > -1 and np.isinf(hi), f"Minimum {v:.6f} at x = {x0:.4f}; limits {lo:g} and {hi:g}. "
                      "This source is right and source 000's table, which gives (−∞, ∞), is not.",
                      {"min": v})


@claim("swish-non-monotonic", "001", "The swish function being non-monotonous", "formula", f"{CAT}/smooth")
def _() -> Evidence:
    mono = properties.is_monotonic("silu", n=20_001)
    x0, _v = _minimum("silu")
    return verdict_if(not mono, f"Swish decreases on (−∞, {x0:.4f}) and increases after it.",
                      {"argmin": x0})


@claim("gelu-bernoulli", "001", "We multiply the neuron input x by m ∼ Bernoulli(Φ(x))", "identity",
       f"{CAT}/smooth")
def _() -> Evidence:
    rng = np.random.default_rng(0)
    x = np.array([-1.5, -0.3, 0.4, 2.0])
    m = rng.random((200_000, 4)) < f("gelu")(x) / x  # Φ(x) = GELU(x)/x
    est = (x * m).mean(axis=0)
    err = max_diff(est, f("gelu")(x))
    return verdict_if(err < 0.01, f"GELU is the expectation of that stochastic mask: a Monte Carlo mean of x·m "
                      f"over 200 000 draws matches x·Φ(x) within {err:.4f}.", {"err": err})


@claim("gelu-tanh-equals", "001", "x Φ(x) = 0.5x(1 + tanh[√(2/π)(x + 0.044715x³)])", "formula",
       f"{CAT}/smooth")
def _() -> Evidence:
    d = max_diff(f("gelu")(grid(-10, 10, 20001)), f("gelu_tanh")(grid(-10, 10, 20001)))
    return verdict_if(d > 1e-6, f"Written as an equality, but it is an approximation (largest difference "
                      f"{d:.1e}); source 000 writes ≈ and is right.", {"max_abs_diff": d}, yes="imprecise")


@claim("selu-formula-001", "001", "f(α, x) = λ{α(eˣ − 1) for x < 0; x for x ≥ 0}", "formula", f"{CAT}/exponential")
def _() -> Evidence:
    lam, al = float(reference.SELU_LAMBDA), float(reference.SELU_ALPHA)
    x = np.array([-3.0, -0.5, 0.0, 2.0])
    src = lam * np.where(x < 0, al * np.expm1(np.minimum(x, 0)), x)
    err = max_diff(src, f("selu")(x))
    return verdict_if(err < 1e-15, f"With λ = {lam:.4f}, α = {al:.4f} the formula matches actfuncs' selu "
                      f"(difference {err:.0e}).", {"err": err})


@claim("selu-slope-above-one", "001", "The activation function needs a region with a gradient larger than one "
       "to increase [the variance]", "derivative", f"{CAT}/exponential")
def _() -> Evidence:
    g = float(f("selu").grad(1.0))
    return verdict_if(g > 1, f"SELU has it: its slope for x > 0 is λ = {g:.4f} > 1 (the SELU paper's condition).",
                      {"slope": g})


@claim("exploding-nan", "001", "The values of the weights can also become so large as to overflow and result "
       "in something called NaN values", "numeric", f"{FOUND}/gradient-pathologies")
def _() -> Evidence:
    from actfuncs.claims._core import quiet

    w = np.array([1e200])
    out, caught = quiet(lambda: (w * w) - (w * w))
    return verdict_if(bool(np.isnan(out[0])), f"Overflow gives inf first (1e200² = inf), and inf − inf gives "
                      f"{out[0]}: NaN follows one operation later ({', '.join(caught)}).", {"warnings": caught},
                      yes="imprecise")


# -- 002: the Q&A page ---------------------------------------------------------------------------

@claim("relu-definition-002", "002", "f(x) = max(0, x) … if it's negative or zero, it outputs zero", "formula",
       f"{CAT}/rectifiers")
def _() -> Evidence:
    y = f("relu")(np.array([-2.0, 0.0, 3.0]))
    return verdict_if(y.tolist() == [0.0, 0.0, 3.0], f"ReLU(−2, 0, 3) = {y.tolist()}.", {"values": y.tolist()})


@claim("linear-2x-collapse", "002", "f(x) = 2x … No matter how many layers you stack, the network can't "
       "capture complex patterns", "identity", f"{FOUND}/linearity-trap")
def _() -> Evidence:
    r = __import__("actfuncs.claims._runs", fromlist=["xor"]).xor()
    return verdict_if(r.deep_linear_accuracy <= 0.75 and r.nonlinear_accuracy == 1.0,
                      f"On XOR a deep linear network reaches {r.deep_linear_accuracy:.0%} accuracy (any linear "
                      f"model is at most 75%); one tanh hidden layer reaches {r.nonlinear_accuracy:.0%}.",
                      {"deep_linear": r.deep_linear_accuracy, "nonlinear": r.nonlinear_accuracy})


@claim("swish-beta", "002", "f(x) = x·σ(βx), where … β is a learnable parameter, often set to 1", "formula",
       f"{CAT}/smooth")
def _() -> Evidence:
    x = np.linspace(-4, 4, 81)
    half = max_diff(f("silu", beta=1e-9)(x), x / 2)
    relu = max_diff(f("silu", beta=50.0)(x), f("relu")(x))
    return verdict_if(half < 1e-8 and relu < 0.01,
                      f"β interpolates: β → 0 gives x/2 (β = 1e−9: difference {half:.0e}), β = 50 is within "
                      f"{relu:.4f} of ReLU, β = 1 is SiLU (actfuncs' default).", {"relu_gap": relu})


@claim("mish-smooth", "002", "[Mish] doesn't have the sharp edges that ReLU has", "formula", f"{CAT}/mish-hard-swish")
def _() -> Evidence:
    h = 1e-6

    def slopes(fn):  # one-sided difference quotients at 0, from the function values only
        return float((fn(h) - fn(0.0)) / h), float((fn(0.0) - fn(-h)) / h)

    jumps = {n: slopes(f(n))[0] - slopes(f(n))[1] for n in ("mish", "relu")}
    curv = float(reference.evaluate("mish", "grad2", 1e-9) - reference.evaluate("mish", "grad2", -1e-9))
    return verdict_if(abs(jumps["relu"] - 1) < 1e-9 and abs(jumps["mish"]) < 1e-5 and abs(curv) < 1e-6,
                      f"Across 0, ReLU's slope jumps by {jumps['relu']:.3g} (a kink); Mish's one-sided slopes differ "
                      f"by {jumps['mish']:.1e} (→ 0 with the step) and its mpmath second derivative by {curv:.0e}: "
                      "Mish is infinitely differentiable.", {"jumps": jumps})


@claim("leaf-definition", "002", "LEAF … defined as f(x) = max(0, x) + α min(0, x)", "formula",
       f"{CAT}/learnable")
def _() -> Evidence:
    x = np.linspace(-4, 4, 801)
    err_tanh = max_diff(f("leaf", p1=0.0, p2=2.0, p3=2.0, p4=-1.0)(x), np.tanh(x))
    return verdict_if(err_tanh < 1e-14, "That formula is PReLU. LEAF (Bodyanskiy & Kostiuk, 2023) is "
                      f"(p₁x + p₂)σ(p₃x) + p₄; with (0, 2, 2, −1) it reproduces tanh to {err_tanh:.1e}, "
                      "which no PReLU can.", {"max_abs_diff_tanh": err_tanh}, yes="wrong", no="correct")


@claim("leaf-name", "002", "LEAF, or Learnable Efficient Activation Function", "formula", f"{CAT}/learnable")
def _() -> Evidence:
    title = "Learnable Extended Activation Function for Deep Neural Networks"
    # LEAF with p = (1, 0, 1, 0) is SiLU, with (1, 0, β, 0) Swish-β: an extension, not a ReLU variant
    x = np.linspace(-5, 5, 101)
    err = max_diff(f("leaf")(x), f("silu")(x))
    return verdict_if(err < 1e-15, f"The paper's title is “{title}” (E for Extended). Its default parameters "
                      f"give SiLU exactly (difference {err:.0e}).", {"err": err}, yes="wrong")


@claim("kan-description", "002", "Instead of using traditional neurons, KAN uses a series of simple functions to "
       "build up complex patterns", "formula", f"{CAT}/learnable")
def _() -> Evidence:
    x = np.linspace(-2, 2, 41)
    base = max_diff(f("kan_spline", w_b=1.0, w_s=1.0, coef=0.0)(x), f("silu")(x))
    return verdict_if(base < 1e-14, "Vague: a KAN layer puts one learnable univariate function on every edge "
                      f"(a B-spline of degree {reference.KAN_DEGREE} plus a SiLU base, Liu et al. 2024) and sums "
                      f"them at nodes. With zero spline coefficients actfuncs' edge function is the base SiLU "
                      f"(difference {base:.0e}).", {"err": base}, yes="imprecise")


@claim("selu-constants", "002", "α and λ are constants chosen to keep the network's outputs in a range that "
       "helps prevent the gradients from getting too small", "formula", f"{CAT}/exponential")
def _() -> Evidence:
    from actfuncs.functions.exponential import SELU_ALPHA, SELU_LAMBDA

    # the fixed point: for z ~ N(0, 1), E[selu(z)] = 0 and E[selu(z)^2] = 1
    with mpmath.workdps(30):
        lam, al = mpmath.mpf(reference.SELU_LAMBDA), mpmath.mpf(reference.SELU_ALPHA)

        def selu(z):
            return lam * (z if z > 0 else al * mpmath.expm1(z))

        mean = mpmath.quad(lambda z: selu(z) * mpmath.npdf(z), [-mpmath.inf, 0, mpmath.inf])
        sq = mpmath.quad(lambda z: selu(z) ** 2 * mpmath.npdf(z), [-mpmath.inf, 0, mpmath.inf])
    m, v = float(mean), float(sq)
    return verdict_if(abs(m) < 1e-12 and abs(v - 1) < 1e-12,
                      f"λ = {SELU_LAMBDA!r} and α = {SELU_ALPHA!r} make mean 0 and variance 1 a fixed point for "
                      f"standard-normal inputs (mpmath: E = {m:.1e}, E[·²] − 1 = {v - 1:.1e}); 'a range' "
                      "understates that exact condition.", {"mean": m, "second_moment": v}, yes="imprecise")


# -- 003: the snippets post ----------------------------------------------------------------------

@claim("tanh-formula-003", "003", "tanh(x) = 2/(1 + e^−2x) − 1; Range: (−1, 1)", "formula", f"{CAT}/sigmoidal")
def _() -> Evidence:
    err = _mp_formula(lambda x: 2 / (1 + mpmath.exp(-2 * x)) - 1, "tanh")
    ok, got = _range_claim("tanh", -1, 1)
    return verdict_if(err < 1e-12 and ok, f"Matches the reference (relative difference {err:.0e}); range "
                      f"[{got[0]:g}, {got[1]:g}].", {"err": err})


@claim("leaky-range-003", "003", "[Leaky ReLU] Range: (−∞, ∞)", "range", f"{CAT}/rectifiers")
def _() -> Evidence:
    ok, got = _range_claim("leaky_relu", -np.inf, np.inf)
    return verdict_if(ok, f"Limits {got[0]:g} and {got[1]:g}.", {"range": list(got)})


@claim("derivative-ranges", "003", "Sigmoid: 0 to 0.25; Tanh: 0 to 1; ReLU: 0 to 1; Leaky ReLU: α to 1",
       "derivative", f"{CAT}/overview")
def _() -> Evidence:
    x = grid(-40, 40)
    found = {}
    for name in ("sigmoid", "tanh", "relu", "leaky_relu"):
        g = f(name).grad(x)
        found[name] = (float(g.min()), float(g.max()))
    ok = (found["sigmoid"][1] == 0.25 and found["tanh"][1] == 1.0 and found["relu"] == (0.0, 1.0)
          and found["leaky_relu"] == (0.01, 1.0))
    return verdict_if(ok, "Measured on [−40, 40]: " + "; ".join(
        f"{k} ∈ [{lo:.3g}, {hi:.3g}]" for k, (lo, hi) in found.items()), {k: list(v) for k, v in found.items()})


@claim("elu-range", "003", "ELU … Range: (−α, ∞)", "range", f"{CAT}/exponential")
def _() -> Evidence:
    y = f("elu")(np.array([-1.0, -5.0, -20.0]))
    ok = bool(np.all(np.diff(y) < 0) and np.all(y > -1.0))
    return verdict_if(ok, "ELU decreases towards −α without reaching it: ELU(−1), ELU(−5), ELU(−20) = "
                      + ", ".join(f"{v:.9f}" for v in y) + " (α = 1).", {"values": [float(v) for v in y]})


@claim("elu-negative-vanishing", "003", "[ELU] Overcomes the vanishing gradient problem for negative inputs by "
       "having non-zero outputs", "derivative", f"{CAT}/exponential")
def _() -> Evidence:
    g = float(f("elu").grad(-10.0))
    return verdict_if(0 < g < 1e-3, f"Near 0 it helps (ELU′ > 0 where ReLU′ = 0), but ELU saturates on the left: "
                      f"ELU′(−10) = {g:.1e}. Its negative-side gradient vanishes exponentially.",
                      {"grad_-10": g}, yes="imprecise")


@claim("swish-range-003", "003", "Swish … Range: (−0.28, ∞)", "range", f"{CAT}/smooth")
def _() -> Evidence:
    x0, v = _minimum("silu")
    return verdict_if(abs(v + 0.28) < 0.005, f"The minimum is {v:.6f} (at x = {x0:.6f}); −0.28 is its rounded "
                      "value (the minimum is attained, so [−0.278…, ∞)). Source 003 is right here and source "
                      "000's table is not.", {"min": v})


@claim("gelu-range-003", "003", "[GELU] Range: (−∞, ∞)", "range", f"{CAT}/smooth")
def _() -> Evidence:
    x0, v = _minimum("gelu")
    return verdict_if(v < -0.1, f"Wrong as in source 000: GELU ≥ {v:.5f} (minimum at x = {x0:.4f}).",
                      {"min": v}, yes="wrong", no="correct")


@claim("softmax-large-logits", "003", "[Softmax] May lead to problems when dealing with large logits, causing "
       "numerical instability", "numeric", f"{CAT}/softmax")
def _() -> Evidence:
    p = f("softmax")(np.array([1000.0, 0.0]))
    return verdict_if(bool(np.all(np.isfinite(p))), f"Only the unshifted formula does; with the max subtracted "
                      f"(as the post's own code does) softmax(1000, 0) = {p.tolist()}, finite and exact.",
                      {"p": p.tolist()}, yes="imprecise")


@claim("sigmoid-vanishing-003", "003", "For very large or very small input values, the gradient of the sigmoid "
       "function becomes very small (close to zero)", "derivative", f"{FOUND}/gradient-pathologies")
def _() -> Evidence:
    g = float(f("sigmoid").grad(10.0))
    return verdict_if(g < 1e-4, f"σ′(±10) = {g:.2e}, about 1/5500 of its peak.", {"grad_10": g})


contradiction("Swish's range", "swish-range", "swish-bounded-below", "swish-range-003",
              right="001 and 003: Swish has a global minimum of about −0.278; 000's (−∞, ∞) is wrong.")
contradiction("ReLU′ at 0", "relu-derivative-at-0", "relu-derivative-001",
              right="Neither strictly: ReLU has no derivative at 0. 000's value 0 is the usual convention "
              "(PyTorch, actfuncs).")
contradiction("GELU's tanh form", "gelu-tanh-approx", "gelu-tanh-equals",
              right="000: it is an approximation (≈), off by up to about 5e−4, not an equality.")
contradiction("Leaky ReLU's slope", "leaky-alpha-001", "leaky-slope-mismatch",
              right="000 (α = 0.01, the common default); 001 writes max(0.1x, x) but a derivative of 0.01.")
contradiction("Softmax outputs: shares or one-hot (001 with itself)", "softmax-example", "softmax-one-hot",
              right="The numeric example: softmax gives shares; the one-hot output is argmax.")


@claim("linear-model-003", "003", "Without activation functions, a neural network would be equivalent to a linear model, regardless of the number of layers",
       "identity", f"{FOUND}/why-nonlinearity")
def _() -> Evidence:
    from actfuncs.experiments.linearity import linear_collapse

    r = linear_collapse(depth=6)
    return verdict_if(r.max_abs_error < 1e-10, f"A random 6-layer network without activations equals one affine map "
                      f"(W, b) to {r.max_abs_error:.1e} on 100 inputs.", {"err": r.max_abs_error})


@claim("sigmoid-003", "003", "σ(x) = 1/(1+e^−x); Range: (0, 1)", "formula", f"{CAT}/sigmoidal")
def _() -> Evidence:
    err = _mp_formula(lambda x: 1 / (1 + mpmath.exp(-x)), "sigmoid")
    lo, hi = float(reference.evaluate("sigmoid", "fn", -700.0)), float(reference.evaluate("sigmoid", "fn", 30.0))
    return verdict_if(err < 1e-12 and 0 < lo and hi < 1, f"Matches the reference (relative difference {err:.0e}); "
                      f"values stay strictly inside (0, 1) in exact arithmetic (σ(−700) = {lo:.1e}).", {"err": err})


@claim("prelu-003", "003", "f(x) = max(αx, x) where α is learned during training", "formula", f"{CAT}/rectifiers")
def _() -> Evidence:
    a = 3.0
    differs = float(max(a * 1.0, 1.0) - f("prelu", alpha=a)(1.0))
    return verdict_if(differs != 0, f"As in sources 000 and 001, the max form equals PReLU only while α ≤ 1; a learned "
                      f"α = {a:g} makes max(αx, x) exceed PReLU(1) = 1 by {differs:g}. Nothing in training keeps α ≤ 1.",
                      {"excess": differs}, yes="imprecise")


@claim("prelu-derivative-range", "003", "PReLU: Ranges from α to 1", "derivative", f"{CAT}/rectifiers")
def _() -> Evidence:
    lo_hi = {a: (float(f("prelu", alpha=a).grad(-1.0)), float(f("prelu", alpha=a).grad(1.0))) for a in (0.25, 1.5, -0.5)}
    return verdict_if(lo_hi[1.5] == (1.5, 1.0), "True for 0 ≤ α ≤ 1 (α = 0.25: slopes " f"{lo_hi[0.25]}); a learned α "
                      f"can leave that interval (α = 1.5: {lo_hi[1.5]}, α = −0.5: {lo_hi[-0.5]}), so the range is "
                      "{α, 1} in either order.", {str(k): v for k, v in lo_hi.items()}, yes="imprecise")


@claim("sigmoid-tanh-002", "002", "[Sigmoid] squashes its input into a range between 0 and 1 … [Tanh] between -1 and 1",
       "range", f"{CAT}/sigmoidal")
def _() -> Evidence:
    ok_s, s = _range_claim("sigmoid", 0, 1)
    ok_t, t = _range_claim("tanh", -1, 1)
    return verdict_if(ok_s and ok_t, f"Computed ranges: sigmoid [{s[0]:g}, {s[1]:g}], tanh [{t[0]:g}, {t[1]:g}] "
                      "(open intervals mathematically).", {"sigmoid": list(s), "tanh": list(t)})


@claim("gelu-definition-002", "002", "f(x) = x·Φ(x), where Φ(x) is the cumulative distribution function of the standard normal distribution",
       "formula", f"{CAT}/smooth")
def _() -> Evidence:
    err = _mp_formula(lambda x: x * mpmath.erfc(-x / mpmath.sqrt(2)) / 2, "gelu")
    return verdict_if(err < 1e-12, f"Φ(x) = erfc(−x/√2)/2, and x·Φ(x) in mpmath matches the reference GELU (relative difference "
                      f"{err:.0e}).", {"err": err})
