"""Every float32 input of a function's float32-native kernel against its float64 kernel.

Run from the repository root::

    .venv/bin/python benchmarks/float32_exhaustive.py hard_sigmoid          # all 2^32 inputs
    .venv/bin/python benchmarks/float32_exhaustive.py softsign --lo -4 --hi 4
    .venv/bin/python benchmarks/float32_exhaustive.py --numpy exp log   # NumPy's float32 loops

The kernels registered as ``Spec.single`` compute float32 natively. The float64 kernel of the
package (itself within 1 float64 ULP of mpmath, ``tests/test_accuracy.py``) evaluated on the
same float32 input is a reference about 2^29 times finer than a float32 ULP, so the error of the
float32 result in float32 ULPs of that reference is exact to ~1e-8 ULP. Inputs are walked in
blocks of 2^24 bit patterns; a quiet NaN must give NaN, infinities their limits. Prints the
maximum error, where it happens and the time taken; exits 1 when a NaN/inf mismatch appears or
the maximum exceeds ``--bound`` (2 ULP, the float32 bound of the package).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import actfuncs  # noqa: E402

BLOCK = 1 << 24


def ulp32(ref: np.ndarray) -> np.ndarray:
    """The float32 ULP at each float64 reference value (subnormal spacing below 2^-126)."""
    _, e = np.frexp(np.abs(ref))
    return np.ldexp(1.0, np.maximum(e - 24, -149))


def sweep(name: str, which: str = "fn", lo: float = -np.inf, hi: float = np.inf) -> dict:
    """Max float32 ULP error of ``name``'s ``which`` over every float32 in ``[lo, hi]``."""
    act = actfuncs.get(name)
    f = getattr(act, which)
    worst, worst_x, mismatches, count = 0.0, None, 0, 0
    for start in range(0, 1 << 32, BLOCK):
        x = np.arange(start, start + BLOCK, dtype=np.uint64).astype(np.uint32).view(np.float32)
        x = x[(x >= lo) & (x <= hi)]  # NaNs (quiet and signalling) are checked once, below
        if x.size == 0:
            continue
        got = f(x).astype(np.float64)
        ref = f(x.astype(np.float64))
        count += x.size
        bad = (np.isnan(got) != np.isnan(ref)) | (np.isinf(got) != np.isinf(ref))
        both_inf = np.isinf(got) & np.isinf(ref)
        bad |= both_inf & (got != ref)
        mismatches += int(bad.sum())
        ok = np.isfinite(got) & np.isfinite(ref)
        # a float64 result beyond float32's range is correctly rounded to inf: skip those
        err = np.abs(got[ok] - ref[ok]) / ulp32(ref[ok])
        if err.size and err.max() > worst:
            i = int(np.argmax(err))
            worst, worst_x = float(err[i]), float(x[ok][i])
    y = f(np.array([np.nan, -np.nan], dtype=np.float32))
    mismatches += int((~np.isnan(y)).sum())
    return {"name": name, "which": which, "inputs": count, "max_ulp": worst, "worst_x": worst_x,
            "mismatches": mismatches}


def numpy_float32(ufunc: str, stride: int = 11) -> dict:
    """Max ULP of NumPy's own float32 ``ufunc`` (its SIMD loop) against its float64 loop, on every
    ``stride``-th float32 bit pattern whose float64 result is a finite normal float32: why the
    smooth units do not compute float32 natively (``--numpy exp log expm1 log1p tanh``)."""
    f = getattr(np, ufunc)
    worst, worst_x, count = 0.0, None, 0
    for start in range(0, 1 << 32, BLOCK * stride):
        x = np.arange(start, start + BLOCK * stride, stride, dtype=np.uint64)
        x = x[x < 1 << 32].astype(np.uint32).view(np.float32)
        with np.errstate(all="ignore"):
            got, ref = f(x).astype(np.float64), f(x.astype(np.float64))
        ok = np.isfinite(x) & np.isfinite(ref) & (np.abs(ref) >= np.finfo(np.float32).tiny) & (
            np.abs(ref) <= np.finfo(np.float32).max)
        count += int(ok.sum())
        err = np.abs(got[ok] - ref[ok]) / ulp32(ref[ok])
        if err.size and err.max() > worst:
            i = int(np.argmax(err))
            worst, worst_x = float(err[i]), float(x[ok][i])
    return {"numpy": ufunc, "inputs": count, "max_ulp": worst, "worst_x": worst_x}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("--numpy", nargs="*", default=[], help="NumPy float32 ufuncs to measure")
    ap.add_argument("--which", default="fn")
    ap.add_argument("--lo", type=float, default=-np.inf)
    ap.add_argument("--hi", type=float, default=np.inf)
    ap.add_argument("--bound", type=float, default=2.0)
    args = ap.parse_args(argv)
    failed = False
    for ufunc in args.numpy:
        print(numpy_float32(ufunc), flush=True)
    for name in args.names:
        t0 = time.perf_counter()
        r = sweep(name, args.which, args.lo, args.hi)
        r["seconds"] = round(time.perf_counter() - t0, 1)
        print(r, flush=True)
        failed |= r["mismatches"] > 0 or r["max_ulp"] > args.bound
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
