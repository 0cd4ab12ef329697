"""Tables generated from the registry: the catalog comparison and per-function property cards.

Nothing here is typed in: every cell is read from a :class:`~actfuncs.registry.Spec` or
computed from its functions, so a new activation appears in every table automatically.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import actfuncs
from actfuncs.registry import Spec


def _fmt_bound(v: float) -> str:
    if v == math.inf:
        return "∞"
    if v == -math.inf:
        return "−∞"
    return f"{v:.4g}".replace("-", "−")


def range_text(spec: Spec) -> str:
    """The output range with default parameters, e.g. ``(0, 1)`` or ``[0, ∞)``."""
    lo, hi = actfuncs.get(spec.name).output_range
    left = "(" if lo == -math.inf or spec.name in ("sigmoid", "tanh", "softsign", "softmax") else "["
    right = ")" if hi == math.inf or spec.name in ("sigmoid", "tanh", "softsign", "log_sigmoid") else "]"
    return f"{left}{_fmt_bound(lo)}, {_fmt_bound(hi)}{right}"


@dataclass(frozen=True)
class Row:
    """One activation's line in the comparison table."""

    name: str
    display: str
    family: str
    formula: str
    output_range: str
    monotonic: bool
    smoothness: str
    zero_centred: bool
    saturating: bool
    sparse: bool
    self_gated: bool
    paper: str
    year: int
    uses: str


def comparison_rows(kind: str | None = None) -> list[Row]:
    """A :class:`Row` per registered activation (optionally of one kind)."""
    rows = []
    for s in actfuncs.catalog(kind):
        p = s.properties
        rows.append(
            Row(
                name=s.name,
                display=s.display_name or s.name,
                family=s.family,
                formula=s.latex,
                output_range=range_text(s),
                monotonic=p.monotonic,
                smoothness=p.smoothness,
                zero_centred=p.zero_centred,
                saturating=p.saturating,
                sparse=p.sparse,
                self_gated=p.self_gated,
                paper=s.paper,
                year=s.year,
                uses=s.uses,
            )
        )
    return rows


def _yes(v: bool) -> str:
    return "yes" if v else "no"


COLUMNS = ("activation", "formula", "range", "monotonic", "smooth", "zero-centred",
           "saturating", "sparse", "self-gated", "year")


def comparison_markdown(kind: str | None = None) -> str:
    """The comparison table as Markdown with inline math (for ``IPython.display.Markdown``)."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in comparison_rows(kind):
        cells = [
            f"`{r.name}`",
            f"${r.formula}$",
            r.output_range,
            _yes(r.monotonic),
            r.smoothness,
            _yes(r.zero_centred),
            _yes(r.saturating),
            _yes(r.sparse),
            _yes(r.self_gated),
            str(r.year),
        ]
        lines.append("| " + " | ".join(c.replace("|", r"\vert ") for c in cells) + " |")
    return "\n".join(lines)


def property_card(name: str) -> str:
    """Markdown for one activation: formula, derivatives, parameters, properties, paper."""
    s = actfuncs.spec(name)
    p = s.properties
    out = [f"$$ {s.latex} $$", f"$$ {s.latex_grad} $$"]
    if s.latex_grad2:
        out.append(f"$$ {s.latex_grad2} $$")
    out.append("")
    out.append("| property | value |")
    out.append("|---|---|")
    aliases = ", ".join(f"`{a}`" for a in s.aliases) or "none"
    out.append(f"| name (aliases) | `{s.name}` ({aliases}) |")
    out.append(f"| output range | {range_text(s)} |")
    for prm in s.params:
        kind = "learnable" if prm.learnable else "fixed"
        out.append(
            f"| parameter `{prm.name}` | default {prm.default:g}, allowed "
            f"{html.escape(prm.describe_range())}, {kind} |"
        )
    out.append(f"| monotonic | {_yes(p.monotonic)} |")
    out.append(f"| smoothness | {p.smoothness} |")
    out.append(f"| zero-centred | {_yes(p.zero_centred)} |")
    out.append(f"| bounded below / above | {_yes(p.bounded_below)} / {_yes(p.bounded_above)} |")
    out.append(f"| saturating | {_yes(p.saturating)} |")
    out.append(f"| sparse output | {_yes(p.sparse)} |")
    out.append(f"| self-gated | {_yes(p.self_gated)} |")
    out.append(f"| introduced | {s.year} |")
    return "\n".join(out)
