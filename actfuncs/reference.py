r"""An arbitrary-precision reference for every activation, written from the definitions.

Each entry of :data:`REFERENCE` evaluates $f$, $f'$, $f''$ and the parameter gradients
with :mod:`mpmath` at :data:`PREC` bits, from formulas chosen so that no step cancels
catastrophically (e.g. $\sigma'(x) = \sigma(x)\,\sigma(-x)$ instead of
$\sigma(x)(1 - \sigma(x))$, $\tanh' = \operatorname{sech}^2$).  The package kernels are
judged against these values in :mod:`actfuncs.accuracy`; the reference itself is checked
against numerical differentiation of its own $f$ in ``tests/test_accuracy.py``.

>>> float(evaluate("gelu", "fn", 1.0))
0.8413447460685429

Elementwise entries take ``(x, **params)`` with ``x`` an ``mpf``; vector entries
(softmax, log_softmax) take a list of ``mpf`` and return a list; gated entries take the
two halves ``(a, b)`` elementwise.

Kinks: ``kinks(which, **params)`` lists the points where ``which`` (``"fn"``, ``"grad"``
or ``"grad2"``) is not defined as a limit from both sides (a jump of the function, or a
jump of the derivative below it).  The accuracy measurement excludes exactly these points;
their values there are conventions (PyTorch's), tested elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
from mpmath import mpf

#: working precision in bits: enough for float64 results next to roots of f' and f''
PREC = 192

MpFn = Callable[..., Any]

#: SELU constants (Klambauer et al., 2017) to 32 digits, as PyTorch documents them
SELU_ALPHA = "1.6732632423543772848170429916717"
SELU_LAMBDA = "1.0507009873554804934193349852946"
#: the cubic coefficient of the tanh approximation of GELU (Hendrycks & Gimpel)
GELU_TANH_A = "0.044715"


def _sig(x: mpf) -> mpf:
    r"""$\sigma(x) = 1/(1 + e^{-x})$, exact in mpmath for any finite x."""
    return 1 / (1 + mpmath.exp(-x))


def _softplus(x: mpf) -> mpf:
    r"""$\log(1 + e^{x})$ via $x + \log(1 + e^{-x})$ for $x > 0$ (no lost digits)."""
    if x > 0:
        return x + mpmath.log1p(mpmath.exp(-x))
    return mpmath.log1p(mpmath.exp(x))


def _erfc(t: mpf) -> mpf:
    r"""$\operatorname{erfc}(t)$; for $t > 10^3$ the asymptotic series
    $\frac{e^{-t^2}}{t\sqrt\pi}\sum_k (-1)^k \frac{(2k-1)!!}{(2t^2)^k}$ (8 terms, relative
    error below $10^{-40}$), because mpmath's own ``erfc`` overflows for huge $t$."""
    if t <= 1000:
        return mpmath.erfc(t)
    term, total, z = mpf(1), mpf(1), 2 * t * t
    for k in range(1, 8):
        term *= -(2 * k - 1) / z
        total += term
    return mpmath.exp(-t * t) / (t * mpmath.sqrt(mpmath.pi)) * total


def _Phi(x: mpf) -> mpf:
    r"""Standard normal CDF $\Phi(x) = \tfrac12\operatorname{erfc}(-x/\sqrt2)$."""
    if x > 0:
        return 1 - _erfc(x / mpmath.sqrt(2)) / 2
    return _erfc(-x / mpmath.sqrt(2)) / 2


def _phi(x: mpf) -> mpf:
    r"""Standard normal density $\varphi(x) = e^{-x^2/2}/\sqrt{2\pi}$."""
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def _step(cond: bool) -> mpf:
    return mpf(1) if cond else mpf(0)


@dataclass(frozen=True)
class Reference:
    """The reference formulas for one canonical name."""

    name: str
    fn: MpFn
    grad: MpFn | None = None
    grad2: MpFn | None = None
    param_grads: Mapping[str, MpFn] = field(default_factory=dict)
    kind: str = "elementwise"
    #: ``kinks(which, **params) -> points`` excluded when measuring ``which``
    kinks: Callable[..., tuple[float, ...]] = lambda which, **p: ()
    #: parameter sets worth measuring; the first is the default
    cases: tuple[Mapping[str, Any], ...] = ({},)
    #: vector kinds: ``grad_scale(v, d)``, the size of the terms the Jacobian-vector product
    #: is built from; errors of ``grad`` are measured normwise in ULPs of this scale
    grad_scale: MpFn | None = None
    #: learnable sums (LEAF, KAN spline): ``term_scale(which, x, **params)``, the sum of the
    #: absolute values of the terms that make up ``which`` at ``x``. Their sign changes sit
    #: at parameter-dependent points where any float evaluation cancels, so their errors
    #: are measured in ULPs of this scale (the componentwise condition), not of the result.
    term_scale: MpFn | None = None

    def evaluate(self, which: str, x: Any, **params: Any) -> Any:
        """``fn``/``grad``/``grad2``/``param:<name>`` at ``x`` with :data:`PREC` bits."""
        with mpmath.workprec(PREC):
            if which.startswith("param:"):
                f = self.param_grads[which[6:]]
            else:
                f = getattr(self, which)
            if f is None:
                raise KeyError(f"{self.name}: the reference has no {which}")
            if self.kind == "vector":
                xm = [mpf(float(t)) for t in x]
            elif self.kind == "gated":
                xm = [mpf(float(t)) for t in x]
                return f(*xm, **{k: _mp(v) for k, v in params.items()})
            else:
                xm = mpf(float(x))
            return f(xm, **{k: _mp(v) for k, v in params.items()})


def _mp(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return [mpf(float(t)) for t in v]
    if hasattr(v, "shape") and getattr(v, "ndim", 0) > 0:
        return [mpf(float(t)) for t in v.ravel()]
    return mpf(float(v))


REFERENCE: dict[str, Reference] = {}

# default parameter values as module constants (evaluated once)
_ONE, _ZERO, _MONE = mpf(1), mpf(0), mpf(-1)
_EIGHTH, _THIRD, _C001, _QUARTER = mpf(1) / 8, mpf(1) / 3, mpf("0.01"), mpf("0.25")


def evaluate(name: str, which: str, x: Any, params: Mapping[str, Any] | None = None) -> Any:
    """The reference ``which`` of ``name`` at the float (or vector / pair) ``x``."""
    if name not in REFERENCE:
        raise KeyError(f"no reference for {name!r}; add one to actfuncs.reference")
    return REFERENCE[name].evaluate(which, x, **dict(params or {}))


def kinks(name: str, which: str, params: Mapping[str, Any] | None = None) -> tuple[float, ...]:
    """Points excluded when measuring ``which`` of ``name`` (see the module docstring)."""
    return tuple(REFERENCE[name].kinks(which, **dict(params or {})))


def _add(ref: Reference) -> None:
    REFERENCE[ref.name] = ref


def _at(*points: float) -> Callable[..., tuple[float, ...]]:
    """Kinks of both derivatives at fixed points (f itself continuous)."""

    def kinks(which: str, **p: Any) -> tuple[float, ...]:
        return () if which == "fn" else points

    return kinks


# -- piecewise linear -------------------------------------------------------------------------

_add(Reference(
    "identity",
    fn=lambda x, slope=_ONE: slope * x,
    grad=lambda x, slope=_ONE: slope,
    grad2=lambda x, slope=_ONE: mpf(0),
    param_grads={"slope": lambda x, slope=_ONE: x},
    cases=({}, {"slope": 1.5}, {"slope": -0.3}),
))
_add(Reference(
    "binary_step",
    fn=lambda x: _step(x >= 0),
    grad=lambda x: mpf(0),
    grad2=lambda x: mpf(0),
    kinks=lambda which, **p: (0.0,) if which != "fn" else (),  # f(0) = 1 by the spec (x >= 0)
))
_add(Reference(
    "relu",
    fn=lambda x: max(x, mpf(0)),
    grad=lambda x: _step(x > 0),
    grad2=lambda x: mpf(0),
    kinks=_at(0.0),
))
_add(Reference(
    "relu6",
    fn=lambda x: min(max(x, mpf(0)), mpf(6)),
    grad=lambda x: _step(0 < x < 6),
    grad2=lambda x: mpf(0),
    kinks=_at(0.0, 6.0),
))


def _leaky(x: mpf, alpha: mpf) -> mpf:
    return x if x >= 0 else alpha * x


_add(Reference(
    "leaky_relu",
    fn=lambda x, alpha=_C001: _leaky(x, alpha),
    grad=lambda x, alpha=_C001: mpf(1) if x > 0 else alpha,
    grad2=lambda x, alpha=_C001: mpf(0),
    param_grads={"alpha": lambda x, alpha=_C001: min(x, mpf(0))},
    kinks=_at(0.0),
    cases=({}, {"alpha": 0.2}),
))
_add(Reference(
    "prelu",
    fn=lambda x, alpha=_QUARTER: _leaky(x, alpha),
    grad=lambda x, alpha=_QUARTER: mpf(1) if x > 0 else alpha,
    grad2=lambda x, alpha=_QUARTER: mpf(0),
    param_grads={"alpha": lambda x, alpha=_QUARTER: min(x, mpf(0))},
    kinks=_at(0.0),
    cases=({}, {"alpha": -0.3}),
))
_add(Reference(  # evaluation mode: the mean slope (lower + upper) / 2
    "rrelu",
    fn=lambda x, lower=_EIGHTH, upper=_THIRD: _leaky(x, (lower + upper) / 2),
    grad=lambda x, lower=_EIGHTH, upper=_THIRD: mpf(1) if x > 0 else (lower + upper) / 2,
    grad2=lambda x, lower=_EIGHTH, upper=_THIRD: mpf(0),
    kinks=_at(0.0),
    cases=({}, {"lower": 0.1, "upper": 0.2}),
))

# -- sigmoidal ----------------------------------------------------------------------------------

_add(Reference(
    "sigmoid",
    fn=_sig,
    grad=lambda x: _sig(x) * _sig(-x),
    grad2=lambda x: -_sig(x) * _sig(-x) * mpmath.tanh(x / 2),
))
_add(Reference(
    "log_sigmoid",
    fn=lambda x: -_softplus(-x),
    grad=lambda x: _sig(-x),
    grad2=lambda x: -_sig(x) * _sig(-x),
))
_add(Reference(
    "tanh",
    fn=mpmath.tanh,
    grad=lambda x: mpmath.sech(x) ** 2,
    grad2=lambda x: -2 * mpmath.tanh(x) * mpmath.sech(x) ** 2,
))
_add(Reference(
    "softsign",
    fn=lambda x: x / (1 + abs(x)),
    grad=lambda x: 1 / (1 + abs(x)) ** 2,
    grad2=lambda x: -2 * mpmath.sign(x) / (1 + abs(x)) ** 3,
    kinks=lambda which, **p: (0.0,) if which == "grad2" else (),
))

# -- hard (piecewise) ---------------------------------------------------------------------------


def _clamp(x: mpf, lo: mpf, hi: mpf) -> mpf:
    return min(max(x, lo), hi)


_add(Reference(
    "hard_sigmoid",
    fn=lambda x: _clamp((x + 3) / 6, mpf(0), mpf(1)),
    grad=lambda x: mpf(1) / 6 if -3 < x < 3 else mpf(0),
    grad2=lambda x: mpf(0),
    kinks=_at(-3.0, 3.0),
))
_add(Reference(
    "hard_tanh",
    fn=lambda x, min_val=_MONE, max_val=_ONE: _clamp(x, min_val, max_val),
    grad=lambda x, min_val=_MONE, max_val=_ONE: _step(min_val < x < max_val),
    grad2=lambda x, min_val=_MONE, max_val=_ONE: mpf(0),
    kinks=lambda which, min_val=-1.0, max_val=1.0: (
        () if which == "fn" else (float(min_val), float(max_val))
    ),
    cases=({}, {"min_val": -2.0, "max_val": 3.0}),
))
_add(Reference(
    "hard_swish",
    fn=lambda x: x * _clamp(x + 3, mpf(0), mpf(6)) / 6,
    grad=lambda x: mpf(0) if x <= -3 else ((2 * x + 3) / 6 if x < 3 else mpf(1)),
    grad2=lambda x: mpf(1) / 3 if -3 < x < 3 else mpf(0),
    kinks=_at(-3.0, 3.0),
))

# -- exponential family -------------------------------------------------------------------------


def _elu(x: mpf, alpha: mpf) -> mpf:
    return x if x > 0 else alpha * mpmath.expm1(x)


_add(Reference(
    "elu",
    fn=lambda x, alpha=_ONE: _elu(x, alpha),
    grad=lambda x, alpha=_ONE: mpf(1) if x > 0 else alpha * mpmath.exp(x),
    grad2=lambda x, alpha=_ONE: mpf(0) if x > 0 else alpha * mpmath.exp(x),
    param_grads={"alpha": lambda x, alpha=_ONE: mpf(0) if x > 0 else mpmath.expm1(x)},
    kinks=_at(0.0),
    cases=({}, {"alpha": 0.5}),
))


def _selu_parts() -> tuple[mpf, mpf]:
    return mpf(SELU_ALPHA), mpf(SELU_LAMBDA)


_add(Reference(
    "selu",
    fn=lambda x: _selu_parts()[1] * _elu(x, _selu_parts()[0]),
    grad=lambda x: _selu_parts()[1] * (mpf(1) if x > 0 else _selu_parts()[0] * mpmath.exp(x)),
    grad2=lambda x: (
        mpf(0) if x > 0 else _selu_parts()[1] * _selu_parts()[0] * mpmath.exp(x)
    ),
    kinks=_at(0.0),
))


def _celu_dalpha(x: mpf, alpha: mpf) -> mpf:
    r"""$\partial_\alpha[\alpha(e^{x/\alpha} - 1)] = \operatorname{expm1}(u) - u e^{u}$, $u = x/\alpha$."""
    if x > 0:
        return mpf(0)
    u = x / alpha
    if u > -0.5:  # sum_{n>=2} (1 - n) u^n / n!: the two terms above cancel to -u^2/2
        total, term, n = mpf(0), u, 1
        while True:
            n += 1
            term *= u / n
            step = (1 - n) * term
            total += step
            if abs(step) <= abs(total) * mpf(2) ** (-mpmath.mp.prec - 4):
                return total
    return mpmath.expm1(u) - u * mpmath.exp(u)


_add(Reference(
    "celu",
    fn=lambda x, alpha=_ONE: x if x > 0 else alpha * mpmath.expm1(x / alpha),
    grad=lambda x, alpha=_ONE: mpf(1) if x > 0 else mpmath.exp(x / alpha),
    grad2=lambda x, alpha=_ONE: mpf(0) if x > 0 else mpmath.exp(x / alpha) / alpha,
    param_grads={"alpha": _celu_dalpha},
    kinks=lambda which, **p: (0.0,) if which == "grad2" else (),
    cases=({}, {"alpha": 2.0}),
))

# -- smooth rectifiers --------------------------------------------------------------------------


def _softplus_dbeta(x: mpf, beta: mpf) -> mpf:
    r"""$\partial_\beta\,\tfrac1\beta\log(1+e^{\beta x})$, written without cancellation."""
    u = beta * x
    if u > 0:  # x sigma(u)/beta - sp(u)/beta^2 with sp(u) = u + sp(-u)
        return -x * _sig(-u) / beta - _softplus(-u) / beta**2
    return x * _sig(u) / beta - _softplus(u) / beta**2


_add(Reference(
    "softplus",
    fn=lambda x, beta=_ONE: _softplus(beta * x) / beta,
    grad=lambda x, beta=_ONE: _sig(beta * x),
    grad2=lambda x, beta=_ONE: beta * _sig(beta * x) * _sig(-beta * x),
    param_grads={"beta": _softplus_dbeta},
    cases=({}, {"beta": 2.0}, {"beta": 0.5}),
))
_add(Reference(
    "gelu",
    fn=lambda x: x * _Phi(x),
    grad=lambda x: _Phi(x) + x * _phi(x),
    grad2=lambda x: _phi(x) * (2 - x * x),
))


def _gelu_tanh_parts(x: mpf) -> tuple[mpf, mpf, mpf, mpf, mpf]:
    """(s, 1 - s, u', u'') for s = sigma(2u), u = c (x + a x^3)."""
    a = mpf(GELU_TANH_A)
    c = mpmath.sqrt(2 / mpmath.pi)
    u = c * (x + a * x**3)
    du = c * (1 + 3 * a * x * x)
    d2u = 6 * a * c * x
    return _sig(2 * u), _sig(-2 * u), du, d2u, u


def _gelu_tanh_grad(x: mpf) -> mpf:
    s, sm, du, _, _ = _gelu_tanh_parts(x)
    return s + x * 2 * s * sm * du


def _gelu_tanh_grad2(x: mpf) -> mpf:
    s, sm, du, d2u, u = _gelu_tanh_parts(x)
    g = 2 * s * sm * du  # d/dx sigma(2u)
    dg = 2 * (g * du * (-mpmath.tanh(u)) + s * sm * d2u)
    return 2 * g + x * dg


_add(Reference(
    "gelu_tanh",
    fn=lambda x: x * _gelu_tanh_parts(x)[0],
    grad=_gelu_tanh_grad,
    grad2=_gelu_tanh_grad2,
))


def _silu_grad(x: mpf, beta: mpf = _ONE) -> mpf:
    return _sig(beta * x) * (1 + beta * x * _sig(-beta * x))


def _silu_grad2(x: mpf, beta: mpf = _ONE) -> mpf:
    u = beta * x
    return beta * _sig(u) * _sig(-u) * (2 - u * mpmath.tanh(u / 2))


_add(Reference(
    "silu",
    fn=lambda x, beta=_ONE: x * _sig(beta * x),
    grad=_silu_grad,
    grad2=_silu_grad2,
    param_grads={"beta": lambda x, beta=_ONE: x * x * _sig(beta * x) * _sig(-beta * x)},
    cases=({}, {"beta": 1.7}),
))


def _mish_parts(x: mpf) -> tuple[mpf, mpf, mpf, mpf]:
    sp = _softplus(x)
    return mpmath.tanh(sp), mpmath.sech(sp) ** 2, _sig(x), _sig(-x)


def _mish_grad(x: mpf) -> mpf:
    t, s2, s, _ = _mish_parts(x)
    return t + x * s2 * s


def _mish_grad2(x: mpf) -> mpf:
    t, s2, s, sm = _mish_parts(x)
    return s2 * s * (2 + x * (sm - 2 * t * s))


_add(Reference(
    "mish",
    fn=lambda x: x * _mish_parts(x)[0],
    grad=_mish_grad,
    grad2=_mish_grad2,
))

# -- learnable ----------------------------------------------------------------------------------

_LEAF_DEF = {"p1": mpf(1), "p2": mpf(0), "p3": mpf(1), "p4": mpf(0)}


def _leaf(x: mpf, p1: mpf = _ONE, p2: mpf = _ZERO, p3: mpf = _ONE, p4: mpf = _ZERO) -> mpf:
    return (p1 * x + p2) * _sig(p3 * x) + p4


def _leaf_grad(x: mpf, p1: mpf = _ONE, p2: mpf = _ZERO, p3: mpf = _ONE, p4: mpf = _ZERO):
    s, sm = _sig(p3 * x), _sig(-p3 * x)
    return p1 * s + p3 * (p1 * x + p2) * s * sm


def _leaf_grad2(x: mpf, p1: mpf = _ONE, p2: mpf = _ZERO, p3: mpf = _ONE, p4: mpf = _ZERO):
    s, sm = _sig(p3 * x), _sig(-p3 * x)
    d = s * sm
    return 2 * p1 * p3 * d - p3 * p3 * (p1 * x + p2) * d * mpmath.tanh(p3 * x / 2)


def _leaf_dp(which: str) -> MpFn:
    def grad(x: mpf, p1: mpf = _ONE, p2: mpf = _ZERO, p3: mpf = _ONE, p4: mpf = _ZERO):
        s = _sig(p3 * x)
        if which == "p1":
            return x * s
        if which == "p2":
            return s
        if which == "p3":
            return (p1 * x + p2) * x * s * _sig(-p3 * x)
        return mpf(1)

    return grad


def _leaf_scale(which: str, x: mpf, p1: mpf = _ONE, p2: mpf = _ZERO, p3: mpf = _ONE,
                p4: mpf = _ZERO) -> mpf | None:
    s, sm = _sig(p3 * x), _sig(-p3 * x)
    lin = abs(p1 * x) + abs(p2)
    if which == "param:p3":
        return lin * abs(x) * s * sm
    if which.startswith("param:"):
        return None  # single terms: no cancellation
    if which == "fn":
        return lin * s + abs(p4)
    if which == "grad":
        return abs(p1) * s + abs(p3) * lin * s * sm
    return 2 * abs(p1 * p3) * s * sm + p3 * p3 * lin * s * sm * abs(mpmath.tanh(p3 * x / 2))


_add(Reference(
    "leaf",
    term_scale=_leaf_scale,
    fn=_leaf,
    grad=_leaf_grad,
    grad2=_leaf_grad2,
    param_grads={p: _leaf_dp(p) for p in ("p1", "p2", "p3", "p4")},
    # p4 = 0 keeps f free of additive cancellation; (0, 2, 2, -1) is tanh written as 2 sigma(2x) - 1
    cases=({}, {"p1": 0.7, "p2": -0.3, "p3": 1.9, "p4": 0.0}),
))

#: KAN grid: cubic B-splines on 5 uniform intervals of [-1, 1], 3 extra knots each side.
#: The knots are the float64 numbers nearest -1 + 0.4 (j - 3), j = 0..11 (the kernel's grid).
KAN_DEGREE = 3
KAN_KNOTS = tuple(-1.0 + 0.4 * (j - 3) for j in range(12))
KAN_COEF_DEMO = (0.3, -0.5, 0.8, 0.1, -0.7, 0.4, 0.2, -0.1)


def _bspline_basis(x: mpf, deriv: int = 0) -> list[mpf]:
    """All cubic B-splines (or their derivatives) at ``x`` by the Cox–de Boor recursion."""
    t = [mpf(v) for v in KAN_KNOTS]
    n = len(t) - 1
    b = [_step(t[i] <= x < t[i + 1]) for i in range(n)]  # degree 0
    levels = [b]
    for k in range(1, KAN_DEGREE + 1):
        prev = levels[-1]
        cur = []
        for i in range(n - k):
            left = (x - t[i]) / (t[i + k] - t[i]) * prev[i]
            right = (t[i + k + 1] - x) / (t[i + k + 1] - t[i + 1]) * prev[i + 1]
            cur.append(left + right)
        levels.append(cur)
    if deriv == 0:
        return levels[KAN_DEGREE]
    # d/dx B_{i,k} = k/(t_{i+k}-t_i) B_{i,k-1} - k/(t_{i+k+1}-t_{i+1}) B_{i+1,k-1}, applied twice
    def dcoef(level: int, order: int) -> list[mpf]:
        if order == 0:
            return levels[level]
        low = dcoef(level - 1, order - 1)
        out = []
        for i in range(n - level):
            a = level / (t[i + level] - t[i]) * low[i]
            c = level / (t[i + level + 1] - t[i + 1]) * low[i + 1]
            out.append(a - c)
        return out

    return dcoef(KAN_DEGREE, deriv)


def _coef(coef: Any) -> list[mpf]:
    n = len(KAN_KNOTS) - 1 - KAN_DEGREE
    if isinstance(coef, list):
        if len(coef) != n:
            raise ValueError(f"kan_spline reference: need {n} coefficients, got {len(coef)}")
        return coef
    return [coef] * n


def _kan(deriv: int) -> MpFn:
    base = (lambda x: x * _sig(x), _silu_grad, _silu_grad2)[deriv]

    def f(x: mpf, w_b: mpf = _ONE, w_s: mpf = _ONE, coef: Any = _ZERO) -> mpf:
        spline = mpmath.fsum(c * b for c, b in zip(_coef(coef), _bspline_basis(x, deriv), strict=False))
        return w_b * base(x) + w_s * spline

    return f


def _kan_scale(which: str, x: mpf, w_b: mpf = _ONE, w_s: mpf = _ONE,
               coef: Any = _ZERO) -> mpf | None:
    if which == "param:w_s":
        return mpmath.fsum(abs(c * b) for c, b in zip(_coef(coef), _bspline_basis(x),
                                                       strict=True))
    if which.startswith("param:"):
        return None
    d = ("fn", "grad", "grad2").index(which)
    base = (lambda t: t * _sig(t), _silu_grad, _silu_grad2)[d]
    spline = mpmath.fsum(abs(c * b) for c, b in zip(_coef(coef), _bspline_basis(x, d),
                                                      strict=True))
    return abs(w_b * base(x)) + abs(w_s) * spline


_add(Reference(
    "kan_spline",
    term_scale=_kan_scale,
    fn=_kan(0),
    grad=_kan(1),
    grad2=_kan(2),
    param_grads={
        "w_b": lambda x, w_b=_ONE, w_s=_ONE, coef=_ZERO: x * _sig(x),
        "w_s": lambda x, w_b=_ONE, w_s=_ONE, coef=_ZERO: mpmath.fsum(
            c * b for c, b in zip(_coef(coef), _bspline_basis(x), strict=False)
        ),
        # one value per coefficient (the kernel's trailing axis)
        "coef": lambda x, w_b=_ONE, w_s=_ONE, coef=_ZERO: [
            w_s * b for b in _bspline_basis(x)
        ],
    },
    cases=({"coef": KAN_COEF_DEMO}, {"w_b": 0.5, "w_s": -1.5, "coef": KAN_COEF_DEMO}),
))

# -- vector and gated ---------------------------------------------------------------------------


def _softmax(v: Sequence[mpf]) -> list[mpf]:
    m = max(v)
    e = [mpmath.exp(t - m) for t in v]
    z = mpmath.fsum(e)
    return [t / z for t in e]


def _log_softmax(v: Sequence[mpf]) -> list[mpf]:
    r"""$x_i - m - \log(1 + \sum_{j \ne k} e^{x_j - m})$ with $m = x_k$ the maximum: the
    ``log1p`` keeps the tiny value of the largest entry when the others are far below."""
    m = max(v)
    k = list(v).index(m)
    lz = mpmath.log1p(mpmath.fsum(mpmath.exp(t - m) for j, t in enumerate(v) if j != k))
    return [t - m - lz for t in v]


def _softmax_jvp(v: Sequence[mpf], d: Sequence[mpf]) -> list[mpf]:
    s = _softmax(v)
    sd = mpmath.fsum(a * b for a, b in zip(s, d, strict=False))
    return [a * (b - sd) for a, b in zip(s, d, strict=False)]


def _log_softmax_jvp(v: Sequence[mpf], d: Sequence[mpf]) -> list[mpf]:
    s = _softmax(v)
    sd = mpmath.fsum(a * b for a, b in zip(s, d, strict=False))
    return [b - sd for b in d]


_add(Reference(
    "softmax", fn=_softmax, grad=_softmax_jvp, kind="vector",
    grad_scale=lambda v, d: max(_softmax(v)) * max(abs(t) for t in d),
))
_add(Reference(
    "log_softmax", fn=_log_softmax, grad=_log_softmax_jvp, kind="vector",
    grad_scale=lambda v, d: max(abs(t) for t in d),
))


def _gelu_grad(a: mpf) -> mpf:
    return _Phi(a) + a * _phi(a)


# gated: fn(a, b) -> value; grad(a, b) -> (d/da, d/db), the pieces of the vector-Jacobian product
_add(Reference(
    "glu",
    fn=lambda a, b: a * _sig(b),
    grad=lambda a, b: (_sig(b), a * _sig(b) * _sig(-b)),
    kind="gated",
))
_add(Reference(
    "swiglu",
    fn=lambda a, b: a * _sig(a) * b,
    grad=lambda a, b: (_silu_grad(a) * b, a * _sig(a)),
    kind="gated",
))
_add(Reference(
    "geglu",
    fn=lambda a, b: a * _Phi(a) * b,
    grad=lambda a, b: (_gelu_grad(a) * b, a * _Phi(a)),
    kind="gated",
))


def critical_points(name: str, which: str = "fn", lo: float = -8.0, hi: float = 8.0,
                    **params: Any) -> list[float]:
    r"""Roots of ``which`` and of its derivative inside $[lo, hi]$, found from the reference.

    For ``which="fn"`` these are the roots of $f$ and $f'$ (the minima of GELU, SiLU and
    Mish); for ``"grad"`` the roots of $f'$ and $f''$; for ``"grad2"`` the roots of $f''$.
    A sign change on a grid of 400 cells is polished with :func:`mpmath.findroot`.
    """
    ref = REFERENCE[name]
    if ref.kind != "elementwise":
        return []
    order = {"fn": ["fn", "grad"], "grad": ["grad", "grad2"], "grad2": ["grad2"]}[which]
    found: list[float] = []
    with mpmath.workprec(PREC):
        for w in order:
            f = getattr(ref, w)
            if f is None:
                continue
            mp = {k: _mp(v) for k, v in params.items()}
            grid = [mpf(lo) + (mpf(hi) - lo) * i / 400 for i in range(401)]
            vals = [f(g, **mp) for g in grid]
            for g0, g1, v0, v1 in zip(grid, grid[1:], vals, vals[1:], strict=False):
                if v0 == 0:
                    found.append(float(g0))
                elif v0 * v1 < 0:
                    try:
                        r = mpmath.findroot(lambda t, f=f, mp=mp: f(t, **mp), (g0, g1),
                                            solver="anderson")
                    except (ValueError, ZeroDivisionError):
                        r = (g0 + g1) / 2
                    found.append(float(r))
    return sorted(set(found))
