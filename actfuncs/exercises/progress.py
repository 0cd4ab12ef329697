"""Which exercises the learner has attempted and passed in this Python session.

:func:`record` is called by :func:`actfuncs.exercises.check`; :func:`progress` returns a
:class:`Progress` table (text and HTML) per chapter: passed / attempted / not tried.  Nothing is
written to disk: a fresh kernel starts a fresh record.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass
class _Attempts:
    tries: int = 0
    passed: bool = False


_SESSION: dict[str, _Attempts] = {}


def record(exercise_id: str, passed: bool) -> None:
    """Count one attempt; an exercise stays passed once passed."""
    a = _SESSION.setdefault(exercise_id, _Attempts())
    a.tries += 1
    a.passed = a.passed or passed


def reset() -> None:
    """Forget every attempt of this session."""
    _SESSION.clear()


def status(exercise_id: str) -> str:
    """``"passed"``, ``"attempted"`` or ``"not tried"``."""
    a = _SESSION.get(exercise_id)
    if a is None:
        return "not tried"
    return "passed" if a.passed else "attempted"


@dataclass(frozen=True)
class ChapterRow:
    chapter: str
    passed: tuple[str, ...]
    attempted: tuple[str, ...]
    not_tried: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.passed) + len(self.attempted) + len(self.not_tried)


@dataclass(frozen=True)
class Progress:
    """A per-chapter summary; ``str()`` gives a text table, notebooks show HTML."""

    rows: tuple[ChapterRow, ...]

    def row(self, chapter: str) -> ChapterRow:
        for r in self.rows:
            if r.chapter == chapter:
                return r
        raise KeyError(f"no exercises in chapter {chapter!r}")

    @property
    def passed(self) -> tuple[str, ...]:
        return tuple(i for r in self.rows for i in r.passed)

    def __str__(self) -> str:
        lines = [f"{'chapter':<14}{'passed':>8}{'attempted':>11}{'not tried':>11}{'total':>7}"]
        for r in self.rows:
            lines.append(f"{r.chapter:<14}{len(r.passed):>8}{len(r.attempted):>11}"
                         f"{len(r.not_tried):>11}{r.total:>7}")
        for r in self.rows:
            if r.attempted:
                lines.append(f"still open in {r.chapter}: {', '.join(r.attempted)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in ("chapter", "passed", "attempted", "not tried", "total"))
        body = []
        for r in self.rows:
            cells = [html.escape(r.chapter)]
            for group in (r.passed, r.attempted, r.not_tried):
                title = html.escape(", ".join(group))
                cells.append(f'<span title="{title}">{len(group)}</span>')
            cells.append(str(r.total))
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return (f'<table class="actfuncs-progress"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table>")


def progress() -> Progress:
    """The learner's progress in this session, per chapter, in the order the exercises appear."""
    from actfuncs.exercises.core import exercises

    chapters: dict[str, dict[str, list[str]]] = {}
    for ex in exercises():
        groups = chapters.setdefault(ex.chapter, {"passed": [], "attempted": [], "not tried": []})
        groups[status(ex.id)].append(ex.id)
    return Progress(tuple(
        ChapterRow(c, tuple(g["passed"]), tuple(g["attempted"]), tuple(g["not tried"]))
        for c, g in chapters.items()
    ))
