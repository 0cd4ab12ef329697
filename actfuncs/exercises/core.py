r"""Exercises as data: the :class:`Exercise` type, the registry of exercises by id, and
:func:`check`.

An exercise bundles a prompt, a checker, a hint bank, a reference solution (source text) and the
typical wrong answers (source text) with the hint keyword each must trigger.  The tests run the
reference solution and every wrong answer through the same checker the learner uses, so a
solution that stops passing, or a hint that stops appearing, fails the test suite.

Answers are Python objects: a function for the *implement*, *derivative*, *derive* and *fix*
kinds, a number for *predict* and *read-plot*, a letter or activation name for *choose*.
"""

from __future__ import annotations

import ast
import difflib
import html
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np

Kind = Literal["implement", "derivative", "derive", "predict", "fix", "choose", "read-plot"]
KINDS: tuple[str, ...] = ("implement", "derivative", "derive", "predict", "fix", "choose", "read-plot")


class Checker(Protocol):
    """Judges one answer; ``answer_kind`` is ``"function"`` or ``"value"``."""

    answer_kind: str

    def __call__(self, ex: Exercise, answer: Any) -> Feedback: ...

    def extra_markdown(self, ex: Exercise) -> str: ...


@dataclass(frozen=True)
class WrongAnswer:
    """A typical wrong answer (source text) and a word its feedback must contain."""

    source: str
    hint_keyword: str
    why: str = ""


@dataclass(frozen=True)
class Exercise:
    """One exercise.  ``section`` is the book section it practises (``"catalog/sigmoid"``)."""

    id: str
    title: str
    kind: Kind
    section: str
    prompt: str
    checker: Checker
    solution: str
    wrong_answers: tuple[WrongAnswer, ...] = ()
    hints: Mapping[str, str] = field(default_factory=dict)
    starter: str = ""
    explanation: str = ""

    @property
    def chapter(self) -> str:
        """The first component of the id (``foundations``, ``catalog``, ...)."""
        return self.id.split(".", 1)[0]

    def hint(self, keys: tuple[str, ...], **values: Any) -> str:
        """The first hint found for ``keys`` (own bank first, then the default bank), filled in."""
        from actfuncs.exercises.hints import DEFAULT_HINTS

        for bank in (self.hints, DEFAULT_HINTS):
            for k in keys:
                if k in bank:
                    return bank[k].format_map(_Blank(values))
        return ""


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer, printable (``str``) and rendered in notebooks (HTML).

    ``cause`` names the diagnosis (``"overflow"``, ``"tail-"``, ``"shape"``, ...), for tests.
    """

    exercise_id: str
    title: str
    passed: bool
    summary: str
    detail: str = ""
    hint: str = ""
    cause: str = ""
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        mark = "✓" if self.passed else "✗"
        lines = [f"{mark} [{self.exercise_id}] {self.summary}"]
        if self.detail:
            lines.append(self.detail)
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        lines += list(self.notes)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        colour, mark = ("#1b7f3b", "✓") if self.passed else ("#b35900", "✗")
        parts = [
            f'<div class="actfuncs-feedback" style="border-left:4px solid {colour};'
            f'padding:0.4em 0.8em;margin:0.3em 0">',
            f'<p style="margin:0"><strong style="color:{colour}">{mark} '
            f"{html.escape(self.summary)}</strong> "
            f'<span style="color:#666">({html.escape(self.exercise_id)})</span></p>',
        ]
        if self.detail:
            parts.append(f'<p style="margin:0.3em 0">{html.escape(self.detail)}</p>')
        if self.hint:
            parts.append(f'<p style="margin:0.3em 0"><em>Hint:</em> {html.escape(self.hint)}</p>')
        parts += [f'<p style="margin:0.3em 0">{html.escape(n)}</p>' for n in self.notes]
        parts.append("</div>")
        return "".join(parts)


_EXERCISES: dict[str, Exercise] = {}


def register(ex: Exercise) -> Exercise:
    """Add an exercise (ids are unique; kinds are checked)."""
    if ex.id in _EXERCISES:
        raise ValueError(f"exercise id {ex.id!r} is registered twice")
    if ex.kind not in KINDS:
        raise ValueError(f"exercise {ex.id!r}: kind {ex.kind!r} is not one of {', '.join(KINDS)}")
    _EXERCISES[ex.id] = ex
    return ex


def _ensure_loaded() -> None:
    if not _EXERCISES:
        import actfuncs.exercises.sets  # noqa: F401  (registers every exercise)


def get(exercise_id: str) -> Exercise:
    """The exercise with this id; an unknown id raises KeyError suggesting the closest ids."""
    _ensure_loaded()
    if exercise_id not in _EXERCISES:
        close = difflib.get_close_matches(str(exercise_id), list(_EXERCISES), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"unknown exercise {exercise_id!r}{hint} (actfuncs.exercises.ids() lists all)")
    return _EXERCISES[exercise_id]


def ids(chapter: str | None = None) -> list[str]:
    """Exercise ids in registration order (optionally of one chapter)."""
    _ensure_loaded()
    return [i for i, e in _EXERCISES.items() if chapter is None or e.chapter == chapter]


def exercises() -> Iterator[Exercise]:
    """Iterate over all exercises in registration order."""
    _ensure_loaded()
    yield from list(_EXERCISES.values())


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check ``answer`` for the exercise ``exercise_id`` and record the attempt in the progress.

    >>> from actfuncs.exercises import check
    >>> import numpy as np
    >>> check("catalog.relu.implement", lambda x: np.maximum(x, 0)).passed
    True
    """
    from actfuncs.exercises.progress import record

    ex = get(exercise_id)
    fb = ex.checker(ex, answer)
    record(ex.id, fb.passed)
    return fb


# -- answers given as source text (solutions, wrong answers) ---------------------------------
def answer_name(ex: Exercise, source: str) -> str:
    """The Python expression naming the answer in ``source``: the last top-level function for
    function answers, the source itself (an expression) for value answers."""
    if ex.checker.answer_kind != "function":
        return source.strip()
    tree = ast.parse(source)
    defs = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    if not defs:
        raise ValueError(f"{ex.id}: the source defines no function")
    return defs[-1]


def load_answer(ex: Exercise, source: str) -> Any:
    """Execute ``source`` (with ``np`` and ``math`` available) and return the answer object."""
    namespace: dict[str, Any] = {"np": np, "math": math}
    if ex.checker.answer_kind != "function":
        return eval(source.strip(), namespace)  # noqa: S307 (our own exercise data)
    exec(source, namespace)  # noqa: S102 (our own exercise data)
    return namespace[answer_name(ex, source)]
