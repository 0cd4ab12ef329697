r"""Foundations exercises: why non-linearity, the linearity trap, dead ReLUs, vanishing gradients.

Expected numbers are computed by the package (the collapse of a seeded linear stack, a measured
fraction of zero ReLU outputs, the registry's sigmoid slope), never typed in.
"""

from __future__ import annotations

import functools

import numpy as np

import actfuncs
from actfuncs.exercises.checkers import Choice, ChoiceChecker, Trap, ValueChecker
from actfuncs.exercises.core import Exercise, WrongAnswer, register
from actfuncs.experiments.linearity import collapse

register(Exercise(
    id="foundations.nonlinearity.1",
    title="Which activation adds expressive power?",
    kind="choose",
    section="foundations/why-nonlinearity",
    prompt=r"""
A network has three layers $\mathbf{h}_k = f(W_k \mathbf{h}_{k-1} + \mathbf{b}_k)$. With which
activation $f$ can it represent functions that a single layer $W\mathbf{x} + \mathbf{b}$ cannot?
""",
    checker=ChoiceChecker((
        Choice("A", "identity", "f(x) = x", False,
               "With f(x) = x the stack multiplies out to one affine map W x + b (the linearity "
               "trap): depth adds nothing."),
        Choice("B", "affine", "f(x) = 3x + 1", False,
               "An affine f is absorbed into the next layer's weights and bias (3 W and b + 1), "
               "so the stack is still one affine map."),
        Choice("C", "relu", "f(x) = max(0, x)", True,
               "ReLU bends at 0, so the network is piecewise linear with many pieces; with "
               "enough units it approximates any continuous function on a bounded set."),
        Choice("D", "negation", "f(x) = -x", False,
               "f(x) = -x is linear: it just flips the sign of the next layer's weights."),
    )),
    solution='"C"',
    wrong_answers=(
        WrongAnswer('"A"', "one affine map", "identity collapses"),
        WrongAnswer('"B"', "absorbed", "affine collapses too"),
        WrongAnswer('"D"', "linear", "negation is linear"),
    ),
))

_SHAPES = ((8, 5), (3, 8), (6, 3))


@functools.cache
def _collapsed() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=s) for s in _SHAPES]
    biases = [rng.normal(size=s[0]) for s in _SHAPES]
    return collapse(weights, biases)


_NARROW = (
    "Every input passes through the 3-wide middle layer, and rank(AB) <= min(rank A, rank B): "
    "the narrowest layer bounds the rank of the collapsed map."
)
register(Exercise(
    id="foundations.nonlinearity.2",
    title="The rank of a collapsed linear stack",
    kind="predict",
    section="foundations/linearity-trap",
    prompt=r"""
Three linear layers without activation have weights $W_1 \in \mathbb{R}^{8\times 5}$,
$W_2 \in \mathbb{R}^{3\times 8}$, $W_3 \in \mathbb{R}^{6\times 3}$ with random Gaussian entries.
Predict the rank of the single matrix $W = W_3 W_2 W_1$ they collapse to, then check with
`actfuncs.experiments.linearity.collapse`.
""",
    checker=ValueChecker(
        lambda: float(np.linalg.matrix_rank(_collapsed()[0])), atol=0.01,
        traps=(Trap(5, "narrow"), Trap(6, "narrow"), Trap(8, "narrow")),
    ),
    solution="3",
    explanation=r"""
$W$ is $6\times 5$, but it factors through $\mathbb{R}^3$, so its rank is at most 3, and random
Gaussian weights reach that bound (with probability 1).
""",
    wrong_answers=(WrongAnswer("5", "narrowest", "the input width"),
                   WrongAnswer("6", "narrowest", "the output width")),
    hints={"narrow": _NARROW, "too_high": _NARROW,
           "too_low": "Random Gaussian weights have full rank: the bound is attained."},
))

register(Exercise(
    id="foundations.nonlinearity.3",
    title="How many numbers describe the collapsed map?",
    kind="predict",
    section="foundations/linearity-trap",
    prompt=r"""
For the same three layers (shapes $8\times 5$, $3\times 8$, $6\times 3$, each with a bias),
how many numbers (weights and biases) describe the single affine map
$W\mathbf{x} + \mathbf{b}$ they compute?
""",
    checker=ValueChecker(
        lambda: float(_collapsed()[0].size + _collapsed()[1].size), atol=0.01,
        traps=(Trap(99, "deep"), Trap(30, "bias")),
    ),
    solution="36",
    explanation=r"""
$W$ is $6\times 5$ (30 numbers) and $\mathbf{b}$ has 6: 36, against 99 in the deep stack. The
extra parameters buy nothing without a non-linearity.
""",
    wrong_answers=(WrongAnswer("99", "collapsed", "counted the deep network"),
                   WrongAnswer("30", "bias", "forgot b")),
    hints={
        "deep": "99 counts the deep network; the collapsed map is one 6 x 5 matrix plus one bias.",
        "bias": "30 counts W only; the collapsed map also has a bias b = W3 W2 b1 + W3 b2 + b3.",
    },
))


@functools.cache
def _dead_fraction() -> float:
    z = np.random.default_rng(0).normal(-1.0, 1.0, 200_000)
    return float(np.mean(actfuncs.get("relu")(z) == 0))


register(Exercise(
    id="foundations.deadrelu.fraction",
    title="How many ReLUs are silent?",
    kind="predict",
    section="foundations/gradient-pathologies",
    prompt=r"""
After a bad update with a large learning rate, a layer's pre-activations are distributed as
$z \sim \mathcal{N}(-1, 1)$. Predict the fraction of ReLU outputs that are exactly 0 (these units
pass no gradient for that input). Answer to within $\pm 0.02$.
""",
    checker=ValueChecker(_dead_fraction, atol=0.02,
                         traps=(Trap(0.5, "shift", 0.02), Trap(0.159, "active", 0.02))),
    solution="0.84",
    explanation=r"""
$P(z \le 0) = \Phi(1) \approx 0.841$; the package measures it on 200 000 samples. A negative
bias shift silences most units, and a unit silent for every input gets no gradient at all: it
has died.
""",
    wrong_answers=(WrongAnswer("0.5", "shift", "ignores the mean -1"),
                   WrongAnswer("0.16", "active", "the fraction of active units")),
    hints={
        "shift": "0.5 is right for zero-mean z; the mean of -1 shifts most of the mass below 0.",
        "active": "That is P(z > 0), the fraction of active units; the question asks for zeros.",
    },
))

register(Exercise(
    id="foundations.gradients.vanishing",
    title="Ten sigmoid layers",
    kind="predict",
    section="foundations/gradient-pathologies",
    prompt=r"""
A gradient flows back through ten sigmoid layers. Ignoring the weights, each layer multiplies
it by $\sigma'(z)$ at that layer. In the best case (every $z = 0$), by what factor is the
gradient multiplied in total? (Relative tolerance 5 %.)
""",
    checker=ValueChecker(lambda: float(actfuncs.get("sigmoid").grad(0.0)) ** 10, rtol=0.05,
                         traps=(Trap(0.25, "multiply", 1e-6), Trap(2.5, "multiply", 1e-6))),
    solution="0.25 ** 10",
    explanation=r"""
$\sigma'(0) = 1/4$ is the largest slope, and the chain rule multiplies the ten factors:
$4^{-10} \approx 9.5\times 10^{-7}$ at best. That is the vanishing gradient.
""",
    wrong_answers=(WrongAnswer("0.25", "multiplies", "one layer only"),
                   WrongAnswer("2.5", "multiplies", "added the slopes")),
    hints={"multiply": "The chain rule multiplies the local slopes: ten factors of at most 0.25."},
))


@functools.cache
def _kinks(units: int = 7) -> float:
    """Slope changes of a seeded one-hidden-layer ReLU network of ``units`` units on a fine grid."""
    rng = np.random.default_rng(1)
    w, b, v = rng.normal(size=units), rng.normal(size=units), rng.normal(size=units)
    x = np.linspace(-20, 20, 400_001)
    g = actfuncs.get("relu")(np.outer(x, w) + b) @ v
    slopes = np.diff(g) / np.diff(x)
    bends = np.abs(np.diff(slopes)) > 1e-6 * np.max(np.abs(slopes))
    # a kink inside a grid cell shows as two neighbouring slope changes: count runs, not flags
    return float(np.count_nonzero(bends[1:] & ~bends[:-1]) + bends[0])


register(Exercise(
    id="foundations.nonlinearity.kinks",
    title="How many kinks can seven ReLUs make?",
    kind="predict",
    section="foundations/why-nonlinearity",
    prompt=r"""
A network with one hidden layer of 7 ReLU units maps a scalar $x$ to
$g(x) = c + \sum_{i=1}^{7} v_i \max(0, w_i x + b_i)$ (random weights). How many points does its
graph bend at?
""",
    checker=ValueChecker(_kinks, atol=0.01, traps=(Trap(1, "one"), Trap(14, "one"))),
    solution="7",
    explanation=r"""
Unit $i$ bends where $w_i x + b_i = 0$, at $x = -b_i/w_i$; with random weights the seven points
are distinct, so $g$ is piecewise linear with 7 kinks. The package counts the slope changes of a
seeded network on a fine grid.
""",
    wrong_answers=(WrongAnswer("1", "each unit", "as if the layer bent once"),
                   WrongAnswer("14", "each unit", "two per unit")),
    hints={"one": "Each unit bends exactly once, where w_i x + b_i = 0: count the units."},
))
