"""The float64 kernels used where there is no 80-bit long double (Windows, Apple arm64),
run here by switching the long-double ones off.

On x86-64 Linux every float64 function with a ``wide`` kernel dispatches to long double, so
without this file the fallback formulas would never run in CI: their bounds are
``FLOAT64_ONLY_MISSES`` in ``test_accuracy.py``, measured with this same switch. The samples
include the underflow windows, where the fallbacks lost up to 1.8e5 ULP until 2026-11-23
(a subnormal sigmoid multiplied by a large factor).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from test_accuracy import CASES, FLOAT64_ONLY_MISSES, FN_ULP, GRAD_ULP, _params, _samples

import actfuncs
from actfuncs import accuracy, registry
from actfuncs.functions import _wide

#: functions whose float64 result changes without long double: a ``wide`` kernel, or a gated
#: unit whose gate takes long-double values in its tail
CHANGED = sorted({n for n in actfuncs.names() if actfuncs.spec(n).wide} | {"glu", "swiglu"})
FALLBACK_CASES = [c for c in CASES if c[0] in CHANGED]


@pytest.fixture
def no_long_double(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_wide, "WIDE", None)
    for name in actfuncs.names():
        spec = registry._REGISTRY[name]
        monkeypatch.setitem(registry._REGISTRY, name, dataclasses.replace(spec, wide={}))


def test_the_switch_reaches_the_fallback(no_long_double: None) -> None:
    assert not actfuncs.spec("silu").wide and _wide.WIDE is None
    assert "silu" in CHANGED and "mish" in CHANGED and "swiglu" in CHANGED


@pytest.mark.parametrize(("name", "which", "case"), FALLBACK_CASES,
                         ids=[f"{n}-{w}-{i}" for n, w, i in FALLBACK_CASES])
def test_fallback_ulp_error_within_bound(no_long_double: None, name: str, which: str,
                                         case: int) -> None:
    params = _params(name, case)
    res = accuracy.measure(name, which, np.float64, _samples(name, which, np.float64, params),
                           params)
    bound = FN_ULP if which == "fn" and actfuncs.spec(name).kind == "elementwise" else GRAD_ULP
    bound = FLOAT64_ONLY_MISSES.get((name, which, case, "float64"), (bound, ""))[0]
    where = f"{name}{params or ''}.{which} [float64, no long double]"
    assert not res.warnings, f"{where} warned: {res.warnings}"
    assert res.mismatches == 0, f"{where}: NaN/inf mismatch at x={res.first_mismatch!r}"
    assert res.max_ulp <= bound, f"{where}: {res.max_ulp:.3g} ULP at x={res.worst_x!r}"
