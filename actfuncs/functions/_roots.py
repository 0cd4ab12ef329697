r"""Taylor windows around the roots of derivatives, where their float64 formulas cancel.

Near a simple root $r$ of $g$ (for example GELU$'$ at $x \approx -0.7518$), a formula such as
$\Phi(x) + x\varphi(x)$ subtracts two numbers of size ~0.2 to get a tiny result: its absolute
error stays ~1e-17 while the result goes to 0, so the relative error is unbounded. Inside a
window $|x - r| < w$ we use instead

$$g(x) = \sum_{k=1}^{K} c_k\, d^k, \qquad d = (x - r_{hi}) - r_{lo},$$

where $r = r_{hi} + r_{lo}$ is the root in double-double precision and $x - r_{hi}$ is exact
(Sterbenz). The root and the coefficients $c_k = g^{(k)}(r)/k!$ are computed with mpmath the
same mathematical definition the reference uses. Finding them takes seconds (Mish$''$ alone
about 6 s), so the results are stored in ``actfuncs/data/root_windows.json``; ``windows`` reads
that file and computes only what it lacks. ``tests/test_roots.py`` recomputes every stored
window with mpmath and requires the same bits, and ``tools/make_root_windows.py`` rewrites
the file. Outside the window the direct formula has no harmful cancellation.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import mpmath as mp
import numpy as np

ORDER = 34
HALF_WIDTH = 0.5
_DPS = 80


@dataclass(frozen=True)
class Window:
    root_hi: float
    root_lo: float
    coeffs: np.ndarray  # c_1 .. c_K (c_0 = 0 at a root)
    half_width: float

    def apply(self, x: np.ndarray, out: np.ndarray, x_lo: np.ndarray | None = None) -> None:
        """Overwrite ``out`` with the Taylor value where ``x (+ x_lo)`` lies inside the window.

        ``x_lo`` is the low part of an argument known in double-double, e.g. ``beta * x``.
        """
        inside = np.abs(x - self.root_hi) < self.half_width
        if not inside.any():
            return
        d = (x[inside] - self.root_hi) - self.root_lo
        if x_lo is not None:
            d = d + np.broadcast_to(x_lo, x.shape)[inside]
        acc = np.full_like(d, self.coeffs[-1])
        for c in self.coeffs[-2::-1]:
            acc = acc * d + c
        out[inside] = acc * d


def _split(v: mp.mpf) -> tuple[float, float]:
    hi = float(v)
    return hi, float(v - mp.mpf(hi))


#: The interval searched for roots by :func:`fix_roots`.
SEARCH = (-4.0, 4.0)
_STORE = "data/root_windows.json"


def _store_key(key: str, lo: float, hi: float) -> str:
    return f"{key}|{lo!r}|{hi!r}|order={ORDER}|half_width={HALF_WIDTH!r}"


def _to_json(ws: tuple[Window, ...]) -> list[dict]:
    # float.hex keeps every bit and reads back exactly.
    return [
        {"root_hi": w.root_hi.hex(), "root_lo": w.root_lo.hex(), "coeffs": [float(c).hex() for c in w.coeffs]}
        for w in ws
    ]


def _from_json(items: list[dict]) -> tuple[Window, ...]:
    return tuple(
        Window(
            float.fromhex(it["root_hi"]),
            float.fromhex(it["root_lo"]),
            np.array([float.fromhex(c) for c in it["coeffs"]]),
            HALF_WIDTH,
        )
        for it in items
    )


@functools.cache
def _stored() -> dict[str, list[dict]]:
    try:
        text = resources.files("actfuncs").joinpath(_STORE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return json.loads(text)


@functools.cache
def windows(key: str, lo: float, hi: float) -> tuple[Window, ...]:
    """Windows around every root of ``ROOT_FUNCTIONS[key]`` in ``[lo, hi]``.

    Read from the stored table when it holds this key, interval, order and width; otherwise
    computed with mpmath (:func:`compute_windows`).
    """
    if key not in ROOT_FUNCTIONS:
        raise KeyError(f"no root function named {key!r}; known: {sorted(ROOT_FUNCTIONS)}")
    items = _stored().get(_store_key(key, lo, hi))
    if items is not None:
        return _from_json(items)
    return compute_windows(key, lo, hi)


def compute_windows(key: str, lo: float, hi: float) -> tuple[Window, ...]:
    """Find the roots of ``ROOT_FUNCTIONS[key]`` in ``[lo, hi]`` and their Taylor coefficients."""
    g = ROOT_FUNCTIONS[key]
    with mp.workdps(_DPS):
        grid = [lo + (hi - lo) * i / 400 for i in range(401)]
        vals = [g(mp.mpf(t)) for t in grid]
        found = []
        for a, b, va, vb in zip(grid, grid[1:], vals, vals[1:], strict=False):
            if va == 0 or va * vb < 0:
                r = mp.findroot(g, (mp.mpf(a), mp.mpf(b)), solver="anderson")
                found.append(r)
        out = []
        for r in found:
            coeffs = mp.taylor(g, r, ORDER)
            rh, rl = _split(r)
            out.append(Window(rh, rl, np.array([float(c) for c in coeffs[1:]]), HALF_WIDTH))
        return tuple(out)


def fix_roots(
    key: str, x: np.ndarray, out: np.ndarray, x_lo: np.ndarray | None = None
) -> np.ndarray:
    """Replace ``out`` by the Taylor value near each root of ``key`` in ``[-4, 4]``."""
    for w in windows(key, *SEARCH):
        w.apply(x, out, x_lo)
    return out


def _sig(x: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-x))


def _dsig(x: mp.mpf) -> mp.mpf:
    return _sig(x) * _sig(-x)


def _sp(x: mp.mpf) -> mp.mpf:
    return mp.log1p(mp.exp(x))


def _gelu_tanh_u(x: mp.mpf) -> tuple[mp.mpf, mp.mpf, mp.mpf]:
    k0, k1 = mp.sqrt(2 / mp.pi), mp.mpf("0.044715")
    return k0 * (x + k1 * x**3), k0 * (1 + 3 * k1 * x**2), k0 * 6 * k1 * x


#: The functions whose roots need windows, as exact mpmath expressions.
ROOT_FUNCTIONS: dict[str, Callable[[mp.mpf], mp.mpf]] = {
    "gelu.grad": lambda x: mp.ncdf(x) + x * mp.npdf(x),
    "gelu_tanh.grad": lambda x: (lambda u, du, d2u: _sig(2 * u) + 2 * x * du * _dsig(2 * u))(
        *_gelu_tanh_u(x)
    ),
    "gelu_tanh.grad2": lambda x: (
        lambda u, du, d2u: _dsig(2 * u) * (4 * du + 2 * x * d2u - 4 * x * du * du * mp.tanh(u))
    )(*_gelu_tanh_u(x)),
    # SiLU in terms of u = beta * x: f'(u) and f''(u) / beta
    "silu.grad": lambda u: _sig(u) * (1 + u * _sig(-u)),
    "silu.grad2": lambda u: _dsig(u) * (2 - u * mp.tanh(u / 2)),
    "mish.grad": lambda x: mp.tanh(_sp(x)) + x * _sig(x) * mp.sech(_sp(x)) ** 2,
    "mish.grad2": lambda x: mp.sech(_sp(x)) ** 2
    * _sig(x)
    * (2 - 2 * x * mp.tanh(_sp(x)) * _sig(x) + x * _sig(-x)),
}


def write_store(path: Path | None = None) -> Path:
    """Recompute every window of :data:`ROOT_FUNCTIONS` on :data:`SEARCH` and store them."""
    path = path or Path(__file__).resolve().parent.parent / _STORE
    table = {_store_key(k, *SEARCH): _to_json(compute_windows(k, *SEARCH)) for k in sorted(ROOT_FUNCTIONS)}
    path.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    _stored.cache_clear()
    windows.cache_clear()
    return path
