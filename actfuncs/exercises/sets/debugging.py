r"""Debugging exercises: fix hand-written code in the style of source 004 (and 003).

Each exercise shows a broken snippet (rewritten in our own words, with the source's defect kept),
checks the learner's fix first on the input that breaks the original, then on every tricky
input.  The broken snippet itself is the first typical wrong answer, so the tests prove it fails.
"""

from __future__ import annotations

import numpy as np

from actfuncs.exercises.checkers import (
    FLOAT32,
    NAN,
    STABLE_PROBES,
    FunctionChecker,
    Probe,
    Reference,
)
from actfuncs.exercises.core import Exercise, WrongAnswer, register
from actfuncs.exercises.sets.catalog import SOFTMAX_PROBES, STABLE_SOFTMAX, src


def fix(exercise_id: str, title: str, section: str, what: str, broken: str, breaking: Probe,
        checker_ref: Reference, solution: str, wrong: tuple[WrongAnswer, ...],
        hints: dict[str, str] | None = None, probes: tuple[Probe, ...] = STABLE_PROBES,
        rtol: float = 1e-12, atol: float = 0.0, explanation: str = "") -> Exercise:
    """Register a fix-a-broken-snippet exercise; ``breaking`` is checked first."""
    prompt = (f"{what}\n\n```python\n{broken.rstrip()}\n```\n\nFind an input where it fails "
              f"({breaking.label} is a good start), explain why, and write a fixed version.")
    return register(Exercise(
        id=exercise_id, title=title, kind="fix", section=section, prompt=prompt,
        checker=FunctionChecker(checker_ref, (breaking, *probes), rtol=rtol, atol=atol),
        solution=solution,
        wrong_answers=(WrongAnswer(broken, wrong[0].hint_keyword, "the broken original"),
                       *wrong[1:]),
        hints=hints or {}, explanation=explanation,
    ))


_CLIPPED_SIGMOID = src("""
    def sigmoid(z):
        z = np.clip(z, -500, 500)  # "prevents overflow"
        return 1 / (1 + np.exp(-z))
""")
_CLIP_TAIL = (
    "At x = {x} the true value {expected} is a perfectly representable float, but the clipped "
    "version returns {got}: clipping changes the answer for every input beyond the bound. Remove "
    "the clip; with z = exp(-|x|) nothing can overflow in the first place."
)
fix(
    "debugging.source004.clip", "Fix the clip(-500, 500) sigmoid", "debugging/handwritten-code",
    "Source 004 protects its sigmoid from overflow by clipping the input:",
    _CLIPPED_SIGMOID,
    Probe("x = -600, -700, -1000", np.array([-600.0, -700.0, -1000.0])),
    Reference("sigmoid"),
    src("""
        def sigmoid(z):
            z = np.asarray(z)
            e = np.exp(-np.abs(z))  # never overflows, no clip needed
            r = 1 / (1 + e)
            return np.where(z >= 0, r, e * r)
    """),
    (
        WrongAnswer("", "clip"),
        WrongAnswer(src("""
            def sigmoid(z):
                z = np.clip(z, -700, 700)
                return 1 / (1 + np.exp(-z))
        """), "clip", "a wider clip moves the error, it does not remove it"),
        WrongAnswer(src("""
            def sigmoid(z):
                return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
        """), "both branches", "np.where computes both branches"),
    ),
    {"tail-": _CLIP_TAIL},
    explanation=r"""
$\sigma(-600) = e^{-600}/(1 + e^{-600}) \approx 2.7\times 10^{-261}$, but the clipped version
returns $\sigma(-500) \approx 7.1\times 10^{-218}$: 43 orders of magnitude off. In float32 the
clip does not even prevent the overflow ($e^{500}$ is far beyond float32's range). The stable
form needs no clip at all.
""",
)

fix(
    "debugging.source004.sigmoid_deriv", "Fix sigmoid' = s(1 - s)", "debugging/handwritten-code",
    "Source 004 computes the sigmoid's derivative from the clipped sigmoid above:",
    _CLIPPED_SIGMOID + "\n\n" + src("""
        def sigmoid_deriv(z):
            s = sigmoid(z)
            return s * (1 - s)
    """),
    Probe("x = 30, 37, 40", np.array([30.0, 37.0, 40.0])),
    Reference("sigmoid", "grad"),
    src("""
        def sigmoid_deriv(z):
            z = np.asarray(z)
            e = np.exp(-np.abs(z))  # sigma'(z) = sigma(z) sigma(-z) = e / (1 + e)^2
            return e / (1 + e) ** 2
    """),
    (
        WrongAnswer("", "cancellation"),
        WrongAnswer(src("""
            def sigmoid_deriv(z):
                e = np.exp(-np.abs(z))
                s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
                return s * (1 - s)
        """), "cancellation", "a stable sigmoid does not save 1 - s"),
    ),
    {"tail+": (
        "At x = {x} you returned {got} instead of {expected}: sigmoid(x) rounds to a number "
        "next to 1 (exactly 1 from x = 37 on), so 1 - s is catastrophic cancellation. Use "
        "1 - sigmoid(x) = sigmoid(-x), i.e. sigma' = e / (1 + e)^2 with e = exp(-|x|)."
    )},
    explanation=r"""
For $z = 37$, $\sigma(z) = 1/(1 + 8.5\times 10^{-17})$ rounds to exactly 1.0, so $s(1-s) = 0$,
although $\sigma'(37) \approx 8.5\times 10^{-17}$. Writing $1 - \sigma(z) = \sigma(-z)$ avoids
the subtraction.
""",
)

fix(
    "debugging.source004.softplus", "Fix the clipped softplus", "debugging/handwritten-code",
    "Source 004's softplus clips its input as well:",
    src("""
        def softplus(z):
            z = np.clip(z, -500, 500)
            return np.log1p(np.exp(z))
    """),
    Probe("x = 600, 1000, 1e300", np.array([600.0, 1000.0, 1e300])),
    Reference("softplus"),
    src("""
        def softplus(z):
            z = np.asarray(z)
            return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))
    """),
    (
        WrongAnswer("", "clip"),
        WrongAnswer(src("""
            def softplus(z):
                return np.where(z > 20, z, np.log1p(np.exp(z)))
        """), "both branches", "the threshold branch still overflows under np.where"),
    ),
    {"tail+": (
        "At x = {x} the clipped softplus returns {got} instead of {expected}: softplus(x) >= x, "
        "so clipping at 500 makes softplus(1000) = 500. Use max(x, 0) + log1p(exp(-|x|)): no "
        "clip and no threshold needed."
    )},
)

fix(
    "debugging.source004.elu", "Fix the np.where ELU", "debugging/handwritten-code",
    "Sources 003 and 004 write ELU with np.where:",
    src("""
        def elu(z, alpha=1.0):
            return np.where(z >= 0, z, alpha * (np.exp(z) - 1))
    """),
    Probe("x = 1000 and x = -1e-12", np.array([1000.0, -1e-12])),
    Reference("elu", params={"alpha": 1.0}),
    src("""
        def elu(z, alpha=1.0):
            z = np.asarray(z)
            return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))
    """),
    (
        WrongAnswer("", "both branches"),
        WrongAnswer(src("""
            def elu(z, alpha=1.0):
                return np.where(z >= 0, z, alpha * np.expm1(z))
        """), "both branches", "expm1 fixes the accuracy but the branch still overflows"),
        WrongAnswer(src("""
            def elu(z, alpha=1.0):
                return np.where(z >= 0, z, alpha * (np.exp(np.minimum(z, 0)) - 1))
        """), "expm1", "no overflow, but exp(z) - 1 cancels near 0"),
    ),
    {"tiny-": (
        "At x = {x} you returned {got} instead of {expected}: exp(x) - 1 cancels for tiny x. Use "
        "np.expm1, which computes e^x - 1 accurately."
    )},
)

fix(
    "debugging.source004.softmax", "Fix the whole-array softmax", "debugging/handwritten-code",
    "Sources 003 and 004 subtract one maximum and divide by one sum for the whole array:",
    src("""
        def softmax(z, axis=-1):
            shift = z - np.max(z)
            e = np.exp(shift)
            return e / np.sum(e)
    """),
    Probe("a batch of shape (3, 4)", SOFTMAX_PROBES[3].x, region="axis"),
    Reference("softmax"),
    STABLE_SOFTMAX,
    (
        WrongAnswer("", "axis"),
        WrongAnswer(src("""
            def softmax(z, axis=-1):
                e = np.exp(z - np.max(z, axis=axis))
                return e / np.sum(e, axis=axis)
        """), "keepdims", "reductions without keepdims"),
    ),
    {
        "axis": (
            "On {label} every row must sum to 1: expected {expected}, got {got}. Take the max and "
            "the sum along the axis (axis=axis, keepdims=True), not over the whole array."
        ),
    },
    probes=SOFTMAX_PROBES,
)

fix(
    "debugging.source004.relu_deriv", "Fix ReLU's derivative", "debugging/handwritten-code",
    "Source 004 writes ReLU's derivative as a comparison cast to float:",
    src("""
        def relu_deriv(z):
            return (z > 0).astype(float)
    """),
    Probe("NaN", NAN.x),
    Reference("relu", "grad"),
    src("""
        def relu_deriv(z):
            return np.heaviside(z, 0.0)  # NaN stays NaN, dtype kept, 0 at the kink
    """),
    (
        WrongAnswer("", "NaN"),
        WrongAnswer(src("""
            def relu_deriv(z):
                return np.where(np.isnan(z), z, (z > 0).astype(float))
        """), "dtype", "astype(float) turns float32 into float64"),
    ),
    probes=(FLOAT32, *STABLE_PROBES),
    rtol=0.0,
)
