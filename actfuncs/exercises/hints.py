"""The default hint bank: one friendly hint per diagnosis, used when an exercise has no own hint.

Keys are the causes the checkers diagnose.  Value causes of function answers are
``region`` + sign, where the region of an input is ``zero``, ``tiny`` (``|x| < 1e-6``),
``grid`` (up to 3), ``mid`` (up to 20), ``tail``, ``inf`` or ``nan``; lookup tries
``"tail-"`` before ``"tail"`` before ``"value"``.  Placeholders: ``{x}``, ``{expected}``,
``{got}``, ``{label}``, ``{warning}``, ``{limit}``, ``{type}``, ``{expected_shape}``,
``{got_shape}``, ``{expected_dtype}``, ``{got_dtype}``, ``{error}``.
"""

from __future__ import annotations

DEFAULT_HINTS: dict[str, str] = {
    "timeout": (
        "It ran longer than {limit} s on {label}. Look for a loop that never ends (a while whose "
        "condition never changes) or a Python loop over elements; NumPy code works on the whole "
        "array without a loop."
    ),
    "raised": "Make sure your function accepts a NumPy array of any shape and returns one.",
    "vectorise": (
        "Your code treats the input as one number (`if x > 0`, `max(0, x)`, `math.exp`) but it "
        "receives a NumPy array: use vectorised NumPy (np.where, np.maximum, np.exp)."
    ),
    "keepdims": (
        "The shapes did not broadcast: reduce with keepdims=True, e.g. "
        "np.max(x, axis=axis, keepdims=True), so the result lines up with x."
    ),
    "signature": "Your function must accept the arguments the exercise names (for example axis=).",
    "must_raise": (
        "On {label} a correct answer refuses the input with {error} (as the package does) "
        "instead of returning something: check the input and raise."
    ),
    "wrong_error": "On {label} raise {error}, the exception the package raises for this input.",
    "none": "Your function returned None: it computes something but never returns it. Add `return`.",
    "list": (
        "Your function returned a {type}; return a NumPy array (use NumPy operations, or "
        "np.asarray at the end) so the shape and dtype are kept."
    ),
    "type": "Your function returned a {type}, not a NumPy array.",
    "not_callable": "Pass the function itself (its name, without parentheses), not {type}.",
    "mutated": (
        "Your function changed the caller's array in place (x[...] = ... or out=x): work on a "
        "copy or build a new array, e.g. np.maximum(x, 0)."
    ),
    "shape": (
        "The output must have the shape of the input: expected {expected_shape}, got "
        "{got_shape}. An elementwise function must not flatten, sum or reduce."
    ),
    "dtype": (
        "The dtype must follow the input: expected {expected_dtype}, got {got_dtype}. Avoid "
        ".astype(float), np.float64 constants and boolean results; plain Python numbers keep "
        "the input's dtype."
    ),
    "overflow": (
        "Your function overflows at x = {x} ({warning}): rewrite it so exp never sees a large "
        "positive argument, e.g. work with exp(-|x|). np.where evaluates both branches for every "
        "element, so an overflowing branch still runs where it is not selected."
    ),
    "invalid": (
        "An invalid operation happened at x = {x} ({warning}), typically inf - inf, inf/inf or "
        "0 * inf. Reach the limit without forming these, e.g. let exp see only arguments <= 0."
    ),
    "divide": "Division by zero or log(0) happened at x = {x} ({warning}).",
    "warning": "Your code raised {warning} at x = {x}; a correct answer raises no warning.",
    "nan": (
        "NaN must propagate: a NaN input has to give NaN. Comparisons with NaN are False, so "
        "np.where(x > 0, ...) or a boolean mask silently replaces it; np.maximum, arithmetic "
        "and np.heaviside keep it."
    ),
    "inf": (
        "At x = {x} the answer is the mathematical limit, {expected}; make sure no inf - inf, "
        "inf/inf or 0 * inf is formed on the way."
    ),
    "zero": "At x = 0 the expected value is {expected}; check your convention at 0 (>= versus >).",
    "tiny": (
        "Tiny inputs lose their digits to cancellation: exp(x) - 1 or 1 - something for x near 0 "
        "cancels. Use expm1 / log1p, which keep full relative accuracy."
    ),
    "tail": (
        "In the tail (x = {x}) the correct answer is representable but yours differs: look for "
        "clipping of the input, a threshold, or cancellation such as 1 - s with s close to 1."
    ),
    "mid": (
        "Accuracy is lost at x = {x}: look for cancellation, e.g. 1 + erf(t) for negative t or "
        "1 - s for s close to 1."
    ),
    "grid": "Even ordinary inputs give a different value: check the formula itself.",
    "value": "The value differs from the reference: compare your formula with the definition.",
    "too_high": "Your number is too high.",
    "too_low": "Your number is too low.",
    "not_a_number": "Answer with a single number, e.g. check(exercise_id, 0.25).",
    "not_a_choice": "Answer with one of the letters {letters} (or the activation's name).",
}
