"""Full accuracy sweep: max ULP error of every function and derivative, per dtype.

Run from the repository root::

    .venv/bin/python benchmarks/accuracy.py            # full sweep, a few minutes
    .venv/bin/python benchmarks/accuracy.py --quick    # a smaller sample, ~30 s
    .venv/bin/python benchmarks/accuracy.py --only gelu silu

Samples: every finite float16 value for f (every 4th for the derivatives); for float32 and
float64, magnitudes log-evenly spaced from the smallest subnormal to the largest finite
value with both signs, uniform points in [-10, 10], and the float neighbours of the roots,
extrema and kinks the reference finds. The package is measured with its default parameters.
Beside it, in the same run and on the same inputs: SciPy/NumPy where an equivalent exists,
PyTorch CPU (autograd for the derivatives) and JAX when they are installed.
Writes ``benchmarks/results/accuracy.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import actfuncs  # noqa: E402
from actfuncs import accuracy, reference  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "accuracy.json"
DTYPES = ("float16", "float32", "float64")


def machine() -> dict[str, Any]:
    """CPU model, core count and library versions for the results file."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    import scipy

    info = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "mpmath": __import__("mpmath").__version__,
        "actfuncs": actfuncs.__version__,
    }
    for mod in ("torch", "jax", "numba"):
        try:
            info[mod] = __import__(mod).__version__
        except ImportError:
            info[mod] = "not installed"
    return info


def samples(dtype: str, name: str, which: str, quick: bool) -> np.ndarray:
    dt = np.dtype(dtype)
    crit_which = which if which in ("fn", "grad", "grad2") else "fn"
    crit = accuracy.critical_samples(name, crit_which, dt)
    if dt == np.float16:
        allh = accuracy.all_float16()
        step = (64 if quick else 1) * (1 if which == "fn" else 4)
        return np.concatenate([allh[::step], crit])
    n = 400 if quick else 4000
    rng = np.random.default_rng(1)
    return np.concatenate([accuracy.logspaced(dt, n), rng.uniform(-10, 10, n // 2).astype(dt),
                           accuracy.underflow_samples(dt, n // 16), crit])


# -- other libraries: each returns got-arrays for the inputs measure() builds ------------------

Other = Callable[[str, str, np.ndarray], np.ndarray | None]


def _scipy_table() -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    from scipy import special as sp

    return {
        "sigmoid": sp.expit,
        "log_sigmoid": sp.log_expit,
        "tanh": np.tanh,
        "softplus": lambda x: np.logaddexp(np.zeros_like(x), x),
        "gelu": lambda x: x * sp.ndtr(x),
        "silu": lambda x: x * sp.expit(x),
        "relu": lambda x: np.maximum(x, 0),
        "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
        "softmax": lambda x: sp.softmax(x, axis=-1),
        "log_softmax": lambda x: sp.log_softmax(x, axis=-1),
    }


def scipy_other() -> Other:
    table = _scipy_table()

    def run(name: str, which: str, x: np.ndarray) -> np.ndarray | None:
        f = table.get(name)
        if f is None or which != "fn":
            return None
        with np.errstate(all="ignore"):
            return np.asarray(f(x))

    return run


def torch_functions() -> dict[str, Callable[[Any], Any]]:
    """PyTorch equivalents of the canonical names (default parameters); import inside."""
    import torch
    import torch.nn.functional as F

    def half(t: Any) -> tuple[Any, Any]:
        n = t.shape[-1] // 2
        return t[..., :n], t[..., n:]

    return {
        "identity": lambda t: t * 1,
        "binary_step": lambda t: torch.heaviside(t, torch.ones((), dtype=t.dtype)),
        "relu": F.relu, "relu6": F.relu6,
        "leaky_relu": lambda t: F.leaky_relu(t, 0.01),
        "prelu": lambda t: F.prelu(t, torch.tensor([0.25], dtype=t.dtype)),
        "rrelu": lambda t: F.rrelu(t, training=False),
        "sigmoid": torch.sigmoid, "log_sigmoid": F.logsigmoid, "tanh": torch.tanh,
        "softsign": F.softsign, "hard_sigmoid": F.hardsigmoid, "hard_tanh": F.hardtanh,
        "hard_swish": F.hardswish, "elu": F.elu, "selu": F.selu, "celu": F.celu,
        "softplus": F.softplus,  # PyTorch defaults (threshold=20)
        "gelu": F.gelu, "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"),
        "silu": F.silu, "mish": F.mish,
        "softmax": lambda t: torch.softmax(t, -1), "log_softmax": lambda t: torch.log_softmax(t, -1),
        "glu": lambda t: F.glu(t, -1),
        "swiglu": lambda t: F.silu(half(t)[0]) * half(t)[1],
        "geglu": lambda t: F.gelu(half(t)[0]) * half(t)[1],
    }


def torch_other() -> Other | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)

    table = torch_functions()

    def run(name: str, which: str, x: np.ndarray) -> np.ndarray | None:
        f = table.get(name)
        if f is None or which.startswith("param:"):
            return None
        kind = actfuncs.spec(name).kind
        t = torch.from_numpy(np.ascontiguousarray(x)).requires_grad_(which != "fn")
        if which == "fn":
            with torch.no_grad():
                return f(t).numpy()
        if kind == "vector":
            d = torch.tensor(accuracy.JVP_DIRECTION, dtype=t.dtype).expand_as(t)
            _, out = torch.func.jvp(f, (t.detach(),), (d,))
            return out.detach().numpy()
        y = f(t)
        (g,) = torch.autograd.grad(y.sum(), t, create_graph=which == "grad2")
        if which == "grad2":
            if not g.requires_grad:  # f' constant: autograd has nothing to differentiate
                return np.zeros_like(x)
            (g,) = torch.autograd.grad(g.sum(), t, allow_unused=True)
        return g.detach().numpy()

    return run


def jax_other() -> Other | None:
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    nn = jax.nn
    table: dict[str, Callable[[Any], Any]] = {
        "relu": nn.relu, "relu6": nn.relu6, "sigmoid": nn.sigmoid,
        "log_sigmoid": nn.log_sigmoid, "tanh": jnp.tanh, "softplus": nn.softplus,
        "gelu": lambda t: nn.gelu(t, approximate=False),
        "gelu_tanh": lambda t: nn.gelu(t, approximate=True), "silu": nn.silu, "elu": nn.elu,
        "selu": nn.selu, "celu": nn.celu, "hard_tanh": nn.hard_tanh,
        "hard_sigmoid": nn.hard_sigmoid, "hard_swish": nn.hard_swish,
        "leaky_relu": lambda t: nn.leaky_relu(t, 0.01), "soft_sign": nn.soft_sign,
        "softmax": lambda t: nn.softmax(t, axis=-1),
        "log_softmax": lambda t: nn.log_softmax(t, axis=-1), "glu": lambda t: nn.glu(t, -1),
    }
    if hasattr(nn, "mish"):
        table["mish"] = nn.mish

    def run(name: str, which: str, x: np.ndarray) -> np.ndarray | None:
        f = table.get(name)
        if f is None or which.startswith("param:") or actfuncs.spec(name).kind != "elementwise":
            return None if f is None or which != "fn" else np.asarray(f(jnp.asarray(x)))
        g = f
        for _ in range({"fn": 0, "grad": 1, "grad2": 2}[which]):
            g = jax.grad(g)
        if which != "fn":
            g = jax.vmap(g)
        return np.asarray(g(jnp.asarray(x)))

    return run


def _cell(res: accuracy.Accuracy | None, err: str | None = None) -> dict[str, Any]:
    if err is not None:
        return {"error": err}
    if res is None:
        return {"na": True}
    return {"max_ulp": res.max_ulp, "worst_x": res.worst_x, "mismatches": res.mismatches,
            "first_mismatch": res.first_mismatch, "n": res.n, "warnings": list(res.warnings),
            "out_dtype": res.out_dtype}


def sweep(names: list[str], quick: bool = False) -> list[dict[str, Any]]:
    """One row per (name, which) with a cell per dtype for actfuncs and each other library."""
    others: dict[str, Other | None] = {
        "scipy": scipy_other(), "torch": torch_other(), "jax": jax_other(),
    }
    rows = []
    for name in names:
        ref = reference.REFERENCE.get(name)
        if ref is None:
            rows.append({"name": name, "which": "fn", "error": "no reference entry"})
            continue
        params = dict(ref.cases[0])
        for which in accuracy.whiches(name):
            row: dict[str, Any] = {"name": name, "which": which, "params": accuracy._key(params)}
            for dt in DTYPES:
                xs = samples(dt, name, which, quick)
                try:
                    res = accuracy.measure(name, which, dt, xs, params)
                    row.setdefault("actfuncs", {})[dt] = _cell(res)
                except Exception as exc:  # report, do not stop the sweep
                    row.setdefault("actfuncs", {})[dt] = _cell(None, f"{type(exc).__name__}: {exc}"[:200])
                for lib, other in others.items():
                    if other is None:
                        row.setdefault(lib, {})[dt] = {"na": "not installed"}
                        continue
                    row.setdefault(lib, {})[dt] = _measure_other(other, name, which, dt, xs,
                                                                 params)
            rows.append(row)
            print(_line(row), flush=True)
    return rows


def _measure_other(other: Other, name: str, which: str, dt: str, xs: np.ndarray,
                   params: dict) -> dict[str, Any]:
    kind = actfuncs.spec(name).kind
    # the same inputs measure() builds (kinks dropped for derivatives)
    x = np.asarray(xs, dtype=dt).ravel()
    x = x[np.isfinite(x)]
    if kind == "elementwise" and which != "fn":
        kinks = np.array(reference.kinks(name, which if which in ("grad", "grad2") else "grad",
                                         dict(actfuncs.get(name, **params).params)))
        if kinks.size:
            x = x[~np.isin(x.astype(np.float64), kinks)]
    inp = x if kind == "elementwise" else accuracy.rows_for(kind, x)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = other(name, which, inp)
        if got is None:
            return {"na": True}
        res = accuracy.measure(name, which, dt, xs, params, got=np.asarray(got))
        return _cell(res)
    except Exception as exc:
        return _cell(None, f"{type(exc).__name__}: {exc}"[:160])


def fmt(cell: dict[str, Any] | None, dtype: str = "") -> str:
    """A table cell: max ULP, plus the mismatch count when there are any."""
    if not cell:
        return "-"
    if "error" in cell:
        return "error"
    if "na" in cell:
        return "n/a" if cell["na"] is True else str(cell["na"])
    u = cell["max_ulp"]
    s = f"{u:.3g}" if u < 1e4 else f"{u:.1e}"
    if cell["mismatches"]:
        s += f" ({cell['mismatches']} nan/inf)"
    if cell.get("warnings"):
        s += " W"
    if dtype and cell.get("out_dtype") and cell["out_dtype"] != dtype:
        s += " D"
    return s


def _line(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"{row['name']:<12} {row['error']}"
    cells = " | ".join(
        f"{lib}: " + " ".join(fmt(row.get(lib, {}).get(dt), dt) for dt in DTYPES)
        for lib in ("actfuncs", "scipy", "torch", "jax")
    )
    return f"{row['name']:<12} {row['which']:<12} {cells}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sample (for a smoke run)")
    ap.add_argument("--only", nargs="*", help="names to measure (default: all)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    names = args.only or actfuncs.names()
    t0 = time.perf_counter()
    print("columns per library: max ULP for float16 float32 float64; "
          "(k nan/inf) = mismatches, W = warnings, D = wrong output dtype, n/a = no equivalent")
    rows = sweep(names, quick=args.quick)
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": args.quick,
        "seconds": round(time.perf_counter() - t0, 1),
        "dtypes": list(DTYPES),
        "libraries": ["actfuncs", "scipy", "torch", "jax"],
        "rows": rows,
    }
    if not args.only:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1, default=float) + "\n")
        print(f"wrote {args.out} in {result['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
