"""Expand exercise markers in notebooks into the exercise's cells (idempotent).

A markdown cell whose whole text is ``<!-- exercise: catalog.relu.implement -->`` is a marker.
After it this tool puts the cells from :func:`actfuncs.exercises.exercise_cells`, replacing any
cells a previous run put there (they carry ``metadata.actfuncs_exercise``).  Run it, then
``tools/execute_notebooks.py`` on the same notebooks to refresh their outputs.

    python tools/place_exercises.py chapters/catalog/sigmoidal.ipynb ...
"""

from __future__ import annotations

import re
import sys

import nbformat

from actfuncs.exercises import exercise_cells

MARKER = re.compile(r"^\s*<!--\s*exercise:\s*([\w.]+)\s*-->\s*$")


def place(path: str) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    out, placed = [], []
    for cell in nb.cells:
        if "actfuncs_exercise" in cell.metadata:
            continue  # generated earlier: regenerated below from its marker
        out.append(cell)
        m = MARKER.match(cell.source) if cell.cell_type == "markdown" else None
        if m:
            placed.append(m.group(1))
            for c in exercise_cells(m.group(1)):
                code = c["cell_type"] == "code"
                maker = nbformat.v4.new_code_cell if code else nbformat.v4.new_markdown_cell
                out.append(maker(c["source"], metadata=c["metadata"]))
    nb.cells = out
    nbformat.write(nb, path)
    return placed


def main(paths: list[str]) -> None:
    for p in paths:
        print(p, ", ".join(place(p)) or "(no markers)")


if __name__ == "__main__":
    main(sys.argv[1:])
