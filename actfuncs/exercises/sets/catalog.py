r"""Catalog exercises: implement activations and derivatives stably, verify identities, read plots.

Every reference answer is the registry (:func:`actfuncs.get`); the solutions here are only the
text shown in the book, and the tests run each of them through its checker.
"""

from __future__ import annotations

import functools
from textwrap import dedent

import numpy as np
from scipy.optimize import minimize_scalar

import actfuncs
from actfuncs.exercises.checkers import (
    BATCH,
    FLOAT32,
    GRID,
    IDENTITY_PROBES,
    INFS,
    MID,
    NAN,
    STABLE_PROBES,
    TAILS,
    TINY,
    FunctionChecker,
    Probe,
    Reference,
    Trap,
    ValueChecker,
)
from actfuncs.exercises.core import Exercise, WrongAnswer, register


def src(text: str) -> str:
    """Dedented source text (solutions and wrong answers are written indented in this file)."""
    return dedent(text).strip() + "\n"


# -- sigmoid ---------------------------------------------------------------------------------
STABLE_SIGMOID = src("""
    def sigmoid(x):
        x = np.asarray(x)
        z = np.exp(-np.abs(x))  # in (0, 1]: exp never sees a positive argument
        r = 1 / (1 + z)
        return np.where(x >= 0, r, z * r)
""")

register(Exercise(
    id="catalog.sigmoid.stable",
    title="A sigmoid that never overflows",
    kind="implement",
    section="catalog/sigmoid",
    prompt=r"""
Implement the logistic sigmoid $\sigma(x) = 1/(1 + e^{-x})$ for NumPy arrays. It must give the
right value for every input, from $-10^{300}$ to $+\infty$, raise no warning, keep `float32` as
`float32` and the shape of a batch, and let NaN through.
""",
    checker=FunctionChecker(Reference("sigmoid"), STABLE_PROBES, rtol=1e-12),
    solution=STABLE_SIGMOID,
    starter="def sigmoid(x):\n    ...",
    explanation=r"""
For $x < 0$ rewrite $\sigma(x) = e^{x}/(1 + e^{x})$. With $z = e^{-|x|} \in (0, 1]$ both cases
read $1/(1+z)$ (for $x \ge 0$) and $z/(1+z)$ (for $x < 0$): `exp` never sees a positive
argument, so nothing overflows, and the left tail keeps full relative accuracy.
""",
    wrong_answers=(
        WrongAnswer(src("""
            def sigmoid(x):
                return 1 / (1 + np.exp(-x))
        """), "overflow", "the textbook formula (source 003): exp(1000) overflows"),
        WrongAnswer(src("""
            def sigmoid(x):
                x = np.clip(x, -500, 500)
                return 1 / (1 + np.exp(-x))
        """), "clip", "the clip(-500, 500) hack of source 004 changes the left tail"),
        WrongAnswer(src("""
            def sigmoid(x):
                return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))
        """), "both branches", "np.where evaluates the overflowing branch anyway"),
        WrongAnswer(src("""
            def sigmoid(x):
                return 1 / (1 + math.exp(-x))
        """), "vectorised", "math.exp works on one number only"),
        WrongAnswer(src("""
            def sigmoid(x):
                return [1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))
                        for v in x]
        """), "NumPy array", "a list comprehension returns a list"),
        WrongAnswer(src("""
            def sigmoid(x):
                x = np.asarray(x, dtype=float)
                z = np.exp(-np.abs(x))
                return np.where(x >= 0, 1 / (1 + z), z / (1 + z))
        """), "dtype", "casting to float64 loses the float32 dtype"),
    ),
    hints={
        "tail-": (
            "At x = {x} the true value is {expected}, but you returned {got}: clipping the input "
            "(to +-500 or any other bound) changes the answer for every x beyond the bound. Do not "
            "clip; compute with z = exp(-|x|) instead."
        ),
    },
))

register(Exercise(
    id="catalog.sigmoid.grad",
    title="The sigmoid's derivative without losing the tail",
    kind="derivative",
    section="catalog/sigmoid",
    prompt=r"""
Implement $\sigma'(x)$ for NumPy arrays. The familiar form $\sigma(x)\,(1 - \sigma(x))$ is
exact on paper; make sure yours is also accurate for large positive $x$, where
$\sigma'(x) \approx e^{-x}$ is tiny but perfectly representable.
""",
    checker=FunctionChecker(Reference("sigmoid", "grad"), STABLE_PROBES, rtol=1e-12),
    solution=src("""
        def sigmoid_grad(x):
            x = np.asarray(x)
            z = np.exp(-np.abs(x))  # sigma' is even: sigma'(x) = z / (1 + z)^2 with z = exp(-|x|)
            return z / (1 + z) ** 2
    """),
    starter="def sigmoid_grad(x):\n    ...",
    explanation=r"""
$\sigma'(x) = \sigma(x)\,\sigma(-x)$ is even, and with $z = e^{-|x|}$ it equals $z/(1+z)^2$.
The form $s(1-s)$ fails for large $x$: $s$ rounds to a number next to 1, so $1 - s$ keeps only a
digit or two, and from $x \approx 37$ on it is exactly 0.
""",
    wrong_answers=(
        WrongAnswer(src("""
            def sigmoid_grad(x):
                z = np.exp(-np.abs(x))
                s = np.where(x >= 0, 1 / (1 + z), z / (1 + z))
                return s * (1 - s)
        """), "cancellation", "1 - s cancels when s is close to 1"),
        WrongAnswer(src("""
            def sigmoid_grad(x):
                s = 1 / (1 + np.exp(-np.clip(x, -500, 500)))
                return s * (1 - s)
        """), "cancellation", "source 004's clipped s * (1 - s)"),
        WrongAnswer(src("""
            def sigmoid_grad(x):
                return np.exp(-x) / (1 + np.exp(-x)) ** 2
        """), "overflow", "exp(-x) overflows for x = -1000"),
    ),
    hints={
        "tail+": (
            "At x = {x} you returned {got} instead of {expected}: s = sigmoid(x) is within a few "
            "ULP of 1 there, so 1 - s suffers catastrophic cancellation. Use 1 - sigmoid(x) = "
            "sigmoid(-x), i.e. sigmoid'(x) = sigmoid(x) * sigmoid(-x), or z / (1 + z)**2 with "
            "z = exp(-|x|)."
        ),
    },
))

# -- tanh ------------------------------------------------------------------------------------
register(Exercise(
    id="catalog.tanh.identity",
    title="tanh is a rescaled sigmoid",
    kind="derive",
    section="catalog/tanh",
    prompt=r"""
Show that $\tanh(x) = 2\,\sigma(2x) - 1$. Then verify it numerically: write
`tanh_via_sigmoid(x)` that uses only the package's sigmoid,
`sig = actfuncs.get("sigmoid")`.
""",
    checker=FunctionChecker(Reference("tanh"), IDENTITY_PROBES, rtol=1e-9, atol=1e-15),
    solution=src("""
        import actfuncs

        sig = actfuncs.get("sigmoid")

        def tanh_via_sigmoid(x):
            return 2 * sig(2 * x) - 1
    """),
    explanation=r"""
Multiply numerator and denominator of $\tanh x = (e^{x} - e^{-x})/(e^{x} + e^{-x})$ by $e^{-x}$:
$\tanh x = (1 - e^{-2x})/(1 + e^{-2x}) = 2/(1 + e^{-2x}) - 1 = 2\sigma(2x) - 1$.
The check uses ordinary inputs only: near 0 the subtraction $2\sigma(2x) - 1$ cancels and loses
relative accuracy, which is why the package computes tanh directly.
""",
    wrong_answers=(
        WrongAnswer(src("""
            import actfuncs
            sig = actfuncs.get("sigmoid")
            def tanh_via_sigmoid(x):
                return 2 * sig(x) - 1
        """), "2x", "forgot the argument 2x (this is tanh(x/2))"),
        WrongAnswer(src("""
            import actfuncs
            sig = actfuncs.get("sigmoid")
            def tanh_via_sigmoid(x):
                return sig(2 * x) - 1
        """), "2x", "forgot the factor 2 in front"),
    ),
    hints={
        "grid": (
            "tanh(x) = 2*sigmoid(2x) - 1: the 2 appears twice, as the factor in front and in the "
            "argument 2x. At x = {x} the expected value is {expected}, you returned {got}."
        ),
    },
))

register(Exercise(
    id="catalog.tanh.grad",
    title="tanh' in terms of tanh",
    kind="derive",
    section="catalog/tanh",
    prompt=r"""
Derive $\tanh'(x)$ and write it in terms of $\tanh(x)$ itself. Verify your formula with a
function `tanh_grad(x)` (you may use `np.tanh`).
""",
    checker=FunctionChecker(Reference("tanh", "grad"), IDENTITY_PROBES, rtol=1e-9, atol=1e-12),
    solution=src("""
        def tanh_grad(x):
            return 1 - np.tanh(x) ** 2
    """),
    explanation=r"""
The quotient rule on $\sinh/\cosh$ gives $(\cosh^2 x - \sinh^2 x)/\cosh^2 x = 1 - \tanh^2 x$.
(For large $|x|$ this form cancels; the package uses $\operatorname{sech}^2$-style formulas.)
""",
    wrong_answers=(
        WrongAnswer(src("""
            def tanh_grad(x):
                return 1 - np.tanh(x)
        """), "squared", "forgot the square"),
        WrongAnswer(src("""
            def tanh_grad(x):
                return 1 - x ** 2
        """), "squared", "squared x instead of tanh(x)"),
    ),
    hints={
        "grid": (
            "The quotient rule on sinh/cosh gives (cosh^2 - sinh^2)/cosh^2 = 1 - tanh(x)^2: check "
            "that you squared tanh(x), not x. At x = {x} expected {expected}, got {got}."
        ),
    },
))

# -- softplus --------------------------------------------------------------------------------
LEFT = Probe("the left tail (-20, -30, -40)", np.array([-20.0, -30.0, -40.0]))
THRESHOLD = Probe("inputs just above the usual cut-offs (15.5, 20.5, 25)", np.array([15.5, 20.5, 25.0]))
_SOFTPLUS_TAIL = (
    "At x = {x} the expected value is {expected}, you returned {got}. softplus(x) = x + "
    "log1p(exp(-x)) is never exactly x: a threshold that returns x drops the small term, and "
    "clipping the input changes the answer completely. Write softplus(x) = max(x, 0) + "
    "log1p(exp(-|x|)), exact for every x."
)

_SOFTPLUS_LOG1P = (
    "At x = {x} you returned {got} instead of {expected}: 1 + exp(x) rounds away the digits of "
    "a small exp(x) (all of them below x = -37). Use log1p(t), which computes log(1 + t) "
    "accurately; clipping the input is no cure either."
)

register(Exercise(
    id="catalog.softplus.stable",
    title="Softplus without overflow or threshold",
    kind="implement",
    section="catalog/softplus",
    prompt=r"""
Implement $\operatorname{softplus}(x) = \log(1 + e^{x})$ for NumPy arrays, accurate for every
input, with no warning, no clipping and no "if $x > 20$ return $x$" threshold.
""",
    checker=FunctionChecker(
        Reference("softplus"), (GRID, MID, LEFT, THRESHOLD, TINY, TAILS, INFS, NAN, FLOAT32, BATCH),
        rtol=1e-12,
    ),
    solution=src("""
        def softplus(x):
            x = np.asarray(x)
            return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
    """),
    starter="def softplus(x):\n    ...",
    explanation=r"""
$\log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})$: the exponential only sees non-positive
arguments and `log1p` keeps the small term accurate. No threshold is needed.
""",
    wrong_answers=(
        WrongAnswer(src("""
            def softplus(x):
                return np.log(1 + np.exp(x))
        """), "log1p", "log(1 + tiny) loses the tiny term"),
        WrongAnswer(src("""
            def softplus(x):
                return np.log1p(np.exp(x))
        """), "overflow", "exp(1000) overflows"),
        WrongAnswer(src("""
            def softplus(x):
                x = np.asarray(x)
                out = x.copy()
                small = x <= 20
                out[small] = np.log1p(np.exp(x[small]))
                return out
        """), "threshold", "returning x above 20 drops exp(-x)"),
        WrongAnswer(src("""
            def softplus(x):
                return np.log1p(np.exp(np.clip(x, -500, 500)))
        """), "clip", "source 004's clip makes softplus(1000) = 500"),
    ),
    hints={
        "mid-": _SOFTPLUS_LOG1P,
        "tail-": _SOFTPLUS_LOG1P,
        "mid+": _SOFTPLUS_TAIL,
        "tail+": _SOFTPLUS_TAIL,
    },
))

register(Exercise(
    id="catalog.softplus.grad",
    title="The derivative of softplus",
    kind="derive",
    section="catalog/softplus",
    prompt=r"""
Differentiate $\log(1 + e^{x})$. Which activation of the catalog do you get? Verify your answer
with a function `softplus_grad(x)` (you may use `actfuncs.get(...)`).
""",
    checker=FunctionChecker(Reference("softplus", "grad"), IDENTITY_PROBES, rtol=1e-9, atol=1e-15),
    solution=src("""
        import actfuncs

        def softplus_grad(x):
            return actfuncs.get("sigmoid")(x)
    """),
    explanation=r"""
$\frac{d}{dx}\log(1 + e^{x}) = e^{x}/(1 + e^{x}) = 1/(1 + e^{-x}) = \sigma(x)$: softplus is the
integral of the sigmoid.
""",
    wrong_answers=(
        WrongAnswer(src("""
            def softplus_grad(x):
                return 1 / (1 + np.exp(x))
        """), "sigmoid", "sign error: this is sigmoid(-x)"),
        WrongAnswer(src("""
            def softplus_grad(x):
                return np.exp(x) / (1 + np.exp(x)) ** 2
        """), "sigmoid", "differentiated once more: this is sigmoid'(x)"),
    ),
    hints={
        "grid": (
            "The chain rule gives d/dx log(1 + e^x) = e^x / (1 + e^x) = 1 / (1 + e^-x): the "
            "sigmoid itself (check the sign of the exponent). At x = {x} expected {expected}, "
            "got {got}."
        ),
    },
))

# -- ReLU family -----------------------------------------------------------------------------
register(Exercise(
    id="catalog.relu.implement",
    title="ReLU, NaN and infinities included",
    kind="implement",
    section="catalog/relu",
    prompt=r"""
Implement $\operatorname{ReLU}(x) = \max(0, x)$ for NumPy arrays. NaN must stay NaN, $-\infty$
must give 0, and the input array must not be modified.
""",
    checker=FunctionChecker(Reference("relu"), STABLE_PROBES, rtol=0.0),
    solution=src("""
        def relu(x):
            return np.maximum(x, 0)
    """),
    starter="def relu(x):\n    ...",
    explanation="`np.maximum` propagates NaN, keeps the dtype and never multiplies by 0.",
    wrong_answers=(
        WrongAnswer(src("""
            def relu(x):
                return x * (x > 0)
        """), "0 * inf", "-inf * 0 is NaN"),
        WrongAnswer(src("""
            def relu(x):
                return np.where(x > 0, x, 0)
        """), "NaN", "np.where replaces NaN by 0"),
        WrongAnswer(src("""
            def relu(x):
                return max(0, x)
        """), "vectorised", "Python's max compares the whole array with 0"),
        WrongAnswer(src("""
            def relu(x):
                x[x < 0] = 0
                return x
        """), "in place", "overwrites the caller's array"),
    ),
))

register(Exercise(
    id="catalog.relu.grad",
    title="ReLU's derivative and the convention at 0",
    kind="derivative",
    section="catalog/relu",
    prompt=r"""
Implement $\operatorname{ReLU}'(x)$ for NumPy arrays. At the kink $x = 0$ use the convention of
PyTorch (and of this package): $\operatorname{ReLU}'(0) = 0$. The result must have the input's
float dtype, and NaN must stay NaN.
""",
    checker=FunctionChecker(Reference("relu", "grad"), STABLE_PROBES, rtol=0.0),
    solution=src("""
        def relu_grad(x):
            return np.heaviside(x, 0.0)  # 1 for x > 0, 0 for x <= 0, NaN for NaN
    """),
    starter="def relu_grad(x):\n    ...",
    wrong_answers=(
        WrongAnswer(src("""
            def relu_grad(x):
                return (x >= 0).astype(float)
        """), "convention", "1 at x = 0"),
        WrongAnswer(src("""
            def relu_grad(x):
                return x > 0
        """), "dtype", "booleans, not floats"),
        WrongAnswer(src("""
            def relu_grad(x):
                return (x > 0).astype(float)
        """), "NaN", "source 004: NaN becomes 0"),
    ),
    hints={
        "zero": (
            "At x = 0 the expected value is {expected} but you returned {got}: the convention "
            "(PyTorch's, and this package's) is relu'(0) = 0, so use x > 0, not x >= 0."
        ),
    },
))

register(Exercise(
    id="catalog.leaky_relu.implement",
    title="Leaky ReLU",
    kind="implement",
    section="catalog/leaky_relu",
    prompt=r"""
Implement leaky ReLU with $\alpha = 0.01$: $x$ for $x > 0$ and $\alpha x$ otherwise, for NumPy
arrays (float32 stays float32, NaN stays NaN).
""",
    checker=FunctionChecker(Reference("leaky_relu", params={"alpha": 0.01}), STABLE_PROBES,
                            rtol=1e-15),
    solution=src("""
        def leaky_relu(x, alpha=0.01):
            return np.where(x > 0, x, alpha * x)
    """),
    starter="def leaky_relu(x, alpha=0.01):\n    ...",
    wrong_answers=(
        WrongAnswer(src("""
            def leaky_relu(x, alpha=0.01):
                return np.maximum(alpha, x)
        """), "slope", "a floor at alpha, not a slope"),
        WrongAnswer(src("""
            def leaky_relu(x, alpha=0.01):
                return np.where(x > 0, x, alpha)
        """), "slope", "a constant alpha for negative x"),
        WrongAnswer(src("""
            def leaky_relu(x, alpha=0.01):
                return np.where(x > 0, x, -alpha * x)
        """), "slope", "sign error"),
    ),
    hints={
        "grid-": (
            "At x = {x} the expected value is {expected}, you returned {got}: for x < 0 leaky ReLU "
            "is alpha * x, a line through 0 with the small positive slope alpha (negative "
            "outputs), not a constant."
        ),
    },
))

register(Exercise(
    id="catalog.leaky_relu.grad",
    title="Leaky ReLU's derivative",
    kind="derivative",
    section="catalog/leaky_relu",
    prompt=r"""
Implement the derivative of leaky ReLU with $\alpha = 0.01$. At $x = 0$ use PyTorch's
convention, $\alpha$ (the left slope). Keep the dtype and let NaN through.
""",
    checker=FunctionChecker(Reference("leaky_relu", "grad", {"alpha": 0.01}), STABLE_PROBES,
                            rtol=1e-15),
    solution=src("""
        def leaky_relu_grad(x, alpha=0.01):
            x = np.asarray(x)
            slope = np.where(x > 0, 1.0, alpha).astype(x.dtype)
            return np.where(np.isnan(x), x, slope)  # NaN in, NaN out
    """),
    starter="def leaky_relu_grad(x, alpha=0.01):\n    ...",
    wrong_answers=(
        WrongAnswer(src("""
            def leaky_relu_grad(x, alpha=0.01):
                return np.where(x > 0, 1.0, alpha)
        """), "NaN", "source 004: NaN becomes alpha"),
        WrongAnswer(src("""
            def leaky_relu_grad(x, alpha=0.01):
                g = np.where(x >= 0, 1.0, alpha).astype(x.dtype)
                return np.where(np.isnan(x), x, g)
        """), "convention", "1 at x = 0"),
        WrongAnswer(src("""
            def leaky_relu_grad(x, alpha=0.01):
                g = np.where(x > 0, 1.0, 0.0).astype(x.dtype)
                return np.where(np.isnan(x), x, g)
        """), "alpha", "the ReLU derivative, slope 0 on the left"),
    ),
    hints={
        "zero": (
            "At x = 0 expected {expected}, got {got}: PyTorch's convention takes the left slope "
            "alpha at the kink (x > 0 gives 1, everything else alpha)."
        ),
        "grid-": "For x < 0 the slope is alpha, not 0: at x = {x} expected {expected}, got {got}.",
    },
))

register(Exercise(
    id="catalog.elu.implement",
    title="ELU without overflow and with full accuracy near 0",
    kind="implement",
    section="catalog/elu",
    prompt=r"""
Implement ELU with $\alpha = 1$: $x$ for $x > 0$, $\alpha(e^{x} - 1)$ otherwise, accurate for
tiny negative $x$ and without any warning for large positive $x$.
""",
    checker=FunctionChecker(Reference("elu", params={"alpha": 1.0}), STABLE_PROBES, rtol=1e-12),
    solution=src("""
        def elu(x, alpha=1.0):
            x = np.asarray(x)
            # expm1 keeps tiny x accurate; min(x, 0) keeps exp away from large arguments,
            # which np.where would otherwise evaluate too
            return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
    """),
    starter="def elu(x, alpha=1.0):\n    ...",
    wrong_answers=(
        WrongAnswer(src("""
            def elu(x, alpha=1.0):
                return np.where(x >= 0, x, alpha * (np.exp(x) - 1))
        """), "expm1", "sources 003/004: exp(x) - 1 cancels near 0"),
        WrongAnswer(src("""
            def elu(x, alpha=1.0):
                return np.where(x >= 0, x, alpha * np.expm1(x))
        """), "both branches", "expm1(1000) overflows in the unused branch"),
        WrongAnswer(src("""
            def elu(x, alpha=1.0):
                return np.maximum(x, 0)
        """), "alpha", "that is ReLU"),
    ),
    hints={
        "tiny-": (
            "At x = {x} you returned {got} instead of {expected}: exp(x) - 1 cancels for tiny x "
            "(exp(x) rounds to a number next to 1). Use np.expm1(x), which computes e^x - 1 "
            "accurately."
        ),
        "grid-": (
            "For x < 0 ELU bends smoothly down towards -alpha: alpha * (e^x - 1). At x = {x} "
            "expected {expected}, got {got}."
        ),
    },
))

# -- softmax and log-softmax -----------------------------------------------------------------
_BATCH34 = np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [-1.0, 5.0, 2.0, 0.5]])
SM_SMALL = Probe("the logits [1, 2, 3]", np.array([1.0, 2.0, 3.0]), region="grid")
SM_LARGE = Probe("the large logits [1000, 1001, 1002]", np.array([1000.0, 1001.0, 1002.0]),
                 region="large")
SM_NEG = Probe("the very negative logits [-1000, -1001, -1002]",
               np.array([-1000.0, -1001.0, -1002.0]), region="large")
SM_BATCH = Probe("a batch of shape (3, 4), softmax along the last axis", _BATCH34, region="axis")
SM_AXIS0 = Probe("the same batch with axis=0", _BATCH34, {"axis": 0}, region="axis")
SM_MASK = Probe("a masked row [-inf, 0, 1]", np.array([-np.inf, 0.0, 1.0]), region="mask")
SM_NAN = Probe("a row containing NaN [nan, 1, 2]", np.array([np.nan, 1.0, 2.0]), region="nan")
SM_F32 = Probe("float32 logits [1, 2, 3] (the result must stay float32)",
               np.array([1.0, 2.0, 3.0], dtype=np.float32), region="grid")
SOFTMAX_PROBES = (SM_SMALL, SM_LARGE, SM_NEG, SM_BATCH, SM_AXIS0, SM_MASK, SM_NAN, SM_F32)

STABLE_SOFTMAX = src("""
    def softmax(x, axis=-1):
        x = np.asarray(x)
        shifted = x - np.max(x, axis=axis, keepdims=True)  # largest logit becomes 0
        e = np.exp(shifted)
        return e / np.sum(e, axis=axis, keepdims=True)
""")
_SOFTMAX_HINTS = {
    "overflow": (
        "exp overflows on {x} ({warning}): softmax does not change when the same constant is "
        "subtracted from every logit, so subtract the maximum along the axis first; then every "
        "exponent is <= 0."
    ),
    "invalid": (
        "On {x} every exp underflows to 0 and 0/0 gives NaN ({warning}): subtract the maximum "
        "along the axis first, so the largest term is exp(0) = 1."
    ),
    "large": "Subtract the maximum along the axis before exp: expected {expected}, got {got}.",
    "axis": (
        "On {label} each slice along the axis must sum to 1: expected {expected}, got {got}. Take "
        "the max and the sum along axis (np.max(x, axis=axis, keepdims=True)), not over the "
        "whole array."
    ),
    "mask": "Masked logits (-inf) must give exactly 0 and the rest must sum to 1: got {got}.",
    "nan": "A NaN logit makes the whole slice NaN (expected {expected}); do not filter it out.",
}

register(Exercise(
    id="catalog.softmax.stable",
    title="A stable softmax along an axis",
    kind="implement",
    section="catalog/softmax",
    prompt=r"""
Implement $\operatorname{softmax}(\mathbf{x})_i = e^{x_i} / \sum_j e^{x_j}$ as
`softmax(x, axis=-1)` for NumPy arrays: no overflow for logits like 1000, each slice along
`axis` sums to 1, batches keep their shape, and float32 stays float32.
""",
    checker=FunctionChecker(Reference("softmax"), SOFTMAX_PROBES, rtol=1e-12),
    solution=STABLE_SOFTMAX,
    starter="def softmax(x, axis=-1):\n    ...",
    explanation=r"""
Subtracting $m = \max_j x_j$ changes nothing mathematically
($e^{x_i - m}/\sum_j e^{x_j - m}$) but makes every exponent $\le 0$, so nothing overflows and
at least one term is exactly 1, so the sum never underflows to 0.
""",
    wrong_answers=(
        WrongAnswer(src("""
            def softmax(x, axis=-1):
                e = np.exp(x)
                return e / np.sum(e, axis=axis, keepdims=True)
        """), "maximum", "no max-shift: exp(1000) overflows"),
        WrongAnswer(src("""
            def softmax(x, axis=-1):
                e = np.exp(x - np.max(x))
                return e / e.sum()
        """), "axis", "sources 003/004: one max and one sum over the whole batch"),
        WrongAnswer(src("""
            def softmax(x, axis=-1):
                e = np.exp(x - np.max(x, axis=axis))
                return e / np.sum(e, axis=axis)
        """), "keepdims", "reductions without keepdims do not broadcast back"),
        WrongAnswer(src("""
            def softmax(x):
                e = np.exp(x - np.max(x, axis=-1, keepdims=True))
                return e / np.sum(e, axis=-1, keepdims=True)
        """), "axis=", "no axis argument"),
    ),
    hints=_SOFTMAX_HINTS,
))

LS_SPREAD = Probe("logits far apart [0, -1000]", np.array([0.0, -1000.0]), region="spread")
register(Exercise(
    id="catalog.log_softmax.stable",
    title="log-softmax with the log-sum-exp trick",
    kind="implement",
    section="catalog/log_softmax",
    prompt=r"""
Implement $\log \operatorname{softmax}(\mathbf{x})_i = x_i - \log \sum_j e^{x_j}$ as
`log_softmax(x, axis=-1)`. It must stay finite where a probability underflows (for logits
$[0, -1000]$ the answer is $[0, -1000]$) and must not overflow.
""",
    checker=FunctionChecker(
        Reference("log_softmax"),
        (SM_SMALL, SM_LARGE, LS_SPREAD, SM_BATCH, SM_AXIS0, SM_NAN, SM_F32),
        rtol=1e-12,
    ),
    solution=src("""
        def log_softmax(x, axis=-1):
            x = np.asarray(x)
            shifted = x - np.max(x, axis=axis, keepdims=True)
            return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    """),
    starter="def log_softmax(x, axis=-1):\n    ...",
    explanation=r"""
With $m = \max_j x_j$: $\log\sum_j e^{x_j} = m + \log\sum_j e^{x_j - m}$ (log-sum-exp). The sum
is at least 1, so its log is finite and small, and nothing overflows.
""",
    wrong_answers=(
        WrongAnswer(STABLE_SOFTMAX + src("""
            def log_softmax(x, axis=-1):
                return np.log(softmax(x, axis))
        """), "log-sum-exp", "log of an underflowed probability is log(0) = -inf"),
        WrongAnswer(src("""
            def log_softmax(x, axis=-1):
                return x - np.log(np.sum(np.exp(x), axis=axis, keepdims=True))
        """), "maximum", "no max-shift: exp(1000) overflows"),
    ),
    hints={
        **_SOFTMAX_HINTS,
        "divide": (
            "On {x} a probability underflows to 0 and log(0) = -inf ({warning}). Do not take the "
            "log of softmax; compute (x - max) - log(sum(exp(x - max))) directly (the "
            "log-sum-exp trick)."
        ),
        "spread": "Use the log-sum-exp trick: expected {expected}, got {got}.",
    },
))

# -- GELU and SiLU ---------------------------------------------------------------------------
register(Exercise(
    id="catalog.gelu.implement",
    title="Exact GELU, accurate in the left tail",
    kind="implement",
    section="catalog/gelu",
    prompt=r"""
Implement the exact GELU, $x\,\Phi(x)$ with $\Phi$ the standard normal CDF, for NumPy arrays
(`scipy.special` is allowed). It must be accurate also for $x = -10$, where
$\operatorname{GELU}(x) \approx -7.6\times 10^{-23}$.
""",
    # atol: one smallest subnormal. At x = 5e-324 the package's x Phi(x) is the correctly
    # rounded 5e-324 (just above half of it), while 0.5 * x in any formula rounds to 0 first.
    checker=FunctionChecker(Reference("gelu"), STABLE_PROBES, rtol=1e-12, atol=5e-324),
    solution=src("""
        import math

        from scipy.special import erfc

        def gelu(x):
            x = np.asarray(x)
            x = np.where(x == -np.inf, 0, x)  # the limit at -inf is 0; avoids -inf * 0
            return 0.5 * x * erfc(-x / math.sqrt(2))  # Phi(x) = erfc(-x / sqrt 2) / 2
    """),
    starter="def gelu(x):\n    ...",
    explanation=r"""
$\Phi(x) = \tfrac12\operatorname{erfc}(-x/\sqrt2)$ is accurate in both tails, while
$\tfrac12(1 + \operatorname{erf}(x/\sqrt2))$ subtracts two numbers close to 1 for negative $x$
and returns 0 from about $x = -8$ on. (`math.sqrt(2)` is a Python float, so float32 stays
float32.)
""",
    wrong_answers=(
        WrongAnswer(src("""
            from scipy.special import erf
            def gelu(x):
                return 0.5 * x * (1 + erf(x / math.sqrt(2)))
        """), "erfc", "source 003's erf form cancels for negative x"),
        WrongAnswer(src("""
            def gelu(x):
                c = math.sqrt(2 / math.pi)
                return 0.5 * x * (1 + np.tanh(c * (x + 0.044715 * x ** 3)))
        """), "approximation", "the tanh approximation is not the exact GELU"),
    ),
    hints={
        "grid": (
            "At x = {x} expected {expected}, got {got}: that is the tanh approximation "
            "(gelu_tanh). The exact GELU is x * Phi(x) = 0.5 * x * erfc(-x / sqrt(2))."
        ),
        "mid-": (
            "At x = {x} expected {expected}, got {got}: 1 + erf(t) cancels for negative t. Use "
            "erfc: Phi(x) = 0.5 * erfc(-x / sqrt(2))."
        ),
        "tail-": (
            "At x = {x} expected {expected}, got {got}: 1 + erf(t) cancels for negative t. Use "
            "erfc: Phi(x) = 0.5 * erfc(-x / sqrt(2))."
        ),
    },
))

register(Exercise(
    id="catalog.silu.implement",
    title="SiLU (swish) everywhere",
    kind="implement",
    section="catalog/silu",
    prompt=r"""
Implement $\operatorname{SiLU}(x) = x\,\sigma(x)$ for NumPy arrays: no warning anywhere, and the
limits 0 at $-\infty$ and $+\infty$ at $+\infty$.
""",
    checker=FunctionChecker(Reference("silu"), STABLE_PROBES, rtol=1e-12),
    solution=src("""
        def silu(x):
            x = np.asarray(x)
            x = np.where(x == -np.inf, 0, x)  # the limit at -inf is 0; avoids -inf * 0
            z = np.exp(-np.abs(x))
            s = np.where(x >= 0, 1 / (1 + z), z / (1 + z))  # a stable sigmoid
            return x * s
    """),
    starter="def silu(x):\n    ...",
    wrong_answers=(
        WrongAnswer(src("""
            def silu(x):
                return x / (1 + np.exp(-x))
        """), "overflow", "exp(1000) overflows"),
        WrongAnswer(STABLE_SIGMOID + src("""
            def silu(x):
                return x * sigmoid(x)
        """), "limit", "-inf * 0 is NaN"),
    ),
    hints={
        "invalid": (
            "At x = {x} your code formed {warning}: x * sigmoid(x) is -inf * 0 there. The limit is "
            "0, so replace -inf by 0 (any value with the same limit) before multiplying."
        ),
    },
))


# -- read a plot -----------------------------------------------------------------------------
def _argmin(name: str, lo: float, hi: float) -> float:
    act = actfuncs.get(name)
    res = minimize_scalar(lambda t: float(act(t)), bounds=(lo, hi), method="bounded",
                          options={"xatol": 1e-10})
    return float(res.x)


def _minimum_value(name: str, lo: float, hi: float) -> float:
    return float(actfuncs.get(name)(_argmin(name, lo, hi)))


def _plot(name: str, lo: float, hi: float, grad: bool) -> object:
    from actfuncs.plotting import plot_activation

    return plot_activation(name, x_range=(lo, hi), show_grad=grad)


_gelu_min = functools.cache(lambda: _argmin("gelu", -3.0, 0.0))
_silu_min = functools.cache(lambda: _argmin("silu", -4.0, 0.0))

register(Exercise(
    id="catalog.gelu.minimum",
    title="Where is GELU lowest?",
    kind="read-plot",
    section="catalog/gelu",
    prompt=r"""
The figure shows GELU. Read off the $x$ at which it takes its minimum (to within $\pm 0.05$).
""",
    checker=ValueChecker(
        _gelu_min, atol=0.05,
        traps=(Trap(0.7518, "sign", 0.1), Trap(0.0, "zero", 0.02),
               Trap(-0.17, "value", 0.02)),
        figure=lambda: _plot("gelu", -3.0, 2.0, False),
    ),
    solution="-0.75",
    explanation=r"""
Setting $\frac{d}{dx}\,x\Phi(x) = \Phi(x) + x\varphi(x) = 0$ gives $x \approx -0.7518$; the
package finds it by minimising `actfuncs.get("gelu")` numerically. The minimum value is about
$-0.17$.
""",
    wrong_answers=(
        WrongAnswer("0.75", "negative side", "wrong sign"),
        WrongAnswer("-0.17", "minimum value", "read the y value"),
        WrongAnswer("0", "dips", "GELU(0) = 0 is not the minimum"),
    ),
    hints={
        "sign": "GELU = x * Phi(x) is negative only for x < 0, so its minimum lies on the negative side.",
        "value": "-0.17 is the minimum value (the y of the lowest point); the question asks for x.",
        "zero": "GELU(0) = 0, but the curve dips below 0 just left of 0: read where it is lowest.",
        "too_high": "Too far right: look further left, where the curve is lowest.",
        "too_low": "Too far left: the lowest point is closer to 0.",
    },
))

register(Exercise(
    id="catalog.silu.minimum",
    title="Where is SiLU lowest?",
    kind="read-plot",
    section="catalog/silu",
    prompt=r"""
The figure shows SiLU $x\,\sigma(x)$. Read off the $x$ of its minimum (to within $\pm 0.1$).
""",
    checker=ValueChecker(
        _silu_min, atol=0.1,
        traps=(Trap(1.2785, "sign", 0.15), Trap(-0.2785, "value", 0.03), Trap(0.0, "zero", 0.02)),
        figure=lambda: _plot("silu", -6.0, 2.0, False),
    ),
    solution="-1.28",
    explanation=r"""
$\frac{d}{dx}\,x\sigma(x) = \sigma(x)(1 + x\sigma(-x)) = 0$ at $x \approx -1.2785$, where
$\operatorname{SiLU} \approx -0.2785$ (the two numbers differ by exactly 1, a curiosity of this
function).
""",
    wrong_answers=(
        WrongAnswer("1.28", "negative side", "wrong sign"),
        WrongAnswer("-0.28", "minimum value", "read the y value"),
    ),
    hints={
        "sign": "SiLU = x * sigmoid(x) is negative only for x < 0, so its minimum lies on the negative side.",
        "value": "-0.28 is the minimum value (the y of the lowest point); the question asks for x.",
        "zero": "SiLU(0) = 0 but the curve dips below 0 to the left: read where it is lowest.",
        "too_high": "Too far right: the lowest point is further left.",
        "too_low": "Too far left: the lowest point is closer to 0.",
    },
))

register(Exercise(
    id="catalog.elu.saturation",
    title="Where does ELU level off?",
    kind="read-plot",
    section="catalog/elu",
    prompt=r"""
The figure shows ELU with $\alpha = 1$ on $[-8, 3]$. Which value does it approach as
$x \to -\infty$?
""",
    checker=ValueChecker(
        functools.cache(lambda: float(actfuncs.get("elu", alpha=1.0)(-1e300))), atol=0.05,
        traps=(Trap(0.0, "relu", 0.02),),
        figure=lambda: _plot("elu", -8.0, 3.0, False),
    ),
    solution="-1",
    explanation=r"$\alpha(e^{x} - 1) \to -\alpha = -1$: negative inputs saturate at $-\alpha$.",
    wrong_answers=(WrongAnswer("0", "alpha", "that is ReLU's left side"),),
    hints={
        "relu": "0 is where ReLU stays; ELU keeps going down, towards -alpha.",
        "too_high": "ELU keeps falling for negative x, towards -alpha.",
        "too_low": "ELU is bounded below: it never goes below -alpha.",
    },
))

register(Exercise(
    id="catalog.sigmoid.maxslope",
    title="The sigmoid's steepest slope",
    kind="read-plot",
    section="catalog/sigmoid",
    prompt=r"""
The figure shows $\sigma$ and $\sigma'$. Read off the largest value of $\sigma'(x)$ (to within
$\pm 0.01$). Why does this number matter for deep networks of sigmoids?
""",
    checker=ValueChecker(
        functools.cache(lambda: float(actfuncs.get("sigmoid").grad(0.0))), atol=0.01,
        traps=(Trap(1.0, "tanh", 0.02), Trap(0.5, "value", 0.02)),
        figure=lambda: _plot("sigmoid", -6.0, 6.0, True),
    ),
    solution="0.25",
    explanation=r"""
$\sigma'(0) = \sigma(0)\,\sigma(-0) = 1/4$. Backpropagation multiplies one such factor per
layer, so ten sigmoid layers shrink a gradient by at least $4^{10} \approx 10^{6}$.
""",
    wrong_answers=(
        WrongAnswer("1", "tanh", "tanh's slope"),
        WrongAnswer("0.5", "slope", "the value sigma(0)"),
    ),
    hints={
        "tanh": "1 is tanh's slope at 0; sigmoid(x) = (1 + tanh(x/2)) / 2 is flatter by 1/2 * 1/2.",
        "value": "0.5 is sigmoid(0), the value of the function; read the slope panel instead.",
    },
))


# -- more stable implementations and a prediction ------------------------------------------------
register(Exercise(
    id="catalog.tanh.stable",
    title="tanh from exponentials, without overflow or cancellation",
    kind="implement",
    section="catalog/tanh",
    prompt=r"""
Without calling `np.tanh`, implement $\tanh(x) = (e^{x} - e^{-x})/(e^{x} + e^{-x})$ for NumPy
arrays: no overflow for $|x| = 1000$, full relative accuracy for tiny $x$, and the limits
$\pm 1$ at $\pm\infty$.
""",
    checker=FunctionChecker(Reference("tanh"), STABLE_PROBES, rtol=1e-12),
    solution=src("""
        def tanh(x):
            x = np.asarray(x)
            m = np.expm1(-2 * np.abs(x))  # e^(-2|x|) - 1 in (-1, 0]: no overflow, exact near 0
            return np.sign(x) * (-m / (2 + m))
    """),
    starter="def tanh(x):\n    ...",
    explanation=r"""
For $x \ge 0$, $\tanh x = (1 - e^{-2x})/(1 + e^{-2x}) = -m/(2 + m)$ with
$m = \operatorname{expm1}(-2x)$; odd symmetry gives the rest. `expm1` keeps tiny $x$ exact and
the exponent is never positive.
""",
    wrong_answers=(
        WrongAnswer(src("""
            def tanh(x):
                return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
        """), "expm1", "the definition cancels near 0 (and overflows at 1000)"),
        WrongAnswer(src("""
            def tanh(x):
                e = np.exp(-2 * np.abs(x))
                return np.sign(x) * (1 - e) / (1 + e)
        """), "expm1", "1 - e cancels for tiny x"),
    ),
    hints={
        "tiny": (
            "At x = {x} you returned {got} instead of {expected}: e^x - e^-x (or 1 - e^(-2|x|)) "
            "subtracts two numbers next to 1 and loses the digits of a tiny x. Use "
            "np.expm1(-2|x|), which keeps them."
        ),
    },
))

register(Exercise(
    id="catalog.log_sigmoid.stable",
    title="log-sigmoid without log(0)",
    kind="implement",
    section="catalog/log_sigmoid",
    prompt=r"""
Implement $\log\sigma(x)$ for NumPy arrays. For $x = -1000$ the answer is $-1000$ (not
$-\infty$); no warning anywhere.
""",
    checker=FunctionChecker(Reference("log_sigmoid"), STABLE_PROBES, rtol=1e-12),
    solution=src("""
        def log_sigmoid(x):
            x = np.asarray(x)
            # log sigma(x) = -softplus(-x) = min(x, 0) - log1p(exp(-|x|))
            return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))
    """),
    starter="def log_sigmoid(x):\n    ...",
    explanation=r"""
$\log\sigma(x) = -\log(1 + e^{-x}) = -\operatorname{softplus}(-x)
= \min(x, 0) - \log(1 + e^{-|x|})$: no exponential of a positive number and no log of an
underflowed probability.
""",
    wrong_answers=(
        WrongAnswer(STABLE_SIGMOID + src("""
            def log_sigmoid(x):
                return np.log(sigmoid(x))
        """), "softplus", "log of an underflowed sigmoid is log(0)"),
        WrongAnswer(src("""
            def log_sigmoid(x):
                return -np.log1p(np.exp(-x))
        """), "overflow", "exp(1000) overflows"),
    ),
    hints={
        "divide": (
            "At x = {x} sigmoid(x) underflows to 0 and log(0) = -inf ({warning}). Never take the "
            "log of the sigmoid: log sigmoid(x) = -softplus(-x) = min(x, 0) - log1p(exp(-|x|))."
        ),
        "tail-": (
            "At x = {x} expected {expected}, got {got}: use log sigmoid(x) = -softplus(-x) = "
            "min(x, 0) - log1p(exp(-|x|)) instead of the log of a rounded probability."
        ),
    },
))


@functools.cache
def _shift_difference() -> float:
    sm = actfuncs.get("softmax")
    x = np.array([1.0, 2.0, 3.0])
    return float(np.max(np.abs(sm(x + 100.0) - sm(x))))


register(Exercise(
    id="catalog.softmax.shift",
    title="What does adding 100 to every logit do?",
    kind="predict",
    section="catalog/softmax",
    prompt=r"""
Predict the largest entry of $|\operatorname{softmax}(\mathbf{x} + 100) -
\operatorname{softmax}(\mathbf{x})|$ for $\mathbf{x} = (1, 2, 3)$, then compute it with
`actfuncs.get("softmax")`. (Tolerance $10^{-9}$.)
""",
    checker=ValueChecker(_shift_difference, atol=1e-9,
                         traps=(Trap(100, "shift", 1), Trap(1, "shift", 0.5))),
    solution="0",
    explanation=r"""
$e^{x_i + c}/\sum_j e^{x_j + c} = e^{x_i}/\sum_j e^{x_j}$: the factor $e^{c}$ cancels, so
softmax ignores a common shift (up to rounding, about $10^{-16}$). This is exactly why
subtracting the maximum is allowed.
""",
    wrong_answers=(WrongAnswer("100", "cancels", "thinks the shift passes through"),
                   WrongAnswer("0.5", "cancels", "a guess")),
    hints={
        "shift": "The factor e^c of a common shift c cancels between numerator and denominator.",
        "too_high": "The factor e^c of a common shift c cancels between numerator and denominator.",
    },
))


# -- one exercise for each remaining family: predict, then run -------------------------------
def _value(name: str, x: float, method: str = "fn", **params: float) -> float:
    """One value of a registry activation (or of its ``grad``) as a float."""
    act = actfuncs.get(name, **params)
    return float(getattr(act, method)(x) if method != "fn" else act(x))


register(Exercise(
    id="catalog.binary_step.grad",
    title="What gradient does the binary step pass back?",
    kind="predict",
    section="catalog/binary_step",
    prompt=r"""
A unit uses the binary step $H(x)$ and its pre-activation is $x = 0.3$. Predict the factor
$H'(0.3)$ that back-propagation multiplies into every gradient passing through this unit, then
compute it with `actfuncs.get("binary_step").grad(0.3)`.
""",
    checker=ValueChecker(functools.cache(lambda: _value("binary_step", 0.3, "grad")), atol=1e-12,
                         traps=(Trap(1.0, "slope", 1e-6), Trap(0.5, "jump", 1e-6))),
    solution="0",
    explanation=r"""
$H$ is constant on each side of 0, so $H'(x) = 0$ for every $x \ne 0$ (and undefined at 0).
Every weight below this unit gets a zero gradient: this is why the step function was abandoned
when networks started to be trained by gradient descent.
""",
    wrong_answers=(WrongAnswer("1", "flat", "the slope of the identity"),
                   WrongAnswer("0.5", "flat", "the value at the jump")),
    hints={
        "slope": "1 is the slope of the identity. The step is flat on both sides of 0: its slope there is 0.",
        "jump": "0.5 is a convention for H(0), a value of the function; x = 0.3 is far from the jump, "
                "where the step is flat.",
        "too_high": "The step is flat on both sides of 0.",
        "too_low": "The step never decreases, and it is flat on both sides of 0.",
    },
))

register(Exercise(
    id="catalog.relu6.grad",
    title="Does ReLU6 pass a gradient at x = 7?",
    kind="predict",
    section="catalog/relu6",
    prompt=r"""
Predict $\operatorname{ReLU6}'(7)$, then compute it with `actfuncs.get("relu6").grad(7.0)`.
""",
    checker=ValueChecker(functools.cache(lambda: _value("relu6", 7.0, "grad")), atol=1e-12,
                         traps=(Trap(1.0, "relu", 1e-6), Trap(6.0, "value", 1e-6))),
    solution="0",
    explanation=r"""
$\operatorname{ReLU6}(x) = \min(\max(0, x), 6)$ is constant for $x > 6$, so its derivative is
0 there: a unit whose pre-activation stays above 6 stops learning, just like a dead ReLU
unit on the other side.
""",
    wrong_answers=(WrongAnswer("1", "above 6", "ReLU's slope"),
                   WrongAnswer("6", "above 6", "the value, not the slope")),
    hints={
        "relu": "1 is ReLU's slope for x > 0, but ReLU6 is capped: above 6 it is flat.",
        "value": "6 is ReLU6(7), the value; the question asks for the slope, and above 6 the curve is flat.",
    },
))

register(Exercise(
    id="catalog.rrelu.eval",
    title="RReLU at test time",
    kind="predict",
    section="catalog/rrelu",
    prompt=r"""
RReLU draws the negative slope from $U(l, u)$ while training; in evaluation mode it uses one fixed
slope. With the default bounds $l = 1/8$, $u = 1/3$, predict $\operatorname{RReLU}(-3)$ in
evaluation mode, then check with `actfuncs.get("rrelu")(-3.0)`. (Tolerance $10^{-6}$.)
""",
    checker=ValueChecker(functools.cache(lambda: _value("rrelu", -3.0)), atol=1e-6,
                         traps=(Trap(-0.375, "bound", 1e-3), Trap(-1.0, "bound", 1e-3),
                                Trap(0.0, "relu", 1e-6), Trap(-3.0, "identity", 1e-6))),
    solution="-3 * (1/8 + 1/3) / 2",
    explanation=r"""
At test time the random slope is replaced by its mean $(l + u)/2 = 11/48$, so
$\operatorname{RReLU}(-3) = -3 \cdot 11/48 = -0.6875$: a leaky ReLU with slope $11/48$.
""",
    wrong_answers=(WrongAnswer("-0.375", "mean", "used the lower bound"),
                   WrongAnswer("0", "mean", "treated it as ReLU")),
    hints={
        "bound": "You used one end of the interval; at test time RReLU uses the mean slope (l + u) / 2.",
        "relu": "RReLU is leaky: negative inputs keep a slope, the mean (l + u) / 2 at test time.",
        "identity": "Negative inputs are scaled down by the mean slope (l + u) / 2 at test time.",
    },
))

register(Exercise(
    id="catalog.selu.limit",
    title="How low can SELU go?",
    kind="predict",
    section="catalog/selu",
    prompt=r"""
SELU is $\lambda\,\mathrm{ELU}_\alpha$ with fixed $\lambda \approx 1.0507$ and
$\alpha \approx 1.6733$. Predict the limit of $\operatorname{SELU}(x)$ as $x \to -\infty$
(to within $\pm 0.01$), then check with `actfuncs.get("selu")(-np.inf)`.
""",
    checker=ValueChecker(functools.cache(lambda: _value("selu", -np.inf)), atol=0.01,
                         traps=(Trap(-1.0, "elu", 0.005), Trap(-1.6733, "lambda", 0.005),
                                Trap(-1.0507, "alpha", 0.005), Trap(0.0, "elu", 0.005))),
    solution="-1.0507 * 1.6733",
    explanation=r"""
$\lambda\alpha(e^{x} - 1) \to -\lambda\alpha \approx -1.7581$. Both constants enter: $\alpha$
sets where ELU levels off, $\lambda$ scales everything.
""",
    wrong_answers=(WrongAnswer("-1.6733", "lambda", "forgot lambda"),
                   WrongAnswer("-1", "lambda", "plain ELU")),
    hints={
        "elu": "That is plain ELU's limit (or ReLU's). SELU levels off at -lambda * alpha: "
               "both constants count.",
        "lambda": "-alpha is ELU's limit; SELU multiplies everything by lambda as well.",
        "alpha": "-lambda alone forgets alpha: the negative branch is lambda * alpha * (e^x - 1).",
    },
))


@functools.cache
def _mish_min() -> float:
    return _minimum_value("mish", -4.0, 0.0)


register(Exercise(
    id="catalog.mish.minimum",
    title="How far does Mish dip?",
    kind="predict",
    section="catalog/mish",
    prompt=r"""
Mish, like SiLU, dips below 0 for negative inputs. Predict whether it dips lower than SiLU
(whose minimum is about $-0.278$), then find Mish's minimum value to within $\pm 0.005$ with
`actfuncs.get("mish")` (for example on a fine grid of $x \in [-4, 0]$).
""",
    checker=ValueChecker(_mish_min, atol=0.005,
                         traps=(Trap(-0.2785, "silu", 0.004), Trap(-1.1924, "argmin", 0.05),
                                Trap(0.0, "zero", 0.004))),
    solution="-0.3088",
    explanation=r"""
A grid search (or `scipy.optimize.minimize_scalar`) gives a minimum of about $-0.309$ at
$x \approx -1.19$: Mish dips a little lower than SiLU, because $\tanh(\operatorname{softplus}(x))$
is larger than $\sigma(x)$ for negative $x$.
""",
    wrong_answers=(WrongAnswer("-0.2785", "SiLU", "SiLU's minimum"),
                   WrongAnswer("-1.19", "y value", "the x of the minimum")),
    hints={
        "silu": "-0.278 is SiLU's minimum; Mish's gate tanh(softplus(x)) lets a little more through for "
                "x < 0, so Mish dips lower. Evaluate it on a grid.",
        "argmin": "That is the x where Mish is lowest; the question asks for the y value there.",
        "zero": "Mish(0) = 0, but the curve dips below 0 for negative x.",
    },
))

register(Exercise(
    id="catalog.hard_swish.minimum",
    title="The lowest point of hard swish",
    kind="predict",
    section="catalog/hard_swish",
    prompt=r"""
Hard swish is $x\,\operatorname{ReLU6}(x + 3)/6$. On $[-3, 3]$ it is the parabola $x(x+3)/6$.
Predict its minimum value (to within $\pm 0.005$), then check with `actfuncs.get("hard_swish")`.
""",
    checker=ValueChecker(functools.cache(lambda: _minimum_value("hard_swish", -3.0, 0.0)), atol=0.005,
                         traps=(Trap(-0.2785, "silu", 0.004), Trap(-1.5, "argmin", 0.01))),
    solution="-3/8",
    explanation=r"""
$\frac{d}{dx}\,x(x+3)/6 = (2x + 3)/6 = 0$ at $x = -3/2$, where the value is $-3/8 = -0.375$:
lower than SiLU's $-0.2785$. The hard version copies SiLU's shape only roughly.
""",
    wrong_answers=(WrongAnswer("-0.2785", "SiLU", "SiLU's minimum"),
                   WrongAnswer("-1.5", "value", "the x of the minimum")),
    hints={
        "silu": "-0.278 is SiLU's minimum; hard swish is a parabola on [-3, 3]: set its derivative to 0.",
        "argmin": "x = -3/2 is where the minimum is; the question asks for the value there.",
    },
))

register(Exercise(
    id="catalog.swiglu.width",
    title="How wide is a SwiGLU output?",
    kind="predict",
    section="catalog/swiglu",
    prompt=r"""
A SwiGLU unit receives a vector of 8 numbers. Predict how many numbers it returns, then check
with `actfuncs.get("swiglu")(np.zeros(8)).shape`.
""",
    checker=ValueChecker(functools.cache(lambda: float(actfuncs.get("swiglu")(np.zeros(8)).shape[-1])),
                         atol=0.0, traps=(Trap(8.0, "half", 0.0), Trap(16.0, "half", 0.0))),
    solution="4",
    explanation=r"""
The input is split into two halves $[a, b]$ and the output is $\mathrm{SiLU}(a) \otimes b$, one
number per pair: 4. This is why the linear layer before a gated unit produces twice the width.
""",
    wrong_answers=(WrongAnswer("8", "halves", "thinks it is elementwise"),),
    hints={
        "half": "A gated unit splits its input into two halves [a, b] and multiplies them "
                "element by element.",
    },
))

register(Exercise(
    id="catalog.leaf.tanh",
    title="LEAF dressed as tanh",
    kind="predict",
    section="catalog/leaf",
    prompt=r"""
LEAF is $(p_1 x + p_2)\,\sigma(p_3 x) + p_4$. Predict $f(1)$ for $p_1 = 0$, $p_2 = 2$, $p_3 = 2$,
$p_4 = -1$ (to within $10^{-6}$), then check with `actfuncs.get("leaf", p1=0, p2=2, p3=2, p4=-1)(1.0)`.
Which familiar function is this?
""",
    checker=ValueChecker(functools.cache(lambda: _value("leaf", 1.0, p1=0.0, p2=2.0, p3=2.0, p4=-1.0)),
                         atol=1e-6,
                         traps=(Trap(0.7310585786, "silu", 1e-4), Trap(0.8807970780, "sigmoid", 1e-4),
                                Trap(1.7615941560, "shift", 1e-4))),
    solution="0.761594",
    explanation=r"""
With these parameters $f(x) = 2\sigma(2x) - 1 = \tanh x$, so $f(1) = \tanh 1 \approx 0.761594$.
The same four parameters also give SiLU ($1, 0, 1, 0$) and the sigmoid ($0, 1, 1, 0$): LEAF can
start as any of them and move between them during training.
""",
    wrong_answers=(WrongAnswer("0.7310585786", "p_1 = 0", "SiLU(1)"),
                   WrongAnswer("0.8807970780", "p_4", "sigma(2) without the factor and shift")),
    hints={
        "silu": "0.731 is SiLU(1) = 1 * sigma(1), LEAF's default. With p_1 = 0 the linear factor "
                "is just p_2 = 2.",
        "sigmoid": "sigma(2) is only part of it: multiply by p_2 = 2 and add p_4 = -1.",
        "shift": "Do not forget p_4 = -1.",
    },
))
