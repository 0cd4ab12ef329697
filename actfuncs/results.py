"""The committed benchmark results as tables for the book's appendix.

``benchmarks/accuracy.py`` and ``benchmarks/speed.py`` write JSON files to
``benchmarks/results/``; this module reads them and renders plain rows or Markdown/HTML
tables, with no pandas and nothing recomputed (the appendix shows what was measured, with
the date and machine it was measured on).

Typical use in a notebook cell: ``IPython.display.Markdown(accuracy_markdown())``, or
``accuracy_rows()`` for the rows as plain dictionaries of strings.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent.parent / "benchmarks" / "results"
DTYPES = ("float16", "float32", "float64")


def load(kind: str, directory: Path | None = None) -> dict[str, Any]:
    """The parsed ``accuracy.json`` or ``speed.json`` (``kind`` is "accuracy" or "speed")."""
    if kind not in ("accuracy", "speed"):
        raise ValueError(f"results: kind must be 'accuracy' or 'speed', got {kind!r}")
    path = (directory or RESULTS) / f"{kind}.json"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing; run .venv/bin/python benchmarks/{kind}.py to create it"
        )
    return json.loads(path.read_text())


def _ulp_cell(cell: dict[str, Any] | None, dtype: str = "") -> str:
    if not cell:
        return "–"
    if "error" in cell:
        return "error"
    if "na" in cell:
        return "n/a" if cell["na"] is True else str(cell["na"])
    u = float(cell["max_ulp"])
    text = f"{u:.3g}" if u < 1e4 else f"{u:.1e}"
    if cell.get("mismatches"):
        text += f" ({cell['mismatches']} NaN/inf)"
    if cell.get("warnings"):
        text += " (warns)"
    if dtype and cell.get("out_dtype") and cell["out_dtype"] != dtype:
        text += f" (returns {cell['out_dtype']})"
    return text


def _x(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "[" + ", ".join(f"{t:.6g}" for t in v) + "]"
    return f"{float(v):.17g}"


def accuracy_rows(data: dict[str, Any] | None = None,
                  libraries: tuple[str, ...] = ("actfuncs", "scipy", "torch", "jax"),
                  ) -> list[dict[str, str]]:
    """One row per function and derivative: max ULP per dtype and library, and where."""
    data = data if data is not None else load("accuracy")
    out = []
    for row in data["rows"]:
        if "error" in row:
            out.append({"function": row["name"], "quantity": row.get("which", ""),
                        "note": row["error"]})
            continue
        r = {"function": row["name"], "quantity": row["which"]}
        for lib in libraries:
            for dt in DTYPES:
                r[f"{lib} {dt}"] = _ulp_cell(row.get(lib, {}).get(dt), dt)
        worst = max(
            (row["actfuncs"][dt] for dt in DTYPES if "max_ulp" in row["actfuncs"].get(dt, {})),
            key=lambda c: c["max_ulp"], default=None,
        )
        r["worst x (actfuncs)"] = _x(worst["worst_x"]) if worst and worst["max_ulp"] else ""
        out.append(r)
    return out


def speed_rows(data: dict[str, Any] | None = None, n: int = 10**6) -> list[dict[str, str]]:
    """One row per function at ``n`` elements: time / copy floor and time / PyTorch."""
    data = data if data is not None else load("speed")
    table: dict[str, dict[str, str]] = {}
    for r in data["rows"]:
        if r["n"] != n:
            continue
        row = table.setdefault(r["name"], {"function": r["name"]})
        for w in ("fn", "grad", "grad2"):
            if f"{w}_vs_copy" in r:
                row[f"{w}/copy {r['dtype']}"] = f"{r[f'{w}_vs_copy']:.2f}"
        if "fn_vs_torch" in r:
            row[f"fn/torch {r['dtype']}"] = f"{r['fn_vs_torch']:.2f}"
    return list(table.values())


def overhead_rows(data: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """Per-call overhead of the wrapper at 100 elements, in microseconds."""
    data = data if data is not None else load("speed")
    return [{"function": r["name"], "overhead µs": f"{r['overhead_us']:.2f}",
             "call µs": f"{r['act_us']:.2f}"} for r in data["overhead"]]


def _columns(rows: list[dict[str, str]]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    return cols


def markdown(rows: list[dict[str, str]]) -> str:
    """A GitHub-flavoured Markdown table of ``rows`` (missing cells are blank)."""
    cols = _columns(rows)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(r.get(c, "") for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def html_table(rows: list[dict[str, str]]) -> str:
    """An HTML table of ``rows`` (escaped)."""
    cols = _columns(rows)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(r.get(c, ''))}</td>" for c in cols) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def provenance(kind: str, data: dict[str, Any] | None = None) -> str:
    """One line saying when and on what the results were measured."""
    data = data if data is not None else load(kind)
    m = data.get("machine", {})
    libs = ", ".join(f"{k} {m[k]}" for k in ("numpy", "scipy", "torch", "jax") if k in m)
    return (f"Measured {data.get('date', '?')} on {m.get('cpu', '?')} "
            f"({m.get('cores', '?')} cores, Python {m.get('python', '?')}; {libs}).")


def accuracy_markdown(data: dict[str, Any] | None = None) -> str:
    """Provenance line plus the accuracy table, for a Markdown cell."""
    data = data if data is not None else load("accuracy")
    return provenance("accuracy", data) + "\n\n" + markdown(accuracy_rows(data))


def target_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    """One row per speed target of issue #4: what was measured, the target, met or not."""
    t = data.get("targets", {})
    rows = []
    if "median_fn_vs_torch_1e6_f32" in t:
        m = t["median_fn_vs_torch_1e6_f32"]
        if m.get("value") is not None:
            rows.append({"target": "median function at 10⁶ float32, time / PyTorch",
                         "measured": f"{m['value']:.2f}×", "limit": f"≤ {m['target']:g}×",
                         "met": "yes" if m["pass"] else "no"})
    if "relu_like_vs_copy" in t:
        r = t["relu_like_vs_copy"]
        names = ", ".join(r.get("all", {})) or "ReLU-like functions"
        worst = r["worst"]
        measured = f"{worst['value']:.2f}× ({worst['name']})"
        k, spread = r.get("processes", 1), r.get("range") or {}
        if k > 1 and worst["name"] in spread:
            lo, hi = spread[worst["name"]]
            measured += f", median of {k} processes (range {lo:.2f}–{hi:.2f})"
        if r.get("compiled"):
            measured += f"; leaky family compiled ({r['compiled']})"
        rows.append({"target": f"ReLU-like functions ({names}), time / memory copy (worst)",
                     "measured": measured,
                     "limit": f"≤ {r['target']:g}×", "met": "yes" if r["pass"] else "no"})
        fallback = r.get("numpy_path") or {}
        if fallback:
            ok = all(v <= r["target"] for v in fallback.values())
            rows.append({"target": "the leaky family on its NumPy path (two passes; what runs "
                                   "where numba is not installed), time / memory copy",
                         "measured": "; ".join(f"{v:.2f}× ({k})" for k, v in fallback.items()),
                         "limit": f"≤ {r['target']:g}×",
                         "met": ("yes" if ok else "no") + " (without numba)"})
        others = r.get("others") or {}
        if others:
            rows.append({"target": "other piecewise units, time / memory copy (no target)",
                         "measured": "; ".join(f"{v:.2f}× ({k})" for k, v in others.items()),
                         "limit": "none", "met": "not a target"})
        hot = r.get("in_cache") or {}
        if hot:
            rows.append({"target": "the same units with their arrays in cache (fastest batch; "
                                   "one pass ≈ 1 copy, two ≈ 2)",
                         "measured": "; ".join(f"{v:.2f}× ({k})" for k, v in hot.items()),
                         "limit": "none", "met": "not a target"})
    if "overhead_us" in t:
        o = t["overhead_us"]
        rows.append({"target": "per-call overhead on 100 elements (median; worst)",
                     "measured": f"{o['median']:.2f} µs; {o['worst']['value']:.2f} µs ({o['worst']['name']})",
                     "limit": f"< {o['target']:g} µs", "met": "yes" if o["pass"] else "no"})
    return rows


def speed_markdown(data: dict[str, Any] | None = None, n: int = 10**6) -> str:
    """Provenance line, the targets, the speed and overhead tables and where exactness costs
    time, for a Markdown cell."""
    data = data if data is not None else load("speed")
    parts = [provenance("speed", data)]
    if data.get("targets"):
        parts.append(markdown(target_rows(data)))
    parts += [markdown(speed_rows(data, n)), markdown(overhead_rows(data))]
    costs = data.get("exactness_costs") or {}
    if costs:
        items = "\n".join(f"- **{k}**: {v}" for k, v in costs.items())
        parts.append("Where exactness (or NumPy itself) costs time:\n\n" + items)
    return "\n\n".join(parts)


def plot_max_ulp(data: dict[str, Any] | None = None, dtype: str = "float64",
                 ax: Any = None) -> Any:
    """Bar chart (log scale) of actfuncs' max ULP per function and quantity for ``dtype``."""
    import matplotlib.pyplot as plt

    data = data if data is not None else load("accuracy")
    labels, values = [], []
    for row in data["rows"]:
        cell = row.get("actfuncs", {}).get(dtype, {})
        if "max_ulp" in cell:
            labels.append(f"{row['name']} {row['which']}")
            values.append(max(float(cell["max_ulp"]), 1e-3))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(3, 0.18 * len(labels))))
    ax.barh(labels, values)
    ax.set_xscale("log")
    ax.axvline(0.5, ls=":", c="k", lw=0.8)
    ax.set_xlabel(f"max error in ULP ({dtype})")
    ax.invert_yaxis()
    return ax
