"""Self-study exercises with automatic, friendly feedback.

>>> from actfuncs.exercises import check, progress
>>> import numpy as np
>>> fb = check("catalog.relu.implement", lambda x: np.maximum(x, 0))
>>> fb.passed
True

``check(exercise_id, answer)`` runs the answer on tricky inputs against the registry and returns
a :class:`Feedback` (shown as HTML in notebooks).  ``progress()`` summarises this session,
``ids()`` lists the exercises, ``exercise_markdown(id)`` gives the MyST text for the book and
``figure(id)`` draws the figure of a read-a-plot exercise.
"""

from typing import Any

from actfuncs.exercises.core import (
    Exercise,
    Feedback,
    WrongAnswer,
    check,
    exercises,
    get,
    ids,
    load_answer,
)
from actfuncs.exercises.markdown import exercise_cells, exercise_markdown
from actfuncs.exercises.progress import progress


def figure(exercise_id: str) -> Any:
    """The figure a read-a-plot exercise asks about (a Matplotlib figure)."""
    ex = get(exercise_id)
    draw = getattr(ex.checker, "figure", None)
    if draw is None:
        raise ValueError(f"exercise {exercise_id!r} has no figure (kind {ex.kind})")
    return draw()


__all__ = [
    "Exercise",
    "Feedback",
    "WrongAnswer",
    "check",
    "exercise_cells",
    "exercise_markdown",
    "exercises",
    "figure",
    "get",
    "ids",
    "load_answer",
    "progress",
]
