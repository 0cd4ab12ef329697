r"""Cost: what an activation costs, measured fairly at run time.

Fairness rules: every contender writes into a preallocated output where it can; contenders are
timed in interleaved rounds (A, B, C, A, B, C, ...) so that machine load hits all of them alike;
each reports the median over rounds.  Ratios are computed from these medians when the experiment
runs; no number is typed in.  PyTorch (CPU) joins when it is installed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

import actfuncs
from actfuncs import datasets
from actfuncs.nn import MLP
from actfuncs.nn.losses import BCEWithLogits
from actfuncs.nn.optim import SGD

try:  # optional: only for comparison
    import torch
except ImportError:  # pragma: no cover - depends on the environment
    torch = None


def interleaved_medians(
    contenders: dict[str, Callable[[], object]], rounds: int = 15, number: int = 10
) -> dict[str, float]:
    """Median seconds per call of each contender, timed in interleaved rounds."""
    for f in contenders.values():  # warm-up (lazy initialisation, caches)
        f()
    times: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(rounds):
        for k, f in contenders.items():
            t0 = time.perf_counter()
            for _ in range(number):
                f()
            times[k].append((time.perf_counter() - t0) / number)
    return {k: float(np.median(v)) for k, v in times.items()}


def _numpy_sigmoid(x: np.ndarray, out: np.ndarray, tmp: np.ndarray) -> None:
    # sigma(x) = 1/(1+e^-x) for x >= 0, e^x/(1+e^x) otherwise, via e = exp(-|x|)
    np.abs(x, out=tmp)
    np.negative(tmp, out=tmp)
    np.exp(tmp, out=tmp)
    np.add(tmp, 1.0, out=out)
    np.divide(1.0, out, out=out)
    np.multiply(tmp, out, out=tmp)
    np.copyto(out, tmp, where=x < 0)


_NUMPY: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], object]] = {
    "relu": lambda x, out, tmp: np.maximum(x, 0.0, out=out),
    "tanh": lambda x, out, tmp: np.tanh(x, out=out),
    "sigmoid": _numpy_sigmoid,
}


_TORCH: dict[str, Callable[[object, object], object]] = (
    {
        "relu": lambda xt, ot: torch.clamp_min(xt, 0.0, out=ot),
        "tanh": lambda xt, ot: torch.tanh(xt, out=ot),
        "sigmoid": lambda xt, ot: torch.sigmoid(xt, out=ot),
    }
    if torch is not None
    else {}
)


@dataclass(frozen=True)
class CostResult:
    """Median seconds per call: ``ops[(activation, contender)]`` for one forward evaluation of
    ``size`` elements, ``steps[contender]`` for one full-batch training step."""

    size: int
    ops: dict[tuple[str, str], float]
    steps: dict[str, float]
    torch_version: str | None

    def op_ratio(self, activation: str, contender: str, baseline: str = "numpy") -> float:
        return self.ops[(activation, contender)] / self.ops[(activation, baseline)]

    def step_ratio(self, contender: str, baseline: str = "actfuncs") -> float:
        return self.steps[contender] / self.steps[baseline]


def numpy_step(sizes: Sequence[int] = (2, 32, 32, 1), seed: int = 0, lr: float = 0.5):
    """One actfuncs MLP training step (forward, BCE, backward, SGD) on 1,000 moons, as a closure."""
    X, y = datasets.moons(1000, noise=0.1, seed=seed)
    net = MLP(list(sizes), activation="relu", init="he", seed=seed)
    loss, opt = BCEWithLogits(), SGD(lr)
    params, grads = net.params, net.grads

    def step() -> float:
        value, g = loss(net.forward(X), y)
        net.backward(g)
        opt.step(params, grads)
        return value

    return step


def torch_step(sizes: Sequence[int] = (2, 32, 32, 1), seed: int = 0, lr: float = 0.5):
    """The same step in PyTorch (CPU, float64, one thread), or None when torch is missing."""
    if torch is None:
        return None
    X, y = datasets.moons(1000, noise=0.1, seed=seed)
    torch.manual_seed(seed)
    layers: list = []
    for a, b in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [torch.nn.Linear(a, b, dtype=torch.float64), torch.nn.ReLU()]
    net = torch.nn.Sequential(*layers[:-1])
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    lossf = torch.nn.BCEWithLogitsLoss()
    Xt = torch.from_numpy(X)
    yt = torch.from_numpy(y.astype(np.float64))[:, None]

    def step() -> float:
        opt.zero_grad(set_to_none=False)
        loss = lossf(net(Xt), yt)
        loss.backward()
        opt.step()
        return float(loss.detach())

    return step


def cost(
    activations: Sequence[str] = ("relu", "sigmoid", "tanh"),
    size: int = 100_000,
    rounds: int = 9,
    number: int = 5,
    seed: int = 0,
) -> CostResult:
    """Time single activations (actfuncs vs hand-written NumPy vs torch) and whole training steps."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=size)
    out, tmp = np.empty_like(x), np.empty_like(x)
    ops: dict[tuple[str, str], float] = {}
    threads = None
    if torch is not None:
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
    try:
        for a in activations:
            act = actfuncs.get(a)
            contenders: dict[str, Callable[[], object]] = {"actfuncs": lambda act=act: act.fn(x)}
            if a in _NUMPY:
                contenders["numpy"] = lambda f=_NUMPY[a]: f(x, out, tmp)
            if torch is not None and a in _TORCH:
                xt, ot = torch.from_numpy(x), torch.empty(size, dtype=torch.float64)
                contenders["torch"] = lambda f=_TORCH[a], xt=xt, ot=ot: f(xt, ot)
            for k, v in interleaved_medians(contenders, rounds, number).items():
                ops[(a, k)] = v
        step_fns: dict[str, Callable[[], object]] = {"actfuncs": numpy_step(seed=seed)}
        ts = torch_step(seed=seed)
        if ts is not None:
            step_fns["torch"] = ts
        steps = interleaved_medians(step_fns, rounds, number)
    finally:
        if threads is not None:
            torch.set_num_threads(threads)
    return CostResult(size, ops, steps, None if torch is None else torch.__version__)


def plot(result: CostResult):
    """Bars of time per call relative to hand-written NumPy (ops) and to actfuncs (training step)."""
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.0))
    acts = sorted({a for a, _ in result.ops})
    names = sorted({c for _, c in result.ops})
    for j, c in enumerate(names):
        vals = [result.op_ratio(a, c) if (a, c) in result.ops and (a, "numpy") in result.ops
                else np.nan for a in acts]
        ax1.bar(np.arange(len(acts)) + 0.27 * j, vals, width=0.25, label=c)
    ax1.set_xticks(np.arange(len(acts)) + 0.27, acts)
    ax1.axhline(1.0, color="k", lw=0.8)
    ax1.set_title(f"Time per call / NumPy time, {result.size:,} elements")
    ax1.legend(frameon=False, fontsize=8)
    ks = list(result.steps)
    ax2.bar(ks, [result.steps[k] * 1e3 for k in ks], color="#4c72b0")
    ax2.set_ylabel("ms per step")
    ax2.set_title("One training step, 1,000 moons points")
    fig.tight_layout()
    return fig
