"""Give every chapter page that a claim names as its section a closing "Claims checked on this
page" section calling :func:`actfuncs.claims.backlinks` (idempotent: pages that call it already
are left alone).  Run it after adding claims or pages, then re-execute the pages it changed.

    python tools/place_backlinks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from actfuncs import claims

ROOT = Path(__file__).resolve().parents[1]
HEADING = """## Claims checked on this page

The sources' statements that this page tests, with the verdict the package computes for each
when the book is built. The {doc}`claims ledger </chapters/appendix/claims-ledger>` lists all of
them."""


def main() -> None:
    for page in sorted({c.section for c in claims.claims() if c.section}):
        path = ROOT / f"{page}.ipynb"
        if not path.exists():
            print(f"{page}: no notebook (yet)")
            continue
        nb = nbformat.read(path, as_version=4)
        call = f'claims.backlinks("{page}")'
        # a "measured" claim reports a timing of this machine: volatile, so nbval skips its output
        timed = any(c.section == page and c.category == "performance" for c in claims.claims())
        tags = ["nbval-ignore-output"] if timed else []
        cells = [c for c in nb.cells if call in c.source]
        if cells:
            for c in cells:
                old = set(c.metadata.get("tags", [])) - {"nbval-ignore-output"}
                c.metadata["tags"] = sorted(old | set(tags))
            nbformat.write(nb, path)
            continue
        nb.cells.append(nbformat.v4.new_markdown_cell(HEADING))
        nb.cells.append(nbformat.v4.new_code_cell(f"from actfuncs import claims\n\n{call}",
                                                  metadata={"tags": tags} if tags else {}))
        nbformat.write(nb, path)
        print(f"{page}: added")


if __name__ == "__main__":
    main()
