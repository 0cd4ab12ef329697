# ruff: noqa: E501  (claim quotes and evidence sentences are data: long lines keep them greppable)
"""Performance claims: timings measured on the machine that builds the book (verdict ``measured``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from actfuncs.claims import _runs as runs
from actfuncs.claims._core import Evidence, claim, f, median_time, verdict_if

CMP = "chapters/selection/comparison"


def _cost_ratio(slow: Callable[[np.ndarray], object], fast: Callable[[np.ndarray], object],
                dtype: type = np.float32, n: int = 300_000) -> float:
    x = np.random.default_rng(0).normal(size=n).astype(dtype)
    slow(x), fast(x)  # warm up
    return median_time(lambda: slow(x)) / median_time(lambda: fast(x))


def _relative(names: tuple[str, ...], note: str = "") -> Evidence:
    c = runs.costs()
    return Evidence("measured", "Time relative to ReLU in actfuncs (2·10⁵ float32 values, exact kernels computed in "
                    "float64): " + ", ".join(f"{n} {c[n]:.1f}x" for n in names) + "." + note,
                    {n: c[n] for n in names})


_BARE = " Bare NumPy one-liners are closer together; see the comparison page."


@claim("relu-6x-faster", "000", "Benchmark: ReLU is ~6x faster than Sigmoid in practice", "performance",
       "chapters/appendix/measured")
def _() -> Evidence:
    bare = _cost_ratio(lambda x: 1 / (1 + np.exp(-x)), lambda x: np.maximum(x, 0))
    pkg = _cost_ratio(f("sigmoid"), f("relu"))
    return Evidence("measured", f"On this machine, for 3·10⁵ float32 values, a bare NumPy sigmoid takes {bare:.1f}x "
                    f"the time of a bare ReLU, and actfuncs' exact sigmoid {pkg:.1f}x its ReLU. The ratio depends on "
                    "library, dtype and hardware, and in a network the matrix products dominate both.",
                    {"bare_numpy_ratio": bare, "actfuncs_ratio": pkg})


@claim("cost-table", "000", "Computational Cost: Sigmoid High … ReLU Very Low … ELU Medium … GELU High … Swish "
       "Medium", "performance", CMP)
def _() -> Evidence:
    return _relative(("sigmoid", "tanh", "elu", "gelu", "silu"), _BARE)


@claim("elu-2x-cost", "000", "ELU offers ~1-2% improvement in accuracy for ~2x compute cost", "performance", CMP)
def _() -> Evidence:
    bare = _cost_ratio(lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))), lambda x: np.maximum(x, 0),
                       np.float64)
    return Evidence("unverifiable", f"The cost part is measurable: a bare NumPy ELU takes {bare:.1f}x the time of "
                    "ReLU here (float64). The '1-2% accuracy' names no task, model or data.", {"cost_ratio": bare})


@claim("elu-2-3x-slower", "000", "Computation isn't critical: Can afford 2-3x slower activation", "performance", CMP)
def _() -> Evidence:
    return _relative(("elu",), " The activation alone; a training step is dominated by matrix products.")


@claim("relu-vs-leaky-speed", "000", "ReLU has a simpler structure and requires fewer computations than Leaky ReLU, "
       "it can be faster", "performance", CMP)
def _() -> Evidence:
    c = runs.costs()
    two = runs.leaky_numpy_cost()
    how = (f"with numba's one-pass loop (its NumPy path, two passes, {two:.1f}x)" if two is not None
           else "on NumPy's two passes (a multiply, then a maximum; numba is not installed)")
    return Evidence("measured", f"Time relative to ReLU in actfuncs (2·10⁵ float32 values): leaky_relu "
                    f"{c['leaky_relu']:.1f}x {how}. The extra work is one multiply per negative input; whether "
                    "it costs anything depends on the kernel: NumPy has no fused multiply-max, a compiled loop "
                    "(numba here, PyTorch's) does both in the one pass ReLU needs. Per activation only; in a whole "
                    "network the difference disappears in the matrix products.",
                    {"leaky_relu": c["leaky_relu"], "leaky_relu_numpy_path": two})


@claim("relu-sparsity-speed", "001", "Since only a certain number of neurons are activated, the ReLU function is far "
       "more computationally efficient", "performance", CMP)
def _() -> Evidence:  # no timing here: under load a small matmul's timing is noise
    rng = np.random.default_rng(0)
    h = rng.normal(size=(256, 256))
    W = rng.normal(size=(256, 256))
    sparse = np.maximum(h, 0)
    zeros = float(np.mean(sparse == 0))
    same = bool(np.allclose(sparse @ W, np.where(sparse != 0, h, 0) @ W))
    return verdict_if(same and zeros > 0.4, f"Dense arithmetic does not skip zeros: ReLU zeroes {zeros:.0%} of a 256×256 "
                      "activation matrix, yet the next layer's product still does all 256³ multiply-adds (BLAS does "
                      "not test for zeros). ReLU is cheap because max(0, z) is cheap, not because of sparsity.",
                      {"zero_share": zeros}, yes="wrong", no="unverifiable")


@claim("elu-exp-cost", "001", "[ELU] increases the computational time because of the exponential operation",
       "performance", CMP)
def _() -> Evidence:
    return _relative(("elu", "selu"))


@claim("tanh-cost-002", "002", "[Tanh] it's more computationally expensive than simpler functions like ReLU",
       "performance", CMP)
def _() -> Evidence:
    return _relative(("tanh",))


@claim("smooth-cost-002", "002", "GELU/Swish/Mish … a bit more computationally expensive than ReLU", "performance", CMP)
def _() -> Evidence:
    return _relative(("gelu", "silu", "mish"))


@claim("selu-cost-002", "002", "SELU can be more computationally expensive than simpler functions like ReLU",
       "performance", CMP)
def _() -> Evidence:
    return _relative(("selu",))


@claim("tanh-swish-cost-003", "003", "Functions that require more complex computations, like Tanh or Swish, slow down "
       "the training process", "performance", CMP)
def _() -> Evidence:
    return _relative(("tanh", "silu"), " Per activation; how much a training step slows depends on how much time the "
                     "matrix products take.")


@claim("softplus-slower-004", "004", "[Softplus] But slower than ReLU", "performance", CMP)
def _() -> Evidence:
    return _relative(("softplus",))


