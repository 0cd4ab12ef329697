"""Widget update latency: from a programmatic slider change to a finished redraw.

Run from the repository root::

    .venv/bin/python benchmarks/widgets.py

For each live widget at default settings, the value of one control is set (alternating
between two values so every set is a real change) and the wall time until the
``observe`` callback has rendered the new PNG into the ``Image`` widget is recorded
(the callbacks run synchronously, so the set returns after the redraw).  This measures
the kernel side only (compute + Agg render + PNG encode), not comm transport or browser
paint.  Median and max over 15 changes after 2 warm-ups; target median <= 100 ms for
widgets 1-4 (widget 5 retrains a network on every change and is reported against the
same target).
Writes ``benchmarks/results/widgets.json`` with the machine's load average and
``OPENBLAS_NUM_THREADS``: on a busy 2-core machine OpenBLAS's worker threads make the small
matrix products of the gradient-flow experiment 10x slower; run with
``OPENBLAS_NUM_THREADS=1`` there.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from actfuncs import widgets  # noqa: E402

TARGET_MS = 100.0
REPEATS = 15


def _time(control, a, b) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per change (CPU time of this thread: what the redraw costs
    when the machine is not shared; wall time is what a reader waits)."""
    wall, cpu = [], []
    for k in range(REPEATS + 2):
        t, c = time.perf_counter(), time.thread_time()
        control.value = a if k % 2 else b
        wall.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.thread_time() - c) * 1e3)
    return wall[2:], cpu[2:]


def cases() -> dict[str, tuple[list[float], list[float]] | str]:
    res: dict[str, tuple[list[float], list[float]] | str] = {}
    box = widgets.explorer("elu")
    res["1 explorer (elu alpha)"] = _time(box.children[1].children[0], 0.5, 1.5)
    box = widgets.softmax_widget()
    res["4 softmax temperature"] = _time(box.children[0], 0.5, 2.0)
    for label, make, a, b in (("2 gradient flow (depth)", widgets.gradient_flow_widget, 8, 12),
                              ("3 dead units (lr)", widgets.dead_units_widget, 0.05, 0.2),
                              ("5 decision boundary (width)", widgets.decision_boundary_widget,
                               12, 20)):
        box = make()
        if box.children[-2].value:  # the experiment raised: report its message
            res[label] = f"error: {box.children[-2].value}"
            continue
        res[label] = _time(box.children[1], a, b)
    return res


def main() -> None:
    res = cases()
    rows = {}
    print(f"{'widget':28s} {'median ms':>10s} {'max ms':>8s} {'cpu ms':>7s}  target {TARGET_MS:g} ms")
    for k, v in res.items():
        if isinstance(v, str):
            print(f"{k:28s} {v}")
            rows[k] = {"status": v}
            continue
        wall, cpu = v
        med, mx, mc = statistics.median(wall), max(wall), statistics.median(cpu)
        ok = "ok" if med <= TARGET_MS else "SLOW"
        print(f"{k:28s} {med:10.1f} {mx:8.1f} {mc:7.1f}  {ok}")
        rows[k] = {"median_ms": round(med, 2), "max_ms": round(mx, 2),
                   "median_cpu_ms": round(mc, 2), "ok": med <= TARGET_MS}
    out = Path(__file__).parent / "results" / "widgets.json"
    load = [round(v, 2) for v in os.getloadavg()]  # the machine is shared: say how busy it was
    print(f"load average (1, 5, 15 min): {load}, cores: {os.cpu_count()}")
    out.write_text(json.dumps({"when": datetime.datetime.now(datetime.UTC).isoformat(
        timespec="seconds"), "target_ms": TARGET_MS, "repeats": REPEATS, "load_average": load,
        "cores": os.cpu_count(), "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "results": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
