"""Every exercise in the package sits exactly once in the book, and the cells generated from it
are current (a changed solution in the package that was not re-placed fails here)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from actfuncs.exercises import exercise_cells, ids

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"<!--\s*exercise:\s*([\w.]+)\s*-->")


def _notebooks() -> list[Path]:
    return sorted(p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _placements() -> Counter:
    found: Counter = Counter()
    for nb in _notebooks():
        for cell in nbformat.read(nb, as_version=4).cells:
            if cell.cell_type == "markdown" and "actfuncs_exercise" not in cell.metadata:
                found.update(MARKER.findall(cell.source))
    for md in (ROOT / "chapters").rglob("*.md"):
        found.update(MARKER.findall(md.read_text()))
    return found


def test_every_exercise_is_placed_exactly_once() -> None:
    found = _placements()
    missing = [i for i in ids() if i not in found]
    twice = [i for i, n in found.items() if n > 1]
    unknown = [i for i in found if i not in ids()]
    assert not missing, f"exercises not placed in any chapter: {missing}"
    assert not twice, f"exercises placed more than once: {twice}"
    assert not unknown, f"markers naming no exercise: {unknown}"


def test_there_are_at_least_forty_exercises_of_several_kinds() -> None:
    from actfuncs.exercises import get

    kinds = Counter(get(i).kind for i in ids())
    assert len(ids()) >= 40
    assert len(kinds) >= 6, kinds


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_placed_cells_are_current(path: Path) -> None:
    cells = nbformat.read(path, as_version=4).cells
    for k, cell in enumerate(cells):
        m = MARKER.fullmatch(cell.source.strip()) if cell.cell_type == "markdown" else None
        if not m or "actfuncs_exercise" in cell.metadata:
            continue
        want = exercise_cells(m.group(1))
        got = cells[k + 1:k + 1 + len(want)]
        assert [c.source for c in got] == [c["source"] for c in want], (
            f"{path.name}: the cells after the marker of {m.group(1)} are stale; "
            f"run tools/place_exercises.py {path.relative_to(ROOT)} and re-execute it")
        for c in got:
            if c.cell_type == "code":
                assert c.outputs, f"{path.name}: {m.group(1)} was placed but not executed"
        solution = [c for c in got if c.cell_type == "code"][-1]
        shown = "".join(o.get("data", {}).get("text/plain", "") for o in solution.outputs)
        assert shown.startswith("✓"), f"{path.name}: the solution of {m.group(1)} does not pass: {shown!r}"
