"""The speed benchmark's bookkeeping: how one process is probed and how the target is judged.

Timings themselves are never asserted (they belong to the benchmark's output); these tests
check the plumbing a wrong implementation would break.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "speed.py"


def _speed():
    spec = importlib.util.spec_from_file_location("speed_script", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_probe_prints_every_piecewise_unit_as_json() -> None:
    out = subprocess.run([sys.executable, str(SCRIPT), "--probe", "4000", "3"], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    got = json.loads(out.strip().splitlines()[-1])
    speed = _speed()
    # numba is installed here (make installs the fast extra), so the leaky family's NumPy path
    # is timed beside its compiled loop
    fallback = {n + speed.NUMPY_PATH for n in speed.LEAKY}
    assert set(got) == set(speed.RELU_LIKE + speed.OTHER_PIECEWISE) | fallback
    assert all(v > 0 for v in got.values())
    assert speed.compiled().startswith("numba ")


def test_relu_like_target_is_judged_on_the_median_over_processes() -> None:
    speed = _speed()
    rows = [{"name": n, "n": 10**6, "dtype": "float32", "fn_vs_copy": 9.0}
            for n in speed.RELU_LIKE + speed.OTHER_PIECEWISE]
    rows.append({"name": "sigmoid", "n": 10**6, "dtype": "float32", "fn_vs_copy": 5.0,
                 "fn_vs_torch": 3.0})
    runs = [dict.fromkeys(speed.RELU_LIKE + speed.OTHER_PIECEWISE, v) for v in (1.0, 1.2, 1.9)]
    runs[0]["prelu"] = 1.6  # prelu: 1.6, 1.2, 1.9 -> median 1.6, the worst
    over = [{"name": "relu", "overhead_us": 1.0}]
    t = speed.targets(rows, over, 10**6, {"relu": 1.1}, runs)["relu_like_vs_copy"]
    assert t["worst"] == {"name": "prelu", "value": 1.6} and t["pass"] is False
    assert t["range"]["prelu"] == [1.2, 1.9] and t["processes"] == 3
    assert t["all"]["relu"] == 1.2 and t["others"]["identity"] == 1.2
    # without processes the rows of the main run decide
    t1 = speed.targets(rows, over, 10**6)["relu_like_vs_copy"]
    assert t1["worst"]["value"] == 9.0 and t1["processes"] == 1 and t1["range"] == {}
    runs = [dict.fromkeys(speed.RELU_LIKE + speed.OTHER_PIECEWISE, 1.4)]
    assert speed.targets(rows, over, 10**6, None, runs)["relu_like_vs_copy"]["pass"] is True


def test_numpy_path_is_reported_but_does_not_decide() -> None:
    speed = _speed()
    rows = [{"name": n, "n": 10**6, "dtype": "float32", "fn_vs_copy": 0.9}
            for n in speed.RELU_LIKE + speed.OTHER_PIECEWISE]
    runs = [dict(dict.fromkeys(speed.RELU_LIKE + speed.OTHER_PIECEWISE, 0.9),
                 **{n + speed.NUMPY_PATH: v for n in speed.LEAKY}) for v in (2.0, 1.7, 2.2)]
    t = speed.targets(rows, [], 10**6, None, runs, "numba 9.9")["relu_like_vs_copy"]
    assert t["pass"] is True and t["compiled"] == "numba 9.9"
    assert t["numpy_path"] == dict.fromkeys(speed.LEAKY, 2.0)  # medians over the processes
    assert set(t["all"]) == set(speed.RELU_LIKE)  # the fallback keys are not target rows


def test_numpy_path_switch_restores_the_compiled_loop() -> None:
    from actfuncs.functions import _jit

    speed = _speed()
    assert _jit.ENABLED
    with speed.numpy_path():
        assert not _jit.ENABLED and speed.compiled() is None
    assert _jit.ENABLED


def test_unexplained_finds_slow_rows_no_cost_entry_names() -> None:
    speed = _speed()
    rows = [{"name": "silu", "n": 10**6, "dtype": "float64", "fn_vs_copy": 150.0},
            {"name": "swiglu", "n": 10**6, "dtype": "float64", "fn_vs_copy": 120.0,
             "grad_vs_copy": 3.0},
            {"name": "relu", "n": 10**7, "dtype": "float32", "fn_vs_copy": 40.0}]
    # "swiglu" is not the word "silu", and the 1e7 row is not looked at
    assert speed.unexplained(rows, {"float64 mish, silu": "long double"}) == [
        ("swiglu", "float64", "fn", 120.0)]
    assert speed.unexplained(rows, {"float64 silu": "", "swiglu (long double)": ""}) == []


def test_every_slow_row_of_the_committed_run_is_explained() -> None:
    """Issue #4: where exactness costs speed, say how much and why. Every function or
    derivative above 15 copies at 1e6 in the committed run has an entry naming it."""
    speed = _speed()
    data = json.loads((ROOT / "benchmarks" / "results" / "speed.json").read_text())
    assert data["exactness_costs"] == speed.EXACTNESS_COSTS  # the committed text is the script's
    assert speed.unexplained(data["rows"], data["exactness_costs"]) == []
