"""Every LaTeX string of the registry is well formed: balanced groups, matched environments,
only known commands, and each piece renders through matplotlib's mathtext parser (which
raises ValueError on malformed TeX). ``cases`` environments, which mathtext lacks, are
checked structurally and their cells rendered one by one."""

from __future__ import annotations

import re

import pytest
from matplotlib.mathtext import MathTextParser

import actfuncs

KNOWN = {
    "\\ ", "\\,", "\\;", "\\!", "\\\\", "\\quad", "\\qquad", "\\{", "\\}",
    "\\alpha", "\\beta", "\\gamma", "\\delta", "\\ell", "\\lambda", "\\pi", "\\sigma", "\\phi",
    "\\varphi", "\\Phi", "\\theta", "\\mu", "\\epsilon",
    "\\approx", "\\ge", "\\le", "\\ne", "\\pm", "\\sim", "\\otimes", "\\cdot", "\\times", "\\in",
    "\\to", "\\infty", "\\partial", "\\sum", "\\prod", "\\frac", "\\sqrt", "\\mathrm", "\\text",
    "\\left", "\\right", "\\log", "\\exp", "\\tanh", "\\max", "\\min", "\\operatorname",
    "\\begin", "\\end", "\\erf", "\\mathbb",
}
ENVIRONMENTS = {"cases"}
_PARSER = MathTextParser("agg")
MATHTEXT_SYNONYMS = {"\\ge": "\\geq", "\\le": "\\leq", "\\ne": "\\neq"}


def _strings() -> list[tuple[str, str, str]]:
    out = []
    for s in actfuncs.catalog():
        for field in ("latex", "latex_grad", "latex_grad2"):
            t = getattr(s, field)
            if t:
                out.append((s.name, field, t))
    return out


STRINGS = _strings()


def check_tex(tex: str) -> None:
    """Raise ValueError describing the first structural problem in ``tex``."""
    depth = 0
    i = 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise ValueError(f"unbalanced '}}' at {i}")
        i += 1
    if depth:
        raise ValueError(f"{depth} unclosed '{{'")
    commands = re.findall(r"\\[A-Za-z]+|\\.", tex)
    unknown = sorted(set(commands) - KNOWN)
    if unknown:
        raise ValueError(f"unknown commands {unknown}")
    if tex.count("\\left") != tex.count("\\right"):
        raise ValueError("\\left and \\right do not pair up")
    stack: list[str] = []
    for kind, env in re.findall(r"\\(begin|end)\{([^}]*)\}", tex):
        if env not in ENVIRONMENTS:
            raise ValueError(f"unknown environment {env!r}")
        if kind == "begin":
            stack.append(env)
        elif not stack or stack.pop() != env:
            raise ValueError(f"\\end{{{env}}} without its \\begin")
    if stack:
        raise ValueError(f"\\begin{{{stack[-1]}}} is never closed")


def render_pieces(tex: str) -> None:
    """Render with mathtext: the text outside ``cases`` and every cell inside it."""
    pieces = []
    outer = re.sub(r"\\begin\{cases\}(.*?)\\end\{cases\}", " C ", tex, flags=re.S)
    pieces.append(outer)
    for body in re.findall(r"\\begin\{cases\}(.*?)\\end\{cases\}", tex, flags=re.S):
        for row in body.split("\\\\"):
            cells = row.split("&")
            if len(cells) > 2:
                raise ValueError(f"a cases row has {len(cells)} cells: {row!r}")
            pieces.extend(c for c in cells if c.strip())
    for p in pieces:
        for short, long in MATHTEXT_SYNONYMS.items():  # valid TeX that mathtext spells longer
            p = re.sub(re.escape(short) + r"(?![A-Za-z])", lambda _m, s=long: s, p)
        _PARSER.parse(f"${p}$", dpi=72)


@pytest.mark.parametrize(("name", "field", "tex"), STRINGS, ids=[f"{n}.{f}" for n, f, _ in STRINGS])
def test_latex_is_well_formed(name: str, field: str, tex: str) -> None:
    check_tex(tex)
    render_pieces(tex)


def test_latex_fields_say_what_they_are() -> None:
    """f' strings show a derivative (prime, partial or a Jacobian product), f'' a second one."""
    for name, field, tex in STRINGS:
        lhs = tex.split("=")[0]
        if field == "latex":
            assert "'" not in lhs, f"{name}.latex looks like a derivative: {tex}"
        elif field == "latex_grad":
            assert re.search(r"'|\\partial|vjp|jvp|\\mathrm\{J\}|J", lhs), f"{name}.{field}: {tex}"
        else:
            assert "''" in lhs or "^2" in lhs or "partial^2" in lhs, f"{name}.{field}: {tex}"


@pytest.mark.parametrize(
    "bad",
    [r"f(x) = \frac{1}{1 + e^{-x}", r"\begin{cases} 1 & x \end{array}", r"f(x) = \sigmoid(x)",
     r"f(x) = \left( x", r"\begin{cases} a & b & c \end{cases}", r"f(x) = x^{2}}",
     r"f(x) = \frac{1}"],
)
def test_checker_rejects_malformed_tex(bad: str) -> None:
    with pytest.raises(ValueError):
        check_tex(bad)
        render_pieces(bad)
