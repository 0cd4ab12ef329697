"""Re-execute notebooks in place so committed outputs (and widget state) are never stale.

Usage: python tools/execute_notebooks.py chapters/**/*.ipynb
Each notebook runs with its own folder as the working directory, in a fresh python3 kernel;
widget state is stored in the notebook metadata so the HTML book can render the widgets.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = KERNEL
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    client.execute()
    elapsed = time.perf_counter() - start
    nb.metadata.pop("widgets", None) if not _has_widgets(nb) else None
    nbformat.write(nb, path)
    return elapsed


def _has_widgets(nb: nbformat.NotebookNode) -> bool:
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return bool(state.get("state"))


def main(paths: list[str]) -> int:
    for p in paths:
        t = execute(Path(p))
        print(f"executed {p} in {t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
