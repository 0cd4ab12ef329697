r"""The checkers: a learner's function against a registry reference on tricky inputs, a number
against a value computed by the package, and a multiple choice with feedback per choice.

A function answer passes when, on every probe, it returns an array of the input's shape and
dtype, raises no warning, and agrees with the reference elementwise:

$$|y - y_{\mathrm{ref}}| \le \mathrm{atol} + \mathrm{rtol}\,|y_{\mathrm{ref}}|,$$

with NaN matching NaN and infinities matching exactly.  The first failing probe is reported with
the input, the expected and the returned value and a hint chosen from the diagnosis.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import actfuncs
from actfuncs.exercises.core import Exercise, Feedback
from actfuncs.exercises.guard import DEFAULT_TIME_LIMIT, Outcome, guarded_call, one_line


# -- probes ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Probe:
    """One input the answer is called on.  ``region`` None: diagnose each element by its value
    (elementwise functions); otherwise the cause reported for any mismatch (vector functions).
    ``raises``: the answer must raise this exception type on the input (as the reference does);
    otherwise the cause is ``must_raise`` (no exception) or ``wrong_error`` (another type)."""

    label: str
    x: np.ndarray
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    region: str | None = None
    raises: type[BaseException] | None = None


def _arr(values: list[float], dtype: Any = np.float64) -> np.ndarray:
    return np.array(values, dtype=dtype)


GRID = Probe("ordinary inputs in [-3, 3]", np.linspace(-3.0, 3.0, 25))
MID = Probe("moderate inputs (±4 ... ±10)", _arr([-10, -8, -6, -5, -4, 4, 5, 6, 8, 10]))
TINY = Probe(
    "0 and tiny inputs (±1e-12, ±1e-300, ±5e-324)",
    _arr([0.0, -0.0, 1e-12, -1e-12, 1e-300, -1e-300, 5e-324, -5e-324]),
)
TAILS = Probe(
    "the tails (±30, ±40, ±1000, ±1e300)", _arr([30, -30, 40, -40, 1000, -1000, 1e300, -1e300])
)
INFS = Probe("±inf", _arr([np.inf, -np.inf]))
NAN = Probe("NaN", _arr([np.nan]))
FLOAT32 = Probe(
    "a float32 array (the result must stay float32)",
    _arr([-4, -1, -0.5, 0, 0.5, 1, 4], np.float32),
)
BATCH = Probe(
    "a 2-D batch of shape (2, 3) (the shape must be kept)",
    _arr([[-2.0, 0.0, 2.0], [-0.5, 0.25, 1.5]]),
)

#: every tricky input, for exercises that ask for a stable implementation
STABLE_PROBES: tuple[Probe, ...] = (GRID, MID, TINY, TAILS, INFS, NAN, FLOAT32, BATCH)
#: ordinary inputs only, for derive-then-verify exercises (the identity, not its numerics)
IDENTITY_PROBES: tuple[Probe, ...] = (GRID, MID, BATCH)


# -- the registry reference ------------------------------------------------------------------
@dataclass(frozen=True)
class Reference:
    """``actfuncs.get(name, **params).<method>(*args, x)`` — the answer key is always the
    registry (``args`` e.g. ``("alpha",)`` for ``param_grad("alpha", x)``)."""

    name: str
    method: str = "fn"
    params: Mapping[str, Any] = field(default_factory=dict)
    args: tuple[Any, ...] = ()

    def __call__(self, x: np.ndarray, **kwargs: Any) -> np.ndarray:
        act = actfuncs.get(self.name, **self.params)
        return np.asarray(getattr(act, self.method)(*self.args, x, **kwargs))

    def describe(self) -> str:
        ps = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        tail = "" if self.method == "fn" else f".{self.method}"
        if self.args:
            tail += f"({', '.join(repr(a) for a in self.args)}, x)"
        return f"actfuncs.get({self.name!r}{', ' + ps if ps else ''}){tail}"


def _fmt(v: Any) -> str:
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return f"{v:.10g}" if v != 0 else ("-0.0" if math.copysign(1, v) < 0 else "0.0")


def _fmt_arr(a: np.ndarray) -> str:
    return np.array2string(np.asarray(a, dtype=np.float64), precision=6, separator=", ")


def region_of(x: float) -> tuple[str, str]:
    """(region, sign) of an input value, for choosing a hint."""
    if math.isnan(x):
        return "nan", ""
    sign = "-" if x < 0 else "+"
    a = abs(x)
    if math.isinf(a):
        return "inf", sign
    if a == 0:
        return "zero", ""
    if a < 1e-6:
        return "tiny", sign
    if a <= 3:
        return "grid", sign
    if a < 20:
        return "mid", sign
    return "tail", sign


def mismatch(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """Boolean mask of the elements outside the tolerance (NaN matches NaN, inf matches inf)."""
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    with np.errstate(all="ignore"):
        ok = (np.isnan(g) & np.isnan(e)) | (g == e)
        ok |= np.isfinite(g) & np.isfinite(e) & (np.abs(g - e) <= atol + rtol * np.abs(e))
    return ~ok


def _error_cause(err: BaseException) -> str:
    msg = str(err)
    if "truth value of an array" in msg or "arrays can be converted to Python scalars" in msg:
        return "vectorise"
    if "could not be broadcast" in msg:
        return "keepdims"
    if isinstance(err, TypeError) and ("unexpected keyword argument" in msg or "positional" in msg):
        return "signature"
    return "raised"


@dataclass(frozen=True)
class FunctionChecker:
    """Run the learner's function against a :class:`Reference` on the probes, in order."""

    reference: Reference
    probes: tuple[Probe, ...] = STABLE_PROBES
    rtol: float = 1e-12
    atol: float = 0.0
    rtol32: float = 1e-5
    time_limit: float = DEFAULT_TIME_LIMIT
    answer_kind: str = "function"

    def extra_markdown(self, ex: Exercise) -> str:
        return ""

    def __call__(self, ex: Exercise, answer: Any) -> Feedback:
        if not callable(answer):
            return _fail(ex, "not_callable", "check() needs your function itself.",
                         type=type(answer).__name__)
        for probe in self.probes:
            fb = self._probe(ex, answer, probe)
            if fb is not None:
                return fb
        labels = ", ".join(p.label for p in self.probes)
        return Feedback(
            ex.id, ex.title, True,
            f"Correct: your function agrees with {self.reference.describe()} on {labels}, "
            "with no warnings.",
            cause="passed",
        )

    def _probe(self, ex: Exercise, fn: Callable[..., Any], probe: Probe) -> Feedback | None:
        arg = probe.x.copy()
        out = guarded_call(fn, arg, seconds=self.time_limit, **probe.kwargs)
        where = f"on {probe.label}"
        if out.timed_out:
            return _fail(ex, "timeout", f"Your function did not finish within {self.time_limit:g} s "
                         f"{where}.", label=probe.label, limit=f"{self.time_limit:g}")
        if probe.raises is not None:
            return self._raised(ex, probe, out)
        if out.error is not None:
            return _fail(ex, _error_cause(out.error),
                         f"{where[0].upper()}{where[1:]} your function raised {one_line(out.error)}.",
                         label=probe.label)
        if not np.array_equal(arg, probe.x, equal_nan=True):
            return _fail(ex, "mutated", f"{where[0].upper()}{where[1:]} your function changed its "
                         "input array.", label=probe.label)
        got = out.value
        expected = self.reference(probe.x.copy(), **probe.kwargs)
        if got is None:
            return _fail(ex, "none", f"Your function returned None {where}.")
        if isinstance(got, (list, tuple)):
            return _fail(ex, "list", f"Your function returned a {type(got).__name__} {where}.",
                         type=type(got).__name__)
        if not isinstance(got, (np.ndarray, np.generic)):
            return _fail(ex, "type", f"Your function returned a {type(got).__name__} {where}.",
                         type=type(got).__name__)
        got = np.asarray(got)
        if got.shape != expected.shape:
            return _fail(ex, "shape", f"{where[0].upper()}{where[1:]} the result has shape "
                         f"{got.shape}; expected {expected.shape}.",
                         expected_shape=expected.shape, got_shape=got.shape)
        if got.dtype != expected.dtype:
            return _fail(ex, "dtype", f"{where[0].upper()}{where[1:]} the result has dtype "
                         f"{got.dtype}; expected {expected.dtype}.",
                         expected_dtype=expected.dtype, got_dtype=got.dtype)
        single = expected.dtype == np.float32
        bad = mismatch(got, expected, self.rtol32 if single else self.rtol, self.atol)
        if out.warnings:
            return self._warned(ex, fn, probe, out, got, expected, bad)
        if bad.any():
            return self._wrong(ex, probe, got, expected, bad)
        return None

    def _raised(self, ex: Exercise, probe: Probe, out: Outcome) -> Feedback | None:
        """The verdict on a probe the answer must refuse with ``probe.raises``."""
        want = probe.raises.__name__ if probe.raises is not None else "an exception"
        if out.error is None:
            return _fail(ex, "must_raise", f"On {probe.label} your function returned a result; "
                         f"it should raise {want}.", label=probe.label, error=want)
        if probe.raises is not None and not isinstance(out.error, probe.raises):
            return _fail(ex, "wrong_error", f"On {probe.label} your function raised "
                         f"{one_line(out.error)}; expected {want}.", label=probe.label, error=want)
        return None

    def _warned(self, ex: Exercise, fn: Callable[..., Any], probe: Probe, out: Outcome,
                got: np.ndarray, expected: np.ndarray, bad: np.ndarray) -> Feedback:
        x_at, warning = None, out.warnings[0]
        if probe.region is None:  # elementwise: find the first input that warns on its own
            flat = probe.x.reshape(-1)
            for i in range(min(flat.size, 64)):
                one = guarded_call(fn, flat[i:i + 1].copy(), seconds=self.time_limit)
                if one.warnings:
                    x_at, warning = float(flat[i]), one.warnings[0]
                    break
        cause = next((c for c in ("overflow", "invalid", "divide") if c in warning), "warning")
        if x_at is not None:
            detail = f"At x = {_fmt(x_at)} ({probe.label}) your code raised {warning}."
            i = int(np.flatnonzero(probe.x.reshape(-1) == x_at)[0])
            if bad.reshape(-1)[i]:
                detail += (f" It returned {_fmt(got.reshape(-1)[i])}; expected "
                           f"{_fmt(expected.reshape(-1)[i])}.")
            x_text = _fmt(x_at)
        else:
            detail = f"On {probe.label} your code raised {warning}."
            x_text = _fmt_arr(probe.x)
        return _fail(ex, cause, detail, x=x_text, warning=warning, label=probe.label)

    def _wrong(self, ex: Exercise, probe: Probe, got: np.ndarray, expected: np.ndarray,
               bad: np.ndarray) -> Feedback:
        if probe.region is not None:
            detail = (f"On {probe.label}, x = {_fmt_arr(probe.x)}: expected {_fmt_arr(expected)}, "
                      f"got {_fmt_arr(got)}.")
            return _fail(ex, probe.region, detail, label=probe.label, x=_fmt_arr(probe.x),
                         expected=_fmt_arr(expected), got=_fmt_arr(got))
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        x = float(probe.x.reshape(-1)[i])
        e, g = expected.reshape(-1)[i], got.reshape(-1)[i]
        region, sign = region_of(x)
        detail = (f"At x = {_fmt(x)} ({probe.label}) the expected value is {_fmt(e)}, "
                  f"but your function returned {_fmt(g)}.")
        return _fail(ex, region + sign, detail, x=_fmt(x), expected=_fmt(e), got=_fmt(g),
                     label=probe.label)


def _fail(ex: Exercise, cause: str, detail: str, **values: Any) -> Feedback:
    keys = (cause, cause.rstrip("+-"), "value") if cause[-1:] in "+-" else (cause, "value")
    return Feedback(ex.id, ex.title, False, "Not yet.", detail, ex.hint(keys, **values), cause)


# -- numbers ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trap:
    """A tempting wrong number and the hint it deserves."""

    value: float
    hint_key: str
    tol: float = 1e-9


@dataclass(frozen=True)
class ValueChecker:
    """A number against ``expected()`` (computed by the package) within ``atol + rtol·|expected|``.

    ``figure`` (read-a-plot exercises) draws the figure the number is read from.
    """

    expected: Callable[[], float]
    atol: float = 0.0
    rtol: float = 0.0
    traps: tuple[Trap, ...] = ()
    figure: Callable[[], Any] | None = None
    answer_kind: str = "value"

    def extra_markdown(self, ex: Exercise) -> str:
        return ""

    def __call__(self, ex: Exercise, answer: Any) -> Feedback:
        try:
            if isinstance(answer, (bool, np.bool_)) or answer is None:
                raise TypeError
            a = float(answer)
            if not math.isfinite(a):
                raise ValueError
        except (TypeError, ValueError):
            return Feedback(ex.id, ex.title, False, "Not yet.",
                            f"{answer!r} is not a finite number.",
                            ex.hint(("not_a_number",), type=type(answer).__name__), "not_a_number")
        want = float(self.expected())
        tol = self.atol + self.rtol * abs(want)
        if abs(a - want) <= tol:
            return Feedback(ex.id, ex.title, True,
                            f"Correct: {a:g} is within ±{tol:.3g} of the value the package "
                            f"computes, {want:.6g}.", cause="passed")
        for trap in self.traps:
            if abs(a - trap.value) <= trap.tol:
                return Feedback(ex.id, ex.title, False, "Not yet.", f"You answered {a:g}.",
                                ex.hint((trap.hint_key, "too_high" if a > want else "too_low")),
                                trap.hint_key)
        cause = "too_high" if a > want else "too_low"
        return Feedback(ex.id, ex.title, False, "Not yet.",
                        f"You answered {a:g}; that is {cause.replace('_', ' ')} "
                        f"(the tolerance is ±{tol:.3g}).", ex.hint((cause,)), cause)


# -- multiple choice -------------------------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    """One option: ``name`` is a registry name where the option is an activation."""

    key: str
    name: str
    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class ChoiceChecker:
    """Pick one option by letter or by name (registry aliases accepted); every option explains
    itself, right or wrong."""

    choices: tuple[Choice, ...]
    answer_kind: str = "value"

    def extra_markdown(self, ex: Exercise) -> str:
        return "\n".join(f"- **{c.key}** — {c.text}" for c in self.choices)

    def _find(self, answer: Any) -> Choice | None:
        if not isinstance(answer, str):
            return None
        a = answer.strip()
        for c in self.choices:
            if a.upper() == c.key.upper():
                return c
        key = a.lower().replace("-", "_").replace(" ", "_")
        canonical = actfuncs.aliases().get(key, key)
        for c in self.choices:
            if canonical == c.name:
                return c
        return None

    def __call__(self, ex: Exercise, answer: Any) -> Feedback:
        chosen = self._find(answer)
        letters = ", ".join(c.key for c in self.choices)
        if chosen is None:
            return Feedback(ex.id, ex.title, False, "Not yet.",
                            f"{answer!r} is not one of the options.",
                            ex.hint(("not_a_choice",), letters=letters), "not_a_choice")
        others = tuple(f"{c.key} ({c.name}): {c.why}" for c in self.choices if c is not chosen)
        if chosen.correct:
            return Feedback(ex.id, ex.title, True, f"Correct: {chosen.key} ({chosen.name}).",
                            chosen.why, cause="passed", notes=("Why not the others:", *others))
        return Feedback(ex.id, ex.title, False, f"Not yet: {chosen.key} ({chosen.name}) is not the "
                        "best choice here.", "", chosen.why, f"choice:{chosen.key}")
