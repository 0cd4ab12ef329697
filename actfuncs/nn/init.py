r"""Weight initialisers, each drawing from a seeded :class:`numpy.random.Generator`.

Weights have shape ``(fan_in, fan_out)`` (inputs are rows: $y = x W + b$).

* He (Kaiming): $\mathrm{Var}(W) = 2 / n_\mathrm{in}$, for rectifiers.
* Xavier (Glorot): $\mathrm{Var}(W) = 2 / (n_\mathrm{in} + n_\mathrm{out})$, for tanh-like units.
* LeCun: $\mathrm{Var}(W) = 1 / n_\mathrm{in}$, for SELU.

Each comes as a normal and a uniform variant with the same variance (a uniform on
$[-a, a]$ has variance $a^2 / 3$).  ``normal`` draws with a given standard deviation.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable

import numpy as np

Initializer = Callable[[int, int, np.random.Generator], np.ndarray]


def _variance(rule: str, fan_in: int, fan_out: int) -> float:
    if rule == "he":
        return 2.0 / fan_in
    if rule == "xavier":
        return 2.0 / (fan_in + fan_out)
    return 1.0 / fan_in  # lecun


def _check(fan_in: int, fan_out: int, where: str) -> None:
    for n, v in (("fan_in", fan_in), ("fan_out", fan_out)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{where}: {n}={v!r} must be a positive integer")


def _normal_rule(rule: str) -> Initializer:
    def init(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        _check(fan_in, fan_out, f"{rule}_normal")
        return rng.normal(0.0, math.sqrt(_variance(rule, fan_in, fan_out)), size=(fan_in, fan_out))

    init.__doc__ = f"Normal weights with the {rule} variance."
    return init


def _uniform_rule(rule: str) -> Initializer:
    def init(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        _check(fan_in, fan_out, f"{rule}_uniform")
        a = math.sqrt(3.0 * _variance(rule, fan_in, fan_out))
        return rng.uniform(-a, a, size=(fan_in, fan_out))

    init.__doc__ = f"Uniform weights on [-a, a] with the {rule} variance (a = sqrt(3 var))."
    return init


def normal(scale: float) -> Initializer:
    r"""Plain $\mathcal{N}(0, \mathrm{scale}^2)$ weights, whatever the layer size."""
    if not (math.isfinite(scale) and scale >= 0):
        raise ValueError(f"normal: scale={scale!r} must be finite and >= 0")

    def init(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        _check(fan_in, fan_out, "normal")
        return rng.normal(0.0, scale, size=(fan_in, fan_out))

    return init


INITIALIZERS: dict[str, Initializer] = {
    f"{rule}{suffix}": make(rule)
    for rule in ("he", "xavier", "lecun")
    for suffix, make in (("", _normal_rule), ("_normal", _normal_rule), ("_uniform", _uniform_rule))
}
INITIALIZERS["glorot"] = INITIALIZERS["xavier"]
INITIALIZERS["glorot_normal"] = INITIALIZERS["xavier_normal"]
INITIALIZERS["glorot_uniform"] = INITIALIZERS["xavier_uniform"]
INITIALIZERS["kaiming"] = INITIALIZERS["he"]


def initializer(init: str | Initializer) -> Initializer:
    """Look an initialiser up by name (``he``, ``xavier_uniform``, ``normal:0.01``, ...) or pass a
    callable through.  ``normal:<scale>`` is :func:`normal` with that standard deviation."""
    if callable(init):
        return init
    if not isinstance(init, str):
        raise TypeError(f"initializer: expected a name or a callable, got {type(init).__name__}")
    key = init.strip().lower()
    if key.startswith("normal:"):
        try:
            scale = float(key.split(":", 1)[1])
        except ValueError:
            msg = f"initializer: {init!r} should be 'normal:<scale>', e.g. 'normal:0.01'"
            raise ValueError(msg) from None
        return normal(scale)
    if key not in INITIALIZERS:
        close = difflib.get_close_matches(key, list(INITIALIZERS), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(
            f"unknown initialiser {init!r}{hint} (known: {', '.join(sorted(INITIALIZERS))})"
        )
    return INITIALIZERS[key]
