"""The registry: one :class:`Spec` per activation, bound to parameters by :func:`get`.

A :class:`Spec` is the static description of an activation (its kernels, LaTeX,
parameters with allowed ranges, properties, paper).  :func:`get` validates the
parameters and returns an :class:`Activation`, the callable object the rest of
the package and the book use::

    >>> import actfuncs
    >>> f = actfuncs.get("leaky_relu", alpha=0.1)
    >>> f(-2.0), f.grad(-2.0)
    (np.float64(-0.2), np.float64(0.1))

Kernels are plain functions ``kernel(x, **params) -> ndarray`` that receive a
floating array in the compute precision (see :mod:`actfuncs._arrays`) and the
validated parameter values.  Everything about dtypes, scalars, lists and error
messages for the input lives in the :class:`Activation` wrapper, once.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import numpy as np

from actfuncs import _arrays

Kernel = Callable[..., np.ndarray]
Kind = Literal["elementwise", "vector", "gated"]


class UnknownActivationError(KeyError):
    """Raised for a name that is not in the registry; the message suggests close names."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain
        return str(self.args[0])


@dataclass(frozen=True)
class Param:
    """A numeric parameter with its default and allowed range.

    The range is ``low < value < high`` with each end open or closed as given.
    ``widget`` is the finite slider range the figures and widgets use.
    """

    name: str
    default: float
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    learnable: bool = False
    widget: tuple[float, float] | None = None
    doc: str = ""
    array_ok: bool = False  # True when one value per channel is allowed (PReLU)

    def describe_range(self) -> str:
        """The allowed range in words, e.g. ``0 < alpha`` or ``0 <= lower <= 1``."""
        parts = []
        if self.low > -math.inf:
            parts.append(f"{self.low:g} {'<' if self.low_open else '<='} ")
        parts.append(self.name)
        if self.high < math.inf:
            parts.append(f" {'<' if self.high_open else '<='} {self.high:g}")
        if len(parts) == 1:
            return f"{self.name} finite"
        return "".join(parts)

    def contains(self, v: float) -> bool:
        if not math.isfinite(v):
            return False
        lo_ok = v > self.low if self.low_open else v >= self.low
        hi_ok = v < self.high if self.high_open else v <= self.high
        return lo_ok and hi_ok

    def validate(self, value: Any, owner: str) -> float | np.ndarray:
        """Return the value as float (or float64 array when ``array_ok``) or raise ValueError."""
        if isinstance(value, (bool, str, bytes)) or value is None:
            raise TypeError(f"{owner}: parameter {self.name}={value!r} must be a real number")
        if np.ndim(value) > 0:
            if not self.array_ok:
                raise TypeError(
                    f"{owner}: parameter {self.name} must be a scalar, got shape {np.shape(value)}"
                )
            arr = np.asarray(value)
            if arr.dtype.kind not in "iuf":
                raise TypeError(f"{owner}: parameter {self.name} has dtype {arr.dtype}; need reals")
            arr = arr.astype(np.float64)
            bad = [float(v) for v in arr.ravel() if not self.contains(float(v))]
            if bad:
                raise ValueError(
                    f"{owner}: parameter {self.name} has value {bad[0]!r} outside the allowed "
                    f"range {self.describe_range()}"
                )
            return arr
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise TypeError(
                f"{owner}: parameter {self.name}={value!r} must be a real number"
            ) from None
        if not self.contains(v):
            raise ValueError(
                f"{owner}: parameter {self.name}={v!r} is outside the allowed range "
                f"{self.describe_range()}"
            )
        return v


@dataclass(frozen=True)
class Properties:
    """Qualitative properties, each checked against the function in the tests."""

    monotonic: bool
    smoothness: str  # "discontinuous", "C0", "C1", "C2", "Cinf"
    zero_centred: bool
    bounded_above: bool
    bounded_below: bool
    saturating: bool  # f' -> 0 on at least one side
    sparse: bool  # exact zeros for a half-line of inputs
    self_gated: bool  # of the form x * g(x)


@dataclass(frozen=True)
class Spec:
    """Everything the package knows about one activation (parameters unbound)."""

    name: str
    family: str
    fn: Kernel
    grad: Kernel | None
    latex: str
    latex_grad: str
    properties: Properties
    paper: str  # BibTeX key in references.bib
    year: int
    summary: str
    grad2: Kernel | None = None
    latex_grad2: str | None = None
    params: tuple[Param, ...] = ()
    param_grads: Mapping[str, Kernel] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    kind: Kind = "elementwise"
    exact: bool = False  # the formula is exact in any float precision: run natively
    #: run narrow dtypes in their own precision although not exact: one rounding of a parameter
    #: and one of a product, at most 1 ULP (leaky_relu's alpha * x); much faster than float64
    native: bool = False
    output_range: Callable[..., tuple[float, float]] | tuple[float, float] = (
        -math.inf,
        math.inf,
    )
    uses: str = ""
    pitfalls: str = ""
    display_name: str = ""
    #: cross-parameter validation, e.g. ``min_val < max_val``; raises ValueError
    check: Callable[..., None] | None = None
    #: further methods of the bound activation, ``method(activation, *args, **kwargs)``
    #: (``jvp``/``jacobian`` of softmax, ``vjp`` of the gated units, ...)
    methods: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    #: kernels used instead of ``fn``/``grad``/``grad2``/``param_grad[<name>]`` when the output
    #: is float64 and the platform has an 80-bit (or wider) long double: they compute in long
    #: double and round once, which keeps every float64 result within 1 ULP where a float64
    #: formula accumulates several roundings (mish, SiLU, tanh-GELU). Narrow types do not need
    #: them (float64 is already ~2^29 times finer than float32).
    wide: Mapping[str, Kernel] = field(default_factory=dict)
    #: kernels used instead of ``fn``/... when the output is float16 or float32: plain float64
    #: formulas without the double-double and root-window passes that only float64 output needs
    #: (0.5 ULP after the rounding to the narrow type, and 2-5x faster)
    narrow: Mapping[str, Kernel] = field(default_factory=dict)
    #: kernels used for float32 input, given the caller's float32 array (which they must not
    #: modify): elementwise formulas computed natively in float32 with two roundings (hard
    #: sigmoid 1.0, softsign 1.5 ULP, measured on every float32 by
    #: ``benchmarks/float32_exhaustive.py``), or row-blocked float64 paths of the vector and gated
    #: units (0.5 ULP); a few times faster than one float64 copy of the whole input
    single: Mapping[str, Kernel] = field(default_factory=dict)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


class Activation:
    """An activation bound to validated parameter values.

    Call it (or ``.fn``) for f, ``.grad`` for f', ``.grad2`` for f'' and
    ``.param_grad(name, x)`` for the derivative with respect to a (learnable)
    parameter.  Every method follows the dtype rules of :mod:`actfuncs._arrays`.
    """

    __slots__ = ("spec", "params", "_where")

    def __init__(self, spec: Spec, params: Mapping[str, Any]):
        self.spec = spec
        self.params = MappingProxyType(dict(params))
        self._where = spec.name

    # -- descriptive helpers -------------------------------------------------
    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def latex(self) -> str:
        return self.spec.latex

    @property
    def output_range(self) -> tuple[float, float]:
        r = self.spec.output_range
        return r(**self.params) if callable(r) else r

    def __repr__(self) -> str:
        ps = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"<Activation {self.spec.name}({ps})>"

    def label(self) -> str:
        """A short label with parameter values, used in legends."""
        ps = ", ".join(
            f"{k}={v:g}" for k, v in self.params.items() if np.ndim(v) == 0
        )
        return f"{self.spec.display_name or self.spec.name}({ps})" if ps else (
            self.spec.display_name or self.spec.name
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in Activation.__slots__:
            raise AttributeError(name)
        method = self.spec.methods.get(name)
        if method is None:
            raise AttributeError(f"{self.spec.name} has no attribute {name!r}")
        return lambda *args, **kwargs: method(self, *args, **kwargs)

    # -- evaluation -----------------------------------------------------------
    def _apply(self, kernel: Kernel | None, what: str, x: Any, extra: Mapping[str, Any]) -> Any:
        if kernel is None:
            raise NotImplementedError(f"{self._where}: {what} is not defined")
        where = f"{self._where}.{what}" if what != "fn" else self._where
        arr, out, scalar = _arrays.coerce(x, where)
        work = _arrays.compute_dtype(out, self.spec.exact or self.spec.native)
        if self.spec.wide and out == _arrays.FLOAT64:
            kernel = self.spec.wide.get(what, kernel)
        elif self.spec.single and arr.dtype == _arrays.FLOAT32 and what in self.spec.single:
            kernel, work = self.spec.single[what], arr.dtype
        elif self.spec.narrow and out in _arrays.NARROW and arr.dtype != work:
            # narrow kernels work in place: only ever on the private float64 copy made below
            narrow = self.spec.narrow.get(what)
            if narrow is not None and arr.size > _BLOCK and not extra and self.spec.kind == "elementwise":
                return _arrays.finish(_blocked(narrow, arr, out, self.params), out, scalar)
            kernel = narrow or kernel
        if arr.dtype != work:
            arr = arr.astype(work)
        if scalar:  # kernels always see arrays (ufuncs turn 0-d arrays into scalars)
            arr = arr.reshape(1)
        y = np.asarray(kernel(arr, **self.params, **extra))
        if scalar:  # drop the axis added above (kernels may append axes, e.g. per coefficient)
            y = y.reshape(y.shape[1:])
        return _arrays.finish(y, out, scalar)

    def __call__(self, x: Any, **extra: Any) -> Any:
        return self._apply(self.spec.fn, "fn", x, extra)

    def fn(self, x: Any, **extra: Any) -> Any:
        """f(x)."""
        return self._apply(self.spec.fn, "fn", x, extra)

    def grad(self, x: Any, **extra: Any) -> Any:
        """f'(x) (for vector activations see their own methods, e.g. ``jvp``)."""
        return self._apply(self.spec.grad, "grad", x, extra)

    def grad2(self, x: Any, **extra: Any) -> Any:
        """f''(x) where it is defined."""
        return self._apply(self.spec.grad2, "grad2", x, extra)

    def param_grad(self, name: str, x: Any, **extra: Any) -> Any:
        """∂f/∂θ for the parameter ``name`` (learnable parameters at least)."""
        k = self.spec.param_grads.get(name)
        if k is None:
            known = ", ".join(self.spec.param_grads) or "none"
            raise KeyError(f"{self._where}: no gradient for parameter {name!r} (known: {known})")
        return self._apply(k, f"param_grad[{name}]", x, extra)


#: elements per block of the blocked narrow path: a float64 block (1 MiB) and a kernel's one or
#: two temporaries are reused from block to block and stay in cache, where a 10^6-element float64
#: copy and its temporaries are fresh 8 MB allocations (page faults) streamed through memory for
#: every pass of the kernel; 2^16 to 2^18 measured alike, 2^15 slower (call overhead)
_BLOCK = 1 << 17


def _blocked(kernel: Kernel, arr: np.ndarray, out: np.dtype, params: Mapping[str, Any]) -> np.ndarray:
    """An elementwise narrow ``kernel`` over ``arr`` (float16/32) block by block.

    Each block is converted into one reused float64 buffer, the kernel works on it in place and
    its result is rounded into the output: the same numbers as one call on the whole float64 copy
    (the kernels are elementwise), at about half the time for 10^6 elements.
    """
    src = arr.reshape(-1)  # a view for contiguous input
    y = np.empty(src.shape, out)
    buf = np.empty(min(_BLOCK, src.size))
    for i in range(0, src.size, _BLOCK):
        b = buf[: min(_BLOCK, src.size - i)]
        np.copyto(b, src[i : i + _BLOCK])
        r = kernel(b, **params)
        with np.errstate(over="ignore"):  # beyond the narrow range: inf is the correct rounding
            np.copyto(y[i : i + _BLOCK], r, casting="same_kind")
    return y.reshape(arr.shape)


_REGISTRY: dict[str, Spec] = {}
_ALIASES: dict[str, str] = {}


def _norm(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def register(spec: Spec) -> Spec:
    """Add ``spec`` to the registry (names and aliases must be new)."""
    for n in (spec.name, *spec.aliases):
        key = _norm(n)
        if key in _ALIASES:
            raise ValueError(f"activation name {n!r} is registered twice")
        _ALIASES[key] = spec.name
    _REGISTRY[spec.name] = spec
    return spec


def _ensure_loaded() -> None:
    if not _REGISTRY:
        import actfuncs.functions  # noqa: F401  (registers every family)


def spec(name: str) -> Spec:
    """The :class:`Spec` for a name or alias; unknown names suggest the closest."""
    _ensure_loaded()
    if not isinstance(name, str):
        raise TypeError(f"activation name must be a string, got {type(name).__name__}")
    key = _norm(name)
    if key not in _ALIASES:
        close = difflib.get_close_matches(key, list(_ALIASES), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownActivationError(
            f"unknown activation {name!r}{hint} (actfuncs.names() lists all)"
        )
    return _REGISTRY[_ALIASES[key]]


def get(name: str, **params: Any) -> Activation:
    """The activation ``name`` bound to ``params`` (defaults for the rest).

    Unknown parameters and out-of-range values raise with the parameter name,
    the value and the allowed range.
    """
    s = spec(name)
    known = {p.name: p for p in s.params}
    for k in params:
        if k not in known:
            allowed = ", ".join(known) or "no parameters"
            raise TypeError(f"{s.name}: unknown parameter {k!r} (it takes {allowed})")
    bound = {
        p.name: p.validate(params.get(p.name, p.default), s.name) for p in s.params
    }
    if s.check is not None:
        s.check(**bound)
    return Activation(s, bound)


def names(kind: Kind | None = None) -> list[str]:
    """Canonical names in registration order (optionally of one kind)."""
    _ensure_loaded()
    return [n for n, s in _REGISTRY.items() if kind is None or s.kind == kind]


def aliases() -> dict[str, str]:
    """Every accepted name (normalised) mapped to its canonical name."""
    _ensure_loaded()
    return dict(_ALIASES)


def catalog(kind: Kind | None = None) -> Iterator[Spec]:
    """Iterate over the specs, in registration order."""
    _ensure_loaded()
    for n in names(kind):
        yield _REGISTRY[n]
