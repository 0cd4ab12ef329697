r"""Evidence for the book's questions and answers: one small function per question.

Each function measures or computes what one interview question from the sources turns on and
returns a frozen dataclass of plain numbers, so a notebook cell is a one-liner and a test can
check that the conclusion still holds.  Everything is seeded; only :func:`relu_cost` times
anything (its numbers depend on the machine and are never asserted exactly).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import stats as st
from scipy.special import ndtr

import actfuncs
from actfuncs import datasets, selection
from actfuncs.experiments import dead_units as _dead
from actfuncs.experiments import gradient_flow as _flow
from actfuncs.experiments import linearity as _linearity
from actfuncs.experiments import output_layers as _outputs
from actfuncs.experiments import selu_norm as _selu
from actfuncs.experiments import zero_centring as _zero
from actfuncs.nn import MLP, accuracy, train

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_Z = np.random.default_rng(0).standard_normal(200_001)  # z ~ N(0, 1), shared by the averages


# -- what an activation is -----------------------------------------------------------------
@dataclass(frozen=True)
class GradedResult:
    """``distinct[name]``: number of distinct outputs of ``name`` on ``points`` inputs in [-4, 4]."""

    points: int
    distinct: dict[str, int]


def switch_or_dial(
    names: Sequence[str] = ("binary_step", "relu", "sigmoid", "tanh", "gelu"), points: int = 801
) -> GradedResult:
    r"""Is an activation an on/off switch?  Count the distinct values $f$ takes on a grid.

    A switch takes 2 values; every activation used in practice takes (almost) as many values as
    there are inputs: it sets *how much* signal passes, not just *whether*.
    """
    x = np.linspace(-4.0, 4.0, points)
    return GradedResult(points, {n: int(np.unique(actfuncs.get(n)(x)).size) for n in names})


# -- linear hidden layers ------------------------------------------------------------------
@dataclass(frozen=True)
class LinearLayersResult:
    """Collapse error of a deep linear stack, XOR accuracies, and a deep linear net's training."""

    collapse_error: float
    xor_linear: float
    xor_deep_linear: float
    xor_nonlinear: float
    deep_linear_loss_start: float
    deep_linear_loss_end: float


def linear_hidden_layers(depth: int = 4, seed: int = 0) -> LinearLayersResult:
    r"""Why linear hidden layers add nothing, and what they do *not* break.

    * a random ``depth``-layer affine stack equals one affine map $Wx + b$ (max error);
    * XOR: logistic regression, a 3-layer identity network and a tanh network (accuracy);
    * a ``depth``-layer identity network fitted by back-propagation to a linear target
      $y = x A^\top$: the loss falls to ~0, so back-propagation through $f(z) = z$ works fine.
    """
    col = _linearity.linear_collapse(depth=depth, seed=seed)
    xor = _linearity.xor_experiment(seed=seed)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(256, 3))
    y = X @ rng.normal(size=(3, 2))
    net = MLP([3, *([8] * (depth - 1)), 2], activation="identity", init="xavier", seed=seed)
    h = train(net, X, y, loss="mse", optimizer="adam", lr=0.01, steps=400)
    return LinearLayersResult(col.max_abs_error, xor.linear_accuracy, xor.deep_linear_accuracy,
                              xor.nonlinear_accuracy, float(h.losses[0]), h.final_loss)


# -- vanishing gradients -------------------------------------------------------------------
@dataclass(frozen=True)
class VanishingResult:
    r"""``bound``: $0.25^\text{depth}$; ``mean_sigmoid_grad``: $E[\sigma'(z)]$, $z \sim N(0,1)$;
    ``ratio[(activation, init)]``: gradient norm at layer 1 over the last layer;
    ``factor[(activation, init)]``: fitted per-layer multiplier of the gradient norm."""

    depth: int
    bound: float
    mean_sigmoid_grad: float
    ratio: dict[tuple[str, str], float]
    factor: dict[tuple[str, str], float]


def vanishing_gradients(
    depth: int = 10,
    pairs: Sequence[tuple[str, str]] = (("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he")),
    seed: int = 0,
) -> VanishingResult:
    r"""The source's bound $0.25^{L}$ beside the measured shrinkage of $\lVert\partial L/\partial W_k\rVert$.

    The per-layer factor is $\exp$ of the slope of a least-squares line through
    $\log \lVert\partial L/\partial W_k\rVert$ against $k$ (read from the output towards the input).
    """
    ratio, factor = {}, {}
    for a, init in pairs:
        norms = _flow.layer_gradient_norms(a, depth, init, seed=seed)
        ratio[(a, init)] = float(norms[0] / norms[-1])
        slope = np.polyfit(np.arange(depth), np.log(norms[::-1]), 1)[0]
        factor[(a, init)] = float(np.exp(slope))
    mean_grad = float(np.mean(actfuncs.get("sigmoid").grad(_Z)))
    return VanishingResult(depth, 0.25**depth, mean_grad, ratio, factor)


# -- exploding gradients ----------------------------------------------------------------------
@dataclass(frozen=True)
class ExplodingResult:
    r"""``grad_range[name]``: (min, max) of $f'$ on $[-10, 10]$; ``growth[activation]``: norm of
    $\partial L/\partial W_1$ with weights ``scale`` times He's standard deviation, divided by the
    norm with He init (same seed, same upstream gradient)."""

    depth: int
    scale: float
    grad_range: dict[str, tuple[float, float]]
    growth: dict[str, float]


def exploding_gradients(
    depth: int = 10, width: int = 64, scale: float = 2.0, seed: int = 0
) -> ExplodingResult:
    r"""Derivative ranges, and what a too-large initialisation does to the gradient.

    With weights $\mathcal{N}(0, (\text{scale}\cdot\sqrt{2/n})^2)$ every layer of a ReLU network
    multiplies the sizes of both activations and gradients by about ``scale``, so the first layer's
    weight gradient grows like $\text{scale}^{\text{depth} - 1}$; the activation did not change.
    """
    from actfuncs.nn.init import normal

    x = np.linspace(-10.0, 10.0, 20_001)
    ranges = {}
    for n in ("sigmoid", "tanh", "relu", "leaky_relu", "elu"):
        g = actfuncs.get(n).grad(x)
        ranges[n] = (float(g.min()), float(g.max()))
    big = normal(scale * np.sqrt(2.0 / width))
    growth = {}
    for a in ("relu", "elu"):
        he = _flow.layer_gradient_norms(a, depth, "he", width=width, seed=seed)
        large = _flow.layer_gradient_norms(a, depth, big, width=width, seed=seed)  # type: ignore[arg-type]
        growth[a] = float(large[0] / he[0])
    return ExplodingResult(depth, scale, ranges, growth)


# -- zero-centred outputs ------------------------------------------------------------------
@dataclass(frozen=True)
class ZeroCentredResult:
    r"""``same_sign[a]``: share of per-example updates whose incoming weights all move one way;
    ``tanh_mean[shift]``: mean of $\tanh(z)$ for $z \sim N(\text{shift}, 1)$."""

    same_sign: dict[str, float]
    tanh_mean: dict[float, float]


def zero_centred(shifts: Sequence[float] = (0.0, 0.5, 1.0, 2.0), seed: int = 0) -> ZeroCentredResult:
    """Sign pattern of weight gradients after sigmoid/tanh/relu, and tanh's mean for shifted inputs."""
    r = _zero.zero_centring(("sigmoid", "tanh", "relu"), seed=seed)
    tanh = actfuncs.get("tanh")
    return ZeroCentredResult(dict(r.same_sign), {float(s): float(np.mean(tanh(_Z + s))) for s in shifts})


# -- tanh vs sigmoid -----------------------------------------------------------------------
@dataclass(frozen=True)
class TanhSigmoidResult:
    r"""Peak derivatives, the identity $\tanh z = 2\sigma(2z) - 1$ (max error), mean derivatives
    over $z \sim N(0, 1)$, and gradient-norm ratios (layer 1 / last) at ``depth`` with Xavier."""

    max_grad: dict[str, float]
    identity_error: float
    mean_grad: dict[str, float]
    depth: int
    ratio: dict[str, float]

    @property
    def peak_ratio(self) -> float:
        return self.max_grad["tanh"] / self.max_grad["sigmoid"]

    @property
    def mean_ratio(self) -> float:
        return self.mean_grad["tanh"] / self.mean_grad["sigmoid"]


def tanh_vs_sigmoid(depth: int = 10, seed: int = 0) -> TanhSigmoidResult:
    """How much stronger is tanh's gradient than sigmoid's, at its peak, on average, through depth?"""
    x = np.linspace(-8.0, 8.0, 160_001)
    sig, tanh = actfuncs.get("sigmoid"), actfuncs.get("tanh")
    err = float(np.max(np.abs(tanh(x) - (2.0 * sig(2.0 * x) - 1.0))))
    max_grad = {"sigmoid": float(sig.grad(x).max()), "tanh": float(tanh.grad(x).max())}
    mean_grad = {"sigmoid": float(np.mean(sig.grad(_Z))), "tanh": float(np.mean(tanh.grad(_Z)))}
    ratio = {}
    for a in ("sigmoid", "tanh"):
        n = _flow.layer_gradient_norms(a, depth, "xavier", seed=seed)
        ratio[a] = float(n[0] / n[-1])
    return TanhSigmoidResult(max_grad, err, mean_grad, depth, ratio)


# -- cost ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CostResult:
    """``relative[name]``: time of ``name`` / time of relu on 10^6 float32 values;
    ``layer_share[name]``: activation time / (matmul + activation) time for one dense layer."""

    relative: dict[str, float]
    layer_share: dict[str, float]
    batch: int
    width: int


def relu_cost(
    names: Sequence[str] = ("leaky_relu", "elu", "sigmoid", "tanh", "gelu"),
    batch: int = 256,
    width: int = 512,
    repeats: int = 5,
) -> CostResult:
    r"""Timings (machine-dependent): activations relative to ReLU, and their share of one layer.

    The layer is $f(XW)$ with $X$ of shape (``batch``, ``width``) and $W$ (``width``, ``width``),
    float32; medians over interleaved rounds.
    """
    rel = selection.relative_costs(names, repeats=repeats)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((batch, width)).astype(np.float32)
    W = (rng.standard_normal((width, width)) / np.sqrt(width)).astype(np.float32)
    Z = X @ W
    acts = {n: actfuncs.get(n) for n in ("relu", *names)}
    t_mm: list[float] = []
    t_act: dict[str, list[float]] = {n: [] for n in acts}
    for _ in range(repeats):
        t0 = time.perf_counter()
        X @ W
        t_mm.append(time.perf_counter() - t0)
        for n, a in acts.items():
            t0 = time.perf_counter()
            a.fn(Z)
            t_act[n].append(time.perf_counter() - t0)
    mm = float(np.median(t_mm))
    share = {n: float(np.median(v)) / (mm + float(np.median(v))) for n, v in t_act.items()}
    return CostResult(rel, share, batch, width)


# -- dying ReLU ------------------------------------------------------------------------------
@dataclass(frozen=True)
class DyingResult:
    """``dead[(activation, lr, bias_init)]``: share of hidden units dead after training (mean over
    seeds), on the setting of :mod:`actfuncs.experiments.dead_units`."""

    dead: dict[tuple[str, float, float], float]
    seeds: tuple[int, ...]


def dying_relu(
    settings: Sequence[tuple[float, float]] = ((0.1, 0.0), (3.0, 0.0), (3.0, -1.0), (0.1, -1.0)),
    seeds: Sequence[int] = (0, 1),
) -> DyingResult:
    """Dead units for ReLU and Leaky ReLU at (learning rate, bias init) settings."""
    out = {}
    for a in ("relu", "leaky_relu"):
        for lr, b in settings:
            out[(a, float(lr), float(b))] = float(np.mean(
                [_dead.dead_fraction(a, lr=lr, bias_init=b, seed=s) for s in seeds]))
    return DyingResult(out, tuple(seeds))


# -- accuracy on noisy moons (ReLU vs Leaky ReLU, ELU, GELU, Swish, Mish) -------------------
@dataclass(frozen=True)
class MoonsResult:
    r"""Per activation: share of exactly-zero hidden outputs and test accuracy per seed.

    ``interval(a)`` is the 95 % t-interval $\bar a \pm t_{0.975, m-1}\, s/\sqrt m$ over the $m$ seeds.
    """

    zero_fraction: dict[str, float]
    accuracy: dict[str, np.ndarray]

    def mean(self, a: str) -> float:
        return float(np.mean(self.accuracy[a]))

    def interval(self, a: str) -> tuple[float, float]:
        v = self.accuracy[a]
        half = float(st.t.ppf(0.975, v.size - 1) * np.std(v, ddof=1) / np.sqrt(v.size))
        return self.mean(a) - half, self.mean(a) + half

    def overlaps(self, a: str, b: str) -> bool:
        """True when the intervals of ``a`` and ``b`` overlap: the experiment cannot tell them apart."""
        (lo1, hi1), (lo2, hi2) = self.interval(a), self.interval(b)
        return lo1 <= hi2 and lo2 <= hi1

    def table(self) -> str:
        """Plain-text table, best mean first."""
        lines = [f"{'activation':<11} {'mean':>6} {'95% interval':>17} {'zero outputs':>13}"]
        for a in sorted(self.accuracy, key=self.mean, reverse=True):
            lo, hi = self.interval(a)
            lines.append(f"{a:<11} {self.mean(a):6.3f}   [{lo:.3f}, {hi:.3f}] {self.zero_fraction[a]:12.1%}")
        return "\n".join(lines)


def moons_accuracy(
    activations: Sequence[str] = ("relu", "leaky_relu"),
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    steps: int = 300,
    hidden: int = 32,
) -> MoonsResult:
    """Train [2, hidden, hidden, 1] nets (He init, Adam, BCE) on 400 noisy moons (half for testing), once
    per activation and seed; report test accuracy and the share of exactly-zero hidden outputs."""
    if len(seeds) < 2:
        raise ValueError("moons_accuracy: need at least 2 seeds to measure the noise")
    X, y = datasets.moons(400, noise=0.25, seed=0)
    Xtr, Xte, ytr, yte = datasets.train_test_split(X, y, test=0.5, seed=0)
    zeros, acc = {}, {}
    for a in activations:
        z, accs = [], []
        for s in seeds:
            net = MLP([2, hidden, hidden, 1], activation=a, init="he", seed=s)
            train(net, Xtr, ytr, loss="bce", optimizer="adam", lr=0.01, steps=steps, seed=s)
            accs.append(accuracy(net, Xte, yte))
            z.append(np.mean([layer.zero_fraction for layer in net.stats()]))
        zeros[a], acc[a] = float(np.mean(z)), np.array(accs)
    return MoonsResult(zeros, acc)


def relu_vs_leaky(seeds: Sequence[int] = (0, 1, 2, 3, 4), steps: int = 300) -> MoonsResult:
    """:func:`moons_accuracy` for ReLU and Leaky ReLU: sparsity and accuracy side by side."""
    return moons_accuracy(("relu", "leaky_relu"), seeds, steps)


@dataclass(frozen=True)
class NegativeTargetResult:
    """A ReLU-hidden regression net with a linear output, fitted to targets that are all negative."""

    target_max: float
    prediction_max: float
    mse: dict[str, float]


def negative_targets(steps: int = 600, seed: int = 0) -> NegativeTargetResult:
    r"""Fit $y = \sin 3x - 2 < 0$ with ReLU and Leaky ReLU hidden layers and a linear output.

    ``prediction_max`` is the largest ReLU-net prediction: negative, because the output layer, not
    the hidden activation, sets the output range.
    """
    x = np.linspace(-1.0, 1.0, 200)[:, None]
    y = np.sin(3 * x) - 2.0
    mse, pred_max = {}, 0.0
    for a in ("relu", "leaky_relu"):
        net = MLP([1, 32, 32, 1], activation=a, init="he", seed=seed)
        h = train(net, x, y, loss="mse", optimizer="adam", lr=0.01, steps=steps)
        mse[a] = h.final_loss
        if a == "relu":
            pred_max = float(net.forward(x).max())
    return NegativeTargetResult(float(y.max()), pred_max, mse)


# -- smooth activations vs ReLU ------------------------------------------------------------
@dataclass(frozen=True)
class VersusReluResult:
    """``difference[a]`` = mean accuracy of ``a`` minus ReLU's; ``overlaps[a]``: whether their 95 %
    t-intervals overlap (then this experiment cannot tell them apart); ``result``: the raw runs."""

    result: MoonsResult
    difference: dict[str, float]
    overlaps: dict[str, bool]


def versus_relu(
    others: Sequence[str] = ("elu", "silu"), seeds: Sequence[int] = (0, 1, 2, 3, 4),
    steps: int = 300,
    hidden: int = 32,
) -> VersusReluResult:
    """:func:`moons_accuracy` for ReLU and ``others``, each compared with ReLU.

    The default leaves out GELU and Mish: their derivatives are costly enough in this package
    that five training runs each would take several seconds.
    """
    r = moons_accuracy(("relu", *others), seeds, steps, hidden)
    diff = {a: r.mean(a) - r.mean("relu") for a in others}
    return VersusReluResult(r, diff, {a: r.overlaps("relu", a) for a in others})


# -- GELU --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GeluResult:
    r"""``dropout_error``: max |Monte-Carlo mean of $x\,m$, $m \sim \mathrm{Bernoulli}(\Phi(x))$, minus
    GELU|; ``tanh_error``: max |GELU - its tanh approximation|; the minimum ``(x, f(x))``."""

    dropout_error: float
    samples: int
    tanh_error: float
    minimum: tuple[float, float]


def gelu_facts(samples: int = 20_000, seed: int = 0) -> GeluResult:
    """GELU as the expected value of a stochastic 0/1 mask, and how close its tanh form is."""
    rng = np.random.default_rng(seed)
    x = np.linspace(-3.0, 3.0, 25)
    m = rng.random((samples, x.size)) < ndtr(x)
    mc = np.mean(x * m, axis=0)
    gelu = actfuncs.get("gelu")
    grid = np.linspace(-8.0, 8.0, 160_001)
    err = float(np.max(np.abs(gelu(grid) - actfuncs.get("gelu_tanh")(grid))))
    i = int(np.argmin(gelu(grid)))
    return GeluResult(float(np.max(np.abs(mc - gelu(x)))), samples, err,
                      (float(grid[i]), float(gelu(grid[i]))))


# -- Swish -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SwishResult:
    r"""``gap_to_relu[beta]``: max |swish_beta - relu| on [-6, 6]; ``gap_to_half[beta]``:
    max |swish_beta - x/2|; ``minimum``: (x, f(x)) of swish with beta = 1."""

    gap_to_relu: dict[float, float]
    gap_to_half: dict[float, float]
    minimum: tuple[float, float]


def swish_beta(betas: Sequence[float] = (0.01, 1.0, 10.0, 100.0)) -> SwishResult:
    r"""Swish $x\,\sigma(\beta x)$: $x/2$ as $\beta \to 0$, ReLU as $\beta \to \infty$."""
    x = np.linspace(-6.0, 6.0, 120_001)
    relu = actfuncs.get("relu")(x)
    to_relu, to_half = {}, {}
    for b in betas:
        f = actfuncs.get("silu", beta=b)(x)
        to_relu[float(b)] = float(np.max(np.abs(f - relu)))
        to_half[float(b)] = float(np.max(np.abs(f - x / 2)))
    f1 = actfuncs.get("silu")(x)
    i = int(np.argmin(f1))
    return SwishResult(to_relu, to_half, (float(x[i]), float(f1[i])))


# -- SELU --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SeluResult:
    """Mean and variance of the last layer's outputs after ``depth`` random layers."""

    depth: int
    final_mean: dict[tuple[str, str], float]
    final_var: dict[tuple[str, str], float]
    ratio: dict[tuple[str, str], float]


def selu_depth(depth: int = 30, seed: int = 0) -> SeluResult:
    """SELU with LeCun init vs SELU with He init vs ReLU with He init: moments (width 128, 256
    standard-normal inputs) and the gradient ratio of
    :func:`~actfuncs.experiments.gradient_flow.layer_gradient_norms`."""
    pairs = (("selu", "lecun"), ("selu", "he"), ("relu", "he"))
    mean, var, ratio = {}, {}, {}
    for a, i in pairs:
        m, v = _selu.activation_moments(a, i, depth=depth, width=128, n=256, seed=seed)
        mean[(a, i)], var[(a, i)] = float(m[-1]), float(v[-1])
        n = _flow.layer_gradient_norms(a, depth, i, seed=seed)
        ratio[(a, i)] = float(n[0] / n[-1])
    return SeluResult(depth, mean, var, ratio)


# -- Mish --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MishResult:
    """Minimum (x, f(x)) of mish and swish, max |mish - swish|, and their largest f'' (smoothness)."""

    minimum: dict[str, tuple[float, float]]
    max_gap: float
    grad_jump: dict[str, float]


def mish_facts() -> MishResult:
    r"""Mish $x \tanh(\mathrm{softplus}(x))$ beside Swish and ReLU.

    ``grad_jump[name]``: largest change of the slope $\Delta f/\Delta x$ between neighbouring
    intervals of a grid with spacing $3 \cdot 10^{-3}$ (about 1 at ReLU's kink, a few $10^{-3}$
    for smooth functions). Slopes from values, so the check does not rely on the coded $f'$.
    """
    x = np.linspace(-6.0, 6.0, 4_001)
    mins, jumps = {}, {}
    for n in ("mish", "silu", "relu"):
        y = actfuncs.get(n)(x)
        i = int(np.argmin(y))
        mins[n] = (float(x[i]), float(y[i]))
        jumps[n] = float(np.max(np.abs(np.diff(np.diff(y) / np.diff(x)))))
    gap = float(np.max(np.abs(actfuncs.get("mish")(x) - actfuncs.get("silu")(x))))
    return MishResult(mins, gap, jumps)


# -- KAN and LEAF ------------------------------------------------------------------------------
@dataclass(frozen=True)
class LeafResult:
    """How far the source's "LEAF" formula is from PReLU, and the paper's LEAF from SiLU / sigmoid."""

    source_vs_prelu: float
    leaf_vs_silu: float
    leaf_vs_sigmoid: float
    leaf_vs_tanh: float
    kan_params: int


def leaf_and_kan(alpha: float = 0.25) -> LeafResult:
    r"""The source's $\max(0,x) + \alpha\min(0,x)$ is PReLU; the paper's LEAF contains SiLU,
    sigmoid and tanh as parameter settings; ``kan_params``: coefficients of one KAN edge function."""
    x = np.linspace(-6.0, 6.0, 12_001)
    src = np.maximum(0.0, x) + alpha * np.minimum(0.0, x)
    leaf = actfuncs.get
    return LeafResult(
        float(np.max(np.abs(src - actfuncs.get("prelu", alpha=alpha)(x)))),
        float(np.max(np.abs(leaf("leaf", p1=1, p2=0, p3=1, p4=0)(x) - actfuncs.get("silu")(x)))),
        float(np.max(np.abs(leaf("leaf", p1=0, p2=1, p3=1, p4=0)(x) - actfuncs.get("sigmoid")(x)))),
        float(np.max(np.abs(leaf("leaf", p1=0, p2=2, p3=2, p4=-1)(x) - actfuncs.get("tanh")(x)))),
        len(actfuncs.spec("kan_spline").params),
    )


# -- output layers -----------------------------------------------------------------------------
@dataclass(frozen=True)
class OutputResult:
    r"""``exact_match[(head, task)]`` and ``sum_error[(head, task)]`` (mean $|\sum_k p_k - 1|$) from
    :mod:`actfuncs.experiments.output_layers`, and
    ``two_class_error``: max |softmax([z, 0])_0 - sigmoid(z)| (two-class softmax is a sigmoid)."""

    exact_match: dict[tuple[str, str], float]
    sum_error: dict[tuple[str, str], float]
    multi_label_share: float
    two_class_error: float
    experiment: _outputs.OutputResult  # for :func:`actfuncs.experiments.output_layers.plot`


def sigmoid_or_softmax(seed: int = 0) -> OutputResult:
    """Both heads trained on both kinds of targets, plus the two-class identity."""
    r = _outputs.output_layers(seed=seed)
    z = np.linspace(-30.0, 30.0, 6001)
    sm = actfuncs.get("softmax")(np.stack([z, np.zeros_like(z)], axis=-1))[:, 0]
    err = float(np.max(np.abs(sm - actfuncs.get("sigmoid")(z))))
    return OutputResult(dict(r.exact_match), dict(r.sum_error), r.multi_label_share, err, r)


# -- task table --------------------------------------------------------------------------------
#: Source 000's Q8 table: task -> (its answer, the decision-tree question that covers it)
TASKS: dict[str, tuple[str, dict[str, str]]] = {
    "house prices": ("identity", {"layer": "output", "task": "regression"}),
    "spam or not": ("sigmoid", {"layer": "output", "task": "binary"}),
    "handwritten digit": ("softmax", {"layer": "output", "task": "multiclass"}),
    "image tags": ("sigmoid", {"layer": "output", "task": "multilabel"}),
    "CNN hidden layers": ("relu", {"layer": "hidden", "goal": "default"}),
    "LSTM hidden state": ("tanh", {"layer": "hidden", "goal": "rnn"}),
    "transformer feed-forward": ("gelu", {"layer": "hidden", "goal": "transformer"}),
}


@dataclass(frozen=True)
class TaskRow:
    task: str
    source: str
    tree: tuple[str, ...]
    practice: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return self.source in self.tree


def task_table() -> list[TaskRow]:
    """Each row of the source's table beside :func:`actfuncs.selection.recommend` and, for the
    transformer row, what current models use (:func:`actfuncs.selection.domain_practice`)."""
    ffn = tuple(dict.fromkeys(n for p in selection.domain_practice()
                              if p.domain == "transformers" and p.where == "feed-forward"
                              for n in p.names))
    rows = []
    for task, (src, kw) in TASKS.items():
        rec = selection.recommend(**kw)
        rows.append(TaskRow(task, src, rec.names, ffn if task == "transformer feed-forward" else ()))
    return rows


# -- display -----------------------------------------------------------------------------------
def show(fig: Figure, alt: str) -> Any:
    """Display an experiment's figure with alt text ``alt`` (see :func:`actfuncs.plotting.show`)."""
    from actfuncs import plotting

    fig.alt_text = alt
    return plotting.show(fig)
