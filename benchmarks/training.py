"""Training benchmark: a two-hidden-layer MLP, 1,000 full-batch steps on 1,000 moons points.

Run from the repository root::

    .venv/bin/python benchmarks/training.py            # 5 interleaved repeats + experiment timings
    .venv/bin/python benchmarks/training.py --repeats 3 --no-save --no-experiments

Network [2, 32, 32, 1] with ReLU, BCE-with-logits loss and SGD (lr 0.5), float64, one thread
(BLAS threads pinned to 1 before NumPy is imported; ``torch.set_num_threads(1)``).  Each
repeat times 1,000 steps of actfuncs' ``nn.train`` and, when PyTorch is installed, the same
network in PyTorch CPU; repeats are interleaved and the medians reported, with the ratio
measured at run time.  Targets: actfuncs <= 1 s, actfuncs / PyTorch <= 1.5.

It then times every experiment of ``actfuncs.experiments`` with its default arguments, result
and plot together (matplotlib's Agg backend), median of ``--experiment-repeats`` runs, against
the budget of 5 s each.  Writes ``benchmarks/results/training.json`` unless ``--no-save``.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from actfuncs import datasets  # noqa: E402
from actfuncs.experiments.cost import torch, torch_step  # noqa: E402
from actfuncs.nn import MLP, accuracy, train  # noqa: E402

STEPS, N, SIZES, LR = 1000, 1000, [2, 32, 32, 1], 0.5
TARGET_S, TARGET_RATIO = 1.0, 1.5
EXPERIMENT_BUDGET_S = 5.0


def experiment_runs() -> list[tuple[str, object]]:
    """(label, zero-argument callable producing result and figure) for every experiment."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from actfuncs.experiments import (
        comparison,
        cost,
        dead_units,
        gradient_flow,
        hinges,
        linearity,
        output_layers,
        selu_norm,
        zero_centring,
    )

    def run(make, draw):
        def go():
            plt.close(draw(make()))

        return go

    return [
        ("linearity.collapse_vs_depth", run(linearity.collapse_vs_depth, linearity.plot_collapse)),
        ("linearity.xor_experiment", run(linearity.xor_experiment, linearity.plot)),
        ("linearity.deep_linear_regression",
         run(linearity.deep_linear_regression, linearity.plot_linear_fit)),
        ("linearity.best_linear_xor_accuracy", linearity.best_linear_xor_accuracy),
        ("hinges.hinge_fit(7)", lambda: hinges.hinge_fit(7)),
        ("gradient_flow.gradient_flow", run(gradient_flow.gradient_flow, gradient_flow.plot)),
        ("dead_units.dead_units", run(dead_units.dead_units, dead_units.plot)),
        ("zero_centring.zero_centring", run(zero_centring.zero_centring, zero_centring.plot)),
        ("zero_centring.zigzag", run(zero_centring.zigzag, zero_centring.plot_zigzag)),
        ("selu_norm.selu_norm", run(selu_norm.selu_norm, selu_norm.plot)),
        ("comparison.comparison", run(comparison.comparison, comparison.plot)),
        ("cost.cost", run(cost.cost, cost.plot)),
        ("output_layers.output_layers", run(output_layers.output_layers, output_layers.plot)),
    ]


def time_experiments(repeats: int) -> dict[str, float]:
    """Median seconds per experiment (result + plot) over ``repeats`` runs, printed as a table."""
    out = {}
    print(f"\nexperiments (result + plot), median of {repeats}, budget {EXPERIMENT_BUDGET_S:g} s each")
    for label, go in experiment_runs():
        ts = []
        for _ in range(repeats):
            t = time.perf_counter()
            go()
            ts.append(time.perf_counter() - t)
        out[label] = statistics.median(ts)
        flag = "ok" if out[label] <= EXPERIMENT_BUDGET_S else "OVER BUDGET"
        print(f"  {label:<38} {out[label]:7.3f} s  {flag}")
    return out


def run_actfuncs() -> tuple[float, float]:
    X, y = datasets.moons(N, noise=0.1, seed=0)
    net = MLP(SIZES, activation="relu", init="he", seed=0)
    t = time.perf_counter()
    train(net, X, y, loss="bce", optimizer="sgd", lr=LR, steps=STEPS)
    return time.perf_counter() - t, accuracy(net, X, y)


def run_torch() -> float:
    step = torch_step(SIZES, seed=0, lr=LR)
    t = time.perf_counter()
    for _ in range(STEPS):
        step()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--no-experiments", action="store_true")
    ap.add_argument("--experiment-repeats", type=int, default=3)
    args = ap.parse_args()
    if torch is not None:
        torch.set_num_threads(1)
    ours, theirs, acc = [], [], 0.0
    for _ in range(args.repeats):
        t, acc = run_actfuncs()
        ours.append(t)
        if torch is not None:
            theirs.append(run_torch())
    med = statistics.median(ours)
    rows = [("actfuncs (NumPy)", med, f"{acc:.3f}")]
    ratio = None
    if theirs:
        tmed = statistics.median(theirs)
        ratio = med / tmed
        rows.append((f"PyTorch {torch.__version__} CPU", tmed, ""))
    print(f"{STEPS} full-batch steps, {N} moons points, MLP {SIZES}, median of {args.repeats}")
    print(f"{'implementation':<28} {'seconds':>8} {'train acc':>9}")
    for name, t, a in rows:
        print(f"{name:<28} {t:8.3f} {a:>9}")
    print(f"target <= {TARGET_S:g} s: {'met' if med <= TARGET_S else 'MISSED'}")
    if ratio is not None:
        print(f"actfuncs / PyTorch = {ratio:.2f} (target <= {TARGET_RATIO:g}: "
              f"{'met' if ratio <= TARGET_RATIO else 'MISSED'})")
    else:
        print("PyTorch not installed: no ratio")
    experiments = None if args.no_experiments else time_experiments(args.experiment_repeats)
    if not args.no_save:
        out = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": platform.machine(), "python": platform.python_version(),
            "numpy": np.__version__, "torch": None if torch is None else torch.__version__,
            "steps": STEPS, "n": N, "sizes": SIZES, "repeats": args.repeats,
            "actfuncs_s": ours, "torch_s": theirs, "median_actfuncs_s": med,
            "median_torch_s": statistics.median(theirs) if theirs else None, "ratio": ratio,
            "train_accuracy": acc,
            "experiments_s": experiments, "experiment_budget_s": EXPERIMENT_BUDGET_S,
            "threads": 1,
        }
        path = Path(__file__).parent / "results" / "training.json"
        path.write_text(json.dumps(out, indent=1) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
