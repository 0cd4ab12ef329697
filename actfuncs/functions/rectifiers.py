"""Rectifiers: ReLU and its piecewise-linear relatives."""

from __future__ import annotations

import numpy as np

from actfuncs.registry import Properties, Spec, register


def _relu(x: np.ndarray) -> np.ndarray:
    r"""$\max(0, x)$; NaN propagates (``np.maximum`` keeps NaN)."""
    return np.maximum(x, 0, dtype=x.dtype)


def _relu_grad(x: np.ndarray) -> np.ndarray:
    r"""$\mathbb{1}[x > 0]$ (0 at the kink, as PyTorch); NaN propagates."""
    g = (x > 0).astype(x.dtype)
    return np.where(np.isnan(x), x, g)


def _zero_like(x: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(x), x, np.zeros_like(x))


register(
    Spec(
        name="relu",
        family="rectifiers",
        display_name="ReLU",
        fn=_relu,
        grad=_relu_grad,
        grad2=_zero_like,
        latex=r"f(x) = \max(0, x)",
        latex_grad=r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        latex_grad2=r"f''(x) = 0 \quad (x \ne 0)",
        properties=Properties(
            monotonic=True,
            smoothness="C0",
            zero_centred=False,
            bounded_above=False,
            bounded_below=True,
            saturating=True,
            sparse=True,
            self_gated=False,
        ),
        paper="nair2010relu",
        year=2010,
        summary="Passes positive inputs unchanged and zeroes the rest.",
        exact=True,
        output_range=(0.0, np.inf),
        uses="Default hidden activation for CNNs and MLPs.",
        pitfalls="Units whose pre-activation stays negative get zero gradient (dying ReLU).",
    )
)
