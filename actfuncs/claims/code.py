# ruff: noqa: E501  (claim quotes and evidence sentences are data: long lines keep them greppable)
"""Claims about hand-written code (source 004's module and source 003's snippets).

Each check re-creates the defect in a minimal snippet of the package's own (never the source's
code) and shows the input that exposes it, next to the package's stable kernel.
"""

from __future__ import annotations

import numpy as np

from actfuncs.claims._core import Evidence, claim, f, max_diff, quiet, verdict_if

DBG = "chapters/debugging/handwritten-code"


@claim("clip-sigmoid", "004", "The _clip helper prevents numerical overflow in functions like sigmoid and "
       "softplus", "code", DBG)
def _() -> Evidence:
    def clipped_sigmoid(z: np.ndarray) -> np.ndarray:  # the same defect, our own code
        return 1 / (1 + np.exp(-np.clip(z, -500, 500)))

    z = np.array([-1000.0])
    naive, _w = quiet(lambda: clipped_sigmoid(z))
    exact = f("sigmoid")(z)
    return verdict_if(float(naive[0]) != float(exact[0]),
                      f"Clipping changes results instead of preventing overflow: at z = −1000 it returns "
                      f"{float(naive[0]):.3e}, while σ(−1000) ≈ 5e−435 rounds to {float(exact[0])!r}. A stable "
                      "formula needs no clip.", {"clipped": float(naive[0]), "exact": float(exact[0])},
                      yes="wrong", no="correct")


@claim("clip-softplus", "004", "softplus: z = _clip(z); np.log1p(np.exp(z))", "code", DBG)
def _() -> Evidence:
    z = np.array([1000.0])
    naive = np.log1p(np.exp(np.clip(z, -500, 500)))
    exact = f("softplus")(z)
    return verdict_if(float(naive[0]) != float(exact[0]),
                      f"softplus(1000) should be 1000; the clipped version returns {float(naive[0])!r}.",
                      {"clipped": float(naive[0]), "exact": float(exact[0])}, yes="wrong", no="correct")


@claim("sigmoid-deriv-s1ms", "004", "sigmoid_deriv: s * (1 - s)", "code", DBG)
def _() -> Evidence:
    z = np.array([40.0])
    s = f("sigmoid")(z)
    naive = s * (1 - s)
    exact = f("sigmoid").grad(z)
    return verdict_if(float(naive[0]) == 0.0 < float(exact[0]),
                      f"At z = 40, s(1 − s) = {float(naive[0])!r} but σ′(40) = {float(exact[0]):.4e}: 1 − s "
                      "rounds to 0 once s rounds to 1 (z ≳ 36.7), and loses digits long before.",
                      {"naive": float(naive[0]), "exact": float(exact[0])}, yes="wrong", no="correct")


@claim("tanh-deriv-1mt2", "004", "tanh_deriv: 1 - t**2", "code", DBG)
def _() -> Evidence:
    z = np.array([20.0])
    naive = 1 - np.tanh(z) ** 2
    exact = f("tanh").grad(z)
    return verdict_if(float(naive[0]) == 0.0 < float(exact[0]),
                      f"At z = 20, 1 − tanh² = {float(naive[0])!r} while sech²(20) = {float(exact[0]):.4e}: "
                      "100% relative error once tanh rounds to 1.", {"naive": float(naive[0]),
                                                                      "exact": float(exact[0])},
                      yes="wrong", no="correct")


@claim("relu-nan", "004", "relu_deriv: (z > 0).astype(float)", "code", DBG)
def _() -> Evidence:
    z = np.array([np.nan, 0.0, 2.0])
    naive = (z > 0).astype(float)
    pkg = f("relu").grad(z)
    return verdict_if(naive[0] == 0 and bool(np.isnan(pkg[0])),
                      f"Right for numbers (0 at z = 0 by convention), but a NaN input gives derivative "
                      f"{naive[0]:g}, silently hiding the NaN; actfuncs returns {pkg[0]}.",
                      {"naive": naive.tolist()}, yes="imprecise")


@claim("relu-maximum", "004", "relu: np.maximum(0, z)", "code", DBG)
def _() -> Evidence:
    z = np.array([np.nan, -1.0, 3.0], dtype=np.float32)
    out = np.maximum(0, z)
    ok = bool(np.isnan(out[0])) and out.dtype == np.float32 and max_diff(out[1:], f("relu")(z)[1:]) == 0
    return verdict_if(ok, f"Correct: NaN propagates, dtype stays {out.dtype}, values match actfuncs.", {})


@claim("elu-exp-minus-one", "004", "elu: np.where(z >= 0, z, alpha * (np.exp(z) - 1))", "code", DBG)
def _() -> Evidence:
    z = np.array([-1e-10, 1000.0])
    naive, caught = quiet(lambda: np.where(z >= 0, z, np.exp(z) - 1))
    exact = f("elu")(z)
    rel = float(abs(naive[0] - exact[0]) / abs(exact[0]))
    return verdict_if(rel > 1e-9 and bool(caught),
                      f"exp(z) − 1 loses digits near 0 (relative error {rel:.1e} at z = −1e−10; expm1 is exact) "
                      f"and np.where evaluates exp on every input, so z = 1000 raises: {', '.join(caught)}.",
                      {"relative_error": rel, "warnings": caught}, yes="wrong", no="correct")


@claim("elu-deriv-overflow", "004", "elu_deriv: np.where(z >= 0, 1, alpha * np.exp(z))", "code", DBG)
def _() -> Evidence:
    z = np.array([-1.0, 800.0])
    out, caught = quiet(lambda: np.where(z >= 0, 1, np.exp(z)))
    ok = max_diff(out, f("elu").grad(z)) == 0
    return verdict_if(ok and bool(caught), f"The values are right, but exp is evaluated on the positive inputs "
                      f"too and overflows there ({', '.join(caught)}), which fails under warnings-as-errors.",
                      {"warnings": caught}, yes="imprecise")


@claim("softplus-deriv-sigmoid", "004", "softplus_deriv: return sigmoid(z)", "code", DBG)
def _() -> Evidence:
    x = np.linspace(-30, 30, 601)
    err = max_diff(f("softplus").grad(x), f("sigmoid")(x))
    return verdict_if(err < 1e-15, f"Correct: d/dz log(1 + eᶻ) = σ(z) (difference {err:.0e}).", {"err": err})


@claim("softmax-no-axis", "004", "softmax: shift = z - np.max(z) … / np.sum(exp_vals)", "code", DBG)
def _() -> Evidence:
    batch = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    e = np.exp(batch - batch.max())
    naive_rows = (e / e.sum()).sum(axis=1)
    good_rows = f("softmax")(batch, axis=-1).sum(axis=1)
    return verdict_if(max_diff(naive_rows, good_rows) > 0.1,
                      "Without an axis, a batch is normalised as one vector: the rows of a 2×3 batch sum to "
                      f"{naive_rows.round(4).tolist()} instead of {good_rows.round(4).tolist()}.",
                      {"naive_row_sums": naive_rows.tolist()}, yes="wrong", no="correct")


@claim("softmax-deriv-placeholder", "004", "softmax_deriv: return s  # placeholder", "code", DBG)
def _() -> Evidence:
    x = np.array([0.5, -1.0, 2.0])
    sm = f("softmax")
    err = float(np.max(np.abs(np.diag(sm.jacobian(x)) - sm(x))))
    return verdict_if(err > 0.1, "The derivative of softmax is the matrix diag(s) − s sᵀ, not s: even its diagonal "
                      f"s(1 − s) differs from s by up to {err:.3f} here.", {"max_diff": err},
                      yes="wrong", no="correct")


@claim("softmax-example-004", "004", "z = [2.0, 1.0, 0.1] softmax(z) → [0.65, 0.24, 0.11]", "numeric", DBG)
def _() -> Evidence:
    p = f("softmax")(np.array([2.0, 1.0, 0.1]))
    r = np.round(p, 2)
    return verdict_if(r.tolist() != [0.65, 0.24, 0.11], f"softmax gives {', '.join(f'{v:.4f}' for v in p)}, which "
                      f"rounds to {r.tolist()}: the first entry is truncated and the last rounded the wrong way.",
                      {"probs": p.tolist()}, yes="imprecise")


@claim("softmax-ce-gradient", "004", "The derivative is a Jacobian, but in practice the loss simplifies it",
       "derivative", "chapters/catalog/softmax")
def _() -> Evidence:
    z, y = np.array([0.2, -1.0, 1.5, 0.3]), np.array([0.0, 0.0, 1.0, 0.0])
    s = f("softmax")(z)
    via_jacobian = f("softmax").jacobian(z).T @ (-y / s)
    err = max_diff(via_jacobian, s - y)
    return verdict_if(err < 1e-14, f"With cross-entropy the chain through the Jacobian collapses to s − y "
                      f"(difference {err:.0e}).", {"err": err})


@claim("sigmoid-first", "004", "[Sigmoid:] Historically the first activation function used in neural nets",
       "formula", "chapters/catalog/linear-and-step")
def _() -> Evidence:
    y = f("binary_step")(np.array([-0.5, 0.5]))
    return verdict_if(y.tolist() == [0.0, 1.0], "The first artificial neurons (McCulloch & Pitts 1943, "
                      "Rosenblatt's perceptron 1958) used a threshold, the binary step (here "
                      f"{y.tolist()} at ∓0.5); sigmoids came with backpropagation in the 1980s.", {},
                      yes="wrong")


# -- 003's snippets ------------------------------------------------------------------------------

@claim("sigmoid-code-003", "003", "def sigmoid(x): return 1 / (1 + np.exp(-x))", "code", DBG)
def _() -> Evidence:
    x = np.array([-800.0, 0.0, 800.0])
    out, caught = quiet(lambda: 1 / (1 + np.exp(-x)))
    ok = max_diff(out, f("sigmoid")(x)) == 0
    return verdict_if(ok and bool(caught), f"The values are right even far out, but exp(800) overflows on the way "
                      f"({', '.join(caught)}), an error under warnings-as-errors; fine on the post's [−10, 10].",
                      {"warnings": caught}, yes="imprecise")


@claim("gelu-erf-code", "003", "def gelu(x): return 0.5 * x * (1 + erf(x / np.sqrt(2)))", "code", DBG)
def _() -> Evidence:
    from scipy.special import erf

    x = np.array([-10.0, -1.0, 1.0])
    naive = 0.5 * x * (1 + erf(x / np.sqrt(2)))
    exact = f("gelu")(x)
    return verdict_if(naive[0] == 0.0 != exact[0] and max_diff(naive[1:], exact[1:]) < 1e-15,
                      f"This is the exact GELU, not the tanh formula printed above it; but 1 + erf cancels in the "
                      f"left tail: GELU(−10) = {exact[0]:.3e}, the snippet gives {naive[0]!r}. erfc(−x/√2) avoids it.",
                      {"naive": naive.tolist()}, yes="imprecise")


@claim("softmax-code-003", "003", "exp_x = np.exp(x - np.max(x)); return exp_x / exp_x.sum()", "code", DBG)
def _() -> Evidence:
    batch = np.array([[0.0, 1.0], [5.0, 5.0]])
    e = np.exp(batch - batch.max())
    rows = (e / e.sum()).sum(axis=1)
    return verdict_if(max_diff(rows, [1.0, 1.0]) > 0.1, "Stable for one vector, but with no axis a batch is "
                      f"normalised as a whole: row sums {rows.round(4).tolist()} (the same defect as 004).",
                      {"rows": rows.tolist()}, yes="wrong", no="correct")
