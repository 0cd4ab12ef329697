"""Choosing an activation: the decision tree of source 000 as data, practice by domain, costs.

The tree is stored once, in :data:`TREE`. :func:`recommend` walks it, :func:`paths` lists every
root-to-leaf route, and :func:`draw_tree` draws exactly those routes, so the diagram in the book
cannot disagree with the function. Where the source's advice is doubtful the leaf keeps the
source's recommendation and says what is doubtful in its ``caveats`` instead of silently
changing it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

import actfuncs


# -- the tree as data ------------------------------------------------------------------------
@dataclass(frozen=True)
class Leaf:
    """A recommendation at the end of a route: registry names plus the reasons for them."""

    label: str
    names: tuple[str, ...]
    reasons: tuple[str, ...]
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """One labelled edge out of a question."""

    key: str
    label: str
    child: Question | Leaf


@dataclass(frozen=True)
class Question:
    """A decision: the keyword argument of :func:`recommend` it reads and its allowed answers."""

    key: str
    text: str
    answers: tuple[Answer, ...]

    def allowed(self) -> tuple[str, ...]:
        return tuple(a.key for a in self.answers)

    def answer(self, key: str) -> Answer:
        for a in self.answers:
            if a.key == key:
                return a
        raise ValueError(f"{self.key}={key!r} is not allowed; choose one of {', '.join(self.allowed())}")


_HIDDEN = Question(
    "goal",
    "What is the goal?",
    (
        Answer(
            "default",
            "default / fast",
            Leaf(
                "ReLU",
                ("relu",),
                (
                    "One comparison per value, no exponentials, and a gradient of exactly 1 for "
                    "positive inputs, so deep stacks do not shrink the signal.",
                    "It is the usual starting point; change it only when a measurement says so.",
                ),
            ),
        ),
        Answer(
            "deep",
            "deep network (40+ layers)",
            Leaf(
                "Swish / GELU",
                ("silu", "gelu"),
                (
                    "Both are smooth, non-monotonic near zero and let small negative values "
                    "through, which the papers that introduced them found helpful in deep models.",
                ),
                (
                    "The source calls them the best performers beyond 40 layers. The threshold "
                    "and the ranking are not backed by a cited experiment; depth alone is usually "
                    "handled by residual connections and normalisation, with ReLU working fine "
                    "(ResNet-152).",
                ),
            ),
        ),
        Answer(
            "dying_relu",
            "dying ReLU problem",
            Leaf(
                "Leaky ReLU / ELU",
                ("leaky_relu", "elu"),
                (
                    "Both keep a non-zero gradient for negative inputs, so a unit pushed into "
                    "the negative region can still recover.",
                ),
                (
                    "Dead units are often a symptom of a too-large learning rate or poor "
                    "initialisation; fixing those may matter more than swapping the function.",
                ),
            ),
        ),
        Answer(
            "transformer",
            "transformer / NLP",
            Leaf(
                "GELU",
                ("gelu",),
                ("BERT and GPT-2 use GELU in their feed-forward blocks.",),
                (
                    "Many recent language models (PaLM, LLaMA, Gemma, T5 v1.1) use gated "
                    "feed-forward layers, SwiGLU or GeGLU, rather than plain GELU.",
                    "The reference code of both GPT-2 and BERT computes GELU with the tanh "
                    "approximation (gelu_tanh); the Hugging Face port of BERT uses the exact erf form.",
                ),
            ),
        ),
        Answer(
            "rnn",
            "RNN / LSTM",
            Leaf(
                "tanh",
                ("tanh",),
                (
                    "A bounded, zero-centred output keeps the recurrent state from growing "
                    "without limit across time steps.",
                ),
                (
                    "This applies to the candidate and hidden state of an LSTM/GRU cell only; "
                    "its gates use sigmoid, because a gate must lie in (0, 1).",
                ),
            ),
        ),
    ),
)

_OUTPUT = Question(
    "task",
    "What is the task?",
    (
        Answer(
            "binary",
            "binary classification",
            Leaf(
                "sigmoid",
                ("sigmoid",),
                ("One probability in (0, 1) for the positive class.",),
                (
                    "In training, feed the logit to a loss that applies the sigmoid itself "
                    "(log-sigmoid form) for numerical stability.",
                ),
            ),
        ),
        Answer(
            "multiclass",
            "multi-class (one label)",
            Leaf(
                "softmax",
                ("softmax",),
                ("A probability vector over mutually exclusive classes that sums to 1.",),
                (
                    "Losses usually take logits and use log_softmax internally; apply softmax "
                    "only for reporting probabilities.",
                ),
            ),
        ),
        Answer(
            "multilabel",
            "multi-label (many tags)",
            Leaf(
                "sigmoid per class",
                ("sigmoid",),
                ("Each tag gets its own independent probability; they need not sum to 1.",),
            ),
        ),
        Answer(
            "regression",
            "regression",
            Leaf(
                "linear (identity)",
                ("identity",),
                ("Any real value must be reachable, so the output is left unbounded.",),
                (
                    "If the target has a known range (e.g. positive) a softplus or sigmoid "
                    "output can encode it.",
                ),
            ),
        ),
    ),
)

TREE = Question(
    "layer",
    "Which layer?",
    (
        Answer("hidden", "hidden layers", _HIDDEN),
        Answer("output", "output layer", _OUTPUT),
    ),
)
"""The root of the decision tree (after source 000, section IV)."""

Step = tuple[str, str]
"""One decision taken: (question key, answer key)."""


@dataclass(frozen=True)
class Recommendation:
    """What :func:`recommend` returns."""

    names: tuple[str, ...]
    path: tuple[Step, ...]
    reasons: tuple[str, ...]
    caveats: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        route = " -> ".join(f"{q}={a}" for q, a in self.path)
        lines = [f"{route}: {', '.join(self.names)}"]
        lines += [f"  because: {r}" for r in self.reasons]
        lines += [f"  caveat: {c}" for c in self.caveats]
        return "\n".join(lines)


def paths(node: Question = TREE) -> list[tuple[tuple[Step, ...], Leaf]]:
    """Every root-to-leaf route as ``(steps, leaf)``, in drawing order."""
    out: list[tuple[tuple[Step, ...], Leaf]] = []
    for a in node.answers:
        step = (node.key, a.key)
        if isinstance(a.child, Leaf):
            out.append(((step,), a.child))
        else:
            out += [((step, *rest), leaf) for rest, leaf in paths(a.child)]
    return out


def recommend(layer: str, *, task: str | None = None, goal: str | None = None) -> Recommendation:
    """Walk the tree. ``layer`` is 'hidden' or 'output'; hidden layers read ``goal`` (default
    'default'), output layers need ``task``. Invalid answers raise ValueError naming the allowed ones.
    """
    given = {"layer": layer, "task": task, "goal": goal}
    if layer == "hidden":
        if task is not None:
            raise ValueError("task applies to the output layer only; for hidden layers pass goal")
        given["goal"] = "default" if goal is None else goal
    elif layer == "output":
        if goal is not None:
            raise ValueError("goal applies to hidden layers only; for the output layer pass task")
        if task is None:
            raise ValueError(f"the output layer needs task, one of {', '.join(_OUTPUT.allowed())}")
    node: Question | Leaf = TREE
    steps: list[Step] = []
    while isinstance(node, Question):
        value = given[node.key]
        if not isinstance(value, str):
            raise ValueError(f"{node.key} must be one of {', '.join(node.allowed())}; got {value!r}")
        ans = node.answer(value)
        steps.append((node.key, ans.key))
        node = ans.child
    return Recommendation(node.names, tuple(steps), node.reasons, node.caveats)


# -- drawing ---------------------------------------------------------------------------------
def _gid(steps: Sequence[Step]) -> str:
    return "/".join(f"{q}={a}" for q, a in steps)


def draw_tree(width: float = 11.0, height: float = 6.0) -> Figure:
    """Draw :data:`TREE` left to right with boxes and arrows (matplotlib only, offline).

    Every leaf box carries the gid ``leaf:<route>`` and every arrow ``edge:<route>``, where the
    route is ``layer=hidden/goal=default`` style text built from :func:`paths`.
    """
    routes = paths()
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.5, len(routes) - 0.5)
    ax.axis("off")
    x_col = {0: 0.8, 1: 3.6, 2: 8.3}

    # y of every node: leaves evenly spaced, questions at the mean of their leaves
    ys: dict[str, list[float]] = {}
    for i, (steps, _) in enumerate(routes):
        y = len(routes) - 1 - i
        for depth in range(len(steps) + 1):
            ys.setdefault(_gid(steps[:depth]), []).append(y)

    def box(x: float, y: float, text: str, color: str, gid: str) -> None:
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.75, y - 0.3),
                1.5,
                0.6,
                boxstyle="round,pad=0.05",
                facecolor=color,
                edgecolor="black",
                gid=gid,
            )
        )
        ax.text(x, y, text, ha="center", va="center", fontsize=9, gid=gid + ":text")

    drawn: set[str] = set()
    for steps, leaf in routes:
        for depth in range(len(steps)):
            parent, child = _gid(steps[:depth]), _gid(steps[: depth + 1])
            py, cy = float(np.mean(ys[parent])), float(np.mean(ys[child]))
            px = x_col[depth]
            cx = x_col[depth + 1] if depth + 1 < len(steps) else x_col[2]
            if child in drawn:
                continue
            drawn.add(child)
            ax.add_patch(
                FancyArrowPatch(
                    (px + 0.8, py),
                    (cx - 0.8, cy),
                    arrowstyle="-|>",
                    mutation_scale=10,
                    color="0.3",
                    gid="edge:" + child,
                )
            )
            node = TREE
            for _q, a in steps[:depth]:
                nxt = node.answer(a).child
                assert isinstance(nxt, Question)
                node = nxt
            label = node.answer(steps[depth][1]).label
            t = 0.55 if depth + 1 < len(steps) else 0.7
            ax.text(
                px + 0.8 + t * (cx - px - 1.6),
                py + t * (cy - py) + 0.12,
                label,
                fontsize=8,
                ha="center",
                color="0.2",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            )
        box(x_col[2], float(np.mean(ys[_gid(steps)])), leaf.label, "#e5f3ff", "leaf:" + _gid(steps))

    def questions(node: Question, prefix: tuple[Step, ...], depth: int) -> None:
        box(x_col[depth], float(np.mean(ys[_gid(prefix)])), node.text, "#ffe5e5", "question:" + _gid(prefix))
        for a in node.answers:
            if isinstance(a.child, Question):
                questions(a.child, (*prefix, (node.key, a.key)), depth + 1)

    questions(TREE, (), 0)
    fig.alt_text = (  # type: ignore[attr-defined]
        "Decision tree: which layer, then goal (hidden) or task (output), ending in "
        + "; ".join(f"{_gid(s)} gives {leaf.label}" for s, leaf in routes)
    )
    return fig


def drawn_routes(fig: Figure) -> tuple[set[str], set[str]]:
    """The routes of the leaf boxes and of the arrows found in a figure from :func:`draw_tree`."""
    leaves, edges = set(), set()
    for artist in fig.axes[0].patches:
        gid = artist.get_gid() or ""
        if gid.startswith("leaf:"):
            leaves.add(gid[5:])
        elif gid.startswith("edge:"):
            edges.add(gid[5:])
    return leaves, edges


# -- practice by domain ----------------------------------------------------------------------
@dataclass(frozen=True)
class Practice:
    """What a well-known model family actually uses at one place in the network."""

    domain: str
    models: str
    where: str
    names: tuple[str, ...]
    rationale: str


_PRACTICE: tuple[Practice, ...] = (
    # Each row was checked against the paper or the reference code that the page
    # chapters/selection/domains cites for it.
    Practice(
        "vision (CNN)",
        "VGG, ResNet",
        "hidden",
        ("relu",),
        "ReLU after every convolution; ResNet puts batch norm before it",
    ),
    Practice(
        "vision (CNN)",
        "EfficientNet",
        "hidden",
        ("silu",),
        "SiLU (Swish-1) listed among the training settings",
    ),
    Practice(
        "vision (CNN)",
        "MobileNetV3",
        "hidden",
        ("hard_swish", "relu"),
        "hard swish in the stem and the deeper blocks, ReLU in the early blocks",
    ),
    Practice("vision (CNN)", "image classifiers", "output", ("softmax",), "one label per image"),
    Practice(
        "vision (CNN)",
        "Mask R-CNN",
        "mask output",
        ("sigmoid",),
        "per-pixel sigmoid, one binary mask per class",
    ),
    Practice(
        "transformers",
        "BERT",
        "feed-forward",
        ("gelu", "gelu_tanh"),
        "GELU; the reference TensorFlow code uses the tanh form, the Hugging Face port exact erf",
    ),
    Practice(
        "transformers",
        "GPT-2",
        "feed-forward",
        ("gelu_tanh",),
        "tanh approximation in the reference code",
    ),
    Practice(
        "transformers",
        "LLaMA, PaLM",
        "feed-forward",
        ("swiglu",),
        "gated FFN (LLaMA: hidden width 2/3·4d)",
    ),
    Practice("transformers", "T5 v1.1, Gemma", "feed-forward", ("geglu",), "gated FFN with a GELU gate"),
    Practice("transformers", "attention", "scores", ("softmax",), "weights over positions that sum to 1"),
    Practice("RNN / LSTM / GRU", "LSTM, GRU", "gates", ("sigmoid",), "a gate is a fraction in (0, 1)"),
    Practice(
        "RNN / LSTM / GRU",
        "LSTM, GRU",
        "candidate / hidden state",
        ("tanh",),
        "bounded, zero-centred state",
    ),
    Practice("GANs", "DCGAN", "generator hidden", ("relu",), "all generator layers but the output"),
    Practice("GANs", "DCGAN", "generator output", ("tanh",), "images scaled to [-1, 1]"),
    Practice("GANs", "DCGAN", "discriminator hidden", ("leaky_relu",), "leak slope 0.2 in all models"),
    Practice("VAEs", "VAE (Kingma & Welling)", "encoder / decoder MLP", ("tanh",), "one tanh hidden layer"),
    Practice(
        "VAEs",
        "VAE (Kingma & Welling)",
        "Bernoulli decoder output",
        ("sigmoid",),
        "pixel probabilities in (0, 1)",
    ),
    Practice(
        "diffusion",
        "DDPM / Stable Diffusion U-Net",
        "hidden",
        ("silu",),
        "SiLU (swish) in the ResNet blocks",
    ),
    Practice("diffusion", "Stable Diffusion U-Net", "transformer FFN", ("geglu",), "GEGLU feed-forward"),
)


def domain_practice() -> list[Practice]:
    """Practice by domain as data; every activation name is checked against the registry."""
    for p in _PRACTICE:
        for n in p.names:
            actfuncs.spec(n)
    return list(_PRACTICE)


def _check_names() -> None:
    for _, leaf in paths():
        for n in leaf.names:
            actfuncs.spec(n)


_check_names()


# -- cost ------------------------------------------------------------------------------------
def relative_costs(names: Iterable[str], n: int = 1_000_000, repeats: int = 5) -> dict[str, float]:
    r"""Median wall time of ``fn`` on ``n`` float32 values, relative to relu.

    Runs are interleaved (every name once per round, ``repeats`` rounds) so drift in machine load
    hits all names alike; the result is :math:`\tilde t_f / \tilde t_\mathrm{relu}` with medians.
    """
    wanted = list(dict.fromkeys(names))
    for name in wanted:
        kind = actfuncs.spec(name).kind
        if kind != "elementwise":
            raise ValueError(f"relative_costs times elementwise activations only; {name!r} is {kind}")
    if repeats < 1 or n < 1:
        raise ValueError(f"n and repeats must be >= 1; got n={n}, repeats={repeats}")
    order = list(dict.fromkeys(["relu", *wanted]))
    acts = {name: actfuncs.get(name) for name in order}
    x = np.random.default_rng(0).standard_normal(n).astype(np.float32)
    times: dict[str, list[float]] = {name: [] for name in order}
    for name in order:  # warm-up at full size: the paths a large array takes (compiled loops
        acts[name].fn(x)  # load or compile on their first call, buffers get mapped)
    for _ in range(repeats):
        for name in order:
            t0 = time.perf_counter()
            acts[name].fn(x)
            times[name].append(time.perf_counter() - t0)
    base = float(np.median(times["relu"]))
    return {name: float(np.median(times[name])) / base for name in wanted}


# -- reading a seeded comparison ---------------------------------------------------------------
@dataclass(frozen=True)
class PairedDifference:
    r"""Accuracy of ``name`` minus the baseline's, paired by seed, with a 95 % t-interval.

    With per-seed differences $d_s = a_s - b_s$ over $m$ seeds: ``mean`` $= \bar d$ and the
    interval $\bar d \pm t_{0.975,\,m-1}\, s_d / \sqrt m$. ``inside_noise`` is True when the
    interval contains 0: this experiment cannot tell the two apart.
    """

    name: str
    baseline: str
    mean: float
    lo: float
    hi: float
    wins: int
    seeds: int

    @property
    def inside_noise(self) -> bool:
        return bool(self.lo <= 0.0 <= self.hi)

    def __str__(self) -> str:
        verdict = "inside the noise" if self.inside_noise else ("better" if self.lo > 0 else "worse")
        return (f"{self.name:>12} - {self.baseline}: {self.mean:+.4f} [{self.lo:+.4f}, {self.hi:+.4f}], "
                f"ahead on {self.wins}/{self.seeds} seeds: {verdict}")


def paired_differences(accuracies: dict[str, np.ndarray], baseline: str = "relu") -> list[PairedDifference]:
    """Every activation against ``baseline`` on the same seeds (same order), largest mean first."""
    from scipy import stats as st

    if baseline not in accuracies:
        raise ValueError(f"paired_differences: baseline {baseline!r} is not among {', '.join(accuracies)}")
    b = np.asarray(accuracies[baseline], dtype=np.float64)
    if b.size < 2:
        raise ValueError("paired_differences: need at least 2 seeds to estimate the noise")
    out = []
    for name, acc in accuracies.items():
        if name == baseline:
            continue
        a = np.asarray(acc, dtype=np.float64)
        if a.shape != b.shape:
            raise ValueError(f"paired_differences: {name} has {a.size} seeds, {baseline} has {b.size}")
        d = a - b
        half = float(st.t.ppf(0.975, d.size - 1) * np.std(d, ddof=1) / np.sqrt(d.size))
        m = float(d.mean())
        out.append(PairedDifference(name, baseline, m, m - half, m + half, int(np.sum(d > 0)), d.size))
    return sorted(out, key=lambda p: p.mean, reverse=True)


def plot_comparison(result: Any) -> Figure:
    """:func:`actfuncs.experiments.comparison.plot` with alt text listing each mean and interval."""
    from actfuncs.experiments import comparison

    fig = comparison.plot(result)
    parts = []
    for name in sorted(result.activations, key=result.mean, reverse=True):
        lo, hi = result.interval(name)
        parts.append(f"{name} {result.mean(name):.3f} [{lo:.3f}, {hi:.3f}]")
    fig.alt_text = (  # type: ignore[attr-defined]
        f"Test accuracy on digits over {len(result.seeds)} seeds, mean and 95% interval: " + "; ".join(parts)
    )
    return fig


def plot_differences(diffs: Sequence[PairedDifference]) -> Figure:
    """Each paired difference as a dot with its 95 % interval; the zero line marks 'no difference'."""
    fig = Figure(figsize=(6.0, 0.35 * len(diffs) + 1.2))
    ax = fig.add_subplot()
    for i, d in enumerate(diffs):
        color = "0.5" if d.inside_noise else ("#4c72b0" if d.lo > 0 else "#c44e52")
        ax.plot([d.lo * 100, d.hi * 100], [i, i], color=color, lw=3, alpha=0.6)
        ax.plot(d.mean * 100, i, "o", color=color)
    ax.axvline(0, color="k", lw=0.8)
    ax.set_yticks(range(len(diffs)), [d.name for d in diffs])
    ax.invert_yaxis()
    base = diffs[0].baseline if diffs else "baseline"
    ax.set_xlabel(f"test accuracy minus {base}'s, same seed (percentage points)")
    ax.set_title("Paired differences with 95% t-intervals (grey: contains 0)")
    fig.tight_layout()
    fig.alt_text = (  # type: ignore[attr-defined]
        "Paired accuracy differences: " + "; ".join(str(d) for d in diffs)
    )
    return fig
