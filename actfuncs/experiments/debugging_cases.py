r"""The sources' common mistakes and debugging symptoms, each as a broken and a fixed setup.

Every case trains a small network twice, broken and fixed, on a seeded toy problem, then

* measures one number that shows the symptom (``metric``, ``before`` and ``after``), and
* runs a diagnostic from :mod:`actfuncs.diagnose` on both networks: ``detected`` says it flags
  the broken one, ``cleared`` that it does not flag the fixed one.

Where the sources suggest batch normalisation or dropout, the case also trains the broken setup
with that layer added (``remedies``, numbers in ``extra`` under ``bn_...`` / ``dropout_...``),
whether or not it helps: exploding loss, deep sigmoid, slow convergence (batch norm) and
overfitting (dropout).

The rows come from source 000's "common mistakes" (:data:`MISTAKES`) and "debugging"
(:data:`SYMPTOMS`) tables.  Each case takes well under a second.  ``run(key)`` runs one,
:func:`table` prints a summary and :func:`plot` draws the two loss curves of a case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actfuncs import datasets
from actfuncs.diagnose import check_outputs, diagnose, linearity_gap
from actfuncs.nn import MLP, TrainingDiverged, accuracy, normal, train
from actfuncs.nn.losses import loss as make_loss


@dataclass(frozen=True)
class Run:
    """One training run: losses per step (cut at divergence), accuracies, and the diagnostic's words."""

    label: str
    losses: np.ndarray
    diverged_at: int | None
    train_acc: float
    test_acc: float
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    """A broken and a fixed run of one mistake or symptom, with the measured number before/after."""

    key: str
    table: str
    row: str
    cause: str
    fix: str
    metric: str
    before: float
    after: float
    broken: Run
    fixed: Run
    diagnostic: str
    extra: dict[str, float] = field(default_factory=dict)
    remedies: tuple[Run, ...] = ()

    @property
    def detected(self) -> bool:
        """The diagnostic flags the broken setup."""
        return bool(self.broken.findings)

    @property
    def cleared(self) -> bool:
        """The diagnostic finds nothing on the fixed setup."""
        return not self.fixed.findings

    def __str__(self) -> str:
        lines = [f"[{self.table}] {self.row}",
                 f"  cause    : {self.cause}",
                 f"  fix      : {self.fix}",
                 f"  {self.metric}: before {self.before:.4g}, after {self.after:.4g}",
                 f"  diagnostic ({self.diagnostic}) on the broken setup:"]
        lines += [f"    ! {p}" for p in self.broken.findings] or ["    (nothing flagged)"]
        lines.append("  on the fixed setup:")
        lines += [f"    ! {p}" for p in self.fixed.findings] or ["    nothing flagged"]
        for r in self.remedies:
            if r.diverged_at is not None:
                res = f"diverged at step {r.diverged_at}"
            else:
                res = f"final training loss {r.losses[-1]:.4g}"
            lines.append(f"  the source's other fix, {r.label}: {res}; flagged: "
                         + ("; ".join(r.findings) if r.findings else "nothing"))
        return "\n".join(lines)


# -- data and training helpers ---------------------------------------------------------------
def _standardise(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0)


def moons(n: int = 300, noise: float = 0.2, seed: int = 0, test: float = 0.3):
    """Standardised two-moons data split into train and test (``Xtr, Xte, ytr, yte``)."""
    X, y = datasets.moons(n, noise=noise, seed=seed)
    return datasets.train_test_split(_standardise(X), y, test=test, seed=seed)


def _fit(label: str, net: MLP, Xtr, ytr, Xte, yte, *, loss: str = "bce", optimizer: str = "sgd",
         lr: float = 0.1, steps: int = 200, batch_size: int | None = None, seed: int = 0,
         clip: float | None = None, findings: Sequence[str] = ()) -> Run:
    try:
        h = train(net, Xtr, ytr, loss=loss, optimizer=optimizer, lr=lr, steps=steps,
                  batch_size=batch_size, seed=seed, clip=clip)
        losses, div = h.losses, None
    except TrainingDiverged as err:
        losses, div = np.array([]), err.step
    acc = (lambda X, y: accuracy(net, X, y)) if div is None else (lambda X, y: float("nan"))
    return Run(label, losses, div, acc(Xtr, ytr), acc(Xte, yte), tuple(findings))


def _sgd_until_diverged(label: str, net: MLP, X, y, lr: float, steps: int, loss: str = "bce",
                        clip: float | None = None, findings: Sequence[str] = ()) -> Run:
    """Full-batch SGD one step at a time so the losses before a divergence are kept."""
    losses: list[float] = []
    div = None
    for step in range(steps):
        try:
            h = train(net, X, y, loss=loss, optimizer="sgd", lr=lr, steps=1, clip=clip)
        except TrainingDiverged:
            div = step
            break
        losses.append(h.final_loss)
    acc = float("nan") if div is not None else accuracy(net, X, y)
    return Run(label, np.array(losses), div, acc, float("nan"), tuple(findings))


def _findings(net: MLP, X, y=None, loss: str | None = None, kind: str = "", **kw: Any) -> tuple[str, ...]:
    """The problems :func:`~actfuncs.diagnose.diagnose` reports, only those mentioning ``kind``."""
    return tuple(p for p in diagnose(net, X, y, loss=loss, **kw).problems if kind in p)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def steps_to(losses: np.ndarray, level: float) -> int | None:
    """First step at which the loss is at or below ``level`` (None if never)."""
    hit = np.flatnonzero(np.asarray(losses) <= level)
    return int(hit[0]) if hit.size else None


def first_over_output(net: MLP, X, y, loss: str = "bce") -> float:
    """Gradient norm of the first hidden Dense layer over the output layer's, from :func:`diagnose`."""
    d = diagnose(net, X, y, loss=loss)
    return d.layers[0].grad_norm / d.output_grad_norm


def _batch_norm_runs(act: str, sizes: Sequence[int], Xtr, ytr, Xte, yte, *, lrs: Sequence[float],
                     steps: int, seed: int, level: float | None = None,
                     vanish: float = 1e-3) -> tuple[tuple[Run, ...], dict[str, float]]:
    r"""The deep ``act`` network (Xavier) with batch normalisation before each activation, trained
    by full-batch SGD at each rate in ``lrs``; measured: first/output gradient-norm ratio before
    training, vanishing layers flagged, training loss (last, lowest, and in evaluation mode after
    the last step), accuracies in evaluation mode, steps to ``level``."""
    runs, extra = [], {}
    for i, lr in enumerate(lrs):
        net = MLP(sizes, activation=act, init="xavier", seed=seed, batch_norm=True)
        ratio = first_over_output(net, Xtr, ytr)
        f = _findings(net, Xtr, ytr, "bce", kind="vanishing", vanish=vanish)
        r = _fit(f"{act}, Xavier, batch norm, lr {lr:g}", net, Xtr, ytr, Xte, yte, lr=lr, steps=steps,
                 findings=f)
        runs.append(r)
        key = "bn" if i == 0 else f"bn_lr{lr:g}"
        extra |= {f"{key}_final_loss": float(r.losses[-1]), f"{key}_min_loss": float(r.losses.min()),
                  f"{key}_eval_train_loss": float(make_loss("bce")(net.predict(Xtr), ytr)[0]),
                  f"{key}_train_acc": r.train_acc, f"{key}_test_acc": r.test_acc}
        if i == 0:
            extra |= {"bn_grad_ratio": ratio, "bn_flagged": float(bool(f)),
                      "bn_diverged": float(r.diverged_at is not None)}
        if level is not None:
            s = steps_to(r.losses, level)
            extra[f"{key}_steps"] = float(s) if s is not None else float("inf")
    return tuple(runs), extra


# -- source 000, "Common mistakes to avoid" ----------------------------------------------------
DEEP = [2] + [32] * 10 + [1]


def sigmoid_deep(seed: int = 0) -> Case:
    """Sigmoid in ten hidden layers: the first layers' gradients vanish and the loss stays at log 2."""
    Xtr, Xte, ytr, yte = moons(seed=seed)
    runs, ratios = [], []
    for label, act, init in (("sigmoid, Xavier", "sigmoid", "xavier"), ("ReLU, He", "relu", "he")):
        net = MLP(DEEP, activation=act, init=init, seed=seed)
        ratios.append(first_over_output(net, Xtr, ytr))
        f = _findings(net, Xtr, ytr, "bce", kind="vanishing")
        runs.append(_fit(label, net, Xtr, ytr, Xte, yte, lr=0.1, steps=200, findings=f))
    b, a = runs
    net = MLP(DEEP, activation="tanh", init="xavier", seed=seed)
    t = _fit("tanh, Xavier", net, Xtr, ytr, Xte, yte, lr=0.1, steps=200,
             findings=_findings(net, Xtr, ytr, "bce", kind="vanishing"))
    bn, bn_extra = _batch_norm_runs("sigmoid", DEEP, Xtr, ytr, Xte, yte, lrs=(0.1, 0.05), steps=200,
                                    seed=seed)
    return Case("sigmoid_deep", "mistake", "Using sigmoid/tanh in deep hidden layers",
                "vanishing gradients: each sigmoid layer multiplies the gradient by at most 1/4",
                "ReLU with He initialisation", "final training loss", b.losses[-1], a.losses[-1],
                b, a, "diagnose(): vanishing layers",
                {"tanh_final_loss": float(t.losses[-1]), "tanh_test_acc": t.test_acc,
                 "tanh_flagged": float(bool(t.findings)), "broken_train_acc": b.train_acc,
                 "broken_test_acc": b.test_acc, "fixed_train_acc": a.train_acc, "fixed_test_acc": a.test_acc,
                 "broken_grad_ratio": ratios[0], "fixed_grad_ratio": ratios[1], **bn_extra}, bn)


def no_output_activation(seed: int = 0) -> Case:
    """Binary classification with no output squashing: the reported 'probabilities' leave [0, 1]."""
    Xtr, Xte, ytr, yte = moons(seed=seed)
    net = MLP([2, 32, 32, 1], activation="relu", seed=seed)
    b = _fit("no output activation (MSE on raw outputs)", net, Xtr, ytr.astype(float), Xte, yte,
             loss="mse", lr=0.05, steps=300)
    pb = net.forward(Xte)
    cb = check_outputs(pb, "binary")
    net2 = MLP([2, 32, 32, 1], activation="relu", seed=seed)
    a = _fit("sigmoid output (BCE on logits)", net2, Xtr, ytr, Xte, yte, loss="bce", lr=0.05, steps=300)
    ca = check_outputs(_sigmoid(net2.forward(Xte)), "binary")
    b = Run(b.label, b.losses, b.diverged_at, b.train_acc, b.test_acc, cb.problems)
    a = Run(a.label, a.losses, a.diverged_at, a.train_acc, a.test_acc, ca.problems)
    return Case("no_output_activation", "mistake", "Forgetting the activation in the output layer",
                "the output range does not match the task (a probability must lie in [0, 1])",
                "sigmoid on the output (trained as BCE on logits)",
                "share of test outputs outside [0, 1]", cb.out_of_range, ca.out_of_range, b, a,
                "check_outputs(task='binary')",
                {"min_output": float(pb.min()), "max_output": float(pb.max())})


def _multilabel(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    Y = np.column_stack([X[:, 0] > -0.3, X[:, 0] < 0.3, X[:, 1] > 0]).astype(float)
    return X, Y


def softmax_multilabel(seed: int = 0) -> Case:
    """Softmax on a task where an example can carry several labels: it cannot say 'both'."""
    X, Y = _multilabel(600, seed)
    Xte, Yte = _multilabel(300, seed + 1)
    net = MLP([2, 32, 3], activation="tanh", init="xavier", seed=seed)
    train(net, X, Y / Y.sum(axis=1, keepdims=True).clip(1), loss="cross_entropy", optimizer="adam",
          lr=0.02, steps=250)
    pb = _softmax(net.forward(Xte))
    net2 = MLP([2, 32, 3], activation="tanh", init="xavier", seed=seed)
    h2 = train(net2, X, Y, loss="bce", optimizer="adam", lr=0.02, steps=250)
    pa = _sigmoid(net2.forward(Xte))

    def exact(p: np.ndarray) -> float:
        return float(np.mean(np.all((p > 0.5) == (Yte > 0.5), axis=1)))

    cb, ca = check_outputs(pb, "multilabel", Yte), check_outputs(pa, "multilabel", Yte)
    b = Run("softmax outputs", np.array([]), None, float("nan"), exact(pb), cb.problems)
    a = Run("one sigmoid per label", h2.losses, None, float("nan"), exact(pa), ca.problems)
    return Case("softmax_multilabel", "mistake", "Using softmax for multi-label problems",
                "softmax outputs sum to 1, so at most one label can get p > 1/2",
                "one sigmoid per label with binary cross-entropy",
                "test exact-match rate", b.test_acc, a.test_acc, b, a,
                "check_outputs(task='multilabel')", {"multi_label_share": cb.multi_label_share})


def bad_init(seed: int = 0) -> Case:
    """tanh with N(0, 1) weights on the 64 digit pixels: most units saturate at the first step."""
    X, y = datasets.digits()
    Xtr, Xte, ytr, yte = datasets.train_test_split(X, y, test=0.25, seed=0)
    Xtr, Xte = Xtr[:600], Xte[:300]
    ytr, yte = ytr[:600], yte[:300]
    runs = []
    for label, init in (("tanh, N(0, 3^2) weights", normal(3.0)), ("tanh, Xavier", "xavier")):
        net = MLP([64, 64, 64, 10], activation="tanh", init=init, seed=seed)
        f = _findings(net, Xtr, ytr, "cross_entropy", kind="saturated")
        runs.append(_fit(label, net, Xtr, ytr, Xte, yte, loss="cross_entropy", lr=0.1, steps=150,
                         batch_size=100, seed=seed, findings=f))
    b, a = runs
    return Case("bad_init", "mistake", "Not initialising weights properly",
                "weights too large for the fan-in: pre-activations land far out on tanh's flat tails",
                "Xavier initialisation (variance 2 / (fan_in + fan_out))",
                "test accuracy", b.test_acc, a.test_acc, b, a, "diagnose(): saturated layers")


def copied_architecture(seed: int = 0) -> Case:
    """A net copied from a task with positive targets (ReLU output) used to predict signed values."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(400, 1))
    t = np.sin(2 * X) * 2 + 0.1 * rng.normal(size=X.shape)
    Xte = rng.uniform(-2, 2, size=(200, 1))
    tte = np.sin(2 * Xte) * 2
    runs, checks = [], []
    for label, out in (("copied: ReLU on the output", "relu"), ("rethought: linear output", None)):
        net = MLP([1, 32, 32, 1], activation="tanh", init="xavier", seed=seed, output_activation=out)
        h = train(net, X, t, loss="mse", optimizer="adam", lr=0.01, steps=300)
        c = check_outputs(net.forward(Xte), "regression", tte)
        mse = float(np.mean((net.forward(Xte) - tte) ** 2))
        checks.append(c)
        runs.append((Run(label, h.losses, None, float("nan"), float("nan"), c.problems), mse))
    (b, mb), (a, ma) = runs
    return Case("copied_architecture", "mistake", "Blindly copying architectures",
                "an output activation chosen for another task (ReLU for counts) cannot reach "
                "negative targets", "choose the output for this task: identity for signed values",
                "test mean squared error", mb, ma, b, a, "check_outputs(task='regression')",
                {"targets_out_of_reach": checks[0].out_of_range})


def dying_relu(seed: int = 0) -> Case:
    """A too-large learning rate kills ReLU units; Leaky ReLU cannot die."""
    Xtr, Xte, ytr, yte = moons(seed=seed)
    runs, dead = [], []
    for label, act in (("ReLU, lr 3", "relu"), ("Leaky ReLU, lr 3", "leaky_relu")):
        net = MLP([2, 32, 32, 1], activation=act, seed=seed)
        r = _fit(label, net, Xtr, ytr, Xte, yte, lr=3.0, steps=100, clip=1.0)
        d = diagnose(net, Xtr, ytr, loss="bce")
        dead.append(d.dead_fraction)
        runs.append(Run(r.label, r.losses, r.diverged_at, r.train_acc, r.test_acc,
                        tuple(p for p in d.problems if "dead" in p)))
    b, a = runs
    net = MLP([2, 32, 32, 1], activation="relu", seed=seed)
    train(net, Xtr, ytr, loss="bce", optimizer="sgd", lr=0.1, steps=100, clip=1.0)
    sane = diagnose(net, Xtr, ytr, loss="bce").dead_fraction
    return Case("dying_relu", "mistake", "Ignoring the dying-ReLU problem",
                "one large step pushes a unit's pre-activation below 0 for every input; f' = 0 there, "
                "so it never gets a gradient again", "Leaky ReLU (or a smaller learning rate)",
                "share of dead hidden units", dead[0], dead[1], b, a, "diagnose(): dead units",
                {"dead_relu_lr_0.1": sane})


def linear_hidden(seed: int = 0) -> Case:
    """Identity in the hidden layers: the whole network is one affine map and cannot bend."""
    Xtr, Xte, ytr, yte = moons(seed=seed)
    runs, gaps = [], []
    for label, act in (("identity hidden layers", "identity"), ("ReLU hidden layers", "relu")):
        net = MLP([2, 32, 32, 1], activation=act, seed=seed)
        r = _fit(label, net, Xtr, ytr, Xte, yte, optimizer="adam", lr=0.01, steps=300)
        g = linearity_gap(net, Xtr)
        gaps.append(g)
        f = (f"the network is affine: linearity gap {g:.1e}",) if g < 1e-9 else ()
        runs.append(Run(r.label, r.losses, r.diverged_at, r.train_acc, r.test_acc, f))
    b, a = runs
    return Case("linear_hidden", "mistake", "Using a linear activation in hidden layers",
                "a composition of affine maps is affine: depth adds nothing",
                "a non-linear activation (ReLU)", "test accuracy", b.test_acc, a.test_acc, b, a,
                "linearity_gap()", {"gap_broken": gaps[0], "gap_fixed": gaps[1]})


# -- source 000, "Debugging activation issues" ---------------------------------------------------
def loss_flat(seed: int = 0) -> Case:
    """Loss not decreasing: every ReLU unit starts dead (bias -3); Leaky ReLU trains from the same start."""
    Xtr, Xte, ytr, yte = moons(seed=seed)
    runs = []
    for label, act in (("ReLU, bias init -3", "relu"), ("Leaky ReLU, bias init -3", "leaky_relu")):
        net = MLP([2, 32, 32, 1], activation=act, seed=seed, bias_init=-3.0)
        f = _findings(net, Xtr, ytr, "bce", kind="dead")
        runs.append(_fit(label, net, Xtr, ytr, Xte, yte, optimizer="adam", lr=0.01, steps=300,
                         findings=f))
    b, a = runs
    drop = [float(r.losses[0] - r.losses[-1]) for r in runs]
    return Case("loss_flat", "symptom", "Training loss not decreasing",
                "dead ReLU units: no gradient reaches any hidden weight",
                "change the activation (Leaky ReLU) or the initialisation",
                "loss decrease over 300 steps", drop[0], drop[1], b, a, "diagnose(): dead units")


def loss_nan(seed: int = 0, max_norm: float = 1e3) -> Case:
    """Loss exploding to NaN: a deep ReLU net with N(0, 1) weights and plain SGD overflows."""
    Xtr, _, ytr, _ = moons(seed=seed)
    sizes = [2] + [32] * 8 + [1]
    runs, norms = {}, {}
    for key, act, init, clip in (("broken", "relu", normal(1.0), None), ("fixed", "relu", "he", 1.0),
                                 ("elu", "elu", normal(1.0), None)):
        net = MLP(sizes, activation=act, init=init, seed=seed)
        d = diagnose(net, Xtr, ytr, loss="bce", max_norm=max_norm)
        norms[key] = d.output_grad_norm
        label = f"{act}, {'He' if init == 'he' else 'N(0, 1)'} weights" + (f", clip {clip:g}" if clip else "")
        runs[key] = _sgd_until_diverged(label, net, Xtr, ytr, lr=0.1, steps=30, clip=clip,
                                        findings=tuple(p for p in d.problems if "exploding" in p))

    def at(r: Run) -> float:
        return float(r.diverged_at) if r.diverged_at is not None else float("nan")

    net = MLP(sizes, activation="relu", init=normal(1.0), seed=seed, batch_norm=True)
    d = diagnose(net, Xtr, ytr, loss="bce", max_norm=max_norm)
    norms["bn"] = d.output_grad_norm
    bn = _sgd_until_diverged("relu, N(0, 1) weights, batch norm", net, Xtr, ytr, lr=0.1, steps=30,
                             findings=tuple(p for p in d.problems if "exploding" in p))
    bn_max_grad = max(r.grad_norm for r in d.layers)
    b, a = runs["broken"], runs["fixed"]
    return Case("loss_nan", "symptom", "Loss exploding (NaN values)",
                "with N(0, 1) weights each ReLU layer multiplies the activations' size by about "
                "sqrt(32/2) = 4; the loss and the gradients overflow",
                "He initialisation plus gradient-norm clipping",
                "step at which training diverged (nan: never, in 30 steps)", at(b), at(a), b, a,
                f"diagnose(max_norm={max_norm:g}): exploding layers",
                {"output_grad_norm_broken": norms["broken"], "output_grad_norm_fixed": norms["fixed"],
                 "elu_diverged_at": at(runs["elu"]), "elu_grad_norm": norms["elu"],
                 "bn_diverged_at": at(bn), "bn_grad_norm": norms["bn"],
                 "bn_max_hidden_grad_norm": bn_max_grad,
                 "bn_flagged": float(bool(bn.findings)),
                 "bn_final_loss": float(bn.losses[-1]) if bn.losses.size else float("nan"),
                 "bn_train_acc": bn.train_acc}, (bn,))


def slow_convergence(seed: int = 0, level: float = 0.3) -> Case:
    """Slow convergence: sigmoid hidden layers take far more steps than tanh to reach the same loss."""
    Xtr, Xte, ytr, yte = moons(seed=seed)
    runs, hit = [], []
    for label, act in (("sigmoid, 4 hidden layers", "sigmoid"), ("tanh, 4 hidden layers", "tanh")):
        net = MLP([2, 32, 32, 32, 32, 1], activation=act, init="xavier", seed=seed)
        f = _findings(net, Xtr, ytr, "bce", kind="vanishing", vanish=0.1)
        r = _fit(label, net, Xtr, ytr, Xte, yte, lr=0.5, steps=500, findings=f)
        s = steps_to(r.losses, level)
        hit.append(float(s) if s is not None else float("inf"))
        runs.append(r)
    b, a = runs
    bn, bn_extra = _batch_norm_runs("sigmoid", [2, 32, 32, 32, 32, 1], Xtr, ytr, Xte, yte, lrs=(0.5,),
                                    steps=500, seed=seed, level=level, vanish=0.1)
    return Case("slow_convergence", "symptom", "Slow convergence",
                "sigmoid's slope is at most 1/4 and its outputs are all positive",
                "switch to tanh (or ReLU)", f"steps to reach training loss {level}", hit[0], hit[1],
                b, a, "diagnose(vanish=0.1): vanishing layers",
                {"broken_test_acc": b.test_acc, "fixed_test_acc": a.test_acc, **bn_extra}, bn)


def overfitting(seed: int = 0, n_seeds: int = 3, n: int = 40, steps: int = 150,
                limit: float = 1.0, dropout: Sequence[float] = (0.2, 0.5)) -> Case:
    """Overfitting: ``n`` noisy moons points, 2 x 64 hidden units, Adam for ``steps`` steps.

    The measured number is the test loss minus the training loss (binary cross-entropy), averaged
    over the seeds ``seed, ..., seed + n_seeds - 1``; a 2 x 3 network is the fix. The check flags
    a gap above ``limit``. GELU and Mish with 2 x 64 units test the claim that they regularise
    implicitly.  The wide ReLU network with dropout at each rate in ``dropout`` (after each hidden
    activation, same seeds, same steps) tests the source's other suggestion; every loss here is
    measured in evaluation mode (no dropout), the training curves are in training mode.
    """
    seeds = tuple(range(seed, seed + n_seeds))
    bce = make_loss("bce")
    gaps: dict[tuple[str, int], list[float]] = {}
    accs: dict[tuple[str, int], list[tuple[float, float]]] = {}
    curves: dict[tuple[str, int], np.ndarray] = {}
    losses_: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for s in seeds:
        X, y = datasets.moons(n + 200, noise=0.35, seed=s)
        X = _standardise(X)
        Xtr, ytr, Xte, yte = X[:n], y[:n], X[n:], y[n:]
        configs = [("relu", 64, 0.0), ("relu", 3, 0.0), ("gelu", 64, 0.0), ("mish", 64, 0.0)]
        for act, width, p in configs + [("relu", 64, float(p)) for p in dropout]:
            net = MLP([2, width, width, 1], activation=act, seed=s, dropout=p)
            h = train(net, Xtr, ytr, loss="bce", optimizer="adam", lr=0.02, steps=steps)
            tr_loss, te_loss = bce(net.predict(Xtr), ytr)[0], bce(net.predict(Xte), yte)[0]
            key = (act, width) if not p else (f"dropout_{p:g}", width)
            gaps.setdefault(key, []).append(float(te_loss - tr_loss))
            losses_.setdefault(key, []).append((float(tr_loss), float(te_loss)))
            accs.setdefault(key, []).append((accuracy(net, Xtr, ytr), accuracy(net, Xte, yte)))
            curves.setdefault(key, h.losses)
    mean = {k: float(np.mean(v)) for k, v in gaps.items()}
    spread = {f"{a}_{w}_{m.__name__}": float(m(v)) for (a, w), v in gaps.items() for m in (np.min, np.max)}

    def run_(key: tuple[str, int], label: str) -> Run:
        tr, te = (float(np.mean(c)) for c in zip(*accs[key], strict=True))
        f = (f"test loss exceeds training loss by {mean[key]:.2f} (mean over {len(seeds)} seeds)",) \
            if mean[key] > limit else ()
        return Run(label, curves[key], None, tr, te, f)

    b, a = run_(("relu", 64), "ReLU, 2 x 64 hidden units"), run_(("relu", 3), "ReLU, 2 x 3 hidden units")
    drop = tuple(run_((f"dropout_{p:g}", 64), f"ReLU, 2 x 64, dropout {p:g}") for p in dropout)
    per_seed = {f"{k}_{w}_seed{s}": g for (k, w), v in gaps.items()
                for s, g in zip(seeds, v, strict=True)}
    train_test = {f"{k}_{w}_{part}_loss": float(np.mean([t[i] for t in v]))
                  for (k, w), v in losses_.items() for i, part in enumerate(("train", "test"))}
    test_acc = {f"{k}_{w}_test_acc": float(np.mean([t[1] for t in v])) for (k, w), v in accs.items()}
    return Case("overfitting", "symptom", "Overfitting",
                f"capacity far above what {n} noisy points support: the training loss goes to 0, "
                "the test loss grows", "fewer neurons",
                "test loss - training loss", mean[("relu", 64)], mean[("relu", 3)], b, a,
                f"test - train loss > {limit:g}",
                {"gelu_64": mean[("gelu", 64)], "mish_64": mean[("mish", 64)],
                 "seeds": float(len(seeds)), **spread,
                 **{f"dropout_{p:g}": mean[(f"dropout_{p:g}", 64)] for p in dropout},
                 **per_seed, **train_test, **test_acc}, drop)


MISTAKES: dict[str, Callable[..., Case]] = {
    "sigmoid_deep": sigmoid_deep,
    "no_output_activation": no_output_activation,
    "softmax_multilabel": softmax_multilabel,
    "bad_init": bad_init,
    "copied_architecture": copied_architecture,
    "dying_relu": dying_relu,
    "linear_hidden": linear_hidden,
}
"""Source 000's "Common mistakes to avoid" table, in its row order."""

SYMPTOMS: dict[str, Callable[..., Case]] = {
    "loss_flat": loss_flat,
    "loss_nan": loss_nan,
    "slow_convergence": slow_convergence,
    "overfitting": overfitting,
}
"""Source 000's "Debugging activation issues" table, in its row order."""

CASES = {**MISTAKES, **SYMPTOMS}


def run(key: str, seed: int = 0) -> Case:
    """Run one case by key (see :data:`CASES`)."""
    if key not in CASES:
        raise ValueError(f"unknown case {key!r}; choose one of {', '.join(CASES)}")
    return CASES[key](seed=seed)


def table(cases: Sequence[Case]) -> str:
    """Markdown table: row, metric, before, after, detected, cleared."""
    lines = ["| row | measured | broken | fixed | diagnostic | flags broken | clean on fixed |",
             "|---|---|---|---|---|---|---|"]
    for c in cases:
        lines.append(f"| {c.row} | {c.metric} | {c.before:.3g} | {c.after:.3g} | {c.diagnostic} | "
                     f"{'yes' if c.detected else 'no'} | {'yes' if c.cleared else 'no'} |")
    return "\n".join(lines)


def plot(case: Case):
    """Training loss of the broken and the fixed run, and of any ``remedies`` (a cross marks a divergence)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.6, 2.8))
    others = ("#55a868", "#8172b2", "#ccb974")
    for r, color in ((case.broken, "#c44e52"), (case.fixed, "#4c72b0"),
                     *zip(case.remedies, others, strict=False)):
        if r.losses.size:
            ax.plot(np.arange(r.losses.size), r.losses, color=color, label=r.label)
        if r.diverged_at is not None:
            y = r.losses[-1] if r.losses.size else 1.0
            ax.plot(r.diverged_at, y, "x", color=color, ms=10, mew=2,
                    label=f"{r.label}: NaN at step {r.diverged_at}")
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("training loss")
    ax.set_title(f"{case.row}: broken vs fixed")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()

    def describe(r: Run) -> str:
        if r.diverged_at is not None:
            return f"{r.label}: diverges (NaN) at step {r.diverged_at}"
        return f"{r.label}: loss from {r.losses[0]:.3g} to {r.losses[-1]:.3g} in {r.losses.size} steps"

    fig.alt_text = f"Training loss, {case.row}. " + "; ".join(  # type: ignore[attr-defined]
        describe(r) for r in (case.broken, case.fixed, *case.remedies)
        if r.losses.size or r.diverged_at is not None
    )
    return fig
