r"""Catalog exercises, second set: one for each catalog section the first set left without one
(identity, PReLU, softsign, hard sigmoid, hard tanh, CELU, the GELU tanh approximation, GLU,
GeGLU and the KAN spline).

As in :mod:`actfuncs.exercises.sets.catalog`, every answer key is computed by the package: a
function answer is compared with the registry, a number with a value the registry (or the
package's KAN grid) gives, and the correct option of the choice is found by evaluating the
derivatives.
"""

from __future__ import annotations

import functools

import numpy as np

import actfuncs
from actfuncs.exercises.checkers import (
    IDENTITY_PROBES,
    STABLE_PROBES,
    Choice,
    ChoiceChecker,
    FunctionChecker,
    Probe,
    Reference,
    Trap,
    ValueChecker,
)
from actfuncs.exercises.core import Exercise, WrongAnswer, register
from actfuncs.exercises.sets.catalog import src
from actfuncs.exercises.sets.debugging import fix
from actfuncs.experiments.linearity import collapse
from actfuncs.functions.learnable import KAN_ORDER, kan_knots

# -- identity: the slope of a deep linear network ------------------------------------------------
#: a network of width 1: z_k = w_k h_{k-1} + b_k, h_k = identity(z_k)
CHAIN_W = (2.0, -0.5, 3.0, 0.25)
CHAIN_B = (1.0, 4.0, -2.0, 0.5)


def identity_chain(x0: float) -> tuple[float, float]:
    r"""``(y, dy/dx)`` of the width-1 identity network at ``x0``, by the chain rule through
    ``actfuncs.get("identity")`` and its ``grad``: $dy/dx = \prod_k w_k\,f'(z_k)$."""
    ident = actfuncs.get("identity")
    h, slope = float(x0), 1.0
    for w, b in zip(CHAIN_W, CHAIN_B, strict=True):
        z = w * h + b
        slope *= w * float(ident.grad(z))
        h = float(ident(z))
    return h, slope


def _collapsed_chain() -> tuple[float, float]:
    """``(W, b)`` of the single affine map the chain collapses to (the package's ``collapse``)."""
    W, b = collapse([np.array([[w]]) for w in CHAIN_W], [np.array([b]) for b in CHAIN_B])
    return float(W[0, 0]), float(b[0])


_SLOPE = functools.cache(lambda: identity_chain(7.0)[1])
_CHAIN_HINT = (
    "The identity's own derivative is 1, but each layer also multiplies by its weight: by the "
    "chain rule dy/dx = w1 * f'(z1) * w2 * f'(z2) * w3 * f'(z3) * w4 * f'(z4), a product."
)

register(Exercise(
    id="catalog.identity.slope",
    title="The slope of a deep identity network",
    kind="predict",
    section="catalog/identity",
    prompt=r"""
A network with one input and one output has four layers of width 1,
$z_k = w_k h_{k-1} + b_k$ and $h_k = f(z_k)$ with $f$ the identity, $h_0 = x$ and $y = h_4$.
The weights are $w = (2, -0.5, 3, 0.25)$ and the biases $b = (1, 4, -2, 0.5)$. Predict
$dy/dx$ at $x = 7$, then compute it by the chain rule with `actfuncs.get("identity").grad`.
Would it be different at $x = -100$?
""",
    checker=ValueChecker(
        _SLOPE, atol=1e-9,
        traps=(Trap(1.0, "one"), Trap(float(sum(CHAIN_W)), "sum"),
               Trap(-identity_chain(7.0)[1], "sign"), Trap(identity_chain(7.0)[0], "output")),
    ),
    solution="2 * -0.5 * 3 * 0.25",
    explanation=r"""
$f'(z) = 1$ everywhere, so the chain rule leaves only the weights:
$dy/dx = w_1 w_2 w_3 w_4 = -0.75$, at $x = 7$, at $x = -100$ and at every other input. A function
whose slope is the same everywhere is affine: the four layers collapse to one,
$y = -0.75\,x + c$ (`actfuncs.experiments.linearity.collapse` computes $c$). Depth buys nothing
without a non-linearity.
""",
    wrong_answers=(
        WrongAnswer("1", "multiplies by its weight", "the identity's derivative alone"),
        WrongAnswer("2 - 0.5 + 3 + 0.25", "multiply", "added the weights"),
        WrongAnswer(str(identity_chain(7.0)[0]), "output", "computed y(7), not the slope"),
    ),
    hints={
        "one": _CHAIN_HINT,
        "sum": "Slopes of stacked layers multiply (chain rule), they do not add: dy/dx = w1 w2 w3 w4.",
        "sign": "Check the sign: one of the four weights is negative.",
        "output": "That is y(7), the network's output; the question asks for its slope dy/dx.",
        "too_high": _CHAIN_HINT,
        "too_low": _CHAIN_HINT,
    },
))

# -- PReLU: the gradient with respect to the slope -----------------------------------------------
register(Exercise(
    id="catalog.prelu.alpha_grad",
    title="PReLU's gradient with respect to its slope",
    kind="derivative",
    section="catalog/prelu",
    prompt=r"""
PReLU's slope $\alpha$ is learned, so back-propagation needs $\partial f/\partial\alpha$ as well
as $\partial f/\partial x$. Derive it, then implement `prelu_alpha_grad(x)`: the per-element
$\partial f/\partial\alpha$ for NumPy arrays (with $\alpha = 0.25$; does the answer depend on
$\alpha$?). NaN must propagate, and `float32` stays `float32`.
""",
    checker=FunctionChecker(Reference("prelu", "param_grad", {"alpha": 0.25}, args=("alpha",)),
                            STABLE_PROBES, rtol=0.0),
    solution=src("""
        def prelu_alpha_grad(x):
            # f = x for x >= 0 (no alpha in it), f = alpha * x for x < 0 (slope x in alpha)
            return np.minimum(x, 0)
    """),
    starter="def prelu_alpha_grad(x):\n    ...",
    explanation=r"""
For $x \ge 0$, $f(x) = x$ does not involve $\alpha$: the derivative is 0. For $x < 0$,
$f(x) = \alpha x$ is linear in $\alpha$ with slope $x$. Together $\partial f/\partial\alpha =
\min(0, x)$, whatever $\alpha$ is. The gradient of one slope shared by many elements (a channel)
is the sum of these, weighted by the upstream gradient, as the pitfall above computes.
""",
    wrong_answers=(
        WrongAnswer(src("""
            def prelu_alpha_grad(x):
                return np.where(x < 0, 0.25, 1.0)
        """), "x itself", "the derivative with respect to x instead"),
        WrongAnswer(src("""
            def prelu_alpha_grad(x):
                return x
        """), "does not involve", "forgot that the positive side has no alpha"),
        WrongAnswer(src("""
            def prelu_alpha_grad(x):
                return np.where(x < 0, x, 0)
        """), "NaN", "np.where replaces NaN by 0"),
    ),
    hints={
        "grid-": (
            "For x < 0, f(x) = alpha * x: as a function of alpha its slope is x itself (at x = {x} "
            "that is {expected}), not alpha and not 1; you returned {got}."
        ),
        "grid+": (
            "For x > 0, f(x) = x does not involve alpha, so its derivative with respect to alpha "
            "is 0 (at x = {x} you returned {got})."
        ),
    },
))

# -- softsign: the limits at infinity -----------------------------------------------------------
register(Exercise(
    id="catalog.softsign.implement",
    title="Softsign, including its limits",
    kind="implement",
    section="catalog/softsign",
    prompt=r"""
Implement $\operatorname{softsign}(x) = x/(1 + |x|)$ for NumPy arrays: the limits $\pm 1$ at
$\pm\infty$, no warning anywhere, NaN propagated, `float32` kept. Before running it, predict
$\operatorname{softsign}(100)$ and compare with $\tanh(100)$.
""",
    checker=FunctionChecker(Reference("softsign"), STABLE_PROBES, rtol=1e-12),
    solution=src("""
        def softsign(x):
            x = np.asarray(x)
            inf = np.isinf(x)
            finite = np.where(inf, 0, x)  # keep +-inf out of the division: inf / inf is NaN
            return np.where(inf, np.sign(x), finite / (1 + np.abs(finite)))
    """),
    starter="def softsign(x):\n    ...",
    explanation=r"""
The formula is exact for every finite input, even $10^{300}$ (where $1 + |x|$ rounds to $|x|$
and the quotient to 1). Only $\pm\infty$ need care: $\infty/\infty$ is NaN, so they are replaced
before the division and given their limits $\pm 1$ afterwards. $\operatorname{softsign}(100) =
100/101$: the tails approach $\pm 1$ only like $1/x$, whereas $\tanh(100)$ rounds to exactly 1.
""",
    wrong_answers=(
        WrongAnswer(src("""
            def softsign(x):
                return x / (1 + np.abs(x))
        """), "limit", "inf / inf at x = inf"),
        WrongAnswer(src("""
            def softsign(x):
                return x / (1 + x)
        """), "|x|", "dropped the absolute value"),
        WrongAnswer(src("""
            def softsign(x):
                return np.tanh(x)
        """), "tanh", "the look-alike"),
    ),
    hints={
        "invalid": (
            "At x = {x} the division is inf / inf ({warning}), which is NaN, but the limit of "
            "x / (1 + |x|) is +-1. Replace +-inf before dividing (np.isinf) and return np.sign(x) "
            "there."
        ),
        "inf": (
            "At x = {x} the answer is the limit {expected}; inf / inf gives NaN. Replace +-inf "
            "before dividing (np.isinf) and return np.sign(x) there."
        ),
        "divide": (
            "At x = {x} your denominator is 0 ({warning}): softsign divides by 1 + |x|, which is "
            "never below 1."
        ),
        "grid": (
            "softsign is x / (1 + |x|): with |x| in the denominator, not x, and not tanh, which it "
            "only resembles. At x = {x} expected {expected}, got {got}."
        ),
    },
))

# -- hard sigmoid: the Keras convention -------------------------------------------------------------
_HS_HINT = (
    "The package's (and PyTorch's) hard sigmoid is ReLU6(x + 3)/6 = clip(x/6 + 1/2, 0, 1): 0 at "
    "x = -3, 1/2 at 0 and 1 at 3. At x = {x} expected {expected}, got {got}."
)
fix(
    "catalog.hard_sigmoid.keras", "Port an old Keras hard sigmoid", "catalog/hard_sigmoid",
    "A model trained with an older Keras is moved to a framework that uses the package's "
    "convention, $\\operatorname{ReLU6}(x + 3)/6$. Its code computes the hard sigmoid as:",
    src("""
        def hard_sigmoid(x):
            return np.clip(0.2 * x + 0.5, 0.0, 1.0)
    """),
    Probe("x = -2.5, -1, 1, 2.5", np.array([-2.5, -1.0, 1.0, 2.5])),
    Reference("hard_sigmoid"),
    src("""
        def hard_sigmoid(x):
            return np.clip(x + 3, 0, 6) / 6  # ReLU6(x + 3) / 6
    """),
    (
        WrongAnswer("", "ReLU6(x + 3)/6"),
        WrongAnswer(src("""
            def hard_sigmoid(x):
                return (x + 3) / 6
        """), "flat", "forgot the clip"),
        WrongAnswer(src("""
            def hard_sigmoid(x):
                return np.minimum(np.maximum(x + 3, 0), 6)
        """), "ReLU6(x + 3)/6", "forgot the division by 6"),
    ),
    hints={
        "grid": _HS_HINT,
        "mid": (
            "Outside [-3, 3] hard sigmoid is flat, 0 on the left and 1 on the right: clip the line "
            "(at x = {x} expected {expected}, got {got})."
        ),
    },
    explanation=r"""
The old Keras line $0.2x + 0.5$ is steeper (slope $1/5$ instead of $1/6$) and reaches 0 and 1
at $\pm 2.5$ instead of $\pm 3$, so every input between $-3$ and 3 except 0 changes. Clipping $x + 3$ to
$[0, 6]$ and dividing by 6 is the package's form; $x + 3$ is exact near $-3$, so values next to
the lower corner keep their digits.
""",
)

# -- hard tanh: which inputs pass a gradient ----------------------------------------------------
HARD_TANH_INPUTS = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0)


@functools.cache
def _hard_tanh_passing() -> float:
    g = actfuncs.get("hard_tanh").grad(np.array(HARD_TANH_INPUTS))
    return float(np.count_nonzero(g))


register(Exercise(
    id="catalog.hard_tanh.grad",
    title="Which inputs does hard tanh let a gradient through?",
    kind="predict",
    section="catalog/hard_tanh",
    prompt=r"""
For the seven inputs $x = -2, -1, -0.5, 0, 0.5, 1, 2$, how many get a non-zero derivative from
hard tanh (bounds $\pm 1$)? Mind the two kinks. Predict, then count with
`np.count_nonzero(actfuncs.get("hard_tanh").grad(x))`.
""",
    checker=ValueChecker(_hard_tanh_passing, atol=0.0,
                         traps=(Trap(5.0, "kink"), Trap(4.0, "kink"), Trap(7.0, "flat"))),
    solution="3",
    explanation=r"""
The derivative is 1 strictly inside $(-1, 1)$ and 0 outside. At the kinks $x = \pm 1$ it is not
defined; the package, like PyTorch, takes 0 there. So only $-0.5$, $0$ and $0.5$ pass a
gradient: a unit driven to its bounds stops learning.
""",
    wrong_answers=(
        WrongAnswer("5", "kink", "counted the kinks as passing"),
        WrongAnswer("7", "flat", "treated hard tanh as the identity"),
    ),
    hints={
        "kink": (
            "At the kinks x = -1 and x = 1 the derivative is not defined; the package (like "
            "PyTorch) uses 0 there, the slope of the flat side."
        ),
        "flat": "Outside [-1, 1] hard tanh is flat, so x = -2 and x = 2 get a zero derivative.",
        "too_high": "Outside (-1, 1) hard tanh is flat, and at the kinks +-1 the package uses 0.",
        "too_low": "Strictly inside (-1, 1) hard tanh is the identity, with slope 1.",
    },
))

# -- CELU: a continuous derivative at 0 ----------------------------------------------------------
_C1_ALPHA = 2.0
_C1_OPTIONS = (  # (letter, registry name, parameters, text)
    ("A", "relu", {}, "ReLU"),
    ("B", "leaky_relu", {"alpha": 0.01}, "Leaky ReLU (alpha = 0.01)"),
    ("C", "elu", {"alpha": _C1_ALPHA}, "ELU (alpha = 2)"),
    ("D", "selu", {}, "SELU"),
    ("E", "celu", {"alpha": _C1_ALPHA}, "CELU (alpha = 2)"),
)


def one_sided_slopes(name: str, h: float = 1e-9, **params: float) -> tuple[float, float]:
    """``(f'(-h), f'(+h))`` of a registry activation: its slopes just left and right of 0."""
    g = actfuncs.get(name, **params).grad
    return float(g(-h)), float(g(h))


def _c1_choices() -> tuple[Choice, ...]:
    why = {
        "relu": "ReLU's slope jumps from 0 to 1 at x = 0: a kink.",
        "leaky_relu": "Leaky ReLU's slope jumps from alpha = 0.01 to 1 at x = 0.",
        "elu": "ELU's left slope alpha * e^x tends to alpha = 2 at 0, its right slope is 1: the "
               "derivative is continuous only for alpha = 1.",
        "selu": "SELU's slope jumps from lambda * alpha to lambda at x = 0 (its negative branch "
                "is scaled by both constants).",
        "celu": "CELU's left slope e^(x/alpha) tends to 1 at 0, equal to its right slope, for "
                "every alpha: that is what CELU was designed for.",
    }
    out = []
    for key, name, params, text in _C1_OPTIONS:
        left, right = one_sided_slopes(name, **params)
        out.append(Choice(key, name, text, abs(left - right) < 1e-6,
                          f"{why[name]} (Measured: f'(-1e-9) = {left:.4g}, f'(1e-9) = {right:.4g}.)"))
    return tuple(out)


register(Exercise(
    id="catalog.celu.smooth",
    title="Which unit has no kink in its slope?",
    kind="choose",
    section="catalog/celu",
    prompt=r"""
Which of these units has a derivative that is continuous at $x = 0$ (the same slope just left
and just right of 0)? Decide from the formulas, then check with `.grad(-1e-9)` and
`.grad(1e-9)` of each.
""",
    checker=ChoiceChecker(_c1_choices()),
    solution='"E"',
    explanation=r"""
ELU's negative branch $\alpha(e^x - 1)$ has slope $\alpha$ at 0; CELU's
$\alpha(e^{x/\alpha} - 1)$ has slope 1 for every $\alpha$, which matches the positive side. For
$\alpha = 1$ the two functions coincide.
""",
    wrong_answers=(
        WrongAnswer('"C"', "only for alpha = 1", "ELU's slope on the left is alpha"),
        WrongAnswer('"D"', "lambda", "SELU inherits ELU's jump"),
        WrongAnswer('"relu"', "kink", "ReLU"),
    ),
))

# -- GELU tanh approximation: the sigmoid form --------------------------------------------------
_GT_HINT = (
    "(1 + tanh(u)) / 2 = sigmoid(2u), so the approximation is x * sigmoid(2u) with "
    "u = sqrt(2/pi) * (x + 0.044715 x^3): the factor 2 and the cubic term both count "
    "(x * sigmoid(1.702 x) is yet another approximation). At x = {x} expected {expected}, got {got}."
)

register(Exercise(
    id="catalog.gelu_tanh.sigmoid_form",
    title="The tanh approximation is a sigmoid gate",
    kind="derive",
    section="catalog/gelu_tanh",
    prompt=r"""
Show that $\tfrac{1}{2}(1 + \tanh u) = \sigma(2u)$, so that the tanh approximation of GELU is
$x\,\sigma\bigl(2\sqrt{2/\pi}\,(x + 0.044715\,x^3)\bigr)$: a gate like SiLU's, with a cubic
inside. Verify it: write `gelu_tanh_via_sigmoid(x)` using only the package's sigmoid,
`sig = actfuncs.get("sigmoid")`.
""",
    checker=FunctionChecker(Reference("gelu_tanh"), IDENTITY_PROBES, rtol=1e-9, atol=1e-15),
    solution=src("""
        import actfuncs

        sig = actfuncs.get("sigmoid")

        def gelu_tanh_via_sigmoid(x):
            u = np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)
            return x * sig(2 * u)
    """),
    explanation=r"""
$\tfrac{1}{2}(1 + \tanh u) = \tfrac{1}{2}\bigl(1 + \tfrac{1 - e^{-2u}}{1 + e^{-2u}}\bigr)
= \tfrac{1}{1 + e^{-2u}} = \sigma(2u)$. Written this way the left tail needs no cancellation of
$1 + \tanh u$ (which rounds to 0 long before the true value underflows).
""",
    wrong_answers=(
        WrongAnswer(src("""
            import actfuncs
            sig = actfuncs.get("sigmoid")
            def gelu_tanh_via_sigmoid(x):
                return x * sig(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))
        """), "sigmoid(2u)", "forgot the factor 2 in the argument"),
        WrongAnswer(src("""
            import actfuncs
            sig = actfuncs.get("sigmoid")
            def gelu_tanh_via_sigmoid(x):
                return x * sig(1.702 * x)
        """), "1.702", "the sigmoid approximation of GELU, a different function"),
    ),
    hints={"grid": _GT_HINT, "mid": _GT_HINT},
))

# -- GLU: split the last axis into halves ---------------------------------------------------------
_GLU_VEC = Probe("the vector [1, 2, 3, 4] (a = [1, 2], b = [3, 4])", np.array([1.0, 2.0, 3.0, 4.0]),
                 region="halves")
_GLU_BATCH = Probe("a batch of shape (2, 6), split along the last axis",
                   np.arange(12.0).reshape(2, 6) / 3 - 2, region="axis")
_GLU_LARGE = Probe("the gates +-1000: x = [2, -3, 1000, -1000]", np.array([2.0, -3.0, 1000.0, -1000.0]),
                   region="large")
_GLU_F32 = Probe("float32 [1, 2, 3, 4] (the result must stay float32)",
                 np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32), region="halves")
_GLU_ODD = Probe("an odd last axis, shape (2, 5)", np.arange(10.0).reshape(2, 5), raises=ValueError)
GLU_PROBES = (_GLU_VEC, _GLU_BATCH, _GLU_LARGE, _GLU_F32, _GLU_ODD)

register(Exercise(
    id="catalog.glu.implement",
    title="GLU from its two halves",
    kind="implement",
    section="catalog/glu",
    prompt=r"""
Implement `glu(x)`: split the last axis of `x` into a first half $a$ and a second half $b$ and
return $a \otimes \sigma(b)$, for a single vector and for a batch. Gates of $\pm 1000$ must not
overflow, `float32` stays `float32`, and an odd last axis, which has no halves, must raise
`ValueError` (as `actfuncs.get("glu")` does).
""",
    checker=FunctionChecker(Reference("glu"), GLU_PROBES, rtol=1e-12),
    solution=src("""
        def glu(x):
            x = np.asarray(x)
            if x.shape[-1] % 2:
                raise ValueError(f"glu needs an even last axis; got shape {x.shape}")
            a, b = np.split(x, 2, axis=-1)  # first half a, second half b
            z = np.exp(-np.abs(b))  # a stable sigmoid of b: exp never sees a positive argument
            return a * np.where(b >= 0, 1 / (1 + z), z / (1 + z))
    """),
    starter="def glu(x):\n    ...",
    explanation=r"""
`np.split(x, 2, axis=-1)` gives the halves (and would itself refuse an odd length); the check
before it says why. The sigmoid is the stable one from {ref}`the sigmoid exercise
<ex-catalog-sigmoid-stable>`. The output is half as wide as the input.
""",
    wrong_answers=(
        WrongAnswer(src("""
            def glu(x):
                a, b = np.split(x, 2, axis=-1)
                z = np.exp(-np.abs(a))
                return np.where(a >= 0, 1 / (1 + z), z / (1 + z)) * b
        """), "first half", "gated the wrong half"),
        WrongAnswer(src("""
            def glu(x):
                a, b = x[..., ::2], x[..., 1::2]
                z = np.exp(-np.abs(b))
                return a * np.where(b >= 0, 1 / (1 + z), z / (1 + z))
        """), "first half", "interleaved instead of halves"),
        WrongAnswer(src("""
            def glu(x):
                a, b = np.split(x, 2, axis=-1)
                return a / (1 + np.exp(-b))
        """), "overflow", "the textbook sigmoid overflows at b = -1000"),
        WrongAnswer(src("""
            def glu(x):
                n = x.shape[-1] // 2
                z = np.exp(-np.abs(x[..., n:2 * n]))
                return x[..., :n] * np.where(x[..., n:2 * n] >= 0, 1 / (1 + z), z / (1 + z))
        """), "raise", "silently drops the last element of an odd axis"),
    ),
    hints={
        "halves": (
            "GLU(a, b) = a * sigmoid(b), where a is the first half of the last axis and b the "
            "second half (not every other element); the sigmoid goes on b. On {label}: expected "
            "{expected}, got {got}."
        ),
        "axis": (
            "Split along the last axis (np.split(x, 2, axis=-1)), so every row of a batch is "
            "split on its own: expected {expected}, got {got}."
        ),
        "overflow": (
            "exp overflows on {x} ({warning}): compute the sigmoid of b with z = exp(-|b|), "
            "1/(1+z) for b >= 0 and z/(1+z) for b < 0."
        ),
        "must_raise": (
            "On {label} there are no two halves: raise ValueError (check x.shape[-1] % 2) instead "
            "of silently dropping an element."
        ),
    },
))

# -- GeGLU: the output shape --------------------------------------------------------------------
GEGLU_SHAPE = (2, 5, 12)
_GEGLU_SIZE = functools.cache(lambda: float(actfuncs.get("geglu")(np.zeros(GEGLU_SHAPE)).size))

register(Exercise(
    id="catalog.geglu.shape",
    title="How many numbers leave a GeGLU?",
    kind="predict",
    section="catalog/geglu",
    prompt=r"""
A batch of 2 sequences of 5 tokens, each token a vector of 12 numbers (shape $(2, 5, 12)$), goes
through GeGLU, split along the last axis. Predict how many numbers the output holds in total,
then check with `actfuncs.get("geglu")(np.zeros((2, 5, 12))).size`.
""",
    checker=ValueChecker(
        _GEGLU_SIZE, atol=0.0,
        traps=(Trap(float(np.prod(GEGLU_SHAPE)), "half"), Trap(GEGLU_SHAPE[-1] / 2, "total"),
               Trap(float(GEGLU_SHAPE[-1]), "total")),
    ),
    solution="2 * 5 * 6",
    explanation=r"""
Only the split axis changes: every token's 12 numbers become the halves $a$ and $b$ of 6 each,
and $\operatorname{GELU}(a) \otimes b$ has 6. The output has shape $(2, 5, 6)$, 60 numbers;
batch and sequence axes pass through unchanged.
""",
    wrong_answers=(
        WrongAnswer("2 * 5 * 12", "halves", "thinks GeGLU is elementwise"),
        WrongAnswer("6", "every token", "counted one token only"),
    ),
    hints={
        "half": (
            "GeGLU is not elementwise: it splits each token's vector into two halves a and b and "
            "returns GELU(a) * b, one number per pair."
        ),
        "total": "That is one token's output; the question asks for every token of every sequence.",
        "too_high": "The split axis is halved; the other axes pass through unchanged.",
        "too_low": "Only the split axis is halved; batch and sequence axes pass through unchanged.",
    },
))

# -- KAN: the parameters of a layer --------------------------------------------------------------
KAN_IN, KAN_OUT, KAN_REFINED = 4, 3, 10


def kan_edge_parameters(intervals: int) -> int:
    """Learnable numbers of one ``kan_spline`` edge on a grid of ``intervals`` intervals: one
    coefficient per B-spline (``intervals + KAN_ORDER``) plus every scalar learnable parameter
    of the registry entry (``w_b`` and ``w_s``)."""
    n_coef = len(kan_knots(size=intervals)) - KAN_ORDER - 1
    scalars = [p for p in actfuncs.spec("kan_spline").params if p.learnable and not p.array_ok]
    return n_coef + len(scalars)


def kan_layer_parameters(n_in: int, n_out: int, intervals: int) -> int:
    """Learnable numbers of a KAN layer: one edge function per (input, output) pair."""
    return n_in * n_out * kan_edge_parameters(intervals)


_EDGES = KAN_IN * KAN_OUT
_KAN_ANSWER = functools.cache(lambda: float(kan_layer_parameters(KAN_IN, KAN_OUT, KAN_REFINED)))

register(Exercise(
    id="catalog.kan_spline.params",
    title="Counting the parameters of a KAN layer",
    kind="predict",
    section="catalog/kan_spline",
    prompt=r"""
A KAN layer with 4 inputs and 3 outputs puts one `kan_spline` edge function on every
input-output pair. The package's grid has 5 intervals on $[-1, 1]$; the paper refines grids
during training. Predict the number of learnable numbers in the layer once the grid has
$G = 10$ intervals (cubic B-splines; every edge keeps its own $w_b$ and $w_s$), then check
with `kan_knots(size=10)` from `actfuncs.functions.learnable` (a cubic spline has
`len(knots) - 4` coefficients).
""",
    checker=ValueChecker(
        _KAN_ANSWER, atol=0.0,
        traps=(Trap(float(_EDGES * (KAN_REFINED + 2)), "extra"),
               Trap(float(_EDGES * (KAN_REFINED + KAN_ORDER)), "weights"),
               Trap(float(kan_layer_parameters(KAN_IN, KAN_OUT, 5)), "default"),
               Trap(float(_EDGES * (len(kan_knots(size=KAN_REFINED)) + 2)), "knots"),
               Trap(float(_EDGES + KAN_OUT), "mlp")),
    ),
    solution="4 * 3 * ((10 + 3) + 2)",
    explanation=r"""
A cubic spline on $G$ uniform intervals, with the grid extended by 3 knots on each side, has
$G + 3$ basis functions, so 13 coefficients for $G = 10$ (8 for the package's $G = 5$). With
$w_b$ and $w_s$ an edge has 15 learnable numbers, and the layer's $4 \times 3$ edges have 180,
against 15 weights and biases for a dense layer of the same shape.
""",
    wrong_answers=(
        WrongAnswer("4 * 3 * (10 + 2)", "G + 3", "one coefficient per interval"),
        WrongAnswer("4 * 3 * (10 + 3)", "w_b", "forgot the two scalar weights"),
        WrongAnswer("4 * 3 + 3", "edge", "counted a dense layer"),
    ),
    hints={
        "extra": "A cubic spline on G intervals has G + 3 basis functions (one per interval is "
                 "too few: the 3 extra knots on each side add 3).",
        "weights": "Besides its G + 3 spline coefficients, every edge also learns w_b (SiLU base) "
                   "and w_s (spline scale).",
        "default": "That is the package's grid of 5 intervals; the question refines it to G = 10.",
        "knots": "Count coefficients, not knots: a cubic spline has len(knots) - 4 coefficients.",
        "mlp": "That is a dense layer (one weight per edge plus biases); a KAN edge carries a whole "
               "spline: G + 3 coefficients plus w_b and w_s.",
        "too_high": "Per edge: G + 3 spline coefficients plus w_b and w_s; 4 x 3 edges.",
        "too_low": "Per edge: G + 3 spline coefficients plus w_b and w_s; 4 x 3 edges.",
    },
))
