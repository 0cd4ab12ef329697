r"""Gated linear units: GLU, SwiGLU and GeGLU.

The input is split along ``axis`` (default: the last) into halves $a$ and $b$; the output has
half the size along that axis. Their input gradient is exposed as a vector-Jacobian product
``act.vjp(x, g, axis=-1)``, which returns an array shaped like ``x``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from actfuncs import _arrays
from actfuncs.functions import _narrow as nw
from actfuncs.functions import _normal as nm
from actfuncs.functions import _stable as st
from actfuncs.functions import _wide
from actfuncs.functions.smooth import _gelu_grad_scaled, _silu, _silu_grad
from actfuncs.registry import Activation, Properties, Spec, register


def split_halves(x: np.ndarray, axis: int, where: str) -> tuple[np.ndarray, np.ndarray]:
    """The two halves ``(a, b)`` of ``x`` along ``axis``; odd lengths raise ValueError."""
    if x.ndim == 0 or not -x.ndim <= axis < x.ndim:
        raise ValueError(f"{where}: axis {axis} is out of range for an input of shape {x.shape}")
    n = x.shape[axis]
    if n % 2:
        raise ValueError(
            f"{where}: the input is split in two halves along axis {axis}, which needs an even "
            f"length; got shape {x.shape}"
        )
    a, b = np.split(x, 2, axis=axis)
    return a, b


#: A gate's value in parts ``(m_hi, m_lo, k)`` = ``(m_hi + m_lo) 2^-k``; ``m_lo`` and ``k`` are
#: None for gates without such a form. GELU's are unrounded (double-double) and scaled by
#: 2^700 or 2^1400 in its far tail, so GeGLU's products round once and keep subnormal gate values exact.
Parts = tuple[np.ndarray, np.ndarray | None, np.ndarray | None]


def _plain(gate: Callable) -> Callable[[np.ndarray], Parts]:
    return lambda v: (gate(v), None, None)


def _times(parts: Parts, b: np.ndarray) -> np.ndarray:
    """The gate value times ``b``, rounded once where the gate comes in parts."""
    mh, ml, k = parts
    if ml is not None:
        return nm.times_dd(mh, ml, k, b)
    return mh * b if k is None else np.ldexp(mh * b, -k)


def _make(gate: Callable[[np.ndarray], Parts], gate_grad: Callable[[np.ndarray], Parts], on_a: bool,
          name: str):
    """Kernels for ``out = a * gate(b)`` (``on_a`` False) or ``out = gate(a) * b`` (True)."""

    def fn(x: np.ndarray, axis: int = -1) -> np.ndarray:
        a, b = split_halves(x, axis, name)
        # two huge halves multiply past float64's range: inf is then the correct rounding
        with np.errstate(over="ignore", invalid="ignore"):
            if not on_a:
                return _times(gate(b), a)
            parts = gate(a)
            out = _times(parts, b)
        # SiLU and GELU are negative for every finite a < 0, so a gate that underflowed to 0
        # times an infinite b is -b exactly; only a = 0 or a = -inf (a true zero) give 0.
        fix = np.isinf(b) & ((parts[0] == 0) | (a == -np.inf))
        if fix.any():
            true_zero = (a == 0) | np.isinf(a)
            out = np.where(fix, np.where(true_zero, 0.0, -b), out)
        return out

    def vjp(act: Activation, x: object, g: object, axis: int = -1) -> np.ndarray:
        xx, out = _arrays.as_float64(x, f"{name}.vjp")
        a, b = split_halves(xx, axis, f"{name}.vjp")
        gg = np.asarray(g, dtype=np.float64)
        if gg.shape != a.shape:
            raise ValueError(f"{name}.vjp: g must have the output's shape {a.shape}; got {gg.shape}")
        # products of large finite factors can exceed float64: inf is then the correct rounding
        with np.errstate(over="ignore"):
            if on_a:
                da, db = _times(gate_grad(a), gg * b), _times(gate(a), gg)
            else:
                da, db = _times(gate(b), gg), _times(gate_grad(b), gg * a)
        return _arrays.finish(np.concatenate([da, db], axis=axis), out, False)

    return fn, vjp


def _ld_parts(s: np.ndarray) -> Parts:
    """A long-double gate value as float64 parts, scaled by $2^{700}$ below $2^{-900}$ so that
    subnormal gate values keep their digits and the product with the other half rounds once."""
    k = np.where(np.abs(s) < 2.0**-900, 700, 0)
    m = np.ldexp(s, k)
    hi = m.astype(np.float64)
    with np.errstate(invalid="ignore"):  # inf - inf where the gate is infinite: not used
        lo = np.where(np.isfinite(hi), (m - hi).astype(np.float64), 0.0)
    return hi, lo, k


def _silu_parts(v: np.ndarray) -> Parts:
    r"""SiLU$(v)$ unrounded: computed in long double (:mod:`~actfuncs.functions._wide`) and
    split by :func:`_ld_parts`; SwiGLU's product then rounds once (plain float64 where there is
    no long double: about 2 ULP)."""
    if _wide.WIDE is None:
        return _scaled_parts(_silu(v, 1.0), v, lambda w: w * st.exp_scaled(w))
    return _ld_parts(_wide.silu(v, 1.0))


def _scaled_parts(y: np.ndarray, v: np.ndarray, scaled: Callable, even: bool = False) -> Parts:
    """Without long double: ``y`` as parts, except where ``v`` is in the far left tail
    (:data:`~actfuncs.functions._stable.TAIL`), whose entries become ``scaled(v)``, the gate
    times $2^{1024}$ (:func:`~actfuncs.functions._stable.exp_scaled`), with ``k = 1024``; an
    ``even`` gate (a sigmoid's derivative) has the tail on both sides."""
    w = -np.abs(v) if even else v
    tail = (w > st.TAIL[0]) & (w < st.TAIL[1])
    if not np.any(tail):
        return y, None, None
    return np.where(tail, scaled(v), y), None, np.where(tail, 1024, 0)


def _silu_grad_ld(v: np.ndarray) -> np.ndarray:
    r"""SiLU$'(v) = \sigma(v)(1 + v\,\sigma(-v))$ in long double, unrounded (for the far tail
    only: near SiLU$'$'s root the float64 kernel's root windows are the accurate form)."""
    V = np.asarray(v, dtype=_wide.WIDE)
    return _wide.sig(V) * (1 + V * _wide.sig(-V))


def _tail_parts(plain: Callable, wide: Callable, scaled: Callable, even: bool = False
                ) -> Callable[[np.ndarray], Parts]:
    """The gate ``plain(v)`` in float64, except where it is below $2^{-900}$: there a subnormal
    gate value (a sigmoid at $v < -708$) has lost digits that the product with a large other
    half would expose (244 ULP for GLU at $(a, b) = (-740, -733)$), so those rows take the
    long-double ``wide(v)`` through :func:`_ld_parts` (without long double, ``scaled(v)``
    through :func:`_scaled_parts`)."""

    def parts(v: np.ndarray) -> Parts:
        y = plain(v)
        if _wide.WIDE is None:
            return _scaled_parts(y, v, scaled, even)
        tail = np.abs(y) < 2.0**-900
        if not np.any(tail):
            return y, None, None
        hi, lo, k = _ld_parts(wide(v))  # other entries keep the float64 kernel's value
        return np.where(tail, hi, y), np.where(tail, lo, 0.0), np.where(tail, k, 0)

    return parts


def _gelu_grad_parts(v: np.ndarray) -> Parts:
    m, k = _gelu_grad_scaled(v)
    return m, None, k


#: elements per block of rows in the float32 path (a reused float64 block of 1 MiB, in cache)
_BLOCK = 1 << 17


def _make_single(narrow_gate: Callable, on_a: bool, general: Callable, name: str) -> Callable:
    """The float32 kernel: rows converted block by block into one float64 buffer, the gate by
    the plain float64 formula of :mod:`~actfuncs.functions._narrow` in place, one float64
    product, one rounding to float32 (0.5 ULP + ~2^-29). Blocks holding an infinity or NaN,
    other axes and non-contiguous input take the general float64 kernel."""

    def single(x: np.ndarray, axis: int = -1) -> np.ndarray:
        split_halves(x, axis, name)  # the shape checks and their messages
        if axis % x.ndim != x.ndim - 1 or not x.flags.c_contiguous or x.size == 0:
            return general(x.astype(np.float64), axis)
        n = x.shape[-1]
        h = n // 2
        rows = x.reshape(-1, n)
        out = np.empty((rows.shape[0], h), x.dtype)
        step = max(1, _BLOCK // n)
        bufs = np.empty((2, min(step, rows.shape[0]), h))  # contiguous halves: SIMD loops
        for i in range(0, rows.shape[0], step):
            k = min(step, rows.shape[0] - i)
            a, b = bufs[0, :k], bufs[1, :k]
            np.copyto(a, rows[i : i + k, :h])
            np.copyto(b, rows[i : i + k, h:])
            with np.errstate(invalid="ignore"):  # inf - inf: NaN, as wanted here
                finite = np.isfinite(np.sum(a)) and np.isfinite(np.sum(b))  # float32 magnitudes
            if not finite:
                r = general(rows[i : i + k].astype(np.float64), -1)
            elif on_a:
                r = narrow_gate(a)
                r *= b
            else:
                r = narrow_gate(b)
                r *= a
            with np.errstate(over="ignore"):  # beyond float32's range: inf is the rounding
                np.copyto(out[i : i + k], r, casting="same_kind")
        return out.reshape(x.shape[:-1] + (h,))

    return single


GATED = Properties(
    monotonic=False,
    smoothness="Cinf",
    zero_centred=False,
    bounded_above=False,
    bounded_below=False,
    saturating=False,
    sparse=False,
    self_gated=False,
)

#: float16/float32 output: GeGLU's gate from GELU's plain-float64 table kernel (relative error
#: ~1e-12, far below float32's; the double-double one is only needed for float64 output)
_NARROW = {"geglu": {"fn": _make(_plain(nm.gelu_fast), _plain(nm.gelu_fast), True, "geglu")[0]}}

for _name, _gate, _gate_grad, _on_a, _latex, _paper, _year, _summary, _uses in (
    (
        "glu",
        _tail_parts(st.sigmoid, lambda v: _wide.sig(np.asarray(v, dtype=_wide.WIDE)),
                    st.exp_scaled),
        _tail_parts(st.sigmoid_grad, lambda v: _wide.dsig(np.asarray(v, dtype=_wide.WIDE)),
                    lambda v: st.exp_scaled(-np.abs(v)), even=True),
        False,
        r"\mathrm{GLU}(a, b) = a \otimes \sigma(b)",
        "dauphin2017glu",
        2017,
        "Half of the input gates the other half through a sigmoid.",
        "Gated convolutional language models.",
    ),
    (
        "swiglu",
        _silu_parts,
        _tail_parts(lambda v: _silu_grad(v, 1.0), _silu_grad_ld,
                    lambda v: st.exp_scaled(v) * (1.0 + v)),
        True,
        r"\mathrm{SwiGLU}(a, b) = \mathrm{SiLU}(a) \otimes b",
        "shazeer2020glu",
        2020,
        "A GLU whose gate is SiLU; the feed-forward block of LLaMA-style transformers.",
        "Feed-forward layers of PaLM, LLaMA and most open large language models.",
    ),
    (
        "geglu",
        nm.gelu_dd,
        _gelu_grad_parts,
        True,
        r"\mathrm{GeGLU}(a, b) = \mathrm{GELU}(a) \otimes b",
        "shazeer2020glu",
        2020,
        "A GLU whose gate is GELU.",
        "Feed-forward layers of T5 v1.1 and Gemma.",
    ),
):
    _fn, _vjp = _make(_gate, _gate_grad, _on_a, _name)
    _narrow_gate = {"glu": nw.sigmoid, "swiglu": lambda v: nw.silu(v, 1.0)}.get(_name)
    _single = {} if _narrow_gate is None else {"fn": _make_single(_narrow_gate, _on_a, _fn, _name)}
    register(
        Spec(
            name=_name,
            display_name=_name.upper().replace("SWIGLU", "SwiGLU").replace("GEGLU", "GeGLU"),
            family="gated",
            kind="gated",
            fn=_fn,
            narrow=_NARROW.get(_name, {}),
            single=_single,
            grad=None,
            methods={"vjp": _vjp},
            latex=_latex + r",\quad x = [a, b]",
            latex_grad=r"\mathrm{vjp}(x, g) = [\,g \otimes \partial_a,\ g \otimes \partial_b\,]",
            properties=GATED,
            paper=_paper,
            year=_year,
            summary=_summary,
            uses=_uses,
            pitfalls=(
                "The output is half as wide as the input: the layer before it must produce "
                "twice the hidden width (LLaMA uses 2/3 of 4d per half to keep the cost)."
            ),
        )
    )
