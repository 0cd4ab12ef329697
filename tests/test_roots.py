"""The stored Taylor windows are exactly what mpmath computes, and they are used."""

from __future__ import annotations

import numpy as np
import pytest

from actfuncs.functions import _roots

KEYS = sorted(_roots.ROOT_FUNCTIONS)


def test_store_covers_every_root_function():
    stored = _roots._stored()
    assert set(stored) == {_roots._store_key(k, *_roots.SEARCH) for k in KEYS}


@pytest.mark.parametrize("key", KEYS)
def test_stored_windows_equal_a_fresh_mpmath_computation(key):
    fresh = _roots.compute_windows(key, *_roots.SEARCH)
    stored = _roots.windows(key, *_roots.SEARCH)
    assert len(fresh) == len(stored) >= 1
    for f, s in zip(fresh, stored, strict=True):
        assert (f.root_hi, f.root_lo) == (s.root_hi, s.root_lo)
        np.testing.assert_array_equal(f.coeffs, s.coeffs)
        assert f.half_width == s.half_width


@pytest.mark.parametrize("key", KEYS)
def test_each_window_is_centred_on_a_root(key):
    g = _roots.ROOT_FUNCTIONS[key]
    for w in _roots.windows(key, *_roots.SEARCH):
        with _roots.mp.workdps(60):
            r = _roots.mp.mpf(w.root_hi) + _roots.mp.mpf(w.root_lo)
            assert abs(g(r)) < _roots.mp.mpf(10) ** -30
        # The Taylor sum reproduces g half a window away from the root.
        x = np.array([w.root_hi - 0.4, w.root_hi + 0.4])
        out = np.zeros_like(x)
        w.apply(x, out)
        want = np.array([float(g(_roots.mp.mpf(float(t)))) for t in x])
        np.testing.assert_allclose(out, want, rtol=1e-14)


def test_unknown_key_is_named():
    with pytest.raises(KeyError, match="no root function named 'nope'"):
        _roots.windows("nope", -1.0, 1.0)


def test_a_stale_store_entry_is_ignored():
    # Another interval is not in the store: it is computed, not misread.
    _roots.windows.cache_clear()
    try:
        ws = _roots.windows("gelu.grad", -2.0, 2.0)
        assert len(ws) == 1 and abs(ws[0].root_hi + 0.7518) < 1e-3
    finally:
        _roots.windows.cache_clear()
