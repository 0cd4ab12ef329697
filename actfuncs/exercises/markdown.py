"""MyST text for the book: a sphinx-exercise ``exercise`` with the prompt, and a gated
``solution-start`` / ``solution-end`` block (a dropdown) holding the reference solution and the
``check(...)`` call that proves it passes.

With ``executable=True`` (pages that are MyST notebooks) the code goes in ``code-cell`` blocks,
so the book build runs every solution through its checker.  Code cells cannot sit inside a
directive: the gated solution holds its cell, and a read-a-plot figure cell is placed just
before the exercise, which stays a single ``exercise`` directive.
"""

from __future__ import annotations

from actfuncs.exercises.core import answer_name, get


def label(exercise_id: str) -> str:
    """The Sphinx label of an exercise: ``ex-`` plus the id with dots as dashes."""
    return "ex-" + exercise_id.replace(".", "-").replace("_", "-")


def _code(source: str, executable: bool) -> str:
    fence = "```{code-cell} ipython3" if executable else "```python"
    return f"{fence}\n{source.rstrip()}\n```"


def _imports(source: str) -> str:
    """The imports a solution relies on (``np``, ``math``) unless it has them itself."""
    lines = []
    if "import math" not in source and "math." in source:
        lines.append("import math")
    if "import numpy as np" not in source and "np." in source:
        lines.append("import numpy as np")
    return "\n".join(lines) + "\n\n" if lines else ""


def exercise_markdown(exercise_id: str, *, executable: bool = False) -> str:
    """The MyST block for one exercise, ready to paste into a chapter page."""
    ex = get(exercise_id)
    lab = label(ex.id)
    prompt = ex.prompt.strip()
    extra = ex.checker.extra_markdown(ex)
    if extra:
        prompt += "\n\n" + extra
    how = (f"Check your answer in a live notebook with "
           f"`check({ex.id!r}, your_answer)` from `actfuncs.exercises`.")
    figure = getattr(ex.checker, "figure", None)
    figure_code = (f"from actfuncs.exercises import figure\n\nfigure({ex.id!r})"
                   if figure is not None else "")
    starter = _code(ex.starter, False) if ex.starter else ""
    solution_code = (f"{_imports(ex.solution)}{ex.solution.rstrip()}\n\n"
                     f"from actfuncs.exercises import check\n\n"
                     f"check({ex.id!r}, {answer_name(ex, ex.solution)})")
    if ex.checker.answer_kind != "function":
        solution_code = (f"from actfuncs.exercises import check\n\n"
                         f"check({ex.id!r}, {ex.solution.strip()})")
    parts: list[str] = []
    if figure_code and executable:  # a code cell cannot sit inside a directive: draw it first
        parts += [_code(figure_code, True), ""]
    parts += [f"`````{{exercise}} {ex.title}", f":label: {lab}", "", prompt, ""]
    if figure_code and not executable:
        parts += [_code(figure_code, False), ""]
    if starter:
        parts += [starter, ""]
    parts += [how, "`````", ""]
    parts += [f"````{{solution-start}} {lab}", ":class: dropdown", "````", ""]
    if ex.explanation:
        parts += [ex.explanation.strip(), ""]
    parts += [_code(solution_code, executable), "", "````{solution-end}", "````", ""]
    return "\n".join(parts)


def exercise_cells(exercise_id: str) -> list[dict]:
    """The cells of one exercise for a Jupyter notebook (``.ipynb``), as plain dicts.

    The same content as :func:`exercise_markdown`, split so the solution code is a real code
    cell (executed by the book build, so every solution runs through the checker) between a
    gated ``solution-start`` and ``solution-end``.  The solution cell is collapsed in
    JupyterLab (``source_hidden``), so it stays out of the learner's way there too.  Each cell
    carries ``metadata.actfuncs_exercise`` so ``tools/place_exercises.py`` can refresh it.
    """
    ex = get(exercise_id)
    lab = label(ex.id)
    meta = {"actfuncs_exercise": ex.id}
    prompt = ex.prompt.strip()
    extra = ex.checker.extra_markdown(ex)
    if extra:
        prompt += "\n\n" + extra
    cells: list[dict] = []
    if getattr(ex.checker, "figure", None) is not None:
        cells.append({"cell_type": "code", "metadata": dict(meta),
                      "source": f"from actfuncs.exercises import figure\n\nfig = figure({ex.id!r})"})
    body = [f"````{{exercise}} {ex.title}", f":label: {lab}", "", prompt, ""]
    if ex.starter:
        body += [_code(ex.starter, False), ""]
    body += [f"Check your answer in a live notebook with `check({ex.id!r}, your_answer)` "
             f"(`from actfuncs.exercises import check`).", "````"]
    cells.append({"cell_type": "markdown", "metadata": dict(meta), "source": "\n".join(body)})
    start = [f"````{{solution-start}} {lab}", ":class: dropdown", "````"]
    if ex.explanation:
        start += ["", ex.explanation.strip()]
    cells.append({"cell_type": "markdown", "metadata": dict(meta), "source": "\n".join(start)})
    if ex.checker.answer_kind == "function":
        code = (f"{_imports(ex.solution)}{ex.solution.rstrip()}\n\n"
                f"from actfuncs.exercises import check\n\n"
                f"check({ex.id!r}, {answer_name(ex, ex.solution)})")
    else:
        code = f"from actfuncs.exercises import check\n\ncheck({ex.id!r}, {ex.solution.strip()})"
    cells.append({"cell_type": "code", "source": code,
                  "metadata": {**meta, "jupyter": {"source_hidden": True}}})
    cells.append({"cell_type": "markdown", "metadata": dict(meta),
                  "source": "````{solution-end}\n````"})
    return cells


KIND_NAMES = {
    "implement": "implement", "derivative": "derivative", "derive": "derive, then verify",
    "predict": "predict, then run", "fix": "fix a broken snippet", "choose": "choose an activation",
    "read-plot": "read a plot",
}


def exercise_index() -> str:
    """MyST Markdown listing every exercise by chapter, each linked to where it sits in the book.

    The links are ``{ref}`` roles to the exercise labels, so the ``-W`` build fails if an
    exercise in the package is not placed in a chapter.
    """
    from actfuncs.exercises.core import exercises

    order = ["foundations", "catalog", "selection", "debugging", "qa"]
    ranked = sorted(exercises(), key=lambda e: order.index(e.chapter) if e.chapter in order else len(order))
    out: list[str] = []
    chapter = None
    for ex in ranked:
        if ex.chapter != chapter:
            chapter = ex.chapter
            out += ["", f"**{chapter.capitalize()}**", ""]
        out.append(f"- {{ref}}`{ex.title} <{label(ex.id)}>` ({KIND_NAMES[ex.kind]}; `{ex.id}`)")
    return "\n".join(out).strip() + "\n"
